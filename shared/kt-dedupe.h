/* kt-dedupe.h: the keys that say two contacts or companies are one
 *
 * Duplicate detection compares what people type in different ways: an
 * email in any case with stray spaces, a phone with or without the
 * trunk 0 or the country code, a VAT number with or without its BG
 * prefix, a name in Cyrillic or in Latin. Each function here maps such a
 * value to one key, so equal keys mean "the same", and names get a
 * trigram similarity. The client store indexes these keys
 * (client/store/kt-store-dupes.c); the rule lives here so that every
 * program applies the same one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @email trimmed and in lower case; %NULL when it has no "@" with
 * something on both sides. (transfer full) */
char   *kt_dedupe_email           (const char *email);

/* @phone in E.164 ("+359888123456"), or %NULL when it is not a phone
 * number (fewer than 6 digits, more than 15). Spaces, dots, hyphens,
 * slashes and parentheses are ignored, and so is an extension after a
 * letter ("x12", "ext. 12"). A number with "+" or "00" keeps its country
 * code; a national number with a trunk 0 ("0888 123 456", "02 981 1234")
 * is Bulgarian, and so is "359..." of 12 digits. (transfer full) */
char   *kt_dedupe_phone           (const char *phone);

/* An EIK, BULSTAT or VAT number compacted (kt_company_id_compact()) and
 * with the BG prefix of a Bulgarian VAT number dropped, so a company's
 * VAT number "BG 121 100 421" and its EIK "121100421" give one key;
 * %NULL when blank. (transfer full) */
char   *kt_dedupe_company_id      (const char *text);

/* @name case- and accent-folded (kt_search_fold()), its Cyrillic spelt
 * in Latin (kt_search_latin()), in lower case, with every run of
 * characters that are not letters or digits made one space, and trimmed:
 * "Иван  Петров" and "Ivan Petrov" both give "ivan petrov". %NULL when
 * nothing is left. (transfer full) */
char   *kt_dedupe_name_key        (const char *name);

/* The trigrams of @key (a kt_dedupe_name_key() result) as pg_trgm makes
 * them: each word padded with two spaces in front and one behind, every
 * three characters, each set once. They are appended to @out (an array
 * of guint32) as numbers: three ASCII characters exactly, others by a
 * hash (with the top bit set, so they never meet an ASCII one). */
void    kt_dedupe_name_trigrams   (const char *key,
                                   GArray     *out);

/* The trigram similarity of two name keys: shared trigrams divided by
 * all trigrams of both (0 to 1, as pg_trgm's similarity()). */
double  kt_dedupe_name_similarity (const char *key_a,
                                   const char *key_b);

/* From this similarity on, two names are shown as maybe one person. */
#define KT_DEDUPE_NAME_THRESHOLD 0.5

G_END_DECLS
