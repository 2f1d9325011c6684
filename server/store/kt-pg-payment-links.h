/* kt-pg-payment-links.h: the Stripe payment links of invoices
 *
 * An organization with its own Stripe account (docs/billing.md) gets a
 * Payment Link for each issued invoice's open amount. Links are made by
 * the "payment_link" job (server/billing/kt-org-stripe-link.c), never in
 * a request: settling a document (kt_pg_documents_settle(), after every
 * REST write, sync push and payment) asks kt_pg_payment_links_follow()
 * whether the invoice's link still fits its open amount, and enqueues
 * the job when not, in the same transaction. This file keeps the links
 * (table invoice_payment_links): the active one for the amount open now,
 * the earlier ones deactivated at Stripe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kantora-shared.h"
#include "kt-pg.h"

G_BEGIN_DECLS

#define KT_PAYMENT_LINK_JOB "payment_link"

typedef struct {
  char    *stripe_link_id;
  char    *url;
  gint64   amount;
  char    *currency;   /* upper case, as the invoice's */
  gboolean active;
} KtPgPaymentLink;

void     kt_pg_payment_link_free      (KtPgPaymentLink *link);

/* The amount (minor units) a payment link of @invoice should ask for: its
 * open amount when it is an issued invoice (not a credit note, not
 * cancelled) with money open, else 0 (no link). */
gint64   kt_pg_payment_links_wanted   (KtRecord    *invoice);

/* After @invoice (of @org_id) was settled: enqueues the "payment_link" job
 * for it when the organization has its own Stripe key and the active
 * link does not ask for the wanted amount (none made yet, a payment
 * changed the open amount, or nothing is open and a link is active).
 * An invoice whose payment_url someone set by hand (not one of its
 * links) is left alone. Deduplicated per invoice and state of its
 * links. */
gboolean kt_pg_payment_links_follow   (KtPg        *pg,
                                       const char  *org_id,
                                       KtRecord    *invoice,
                                       GError     **error);

/* Every link of @invoice_id, the newest first (KtPgPaymentLink). */
GPtrArray *kt_pg_payment_links_list   (KtPg        *pg,
                                       const char  *org_id,
                                       const char  *invoice_id,
                                       GError     **error);
gboolean kt_pg_payment_links_add      (KtPg                  *pg,
                                       const char            *org_id,
                                       const char            *invoice_id,
                                       const KtPgPaymentLink *link,
                                       GError               **error);
gboolean kt_pg_payment_links_deactivate (KtPg        *pg,
                                         const char  *org_id,
                                         const char  *invoice_id,
                                         const char  *stripe_link_id,
                                         GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPgPaymentLink, kt_pg_payment_link_free)

G_END_DECLS
