/* test-ai-chat.c: the client's reader of POST /v1/ai/chat
 *
 * A small SoupServer gives exactly the answers the real server gives
 * (docs/api.md, "AI"), written in pieces of a few bytes, one chunk each,
 * so that an event, a UTF-8 character and a CRLF pair are split between
 * reads. KtAiChatRequest must emit every delta as it arrives, end at
 * done, and turn each failure into its KT_AI_CHAT_ERROR code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "kt-ai-chat-client.h"
#include "kt-store-sync.h"

typedef struct {
  guint        status;
  const char  *content_type;
  const char  *body;
  const char  *retry_after;
  gsize        piece;      /* bytes a chunk, 0: the whole body at once */
} Answer;

typedef struct {
  SoupServer        *server;
  char              *url;
  char              *dir;
  KtStore           *store;
  KtSecrets         *secrets;
  KtSyncEngine      *engine;
  const Answer      *answer;
  guint              n_requests;
  char              *last_body;
  gboolean           closed;    /* the client went away mid-answer */
} Fixture;

typedef struct {
  SoupServerMessage *msg;
  const char        *rest;
  gsize              piece;
  gboolean           endless;
  gboolean           gone;     /* the client closed the connection */
  gulong             finished_id;
  gulong             disconnected_id;
} Writer;

static void
on_writer_finished_cb (SoupServerMessage *msg,
                       gpointer           data)
{
  Writer *w = data;

  w->gone = TRUE;
}

static void
writer_free (Writer *w)
{
  g_signal_handler_disconnect (w->msg, w->finished_id);
  g_signal_handler_disconnect (w->msg, w->disconnected_id);
  g_object_unref (w->msg);
  g_free (w);
}

static gboolean
on_write_cb (gpointer data)
{
  Writer *w = data;
  SoupMessageBody *body = soup_server_message_get_response_body (w->msg);
  gsize n;

  if (w->gone)
    {
      writer_free (w);
      return G_SOURCE_REMOVE;
    }
  if (*w->rest == '\0' && !w->endless)
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (w->msg);
      writer_free (w);
      return G_SOURCE_REMOVE;
    }
  if (*w->rest == '\0')
    {
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "event: delta\r\ndata: {\"text\":\"x\"}\r\n\r\n", 37);
      soup_server_message_unpause (w->msg);
      return G_SOURCE_CONTINUE;
    }
  n = MIN (w->piece, strlen (w->rest));
  soup_message_body_append (body, SOUP_MEMORY_COPY, w->rest, n);
  w->rest += n;
  soup_server_message_unpause (w->msg);
  return G_SOURCE_CONTINUE;
}

static void
on_finished_cb (SoupServerMessage *msg,
                gpointer           data)
{
  Fixture *f = data;

  f->closed = TRUE;
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  Fixture *f = data;
  const Answer *a = f->answer;
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (request);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Writer *w;

  f->n_requests++;
  g_free (f->last_body);
  f->last_body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (path, ==, "/v1/ai/chat");
  g_assert_cmpstr (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization"),
                   ==, "Bearer t");

  soup_server_message_set_status (msg, a->status, NULL);
  if (a->retry_after != NULL)
    soup_message_headers_append (headers, "Retry-After", a->retry_after);
  if (a->piece == 0)
    {
      soup_server_message_set_response (msg, a->content_type, SOUP_MEMORY_STATIC, a->body, strlen (a->body));
      return;
    }
  soup_message_headers_set_content_type (headers, a->content_type, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished_cb), f);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_finished_cb), f);
  w = g_new0 (Writer, 1);
  w->msg = g_object_ref (msg);
  w->rest = a->body;
  w->piece = a->piece;
  w->endless = a->body[0] == '\0';
  w->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_writer_finished_cb), w);
  w->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_writer_finished_cb), w);
  soup_server_message_pause (msg);
  g_timeout_add (2, on_write_cb, w);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autofree char *path = NULL;
  g_autofree char *client_id = NULL;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, on_request_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  f->dir = g_dir_make_tmp ("kantora-ai-chat-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "kantora.db", NULL);
  f->store = kt_store_open (path, &error);
  g_assert_no_error (error);
  f->secrets = kt_secrets_memory_new ();
  f->engine = kt_sync_engine_new (f->store, f->secrets);
  kt_sync_engine_set_auto_sync (f->engine, FALSE);
  kt_sync_engine_set_server_url (f->engine, f->url);
  client_id = kt_store_sync_dup_client_id (f->store);
  kt_secrets_store_sync (f->secrets, f->url, client_id, "t", &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "kantora.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->engine);
  g_clear_object (&f->secrets);
  g_clear_object (&f->store);
  g_clear_object (&f->server);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->url);
  g_free (f->last_body);
}

typedef struct {
  GString  *text;
  guint     n_deltas;
  gboolean  done;
  gboolean  ok;
  GError   *error;
  GCancellable *cancel_after_first;
} Run;

static void
on_delta_cb (KtAiChatRequest *request,
             const char      *text,
             gpointer         data)
{
  Run *run = data;

  g_string_append (run->text, text);
  run->n_deltas++;
  if (run->cancel_after_first != NULL)
    g_cancellable_cancel (run->cancel_after_first);
}

static void
on_run_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Run *run = data;

  run->ok = kt_ai_chat_request_run_finish (KT_AI_CHAT_REQUEST (source), result, &run->error);
  run->done = TRUE;
}

/* Asks, runs the main loop until the answer ends; returns the request. */
static KtAiChatRequest *
ask (Fixture      *f,
     const Answer *answer,
     Run          *run,
     GCancellable *cancellable)
{
  g_autoptr (JsonNode) body = json_from_string ("{\"messages\":[{\"role\":\"user\",\"content\":\"Кой е Иван?\"}]}", NULL);
  KtAiChatRequest *request = kt_ai_chat_request_new (f->engine, body);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  f->answer = answer;
  run->text = g_string_new (NULL);
  g_signal_connect (request, "delta", G_CALLBACK (on_delta_cb), run);
  kt_ai_chat_request_run_async (request, cancellable, on_run_cb, run);
  while (!run->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (run->done);
  return request;
}

static void
run_clear (Run *run)
{
  g_string_free (run->text, TRUE);
  g_clear_error (&run->error);
}

#define STREAM \
  "event: delta\r\ndata: {\"text\":\"Иван Петров е \"}\r\n\r\n" \
  ": a comment\n\n" \
  "event: delta\ndata: {\"text\":\"клиент от 2024 г.\"}\n\n" \
  "event: done\ndata: {\"finish_reason\":\"stop\",\"usage\":{\"prompt_tokens\":120,\"output_tokens\":9}}\n\n"

/* Every delta, split across reads anywhere, then done. */
static void
test_stream (Fixture       *f,
             gconstpointer  data)
{
  static const Answer answer = { 200, "text/event-stream", STREAM, NULL, 3 };
  Run run = { 0 };
  g_autoptr (KtAiChatRequest) request = ask (f, &answer, &run, NULL);

  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.n_deltas, ==, 2);
  g_assert_cmpstr (run.text->str, ==, "Иван Петров е клиент от 2024 г.");
  g_assert_cmpstr (kt_ai_chat_request_get_finish_reason (request), ==, "stop");
  g_assert_cmpint (kt_ai_chat_request_get_output_tokens (request), ==, 9);
  g_assert_nonnull (strstr (f->last_body, "Кой е Иван?"));
  run_clear (&run);
}

/* Each error of the server, before the stream or in it, by its code. */
static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  static const struct {
    Answer        answer;
    KtAiChatError code;
    guint         deltas;
    guint         retry_after;
  } cases[] = {
    { { 429, "application/json", "{\"error\":{\"code\":\"ai_rate_limited\",\"message\":\"Wait\"}}", "120", 0 },
      KT_AI_CHAT_ERROR_RATE_LIMITED, 0, 120 },
    { { 429, "application/json", "{\"error\":{\"code\":\"ai_quota\",\"message\":\"Tomorrow\"}}", NULL, 0 },
      KT_AI_CHAT_ERROR_QUOTA, 0, 0 },
    { { 403, "application/json", "{\"error\":{\"code\":\"plan_limit\",\"message\":\"No more\"}}", NULL, 0 },
      KT_AI_CHAT_ERROR_PLAN_LIMIT, 0, 0 },
    { { 503, "application/json", "{\"error\":{\"code\":\"ai_not_configured\",\"message\":\"None\"}}", NULL, 0 },
      KT_AI_CHAT_ERROR_NOT_CONFIGURED, 0, 0 },
    { { 504, "application/json", "{\"error\":{\"code\":\"ai_timeout\",\"message\":\"Slow\"}}", NULL, 0 },
      KT_AI_CHAT_ERROR_TIMEOUT, 0, 0 },
    { { 401, "application/json", "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Who?\"}}", NULL, 0 },
      KT_AI_CHAT_ERROR_UNAUTHORIZED, 0, 0 },
    { { 502, "text/html", "<html>Bad gateway</html>", NULL, 0 }, KT_AI_CHAT_ERROR_FAILED, 0, 0 },
    /* In the stream, after text: an error event. */
    { { 200, "text/event-stream",
        "event: delta\ndata: {\"text\":\"Half\"}\n\nevent: error\ndata: {\"error\":{\"code\":\"ai_blocked\",\"message\":\"No\"}}\n\n",
        NULL, 5 }, KT_AI_CHAT_ERROR_BLOCKED, 1, 0 },
    /* A stream that stops without done or error, mid-event. */
    { { 200, "text/event-stream", "event: delta\ndata: {\"text\":\"Half\"}\n\nevent: delta\ndata: {\"te", NULL, 4 },
      KT_AI_CHAT_ERROR_FAILED, 1, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Run run = { 0 };
      g_autoptr (KtAiChatRequest) request = ask (f, &cases[i].answer, &run, NULL);

      g_test_message ("case %u", i);
      g_assert_false (run.ok);
      g_assert_error (run.error, KT_AI_CHAT_ERROR, (gint) cases[i].code);
      g_assert_cmpuint (run.n_deltas, ==, cases[i].deltas);
      g_assert_cmpuint (kt_ai_chat_request_get_retry_after (request), ==, cases[i].retry_after);
      run_clear (&run);
    }
}

/* Stop: the request ends as cancelled and the connection closes, which
 * is what makes the server cancel the provider's request. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  static const Answer endless = { 200, "text/event-stream", "", NULL, 8 };
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Run run = { 0 };
  g_autoptr (KtAiChatRequest) request = NULL;
  gint64 deadline;

  run.cancel_after_first = cancellable;
  request = ask (f, &endless, &run, cancellable);
  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (run.n_deltas, >=, 1);
  g_clear_object (&request);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!f->closed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (f->closed);
  run_clear (&run);
}

/* No session, or no server: offline, and nothing was sent. */
static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  static const Answer answer = { 200, "text/event-stream", STREAM, NULL, 0 };
  g_autofree char *client_id = kt_store_sync_dup_client_id (f->store);
  g_autoptr (KtSecrets) empty = kt_secrets_memory_new ();
  g_autoptr (KtSyncEngine) unsigned_in = kt_sync_engine_new (f->store, empty);
  g_autoptr (KtAiChatRequest) request = NULL;
  g_autoptr (KtAiChatRequest) request2 = NULL;
  Run run = { 0 }, run2 = { 0 };
  KtSyncEngine *engine = f->engine;

  kt_sync_engine_set_auto_sync (unsigned_in, FALSE);
  kt_sync_engine_set_server_url (unsigned_in, f->url);
  f->engine = unsigned_in;
  request = ask (f, &answer, &run, NULL);
  g_assert_error (run.error, KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_OFFLINE);
  g_assert_cmpuint (f->n_requests, ==, 0);

  f->engine = engine;
  kt_sync_engine_set_server_url (f->engine, "http://127.0.0.1:9");
  request2 = ask (f, &answer, &run2, NULL);
  g_assert_error (run2.error, KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_OFFLINE);
  g_assert_cmpuint (f->n_requests, ==, 0);
  run_clear (&run);
  run_clear (&run2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ai-chat/stream", Fixture, NULL, setup, test_stream, teardown);
  g_test_add ("/ai-chat/errors", Fixture, NULL, setup, test_errors, teardown);
  g_test_add ("/ai-chat/cancel", Fixture, NULL, setup, test_cancel, teardown);
  g_test_add ("/ai-chat/offline", Fixture, NULL, setup, test_offline, teardown);
  return g_test_run ();
}
