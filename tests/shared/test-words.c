/* test-words.c: numbers and amounts in words (shared/kt-words.c)
 *
 * Every expected string below was written by hand from the rules in
 * docs/money.md, "Amount in words", not produced by the code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

#define M KT_WORDS_MASCULINE
#define F KT_WORDS_FEMININE
#define N KT_WORDS_NEUTER

typedef struct {
  guint64        n;
  KtWordsGender  gender;
  const char    *words;
} NumberCase;

static const NumberCase bg_numbers[] = {
  { 0, M, "нула" },
  { 1, M, "един" },
  { 1, F, "една" },
  { 1, N, "едно" },
  { 2, M, "два" },
  { 2, F, "две" },
  { 2, N, "две" },
  { 10, M, "десет" },
  { 11, F, "единадесет" },
  { 12, M, "дванадесет" },
  { 19, M, "деветнадесет" },
  { 20, M, "двадесет" },
  { 21, M, "двадесет и един" },
  { 21, F, "двадесет и една" },
  { 22, N, "двадесет и две" },
  { 99, M, "деветдесет и девет" },
  { 100, M, "сто" },
  { 101, M, "сто и един" },
  { 110, M, "сто и десет" },
  { 111, M, "сто и единадесет" },
  { 120, M, "сто и двадесет" },
  { 125, M, "сто двадесет и пет" },
  { 200, M, "двеста" },
  { 300, M, "триста" },
  { 400, M, "четиристотин" },
  { 999, M, "деветстотин деветдесет и девет" },
  { 1000, M, "хиляда" },
  { 1001, M, "хиляда и един" },
  { 1100, M, "хиляда и сто" },
  { 1120, M, "хиляда сто и двадесет" },
  { 1999, M, "хиляда деветстотин деветдесет и девет" },
  { 2000, M, "две хиляди" },
  { 2500, M, "две хиляди и петстотин" },
  { 2550, M, "две хиляди петстотин и петдесет" },
  { 3020, M, "три хиляди и двадесет" },
  { 3025, M, "три хиляди двадесет и пет" },
  { 12000, M, "дванадесет хиляди" },
  { 21000, M, "двадесет и една хиляди" },
  { 22000, N, "двадесет и две хиляди" },
  { 100000, M, "сто хиляди" },
  { 101000, M, "сто и една хиляди" },
  { 100001, M, "сто хиляди и един" },
  { 105060, M, "сто и пет хиляди и шестдесет" },
  { 325446, M, "триста двадесет и пет хиляди четиристотин четиридесет и шест" },
  { 1000000, M, "един милион" },
  { 1000001, N, "един милион и едно" },
  { 1001000, M, "един милион и хиляда" },
  { 1200000, M, "един милион и двеста хиляди" },
  { 1200005, M, "един милион двеста хиляди и пет" },
  { 1250000, M, "един милион двеста и петдесет хиляди" },
  { 2000000, F, "два милиона" },
  { 21000000, M, "двадесет и един милиона" },
  { 1000000000, M, "един милиард" },
  { 2000000000, M, "два милиарда" },
  { 1000000000000, M, "един трилион" },
  { G_MAXUINT64, M, "осемнадесет квинтилиона четиристотин четиридесет и шест квадрилиона "
    "седемстотин четиридесет и четири трилиона седемдесет и три милиарда седемстотин и девет "
    "милиона петстотин петдесет и една хиляди шестстотин и петнадесет" },
};

static const NumberCase en_numbers[] = {
  { 0, M, "zero" },
  { 1, F, "one" },
  { 2, N, "two" },
  { 13, M, "thirteen" },
  { 20, M, "twenty" },
  { 21, M, "twenty-one" },
  { 99, M, "ninety-nine" },
  { 100, M, "one hundred" },
  { 101, M, "one hundred one" },
  { 120, M, "one hundred twenty" },
  { 125, M, "one hundred twenty-five" },
  { 1000, M, "one thousand" },
  { 1001, M, "one thousand one" },
  { 1100, M, "one thousand one hundred" },
  { 1234, M, "one thousand two hundred thirty-four" },
  { 2500, M, "two thousand five hundred" },
  { 12000, M, "twelve thousand" },
  { 100000, M, "one hundred thousand" },
  { 1000000, M, "one million" },
  { 1000001, M, "one million one" },
  { 2000000000, M, "two billion" },
  { 1000000000000, M, "one trillion" },
  { G_MAXUINT64, M, "eighteen quintillion four hundred forty-six quadrillion seven hundred "
    "forty-four trillion seventy-three billion seven hundred nine million five hundred "
    "fifty-one thousand six hundred fifteen" },
};

typedef struct {
  gint64      minor;
  const char *currency;
  const char *words;
} MoneyCase;

static const MoneyCase bg_money[] = {
  { 12050, "BGN", "сто и двадесет лева и 50 стотинки" },
  { 100, "BGN", "един лев" },
  { 101, "BGN", "един лев и 01 стотинка" },
  { 200, "BGN", "два лева" },
  { 202, "BGN", "два лева и 02 стотинки" },
  { 2100, "BGN", "двадесет и един лева" },
  { 0, "BGN", "нула лева" },
  { 1, "BGN", "нула лева и 01 стотинка" },
  { 100000, "BGN", "хиляда лева" },
  { 100005, "EUR", "хиляда евро и 05 цента" },
  { 100, "EUR", "едно евро" },
  { 101, "EUR", "едно евро и 01 цент" },
  { 200, "EUR", "две евро" },
  { 2100, "EUR", "двадесет и едно евро" },
  { 250000, "EUR", "две хиляди и петстотин евро" },
  { 12345678, "EUR", "сто двадесет и три хиляди четиристотин петдесет и шест евро и 78 цента" },
  { -12050, "EUR", "минус сто и двадесет евро и 50 цента" },
  { -1, "EUR", "минус нула евро и 01 цент" },
  { 0, "EUR", "нула евро" },
  { 123456, "USD", "хиляда двеста тридесет и четири щатски долара и 56 цента" },
  { 100, "USD", "един щатски долар" },
  { 150, "USD", "един щатски долар и 50 цента" },
  { 100, "GBP", "една британска лира" },
  { 101, "GBP", "една британска лира и 01 пенс" },
  { 200, "GBP", "две британски лири" },
  { 2100, "GBP", "двадесет и една британски лири" },
  { 12050, "CHF", "сто и двадесет CHF и 50/100" },
  { 12000, "CHF", "сто и двадесет CHF" },
  { 100, "CHF", "едно CHF" },
  { 1500, "JPY", "хиляда и петстотин JPY" },
  { G_MAXINT64, "EUR", "деветдесет и два квадрилиона двеста тридесет и три трилиона седемстотин и "
    "двадесет милиарда триста шестдесет и осем милиона петстотин четиридесет и седем хиляди "
    "седемстотин петдесет и осем евро и 07 цента" },
  { G_MININT64, "EUR", "минус деветдесет и два квадрилиона двеста тридесет и три трилиона "
    "седемстотин и двадесет милиарда триста шестдесет и осем милиона петстотин четиридесет и "
    "седем хиляди седемстотин петдесет и осем евро и 08 цента" },
  { G_MAXINT64, "JPY", "девет квинтилиона двеста двадесет и три квадрилиона триста седемдесет и "
    "два трилиона тридесет и шест милиарда осемстотин петдесет и четири милиона седемстотин "
    "седемдесет и пет хиляди осемстотин и седем JPY" },
};

static const MoneyCase en_money[] = {
  { 12050, "EUR", "one hundred twenty euros and 50 cents" },
  { 123456, "USD", "one thousand two hundred thirty-four US dollars and 56 cents" },
  { 100, "EUR", "one euro" },
  { 101, "EUR", "one euro and 01 cent" },
  { 0, "EUR", "zero euros" },
  { 1, "EUR", "zero euros and 01 cent" },
  { 12050, "BGN", "one hundred twenty leva and 50 stotinki" },
  { 100005, "EUR", "one thousand euros and 05 cents" },
  { 250000, "EUR", "two thousand five hundred euros" },
  { 2100, "GBP", "twenty-one pounds sterling" },
  { 100, "BGN", "one lev" },
  { 250, "BGN", "two leva and 50 stotinki" },
  { 101, "BGN", "one lev and 01 stotinka" },
  { 100, "GBP", "one pound sterling" },
  { 301, "GBP", "three pounds sterling and 01 penny" },
  { 1099, "GBP", "ten pounds sterling and 99 pence" },
  { -12050, "EUR", "minus one hundred twenty euros and 50 cents" },
  { 12050, "CHF", "one hundred twenty CHF and 50/100" },
  { 1500, "JPY", "one thousand five hundred JPY" },
  { 200000000, "EUR", "two million euros" },
  { G_MAXINT64, "EUR", "ninety-two quadrillion two hundred thirty-three trillion seven hundred "
    "twenty billion three hundred sixty-eight million five hundred forty-seven thousand seven "
    "hundred fifty-eight euros and 07 cents" },
  { G_MININT64, "EUR", "minus ninety-two quadrillion two hundred thirty-three trillion seven "
    "hundred twenty billion three hundred sixty-eight million five hundred forty-seven thousand "
    "seven hundred fifty-eight euros and 08 cents" },
};

static void
check_numbers (const NumberCase *cases,
               guint             n_cases,
               const char       *lang)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *words = kt_number_in_words (cases[i].n, cases[i].gender, lang);

      g_test_message ("%" G_GUINT64_FORMAT " (%s)", cases[i].n, lang);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
check_money (const MoneyCase *cases,
             guint            n_cases,
             const char      *lang)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *words = kt_money_in_words (cases[i].minor, cases[i].currency, lang);

      g_test_message ("%" G_GINT64_FORMAT " %s (%s)", cases[i].minor, cases[i].currency, lang);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_bg_numbers (void)
{
  check_numbers (bg_numbers, G_N_ELEMENTS (bg_numbers), "bg");
}

static void
test_en_numbers (void)
{
  check_numbers (en_numbers, G_N_ELEMENTS (en_numbers), "en");
}

static void
test_bg_money (void)
{
  check_money (bg_money, G_N_ELEMENTS (bg_money), "bg");
}

static void
test_en_money (void)
{
  check_money (en_money, G_N_ELEMENTS (en_money), "en");
}

static void
test_languages (void)
{
  g_autofree char *locale = kt_money_in_words (12050, "BGN", "bg_BG.UTF-8");
  g_autofree char *other = kt_money_in_words (12050, "EUR", "fr");
  g_autofree char *none = kt_money_in_words (12050, "EUR", NULL);

  g_assert_cmpstr (locale, ==, "сто и двадесет лева и 50 стотинки");
  g_assert_cmpstr (other, ==, "one hundred twenty euros and 50 cents");
  g_assert_cmpstr (none, ==, other);
}

static void
test_unknown_currency (void)
{
  g_assert_null (kt_money_in_words (100, "XXX", "bg"));
  g_assert_null (kt_money_in_words (100, "eur", "en"));
  g_assert_null (kt_money_in_words (100, NULL, "en"));
  g_assert_null (kt_money_in_words (100, "", "bg"));
}

/* Every amount of every currency around the edges gives non-empty UTF-8
 * without a double space, in both languages. */
static void
test_every_currency (void)
{
  static const gint64 amounts[] = {
    G_MININT64, G_MININT64 + 1, -1000001, -1, 0, 1, 99, 100, 101, 1000000, G_MAXINT64 - 1, G_MAXINT64,
  };

  for (const KtCurrency *c = kt_currency_all (); c->code != NULL; c++)
    for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
      for (guint l = 0; l < 2; l++)
        {
          g_autofree char *words = kt_money_in_words (amounts[i], c->code, l ? "bg" : "en");

          g_assert_nonnull (words);
          g_assert_true (g_utf8_validate (words, -1, NULL));
          g_assert_null (strstr (words, "  "));
          g_assert_false (g_str_has_suffix (words, " "));
          g_assert_cmpint (amounts[i] < 0, ==, g_str_has_prefix (words, l ? "минус " : "minus "));
        }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/words/bg/numbers", test_bg_numbers);
  g_test_add_func ("/words/en/numbers", test_en_numbers);
  g_test_add_func ("/words/bg/money", test_bg_money);
  g_test_add_func ("/words/en/money", test_en_money);
  g_test_add_func ("/words/languages", test_languages);
  g_test_add_func ("/words/unknown-currency", test_unknown_currency);
  g_test_add_func ("/words/every-currency", test_every_currency);

  return g_test_run ();
}
