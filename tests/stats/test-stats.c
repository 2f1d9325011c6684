/* test-stats.c: the board and dashboard aggregates against brute force
 *
 * A seeded data set is generated into a temporary store; every figure
 * kt-store-stats computes in SQL is computed again here by walking the
 * generated records in C.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-date.h"
#include "kt-store-owners.h"
#include "kt-store-stats.h"
#include "stats-fixture.h"

#define N_DEALS 900

static gboolean
title_matches (KtRecord   *deal,
               const char *prefix)
{
  g_auto(GStrv) words = g_strsplit (kt_record_get_string (deal, "title"), " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], prefix))
      return TRUE;
  return FALSE;
}

static const KtCurrencySum *
find_sum (GArray     *sums,
          const char *currency)
{
  for (guint i = 0; sums != NULL && i < sums->len; i++)
    if (g_str_equal (g_array_index (sums, KtCurrencySum, i).currency, currency))
      return &g_array_index (sums, KtCurrencySum, i);
  return NULL;
}

/* The sum for @currency; the test fails when there is none. */
static KtCurrencySum
get_sum (GArray     *sums,
         const char *currency)
{
  const KtCurrencySum *sum = find_sum (sums, currency);
  KtCurrencySum none = { "", 0, 0, 0 };

  g_assert_nonnull (sum);
  return sum != NULL ? *sum : none;
}

/* The board's Overdue rule: open, expected to close before @before. */
static gboolean
is_overdue (KtRecord   *deal,
            const char *before)
{
  const char *close = kt_record_get_string (deal, "expected_close_date");

  return g_str_equal (kt_record_get_string (deal, "status"), "open") &&
         close != NULL && strcmp (close, before) < 0;
}

/* The board's Stale rule: open, in a stage that rots, entered more than
 * its rotting_days before @at. */
static gboolean
is_stale (KtRecord   *deal,
          KtRecord   *stage,
          const char *at)
{
  const char *entered = kt_record_get_string (deal, "stage_changed_at");
  gint64 days = kt_record_get_int (stage, "rotting_days");
  gint64 entered_ms, at_ms;

  return g_str_equal (kt_record_get_string (deal, "status"), "open") && days > 0 &&
         entered != NULL && kt_datetime_parse (entered, &entered_ms) &&
         kt_datetime_parse (at, &at_ms) && entered_ms < at_ms - days * 86400000;
}

/* Checks the stage totals of the default pipeline for one filter. */
static void
check_stage_totals (StatsFixture       *fixture,
                    const KtDealFilter *filter)
{
  const char *owner = filter->owner_id;
  const char *search = filter->search;
  g_autoptr(GHashTable) totals = NULL;
  g_autoptr(GError) error = NULL;
  guint stages_seen = 0;

  totals = kt_store_stats_stage_totals (fixture->store, fixture->pipeline_id, filter, &error);
  g_assert_no_error (error);
  g_assert_nonnull (totals);

  for (guint s = 0; s < fixture->stages->len; s++)
    {
      KtRecord *stage = g_ptr_array_index (fixture->stages, s);
      KtStageTotals *got = g_hash_table_lookup (totals, kt_record_get_id (stage));
      gint64 count = 0;

      if (!g_str_equal (kt_record_get_string (stage, "pipeline_id"), fixture->pipeline_id))
        {
          g_assert_null (got);
          continue;
        }
      for (guint c = 0; c < G_N_ELEMENTS (stats_currencies); c++)
        {
          gint64 n = 0, value = 0, weighted_sum = 0;
          const KtCurrencySum *sum;

          for (guint d = 0; d < fixture->deals->len; d++)
            {
              KtRecord *deal = g_ptr_array_index (fixture->deals, d);

              if (kt_record_get_deleted (deal) ||
                  !g_str_equal (kt_record_get_string (deal, "stage_id"), kt_record_get_id (stage)) ||
                  !g_str_equal (kt_record_get_string (deal, "status"), kt_record_get_string (stage, "kind")) ||
                  !g_str_equal (kt_record_get_string (deal, "currency"), stats_currencies[c]) ||
                  (owner != NULL && g_strcmp0 (kt_record_get_owner_id (deal), owner) != 0) ||
                  (search != NULL && !title_matches (deal, search)) ||
                  (filter->overdue_before != NULL && !is_overdue (deal, filter->overdue_before)) ||
                  (filter->stale_at != NULL && !is_stale (deal, stage, filter->stale_at)))
                continue;
              n++;
              value += kt_record_get_int (deal, "value");
              weighted_sum += kt_record_get_int (deal, "value") * kt_record_get_int (stage, "probability_bps");
            }
          count += n;
          sum = got != NULL ? find_sum (got->sums, stats_currencies[c]) : NULL;
          if (n == 0)
            {
              g_assert_null (sum);
              continue;
            }
          g_assert_cmpint (get_sum (got->sums, stats_currencies[c]).count, ==, n);
          g_assert_cmpint (get_sum (got->sums, stats_currencies[c]).value, ==, value);
          g_assert_cmpint (get_sum (got->sums, stats_currencies[c]).weighted, ==,
                           (weighted_sum + 5000) / 10000);
        }
      if (count > 0)
        {
          g_assert_nonnull (got);
          g_assert_cmpint (got->count, ==, count);
          stages_seen++;
        }
      else
        g_assert_null (got);
    }
  g_assert_cmpuint (g_hash_table_size (totals), ==, stages_seen);
}

static void
test_stage_totals (StatsFixture  *fixture,
                   gconstpointer  data)
{
  check_stage_totals (fixture, &(KtDealFilter) { NULL, NULL });
  check_stage_totals (fixture, &(KtDealFilter) { stats_owners[1], NULL });
  check_stage_totals (fixture, &(KtDealFilter) { NULL, "gam" });
  check_stage_totals (fixture, &(KtDealFilter) { stats_owners[0], "ome" });
}

/* The board's Overdue and Stale filters, on close dates and stage entry
 * times spread around the dates the filters are asked about. */
static void
test_stage_totals_attention (StatsFixture  *fixture,
                             gconstpointer  data)
{
  const char *now = "2026-12-01T12:00:00.000Z";
  g_autoptr(GPtrArray) stages = g_ptr_array_new ();
  g_autoptr(GPtrArray) deals = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 now_ms;

  g_assert_true (kt_datetime_parse (now, &now_ms));
  for (guint i = 0; i < fixture->stages->len; i++)
    {
      KtRecord *stage = g_ptr_array_index (fixture->stages, i);

      /* 0 (never), 10 and 20 days. */
      kt_record_set_int (stage, "rotting_days", (i % 3) * 10);
      g_ptr_array_add (stages, stage);
    }
  for (guint i = 0; i < fixture->deals->len; i++)
    {
      KtRecord *deal = g_ptr_array_index (fixture->deals, i);
      g_autofree char *close = g_strdup_printf ("2026-%02u-%02u", 10 + i % 3, 1 + i % 28);
      g_autofree char *entered = kt_iso_from_unix_ms (now_ms - (gint64) (i % 40) * 86400000 - 3600000);

      if (kt_record_get_deleted (deal))
        continue;
      if (i % 5 != 0)
        kt_record_set_string (deal, "expected_close_date", close);
      if (i % 7 != 0)
        kt_record_set_string (deal, "stage_changed_at", entered);
      g_ptr_array_add (deals, deal);
    }
  g_assert_true (kt_store_save_all (fixture->store, stages, &error));
  g_assert_no_error (error);
  g_assert_true (kt_store_save_all (fixture->store, deals, &error));
  g_assert_no_error (error);

  check_stage_totals (fixture, &(KtDealFilter) { .overdue_before = "2026-11-15" });
  check_stage_totals (fixture, &(KtDealFilter) { .stale_at = now });
  check_stage_totals (fixture, &(KtDealFilter) { stats_owners[1], NULL, .stale_at = now });
  check_stage_totals (fixture, &(KtDealFilter) { NULL, "gam", .overdue_before = "2026-11-15" });
}

static void
test_stage_totals_follow_writes (StatsFixture  *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  KtRecord *deal = NULL;
  KtStageTotals *was, *now;
  const KtCurrencySum *was_sum, *now_sum;

  /* An open, live, valued deal of the default pipeline. */
  for (guint i = 0; i < fixture->deals->len && deal == NULL; i++)
    {
      KtRecord *each = g_ptr_array_index (fixture->deals, i);
      KtRecord *stage = stats_stage_of (fixture, kt_record_get_string (each, "stage_id"));

      if (!kt_record_get_deleted (each) && kt_record_has (each, "value") &&
          g_str_equal (kt_record_get_string (each, "status"), "open") &&
          g_str_equal (kt_record_get_string (stage, "kind"), "open") &&
          g_str_equal (kt_record_get_string (each, "pipeline_id"), fixture->pipeline_id))
        deal = each;
    }
  g_assert_nonnull (deal);

  before = kt_store_stats_stage_totals (fixture->store, fixture->pipeline_id, NULL, &error);
  g_assert_no_error (error);
  was = g_hash_table_lookup (before, kt_record_get_string (deal, "stage_id"));
  was_sum = find_sum (was->sums, kt_record_get_string (deal, "currency"));

  kt_record_set_int (deal, "value", kt_record_get_int (deal, "value") + 12345);
  kt_store_save (fixture->store, deal, &error);
  g_assert_no_error (error);

  after = kt_store_stats_stage_totals (fixture->store, fixture->pipeline_id, NULL, &error);
  g_assert_no_error (error);
  now = g_hash_table_lookup (after, kt_record_get_string (deal, "stage_id"));
  now_sum = find_sum (now->sums, kt_record_get_string (deal, "currency"));
  g_assert_cmpint (now->count, ==, was->count);
  g_assert_cmpint (now_sum->value, ==, was_sum->value + 12345);
}

static gboolean
in_range (const char *value,
          const char *from,
          const char *to)
{
  return value != NULL && strcmp (value, from) >= 0 && strcmp (value, to) < 0;
}

static void
test_dashboard (StatsFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(KtDashboardStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now_iso = stats_iso (fixture->now);
  gint64 won_this = 0, won_last = 0, lost_this = 0, lost_last = 0, won_year = 0, lost_year = 0;
  gint64 overdue = 0, today = 0, invoices_overdue = 0;

  stats = kt_store_stats_dashboard (fixture->store, fixture->now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stats);

  for (guint c = 0; c < G_N_ELEMENTS (stats_currencies); c++)
    {
      const char *currency = stats_currencies[c];
      gint64 n = 0, value = 0, weighted = 0, won_value = 0, unpaid = 0;
      const KtCurrencySum *sum;

      for (guint d = 0; d < fixture->deals->len; d++)
        {
          KtRecord *deal = g_ptr_array_index (fixture->deals, d);
          KtRecord *stage = stats_stage_of (fixture, kt_record_get_string (deal, "stage_id"));

          if (kt_record_get_deleted (deal) || !g_str_equal (kt_record_get_string (deal, "currency"), currency))
            continue;
          if (g_str_equal (kt_record_get_string (deal, "status"), "open"))
            {
              n++;
              value += kt_record_get_int (deal, "value");
              weighted += kt_record_get_int (deal, "value") * kt_record_get_int (stage, "probability_bps");
            }
          if (g_str_equal (kt_record_get_string (deal, "status"), "won") &&
              in_range (kt_record_get_string (deal, "closed_at"), "2026-11-01", "2026-12-01"))
            won_value += kt_record_get_int (deal, "value");
        }
      g_assert_cmpint (get_sum (stats->open, currency).count, ==, n);
      g_assert_cmpint (get_sum (stats->open, currency).value, ==, value);
      g_assert_cmpint (get_sum (stats->open, currency).weighted, ==, (weighted + 5000) / 10000);
      sum = find_sum (stats->won_this_month_value, currency);
      g_assert_cmpint (sum != NULL ? sum->value : 0, ==, won_value);

      for (guint i = 0; i < fixture->invoices->len; i++)
        {
          KtRecord *invoice = g_ptr_array_index (fixture->invoices, i);
          const char *status = kt_record_get_string (invoice, "status");

          if (g_str_equal (kt_record_get_string (invoice, "currency"), currency) &&
              (g_str_equal (status, "sent") || g_str_equal (status, "partially_paid") ||
               g_str_equal (status, "overdue")))
            unpaid += kt_record_get_int (invoice, "total") - kt_record_get_int (invoice, "paid_amount");
        }
      sum = find_sum (stats->unpaid, currency);
      g_assert_cmpint (sum != NULL ? sum->value : 0, ==, unpaid);
    }

  for (guint d = 0; d < fixture->deals->len; d++)
    {
      KtRecord *deal = g_ptr_array_index (fixture->deals, d);
      const char *status = kt_record_get_string (deal, "status");
      const char *closed = kt_record_get_string (deal, "closed_at");
      gboolean won = g_str_equal (status, "won"), lost = g_str_equal (status, "lost");

      if (kt_record_get_deleted (deal))
        continue;
      won_this += won && in_range (closed, "2026-11-01", "2026-12-01");
      won_last += won && in_range (closed, "2026-10-01", "2026-11-01");
      lost_this += lost && in_range (closed, "2026-11-01", "2026-12-01");
      lost_last += lost && in_range (closed, "2026-10-01", "2026-11-01");
      won_year += won && in_range (closed, "2025-12-01", "2026-12-01");
      lost_year += lost && in_range (closed, "2025-12-01", "2026-12-01");
    }
  g_assert_cmpint (stats->won_this_month, ==, won_this);
  g_assert_cmpint (stats->won_last_month, ==, won_last);
  g_assert_cmpint (stats->lost_this_month, ==, lost_this);
  g_assert_cmpint (stats->lost_last_month, ==, lost_last);
  g_assert_cmpint (won_this + lost_this, >, 0);   /* the data set exercises it */
  g_assert_cmpint (stats->win_rate_bps, ==,
                   (won_year * 10000 + (won_year + lost_year) / 2) / (won_year + lost_year));

  for (guint i = 0; i < fixture->tasks->len; i++)
    {
      KtRecord *task = g_ptr_array_index (fixture->tasks, i);
      const char *due = kt_record_get_string (task, "due_at");

      if (kt_record_get_bool (task, "done") || due == NULL)
        continue;
      overdue += strcmp (due, now_iso) < 0;
      today += in_range (due, now_iso, "2026-11-26T00:00:00.000Z");
    }
  g_assert_cmpint (stats->tasks_overdue, ==, overdue);
  g_assert_cmpint (stats->tasks_due_today, ==, today);
  g_assert_cmpint (overdue, >, 0);
  g_assert_cmpint (today, >, 0);

  for (guint i = 0; i < fixture->invoices->len; i++)
    {
      KtRecord *invoice = g_ptr_array_index (fixture->invoices, i);
      const char *status = kt_record_get_string (invoice, "status");
      const char *due = kt_record_get_string (invoice, "due_date");

      invoices_overdue += g_str_equal (status, "overdue") ||
        ((g_str_equal (status, "sent") || g_str_equal (status, "partially_paid")) &&
         strcmp (due, "2026-11-25") < 0);
    }
  g_assert_cmpint (stats->invoices_overdue, ==, invoices_overdue);
}

static void
test_by_month (StatsFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) won = NULL;
  g_autoptr(GArray) collected = NULL;
  gint64 total_collected = 0;

  won = kt_store_stats_won_by_month (fixture->store, "EUR", fixture->now, 12, &error);
  g_assert_no_error (error);
  collected = kt_store_stats_collected_by_month (fixture->store, "BGN", fixture->now, 12, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (won->len, ==, 12);
  g_assert_cmpuint (collected->len, ==, 12);

  for (int m = 0; m < 12; m++)
    {
      g_autofree char *from = kt_stats_month_start_iso (fixture->now, m - 11);
      g_autofree char *to = kt_stats_month_start_iso (fixture->now, m - 10);
      gint64 won_value = 0, collected_value = 0;

      for (guint d = 0; d < fixture->deals->len; d++)
        {
          KtRecord *deal = g_ptr_array_index (fixture->deals, d);

          if (!kt_record_get_deleted (deal) &&
              g_str_equal (kt_record_get_string (deal, "status"), "won") &&
              g_str_equal (kt_record_get_string (deal, "currency"), "EUR") &&
              in_range (kt_record_get_string (deal, "closed_at"), from, to))
            won_value += kt_record_get_int (deal, "value");
        }
      for (guint p = 0; p < fixture->payments->len; p++)
        {
          KtRecord *payment = g_ptr_array_index (fixture->payments, p);

          if (g_str_equal (kt_record_get_string (payment, "currency"), "BGN") &&
              in_range (kt_record_get_string (payment, "received_at"), from, to))
            collected_value += kt_record_get_int (payment, "amount");
        }
      g_assert_cmpint (g_array_index (won, gint64, m), ==, won_value);
      g_assert_cmpint (g_array_index (collected, gint64, m), ==, collected_value);
      total_collected += collected_value;
    }
  g_assert_cmpint (total_collected, >, 0);
}

static void
test_month_start (void)
{
  g_autoptr(GDateTime) january = g_date_time_new_utc (2026, 1, 15, 8, 0, 0);
  g_autoptr(GDateTime) december = g_date_time_new_utc (2026, 12, 31, 23, 0, 0);
  g_autofree char *a = kt_stats_month_start_iso (january, -1);
  g_autofree char *b = kt_stats_month_start_iso (january, -11);
  g_autofree char *c = kt_stats_month_start_iso (december, 1);
  g_autofree char *d = kt_stats_month_start_iso (january, -13);
  g_autofree char *e = kt_stats_month_start_iso (january, 0);

  g_assert_cmpstr (a, ==, "2025-12-01T00:00:00.000Z");
  g_assert_cmpstr (b, ==, "2025-02-01T00:00:00.000Z");
  g_assert_cmpstr (c, ==, "2027-01-01T00:00:00.000Z");
  g_assert_cmpstr (d, ==, "2024-12-01T00:00:00.000Z");
  g_assert_cmpstr (e, ==, "2026-01-01T00:00:00.000Z");
}

static void
test_empty_store (StatsFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(KtDashboardStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *currency = NULL;

  stats = kt_store_stats_dashboard (fixture->store, fixture->now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->open->len, ==, 0);
  g_assert_cmpint (stats->win_rate_bps, ==, -1);
  g_assert_cmpint (stats->tasks_overdue, ==, 0);
  currency = kt_store_stats_main_currency (fixture->store, "BGN");
  g_assert_cmpstr (currency, ==, "BGN");
}

static void
test_main_currency_and_owners (StatsFixture  *fixture,
                               gconstpointer  data)
{
  g_autofree char *currency = kt_store_stats_main_currency (fixture->store, "JPY");
  g_auto(GStrv) owners = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[G_N_ELEMENTS (stats_currencies)] = { 0 };
  guint best = 0;

  for (guint d = 0; d < fixture->deals->len; d++)
    {
      KtRecord *deal = g_ptr_array_index (fixture->deals, d);

      for (guint c = 0; c < G_N_ELEMENTS (stats_currencies) && !kt_record_get_deleted (deal); c++)
        counts[c] += g_str_equal (kt_record_get_string (deal, "currency"), stats_currencies[c]);
    }
  for (guint i = 0; i < fixture->invoices->len; i++)
    for (guint c = 0; c < G_N_ELEMENTS (stats_currencies); c++)
      counts[c] += g_str_equal (kt_record_get_string (g_ptr_array_index (fixture->invoices, i), "currency"),
                                stats_currencies[c]);
  for (guint c = 1; c < G_N_ELEMENTS (stats_currencies); c++)
    if (counts[c] > counts[best] || (counts[c] == counts[best] && strcmp (stats_currencies[c], stats_currencies[best]) < 0))
      best = c;
  g_assert_cmpstr (currency, ==, stats_currencies[best]);

  owners = kt_store_owners_of_deals (fixture->store, fixture->pipeline_id, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (owners), ==, G_N_ELEMENTS (stats_owners));
  for (guint i = 0; i < G_N_ELEMENTS (stats_owners); i++)
    g_assert_true (g_strv_contains ((const char * const *) owners, stats_owners[i]));
}

static KtRecord *
owned_deal (StatsFixture *fixture,
            const char   *pipeline_id,
            const char   *owner_id)
{
  g_autoptr(KtRecord) deal = kt_record_new (kt_entity_lookup ("deal"));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < fixture->stages->len; i++)
    {
      KtRecord *stage = g_ptr_array_index (fixture->stages, i);

      if (g_strcmp0 (kt_record_get_string (stage, "pipeline_id"), pipeline_id) == 0)
        {
          kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
          break;
        }
    }
  kt_record_set_string (deal, "title", "Owned");
  kt_record_set_string (deal, "pipeline_id", pipeline_id);
  kt_record_set_string (deal, "status", "open");
  kt_record_set_owner_id (deal, owner_id);
  g_assert_true (kt_store_save (fixture->store, deal, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&deal);
}

static void
assert_owners (GStrv              owners,
               const char * const *expected,
               guint               n_expected)
{
  g_assert_nonnull (owners);
  g_assert_cmpuint (g_strv_length (owners), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpstr (owners[i], ==, expected[i]);
}

/* The owners list walks deals_owners one owner at a time: sorted, each
 * owner once, only live deals, the pipeline's when one is given, and no
 * more than the limit. */
static void
test_owners_of_deals (StatsFixture  *fixture,
                      gconstpointer  data)
{
  const char *first = "0190aaaa-0000-7000-8000-000000000000";
  const char *last = "0190aaaa-0000-7000-8000-000000000009";
  const char * const all[] = { stats_owners[0], stats_owners[1], stats_owners[2], last };
  g_autoptr(KtRecord) gone = NULL;
  g_autoptr(KtRecord) other = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) owners = NULL;

  /* Only a deleted deal is first's; only a deal of the other pipeline
   * is last's. */
  gone = owned_deal (fixture, fixture->pipeline_id, first);
  g_assert_true (kt_store_delete (fixture->store, kt_record_get_entity (gone),
                                  kt_record_get_id (gone), &error));
  g_assert_no_error (error);
  other = owned_deal (fixture, fixture->other_pipeline_id, last);

  owners = kt_store_owners_of_deals (fixture->store, fixture->pipeline_id, 10, &error);
  g_assert_no_error (error);
  assert_owners (owners, stats_owners, G_N_ELEMENTS (stats_owners));
  g_clear_pointer (&owners, g_strfreev);

  owners = kt_store_owners_of_deals (fixture->store, NULL, 10, &error);
  g_assert_no_error (error);
  assert_owners (owners, all, G_N_ELEMENTS (all));
  g_clear_pointer (&owners, g_strfreev);

  owners = kt_store_owners_of_deals (fixture->store, NULL, 2, &error);
  g_assert_no_error (error);
  assert_owners (owners, all, 2);
  g_clear_pointer (&owners, g_strfreev);

  owners = kt_store_owners_of_deals (fixture->store, fixture->other_pipeline_id, 10, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) owners, last));
  g_assert_false (g_strv_contains ((const char * const *) owners, first));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stats/month-start", test_month_start);
  g_test_add ("/stats/owners-of-deals", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_owners_of_deals, stats_fixture_tear_down);
  g_test_add ("/stats/empty-store", StatsFixture, NULL,
              stats_fixture_set_up, test_empty_store, stats_fixture_tear_down);
  g_test_add ("/stats/stage-totals", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_stage_totals, stats_fixture_tear_down);
  g_test_add ("/stats/stage-totals-attention", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_stage_totals_attention, stats_fixture_tear_down);
  g_test_add ("/stats/stage-totals-follow-writes", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_stage_totals_follow_writes, stats_fixture_tear_down);
  g_test_add ("/stats/dashboard", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_dashboard, stats_fixture_tear_down);
  g_test_add ("/stats/by-month", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_by_month, stats_fixture_tear_down);
  g_test_add ("/stats/main-currency-and-owners", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_main_currency_and_owners, stats_fixture_tear_down);

  return g_test_run ();
}
