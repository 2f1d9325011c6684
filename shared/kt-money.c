/* kt-money.c: money as int64 minor units plus an ISO 4217 currency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-money"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-error.h"
#include "kt-money.h"

#ifndef __SIZEOF_INT128__
# error "kt-money.c needs a compiler with __int128 (GCC or Clang on a 64-bit target)"
#endif

#define NBSP "\xc2\xa0"          /* U+00A0 NO-BREAK SPACE */
#define NNBSP "\xe2\x80\xaf"     /* U+202F NARROW NO-BREAK SPACE */

/* The minor-unit digits are those of ISO 4217; the symbols and their side
 * follow Bulgarian usage (CLDR "bg"), where every symbol goes after the
 * amount. Sorted by code. */
static const KtCurrency currencies[] = {
  { "ALL", 2, "L",    TRUE },
  { "AUD", 2, "A$",   FALSE },
  { "BAM", 2, "KM",   TRUE },
  { "BGN", 2, "лв.",  TRUE },
  { "CAD", 2, "CA$",  FALSE },
  { "CHF", 2, "CHF",  FALSE },
  { "CNY", 2, "CN¥",  FALSE },
  { "CZK", 2, "Kč",   TRUE },
  { "DKK", 2, "kr.",  TRUE },
  { "EUR", 2, "€",    TRUE },
  { "GBP", 2, "£",    FALSE },
  { "HUF", 2, "Ft",   TRUE },
  { "INR", 2, "₹",    FALSE },
  { "ISK", 0, "kr",   TRUE },
  { "JPY", 0, "¥",    FALSE },
  { "KRW", 0, "₩",    FALSE },
  { "MDL", 2, "L",    TRUE },
  { "MKD", 2, "ден.", TRUE },
  { "NOK", 2, "kr",   TRUE },
  { "PLN", 2, "zł",   TRUE },
  { "RON", 2, "lei",  TRUE },
  { "RSD", 2, "дин.", TRUE },
  { "SEK", 2, "kr",   TRUE },
  { "TRY", 2, "₺",    FALSE },
  { "UAH", 2, "₴",    FALSE },
  { "USD", 2, "$",    FALSE },
  { NULL }
};

/* In English text a symbol is written before the amount only when a reader
 * cannot mistake it for another currency's; the rest are written as their
 * code ("BGN 1,234.56"), as CLDR "en" does. */
static const char * const en_symbol_codes[] = {
  "AUD", "CAD", "CNY", "EUR", "GBP", "INR", "JPY", "KRW", "TRY", "UAH", "USD", NULL
};

const KtCurrency *
kt_currency_lookup (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; currencies[i].code != NULL; i++)
    if (strcmp (currencies[i].code, code) == 0)
      return &currencies[i];

  return NULL;
}

const KtCurrency *
kt_currency_all (void)
{
  return currencies;
}

gboolean
kt_currency_is_valid (const char *code)
{
  return kt_currency_lookup (code) != NULL;
}

static guint
currency_digits (const char *code)
{
  const KtCurrency *c = kt_currency_lookup (code);

  return c != NULL ? c->digits : 2;
}

gboolean
kt_money_add (gint64  a,
              gint64  b,
              gint64 *out)
{
  gint64 r;

  if (__builtin_add_overflow (a, b, &r))
    return FALSE;
  if (out)
    *out = r;
  return TRUE;
}

gboolean
kt_money_mul (gint64  a,
              gint64  b,
              gint64 *out)
{
  gint64 r;

  if (__builtin_mul_overflow (a, b, &r))
    return FALSE;
  if (out)
    *out = r;
  return TRUE;
}

/**
 * kt_money_muldiv_round:
 * @a: an amount
 * @num: the numerator
 * @den: the denominator, not zero
 * @out: (out): @a × @num ÷ @den, rounded half away from zero
 *
 * The product is kept in 128 bits, so only the result has to fit.
 *
 * Returns: %FALSE if @den is zero or the result overflows.
 */
gboolean
kt_money_muldiv_round (gint64  a,
                       gint64  num,
                       gint64  den,
                       gint64 *out)
{
  __int128 n, q, r;

  if (den == 0)
    return FALSE;

  n = (__int128) a * num;
  q = n / den;
  r = n % den;

  /* Half away from zero: bump the magnitude when the remainder is at least
   * half the divisor. 2|r| cannot overflow: |r| < |den| <= 2^63. */
  if (r != 0)
    {
      __int128 abs_r = r < 0 ? -r : r;
      __int128 abs_d = den < 0 ? -(__int128) den : den;

      if (2 * abs_r >= abs_d)
        q += ((n < 0) != (den < 0)) ? -1 : 1;
    }

  if (q > G_MAXINT64 || q < G_MININT64)
    return FALSE;

  if (out)
    *out = (gint64) q;
  return TRUE;
}

static gboolean
is_space_char (gunichar c)
{
  return c == ' ' || c == '\t' || c == 0x00A0 || c == 0x202F || c == 0x2009;
}

/**
 * kt_money_parse:
 * @text: what a person typed
 * @currency: the ISO 4217 code; its digits limit the decimals
 * @decimal_mark: '.' or ','
 * @out_minor: (out): the amount in minor units
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @text is an amount of @currency.
 */
gboolean
kt_money_parse (const char  *text,
                const char  *currency,
                char         decimal_mark,
                gint64      *out_minor,
                GError     **error)
{
  const KtCurrency *cur;
  g_autofree char *trimmed = NULL;
  const char *p;
  gboolean negative = FALSE;
  gboolean seen_mark = FALSE;
  gboolean prev_digit = FALSE;
  guint n_digits = 0;
  guint n_decimals = 0;
  guint group_digits = 0;      /* digits since the last group separator */
  gboolean grouped = FALSE;    /* a group separator was seen */
  gint64 value = 0;
  char group_mark;

  g_return_val_if_fail (decimal_mark == '.' || decimal_mark == ',', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cur = kt_currency_lookup (currency);
  if (cur == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("“%s” is not a known currency"), currency ? currency : "");
      return FALSE;
    }

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    goto invalid;

  group_mark = decimal_mark == '.' ? ',' : '.';

  /* Trim every kind of space around the amount. */
  {
    const char *start = text;
    const char *end = text + strlen (text);

    while (*start && is_space_char (g_utf8_get_char (start)))
      start = g_utf8_next_char (start);
    while (end > start)
      {
        const char *prev = g_utf8_prev_char (end);

        if (!is_space_char (g_utf8_get_char (prev)))
          break;
        end = prev;
      }
    trimmed = g_strndup (start, end - start);
  }

  p = trimmed;
  if (*p == '-' || *p == '+')
    {
      negative = *p == '-';
      p++;
    }
  else if (g_str_has_prefix (p, "\xe2\x88\x92"))  /* U+2212 MINUS SIGN */
    {
      negative = TRUE;
      p += 3;
    }

  while (*p)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c >= '0' && c <= '9')
        {
          if (seen_mark)
            {
              if (++n_decimals > cur->digits)
                {
                  if (cur->digits == 0)
                    g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                                 _("“%s” has decimals, but amounts in %s are whole numbers"),
                                 text, cur->code);
                  else
                    g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                                 _("“%s” has more than %u decimals, the most %s allows"),
                                 text, cur->digits, cur->code);
                  return FALSE;
                }
            }
          if (!kt_money_mul (value, 10, &value) ||
              !kt_money_add (value, c - '0', &value))
            goto overflow;
          n_digits++;
          if (!seen_mark)
            group_digits++;
          prev_digit = TRUE;
        }
      else if (c == (gunichar) decimal_mark && !seen_mark)
        {
          if (grouped && group_digits != 3)
            goto invalid;
          seen_mark = TRUE;
          prev_digit = FALSE;
        }
      else if (!seen_mark && prev_digit &&
               (c == (gunichar) group_mark || c == '\'' || is_space_char (c)) &&
               *next >= '0' && *next <= '9')
        {
          /* A group separator only between two digits of the whole part,
           * after 1 to 3 digits and then every 3: "1.2.3" is a typo, not
           * 123. */
          if (grouped ? group_digits != 3 : group_digits > 3)
            goto invalid;
          grouped = TRUE;
          group_digits = 0;
          prev_digit = FALSE;
        }
      else
        goto invalid;

      p = next;
    }

  if (n_digits == 0 || (grouped && !seen_mark && group_digits != 3))
    goto invalid;

  /* Scale the typed decimals up to the currency's minor units. */
  for (guint i = n_decimals; i < cur->digits; i++)
    if (!kt_money_mul (value, 10, &value))
      goto overflow;

  if (out_minor)
    *out_minor = negative ? -value : value;
  return TRUE;

invalid:
  g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
               _("“%s” is not an amount"), text ? text : "");
  return FALSE;

overflow:
  g_set_error (error, KT_ERROR, KT_ERROR_OVERFLOW,
               _("“%s” is too large an amount"), text);
  return FALSE;
}

/* The digits of |minor| split at the currency's decimal point, with
 * @group between thousands and @mark before the decimals. */
static void
append_number (GString    *out,
               gint64      minor,
               guint       digits,
               const char *group,
               char        mark)
{
  char buf[32];
  guint64 mag = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  guint len, whole;

  len = g_snprintf (buf, sizeof buf, "%0*" G_GUINT64_FORMAT, (int) digits + 1, mag);
  whole = len - digits;

  for (guint i = 0; i < whole; i++)
    {
      if (i > 0 && (whole - i) % 3 == 0)
        g_string_append (out, group);
      g_string_append_c (out, buf[i]);
    }

  if (digits > 0)
    {
      g_string_append_c (out, mark);
      g_string_append_len (out, buf + whole, digits);
    }
}

/**
 * kt_money_to_plain_string:
 * @minor: an amount in minor units
 * @currency: its ISO 4217 code
 *
 * Returns: (transfer full): "-1234.56": no groups, '.' as the mark.
 */
char *
kt_money_to_plain_string (gint64      minor,
                          const char *currency)
{
  GString *out = g_string_new (minor < 0 ? "-" : "");

  append_number (out, minor, currency_digits (currency), "", '.');
  return g_string_free (out, FALSE);
}

/**
 * kt_money_format_number:
 * @minor: an amount in minor units
 * @currency: its ISO 4217 code (for the number of decimals)
 * @lang: "bg" or "en" (anything else is treated as "en")
 *
 * Returns: (transfer full): "1 234,56" (bg) or "1,234.56" (en), no symbol.
 */
char *
kt_money_format_number (gint64      minor,
                        const char *currency,
                        const char *lang)
{
  GString *out = g_string_new (minor < 0 ? "-" : "");
  guint digits = currency_digits (currency);

  if (lang != NULL && g_str_has_prefix (lang, "bg"))
    append_number (out, minor, digits, NNBSP, ',');
  else
    append_number (out, minor, digits, ",", '.');
  return g_string_free (out, FALSE);
}

/**
 * kt_money_format:
 * @minor: an amount in minor units
 * @currency: its ISO 4217 code
 * @lang: "bg" or "en" (anything else is treated as "en")
 *
 * bg: "1 234,56 лв." with U+202F between groups and U+00A0 before the
 * symbol. en: "€1,234.56", or "BGN 1,234.56" with U+00A0 after the code.
 * A minus sign comes first in both.
 *
 * Returns: (transfer full): the amount for people to read.
 */
char *
kt_money_format (gint64      minor,
                 const char *currency,
                 const char *lang)
{
  const KtCurrency *cur;
  guint digits;
  GString *out;

  g_return_val_if_fail (currency != NULL, NULL);

  cur = kt_currency_lookup (currency);
  digits = cur != NULL ? cur->digits : 2;
  out = g_string_new (minor < 0 ? "-" : "");

  if (lang != NULL && g_str_has_prefix (lang, "bg"))
    {
      append_number (out, minor, digits, NNBSP, ',');
      g_string_append (out, NBSP);
      g_string_append (out, cur != NULL ? cur->symbol : currency);
    }
  else
    {
      if (cur != NULL && g_strv_contains (en_symbol_codes, cur->code))
        g_string_append (out, cur->symbol);
      else
        {
          g_string_append (out, currency);
          g_string_append (out, NBSP);
        }
      append_number (out, minor, digits, ",", '.');
    }

  return g_string_free (out, FALSE);
}
