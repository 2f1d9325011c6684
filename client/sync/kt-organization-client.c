/* kt-organization-client.c: the organization's settings and background
 * jobs on the sync server
 *
 * Every call goes through kt_team_account_request_async(): the engine's
 * server and token, no retries (a person waits and can try again), and a
 * clear error when the store has no server at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-organization"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-http-client.h"
#include "kt-organization-client.h"
#include "kt-sync-engine-private.h"
#include "kt-team-client.h"

/* Keeps @org where the documents read the seller from, so a change shows
 * on them before the next sync. A failure to keep it is not the
 * request's: the server has the change. */
static void
cache_organization (KtSyncEngine *engine,
                    JsonObject   *org)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), org);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr (GError) error = NULL;

  if (!kt_store_set_meta (engine->store, KT_SYNC_META_ORGANIZATION, text, &error))
    g_warning ("Could not keep the organization's details: %s", error->message);
}

/* The object member @name of @root, or NULL. */
static JsonObject *
object_member (JsonNode   *root,
               const char *name)
{
  JsonNode *member;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  if (name == NULL)
    return json_node_get_object (root);
  member = json_object_get_member (json_node_get_object (root), name);
  return member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
}

static GError *
incomplete_answer (void)
{
  return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                              _("The server’s answer is incomplete"));
}

/* One answer for every call here: the task's source tag says what to
 * take out of it. */
static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  gpointer tag = g_task_get_source_tag (task);
  g_autoptr (JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *obj = NULL;

  root = kt_team_account_request_finish (engine, result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (tag == kt_profile_change_password_async)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (tag == kt_jobs_list_async)
    {
      JsonObject *list = object_member (root, NULL);
      JsonNode *jobs = list != NULL ? json_object_get_member (list, "jobs") : NULL;

      if (jobs == NULL || !JSON_NODE_HOLDS_ARRAY (jobs))
        g_task_return_error (task, incomplete_answer ());
      else
        g_task_return_pointer (task, json_array_ref (json_node_get_array (jobs)),
                               (GDestroyNotify) json_array_unref);
      return;
    }

  if (tag == kt_profile_fetch_async || tag == kt_profile_update_async)
    {
      obj = object_member (root, "user");
      if (obj == NULL)
        g_task_return_error (task, incomplete_answer ());
      else
        g_task_return_pointer (task, json_object_ref (obj), (GDestroyNotify) json_object_unref);
      return;
    }

  obj = object_member (root, tag == kt_organization_fetch_async ? "organization" : NULL);
  if (obj == NULL ||
      (tag == kt_organization_fetch_async &&
       json_object_get_string_member_with_default (json_node_get_object (root), "role", NULL) == NULL))
    {
      g_task_return_error (task, incomplete_answer ());
      return;
    }

  if (tag == kt_organization_fetch_async)
    g_task_set_task_data (task, g_strdup (json_object_get_string_member (json_node_get_object (root), "role")),
                          g_free);
  if (tag != kt_jobs_retry_async)
    cache_organization (engine, obj);
  g_task_return_pointer (task, json_object_ref (obj), (GDestroyNotify) json_object_unref);
}

static void
request (KtSyncEngine        *engine,
         const char          *method,
         const char          *path,
         JsonNode            *body,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data,
         gpointer             source_tag)
{
  GTask *task = g_task_new (engine, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  kt_team_account_request_async (engine, method, path, body, cancellable, on_answer_cb, task);
}

static void
patch (KtSyncEngine        *engine,
       const char          *path,
       JsonObject          *changes,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  g_autoptr (JsonNode) body = json_node_init_object (json_node_alloc (), changes);

  request (engine, "PATCH", path, body, cancellable, callback, user_data, source_tag);
}

/**
 * kt_organization_fetch_async:
 * @engine: a #KtSyncEngine
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
kt_organization_fetch_async (KtSyncEngine        *engine,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));

  request (engine, "GET", "/v1/me", NULL, cancellable, callback, user_data,
           kt_organization_fetch_async);
}

/**
 * kt_organization_fetch_finish:
 * @role: (out) (optional): my role in the organization
 *
 * Returns: (transfer full): the organization, or %NULL with @error
 */
JsonObject *
kt_organization_fetch_finish (KtSyncEngine  *engine,
                              GAsyncResult  *result,
                              char         **role,
                              GError       **error)
{
  JsonObject *org;

  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  org = g_task_propagate_pointer (G_TASK (result), error);
  if (role != NULL)
    *role = org != NULL ? g_strdup (g_task_get_task_data (G_TASK (result))) : NULL;
  return org;
}

void
kt_organization_update_async (KtSyncEngine        *engine,
                              JsonObject          *changes,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (changes != NULL);

  patch (engine, "/v1/organization", changes, cancellable, callback, user_data,
         kt_organization_update_async);
}

/**
 * kt_organization_update_finish:
 *
 * Returns: (transfer full): the organization as stored, or %NULL with @error
 */
JsonObject *
kt_organization_update_finish (KtSyncEngine  *engine,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kt_jobs_list_async (KtSyncEngine        *engine,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));

  request (engine, "GET", "/v1/jobs", NULL, cancellable, callback, user_data, kt_jobs_list_async);
}

/**
 * kt_jobs_list_finish:
 *
 * Returns: (transfer full): the jobs, or %NULL with @error
 */
JsonArray *
kt_jobs_list_finish (KtSyncEngine  *engine,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kt_jobs_retry_async (KtSyncEngine        *engine,
                     const char          *job_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (job_id != NULL);

  escaped = g_uri_escape_string (job_id, NULL, FALSE);
  path = g_strconcat ("/v1/jobs/", escaped, "/retry", NULL);
  request (engine, "POST", path, NULL, cancellable, callback, user_data, kt_jobs_retry_async);
}

/**
 * kt_jobs_retry_finish:
 *
 * Returns: (transfer full): the job as it is now, or %NULL with @error
 */
JsonObject *
kt_jobs_retry_finish (KtSyncEngine  *engine,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kt_profile_fetch_async (KtSyncEngine        *engine,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));

  request (engine, "GET", "/v1/me", NULL, cancellable, callback, user_data, kt_profile_fetch_async);
}

/**
 * kt_profile_fetch_finish:
 *
 * Returns: (transfer full): my profile, or %NULL with @error
 */
JsonObject *
kt_profile_fetch_finish (KtSyncEngine  *engine,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kt_profile_update_async (KtSyncEngine        *engine,
                         JsonObject          *changes,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (changes != NULL);

  patch (engine, "/v1/me", changes, cancellable, callback, user_data, kt_profile_update_async);
}

/**
 * kt_profile_update_finish:
 *
 * Returns: (transfer full): my profile as stored, or %NULL with @error
 */
JsonObject *
kt_profile_update_finish (KtSyncEngine  *engine,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kt_profile_change_password_async (KtSyncEngine        *engine,
                                  const char          *current,
                                  const char          *new_password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();
  g_autoptr (JsonNode) node = NULL;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (current != NULL && new_password != NULL);

  json_object_set_string_member (body, "current_password", current);
  json_object_set_string_member (body, "new_password", new_password);
  node = json_node_init_object (json_node_alloc (), body);
  request (engine, "POST", "/v1/me/password", node, cancellable, callback, user_data,
           kt_profile_change_password_async);
}

gboolean
kt_profile_change_password_finish (KtSyncEngine  *engine,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
kt_organization_error_is_offline (const GError *error)
{
  return kt_sync_error_is_transient (error) ||
         g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED);
}
