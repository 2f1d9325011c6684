/* kt-company-id.h: Bulgarian company and person numbers, EU VAT numbers
 *
 * Each check answers with a KT_ERROR_INVALID error whose translated message
 * says what is wrong ("The EIK has 10 digits; it needs 9 or 13"), so a form
 * can show it as it is. Spaces, dots and hyphens between the characters are
 * ignored; the rules are in docs/money.md, "Company and VAT numbers".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kt-record.h"

G_BEGIN_DECLS

/* The EIK/BULSTAT of a company: 9 digits, or 13 for a branch. */
gboolean kt_eik_validate        (const char  *text,
                                 GError     **error);
/* The EGN of a Bulgarian citizen: a date of birth and a check digit. */
gboolean kt_egn_validate        (const char  *text,
                                 GError     **error);
/* The LNCh of a foreigner living in Bulgaria: 10 digits. */
gboolean kt_lnch_validate       (const char  *text,
                                 GError     **error);
/* An EU VAT number with its country prefix ("BG121100421", "ATU12345678",
 * "XI123456789"): the format of its country, and for Bulgaria the check
 * digits. */
gboolean kt_vat_number_validate (const char  *text,
                                 GError     **error);

/* The check of a VAT number typed for a company or a client: an EU
 * member state's (or XI) as kt_vat_number_validate(); any other country's
 * (GB, CH, NO...) as typed, since its format is not known here. */
gboolean kt_vat_number_validate_lenient (const char  *text,
                                         GError     **error);

/* @text without spaces, dots and hyphens, in upper case: the form to store
 * and to send to VIES. */
char    *kt_company_id_compact  (const char  *text);

/* The check digit that completes the first 8 digits of a 9-digit EIK, or
 * the first 12 of a 13-digit one; -1 if @digits is not that. */
int      kt_eik_check_digit     (const char  *digits);

typedef gboolean (*KtCompanyIdCheck) (const char  *text,
                                      GError     **error);

/* Entity validation: runs @check on the string @field of @record unless it
 * is unset or blank, and reports its message as an error of @field. */
gboolean kt_company_id_check_field (KtRecord          *record,
                                    const char        *field,
                                    KtCompanyIdCheck   check,
                                    GError           **error);

G_END_DECLS
