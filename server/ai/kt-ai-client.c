/* kt-ai-client.c: talking to an AI provider over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-client"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-ai-client.h"
#include "kt-server-error.h"

/* A provider's error body is small; more is not read. */
#define MAX_ERROR_BODY (64 * 1024)
/* A whole answer (structured output) beyond this is not an answer. */
#define MAX_ANSWER_BODY (4 * 1024 * 1024)
#define READ_SIZE 16384

static guint n_cancelled;

guint
kt_ai_stream_get_n_cancelled (void)
{
  return g_atomic_int_get (&n_cancelled);
}

static SoupMessage *
build_message (const KtAiSettings *settings,
               const KtAiRequest  *request,
               GError            **error)
{
  g_autofree char *url = kt_ai_request_url (settings, request->stream);
  g_autofree char *body = kt_ai_request_body (settings, request);
  g_autofree char *auth = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *msg;
  const char *header;
  gsize len = strlen (body);

  msg = soup_message_new ("POST", url);
  if (msg == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_NOT_CONFIGURED,
                   _("The AI provider’s base URL is not a URL"));
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&body), len);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  kt_ai_request_auth (settings, &header, &auth);
  if (auth != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, auth);
  if (request->stream)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "text/event-stream");
  return msg;
}

static GError *
transport_error (GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (KT_SERVER_ERROR, KT_SERVER_ERROR_AI_TIMEOUT,
                        _("The AI provider did not answer in time"));
  return g_error_new (KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM,
                      _("The AI provider cannot be reached: %s"), error->message);
}

static GBytes *
read_limited (GInputStream *in,
              gsize         limit,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  guint8 buffer[READ_SIZE];

  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (all->len + (gsize) n > limit)
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM,
                       _("The AI provider’s answer is too large"));
          return NULL;
        }
      g_byte_array_append (all, buffer, (guint) n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

char *
kt_ai_complete (const KtAiSettings   *settings,
                const KtAiRequest    *request,
                const KtServerConfig *config,
                GCancellable         *cancellable,
                gint64               *retry_after,
                GError              **error)
{
  g_autoptr(SoupSession) session = NULL;
  KtAiRequest whole = *request;

  g_return_val_if_fail (settings != NULL && request != NULL && config != NULL, NULL);

  if (retry_after != NULL)
    *retry_after = -1;
  whole.stream = FALSE;
  session = soup_session_new_with_options ("timeout", config->ai_connect_timeout_seconds,
                                           "user-agent", "kantora-server/" PACKAGE_VERSION, NULL);

  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(SoupMessage) msg = build_message (settings, &whole, error);
      g_autoptr(GInputStream) in = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) local_error = NULL;
      g_auto(KtAiChunk) chunk = { NULL, NULL, FALSE, -1, -1 };
      gint64 delay = -1;
      guint status;

      if (msg == NULL)
        return NULL;
      in = soup_session_send (session, msg, cancellable, &local_error);
      if (in != NULL)
        {
          status = soup_message_get_status (msg);
          body = read_limited (in, SOUP_STATUS_IS_SUCCESSFUL (status) ? MAX_ANSWER_BODY : MAX_ERROR_BODY,
                               cancellable, &local_error);
        }
      if (body == NULL)
        {
          if (local_error->domain == KT_SERVER_ERROR)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_propagate_error (error, transport_error (local_error));
          return NULL;
        }

      status = soup_message_get_status (msg);
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          gsize len;
          const char *data = g_bytes_get_data (body, &len);

          if (!kt_ai_parse_response (settings->kind, data ? data : "", len, &chunk, error))
            return NULL;
          return g_steal_pointer (&chunk.text);
        }

      kt_ai_parse_error (settings->kind, status, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                         soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"),
                         &delay, &local_error);
      /* One wait for a short delay; a long one is the person's to wait. */
      if (attempt == 0 && g_error_matches (local_error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_RATE_LIMITED) &&
          delay >= 0 && delay <= config->ai_max_retry_delay_seconds)
        {
          g_usleep ((gulong) delay * G_USEC_PER_SEC);
          continue;
        }
      if (retry_after != NULL)
        *retry_after = delay;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
}

/* The streamed answer */

struct _KtAiStream
{
  KtAiSettings              *settings;
  KtAiRequest                request;
  JsonArray                 *messages;
  JsonObject                *schema;
  char                      *system;
  char                      *schema_name;
  const KtServerConfig      *config;
  KtAiStreamCallbacks        callbacks;
  gpointer                   data;

  SoupSession               *session;
  SoupMessage               *msg;
  GInputStream              *body;
  GCancellable              *cancellable;
  KtSseReader               *reader;
  GByteArray                *error_body;  /* a non-2xx answer's body */
  guint                      attempt;
  guint                      idle_id;     /* the headers', then a chunk's timeout */
  guint                      total_id;
  guint                      retry_id;
  gboolean                   started;
  gboolean                   ended;       /* finished, failed or cancelled */
  gboolean                   timed_out;
  char                      *finish_reason;
  gint64                     prompt_tokens;
  gint64                     output_tokens;
  GError                    *chunk_error;
};

static void stream_send (KtAiStream *stream);

static void
stream_free (KtAiStream *stream)
{
  g_clear_handle_id (&stream->idle_id, g_source_remove);
  g_clear_handle_id (&stream->total_id, g_source_remove);
  g_clear_handle_id (&stream->retry_id, g_source_remove);
  g_clear_pointer (&stream->settings, kt_ai_settings_free);
  g_clear_pointer (&stream->messages, json_array_unref);
  g_clear_pointer (&stream->schema, json_object_unref);
  g_free (stream->system);
  g_free (stream->schema_name);
  g_clear_object (&stream->body);
  g_clear_object (&stream->msg);
  g_clear_object (&stream->session);
  g_clear_object (&stream->cancellable);
  g_clear_pointer (&stream->reader, kt_sse_reader_free);
  if (stream->error_body != NULL)
    g_byte_array_unref (stream->error_body);
  g_free (stream->finish_reason);
  g_clear_error (&stream->chunk_error);
  /* The box itself is g_atomic_rc_box's to free. */
}

static void
stream_unref (KtAiStream *stream)
{
  g_atomic_rc_box_release_full (stream, (GDestroyNotify) stream_free);
}

/* Every callback ends in one of these, and the stream lets go of the
 * connection: cancelling also closes it, which tells the provider. */
static void
stream_end (KtAiStream *stream)
{
  stream->ended = TRUE;
  g_clear_handle_id (&stream->idle_id, g_source_remove);
  g_clear_handle_id (&stream->total_id, g_source_remove);
  g_clear_handle_id (&stream->retry_id, g_source_remove);
  g_cancellable_cancel (stream->cancellable);
}

static void
stream_fail (KtAiStream *stream,
             GError     *error,
             gint64      retry_after)
{
  if (stream->ended)
    {
      g_error_free (error);
      return;
    }
  stream_end (stream);
  stream->callbacks.failed (error, retry_after, stream->data);
  g_error_free (error);
  stream_unref (stream);   /* the caller's reference */
}

static void
time_out (KtAiStream *stream,
          gboolean    waiting)
{
  stream->timed_out = TRUE;
  stream_fail (stream,
               g_error_new_literal (KT_SERVER_ERROR, KT_SERVER_ERROR_AI_TIMEOUT,
                                    waiting ? _("The AI provider did not answer in time")
                                            : _("The AI provider stopped sending its answer")),
               -1);
}

/* Until the headers, then between two chunks. */
static gboolean
on_idle_timeout_cb (gpointer data)
{
  KtAiStream *stream = data;

  stream->idle_id = 0;
  time_out (stream, !stream->started);
  return G_SOURCE_REMOVE;
}

static gboolean
on_total_timeout_cb (gpointer data)
{
  KtAiStream *stream = data;

  stream->total_id = 0;
  time_out (stream, !stream->started);
  return G_SOURCE_REMOVE;
}

static void
arm_idle (KtAiStream *stream,
          guint       seconds)
{
  g_clear_handle_id (&stream->idle_id, g_source_remove);
  stream->idle_id = g_timeout_add_seconds (seconds, on_idle_timeout_cb, stream);
}

static gboolean
on_retry_cb (gpointer data)
{
  stream_send (data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_event_cb (const KtSseEvent *event,
             gpointer          data)
{
  KtAiStream *stream = data;
  g_auto(KtAiChunk) chunk = { NULL, NULL, FALSE, -1, -1 };

  if (!kt_ai_parse_chunk (stream->settings->kind, event->data, event->data_length, &chunk,
                          &stream->chunk_error))
    return FALSE;
  if (chunk.prompt_tokens >= 0)
    stream->prompt_tokens = chunk.prompt_tokens;
  if (chunk.output_tokens >= 0)
    stream->output_tokens = chunk.output_tokens;
  if (chunk.finish_reason != NULL)
    {
      g_free (stream->finish_reason);
      stream->finish_reason = g_steal_pointer (&chunk.finish_reason);
    }
  if (chunk.done && stream->finish_reason == NULL)
    stream->finish_reason = g_strdup ("stop");
  if (chunk.text != NULL && *chunk.text)
    stream->callbacks.delta (chunk.text, strlen (chunk.text), stream->data);
  /* The callback may have cancelled the stream. */
  return !stream->ended;
}

static void
finish_error_body (KtAiStream *stream)
{
  g_autoptr(GError) error = NULL;
  gint64 delay = -1;

  kt_ai_parse_error (stream->settings->kind, soup_message_get_status (stream->msg),
                     (const char *) stream->error_body->data, stream->error_body->len,
                     soup_message_headers_get_one (soup_message_get_response_headers (stream->msg),
                                                   "Retry-After"),
                     &delay, &error);
  if (stream->attempt == 0 && g_error_matches (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_RATE_LIMITED) &&
      delay >= 0 && delay <= stream->config->ai_max_retry_delay_seconds)
    {
      stream->attempt++;
      g_clear_handle_id (&stream->idle_id, g_source_remove);
      g_clear_object (&stream->body);
      g_clear_object (&stream->msg);
      g_byte_array_set_size (stream->error_body, 0);
      stream->retry_id = g_timeout_add_seconds ((guint) delay, on_retry_cb, stream);
      return;
    }
  stream_fail (stream, g_steal_pointer (&error), delay);
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  KtAiStream *stream = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize len;
  const char *chunk;

  if (stream->ended)
    goto out;
  if (bytes == NULL)
    {
      stream_fail (stream, transport_error (error), -1);
      goto out;
    }

  chunk = g_bytes_get_data (bytes, &len);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (stream->msg)))
    {
      if (len > 0 && stream->error_body->len + len <= MAX_ERROR_BODY)
        g_byte_array_append (stream->error_body, (const guint8 *) chunk, (guint) len);
      if (len == 0 || stream->error_body->len + READ_SIZE > MAX_ERROR_BODY)
        {
          finish_error_body (stream);
          goto out;
        }
    }
  else if (len == 0)
    {
      /* The end: complete only when the provider said it stopped and
       * no event was left unfinished; otherwise the answer was cut. */
      if (!kt_sse_reader_finish (stream->reader) || stream->finish_reason == NULL)
        {
          stream_fail (stream, g_error_new (KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM,
                                            _("The AI provider’s answer broke off")), -1);
          goto out;
        }
      stream_end (stream);
      stream->callbacks.finished (stream->finish_reason, stream->prompt_tokens,
                                  stream->output_tokens, stream->data);
      stream_unref (stream);   /* the caller's reference */
      goto out;
    }
  else
    {
      arm_idle (stream, stream->config->ai_idle_timeout_seconds);
      if (!kt_sse_reader_feed (stream->reader, chunk, len, &error))
        {
          if (stream->chunk_error != NULL)
            stream_fail (stream, g_steal_pointer (&stream->chunk_error), -1);
          else if (!g_error_matches (error, KT_SSE_ERROR, KT_SSE_ERROR_STOPPED))
            stream_fail (stream, g_error_new (KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM,
                                              _("The AI provider’s stream is malformed: %s"),
                                              error->message), -1);
          goto out;
        }
      if (stream->ended)
        goto out;
    }

  g_input_stream_read_bytes_async (stream->body, READ_SIZE, G_PRIORITY_DEFAULT, stream->cancellable,
                                   on_read_cb, g_atomic_rc_box_acquire (stream));
out:
  stream_unref (stream);   /* the read's reference */
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  KtAiStream *stream = data;
  g_autoptr(GError) error = NULL;
  GInputStream *body = soup_session_send_finish (SOUP_SESSION (source), result, &error);

  if (stream->ended)
    {
      g_clear_object (&body);
      stream_unref (stream);
      return;
    }
  if (body == NULL)
    {
      stream_fail (stream, transport_error (error), -1);
      stream_unref (stream);
      return;
    }

  stream->body = body;
  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (stream->msg)))
    {
      stream->started = TRUE;
      arm_idle (stream, stream->config->ai_idle_timeout_seconds);
      stream->callbacks.started (stream->data);
      if (stream->ended)
        {
          stream_unref (stream);
          return;
        }
    }
  g_input_stream_read_bytes_async (stream->body, READ_SIZE, G_PRIORITY_DEFAULT, stream->cancellable,
                                   on_read_cb, stream);   /* the send's reference goes on */
}

static void
stream_send (KtAiStream *stream)
{
  g_autoptr(GError) error = NULL;

  stream->retry_id = 0;
  stream->msg = build_message (stream->settings, &stream->request, &error);
  if (stream->msg == NULL)
    {
      stream_fail (stream, g_steal_pointer (&error), -1);
      return;
    }
  arm_idle (stream, stream->config->ai_connect_timeout_seconds);
  soup_session_send_async (stream->session, stream->msg, G_PRIORITY_DEFAULT, stream->cancellable,
                           on_sent_cb, g_atomic_rc_box_acquire (stream));
}

KtAiStream *
kt_ai_stream_start (const KtAiSettings        *settings,
                    const KtAiRequest         *request,
                    const KtServerConfig      *config,
                    const KtAiStreamCallbacks *callbacks,
                    gpointer                   data)
{
  KtAiStream *stream;

  g_return_val_if_fail (settings != NULL && request != NULL && config != NULL, NULL);
  g_return_val_if_fail (callbacks != NULL, NULL);

  stream = g_atomic_rc_box_new0 (KtAiStream);
  stream->settings = kt_ai_settings_new (settings->kind, settings->base_url, settings->model,
                                         settings->api_key);
  stream->messages = json_array_ref (request->messages);
  stream->schema = request->schema ? json_object_ref (request->schema) : NULL;
  stream->system = g_strdup (request->system);
  stream->schema_name = g_strdup (request->schema_name);
  stream->request.messages = stream->messages;
  stream->request.schema = stream->schema;
  stream->request.system = stream->system;
  stream->request.schema_name = stream->schema_name;
  stream->request.stream = TRUE;
  stream->config = config;
  stream->callbacks = *callbacks;
  stream->data = data;
  stream->prompt_tokens = stream->output_tokens = -1;
  stream->cancellable = g_cancellable_new ();
  stream->reader = kt_sse_reader_new (0, 0, on_event_cb, stream);
  stream->error_body = g_byte_array_new ();
  /* No I/O timeout of the session: the stream's own timers decide. */
  stream->session = soup_session_new_with_options ("user-agent", "kantora-server/" PACKAGE_VERSION, NULL);
  stream->total_id = g_timeout_add_seconds (config->ai_total_timeout_seconds, on_total_timeout_cb, stream);

  /* Sent from the main loop, so that no callback runs before the
   * caller has the stream in hand. */
  stream->retry_id = g_idle_add (on_retry_cb, stream);
  return stream;
}

void
kt_ai_stream_cancel (KtAiStream *stream)
{
  g_return_if_fail (stream != NULL);
  g_return_if_fail (!stream->ended);

  g_atomic_int_inc (&n_cancelled);
  stream_end (stream);
  stream_unref (stream);
}
