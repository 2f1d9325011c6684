/* kt-duplicate-finder.h: duplicate lookups off the main thread
 *
 * The first lookup of duplicates reads every contact or company into an
 * index (2.2 s on a 100,000-contact store, docs/performance.md), and the
 * index is read again after any change. A form that asks on every
 * keystroke must never wait for that, so a KtDuplicateFinder asks on a
 * read-only second connection in a worker thread, where the index is
 * built and kept: one finder per store, shared by every form and the
 * Duplicates window, so the index is built once.
 *
 * It also remembers the pairs a person said are not duplicates, in the
 * store's meta rows of this computer (docs/ui.md, "Duplicates").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-store.h"
#include "kt-store-dupes.h"

G_BEGIN_DECLS

#define KT_TYPE_DUPLICATE_FINDER (kt_duplicate_finder_get_type ())
G_DECLARE_FINAL_TYPE (KtDuplicateFinder, kt_duplicate_finder, KT, DUPLICATE_FINDER, GObject)

/* The finder of @store (the main thread's), made on first use and kept
 * as long as @store. (transfer none) */
KtDuplicateFinder *kt_duplicate_finder_get_for_store (KtStore             *store);

/* kt_store_find_duplicates() for a copy of @record, in a worker thread;
 * the pairs dismissed with kt_duplicate_finder_dismiss() are left out.
 * A newer lookup should cancel the older one: a lookup waiting for the
 * worker then returns G_IO_ERROR_CANCELLED at once. */
void        kt_duplicate_finder_find_async   (KtDuplicateFinder   *self,
                                              KtRecord            *record,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* (transfer full) (element-type KtDuplicate) */
GPtrArray  *kt_duplicate_finder_find_finish  (KtDuplicateFinder   *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* kt_store_list_duplicates() in a worker thread, without the dismissed
 * pairs. */
void        kt_duplicate_finder_list_async   (KtDuplicateFinder   *self,
                                              const KtEntity      *entity,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* (transfer full) (element-type KtDuplicatePair) */
GPtrArray  *kt_duplicate_finder_list_finish  (KtDuplicateFinder   *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* "Not a duplicate": @id_a and @id_b (records of @entity, in either
 * order) are never offered as a pair again on this computer. */
gboolean    kt_duplicate_finder_dismiss      (KtDuplicateFinder   *self,
                                              const KtEntity      *entity,
                                              const char          *id_a,
                                              const char          *id_b,
                                              GError             **error);
gboolean    kt_duplicate_finder_is_dismissed (KtDuplicateFinder   *self,
                                              const KtEntity      *entity,
                                              const char          *id_a,
                                              const char          *id_b);

G_END_DECLS
