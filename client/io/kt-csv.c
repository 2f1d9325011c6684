/* kt-csv.c: RFC 4180 comma-separated values, read and written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-error.h"
#include "kt-csv.h"

struct _KtCsvTable
{
  char       separator;
  GPtrArray *rows;   /* of GStrv */
  GArray    *lines;  /* of guint: the line each row starts on */
};

#define UTF8_BOM "\xEF\xBB\xBF"

static const char *
skip_bom (const char *text,
          gsize      *length)
{
  if (*length >= 3 && memcmp (text, UTF8_BOM, 3) == 0)
    {
      *length -= 3;
      return text + 3;
    }
  return text;
}

char
kt_csv_sniff_separator (const char *text,
                        gssize      length)
{
  gsize len;
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean quoted = FALSE;

  g_return_val_if_fail (text != NULL, ',');

  len = length < 0 ? strlen (text) : (gsize) length;
  text = skip_bom (text, &len);

  /* The first line decides: it is the header in nearly every file, and a
   * header seldom quotes anything, so counting there is reliable. */
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        break;
      else if (!quoted && c == ',')
        commas++;
      else if (!quoted && c == ';')
        semicolons++;
      else if (!quoted && c == '\t')
        tabs++;
    }

  if (semicolons > commas && semicolons >= tabs)
    return ';';
  if (tabs > commas && tabs > semicolons)
    return '\t';
  return ',';
}

static void
finish_field (GPtrArray *fields,
              GString   *field)
{
  g_ptr_array_add (fields, g_strndup (field->str, field->len));
  g_string_truncate (field, 0);
}

static void
finish_row (KtCsvTable *table,
            GPtrArray  *fields,
            guint       line)
{
  /* A line with nothing on it is not a row: files often end with blank
   * lines, and a person would not count them. */
  if (fields->len == 1 && *(char *) fields->pdata[0] == '\0')
    {
      g_ptr_array_set_size (fields, 0);
      return;
    }

  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (table->rows, g_ptr_array_steal (fields, NULL));
  g_array_append_val (table->lines, line);
}

KtCsvTable *
kt_csv_parse (const char  *text,
              gssize       length,
              char         separator,
              GError     **error)
{
  g_autoptr(KtCsvTable) table = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = NULL;
  const char *invalid = NULL;
  gsize len;
  guint line = 1, row_line = 1, quote_line = 0;
  gsize i = 0;
  enum { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE } state = FIELD_START;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (separator == 0 || separator == ',' ||
                        separator == ';' || separator == '\t', NULL);

  len = length < 0 ? strlen (text) : (gsize) length;
  text = skip_bom (text, &len);

  if (!g_utf8_validate (text, len, &invalid))
    {
      guint bad_line = 1;

      for (const char *p = text; p < invalid; p++)
        if (*p == '\n')
          bad_line++;
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("Line %u is not UTF-8 text; save the file as CSV UTF-8 and try again"),
                   bad_line);
      return NULL;
    }

  if (separator == 0)
    separator = kt_csv_sniff_separator (text, len);

  table = g_new0 (KtCsvTable, 1);
  table->separator = separator;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  fields = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);

  while (i < len)
    {
      char c = text[i];
      gboolean newline = (c == '\n' || c == '\r');
      gsize newline_len = 1;

      /* CRLF, LF and lone CR all end a line. */
      if (c == '\r' && i + 1 < len && text[i + 1] == '\n')
        newline_len = 2;

      switch (state)
        {
        case FIELD_START:
          if (c == '"')
            {
              state = QUOTED;
              quote_line = line;
              i++;
              continue;
            }
          state = UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case UNQUOTED:
          if (c == separator)
            {
              finish_field (fields, field);
              state = FIELD_START;
            }
          else if (newline)
            {
              finish_field (fields, field);
              finish_row (table, fields, row_line);
              line++;
              row_line = line;
              state = FIELD_START;
              i += newline_len;
              continue;
            }
          else if (c == '"')
            {
              g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                           _("Line %u: a quote inside a field that does not start with a quote"),
                           line);
              return NULL;
            }
          else
            g_string_append_c (field, c);
          i++;
          break;

        case QUOTED:
          if (c == '"')
            {
              if (i + 1 < len && text[i + 1] == '"')
                {
                  g_string_append_c (field, '"');
                  i += 2;
                  continue;
                }
              state = AFTER_QUOTE;
              i++;
              continue;
            }
          if (newline)
            {
              /* Line breaks inside quotes belong to the value; keep them
               * as the file wrote them but count the line. */
              g_string_append_len (field, text + i, newline_len);
              line++;
              i += newline_len;
              continue;
            }
          g_string_append_c (field, c);
          i++;
          break;

        case AFTER_QUOTE:
          if (c == separator)
            {
              finish_field (fields, field);
              state = FIELD_START;
              i++;
            }
          else if (newline)
            {
              finish_field (fields, field);
              finish_row (table, fields, row_line);
              line++;
              row_line = line;
              state = FIELD_START;
              i += newline_len;
            }
          else
            {
              g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                           _("Line %u: text after the closing quote of a field"),
                           line);
              return NULL;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (state == QUOTED)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("Line %u: a quoted field is never closed"),
                   quote_line);
      return NULL;
    }

  /* The last row may lack its line break. */
  if (state != FIELD_START || fields->len > 0)
    {
      finish_field (fields, field);
      finish_row (table, fields, row_line);
    }

  return g_steal_pointer (&table);
}

void
kt_csv_table_free (KtCsvTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->rows);
  g_array_unref (table->lines);
  g_free (table);
}

char
kt_csv_table_get_separator (KtCsvTable *table)
{
  g_return_val_if_fail (table != NULL, ',');
  return table->separator;
}

guint
kt_csv_table_get_n_rows (KtCsvTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->rows->len;
}

const char * const *
kt_csv_table_get_row (KtCsvTable *table,
                      guint       row)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < table->rows->len, NULL);
  return (const char * const *) table->rows->pdata[row];
}

guint
kt_csv_table_get_n_fields (KtCsvTable *table,
                           guint       row)
{
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (row < table->rows->len, 0);
  return g_strv_length (table->rows->pdata[row]);
}

guint
kt_csv_table_get_line (KtCsvTable *table,
                       guint       row)
{
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (row < table->lines->len, 0);
  return g_array_index (table->lines, guint, row);
}

static gboolean
needs_quotes (const char *value,
              char        separator)
{
  gsize len = strlen (value);

  if (len == 0)
    return FALSE;
  if (value[0] == ' ' || value[len - 1] == ' ')
    return TRUE;
  for (const char *p = value; *p; p++)
    if (*p == separator || *p == '"' || *p == '\n' || *p == '\r')
      return TRUE;
  return FALSE;
}

void
kt_csv_append_row (GString            *out,
                   const char * const *fields,
                   guint               n_fields,
                   char                separator)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  for (guint i = 0; i < n_fields; i++)
    {
      const char *value = fields[i] ? fields[i] : "";

      if (i > 0)
        g_string_append_c (out, separator);

      if (needs_quotes (value, separator))
        {
          g_string_append_c (out, '"');
          for (const char *p = value; *p; p++)
            {
              if (*p == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      else
        g_string_append (out, value);
    }
  g_string_append (out, "\r\n");
}
