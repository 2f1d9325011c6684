/* kt-response-stream.c: an answer written piece by piece on the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-response-stream"

#include "config.h"

#include <string.h>

#include "kt-request.h"
#include "kt-response-stream.h"

struct _KtResponseStream
{
  SoupServerMessage      *msg;
  gulong                  finished_id;
  KtResponseStreamClosed  closed;
  gpointer                closed_data;
  gboolean                begun;
};

static void
stream_free (KtResponseStream *out)
{
  if (out->finished_id != 0)
    g_signal_handler_disconnect (out->msg, out->finished_id);
  g_object_unref (out->msg);
  g_free (out);
}

static void
on_finished_cb (SoupServerMessage *msg,
                gpointer           data)
{
  KtResponseStream *out = data;

  /* Only reached when the client went away: finish() and fail()
   * disconnect this before the message can finish. */
  out->finished_id = 0;
  g_signal_handlers_disconnect_by_data (msg, out);
  if (out->closed != NULL)
    out->closed (out->closed_data);
  stream_free (out);
}

KtResponseStream *
kt_response_stream_new (SoupServerMessage *msg)
{
  KtResponseStream *out = g_new0 (KtResponseStream, 1);

  out->msg = g_object_ref (msg);
  out->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_finished_cb), out);
  return out;
}

void
kt_response_stream_set_closed_func (KtResponseStream       *out,
                                    KtResponseStreamClosed  func,
                                    gpointer                data)
{
  g_return_if_fail (out != NULL);

  out->closed = func;
  out->closed_data = data;
}

void
kt_response_stream_begin (KtResponseStream *out,
                          guint             status,
                          const char       *content_type)
{
  SoupMessageHeaders *headers;

  g_return_if_fail (out != NULL && !out->begun);

  headers = soup_server_message_get_response_headers (out->msg);
  out->begun = TRUE;
  soup_server_message_set_status (out->msg, status, NULL);
  soup_message_headers_set_content_type (headers, content_type, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  /* A reverse proxy (nginx) would otherwise hold the pieces back. */
  soup_message_headers_replace (headers, "X-Accel-Buffering", "no");
  /* Written pieces are not kept: an answer may be long. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (out->msg), FALSE);
  soup_server_message_unpause (out->msg);
}

gboolean
kt_response_stream_has_begun (KtResponseStream *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  return out->begun;
}

void
kt_response_stream_write (KtResponseStream *out,
                          const char       *data,
                          gsize             length)
{
  g_return_if_fail (out != NULL && out->begun);

  if (length == 0)
    return;
  soup_message_body_append (soup_server_message_get_response_body (out->msg), SOUP_MEMORY_COPY,
                            data, length);
  soup_server_message_unpause (out->msg);
}

void
kt_response_stream_finish (KtResponseStream *out)
{
  g_return_if_fail (out != NULL && out->begun);

  g_signal_handler_disconnect (out->msg, out->finished_id);
  out->finished_id = 0;
  soup_message_body_complete (soup_server_message_get_response_body (out->msg));
  soup_server_message_unpause (out->msg);
  stream_free (out);
}

void
kt_response_stream_fail (KtResponseStream *out,
                         const GError     *error,
                         gint64            retry_after)
{
  g_autoptr(KtRequest) req = kt_request_new ();
  SoupMessageHeaders *headers;

  g_return_if_fail (out != NULL && !out->begun);
  g_return_if_fail (error != NULL);

  headers = soup_server_message_get_response_headers (out->msg);
  kt_request_respond_error (req, error);
  g_signal_handler_disconnect (out->msg, out->finished_id);
  out->finished_id = 0;
  soup_server_message_set_status (out->msg, req->status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (retry_after >= 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after);

      soup_message_headers_replace (headers, "Retry-After", seconds);
    }
  soup_server_message_set_response (out->msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    req->response, strlen (req->response));
  soup_server_message_unpause (out->msg);
  stream_free (out);
}
