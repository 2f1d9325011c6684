/* kt-store-search.h: search pages from the FTS index and a cached order
 *
 * Private to the store: kt-store-query.c asks here first for a plain
 * search (no filters, no tombstones) and falls back to SQL when the
 * answer is KT_SEARCH_NOT_SERVED. See kt-store-search.c for how.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store-private.h"

G_BEGIN_DECLS

typedef enum {
  KT_SEARCH_SERVED,       /* the answer is in the out arguments */
  KT_SEARCH_NOT_SERVED,   /* not answered here (inside a transaction...): use SQL */
  KT_SEARCH_FAILED,       /* @error is set */
} KtSearchResult;

/* How many live records of @entity match @match (an expression of
 * kt_store_search_match_expression()). */
KtSearchResult kt_store_search_count (KtStore         *self,
                                      const KtEntity  *entity,
                                      const char      *match,
                                      gint64          *out_count,
                                      GError         **error);
/* The matches at [@offset, @offset + @limit) (@limit 0: all from
 * @offset) in the order of @order_sql, an " ORDER BY t.... " clause over
 * the entity's table aliased "t". */
KtSearchResult kt_store_search_read  (KtStore         *self,
                                      const KtEntity  *entity,
                                      const char      *match,
                                      const char      *order_sql,
                                      guint            offset,
                                      guint            limit,
                                      GPtrArray      **out_records,
                                      GError         **error);

/* The same for a plain list (every live record, no search or filter):
 * the rows at [@offset, @offset + @limit) of the live rows in the order
 * of @order_sql, read from the cached order at any offset, from SQL near
 * the start until the order is known. */
KtSearchResult kt_store_order_read   (KtStore         *self,
                                      const KtEntity  *entity,
                                      const char      *order_sql,
                                      guint            offset,
                                      guint            limit,
                                      GPtrArray      **out_records,
                                      GError         **error);
/* How many live records @entity has, when the order is known. */
KtSearchResult kt_store_order_count  (KtStore         *self,
                                      const KtEntity  *entity,
                                      const char      *order_sql,
                                      gint64          *out_count,
                                      GError         **error);
/* Where the record @id is in that list (-1: not in it), when the order
 * is known. */
KtSearchResult kt_store_order_position (KtStore         *self,
                                        const KtEntity  *entity,
                                        const char      *order_sql,
                                        const char      *id,
                                        gint64          *out_position,
                                        GError         **error);
/* Starts reading that list's order on a worker thread when the list is
 * long enough to need it, so that its far pages find it ready, and the
 * one-letter match sets of its entity, so that a first letter typed
 * does not read a third of the index. */
void           kt_store_order_prefetch (KtStore         *self,
                                        const KtEntity  *entity,
                                        const char      *order_sql);

/* Waits for the workers reading ahead (orders, one-letter match sets)
 * and takes what they read, then saves the long orders read from the
 * index in the file: for tests and benchmarks, which want to know what a
 * search or a page is served from. */
void           kt_store_search_wait    (KtStore         *self);

G_END_DECLS
