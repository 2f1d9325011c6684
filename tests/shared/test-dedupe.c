/* test-dedupe.c: the keys of duplicate detection (shared/kt-dedupe.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

typedef struct {
  const char *input;
  const char *expected;   /* NULL: no key */
} KeyCase;

static void
check_cases (char *(*normalise) (const char *),
             const KeyCase *cases,
             gsize          n_cases)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      g_autofree char *key = normalise (cases[i].input);

      g_test_message ("%s", cases[i].input);
      g_assert_cmpstr (key, ==, cases[i].expected);
    }
}

static void
test_email (void)
{
  static const KeyCase cases[] = {
    { "Ivan.Petrov@Example.BG", "ivan.petrov@example.bg" },
    { "  ivan@example.bg \t", "ivan@example.bg" },
    { "ИВАН@пример.бг", "иван@пример.бг" },
    { "ivan", NULL },
    { "@example.bg", NULL },
    { "ivan@", NULL },
    { "   ", NULL },
  };

  check_cases (kt_dedupe_email, cases, G_N_ELEMENTS (cases));
  g_assert_null (kt_dedupe_email (NULL));
}

static void
test_phone (void)
{
  static const KeyCase cases[] = {
    { "0888 123 456", "+359888123456" },
    { "0888123456", "+359888123456" },
    { "088-812-3456", "+359888123456" },
    { "+359 888 123 456", "+359888123456" },
    { "00359888123456", "+359888123456" },
    { "359888123456", "+359888123456" },
    { "888 123 456", "+359888123456" },
    { "(02) 981 12 34", "+35929811234" },
    { "02/981 12 34", "+35929811234" },
    { "+44 20 7946 0958", "+442079460958" },
    { "0049 30 1234567", "+49301234567" },
    { "+1 (555) 123-4567", "+15551234567" },
    { "0888 123 456 ext. 12", "+359888123456" },
    { "0888 123 456, 0899 000 000", "+359888123456" },
    { "+359 888 123 456 x7", "+359888123456" },
    { "123", NULL },
    { "+1234567890123456", NULL },
    { "", NULL },
    { "call me", NULL },
    { "0888*123", NULL },
    { "+0888123456", NULL },
  };

  check_cases (kt_dedupe_phone, cases, G_N_ELEMENTS (cases));
  g_assert_null (kt_dedupe_phone (NULL));
}

static void
test_company_id (void)
{
  static const KeyCase cases[] = {
    { "121100421", "121100421" },
    { "BG121100421", "121100421" },
    { "bg 121 100 421", "121100421" },
    { "121-100-421", "121100421" },
    { "ATU12345678", "ATU12345678" },
    { "DE 123456789", "DE123456789" },
    { "BG", "BG" },
    { " ", NULL },
  };

  check_cases (kt_dedupe_company_id, cases, G_N_ELEMENTS (cases));
}

static void
test_name_key (void)
{
  static const KeyCase cases[] = {
    { "Ivan Petrov", "ivan petrov" },
    { "Иван Петров", "ivan petrov" },
    { "  ИВАН   ПЕТРОВ ", "ivan petrov" },
    { "José Müller", "jose muller" },
    { "Щерю Жеков", "shteryu zhekov" },
    { "Йордан Цветков", "yordan tsvetkov" },
    { "Ivan-Petrov, Jr.", "ivan petrov jr" },
    { "\"Кантора\" ООД", "kantora ood" },
    { "Kantora OOD", "kantora ood" },
    { " - ", NULL },
    { "", NULL },
  };

  check_cases (kt_dedupe_name_key, cases, G_N_ELEMENTS (cases));
}

static void
test_trigrams (void)
{
  g_autoptr (GArray) codes = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* "  ivan ": "  i", " iv", "iva", "van", "an " as pg_trgm makes them. */
  kt_dedupe_name_trigrams ("ivan", codes);
  g_assert_cmpuint (codes->len, ==, 5);

  /* A repeated word adds no trigram: the codes are a set. */
  g_array_set_size (codes, 0);
  kt_dedupe_name_trigrams ("ivan ivan", codes);
  g_assert_cmpuint (codes->len, ==, 5);

  g_array_set_size (codes, 0);
  kt_dedupe_name_trigrams (NULL, codes);
  g_assert_cmpuint (codes->len, ==, 0);
}

static double
similarity (const char *a,
            const char *b)
{
  g_autofree char *key_a = kt_dedupe_name_key (a);
  g_autofree char *key_b = kt_dedupe_name_key (b);

  return kt_dedupe_name_similarity (key_a, key_b);
}

static void
test_similarity (void)
{
  g_assert_cmpfloat (similarity ("Иван Петров", "Ivan Petrov"), ==, 1.0);
  g_assert_cmpfloat (similarity ("Petrov Ivan", "Ivan Petrov"), ==, 1.0);
  /* 11 shared of 12 + 13 trigrams ("ova", "va " are new): 11 / 14, as
   * pg_trgm's similarity ('ivan petrov', 'ivan petrova'). */
  g_assert_cmpfloat_with_epsilon (similarity ("Ivan Petrov", "Ivan Petrova"), 11.0 / 14, 1e-9);
  g_assert_cmpfloat (similarity ("Иван Петров", "Ivan Petroff"), >=, KT_DEDUPE_NAME_THRESHOLD);
  g_assert_cmpfloat (similarity ("Ivan Petrov", "Maria Georgieva"), <, KT_DEDUPE_NAME_THRESHOLD);
  g_assert_cmpfloat (similarity ("Ivan Petrov", "Ivan Georgiev"), <, KT_DEDUPE_NAME_THRESHOLD);
  g_assert_cmpfloat (similarity ("Ivan", ""), ==, 0.0);
  g_assert_cmpfloat (kt_dedupe_name_similarity (NULL, "ivan"), ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dedupe/email", test_email);
  g_test_add_func ("/dedupe/phone", test_phone);
  g_test_add_func ("/dedupe/company-id", test_company_id);
  g_test_add_func ("/dedupe/name-key", test_name_key);
  g_test_add_func ("/dedupe/trigrams", test_trigrams);
  g_test_add_func ("/dedupe/similarity", test_similarity);

  return g_test_run ();
}
