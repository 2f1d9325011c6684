/* test-ai.c: the AI proxy (server/ai, server/routes/kt-route-ai.c) against
 * stand-in providers speaking Gemini's and the OpenAI-compatible wire
 * formats (kt-ai-standin.c), with a real PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kt-ai-client.h"
#include "kt-ai-provider.h"
#include "kt-ai-schema.h"
#include "kt-ai-standin.h"
#include "kt-test-server.h"

static char *conninfo;
static char *secret_file;

typedef struct {
  KtAiStandin   *standin;
  KtTestServer  *ts;
  KtTestAccount  owner;
} Fixture;

static void
setup_config (Fixture        *f,
              KtServerConfig *config,
              gboolean        gemini,
              gboolean        configured)
{
  f->standin = kt_ai_standin_new (gemini);
  if (configured)
    {
      config->ai_provider = g_strdup (gemini ? "gemini" : "openai");
      config->ai_base_url = g_strdup (kt_ai_standin_get_base (f->standin));
      config->ai_model = g_strdup (gemini ? "gemini-test" : "local-model");
      config->ai_api_key = g_strdup ("server-key");
    }
  config->secret_key_file = g_strdup (secret_file);
  config->ai_connect_timeout_seconds = 1;
  config->ai_idle_timeout_seconds = 1;
  config->ai_max_retry_delay_seconds = 2;
  f->ts = kt_test_server_new_with_config (config);
  kt_test_register (f->ts, "Owner", &f->owner);
}

static void
setup_with (Fixture  *f,
            gboolean  gemini,
            gboolean  configured)
{
  setup_config (f, kt_test_server_config_new (conninfo), gemini, configured);
}

static void
setup_gemini (Fixture *f, gconstpointer data)
{
  setup_with (f, TRUE, TRUE);
}

static void
setup_openai (Fixture *f, gconstpointer data)
{
  setup_with (f, FALSE, TRUE);
}

/* Limits enforced, one AI request a month on the Free plan. */
static void
setup_limited (Fixture *f, gconstpointer data)
{
  KtServerConfig *config = kt_test_server_config_new (conninfo);

  config->plans[KT_PLAN_FREE].limits[KT_LIMIT_AI_MESSAGES_PER_MONTH] = 1;
  kt_set_str (&config->enforce_limits, "true");
  setup_config (f, config, TRUE, TRUE);
}

static void
setup_none (Fixture *f, gconstpointer data)
{
  setup_with (f, FALSE, FALSE);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_server_free (f->ts);
  kt_ai_standin_free (f->standin);
}

/* Waits for @flag, running the main loop; the limit only stops a hang. */
static void
wait_for (gboolean (*check) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!check (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* A client of /v1/ai/chat reading the stream as it comes, with the
 * shared SSE reader the desktop client uses. */
typedef struct {
  SoupMessage   *msg;
  GInputStream  *in;
  GCancellable  *cancellable;
  KtSseReader   *reader;
  GPtrArray     *types;
  GPtrArray     *datas;
  GString       *text;
  GByteArray    *json;
  guint          close_after;  /* deltas; 0 = read to the end */
  gboolean       ended;
  gboolean       clean;
} Chat;

static gboolean
on_chat_event (const KtSseEvent *event,
               gpointer          data)
{
  Chat *chat = data;

  g_ptr_array_add (chat->types, g_strdup (event->type));
  g_ptr_array_add (chat->datas, g_strdup (event->data));
  if (g_str_equal (event->type, "delta"))
    {
      g_autoptr(JsonNode) node = json_from_string (event->data, NULL);

      g_string_append (chat->text, json_object_get_string_member (json_node_get_object (node), "text"));
    }
  return TRUE;
}

static void on_chat_read_cb (GObject *source, GAsyncResult *result, gpointer data);

static void
read_more (Chat *chat)
{
  g_input_stream_read_bytes_async (chat->in, 4096, G_PRIORITY_DEFAULT, chat->cancellable,
                                   on_chat_read_cb, chat);
}

static gboolean
is_sse (Chat *chat)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (chat->msg), NULL);

  return g_strcmp0 (type, "text/event-stream") == 0;
}

static void
on_chat_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Chat *chat = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      chat->clean = is_sse (chat) ? kt_sse_reader_finish (chat->reader) : TRUE;
      chat->ended = TRUE;
      /* Gives the connection back to the session (two per host). */
      g_input_stream_close (chat->in, NULL, NULL);
      return;
    }
  if (is_sse (chat))
    {
      g_assert_true (kt_sse_reader_feed (chat->reader, g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes), &error));
      if (chat->close_after > 0 && chat->text->len > 0 && chat->types->len >= chat->close_after)
        {
          /* The person closes the window: the connection goes away. */
          g_cancellable_cancel (chat->cancellable);
          g_input_stream_close (chat->in, NULL, NULL);
          chat->ended = TRUE;
          return;
        }
    }
  else
    g_byte_array_append (chat->json, g_bytes_get_data (bytes, NULL), (guint) g_bytes_get_size (bytes));
  read_more (chat);
}

static void
on_chat_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Chat *chat = data;
  g_autoptr(GError) error = NULL;

  chat->in = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  read_more (chat);
}

static gboolean
chat_ended (gpointer data)
{
  return ((Chat *) data)->ended;
}

static void
chat_start (Fixture    *f,
            Chat       *chat,
            const char *token,
            const char *body)
{
  g_autofree char *url = g_strconcat (f->ts->base, "/v1/ai/chat", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  chat->msg = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (chat->msg, "application/json", bytes);
  soup_message_headers_replace (soup_message_get_request_headers (chat->msg), "Authorization", auth);
  chat->cancellable = g_cancellable_new ();
  chat->reader = kt_sse_reader_new (0, 0, on_chat_event, chat);
  chat->types = g_ptr_array_new_with_free_func (g_free);
  chat->datas = g_ptr_array_new_with_free_func (g_free);
  chat->text = g_string_new (NULL);
  chat->json = g_byte_array_new ();
  soup_session_send_async (f->ts->session, chat->msg, G_PRIORITY_DEFAULT, chat->cancellable,
                           on_chat_sent_cb, chat);
}

static void
chat_clear (Chat *chat)
{
  g_clear_object (&chat->msg);
  g_clear_object (&chat->in);
  g_clear_object (&chat->cancellable);
  g_clear_pointer (&chat->reader, kt_sse_reader_free);
  g_clear_pointer (&chat->types, g_ptr_array_unref);
  g_clear_pointer (&chat->datas, g_ptr_array_unref);
  g_string_free (chat->text, TRUE);
  g_byte_array_unref (chat->json);
}

static void
chat_run (Fixture    *f,
          Chat       *chat,
          const char *body)
{
  chat_start (f, chat, f->owner.token, body);
  wait_for (chat_ended, chat);
}

/* The last event's type, and its data's member at @path. */
static const char *
last_type (Chat *chat)
{
  g_assert_cmpuint (chat->types->len, >, 0);
  return chat->types->pdata[chat->types->len - 1];
}

static char *
last_member (Chat       *chat,
             const char *path)
{
  g_autoptr(JsonNode) node = json_from_string (chat->datas->pdata[chat->datas->len - 1], NULL);

  return g_strdup (kt_test_json_string (node, path));
}

static JsonNode *
chat_json (Chat *chat)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;

  g_assert_false (is_sse (chat));
  text = g_strndup ((const char *) chat->json->data, chat->json->len);
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  return node;
}

#define HELLO \
  "{\"messages\": [{\"role\": \"user\", \"content\": \"Кой е Иван?\"}]," \
  " \"context\": [{\"label\": \"Contact: Иван Петров\", \"text\": \"Email: ivan@example.bg\"}]}"

static gint64
usage_used (Fixture *f)
{
  guint status = 0;
  g_autoptr(JsonNode) node = kt_test_request (f->ts, "GET", "/v1/ai/settings", f->owner.token, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (node), "usage"),
                                     "used");
}

/* Gemini: streamGenerateContent?alt=sse, its bytes split in 5-byte
 * writes (events and CRLF pairs across reads); each chunk's text goes
 * to the client as a delta event, then done. */
static void
test_gemini_stream (Fixture *f, gconstpointer data)
{
  static const char * const pieces[] = { "Иван ", "Петров е ", "клиент.", NULL };
  JsonObject *body, *system;
  JsonArray *contents;
  g_autofree char *finish = NULL;
  g_autofree char *prompt_tokens = NULL;
  Chat chat = { 0 };

  kt_ai_standin_push_stream (f->standin, pieces, TRUE);
  chat_run (f, &chat, HELLO);

  g_assert_cmpuint (soup_message_get_status (chat.msg), ==, 200);
  g_assert_true (is_sse (&chat));
  g_assert_true (chat.clean);
  g_assert_cmpstr (chat.text->str, ==, "Иван Петров е клиент.");
  g_assert_cmpuint (chat.types->len, ==, 4);
  g_assert_cmpstr (last_type (&chat), ==, "done");
  finish = last_member (&chat, "finish_reason");
  g_assert_cmpstr (finish, ==, "stop");

  /* What the provider was asked, exactly. */
  g_assert_cmpstr (kt_ai_standin_get_last_path (f->standin), ==,
                   "/v1beta/models/gemini-test:streamGenerateContent?alt=sse");
  g_assert_cmpstr (kt_ai_standin_get_last_key (f->standin), ==, "server-key");
  body = kt_ai_standin_get_last_body (f->standin);
  contents = json_object_get_array_member (body, "contents");
  g_assert_cmpuint (json_array_get_length (contents), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (contents, 0), "role"), ==, "user");
  system = json_object_get_object_member (body, "systemInstruction");
  g_assert_nonnull (strstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (system, "parts"), 0), "text"),
    "### Contact: Иван Петров\nEmail: ivan@example.bg"));
  g_assert_false (json_object_has_member (body, "generationConfig"));
  g_assert_cmpint (usage_used (f), ==, 1);
  (void) prompt_tokens;
  chat_clear (&chat);
}

/* OpenAI-compatible: /v1/chat/completions with stream, the system
 * message first, the key as a bearer token, [DONE] at the end. */
static void
test_openai_stream (Fixture *f, gconstpointer data)
{
  static const char * const pieces[] = { "Hello", ", ", "world", NULL };
  JsonObject *body;
  JsonArray *messages;
  Chat chat = { 0 };

  kt_ai_standin_push_stream (f->standin, pieces, TRUE);
  chat_run (f, &chat, "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                      " {\"role\": \"assistant\", \"content\": \"Hello!\"},"
                      " {\"role\": \"user\", \"content\": \"Say it again\"}]}");

  g_assert_cmpuint (soup_message_get_status (chat.msg), ==, 200);
  g_assert_true (chat.clean);
  g_assert_cmpstr (chat.text->str, ==, "Hello, world");
  g_assert_cmpstr (last_type (&chat), ==, "done");
  g_assert_cmpstr (kt_ai_standin_get_last_path (f->standin), ==, "/v1/chat/completions");
  g_assert_cmpstr (kt_ai_standin_get_last_key (f->standin), ==, "Bearer server-key");
  body = kt_ai_standin_get_last_body (f->standin);
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "local-model");
  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "role"), ==, "system");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 2), "role"), ==, "assistant");
  chat_clear (&chat);
}

#define RATE_LIMITED(delay, quota) \
  "{\"error\": {\"code\": 429, \"message\": \"Resource has been exhausted (e.g. check quota).\"," \
  " \"status\": \"RESOURCE_EXHAUSTED\", \"details\": [" \
  "{\"@type\": \"type.googleapis.com/google.rpc.QuotaFailure\", \"violations\": [{\"quotaMetric\":" \
  " \"generativelanguage.googleapis.com/generate_content_free_tier_requests\", \"quotaId\": \"" quota "\"}]}," \
  "{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"" delay "\"}]}}"

/* A 429 with a short retryDelay is waited out once; the answer then
 * streams as usual. */
static void
test_rate_limit_retried (Fixture *f, gconstpointer data)
{
  static const char * const pieces[] = { "OK", NULL };
  Chat chat = { 0 };

  kt_ai_standin_push_raw (f->standin, 429, "application/json",
                          RATE_LIMITED ("1s", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"), NULL);
  kt_ai_standin_push_stream (f->standin, pieces, TRUE);
  chat_run (f, &chat, HELLO);
  g_assert_cmpuint (soup_message_get_status (chat.msg), ==, 200);
  g_assert_cmpstr (chat.text->str, ==, "OK");
  g_assert_cmpuint (kt_ai_standin_get_n_requests (f->standin), ==, 2);
  g_assert_cmpint (usage_used (f), ==, 1);
  chat_clear (&chat);
}

/* A long delay is the person's to wait: 429 ai_rate_limited with
 * Retry-After; a daily quota is ai_quota. Neither is retried. */
static void
test_rate_limit_long (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  Chat chat = { 0 }, daily = { 0 };

  kt_ai_standin_push_raw (f->standin, 429, "application/json",
                          RATE_LIMITED ("120s", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"), NULL);
  chat_run (f, &chat, HELLO);
  g_assert_cmpuint (soup_message_get_status (chat.msg), ==, 429);
  first = chat_json (&chat);
  g_assert_cmpstr (kt_test_json_string (first, "error.code"), ==, "ai_rate_limited");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (chat.msg), "Retry-After"),
                   ==, "120");
  g_assert_cmpuint (kt_ai_standin_get_n_requests (f->standin), ==, 1);

  kt_ai_standin_push_raw (f->standin, 429, "application/json",
                          RATE_LIMITED ("1s", "GenerateRequestsPerDayPerProjectPerModel-FreeTier"), NULL);
  chat_run (f, &daily, HELLO);
  g_assert_cmpuint (soup_message_get_status (daily.msg), ==, 429);
  second = chat_json (&daily);
  g_assert_cmpstr (kt_test_json_string (second, "error.code"), ==, "ai_quota");
  g_assert_cmpuint (kt_ai_standin_get_n_requests (f->standin), ==, 2);
  chat_clear (&chat);
  chat_clear (&daily);
}

/* Gemini's safety block: a blocked prompt (promptFeedback, no
 * candidate), and an answer stopped midway (finishReason SAFETY): an
 * error event after what was already sent. */
static void
test_safety_block (Fixture *f, gconstpointer data)
{
  g_autofree char *code = NULL;
  g_autofree char *code2 = NULL;
  Chat blocked = { 0 }, stopped = { 0 };

  kt_ai_standin_push_raw (f->standin, 200, "text/event-stream",
                          "data: {\"promptFeedback\": {\"blockReason\": \"SAFETY\", \"safetyRatings\": ["
                          "{\"category\": \"HARM_CATEGORY_DANGEROUS_CONTENT\", \"probability\": \"HIGH\"}]},"
                          "\"usageMetadata\": {\"promptTokenCount\": 8, \"totalTokenCount\": 8}}\r\n\r\n", NULL);
  chat_run (f, &blocked, HELLO);
  g_assert_cmpuint (soup_message_get_status (blocked.msg), ==, 200);
  g_assert_cmpstr (last_type (&blocked), ==, "error");
  code = last_member (&blocked, "error.code");
  g_assert_cmpstr (code, ==, "ai_blocked");
  g_assert_cmpstr (blocked.text->str, ==, "");

  kt_ai_standin_push_raw (f->standin, 200, "text/event-stream",
                          "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Part\"}], \"role\": \"model\"}, \"index\": 0}]}\r\n\r\n"
                          "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}], \"role\": \"model\"},"
                          " \"finishReason\": \"SAFETY\", \"index\": 0}]}\r\n\r\n", NULL);
  chat_run (f, &stopped, HELLO);
  g_assert_cmpstr (stopped.text->str, ==, "Part");
  code2 = last_member (&stopped, "error.code");
  g_assert_cmpstr (code2, ==, "ai_blocked");
  chat_clear (&blocked);
  chat_clear (&stopped);
}

/* A chunk that is not JSON, and a stream that ends without its end:
 * an error event, never a "done". */
static void
test_malformed_and_truncated (Fixture *f, gconstpointer data)
{
  static const char * const pieces[] = { "Half ", "an answer", NULL };
  g_autofree char *code = NULL;
  g_autofree char *code2 = NULL;
  Chat malformed = { 0 }, truncated = { 0 };

  kt_ai_standin_push_raw (f->standin, 200, "text/event-stream",
                          "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A\"}}]}\n\n"
                          "data: {\"choices\": [\n\n", NULL);
  chat_run (f, &malformed, HELLO);
  g_assert_cmpstr (malformed.text->str, ==, "A");
  g_assert_cmpstr (last_type (&malformed), ==, "error");
  code = last_member (&malformed, "error.code");
  g_assert_cmpstr (code, ==, "ai_upstream");

  kt_ai_standin_push_stream (f->standin, pieces, FALSE);
  chat_run (f, &truncated, HELLO);
  g_assert_cmpstr (truncated.text->str, ==, "Half an answer");
  g_assert_cmpstr (last_type (&truncated), ==, "error");
  code2 = last_member (&truncated, "error.code");
  g_assert_cmpstr (code2, ==, "ai_upstream");
  g_assert_true (truncated.clean);
  chat_clear (&malformed);
  chat_clear (&truncated);
}

/* No headers in time: 504 ai_timeout; headers, then silence longer than
 * the idle timeout: an error event ai_timeout. */
static void
test_timeouts (Fixture *f, gconstpointer data)
{
  static const char * const pieces[] = { "Slow", " answer", NULL };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *code = NULL;
  Chat hang = { 0 }, slow = { 0 };

  kt_ai_standin_push_hang (f->standin);
  chat_run (f, &hang, HELLO);
  g_assert_cmpuint (soup_message_get_status (hang.msg), ==, 504);
  node = chat_json (&hang);
  g_assert_cmpstr (kt_test_json_string (node, "error.code"), ==, "ai_timeout");

  kt_ai_standin_set_pieces (f->standin, 0, 2500);
  kt_ai_standin_push_stream (f->standin, pieces, TRUE);
  chat_run (f, &slow, HELLO);
  g_assert_cmpuint (soup_message_get_status (slow.msg), ==, 200);
  g_assert_cmpstr (last_type (&slow), ==, "error");
  code = last_member (&slow, "error.code");
  g_assert_cmpstr (code, ==, "ai_timeout");
  chat_clear (&hang);
  chat_clear (&slow);
}

static gboolean
upstream_aborted (gpointer data)
{
  return kt_ai_standin_get_n_aborted (data) > 0;
}

/* The client goes away mid-stream: the proxy closes its connection to
 * the provider at once, which the provider sees. */
static void
test_client_disconnects (Fixture *f, gconstpointer data)
{
  guint cancelled = kt_ai_stream_get_n_cancelled ();
  Chat chat = { 0 };

  kt_ai_standin_push_endless (f->standin);
  chat.close_after = 2;
  chat_run (f, &chat, HELLO);
  g_assert_cmpuint (soup_message_get_status (chat.msg), ==, 200);
  g_assert_cmpuint (kt_ai_standin_get_n_aborted (f->standin), ==, 0);
  wait_for (upstream_aborted, f->standin);
  g_assert_cmpuint (kt_ai_stream_get_n_cancelled (), ==, cancelled + 1);
  chat_clear (&chat);
}

/* The plan's limit, when the server enforces limits: the request over
 * it is refused before the provider is asked, and not counted. */
static void
test_plan_limit (Fixture *f, gconstpointer data)
{
  static const char * const pieces[] = { "One", NULL };
  g_autoptr(JsonNode) node = NULL;
  Chat first = { 0 }, second = { 0 };

  kt_ai_standin_push_stream (f->standin, pieces, TRUE);
  chat_run (f, &first, HELLO);
  g_assert_cmpuint (soup_message_get_status (first.msg), ==, 200);
  chat_run (f, &second, HELLO);
  g_assert_cmpuint (soup_message_get_status (second.msg), ==, 403);
  node = chat_json (&second);
  g_assert_cmpstr (kt_test_json_string (node, "error.code"), ==, "plan_limit");
  g_assert_cmpstr (kt_test_json_string (node, "error.field"), ==, "ai_messages_per_month");
  g_assert_cmpuint (kt_ai_standin_get_n_requests (f->standin), ==, 1);
  g_assert_cmpint (usage_used (f), ==, 1);
  chat_clear (&first);
  chat_clear (&second);
}

static void
test_chat_validation (Fixture *f, gconstpointer data)
{
  static const char * const bodies[] = {
    "{\"messages\": []}",
    "{\"messages\": [{\"role\": \"assistant\", \"content\": \"last is not the person's\"}]}",
    "{\"messages\": [{\"role\": \"system\", \"content\": \"no\"}]}",
    "{\"messages\": [{\"role\": \"user\", \"content\": 5}]}",
    "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"context\": [{\"label\": \"a\"}]}",
    "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"model\": \"other\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      guint status = 0;
      g_autoptr(JsonNode) node = kt_test_request (f->ts, "POST", "/v1/ai/chat", f->owner.token, bodies[i], &status);

      g_assert_cmpuint (status / 100, ==, 4);
    }
  g_assert_cmpuint (kt_ai_standin_get_n_requests (f->standin), ==, 0);
  g_assert_cmpint (usage_used (f), ==, 0);
}

#define DRAFT_OK "{\"subject\": \"Среща в четвъртък\", \"body\": \"Здравейте, Иван,\\n...\"}"

/* Structured output with Gemini: the schema goes as responseSchema with
 * upper-case types, and the checked JSON comes back. */
static void
test_structured_gemini (Fixture *f, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *config, *schema;

  kt_ai_standin_push_text (f->standin, DRAFT_OK);
  node = kt_test_request (f->ts, "POST", "/v1/ai/structured", f->owner.token,
                          "{\"action\": \"draft_email\", \"prompt\": \"Покани го на среща\","
                          " \"context\": [{\"label\": \"Contact\", \"text\": \"Иван\"}]}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (node, "result.subject"), ==, "Среща в четвъртък");
  g_assert_cmpstr (kt_ai_standin_get_last_path (f->standin), ==, "/v1beta/models/gemini-test:generateContent");
  config = json_object_get_object_member (kt_ai_standin_get_last_body (f->standin), "generationConfig");
  g_assert_cmpstr (json_object_get_string_member (config, "responseMimeType"), ==, "application/json");
  schema = json_object_get_object_member (config, "responseSchema");
  g_assert_cmpstr (json_object_get_string_member (schema, "type"), ==, "OBJECT");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
    json_object_get_object_member (schema, "properties"), "subject"), "type"), ==, "STRING");
  g_assert_false (json_object_has_member (schema, "additionalProperties"));
}

/* OpenAI-compatible: response_format json_schema; an answer that does
 * not fit is asked again once, saying why; twice is an error and nothing
 * of either answer comes back. */
static void
test_structured_retry (Fixture *f, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(JsonNode) bad = NULL;
  JsonObject *body;
  JsonArray *messages;

  kt_ai_standin_push_text (f->standin, "{\"tasks\": [{\"title\": \"Call\", \"priority\": \"asap\","
                                       " \"due_in_days\": 1, \"reason\": \"r\"}]}");
  kt_ai_standin_push_text (f->standin, "{\"tasks\": [{\"title\": \"Call Ivan\", \"priority\": \"high\","
                                       " \"due_in_days\": 1, \"reason\": \"He asked\"}]}");
  ok = kt_test_request (f->ts, "POST", "/v1/ai/structured", f->owner.token,
                        "{\"action\": \"suggest_tasks\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (ok), "attempts"), ==, 2);
  body = kt_ai_standin_get_last_body (f->standin);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "response_format"),
                                                  "type"), ==, "json_schema");
  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (messages, 3), "content"),
                            "/tasks/0/priority"));

  kt_ai_standin_push_text (f->standin, "not JSON at all");
  kt_ai_standin_push_text (f->standin, "{\"tasks\": \"none\"}");
  bad = kt_test_request (f->ts, "POST", "/v1/ai/structured", f->owner.token,
                         "{\"action\": \"suggest_tasks\"}", &status);
  g_assert_cmpuint (status, ==, 502);
  g_assert_cmpstr (kt_test_json_string (bad, "error.code"), ==, "ai_invalid_output");
  g_assert_false (json_object_has_member (json_node_get_object (bad), "result"));
  g_assert_cmpuint (kt_ai_standin_get_n_requests (f->standin), ==, 4);
  g_assert_cmpint (usage_used (f), ==, 2);
}

/* The organization's own provider: Owners and Admins only; the key is
 * sealed in the database, never answered, and used for its requests. */
static void
test_settings (Fixture *f, gconstpointer data)
{
  static const char * const pieces[] = { "Own", NULL };
  g_autoptr(KtAiStandin) own = kt_ai_standin_new (FALSE);
  KtTestAccount user = { 0 };
  g_autoptr(JsonNode) denied = NULL;
  g_autoptr(JsonNode) put = NULL;
  g_autoptr(JsonNode) kept = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT api_key_sealed FROM ai_settings WHERE org_id = '%s'",
                                          f->owner.org_id);
  g_autofree char *stored = NULL;
  Chat chat = { 0 };
  guint status = 0;

  kt_test_add_member (f->ts, &f->owner, "user", &user);
  denied = kt_test_request (f->ts, "GET", "/v1/ai/settings", user.token, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&denied, json_node_unref);
  denied = kt_test_request (f->ts, "PUT", "/v1/ai/settings", user.token, "{\"provider\": \"openai\"}", &status);
  g_assert_cmpuint (status, ==, 403);

  put = kt_test_requestf (f->ts, "PUT", "/v1/ai/settings", f->owner.token, &status,
                          "{\"provider\": \"openai\", \"base_url\": \"%s/\", \"model\": \"llama\","
                          " \"api_key\": \"org-secret-key\"}", kt_ai_standin_get_base (own));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (put, "source"), ==, "organization");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (put), "has_key"));
  text = json_to_string (put, FALSE);
  g_assert_null (strstr (text, "org-secret-key"));
  stored = kt_test_pg_query (f->ts->config->database_url, sql);
  g_assert_nonnull (stored);
  g_assert_null (strstr (stored, "org-secret-key"));

  /* A change without "api_key" keeps the key. */
  kept = kt_test_requestf (f->ts, "PUT", "/v1/ai/settings", f->owner.token, &status,
                           "{\"provider\": \"openai\", \"base_url\": \"%s\", \"model\": \"llama-2\"}",
                           kt_ai_standin_get_base (own));
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (kept), "has_key"));

  kt_ai_standin_push_stream (own, pieces, TRUE);
  chat_run (f, &chat, HELLO);
  g_assert_cmpstr (chat.text->str, ==, "Own");
  g_assert_cmpstr (kt_ai_standin_get_last_key (own), ==, "Bearer org-secret-key");
  g_assert_cmpstr (json_object_get_string_member (kt_ai_standin_get_last_body (own), "model"), ==, "llama-2");
  g_assert_cmpuint (kt_ai_standin_get_n_requests (f->standin), ==, 0);

  g_clear_pointer (&denied, json_node_unref);
  denied = kt_test_request (f->ts, "PUT", "/v1/ai/settings", f->owner.token,
                            "{\"provider\": \"openai\", \"base_url\": \"file:///etc/passwd\"}", &status);
  g_assert_cmpuint (status, ==, 422);

  g_clear_pointer (&denied, json_node_unref);
  denied = kt_test_request (f->ts, "DELETE", "/v1/ai/settings", f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  back = kt_test_request (f->ts, "GET", "/v1/ai/settings", f->owner.token, NULL, &status);
  g_assert_cmpstr (kt_test_json_string (back, "source"), ==, "server");
  g_assert_null (kt_test_json_string (back, "base_url"));
  kt_test_account_clear (&user);
  chat_clear (&chat);
}

static void
test_not_configured (Fixture *f, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) node = kt_test_request (f->ts, "POST", "/v1/ai/chat", f->owner.token, HELLO, &status);

  g_assert_cmpuint (status, ==, 503);
  g_assert_cmpstr (kt_test_json_string (node, "error.code"), ==, "ai_not_configured");
}

/* The formats without a network. */
static void
test_parse_error (void)
{
  static const char body[] = RATE_LIMITED ("23s", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
  static const char invalid_key[] = "{\"error\": {\"code\": 400, \"message\": \"API key not valid\","
                                    " \"status\": \"INVALID_ARGUMENT\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) header = NULL;
  g_autoptr(GError) other = NULL;
  gint64 delay = 0;

  kt_ai_parse_error (KT_AI_PROVIDER_GEMINI, 429, body, strlen (body), NULL, &delay, &error);
  g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_RATE_LIMITED);
  g_assert_cmpint (delay, ==, 23);
  kt_ai_parse_error (KT_AI_PROVIDER_OPENAI, 429, "{}", 2, "7", &delay, &header);
  g_assert_error (header, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_RATE_LIMITED);
  g_assert_cmpint (delay, ==, 7);
  kt_ai_parse_error (KT_AI_PROVIDER_GEMINI, 400, invalid_key, strlen (invalid_key), NULL, &delay, &other);
  g_assert_error (other, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM);
  g_assert_nonnull (strstr (other->message, "API key not valid"));
  g_assert_cmpint (delay, ==, -1);

  /* strtod() reads "nans" as NaN, whose cast to an integer is undefined;
   * "infs" and a negative delay are no delay either, and the header
   * then counts. */
  {
    static const char * const delays[] = { "nans", "-nans", "infs", "-1s", "1e999s", "86401s" };

    for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
      {
        g_autofree char *text = g_strdup_printf (RATE_LIMITED ("%s", "PerMinute"), delays[i]);
        g_autoptr(GError) limited = NULL;
        g_autoptr(GError) with_header = NULL;

        kt_ai_parse_error (KT_AI_PROVIDER_GEMINI, 429, text, strlen (text), NULL, &delay, &limited);
        g_assert_error (limited, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_RATE_LIMITED);
        g_assert_cmpint (delay, ==, -1);
        kt_ai_parse_error (KT_AI_PROVIDER_GEMINI, 429, text, strlen (text), "9", &delay, &with_header);
        g_assert_cmpint (delay, ==, 9);
      }
  }
}

/* What an accepted answer promises whatever the provider wrote (found by
 * fuzz/fuzz-ai-provider.c): a finish reason in lower case or none (an
 * empty one says nothing), and token counts of -1 when not said, which a
 * negative count is not either. */
static void
test_parse_answer (void)
{
  static const struct {
    KtAiProviderKind kind;
    gboolean         streamed;
    const char      *json;
    const char      *text;
    const char      *finish;
    gint64           prompt_tokens, output_tokens;
  } cases[] = {
    { KT_AI_PROVIDER_OPENAI, TRUE, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"STOP\"}]}",
      "", "stop", -1, -1 },
    { KT_AI_PROVIDER_OPENAI, TRUE, "{\"choices\":[{\"delta\":{\"content\":\"A\"},\"finish_reason\":\"\"}]}",
      "A", NULL, -1, -1 },
    { KT_AI_PROVIDER_OPENAI, FALSE, "{\"choices\":[{\"message\":{\"content\":\"B\"},\"finish_reason\":\"Length\"}]}",
      "B", "max_tokens", -1, -1 },
    { KT_AI_PROVIDER_OPENAI, TRUE, "{\"choices\":[],\"usage\":{\"prompt_tokens\":-5,\"completion_tokens\":3}}",
      "", NULL, -1, 3 },
    { KT_AI_PROVIDER_GEMINI, TRUE,
      "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\"\"}],"
      "\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":-9223372036854775808}}",
      "x", NULL, 12, -1 },
    { KT_AI_PROVIDER_GEMINI, FALSE,
      "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"y\"}]},\"finishReason\":\"MAX_TOKENS\"}]}",
      "y", "max_tokens", -1, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(KtAiChunk) chunk = { NULL, NULL, FALSE, -1, -1 };
      g_autoptr(GError) error = NULL;
      gsize length = strlen (cases[i].json);
      gboolean ok = cases[i].streamed ? kt_ai_parse_chunk (cases[i].kind, cases[i].json, length, &chunk, &error)
                                      : kt_ai_parse_response (cases[i].kind, cases[i].json, length, &chunk, &error);

      g_test_message ("%s", cases[i].json);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (chunk.text, ==, cases[i].text);
      g_assert_cmpstr (chunk.finish_reason, ==, cases[i].finish);
      g_assert_cmpint (chunk.prompt_tokens, ==, cases[i].prompt_tokens);
      g_assert_cmpint (chunk.output_tokens, ==, cases[i].output_tokens);
    }

  /* The content filter is a block in any case. */
  {
    static const char json[] = "{\"choices\":[{\"delta\":{},\"finish_reason\":\"Content_Filter\"}]}";
    g_auto(KtAiChunk) chunk = { NULL, NULL, FALSE, -1, -1 };
    g_autoptr(GError) error = NULL;

    g_assert_false (kt_ai_parse_chunk (KT_AI_PROVIDER_OPENAI, json, strlen (json), &chunk, &error));
    g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_BLOCKED);
  }
}

static void
test_schema_validate (void)
{
  const KtAiAction *action = kt_ai_action_find ("analyse_deal");
  g_autoptr(JsonObject) schema = kt_ai_action_schema (action);
  static const struct { const char *json; const char *where; } cases[] = {
    { "{\"health\": \"good\", \"risks\": [], \"next_steps\": [\"Call\"], \"win_probability_bps\": 6000, \"facts_used\": []}", NULL },
    { "{\"health\": \"great\", \"risks\": [], \"next_steps\": [], \"win_probability_bps\": 1, \"facts_used\": []}", "/health" },
    { "{\"health\": \"good\", \"risks\": [], \"next_steps\": [], \"win_probability_bps\": 10001, \"facts_used\": []}", "/win_probability_bps" },
    { "{\"health\": \"good\", \"risks\": [{\"text\": \"x\"}], \"next_steps\": [], \"win_probability_bps\": 1, \"facts_used\": []}", "/risks/0" },
    { "{\"health\": \"good\", \"risks\": [], \"next_steps\": [], \"win_probability_bps\": 1.5, \"facts_used\": []}", "/win_probability_bps" },
    { "{\"health\": \"good\", \"risks\": [], \"next_steps\": [], \"win_probability_bps\": 1, \"facts_used\": [], \"sql\": \"DROP\"}", "/sql" },
    { "[]", "/" },
    /* json-glib reads the octal escape \236 (not JSON) as a lone byte (found by
     * fuzz/fuzz-ai-answer.c): not UTF-8, so refused. */
    { "{\"health\": \"good\", \"risks\": [], \"next_steps\": [\"Call \\236x\"], \"win_probability_bps\": 1, \"facts_used\": []}", "/next_steps/0" },
    /* The same byte in a member's name, which the message names (found by
     * the fuzzer's longer run): shown with U+FFFD, so the message is text. */
    { "{\"health\": \"good\", \"risks\": [], \"next_steps\": [], \"win_probability_bps\": 1, \"facts_used\": [], \"x\\236\": 1}", "/x\xef\xbf\xbd" },
  };

  g_assert_null (kt_ai_action_find ("run_sql"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr(GError) error = NULL;
      gboolean ok = kt_ai_schema_validate (schema, node, &error);

      g_assert_cmpint (ok, ==, cases[i].where == NULL);
      if (!ok)
        {
          g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].where);

          g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_nonnull (strstr (error->message, quoted));
        }
    }
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("ai");
  dir = g_dir_make_tmp ("kantora-ai-XXXXXX", NULL);
  secret_file = g_build_filename (dir, "secret", NULL);
  g_assert_true (g_file_set_contents (secret_file,
                                      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
                                      -1, NULL));

#define ADD(path, setup, func) g_test_add (path, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/server/ai/gemini-stream", setup_gemini, test_gemini_stream);
  ADD ("/server/ai/openai-stream", setup_openai, test_openai_stream);
  ADD ("/server/ai/rate-limit-retried", setup_gemini, test_rate_limit_retried);
  ADD ("/server/ai/rate-limit-long", setup_gemini, test_rate_limit_long);
  ADD ("/server/ai/safety-block", setup_gemini, test_safety_block);
  ADD ("/server/ai/malformed-and-truncated", setup_openai, test_malformed_and_truncated);
  ADD ("/server/ai/timeouts", setup_gemini, test_timeouts);
  ADD ("/server/ai/client-disconnects", setup_openai, test_client_disconnects);
  ADD ("/server/ai/plan-limit", setup_limited, test_plan_limit);
  ADD ("/server/ai/chat-validation", setup_openai, test_chat_validation);
  ADD ("/server/ai/structured-gemini", setup_gemini, test_structured_gemini);
  ADD ("/server/ai/structured-retry", setup_openai, test_structured_retry);
  ADD ("/server/ai/settings", setup_gemini, test_settings);
  ADD ("/server/ai/not-configured", setup_none, test_not_configured);
#undef ADD
  g_test_add_func ("/server/ai/parse-error", test_parse_error);
  g_test_add_func ("/server/ai/parse-answer", test_parse_answer);
  g_test_add_func ("/server/ai/schema-validate", test_schema_validate);

  result = g_test_run ();
  g_unlink (secret_file);
  g_rmdir (dir);
  g_free (secret_file);
  return result;
}
