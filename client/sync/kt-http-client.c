/* kt-http-client.c: JSON requests to the server, with retries
 *
 * One request is retried on a network error or a 5xx, with exponential
 * backoff and jitter, up to the engine's retry limit; every other answer
 * is final. Sync requests are idempotent by design (docs/sync.md), so a
 * retry after a lost response is always safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-json-guard.h"
#include "kt-sync-engine-private.h"

#define RETRY_MAX_MS  8000

typedef struct {
  char       *method;
  char       *path;
  GBytes     *body;
  gboolean    with_token;
  gboolean    raw;         /* finish with the body's bytes, unparsed */
  guint       attempt;
  SoupMessage *msg;
  guint       timeout_id;
} Request;

static void send_request (GTask *task);

static void
request_free (Request *req)
{
  g_clear_handle_id (&req->timeout_id, g_source_remove);
  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_object (&req->msg);
  g_free (req);
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
                 char       **out_message)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *err;
  gsize len = 0;
  const char *data;

  *out_code = NULL;
  *out_message = NULL;
  if (bytes == NULL)
    return;

  data = g_bytes_get_data (bytes, &len);
  /* A broken or hostile server must not crash the client: json-glib
   * recurses per nesting level, so the text is checked first. */
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
}

static GError *
error_for_status (guint     status,
                  GBytes   *bytes,
                  gboolean  with_token)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  read_error_body (bytes, &code, &message);

  if (status >= 500)
    return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_SERVER,
                        _("The server had a problem (HTTP %u): %s"), status,
                        message ? message : soup_status_get_phrase (status));

  if (status == 426 || g_strcmp0 (code, "unsupported_protocol") == 0)
    return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL,
                                _("The server needs a newer version of Kantora. Please update Kantora to keep syncing."));

  /* Without a token the request was a sign-in (login, register): a 401
   * is a wrong email or password, said in the server's words, not an
   * expired session. */
  if (status == 401 && !with_token && message != NULL)
    return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED, message);

  if (status == 401)
    return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED,
                        _("Your sign-in has expired or was revoked. Please sign in again (%s)."),
                        message ? message : soup_status_get_phrase (status));

  if (g_strcmp0 (code, "not_a_member") == 0)
    return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_A_MEMBER,
                        _("You are no longer a member of this organization: %s"),
                        message ? message : soup_status_get_phrase (status));

  if (message != NULL)
    return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_REFUSED, message);

  return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_REFUSED,
                      _("The server refused the request (HTTP %u %s)"),
                      status, soup_status_get_phrase (status));
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

  if (req->attempt < self->retry_limit && kt_sync_error_is_transient (error) &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      guint delay = MIN (self->retry_base_ms << MIN (req->attempt, 6u), RETRY_MAX_MS);

      delay = delay / 2 + (guint) g_random_int_range (0, (gint32) delay / 2 + 1);
      g_debug ("%s %s failed (%s); retry %u in %u ms", req->method, req->path,
               error->message, req->attempt + 1, delay);
      req->attempt++;
      req->timeout_id = g_timeout_add (delay, on_retry_timeout_cb, task);
      g_error_free (error);
      return;
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_send_and_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = g_task_get_source_object (task);
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
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      retry_or_fail (task, g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK,
                                        _("Could not reach the server at %s: %s"),
                                        self->server_url, error->message));
      return;
    }

  status = soup_message_get_status (req->msg);
  if (status < 200 || status >= 300)
    {
      retry_or_fail (task, error_for_status (status, bytes, req->with_token));
      return;
    }

  /* A pulled page is parsed on the worker thread that applies it. */
  if (req->raw)
    {
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      g_object_unref (task);
      return;
    }

  /* 204 No Content (a logout) has no body by definition: its answer is
   * a JSON null, which no caller that needs an object accepts. Any other
   * status must carry JSON. */
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
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server's answer to %s is not JSON: %s"), req->path,
                               error ? error->message : _("empty body"));
      g_object_unref (task);
      return;
    }

  g_task_return_pointer (task, json_node_copy (json_parser_get_root (parser)),
                         (GDestroyNotify) json_node_unref);
  g_object_unref (task);
}

static void
send_request (GTask *task)
{
  KtSyncEngine *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;

  url = g_strconcat (self->server_url, req->path, NULL);
  g_clear_object (&req->msg);
  req->msg = soup_message_new (req->method, url);
  if (req->msg == NULL)
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK,
                               _("“%s” is not a valid server address"), self->server_url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_append (headers, "Accept", "application/json");
  if (req->with_token && self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_append (headers, "Authorization", auth);
    }
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", req->body);

  soup_session_send_and_read_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    on_send_and_read_cb, task);
}

static void
start_request (KtSyncEngine        *self,
               const char          *method,
               const char          *path_and_query,
               JsonNode            *body,
               gboolean             with_token,
               gboolean             raw,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, kt_sync_http_request_async);
  req->method = g_strdup (method);
  req->path = g_strdup (path_and_query);
  req->with_token = with_token;
  req->raw = raw;
  if (body != NULL)
    {
      gsize len = 0;
      char *text = json_to_string (body, FALSE);

      len = strlen (text);
      req->body = g_bytes_new_take (text, len);
    }
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);

  if (self->server_url == NULL)
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED,
                               _("No server address is set"));
      g_object_unref (task);
      return;
    }

  send_request (task);
}

void
kt_sync_http_request_async (KtSyncEngine        *self,
                            const char          *method,
                            const char          *path_and_query,
                            JsonNode            *body,
                            gboolean             with_token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  start_request (self, method, path_and_query, body, with_token, FALSE,
                 cancellable, callback, user_data);
}

void
kt_sync_http_get_bytes_async (KtSyncEngine        *self,
                              const char          *path_and_query,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  start_request (self, "GET", path_and_query, NULL, TRUE, TRUE,
                 cancellable, callback, user_data);
}

GBytes *
kt_sync_http_get_bytes_finish (KtSyncEngine  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
kt_sync_http_request_finish (KtSyncEngine  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
