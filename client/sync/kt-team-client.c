/* kt-team-client.c: the team API of the sync server, for the Team pane
 *
 * The requests go through the engine's session with the engine's token
 * (looked up in the keyring when the engine has not needed it yet). They
 * are not retried: a person is waiting for the answer and can try again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-team"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"
#include "kt-team-client-private.h"
#include "kt-team-client.h"

typedef struct {
  char        *server_url;
  gboolean     engine_token;  /* authenticate with the engine's token */
  char        *bearer;        /* else with this one, if any */
  gboolean     signing_in;    /* a 401 is a failed sign-in, not an expired one */
  char        *method;
  char        *path;
  GBytes      *body;
  SoupMessage *msg;
} Request;

static void
request_free (Request *req)
{
  g_free (req->server_url);
  if (req->bearer != NULL)
    memset (req->bearer, 0, strlen (req->bearer));
  g_free (req->bearer);
  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_object (&req->msg);
  g_free (req);
}

static GError *
error_for_status (Request *req,
                  guint    status,
                  GBytes  *bytes)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *message = NULL;
  const char *code = NULL;
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  if (len > 0 && json_parser_load_from_data (parser, data, (gssize) len, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));
      JsonNode *err = json_object_get_member (root, "error");

      if (err != NULL && JSON_NODE_HOLDS_OBJECT (err))
        {
          message = json_object_get_string_member_with_default (json_node_get_object (err), "message", NULL);
          code = json_object_get_string_member_with_default (json_node_get_object (err), "code", NULL);
        }
    }

  if (status == 401 && req->signing_in)
    return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED,
                                message ? message : soup_status_get_phrase (status));
  if (status == 401)
    return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED,
                        _("Your sign-in has expired or was revoked. Please sign in again (%s)."),
                        message ? message : soup_status_get_phrase (status));
  if (status == 426 || g_strcmp0 (code, "unsupported_protocol") == 0)
    return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL,
                                _("The server needs a newer version of Kantora. Please update Kantora to keep syncing."));
  if (status >= 500)
    return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_SERVER,
                        _("The server had a problem (HTTP %u): %s"), status,
                        message ? message : soup_status_get_phrase (status));
  if (message != NULL)
    return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_REFUSED, message);
  return g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_REFUSED,
                      _("The server refused the request (HTTP %u %s)"),
                      status, soup_status_get_phrase (status));
}

static void
on_response_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
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
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK,
                                 _("Could not reach the server at %s: %s"),
                                 req->server_url, error->message);
      return;
    }

  status = soup_message_get_status (req->msg);
  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, error_for_status (req, status, bytes));
      return;
    }

  /* 204 No Content (removals) has no body to read. */
  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify) json_node_unref);
      return;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server's answer to %s is not JSON: %s"), req->path,
                               error->message);
      return;
    }

  g_task_return_pointer (task, json_node_copy (json_parser_get_root (parser)),
                         (GDestroyNotify) json_node_unref);
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
  KtSyncEngine *engine = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (req->server_url, req->path, NULL);
  const char *bearer = req->engine_token ? engine->token : req->bearer;
  SoupMessageHeaders *headers;

  req->msg = soup_message_new (req->method, url);
  if (req->msg == NULL)
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK,
                               _("“%s” is not a valid server address"), req->server_url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_append (headers, "Accept", "application/json");
  soup_message_headers_append (headers, "Accept-Language", accept_language ());
  if (bearer != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", bearer, NULL);

      soup_message_headers_append (headers, "Authorization", auth);
      memset (auth, 0, strlen (auth));
    }
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", req->body);

  soup_session_send_and_read_async (engine->session, req->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_response_cb, task);
}

static void
on_token_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *engine = g_task_get_source_object (task);
  GError *error = NULL;
  char *token = kt_secrets_lookup_finish (KT_SECRETS (source), result, &error);

  if (token == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED,
                                     _("You are not signed in. Please sign in to sync."));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_free (engine->token);
  engine->token = token;
  send_request (task);
}

static GTask *
new_request (KtSyncEngine        *engine,
             const char          *server_url,
             const char          *method,
             const char          *path,
             JsonNode            *body,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  GTask *task = g_task_new (engine, cancellable, callback, user_data);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  req->server_url = g_strdup (server_url);
  req->method = g_strdup (method);
  req->path = g_strdup (path);
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      req->body = g_bytes_new_take (text, strlen (text));
    }
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  return task;
}

/* Sends one request with the engine's account; the task finishes with the
 * parsed body (a null node for an empty one). */
static void
team_request (KtSyncEngine        *engine,
              const char          *method,
              const char          *path,
              JsonNode            *body,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  GTask *task = new_request (engine, engine->server_url, method, path, body,
                             cancellable, callback, user_data, source_tag);
  Request *req = g_task_get_task_data (task);

  req->engine_token = TRUE;

  if (!kt_sync_engine_is_connected (engine))
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED,
                               _("This store works offline only. Sign in to a server to work with a team."));
      g_object_unref (task);
      return;
    }

  if (engine->token == NULL)
    {
      g_autofree char *client_id = kt_store_sync_dup_client_id (engine->store);

      kt_secrets_lookup_async (engine->secrets, engine->server_url, client_id,
                               cancellable, on_token_cb, task);
      return;
    }

  send_request (task);
}

static JsonNode *
team_request_finish (KtSyncEngine  *engine,
                     GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kt_team_send_async (KtSyncEngine        *engine,
                    const char          *server_url,
                    const char          *bearer,
                    const char          *method,
                    const char          *path,
                    JsonNode            *body,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  Request *req;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (server_url != NULL && method != NULL && path != NULL);

  task = new_request (engine, server_url, method, path, body, cancellable, callback,
                      user_data, kt_team_send_async);
  req = g_task_get_task_data (task);
  req->bearer = g_strdup (bearer);
  req->signing_in = TRUE;
  send_request (task);
}

JsonNode *
kt_team_send_finish (KtSyncEngine  *engine,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Cache */

JsonObject *
kt_team_load_cache (KtStore *store)
{
  g_autofree char *text = NULL;
  g_autoptr (JsonParser) parser = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  text = kt_store_get_meta (store, KT_TEAM_META_CACHE);
  if (text == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_debug ("Ignoring a damaged team cache");
      return NULL;
    }

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

gboolean
kt_team_role_can_manage (const char *role)
{
  return g_strcmp0 (role, "owner") == 0 || g_strcmp0 (role, "admin") == 0;
}

/* Refresh: GET /v1/me, then GET /v1/team/members */

typedef struct {
  char *role;
  char *user_id;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_free (refresh->role);
  g_free (refresh->user_id);
  g_free (refresh);
}

static void
on_members_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  Refresh *refresh = g_task_get_task_data (task);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonObject) cache = NULL;
  g_autoptr (JsonNode) cache_node = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *now = NULL;
  g_autofree char *text = NULL;
  JsonNode *members;

  root = team_request_finish (engine, result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (members = json_object_get_member (json_node_get_object (root), "members")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (members))
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server's list of team members is incomplete"));
      return;
    }

  now = kt_now_iso ();
  cache = json_object_new ();
  json_object_set_string_member (cache, "role", refresh->role);
  json_object_set_string_member (cache, "user_id", refresh->user_id);
  json_object_set_member (cache, "members", json_node_copy (members));
  json_object_set_string_member (cache, "fetched_at", now);

  cache_node = json_node_init_object (json_node_alloc (), cache);
  text = json_to_string (cache_node, FALSE);
  if (!kt_store_set_meta (engine->store, KT_TEAM_META_CACHE, text, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, json_object_ref (cache), (GDestroyNotify) json_object_unref);
}

static void
on_me_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  Refresh *refresh = g_task_get_task_data (task);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *obj;
  JsonNode *user;

  root = team_request_finish (engine, result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  user = obj ? json_object_get_member (obj, "user") : NULL;
  if (obj == NULL || user == NULL || !JSON_NODE_HOLDS_OBJECT (user) ||
      json_object_get_string_member_with_default (obj, "role", NULL) == NULL)
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server's answer about your account is incomplete"));
      return;
    }

  refresh->role = g_strdup (json_object_get_string_member (obj, "role"));
  refresh->user_id = g_strdup (json_object_get_string_member_with_default (json_node_get_object (user),
                                                                          "id", NULL));
  team_request (engine, "GET", "/v1/team/members", NULL, g_task_get_cancellable (task),
                on_members_cb, g_object_ref (task), kt_team_refresh_async);
}

/**
 * kt_team_refresh_async:
 * @engine: a connected #KtSyncEngine
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
kt_team_refresh_async (KtSyncEngine        *engine,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_team_refresh_async);
  g_task_set_task_data (task, g_new0 (Refresh, 1), (GDestroyNotify) refresh_free);
  team_request (engine, "GET", "/v1/me", NULL, cancellable, on_me_cb, task,
                kt_team_refresh_async);
}

/**
 * kt_team_refresh_finish:
 *
 * Returns: (transfer full): the team, as cached
 */
JsonObject *
kt_team_refresh_finish (KtSyncEngine  *engine,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Invite */

static void
on_invited_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  const char *raw_token;

  root = team_request_finish (engine, result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  raw_token = JSON_NODE_HOLDS_OBJECT (root)
    ? json_object_get_string_member_with_default (json_node_get_object (root), "token", NULL)
    : NULL;
  if (raw_token == NULL)
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server's answer to the invitation has no token"));
      return;
    }

  server = g_uri_escape_string (engine->server_url, NULL, FALSE);
  token = g_uri_escape_string (raw_token, NULL, FALSE);
  g_task_return_pointer (task, g_strdup_printf ("kantora://invite?server=%s&token=%s", server, token),
                         g_free);
}

void
kt_team_invite_async (KtSyncEngine        *engine,
                      const char          *email,
                      const char          *role,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr (JsonObject) obj = json_object_new ();
  g_autoptr (JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (email != NULL && role != NULL);

  json_object_set_string_member (obj, "email", email);
  json_object_set_string_member (obj, "role", role);
  body = json_node_init_object (json_node_alloc (), obj);
  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_team_invite_async);
  team_request (engine, "POST", "/v1/team/invitations", body, cancellable, on_invited_cb,
                task, kt_team_invite_async);
}

/**
 * kt_team_invite_finish:
 *
 * Returns: (transfer full): the invitation link
 */
char *
kt_team_invite_finish (KtSyncEngine  *engine,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Role and removal */

static void
on_member_changed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (JsonNode) root = NULL;
  GError *error = NULL;

  root = team_request_finish (KT_SYNC_ENGINE (source), result, &error);
  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static char *
member_path (const char *member_id)
{
  g_autofree char *escaped = g_uri_escape_string (member_id, NULL, FALSE);

  return g_strconcat ("/v1/team/members/", escaped, NULL);
}

void
kt_team_set_role_async (KtSyncEngine        *engine,
                        const char          *member_id,
                        const char          *role,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr (JsonObject) obj = json_object_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (member_id != NULL && role != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_team_set_role_async);
  json_object_set_string_member (obj, "role", role);
  body = json_node_init_object (json_node_alloc (), obj);
  path = member_path (member_id);
  team_request (engine, "PATCH", path, body, cancellable, on_member_changed_cb, task,
                kt_team_set_role_async);
}

gboolean
kt_team_set_role_finish (KtSyncEngine  *engine,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kt_team_remove_async (KtSyncEngine        *engine,
                      const char          *member_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (member_id != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_team_remove_async);
  path = member_path (member_id);
  team_request (engine, "DELETE", path, NULL, cancellable, on_member_changed_cb, task,
                kt_team_remove_async);
}

gboolean
kt_team_remove_finish (KtSyncEngine  *engine,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kt_team_account_request_async (KtSyncEngine        *engine,
                               const char          *method,
                               const char          *path,
                               JsonNode            *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (method != NULL && path != NULL);

  team_request (engine, method, path, body, cancellable, callback, user_data,
                kt_team_account_request_async);
}

JsonNode *
kt_team_account_request_finish (KtSyncEngine  *engine,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return team_request_finish (engine, result, error);
}
