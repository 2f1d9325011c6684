/* kt-billing.h: the organization's plan at Stripe (docs/billing.md)
 *
 * KtBilling holds what the server knows of its Stripe account (the
 * secret key, the webhook secrets, the plans and their prices) and does
 * the two halves of billing: applying a verified webhook event to the
 * organization's subscription inside the caller's transaction, and the
 * calls to Stripe's API (Checkout, the customer portal, cancelling and
 * resuming), blocking, made from a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-server-config.h"
#include "kt-stripe-event.h"

G_BEGIN_DECLS

typedef struct _KtBilling KtBilling;

/* Reads the key and secrets files the config names; fails naming the
 * file (never the secret). */
KtBilling  *kt_billing_new              (const KtServerConfig *config,
                                         GError              **error);
void        kt_billing_free             (KtBilling            *billing);
/* NULL-terminated; NULL when no webhook secret is configured. */
const char * const *kt_billing_webhook_secrets (KtBilling *billing);
gboolean    kt_billing_has_api          (KtBilling            *billing);

/* Applies @event (its signature checked) to the subscription of the
 * organization it names, in the caller's transaction: records the event
 * id first and does nothing more when it was recorded before
 * (*@out_duplicate), changes the subscription only when the event is
 * newer than the last one applied to it, adds a history row for an
 * upgrade, downgrade, renewal, cancellation or failed payment, and logs
 * both changes, stamped @hlc, for sync. */
gboolean    kt_billing_apply_event      (KtBilling            *billing,
                                         KtPg                 *pg,
                                         const KtStripeEvent  *event,
                                         const char           *hlc,
                                         gboolean             *out_duplicate,
                                         GError              **error);

/* POST /v1/checkout/sessions for @plan's price: the session's URL. The
 * organization is client_reference_id and the subscription's metadata
 * (so its events name it in any order); @customer_id reuses a Stripe
 * customer, else @email prefills a new one. */
char       *kt_billing_checkout         (KtBilling            *billing,
                                         const char           *org_id,
                                         KtPlanId              plan,
                                         const char           *customer_id,
                                         const char           *email,
                                         GError              **error);
/* POST /v1/billing_portal/sessions: the portal's URL for @customer_id. */
char       *kt_billing_portal           (KtBilling            *billing,
                                         const char           *customer_id,
                                         GError              **error);
/* POST /v1/subscriptions/{id} cancel_at_period_end=@cancel. */
gboolean    kt_billing_cancel_at_period_end (KtBilling        *billing,
                                             const char       *subscription_id,
                                             gboolean          cancel,
                                             GError          **error);

/* POST /v1/payment_links as the organization's own account (@org_key):
 * a link paying @amount (minor units) of @currency for the invoice
 * @invoice_id, which its metadata names, sent with @idempotency_key (so
 * a retry gets Stripe's first link back). The link's URL, and its id in
 * *@out_link_id. */
char       *kt_billing_org_payment_link (const KtServerConfig  *config,
                                         const char            *org_key,
                                         const char            *idempotency_key,
                                         const char            *invoice_id,
                                         const char            *number,
                                         gint64                 amount,
                                         const char            *currency,
                                         char                 **out_link_id,
                                         GError               **error);
/* POST /v1/payment_links/{@link_id} active=false: the link takes no more
 * payments (its amount is no longer the one open). */
gboolean    kt_billing_org_payment_link_deactivate (const KtServerConfig  *config,
                                                    const char            *org_key,
                                                    const char            *link_id,
                                                    GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtBilling, kt_billing_free)

G_END_DECLS
