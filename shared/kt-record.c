/* kt-record.c: one record of any entity
 *
 * The values live in an array indexed by the field's position in the
 * entity description, so a lookup by name is one scan of a short static
 * table and no per-record hash table is needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-error.h"
#include "kt-hlc.h"
#include "kt-record-private.h"
#include "kt-uuid.h"

struct _KtRecord
{
  GObject         parent_instance;

  const KtEntity *entity;
  guint           n_fields;

  char           *id;
  char           *org_id;
  char           *owner_id;
  char           *created_at;
  char           *updated_at;
  char           *hlc;
  gboolean        deleted;
  char           *deleted_hlc;
  char           *owner_hlc;   /* NULL until the owner is written explicitly */
  char           *created_hlc; /* NULL for a record created before created_at synced */

  JsonNode      **values;      /* n_fields; NULL = unset */
  char          **clocks;      /* n_fields; NULL = the record's hlc */
  char         ***tags_cache;  /* n_fields; built by kt_record_get_tags() */
};

G_DEFINE_FINAL_TYPE (KtRecord, kt_record, G_TYPE_OBJECT)

static gboolean
is_string_type (KtFieldType type)
{
  switch (type)
    {
    case KT_FIELD_TEXT:
    case KT_FIELD_EMAIL:
    case KT_FIELD_PHONE:
    case KT_FIELD_URL:
    case KT_FIELD_CURRENCY:
    case KT_FIELD_DATE:
    case KT_FIELD_DATETIME:
    case KT_FIELD_ENUM:
    case KT_FIELD_REF:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_int_type (KtFieldType type)
{
  return type == KT_FIELD_INT || type == KT_FIELD_MONEY ||
         type == KT_FIELD_QUANTITY || type == KT_FIELD_BPS;
}

/* The position of @field, or -1 with a critical: asking a record for a
 * field its entity does not have is a programmer error. */
static int
field_index (KtRecord   *self,
             const char *field)
{
  int index = kt_entity_get_field_index (self->entity, field);

  if (G_UNLIKELY (index < 0))
    g_critical ("The entity “%s” has no field “%s”", self->entity->name, field);

  return index;
}

static int
typed_field_index (KtRecord    *self,
                   const char  *field,
                   gboolean   (*accepts) (KtFieldType type),
                   const char  *what)
{
  int index = field_index (self, field);

  if (index >= 0 && !accepts (self->entity->fields[index].type))
    {
      g_critical ("The field “%s.%s” is of type %s, not %s", self->entity->name, field,
                  kt_field_type_to_string (self->entity->fields[index].type), what);
      return -1;
    }

  return index;
}

static gboolean
is_bool_type (KtFieldType type)
{
  return type == KT_FIELD_BOOL;
}

static gboolean
is_tags_type (KtFieldType type)
{
  return type == KT_FIELD_TAGS;
}

static void
kt_record_finalize (GObject *object)
{
  KtRecord *self = (KtRecord *) object;

  for (guint i = 0; i < self->n_fields; i++)
    {
      g_clear_pointer (&self->values[i], json_node_unref);
      g_clear_pointer (&self->clocks[i], g_free);
      g_clear_pointer (&self->tags_cache[i], g_strfreev);
    }
  g_free (self->values);
  g_free (self->clocks);
  g_free (self->tags_cache);

  g_free (self->id);
  g_free (self->org_id);
  g_free (self->owner_id);
  g_free (self->created_at);
  g_free (self->updated_at);
  g_free (self->hlc);
  g_free (self->deleted_hlc);
  g_free (self->owner_hlc);
  g_free (self->created_hlc);

  G_OBJECT_CLASS (kt_record_parent_class)->finalize (object);
}

static void
kt_record_class_init (KtRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kt_record_finalize;
}

static void
kt_record_init (KtRecord *self)
{
}

static void
replace_string (char       **slot,
                const char  *value)
{
  if (*slot != value)
    {
      char *old = *slot;

      *slot = g_strdup (value);
      g_free (old);
    }
}

/* Private API for the codec and validation. */

JsonNode *
kt_record_peek_value (KtRecord *record,
                      guint     index)
{
  g_assert (index < record->n_fields);

  return record->values[index];
}

void
kt_record_take_value (KtRecord *record,
                      guint     index,
                      JsonNode *node)
{
  g_assert (index < record->n_fields);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    g_clear_pointer (&node, json_node_unref);

  g_clear_pointer (&record->values[index], json_node_unref);
  g_clear_pointer (&record->tags_cache[index], g_strfreev);
  record->values[index] = node;
}

const char *
kt_record_peek_clock (KtRecord *record,
                      guint     index)
{
  g_assert (index < record->n_fields);

  return record->clocks[index];
}

const char *
kt_record_peek_deleted_clock (KtRecord *record)
{
  return record->deleted_hlc;
}

void
kt_record_set_deleted_clock (KtRecord   *record,
                             const char *hlc)
{
  replace_string (&record->deleted_hlc, hlc);
}

const char *
kt_record_peek_owner_clock (KtRecord *record)
{
  return record->owner_hlc;
}

const char *
kt_record_peek_created_clock (KtRecord *record)
{
  return record->created_hlc;
}

/* Public API. */

/**
 * kt_record_new_with_id:
 * @entity: the record's entity
 * @id: the record's id
 *
 * Returns: (transfer full): an empty record with no timestamps.
 */
KtRecord *
kt_record_new_with_id (const KtEntity *entity,
                       const char     *id)
{
  KtRecord *self;

  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (KT_TYPE_RECORD, NULL);
  self->entity = entity;
  self->n_fields = kt_entity_n_fields (entity);
  self->values = g_new0 (JsonNode *, self->n_fields);
  self->clocks = g_new0 (char *, self->n_fields);
  self->tags_cache = g_new0 (char **, self->n_fields);
  self->id = g_strdup (id);

  return self;
}

/**
 * kt_record_new:
 * @entity: the record's entity
 *
 * Returns: (transfer full): a new record with a fresh id and defaults.
 */
KtRecord *
kt_record_new (const KtEntity *entity)
{
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;
  KtRecord *self;

  g_return_val_if_fail (entity != NULL, NULL);

  id = kt_uuid_new ();
  now = kt_now_iso ();
  self = kt_record_new_with_id (entity, id);
  self->created_at = g_strdup (now);
  self->updated_at = g_steal_pointer (&now);
  kt_record_apply_defaults (self);

  return self;
}

void
kt_record_apply_defaults (KtRecord *record)
{
  g_return_if_fail (KT_IS_RECORD (record));

  for (guint i = 0; i < record->n_fields; i++)
    {
      const KtField *field = &record->entity->fields[i];

      if (field->default_value != NULL && record->values[i] == NULL)
        {
          g_autoptr(GError) error = NULL;
          JsonNode *node = json_from_string (field->default_value, &error);

          /* The defaults are part of the static model: a bad one is a bug. */
          if (node == NULL)
            g_critical ("Bad default for %s.%s: %s", record->entity->name,
                        field->name, error->message);
          else
            kt_record_take_value (record, i, node);
        }
    }
}

/**
 * kt_record_copy:
 * @record: a record
 *
 * Returns: (transfer full): a deep copy.
 */
KtRecord *
kt_record_copy (KtRecord *record)
{
  KtRecord *copy;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  copy = kt_record_new_with_id (record->entity, record->id);
  copy->org_id = g_strdup (record->org_id);
  copy->owner_id = g_strdup (record->owner_id);
  copy->created_at = g_strdup (record->created_at);
  copy->updated_at = g_strdup (record->updated_at);
  copy->hlc = g_strdup (record->hlc);
  copy->deleted = record->deleted;
  copy->deleted_hlc = g_strdup (record->deleted_hlc);
  copy->owner_hlc = g_strdup (record->owner_hlc);
  copy->created_hlc = g_strdup (record->created_hlc);

  for (guint i = 0; i < record->n_fields; i++)
    {
      if (record->values[i] != NULL)
        copy->values[i] = json_node_copy (record->values[i]);
      copy->clocks[i] = g_strdup (record->clocks[i]);
    }

  return copy;
}

const KtEntity *
kt_record_get_entity (KtRecord *record)
{
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);
  return record->entity;
}

const char *
kt_record_get_id (KtRecord *record)
{
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);
  return record->id;
}

#define META_STRING_ACCESSORS(name)                                   \
const char *                                                          \
kt_record_get_##name (KtRecord *record)                               \
{                                                                     \
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);                 \
  return record->name;                                                \
}                                                                     \
                                                                      \
void                                                                  \
kt_record_set_##name (KtRecord *record, const char *value)            \
{                                                                     \
  g_return_if_fail (KT_IS_RECORD (record));                           \
  replace_string (&record->name, value);                              \
}

META_STRING_ACCESSORS (org_id)
META_STRING_ACCESSORS (owner_id)
META_STRING_ACCESSORS (created_at)
META_STRING_ACCESSORS (updated_at)
META_STRING_ACCESSORS (hlc)

gboolean
kt_record_get_deleted (KtRecord *record)
{
  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);
  return record->deleted;
}

void
kt_record_set_deleted (KtRecord *record,
                       gboolean  deleted)
{
  g_return_if_fail (KT_IS_RECORD (record));
  record->deleted = !!deleted;
}

/**
 * kt_record_get_field_hlc:
 * @record: a record
 * @field: a field name, "deleted" for the tombstone, "owner_id" for
 *   the owner or "created_at" for the creation time
 *
 * Returns: (nullable): the clock of the field's last write.
 */
const char *
kt_record_get_field_hlc (KtRecord   *record,
                         const char *field)
{
  const char *clock;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (strcmp (field, KT_META_DELETED) == 0)
    clock = record->deleted_hlc;
  else if (strcmp (field, KT_META_OWNER) == 0)
    clock = record->owner_hlc;
  else if (strcmp (field, KT_META_CREATED) == 0)
    clock = record->created_hlc;
  else
    {
      int index = field_index (record, field);

      if (index < 0)
        return NULL;
      clock = record->clocks[index];
    }

  return clock != NULL ? clock : record->hlc;
}

void
kt_record_set_field_hlc (KtRecord   *record,
                         const char *field,
                         const char *hlc)
{
  int index;

  g_return_if_fail (KT_IS_RECORD (record));
  g_return_if_fail (field != NULL);

  if (strcmp (field, KT_META_DELETED) == 0)
    {
      replace_string (&record->deleted_hlc, hlc);
      return;
    }
  /* Reassigning a record is a write like any other, with its own clock. */
  if (strcmp (field, KT_META_OWNER) == 0)
    {
      replace_string (&record->owner_hlc, hlc);
      return;
    }
  /* The creation time travels with the create, stamped like its fields,
   * so every replica keeps the creator's. */
  if (strcmp (field, KT_META_CREATED) == 0)
    {
      replace_string (&record->created_hlc, hlc);
      return;
    }

  index = field_index (record, field);
  if (index >= 0)
    replace_string (&record->clocks[index], hlc);
}

void
kt_record_stamp (KtRecord           *record,
                 const char * const *fields,
                 const char         *hlc)
{
  g_return_if_fail (KT_IS_RECORD (record));
  g_return_if_fail (hlc != NULL);

  if (fields != NULL)
    {
      for (guint i = 0; fields[i] != NULL; i++)
        kt_record_set_field_hlc (record, fields[i], hlc);
    }
  else
    {
      for (guint i = 0; i < record->n_fields; i++)
        if (record->values[i] != NULL)
          replace_string (&record->clocks[i], hlc);
      if (record->deleted)
        replace_string (&record->deleted_hlc, hlc);
    }

  if (kt_hlc_compare (hlc, record->hlc) > 0)
    replace_string (&record->hlc, hlc);
}

gboolean
kt_record_has (KtRecord   *record,
               const char *field)
{
  int index;

  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);

  index = field_index (record, field);
  return index >= 0 && record->values[index] != NULL;
}

void
kt_record_unset (KtRecord   *record,
                 const char *field)
{
  int index;

  g_return_if_fail (KT_IS_RECORD (record));

  index = field_index (record, field);
  if (index >= 0)
    kt_record_take_value (record, index, NULL);
}

const char *
kt_record_get_string (KtRecord   *record,
                      const char *field)
{
  int index;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  index = typed_field_index (record, field, is_string_type, "a string");
  if (index < 0 || record->values[index] == NULL)
    return NULL;

  return json_node_get_string (record->values[index]);
}

void
kt_record_set_string (KtRecord   *record,
                      const char *field,
                      const char *value)
{
  int index;

  g_return_if_fail (KT_IS_RECORD (record));
  g_return_if_fail (value == NULL || g_utf8_validate (value, -1, NULL));

  index = typed_field_index (record, field, is_string_type, "a string");
  if (index < 0)
    return;

  if (value == NULL)
    kt_record_take_value (record, index, NULL);
  else
    kt_record_take_value (record, index, json_node_init_string (json_node_alloc (), value));
}

gint64
kt_record_get_int (KtRecord   *record,
                   const char *field)
{
  int index;

  g_return_val_if_fail (KT_IS_RECORD (record), 0);

  index = typed_field_index (record, field, is_int_type, "a number");
  if (index < 0 || record->values[index] == NULL)
    return 0;

  return json_node_get_int (record->values[index]);
}

void
kt_record_set_int (KtRecord   *record,
                   const char *field,
                   gint64      value)
{
  int index;

  g_return_if_fail (KT_IS_RECORD (record));

  index = typed_field_index (record, field, is_int_type, "a number");
  if (index >= 0)
    kt_record_take_value (record, index, json_node_init_int (json_node_alloc (), value));
}

gboolean
kt_record_get_bool (KtRecord   *record,
                    const char *field)
{
  int index;

  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);

  index = typed_field_index (record, field, is_bool_type, "a boolean");
  if (index < 0 || record->values[index] == NULL)
    return FALSE;

  return json_node_get_boolean (record->values[index]);
}

void
kt_record_set_bool (KtRecord   *record,
                    const char *field,
                    gboolean    value)
{
  int index;

  g_return_if_fail (KT_IS_RECORD (record));

  index = typed_field_index (record, field, is_bool_type, "a boolean");
  if (index >= 0)
    kt_record_take_value (record, index, json_node_init_boolean (json_node_alloc (), value));
}

/**
 * kt_record_get_tags:
 * @record: a record
 * @field: a tags field
 *
 * Returns: (nullable) (transfer none) (array zero-terminated=1): the tags,
 *   valid until the field changes.
 */
const char * const *
kt_record_get_tags (KtRecord   *record,
                    const char *field)
{
  JsonArray *array;
  GStrvBuilder *builder;
  int index;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  index = typed_field_index (record, field, is_tags_type, "tags");
  if (index < 0 || record->values[index] == NULL)
    return NULL;

  if (record->tags_cache[index] != NULL)
    return (const char * const *) record->tags_cache[index];

  array = json_node_get_array (record->values[index]);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  record->tags_cache[index] = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return (const char * const *) record->tags_cache[index];
}

void
kt_record_set_tags (KtRecord           *record,
                    const char         *field,
                    const char * const *tags)
{
  JsonArray *array;
  int index;

  g_return_if_fail (KT_IS_RECORD (record));

  index = typed_field_index (record, field, is_tags_type, "tags");
  if (index < 0)
    return;

  if (tags == NULL)
    {
      kt_record_take_value (record, index, NULL);
      return;
    }

  array = json_array_new ();
  for (guint i = 0; tags[i] != NULL; i++)
    json_array_add_string_element (array, tags[i]);
  kt_record_take_value (record, index, json_node_init_array (json_node_alloc (), array));
  json_array_unref (array);
}

/**
 * kt_record_get_node:
 * @record: a record
 * @field: any field
 *
 * Returns: (nullable) (transfer none): the field's value.
 */
JsonNode *
kt_record_get_node (KtRecord   *record,
                    const char *field)
{
  int index;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  index = field_index (record, field);
  return index >= 0 ? record->values[index] : NULL;
}

gboolean
kt_record_set_node (KtRecord    *record,
                    const char  *field,
                    JsonNode    *node,
                    GError     **error)
{
  int index;

  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  index = kt_entity_get_field_index (record->entity, field);
  if (index < 0)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_UNKNOWN_FIELD,
                   _("There is no field “%s”"), field);
      return FALSE;
    }

  if (node != NULL && !kt_field_check_node_type (&record->entity->fields[index], node, error))
    return FALSE;

  kt_record_take_value (record, index, node != NULL ? json_node_copy (node) : NULL);
  return TRUE;
}

/**
 * kt_record_list_fields:
 * @record: a record
 *
 * Returns: (transfer container) (element-type utf8): the set fields.
 */
GPtrArray *
kt_record_list_fields (KtRecord *record)
{
  GPtrArray *names;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  names = g_ptr_array_new ();
  for (guint i = 0; i < record->n_fields; i++)
    if (record->values[i] != NULL)
      g_ptr_array_add (names, (gpointer) record->entity->fields[i].name);

  return names;
}

/**
 * kt_record_dup_title:
 * @record: a record
 *
 * Returns: (transfer full): the non-empty title fields joined by spaces,
 *   or the entity's translated label when they are all empty.
 */
char *
kt_record_dup_title (KtRecord *record)
{
  g_auto(GStrv) names = NULL;
  GString *title;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  title = g_string_new (NULL);
  names = g_strsplit (record->entity->title_fields ? record->entity->title_fields : "", ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      int index = kt_entity_get_field_index (record->entity, names[i]);
      g_autofree char *text = NULL;
      JsonNode *node;

      if (index < 0 || (node = record->values[index]) == NULL)
        continue;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        text = g_strstrip (g_strdup (json_node_get_string (node)));
      else
        text = json_to_string (node, FALSE);

      if (*text == '\0')
        continue;
      if (title->len > 0)
        g_string_append_c (title, ' ');
      g_string_append (title, text);
    }

  if (title->len == 0)
    g_string_append (title, _(record->entity->label));

  return g_string_free (title, FALSE);
}

/**
 * kt_now_iso:
 *
 * Returns: (transfer full): the current UTC time, e.g.
 *   "2026-11-25T18:04:30.123Z".
 */
char *
kt_now_iso (void)
{
  return kt_iso_from_unix_ms (g_get_real_time () / 1000);
}
