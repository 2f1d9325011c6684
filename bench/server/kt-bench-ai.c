/* kt-bench-ai.c: what the AI proxy adds to a streamed answer
 *
 * A stand-in Gemini (tests/server/kt-ai-standin.c) streams an answer of
 * 200 chunks, one every 2 ms. The same answer is read twice, by the same
 * client code (the shared SSE reader): straight from the stand-in, and
 * through kantora-server's POST /v1/ai/chat (authentication, the usage
 * count in PostgreSQL, the provider's request, each chunk parsed and
 * written on as a delta event). The differences are the proxy's cost:
 *
 *   ai.proxy_ttft_added_ms     time to the first text, proxy minus direct
 *   ai.proxy_chunk_added_ms    a chunk's time from the stand-in's write to
 *                              the client, proxy minus direct (medians)
 *
 * each the median of RUNS runs; the absolute figures follow. Everything
 * runs in this process on loopback, with a throwaway PostgreSQL cluster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-ai-standin.h"
#include "kt-test-server.h"

#define N_CHUNKS 200
#define RUNS 7

typedef struct {
  KtSseReader  *reader;
  GInputStream *in;
  GArray       *arrivals;   /* gint64 per event with text */
  gint64        started;
  gboolean      ended;
} Reader;

static gboolean
on_event (const KtSseEvent *event,
          gpointer          data)
{
  Reader *r = data;
  gint64 now = g_get_monotonic_time ();

  if (!g_str_equal (event->type, "done") && !g_str_equal (event->type, "error"))
    g_array_append_val (r->arrivals, now);
  return TRUE;
}

static void on_read (GObject *source, GAsyncResult *result, gpointer data);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Reader *r = data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      g_input_stream_close (r->in, NULL, NULL);
      r->ended = TRUE;
      return;
    }
  kt_sse_reader_feed (r->reader, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
  g_input_stream_read_bytes_async (r->in, 16384, G_PRIORITY_DEFAULT, NULL, on_read, r);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Reader *r = data;
  g_autoptr(GError) error = NULL;

  r->in = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (r->in == NULL)
    g_error ("request failed: %s", error->message);
  g_input_stream_read_bytes_async (r->in, 16384, G_PRIORITY_DEFAULT, NULL, on_read, r);
}

/* Reads one streamed answer; the arrival time of each text event. */
static GArray *
read_stream (SoupSession *session,
             const char  *url,
             const char  *token,
             const char  *body,
             gint64      *started)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  Reader r = { 0 };

  r.reader = kt_sse_reader_new (0, 0, on_event, &r);
  r.arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  r.started = g_get_monotonic_time ();
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &r);
  while (!r.ended)
    g_main_context_iteration (NULL, TRUE);
  *started = r.started;
  kt_sse_reader_free (r.reader);
  g_clear_object (&r.in);
  return r.arrivals;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  if (values->len % 2)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) + g_array_index (values, double, values->len / 2)) / 2;
}

/* The first text's time, and the median of a chunk's time from the
 * stand-in's write to the client, in ms. */
static void
measure (KtAiStandin *standin,
         SoupSession *session,
         const char  *url,
         const char  *token,
         const char  *body,
         const char * const *pieces,
         double      *ttft,
         double      *chunk)
{
  g_autoptr(GArray) arrivals = NULL;
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *sent;
  gint64 started;

  kt_ai_standin_push_stream (standin, pieces, TRUE);
  arrivals = read_stream (session, url, token, body, &started);
  sent = kt_ai_standin_get_sent_times (standin);
  if (arrivals->len != N_CHUNKS || sent->len != N_CHUNKS)
    g_error ("%u chunks arrived, %u sent, %d expected", arrivals->len, sent->len, N_CHUNKS);
  for (guint i = 0; i < N_CHUNKS; i++)
    {
      double ms = (g_array_index (arrivals, gint64, i) - g_array_index (sent, gint64, i)) / 1000.0;

      g_array_append_val (delays, ms);
    }
  *ttft = (g_array_index (arrivals, gint64, 0) - started) / 1000.0;
  *chunk = median (delays);
}

int
main (int argc, char *argv[])
{
  g_autofree char *conninfo = NULL;
  g_autoptr(KtAiStandin) standin = NULL;
  g_autoptr(KtTestServer) ts = NULL;
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *direct_url = NULL;
  g_autofree char *proxy_url = NULL;
  g_autoptr(GArray) ttft_added = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) chunk_added = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ttft_proxy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ttft_direct = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) chunk_proxy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) chunk_direct = g_array_new (FALSE, FALSE, sizeof (double));
  KtServerConfig *config;
  KtTestAccount owner = { 0 };
  g_autofree char *sql = NULL;
  g_autofree char *done = NULL;
  static const char body[] = "{\"messages\": [{\"role\": \"user\", \"content\": \"Кой е Иван?\"}]}";

  g_log_set_writer_func (g_log_writer_default, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "", TRUE);
  conninfo = kt_test_pg_new_database ("bench_ai");
  standin = kt_ai_standin_new (TRUE);
  /* One write per event, one every 2 ms: a model's pace, quickened. */
  kt_ai_standin_set_pieces (standin, 0, 2);
  config = kt_test_server_config_new (conninfo);
  config->ai_provider = g_strdup ("gemini");
  config->ai_base_url = g_strdup (kt_ai_standin_get_base (standin));
  config->ai_model = g_strdup ("gemini-bench");
  config->ai_api_key = g_strdup ("bench-key");
  ts = kt_test_server_new_with_config (config);
  kt_test_register (ts, "Bench", &owner);
  sql = g_strdup_printf ("UPDATE subscriptions SET ai_requests_limit = NULL WHERE org_id = '%s' RETURNING 1",
                         owner.org_id);
  done = kt_test_pg_query (config->database_url, sql);

  for (guint i = 0; i < N_CHUNKS; i++)
    g_ptr_array_add (pieces, g_strdup_printf ("token%u ", i));
  g_ptr_array_add (pieces, NULL);
  direct_url = g_strconcat (kt_ai_standin_get_base (standin),
                            "/v1beta/models/gemini-bench:streamGenerateContent?alt=sse", NULL);
  proxy_url = g_strconcat (ts->base, "/v1/ai/chat", NULL);

  /* One warm-up of each: connections, prepared statements. */
  for (guint run = 0; run <= RUNS; run++)
    {
      double pt, pc, dt, dc;

      measure (standin, ts->session, direct_url, NULL, body, (const char * const *) pieces->pdata, &dt, &dc);
      measure (standin, ts->session, proxy_url, owner.token, body, (const char * const *) pieces->pdata, &pt, &pc);
      if (run == 0)
        continue;
      g_array_append_val (ttft_proxy, pt);
      g_array_append_val (ttft_direct, dt);
      g_array_append_val (chunk_proxy, pc);
      g_array_append_val (chunk_direct, dc);
      pt -= dt;
      pc -= dc;
      g_array_append_val (ttft_added, pt);
      g_array_append_val (chunk_added, pc);
    }

  printf ("ai.proxy_ttft_added_ms: %.3f ms\n", median (ttft_added));
  printf ("ai.proxy_chunk_added_ms: %.3f ms\n", median (chunk_added));
  printf ("ai.proxy_ttft_ms: %.3f ms\n", median (ttft_proxy));
  printf ("ai.direct_ttft_ms: %.3f ms\n", median (ttft_direct));
  printf ("ai.proxy_chunk_ms: %.3f ms\n", median (chunk_proxy));
  printf ("ai.direct_chunk_ms: %.3f ms\n", median (chunk_direct));
  kt_test_account_clear (&owner);
  return 0;
}
