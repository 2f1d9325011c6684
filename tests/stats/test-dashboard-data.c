/* test-dashboard-data.c: the dashboard's figures off the main thread
 *
 * The worker computes on its own read-only connection exactly what the
 * main connection computes, and sees the main connection's writes; a
 * cancelled computation reports the cancellation, never figures, and a
 * cancelled query under way stops; the reader's connection refuses
 * writes. The deals board's column totals go the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-dashboard-data.h"
#include "kt-store-reader.h"
#include "stats-fixture.h"

#define N_DEALS 600

typedef struct {
  GMainLoop       *loop;
  KtDashboardData *data;
  GError          *error;
} Wait;

static void
on_computed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *wait = user_data;

  wait->data = kt_dashboard_data_compute_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
compute (KtDashboardReader *reader,
         GDateTime         *now,
         GCancellable      *cancellable,
         Wait              *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  kt_dashboard_data_compute_async (reader, now, 12, cancellable, on_computed_cb, wait);
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
}

static void
assert_sums_equal (GArray *a,
                   GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const KtCurrencySum *x = &g_array_index (a, KtCurrencySum, i);
      const KtCurrencySum *y = &g_array_index (b, KtCurrencySum, i);

      g_assert_cmpstr (x->currency, ==, y->currency);
      g_assert_cmpint (x->count, ==, y->count);
      g_assert_cmpint (x->value, ==, y->value);
      g_assert_cmpint (x->weighted, ==, y->weighted);
    }
}

static void
assert_ints_equal (GArray *a,
                   GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

static void
test_same_as_main_connection (StatsFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(KtDashboardReader) reader = kt_dashboard_reader_new (kt_store_get_path (fixture->store));
  g_autoptr(KtDashboardData) expected = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  expected = kt_dashboard_data_compute (fixture->store, fixture->now, 12, &error);
  g_assert_no_error (error);
  g_assert_nonnull (expected);

  compute (reader, fixture->now, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.data);

  g_assert_cmpstr (wait.data->currency, ==, expected->currency);
  assert_sums_equal (wait.data->stats->open, expected->stats->open);
  assert_sums_equal (wait.data->stats->unpaid, expected->stats->unpaid);
  g_assert_cmpint (wait.data->stats->won_this_month, ==, expected->stats->won_this_month);
  g_assert_cmpint (wait.data->stats->tasks_overdue, ==, expected->stats->tasks_overdue);
  g_assert_cmpint (wait.data->stats->win_rate_bps, ==, expected->stats->win_rate_bps);
  g_assert_cmpuint (wait.data->stage_labels->len, ==, expected->stage_labels->len);
  g_assert_cmpuint (wait.data->stage_labels->len, >, 0);
  assert_ints_equal (wait.data->stage_values, expected->stage_values);
  assert_ints_equal (wait.data->won, expected->won);
  assert_ints_equal (wait.data->collected, expected->collected);
  g_assert_cmpint (wait.data->stats->open->len, >, 0);
  kt_dashboard_data_free (wait.data);

  /* A write on the main connection is seen by the next computation. */
  {
    g_autoptr(KtRecord) task = kt_record_new (kt_entity_lookup ("task"));
    Wait again = { 0 };

    kt_record_set_string (task, "title", "Overdue since long ago");
    kt_record_set_string (task, "due_at", "2020-01-01T00:00:00.000Z");
    g_assert_true (kt_store_save (fixture->store, task, &error));
    g_assert_no_error (error);
    compute (reader, fixture->now, NULL, &again);
    g_assert_no_error (again.error);
    g_assert_cmpint (again.data->stats->tasks_overdue, ==, expected->stats->tasks_overdue + 1);
    kt_dashboard_data_free (again.data);
  }
}

static void
test_cancelled (StatsFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(KtDashboardReader) reader = kt_dashboard_reader_new (kt_store_get_path (fixture->store));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { 0 };

  /* Cancelled while it waits: a newer refresh took its place. */
  g_cancellable_cancel (cancellable);
  compute (reader, fixture->now, cancellable, &wait);
  g_assert_null (wait.data);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
}

/* The progress handler interrupts a query under way, whatever it is. */
static void
test_interrupts_running_query (StatsFixture  *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) reader = kt_store_reader_open (kt_store_get_path (fixture->store), &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KtDashboardData) result = NULL;

  g_assert_no_error (error);
  kt_store_reader_watch_cancellable (reader, cancellable);
  g_cancellable_cancel (cancellable);
  result = kt_dashboard_data_compute (reader, fixture->now, 12, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Not watching any more: it computes again. */
  kt_store_reader_watch_cancellable (reader, NULL);
  result = kt_dashboard_data_compute (reader, fixture->now, 12, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
}

static void
test_reader_is_read_only (StatsFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) reader = kt_store_reader_open (kt_store_get_path (fixture->store), &error);
  g_autoptr(KtRecord) task = kt_record_new (kt_entity_lookup ("task"));

  g_assert_no_error (error);
  kt_record_set_string (task, "title", "Never written");
  g_assert_false (kt_store_save (reader, task, &error));
  g_assert_nonnull (error);
}

typedef struct {
  GMainLoop  *loop;
  GHashTable *totals;
  GError     *error;
} TotalsWait;

static void
on_totals_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TotalsWait *wait = user_data;

  wait->totals = kt_dashboard_stage_totals_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
stage_totals (KtDashboardReader  *reader,
              const char         *pipeline_id,
              const KtDealFilter *filter,
              GCancellable       *cancellable,
              TotalsWait         *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  kt_dashboard_stage_totals_async (reader, pipeline_id, filter, cancellable, on_totals_cb, wait);
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
}

/* The board's column totals from the worker are the main connection's,
 * with the board's filters (copied: the caller's strings are gone by
 * the time the worker reads them), and a cancelled refresh gives none. */
static void
test_stage_totals (StatsFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(KtDashboardReader) reader = kt_dashboard_reader_new (kt_store_get_path (fixture->store));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *owner = g_strdup (stats_owners[1]);
  g_autofree char *stale_at = stats_iso (fixture->now);
  KtDealFilter filters[] = {
    { NULL, NULL, NULL, NULL },
    { owner, NULL, NULL, NULL },
    { NULL, "alpha", NULL, NULL },
    { NULL, NULL, "2026-11-25", NULL },
    { NULL, NULL, NULL, stale_at },
  };

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(GHashTable) expected = NULL;
      g_autoptr(GError) error = NULL;
      TotalsWait wait = { 0 };
      GHashTableIter iter;
      KtStageTotals *want;
      KtDealFilter copy = filters[f];

      expected = kt_store_stats_stage_totals (fixture->store, fixture->pipeline_id, &filters[f], &error);
      g_assert_no_error (error);
      stage_totals (reader, fixture->pipeline_id, &copy, NULL, &wait);
      g_assert_no_error (wait.error);
      g_assert_nonnull (wait.totals);
      g_assert_cmpuint (g_hash_table_size (wait.totals), ==, g_hash_table_size (expected));
      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &want))
        {
          KtStageTotals *got = g_hash_table_lookup (wait.totals, want->stage_id);

          g_assert_nonnull (got);
          g_assert_cmpint (got->count, ==, want->count);
          assert_sums_equal (got->sums, want->sums);
        }
      g_hash_table_unref (wait.totals);
    }

  {
    TotalsWait wait = { 0 };

    g_cancellable_cancel (cancellable);
    stage_totals (reader, fixture->pipeline_id, NULL, cancellable, &wait);
    g_assert_null (wait.totals);
    g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&wait.error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dashboard-data/same-as-main-connection", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_same_as_main_connection, stats_fixture_tear_down);
  g_test_add ("/dashboard-data/cancelled", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_cancelled, stats_fixture_tear_down);
  g_test_add ("/dashboard-data/interrupts-running-query", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_interrupts_running_query, stats_fixture_tear_down);
  g_test_add ("/dashboard-data/stage-totals", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_stage_totals, stats_fixture_tear_down);
  g_test_add ("/dashboard-data/reader-is-read-only", StatsFixture, GUINT_TO_POINTER (N_DEALS),
              stats_fixture_set_up, test_reader_is_read_only, stats_fixture_tear_down);

  return g_test_run ();
}
