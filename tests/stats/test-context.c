/* test-context.c: KtContext without a window: the store it opens and the
 * demo data a newcomer gets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"
#include "kt-context.h"
#include "kt-format.h"
#include "stats-fixture.h"

typedef struct {
  StatsFixture  stats;
  GSettings    *settings;
  KtContext    *context;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  stats_fixture_set_up (&fixture->stats, NULL);
  fixture->settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  fixture->context = kt_context_new (fixture->settings, fixture->stats.store);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  KtContext *context = fixture->context;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* The demo fill's worker thread drops its task, which holds the
   * context, only after the callback ran: wait for it, then make sure
   * nothing else kept the context (and with it the store) alive. */
  g_object_add_weak_pointer (G_OBJECT (context), (gpointer *) &context);
  g_clear_object (&fixture->context);
  while (context != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (context);

  g_clear_object (&fixture->settings);
  stats_fixture_tear_down (&fixture->stats, NULL);
}

static void
test_store_path (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *fallback = kt_store_default_path ();
  g_autofree char *by_default = kt_context_dup_store_path (fixture->settings, NULL);
  g_autofree char *configured = NULL;
  g_autofree char *overridden = NULL;

  g_assert_cmpstr (by_default, ==, fallback);

  /* The setting wins over the default, --store over both. */
  g_settings_set_string (fixture->settings, "store-path", "/srv/kantora/team.db");
  configured = kt_context_dup_store_path (fixture->settings, "");
  overridden = kt_context_dup_store_path (fixture->settings, "/tmp/other.db");
  g_assert_cmpstr (configured, ==, "/srv/kantora/team.db");
  g_assert_cmpstr (overridden, ==, "/tmp/other.db");
  g_settings_reset (fixture->settings, "store-path");
}

static void
on_progress_cb (KtContext  *context,
                GParamSpec *pspec,
                GArray     *fractions)
{
  double fraction = kt_context_get_demo_progress (context);

  g_array_append_val (fractions, fraction);
}

typedef struct {
  gboolean  done;
  gboolean  filled;
  GError   *error;
} Fill;

static void
on_filled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fill *fill = user_data;

  fill->filled = kt_context_fill_demo_finish (KT_CONTEXT (source), result, &fill->error);
  fill->done = TRUE;
}

static void
test_demo_fill (Fixture       *fixture,
                gconstpointer  data)
{
  KtStore *store = kt_context_get_store (fixture->context);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  Fill fill = { FALSE, FALSE, NULL };
  g_autoptr(KtQuery) contacts = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(KtQuery) bulgarian = kt_query_new (KT_ENTITY_CONTACT);

  g_assert_true (kt_context_store_is_empty (fixture->context));

  /* The demo speaks the language of the interface. */
  kt_format_set_language ("bg");
  g_signal_connect (fixture->context, "notify::demo-progress",
                    G_CALLBACK (on_progress_cb), fractions);
  kt_context_fill_demo_async (fixture->context, NULL, on_filled_cb, &fill);
  while (!fill.done)
    g_main_context_iteration (NULL, TRUE);
  kt_format_set_language (NULL);
  g_assert_no_error (fill.error);
  g_assert_true (fill.filled);

  /* The progress comes to the thread that asked, from 0 up to 1. */
  g_assert_cmpuint (fractions->len, >, 2);
  g_assert_cmpfloat (g_array_index (fractions, double, 0), ==, 0.0);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=,
                       g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  /* The worker wrote through its own connection; this one sees it all. */
  g_assert_false (kt_context_store_is_empty (fixture->context));
  g_assert_cmpint (kt_store_count (store, contacts, NULL), >, 0);
  kt_query_set_search (bulgarian, "Иван");
  g_assert_cmpint (kt_store_count (store, bulgarian, NULL), >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/context/store-path", Fixture, NULL,
              fixture_setup, test_store_path, fixture_teardown);
  g_test_add ("/context/demo-fill", Fixture, NULL,
              fixture_setup, test_demo_fill, fixture_teardown);

  return g_test_run ();
}
