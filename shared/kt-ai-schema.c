/* kt-ai-schema.c: the structured actions and the check of their output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-schema"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-ai-schema.h"
#include "kt-error.h"

/* The actions of docs/ai.md. Every object closes its properties, so that
 * what a client applies is exactly what the schema lists. */
static const KtAiAction actions[] = {
  { "draft_email",
    "You write short, polite business emails for a CRM user. Use only the facts in the "
    "context. Answer with the subject and the plain-text body.",
    "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"subject\", \"body\"],"
    " \"properties\": {"
    "  \"subject\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 200},"
    "  \"body\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 20000}}}" },
  { "analyse_deal",
    "You analyse a sales deal for a CRM user. Use only the facts in the context, and list "
    "for each risk the facts it rests on.",
    "{\"type\": \"object\", \"additionalProperties\": false,"
    " \"required\": [\"health\", \"risks\", \"next_steps\", \"win_probability_bps\", \"facts_used\"],"
    " \"properties\": {"
    "  \"health\": {\"type\": \"string\", \"enum\": [\"good\", \"at_risk\", \"poor\"]},"
    "  \"risks\": {\"type\": \"array\", \"maxItems\": 10, \"items\": {\"type\": \"object\","
    "    \"additionalProperties\": false, \"required\": [\"text\", \"facts\"], \"properties\": {"
    "    \"text\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 1000},"
    "    \"facts\": {\"type\": \"array\", \"maxItems\": 10, \"items\": {\"type\": \"string\", \"maxLength\": 1000}}}}},"
    "  \"next_steps\": {\"type\": \"array\", \"maxItems\": 10, \"items\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 1000}},"
    "  \"win_probability_bps\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 10000},"
    "  \"facts_used\": {\"type\": \"array\", \"maxItems\": 20, \"items\": {\"type\": \"string\", \"maxLength\": 1000}}}}" },
  { "suggest_tasks",
    "You suggest follow-up tasks for a CRM user from the context: few, concrete, each with "
    "the reason it is worth doing.",
    "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"tasks\"],"
    " \"properties\": {\"tasks\": {\"type\": \"array\", \"maxItems\": 10, \"items\": {"
    "  \"type\": \"object\", \"additionalProperties\": false,"
    "  \"required\": [\"title\", \"priority\", \"due_in_days\", \"reason\"], \"properties\": {"
    "  \"title\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 200},"
    "  \"priority\": {\"type\": \"string\", \"enum\": [\"low\", \"medium\", \"high\", \"urgent\"]},"
    "  \"due_in_days\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 365},"
    "  \"reason\": {\"type\": \"string\", \"maxLength\": 1000}}}}}}" },
  { "smart_search",
    "You turn a CRM user's question into a search filter over their records. Use only the "
    "fields of the entity; never write SQL. Values are text; amounts in cents; dates YYYY-MM-DD.",
    "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"entity\", \"filters\"],"
    " \"properties\": {"
    "  \"entity\": {\"type\": \"string\", \"enum\": [\"contact\", \"company\", \"deal\", \"task\", \"invoice\"]},"
    "  \"filters\": {\"type\": \"array\", \"maxItems\": 10, \"items\": {\"type\": \"object\","
    "    \"additionalProperties\": false, \"required\": [\"field\", \"op\", \"value\"], \"properties\": {"
    "    \"field\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 64},"
    "    \"op\": {\"type\": \"string\", \"enum\": [\"eq\", \"ne\", \"lt\", \"le\", \"gt\", \"ge\", \"contains\"]},"
    "    \"value\": {\"type\": \"string\", \"maxLength\": 200}}}},"
    "  \"sort\": {\"type\": \"string\", \"maxLength\": 64}}}" },
};

static const char * const action_names[] = {
  "draft_email", "analyse_deal", "suggest_tasks", "smart_search", NULL
};

const char * const *
kt_ai_action_names (void)
{
  return action_names;
}

const KtAiAction *
kt_ai_action_find (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].name, name))
      return &actions[i];
  return NULL;
}

JsonObject *
kt_ai_action_schema (const KtAiAction *action)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (action != NULL, NULL);

  /* Compiled in: a schema that does not parse is a bug of ours. */
  if (!json_parser_load_from_data (parser, action->schema_json, -1, &error))
    g_error ("The schema of %s does not parse: %s", action->name, error->message);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
schema_string (JsonObject *schema,
               const char *key)
{
  JsonNode *node = json_object_get_member (schema, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
schema_int (JsonObject *schema,
            const char *key,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (schema, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
invalid (GError    **error,
         const char *path,
         const char *why)
{
  /* The path holds the answer's own member names. Answers go through the
   * JSON guard first, but json-glib alone decodes an escaped lone
   * surrogate ("\ud800") into bytes that are not UTF-8, and a message
   * must be text whatever reached this check. */
  g_autofree char *shown = g_utf8_make_valid (*path ? path : "/", -1);

  g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
               _("The AI answer does not fit its schema at “%s”: %s"), shown, why);
  return FALSE;
}

static gboolean
type_matches (const char *type,
              JsonNode   *value)
{
  GType vt = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

  if (g_str_equal (type, "object"))
    return JSON_NODE_HOLDS_OBJECT (value);
  if (g_str_equal (type, "array"))
    return JSON_NODE_HOLDS_ARRAY (value);
  if (g_str_equal (type, "string"))
    return vt == G_TYPE_STRING;
  if (g_str_equal (type, "integer"))
    return vt == G_TYPE_INT64;
  if (g_str_equal (type, "number"))
    return vt == G_TYPE_INT64 || vt == G_TYPE_DOUBLE;
  if (g_str_equal (type, "boolean"))
    return vt == G_TYPE_BOOLEAN;
  if (g_str_equal (type, "null"))
    return JSON_NODE_HOLDS_NULL (value);
  return FALSE;
}

static gboolean validate (JsonObject *schema, JsonNode *value, const char *path, guint depth, GError **error);

static gboolean
validate_object (JsonObject *schema,
                 JsonObject *object,
                 const char *path,
                 guint       depth,
                 GError    **error)
{
  JsonNode *props_node = json_object_get_member (schema, "properties");
  JsonObject *properties = props_node && JSON_NODE_HOLDS_OBJECT (props_node) ? json_node_get_object (props_node) : NULL;
  JsonNode *required = json_object_get_member (schema, "required");
  JsonNode *additional = json_object_get_member (schema, "additionalProperties");
  gboolean closed = additional != NULL && JSON_NODE_HOLDS_VALUE (additional) &&
                    json_node_get_value_type (additional) == G_TYPE_BOOLEAN && !json_node_get_boolean (additional);
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (required != NULL && JSON_NODE_HOLDS_ARRAY (required))
    {
      JsonArray *names = json_node_get_array (required);

      for (guint i = 0; i < json_array_get_length (names); i++)
        {
          const char *key = json_array_get_string_element (names, i);

          if (!json_object_has_member (object, key))
            {
              g_autofree char *why = g_strdup_printf (_("“%s” is missing"), key);

              return invalid (error, path, why);
            }
        }
    }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      JsonNode *sub = properties ? json_object_get_member (properties, name) : NULL;
      g_autofree char *sub_path = g_strdup_printf ("%s/%s", path, name);

      if (sub == NULL)
        {
          if (closed)
            return invalid (error, sub_path, _("not in the schema"));
          continue;
        }
      if (JSON_NODE_HOLDS_OBJECT (sub) &&
          !validate (json_node_get_object (sub), member, sub_path, depth + 1, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate (JsonObject *schema,
          JsonNode   *value,
          const char *path,
          guint       depth,
          GError    **error)
{
  const char *type = schema_string (schema, "type");
  JsonNode *enum_node = json_object_get_member (schema, "enum");
  gint64 limit;

  if (depth > 32)
    return invalid (error, path, _("nested too deeply"));
  if (type != NULL && !type_matches (type, value))
    {
      g_autofree char *why = g_strdup_printf (_("not of type %s"), type);

      return invalid (error, path, why);
    }

  if (enum_node != NULL && JSON_NODE_HOLDS_ARRAY (enum_node))
    {
      JsonArray *choices = json_node_get_array (enum_node);
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (choices) && !found; i++)
        found = json_node_equal (json_array_get_element (choices, i), value);
      if (!found)
        return invalid (error, path, _("not one of the allowed values"));
    }

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);
      glong chars;

      /* json-glib 1.6 reads an octal escape ("\236", not JSON) as a lone
       * byte: a string a model wrote that way would carry invalid UTF-8
       * into records, labels and error messages. */
      if (!g_utf8_validate (text, -1, NULL))
        return invalid (error, path, _("not valid UTF-8 text"));
      chars = g_utf8_strlen (text, -1);
      if (schema_int (schema, "minLength", &limit) && chars < limit)
        return invalid (error, path, _("too short"));
      if (schema_int (schema, "maxLength", &limit) && chars > limit)
        return invalid (error, path, _("too long"));
    }
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (value);

      if (schema_int (schema, "minimum", &limit) && number < limit)
        return invalid (error, path, _("below the minimum"));
      if (schema_int (schema, "maximum", &limit) && number > limit)
        return invalid (error, path, _("above the maximum"));
    }
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      JsonNode *items = json_object_get_member (schema, "items");
      guint n = json_array_get_length (array);

      if (schema_int (schema, "minItems", &limit) && n < limit)
        return invalid (error, path, _("too few items"));
      if (schema_int (schema, "maxItems", &limit) && n > limit)
        return invalid (error, path, _("too many items"));
      for (guint i = 0; items != NULL && JSON_NODE_HOLDS_OBJECT (items) && i < n; i++)
        {
          g_autofree char *sub_path = g_strdup_printf ("%s/%u", path, i);

          if (!validate (json_node_get_object (items), json_array_get_element (array, i), sub_path,
                         depth + 1, error))
            return FALSE;
        }
    }
  if (JSON_NODE_HOLDS_OBJECT (value))
    return validate_object (schema, json_node_get_object (value), path, depth, error);
  return TRUE;
}

gboolean
kt_ai_schema_validate (JsonObject *schema,
                       JsonNode   *value,
                       GError    **error)
{
  g_return_val_if_fail (schema != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  return validate (schema, value, "", 0, error);
}
