/* test-money.c: currencies, parsing, formatting and checked arithmetic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

static void
test_currency_table (void)
{
  static const struct { const char *code; guint digits; const char *symbol; } expected[] = {
    { "EUR", 2, "€" }, { "BGN", 2, "лв." }, { "USD", 2, "$" }, { "GBP", 2, "£" },
    { "CHF", 2, "CHF" }, { "RON", 2, "lei" }, { "PLN", 2, "zł" }, { "CZK", 2, "Kč" },
    { "HUF", 2, "Ft" }, { "SEK", 2, "kr" }, { "NOK", 2, "kr" }, { "DKK", 2, "kr." },
    { "TRY", 2, "₺" }, { "JPY", 0, "¥" }, { "RSD", 2, "дин." }, { "MKD", 2, "ден." },
  };
  const KtCurrency *all = kt_currency_all ();
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const KtCurrency *c = kt_currency_lookup (expected[i].code);

      g_assert_nonnull (c);
      g_assert_cmpstr (c->code, ==, expected[i].code);
      g_assert_cmpuint (c->digits, ==, expected[i].digits);
      g_assert_cmpstr (c->symbol, ==, expected[i].symbol);
      g_assert_true (kt_currency_is_valid (expected[i].code));
    }

  for (; all[n].code != NULL; n++)
    {
      g_assert_cmpuint (strlen (all[n].code), ==, 3);
      if (n > 0)
        g_assert_cmpstr (all[n - 1].code, <, all[n].code);
    }
  g_assert_cmpuint (n, >=, G_N_ELEMENTS (expected));

  g_assert_null (kt_currency_lookup ("XXX"));
  g_assert_null (kt_currency_lookup ("eur"));
  g_assert_null (kt_currency_lookup (NULL));
  g_assert_false (kt_currency_is_valid ("EURO"));
}

typedef struct {
  const char *text;
  const char *currency;
  char        mark;
  gint64      minor;   /* expected, when code is -1 */
  int         code;    /* -1: success, else the KT_ERROR code */
} ParseCase;

static const ParseCase parse_cases[] = {
  { "1234.56", "EUR", '.', 123456, -1 },
  { "1234,56", "EUR", ',', 123456, -1 },
  { "1 234,56", "BGN", ',', 123456, -1 },
  { "1" NBSP "234,56", "BGN", ',', 123456, -1 },
  { "1" NNBSP "234" NNBSP "567,8", "BGN", ',', 123456780, -1 },
  { "1,234.56", "USD", '.', 123456, -1 },
  { "1.234,56", "EUR", ',', 123456, -1 },
  { "1,234,567.89", "USD", '.', 123456789, -1 },
  { "-0.5", "EUR", '.', -50, -1 },
  { "−12,30", "EUR", ',', -1230, -1 },           /* U+2212 minus */
  { "+7", "EUR", '.', 700, -1 },
  { "  42  ", "EUR", '.', 4200, -1 },
  { ".5", "EUR", '.', 50, -1 },
  { "12.", "EUR", '.', 1200, -1 },
  { "0", "EUR", '.', 0, -1 },
  { "1500", "JPY", '.', 1500, -1 },
  { "1,500", "JPY", '.', 1500, -1 },
  { "92233720368547758.07", "EUR", '.', G_MAXINT64, -1 },
  { "1234.567", "EUR", '.', 0, KT_ERROR_INVALID },    /* too many decimals */
  { "15.5", "JPY", '.', 0, KT_ERROR_INVALID },        /* JPY has no decimals */
  { "1.2.3", "EUR", ',', 0, KT_ERROR_INVALID },       /* groups of one digit */
  { "", "EUR", '.', 0, KT_ERROR_INVALID },
  { "-", "EUR", '.', 0, KT_ERROR_INVALID },
  { "abc", "EUR", '.', 0, KT_ERROR_INVALID },
  { "12€", "EUR", '.', 0, KT_ERROR_INVALID },
  { "1,2.3,4", "EUR", '.', 0, KT_ERROR_INVALID },     /* group after the mark */
  { "1  234", "EUR", '.', 0, KT_ERROR_INVALID },      /* two separators */
  { ",5", "EUR", '.', 0, KT_ERROR_INVALID },          /* leading group mark */
  { "1e5", "EUR", '.', 0, KT_ERROR_INVALID },
  { "1234,567.00", "EUR", '.', 0, KT_ERROR_INVALID }, /* first group too long */
  { "1,23.00", "EUR", '.', 0, KT_ERROR_INVALID },     /* group of two */
  { "1,2345", "EUR", '.', 0, KT_ERROR_INVALID },      /* group of four */
  { "92233720368547758.08", "EUR", '.', 0, KT_ERROR_OVERFLOW },
  { "99999999999999999999", "EUR", '.', 0, KT_ERROR_OVERFLOW },
  { "10", "XXX", '.', 0, KT_ERROR_INVALID },          /* unknown currency */
};

static void
test_money_parse (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      g_autoptr(GError) error = NULL;
      gint64 minor = 0x5a5a;
      gboolean ok;

      g_test_message ("parse “%s” %s '%c'", c->text, c->currency, c->mark);
      ok = kt_money_parse (c->text, c->currency, c->mark, &minor, &error);
      if (c->code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (minor, ==, c->minor);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, KT_ERROR, c->code);
          g_assert_cmpint (minor, ==, 0x5a5a);   /* untouched on failure */
        }
    }
}

typedef struct {
  gint64      minor;
  const char *currency;
  const char *lang;
  const char *expected;
} FormatCase;

static const FormatCase format_cases[] = {
  { 123456, "BGN", "bg", "1" NNBSP "234,56" NBSP "лв." },
  { 123456, "EUR", "bg", "1" NNBSP "234,56" NBSP "€" },
  { -123456, "EUR", "bg", "-1" NNBSP "234,56" NBSP "€" },
  { 5, "EUR", "bg", "0,05" NBSP "€" },
  { 100000000, "BGN", "bg", "1" NNBSP "000" NNBSP "000,00" NBSP "лв." },
  { 999, "EUR", "bg", "9,99" NBSP "€" },
  { 123456, "EUR", "en", "€1,234.56" },
  { -123456, "EUR", "en", "-€1,234.56" },
  { 123456, "BGN", "en", "BGN" NBSP "1,234.56" },
  { 123456, "USD", "en", "$1,234.56" },
  { 123456, "GBP", "en", "£1,234.56" },
  { 1500, "JPY", "en", "¥1,500" },
  { 1500, "JPY", "bg", "1" NNBSP "500" NBSP "¥" },
  { 0, "CHF", "en", "CHF" NBSP "0.00" },
  { 12345678, "SEK", "en", "SEK" NBSP "123,456.78" },
  { G_MAXINT64, "EUR", "en", "€92,233,720,368,547,758.07" },
  { G_MININT64, "EUR", "en", "-€92,233,720,368,547,758.08" },
  { 123456, "EUR", "en_GB.UTF-8", "€1,234.56" },
  { 123456, "BGN", "bg_BG.UTF-8", "1" NNBSP "234,56" NBSP "лв." },
};

static void
test_money_format (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      const FormatCase *c = &format_cases[i];
      g_autofree char *text = kt_money_format (c->minor, c->currency, c->lang);

      g_assert_cmpstr (text, ==, c->expected);
    }
}

static void
test_money_round_trip (void)
{
  /* What kt_money_format writes in Bulgarian, kt_money_parse reads back
   * once the symbol is gone. */
  static const gint64 amounts[] = { 0, 1, -1, 99, 100, 123456, -987654321, 1000000000000 };

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *plain = kt_money_to_plain_string (amounts[i], "EUR");
      gint64 back = 0;

      g_assert_true (kt_money_parse (plain, "EUR", '.', &back, NULL));
      g_assert_cmpint (back, ==, amounts[i]);
    }
}

static void
test_money_plain (void)
{
  g_autofree char *a = kt_money_to_plain_string (-123456, "EUR");
  g_autofree char *b = kt_money_to_plain_string (5, "BGN");
  g_autofree char *c = kt_money_to_plain_string (1500, "JPY");
  g_autofree char *d = kt_money_to_plain_string (-5, "EUR");

  g_assert_cmpstr (a, ==, "-1234.56");
  g_assert_cmpstr (b, ==, "0.05");
  g_assert_cmpstr (c, ==, "1500");
  g_assert_cmpstr (d, ==, "-0.05");
}

static void
test_money_arithmetic (void)
{
  gint64 r = 0;

  g_assert_true (kt_money_add (G_MAXINT64 - 1, 1, &r));
  g_assert_cmpint (r, ==, G_MAXINT64);
  g_assert_false (kt_money_add (G_MAXINT64, 1, &r));
  g_assert_false (kt_money_add (G_MININT64, -1, &r));
  g_assert_true (kt_money_mul (-3037000499, 3037000499, &r));
  g_assert_false (kt_money_mul (G_MAXINT64 / 2 + 1, 2, &r));
  g_assert_false (kt_money_mul (G_MININT64, -1, &r));
}

typedef struct { gint64 a, num, den, expected; gboolean ok; } MulDivCase;

static void
test_money_muldiv (void)
{
  static const MulDivCase cases[] = {
    { 10, 1, 4, 3, TRUE },          /* 2.5 -> 3 */
    { -10, 1, 4, -3, TRUE },        /* -2.5 -> -3: away from zero */
    { 10, -1, 4, -3, TRUE },
    { -10, -1, 4, 3, TRUE },
    { 9, 1, 4, 2, TRUE },           /* 2.25 -> 2 */
    { 11, 1, 4, 3, TRUE },          /* 2.75 -> 3 */
    { 1, 1, 2, 1, TRUE },           /* 0.5 -> 1 */
    { -1, 1, 2, -1, TRUE },
    { 1, 1, 3, 0, TRUE },
    { 5, 1, 1, 5, TRUE },
    { 3, 2, -4, -2, TRUE },         /* -1.5 -> -2 */
    /* The product overflows 64 bits, the result does not. */
    { G_MAXINT64, 2000, 10000, G_GINT64_CONSTANT (1844674407370955161), TRUE },  /* .4 down */
    { G_MAXINT64, G_MAXINT64, G_MAXINT64, G_MAXINT64, TRUE },
    { G_MININT64, 1, 1, G_MININT64, TRUE },
    { G_MAXINT64, 2, 1, 0, FALSE },
    { G_MININT64, -1, 1, 0, FALSE },
    { 1, 1, 0, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 r = 0;

      g_test_message ("%" G_GINT64_FORMAT " × %" G_GINT64_FORMAT " ÷ %" G_GINT64_FORMAT,
                      cases[i].a, cases[i].num, cases[i].den);
      g_assert_cmpint (kt_money_muldiv_round (cases[i].a, cases[i].num, cases[i].den, &r), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (r, ==, cases[i].expected);
    }
}

static void
test_money_format_number (void)
{
  const struct { gint64 minor; const char *cur, *lang, *want; } cases[] = {
    { 123456, "EUR", "bg", "1" NNBSP "234,56" },
    { 123456, "EUR", "en", "1,234.56" },
    { -5, "BGN", "bg", "-0,05" },
    { 1234567, "JPY", "en", "1,234,567" },
    { 100000000, "EUR", "bg_BG.UTF-8", "1" NNBSP "000" NNBSP "000,00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = kt_money_format_number (cases[i].minor, cases[i].cur, cases[i].lang);

      g_assert_cmpstr (s, ==, cases[i].want);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/currency-table", test_currency_table);
  g_test_add_func ("/money/parse", test_money_parse);
  g_test_add_func ("/money/format", test_money_format);
  g_test_add_func ("/money/plain", test_money_plain);
  g_test_add_func ("/money/format-number", test_money_format_number);
  g_test_add_func ("/money/round-trip", test_money_round_trip);
  g_test_add_func ("/money/arithmetic", test_money_arithmetic);
  g_test_add_func ("/money/muldiv", test_money_muldiv);

  return g_test_run ();
}
