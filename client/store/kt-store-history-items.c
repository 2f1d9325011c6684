/* kt-store-history-items.c: a record's history for people, from the
 * server's change log and what only this computer knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-history.h"
#include "kt-store-private.h"

void
kt_history_item_free (KtHistoryItem *item)
{
  if (item == NULL)
    return;

  g_free (item->field);
  g_free (item->change);
  g_free (item->old_value);
  g_free (item->new_value);
  g_free (item->author_id);
  g_free (item->author_name);
  g_free (item);
}

static gint64
stamp_ms (const char *hlc)
{
  KtHlcStamp stamp;

  if (hlc == NULL || !kt_hlc_parse (hlc, &stamp, NULL))
    return 0;
  return stamp.wall_ms;
}

/* JSON text in one canonical form, so values from the server and from
 * the store compare equal when they are. NULL for null or unset. */
static char *
canonical_json (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_to_string (node, FALSE);
}

static char *
canonical_text (const char *json)
{
  g_autoptr (JsonNode) node = NULL;

  if (json == NULL)
    return NULL;
  node = json_from_string (json, NULL);
  return node != NULL ? canonical_json (node) : g_strdup (json);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static KtHistoryItem *
item_new (KtHistorySource source,
          const char     *field,
          const char     *change,
          gint64          time_ms)
{
  KtHistoryItem *item = g_new0 (KtHistoryItem, 1);

  item->source = source;
  item->field = g_strdup (field);
  item->change = g_strdup (change);
  item->time_ms = time_ms;
  return item;
}

/* A server entry: one item per changed field, or one for the whole
 * record when it was created, deleted or restored. */
static void
add_server_entry (GPtrArray  *items,
                  JsonObject *entry)
{
  const char *kind = member_string (entry, "kind");
  JsonNode *author_node = json_object_get_member (entry, "author");
  JsonNode *changes_node = json_object_get_member (entry, "changes");
  JsonObject *author = NULL;
  gint64 time_ms = stamp_ms (member_string (entry, "hlc"));

  if (kind == NULL)
    return;
  if (time_ms == 0 && member_string (entry, "at") != NULL)
    {
      g_autoptr (GDateTime) at = g_date_time_new_from_iso8601 (member_string (entry, "at"), NULL);

      if (at != NULL)
        time_ms = g_date_time_to_unix (at) * 1000 + g_date_time_get_microsecond (at) / 1000;
    }
  if (author_node != NULL && JSON_NODE_HOLDS_OBJECT (author_node))
    author = json_node_get_object (author_node);

  if (g_str_equal (kind, "created") || g_str_equal (kind, "deleted") || g_str_equal (kind, "restored") ||
      changes_node == NULL || !JSON_NODE_HOLDS_ARRAY (changes_node))
    {
      KtHistoryItem *item = item_new (KT_HISTORY_SOURCE_SERVER, NULL,
                                      g_str_equal (kind, "updated") ? NULL : kind, time_ms);

      if (item->change == NULL)
        {
          kt_history_item_free (item);
          return;
        }
      if (author != NULL)
        {
          item->author_id = g_strdup (member_string (author, "id"));
          item->author_name = g_strdup (member_string (author, "name"));
        }
      g_ptr_array_add (items, item);
      return;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (changes_node)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (changes_node), i);
      JsonObject *change;
      KtHistoryItem *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      change = json_node_get_object (node);
      if (member_string (change, "field") == NULL)
        continue;
      item = item_new (KT_HISTORY_SOURCE_SERVER, member_string (change, "field"), NULL, time_ms);
      item->old_value = canonical_json (json_object_get_member (change, "old"));
      item->new_value = canonical_json (json_object_get_member (change, "new"));
      if (author != NULL)
        {
          item->author_id = g_strdup (member_string (author, "id"));
          item->author_name = g_strdup (member_string (author, "name"));
        }
      g_ptr_array_add (items, item);
    }
}

/* The outbox entries of the record: changes made here, not pushed. */
static gboolean
add_pending (KtStore        *self,
             GPtrArray      *items,
             const KtEntity *entity,
             const char     *record_id,
             GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kt_store_prepare (self,
                           "SELECT deleted, fields, clocks FROM outbox "
                           "WHERE entity = ?1 AND record_id = ?2 ORDER BY seq",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (JsonNode) fields = json_from_string ((const char *) sqlite3_column_text (stmt, 1), NULL);
      g_autoptr (JsonNode) clocks = json_from_string ((const char *) sqlite3_column_text (stmt, 2), NULL);
      JsonObject *clock_object = clocks != NULL && JSON_NODE_HOLDS_OBJECT (clocks) ?
                                 json_node_get_object (clocks) : NULL;
      gboolean deleted = sqlite3_column_int (stmt, 0) != 0;

      if (deleted || (clock_object != NULL && json_object_has_member (clock_object, KT_META_DELETED) &&
                      fields != NULL && JSON_NODE_HOLDS_OBJECT (fields) &&
                      !json_object_has_member (json_node_get_object (fields), KT_META_DELETED)))
        {
          KtHistoryItem *item = item_new (KT_HISTORY_SOURCE_PENDING, NULL, deleted ? "deleted" : "restored",
                                          clock_object ? stamp_ms (member_string (clock_object, KT_META_DELETED)) : 0);

          item->author_id = g_strdup (kt_store_get_user_id (self));
          g_ptr_array_add (items, item);
        }

      if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init (&iter, json_node_get_object (fields));
          while (json_object_iter_next (&iter, &name, &value))
            {
              KtHistoryItem *item;

              if (g_str_equal (name, KT_META_DELETED))
                continue;
              item = item_new (KT_HISTORY_SOURCE_PENDING, name, NULL,
                               clock_object ? stamp_ms (member_string (clock_object, name)) : 0);
              item->new_value = canonical_json (value);
              item->author_id = g_strdup (kt_store_get_user_id (self));
              g_ptr_array_add (items, item);
            }
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not read the change history"));
      return FALSE;
    }
  return TRUE;
}

/* The server entry that wrote @field = @new_value, for a replaced value's
 * author: the newest such entry. */
static const KtHistoryItem *
find_writer (GPtrArray  *items,
             guint       n_server,
             const char *field,
             const char *new_value)
{
  const KtHistoryItem *found = NULL;

  for (guint i = 0; i < n_server; i++)
    {
      const KtHistoryItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->field, field) == 0 && g_strcmp0 (item->new_value, new_value) == 0 &&
          (found == NULL || item->time_ms > found->time_ms))
        found = item;
    }
  return found;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const KtHistoryItem *item_a = *(const KtHistoryItem * const *) a;
  const KtHistoryItem *item_b = *(const KtHistoryItem * const *) b;

  /* Newest first; what is not pushed yet is newer than anything. */
  if ((item_a->source == KT_HISTORY_SOURCE_PENDING) != (item_b->source == KT_HISTORY_SOURCE_PENDING))
    return item_a->source == KT_HISTORY_SOURCE_PENDING ? -1 : 1;
  if (item_a->time_ms != item_b->time_ms)
    return item_a->time_ms > item_b->time_ms ? -1 : 1;
  /* The fields of one change in a stable order. */
  return g_strcmp0 (item_a->field, item_b->field);
}

/**
 * kt_store_history_items:
 * @self: a #KtStore
 * @entity: the record's entity
 * @record_id: the record's id
 * @server_items: (nullable): the server's history entries
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type KtHistoryItem): the items,
 *   newest first, or %NULL on error
 */
GPtrArray *
kt_store_history_items (KtStore        *self,
                        const KtEntity *entity,
                        const char     *record_id,
                        JsonArray      *server_items,
                        GError        **error)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_history_item_free);
  g_autoptr (GPtrArray) replaced = NULL;
  guint n_server;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL && record_id != NULL, NULL);

  for (guint i = 0; server_items != NULL && i < json_array_get_length (server_items); i++)
    {
      JsonNode *node = json_array_get_element (server_items, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        add_server_entry (items, json_node_get_object (node));
    }
  n_server = items->len;

  replaced = kt_store_history_list (self, entity, record_id, error);
  if (replaced == NULL)
    return NULL;
  for (guint i = 0; i < replaced->len; i++)
    {
      KtHistoryEntry *entry = g_ptr_array_index (replaced, i);
      KtHistoryItem *item = item_new (KT_HISTORY_SOURCE_REPLACED, entry->field, NULL,
                                      stamp_ms (entry->new_hlc));
      const KtHistoryItem *writer;

      item->old_value = canonical_text (entry->old_value);
      item->new_value = canonical_text (entry->new_value);
      /* The server's log has who wrote the value that replaced ours (our
       * own value lost the merge there, so only this computer has it). */
      writer = find_writer (items, n_server, item->field, item->new_value);
      if (writer != NULL)
        {
          item->author_id = g_strdup (writer->author_id);
          item->author_name = g_strdup (writer->author_name);
        }
      g_ptr_array_add (items, item);
    }

  if (!add_pending (self, items, entity, record_id, error))
    return NULL;

  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}
