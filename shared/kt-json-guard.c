/* kt-json-guard.c: a bounded, non-recursive check of JSON text
 *
 * One pass over the bytes with an explicit stack of at most @max_depth
 * levels: no recursion, no allocation that grows with the input but the
 * stack itself. It accepts exactly RFC 8259 JSON (one value, whitespace
 * around it) and refuses, on top of that, what json-glib 1.6 would take
 * and then get wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-json-guard"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kt-error.h"
#include "kt-json-guard.h"

/* Longer number literals are cut in messages: the answer must not echo
 * a megabyte of digits back. */
#define NUMBER_ECHO_MAX 40

typedef enum {
  STATE_VALUE,        /* a value must come next */
  STATE_FIRST_KEY,    /* just after "{": a key or "}" */
  STATE_KEY,          /* after "," in an object: a key */
  STATE_AFTER_VALUE,  /* a value ended: ",", a closer, or the end */
} State;

typedef struct {
  const char  *data;
  gsize        length;
  gsize        pos;
  guint        max_depth;
  guint        depth;
  guint        max_values;
  guint        n_values;
  char        *kinds;       /* '{' or '[' per open level */
  const char **key_start;   /* per level: the member key being read (raw) */
  gsize       *key_len;
} Guard;

static void
set_error (GError    **error,
           int         code,
           const char *field,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
set_error (GError    **error,
           int         code,
           const char *field,
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

  if (field != NULL)
    kt_error_set_field (local, field);
  g_propagate_error (error, local);
}

static char *
offset_text (gsize offset)
{
  return g_strdup_printf ("%" G_GSIZE_FORMAT, offset);
}

typedef enum {
  SYNTAX_UNEXPECTED,
  SYNTAX_CONTROL,
  SYNTAX_ESCAPE,
  SYNTAX_SURROGATE,
  SYNTAX_NUMBER,
  SYNTAX_TRAILING,
} Syntax;

/* A KT_ERROR_MALFORMED naming the byte offset where reading stopped. */
static void
set_syntax_error (Guard    *g,
                  GError  **error,
                  Syntax    syntax)
{
  g_autofree char *where = offset_text (g->pos);

  switch (syntax)
    {
    case SYNTAX_CONTROL:
      set_error (error, KT_ERROR_MALFORMED, NULL,
                 _("A string in the JSON text holds a control character (at byte %s)"), where);
      break;
    case SYNTAX_ESCAPE:
      set_error (error, KT_ERROR_MALFORMED, NULL,
                 _("A string in the JSON text has an invalid escape (at byte %s)"), where);
      break;
    case SYNTAX_SURROGATE:
      set_error (error, KT_ERROR_MALFORMED, NULL,
                 _("A string in the JSON text has an unpaired surrogate escape (at byte %s)"), where);
      break;
    case SYNTAX_NUMBER:
      set_error (error, KT_ERROR_MALFORMED, NULL,
                 _("A number in the JSON text is not valid (at byte %s)"), where);
      break;
    case SYNTAX_TRAILING:
      set_error (error, KT_ERROR_MALFORMED, NULL,
                 _("The JSON text has more data after its value (at byte %s)"), where);
      break;
    case SYNTAX_UNEXPECTED:
    default:
      set_error (error, KT_ERROR_MALFORMED, NULL,
                 _("Unexpected character in the JSON text (at byte %s)"), where);
      break;
    }
}

/* The key of the innermost object member the reader is in, so an error
 * about a value can name it the way validation errors name fields. */
static char *
current_field (Guard *g)
{
  for (guint i = g->depth; i > 0; i--)
    if (g->kinds[i - 1] == '{' && g->key_start[i - 1] != NULL)
      return g_strndup (g->key_start[i - 1], g->key_len[i - 1]);
  return NULL;
}

static void
skip_whitespace (Guard *g)
{
  while (g->pos < g->length)
    {
      char c = g->data[g->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      g->pos++;
    }
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits at @pos, or -1. */
static int
read_hex4 (Guard *g,
           gsize  pos)
{
  int value = 0;

  if (pos + 4 > g->length)
    return -1;
  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (g->data[pos + i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* A string at g->pos (on its opening quote). Bytes above 0x7f were
 * checked as UTF-8 before; here only escapes and control characters. */
static gboolean
scan_string (Guard    *g,
             gboolean  is_key,
             GError  **error)
{
  g->pos++;
  while (g->pos < g->length)
    {
      guchar c = (guchar) g->data[g->pos];

      if (c == '"')
        {
          g->pos++;
          return TRUE;
        }
      if (c < 0x20)
        {
          set_syntax_error (g, error, SYNTAX_CONTROL);
          return FALSE;
        }
      if (c != '\\')
        {
          g->pos++;
          continue;
        }

      if (g->pos + 1 >= g->length)
        break;
      switch (g->data[g->pos + 1])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          g->pos += 2;
          break;

        case 'u':
          {
            int unit = read_hex4 (g, g->pos + 2);

            if (unit < 0)
              {
                set_syntax_error (g, error, SYNTAX_ESCAPE);
                return FALSE;
              }
            if (unit == 0)
              {
                /* json-glib would cut the string at the NUL; a store
                 * would keep less than was sent without saying so. */
                g_autofree char *field = is_key ? NULL : current_field (g);

                if (field != NULL)
                  set_error (error, KT_ERROR_INVALID, field,
                             _("“%s” may not contain a NUL character (\\u0000)"), field);
                else
                  set_error (error, KT_ERROR_INVALID, NULL,
                             _("Text may not contain a NUL character (\\u0000)"));
                return FALSE;
              }
            if (unit >= 0xdc00 && unit <= 0xdfff)
              {
                set_syntax_error (g, error, SYNTAX_SURROGATE);
                return FALSE;
              }
            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                int low = -1;

                if (g->pos + 7 < g->length && g->data[g->pos + 6] == '\\' && g->data[g->pos + 7] == 'u')
                  low = read_hex4 (g, g->pos + 8);
                if (low < 0xdc00 || low > 0xdfff)
                  {
                    set_syntax_error (g, error, SYNTAX_SURROGATE);
                    return FALSE;
                  }
                g->pos += 6;
              }
            g->pos += 6;
          }
          break;

        default:
          set_syntax_error (g, error, SYNTAX_ESCAPE);
          return FALSE;
        }
    }

  set_error (error, KT_ERROR_MALFORMED, NULL, _("The JSON text ends too early"));
  return FALSE;
}

static gboolean
is_digit (Guard *g)
{
  return g->pos < g->length && g->data[g->pos] >= '0' && g->data[g->pos] <= '9';
}

static char *
number_echo (const char *start,
             gsize       len)
{
  if (len <= NUMBER_ECHO_MAX)
    return g_strndup (start, len);
  return g_strdup_printf ("%.*s…", NUMBER_ECHO_MAX, start);
}

/* A number at g->pos. Integers (no fraction, no exponent) are what
 * json-glib stores as gint64, so they must fit in one; other numbers
 * become doubles and must be finite. */
static gboolean
scan_number (Guard   *g,
             GError **error)
{
  gsize start = g->pos;
  gsize digits_start, digits_len;
  gboolean negative = FALSE, integer = TRUE;

  if (g->data[g->pos] == '-')
    {
      negative = TRUE;
      g->pos++;
    }
  digits_start = g->pos;
  if (g->pos < g->length && g->data[g->pos] == '0')
    g->pos++;
  else if (is_digit (g))
    while (is_digit (g))
      g->pos++;
  else
    {
      set_syntax_error (g, error, SYNTAX_NUMBER);
      return FALSE;
    }
  digits_len = g->pos - digits_start;

  if (g->pos < g->length && g->data[g->pos] == '.')
    {
      integer = FALSE;
      g->pos++;
      if (!is_digit (g))
        {
          set_syntax_error (g, error, SYNTAX_NUMBER);
          return FALSE;
        }
      while (is_digit (g))
        g->pos++;
    }
  if (g->pos < g->length && (g->data[g->pos] == 'e' || g->data[g->pos] == 'E'))
    {
      integer = FALSE;
      g->pos++;
      if (g->pos < g->length && (g->data[g->pos] == '+' || g->data[g->pos] == '-'))
        g->pos++;
      if (!is_digit (g))
        {
          set_syntax_error (g, error, SYNTAX_NUMBER);
          return FALSE;
        }
      while (is_digit (g))
        g->pos++;
    }

  if (integer)
    {
      /* No leading zeros past this point, so the digit count and then
       * the digits themselves order the magnitudes. */
      const char *limit = negative ? "9223372036854775808" : "9223372036854775807";

      if (digits_len > 19 || (digits_len == 19 && memcmp (g->data + digits_start, limit, 19) > 0))
        {
          g_autofree char *field = current_field (g);
          g_autofree char *echo = number_echo (g->data + start, g->pos - start);

          set_error (error, KT_ERROR_WRONG_TYPE, field,
                     _("The number %s does not fit in a 64-bit integer"), echo);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *copy = g_strndup (g->data + start, g->pos - start);

      if (!isfinite (g_ascii_strtod (copy, NULL)))
        {
          g_autofree char *field = current_field (g);
          g_autofree char *echo = number_echo (copy, strlen (copy));

          set_error (error, KT_ERROR_WRONG_TYPE, field, _("The number %s is too large"), echo);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
scan_literal (Guard   *g,
              GError **error)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize len = strlen (literals[i]);

      if (g->length - g->pos >= len && memcmp (g->data + g->pos, literals[i], len) == 0)
        {
          g->pos += len;
          return TRUE;
        }
    }
  set_syntax_error (g, error, SYNTAX_UNEXPECTED);
  return FALSE;
}

static gboolean
open_level (Guard   *g,
            char     kind,
            GError **error)
{
  if (g->depth >= g->max_depth)
    {
      g_autofree char *where = offset_text (g->pos);

      set_error (error, KT_ERROR_MALFORMED, NULL,
                 _("The JSON text nests deeper than %u levels (at byte %s)"), g->max_depth, where);
      return FALSE;
    }
  g->kinds[g->depth] = kind;
  g->key_start[g->depth] = NULL;
  g->key_len[g->depth] = 0;
  g->depth++;
  g->pos++;
  return TRUE;
}

/* A member key and its colon; the key is remembered for messages. */
static gboolean
scan_key (Guard   *g,
          GError **error)
{
  gsize start;

  if (g->pos >= g->length)
    {
      set_error (error, KT_ERROR_MALFORMED, NULL, _("The JSON text ends too early"));
      return FALSE;
    }
  if (g->data[g->pos] != '"')
    {
      set_syntax_error (g, error, SYNTAX_UNEXPECTED);
      return FALSE;
    }
  start = g->pos + 1;
  if (!scan_string (g, TRUE, error))
    return FALSE;
  g->key_start[g->depth - 1] = g->data + start;
  g->key_len[g->depth - 1] = g->pos - 1 - start;

  skip_whitespace (g);
  if (g->pos >= g->length)
    {
      set_error (error, KT_ERROR_MALFORMED, NULL, _("The JSON text ends too early"));
      return FALSE;
    }
  if (g->data[g->pos] != ':')
    {
      set_syntax_error (g, error, SYNTAX_UNEXPECTED);
      return FALSE;
    }
  g->pos++;
  return TRUE;
}

/**
 * kt_json_guard_check:
 * @data: (array length=length): the JSON text, not necessarily
 *   NUL-terminated
 * @length: its length in bytes
 * @max_depth: the deepest nesting of objects and arrays allowed
 *   (%KT_JSON_GUARD_MAX_DEPTH for requests and answers)
 * @error: return location for a #GError
 *
 * Checks that @data is exactly one JSON value (RFC 8259) with nothing but
 * whitespace around it, valid UTF-8, nested at most @max_depth levels,
 * whose integers fit in a gint64, whose other numbers are finite doubles,
 * whose strings have no "\u0000" and no unpaired surrogate escapes. It
 * never recurses, so any input is safe to check.
 *
 * Errors are %KT_ERROR: %KT_ERROR_MALFORMED for text that is not such
 * JSON, %KT_ERROR_WRONG_TYPE for a number out of range and
 * %KT_ERROR_INVALID for a NUL character; the last two name the innermost
 * member key (kt_error_get_field()) when there is one.
 *
 * Returns: %TRUE when json-glib may parse @data.
 */
gboolean
kt_json_guard_check (const char *data,
                     gsize       length,
                     guint       max_depth,
                     GError    **error)
{
  return kt_json_guard_check_full (data, length, max_depth, G_MAXUINT, error);
}

/**
 * kt_json_guard_check_full:
 * @data: (array length=length): the JSON text
 * @length: its length in bytes
 * @max_depth: the deepest nesting allowed
 * @max_values: the most values allowed (%KT_JSON_GUARD_MAX_VALUES for
 *   request bodies)
 * @error: return location for a #GError
 *
 * kt_json_guard_check() that also refuses text holding more than
 * @max_values values with %KT_ERROR_TOO_LARGE.
 *
 * Returns: %TRUE when json-glib may parse @data.
 */
gboolean
kt_json_guard_check_full (const char *data,
                          gsize       length,
                          guint       max_depth,
                          guint       max_values,
                          GError    **error)
{
  g_autofree char *kinds = NULL;
  g_autofree const char **key_start = NULL;
  g_autofree gsize *key_len = NULL;
  const char *end = NULL;
  State state = STATE_VALUE;
  Guard g = { 0, };

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate_len (data, length, &end))
    {
      g_autofree char *where = offset_text ((gsize) (end - data));

      if (*end == '\0')
        set_error (error, KT_ERROR_MALFORMED, NULL, _("The JSON text holds a NUL byte (at byte %s)"), where);
      else
        set_error (error, KT_ERROR_MALFORMED, NULL, _("The JSON text is not valid UTF-8 (at byte %s)"), where);
      return FALSE;
    }

  g.data = data;
  g.length = length;
  g.max_depth = max_depth;
  g.max_values = max_values;
  g.kinds = kinds = g_new0 (char, MAX (max_depth, 1));
  g.key_start = key_start = g_new0 (const char *, MAX (max_depth, 1));
  g.key_len = key_len = g_new0 (gsize, MAX (max_depth, 1));

  skip_whitespace (&g);
  if (g.pos == g.length)
    {
      set_error (error, KT_ERROR_MALFORMED, NULL, _("The JSON text is empty"));
      return FALSE;
    }

  for (;;)
    {
      skip_whitespace (&g);
      if (g.pos == g.length)
        {
          if (state == STATE_AFTER_VALUE && g.depth == 0)
            return TRUE;
          set_error (error, KT_ERROR_MALFORMED, NULL, _("The JSON text ends too early"));
          return FALSE;
        }

      switch (state)
        {
        case STATE_VALUE:
          if (++g.n_values > g.max_values)
            {
              g_autofree char *limit = g_strdup_printf ("%u", g.max_values);

              set_error (error, KT_ERROR_TOO_LARGE, NULL,
                         _("The JSON text holds more than %s values"), limit);
              return FALSE;
            }
          switch (g.data[g.pos])
            {
            case '{':
              if (!open_level (&g, '{', error))
                return FALSE;
              state = STATE_FIRST_KEY;
              break;
            case '[':
              if (!open_level (&g, '[', error))
                return FALSE;
              skip_whitespace (&g);
              if (g.pos < g.length && g.data[g.pos] == ']')
                {
                  g.pos++;
                  g.depth--;
                  state = STATE_AFTER_VALUE;
                }
              break;
            case '"':
              if (!scan_string (&g, FALSE, error))
                return FALSE;
              state = STATE_AFTER_VALUE;
              break;
            case '-': case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9':
              if (!scan_number (&g, error))
                return FALSE;
              state = STATE_AFTER_VALUE;
              break;
            default:
              if (!scan_literal (&g, error))
                return FALSE;
              state = STATE_AFTER_VALUE;
              break;
            }
          break;

        case STATE_FIRST_KEY:
          if (g.data[g.pos] == '}')
            {
              g.pos++;
              g.depth--;
              state = STATE_AFTER_VALUE;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case STATE_KEY:
          if (!scan_key (&g, error))
            return FALSE;
          state = STATE_VALUE;
          break;

        case STATE_AFTER_VALUE:
          if (g.depth == 0)
            {
              set_syntax_error (&g, error, SYNTAX_TRAILING);
              return FALSE;
            }
          if (g.data[g.pos] == ',')
            {
              g.pos++;
              state = g.kinds[g.depth - 1] == '{' ? STATE_KEY : STATE_VALUE;
            }
          else if (g.data[g.pos] == (g.kinds[g.depth - 1] == '{' ? '}' : ']'))
            {
              g.pos++;
              g.depth--;
            }
          else
            {
              set_syntax_error (&g, error, SYNTAX_UNEXPECTED);
              return FALSE;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * kt_json_guard_parse:
 * @data: JSON text from outside (a file, a server, a person)
 * @length: its length in bytes
 * @max_depth: the most levels of nesting allowed
 * @error: a KT_ERROR_MALFORMED naming what is wrong
 *
 * Checks @data with kt_json_guard_check() and parses it. json-glib reads
 * text of only white space as a success with no root at all, which every
 * caller would have to remember; here that text is an error like any
 * other, so the result is never %NULL without @error set.
 *
 * Returns: (transfer full): the root, or %NULL with @error set.
 */
JsonNode *
kt_json_guard_parse (const char *data,
                     gsize       length,
                     guint       max_depth,
                     GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!kt_json_guard_check (data, length, max_depth, error))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error_literal (error, KT_ERROR, KT_ERROR_MALFORMED, local_error->message);
      return NULL;
    }
  /* The guard refused empty text, so json-glib found a value. */
  g_assert (json_parser_get_root (parser) != NULL);
  return json_parser_steal_root (parser);
}
