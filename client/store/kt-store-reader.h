/* kt-store-reader.h: a read-only connection for a worker thread
 *
 * The dashboard computes its aggregates off the main thread, on a second
 * connection to the same file that can never write behind the main
 * connection's back, and stops a query when the person moves on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-store.h"

G_BEGIN_DECLS

/* A second connection to the store at @path: read-only (PRAGMA
 * query_only), so it can never write behind the main connection's back.
 * Use it from one thread at a time. */
KtStore *kt_store_reader_open              (const char   *path,
                                            GError      **error);
/* While @cancellable (may be NULL: stop watching) is not cancelled the
 * store's queries run; once it is, the query under way stops with an
 * error (SQLITE_INTERRUPT) within a few thousand SQLite steps. */
void     kt_store_reader_watch_cancellable (KtStore      *store,
                                            GCancellable *cancellable);

G_END_DECLS
