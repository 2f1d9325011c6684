/* kt-dashboard.h: the Dashboard pane, where a sales team stands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"
#include "kt-store-stats.h"

G_BEGIN_DECLS

#define KT_TYPE_DASHBOARD (kt_dashboard_get_type ())
G_DECLARE_FINAL_TYPE (KtDashboard, kt_dashboard, KT, DASHBOARD, GtkWidget)

GtkWidget              *kt_dashboard_new          (KtContext   *context);
/* Starts recomputing every figure in a worker thread, cancelling a
 * refresh under way (the pane also does so shortly after the store
 * changes); the figures change when it is done. @now NULL means the
 * current time; tests pin it. */
void                    kt_dashboard_refresh      (KtDashboard *self,
                                                   GDateTime   *now);
/* TRUE from a refresh's start until its figures are shown. */
gboolean                kt_dashboard_is_refreshing (KtDashboard *self);
/* The figures last shown, NULL before the first refresh is done
 * (transfer none). */
const KtDashboardStats *kt_dashboard_get_stats    (KtDashboard *self);
/* The text a figure card shows: "open", "forecast", "won", "lost",
 * "win-rate", "tasks-overdue", "tasks-today", "invoices-overdue",
 * "unpaid" (transfer none). */
const char             *kt_dashboard_get_figure   (KtDashboard *self,
                                                   const char  *name);
/* The line under a figure card's value ("13,456 open deals" under
 * "open") (transfer none). */
const char             *kt_dashboard_get_detail   (KtDashboard *self,
                                                   const char  *name);
/* TRUE while the pane says there is nothing to measure yet. */
gboolean                kt_dashboard_is_empty     (KtDashboard *self);
/* "by-stage", "won-by-month" or "collected-by-month" (transfer none). */
GtkWidget              *kt_dashboard_get_chart    (KtDashboard *self,
                                                   const char  *name);
/* The currency the charts are drawn in. */
const char             *kt_dashboard_get_currency (KtDashboard *self);

G_END_DECLS
