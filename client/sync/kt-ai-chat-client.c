/* kt-ai-chat-client.c: the Assistant's chat, streamed from the server
 *
 * kt_http_request_async() reads a whole answer before it finishes, which
 * a chat must not do: the person reads the answer as it is written, and
 * a 4,000-token answer would sit in memory until its end. So the request
 * here is sent with soup_session_send_async(), and the body is read as a
 * GInputStream, one g_input_stream_read_bytes_async() at a time, each
 * read fed to the SSE reader, each delta emitted before the next read.
 * A chat is not retried: the person sees the error and presses Retry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-chat"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-chat-client.h"
#include "kt-json-guard.h"
#include "kt-sse.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"

/* A read's size: a delta event is a few dozen bytes, so one read holds
 * what arrived since the last, and a slow network never waits for more. */
#define READ_SIZE 8192
/* An error answer before the stream is a small JSON object. */
#define MAX_ERROR_BODY (64 * 1024)

struct _KtAiChatRequest
{
  GObject         parent_instance;

  KtSyncEngine   *engine;
  GBytes         *body;
  SoupMessage    *msg;
  GInputStream   *stream;
  KtSseReader    *reader;
  GByteArray     *error_body;   /* a non-2xx answer's body, read whole */
  GTask          *task;
  gboolean        done;
  char           *finish_reason;
  gint64          output_tokens;
  guint           retry_after;
  GError         *stream_error; /* an error event, kept for the end */
};

G_DEFINE_FINAL_TYPE (KtAiChatRequest, kt_ai_chat_request, G_TYPE_OBJECT)

enum {
  SIGNAL_DELTA,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (kt-ai-chat-error-quark, kt_ai_chat_error)

static void read_next (KtAiChatRequest *self);

/* Helpers */

static void
finish (KtAiChatRequest *self,
        GError          *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static KtAiChatError
error_for_code (const char *code,
                guint       status)
{
  static const struct {
    const char    *code;
    KtAiChatError  error;
  } codes[] = {
    { "ai_rate_limited", KT_AI_CHAT_ERROR_RATE_LIMITED },
    { "ai_quota", KT_AI_CHAT_ERROR_QUOTA },
    { "ai_blocked", KT_AI_CHAT_ERROR_BLOCKED },
    { "ai_timeout", KT_AI_CHAT_ERROR_TIMEOUT },
    { "plan_limit", KT_AI_CHAT_ERROR_PLAN_LIMIT },
    { "ai_not_configured", KT_AI_CHAT_ERROR_NOT_CONFIGURED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (code, codes[i].code) == 0)
      return codes[i].error;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return KT_AI_CHAT_ERROR_UNAUTHORIZED;
  if (status == 429)
    return KT_AI_CHAT_ERROR_RATE_LIMITED;
  return KT_AI_CHAT_ERROR_FAILED;
}

/* {"error": {"code", "message"}}, the shape of every error of the server,
 * in a plain answer and in an error event alike. */
static GError *
parse_error (const char *data,
             gsize       length,
             guint       status)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *code = NULL;
  const char *message = NULL;
  JsonNode *root;

  if (length > 0 && kt_json_guard_check (data, length, KT_JSON_GUARD_MAX_DEPTH, NULL) &&
      json_parser_load_from_data (parser, data, (gssize) length, NULL) &&
      JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      JsonNode *err = json_object_get_member (json_node_get_object (root), "error");

      if (err != NULL && JSON_NODE_HOLDS_OBJECT (err))
        {
          code = json_object_get_string_member_with_default (json_node_get_object (err), "code", NULL);
          message = json_object_get_string_member_with_default (json_node_get_object (err), "message", NULL);
        }
    }

  if (message == NULL && status != 0)
    return g_error_new (KT_AI_CHAT_ERROR, error_for_code (code, status),
                        _("The server answered HTTP %u %s"), status, soup_status_get_phrase (status));
  return g_error_new_literal (KT_AI_CHAT_ERROR, error_for_code (code, status),
                              message != NULL ? message : _("The answer broke off"));
}

/* Retry-After in delta-seconds, as the server sends it with a 429. */
static guint
read_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  guint64 seconds = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return 0;
  return (guint) seconds;
}

static void
read_done (KtAiChatRequest *self,
           const char      *data,
           gsize            length)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  self->done = TRUE;
  if (!kt_json_guard_check (data, length, KT_JSON_GUARD_MAX_DEPTH, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    return;

  {
    JsonObject *object = json_node_get_object (root);
    JsonNode *usage = json_object_get_member (object, "usage");

    g_free (self->finish_reason);
    self->finish_reason = g_strdup (json_object_get_string_member_with_default (object, "finish_reason", NULL));
    if (usage != NULL && JSON_NODE_HOLDS_OBJECT (usage))
      {
        JsonNode *tokens = json_object_get_member (json_node_get_object (usage), "output_tokens");

        if (tokens != NULL && JSON_NODE_HOLDS_VALUE (tokens) &&
            json_node_get_value_type (tokens) == G_TYPE_INT64)
          self->output_tokens = json_node_get_int (tokens);
      }
  }
}

/* Callbacks */

static gboolean
on_event_cb (const KtSseEvent *event,
             gpointer          user_data)
{
  KtAiChatRequest *self = user_data;

  if (g_str_equal (event->type, "delta"))
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonNode *root;
      const char *text;

      if (!kt_json_guard_check (event->data, event->data_length, KT_JSON_GUARD_MAX_DEPTH, NULL) ||
          !json_parser_load_from_data (parser, event->data, (gssize) event->data_length, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
        return TRUE;
      text = json_object_get_string_member_with_default (json_node_get_object (root), "text", NULL);
      if (text != NULL && *text != '\0')
        g_signal_emit (self, signals[SIGNAL_DELTA], 0, text);
    }
  else if (g_str_equal (event->type, "done"))
    {
      read_done (self, event->data, event->data_length);
      return FALSE;
    }
  else if (g_str_equal (event->type, "error"))
    {
      g_clear_error (&self->stream_error);
      self->stream_error = parse_error (event->data, event->data_length, 0);
      return FALSE;
    }
  return TRUE;
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (KtAiChatRequest) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize length = 0;
  const char *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (self, g_steal_pointer (&error));
      else
        finish (self, g_error_new (KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_OFFLINE,
                                   _("The connection to the server broke off: %s"), error->message));
      return;
    }

  data = g_bytes_get_data (bytes, &length);

  /* An error answer: gather its (small) body, then report it. */
  if (self->error_body != NULL)
    {
      if (length > 0 && self->error_body->len < MAX_ERROR_BODY)
        {
          g_byte_array_append (self->error_body, (const guint8 *) data, (guint) length);
          read_next (self);
          return;
        }
      finish (self, parse_error ((const char *) self->error_body->data, self->error_body->len,
                                 soup_message_get_status (self->msg)));
      return;
    }

  if (length == 0)
    {
      /* The stream ended without done or error: the server went away
       * mid-answer. */
      finish (self, g_error_new_literal (KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_FAILED,
                                         _("The answer broke off")));
      return;
    }

  if (!kt_sse_reader_feed (self->reader, data, length, &error))
    {
      if (self->stream_error != NULL)
        finish (self, g_steal_pointer (&self->stream_error));
      else if (self->done)
        finish (self, NULL);
      else
        finish (self, g_error_new (KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_FAILED,
                                   _("The server's answer could not be read: %s"), error->message));
      return;
    }

  read_next (self);
}

static void
read_next (KtAiChatRequest *self)
{
  /* A cancelled request stops at once, even between two reads. */
  if (g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      return;
    }
  g_input_stream_read_bytes_async (self->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (self->task),
                                   on_read_cb, g_object_ref (self));
}

static void
on_send_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (KtAiChatRequest) self = user_data;
  g_autoptr (GError) error = NULL;
  guint status;

  self->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (self->stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (self, g_steal_pointer (&error));
      else
        finish (self, g_error_new (KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_OFFLINE,
                                   _("Could not reach the server: %s"), error->message));
      return;
    }

  status = soup_message_get_status (self->msg);
  if (status < 200 || status >= 300)
    {
      self->retry_after = read_retry_after (self->msg);
      self->error_body = g_byte_array_new ();
    }
  read_next (self);
}

static void
send_request (KtAiChatRequest *self)
{
  KtSyncEngine *engine = self->engine;
  g_autofree char *url = g_strconcat (engine->server_url, "/v1/ai/chat", NULL);
  g_autofree char *auth = NULL;
  SoupMessageHeaders *headers;

  self->msg = soup_message_new ("POST", url);
  if (self->msg == NULL)
    {
      finish (self, g_error_new (KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_OFFLINE,
                                 _("“%s” is not a valid server address"), engine->server_url));
      return;
    }
  headers = soup_message_get_request_headers (self->msg);
  soup_message_headers_append (headers, "Accept", "text/event-stream");
  auth = g_strconcat ("Bearer ", engine->token, NULL);
  soup_message_headers_append (headers, "Authorization", auth);
  memset (auth, 0, strlen (auth));
  soup_message_set_request_body_from_bytes (self->msg, "application/json", self->body);

  soup_session_send_async (engine->session, self->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (self->task), on_send_cb, g_object_ref (self));
}

static void
on_token_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (KtAiChatRequest) self = user_data;
  g_autoptr (GError) error = NULL;
  char *token = kt_secrets_lookup_finish (KT_SECRETS (source), result, &error);

  if (token == NULL)
    {
      finish (self, g_error_new_literal (KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_OFFLINE,
                                         _("You are not signed in")));
      return;
    }
  /* The engine caches the token as its own requests do. */
  if (self->engine->token == NULL)
    self->engine->token = token;
  else
    {
      memset (token, 0, strlen (token));
      g_free (token);
    }
  send_request (self);
}

/* Overrides */

static void
kt_ai_chat_request_finalize (GObject *object)
{
  KtAiChatRequest *self = KT_AI_CHAT_REQUEST (object);

  g_assert (self->task == NULL);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_object (&self->msg);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->reader, kt_sse_reader_free);
  g_clear_pointer (&self->error_body, g_byte_array_unref);
  g_clear_pointer (&self->finish_reason, g_free);
  g_clear_error (&self->stream_error);

  G_OBJECT_CLASS (kt_ai_chat_request_parent_class)->finalize (object);
}

static void
kt_ai_chat_request_class_init (KtAiChatRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kt_ai_chat_request_finalize;

  /**
   * KtAiChatRequest::delta:
   * @text: the piece of the answer that just arrived
   */
  signals[SIGNAL_DELTA] = g_signal_new ("delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kt_ai_chat_request_init (KtAiChatRequest *self)
{
  self->output_tokens = -1;
  self->reader = kt_sse_reader_new (0, 0, on_event_cb, self);
}

/* Public API */

KtAiChatRequest *
kt_ai_chat_request_new (KtSyncEngine *engine,
                        JsonNode     *body)
{
  KtAiChatRequest *self;
  char *text;

  g_return_val_if_fail (KT_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  self = g_object_new (KT_TYPE_AI_CHAT_REQUEST, NULL);
  self->engine = g_object_ref (engine);
  text = json_to_string (body, FALSE);
  self->body = g_bytes_new_take (text, strlen (text));
  return self;
}

void
kt_ai_chat_request_run_async (KtAiChatRequest     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  KtSyncEngine *engine;

  g_return_if_fail (KT_IS_AI_CHAT_REQUEST (self));
  g_return_if_fail (self->task == NULL && self->msg == NULL);

  engine = self->engine;
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, kt_ai_chat_request_run_async);

  if (engine->server_url == NULL)
    {
      finish (self, g_error_new_literal (KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_OFFLINE,
                                         _("No server address is set")));
      return;
    }
  if (engine->token == NULL)
    {
      g_autofree char *client_id = kt_store_sync_dup_client_id (engine->store);

      kt_secrets_lookup_async (engine->secrets, engine->server_url, client_id, cancellable,
                               on_token_cb, g_object_ref (self));
      return;
    }
  send_request (self);
}

gboolean
kt_ai_chat_request_run_finish (KtAiChatRequest  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
kt_ai_chat_request_get_finish_reason (KtAiChatRequest *self)
{
  g_return_val_if_fail (KT_IS_AI_CHAT_REQUEST (self), NULL);

  return self->finish_reason;
}

gint64
kt_ai_chat_request_get_output_tokens (KtAiChatRequest *self)
{
  g_return_val_if_fail (KT_IS_AI_CHAT_REQUEST (self), -1);

  return self->output_tokens;
}

guint
kt_ai_chat_request_get_retry_after (KtAiChatRequest *self)
{
  g_return_val_if_fail (KT_IS_AI_CHAT_REQUEST (self), 0);

  return self->retry_after;
}
