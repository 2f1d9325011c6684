/* kt-search-text.c: the search form of a text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-search-text"

#include "config.h"

#include <string.h>

#include "kt-search-text.h"

#define COMBINING_BREVE 0x0306

static gboolean
is_cyrillic (gunichar c)
{
  return c >= 0x0400 && c <= 0x052F;
}

char *
kt_search_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) bare = NULL;
  gunichar base = 0;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  folded = g_utf8_casefold (valid, -1);
  /* Compatibility decomposition: "ﬁ" → "fi", "é" → "e" + U+0301. */
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  bare = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Control characters are not text anyone searches for (and
       * kt-pg-search.c separates with one). */
      if (g_unichar_type (c) == G_UNICODE_CONTROL)
        continue;
      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        {
          if (c == COMBINING_BREVE && is_cyrillic (base))
            g_string_append_unichar (bare, c);
          continue;
        }
      base = c;
      g_string_append_unichar (bare, c);
    }

  /* Composed again, so a kept breve is one letter (й) as people type it. */
  return g_utf8_normalize (bare->str, -1, G_NORMALIZE_NFKC);
}

/* Lower-case Cyrillic from U+0430 (а) to U+044F (я), Bulgarian first;
 * Russian ы and э as usually spelled. */
static const char * const cyrillic_latin[] = {
  "A", "B", "V", "G", "D", "E", "ZH", "Z", "I", "Y", "K", "L", "M", "N", "O", "P",
  "R", "S", "T", "U", "F", "H", "TS", "CH", "SH", "SHT", "A", "Y", "Y", "E", "YU", "YA",
};

static const char *
latin_of (gunichar c)
{
  if (c >= 0x0430 && c <= 0x044F)
    return cyrillic_latin[c - 0x0430];
  switch (c)
    {
    case 0x0451: return "E";   /* ё, if it was not folded to е */
    case 0x0456: return "I";   /* і */
    case 0x0457: return "I";   /* ї */
    case 0x0454: return "E";   /* є */
    case 0x0491: return "G";   /* ґ */
    case 0x045E: return "U";   /* ў */
    case 0x0458: return "J";   /* ј */
    default: return NULL;
    }
}

char *
kt_search_latin (const char *folded)
{
  g_autoptr(GString) out = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (folded != NULL, NULL);

  out = g_string_sized_new (strlen (folded) + 8);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *latin = latin_of (c);

      if (latin != NULL)
        {
          g_string_append (out, latin);
          any = TRUE;
        }
      else
        g_string_append_unichar (out, c);
    }
  return any ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}
