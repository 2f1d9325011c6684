/* kt-words.c: numbers and amounts in words, Bulgarian and English
 *
 * The rules and the choices behind them are in docs/money.md, "Amount in
 * words"; tests/shared/test-words.c holds the table of cases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-words"

#include "config.h"

#include "kt-money.h"
#include "kt-words.h"

/* A guint64 has at most seven groups of three digits: up to quintillions. */
#define N_GROUPS 7

typedef struct {
  const char    *code;
  KtWordsGender  bg_gender;
  const char    *bg_one, *bg_many, *bg_minor_one, *bg_minor_many;
  const char    *en_one, *en_many, *en_minor_one, *en_minor_many;
} CurrencyWords;

/* The currencies a Bulgarian business invoices in most. EUR follows the
 * BNB and the EU style guide: "евро" has no plural, its hundredth is
 * "цент" ("два цента"). Any other currency keeps its ISO code. */
static const CurrencyWords currency_words[] = {
  { "BGN", KT_WORDS_MASCULINE, "лев", "лева", "стотинка", "стотинки",
    "lev", "leva", "stotinka", "stotinki" },
  { "EUR", KT_WORDS_NEUTER, "евро", "евро", "цент", "цента",
    "euro", "euros", "cent", "cents" },
  { "GBP", KT_WORDS_FEMININE, "британска лира", "британски лири", "пенс", "пенса",
    "pound sterling", "pounds sterling", "penny", "pence" },
  { "USD", KT_WORDS_MASCULINE, "щатски долар", "щатски долара", "цент", "цента",
    "US dollar", "US dollars", "cent", "cents" },
};

static const char * const bg_small[] = {
  "нула", NULL, NULL, "три", "четири", "пет", "шест", "седем", "осем", "девет",
  "десет", "единадесет", "дванадесет", "тринадесет", "четиринадесет",
  "петнадесет", "шестнадесет", "седемнадесет", "осемнадесет", "деветнадесет",
};
static const char * const bg_one[] = { "един", "една", "едно" };
static const char * const bg_two[] = { "два", "две", "две" };
static const char * const bg_tens[] = {
  NULL, NULL, "двадесет", "тридесет", "четиридесет", "петдесет", "шестдесет",
  "седемдесет", "осемдесет", "деветдесет",
};
static const char * const bg_hundreds[] = {
  NULL, "сто", "двеста", "триста", "четиристотин", "петстотин", "шестстотин",
  "седемстотин", "осемстотин", "деветстотин",
};
/* Short scale with "милиард", as Bulgarian uses it: 10^6, 10^9, 10^12 ... */
static const char * const bg_scale_one[N_GROUPS] = {
  NULL, "хиляда", "милион", "милиард", "трилион", "квадрилион", "квинтилион",
};
static const char * const bg_scale_many[N_GROUPS] = {
  NULL, "хиляди", "милиона", "милиарда", "трилиона", "квадрилиона", "квинтилиона",
};

static const char * const en_small[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
  "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
  "seventeen", "eighteen", "nineteen",
};
static const char * const en_tens[] = {
  NULL, NULL, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};
static const char * const en_scale[N_GROUPS] = {
  NULL, "thousand", "million", "billion", "trillion", "quadrillion", "quintillion",
};

static gboolean
is_bulgarian (const char *lang)
{
  return lang != NULL && g_str_has_prefix (lang, "bg");
}

static const char *
bg_unit (guint         n,
         KtWordsGender gender)
{
  g_assert (n < 20);

  if (n == 1)
    return bg_one[gender];
  if (n == 2)
    return bg_two[gender];
  return bg_small[n];
}

/* One group of three digits (1..999) as its components: "сто", "двадесет",
 * "пет". Returns how many there are. */
static guint
bg_group_components (guint          n,
                     KtWordsGender  gender,
                     const char    *out[3])
{
  guint count = 0;
  guint rest = n % 100;

  g_assert (n > 0 && n < 1000);

  if (n >= 100)
    out[count++] = bg_hundreds[n / 100];
  if (rest >= 20)
    {
      out[count++] = bg_tens[rest / 10];
      if (rest % 10 != 0)
        out[count++] = bg_unit (rest % 10, gender);
    }
  else if (rest > 0)
    out[count++] = bg_unit (rest, gender);

  return count;
}

/* Bulgarian puts "и" before the last component of a group ("сто и пет",
 * "сто двадесет и пет"), and between the last two groups when the last one
 * is a single component ("хиляда и сто", "две хиляди петстотин и пет"). */
static void
bg_append_group (GString       *out,
                 guint          n,
                 KtWordsGender  gender)
{
  const char *parts[3];
  guint count = bg_group_components (n, gender, parts);

  for (guint i = 0; i < count; i++)
    {
      if (i > 0)
        g_string_append (out, i == count - 1 ? " и " : " ");
      g_string_append (out, parts[i]);
    }
}

static void
bg_append_number (GString       *out,
                  guint64        n,
                  KtWordsGender  gender)
{
  guint groups[N_GROUPS];
  int lowest = -1;
  gboolean first = TRUE;

  if (n == 0)
    {
      g_string_append (out, bg_small[0]);
      return;
    }

  for (int k = 0; k < N_GROUPS; k++)
    {
      groups[k] = n % 1000;
      n /= 1000;
      if (groups[k] != 0 && lowest < 0)
        lowest = k;
    }

  for (int k = N_GROUPS - 1; k >= 0; k--)
    {
      const char *parts[3];
      guint value = groups[k];

      if (value == 0)
        continue;

      if (!first)
        {
          /* "хиляда" and "един милион" count as one component too. */
          gboolean single = value == 1 || bg_group_components (value, KT_WORDS_MASCULINE, parts) == 1;

          g_string_append (out, k == lowest && single ? " и " : " ");
        }
      first = FALSE;

      if (k == 0)
        bg_append_group (out, value, gender);
      else if (k == 1 && value == 1)
        g_string_append (out, bg_scale_one[1]);
      else
        {
          /* Thousands are feminine ("две хиляди"), the rest masculine. */
          bg_append_group (out, value, k == 1 ? KT_WORDS_FEMININE : KT_WORDS_MASCULINE);
          g_string_append_c (out, ' ');
          g_string_append (out, value == 1 ? bg_scale_one[k] : bg_scale_many[k]);
        }
    }
}

static void
en_append_group (GString *out,
                 guint    n)
{
  guint rest = n % 100;

  g_assert (n > 0 && n < 1000);

  if (n >= 100)
    {
      g_string_append_printf (out, "%s hundred", en_small[n / 100]);
      if (rest != 0)
        g_string_append_c (out, ' ');
    }
  if (rest >= 20)
    {
      g_string_append (out, en_tens[rest / 10]);
      if (rest % 10 != 0)
        g_string_append_printf (out, "-%s", en_small[rest % 10]);
    }
  else if (rest > 0)
    g_string_append (out, en_small[rest]);
}

static void
en_append_number (GString *out,
                  guint64  n)
{
  guint groups[N_GROUPS];
  gboolean first = TRUE;

  if (n == 0)
    {
      g_string_append (out, en_small[0]);
      return;
    }

  for (int k = 0; k < N_GROUPS; k++)
    {
      groups[k] = n % 1000;
      n /= 1000;
    }

  for (int k = N_GROUPS - 1; k >= 0; k--)
    {
      if (groups[k] == 0)
        continue;
      if (!first)
        g_string_append_c (out, ' ');
      first = FALSE;
      en_append_group (out, groups[k]);
      if (k > 0)
        g_string_append_printf (out, " %s", en_scale[k]);
    }
}

/**
 * kt_number_in_words:
 * @n: a number
 * @gender: the gender of what is counted (Bulgarian only)
 * @lang: "bg" or "en"
 *
 * Returns: (transfer full): @n in words.
 */
char *
kt_number_in_words (guint64        n,
                    KtWordsGender  gender,
                    const char    *lang)
{
  GString *out;

  g_return_val_if_fail (gender <= KT_WORDS_NEUTER, NULL);

  out = g_string_new (NULL);
  if (is_bulgarian (lang))
    bg_append_number (out, n, gender);
  else
    en_append_number (out, n);

  return g_string_free (out, FALSE);
}

static const CurrencyWords *
lookup_currency_words (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (currency_words); i++)
    if (g_strcmp0 (currency_words[i].code, code) == 0)
      return &currency_words[i];
  return NULL;
}

/**
 * kt_money_in_words:
 * @minor: an amount in minor units of @currency
 * @currency: an ISO 4217 code that kt_currency_lookup() knows
 * @lang: "bg" or "en" (the document's language)
 *
 * The whole part in words, the minor part in digits, as Bulgarian invoices
 * print it: "сто и двадесет лева и 50 стотинки". A zero minor part is left
 * out; a negative amount starts with "минус" / "minus".
 *
 * Returns: (transfer full) (nullable): the amount in words, or %NULL for an
 *   unknown currency.
 */
char *
kt_money_in_words (gint64      minor,
                   const char *currency,
                   const char *lang)
{
  const KtCurrency *info = kt_currency_lookup (currency);
  const CurrencyWords *words;
  gboolean bg = is_bulgarian (lang);
  GString *out;
  guint64 magnitude;
  guint64 scale = 1;
  guint64 whole, part;

  if (info == NULL)
    return NULL;

  for (guint i = 0; i < info->digits; i++)
    scale *= 10;

  /* -G_MININT64 does not fit in a gint64; its magnitude fits in a guint64. */
  magnitude = minor < 0 ? (guint64) -(minor + 1) + 1 : (guint64) minor;
  whole = magnitude / scale;
  part = magnitude % scale;
  words = lookup_currency_words (info->code);

  out = g_string_new (NULL);
  if (minor < 0)
    g_string_append (out, bg ? "минус " : "minus ");

  if (bg)
    bg_append_number (out, whole, words != NULL ? words->bg_gender : KT_WORDS_NEUTER);
  else
    en_append_number (out, whole);

  g_string_append_c (out, ' ');
  if (words == NULL)
    g_string_append (out, info->code);
  else if (bg)
    g_string_append (out, whole == 1 ? words->bg_one : words->bg_many);
  else
    g_string_append (out, whole == 1 ? words->en_one : words->en_many);

  if (part != 0)
    {
      g_string_append_printf (out, bg ? " и %0*" G_GUINT64_FORMAT : " and %0*" G_GUINT64_FORMAT,
                              (int) info->digits, part);
      if (words == NULL)
        g_string_append_printf (out, "/%" G_GUINT64_FORMAT, scale);
      else if (bg)
        g_string_append_printf (out, " %s", part == 1 ? words->bg_minor_one : words->bg_minor_many);
      else
        g_string_append_printf (out, " %s", part == 1 ? words->en_minor_one : words->en_minor_many);
    }

  return g_string_free (out, FALSE);
}
