/* kt-words.h: amounts in words, for the "in words" line of invoices
 *
 * Bulgarian invoices print the total in words ("Словом: ..."); English
 * documents print it as cheques do. The language is the document's, not
 * the interface's, so the words are not gettext messages. See
 * docs/money.md, "Amount in words".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The grammatical gender of what is counted: Bulgarian "един лев",
 * "една стотинка", "едно евро"; "два лева", "две евро". English ignores it. */
typedef enum {
  KT_WORDS_MASCULINE,
  KT_WORDS_FEMININE,
  KT_WORDS_NEUTER,
} KtWordsGender;

/* @n in words: "сто двадесет и пет", "one hundred twenty-five". @lang is
 * "bg" or "en" (or a locale name starting with them; anything else is
 * English). Every guint64 works. */
char *kt_number_in_words (guint64        n,
                          KtWordsGender  gender,
                          const char    *lang);

/* An amount of @minor minor units of @currency in words, the whole part in
 * words and the minor part in digits: "сто и двадесет лева и 50 стотинки",
 * "one hundred twenty euros and 50 cents". A currency without words of its
 * own keeps its code: "сто и двадесет CHF и 50/100". Returns NULL when
 * kt_currency_lookup() does not know @currency. */
char *kt_money_in_words  (gint64       minor,
                          const char  *currency,
                          const char  *lang);

G_END_DECLS
