/* kt-vcard.c: vCard 2.1, 3.0 and 4.0, read and written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-vcard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-error.h"
#include "kt-vcard.h"

struct _KtVCard
{
  char      *version;
  guint      line;
  GPtrArray *properties;  /* of KtVCardProperty */
};

#define FOLD_LIMIT 75

static void
property_free (KtVCardProperty *property)
{
  g_free (property->name);
  g_strfreev (property->types);
  g_free (property->value);
  g_free (property);
}

static KtVCard *
card_new (guint line)
{
  KtVCard *card = g_new0 (KtVCard, 1);

  card->line = line;
  card->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) property_free);
  return card;
}

void
kt_vcard_free (KtVCard *card)
{
  if (card == NULL)
    return;
  g_free (card->version);
  g_ptr_array_unref (card->properties);
  g_free (card);
}

/* A logical line after unfolding, with the physical line it began on. */
typedef struct {
  char  *text;
  guint  line;
} LogicalLine;

static void
logical_line_clear (gpointer data)
{
  g_free (((LogicalLine *) data)->text);
}

static gboolean
is_quoted_printable (const char *line)
{
  const char *colon = strchr (line, ':');
  g_autofree char *head = NULL;
  g_autofree char *upper = NULL;

  if (colon == NULL)
    return FALSE;
  head = g_strndup (line, colon - line);
  upper = g_ascii_strup (head, -1);
  return strstr (upper, "QUOTED-PRINTABLE") != NULL;
}

/* Splits @text into physical lines and joins the folded ones: RFC 2425
 * folding (a line that starts with a space or tab continues the previous
 * one) and quoted-printable soft breaks (a QP value ending in '='). */
static GArray *
unfold (const char *text,
        gsize       len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (LogicalLine));
  GString *current = NULL;
  guint current_line = 0;
  guint line_no = 0;
  gsize i = 0;

  g_array_set_clear_func (lines, logical_line_clear);

  while (i < len)
    {
      gsize start = i;
      gsize end;

      while (i < len && text[i] != '\r' && text[i] != '\n')
        i++;
      end = i;
      if (i < len && text[i] == '\r')
        i++;
      if (i < len && text[i] == '\n')
        i++;
      line_no++;

      if (current != NULL && end > start && (text[start] == ' ' || text[start] == '\t'))
        {
          g_string_append_len (current, text + start + 1, end - start - 1);
          continue;
        }
      if (current != NULL && current->len > 0 &&
          current->str[current->len - 1] == '=' &&
          is_quoted_printable (current->str))
        {
          g_string_truncate (current, current->len - 1);
          g_string_append_len (current, text + start, end - start);
          continue;
        }

      if (current != NULL)
        {
          LogicalLine l = { g_string_free (current, FALSE), current_line };
          g_array_append_val (lines, l);
        }
      current = g_string_new_len (text + start, end - start);
      current_line = line_no;
    }

  if (current != NULL)
    {
      LogicalLine l = { g_string_free (current, FALSE), current_line };
      g_array_append_val (lines, l);
    }

  return lines;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

static char *
decode_quoted_printable (const char *value,
                         gsize      *out_len)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p; p++)
    {
      if (*p == '=' && hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (p[1]) * 16 + hex_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

static void
add_types (GPtrArray  *types,
           const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strdup (g_strstrip (parts[i]));

      if (*stripped != '\0')
        g_ptr_array_add (types, g_ascii_strdown (stripped, -1));
    }
}

/* Parses "[group.]NAME;PARAM=V;...:value" from one logical line. */
static KtVCardProperty *
parse_property (const char  *text,
                guint        line,
                GError     **error)
{
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *charset = NULL;
  g_autofree char *name = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *decoded = NULL;
  gsize decoded_len;
  gboolean qp = FALSE;
  const char *p = text;
  const char *name_start = text;
  const char *dot;
  KtVCardProperty *property;

  while (*p && *p != ';' && *p != ':')
    p++;
  if (*p == '\0')
    {
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("Line %u: a vCard property without a ':'"), line);
      return NULL;
    }

  /* Drop the group prefix ("item1.EMAIL" as Apple writes it). */
  dot = memchr (name_start, '.', p - name_start);
  if (dot != NULL)
    name_start = dot + 1;
  name = g_ascii_strup (name_start, p - name_start);

  while (*p == ';')
    {
      g_autoptr(GString) param = g_string_new (NULL);
      gboolean quoted = FALSE;
      const char *eq;
      g_autofree char *key = NULL;
      const char *val;

      p++;
      while (*p && (quoted || (*p != ';' && *p != ':')))
        {
          if (*p == '"')
            quoted = !quoted;
          else
            g_string_append_c (param, *p);
          p++;
        }

      eq = strchr (param->str, '=');
      if (eq != NULL)
        {
          key = g_ascii_strup (param->str, eq - param->str);
          val = eq + 1;
        }
      else
        {
          /* vCard 2.1 writes bare parameters: "TEL;WORK;VOICE:" or
           * ";QUOTED-PRINTABLE:". */
          key = g_ascii_strup (param->str, -1);
          val = NULL;
        }

      if (val == NULL && g_str_equal (key, "QUOTED-PRINTABLE"))
        qp = TRUE;
      else if (val == NULL)
        add_types (types, key);
      else if (g_str_equal (key, "TYPE"))
        add_types (types, val);
      else if (g_str_equal (key, "ENCODING"))
        qp = g_ascii_strcasecmp (val, "QUOTED-PRINTABLE") == 0;
      else if (g_str_equal (key, "CHARSET"))
        { g_free (charset); charset = g_strdup (val); }
      else if (g_str_equal (key, "PREF"))
        g_ptr_array_add (types, g_strdup ("pref"));
    }

  if (*p != ':')
    {
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("Line %u: a vCard property without a ':'"), line);
      return NULL;
    }
  p++;

  if (qp)
    raw = decode_quoted_printable (p, &decoded_len);
  else
    {
      raw = g_strdup (p);
      decoded_len = strlen (raw);
    }

  if (charset != NULL && g_ascii_strcasecmp (charset, "UTF-8") != 0 &&
      g_ascii_strcasecmp (charset, "UTF8") != 0)
    {
      g_autoptr(GError) local_error = NULL;

      decoded = g_convert (raw, decoded_len, "UTF-8", charset, NULL, NULL, &local_error);
      if (decoded == NULL)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                       _("Line %u: the text cannot be read as %s"), line, charset);
          return NULL;
        }
    }
  else
    decoded = g_steal_pointer (&raw);

  if (!g_utf8_validate (decoded, -1, NULL))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("Line %u is not UTF-8 text"), line);
      return NULL;
    }

  g_ptr_array_add (types, NULL);
  property = g_new0 (KtVCardProperty, 1);
  property->name = g_steal_pointer (&name);
  property->types = (char **) g_ptr_array_free (g_steal_pointer (&types), FALSE);
  property->value = g_steal_pointer (&decoded);
  return property;
}

GPtrArray *
kt_vcard_parse (const char  *text,
                gssize       length,
                GError     **error)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(KtVCard) card = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);

  len = length < 0 ? strlen (text) : (gsize) length;
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      len -= 3;
    }

  cards = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_vcard_free);
  lines = unfold (text, len);

  for (guint i = 0; i < lines->len; i++)
    {
      LogicalLine *l = &g_array_index (lines, LogicalLine, i);
      g_autofree char *stripped = g_strstrip (g_strdup (l->text));
      KtVCardProperty *property;

      if (*stripped == '\0')
        continue;

      if (g_ascii_strcasecmp (stripped, "BEGIN:VCARD") == 0)
        {
          if (card != NULL)
            {
              g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                           _("Line %u: a vCard begins before the one on line %u ends"),
                           l->line, card->line);
              return NULL;
            }
          card = card_new (l->line);
          continue;
        }
      if (card == NULL)
        continue;  /* text between cards is not ours to judge */

      if (g_ascii_strcasecmp (stripped, "END:VCARD") == 0)
        {
          if (card->version == NULL)
            card->version = g_strdup ("3.0");
          g_ptr_array_add (cards, g_steal_pointer (&card));
          continue;
        }

      property = parse_property (l->text, l->line, error);
      if (property == NULL)
        return NULL;

      if (g_str_equal (property->name, "VERSION"))
        {
          g_free (card->version);
          card->version = g_strdup (g_strstrip (property->value));
          property_free (property);
        }
      else
        g_ptr_array_add (card->properties, property);
    }

  if (card != NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("Line %u: the vCard that begins here never ends (END:VCARD is missing)"),
                   card->line);
      return NULL;
    }

  return g_steal_pointer (&cards);
}

const char *
kt_vcard_get_version (KtVCard *card)
{
  g_return_val_if_fail (card != NULL, NULL);
  return card->version;
}

guint
kt_vcard_get_line (KtVCard *card)
{
  g_return_val_if_fail (card != NULL, 0);
  return card->line;
}

GPtrArray *
kt_vcard_get_properties (KtVCard *card)
{
  g_return_val_if_fail (card != NULL, NULL);
  return card->properties;
}

const KtVCardProperty *
kt_vcard_get_property (KtVCard    *card,
                       const char *name)
{
  g_return_val_if_fail (card != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < card->properties->len; i++)
    {
      const KtVCardProperty *property = card->properties->pdata[i];

      if (g_ascii_strcasecmp (property->name, name) == 0)
        return property;
    }
  return NULL;
}

gboolean
kt_vcard_property_has_type (const KtVCardProperty *property,
                            const char            *type)
{
  g_return_val_if_fail (property != NULL, FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; property->types[i] != NULL; i++)
    if (g_ascii_strcasecmp (property->types[i], type) == 0)
      return TRUE;
  return FALSE;
}

char *
kt_vcard_unescape (const char *escaped)
{
  GString *out;

  g_return_val_if_fail (escaped != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *p = escaped; *p; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          if (*p == 'n' || *p == 'N')
            g_string_append_c (out, '\n');
          else
            g_string_append_c (out, *p);
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char **
kt_vcard_split_value (const char *escaped,
                      char        sep)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_autoptr(GString) part = g_string_new (NULL);
  g_autofree char *last = NULL;

  g_return_val_if_fail (escaped != NULL, NULL);

  for (const char *p = escaped; *p; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          g_string_append_c (part, *p);
          g_string_append_c (part, p[1]);
          p++;
        }
      else if (*p == sep)
        {
          g_autofree char *unescaped = kt_vcard_unescape (part->str);

          g_strv_builder_add (parts, unescaped);
          g_string_truncate (part, 0);
        }
      else
        g_string_append_c (part, *p);
    }
  last = kt_vcard_unescape (part->str);
  g_strv_builder_add (parts, last);
  return g_strv_builder_end (parts);
}

char *
kt_vcard_escape (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '\\':
        case ',':
        case ';':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '\r':
          if (p[1] == '\n')
            p++;
          G_GNUC_FALLTHROUGH;
        case '\n':
          g_string_append (out, "\\n");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

void
kt_vcard_append_folded (GString    *out,
                        const char *line)
{
  gsize len;
  gsize pos = 0;
  gsize limit = FOLD_LIMIT;

  g_return_if_fail (out != NULL);
  g_return_if_fail (line != NULL);

  len = strlen (line);
  while (len - pos > limit)
    {
      gsize cut = pos + limit;

      /* Never cut inside a UTF-8 sequence: back up to a lead byte. */
      while (cut > pos && ((guchar) line[cut] & 0xC0) == 0x80)
        cut--;
      g_string_append_len (out, line + pos, cut - pos);
      g_string_append (out, "\r\n ");
      pos = cut;
      /* The leading space of a continuation line counts toward its 75. */
      limit = FOLD_LIMIT - 1;
    }
  g_string_append (out, line + pos);
  g_string_append (out, "\r\n");
}
