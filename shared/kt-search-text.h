/* kt-search-text.h: the search form of a text
 *
 * Search must not depend on a database's or a machine's locale: a
 * PostgreSQL cluster made with --no-locale lower-cases nothing but ASCII,
 * so "Петров" would not find "петров". The fold is done here, in one
 * place, with GLib's Unicode tables, for the stored search text and the
 * query alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text case-folded (Latin, Cyrillic, Greek...), with compatibility
 * forms unified (ligatures, full-width letters) and accents removed
 * ("José" → "jose", "ѝ" → "и"), but the breve of Cyrillic й and ў kept:
 * those are letters of their own, not accented ones. Control characters
 * are dropped. Invalid UTF-8 is repaired first. (transfer full) */
char *kt_search_fold (const char *text);

/* @folded (a kt_search_fold() result) with its Cyrillic letters spelled
 * in upper-case Latin (Bulgarian streamlined system: "щ" → "SHT"), and
 * everything else as it is; %NULL when @folded has no Cyrillic letter.
 * A substring of @folded always maps to a substring of the result, so a
 * search may require both; and no folded text has upper-case letters, so
 * the spelling never matches a query by itself. pg_trgm indexes these
 * letters where a C ctype makes it skip Cyrillic ones. (transfer full) */
char *kt_search_latin (const char *folded);

G_END_DECLS
