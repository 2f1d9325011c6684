/* kt-store-reader.c: a read-only connection for a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store-reader"

#include "config.h"

#include <sqlite3.h>

#include "kt-store-private.h"
#include "kt-store-reader.h"

/**
 * kt_store_reader_open:
 * @path: the store's file name
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a read-only store on @path
 */
KtStore *
kt_store_reader_open (const char  *path,
                      GError     **error)
{
  g_autoptr(KtStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* A small page cache: the worker's aggregates read whole tables once
   * each, which a cache does not speed up, and with the window's 32 MB
   * one the 1m store's board kept 60 MiB more resident than with the
   * sums on the main connection (docs/performance.md, "A board of
   * 100,000 deals"). Pages it reads again come from the OS's cache. */
  if (!(store = kt_store_open (path, error)) ||
      !kt_store_exec (store, "PRAGMA query_only = ON; PRAGMA cache_size = -2000", error))
    return NULL;
  return g_steal_pointer (&store);
}

static int
on_progress_cb (void *data)
{
  /* Non-zero makes SQLite stop the statement with SQLITE_INTERRUPT. */
  return g_cancellable_is_cancelled (G_CANCELLABLE (data));
}

void
kt_store_reader_watch_cancellable (KtStore      *store,
                                   GCancellable *cancellable)
{
  g_return_if_fail (KT_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* Every 1,000 virtual machine steps: microseconds apart. */
  if (cancellable != NULL)
    sqlite3_progress_handler (kt_store_get_db (store), 1000, on_progress_cb, cancellable);
  else
    sqlite3_progress_handler (kt_store_get_db (store), 0, NULL, NULL);
}
