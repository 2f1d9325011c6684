/* kt-import-guess.h: which field an imported column is, from its header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Import targets beyond the entity's own fields. */
#define KT_IMPORT_TARGET_FULL_NAME    "full_name"     /* contact: split into first/last name */
#define KT_IMPORT_TARGET_COMPANY_NAME "company_name"  /* contact: link or create the company */
#define KT_IMPORT_TARGET_CUSTOM       "custom."       /* prefix: "custom.<key>" */

/* Folds case and drops everything but letters and digits, so "E-mail
 * Address", "email_address" and "EmailAddress" compare equal. */
char       *kt_import_normalize_header (const char *header);

/* The target a header names for @entity_name ("contact" or "company"):
 * a field name, KT_IMPORT_TARGET_FULL_NAME or _COMPANY_NAME, or NULL when
 * nothing fits; for "payment", a bank statement column (kt-bank-csv.h). Knows English and Bulgarian header names and the export
 * format of Google Contacts and Outlook. */
const char *kt_import_guess_target     (const char *entity_name,
                                        const char *header);

G_END_DECLS
