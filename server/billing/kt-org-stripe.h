/* kt-org-stripe.h: the organization's own Stripe account, for its invoices
 *
 * An Owner stores a restricted key and the webhook secret of the
 * organization's own account (docs/billing.md, "The organization's own
 * Stripe"). Both are kept sealed under the server's secret key
 * (server/core/kt-secret-box.h), a fresh nonce each time, and leave this file
 * only to sign a request to Stripe or check a webhook: no API returns
 * them. The account's webhook events become Payments through the write
 * path, which the matcher links to the invoice they name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-pg.h"
#include "kt-pg-change.h"
#include "kt-server-config.h"

G_BEGIN_DECLS

/* @secret sealed under the server's secret key (kt-secret-box.h); fails
 * with `billing_unavailable` when the server has none. */
char     *kt_org_stripe_seal        (const KtServerConfig *config,
                                     const char           *secret,
                                     GError              **error);
/* The secret in @box, or NULL when it does not open under the server's
 * keys (another server key, or altered). kt_secret_free() it. */
char     *kt_org_stripe_open        (const KtServerConfig *config,
                                     const char           *box,
                                     GError              **error);

/* Stores (replaces) @org_id's key and webhook secret, sealed. */
gboolean  kt_org_stripe_save        (KtPg                 *pg,
                                     const KtServerConfig *config,
                                     const char           *org_id,
                                     const char           *key,
                                     const char           *webhook_secret,
                                     GError              **error);
/* Forgets them; *@out_existed says whether there were any. */
gboolean  kt_org_stripe_delete      (KtPg                 *pg,
                                     const char           *org_id,
                                     gboolean             *out_existed,
                                     GError              **error);
/* Whether @org_id has a key (FALSE without error when not), its last
 * four characters, and when asked for (non-NULL) the opened key and
 * webhook secret, which the caller kt_secret_free()s. */
gboolean  kt_org_stripe_load        (KtPg                 *pg,
                                     const KtServerConfig *config,
                                     const char           *org_id,
                                     char                **out_last4,
                                     char                **out_key,
                                     char                **out_webhook_secret,
                                     GError              **error);

/* Applies @event (the parsed body of a webhook verified with ctx->org_id's
 * secret) in the caller's transaction: records its id first and does
 * nothing more when it was recorded before (*@out_duplicate);
 * checkout.session.completed (paid) and payment_intent.succeeded whose
 * metadata names an invoice of the organization create one Payment
 * (Stripe's payment intent as its reference, so the two events of one
 * payment make one), which kt_pg_documents_settle() with
 * ctx->documents then matches to that invoice. Other events are
 * recorded and ignored. */
gboolean  kt_org_stripe_apply_event (KtPg                  *pg,
                                     const KtChangeContext *ctx,
                                     JsonObject            *event,
                                     gboolean              *out_duplicate,
                                     GError               **error);

G_END_DECLS
