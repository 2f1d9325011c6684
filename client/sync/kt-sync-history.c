/* kt-sync-history.c: a record's history as the server logged it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-sync-engine-private.h"
#include "kt-sync-history.h"

static void
on_history_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (JsonNode) root = NULL;
  GError *error = NULL;
  JsonNode *items;

  root = kt_http_request_finish (KT_SYNC_ENGINE (source), result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (items = json_object_get_member (json_node_get_object (root), "items")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server's answer about a record's history is incomplete"));
      return;
    }
  g_task_return_pointer (task, json_array_ref (json_node_get_array (items)),
                         (GDestroyNotify) json_array_unref);
}

/**
 * kt_sync_history_fetch_async:
 * @engine: a #KtSyncEngine
 * @entity: the record's entity
 * @record_id: the record's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the newest %KT_SYNC_HISTORY_LIMIT entries of the record's
 * history from the server.
 */
void
kt_sync_history_fetch_async (KtSyncEngine        *engine,
                             const KtEntity      *entity,
                             const char          *record_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (entity != NULL && record_id != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_sync_history_fetch_async);

  if (!kt_sync_engine_is_connected (engine))
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED,
                               _("This store works offline only. Sign in to a server to sync it."));
      return;
    }

  escaped = g_uri_escape_string (record_id, NULL, FALSE);
  path = g_strdup_printf ("/v1/%s/%s/history?per_page=%d", entity->plural, escaped,
                          KT_SYNC_HISTORY_LIMIT);
  kt_http_request_async (engine, "GET", path, NULL, KT_HTTP_DEFAULT, cancellable,
                         on_history_cb, g_steal_pointer (&task));
}

/**
 * kt_sync_history_fetch_finish:
 * @engine: a #KtSyncEngine
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the history entries, newest first
 */
JsonArray *
kt_sync_history_fetch_finish (KtSyncEngine  *engine,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
