/* kt-custom-field.c: custom field definitions and the values they allow
 *
 * A definition record says that records of one entity (contact, company or
 * deal) take a value under "key" in their "custom" JSON object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-custom-field"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-custom-field.h"
#include "kt-date.h"
#include "kt-error.h"
#include "kt-record-private.h"

#define S KT_FIELD_SEARCHABLE
#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED

#define KEY_MAX_LENGTH 64
#define TEXT_VALUE_MAX_LENGTH 1000

static const char * const target_entities[] = { "contact", "company", "deal", NULL };
static const char * const custom_types[] = { "text", "number", "date", "choice", "bool", NULL };

static const KtField custom_field_fields[] = {
  { "target_entity", KT_FIELD_ENUM, R | I, N_("Applies to"), .choices = target_entities },
  { "key", KT_FIELD_TEXT, R | I, N_("Key"), .max_length = KEY_MAX_LENGTH },
  { "label", KT_FIELD_TEXT, R | S | O, N_("Label"), .max_length = 100 },
  { "field_type", KT_FIELD_ENUM, R, N_("Type"), .choices = custom_types },
  { "choices", KT_FIELD_TAGS, 0, N_("Choices") },
  { "position", KT_FIELD_INT, O, N_("Position"), .min = 0, .max = G_MAXINT32 },
  { "required", KT_FIELD_BOOL, 0, N_("Required"), .default_value = "false" },
  { NULL }
};

gboolean
kt_custom_field_key_is_valid (const char *key)
{
  if (key == NULL || !(key[0] >= 'a' && key[0] <= 'z') || strlen (key) > KEY_MAX_LENGTH)
    return FALSE;

  for (const char *p = key; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
      return FALSE;

  return TRUE;
}

static gboolean
validate_custom_field (const KtEntity *entity,
                       KtRecord       *record,
                       GError        **error)
{
  const char * const *choices;

  if (!kt_custom_field_key_is_valid (kt_record_get_string (record, "key")))
    {
      kt_record_set_field_error (error, "key",
                                 _("The key must start with a lower-case letter and contain only a-z, 0-9 and _"));
      return FALSE;
    }

  choices = kt_record_get_tags (record, "choices");
  if (g_strcmp0 (kt_record_get_string (record, "field_type"), "choice") == 0 &&
      (choices == NULL || choices[0] == NULL))
    {
      kt_record_set_field_error (error, "choices",
                                 _("A choice field needs at least one choice"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_custom_field_entity = {
  .name = "custom_field",
  .plural = "custom_fields",
  .label = N_("Custom field"),
  .flags = KT_ENTITY_SYNCED,
  .fields = custom_field_fields,
  .title_fields = "label",
  .default_sort = "position",
  .validate = validate_custom_field,
};

static KtRecord *
find_definition (GPtrArray  *definitions,
                 const char *entity_name,
                 const char *key)
{
  for (guint i = 0; i < definitions->len; i++)
    {
      KtRecord *def = g_ptr_array_index (definitions, i);

      if (!kt_record_get_deleted (def) &&
          g_strcmp0 (kt_record_get_string (def, "target_entity"), entity_name) == 0 &&
          g_strcmp0 (kt_record_get_string (def, "key"), key) == 0)
        return def;
    }

  return NULL;
}

static gboolean
is_blank_value (JsonNode *value)
{
  const char *text;

  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return FALSE;

  for (text = json_node_get_string (value); *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

static void
set_custom_error (GError     **error,
                  const char  *key,
                  const char  *message)
{
  g_autofree char *field = g_strconcat ("custom.", key, NULL);

  kt_record_set_field_error (error, field, "%s", message);
}

static gboolean
check_value (KtRecord    *def,
             const char  *key,
             JsonNode    *value,
             GError     **error)
{
  const char *type = kt_record_get_string (def, "field_type");
  const char *label = kt_record_get_string (def, "label");
  g_autofree char *message = NULL;
  GType value_type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

  if (g_strcmp0 (type, "text") == 0)
    {
      if (value_type != G_TYPE_STRING)
        message = g_strdup_printf (_("“%s” must be text"), label);
      else if (g_utf8_strlen (json_node_get_string (value), -1) > TEXT_VALUE_MAX_LENGTH)
        message = g_strdup_printf (_("“%s” is longer than %u characters"), label,
                                   TEXT_VALUE_MAX_LENGTH);
    }
  else if (g_strcmp0 (type, "number") == 0)
    {
      if (value_type != G_TYPE_INT64 && value_type != G_TYPE_DOUBLE)
        message = g_strdup_printf (_("“%s” must be a number"), label);
    }
  else if (g_strcmp0 (type, "date") == 0)
    {
      if (value_type != G_TYPE_STRING || !kt_date_is_valid (json_node_get_string (value)))
        message = g_strdup_printf (_("“%s” must be a date"), label);
    }
  else if (g_strcmp0 (type, "choice") == 0)
    {
      const char * const *choices = kt_record_get_tags (def, "choices");

      if (value_type != G_TYPE_STRING || choices == NULL ||
          !g_strv_contains (choices, json_node_get_string (value)))
        message = g_strdup_printf (_("“%s” must be one of its choices"), label);
    }
  else if (g_strcmp0 (type, "bool") == 0)
    {
      if (value_type != G_TYPE_BOOLEAN)
        message = g_strdup_printf (_("“%s” must be yes or no"), label);
    }
  else
    message = g_strdup_printf (_("“%s” has an unknown type"), label);

  if (message != NULL)
    {
      set_custom_error (error, key, message);
      return FALSE;
    }

  return TRUE;
}

/* The value @previous had for @key, or NULL. */
static JsonNode *
previous_value (KtRecord   *previous,
                const char *key)
{
  JsonNode *custom;

  if (previous == NULL)
    return NULL;
  custom = kt_record_get_node (previous, "custom");
  if (custom == NULL || !JSON_NODE_HOLDS_OBJECT (custom))
    return NULL;
  return json_object_get_member (json_node_get_object (custom), key);
}

/* TRUE if @key holds the same value in @previous as @value (both absent or
 * null count as the same). */
static gboolean
value_unchanged (KtRecord   *previous,
                 const char *key,
                 JsonNode   *value)
{
  JsonNode *before;
  gboolean now_empty = value == NULL || JSON_NODE_HOLDS_NULL (value);
  gboolean was_empty;

  if (previous == NULL)
    return FALSE;
  before = previous_value (previous, key);
  was_empty = before == NULL || JSON_NODE_HOLDS_NULL (before);
  if (now_empty || was_empty)
    return now_empty && was_empty;
  return json_node_equal (before, value);
}

/**
 * kt_custom_field_validate_change:
 * @definitions: (element-type KtRecord): custom_field records
 * @record: a contact, company or deal, as it would be stored
 * @previous: (nullable): the same record as stored before, or %NULL for a
 *   new record
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @record's custom values fit the definitions.
 */
gboolean
kt_custom_field_validate_change (GPtrArray  *definitions,
                                 KtRecord   *record,
                                 KtRecord   *previous,
                                 GError    **error)
{
  const KtEntity *entity;
  JsonNode *custom;
  JsonObject *values = NULL;

  g_return_val_if_fail (definitions != NULL, FALSE);
  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);
  g_return_val_if_fail (previous == NULL || KT_IS_RECORD (previous), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entity = kt_record_get_entity (record);
  g_return_val_if_fail (entity->flags & KT_ENTITY_CUSTOMIZE, FALSE);

  custom = kt_record_get_node (record, "custom");
  if (custom != NULL && JSON_NODE_HOLDS_OBJECT (custom))
    values = json_node_get_object (custom);

  /* Every value must have a live definition and fit it; a value the
   * record already held is not judged again, so a definition deleted or
   * changed since does not make every later edit of the record fail. */
  if (values != NULL)
    {
      g_auto(KtMemberIter) iter = { 0 };
      const char *key;
      JsonNode *value;

      kt_member_iter_clear (&iter);
      kt_member_iter_init (&iter, values);
      while (kt_member_iter_next (&iter, &key, &value))
        {
          KtRecord *def;

          if (value_unchanged (previous, key, value))
            continue;
          def = find_definition (definitions, entity->name, key);
          if (def == NULL)
            {
              g_autofree char *message =
                g_strdup_printf (_("There is no custom field “%s”"), key);

              set_custom_error (error, key, message);
              return FALSE;
            }

          if (!JSON_NODE_HOLDS_NULL (value) && !check_value (def, key, value, error))
            return FALSE;
        }
    }

  /* ...and every required definition a value: on a new record all of
   * them, on an edit the ones the edit empties. */
  for (guint i = 0; i < definitions->len; i++)
    {
      KtRecord *def = g_ptr_array_index (definitions, i);
      const char *key = kt_record_get_string (def, "key");
      JsonNode *value;

      if (kt_record_get_deleted (def) || !kt_record_get_bool (def, "required") ||
          g_strcmp0 (kt_record_get_string (def, "target_entity"), entity->name) != 0)
        continue;

      value = values != NULL ? json_object_get_member (values, key) : NULL;
      if (value == NULL || JSON_NODE_HOLDS_NULL (value) || is_blank_value (value))
        {
          g_autofree char *message = NULL;

          if (previous != NULL && value_unchanged (previous, key, value))
            continue;
          if (previous != NULL)
            {
              JsonNode *before = previous_value (previous, key);

              if (before == NULL || JSON_NODE_HOLDS_NULL (before) || is_blank_value (before))
                continue;
            }
          message = g_strdup_printf (_("“%s” is required"), kt_record_get_string (def, "label"));
          set_custom_error (error, key, message);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * kt_custom_field_validate_values:
 * @definitions: (element-type KtRecord): custom_field records
 * @record: a contact, company or deal
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @record's custom values fit the definitions.
 */
gboolean
kt_custom_field_validate_values (GPtrArray  *definitions,
                                 KtRecord   *record,
                                 GError    **error)
{
  return kt_custom_field_validate_change (definitions, record, NULL, error);
}
