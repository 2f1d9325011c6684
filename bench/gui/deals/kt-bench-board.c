/* kt-bench-board.c: opening a pipeline with many open deals
 *
 *   kt-bench-board [--deals N] [--runs R] [--name NAME] [STORE]
 *   kt-bench-board --dashboard [--runs R] STORE
 *
 * Fills a temporary store (or uses STORE) with N open deals in the first
 * stage of the default pipeline, then R times builds the Deals board into
 * an already shown 1280x800 window and measures from the board's
 * construction to the first painted frame that shows it
 * ("board.open_10k": a column shows its first 30 deals there), and to the
 * painted frame after which every column's list view holds all its deals
 * ("board.complete_10k"; the columns grow by themselves over the next
 * frames). Meanwhile a timer of high priority ticks every millisecond:
 * the longest gap between two ticks after the first frame, less the
 * period, is the longest the main loop was kept from its work while the
 * columns filled ("board.fill_10k_max_stall", and "_max_stall_cpu" in
 * the main thread's CPU time, without what a loaded machine gave to
 * other processes). --deals 100000 gives the "_100k" figures.
 *
 * With --dashboard, runs every aggregate query the dashboard makes (the
 * figures, value by stage, won and collected per month) R times on STORE,
 * e.g. the full demo data set, and prints "dashboard.queries: X ms"; then
 * the same through the dashboard's worker thread (KtDashboardReader), with
 * the main thread's CPU time for it ("dashboard.refresh_main_thread_cpu"). No
 * display is needed for that. Needs a display: tools/bench runs it under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-bench-board"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <time.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "kt-column-model.h"
#include "kt-context.h"
#include "kt-dashboard-data.h"
#include "kt-deal-board.h"
#include "kt-pipelines.h"
#include "kt-store-stats.h"

static gboolean
fill (KtStore  *store,
      guint     n_deals,
      GError  **error)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) deals = g_ptr_array_new_with_free_func (g_object_unref);
  KtRecord *lead;

  if (!kt_pipelines_ensure_default (store, error) ||
      !(pipelines = kt_pipelines_load (store, error)) ||
      !(stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)), error)))
    return FALSE;
  lead = g_ptr_array_index (stages, 0);
  for (guint i = 0; i < n_deals; i++)
    {
      KtRecord *deal = kt_record_new (KT_ENTITY_DEAL);
      g_autofree char *title = g_strdup_printf ("Deal %05u", i);

      kt_record_set_string (deal, "title", title);
      kt_record_set_string (deal, "pipeline_id", kt_record_get_string (lead, "pipeline_id"));
      kt_record_set_string (deal, "stage_id", kt_record_get_id (lead));
      kt_record_set_string (deal, "status", "open");
      kt_record_set_int (deal, "value", 100000 + i);
      kt_record_set_string (deal, "currency", i % 5 == 0 ? "BGN" : "EUR");
      kt_record_set_int (deal, "position", (gint64) i * 1024);
      kt_record_set_string (deal, "expected_close_date", "2026-12-15");
      g_ptr_array_add (deals, deal);
    }
  return kt_store_save_all (store, deals, error);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

/* The main thread's CPU time: what the board costs, whatever else the
 * machine is busy with (wall time is reported too). */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
wait_for_frame (GtkWidget *window)
{
  gboolean painted = FALSE;
  gulong id;

  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                         G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), id);
}

/* TRUE when every column's list view holds all the deals of its column:
 * read from what the list views show (their selection models), not from
 * kt_board_column_get_model(), which would grow the column at once. */
static gboolean
columns_complete (GtkWidget *root,
                  guint     *out_shown,
                  guint     *out_total)
{
  gboolean complete = TRUE;

  if (GTK_IS_LIST_VIEW (root))
    {
      GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (root));
      GListModel *model = GTK_IS_SINGLE_SELECTION (selection) ?
                          gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)) : NULL;
      guint shown = selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (selection)) : 0;
      guint total = shown;

      if (KT_IS_COLUMN_MODEL (model))
        total = g_list_model_get_n_items (G_LIST_MODEL (kt_column_model_get_deals (KT_COLUMN_MODEL (model))));
      *out_shown += shown;
      *out_total += total;
      return shown == total;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    complete = columns_complete (child, out_shown, out_total) && complete;
  return complete;
}

typedef struct {
  GtkWidget *board;
  gint64     complete_at;   /* 0 until a painted frame showed every deal */
  guint      frames;
  double     last_cpu;      /* ms of CPU at the last painted frame */
} Growth;

/* The main loop's gaps while the columns fill: a 1 ms timer of high
 * priority, as kt-bench-assistant measures the Assistant's stream. */
#define TICK_MS 1

typedef struct {
  gint64 last;       /* µs, monotonic */
  double last_cpu;   /* ms of this thread's CPU time */
  gint64 max_gap;    /* µs */
  double max_gap_cpu;
} Ticks;

static gboolean
on_tick_cb (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();
  double cpu = thread_cpu_ms ();

  if (ticks->last != 0)
    {
      ticks->max_gap = MAX (ticks->max_gap, now - ticks->last);
      ticks->max_gap_cpu = MAX (ticks->max_gap_cpu, cpu - ticks->last_cpu);
    }
  ticks->last = now;
  ticks->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
on_growth_paint_cb (GdkFrameClock *clock,
                    Growth        *growth)
{
  guint shown = 0, total = 0;

  double cpu = thread_cpu_ms ();

  growth->frames++;
  if (growth->complete_at == 0 && columns_complete (growth->board, &shown, &total) && total > 0)
    growth->complete_at = g_get_monotonic_time ();
  /* With KT_BENCH_VERBOSE, each frame's CPU time and what it showed. */
  if (g_getenv ("KT_BENCH_VERBOSE") != NULL && growth->frames > 1)
    g_printerr ("  frame %u: %.1f ms CPU, %u of %u deals shown\n",
                growth->frames, cpu - growth->last_cpu, shown, total);
  growth->last_cpu = cpu;
}

/* One run: a new board put into the already shown window (as the window
 * does when the Deals section is opened), until the frame that shows it
 * (@return), and until the painted frame after which every column's list
 * holds all its deals (@out_complete_ms), as the columns grow by
 * themselves a few frames after the first. */
static double
measure (GtkWidget *window,
         KtContext *context,
         double    *out_cpu_ms,
         double    *out_complete_ms,
         double    *out_complete_cpu_ms,
         double    *out_stall_ms,
         double    *out_stall_cpu_ms)
{
  GtkWidget *board;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 start, built, deadline;
  double ms, cpu_start = thread_cpu_ms ();
  Growth growth = { 0 };
  Ticks ticks = { 0 };
  guint tick_id;
  gulong id;

  start = g_get_monotonic_time ();
  board = kt_deal_board_new (context);
  built = g_get_monotonic_time ();
  growth.board = board;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_growth_paint_cb), &growth);
  adw_window_set_content (ADW_WINDOW (window), board);
  wait_for_frame (window);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  *out_cpu_ms = thread_cpu_ms () - cpu_start;

  /* The columns grow from their tick callbacks, which run only while
   * frames are drawn: keep asking for frames until they are complete. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, on_tick_cb, &ticks, NULL);
  while (growth.complete_at == 0 && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (window);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick_id);
  on_tick_cb (&ticks);
  *out_stall_ms = MAX (0, ticks.max_gap - TICK_MS * 1000) / 1000.0;
  *out_stall_cpu_ms = ticks.max_gap_cpu;
  g_signal_handler_disconnect (clock, id);
  if (growth.complete_at == 0)
    g_error ("the board's columns never showed all their deals");
  *out_complete_ms = (growth.complete_at - start) / 1000.0;
  *out_complete_cpu_ms = thread_cpu_ms () - cpu_start;
  if (g_getenv ("KT_BENCH_VERBOSE") != NULL)
    g_printerr ("board built in %.1f ms, first frame at %.1f ms (%.1f ms CPU), "
                "every deal shown at %.1f ms after %u frames, longest stall %.1f ms (%.1f ms CPU)\n",
                (built - start) / 1000.0, ms, *out_cpu_ms, *out_complete_ms, growth.frames,
                *out_stall_ms, *out_stall_cpu_ms);

  /* Back to an empty window, drawn, before the next run. */
  adw_window_set_content (ADW_WINDOW (window), gtk_label_new (NULL));
  wait_for_frame (window);
  return ms;
}

/* Everything kt_dashboard_refresh() asks the store, once. */
static gboolean
dashboard_queries (KtStore    *store,
                   GDateTime  *now,
                   GError    **error)
{
  g_autoptr(KtDashboardStats) stats = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GHashTable) totals = NULL;
  g_autoptr(GArray) won = NULL;
  g_autoptr(GArray) collected = NULL;
  g_autofree char *currency = NULL;
  KtRecord *pipeline;

  gboolean verbose = g_getenv ("KT_BENCH_VERBOSE") != NULL;
  double t = thread_cpu_ms ();

#define STEP(name) \
  if (verbose) { g_printerr ("  %s: %.1f ms CPU\n", name, thread_cpu_ms () - t); t = thread_cpu_ms (); }

  if (!(stats = kt_store_stats_dashboard (store, now, error)))
    return FALSE;
  STEP ("figures");
  currency = kt_store_stats_main_currency (store, KT_DEFAULT_CURRENCY);
  STEP ("main currency");
  if (!(pipelines = kt_pipelines_load (store, error)))
    return FALSE;
  if ((pipeline = kt_pipelines_pick_default (pipelines)) != NULL &&
      (!(stages = kt_pipelines_load_stages (store, kt_record_get_id (pipeline), error)) ||
       !(totals = kt_store_stats_stage_totals (store, kt_record_get_id (pipeline), NULL, error))))
    return FALSE;
  STEP ("value by stage");
  if (!(won = kt_store_stats_won_by_month (store, currency, now, 12, error)) ||
      !(collected = kt_store_stats_collected_by_month (store, currency, now, 12, error)))
    return FALSE;
  STEP ("per month");
#undef STEP
  return TRUE;
}

static void
on_computed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  KtDashboardData **out = user_data;

  *out = kt_dashboard_data_compute_finish (result, NULL);
}

/* What a refresh costs the main thread now that the pane computes in a
 * worker: from the call until the figures are back on the main loop,
 * the wall time, and the main thread's own CPU time (its waiting costs
 * none). */
static gboolean
dashboard_refresh_main (KtDashboardReader *reader,
                        GDateTime         *now,
                        double            *out_ms,
                        double            *out_cpu_ms)
{
  KtDashboardData *data = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = thread_cpu_ms ();

  kt_dashboard_data_compute_async (reader, now, 12, NULL, on_computed_cb, &data);
  while (data == NULL)
    g_main_context_iteration (NULL, TRUE);
  *out_ms = (g_get_monotonic_time () - start) / 1000.0;
  *out_cpu_ms = thread_cpu_ms () - cpu_start;
  kt_dashboard_data_free (data);
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = NULL;
  g_autoptr(KtContext) context = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) complete_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) complete_cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stall_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *size = NULL;
  GtkWidget *window;
  int n_deals = 10000, runs = 5;
  gboolean dashboard = FALSE;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Name the figures of STORE (\"1m\")", "NAME" },
    { "dashboard", 0, 0, G_OPTION_ARG_NONE, &dashboard, "Time the dashboard's queries on STORE", NULL },
    { "deals", 0, 0, G_OPTION_ARG_INT, &n_deals, "Open deals to fill a new store with", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Times to open the board", "R" },
    { NULL }
  };

  options = g_option_context_new ("[STORE] - time to first frame of the Deals board");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (dashboard)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (argc < 2 || !(store = kt_store_open (argv[1], &error)))
        {
          g_printerr ("%s\n", error != NULL ? error->message : "kt-bench-board --dashboard STORE");
          return 2;
        }
      /* Once untimed: the first run reads the file into the page cache. */
      for (int i = 0; i <= MAX (runs, 1); i++)
        {
          gint64 start = g_get_monotonic_time ();
          double cpu_start = thread_cpu_ms ();
          double ms, cpu_ms;

          if (!dashboard_queries (store, now, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          ms = (g_get_monotonic_time () - start) / 1000.0;
          cpu_ms = thread_cpu_ms () - cpu_start;
          if (i > 0)
            {
              g_array_append_val (times, ms);
              g_array_append_val (cpu_times, cpu_ms);
            }
        }
      g_array_sort (times, compare_doubles);
      g_array_sort (cpu_times, compare_doubles);
      g_print ("dashboard.queries: %.1f ms\n", g_array_index (times, double, times->len / 2));
      g_print ("dashboard.queries_cpu: %.1f ms\n", g_array_index (cpu_times, double, cpu_times->len / 2));

      /* The same through the pane's worker thread and its own connection. */
      {
        g_autoptr(KtDashboardReader) reader = kt_dashboard_reader_new (argv[1]);

        g_array_set_size (times, 0);
        g_array_set_size (cpu_times, 0);
        for (int i = 0; i <= MAX (runs, 1); i++)
          {
            double ms, cpu_ms;

            dashboard_refresh_main (reader, now, &ms, &cpu_ms);
            if (i > 0)
              {
                g_array_append_val (times, ms);
                g_array_append_val (cpu_times, cpu_ms);
              }
          }
        g_array_sort (times, compare_doubles);
        g_array_sort (cpu_times, compare_doubles);
        g_print ("dashboard.refresh_async: %.1f ms\n", g_array_index (times, double, times->len / 2));
        g_print ("dashboard.refresh_main_thread_cpu: %.2f ms\n",
                 g_array_index (cpu_times, double, cpu_times->len / 2));
      }
      return 0;
    }

  gtk_init ();
  adw_init ();

  if (argc > 1)
    path = g_strdup (argv[1]);
  else
    {
      if (!(tmpdir = g_dir_make_tmp ("kantora-bench-board-XXXXXX", &error)))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      path = g_build_filename (tmpdir, "kantora.db", NULL);
    }
  if (!(store = kt_store_open (path, &error)) ||
      (tmpdir != NULL && !fill (store, (guint) MAX (n_deals, 0), &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  /* The board reads no setting; memory settings keep the bench from
   * touching the user's (GSETTINGS_SCHEMA_DIR points at the build's). */
  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (KT_SETTINGS_SCHEMA_ID, backend);
  context = kt_context_new (settings, store);

  /* The window is shown and drawn once first: the renderer's start-up is
   * the window's cost, not the board's. */
  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  adw_window_set_content (ADW_WINDOW (window), gtk_label_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (window);

  for (int i = 0; i < MAX (runs, 1); i++)
    {
      double cpu_ms, complete_ms, complete_cpu_ms, stall_ms, stall_cpu_ms;
      double ms = measure (window, context, &cpu_ms, &complete_ms, &complete_cpu_ms,
                           &stall_ms, &stall_cpu_ms);

      g_array_append_val (stalls, stall_ms);
      g_array_append_val (stall_cpus, stall_cpu_ms);

      g_array_append_val (times, ms);
      g_array_append_val (cpu_times, cpu_ms);
      g_array_append_val (complete_times, complete_ms);
      g_array_append_val (complete_cpu_times, complete_cpu_ms);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_array_sort (times, compare_doubles);
  g_array_sort (cpu_times, compare_doubles);
  g_array_sort (complete_times, compare_doubles);
  g_array_sort (complete_cpu_times, compare_doubles);
  g_array_sort (stalls, compare_doubles);
  g_array_sort (stall_cpus, compare_doubles);
  /* The figures are named after the deals they opened: "10k" only for
   * 10,000, "store" for a given store of unknown size. */
  if (name != NULL)
    size = g_strdup (name);
  else if (tmpdir == NULL)
    size = g_strdup ("store");
  else if (n_deals % 1000 == 0)
    size = g_strdup_printf ("%dk", n_deals / 1000);
  else
    size = g_strdup_printf ("%d", n_deals);
  g_print ("board.open_%s: %.1f ms\n", size, g_array_index (times, double, times->len / 2));
  g_print ("board.open_%s_cpu: %.1f ms\n", size, g_array_index (cpu_times, double, cpu_times->len / 2));
  g_print ("board.complete_%s: %.1f ms\n", size,
           g_array_index (complete_times, double, complete_times->len / 2));
  g_print ("board.complete_%s_cpu: %.1f ms\n", size,
           g_array_index (complete_cpu_times, double, complete_cpu_times->len / 2));
  g_print ("board.fill_%s_max_stall: %.1f ms\n", size, g_array_index (stalls, double, stalls->len / 2));
  g_print ("board.fill_%s_max_stall_cpu: %.1f ms\n", size,
           g_array_index (stall_cpus, double, stall_cpus->len / 2));

  g_clear_object (&context);
  g_clear_object (&store);
  if (tmpdir != NULL && g_getenv ("KT_BENCH_KEEP") == NULL)
    remove_tree (tmpdir);
  else if (tmpdir != NULL)
    g_printerr ("kept %s\n", path);
  return 0;
}
