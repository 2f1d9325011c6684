/* kt-record-json.c: the JSON codec of KtRecord
 *
 * The codec checks the shape of what comes in (keys, JSON types, and the
 * syntax of ids, dates and clocks) so a store never holds a value it cannot
 * read back; the rules of the domain (required fields, email syntax, ...)
 * are kt_record_validate()'s job, because a synced record from a newer
 * client must still load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <math.h>

#include "kt-date.h"
#include "kt-error.h"
#include "kt-hlc.h"
#include "kt-record-private.h"
#include "kt-uuid.h"

static void
set_key_error (GError    **error,
               int         code,
               const char *key,
               const char *format,
               ...) G_GNUC_PRINTF (4, 5);

/* An error about one key, remembering the key for the UI. */
static void
set_key_error (GError    **error,
               int         code,
               const char *key,
               const char *format,
               ...)
{
  GError *local;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  local = g_error_new_valist (KT_ERROR, code, format, args);
  va_end (args);

  kt_error_set_field (local, key);
  g_propagate_error (error, local);
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
kt_field_check_node_type (const KtField *field,
                          JsonNode      *node,
                          GError       **error)
{
  const char *expected = NULL;

  g_assert (node != NULL);

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  switch (field->type)
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
      if (!node_is_string (node))
        expected = _("a string");
      break;

    case KT_FIELD_INT:
    case KT_FIELD_MONEY:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      /* Whole numbers only: a double would lose cents above 2^53. */
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        expected = _("a whole number");
      break;

    case KT_FIELD_BOOL:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        expected = _("true or false");
      break;

    case KT_FIELD_TAGS:
      if (!JSON_NODE_HOLDS_ARRAY (node))
        expected = _("a list of strings");
      else
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            if (!node_is_string (json_array_get_element (array, i)))
              expected = _("a list of strings");
        }
      break;

    case KT_FIELD_JSON:
      if (!JSON_NODE_HOLDS_OBJECT (node))
        expected = _("an object");
      break;

    default:
      g_assert_not_reached ();
    }

  if (expected != NULL)
    {
      set_key_error (error, KT_ERROR_WRONG_TYPE, field->name,
                     _("The value of “%s” must be %s"), field->name, expected);
      return FALSE;
    }

  return TRUE;
}

/**
 * kt_json_double_is_writable:
 * @value: a double a JsonNode may hold
 *
 * json-glib 1.6 writes a double with g_ascii_dtostr() and adds ".0" when
 * that has no decimal point, so that it reads back as a double: a number
 * whose shortest form is one digit and an exponent (1e20, 2e41; from
 * 1e17 up) becomes "1e+20.0", which no JSON reader takes. NaN and the
 * infinities become "nan" and "inf".
 *
 * Returns: %TRUE when json_to_string() writes @value as JSON.
 */
gboolean
kt_json_double_is_writable (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return FALSE;
  g_ascii_dtostr (text, sizeof text, value);
  return strchr (text, '.') != NULL || strpbrk (text, "eE") == NULL;
}

/* What JSON from outside may hold but the codec must refuse where it comes
 * in, because it could be neither stored nor written back as JSON:
 * json-glib decodes an escaped lone surrogate ("\ud800") into bytes that
 * are not UTF-8 (PostgreSQL refuses them), reads 1e400 as an infinite
 * double (which it then writes as "inf") and writes 1e20 as "1e+20.0"
 * (kt_json_double_is_writable()). Checked in strings, lists and, at any
 * depth, the members and names of JSON fields. */
typedef enum {
  NODE_OK,
  NODE_NOT_UTF8,
  NODE_NOT_WRITABLE,
} NodeProblem;

static NodeProblem
node_problem (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING && !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return NODE_NOT_UTF8;
      if (type == G_TYPE_DOUBLE && !kt_json_double_is_writable (json_node_get_double (node)))
        return NODE_NOT_WRITABLE;
      return NODE_OK;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          NodeProblem problem = node_problem (json_array_get_element (array, i));

          if (problem != NODE_OK)
            return problem;
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        {
          NodeProblem problem = g_utf8_validate (name, -1, NULL) ? node_problem (member) : NODE_NOT_UTF8;

          if (problem != NODE_OK)
            return problem;
        }
    }
  return NODE_OK;
}

gboolean
kt_field_check_node_syntax (const KtField *field,
                            JsonNode      *node,
                            GError       **error)
{
  const char *text;

  if (!kt_field_check_node_type (field, node, error))
    return FALSE;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  switch (node_problem (node))
    {
    case NODE_NOT_UTF8:
      set_key_error (error, KT_ERROR_MALFORMED, field->name,
                     _("The value of “%s” is not valid UTF-8 text"), field->name);
      return FALSE;
    case NODE_NOT_WRITABLE:
      set_key_error (error, KT_ERROR_MALFORMED, field->name,
                     _("The value of “%s” holds a number too large to store"), field->name);
      return FALSE;
    case NODE_OK:
    default:
      break;
    }

  switch (field->type)
    {
    case KT_FIELD_DATE:
      text = json_node_get_string (node);
      if (!kt_date_is_valid (text))
        {
          set_key_error (error, KT_ERROR_INVALID, field->name,
                         _("“%s” is not a date (YYYY-MM-DD) for “%s”"), text, field->name);
          return FALSE;
        }
      break;

    case KT_FIELD_DATETIME:
      text = json_node_get_string (node);
      if (!kt_datetime_is_valid (text))
        {
          set_key_error (error, KT_ERROR_INVALID, field->name,
                         _("“%s” is not a date and time for “%s”"), text, field->name);
          return FALSE;
        }
      break;

    case KT_FIELD_REF:
      text = json_node_get_string (node);
      if (!kt_uuid_is_valid (text))
        {
          set_key_error (error, KT_ERROR_INVALID, field->name,
                         _("“%s” is not a record id for “%s”"), text, field->name);
          return FALSE;
        }
      break;

    default:
      break;
    }

  return TRUE;
}

/**
 * kt_record_to_json:
 * @record: a record
 * @flags: what to include
 *
 * Returns: (transfer full): a JSON object node.
 */
JsonNode *
kt_record_to_json (KtRecord    *record,
                   KtJsonFlags  flags)
{
  const KtEntity *entity;
  JsonObject *object;
  JsonNode *node;
  guint n_fields;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  entity = kt_record_get_entity (record);
  n_fields = kt_entity_n_fields (entity);
  object = json_object_new ();

  if (!(flags & KT_JSON_NO_META))
    {
      json_object_set_string_member (object, KT_META_ID, kt_record_get_id (record));
      json_object_set_string_member (object, KT_META_ORG, kt_record_get_org_id (record));
      json_object_set_string_member (object, KT_META_OWNER, kt_record_get_owner_id (record));
      json_object_set_string_member (object, KT_META_CREATED, kt_record_get_created_at (record));
      json_object_set_string_member (object, KT_META_UPDATED, kt_record_get_updated_at (record));
      json_object_set_string_member (object, KT_META_HLC, kt_record_get_hlc (record));
      json_object_set_boolean_member (object, KT_META_DELETED, kt_record_get_deleted (record));
    }

  for (guint i = 0; i < n_fields; i++)
    {
      const KtField *field = &entity->fields[i];
      JsonNode *value = kt_record_peek_value (record, i);

      if (value != NULL && !(field->flags & KT_FIELD_SECRET))
        json_object_set_member (object, field->name, json_node_copy (value));
    }

  if (flags & KT_JSON_CLOCKS)
    {
      JsonObject *clocks = json_object_new ();

      for (guint i = 0; i < n_fields; i++)
        {
          const char *clock = kt_record_peek_clock (record, i);

          if (clock != NULL && !(entity->fields[i].flags & KT_FIELD_SECRET))
            json_object_set_string_member (clocks, entity->fields[i].name, clock);
        }
      if (kt_record_peek_deleted_clock (record) != NULL)
        json_object_set_string_member (clocks, KT_META_DELETED,
                                       kt_record_peek_deleted_clock (record));
      if (kt_record_peek_owner_clock (record) != NULL)
        json_object_set_string_member (clocks, KT_META_OWNER,
                                       kt_record_peek_owner_clock (record));
      if (kt_record_peek_created_clock (record) != NULL)
        json_object_set_string_member (clocks, KT_META_CREATED,
                                       kt_record_peek_created_clock (record));

      json_object_set_object_member (object, KT_META_CLOCKS, clocks);
    }

  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

/**
 * kt_record_to_json_string:
 * @record: a record
 * @flags: what to include
 *
 * Returns: (transfer full): compact JSON text.
 */
char *
kt_record_to_json_string (KtRecord    *record,
                          KtJsonFlags  flags)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  node = kt_record_to_json (record, flags);
  return json_to_string (node, FALSE);
}

/* A meta string: NULL or JSON null is "unset"; otherwise it must be a
 * string that @check accepts. */
static gboolean
read_meta_string (JsonNode     *node,
                  const char   *key,
                  gboolean    (*check) (const char *text),
                  const char  **out,
                  GError      **error)
{
  const char *text;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }

  if (!node_is_string (node))
    {
      set_key_error (error, KT_ERROR_WRONG_TYPE, key,
                     _("The value of “%s” must be %s"), key, _("a string"));
      return FALSE;
    }

  text = json_node_get_string (node);
  if (check != NULL && !check (text))
    {
      set_key_error (error, KT_ERROR_MALFORMED, key,
                     _("“%s” is not a valid value for “%s”"), text, key);
      return FALSE;
    }

  *out = text;
  return TRUE;
}

static gboolean
is_hlc_text (const char *text)
{
  return kt_hlc_parse (text, NULL, NULL);
}

static gboolean
read_clocks (KtRecord   *record,
             JsonNode   *node,
             GError    **error)
{
  const KtEntity *entity = kt_record_get_entity (record);
  g_auto(KtMemberIter) iter = { 0 };
  const char *name;
  JsonNode *value;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_key_error (error, KT_ERROR_WRONG_TYPE, KT_META_CLOCKS,
                     _("The value of “%s” must be %s"), KT_META_CLOCKS, _("an object"));
      return FALSE;
    }

  kt_member_iter_clear (&iter);
  kt_member_iter_init (&iter, json_node_get_object (node));
  while (kt_member_iter_next (&iter, &name, &value))
    {
      const KtField *field = kt_entity_get_field (entity, name);
      const char *clock;

      if (strcmp (name, KT_META_DELETED) != 0 && strcmp (name, KT_META_OWNER) != 0 &&
          strcmp (name, KT_META_CREATED) != 0 &&
          (field == NULL || (field->flags & KT_FIELD_SECRET)))
        {
          set_key_error (error, KT_ERROR_UNKNOWN_FIELD, name,
                         _("“%s” has a clock but is not a field of %s"), name, entity->name);
          return FALSE;
        }

      if (!read_meta_string (value, name, is_hlc_text, &clock, error))
        return FALSE;

      kt_record_set_field_hlc (record, name, clock);
    }

  return TRUE;
}

/* Checks one field member of an incoming object. */
static const KtField *
check_field_member (const KtEntity  *entity,
                    const char      *name,
                    JsonNode        *value,
                    GError         **error)
{
  const KtField *field = kt_entity_get_field (entity, name);

  /* Secret fields are written by the server's own code only, never from
   * JSON, so a client cannot push a password hash. */
  if (field == NULL || (field->flags & KT_FIELD_SECRET))
    {
      set_key_error (error, KT_ERROR_UNKNOWN_FIELD, name,
                     _("“%s” is not a field of %s"), name, entity->name);
      return NULL;
    }

  if (!kt_field_check_node_syntax (field, value, error))
    return NULL;

  return field;
}

/**
 * kt_record_from_json:
 * @entity: the entity the object describes
 * @node: a JSON object
 * @error: return location for a #GError
 *
 * Without an "id" key the record gets a fresh id and timestamps, like
 * kt_record_new() (but no defaults: what was sent is what is kept).
 *
 * Returns: (transfer full) (nullable): the record, or %NULL.
 */
KtRecord *
kt_record_from_json (const KtEntity  *entity,
                     JsonNode        *node,
                     GError         **error)
{
  g_autoptr(KtRecord) record = NULL;
  JsonObject *object;
  g_auto(KtMemberIter) iter = { 0 };
  const char *name;
  JsonNode *value;
  JsonNode *id_node;

  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("A %s must be a JSON object"), entity->name);
      return NULL;
    }

  object = json_node_get_object (node);
  id_node = json_object_get_member (object, KT_META_ID);

  if (id_node != NULL)
    {
      const char *id;

      if (!read_meta_string (id_node, KT_META_ID, kt_uuid_is_valid, &id, error))
        return NULL;
      if (id == NULL)
        {
          set_key_error (error, KT_ERROR_MALFORMED, KT_META_ID,
                         _("“%s” cannot be null"), KT_META_ID);
          return NULL;
        }
      record = kt_record_new_with_id (entity, id);
    }
  else
    {
      g_autofree char *id = kt_uuid_new ();
      g_autofree char *now = kt_now_iso ();

      record = kt_record_new_with_id (entity, id);
      kt_record_set_created_at (record, now);
      kt_record_set_updated_at (record, now);
    }

  kt_member_iter_clear (&iter);
  kt_member_iter_init (&iter, object);
  while (kt_member_iter_next (&iter, &name, &value))
    {
      const char *text = NULL;

      if (strcmp (name, KT_META_ID) == 0)
        continue;

      if (strcmp (name, KT_META_ORG) == 0 || strcmp (name, KT_META_OWNER) == 0)
        {
          if (!read_meta_string (value, name, kt_uuid_is_valid, &text, error))
            return NULL;
          if (strcmp (name, KT_META_ORG) == 0)
            kt_record_set_org_id (record, text);
          else
            kt_record_set_owner_id (record, text);
        }
      else if (strcmp (name, KT_META_CREATED) == 0 || strcmp (name, KT_META_UPDATED) == 0)
        {
          if (!read_meta_string (value, name, kt_datetime_is_valid, &text, error))
            return NULL;
          if (strcmp (name, KT_META_CREATED) == 0)
            kt_record_set_created_at (record, text);
          else
            kt_record_set_updated_at (record, text);
        }
      else if (strcmp (name, KT_META_HLC) == 0)
        {
          if (!read_meta_string (value, name, is_hlc_text, &text, error))
            return NULL;
          kt_record_set_hlc (record, text);
        }
      else if (strcmp (name, KT_META_DELETED) == 0)
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
            {
              set_key_error (error, KT_ERROR_WRONG_TYPE, name,
                             _("The value of “%s” must be %s"), name, _("true or false"));
              return NULL;
            }
          kt_record_set_deleted (record, json_node_get_boolean (value));
        }
      else if (strcmp (name, KT_META_CLOCKS) == 0)
        {
          if (!read_clocks (record, value, error))
            return NULL;
        }
      else
        {
          const KtField *field = check_field_member (entity, name, value, error);

          if (field == NULL)
            return NULL;
          kt_record_take_value (record, field - entity->fields, json_node_copy (value));
        }
    }

  return g_steal_pointer (&record);
}

/**
 * kt_record_from_json_string:
 * @entity: the entity the text describes
 * @json: JSON text
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the record, or %NULL.
 */
KtRecord *
kt_record_from_json_string (const KtEntity  *entity,
                            const char      *json,
                            GError         **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("The %s is not valid JSON: %s"), entity->name, local_error->message);
      return NULL;
    }

  /* Text of only white space parses to no root at all. */
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("The %s is not valid JSON: %s"), entity->name, _("the text is empty"));
      return NULL;
    }
  return kt_record_from_json (entity, json_parser_get_root (parser), error);
}

/**
 * kt_record_set_from_json:
 * @record: the record to update
 * @fields: {field: value}; null unsets
 * @changed: (out) (optional) (transfer container) (element-type utf8): the
 *   names of the fields set, owned by the entity description
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every key applied; on %FALSE @record is untouched.
 */
gboolean
kt_record_set_from_json (KtRecord    *record,
                         JsonObject  *fields,
                         GPtrArray  **changed,
                         GError     **error)
{
  const KtEntity *entity;
  g_autoptr(GPtrArray) names = NULL;
  g_auto(KtMemberIter) iter = { 0 };
  const char *name;
  JsonNode *value;

  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entity = kt_record_get_entity (record);

  /* First check every key, so that a bad one leaves the record as it was. */
  kt_member_iter_clear (&iter);
  kt_member_iter_init (&iter, fields);
  while (kt_member_iter_next (&iter, &name, &value))
    {
      if (strcmp (name, KT_META_DELETED) == 0)
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
            {
              set_key_error (error, KT_ERROR_WRONG_TYPE, name,
                             _("The value of “%s” must be %s"), name, _("true or false"));
              return FALSE;
            }
        }
      else if (strcmp (name, KT_META_OWNER) == 0)
        {
          const char *owner;

          /* Reassigning: another person's id. A record always has an
           * owner, so null is refused rather than read as "unset". */
          if (!read_meta_string (value, name, NULL, &owner, error))
            return FALSE;
          if (owner == NULL)
            {
              set_key_error (error, KT_ERROR_INVALID, name,
                             _("“%s” cannot be null"), name);
              return FALSE;
            }
          /* Invalid like a reference field's bad id, not malformed: it is
           * a value the person chose. */
          if (!kt_uuid_is_valid (owner))
            {
              set_key_error (error, KT_ERROR_INVALID, name,
                             _("“%s” is not a record id for “%s”"), owner, name);
              return FALSE;
            }
        }
      else if (strcmp (name, KT_META_CREATED) == 0)
        {
          const char *created;

          /* The creator's creation time, sent with the create. */
          if (!read_meta_string (value, name, kt_datetime_is_valid, &created, error))
            return FALSE;
          if (created == NULL)
            {
              set_key_error (error, KT_ERROR_INVALID, name,
                             _("“%s” cannot be null"), name);
              return FALSE;
            }
        }
      else if (kt_field_is_meta (name))
        {
          set_key_error (error, KT_ERROR_INVALID, name,
                         _("“%s” cannot be changed this way"), name);
          return FALSE;
        }
      else if (check_field_member (entity, name, value, error) == NULL)
        return FALSE;
    }

  names = g_ptr_array_new ();
  kt_member_iter_clear (&iter);
  kt_member_iter_init (&iter, fields);
  while (kt_member_iter_next (&iter, &name, &value))
    {
      if (strcmp (name, KT_META_DELETED) == 0)
        {
          kt_record_set_deleted (record, json_node_get_boolean (value));
          g_ptr_array_add (names, (gpointer) KT_META_DELETED);
        }
      else if (strcmp (name, KT_META_OWNER) == 0)
        {
          kt_record_set_owner_id (record, json_node_get_string (value));
          g_ptr_array_add (names, (gpointer) KT_META_OWNER);
        }
      else if (strcmp (name, KT_META_CREATED) == 0)
        {
          kt_record_set_created_at (record, json_node_get_string (value));
          g_ptr_array_add (names, (gpointer) KT_META_CREATED);
        }
      else
        {
          const KtField *field = kt_entity_get_field (entity, name);

          kt_record_take_value (record, field - entity->fields, json_node_copy (value));
          g_ptr_array_add (names, (gpointer) field->name);
        }
    }

  if (changed != NULL)
    *changed = g_steal_pointer (&names);

  return TRUE;
}
