/* kt-pg-match.h: payment matching on the server
 *
 * The server runs the one matcher (shared/kt-match.h, docs/money.md
 * "Payment matching") on the payments it receives, in the transaction
 * that brought them: REST and sync push alike, through the document rules
 * of the write path (kt_pg_documents_settle() calls it for the payments
 * kt_pg_documents_note() saw created unmatched). This file only reads:
 * the open invoices and the payments, in the shape the matcher needs, and
 * returns what to write; the document rules write it as server changes
 * and recompute the invoices' paid amounts and statuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kantora-shared.h"
#include "kt-pg.h"

G_BEGIN_DECLS

typedef struct {
  char       *payment_id;
  /* {"matched": true, "invoice_id": …, "credit_amount": …} (applied) or
   * {"proposed_invoice_id": …} (proposed, for a person to decide). */
  JsonObject *changes;
} KtPgMatch;

void       kt_pg_match_free     (KtPgMatch *match);

/* Matches @payment_ids (ids of @org_id's payments; the ones already
 * matched, proposed, linked to an invoice or deleted are skipped) against
 * the open invoices of @org_id: kind invoice, issued, sent, partially paid
 * or overdue, open amount above zero. Takes a transaction-scoped lock per
 * organization first, so that two server instances matching at once do so
 * one after the other and the second sees the first's applied amounts.
 * Returns the KtPgMatch of each payment the matcher applied or proposed,
 * in the order of @payment_ids. */
GPtrArray *kt_pg_match_payments (KtPg        *pg,
                                 const char  *org_id,
                                 GPtrArray   *payment_ids,
                                 GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPgMatch, kt_pg_match_free)

G_END_DECLS
