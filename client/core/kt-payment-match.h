/* kt-payment-match.h: payment matching on the local store
 *
 * Reads the issued invoices and the unmatched payments from the store, runs
 * the shared matcher (shared/kt-match.h, docs/money.md "Payment
 * matching") and writes what it decides in one store transaction, so the
 * matches go to the outbox and sync like any edit. A person's own match
 * and unmatch go through here too, and recompute the invoice's paid
 * amount and status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

typedef struct {
  guint applied;
  guint proposed;
  guint unmatched;
} KtPaymentMatchSummary;

/* Matches the given unmatched payments (NULL: every unmatched payment)
 * against the open invoices and writes the results: payment
 * matched/invoice_id/credit_amount or proposed_invoice_id, and the
 * invoices' paid_amount and status (partially_paid / paid). */
gboolean kt_payment_match_run     (KtStore                *store,
                                   GPtrArray              *payment_ids,
                                   KtPaymentMatchSummary  *out,
                                   GError                **error);
/* A person's decision: match @payment_id to @invoice_id (accepting a
 * proposal or choosing), or unmatch it. Both recompute the invoice's
 * paid_amount/status. Undo = the opposite call. */
gboolean kt_payment_match_apply   (KtStore     *store,
                                   const char  *payment_id,
                                   const char  *invoice_id,
                                   GError     **error);
gboolean kt_payment_match_unmatch (KtStore     *store,
                                   const char  *payment_id,
                                   GError     **error);

G_END_DECLS
