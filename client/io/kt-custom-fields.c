/* kt-custom-fields.c: the custom field definitions of an entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-custom-fields"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kt-custom-fields.h"
#include "kt-io-value.h"

GPtrArray *
kt_custom_fields_for_entity (KtStore    *store,
                             const char *entity_name)
{
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity_name != NULL, NULL);

  query = kt_query_new (kt_entity_lookup ("custom_field"));
  kt_query_add_filter (query, "target_entity", entity_name);
  kt_query_set_sort (query, "position", FALSE);
  records = kt_store_query (store, query, 0, G_MAXUINT, &error);
  if (records == NULL)
    {
      g_warning ("Could not read the custom fields of %s: %s", entity_name, error->message);
      return g_ptr_array_new_with_free_func (g_object_unref);
    }
  return records;
}

/* Bulgarian Cyrillic to Latin after the official 2009 transliteration,
 * so keys made from Bulgarian labels stay readable. */
static const char *
transliterate (gunichar c)
{
  static const char * const table[] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n",
    "o", "p", "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a",
    "y", "y", "e", "yu", "ya",
  };

  if (c >= 0x0430 && c <= 0x044F)
    return table[c - 0x0430];
  return NULL;
}

char *
kt_custom_field_key_from_label (const char *label)
{
  g_autofree char *lower = NULL;
  g_autoptr(GString) key = g_string_new (NULL);

  g_return_val_if_fail (label != NULL, NULL);

  lower = g_utf8_strdown (label, -1);
  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *latin = transliterate (c);

      if (latin != NULL)
        g_string_append (key, latin);
      else if (c < 128 && g_ascii_isalnum (c))
        g_string_append_c (key, (char) c);
      else if (key->len > 0 && key->str[key->len - 1] != '_')
        g_string_append_c (key, '_');
    }

  while (key->len > 0 && key->str[key->len - 1] == '_')
    g_string_truncate (key, key->len - 1);
  /* A key starts with a letter so that it is a valid identifier. */
  while (key->len > 0 && !g_ascii_isalpha (key->str[0]))
    g_string_erase (key, 0, 1);
  if (key->len == 0)
    g_string_assign (key, "field");
  return g_string_free (g_steal_pointer (&key), FALSE);
}

JsonNode *
kt_custom_field_value_from_text (KtRecord    *definition,
                                 const char  *text,
                                 GError     **error)
{
  const char *type;
  const char *label;

  g_return_val_if_fail (KT_IS_RECORD (definition), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  type = kt_record_get_string (definition, "field_type");
  label = kt_record_get_string (definition, "label");
  if (type == NULL)
    type = "text";

  if (g_str_equal (type, "number"))
    {
      g_autofree char *dotted = g_strdup (text);
      char *end = NULL;
      double value;
      gint64 whole;

      g_strdelimit (dotted, ",", '.');
      if (g_ascii_string_to_signed (dotted, 10, G_MININT64, G_MAXINT64, &whole, NULL))
        return json_node_init_int (json_node_alloc (), whole);
      value = g_ascii_strtod (dotted, &end);
      if (end == dotted || *end != '\0' || isnan (value))
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("%s: “%s” is not a number"), label, text);
          return NULL;
        }
      /* strtod() reads "inf" and "1e999" as infinite, and json-glib
       * writes 2e41 as "2e+41.0": the record would not be JSON. */
      if (!kt_json_double_is_writable (value))
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("%s: “%s” is too large a number"), label, text);
          return NULL;
        }
      /* "1e3" is the whole number 1000. Only within ±2^53, where every
       * whole double is exact: casting a larger one is undefined. */
      if (strchr (dotted, '.') == NULL && value == floor (value) && fabs (value) <= 9007199254740992.0)
        return json_node_init_int (json_node_alloc (), (gint64) value);
      return json_node_init_double (json_node_alloc (), value);
    }

  if (g_str_equal (type, "choice"))
    {
      const char * const *choices = kt_record_get_tags (definition, "choices");

      for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
        {
          g_autofree char *a = g_utf8_casefold (choices[i], -1);
          g_autofree char *b = g_utf8_casefold (text, -1);

          if (g_str_equal (a, b))
            return json_node_init_string (json_node_alloc (), choices[i]);
        }
      {
        g_autofree char *allowed = choices ? g_strjoinv (", ", (char **) choices) : g_strdup ("");

        g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                     _("%s: “%s” is not one of the choices (%s)"), label, text, allowed);
        return NULL;
      }
    }

  if (g_str_equal (type, "date") || g_str_equal (type, "bool"))
    {
      KtField field = { 0 };

      field.name = kt_record_get_string (definition, "key");
      field.type = g_str_equal (type, "date") ? KT_FIELD_DATE : KT_FIELD_BOOL;
      return kt_io_value_from_text (&field, label, text, NULL, error);
    }

  return json_node_init_string (json_node_alloc (), text);
}

char *
kt_custom_field_value_to_text (KtRecord *definition,
                               JsonNode *value)
{
  g_return_val_if_fail (KT_IS_RECORD (definition), NULL);

  return kt_io_value_to_text (KT_FIELD_TEXT, value, NULL);
}
