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
 * those are letters of their own, not accented ones. Invalid UTF-8 is
 * repaired first. (transfer full) */
char *kt_search_fold (const char *text);

G_END_DECLS
