/* kt-epc.h: the EPC069-12 SEPA credit transfer QR payload ("BCD")
 *
 * The text a banking app reads from the QR code on an invoice to prefill
 * a SEPA credit transfer: the European Payments Council's "Quick Response
 * Code: guidelines to enable data capture for the initiation of a SEPA
 * credit transfer" (EPC069-12), version 002, character set 1 (UTF-8),
 * lines separated by LF. See docs/documents.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "kt-record.h"

G_BEGIN_DECLS

/* The limits of EPC069-12 version 002. */
#define KT_EPC_NAME_MAX 70          /* characters */
#define KT_EPC_REFERENCE_MAX 35     /* structured creditor reference */
#define KT_EPC_TEXT_MAX 140         /* unstructured remittance */
#define KT_EPC_AMOUNT_MAX G_GINT64_CONSTANT (99999999999)  /* 999999999.99 */
#define KT_EPC_PAYLOAD_MAX 331      /* bytes */

typedef struct {
  const char *bic;        /* 8 or 11 characters (kt_bic_validate()); NULL
                             or "" leaves it out
                             (optional in version 002 inside the EEA) */
  const char *name;       /* the beneficiary, 1..70 characters */
  const char *iban;       /* checked by kt_iban_validate(); spaces are
                             dropped, letters upper-cased */
  gint64      amount;     /* euro cents, 1..99999999999 */
  const char *reference;  /* a structured creditor reference (RF...), or
                             NULL: then @text is the remittance */
  const char *text;       /* unstructured remittance, <= 140 characters */
} KtEpcTransfer;

/* The payload for @transfer, or NULL with a translated KT_ERROR_INVALID
 * that names the offending part (kt_error_get_field(): "iban", "bic",
 * "name", "amount", "reference", "text"). Only EUR exists in EPC069-12,
 * so there is no currency. */
char     *kt_epc_payload      (const KtEpcTransfer  *transfer,
                               GError              **error);

/* The EPC payload of an invoice record: the seller's @organization JSON
 * ("name", "iban", "bic"), the invoice's total and its number as the
 * remittance text. NULL with a translated reason when the invoice cannot
 * carry one: its currency is not EUR, the organization has no IBAN, the
 * total is not positive, or a value breaks the limits above. */
char     *kt_epc_payload_for_invoice (KtRecord    *invoice,
                                      JsonObject  *organization,
                                      GError     **error);

G_END_DECLS
