/* kt-org-stripe-link.h: an invoice's Stripe payment link follows its open
 * amount
 *
 * For an organization with its own Stripe account (kt-org-stripe.h), an
 * issued invoice gets a Payment Link for its open amount, made by the job
 * "payment_link" that settling the invoice enqueues
 * (server/store/kt-pg-payment-links.h): when it is issued, by REST or a
 * sync push, and when a payment changes what is open. A link for another
 * amount is deactivated at Stripe first; a paid or cancelled invoice
 * keeps no active link and loses its payment_url. docs/billing.md, "The
 * link follows the open amount".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-jobs.h"
#include "kt-pg.h"
#include "kt-pg-change.h"
#include "kt-server-config.h"

G_BEGIN_DECLS

/* Brings @invoice_id's link in line with its open amount, in the caller's
 * transaction (the invoice locked): deactivates active links for another
 * amount, makes one for the open amount unless one is active (its
 * Idempotency-Key derived from the invoice, the amount, the currency and
 * how many links it had, so a retry after a lost answer gets Stripe's
 * first link and a later link for the same amount is a new one), and sets
 * payment_url through the write path with @change_ctx. A payment_url set
 * by hand (not one of its links) is left alone. *@out_url: the invoice's
 * payment_url afterwards (NULL: none); *@out_created: whether a link was
 * made. Without an organization key there is nothing to do (TRUE, no
 * link). Fails with Stripe's error, after which the caller rolls back. */
gboolean kt_org_stripe_link_follow (KtPg                  *pg,
                                    const KtServerConfig  *config,
                                    const KtChangeContext *change_ctx,
                                    const char            *invoice_id,
                                    char                 **out_url,
                                    gboolean              *out_created,
                                    GError               **error);

/* "payment_link" (KT_PAYMENT_LINK_JOB), payload {"invoice_id"}: runs
 * kt_org_stripe_link_follow() as the server; a Stripe error fails the
 * job, which the runner retries with backoff. kt_billing_new() registers
 * it. */
extern const KtJobKind kt_job_payment_link;

G_END_DECLS
