/* kt-route-billing.c: plans, the organization's subscription, Checkout,
 * and Stripe's webhook (docs/billing.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-billing"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pg-billing.h"
#include "kt-policy.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"
#include "kt-stripe-signature.h"

/* GET /v1/plans: the plans with their limits, for anyone (a pricing
 * page needs no account); the Stripe prices stay on the server. */
gboolean
kt_route_plans (KtRequest *req,
                GError   **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "plans");
  json_builder_add_value (b, kt_plans_to_json (req->config->plans));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  kt_request_respond_json (req, 200, root);
  return TRUE;
}

/* Stripe's events are a few KiB; a megabyte-sized one is not Stripe's. */
#define WEBHOOK_MAX_BODY (256 * 1024)

typedef struct {
  KtStripeEvent event;
  gboolean      duplicate;
} WebhookWork;

static gboolean
apply_event_cb (KtRequest *req,
                gpointer   data,
                GError   **error)
{
  WebhookWork *work = data;
  g_autofree char *hlc = kt_server_tick_hlc (req->server);

  return kt_billing_apply_event (kt_server_get_billing (req->server), req->pg, &work->event, hlc,
                                 &work->duplicate, error);
}

/* POST /v1/stripe/webhook: no token; Stripe-Signature is the
 * authentication, checked over the raw body before anything parses it.
 * An event seen before is answered 200 and does nothing more. */
gboolean
kt_route_stripe_webhook (KtRequest *req,
                         GError   **error)
{
  KtBilling *billing = kt_server_get_billing (req->server);
  const char * const *secrets = kt_billing_webhook_secrets (billing);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) answer = NULL;
  WebhookWork work = { { 0 } };
  const guint8 *body;
  gsize length = 0;
  gboolean ok;

  if (secrets == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BILLING_OFF,
                   _("Billing is not set up on this server (no [stripe] webhook-secrets)"));
      return FALSE;
    }
  body = req->body != NULL ? g_bytes_get_data (req->body, &length) : NULL;
  if (length > WEBHOOK_MAX_BODY)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_TOO_LARGE,
                   _("A webhook event may not be larger than %u KiB"), WEBHOOK_MAX_BODY / 1024);
      return FALSE;
    }
  if (!kt_stripe_signature_verify (req->stripe_signature, body != NULL ? body : (const guint8 *) "", length,
                                   secrets, g_get_real_time () / G_USEC_PER_SEC,
                                   req->config->stripe_webhook_tolerance_seconds, &local_error))
    {
      /* Stripe shows the answer in its dashboard: say which check failed,
       * never what was expected. */
      g_set_error_literal (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_SIGNATURE, local_error->message);
      return FALSE;
    }

  object = kt_request_read_object (req, error);
  if (object == NULL)
    return FALSE;
  root = json_node_init_object (json_node_alloc (), object);
  if (!kt_stripe_event_parse (root, &work.event, error))
    return FALSE;

  ok = kt_routes_in_transaction (req, apply_event_cb, &work, error);
  if (ok)
    {
      b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "received");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "duplicate");
      json_builder_add_boolean_value (b, work.duplicate);
      json_builder_end_object (b);
      answer = json_builder_get_root (b);
      kt_request_respond_json (req, 200, answer);
    }
  kt_stripe_event_clear (&work.event);
  return ok;
}

/* GET /v1/billing: the subscription with its history, what the limits
 * count now (the Billing pane's meters), and the plans. */
gboolean
kt_route_billing_get (KtRequest *req,
                      GError   **error)
{
  g_autofree char *subscription = NULL;
  g_autofree char *usage = NULL;
  g_autoptr(JsonNode) plans = NULL;
  g_autofree char *plans_text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *month = g_date_time_format (now, "%Y-%m");

  if (!kt_policy_may_manage_billing (req->auth.role, error))
    return FALSE;
  subscription = kt_pg_billing_subscription_json (req->pg, req->auth.org_id, error);
  if (subscription == NULL)
    return FALSE;
  usage = kt_pg_usage_json (req->pg, req->auth.org_id, month, error);
  if (usage == NULL)
    return FALSE;
  plans = kt_plans_to_json (req->config->plans);
  plans_text = json_to_string (plans, FALSE);
  kt_request_respond_text (req, 200, g_strdup_printf ("{\"subscription\":%s,\"usage\":%s,\"plans\":%s}",
                                                      subscription, usage, plans_text));
  return TRUE;
}

static gboolean
load_subscription (KtRequest        *req,
                   KtPgSubscription *sub,
                   GError          **error)
{
  return kt_policy_may_manage_billing (req->auth.role, error) &&
         kt_pg_billing_load (req->pg, req->auth.org_id, FALSE, sub, error);
}

static void
respond_url (KtRequest  *req,
             const char *url)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, url);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  kt_request_respond_json (req, 200, root);
}

static gboolean
is_paid (const KtPgSubscription *sub)
{
  return sub->subscription_id != NULL && g_strcmp0 (sub->status, "canceled") != 0 &&
         g_strcmp0 (sub->status, "incomplete") != 0;
}

/* POST /v1/billing/checkout {"plan": "starter"}: a Checkout Session's
 * URL for the client to open. An organization that pays already changes
 * plans in the customer portal, where Stripe prorates or waits for the
 * period's end. */
gboolean
kt_route_billing_checkout (KtRequest *req,
                           GError   **error)
{
  static const char * const allowed[] = { "plan", NULL };
  g_auto(KtPgSubscription) sub = { 0 };
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *email = NULL;
  g_autofree char *url = NULL;
  const char *plan_key = NULL;
  KtPlanId plan;

  if (!load_subscription (req, &sub, error))
    return FALSE;
  body = kt_request_read_object (req, error);
  if (body == NULL || !kt_routes_check_keys (body, allowed, error) ||
      !kt_json_get_string (body, "plan", TRUE, &plan_key, error))
    return FALSE;
  if (!kt_plan_from_key (plan_key, &plan) || req->config->plans[plan].stripe_price_id == NULL)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "plan",
                                 _("“%s” is not a plan that can be bought"), plan_key);
      return FALSE;
    }
  if (is_paid (&sub))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_CONFLICT,
                   _("The organization pays for a plan already: change it in the billing portal"));
      return FALSE;
    }
  email = kt_pg_billing_user_email (req->pg, req->auth.user_id, error);
  if (email == NULL)
    return FALSE;

  url = kt_billing_checkout (kt_server_get_billing (req->server), req->auth.org_id, plan, sub.customer_id,
                             email, error);
  if (url == NULL)
    return FALSE;
  respond_url (req, url);
  return TRUE;
}

/* POST /v1/billing/portal: Stripe's customer portal (plan changes, card,
 * invoices) for an organization that has been a customer. */
gboolean
kt_route_billing_portal (KtRequest *req,
                         GError   **error)
{
  g_auto(KtPgSubscription) sub = { 0 };
  g_autofree char *url = NULL;

  if (!load_subscription (req, &sub, error))
    return FALSE;
  if (sub.customer_id == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_CONFLICT,
                   _("The organization has never paid for a plan"));
      return FALSE;
    }
  url = kt_billing_portal (kt_server_get_billing (req->server), sub.customer_id, error);
  if (url == NULL)
    return FALSE;
  respond_url (req, url);
  return TRUE;
}

/* POST /v1/billing/cancel and /v1/billing/resume: the paid plan ends at
 * the period's end, or goes on after all. Stripe confirms with
 * customer.subscription.updated, which changes the subscription. */
static gboolean
set_cancel (KtRequest *req,
            gboolean   cancel,
            GError   **error)
{
  g_auto(KtPgSubscription) sub = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (!load_subscription (req, &sub, error))
    return FALSE;
  if (!is_paid (&sub))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_CONFLICT,
                   _("The organization has no paid plan to cancel or resume"));
      return FALSE;
    }
  if (!kt_billing_cancel_at_period_end (kt_server_get_billing (req->server), sub.subscription_id, cancel, error))
    return FALSE;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cancel_at_period_end");
  json_builder_add_boolean_value (b, cancel);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  kt_request_respond_json (req, 200, root);
  return TRUE;
}

gboolean
kt_route_billing_cancel (KtRequest *req,
                         GError   **error)
{
  return set_cancel (req, TRUE, error);
}

gboolean
kt_route_billing_resume (KtRequest *req,
                         GError   **error)
{
  return set_cancel (req, FALSE, error);
}
