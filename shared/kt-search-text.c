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
