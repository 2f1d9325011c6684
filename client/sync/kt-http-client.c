/* kt-http-client.c: the client's one way to call the server
 *
 * Every request goes through the engine's SoupSession. A request to the
 * engine's server with the engine's token (the default) is retried on a
 * network error or a 5xx, with exponential backoff and jitter, up to the
 * engine's retry limit, and never sooner than a Retry-After the server
 * sent; every other answer is final. Sync requests are idempotent by
 * design (docs/sync.md), so a retry after a lost response is always safe.
 * Every answer is checked by kt_json_guard_check() before json-glib sees
 * it: json-glib recurses per nesting level, and a broken or hostile
 * server must not crash the client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-json-guard.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"

#define RETRY_MAX_MS  8000

/* An error's body inflated at most this far (a raw request's). */
#define ERROR_BODY_MAX_BYTES (1024 * 1024)

typedef struct {
  char        *server_url;
  char        *bearer;      /* kt_http_send_to_async()'s token, else NULL */
  gboolean     own_server;  /* the engine's server, with the engine's token */
  KtHttpFlags  flags;
  char        *method;
  char        *path;
  GBytes      *body;
  gboolean     raw;         /* finish with the body's bytes, unparsed */
  guint        attempt;
  SoupMessage *msg;
  guint        timeout_id;
} Request;

static void send_request (GTask *task);

static void
wipe_string (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
}

static void
request_free (Request *req)
{
  g_clear_handle_id (&req->timeout_id, g_source_remove);
  g_free (req->server_url);
  wipe_string (req->bearer);
  g_free (req->bearer);
  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_object (&req->msg);
  g_free (req);
}

static void
finish_with_error (GTask  *task,
                   GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

gboolean
kt_sync_error_is_transient (const GError *error)
{
  return g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK) ||
         g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_SERVER);
}

/* The server's error shape: {"error": {"code", "message", "field"}}. */
static void
read_error_body (GBytes      *bytes,
                 char       **out_code,
                 char       **out_message,
                 char       **out_field)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *err;
  gsize len = 0;
  const char *data;

  *out_code = NULL;
  *out_message = NULL;
  *out_field = NULL;
  if (bytes == NULL)
    return;

  data = g_bytes_get_data (bytes, &len);
  if (len == 0 || !kt_json_guard_check (data, len, KT_JSON_GUARD_MAX_DEPTH, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "error")))
    return;

  err = json_object_get_object_member (root, "error");
  *out_code = g_strdup (json_object_get_string_member_with_default (err, "code", NULL));
  *out_message = g_strdup (json_object_get_string_member_with_default (err, "message", NULL));
  *out_field = g_strdup (json_object_get_string_member_with_default (err, "field", NULL));
}

static GError *
error_for_status (guint     status,
                  GBytes   *bytes,
                  gboolean  signing_in)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *field = NULL;

  read_error_body (bytes, &code, &message, &field);

  if (status >= 500)
    return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_SERVER,
                        _("The server had a problem (HTTP %u): %s"), status,
                        message ? message : soup_status_get_phrase (status));

  if (status == 426 || g_strcmp0 (code, "unsupported_protocol") == 0)
    return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL,
                                _("The server needs a newer version of Kantora. Please update Kantora to keep syncing."));

  /* A 401 to a sign-in (login, register, joining a team) is a wrong
   * email or password, said in the server's words, not an expired
   * session. */
  if (status == 401 && signing_in)
    return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED,
                                message ? message : soup_status_get_phrase (status));

  /* A wrong current password on a password change: the session is fine,
   * so this is a refusal of that field, not a reason to sign out. */
  if (status == 401 && g_strcmp0 (code, "bad_credentials") == 0)
    {
      GError *refused = g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_REFUSED,
                                             message ? message : soup_status_get_phrase (status));

      kt_sync_error_set_field (refused, field);
      return refused;
    }

  if (status == 401)
    return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED,
                        _("Your sign-in has expired or was revoked. Please sign in again (%s)."),
                        message ? message : soup_status_get_phrase (status));

  if (g_strcmp0 (code, "not_a_member") == 0)
    return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_A_MEMBER,
                        _("You are no longer a member of this organization: %s"),
                        message ? message : soup_status_get_phrase (status));

  if (message != NULL)
    {
      GError *refused = g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_REFUSED, message);

      /* A 422 names the field it refused: a form shows it there. */
      kt_sync_error_set_field (refused, field);
      return refused;
    }

  return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_REFUSED,
                      _("The server refused the request (HTTP %u %s)"),
                      status, soup_status_get_phrase (status));
}

/* Retry-After in delta-seconds (what the server sends with a 503, docs/api.md)
 * as milliseconds, or 0 when absent or in another form. At most an hour:
 * a broken server's huge value must not stop syncing for days. */
static guint
retry_after_ms (SoupMessage *msg)
{
  const char *value;
  guint64 seconds;
  char *end = NULL;

  if (msg == NULL)
    return 0;
  value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  if (value == NULL)
    return 0;
  seconds = g_ascii_strtoull (value, &end, 10);
  if (end == value || *end != '\0')
    return 0;
  return (guint) MIN (seconds, (guint64) 3600) * 1000;
}

static gboolean
on_retry_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);

  req->timeout_id = 0;
  send_request (task);
  return G_SOURCE_REMOVE;
}

/* Retries @task later if it may; otherwise fails it with @error. Takes
 * ownership of @task and @error. */
static void
retry_or_fail (GTask  *task,
               GError *error)
{
  KtSyncEngine *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  guint after = retry_after_ms (req->msg);
  guint delay;

  /* The engine's backoff between cycles waits for the server's
   * Retry-After too; only the engine's own server counts. */
  if (req->own_server && kt_sync_error_is_transient (error))
    self->retry_after_ms = after;

  if ((req->flags & KT_HTTP_NO_RETRY) != 0 || req->attempt >= self->retry_limit ||
      !kt_sync_error_is_transient (error) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      finish_with_error (task, error);
      return;
    }

  delay = MIN (self->retry_base_ms << MIN (req->attempt, 6u), RETRY_MAX_MS);
  delay = delay / 2 + (guint) g_random_int_range (0, (gint32) delay / 2 + 1);

  /* The server said when it can answer again: asking sooner only adds
   * load to a server that is down. A wait longer than a request should
   * take is left to the engine's backoff between cycles, which honours
   * it too. */
  if (after > RETRY_MAX_MS)
    {
      finish_with_error (task, error);
      return;
    }
  delay = MAX (delay, after);

  g_debug ("%s %s failed (%s); retry %u in %u ms", req->method, req->path,
           error->message, req->attempt + 1, delay);
  req->attempt++;
  req->timeout_id = g_timeout_add (delay, on_retry_timeout_cb, task);
  g_error_free (error);
}

static void
on_send_and_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonParser) parser = NULL;
  guint status;
  gsize len = 0;
  const char *data;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish_with_error (task, g_steal_pointer (&error));
          return;
        }
      retry_or_fail (task, g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK,
                                        _("Could not reach the server at %s: %s"),
                                        req->server_url, error->message));
      return;
    }

  status = soup_message_get_status (req->msg);
  /* A raw request's error body comes as the server sent it (see
   * start_own_request()): small, inflated here. */
  if (req->raw && (status < 200 || status >= 300))
    {
      GBytes *inflated = kt_http_gunzip (bytes, ERROR_BODY_MAX_BYTES, NULL);

      g_bytes_unref (bytes);
      bytes = inflated;
    }
  if (status < 200 || status >= 300)
    {
      GError *failure = error_for_status (status, bytes,
                                          (req->flags & KT_HTTP_SIGN_IN) != 0 ||
                                          !req->own_server);
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;
      g_autofree char *field = NULL;
      guint after = retry_after_ms (req->msg);

      /* The code and Retry-After go with the error: the AI actions word
       * a plan limit or a 429 in their own terms. */
      read_error_body (bytes, &code, &message, &field);
      if (failure->domain == KT_SYNC_ERROR)
        kt_sync_error_set_answer (failure, code, after > 0 ? (gint64) after / 1000 : -1);
      retry_or_fail (task, failure);
      return;
    }

  /* A pulled page is guarded and parsed on the worker thread that
   * applies it. */
  if (req->raw)
    {
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      g_object_unref (task);
      return;
    }

  /* 204 No Content (a logout, a removal) has no body by definition: its
   * answer is a JSON null, which no caller that needs an object accepts.
   * Any other status must carry JSON. */
  data = g_bytes_get_data (bytes, &len);
  if (len == 0 && status == SOUP_STATUS_NO_CONTENT)
    {
      g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify) json_node_unref);
      g_object_unref (task);
      return;
    }

  parser = json_parser_new ();
  if (len == 0 || !kt_json_guard_check (data, len, KT_JSON_GUARD_MAX_DEPTH, &error) ||
      !json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      finish_with_error (task, g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                                            _("The server's answer to %s is not JSON: %s"), req->path,
                                            error ? error->message : _("empty body")));
      return;
    }

  g_task_return_pointer (task, json_node_copy (json_parser_get_root (parser)),
                         (GDestroyNotify) json_node_unref);
  g_object_unref (task);
}

/* The server words its errors in Bulgarian or English; ask for the
 * language Kantora shows. */
static const char *
accept_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "bg"))
        return "bg, en;q=0.5";
      if (g_str_has_prefix (names[i], "en"))
        break;
    }
  return "en";
}

static void
send_request (GTask *task)
{
  KtSyncEngine *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  const char *bearer = NULL;
  SoupMessageHeaders *headers;

  url = g_strconcat (req->server_url, req->path, NULL);
  g_clear_object (&req->msg);
  req->msg = soup_message_new (req->method, url);
  if (req->msg == NULL)
    {
      finish_with_error (task, g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK,
                                            _("“%s” is not a valid server address"),
                                            req->server_url));
      return;
    }

  if (!req->own_server)
    bearer = req->bearer;
  else if ((req->flags & KT_HTTP_SIGN_IN) == 0)
    bearer = self->token;

  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_append (headers, "Accept", "application/json");
  soup_message_headers_append (headers, "Accept-Language", accept_language ());
  if (bearer != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", bearer, NULL);

      soup_message_headers_append (headers, "Authorization", auth);
      wipe_string (auth);
    }
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", req->body);
  /* A raw body is inflated by its reader, off the main loop
   * (kt_http_gunzip()); only gzip, which that reads. */
  if (req->raw)
    {
      soup_message_disable_feature (req->msg, SOUP_TYPE_CONTENT_DECODER);
      soup_message_headers_append (headers, "Accept-Encoding", "gzip");
    }

  soup_session_send_and_read_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    on_send_and_read_cb, task);
}

static void
on_token_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *token = kt_secrets_lookup_finish (KT_SECRETS (source), result, &error);

  if (token == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED,
                                     _("You are not signed in. Please sign in to sync."));
      finish_with_error (task, error);
      return;
    }

  wipe_string (self->token);
  g_free (self->token);
  self->token = token;
  send_request (task);
}

static GTask *
new_request (KtSyncEngine        *self,
             const char          *server_url,
             const char          *method,
             const char          *path_and_query,
             JsonNode            *body,
             KtHttpFlags          flags,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  req->server_url = g_strdup (server_url);
  req->method = g_strdup (method);
  req->path = g_strdup (path_and_query);
  req->flags = flags;
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      req->body = g_bytes_new_take (text, strlen (text));
    }
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  return task;
}

/* Sends @task to the engine's server, looking the engine's token up in
 * the keyring first when it needs one the engine has not loaded yet. */
static void
start_own_request (GTask *task)
{
  KtSyncEngine *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  req->own_server = TRUE;
  if (req->server_url == NULL)
    {
      finish_with_error (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED,
                                                    _("No server address is set")));
      return;
    }

  if ((req->flags & KT_HTTP_SIGN_IN) == 0 && self->token == NULL)
    {
      g_autofree char *client_id = kt_store_sync_dup_client_id (self->store);

      kt_secrets_lookup_async (self->secrets, self->server_url, client_id,
                               g_task_get_cancellable (task), on_token_cb, task);
      return;
    }

  send_request (task);
}

/**
 * kt_http_request_async:
 * @engine: a #KtSyncEngine
 * @method: the HTTP method
 * @path_and_query: the path below the server's address, with its query
 * @body: (nullable): the JSON body to send
 * @flags: how to authenticate and whether to retry
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
kt_http_request_async (KtSyncEngine        *engine,
                       const char          *method,
                       const char          *path_and_query,
                       JsonNode            *body,
                       KtHttpFlags          flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (method != NULL && path_and_query != NULL);

  task = new_request (engine, engine->server_url, method, path_and_query, body, flags,
                      cancellable, callback, user_data, kt_http_request_async);
  start_own_request (task);
}

/**
 * kt_http_request_finish:
 *
 * Returns: (transfer full): the answer, a JSON null for 204 No Content
 */
JsonNode *
kt_http_request_finish (KtSyncEngine  *engine,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kt_http_get_bytes_async (KtSyncEngine        *engine,
                         const char          *path_and_query,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Request *req;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (path_and_query != NULL);

  task = new_request (engine, engine->server_url, "GET", path_and_query, NULL,
                      KT_HTTP_DEFAULT, cancellable, callback, user_data,
                      kt_http_get_bytes_async);
  req = g_task_get_task_data (task);
  req->raw = TRUE;
  start_own_request (task);
}

static gboolean
is_gzip (GBytes *bytes)
{
  gsize len = 0;
  const guchar *data = g_bytes_get_data (bytes, &len);

  return len >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

gsize
kt_http_body_size (GBytes *bytes)
{
  gsize len = 0;
  const guchar *data = g_bytes_get_data (bytes, &len);

  /* ISIZE, little-endian, ends the member (RFC 1952). */
  if (!is_gzip (bytes) || len < 18)
    return len;
  return (gsize) data[len - 4] | (gsize) data[len - 3] << 8 |
         (gsize) data[len - 2] << 16 | (gsize) data[len - 1] << 24;
}

GBytes *
kt_http_gunzip (GBytes  *bytes,
                gsize    max_bytes,
                GError **error)
{
  g_autoptr (GConverter) decompressor = NULL;
  g_autoptr (GByteArray) out = NULL;
  const guchar *in;
  gsize in_len = 0;
  gsize in_pos = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!is_gzip (bytes))
    return g_bytes_ref (bytes);

  decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  in = g_bytes_get_data (bytes, &in_len);
  out = g_byte_array_sized_new (MIN (in_len * 6, max_bytes));
  for (;;)
    {
      g_autoptr (GError) local_error = NULL;
      guchar buffer[64 * 1024];
      gsize read = 0, written = 0;
      GConverterResult result;

      result = g_converter_convert (decompressor, in + in_pos, in_len - in_pos, buffer, sizeof buffer,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, &local_error);
      /* No progress at the end of the input: a cut stream. */
      if (result == G_CONVERTER_ERROR ||
          (result != G_CONVERTER_FINISHED && read == 0 && written == 0))
        {
          g_set_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                       _("The server's answer is not valid gzip: %s"),
                       local_error != NULL ? local_error->message : _("it ends too early"));
          return NULL;
        }
      in_pos += read;
      if (written > max_bytes - out->len)
        {
          g_set_error_literal (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server's answer is too large"));
          return NULL;
        }
      g_byte_array_append (out, buffer, (guint) written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gsize
kt_http_peek (GBytes *bytes,
              char   *out,
              gsize   size)
{
  g_autoptr (GConverter) decompressor = NULL;
  const guchar *in;
  gsize in_len = 0;
  gsize read = 0, written = 0;

  g_return_val_if_fail (bytes != NULL && out != NULL, 0);

  in = g_bytes_get_data (bytes, &in_len);
  if (!is_gzip (bytes))
    {
      written = MIN (in_len, size);
      memcpy (out, in, written);
      return written;
    }

  /* One call: a gzip member's first bytes come out of its first block,
   * and whatever does not is simply not peeked. */
  decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  if (g_converter_convert (decompressor, in, in_len, out, size, G_CONVERTER_NO_FLAGS,
                           &read, &written, NULL) == G_CONVERTER_ERROR)
    return 0;
  return written;
}

/**
 * kt_http_get_bytes_finish:
 *
 * Returns: (transfer full): the answer's body as it came
 */
GBytes *
kt_http_get_bytes_finish (KtSyncEngine  *engine,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kt_http_send_to_async (KtSyncEngine        *engine,
                       const char          *server_url,
                       const char          *bearer,
                       const char          *method,
                       const char          *path_and_query,
                       JsonNode            *body,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  Request *req;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (server_url != NULL && method != NULL && path_and_query != NULL);

  task = new_request (engine, server_url, method, path_and_query, body, KT_HTTP_NO_RETRY,
                      cancellable, callback, user_data, kt_http_send_to_async);
  req = g_task_get_task_data (task);
  req->bearer = g_strdup (bearer);
  send_request (task);
}

/**
 * kt_http_send_to_finish:
 *
 * Returns: (transfer full): the answer, a JSON null for 204 No Content
 */
JsonNode *
kt_http_send_to_finish (KtSyncEngine  *engine,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
