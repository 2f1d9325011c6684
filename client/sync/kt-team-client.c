/* kt-team-client.c: the team API of the sync server, for the Team pane
 *
 * The requests go through the one HTTP client (kt-http-client.h) with the
 * engine's token. They are not retried: a person is waiting for the
 * answer and can try again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-team"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"
#include "kt-team-client.h"

/* Sends one request to the engine's server with the engine's token,
 * through the one HTTP client; the task finishes with the parsed body (a
 * null node for 204 No Content). */
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
  if (!kt_sync_engine_is_connected (engine))
    {
      g_task_report_new_error (engine, callback, user_data, source_tag,
                               KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED,
                               _("This store works offline only. Sign in to a server to work with a team."));
      return;
    }

  kt_http_request_async (engine, method, path, body, KT_HTTP_NO_RETRY, cancellable,
                         callback, user_data);
}

static JsonNode *
team_request_finish (KtSyncEngine  *engine,
                     GAsyncResult  *result,
                     GError       **error)
{
  return kt_http_request_finish (engine, result, error);
}

/* Cache */

JsonObject *
kt_team_load_cache (KtStore *store)
{
  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  return kt_sync_load_meta_object (store, KT_TEAM_META_CACHE);
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
