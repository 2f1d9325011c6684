/* kt-iban.h: IBANs and BICs of the organization's and the payers' accounts
 *
 * Like kt-company-id.h, a check answers with a KT_ERROR_INVALID error whose
 * translated message says what is wrong. Spaces are ignored and letters
 * compared in upper case. See docs/money.md, "IBAN".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The country's length and the ISO 13616 check digits (mod 97). */
gboolean kt_iban_validate (const char  *text,
                           GError     **error);
/* 8 or 11 characters: bank (4 letters), country (2 letters), location (2
 * letters or digits), branch (3, optional). */
gboolean kt_bic_validate  (const char  *text,
                           GError     **error);

/* Without spaces, in upper case: the form for the EPC QR code and storage. */
char    *kt_iban_compact  (const char  *text);
/* In groups of four for people: "BG80 BNBG 9661 1020 3456 78". */
char    *kt_iban_format   (const char  *text);

/* The length of the IBANs of a country, or 0 when it has none we know. */
guint    kt_iban_length   (const char  *country);

G_END_DECLS
