/* kt-dedupe.c: the keys that say two contacts or companies are one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-dedupe"

#include "config.h"

#include <string.h>

#include "kt-company-id.h"
#include "kt-dedupe.h"
#include "kt-search-text.h"

/* E.164 allows at most 15 digits; fewer than 6 is an extension or a typo,
 * not a number that identifies someone. */
#define PHONE_MIN_DIGITS 6
#define PHONE_MAX_DIGITS 15

char *
kt_dedupe_email (const char *email)
{
  g_autofree char *trimmed = NULL;
  const char *at;

  if (email == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (email));
  at = strchr (trimmed, '@');
  if (at == NULL || at == trimmed || at[1] == '\0')
    return NULL;

  /* The local part is case-sensitive by the letter of RFC 5321, but no
   * mail provider treats it so, and people type it either way. */
  return g_utf8_strdown (trimmed, -1);
}

char *
kt_dedupe_phone (const char *phone)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  gboolean plus = FALSE;
  const char *p;

  if (phone == NULL)
    return NULL;

  for (p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0 && !plus)
        plus = TRUE;
      else if (g_ascii_isalpha (*p) || *p == '#' || *p == ',' || *p == ';')
        break;   /* an extension or a second number: the first one counts */
      else if (!strchr (" .-/()\t", *p))
        return NULL;
    }

  if (!plus && g_str_has_prefix (digits->str, "00"))
    {
      g_string_erase (digits, 0, 2);
      plus = TRUE;
    }
  else if (!plus && digits->str[0] == '0')
    {
      /* A national number: the trunk 0 stands for Bulgaria's +359. */
      g_string_erase (digits, 0, 1);
      g_string_prepend (digits, "359");
      plus = TRUE;
    }
  else if (!plus && digits->len == 12 && g_str_has_prefix (digits->str, "359"))
    {
      plus = TRUE;
    }
  else if (!plus && (digits->len == 8 || digits->len == 9))
    {
      /* "888 123 456" without its trunk 0: still a Bulgarian number. */
      g_string_prepend (digits, "359");
      plus = TRUE;
    }

  if (!plus || digits->len < PHONE_MIN_DIGITS || digits->len > PHONE_MAX_DIGITS ||
      digits->str[0] == '0')
    return NULL;

  g_string_prepend_c (digits, '+');
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

char *
kt_dedupe_company_id (const char *text)
{
  g_autofree char *compact = NULL;
  const char *p;

  if (text == NULL)
    return NULL;

  compact = kt_company_id_compact (text);
  if (compact == NULL || compact[0] == '\0')
    return NULL;

  if (g_str_has_prefix (compact, "BG") && compact[2] != '\0')
    {
      for (p = compact + 2; g_ascii_isdigit (*p); p++)
        ;
      if (*p == '\0')
        return g_strdup (compact + 2);
    }

  return g_steal_pointer (&compact);
}

char *
kt_dedupe_name_key (const char *name)
{
  g_autofree char *folded = NULL;
  g_autofree char *latin = NULL;
  g_autoptr (GString) key = g_string_new (NULL);
  gboolean space = FALSE;
  const char *p;

  if (name == NULL)
    return NULL;

  folded = kt_search_fold (name);
  latin = kt_search_latin (folded);

  for (p = latin != NULL ? latin : folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c))
        {
          space = key->len > 0;
          continue;
        }

      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      /* kt_search_latin() spells Cyrillic in upper case to keep it apart
       * from Latin in the search index; here the two should meet. */
      g_string_append_unichar (key, g_unichar_tolower (c));
    }

  if (key->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&key), FALSE);
}

static guint32
trigram_code (const gunichar c[3])
{
  if (c[0] < 0x80 && c[1] < 0x80 && c[2] < 0x80)
    return c[0] << 14 | c[1] << 7 | c[2];

  return 0x80000000u | ((c[0] * 0x9E3779B1u) ^ (c[1] * 0x85EBCA77u) ^ (c[2] * 0xC2B2AE3Du));
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

void
kt_dedupe_name_trigrams (const char *key,
                         GArray     *out)
{
  g_auto (GStrv) words = NULL;
  guint start = out->len;
  guint i, j, n;

  g_return_if_fail (out != NULL);

  if (key == NULL)
    return;

  words = g_strsplit (key, " ", -1);
  for (i = 0; words[i] != NULL; i++)
    {
      g_autofree gunichar *chars = NULL;
      glong len = 0;

      if (words[i][0] == '\0')
        continue;

      chars = g_utf8_to_ucs4_fast (words[i], -1, &len);
      /* "  ivan " as pg_trgm pads it: a word's start weighs more than its
       * end. A word of len characters gives len + 1 trigrams. */
      for (j = 0; j <= (guint) len; j++)
        {
          gunichar t[3];
          guint32 code;
          guint k;

          for (k = 0; k < 3; k++)
            {
              glong at = (glong) (j + k) - 2;

              t[k] = at >= 0 && at < len ? chars[at] : ' ';
            }
          code = trigram_code (t);
          g_array_append_val (out, code);
        }
    }

  /* Each trigram once, so similarity counts sets, not multisets. */
  if (out->len == start)
    return;
  qsort (&g_array_index (out, guint32, start), out->len - start, sizeof (guint32), compare_codes);
  for (i = start + 1, n = start + 1; i < out->len; i++)
    if (g_array_index (out, guint32, i) != g_array_index (out, guint32, n - 1))
      g_array_index (out, guint32, n++) = g_array_index (out, guint32, i);
  g_array_set_size (out, n);
}

double
kt_dedupe_name_similarity (const char *key_a,
                           const char *key_b)
{
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) b = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint i = 0, j = 0, shared = 0;

  kt_dedupe_name_trigrams (key_a, a);
  kt_dedupe_name_trigrams (key_b, b);
  if (a->len == 0 || b->len == 0)
    return 0;

  while (i < a->len && j < b->len)
    {
      guint32 x = g_array_index (a, guint32, i);
      guint32 y = g_array_index (b, guint32, j);

      if (x == y)
        shared++;
      if (x <= y)
        i++;
      if (y <= x)
        j++;
    }

  return (double) shared / (a->len + b->len - shared);
}
