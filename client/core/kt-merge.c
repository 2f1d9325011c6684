/* kt-merge.c: merging two contacts or two companies, and undoing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-merge"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-merge.h"

/* One link the merge moved: @field of @entity's record @id pointed at the
 * loser and now points at the survivor. */
typedef struct {
  const KtEntity *entity;
  char           *id;
  const char     *field;
} Moved;

struct _KtMerge {
  const KtEntity *entity;
  char           *survivor_id;
  char           *loser_id;
  KtRecord       *survivor_before;   /* the survivor as it was */
  GPtrArray      *changed;           /* of const char *: the survivor's fields the merge wrote */
  GArray         *moved;             /* of Moved */
};

static void
moved_clear (gpointer data)
{
  Moved *moved = data;

  g_free (moved->id);
}

void
kt_merge_free (KtMerge *merge)
{
  if (merge == NULL)
    return;

  g_free (merge->survivor_id);
  g_free (merge->loser_id);
  g_clear_object (&merge->survivor_before);
  g_clear_pointer (&merge->changed, g_ptr_array_unref);
  g_clear_pointer (&merge->moved, g_array_unref);
  g_free (merge);
}

guint
kt_merge_get_n_moved (KtMerge *merge)
{
  g_return_val_if_fail (merge != NULL, 0);

  return merge->moved->len;
}

/* A field a person edits: not the merge's own bookkeeping. */
static gboolean
is_mergeable (const KtField *field)
{
  return !g_str_equal (field->name, "merged_into_id") &&
         (field->flags & (KT_FIELD_SERVER | KT_FIELD_SECRET)) == 0;
}

static gboolean
values_equal (KtRecord   *a,
              KtRecord   *b,
              const char *field)
{
  JsonNode *x = kt_record_has (a, field) ? kt_record_get_node (a, field) : NULL;
  JsonNode *y = kt_record_has (b, field) ? kt_record_get_node (b, field) : NULL;

  if (x == NULL || y == NULL)
    return x == y;

  return json_node_equal (x, y);
}

GPtrArray *
kt_merge_differing_fields (KtRecord *survivor,
                           KtRecord *loser)
{
  const KtEntity *entity;
  GPtrArray *fields = g_ptr_array_new ();

  g_return_val_if_fail (survivor != NULL && loser != NULL, fields);

  entity = kt_record_get_entity (survivor);
  for (const KtField *f = entity->fields; f->name != NULL; f++)
    if (is_mergeable (f) && !values_equal (survivor, loser, f->name))
      g_ptr_array_add (fields, (gpointer) f->name);

  return fields;
}

gboolean
kt_merge_prefers_loser (KtRecord   *survivor,
                        KtRecord   *loser,
                        const char *field)
{
  g_return_val_if_fail (survivor != NULL && loser != NULL && field != NULL, FALSE);

  /* An empty value is never the one to keep. */
  if (!kt_record_has (loser, field))
    return FALSE;
  if (!kt_record_has (survivor, field))
    return TRUE;

  return g_strcmp0 (kt_record_get_field_hlc (loser, field),
                    kt_record_get_field_hlc (survivor, field)) > 0;
}

/* The survivor's custom field values with the loser's added where the
 * survivor has none: a value typed into either record is kept. */
static void
merge_custom (KtRecord *survivor,
              KtRecord *loser)
{
  JsonNode *theirs = kt_record_has (loser, "custom") ? kt_record_get_node (loser, "custom") : NULL;
  JsonNode *ours = kt_record_has (survivor, "custom") ? kt_record_get_node (survivor, "custom") : NULL;
  g_autoptr (JsonNode) merged = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (theirs == NULL || !JSON_NODE_HOLDS_OBJECT (theirs))
    return;

  /* A new object: json_node_copy() would share the survivor's, and the
   * copy kept for undo with it. */
  object = json_object_new ();
  merged = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  if (ours != NULL && JSON_NODE_HOLDS_OBJECT (ours))
    {
      json_object_iter_init (&iter, json_node_get_object (ours));
      while (json_object_iter_next (&iter, &key, &value))
        json_object_set_member (object, key, json_node_copy (value));
    }
  json_object_iter_init (&iter, json_node_get_object (theirs));
  while (json_object_iter_next (&iter, &key, &value))
    if (!json_object_has_member (object, key))
      json_object_set_member (object, key, json_node_copy (value));

  kt_record_set_node (survivor, "custom", merged, NULL);
}

/* Every live record with a link to @loser_id: the copy to save, with the
 * links set to @survivor_id, and each link in @moved. */
static gboolean
move_links (KtStore         *store,
            const KtEntity  *target,
            const char      *loser_id,
            const char      *survivor_id,
            GPtrArray       *records,
            GArray          *moved,
            GError         **error)
{
  g_autoptr (GHashTable) copies = g_hash_table_new (g_str_hash, g_str_equal);

  for (const KtEntity * const *e = kt_entity_all (); *e != NULL; e++)
    {
      g_hash_table_remove_all (copies);

      for (const KtField *f = (*e)->fields; f->name != NULL; f++)
        {
          g_autoptr (KtQuery) query = NULL;
          g_autoptr (GPtrArray) linked = NULL;

          if (f->type != KT_FIELD_REF || g_strcmp0 (f->ref_entity, target->name) != 0 ||
              g_str_equal (f->name, "merged_into_id") || ((*e)->flags & KT_ENTITY_SYNCED) == 0)
            continue;

          query = kt_query_new (*e);
          kt_query_add_filter (query, f->name, loser_id);
          linked = kt_store_query (store, query, 0, 0, error);
          if (linked == NULL)
            return FALSE;

          for (guint i = 0; i < linked->len; i++)
            {
              KtRecord *record = g_ptr_array_index (linked, i);
              KtRecord *copy = g_hash_table_lookup (copies, kt_record_get_id (record));
              Moved m = { *e, g_strdup (kt_record_get_id (record)), f->name };

              /* Two links of one record (an activity's contact and ...)
               * go in one copy, saved once. */
              if (copy == NULL)
                {
                  copy = g_object_ref (record);
                  g_ptr_array_add (records, copy);
                  g_hash_table_insert (copies, (gpointer) kt_record_get_id (copy), copy);
                }
              kt_record_set_string (copy, f->name, survivor_id);
              g_array_append_val (moved, m);
            }
        }
    }

  return TRUE;
}

KtMerge *
kt_merge_records (KtStore             *store,
                  const KtEntity      *entity,
                  const char          *survivor_id,
                  const char          *loser_id,
                  const char * const  *from_loser,
                  GError             **error)
{
  g_autoptr (KtMerge) merge = NULL;
  g_autoptr (KtRecord) survivor = NULL;
  g_autoptr (KtRecord) loser = NULL;
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity == KT_ENTITY_CONTACT || entity == KT_ENTITY_COMPANY, NULL);
  g_return_val_if_fail (survivor_id != NULL && loser_id != NULL, NULL);

  if (g_str_equal (survivor_id, loser_id))
    {
      g_set_error_literal (error, KT_ERROR, KT_ERROR_INVALID, _("A record cannot be merged with itself"));
      return NULL;
    }

  survivor = kt_store_get (store, entity, survivor_id, error);
  if (survivor == NULL)
    return NULL;
  loser = kt_store_get (store, entity, loser_id, error);
  if (loser == NULL)
    return NULL;

  merge = g_new0 (KtMerge, 1);
  merge->entity = entity;
  merge->survivor_id = g_strdup (survivor_id);
  merge->loser_id = g_strdup (loser_id);
  merge->survivor_before = kt_record_copy (survivor);
  merge->changed = g_ptr_array_new ();
  merge->moved = g_array_new (FALSE, FALSE, sizeof (Moved));
  g_array_set_clear_func (merge->moved, moved_clear);

  for (guint i = 0; from_loser != NULL && from_loser[i] != NULL; i++)
    {
      const KtField *f = kt_entity_get_field (entity, from_loser[i]);
      JsonNode *value;

      if (f == NULL || !is_mergeable (f))
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID, "no field %s to merge", from_loser[i]);
          return NULL;
        }
      value = kt_record_has (loser, f->name) ? kt_record_get_node (loser, f->name) : NULL;
      if (value == NULL)
        kt_record_unset (survivor, f->name);
      else if (!kt_record_set_node (survivor, f->name, value, error))
        return NULL;
    }
  merge_custom (survivor, loser);
  for (const KtField *f = entity->fields; f->name != NULL; f++)
    if (!values_equal (survivor, merge->survivor_before, f->name))
      g_ptr_array_add (merge->changed, (gpointer) f->name);

  if (!kt_record_validate (survivor, error))
    return NULL;

  g_ptr_array_add (records, g_object_ref (survivor));
  if (!move_links (store, entity, loser_id, survivor_id, records, merge->moved, error))
    return NULL;

  kt_record_set_string (loser, "merged_into_id", survivor_id);
  kt_record_set_deleted (loser, TRUE);
  g_ptr_array_add (records, g_object_ref (loser));

  if (!kt_store_save_all (store, records, error))
    return NULL;

  return g_steal_pointer (&merge);
}

/* The loser's tombstone, found through the link it carries. */
static KtRecord *
load_loser (KtStore  *store,
            KtMerge  *merge,
            GError  **error)
{
  g_autoptr (KtQuery) query = kt_query_new (merge->entity);
  g_autoptr (GPtrArray) merged = NULL;

  kt_query_set_include_deleted (query, TRUE);
  kt_query_add_filter (query, "merged_into_id", merge->survivor_id);
  merged = kt_store_query (store, query, 0, 0, error);
  if (merged == NULL)
    return NULL;

  for (guint i = 0; i < merged->len; i++)
    {
      KtRecord *record = g_ptr_array_index (merged, i);

      if (g_str_equal (kt_record_get_id (record), merge->loser_id))
        return g_object_ref (record);
    }

  g_set_error (error, KT_ERROR, KT_ERROR_NOT_FOUND,
               _("The merged record is gone; the merge cannot be undone"));
  return NULL;
}

gboolean
kt_merge_undo (KtMerge  *merge,
               KtStore  *store,
               GError  **error)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) copies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (KtRecord) survivor = NULL;
  g_autoptr (KtRecord) loser = NULL;

  g_return_val_if_fail (merge != NULL, FALSE);
  g_return_val_if_fail (KT_IS_STORE (store), FALSE);

  /* The loser first: the outbox keeps this order, and the server checks
   * that a link moved back names a live record. */
  loser = load_loser (store, merge, error);
  if (loser == NULL)
    return FALSE;
  kt_record_unset (loser, "merged_into_id");
  kt_record_set_deleted (loser, FALSE);
  g_ptr_array_add (records, g_object_ref (loser));

  survivor = kt_store_get (store, merge->entity, merge->survivor_id, error);
  if (survivor == NULL)
    return FALSE;
  for (guint i = 0; i < merge->changed->len; i++)
    {
      const char *field = g_ptr_array_index (merge->changed, i);

      if (!kt_record_has (merge->survivor_before, field))
        kt_record_unset (survivor, field);
      else
        kt_record_set_node (survivor, field, kt_record_get_node (merge->survivor_before, field), NULL);
    }
  g_ptr_array_add (records, g_object_ref (survivor));

  /* A link someone has pointed elsewhere since stays where they put it. */
  for (guint i = 0; i < merge->moved->len; i++)
    {
      Moved *m = &g_array_index (merge->moved, Moved, i);
      KtRecord *copy = g_hash_table_lookup (copies, m->id);

      if (copy == NULL)
        {
          g_autoptr (GError) local_error = NULL;

          copy = kt_store_get (store, m->entity, m->id, &local_error);
          if (copy == NULL)
            continue;   /* deleted since: nothing to move back */
          g_ptr_array_add (records, copy);
          g_hash_table_insert (copies, (gpointer) kt_record_get_id (copy), copy);
        }
      if (g_strcmp0 (kt_record_get_string (copy, m->field), merge->survivor_id) == 0)
        kt_record_set_string (copy, m->field, merge->loser_id);
    }

  return kt_store_save_all (store, records, error);
}
