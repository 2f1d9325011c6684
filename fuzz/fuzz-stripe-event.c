/* fuzz-stripe-event.c: a Stripe webhook event's body, once its signature
 * passed (server/billing/kt-stripe-event.c)
 *
 * The bytes are the body of POST /v1/stripe/webhook. They take the path
 * kt_route_stripe_webhook() takes after the signature: the size limit,
 * kt_request_read_object() (the JSON guard, json-glib, an object), then
 * kt_stripe_event_parse(). The signature check itself has its own target
 * (stripe-signature); a signed body is only as trustworthy as the secret,
 * and an organization's own Stripe account signs with its own.
 *
 * Beyond not crashing: a refusal is a 400 naming the member (and answers
 * as JSON); an accepted event has the id (1 to 255 bytes), the type and
 * the positive creation time the header promises, the kind its type
 * names, an organization that is NULL or a lower-case UUID, Stripe ids
 * that are NULL or not empty, periods not negative, only the members of
 * its kind, and a status that maps to one of the subscription's five.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-request.h"
#include "kt-server-error.h"
#include "kt-stripe-event.h"

/* kt-route-billing.c's WEBHOOK_MAX_BODY. */
#define WEBHOOK_MAX_BODY (256 * 1024)

static const struct {
  const char        *type;
  KtStripeEventKind  kind;
} kinds[] = {
  { "checkout.session.completed", KT_STRIPE_EVENT_CHECKOUT_COMPLETED },
  { "customer.subscription.created", KT_STRIPE_EVENT_SUBSCRIPTION_CREATED },
  { "customer.subscription.updated", KT_STRIPE_EVENT_SUBSCRIPTION_UPDATED },
  { "customer.subscription.deleted", KT_STRIPE_EVENT_SUBSCRIPTION_DELETED },
  { "invoice.paid", KT_STRIPE_EVENT_INVOICE_PAID },
  { "invoice.payment_failed", KT_STRIPE_EVENT_INVOICE_FAILED },
};

static const char * const local_statuses[] = {
  "active", "trialing", "past_due", "canceled", "incomplete", NULL
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

static void
check_id (const char *name,
          const char *value)
{
  if (value != NULL && (value[0] == '\0' || !g_utf8_validate (value, -1, NULL)))
    g_error ("%s is empty or not UTF-8", name);
}

static void
check_event (const KtStripeEvent *event)
{
  KtStripeEventKind kind = KT_STRIPE_EVENT_OTHER;
  gboolean subscription, invoice;

  if (event->id == NULL || event->id[0] == '\0' || strlen (event->id) > 255 || event->type == NULL)
    g_error ("an accepted event without its id or type");
  if (event->created <= 0)
    g_error ("an accepted event created at %" G_GINT64_FORMAT, event->created);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (event->type, kinds[i].type))
      kind = kinds[i].kind;
  if (event->kind != kind)
    g_error ("type %s read as kind %d", event->type, event->kind);

  if (event->org_id != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (event->org_id, -1);

      if (!kt_uuid_is_valid (event->org_id) || !g_str_equal (lower, event->org_id))
        g_error ("an organization that is not a lower-case UUID: %s", event->org_id);
    }
  check_id ("customer_id", event->customer_id);
  check_id ("subscription_id", event->subscription_id);
  check_id ("price_id", event->price_id);
  if (event->period_start < 0 || event->period_end < 0)
    g_error ("a negative period");

  subscription = kind == KT_STRIPE_EVENT_SUBSCRIPTION_CREATED || kind == KT_STRIPE_EVENT_SUBSCRIPTION_UPDATED ||
                 kind == KT_STRIPE_EVENT_SUBSCRIPTION_DELETED;
  invoice = kind == KT_STRIPE_EVENT_INVOICE_PAID || kind == KT_STRIPE_EVENT_INVOICE_FAILED;
  if (kind == KT_STRIPE_EVENT_OTHER &&
      (event->org_id != NULL || event->customer_id != NULL || event->subscription_id != NULL))
    g_error ("an event of type %s carries a subscription", event->type);
  if (!subscription && (event->status != NULL || event->price_id != NULL || event->period_end != 0 ||
                        event->cancel_at_period_end))
    g_error ("an event of type %s carries a subscription's state", event->type);
  if (!invoice && event->billing_reason != NULL)
    g_error ("an event of type %s carries a billing reason", event->type);

  if (!g_strv_contains (local_statuses, kt_stripe_status_to_local (event->status)))
    g_error ("status %s maps to no local status", event->status);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(KtRequest) req = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  KtStripeEvent event = { 0 };

  /* The route refuses a larger body before it reads it. */
  if (size > WEBHOOK_MAX_BODY)
    return 0;

  req = kt_request_new ();
  req->method = g_strdup ("POST");
  kt_request_set_path (req, "/v1/stripe/webhook");
  req->content_type = g_strdup ("application/json; charset=utf-8");
  req->body = g_bytes_new (data, size);

  object = kt_request_read_object (req, &error);
  if (object == NULL)
    {
      if (error == NULL)
        g_error ("kt_request_read_object failed without an error");
      kt_request_respond_error (req, error);
      return 0;
    }

  root = json_node_init_object (json_node_alloc (), object);
  if (!kt_stripe_event_parse (root, &event, &error))
    {
      if (error == NULL || error->domain != KT_SERVER_ERROR || error->code != KT_SERVER_ERROR_BAD_REQUEST ||
          error->message[0] == '\0' || !g_utf8_validate (error->message, -1, NULL))
        g_error ("an event refused without a 400 and a message");
      if (kt_server_error_get_field (error) == NULL)
        g_error ("an event refused without naming the member: %s", error->message);
      if (event.id != NULL || event.type != NULL)
        g_error ("a refused event left members behind");
      /* The refusal is Stripe's answer: it must serialize. */
      kt_request_respond_error (req, error);
      return 0;
    }
  if (error != NULL)
    g_error ("accepted with an error: %s", error->message);
  check_event (&event);
  kt_stripe_event_clear (&event);
  return 0;
}
