/* kt-store-sync-private.h: what kt-store-sync.c and kt-store-sync-apply.c
 * share
 *
 * kt-store-sync.c holds the account operations (client id, cursor,
 * adopting an organization, log out, reverts); kt-store-sync-apply.c
 * applies pulled pages and kt-store-sync-defer.c defers an initial sync's
 * secondary indexes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store-private.h"
#include "kt-store-sync.h"

G_BEGIN_DECLS

#define KT_STORE_SYNC_META_CURSOR      "sync.cursor"
/* Set while an initial sync fills the tables without their secondary
 * indexes; cleared when they are built again (kt-store-sync-defer.c). */
#define KT_STORE_SYNC_META_INDEXES_PENDING "sync.indexes_pending"

gboolean  kt_store_sync_begin      (KtStore        *self,
                                    GError        **error);
gboolean  kt_store_sync_commit     (KtStore        *self,
                                    GError        **error);
void      kt_store_sync_rollback   (KtStore        *self);
/* Steps @stmt to the end and resets it; @what names the failure. */
gboolean  kt_store_sync_step_done  (KtStore        *self,
                                    sqlite3_stmt   *stmt,
                                    const char     *what,
                                    GError        **error);
/* Inserts or replaces the row of @record (every column). */
gboolean  kt_store_sync_write_row  (KtStore        *self,
                                    KtRecord       *record,
                                    GError        **error);

/* Empties @entity's FTS index and fills it from the live rows, inside the
 * caller's transaction. */
gboolean  kt_store_sync_fill_fts   (KtStore        *self,
                                    const KtEntity *entity,
                                    GError        **error);

/* Whether this connection skips the FTS triggers (compiling its
 * statements anew). */
void      kt_store_sync_set_fts_deferred (KtStore  *self,
                                          gboolean  deferred);

G_END_DECLS
