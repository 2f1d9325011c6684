/* kt-json-scan.c: a cursor over small, flat JSON texts
 *
 * Everything here reads between a pointer and an end, never past the end
 * and never needing a NUL after it. What it accepts it accepts exactly as
 * RFC 8259 has it (no leading zeros, no bare control characters, valid
 * UTF-8), so json-glib reads the same text to the same values; what json-glib
 * 1.6 reads differently from the RFC (\u0000 cuts its strings, unpaired
 * surrogates, integers outside 64 bits) is KT_JSON_SCAN_OTHER, left to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-json-scan"

#include "config.h"

#include <string.h>

#include "kt-json-scan.h"

/* The length of the UTF-8 sequence at @q (its lead byte above 0x7f), or
 * 0 when it is not one g_utf8_validate() takes: no overlong forms, no
 * surrogates, nothing above U+10FFFF, not cut by @end. */
static gsize
utf8_sequence (const guchar *q,
               const guchar *end)
{
  guchar c = q[0];
  gsize n;

  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    n = 3;
  else if (c >= 0xf0 && c <= 0xf4)
    n = 4;
  else
    return 0;
  if ((gsize) (end - q) < n)
    return 0;
  for (gsize i = 1; i < n; i++)
    if ((q[i] & 0xc0) != 0x80)
      return 0;
  if ((c == 0xe0 && q[1] < 0xa0) || (c == 0xed && q[1] >= 0xa0) ||
      (c == 0xf0 && q[1] < 0x90) || (c == 0xf4 && q[1] >= 0x90))
    return 0;
  return n;
}

/* Four hex digits at @q, or -1. */
static int
hex4 (const guchar *q,
      const guchar *end)
{
  int value = 0;

  if (end - q < 4)
    return -1;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value ((char) q[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/**
 * kt_json_scan_string:
 * @p: (inout): the string's opening quote; past its closing quote
 *   after a string or KT_JSON_SCAN_OTHER
 * @end: the end of the text
 * @out: (inout): where the decoded string and a NUL go; moved past them
 *   after a string. No string decodes longer than its JSON text, so a
 *   buffer as long as the text holds all of its strings.
 *
 * Returns: KT_JSON_SCAN_STRING; KT_JSON_SCAN_OTHER for a well-formed
 *   string with \u0000 or an unpaired surrogate escape (json-glib's to
 *   read; nothing written); KT_JSON_SCAN_BAD for anything else
 */
KtJsonScanKind
kt_json_scan_string (const char **p,
                     const char  *end,
                     char       **out)
{
  const guchar *q = (const guchar *) *p;
  const guchar *e = (const guchar *) end;
  char *o = *out;
  gboolean undecoded = FALSE;

  if (q >= e || *q != '"')
    return KT_JSON_SCAN_BAD;
  q++;
  while (q < e)
    {
      guchar c = *q;
      int unit, low;

      if (G_LIKELY (c >= 0x20 && c < 0x80 && c != '"' && c != '\\'))
        {
          *o++ = (char) c;
          q++;
          continue;
        }
      if (c == '"')
        {
          *p = (const char *) q + 1;
          if (undecoded)
            return KT_JSON_SCAN_OTHER;
          *o++ = '\0';
          *out = o;
          return KT_JSON_SCAN_STRING;
        }
      if (c < 0x20)
        return KT_JSON_SCAN_BAD;
      if (c >= 0x80)
        {
          gsize n = utf8_sequence (q, e);

          if (n == 0)
            return KT_JSON_SCAN_BAD;
          memcpy (o, q, n);
          o += n;
          q += n;
          continue;
        }

      if (e - q < 2)
        return KT_JSON_SCAN_BAD;
      switch (q[1])
        {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
          unit = hex4 (q + 2, e);
          if (unit < 0)
            return KT_JSON_SCAN_BAD;
          if (unit >= 0xd800 && unit <= 0xdbff)
            {
              low = e - q >= 12 && q[6] == '\\' && q[7] == 'u' ? hex4 (q + 8, e) : -1;
              if (low >= 0xdc00 && low <= 0xdfff)
                {
                  /* 12 bytes of text, 4 of UTF-8. */
                  o += g_unichar_to_utf8 (0x10000 + ((gunichar) (unit - 0xd800) << 10) +
                                          (gunichar) (low - 0xdc00), o);
                  q += 12;
                  continue;
                }
              undecoded = TRUE;
            }
          else if (unit == 0 || (unit >= 0xdc00 && unit <= 0xdfff))
            undecoded = TRUE;
          else
            o += g_unichar_to_utf8 ((gunichar) unit, o);
          q += 6;
          continue;
        default:
          return KT_JSON_SCAN_BAD;
        }
      q += 2;
    }
  return KT_JSON_SCAN_BAD;
}

static gboolean
is_digit (const char *q,
          const char *end)
{
  return q < end && *q >= '0' && *q <= '9';
}

/**
 * kt_json_scan_number:
 * @p: (inout): the number's first character; past the number after an
 *   integer or KT_JSON_SCAN_OTHER
 * @end: the end of the text
 * @out: (out): the integer
 *
 * Returns: KT_JSON_SCAN_INT for an integer (no fraction, no exponent)
 *   that fits in a gint64, as json-glib reads it; KT_JSON_SCAN_OTHER for
 *   any other JSON number (json-glib's double, or an integer it would
 *   wrap); KT_JSON_SCAN_BAD for what is not a JSON number
 */
KtJsonScanKind
kt_json_scan_number (const char **p,
                     const char  *end,
                     gint64      *out)
{
  const char *q = *p;
  gboolean negative = FALSE, integer = TRUE, overflow = FALSE;
  guint64 value = 0;

  if (q < end && *q == '-')
    {
      negative = TRUE;
      q++;
    }
  if (!is_digit (q, end))
    return KT_JSON_SCAN_BAD;
  if (*q == '0')
    {
      q++;
      if (is_digit (q, end))
        return KT_JSON_SCAN_BAD;
    }
  while (is_digit (q, end))
    {
      guint digit = (guint) (*q - '0');

      if (value > (G_MAXUINT64 - digit) / 10)
        overflow = TRUE;
      else
        value = value * 10 + digit;
      q++;
    }
  if (q < end && *q == '.')
    {
      integer = FALSE;
      q++;
      if (!is_digit (q, end))
        return KT_JSON_SCAN_BAD;
      while (is_digit (q, end))
        q++;
    }
  if (q < end && (*q == 'e' || *q == 'E'))
    {
      integer = FALSE;
      q++;
      if (q < end && (*q == '+' || *q == '-'))
        q++;
      if (!is_digit (q, end))
        return KT_JSON_SCAN_BAD;
      while (is_digit (q, end))
        q++;
    }

  *p = q;
  if (!integer || overflow || value > (negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64))
    return KT_JSON_SCAN_OTHER;
  *out = negative ? (gint64) (0 - value) : (gint64) value;
  return KT_JSON_SCAN_INT;
}

static KtJsonScanKind
scan_literal (const char     **p,
              const char      *end,
              const char      *literal,
              gsize            len,
              KtJsonScanKind   kind)
{
  if ((gsize) (end - *p) < len || memcmp (*p, literal, len) != 0)
    return KT_JSON_SCAN_BAD;
  *p += len;
  return kind;
}

/**
 * kt_json_scan_scalar:
 * @p: (inout): the value's first character (no white space before it);
 *   past the value after a scalar
 * @end: the end of the text
 * @out: (inout): as for kt_json_scan_string()
 * @value: (out): the scalar; its kind is the return value
 *
 * Returns: the value's kind; KT_JSON_SCAN_OTHER with *@p unmoved at an
 *   object or an array
 */
KtJsonScanKind
kt_json_scan_scalar (const char   **p,
                     const char    *end,
                     char         **out,
                     KtJsonScalar  *value)
{
  char *start = *out;

  if (*p >= end)
    return value->kind = KT_JSON_SCAN_BAD;
  switch (**p)
    {
    case '"':
      value->kind = kt_json_scan_string (p, end, out);
      if (value->kind == KT_JSON_SCAN_STRING)
        {
          value->string = start;
          value->len = (gsize) (*out - start) - 1;
        }
      break;
    case 't':
      value->kind = scan_literal (p, end, "true", 4, KT_JSON_SCAN_TRUE);
      break;
    case 'f':
      value->kind = scan_literal (p, end, "false", 5, KT_JSON_SCAN_FALSE);
      break;
    case 'n':
      value->kind = scan_literal (p, end, "null", 4, KT_JSON_SCAN_NULL);
      break;
    case '{':
    case '[':
      value->kind = KT_JSON_SCAN_OTHER;
      break;
    default:
      value->kind = kt_json_scan_number (p, end, &value->number);
      break;
    }
  return value->kind;
}

static const char *
skip_ws (const char *p,
         const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

typedef struct {
  const char   *name;
  KtJsonScalar  value;
} Item;

/* Most texts the store reads fit these; longer ones take the heap. */
#define STACK_BUFFER 512
#define STACK_ITEMS 32

/* The whole text is read and checked before @func sees an item: a text
 * that turns out not to be flat halfway has given the caller nothing to
 * undo before it asks json-glib. */
static gboolean
scan_flat (const char     *text,
           gsize           len,
           gboolean        object,
           guint           kinds,
           KtJsonScanFunc  func,
           gpointer        data)
{
  char stack_buffer[STACK_BUFFER];
  Item stack_items[STACK_ITEMS];
  g_autofree char *heap_buffer = NULL;
  g_autoptr(GArray) heap_items = NULL;
  const char *p = text;
  const char *end;
  char close = object ? '}' : ']';
  char *out;
  guint n = 0;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  /* Not even "{}" (and NULL + 0 would be undefined behaviour). */
  if (len < 2)
    return FALSE;
  end = text + len;
  if (len < sizeof stack_buffer)
    out = stack_buffer;
  else
    out = heap_buffer = g_malloc (len + 1);

  p = skip_ws (p, end);
  if (p >= end || *p != (object ? '{' : '['))
    return FALSE;
  p = skip_ws (p + 1, end);
  if (p < end && *p == close)
    p++;
  else
    for (;;)
      {
        Item item = { NULL, { 0 } };
        KtJsonScanKind kind;

        if (object)
          {
            item.name = out;
            if (kt_json_scan_string (&p, end, &out) != KT_JSON_SCAN_STRING)
              return FALSE;
            p = skip_ws (p, end);
            if (p >= end || *p != ':')
              return FALSE;
            p = skip_ws (p + 1, end);
          }
        kind = kt_json_scan_scalar (&p, end, &out, &item.value);
        if (kind < KT_JSON_SCAN_STRING || (kinds & KT_JSON_SCAN_MASK (kind)) == 0)
          return FALSE;

        if (n < STACK_ITEMS)
          stack_items[n] = item;
        else
          {
            if (heap_items == NULL)
              heap_items = g_array_new (FALSE, FALSE, sizeof (Item));
            g_array_append_val (heap_items, item);
          }
        n++;

        p = skip_ws (p, end);
        if (p < end && *p == close)
          {
            p++;
            break;
          }
        if (p >= end || *p != ',')
          return FALSE;
        p = skip_ws (p + 1, end);
      }

  if (skip_ws (p, end) != end)
    return FALSE;

  for (guint i = 0; i < n && func != NULL; i++)
    {
      const Item *item = i < STACK_ITEMS ? &stack_items[i]
                         : &g_array_index (heap_items, Item, i - STACK_ITEMS);

      if (!func (item->name, &item->value, data))
        return FALSE;
    }
  return TRUE;
}

/**
 * kt_json_scan_object:
 * @text: (array length=len): JSON text
 * @len: its length
 * @kinds: the KT_JSON_SCAN_MASK()s of the kinds of value to take
 * @func: (nullable): called with each member in the order of the text,
 *   once the whole text has been read; a name that comes twice comes
 *   twice, and a caller that sets members as they come keeps the last,
 *   as json-glib does
 * @data: for @func
 *
 * Reads @text when it is one object whose values are all scalars of
 * @kinds (white space allowed around everything, nothing after it).
 *
 * Returns: TRUE when it was, and @func returned TRUE every time
 */
gboolean
kt_json_scan_object (const char     *text,
                     gsize           len,
                     guint           kinds,
                     KtJsonScanFunc  func,
                     gpointer        data)
{
  return scan_flat (text, len, TRUE, kinds, func, data);
}

/**
 * kt_json_scan_array:
 *
 * As kt_json_scan_object() for an array of scalars; @func gets a %NULL
 * name.
 */
gboolean
kt_json_scan_array (const char     *text,
                    gsize           len,
                    guint           kinds,
                    KtJsonScanFunc  func,
                    gpointer        data)
{
  return scan_flat (text, len, FALSE, kinds, func, data);
}
