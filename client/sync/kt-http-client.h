/* kt-http-client.h: the client's one way to call the server
 *
 * Every server call of the client goes through here: the sync cycle's
 * push and pull, signing in and out, the team, the profile, a record's
 * history, and the billing, PDF and AI calls to come. A call sends METHOD
 * PATH with an optional JSON body through the engine's HTTP session and
 * finishes with the answer as a JsonNode, checked by kt_json_guard_check()
 * before json-glib parses it, or with a KT_SYNC_ERROR translated from the
 * server's error shape {"error": {"code", "message"}} (docs/api.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

/**
 * KtHttpFlags:
 * @KT_HTTP_DEFAULT: to the engine's server with the engine's token (looked
 *   up in the keyring when the engine has not needed it yet); a network
 *   error or a 5xx is retried with backoff, honouring Retry-After
 * @KT_HTTP_SIGN_IN: sends no token, and a 401 is a refused sign-in in the
 *   server's words rather than an expired session (register, log in)
 * @KT_HTTP_NO_RETRY: a person waits for the answer and can try again, so
 *   the first failure is final (the team pane, the CLI's profile)
 */
typedef enum {
  KT_HTTP_DEFAULT  = 0,
  KT_HTTP_SIGN_IN  = 1 << 0,
  KT_HTTP_NO_RETRY = 1 << 1,
} KtHttpFlags;

/* One JSON request to the engine's server. @body may be NULL. Finishes
 * with the parsed answer (a JSON null for 204 No Content). */
void      kt_http_request_async   (KtSyncEngine        *engine,
                                   const char          *method,
                                   const char          *path_and_query,
                                   JsonNode            *body,
                                   KtHttpFlags          flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
JsonNode *kt_http_request_finish  (KtSyncEngine        *engine,
                                   GAsyncResult        *result,
                                   GError             **error);

/* A GET whose 2xx body is returned as it came, unparsed (a pulled page,
 * guarded and parsed on the worker that applies it); errors as above.
 * The body may still be gzip (the server's Content-Encoding): libsoup's
 * decoder would inflate a 3 MB page on the main loop, about 10 ms of a
 * frame, so the caller inflates it where it parses it, with
 * kt_http_gunzip(). */
void      kt_http_get_bytes_async  (KtSyncEngine        *engine,
                                    const char          *path_and_query,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
GBytes   *kt_http_get_bytes_finish (KtSyncEngine        *engine,
                                    GAsyncResult        *result,
                                    GError             **error);

/* @bytes inflated when they are gzip (they start with its magic bytes,
 * which JSON text never does), else @bytes itself; at most @max_bytes
 * inflated, a server's gzip bomb being a protocol error like any broken
 * gzip. */
GBytes   *kt_http_gunzip           (GBytes              *bytes,
                                    gsize                max_bytes,
                                    GError             **error);
/* The length of @bytes inflated, as a gzip's trailer tells it (modulo
 * 4 GiB, and only a claim until kt_http_gunzip() checks it); the length
 * of @bytes when they are not gzip. */
gsize     kt_http_body_size        (GBytes              *bytes);

/* Copies the first bytes of @bytes, inflated when they are gzip, into
 * @out: at most @size, fewer when the stream does not give them at once
 * or is broken (kt_http_gunzip() says why). Costs microseconds however
 * large @bytes is: for reading a page's envelope before it is inflated
 * whole. Returns how many bytes it copied. */
gsize     kt_http_peek             (GBytes              *bytes,
                                    char                *out,
                                    gsize                size);

/* One JSON request to @server_url, which need not be the engine's, with
 * @bearer (or no token when NULL), never the engine's own: joining a team
 * talks to another account. Not retried; a 401 is a refused sign-in in
 * the server's words. Finishes as kt_http_request_finish() does. */
void      kt_http_send_to_async   (KtSyncEngine        *engine,
                                   const char          *server_url,
                                   const char          *bearer,
                                   const char          *method,
                                   const char          *path_and_query,
                                   JsonNode            *body,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
JsonNode *kt_http_send_to_finish  (KtSyncEngine        *engine,
                                   GAsyncResult        *result,
                                   GError             **error);

/* TRUE for errors worth retrying later (network, 5xx). */
gboolean  kt_sync_error_is_transient (const GError *error);

G_END_DECLS
