/* kt-tmpl-vars.h: the variables a document template can print
 *
 * The built-in catalogue: every value kt_tmpl_context_new() puts into a
 * document's context, with a description and an example in English and
 * Bulgarian (gettext). The studio's palette lists it, the parser checks
 * templates against it (kt_tmpl_parse()'s catalogue), and it is the
 * built-in part of what the template_variable entity stores
 * (docs/templates.md, "The catalogue").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record.h"
#include "kt-tmpl.h"

G_BEGIN_DECLS

/* The table, ending with a %NULL key; descriptions and examples are
 * untranslated texts marked for gettext. */
const KtTmplVariable *kt_tmpl_variables        (void);
/* The entry of @key, or %NULL. */
const KtTmplVariable *kt_tmpl_variables_lookup (const char *key);

/* The translated description and example of @variable (in the
 * interface's language). */
const char *kt_tmpl_variable_get_description (const KtTmplVariable *variable);
const char *kt_tmpl_variable_get_example     (const KtTmplVariable *variable);

/* A template_variable record for @variable (no template: a built-in one),
 * its label and description translated: what the palette's list model
 * holds next to the organization's own variables. */
KtRecord   *kt_tmpl_variable_to_record       (const KtTmplVariable *variable);

G_END_DECLS
