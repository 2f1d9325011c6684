/* kt-saved-views.c: the store's user's saved views of the list panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-saved-views"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-saved-views.h"

GPtrArray *
kt_saved_views_load (KtStore     *store,
                     const char  *section,
                     GError     **error)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_SAVED_VIEW);
  const char *user_id = kt_store_get_user_id (store);

  /* The server sends a member nobody else's views; a store that a
   * second person signs into later may still hold the first one's. */
  if (user_id != NULL)
    kt_query_add_filter (query, KT_META_OWNER, user_id);
  if (section != NULL)
    kt_query_add_filter (query, "section", section);
  kt_query_set_sort (query, section != NULL ? "name" : "section,name", FALSE);
  return kt_store_query (store, query, 0, G_MAXUINT, error);
}

KtRecord *
kt_saved_views_create (KtStore     *store,
                       const char  *section,
                       const char  *name,
                       JsonObject  *state,
                       GError     **error)
{
  g_autoptr(KtRecord) view = kt_record_new (KT_ENTITY_SAVED_VIEW);
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), state);

  kt_record_set_string (view, "section", section);
  kt_record_set_string (view, "name", trimmed);
  if (!kt_record_set_node (view, "state", node, error) ||
      !kt_store_save (store, view, error))
    return NULL;
  return g_steal_pointer (&view);
}

gboolean
kt_saved_views_rename (KtStore     *store,
                       const char  *id,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(KtRecord) view = kt_store_get (store, KT_ENTITY_SAVED_VIEW, id, error);
  g_autofree char *trimmed = g_strstrip (g_strdup (name));

  if (view == NULL)
    return FALSE;
  kt_record_set_string (view, "name", trimmed);
  return kt_store_save (store, view, error);
}

JsonObject *
kt_saved_views_dup_state (KtStore    *store,
                          const char *id,
                          char      **section)
{
  g_autoptr(KtRecord) view = kt_store_get (store, KT_ENTITY_SAVED_VIEW, id, NULL);
  JsonNode *state;

  if (view == NULL)
    return NULL;
  state = kt_record_get_node (view, "state");
  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
    return NULL;
  if (section != NULL)
    *section = g_strdup (kt_record_get_string (view, "section"));
  return json_object_ref (json_node_get_object (state));
}
