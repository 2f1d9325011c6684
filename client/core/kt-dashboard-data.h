/* kt-dashboard-data.h: the dashboard's figures, computed off the main thread
 *
 * Every aggregate the dashboard shows, computed in one go over a store. On
 * the full demo set that is about a tenth of a second of SQL, so the pane
 * never runs it on the main loop: a KtDashboardReader owns a second,
 * read-only SQLite connection to the same file (WAL lets it read while
 * the window's connection writes) and computes in a GTask worker thread.
 * A refresh that a newer one makes stale is cancelled: its running query
 * is interrupted and its result never shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-store-stats.h"

G_BEGIN_DECLS

typedef struct {
  KtDashboardStats *stats;
  char             *currency;       /* the one the charts are drawn in */
  GPtrArray        *stage_labels;   /* of char *, the default pipeline's open stages */
  GArray           *stage_values;   /* of gint64, their open value in @currency */
  GArray           *won;            /* of gint64, won value per month, oldest first */
  GArray           *collected;      /* of gint64, payments per month */
} KtDashboardData;

void             kt_dashboard_data_free    (KtDashboardData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDashboardData, kt_dashboard_data_free)

/* Computes everything on @store, in the calling thread, for the @months
 * months ending with the month of @now. */
KtDashboardData *kt_dashboard_data_compute (KtStore    *store,
                                            GDateTime  *now,
                                            guint       months,
                                            GError    **error);

typedef struct _KtDashboardReader KtDashboardReader;

/* A reader of the store at @path; its connection is opened (read-only)
 * by the first computation, in the worker thread. */
KtDashboardReader *kt_dashboard_reader_new   (const char        *path);
KtDashboardReader *kt_dashboard_reader_ref   (KtDashboardReader *reader);
void               kt_dashboard_reader_unref (KtDashboardReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDashboardReader, kt_dashboard_reader_unref)

/* kt_dashboard_data_compute() in a worker thread on the reader's own
 * connection. Computations on one reader run one at a time; cancelling
 * @cancellable interrupts the SQL under way and makes _finish fail with
 * G_IO_ERROR_CANCELLED. */
void             kt_dashboard_data_compute_async  (KtDashboardReader   *reader,
                                                   GDateTime           *now,
                                                   guint                months,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
KtDashboardData *kt_dashboard_data_compute_finish (GAsyncResult        *result,
                                                   GError             **error);

/* The deals board's column totals (kt_store_stats_stage_totals()) the
 * same way, on the reader's connection in a worker thread: on a pipeline
 * of 100,000 deals they read every deal, a tenth of a second and more,
 * which the board would otherwise spend on the main loop after every
 * change. Cancelling @cancellable makes _finish fail with
 * G_IO_ERROR_CANCELLED. */
void             kt_dashboard_stage_totals_async  (KtDashboardReader   *reader,
                                                   const char          *pipeline_id,
                                                   const KtDealFilter  *filter,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GHashTable      *kt_dashboard_stage_totals_finish (GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
