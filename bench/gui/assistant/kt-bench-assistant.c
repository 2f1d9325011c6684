/* kt-bench-assistant.c: the Assistant pane's main loop while it streams
 *
 * The real KtAssistantPane in a window (under Xvfb: tools/bench), its
 * question sent through a real kantora-server (tests/sync's harness, a
 * throwaway PostgreSQL) whose AI provider is tests/server's stand-in
 * (OpenAI-compatible). The stand-in streams an answer of 4,000 tokens in
 * markdown (headings, paragraphs with emphasis and code, lists, code
 * blocks), one event per TCP write, a write every millisecond. A timer
 * of high priority ticks every millisecond meanwhile; the longest gap
 * between two ticks, less the period, is the longest the main loop was
 * kept from its work (drawing, input, the network):
 *
 *   assistant.stream_4000_max_stall   the longest stall, ms (target < 16)
 *   assistant.stream_4000_p99_stall   the 99th percentile of the gaps, ms
 *   assistant.stream_4000_max_stall_cpu, _p99_stall_cpu   the same in this
 *                                     thread's CPU time: the loop's own
 *                                     work, without the time a loaded
 *                                     machine gave to other processes
 *   assistant.stream_4000_cpu_ms      the main thread's CPU time for it
 *   assistant.stream_4000_ms          from Send to the answer's end
 *   assistant.stream_4000_parsed_x    markdown bytes parsed / answer bytes
 *
 * Each the median of the runs (3, or the first argument, up to 9).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kt-ai-standin.h"
#include "kt-assistant-pane.h"
#include "kt-gpu.h"
#include "kt-test-harness.h"

#define N_TOKENS 4000
#define MAX_RUNS 9
#define TICK_MS  1

typedef struct {
  gint64  last;
  gint64  last_cpu;
  GArray *gaps;      /* gint64 µs between two ticks */
  GArray *cpu_gaps;  /* gint64 µs of this thread's CPU time between two ticks */
} Ticks;

/* This thread's CPU time: what the main loop itself spent, without the
 * time a loaded machine gave to other processes. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
on_tick (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (ticks->last != 0)
    {
      gint64 gap = now - ticks->last;
      gint64 cpu_gap = cpu - ticks->last_cpu;

      g_array_append_val (ticks->gaps, gap);
      g_array_append_val (ticks->cpu_gaps, cpu_gap);
    }
  ticks->last = now;
  ticks->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* A markdown answer cut into N_TOKENS pieces of a few characters, as a
 * model writes it. */
static GPtrArray *
make_tokens (void)
{
  static const char * const words[] = {
    "The ", "deal ", "with ", "**Acme** ", "is ", "*likely* ", "to ", "close ", "in ", "`Q3` ",
    "because ", "the ", "buyer ", "asked ", "for ", "an ", "offer. ",
  };
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  while (tokens->len < N_TOKENS)
    {
      guint block = n++ % 6;

      if (block == 0)
        g_ptr_array_add (tokens, g_strdup_printf ("\n\n## Part %u\n\n", n));
      else if (block == 3)
        {
          for (guint i = 0; i < 8 && tokens->len < N_TOKENS; i++)
            g_ptr_array_add (tokens, g_strdup_printf ("- step %u ", i));
          g_ptr_array_add (tokens, g_strdup ("\n\n"));
          continue;
        }
      else if (block == 5)
        {
          g_ptr_array_add (tokens, g_strdup ("```c\n"));
          for (guint i = 0; i < 20 && tokens->len < N_TOKENS; i++)
            g_ptr_array_add (tokens, g_strdup_printf ("int v%u = %u;\n", i, i));
          g_ptr_array_add (tokens, g_strdup ("```\n\n"));
          continue;
        }
      for (guint i = 0; i < 60 && tokens->len < N_TOKENS; i++)
        g_ptr_array_add (tokens, g_strdup (words[i % G_N_ELEMENTS (words)]));
      g_ptr_array_add (tokens, g_strdup ("\n\n"));
    }
  g_ptr_array_set_size (tokens, N_TOKENS);
  g_ptr_array_add (tokens, NULL);
  return tokens;
}

static gboolean
not_busy (KtAssistantPane *pane)
{
  return !kt_assistant_pane_get_busy (pane);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (KtAiStandin) standin = NULL;
  g_autoptr (KtTestServer) server = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tokens = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (KtStore) store = NULL;
  g_autoptr (KtSecrets) secrets = NULL;
  g_autoptr (KtContext) context = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  double stalls[MAX_RUNS], p99s[MAX_RUNS], totals[MAX_RUNS], parsed[MAX_RUNS];
  double cpu_stalls[MAX_RUNS], cpu_p99s[MAX_RUNS], cpu_totals[MAX_RUNS];
  guint runs = argc > 1 ? (guint) CLAMP (atoi (argv[1]), 1, MAX_RUNS) : 3;
  GtkWidget *window;
  GtkWidget *pane;
  gsize answer_length = 0;
  int fd;

  /* As kantora's main() does: cairo when there is no GPU (Xvfb). */
  kt_gpu_choose_renderer ();
  gtk_init ();
  standin = kt_ai_standin_new (FALSE);
  config = g_strdup_printf ("[ai]\nprovider=openai\nbase-url=%s\nmodel=bench\n", kt_ai_standin_get_base (standin));
  fd = g_file_open_tmp ("kantora-bench-assistant-XXXXXX.conf", &config_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  g_setenv ("KANTORA_SERVER_CONFIG", config_path, TRUE);
  server = kt_test_server_new ();

  dir = g_dir_make_tmp ("kantora-bench-assistant-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (dir, "kantora.db", NULL);
  store = kt_store_open (store_path, &error);
  g_assert_no_error (error);
  settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  g_settings_set_string (settings, "server-url", server->url);
  context = kt_context_new (settings, store);
  secrets = kt_secrets_memory_new ();
  kt_context_set_secrets (context, secrets);
  kt_sync_engine_set_auto_sync (kt_context_get_sync_engine (context), FALSE);
  if (!kt_test_register (kt_context_get_sync_engine (context), server->url, "bench@example.bg",
                         "correct horse battery", &error))
    g_error ("register: %s", error->message);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  pane = kt_assistant_pane_new (context);
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_present (GTK_WINDOW (window));
  for (gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);

  tokens = make_tokens ();
  for (guint i = 0; i < N_TOKENS; i++)
    answer_length += strlen (g_ptr_array_index (tokens, i));

  for (guint run = 0; run < runs; run++)
    {
      Ticks ticks = { 0, 0, g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (gint64)) };
      gint64 cpu_started;
      KtAssistantMessage *answer;
      gint64 started;
      guint tick_id;

      kt_ai_standin_set_pieces (standin, 0, 1);
      kt_ai_standin_push_stream (standin, (const char * const *) tokens->pdata, TRUE);
      gtk_widget_activate_action (pane, "assistant.new", NULL);
      kt_assistant_pane_set_draft (KT_ASSISTANT_PANE (pane), "Analyse the Acme deal");

      tick_id = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, on_tick, &ticks, NULL);
      started = g_get_monotonic_time ();
      cpu_started = thread_cpu_us ();
      gtk_widget_activate_action (pane, "assistant.send", NULL);
      while (!not_busy (KT_ASSISTANT_PANE (pane)))
        g_main_context_iteration (NULL, TRUE);
      totals[run] = (g_get_monotonic_time () - started) / 1000.0;
      cpu_totals[run] = (thread_cpu_us () - cpu_started) / 1000.0;
      g_source_remove (tick_id);

      if (kt_assistant_pane_get_status (KT_ASSISTANT_PANE (pane)) != NULL)
        g_error ("the answer failed: %s", kt_assistant_pane_get_status (KT_ASSISTANT_PANE (pane)));
      answer = kt_assistant_pane_get_last_message (KT_ASSISTANT_PANE (pane));
      g_assert_cmpuint (strlen (kt_assistant_message_get_text (answer)), ==, answer_length);
      parsed[run] = (double) kt_assistant_message_get_parsed_bytes (answer) / (double) answer_length;

      g_array_sort (ticks.gaps, compare_int64);
      stalls[run] = MAX (0, g_array_index (ticks.gaps, gint64, ticks.gaps->len - 1) - TICK_MS * 1000) / 1000.0;
      p99s[run] = MAX (0, g_array_index (ticks.gaps, gint64, ticks.gaps->len * 99 / 100) - TICK_MS * 1000) / 1000.0;
      g_array_sort (ticks.cpu_gaps, compare_int64);
      cpu_stalls[run] = g_array_index (ticks.cpu_gaps, gint64, ticks.cpu_gaps->len - 1) / 1000.0;
      cpu_p99s[run] = g_array_index (ticks.cpu_gaps, gint64, ticks.cpu_gaps->len * 99 / 100) / 1000.0;
      g_array_unref (ticks.gaps);
      g_array_unref (ticks.cpu_gaps);
      g_printerr ("run %u: max stall %.1f ms (CPU %.1f), p99 %.1f ms (CPU %.1f), %.0f ms (CPU %.0f), parsed %.1fx\n",
                  run, stalls[run], cpu_stalls[run], p99s[run], cpu_p99s[run], totals[run], cpu_totals[run],
                  parsed[run]);
    }

  qsort (stalls, runs, sizeof (double), compare_double);
  qsort (p99s, runs, sizeof (double), compare_double);
  qsort (totals, runs, sizeof (double), compare_double);
  qsort (parsed, runs, sizeof (double), compare_double);
  qsort (cpu_stalls, runs, sizeof (double), compare_double);
  qsort (cpu_p99s, runs, sizeof (double), compare_double);
  qsort (cpu_totals, runs, sizeof (double), compare_double);
  printf ("assistant.stream_4000_max_stall: %.1f ms\n", stalls[runs / 2]);
  printf ("assistant.stream_4000_p99_stall: %.1f ms\n", p99s[runs / 2]);
  printf ("assistant.stream_4000_max_stall_cpu: %.1f ms\n", cpu_stalls[runs / 2]);
  printf ("assistant.stream_4000_p99_stall_cpu: %.1f ms\n", cpu_p99s[runs / 2]);
  printf ("assistant.stream_4000_ms: %.0f ms\n", totals[runs / 2]);
  printf ("assistant.stream_4000_cpu_ms: %.0f ms\n", cpu_totals[runs / 2]);
  printf ("assistant.stream_4000_parsed_x: %.1f\n", parsed[runs / 2]);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (config_path);
  return 0;
}
