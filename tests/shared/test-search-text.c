/* test-search-text.c: the locale-independent search fold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "kantora-shared.h"

static void
assert_fold (const char *text,
             const char *expected)
{
  g_autofree char *folded = kt_search_fold (text);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_fold_cyrillic (void)
{
  assert_fold ("Петров", "петров");
  assert_fold ("ПЕТРОВ", "петров");
  assert_fold ("ИВАН Йорданов", "иван йорданов");
  /* й is a letter of its own: it must not become и. */
  assert_fold ("Йордан", "йордан");
  assert_fold ("ЙОРДАН", "йордан");
  /* A stress or grave accent is an accent. */
  assert_fold ("ѝ", "и");
  assert_fold ("Ѝ", "и");
  assert_fold ("и\u0301ме", "име");
}

static void
test_fold_latin (void)
{
  assert_fold ("José Núñez", "jose nunez");
  assert_fold ("ÅNGSTRÖM", "angstrom");
  assert_fold ("Straße", "strasse");
  assert_fold ("ﬁle", "file");
  assert_fold ("Ｆｕｌｌ", "full");
  assert_fold ("Mixed Петров & Co.", "mixed петров & co.");
  assert_fold ("", "");
  assert_fold ("a\x1f" "b\tc\n", "abc");
}

static void
test_fold_invalid (void)
{
  g_autofree char *folded = kt_search_fold ("A\xff" "B");

  /* Repaired, never passed on as invalid UTF-8. */
  g_assert_true (g_utf8_validate (folded, -1, NULL));
  g_assert_true (g_str_has_prefix (folded, "a"));
  g_assert_true (g_str_has_suffix (folded, "b"));
}

static void
assert_latin (const char *folded,
              const char *expected)
{
  g_autofree char *latin = kt_search_latin (folded);

  g_assert_cmpstr (latin, ==, expected);
}

static void
test_latin_spelling (void)
{
  assert_latin ("петров", "PETROV");
  assert_latin ("щастие", "SHTASTIE");
  assert_latin ("йордан", "YORDAN");
  assert_latin ("юлия жечева", "YULIYA ZHECHEVA");
  assert_latin ("mario петров-smith", "mario PETROV-smith");
  /* Nothing Cyrillic: nothing to add. */
  assert_latin ("jose nunez", NULL);
  assert_latin ("", NULL);

  /* A substring's spelling is a substring of the text's spelling, so a
   * search may require both. */
  {
    g_autofree char *whole = kt_search_latin ("иван петров, стройинвест оод");
    g_autofree char *part = kt_search_latin ("ов, строй");

    g_assert_nonnull (strstr (whole, part));
  }
}

int
main (int argc, char *argv[])
{
  /* The fold must not depend on the locale: run it under C. */
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-text/fold-cyrillic", test_fold_cyrillic);
  g_test_add_func ("/search-text/fold-latin", test_fold_latin);
  g_test_add_func ("/search-text/fold-invalid", test_fold_invalid);
  g_test_add_func ("/search-text/latin-spelling", test_latin_spelling);

  return g_test_run ();
}
