/* kt-http-guard.c: the limits of the HTTP front, before any handler runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-http-guard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-http-guard.h"
#include "kt-request.h"
#include "kt-server-error.h"

/* After a refusal the client may still be sending. Closing a socket with
 * unread bytes makes the kernel send a reset, which can destroy the
 * answer before the client reads it; so the rest is read and dropped
 * (never kept) for a short while first, as web servers' "lingering
 * close" does. */
#define LINGER_MS        1000
#define LINGER_MAX_BYTES (8 * 1024 * 1024)

#define WATCH_KEY "kt-http-guard-watch"

/* What the guard knows of one message; lives as the message's data. */
typedef struct {
  const KtServerConfig *config;
  SoupServerMessage    *msg;          /* not a reference: we live on it */
  GSource              *timeout;
  guint64               received;     /* body bytes so far */
  gboolean              headers_done;
} Watch;

/* A connection taken from libsoup to be answered and closed. */
typedef struct {
  GIOStream    *stream;
  GSocket      *socket;
  GBytes       *answer;
  GCancellable *cancellable;
  GSource      *deadline;
  gsize         drained;
  char          buffer[8192];
} Closer;

static void
watch_disarm (Watch *watch)
{
  if (watch->timeout != NULL)
    {
      g_source_destroy (watch->timeout);
      g_clear_pointer (&watch->timeout, g_source_unref);
    }
}

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  watch_disarm (watch);
  g_free (watch);
}

static void
closer_free (Closer *closer)
{
  if (closer->deadline != NULL)
    {
      g_source_destroy (closer->deadline);
      g_source_unref (closer->deadline);
    }
  g_clear_object (&closer->cancellable);
  g_clear_pointer (&closer->answer, g_bytes_unref);
  if (closer->socket != NULL)
    g_socket_close (closer->socket, NULL);
  g_clear_object (&closer->socket);
  g_clear_object (&closer->stream);
  g_free (closer);
}

static void
on_closed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  closer_free (data);
}

static void
closer_finish (Closer *closer)
{
  g_io_stream_close_async (closer->stream, G_PRIORITY_DEFAULT, NULL, on_closed_cb, closer);
}

static void
on_drained_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Closer *closer = data;
  gssize got = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (got > 0 && closer->drained < LINGER_MAX_BYTES &&
      !g_cancellable_is_cancelled (closer->cancellable))
    {
      closer->drained += (gsize) got;
      g_input_stream_read_async (G_INPUT_STREAM (source), closer->buffer, sizeof closer->buffer,
                                 G_PRIORITY_LOW, closer->cancellable, on_drained_cb, closer);
      return;
    }
  closer_finish (closer);
}

static gboolean
on_linger_over_cb (gpointer data)
{
  Closer *closer = data;

  g_clear_pointer (&closer->deadline, g_source_unref);
  g_cancellable_cancel (closer->cancellable);
  return G_SOURCE_REMOVE;
}

static void
closer_linger (Closer *closer)
{
  /* The answer is out; tell the client we are done writing, then drop
   * what it still sends until it stops or the deadline passes. */
  g_socket_shutdown (closer->socket, FALSE, TRUE, NULL);
  closer->deadline = g_timeout_source_new (LINGER_MS);
  g_source_set_callback (closer->deadline, on_linger_over_cb, closer, NULL);
  g_source_attach (closer->deadline, g_main_context_get_thread_default ());
  g_input_stream_read_async (g_io_stream_get_input_stream (closer->stream), closer->buffer,
                             sizeof closer->buffer, G_PRIORITY_LOW, closer->cancellable,
                             on_drained_cb, closer);
}

static void
on_answer_written_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  Closer *closer = data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      closer_finish (closer);
      return;
    }
  closer_linger (closer);
}

/* The HTTP text of an error answer, in the one JSON shape. */
static GBytes *
build_answer (SoupServerMessage *msg,
              const GError      *error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(KtRequest) req = kt_request_new ();
  GString *text = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

  req->method = g_strdup (soup_server_message_get_method (msg));
  req->path = g_strdup (g_uri_get_path (soup_server_message_get_uri (msg)));
  g_free (req->language);
  req->language = kt_request_pick_language (soup_message_headers_get_one (headers, "Accept-Language"));
  kt_request_respond_error (req, error);

  g_string_append_printf (text, "HTTP/1.1 %u %s\r\n", req->status, soup_status_get_phrase (req->status));
  g_string_append_printf (text, "Date: %s\r\n", date);
  g_string_append (text, "Content-Type: application/json; charset=utf-8\r\n");
  g_string_append_printf (text, "Content-Length: %" G_GSIZE_FORMAT "\r\n", strlen (req->response));
  g_string_append (text, "Cache-Control: no-store\r\nConnection: close\r\n\r\n");
  g_string_append (text, req->response);
  return g_string_free_to_bytes (text);
}

/* Takes the connection from libsoup, writes @error's answer (if any) and
 * closes it. libsoup forgets the message: no handler runs for it. */
static void
refuse (SoupServerMessage *msg,
        const GError      *error)
{
  /* Stealing the connection can drop libsoup's last reference to the
   * message: the rest works on a reference of its own. */
  g_autoptr(SoupServerMessage) keep = g_object_ref (msg);
  g_autoptr(GBytes) answer = NULL;
  GSocket *socket;
  GIOStream *stream;
  Closer *closer;

  Watch *watch = g_object_get_data (G_OBJECT (keep), WATCH_KEY);

  /* The Watch lives on the message; this request is over for it. */
  if (watch != NULL)
    watch_disarm (watch);

  if (error != NULL)
    answer = build_answer (keep, error);
  socket = soup_server_message_get_socket (keep);
  if (socket == NULL)
    return;
  g_object_ref (socket);
  stream = soup_server_message_steal_connection (keep);
  if (stream == NULL)
    {
      g_object_unref (socket);
      return;
    }

  closer = g_new0 (Closer, 1);
  closer->stream = stream;
  closer->socket = socket;
  closer->cancellable = g_cancellable_new ();
  if (answer == NULL)
    {
      closer_finish (closer);
      return;
    }
  closer->answer = g_steal_pointer (&answer);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (closer->answer, NULL),
                                   g_bytes_get_size (closer->answer),
                                   G_PRIORITY_DEFAULT, closer->cancellable,
                                   on_answer_written_cb, closer);
}

static void
refuse_too_large (Watch *watch)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = g_strdup_printf ("%" G_GSIZE_FORMAT, watch->config->max_body_bytes);

  g_set_error (&error, KT_SERVER_ERROR, KT_SERVER_ERROR_TOO_LARGE,
               _("The request body is larger than the limit of %s bytes"), limit);
  refuse (watch->msg, error);
}

static gboolean
on_read_timeout_cb (gpointer data)
{
  Watch *watch = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&watch->timeout, g_source_unref);
  if (!watch->headers_done)
    {
      /* Nothing to answer: an idle keep-alive connection looks the same
       * as a slow request line, and an answer nobody asked for would be
       * taken as the answer to the client's next request. */
      refuse (watch->msg, NULL);
      return G_SOURCE_REMOVE;
    }

  {
    g_autofree char *seconds = g_strdup_printf ("%u", watch->config->read_timeout_seconds);

    g_set_error (&error, KT_SERVER_ERROR, KT_SERVER_ERROR_TIMEOUT,
                 _("The request did not arrive within %s seconds"), seconds);
  }
  refuse (watch->msg, error);
  return G_SOURCE_REMOVE;
}

/* One plain decimal that fits in 64 bits. libsoup reads a longer one, or
 * several headers joined with commas, as some number (or none) and then
 * waits for a body that never comes; RFC 9112 says to refuse both. */
static gboolean
content_length_is_valid (const char *value)
{
  gsize digits = 0;

  while (*value == ' ' || *value == '\t')
    value++;
  for (; g_ascii_isdigit (*value); value++)
    digits++;
  while (*value == ' ' || *value == '\t')
    value++;
  return *value == '\0' && digits > 0 && digits <= 18;
}

static void
on_got_headers_cb (SoupServerMessage *msg,
                   gpointer           data)
{
  Watch *watch = data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

  watch->headers_done = TRUE;

  /* libsoup's own checks (the scheme, ".." in the path) already failed:
   * the answer prepared at the start goes out. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_message_headers_remove (response_headers, "Content-Type");
  /* A message's answers are sized (keep-alive needs it); removing
   * headers can reset that to "until the connection closes". */
  soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CONTENT_LENGTH);

  {
    const char *length = soup_message_headers_get_list (request_headers, "Content-Length");

    if (length != NULL && !content_length_is_valid (length))
      {
        g_autoptr(GError) error = NULL;

        g_set_error_literal (&error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_REQUEST,
                             _("The Content-Length header must be one number of bytes"));
        refuse (msg, error);
        return;
      }
  }

  if (soup_message_headers_get_encoding (request_headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (request_headers) > (goffset) watch->config->max_body_bytes)
    refuse_too_large (watch);
}

static void
on_got_chunk_cb (SoupServerMessage *msg,
                 GBytes            *chunk,
                 gpointer           data)
{
  Watch *watch = data;

  /* Only a chunked body can get here over the limit: a Content-Length
   * over it was refused with the headers. */
  watch->received += g_bytes_get_size (chunk);
  if (watch->received > watch->config->max_body_bytes)
    refuse_too_large (watch);
}

static void
on_got_body_cb (SoupServerMessage *msg,
                gpointer           data)
{
  /* The whole request is in; how long the handler takes is not the
   * client's doing. */
  watch_disarm (data);
}

static void
set_default_answer (SoupServerMessage *msg)
{
  static char *answer;

  /* libsoup answers a request line or header it cannot parse by itself,
   * with no signal before it writes; this body is what it will send. A
   * request that parses drops it in on_got_headers_cb(). Built once: it
   * is the same for every request (the process's language; the
   * request's own is not known yet). */
  if (g_once_init_enter (&answer))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtRequest) req = kt_request_new ();

      g_set_error (&error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_REQUEST,
                   _("The request is not valid HTTP"));
      kt_request_respond_error (req, error);
      g_once_init_leave (&answer, g_steal_pointer (&req->response));
    }
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                    answer, strlen (answer));
}

static void
on_request_started_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       gpointer           data)
{
  Watch *watch = g_new0 (Watch, 1);

  watch->config = data;
  watch->msg = msg;
  g_object_set_data_full (G_OBJECT (msg), WATCH_KEY, watch, watch_free);

  set_default_answer (msg);

  /* Not g_timeout_source_new_seconds(): its whole-second grouping can
   * fire almost a second early, and the limit is documented. */
  watch->timeout = g_timeout_source_new (watch->config->read_timeout_seconds * 1000);
  g_source_set_callback (watch->timeout, on_read_timeout_cb, watch, NULL);
  g_source_attach (watch->timeout, g_main_context_get_thread_default ());

  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers_cb), watch);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), watch);
  g_signal_connect (msg, "got-body", G_CALLBACK (on_got_body_cb), watch);
}

void
kt_http_guard_attach (SoupServer           *soup,
                      const KtServerConfig *config)
{
  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (config != NULL);

  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started_cb), (gpointer) config);
}
