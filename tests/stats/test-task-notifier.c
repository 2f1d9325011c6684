/* test-task-notifier.c: the due-task timer of client/core, without GTK
 *
 * The desktop notification it leads to is tested with the window
 * (tests/ui/test-tasks.c); here only the timer and its signal, which the
 * Tasks pane and the notification share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"
#include "kt-context.h"
#include "kt-task-notifier.h"
#include "stats-fixture.h"

static char *
iso_in (gint64 seconds)
{
  return kt_iso_from_unix_ms (g_get_real_time () / 1000 + seconds * 1000);
}

static KtRecord *
save_task (KtStore    *store,
           const char *title,
           const char *due_at,
           gboolean    done)
{
  g_autoptr(KtRecord) task = kt_record_new (KT_ENTITY_TASK);
  g_autoptr(GError) error = NULL;

  kt_record_set_string (task, "title", title);
  kt_record_set_string (task, "due_at", due_at);
  if (done)
    {
      g_autofree char *now = kt_now_iso ();

      kt_record_set_bool (task, "done", TRUE);
      kt_record_set_string (task, "done_at", now);
    }
  kt_store_save (store, task, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&task);
}

static void
on_task_due_cb (KtTaskNotifier *notifier,
                KtRecord       *task,
                GPtrArray      *seen)
{
  g_ptr_array_add (seen, g_strdup (kt_record_get_string (task, "title")));
}

/* Runs the main loop until @seen has @n titles; the deadline only keeps a
 * broken timer from hanging the suite, it is not what the test measures. */
static void
wait_for (GPtrArray *seen,
          guint      n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (seen->len < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_fires_when_due (StatsFixture  *fixture,
                     gconstpointer  data)
{
  g_autofree char *yesterday = iso_in (-24 * 60 * 60);
  /* Far enough ahead that a slow machine still saves everything and
   * starts the notifier before it. */
  g_autofree char *soon = iso_in (3);
  g_autofree char *next_week = iso_in (7 * 24 * 60 * 60);
  g_autoptr(KtRecord) overdue = save_task (fixture->store, "Already overdue", yesterday, FALSE);
  g_autoptr(KtRecord) done = save_task (fixture->store, "Done already", soon, TRUE);
  g_autoptr(KtRecord) due = save_task (fixture->store, "Due in three seconds", soon, FALSE);
  g_autoptr(KtRecord) later = save_task (fixture->store, "Next week", next_week, FALSE);
  g_autoptr(KtTaskNotifier) notifier = kt_task_notifier_new (fixture->store);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (notifier, "task-due", G_CALLBACK (on_task_due_cb), seen);

  /* The timer waits for the next open task, not for the done one due at
   * the same time nor for the one next week. */
  g_assert_cmpstr (kt_task_notifier_get_next_due (notifier), ==, soon);

  wait_for (seen, 1);
  iterate ();
  /* A task overdue before the notifier started is not announced: it is in
   * the Overdue group already. */
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (seen->pdata[0], ==, "Due in three seconds");
  g_assert_cmpstr (kt_task_notifier_get_next_due (notifier), ==, next_week);

  /* Checking again announces nothing twice. */
  kt_task_notifier_check (notifier);
  g_assert_cmpuint (seen->len, ==, 1);
}

static void
test_follows_changes (StatsFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(KtTaskNotifier) notifier = kt_task_notifier_new (fixture->store);
  g_autofree char *in_an_hour = iso_in (60 * 60);
  g_autofree char *tomorrow = iso_in (24 * 60 * 60);
  g_autoptr(KtRecord) task = NULL;
  g_autoptr(KtRecord) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = kt_now_iso ();

  g_assert_null (kt_task_notifier_get_next_due (notifier));

  other = save_task (fixture->store, "Tomorrow", tomorrow, FALSE);
  iterate ();
  g_assert_cmpstr (kt_task_notifier_get_next_due (notifier), ==, tomorrow);

  /* An earlier task moves the timer forward... */
  task = save_task (fixture->store, "In an hour", in_an_hour, FALSE);
  iterate ();
  g_assert_cmpstr (kt_task_notifier_get_next_due (notifier), ==, in_an_hour);

  /* ...and back once it is done. */
  kt_record_set_bool (task, "done", TRUE);
  kt_record_set_string (task, "done_at", now);
  kt_store_save (fixture->store, task, &error);
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpstr (kt_task_notifier_get_next_due (notifier), ==, tomorrow);
}

static void
test_one_per_context (StatsFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  g_autoptr(KtContext) context = kt_context_new (settings, fixture->store);
  KtTaskNotifier *notifier = kt_task_notifier_ensure (context);

  /* The application's notification and the Tasks pane share one timer. */
  g_assert_true (KT_IS_TASK_NOTIFIER (notifier));
  g_assert_true (kt_task_notifier_ensure (context) == notifier);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/task-notifier/fires-when-due", StatsFixture, NULL,
              stats_fixture_set_up, test_fires_when_due, stats_fixture_tear_down);
  g_test_add ("/task-notifier/follows-changes", StatsFixture, NULL,
              stats_fixture_set_up, test_follows_changes, stats_fixture_tear_down);
  g_test_add ("/task-notifier/one-per-context", StatsFixture, NULL,
              stats_fixture_set_up, test_one_per_context, stats_fixture_tear_down);

  return g_test_run ();
}
