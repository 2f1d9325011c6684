/* test-search-text.c: the locale-independent search fold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

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

int
main (int argc, char *argv[])
{
  /* The fold must not depend on the locale: run it under C. */
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-text/fold-cyrillic", test_fold_cyrillic);
  g_test_add_func ("/search-text/fold-latin", test_fold_latin);
  g_test_add_func ("/search-text/fold-invalid", test_fold_invalid);

  return g_test_run ();
}
