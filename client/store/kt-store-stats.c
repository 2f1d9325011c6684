/* kt-store-stats.c: SQL aggregates for the deals board and the dashboard
 *
 * How many deals and how much money: the board's column totals, the
 * dashboard's figures and monthly series. Where a deal sits in its column
 * is kt-store-positions.c, who owns deals kt-store-owners.c, and the
 * worker thread's connection kt-store-reader.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store-stats"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "kt-store-private.h"
#include "kt-store-stats.h"

/* Every query says "+deleted = 0": the unary plus keeps SQLite from
 * driving the query from the sort indexes, which lead with `deleted` and
 * would make it visit every row through the index; the entity's own
 * indexes (status, closed_at, stage_id...) or a plain scan are far cheaper.
 *
 * Rounding the weighted sum once per currency (not per deal) keeps the
 * forecast exact to the cent; + 5000 rounds half up for the non-negative
 * deal values the model allows. */
#define WEIGHTED_SQL "(SUM(d.value * COALESCE(s.probability_bps, 0)) + 5000) / 10000"

void
kt_stage_totals_free (KtStageTotals *totals)
{
  if (totals == NULL)
    return;
  g_free (totals->stage_id);
  g_clear_pointer (&totals->sums, g_array_unref);
  g_free (totals);
}

void
kt_dashboard_stats_free (KtDashboardStats *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->open, g_array_unref);
  g_clear_pointer (&stats->won_this_month_value, g_array_unref);
  g_clear_pointer (&stats->unpaid, g_array_unref);
  g_free (stats);
}

static gboolean
set_sql_error (sqlite3  *db,
               GError  **error)
{
  /* A sentence for the person; SQLite's words go to the debug log. */
  kt_store_set_sqlite_error (error, db, sqlite3_errcode (db),
                             _("Could not compute the statistics"));
  return FALSE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  return kt_store_prepare_once (db, sql, _("Could not compute the statistics"), error);
}

static void
copy_currency (KtCurrencySum *sum,
               sqlite3_stmt  *stmt,
               int            column)
{
  const char *code = (const char *) sqlite3_column_text (stmt, column);

  g_strlcpy (sum->currency, code != NULL ? code : KT_DEFAULT_CURRENCY,
             sizeof sum->currency);
}

char *
kt_stats_month_start_iso (GDateTime *now,
                          int        offset)
{
  g_autoptr(GDateTime) utc = NULL;
  int year, month;

  g_return_val_if_fail (now != NULL, NULL);

  utc = g_date_time_to_utc (now);
  year = g_date_time_get_year (utc);
  month = g_date_time_get_month (utc) - 1 + offset;
  /* Floor division so negative offsets step back across years. */
  year += month >= 0 ? month / 12 : -((11 - month) / 12);
  month = ((month % 12) + 12) % 12;
  return g_strdup_printf ("%04d-%02d-01T00:00:00.000Z", year, month + 1);
}

static char *
to_iso_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ") ;
}

/* The deals the board's filters keep, as a WHERE fragment over "d". The
 * values are bound as parameters by bind_filter(). */
static void
append_filter (GString            *sql,
               const KtDealFilter *filter)
{
  g_autofree char *match = NULL;

  if (filter == NULL)
    return;
  if (filter->owner_id != NULL)
    g_string_append (sql, " AND d.owner_id = :owner");
  if (filter->overdue_before != NULL)
    g_string_append (sql, " AND d.status = 'open' AND d.expected_close_date < :overdue_before");
  /* The cutoff in the format the deals' times are written in, so the text
   * comparison is a comparison in time (as the board's lists do it). */
  if (filter->stale_at != NULL)
    g_string_append (sql, " AND d.status = 'open' AND s.rotting_days > 0"
                          " AND d.stage_changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', :stale_at,"
                          " '-' || s.rotting_days || ' days')");
  if (filter->search != NULL &&
      (match = kt_store_search_match_expression (filter->search)) != NULL)
    {
      g_autofree char *subquery = kt_store_search_subquery (kt_entity_lookup ("deal"));

      g_string_append_printf (sql, " AND d.kt_rowid IN (%s)", subquery);
    }
}

static void
bind_filter (sqlite3_stmt       *stmt,
             const KtDealFilter *filter)
{
  g_autofree char *match = NULL;

  if (filter == NULL)
    return;
  if (filter->owner_id != NULL)
    kt_store_bind_text_named (stmt, ":owner", filter->owner_id);
  if (filter->overdue_before != NULL)
    kt_store_bind_text_named (stmt, ":overdue_before", filter->overdue_before);
  if (filter->stale_at != NULL)
    kt_store_bind_text_named (stmt, ":stale_at", filter->stale_at);
  if (filter->search != NULL &&
      (match = kt_store_search_match_expression (filter->search)) != NULL)
    kt_store_bind_text_named (stmt, ":match", match);
}

GHashTable *
kt_store_stats_stage_totals (KtStore            *store,
                             const char         *pipeline_id,
                             const KtDealFilter *filter,
                             GError            **error)
{
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GString) sql = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (pipeline_id != NULL, NULL);

  db = kt_store_get_db (store);
  sql = g_string_new ("SELECT d.stage_id, d.currency, COUNT(*), "
                      "COALESCE(SUM(d.value), 0), " WEIGHTED_SQL " "
                      "FROM deals d LEFT JOIN stages s ON s.id = d.stage_id "
                      "WHERE +d.deleted = 0 AND d.status = COALESCE(s.kind, 'open') "
                      "AND d.pipeline_id = :pipeline");
  append_filter (sql, filter);
  g_string_append (sql, " GROUP BY d.stage_id, d.currency ORDER BY d.stage_id, d.currency");

  if (!(stmt = prepare (db, sql->str, error)))
    return NULL;
  kt_store_bind_text_named (stmt, ":pipeline", pipeline_id);
  bind_filter (stmt, filter);

  table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                 (GDestroyNotify) kt_stage_totals_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *stage_id = (const char *) sqlite3_column_text (stmt, 0);
      KtStageTotals *totals;
      KtCurrencySum sum = { 0 };

      if (stage_id == NULL)
        continue;
      totals = g_hash_table_lookup (table, stage_id);
      if (totals == NULL)
        {
          totals = g_new0 (KtStageTotals, 1);
          totals->stage_id = g_strdup (stage_id);
          totals->sums = g_array_new (FALSE, TRUE, sizeof (KtCurrencySum));
          g_hash_table_insert (table, totals->stage_id, totals);
        }
      copy_currency (&sum, stmt, 1);
      sum.count = sqlite3_column_int64 (stmt, 2);
      sum.value = sqlite3_column_int64 (stmt, 3);
      sum.weighted = sqlite3_column_int64 (stmt, 4);
      totals->count += sum.count;
      g_array_append_val (totals->sums, sum);
    }
  if (rc != SQLITE_DONE)
    {
      set_sql_error (db, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&table);
}

/* Runs @sql (parameters :a and :b bound to @a and @b when present) and
 * returns its first column's integer. */
static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           const char  *a,
           const char  *b,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kt_store_bind_text_named (stmt, ":a", a);
  kt_store_bind_text_named (stmt, ":b", b);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return set_sql_error (db, error);
  return TRUE;
}

/* Runs @sql returning rows of (currency, count, value[, weighted]). */
static GArray *
query_sums (sqlite3     *db,
            const char  *sql,
            const char  *a,
            const char  *b,
            GError     **error)
{
  g_autoptr(GArray) sums = g_array_new (FALSE, TRUE, sizeof (KtCurrencySum));
  sqlite3_stmt *stmt = prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kt_store_bind_text_named (stmt, ":a", a);
  kt_store_bind_text_named (stmt, ":b", b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KtCurrencySum sum = { 0 };

      copy_currency (&sum, stmt, 0);
      sum.count = sqlite3_column_int64 (stmt, 1);
      sum.value = sqlite3_column_int64 (stmt, 2);
      if (sqlite3_column_count (stmt) > 3)
        sum.weighted = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (sums, sum);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&sums);
}

static gboolean
count_closed (sqlite3     *db,
              const char  *status,
              const char  *from,
              const char  *to,
              gint64      *out,
              GError     **error)
{
  const char *sql = status[0] == 'w'
    ? "SELECT COUNT(*) FROM deals WHERE +deleted = 0 AND status = 'won' "
      "AND closed_at >= :a AND closed_at < :b"
    : "SELECT COUNT(*) FROM deals WHERE +deleted = 0 AND status = 'lost' "
      "AND closed_at >= :a AND closed_at < :b";

  return query_int (db, sql, from, to, out, error);
}

KtDashboardStats *
kt_store_stats_dashboard (KtStore    *store,
                          GDateTime  *now,
                          GError    **error)
{
  g_autoptr(KtDashboardStats) stats = g_new0 (KtDashboardStats, 1);
  g_autofree char *this_month = NULL;
  g_autofree char *last_month = NULL;
  g_autofree char *next_month = NULL;
  g_autofree char *year_ago = NULL;
  g_autofree char *now_iso = NULL;
  g_autofree char *tomorrow_iso = NULL;
  g_autofree char *today_date = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  gint64 won_year = 0, lost_year = 0;
  sqlite3 *db;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  db = kt_store_get_db (store);
  this_month = kt_stats_month_start_iso (now, 0);
  last_month = kt_stats_month_start_iso (now, -1);
  next_month = kt_stats_month_start_iso (now, 1);
  year_ago = kt_stats_month_start_iso (now, -11);
  now_iso = to_iso_utc (now);
  midnight = g_date_time_new (g_date_time_get_timezone (now),
                              g_date_time_get_year (now),
                              g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), 0, 0, 0);
  tomorrow = g_date_time_add_days (midnight, 1);
  tomorrow_iso = to_iso_utc (tomorrow);
  today_date = g_date_time_format (now, "%Y-%m-%d");

  stats->open = query_sums (db,
      "SELECT d.currency, COUNT(*), COALESCE(SUM(d.value), 0), " WEIGHTED_SQL " "
      "FROM deals d LEFT JOIN stages s ON s.id = d.stage_id "
      "WHERE +d.deleted = 0 AND d.status = 'open' "
      "GROUP BY d.currency ORDER BY d.currency", NULL, NULL, error);
  if (stats->open == NULL)
    return NULL;

  if (!count_closed (db, "won", this_month, next_month, &stats->won_this_month, error) ||
      !count_closed (db, "won", last_month, this_month, &stats->won_last_month, error) ||
      !count_closed (db, "lost", this_month, next_month, &stats->lost_this_month, error) ||
      !count_closed (db, "lost", last_month, this_month, &stats->lost_last_month, error) ||
      !count_closed (db, "won", year_ago, next_month, &won_year, error) ||
      !count_closed (db, "lost", year_ago, next_month, &lost_year, error))
    return NULL;
  stats->win_rate_bps = won_year + lost_year > 0
    ? (won_year * 10000 + (won_year + lost_year) / 2) / (won_year + lost_year)
    : -1;

  stats->won_this_month_value = query_sums (db,
      "SELECT currency, COUNT(*), COALESCE(SUM(value), 0) FROM deals "
      "WHERE +deleted = 0 AND status = 'won' AND closed_at >= :a AND closed_at < :b "
      "GROUP BY currency ORDER BY currency", this_month, next_month, error);
  if (stats->won_this_month_value == NULL)
    return NULL;

  if (!query_int (db,
                  "SELECT COUNT(*) FROM tasks WHERE +deleted = 0 AND COALESCE(done, 0) = 0 "
                  "AND due_at IS NOT NULL AND due_at < :a",
                  now_iso, NULL, &stats->tasks_overdue, error) ||
      !query_int (db,
                  "SELECT COUNT(*) FROM tasks WHERE +deleted = 0 AND COALESCE(done, 0) = 0 "
                  "AND due_at >= :a AND due_at < :b",
                  now_iso, tomorrow_iso, &stats->tasks_due_today, error) ||
      !query_int (db,
                  "SELECT COUNT(*) FROM invoices WHERE +deleted = 0 AND (status = 'overdue' "
                  "OR (status IN ('sent', 'partially_paid') AND due_date < :a))",
                  today_date, NULL, &stats->invoices_overdue, error))
    return NULL;

  stats->unpaid = query_sums (db,
      "SELECT currency, COUNT(*), "
      "COALESCE(SUM(COALESCE(total, 0) - COALESCE(paid_amount, 0)), 0) FROM invoices "
      "WHERE +deleted = 0 AND status IN ('sent', 'partially_paid', 'overdue') "
      "GROUP BY currency ORDER BY currency", NULL, NULL, error);
  if (stats->unpaid == NULL)
    return NULL;

  return g_steal_pointer (&stats);
}

/* Sums @sql's (month, value) rows into @n_months buckets ending at @now. */
static GArray *
by_month (KtStore     *store,
          const char  *sql,
          const char  *currency,
          GDateTime   *now,
          guint        n_months,
          GError     **error)
{
  g_autoptr(GArray) values = NULL;
  g_autofree char *first = NULL;
  g_autofree char *end = NULL;
  sqlite3 *db = kt_store_get_db (store);
  sqlite3_stmt *stmt;
  int rc;

  first = kt_stats_month_start_iso (now, -(int) n_months + 1);
  end = kt_stats_month_start_iso (now, 1);
  values = g_array_sized_new (FALSE, TRUE, sizeof (gint64), n_months);
  g_array_set_size (values, n_months);

  if (!(stmt = prepare (db, sql, error)))
    return NULL;
  kt_store_bind_text_named (stmt, ":a", first);
  kt_store_bind_text_named (stmt, ":b", end);
  kt_store_bind_text_named (stmt, ":currency", currency);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *month = (const char *) sqlite3_column_text (stmt, 0);
      int year, mon, index;

      if (month == NULL || sscanf (month, "%d-%d", &year, &mon) != 2)
        continue;
      /* first is "YYYY-MM-...": the bucket is the month distance from it. */
      index = (year - atoi (first)) * 12 + (mon - atoi (first + 5));
      if (index >= 0 && index < (int) n_months)
        g_array_index (values, gint64, index) = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&values);
}

GArray *
kt_store_stats_won_by_month (KtStore    *store,
                             const char *currency,
                             GDateTime  *now,
                             guint       n_months,
                             GError    **error)
{
  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (currency != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (n_months > 0, NULL);

  return by_month (store,
                   "SELECT substr(closed_at, 1, 7) AS m, COALESCE(SUM(value), 0) FROM deals "
                   "WHERE +deleted = 0 AND status = 'won' AND currency = :currency "
                   "AND closed_at >= :a AND closed_at < :b GROUP BY m",
                   currency, now, n_months, error);
}

GArray *
kt_store_stats_collected_by_month (KtStore    *store,
                                   const char *currency,
                                   GDateTime  *now,
                                   guint       n_months,
                                   GError    **error)
{
  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (currency != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (n_months > 0, NULL);

  return by_month (store,
                   "SELECT substr(received_at, 1, 7) AS m, COALESCE(SUM(amount), 0) FROM payments "
                   "WHERE +deleted = 0 AND currency = :currency "
                   "AND received_at >= :a AND received_at < :b GROUP BY m",
                   currency, now, n_months, error);
}

char *
kt_store_stats_main_currency (KtStore    *store,
                              const char *fallback)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *result = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  db = kt_store_get_db (store);
  stmt = prepare (db,
                  "SELECT currency, COUNT(*) AS n FROM ("
                  " SELECT currency FROM deals WHERE +deleted = 0 AND currency IS NOT NULL"
                  " UNION ALL"
                  " SELECT currency FROM invoices WHERE +deleted = 0 AND currency IS NOT NULL)"
                  " GROUP BY currency ORDER BY n DESC, currency LIMIT 1", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result != NULL ? result : g_strdup (fallback);
}
