/* kt-sync-cycle.c: one sync cycle, push then pull
 *
 * Push first, then pull (PowerSync's lesson): the server then already
 * holds our changes when we read its state, so a pull never has to undo
 * a local edit that was about to win anyway. Each step is a chain of
 * async requests on the main loop; a pushed batch is one short
 * transaction there, pulled pages are applied on a worker thread
 * (kt-sync-puller.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-dupes.h"
#include "kt-billing-client.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"

typedef struct {
  char      *client_id;
  GPtrArray *batch;        /* of KtOutboxEntry being pushed */
  GArray    *ids;          /* their mutation ids */
  gboolean   unlocked;     /* the keyring was asked to unlock */
} Cycle;

static void push_next (GTask *task);
static void pull_next (GTask *task);
static void fetch_organization (GTask *task);

static void
cycle_free (Cycle *cycle)
{
  g_free (cycle->client_id);
  g_clear_pointer (&cycle->batch, g_ptr_array_unref);
  g_clear_pointer (&cycle->ids, g_array_unref);
  g_free (cycle);
}

static void
fail (GTask  *task,
      GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  /* Text of only white space loads, with no root. */
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return json_node_init_object (json_node_alloc (), json_object_new ());
  return json_node_copy (json_parser_get_root (parser));
}

/* Push */

/* The most a push may carry (the server's KT_SYNC_MAX_BATCH). */
#define MAX_PUSH 1000

/* The next batch: up to @limit outbox entries, but never cutting one
 * save in two. The server checks the totals a document claims once the
 * batch is in (docs/sync.md, "Server-computed fields"), so an invoice
 * must travel with the lines saved with it, or a correct client would
 * be refused. The entries of one save share their created_at; a save
 * that does not fit is left for the next batch, or, when it starts the
 * batch, sent whole (up to MAX_PUSH). */
static const char *
entry_save (GPtrArray *entries,
            guint      i)
{
  return ((KtOutboxEntry *) g_ptr_array_index (entries, i))->created_at;
}

static GPtrArray *
take_batch (KtStore  *store,
            guint     limit,
            GError  **error)
{
  g_autoptr (GPtrArray) entries = kt_store_outbox_peek (store, limit + 1, error);
  guint start;
  guint end;

  if (entries == NULL)
    return NULL;
  if (entries->len <= limit)
    return g_steal_pointer (&entries);
  if (g_strcmp0 (entry_save (entries, limit), entry_save (entries, limit - 1)) != 0)
    {
      g_ptr_array_set_size (entries, limit);    /* the save ends with the batch */
      return g_steal_pointer (&entries);
    }

  for (start = limit - 1; start > 0; start--)
    if (g_strcmp0 (entry_save (entries, start - 1), entry_save (entries, limit)) != 0)
      break;
  if (start > 0)
    {
      g_ptr_array_set_size (entries, start);    /* the save goes next time */
      return g_steal_pointer (&entries);
    }

  /* One save bigger than a batch: sent whole, as far as a push allows. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = kt_store_outbox_peek (store, MAX_PUSH, error);
  if (entries == NULL)
    return NULL;
  for (end = 1; end < entries->len; end++)
    if (g_strcmp0 (entry_save (entries, end), entry_save (entries, 0)) != 0)
      break;
  g_ptr_array_set_size (entries, end);
  return g_steal_pointer (&entries);
}

static JsonNode *
build_push_body (Cycle  *cycle,
                 gint64  cursor)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, KT_SYNC_PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, cycle->client_id);
  /* What we have pulled: a document's totals that disagree with the
   * server's because of a change pulled after this are not our mistake. */
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_int_value (builder, cursor);
  json_builder_set_member_name (builder, "mutations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < cycle->batch->len; i++)
    {
      KtOutboxEntry *entry = g_ptr_array_index (cycle->batch, i);
      JsonNode *clocks = parse_json (entry->clocks_json);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_array_index (cycle->ids, gint64, i));
      json_builder_set_member_name (builder, "entity");
      json_builder_add_string_value (builder, entry->entity);
      json_builder_set_member_name (builder, "record_id");
      json_builder_add_string_value (builder, entry->record_id);
      json_builder_set_member_name (builder, "fields");
      json_builder_add_value (builder, parse_json (entry->fields_json));
      /* A tombstone, or an undelete (its clock says the flag changed). */
      if (entry->deleted ||
          (JSON_NODE_HOLDS_OBJECT (clocks) &&
           json_object_has_member (json_node_get_object (clocks), KT_META_DELETED)))
        {
          json_builder_set_member_name (builder, "deleted");
          json_builder_add_boolean_value (builder, entry->deleted);
        }
      json_builder_set_member_name (builder, "clocks");
      json_builder_add_value (builder, clocks);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static KtOutboxEntry *
find_entry (Cycle  *cycle,
            gint64  id)
{
  for (guint i = 0; i < cycle->ids->len; i++)
    if (g_array_index (cycle->ids, gint64, i) == id)
      return g_ptr_array_index (cycle->batch, i);
  return NULL;
}

/* The edit @entry made to a record that another device has since merged
 * into @merged_into (the server refused it as an edit of a tombstone):
 * its fields are written to the survivor instead, a new local change that
 * the next push carries, so the person's edit is not lost. Sets
 * @out_redirected to FALSE when the survivor is not in this store (not
 * pulled yet): the edit is then rejected as any other. */
static gboolean
redirect_to_survivor (KtSyncEngine    *self,
                      const KtEntity  *entity,
                      KtOutboxEntry   *entry,
                      const char      *merged_into,
                      gboolean        *out_redirected,
                      GError         **error)
{
  g_autofree char *survivor_id = kt_store_resolve_merged (self->store, entity, merged_into);
  g_autoptr (KtRecord) survivor = NULL;
  g_autoptr (JsonNode) fields = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  *out_redirected = FALSE;
  if (survivor_id == NULL)
    return TRUE;
  survivor = kt_store_get (self->store, entity, survivor_id, NULL);
  fields = json_from_string (entry->fields_json, NULL);
  if (survivor == NULL || fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return TRUE;

  json_object_iter_init (&iter, json_node_get_object (fields));
  while (json_object_iter_next (&iter, &name, &value))
    {
      const KtField *field = kt_entity_get_field (entity, name);

      if (field == NULL || g_str_equal (name, "merged_into_id") ||
          (field->flags & KT_FIELD_SERVER) != 0)
        continue;
      if (JSON_NODE_HOLDS_NULL (value))
        kt_record_unset (survivor, name);
      else if (!kt_record_set_node (survivor, name, value, NULL))
        return TRUE;
    }

  if (!kt_store_save (self->store, survivor, error))
    return FALSE;

  g_debug ("A change of %s %s went to %s, which it was merged into", entry->entity,
           entry->record_id, survivor_id);
  *out_redirected = TRUE;
  return TRUE;
}

static gboolean
handle_rejection (KtSyncEngine   *self,
                  KtOutboxEntry  *entry,
                  JsonObject     *result,
                  GError        **error)
{
  const KtEntity *entity = kt_entity_lookup (entry->entity);
  const char *code = json_object_get_string_member_with_default (result, "code", "rejected");
  const char *message = json_object_get_string_member_with_default (result, "message", "");
  g_autoptr (KtRecord) server_state = NULL;
  g_autoptr (KtRecord) local = NULL;
  g_autofree char *title = NULL;
  g_autofree char *merged_into = NULL;
  gboolean redirected = FALSE;
  JsonNode *record_node;

  if (entity == NULL)
    {
      g_set_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                   _("The outbox holds a change of an unknown entity “%s”"), entry->entity);
      return FALSE;
    }

  record_node = json_object_get_member (result, "record");
  if (record_node != NULL && JSON_NODE_HOLDS_OBJECT (record_node))
    {
      server_state = kt_record_from_json (entity, record_node, error);
      if (server_state == NULL)
        return FALSE;
    }

  /* The title as the person knew it, before the revert changes it. */
  local = kt_store_get (self->store, entity, entry->record_id, NULL);
  title = local != NULL ? kt_record_dup_title (local) : g_strdup (entry->record_id);

  /* A merge elsewhere, not a delete: the tombstone names the survivor. */
  if (g_strcmp0 (code, "deleted") == 0 && !entry->deleted && server_state != NULL &&
      kt_entity_get_field (entity, "merged_into_id") != NULL)
    merged_into = g_strdup (kt_record_get_string (server_state, "merged_into_id"));
  /* Over the plan's limit, the change is the person's work and may be
   * taken as soon as the plan allows it: it stays here as a local draft,
   * marked, and goes out again whole when the plan changes
   * (kt-billing-client.h). Every other rejection is final: revert. */
  if (g_strcmp0 (code, "plan_limit") == 0 && local != NULL)
    {
      if (!kt_billing_keep_over_limit (self->store, entry->entity, entry->record_id, title,
                                       json_object_get_string_member_with_default (result, "field", NULL),
                                       message, error))
        return FALSE;
      kt_sync_engine_add_rejection (self, entry->entity, entry->record_id, title, code,
                                    json_object_get_string_member_with_default (result, "field", NULL),
                                    message);
      return TRUE;
    }

  if (!kt_store_sync_revert (self->store, entity, entry->record_id, server_state, error))
    return FALSE;

  /* The server's state is a value this store now shows: the next local
   * edit of it must sort after it, now and after a restart. */
  if (server_state != NULL && kt_record_get_hlc (server_state) != NULL)
    {
      const char *stamp = kt_record_get_hlc (server_state);
      g_autofree char *last = kt_store_get_meta (self->store, "hlc_last");

      if (!kt_hlc_observe_accepted (kt_store_get_clock (self->store), stamp, error))
        return FALSE;
      if (kt_hlc_compare (stamp, last) > 0 && !kt_store_set_meta (self->store, "hlc_last", stamp, error))
        return FALSE;
    }

  /* The edit is kept, on the record it now belongs to: nothing to tell. */
  if (merged_into != NULL &&
      !redirect_to_survivor (self, entity, entry, merged_into, &redirected, error))
    return FALSE;
  if (redirected)
    return TRUE;

  /* For developers only: a person learns of it through the engine's
   * rejections (the window's toast, kantora-cli's report). */
  g_debug ("The server rejected a change of %s %s (%s)", entry->entity,
           entry->record_id, code);
  kt_sync_engine_add_rejection (self, entry->entity, entry->record_id, title, code,
                                json_object_get_string_member_with_default (result, "field", NULL),
                                message);
  return TRUE;
}

/* The server took the mutation, but fields of it lost to newer values:
 * merge the record as the server holds it (the winners carry newer
 * clocks, so they replace the local values, and the clock observes them)
 * before the outbox entry goes, then tell the person. */
static gboolean
handle_superseded (KtSyncEngine   *self,
                   KtOutboxEntry  *entry,
                   JsonObject     *result,
                   GError        **error)
{
  const KtEntity *entity = kt_entity_lookup (entry->entity);
  g_autoptr (KtRecord) server_state = NULL;
  g_autoptr (KtRecord) local = NULL;
  g_autoptr (GPtrArray) records = g_ptr_array_new ();
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_auto (GStrv) fields = NULL;
  g_autofree char *title = NULL;
  JsonNode *record_node = json_object_get_member (result, "record");
  JsonNode *lost = json_object_get_member (result, "fields");

  if (entity == NULL)
    {
      g_set_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                   _("The outbox holds a change of an unknown entity “%s”"), entry->entity);
      return FALSE;
    }
  if (record_node == NULL || !JSON_NODE_HOLDS_OBJECT (record_node) ||
      lost == NULL || !JSON_NODE_HOLDS_ARRAY (lost))
    {
      g_set_error_literal (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                           _("The server's answer to a push names a superseded change without the record that won"));
      return FALSE;
    }

  server_state = kt_record_from_json (entity, record_node, error);
  if (server_state == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (lost)); i++)
    {
      JsonNode *name = json_array_get_element (json_node_get_array (lost), i);

      if (JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
        g_strv_builder_add (names, json_node_get_string (name));
    }
  fields = g_strv_builder_end (names);

  local = kt_store_get (self->store, entity, entry->record_id, NULL);
  title = local != NULL ? kt_record_dup_title (local) : g_strdup (entry->record_id);

  g_ptr_array_add (records, server_state);
  if (!kt_store_sync_apply_page (self->store, records, kt_store_sync_get_cursor (self->store, NULL),
                                 NULL, error))
    return FALSE;

  {
    g_autofree char *joined = g_strjoinv (", ", fields);

    g_message ("A change of %s %s lost to newer values (%s)", entry->entity, entry->record_id, joined);
  }
  kt_sync_engine_emit_superseded (self, entry->entity, entry->record_id, title,
                                  (const char * const *) fields);
  return TRUE;
}

static void
on_push_response_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = KT_SYNC_ENGINE (source);
  Cycle *cycle = g_task_get_task_data (task);
  g_autoptr (JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *obj;
  JsonArray *results;
  gint64 last_id;
  gint64 max_id;
  KtOutboxEntry *last;

  root = kt_http_request_finish (self, result, &error);
  if (root == NULL)
    {
      fail (task, error);
      return;
    }

  max_id = g_array_index (cycle->ids, gint64, cycle->ids->len - 1);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (obj = json_node_get_object (root), !json_object_has_member (obj, "results")) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "results")) ||
      (last_id = json_object_get_int_member_with_default (obj, "last_mutation_id", -1)) < max_id)
    {
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                                       _("The server's answer to a push is incomplete")));
      return;
    }

  results = json_object_get_array_member (obj, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *res;
      KtOutboxEntry *entry;
      const char *status;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      res = json_node_get_object (node);
      status = json_object_get_string_member_with_default (res, "status", "");
      entry = find_entry (cycle, json_object_get_int_member_with_default (res, "id", -1));
      if (entry == NULL)
        continue;

      if ((g_strcmp0 (status, "rejected") == 0 && !handle_rejection (self, entry, res, &error)) ||
          (g_strcmp0 (status, "superseded") == 0 && !handle_superseded (self, entry, res, &error)))
        {
          fail (task, error);
          return;
        }
    }

  last = g_ptr_array_index (cycle->batch, cycle->batch->len - 1);
  if (!kt_store_sync_mark_sent (self->store, last->seq, &error))
    {
      fail (task, error);
      return;
    }

  g_clear_pointer (&cycle->batch, g_ptr_array_unref);
  g_clear_pointer (&cycle->ids, g_array_unref);
  push_next (task);
}

static void
push_next (GTask *task)
{
  KtSyncEngine *self = g_task_get_source_object (task);
  Cycle *cycle = g_task_get_task_data (task);
  g_autoptr (JsonNode) body = NULL;
  GError *error = NULL;

  cycle->batch = take_batch (self->store, self->push_batch, &error);
  if (cycle->batch == NULL)
    {
      fail (task, error);
      return;
    }

  if (cycle->batch->len == 0)
    {
      g_clear_pointer (&cycle->batch, g_ptr_array_unref);
      fetch_organization (task);
      return;
    }

  if (!kt_store_sync_assign_mutation_ids (self->store, cycle->batch, &cycle->ids, &error))
    {
      fail (task, error);
      return;
    }

  body = build_push_body (cycle, kt_store_sync_get_cursor (self->store, NULL));
  kt_http_request_async (self, "POST", "/v1/sync/push", body, KT_HTTP_DEFAULT,
                         g_task_get_cancellable (task),
                         on_push_response_cb, task);
}

/* Pull (kt-sync-puller.c) */

static void
on_pull_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = KT_SYNC_ENGINE (source);
  GError *error = NULL;
  guint n_pulled = 0;

  if (!kt_sync_pull_finish (self, result, &n_pulled, &error))
    {
      fail (task, error);
      return;
    }

  if (n_pulled > 0)
    kt_sync_engine_emit_pulled (self, n_pulled);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
pull_next (GTask *task)
{
  KtSyncEngine *self = g_task_get_source_object (task);

  /* The pull takes over the caller's reference. */
  kt_sync_pull_async (self, g_task_get_cancellable (task), on_pull_done_cb, task);
}

/* The organization (the seller on documents) is not a synced record: the
 * cycle fetches it between push and pull and keeps its JSON in the store,
 * so documents show the seller offline too, and the views the pull
 * refreshes already have it. A server that does not answer it leaves the
 * last copy; the sync goes on. */
static void
on_organization_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = KT_SYNC_ENGINE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kt_http_request_finish (self, result, &error);

  if (node == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail (task, g_steal_pointer (&error));
      return;
    }

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *text = json_to_string (node, FALSE);
      g_autofree char *stored = kt_store_get_meta (self->store, KT_SYNC_META_ORGANIZATION);

      if (g_strcmp0 (text, stored) != 0 &&
          !kt_store_set_meta (self->store, KT_SYNC_META_ORGANIZATION, text, &error))
        g_warning ("Could not keep the organization's details: %s", error->message);
    }
  else if (error != NULL)
    g_debug ("No organization details: %s", error->message);

  pull_next (task);
}

static void
fetch_organization (GTask *task)
{
  KtSyncEngine *self = g_task_get_source_object (task);

  kt_http_request_async (self, "GET", "/v1/organization", NULL, KT_HTTP_NO_RETRY,
                         g_task_get_cancellable (task), on_organization_cb, task);
}

/* The cycle */

static void on_keyring_unlocked_cb (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      user_data);

static void
on_token_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = g_task_get_source_object (task);
  Cycle *cycle = g_task_get_task_data (task);
  GError *error = NULL;
  char *token;

  token = kt_secrets_lookup_finish (KT_SECRETS (source), result, &error);
  if (error != NULL)
    {
      fail (task, error);
      return;
    }
  if (token == NULL && !cycle->unlocked)
    {
      /* A locked keyring hides the token as if it were gone (a new login
       * session whose keyring did not unlock with it): ask for it to be
       * unlocked and look again, so only a token that is really gone
       * means signing in again. */
      cycle->unlocked = TRUE;
      kt_secrets_unlock_async (self->secrets, g_task_get_cancellable (task),
                               on_keyring_unlocked_cb, task);
      return;
    }
  if (token == NULL)
    {
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED,
                                       _("You are not signed in. Please sign in to sync.")));
      return;
    }

  g_free (self->token);
  self->token = token;
  push_next (task);
}

static void
on_keyring_unlocked_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = g_task_get_source_object (task);
  Cycle *cycle = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!kt_secrets_unlock_finish (KT_SECRETS (source), result, &error))
    {
      g_debug ("Keyring not unlocked: %s", error->message);
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED,
                                       _("The keyring that keeps your sign-in is locked. "
                                         "Sync Now asks to unlock it again.")));
      return;
    }
  kt_secrets_lookup_async (self->secrets, self->server_url, cycle->client_id,
                           g_task_get_cancellable (task), on_token_lookup_cb, task);
}

void
kt_sync_cycle_run_async (KtSyncEngine        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Cycle *cycle = g_new0 (Cycle, 1);

  g_task_set_source_tag (task, kt_sync_cycle_run_async);
  g_task_set_task_data (task, cycle, (GDestroyNotify) cycle_free);

  if (!kt_sync_engine_is_connected (self))
    {
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED,
                                       _("This store works offline only. Sign in to a server to sync it.")));
      return;
    }

  cycle->client_id = kt_store_sync_dup_client_id (self->store);
  if (self->token == NULL)
    {
      kt_secrets_lookup_async (self->secrets, self->server_url, cycle->client_id,
                               cancellable, on_token_lookup_cb, task);
      return;
    }

  push_next (task);
}

gboolean
kt_sync_cycle_run_finish (KtSyncEngine  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
