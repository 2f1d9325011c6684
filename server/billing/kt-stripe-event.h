/* kt-stripe-event.h: a Stripe webhook event, read into what billing needs
 *
 * Only the members the server acts on are read; everything else of
 * Stripe's (large, versioned) objects is ignored, so a new member never
 * breaks the webhook. Pure: no I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  KT_STRIPE_EVENT_OTHER,                 /* recorded, nothing else */
  KT_STRIPE_EVENT_CHECKOUT_COMPLETED,    /* checkout.session.completed */
  KT_STRIPE_EVENT_SUBSCRIPTION_CREATED,  /* customer.subscription.created */
  KT_STRIPE_EVENT_SUBSCRIPTION_UPDATED,  /* customer.subscription.updated */
  KT_STRIPE_EVENT_SUBSCRIPTION_DELETED,  /* customer.subscription.deleted */
  KT_STRIPE_EVENT_INVOICE_PAID,          /* invoice.paid */
  KT_STRIPE_EVENT_INVOICE_FAILED,        /* invoice.payment_failed */
} KtStripeEventKind;

typedef struct {
  char              *id;               /* evt_... */
  char              *type;
  KtStripeEventKind  kind;
  gint64             created;          /* Unix seconds: when Stripe made the event */
  /* The organization: a Checkout Session's client_reference_id, or the
   * org_id the server put into the subscription's metadata; NULL when
   * the event names none (or not a UUID). */
  char              *org_id;
  char              *customer_id;      /* cus_... */
  char              *subscription_id;  /* sub_... */
  /* Subscriptions: Stripe's status, the first item's price and period
   * (on the item since API 2025-03-31.basil, on the subscription
   * before), and whether it ends at the period's end. */
  char              *status;
  char              *price_id;
  gint64             period_start;
  gint64             period_end;
  gboolean           cancel_at_period_end;
  /* Invoices: subscription_create, subscription_cycle, ... */
  char              *billing_reason;
} KtStripeEvent;

void     kt_stripe_event_clear (KtStripeEvent *event);
/* Reads @root (the event, already through the JSON guard). Fails with a
 * 400 KT_SERVER_ERROR naming the member when id, type, created or
 * data.object is missing or of the wrong type. */
gboolean kt_stripe_event_parse (JsonNode      *root,
                                KtStripeEvent *out,
                                GError       **error);
/* Stripe's subscription status as the subscription entity's choice:
 * active, trialing, past_due, canceled or incomplete. */
const char *kt_stripe_status_to_local (const char *status);

G_END_DECLS
