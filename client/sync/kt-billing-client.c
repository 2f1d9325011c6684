/* kt-billing-client.c: the billing API of the sync server
 *
 * The plan is the server's: it comes read-only with the pull (every
 * member) and with GET /v1/billing (owners and admins, with the usage
 * and the plans' limits). Both are kept in the store's meta table, so the
 * Billing pane shows the last known plan offline. Checkout and the
 * portal are Stripe's pages: this client only asks for their URLs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-billing"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-billing-client.h"
#include "kt-http-client.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"

/* Cache */

static gboolean
save_object (KtStore     *store,
             const char  *key,
             JsonObject  *object,
             GError     **error)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  return kt_store_set_meta (store, key, text, error);
}

/**
 * kt_billing_load_subscription:
 *
 * Returns: (transfer full) (nullable): the organization's subscription as
 *   last seen, or %NULL before the first pull that carried it
 */
JsonObject *
kt_billing_load_subscription (KtStore *store)
{
  return kt_sync_load_meta_object (store, KT_BILLING_META_SUBSCRIPTION);
}

/**
 * kt_billing_load_cache:
 *
 * Returns: (transfer full) (nullable): the last answer of GET /v1/billing
 */
JsonObject *
kt_billing_load_cache (KtStore *store)
{
  return kt_sync_load_meta_object (store, KT_BILLING_META_CACHE);
}

gboolean
kt_billing_save_subscription (KtStore     *store,
                              JsonObject  *subscription,
                              GError     **error)
{
  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (subscription != NULL, FALSE);

  return save_object (store, KT_BILLING_META_SUBSCRIPTION, subscription, error);
}

/* Over the limit: a change the server refused for the plan stays here
 * as a local draft (not reverted, not in the outbox), and goes out again
 * whole when the plan changes. */

JsonArray *
kt_billing_load_over_limit (KtStore *store)
{
  g_autofree char *text = NULL;
  g_autoptr (JsonParser) parser = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  text = kt_store_get_meta (store, KT_BILLING_META_OVER_LIMIT);
  parser = json_parser_new ();
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return json_array_new ();

  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static gint
find_over_limit (JsonArray  *drafts,
                 const char *entity,
                 const char *record_id)
{
  for (guint i = 0; i < json_array_get_length (drafts); i++)
    {
      JsonNode *node = json_array_get_element (drafts, i);
      JsonObject *draft = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (draft != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (draft, "entity", NULL), entity) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (draft, "record_id", NULL), record_id) == 0)
        return (gint) i;
    }
  return -1;
}

static gboolean
save_over_limit (KtStore    *store,
                 JsonArray  *drafts,
                 GError    **error)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *text = NULL;

  json_node_set_array (node, drafts);
  text = json_to_string (node, FALSE);
  return kt_store_set_meta (store, KT_BILLING_META_OVER_LIMIT, text, error);
}

gboolean
kt_billing_is_over_limit (KtStore    *store,
                          const char *entity,
                          const char *record_id)
{
  g_autoptr (JsonArray) drafts = kt_billing_load_over_limit (store);

  return find_over_limit (drafts, entity, record_id) >= 0;
}

gboolean
kt_billing_keep_over_limit (KtStore     *store,
                            const char  *entity,
                            const char  *record_id,
                            const char  *title,
                            const char  *field,
                            const char  *message,
                            GError     **error)
{
  g_autoptr (JsonArray) drafts = kt_billing_load_over_limit (store);
  JsonObject *draft = json_object_new ();
  gint found;

  g_return_val_if_fail (entity != NULL && record_id != NULL, FALSE);

  json_object_set_string_member (draft, "entity", entity);
  json_object_set_string_member (draft, "record_id", record_id);
  json_object_set_string_member (draft, "title", title);
  json_object_set_string_member (draft, "field", field);
  json_object_set_string_member (draft, "message", message);
  found = find_over_limit (drafts, entity, record_id);
  if (found >= 0)
    json_array_remove_element (drafts, (guint) found);
  json_array_add_object_element (drafts, draft);
  return save_over_limit (store, drafts, error);
}

/**
 * kt_billing_requeue_over_limit:
 *
 * Puts every kept draft back into the outbox, whole, and forgets the
 * list: the push that follows either takes them or refuses them again,
 * which keeps them again. Called when the plan changed.
 */
gboolean
kt_billing_requeue_over_limit (KtStore  *store,
                               GError  **error)
{
  g_autoptr (JsonArray) drafts = kt_billing_load_over_limit (store);
  g_autoptr (JsonArray) none = json_array_new ();

  for (guint i = 0; i < json_array_get_length (drafts); i++)
    {
      JsonObject *draft = json_array_get_object_element (drafts, i);
      const KtEntity *entity = kt_entity_lookup (json_object_get_string_member_with_default (draft, "entity", ""));
      const char *record_id = json_object_get_string_member_with_default (draft, "record_id", NULL);
      g_autoptr (GError) local_error = NULL;

      /* A draft deleted meanwhile, or of an entity this version lost,
       * has nothing left to send. */
      if (entity == NULL || record_id == NULL ||
          !kt_store_sync_requeue (store, entity, record_id, &local_error))
        g_debug ("Not sending %s again: %s", record_id ? record_id : "?",
                 local_error ? local_error->message : "unknown entity");
    }

  return json_array_get_length (drafts) == 0 || save_over_limit (store, none, error);
}

/* Requests */

static void
billing_request (KtSyncEngine        *engine,
                 const char          *method,
                 const char          *path,
                 JsonNode            *body,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 GTask               *task)
{
  if (!kt_sync_engine_is_connected (engine))
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED,
                               _("This store works offline only. Sign in to a server to manage billing."));
      g_object_unref (task);
      return;
    }

  kt_http_request_async (engine, method, path, body, KT_HTTP_NO_RETRY, cancellable,
                         callback, task);
}

static JsonObject *
answer_object (KtSyncEngine  *engine,
               GAsyncResult  *result,
               GError       **error)
{
  g_autoptr (JsonNode) root = kt_http_request_finish (engine, result, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                           _("The server's answer about billing is incomplete"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static void
on_refresh_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  KtStore *store = kt_sync_engine_get_store (engine);
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *subscription;

  answer = answer_object (engine, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  subscription = json_object_get_member (answer, "subscription");
  if (subscription == NULL || !JSON_NODE_HOLDS_OBJECT (subscription))
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server's answer about billing is incomplete"));
      return;
    }

  /* A cache that cannot be written only costs the offline view. */
  if (!kt_billing_save_subscription (store, json_node_get_object (subscription), &error) ||
      !save_object (store, KT_BILLING_META_CACHE, answer, &error))
    g_warning ("Could not cache the billing state: %s", error->message);

  g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_object_unref);
}

void
kt_billing_refresh_async (KtSyncEngine        *engine,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_billing_refresh_async);
  billing_request (engine, "GET", "/v1/billing", NULL, cancellable, on_refresh_cb, task);
}

JsonObject *
kt_billing_refresh_finish (KtSyncEngine  *engine,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_post_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (GError) error = NULL;

  answer = answer_object (engine, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The plan changes when Stripe's webhook reaches the server, seconds
   * or minutes after the payment: sync often until then, so the pane
   * shows it without a refresh of its own. */
  if (g_strcmp0 (g_task_get_name (task), "checkout") == 0 ||
      g_strcmp0 (g_task_get_name (task), "portal") == 0)
    kt_sync_engine_poll_quickly (engine, KT_BILLING_CHECKOUT_POLL_SECONDS,
                                 KT_BILLING_CHECKOUT_WATCH_SECONDS);

  g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_object_unref);
}

void
kt_billing_post_async (KtSyncEngine        *engine,
                       const char          *action,
                       const char          *plan,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (g_strv_contains ((const char *[]) { "checkout", "portal", "cancel", "resume", NULL },
                                     action));

  json_builder_begin_object (builder);
  if (plan != NULL)
    {
      json_builder_set_member_name (builder, "plan");
      json_builder_add_string_value (builder, plan);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_billing_post_async);
  /* The action, for on_post_cb(): interned, so it outlives the task. */
  g_task_set_name (task, g_intern_string (action));
  path = g_strconcat ("/v1/billing/", action, NULL);
  billing_request (engine, "POST", path, body, cancellable, on_post_cb, task);
}

JsonObject *
kt_billing_post_finish (KtSyncEngine  *engine,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
