/* kt-settings-util.c: what the server-owned settings forms share
 *
 * The organization's settings and my profile are the server's, not
 * records of the store; both forms edit a KtRecord of the model's entity
 * built from the server's JSON and send back only what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-settings"

#include "config.h"

#include "kt-settings-util.h"

/* The names to walk: @names, or every field of @entity. */
static gboolean
next_name (const KtEntity      *entity,
           const char * const  *names,
           guint                i,
           const char         **name)
{
  *name = names != NULL ? names[i] : entity->fields[i].name;
  return *name != NULL;
}

KtRecord *
kt_settings_record_from_json (const KtEntity     *entity,
                              JsonObject         *object,
                              const char * const *names)
{
  g_autoptr(KtRecord) record = kt_record_new (entity);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *name;

  for (guint i = 0; next_name (entity, names, i, &name); i++)
    {
      JsonNode *value = json_object_get_member (object, name);

      if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        json_object_set_member (fields, name, json_node_copy (value));
    }
  if (!kt_record_set_from_json (record, fields, NULL, &error))
    g_warning ("The server's %s does not fit the model: %s", entity->name, error->message);
  return g_steal_pointer (&record);
}

JsonObject *
kt_settings_changed_keys (KtRecord           *before,
                          KtRecord           *after,
                          const char * const *names)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  const KtEntity *entity = kt_record_get_entity (before);
  const char *name;

  for (guint i = 0; next_name (entity, names, i, &name); i++)
    {
      JsonNode *old_value = kt_record_get_node (before, name);
      JsonNode *new_value = kt_record_get_node (after, name);

      if (old_value == NULL && new_value == NULL)
        continue;
      if (old_value != NULL && new_value != NULL && json_node_equal (old_value, new_value))
        continue;
      json_object_set_member (changes, name,
                              new_value != NULL ? json_node_copy (new_value) : json_node_new (JSON_NODE_NULL));
    }

  return g_steal_pointer (&changes);
}
