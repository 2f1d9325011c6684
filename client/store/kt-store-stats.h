/* kt-store-stats.h: SQL aggregates for the deals board and the dashboard
 *
 * Every figure here is one aggregate query over the store's tables
 * (SUM/COUNT ... GROUP BY), never a loop over loaded records, so the board's
 * column headers and the dashboard stay fast on 10,000-deal pipelines and
 * the full demo data set. Money is summed per currency: amounts in different
 * currencies are never added together.
 *
 * How many and how much only: where a deal sits in its column is
 * kt-store-positions.h, who owns deals kt-store-owners.h, and the worker
 * thread's read-only connection kt-store-reader.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-store.h"

G_BEGIN_DECLS

/* One currency's share of a set of deals (or invoices, or payments). */
typedef struct {
  char   currency[4];
  gint64 count;
  gint64 value;      /* sum of the amounts, minor units */
  gint64 weighted;   /* sum of value x win probability, rounded once */
} KtCurrencySum;

/* The deals of one stage column, for its header: the open deals of an
 * open stage, the won (lost) deals of a won (lost) stage. */
typedef struct {
  char   *stage_id;
  gint64  count;
  GArray *sums;      /* of KtCurrencySum, by currency code */
} KtStageTotals;

void kt_stage_totals_free (KtStageTotals *totals);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtStageTotals, kt_stage_totals_free)

/* What the board shows: the same filters apply to its lists and to the
 * column totals. NULL members filter nothing. */
typedef struct {
  const char *owner_id;
  const char *search;   /* the store's full-text prefix search */
  /* Overdue: open deals expected to close before this date (YYYY-MM-DD,
   * today in the person's time zone). */
  const char *overdue_before;
  /* Stale: open deals in their stage for longer than its rotting_days
   * (0: never) at this time (ISO 8601, UTC). */
  const char *stale_at;
} KtDealFilter;

/* The deals of @pipeline_id's columns grouped by stage: a hash table from stage
 * id to KtStageTotals (stages without deals are absent). */
GHashTable *kt_store_stats_stage_totals (KtStore            *store,
                                         const char         *pipeline_id,
                                         const KtDealFilter *filter,
                                         GError            **error);

/* The figures a sales team looks at first. Months are calendar months in
 * UTC around @now; "today" is the day of @now in its own time zone. */
typedef struct {
  GArray *open;              /* KtCurrencySum over open deals, all pipelines */
  gint64  won_this_month;
  gint64  won_last_month;
  gint64  lost_this_month;
  gint64  lost_last_month;
  GArray *won_this_month_value;   /* KtCurrencySum */
  /* Won / (won + lost) over deals closed in the last 12 months, in basis
   * points; -1 when nothing was closed. */
  gint64  win_rate_bps;
  gint64  tasks_overdue;     /* not done, due before @now */
  gint64  tasks_due_today;   /* not done, due from @now to the end of today */
  gint64  invoices_overdue;  /* status overdue, or sent/partially paid past due date */
  GArray *unpaid;            /* KtCurrencySum: total - paid_amount of sent,
                                partially paid and overdue invoices */
} KtDashboardStats;

void kt_dashboard_stats_free (KtDashboardStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDashboardStats, kt_dashboard_stats_free)

KtDashboardStats *kt_store_stats_dashboard (KtStore    *store,
                                            GDateTime  *now,
                                            GError    **error);

/* The value of won deals in @currency per calendar month (UTC), oldest
 * first, for the @n_months months ending with the month of @now. Returns an
 * array of @n_months gint64. */
GArray *kt_store_stats_won_by_month       (KtStore    *store,
                                           const char *currency,
                                           GDateTime  *now,
                                           guint       n_months,
                                           GError    **error);
/* Likewise for payments received in @currency (revenue collected). */
GArray *kt_store_stats_collected_by_month (KtStore    *store,
                                           const char *currency,
                                           GDateTime  *now,
                                           guint       n_months,
                                           GError    **error);

/* The currency most of the organization's open deals and invoices use (the
 * dashboard charts are drawn in one currency); @fallback when empty. */
char   *kt_store_stats_main_currency      (KtStore    *store,
                                           const char *fallback);

/* Helpers the tests share: "YYYY-MM-01T00:00:00.000Z" of the month @offset
 * months from the month of @now (UTC). */
char   *kt_stats_month_start_iso          (GDateTime  *now,
                                           int         offset);

G_END_DECLS
