/* kt-store-search-saved.h: lists' orders saved in the store file
 *
 * Private to kt-store-search.c: the reads and writes of the tables
 * list_orders and list_order_chunks (schema version 14), on any
 * connection (the store's own or a worker's). See
 * kt-store-search-saved.c for why and how they stay valid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include <glib.h>

#include "kt-entity.h"

G_BEGIN_DECLS

/* The rows at [@first, @end) (@end G_MAXUINT: to the end) of the saved
 * order of @entity's live rows by @order_sql, as gint64 rowids, read
 * inside the caller's transaction. Returns SQLITE_OK with *@out_rowids
 * NULL when no order is saved or the saved one is stale (a row of the
 * table written since), and *@out_n_rows the saved order's length;
 * another code on failure. */
int kt_saved_order_read  (sqlite3         *db,
                          const KtEntity  *entity,
                          const char      *order_sql,
                          guint            first,
                          guint            end,
                          GArray         **out_rowids,
                          guint           *out_n_rows);
/* Saves @rowids (@n_rows, the live rows of @entity by @order_sql in the
 * state the caller's write transaction sees) as valid for that state. */
int kt_saved_order_write (sqlite3         *db,
                          const KtEntity  *entity,
                          const char      *order_sql,
                          const gint64    *rowids,
                          guint            n_rows);

G_END_DECLS
