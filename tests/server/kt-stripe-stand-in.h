/* kt-stripe-stand-in.h: Stripe, as far as the server talks to it
 *
 * A libsoup server on loopback that checks every request as Stripe
 * would (the secret key as a Bearer token, the pinned Stripe-Version,
 * form-encoded bodies with the parameters each call needs, an
 * Idempotency-Key, and a reused key with another body refused with
 * Stripe's idempotency_error body), answers like Stripe, and sends the
 * server signed webhook events. It lives on the test's main context,
 * which kt_test_request() iterates while the server's worker waits for
 * an answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KT_STAND_IN_SECRET_KEY "sk_test_kantora_stand_in"
/* An organization's own account (docs/billing.md, "The organization's
 * own Stripe"): the only key /v1/payment_links takes, and the only one
 * it takes there. */
#define KT_STAND_IN_ORG_KEY "rk_test_kantora_org_stand_in"
#define KT_STAND_IN_VERSION "2025-03-31.basil"

typedef struct _KtStripeStandIn KtStripeStandIn;

KtStripeStandIn *kt_stripe_stand_in_new      (void);
void             kt_stripe_stand_in_free     (KtStripeStandIn *self);
/* http://127.0.0.1:PORT, for [stripe] api-base. */
const char      *kt_stripe_stand_in_base     (KtStripeStandIn *self);
/* The prices it knows (line_items[0][price] must be one). */
void             kt_stripe_stand_in_add_price (KtStripeStandIn *self,
                                               const char      *price_id);
/* Answers the next @count requests with 500 and Stripe's api_error body
 * (a lost answer, for the retry with the same key). */
void             kt_stripe_stand_in_fail_next (KtStripeStandIn *self,
                                               guint            count);
/* Requests that reached it, and the ones it refused. */
guint            kt_stripe_stand_in_requests  (KtStripeStandIn *self);
guint            kt_stripe_stand_in_refused   (KtStripeStandIn *self);
/* The last accepted request's path, form and Idempotency-Key. */
const char      *kt_stripe_stand_in_last_path (KtStripeStandIn *self);
const char      *kt_stripe_stand_in_last_param (KtStripeStandIn *self,
                                                const char      *name);
const char      *kt_stripe_stand_in_last_key  (KtStripeStandIn *self);
/* The Idempotency-Key of the last request answered 500 on purpose. */
const char      *kt_stripe_stand_in_failed_key (KtStripeStandIn *self);
/* Sends @method @path to the stand-in as a client would (@headers:
 * NULL-terminated name, value pairs), for the tests of the stand-in's own
 * checks. Returns the answer's JSON and status. */
JsonNode        *kt_stripe_stand_in_call      (KtStripeStandIn    *self,
                                               const char         *path,
                                               const char * const *headers,
                                               const char         *form,
                                               guint              *status);

/* Payment links it made (a reused Idempotency-Key makes none), and the
 * ones turned off (POST /v1/payment_links/{id} active=false). */
guint            kt_stripe_stand_in_links     (KtStripeStandIn *self);
guint            kt_stripe_stand_in_deactivated (KtStripeStandIn *self);
/* Whether the link at @url is active; the amount it asks for (-1: no
 * such link). */
gboolean         kt_stripe_stand_in_link_active (KtStripeStandIn *self,
                                                 const char      *url);
gint64           kt_stripe_stand_in_link_amount (KtStripeStandIn *self,
                                                 const char      *url);

/* POSTs @event_json to @server_base/v1/stripe/webhook signed as Stripe
 * would at @timestamp with each of @secrets (NULL-terminated), or with
 * the header @signature as is when not NULL. */
JsonNode        *kt_stripe_send_event         (const char         *server_base,
                                               const char         *event_json,
                                               const char * const *secrets,
                                               gint64              timestamp,
                                               const char         *signature,
                                               guint              *status);

/* The same to another route of the server (@path: "/v1/stripe/webhook/ORG"). */
JsonNode        *kt_stripe_send_event_to      (const char         *server_base,
                                               const char         *path,
                                               const char         *event_json,
                                               const char * const *secrets,
                                               gint64              timestamp,
                                               const char         *signature,
                                               guint              *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtStripeStandIn, kt_stripe_stand_in_free)

G_END_DECLS
