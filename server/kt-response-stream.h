/* kt-response-stream.h: an answer written piece by piece on the main loop
 *
 * Most handlers answer once, when they return. A handler that forwards a
 * stream (the AI proxy's text/event-stream) instead hands the server a
 * start function with kt_request_stream(); once the handler has returned
 * and its worker and database connection are free, the server calls it
 * on the main loop with a KtResponseStream, which writes the status and
 * headers when told, then each piece as a chunk the moment it is
 * written, and ends the body. When the client goes away first, the
 * closed function is called and the stream is gone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _KtResponseStream KtResponseStream;

typedef void (*KtResponseStreamClosed) (gpointer data);

/* The server makes one per streamed answer (kt-server.c); @msg is paused. */
KtResponseStream *kt_response_stream_new   (SoupServerMessage      *msg);
/* Called once if the client goes away before the end; @out is freed
 * right after, and must not be used again. */
void  kt_response_stream_set_closed_func   (KtResponseStream       *out,
                                            KtResponseStreamClosed  func,
                                            gpointer                data);
/* The status and headers, sent at once; the body is chunked. */
void  kt_response_stream_begin             (KtResponseStream       *out,
                                            guint                   status,
                                            const char             *content_type);
gboolean kt_response_stream_has_begun      (KtResponseStream       *out);
/* A piece of the body, sent as soon as the connection takes it. */
void  kt_response_stream_write             (KtResponseStream       *out,
                                            const char             *data,
                                            gsize                   length);
/* Ends the body and frees @out. */
void  kt_response_stream_finish            (KtResponseStream       *out);
/* Before begin(): the usual JSON error answer instead (with Retry-After
 * when @retry_after >= 0); frees @out. */
void  kt_response_stream_fail              (KtResponseStream       *out,
                                            const GError           *error,
                                            gint64                  retry_after);

G_END_DECLS
