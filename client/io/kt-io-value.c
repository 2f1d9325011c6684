/* kt-io-value.c: field values to and from the text of a CSV cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-io-value"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt-date.h"
#include "kt-io-value.h"

static gboolean
parse_bool (const char *text,
            gboolean   *out)
{
  static const char * const yes[] = { "yes", "y", "true", "1", "x", "да", "д", NULL };
  static const char * const no[] = { "no", "n", "false", "0", "не", "н", NULL };
  g_autofree char *folded = g_utf8_casefold (text, -1);

  if (g_strv_contains (yes, folded))
    return (*out = TRUE, TRUE);
  if (g_strv_contains (no, folded))
    return (*out = FALSE, TRUE);
  return FALSE;
}

/* YYYY-MM-DD as stored, or DD.MM.YYYY as Bulgarian spreadsheets write
 * dates; the slash form is refused because 03/04 means different days in
 * different countries. */
char *
kt_io_parse_date (const char *text)
{
  int d, m, y;
  char tail;

  if (kt_date_is_valid (text))
    return g_strdup (text);
  if (sscanf (text, "%d.%d.%d%c", &d, &m, &y, &tail) == 3 && y >= 1000)
    {
      g_autofree char *iso = g_strdup_printf ("%04d-%02d-%02d", y, m, d);

      if (kt_date_is_valid (iso))
        return g_steal_pointer (&iso);
    }
  return NULL;
}

static JsonNode *
parse_tags (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",;", -1);
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);

      if (*tag != '\0')
        json_array_add_string_element (array, tag);
    }
  json_node_take_array (node, array);
  return node;
}

JsonNode *
kt_io_value_from_text (const KtField *field,
                       const char    *label,
                       const char    *text,
                       const char    *currency,
                       GError       **error)
{
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  switch (field->type)
    {
    case KT_FIELD_INT:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      {
        gint64 value;

        if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
          {
            g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                         _("%s: “%s” is not a whole number"), label, text);
            return NULL;
          }
        return json_node_init_int (json_node_alloc (), value);
      }

    case KT_FIELD_MONEY:
      {
        g_autoptr(GError) local_error = NULL;
        /* A comma with no point is a decimal comma ("1 234,56"); anything
         * else reads with a decimal point. */
        char mark = (strchr (text, ',') != NULL && strchr (text, '.') == NULL) ? ',' : '.';
        gint64 minor;

        if (!kt_money_parse (text, currency ? currency : KT_DEFAULT_CURRENCY,
                             mark, &minor, &local_error))
          {
            g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                         "%s: %s", label, local_error->message);
            return NULL;
          }
        return json_node_init_int (json_node_alloc (), minor);
      }

    case KT_FIELD_BOOL:
      {
        gboolean value;

        if (!parse_bool (text, &value))
          {
            g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                         _("%s: “%s” is neither yes nor no"), label, text);
            return NULL;
          }
        return json_node_init_boolean (json_node_alloc (), value);
      }

    case KT_FIELD_DATE:
      {
        g_autofree char *iso = kt_io_parse_date (text);

        if (iso == NULL)
          {
            g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                         _("%s: “%s” is not a date; write it as 2026-11-25 or 25.11.2026"),
                         label, text);
            return NULL;
          }
        return json_node_init_string (json_node_alloc (), iso);
      }

    case KT_FIELD_ENUM:
      if (field->choices != NULL)
        for (guint i = 0; field->choices[i] != NULL; i++)
          if (g_ascii_strcasecmp (field->choices[i], text) == 0)
            return json_node_init_string (json_node_alloc (), field->choices[i]);
      /* Let validation name the allowed choices. */
      return json_node_init_string (json_node_alloc (), text);

    case KT_FIELD_TAGS:
      return parse_tags (text);

    case KT_FIELD_URL:
      if (strstr (text, "://") == NULL && strchr (text, '.') != NULL && strchr (text, ' ') == NULL)
        {
          g_autofree char *url = g_strconcat ("https://", text, NULL);

          return json_node_init_string (json_node_alloc (), url);
        }
      return json_node_init_string (json_node_alloc (), text);

    case KT_FIELD_CURRENCY:
      {
        g_autofree char *upper = g_ascii_strup (text, -1);

        return json_node_init_string (json_node_alloc (), upper);
      }

    case KT_FIELD_JSON:
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("%s cannot be imported from a CSV column"), label);
      return NULL;

    case KT_FIELD_TEXT:
    case KT_FIELD_EMAIL:
    case KT_FIELD_PHONE:
    case KT_FIELD_DATETIME:
    case KT_FIELD_REF:
    default:
      return json_node_init_string (json_node_alloc (), text);
    }
}

char *
kt_io_value_to_text (KtFieldType  type,
                     JsonNode    *node,
                     const char  *currency)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  switch (type)
    {
    case KT_FIELD_MONEY:
      return kt_money_to_plain_string (json_node_get_int (node),
                                       currency ? currency : KT_DEFAULT_CURRENCY);

    case KT_FIELD_INT:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case KT_FIELD_BOOL:
      return g_strdup (json_node_get_boolean (node) ? "yes" : "no");

    case KT_FIELD_TAGS:
      {
        JsonArray *array;
        g_autoptr(GString) out = g_string_new (NULL);

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return NULL;
        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            g_string_append (out, json_array_get_string_element (array, i));
          }
        return g_string_free (g_steal_pointer (&out), FALSE);
      }

    case KT_FIELD_JSON:
      return json_to_string (node, FALSE);

    default:
      if (JSON_NODE_HOLDS_VALUE (node))
        {
          if (json_node_get_value_type (node) == G_TYPE_STRING)
            return g_strdup (json_node_get_string (node));
          if (json_node_get_value_type (node) == G_TYPE_INT64)
            return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
            }
          if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            return g_strdup (json_node_get_boolean (node) ? "yes" : "no");
        }
      return NULL;
    }
}
