/* kt-bench-banner.c: what the duplicates banner costs the main loop
 *
 *   kt-bench-banner STORE [EMAIL]
 *
 * Opens STORE (a copy: the first lookup reads it whole), shows a
 * KtDuplicateBanner in a window and types EMAIL into a contact record a
 * character every 120 ms, as a person types, asking the banner after
 * each, as the form does (without EMAIL, the email of the contact in the
 * middle of the store). A 1 ms timeout measures the main loop: the
 * longest gap between its runs is the longest the window could not draw.
 * Then the same first lookup is timed on the main thread, which is what
 * the banner would have stalled for without its worker. Prints
 * `name: value unit` lines. Run under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <time.h>

#include "kt-duplicate-banner.h"
#include "kt-store-dupes.h"

#define KEY_INTERVAL_MS 120

typedef struct {
  gint64  last;
  gint64  last_cpu;
  gint64  max_cpu;  /* the main thread's CPU time in one gap, µs */
  GArray *gaps;     /* of gint64 µs */
} Probe;

/* This thread's CPU time: a gap the scheduler made (two cores shared by
 * several people) is wall time without it. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
on_probe_cb (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  gint64 gap = now - probe->last;

  g_array_append_val (probe->gaps, gap);
  probe->max_cpu = MAX (probe->max_cpu, cpu - probe->last_cpu);
  probe->last = now;
  probe->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
on_wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop for @ms; a timeout wakes it, so an idle loop does
 * not block past the end. */
static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add (5, on_wake_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = NULL;
  g_autoptr(KtStore) second = NULL;
  g_autoptr(KtRecord) record = NULL;
  g_autoptr(GPtrArray) found = NULL;
  Probe probe = { 0 };
  GtkWidget *window, *banner;
  gint64 start, shown_at = 0, t0;
  g_autofree char *email = NULL;
  guint probe_id;

  if (argc != 2 && argc != 3)
    {
      g_printerr ("usage: %s STORE [EMAIL]\n", argv[0]);
      return 2;
    }

  gtk_init ();
  adw_init ();
  store = kt_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (argc == 3)
    email = g_strdup (argv[2]);
  else
    {
      g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
      g_autoptr(GPtrArray) middle = NULL;

      kt_query_add_filter_from (query, "email", "");
      middle = kt_store_query (store, query, kt_store_count (store, query, NULL) / 2, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (middle->len, ==, 1);
      email = g_strdup (kt_record_get_string (g_ptr_array_index (middle, 0), "email"));
    }

  window = gtk_window_new ();
  banner = kt_duplicate_banner_new (store);
  gtk_window_set_child (GTK_WINDOW (window), banner);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (300);

  probe.gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe.last = g_get_monotonic_time ();
  probe.last_cpu = thread_cpu_us ();
  probe_id = g_timeout_add (1, on_probe_cb, &probe);

  /* The form asks once when it opens, then per keystroke. */
  record = kt_record_new (KT_ENTITY_CONTACT);
  start = g_get_monotonic_time ();
  kt_duplicate_banner_update (KT_DUPLICATE_BANNER (banner), record);
  for (gsize n = 1; n <= strlen (email); n++)
    {
      g_autofree char *typed = g_strndup (email, n);
      g_autoptr(KtRecord) copy = kt_record_copy (record);

      kt_record_set_string (copy, "email", typed);
      kt_duplicate_banner_update (KT_DUPLICATE_BANNER (banner), copy);
      iterate_for (KEY_INTERVAL_MS);
    }
  while (kt_duplicate_banner_is_busy (KT_DUPLICATE_BANNER (banner)))
    g_main_context_iteration (NULL, TRUE);
  if (kt_duplicate_banner_get_duplicate_id (KT_DUPLICATE_BANNER (banner)) != NULL)
    shown_at = g_get_monotonic_time ();
  g_source_remove (probe_id);

  g_array_sort (probe.gaps, compare_gaps);
  g_print ("banner-keystrokes: %zu\n", strlen (email));
  g_print ("banner-main-loop-gap-p50: %.1f ms\n",
           g_array_index (probe.gaps, gint64, probe.gaps->len / 2) / 1000.0);
  g_print ("banner-main-loop-gap-p99: %.1f ms\n",
           g_array_index (probe.gaps, gint64, probe.gaps->len * 99 / 100) / 1000.0);
  g_print ("banner-main-loop-gap-max: %.1f ms\n",
           g_array_index (probe.gaps, gint64, probe.gaps->len - 1) / 1000.0);
  g_print ("banner-main-loop-gap-max-cpu: %.1f ms\n", probe.max_cpu / 1000.0);
  g_print ("banner-found: %s\n", shown_at != 0 ? "yes" : "no");
  g_print ("banner-shown-after-form-opened: %.2f s\n", (shown_at - start) / 1e6);

  /* The first lookup as it would stall the main loop without the worker:
   * a fresh connection, so no index is built yet. */
  second = kt_store_open (argv[1], &error);
  g_assert_no_error (error);
  {
    g_autoptr(KtRecord) typed = kt_record_copy (record);

    kt_record_set_string (typed, "email", email);
    t0 = g_get_monotonic_time ();
    found = kt_store_find_duplicates (second, typed, 1, &error);
    g_assert_no_error (error);
    g_print ("first-lookup-on-main-thread: %.2f s\n", (g_get_monotonic_time () - t0) / 1e6);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (probe.gaps);
  return 0;
}
