/* kt-money.h: money as int64 minor units plus an ISO 4217 currency
 *
 * No floating point anywhere money is computed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KT_DEFAULT_CURRENCY "EUR"

typedef struct {
  gint64 minor;        /* e.g. cents */
  char   currency[4];  /* ISO 4217 code, NUL-terminated */
} KtMoney;

typedef struct {
  const char *code;     /* "EUR" */
  guint       digits;   /* minor-unit digits: 2 for EUR, 0 for JPY */
  const char *symbol;   /* "€", "лв.", "$" */
  gboolean    symbol_after; /* in Bulgarian usage: "12,50 лв." */
} KtCurrency;

/* The currency for an ISO 4217 code, or NULL if the model does not know it. */
const KtCurrency *kt_currency_lookup    (const char *code);
/* All known currencies, NULL-terminated by a {NULL} entry. */
const KtCurrency *kt_currency_all       (void);
gboolean          kt_currency_is_valid  (const char *code);

/* Parse "1234.56", "1 234,56" or "-0.5" into minor units of @currency,
 * refusing more decimals than the currency has and anything that overflows.
 * @decimal_mark is '.' or ','; the other one and spaces (including
 * U+00A0 and U+202F) are accepted as group separators. */
gboolean kt_money_parse  (const char  *text,
                          const char  *currency,
                          char         decimal_mark,
                          gint64      *out_minor,
                          GError     **error);

/* Plain, locale-free text: "-1234.56" (for CSV, JSON hints, logs). */
char    *kt_money_to_plain_string (gint64      minor,
                                   const char *currency);

/* Formatted for people: @lang is "bg" or "en" (or a locale name starting
 * with them; anything else is "en").
 * en: "€1,234.56", "BGN 1,234.56" when the symbol is ambiguous (U+00A0
 *     after the code);
 * bg: "1 234,56 €", "1 234,56 лв." (U+202F narrow no-break spaces as
 *     groups, U+00A0 before the symbol).
 * See docs/money.md. */
char    *kt_money_format (gint64      minor,
                          const char *currency,
                          const char *lang);

/* The number alone, grouped as kt_money_format() groups it, for columns
 * whose header names the currency: bg "1 234,56" (U+202F groups), en
 * "1,234.56". */
char    *kt_money_format_number (gint64      minor,
                                 const char *currency,
                                 const char *lang);

/* Overflow-checked arithmetic: FALSE on overflow. */
gboolean kt_money_add    (gint64 a, gint64 b, gint64 *out);
gboolean kt_money_mul    (gint64 a, gint64 b, gint64 *out);
/* a * num / den rounded half away from zero, overflow-checked. */
gboolean kt_money_muldiv_round (gint64 a, gint64 num, gint64 den, gint64 *out);

G_END_DECLS
