/* test-billing.c: plans, Stripe's webhook and Checkout, against the
 * Stripe stand-in (kt-stripe-stand-in.c) and a real PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"
#include "kt-stripe-signature.h"
#include "kt-stripe-stand-in.h"
#include "kt-test-server.h"

static char *conninfo;

#define SECRET_OLD "whsec_old_kantora_test"
#define SECRET_NEW "whsec_new_kantora_test"

static const char * const secret_new[] = { SECRET_NEW, NULL };
static const char * const secret_old[] = { SECRET_OLD, NULL };
static const char * const secret_other[] = { "whsec_someone_else", NULL };

typedef struct {
  KtStripeStandIn *stripe;
  KtTestServer    *ts;
  KtTestAccount    owner;
  gint64           now;
  /* Stripe's ids, unique per test: the tests share one database. */
  char            *sub_id;
  char            *cus_id;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  KtServerConfig *config = kt_test_server_config_new (conninfo);

  f->stripe = kt_stripe_stand_in_new ();
  kt_stripe_stand_in_add_price (f->stripe, "price_starter");
  kt_stripe_stand_in_add_price (f->stripe, "price_pro");
  kt_set_str (&config->stripe_api_base, kt_stripe_stand_in_base (f->stripe));
  kt_set_str (&config->stripe_secret_key, KT_STAND_IN_SECRET_KEY);
  /* Rolling: both secrets are valid. */
  kt_set_str (&config->stripe_webhook_secrets, SECRET_OLD ", " SECRET_NEW);
  kt_set_str (&config->plans[KT_PLAN_STARTER].stripe_price_id, "price_starter");
  kt_set_str (&config->plans[KT_PLAN_PROFESSIONAL].stripe_price_id, "price_pro");
  config->stripe_timeout_seconds = 5;
  /* Small limits, so that the tests reach them. */
  config->plans[KT_PLAN_FREE].limits[KT_LIMIT_CONTACTS] = 3;
  config->plans[KT_PLAN_FREE].limits[KT_LIMIT_MEMBERS] = 2;
  config->plans[KT_PLAN_FREE].limits[KT_LIMIT_INVOICES_PER_MONTH] = 1;
  f->ts = kt_test_server_new_with_config (config);
  kt_test_register (f->ts, "Owner", &f->owner);
  f->now = g_get_real_time () / G_USEC_PER_SEC;
  f->sub_id = g_strdup_printf ("sub_%.8s", f->owner.org_id + 28);
  f->cus_id = g_strdup_printf ("cus_%.8s", f->owner.org_id + 28);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_server_free (f->ts);
  kt_stripe_stand_in_free (f->stripe);
  g_free (f->sub_id);
  g_free (f->cus_id);
}

/* Sends @json signed with the new secret, now; asserts @expect. */
static JsonNode *
send_event (Fixture *f, const char *json, guint expect)
{
  guint status = 0;
  JsonNode *answer = kt_stripe_send_event (f->ts->base, json, secret_new, f->now, NULL, &status);

  if (status != expect)
    g_error ("webhook answered %u, not %u: %s", status, expect,
             answer != NULL ? json_to_string (answer, FALSE) : "");
  return answer;
}

static char *
subscription_event (Fixture    *f,
                    const char *event_id,
                    const char *type,
                    gint64      created,
                    const char *status,
                    const char *price,
                    gboolean    cancel_at_period_end)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"object\":\"event\",\"type\":\"%s\",\"created\":%" G_GINT64_FORMAT ","
                          "\"livemode\":false,\"data\":{\"object\":{\"id\":\"%s\",\"object\":\"subscription\","
                          "\"customer\":\"%s\",\"status\":\"%s\",\"cancel_at_period_end\":%s,"
                          "\"metadata\":{\"org_id\":\"%s\"},\"items\":{\"object\":\"list\",\"data\":[{"
                          "\"id\":\"si_1\",\"price\":{\"id\":\"%s\"},\"quantity\":1,"
                          "\"current_period_start\":%" G_GINT64_FORMAT ",\"current_period_end\":%" G_GINT64_FORMAT
                          "}]}}}}",
                          event_id, type, created, f->sub_id, f->cus_id, status,
                          cancel_at_period_end ? "true" : "false",
                          f->owner.org_id, price, created, created + 30 * 86400);
}

/* An invoice event as API 2025-03-31.basil sends it: the subscription
 * under parent.subscription_details, without our metadata (so the
 * server finds the organization by the subscription id). */
static char *
invoice_event (Fixture    *f,
               const char *event_id,
               const char *type,
               gint64      created,
               const char *reason)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"object\":\"event\",\"type\":\"%s\",\"created\":%" G_GINT64_FORMAT ","
                          "\"data\":{\"object\":{\"id\":\"in_1\",\"object\":\"invoice\",\"customer\":\"%s\","
                          "\"billing_reason\":\"%s\",\"parent\":{\"type\":\"subscription_details\","
                          "\"subscription_details\":{\"subscription\":\"%s\",\"metadata\":{}}}}}}",
                          event_id, type, created, f->cus_id, reason, f->sub_id);
}

static JsonObject *
get_billing (Fixture *f)
{
  guint status = 0;
  JsonNode *node = kt_test_request (f->ts, "GET", "/v1/billing", f->owner.token, NULL, &status);
  JsonObject *subscription;

  g_assert_cmpuint (status, ==, 200);
  subscription = json_object_ref (json_object_get_object_member (json_node_get_object (node), "subscription"));
  json_node_unref (node);
  return subscription;
}

static guint
history_count (Fixture *f, const char *event)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM subscription_histories WHERE org_id = '%s'"
                                          " AND event = '%s'", f->owner.org_id, event);
  g_autofree char *count = kt_test_pg_query (conninfo, sql);

  return (guint) g_ascii_strtoull (count, NULL, 10);
}

static void
test_plans (Fixture *f, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) node = kt_test_request (f->ts, "GET", "/v1/plans", NULL, NULL, &status);
  JsonArray *plans;
  JsonObject *free_plan;
  JsonObject *enterprise;

  g_assert_cmpuint (status, ==, 200);
  plans = json_object_get_array_member (json_node_get_object (node), "plans");
  g_assert_cmpuint (json_array_get_length (plans), ==, 4);
  free_plan = json_array_get_object_element (plans, 0);
  g_assert_cmpstr (json_object_get_string_member (free_plan, "id"), ==, "free");
  g_assert_false (json_object_get_boolean_member (free_plan, "purchasable"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (free_plan, "limits"), "contacts"),
                   ==, 3);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (plans, 1), "purchasable"));
  enterprise = json_array_get_object_element (plans, 3);
  g_assert_true (json_object_get_null_member (json_object_get_object_member (enterprise, "limits"), "members"));
  /* The price ids are the server's business. */
  {
    g_autofree char *text = json_to_string (node, FALSE);

    g_assert_null (strstr (text, "price_"));
  }
}

static void
test_signature_refusals (Fixture *f, gconstpointer data)
{
  g_autofree char *event = subscription_event (f, "evt_sig", "customer.subscription.created", f->now, "active",
                                               "price_starter", FALSE);
  guint status = 0;
  g_autoptr(JsonNode) forged = kt_stripe_send_event (f->ts->base, event, secret_other, f->now, NULL, &status);
  g_autoptr(JsonNode) stale = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) malformed = NULL;
  g_autoptr(JsonNode) by_old = NULL;
  g_autoptr(JsonObject) sub = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *header = NULL;
  g_autoptr(JsonNode) changed = NULL;

  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (kt_test_json_string (forged, "error.code"), ==, "bad_signature");

  /* Signed right, but 10 minutes ago: a replay. */
  stale = kt_stripe_send_event (f->ts->base, event, secret_new, f->now - 600, NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (kt_test_json_string (stale, "error.code"), ==, "bad_signature");
  g_assert_nonnull (strstr (kt_test_json_string (stale, "error.message"), "300"));

  missing = kt_stripe_send_event (f->ts->base, event, secret_new, f->now, "", &status);
  g_assert_cmpuint (status, ==, 400);
  malformed = kt_stripe_send_event (f->ts->base, event, secret_new, f->now, "t=abc,v1=zz", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (kt_test_json_string (malformed, "error.code"), ==, "bad_signature");

  /* A body changed after signing. */
  header = kt_stripe_signature_sign ((const guint8 *) event, strlen (event), secret_new, f->now);
  tampered = g_strdup (event);
  tampered[strlen (tampered) - 10] = ' ';
  changed = kt_stripe_send_event (f->ts->base, tampered, NULL, f->now, header, &status);
  g_assert_cmpuint (status, ==, 400);

  /* Nothing of that reached the subscription. */
  sub = get_billing (f);
  g_assert_cmpstr (json_object_get_string_member (sub, "plan"), ==, "free");
  {
    g_autofree char *count = kt_test_pg_query (conninfo, "SELECT count(*) FROM stripe_events WHERE event_id = 'evt_sig'");

    g_assert_cmpstr (count, ==, "0");
  }

  /* Either secret of the roll is accepted. */
  by_old = kt_stripe_send_event (f->ts->base, event, secret_old, f->now, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&sub, json_object_unref);
  sub = get_billing (f);
  g_assert_cmpstr (json_object_get_string_member (sub, "plan"), ==, "starter");
}

/* The events' own times come after the registration's "created" row,
 * as a real subscription's do. */
static void
test_lifecycle (Fixture *f, gconstpointer data)
{
  g_autofree char *checkout = g_strdup_printf (
    "{\"id\":\"evt_cs\",\"type\":\"checkout.session.completed\",\"created\":%" G_GINT64_FORMAT ","
    "\"data\":{\"object\":{\"id\":\"cs_1\",\"object\":\"checkout.session\",\"client_reference_id\":\"%s\","
    "\"customer\":\"%s\",\"subscription\":\"%s\",\"mode\":\"subscription\"}}}",
    f->now + 1000 - 100, f->owner.org_id, f->cus_id, f->sub_id);
  g_autofree char *created = subscription_event (f, "evt_created", "customer.subscription.created", f->now + 1000 - 99,
                                                 "active", "price_starter", FALSE);
  g_autofree char *renewed = invoice_event (f, "evt_renew", "invoice.paid", f->now + 1000 - 50, "subscription_cycle");
  g_autofree char *failed = invoice_event (f, "evt_failed", "invoice.payment_failed", f->now + 1000 - 40,
                                           "subscription_cycle");
  g_autofree char *paid = invoice_event (f, "evt_paid", "invoice.paid", f->now + 1000 - 30, "subscription_cycle");
  g_autofree char *deleted = subscription_event (f, "evt_deleted", "customer.subscription.deleted", f->now + 1000 - 10,
                                                 "canceled", "price_starter", FALSE);
  g_autoptr(JsonNode) dup = NULL;
  g_autoptr(JsonObject) sub = NULL;
  g_autofree char *last = NULL;

  json_node_unref (send_event (f, checkout, 200));
  json_node_unref (send_event (f, created, 200));
  sub = get_billing (f);
  g_assert_cmpstr (json_object_get_string_member (sub, "plan"), ==, "starter");
  g_assert_cmpstr (json_object_get_string_member (sub, "status"), ==, "active");
  g_assert_nonnull (json_object_get_string_member (sub, "current_period_end"));
  g_assert_cmpuint (history_count (f, "upgraded"), ==, 1);
  last = g_strdup_printf ("SELECT stripe_customer_id || ' ' || stripe_subscription_id || ' ' || users_limit"
                          " FROM subscriptions WHERE org_id = '%s'", f->owner.org_id);
  {
    g_autofree char *expected = g_strdup_printf ("%s %s 5", f->cus_id, f->sub_id);
    g_autofree char *got = kt_test_pg_query (conninfo, last);

    g_assert_cmpstr (got, ==, expected);
  }

  /* A redelivery: answered, and nothing happens twice. */
  dup = send_event (f, created, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (dup), "duplicate"));
  g_assert_cmpuint (history_count (f, "upgraded"), ==, 1);

  json_node_unref (send_event (f, renewed, 200));
  g_assert_cmpuint (history_count (f, "renewed"), ==, 1);

  /* A failed payment: past_due, with the time it started. */
  json_node_unref (send_event (f, failed, 200));
  g_clear_pointer (&sub, json_object_unref);
  sub = get_billing (f);
  g_assert_cmpstr (json_object_get_string_member (sub, "status"), ==, "past_due");
  g_assert_nonnull (json_object_get_string_member (sub, "past_due_since"));
  g_assert_cmpuint (history_count (f, "payment_failed"), ==, 1);

  json_node_unref (send_event (f, paid, 200));
  g_clear_pointer (&sub, json_object_unref);
  sub = get_billing (f);
  g_assert_cmpstr (json_object_get_string_member (sub, "status"), ==, "active");
  g_assert_true (json_object_get_null_member (sub, "past_due_since"));

  json_node_unref (send_event (f, deleted, 200));
  g_clear_pointer (&sub, json_object_unref);
  sub = get_billing (f);
  g_assert_cmpstr (json_object_get_string_member (sub, "plan"), ==, "free");
  g_assert_cmpstr (json_object_get_string_member (sub, "status"), ==, "canceled");
  g_assert_cmpuint (history_count (f, "canceled"), ==, 1);
  /* Newest first. */
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (sub, "history"), 0), "event"),
                   ==, "canceled");
}

/* Stripe delivers in any order: what counts is when each event was made. */
static void
test_out_of_order (Fixture *f, gconstpointer data)
{
  g_autofree char *created = subscription_event (f, "evt_o1", "customer.subscription.created", f->now - 300,
                                                 "active", "price_starter", FALSE);
  g_autofree char *upgraded = subscription_event (f, "evt_o2", "customer.subscription.updated", f->now - 200,
                                                  "active", "price_pro", FALSE);
  g_autofree char *old_failure = invoice_event (f, "evt_o3", "invoice.payment_failed", f->now - 250,
                                                "subscription_cycle");
  g_autofree char *to_cancel = subscription_event (f, "evt_o4", "customer.subscription.updated", f->now - 100,
                                                   "active", "price_pro", TRUE);
  g_autoptr(JsonObject) sub = NULL;

  /* Newest first: the upgrade to Professional, then the creation on
   * Starter and a failed payment that both came before it. */
  json_node_unref (send_event (f, upgraded, 200));
  json_node_unref (send_event (f, created, 200));
  json_node_unref (send_event (f, old_failure, 200));
  sub = get_billing (f);
  g_assert_cmpstr (json_object_get_string_member (sub, "plan"), ==, "professional");
  g_assert_cmpstr (json_object_get_string_member (sub, "status"), ==, "active");
  /* The failure is history all the same. */
  g_assert_cmpuint (history_count (f, "payment_failed"), ==, 1);
  g_assert_cmpuint (history_count (f, "downgraded"), ==, 0);

  json_node_unref (send_event (f, to_cancel, 200));
  g_clear_pointer (&sub, json_object_unref);
  sub = get_billing (f);
  g_assert_true (json_object_get_boolean_member (sub, "cancel_at_period_end"));
  g_assert_cmpstr (json_object_get_string_member (sub, "plan"), ==, "professional");
}

static void
test_unknown_and_malformed (Fixture *f, gconstpointer data)
{
  g_autofree char *other = g_strdup_printf ("{\"id\":\"evt_x\",\"type\":\"customer.created\",\"created\":%"
                                            G_GINT64_FORMAT ",\"data\":{\"object\":{\"id\":\"cus_9\"}}}", f->now);
  g_autoptr(JsonNode) no_id = NULL;
  g_autoptr(JsonNode) no_type = NULL;
  g_autoptr(JsonNode) deep = NULL;
  GString *nested = g_string_new ("{\"a\":");
  g_autofree char *deep_text = NULL;

  /* An event the server does not act on is still acknowledged. */
  json_node_unref (send_event (f, other, 200));
  no_id = send_event (f, "{\"type\":\"invoice.paid\",\"created\":1,\"data\":{\"object\":{}}}", 400);
  g_assert_cmpstr (kt_test_json_string (no_id, "error.field"), ==, "id");
  /* An empty type is no type, not an event of a type left alone. */
  no_type = send_event (f, "{\"id\":\"evt_y\",\"type\":\"\",\"created\":1,\"data\":{\"object\":{}}}", 400);
  g_assert_cmpstr (kt_test_json_string (no_type, "error.field"), ==, "type");

  /* The JSON guard runs on signed bodies too. */
  for (guint i = 0; i < 100; i++)
    g_string_append (nested, "[");
  for (guint i = 0; i < 100; i++)
    g_string_append (nested, "]");
  g_string_append (nested, "}");
  deep_text = g_string_free (nested, FALSE);
  deep = send_event (f, deep_text, 400);
}

static void
test_pull_carries_subscription (Fixture *f, gconstpointer data)
{
  g_autofree char *created = subscription_event (f, "evt_p1", "customer.subscription.created", f->now - 5,
                                                 "active", "price_pro", FALSE);
  guint status = 0;
  g_autoptr(JsonNode) first = kt_test_request (f->ts, "GET", "/v1/sync/pull?protocol=2&cursor=0",
                                               f->owner.token, NULL, &status);
  g_autoptr(JsonNode) next = NULL;
  g_autofree char *path = NULL;
  gint64 cursor;

  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (first, "subscription.plan"), ==, "free");
  cursor = json_object_get_int_member (json_node_get_object (first), "cursor");

  json_node_unref (send_event (f, created, 200));
  path = g_strdup_printf ("/v1/sync/pull?protocol=2&cursor=%" G_GINT64_FORMAT, cursor);
  next = kt_test_request (f->ts, "GET", path, f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (next, "subscription.plan"), ==, "professional");
  g_assert_cmpstr (kt_test_json_string (next, "subscription.status"), ==, "active");
}

static void
test_checkout (Fixture *f, gconstpointer data)
{
  KtTestAccount member = { 0 };
  guint status = 0;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) forbidden = NULL;
  g_autoptr(JsonNode) free_plan = NULL;
  g_autoptr(JsonNode) retried = NULL;
  g_autofree char *first_key = NULL;

  answer = kt_test_request (f->ts, "POST", "/v1/billing/checkout", f->owner.token, "{\"plan\":\"starter\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_str_has_prefix (kt_test_json_string (answer, "url"), "https://checkout.stripe.com/"));
  g_assert_cmpstr (kt_stripe_stand_in_last_path (f->stripe), ==, "/v1/checkout/sessions");
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "client_reference_id"), ==, f->owner.org_id);
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "subscription_data[metadata][org_id]"), ==,
                   f->owner.org_id);
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "line_items[0][price]"), ==, "price_starter");
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "customer_email"), ==, f->owner.email);
  g_assert_cmpuint (kt_stripe_stand_in_refused (f->stripe), ==, 0);
  first_key = g_strdup (kt_stripe_stand_in_last_key (f->stripe));

  /* Stripe fails once: the server tries again with the same key. */
  kt_stripe_stand_in_fail_next (f->stripe, 1);
  retried = kt_test_request (f->ts, "POST", "/v1/billing/checkout", f->owner.token, "{\"plan\":\"professional\"}",
                             &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (kt_stripe_stand_in_requests (f->stripe), ==, 3);
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "line_items[0][price]"), ==, "price_pro");
  g_assert_cmpstr (kt_stripe_stand_in_last_key (f->stripe), !=, first_key);
  g_assert_cmpstr (kt_stripe_stand_in_last_key (f->stripe), ==, kt_stripe_stand_in_failed_key (f->stripe));

  /* Stripe keeps failing: a clear error, Stripe's words in it. */
  kt_stripe_stand_in_fail_next (f->stripe, 2);
  g_clear_pointer (&answer, json_node_unref);
  g_test_expect_message ("kt-request", G_LOG_LEVEL_WARNING, "*Stripe refused the request (500, api_error)*");
  answer = kt_test_request (f->ts, "POST", "/v1/billing/checkout", f->owner.token, "{\"plan\":\"starter\"}", &status);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (status, ==, 502);
  g_assert_cmpstr (kt_test_json_string (answer, "error.code"), ==, "payment_provider");
  g_assert_nonnull (strstr (kt_test_json_string (answer, "error.message"), "api_error"));

  free_plan = kt_test_request (f->ts, "POST", "/v1/billing/checkout", f->owner.token, "{\"plan\":\"free\"}", &status);
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (kt_test_json_string (free_plan, "error.field"), ==, "plan");

  kt_test_add_member (f->ts, &f->owner, "manager", &member);
  forbidden = kt_test_request (f->ts, "POST", "/v1/billing/checkout", member.token, "{\"plan\":\"starter\"}", &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&forbidden, json_node_unref);
  forbidden = kt_test_request (f->ts, "GET", "/v1/billing", member.token, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  kt_test_account_clear (&member);
}

static void
test_portal_cancel_resume (Fixture *f, gconstpointer data)
{
  g_autofree char *created = subscription_event (f, "evt_c1", "customer.subscription.created", f->now - 5,
                                                 "active", "price_starter", FALSE);
  guint status = 0;
  g_autoptr(JsonNode) none = kt_test_request (f->ts, "POST", "/v1/billing/portal", f->owner.token, NULL, &status);
  g_autoptr(JsonNode) portal = NULL;
  g_autoptr(JsonNode) cancel = NULL;
  g_autoptr(JsonNode) resume = NULL;
  g_autoptr(JsonNode) again = NULL;

  g_assert_cmpuint (status, ==, 409);
  json_node_unref (send_event (f, created, 200));
  portal = kt_test_request (f->ts, "POST", "/v1/billing/portal", f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_str_has_prefix (kt_test_json_string (portal, "url"), "https://billing.stripe.com/"));
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "customer"), ==, f->cus_id);

  cancel = kt_test_request (f->ts, "POST", "/v1/billing/cancel", f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    g_autofree char *path = g_strconcat ("/v1/subscriptions/", f->sub_id, NULL);

    g_assert_cmpstr (kt_stripe_stand_in_last_path (f->stripe), ==, path);
  }
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "cancel_at_period_end"), ==, "true");
  resume = kt_test_request (f->ts, "POST", "/v1/billing/resume", f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "cancel_at_period_end"), ==, "false");

  /* Paying already: plan changes go through the portal. */
  again = kt_test_request (f->ts, "POST", "/v1/billing/checkout", f->owner.token, "{\"plan\":\"professional\"}",
                           &status);
  g_assert_cmpuint (status, ==, 409);
}

/* The stand-in's own checks, so that the tests above prove something. */
static void
test_stand_in_checks (Fixture *f, gconstpointer data)
{
  const char * const good[] = { "Authorization", "Bearer " KT_STAND_IN_SECRET_KEY,
                                "Stripe-Version", KT_STAND_IN_VERSION, "Idempotency-Key", "k1", NULL };
  const char * const no_key[] = { "Authorization", "Bearer " KT_STAND_IN_SECRET_KEY,
                                  "Stripe-Version", KT_STAND_IN_VERSION, NULL };
  const char * const bad_auth[] = { "Authorization", "Bearer sk_wrong", "Stripe-Version", KT_STAND_IN_VERSION,
                                    "Idempotency-Key", "k2", NULL };
  const char *form = "mode=subscription&line_items%5B0%5D%5Bprice%5D=price_starter&line_items%5B0%5D%5Bquantity%5D=1"
                     "&success_url=https%3A%2F%2Fx&cancel_url=https%3A%2F%2Fx&client_reference_id=o"
                     "&customer_email=a%40b.c";
  guint status = 0;
  g_autoptr(JsonNode) first = kt_stripe_stand_in_call (f->stripe, "/v1/checkout/sessions", good, form, &status);
  g_autoptr(JsonNode) same = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) unkeyed = NULL;
  g_autoptr(JsonNode) unauthorized = NULL;
  g_autoptr(JsonNode) missing = NULL;

  g_assert_cmpuint (status, ==, 200);
  same = kt_stripe_stand_in_call (f->stripe, "/v1/checkout/sessions", good, form, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (same, "id"), ==, kt_test_json_string (first, "id"));
  other = kt_stripe_stand_in_call (f->stripe, "/v1/checkout/sessions", good, "mode=subscription", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (kt_test_json_string (other, "error.type"), ==, "idempotency_error");
  unkeyed = kt_stripe_stand_in_call (f->stripe, "/v1/checkout/sessions", no_key, form, &status);
  g_assert_cmpuint (status, ==, 400);
  unauthorized = kt_stripe_stand_in_call (f->stripe, "/v1/checkout/sessions", bad_auth, form, &status);
  g_assert_cmpuint (status, ==, 401);
  missing = kt_stripe_stand_in_call (f->stripe, "/v1/checkout/sessions", good + 0, "mode=subscription", &status);
  g_assert_cmpuint (status, ==, 400);
}

static guint
create_contact (Fixture *f, const char *name, char **out_id, char **out_code)
{
  guint status = 0;
  g_autoptr(JsonNode) answer = kt_test_requestf (f->ts, "POST", "/v1/contacts", f->owner.token, &status,
                                                 "{\"first_name\":\"%s\"}", name);

  if (out_id != NULL)
    *out_id = status == 201 ? g_strdup (kt_test_json_string (answer, "id")) : NULL;
  if (out_code != NULL)
    g_free (*out_code);
  if (out_code != NULL)
    *out_code = status != 201 ? g_strdup_printf ("%s %s", kt_test_json_string (answer, "error.code"),
                                                 kt_test_json_string (answer, "error.field")) : NULL;
  return status;
}

/* Free allows 3 contacts here: the fourth is refused naming the limit,
 * through REST and through sync; a deleted one makes room; an upgrade
 * lifts the limit, a downgrade keeps what is there readable and refuses
 * more. */
static void
test_contacts_limit (Fixture *f, gconstpointer data)
{
  g_autofree char *first = NULL;
  g_autofree char *code = NULL;
  g_autofree char *pro = subscription_event (f, "evt_l1", "customer.subscription.created", f->now + 10, "active",
                                             "price_pro", FALSE);
  g_autofree char *down = subscription_event (f, "evt_l2", "customer.subscription.updated", f->now + 20,
                                              "active", "price_starter", FALSE);
  g_autoptr(KtHlc) clock = kt_hlc_new ("00000000000b111e");
  g_autofree char *stamp = kt_hlc_tick (clock);
  g_autofree char *record_id = kt_uuid_new ();
  g_autoptr(JsonNode) pushed = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *result;
  guint status = 0;

  g_assert_cmpuint (create_contact (f, "One", &first, NULL), ==, 201);
  g_assert_cmpuint (create_contact (f, "Two", NULL, NULL), ==, 201);
  g_assert_cmpuint (create_contact (f, "Three", NULL, NULL), ==, 201);
  g_assert_cmpuint (create_contact (f, "Four", NULL, &code), ==, 403);
  g_assert_cmpstr (code, ==, "plan_limit contacts");
  {
    g_autoptr(JsonNode) billing = kt_test_request (f->ts, "GET", "/v1/billing", f->owner.token, NULL, &status);
    JsonObject *usage = json_object_get_object_member (json_node_get_object (billing), "usage");

    g_assert_cmpint (json_object_get_int_member (usage, "contacts"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (usage, "members"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (usage, "deals"), ==, 0);
  }

  /* Sync: the same rule, as a rejection; nothing is written. */
  pushed = kt_test_requestf (f->ts, "POST", "/v1/sync/push", f->owner.token, &status,
                             "{\"protocol\":2,\"client_id\":\"0190a0a0-0000-7000-8000-0000000b111e\","
                             "\"mutations\":[{\"id\":1,\"entity\":\"contact\",\"record_id\":\"%s\","
                             "\"fields\":{\"first_name\":\"Offline\"},\"clocks\":{\"first_name\":\"%s\"}}]}",
                             record_id, stamp);
  g_assert_cmpuint (status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (pushed), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "plan_limit");
  g_assert_cmpstr (json_object_get_string_member (result, "field"), ==, "contacts");

  /* A delete makes room. */
  {
    g_autofree char *path = g_strconcat ("/v1/contacts/", first, NULL);
    g_autoptr(JsonNode) deleted = kt_test_request (f->ts, "DELETE", path, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, <, 300);
  }
  g_assert_cmpuint (create_contact (f, "Four", NULL, NULL), ==, 201);

  /* Professional: 100,000 contacts. */
  json_node_unref (send_event (f, pro, 200));
  g_assert_cmpuint (create_contact (f, "Five", NULL, NULL), ==, 201);
  g_assert_cmpuint (create_contact (f, "Six", NULL, NULL), ==, 201);

  /* Back on a plan of 3 contacts (Free's limits here; Starter allows
   * 10,000): set Starter to 3 to see a downgrade over its limits. */
  f->ts->config->plans[KT_PLAN_STARTER].limits[KT_LIMIT_CONTACTS] = 3;
  json_node_unref (send_event (f, down, 200));
  g_assert_cmpuint (history_count (f, "downgraded"), ==, 1);
  g_assert_cmpuint (create_contact (f, "Seven", NULL, &code), ==, 403);
  list = kt_test_request (f->ts, "GET", "/v1/contacts", f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "items")),
                    ==, 5);
}

/* A payment overdue past the grace period blocks growth, not reads. */
static void
test_past_due_grace (Fixture *f, gconstpointer data)
{
  g_autofree char *created = subscription_event (f, "evt_g1", "customer.subscription.created", f->now - 10 * 86400,
                                                 "active", "price_pro", FALSE);
  g_autofree char *failed = invoice_event (f, "evt_g2", "invoice.payment_failed", f->now - 8 * 86400,
                                           "subscription_cycle");
  g_autofree char *code = NULL;
  g_autofree char *paid = invoice_event (f, "evt_g3", "invoice.paid", f->now - 60, "subscription_cycle");
  g_autoptr(JsonNode) list = NULL;
  guint status = 0;

  json_node_unref (send_event (f, created, 200));
  g_assert_cmpuint (create_contact (f, "Before", NULL, NULL), ==, 201);
  json_node_unref (send_event (f, failed, 200));
  g_assert_cmpuint (create_contact (f, "During", NULL, &code), ==, 403);
  g_assert_cmpstr (code, ==, "plan_limit contacts");
  list = kt_test_request (f->ts, "GET", "/v1/contacts", f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  /* Paid: growth again. */
  json_node_unref (send_event (f, paid, 200));
  g_assert_cmpuint (create_contact (f, "After", NULL, NULL), ==, 201);
}

/* Free allows 1 invoice a month here; a deleted one still counts (the
 * limit is on invoices made), companies have no limit. */
static void
test_invoices_limit (Fixture *f, gconstpointer data)
{
  const char *body = "{\"issue_date\":\"2026-12-01\",\"client_name\":\"Балкан ООД\"}";
  guint status = 0;
  g_autoptr(JsonNode) first = kt_test_request (f->ts, "POST", "/v1/invoices", f->owner.token, body, &status);
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpuint (status, ==, 201);
  second = kt_test_request (f->ts, "POST", "/v1/invoices", f->owner.token, body, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (kt_test_json_string (second, "error.code"), ==, "plan_limit");
  g_assert_cmpstr (kt_test_json_string (second, "error.field"), ==, "invoices_per_month");

  path = g_strconcat ("/v1/invoices/", kt_test_json_string (first, "id"), NULL);
  deleted = kt_test_request (f->ts, "DELETE", path, f->owner.token, NULL, &status);
  g_assert_cmpuint (status, <, 300);
  third = kt_test_request (f->ts, "POST", "/v1/invoices", f->owner.token, body, &status);
  g_assert_cmpuint (status, ==, 403);

  for (guint i = 0; i < 5; i++)
    g_free (kt_test_create (f->ts, f->owner.token, "companies", "{\"name\":\"Стройинвест ООД\"}"));
}

/* Free allows 2 members here: the owner and one invitation. */
static void
test_members_limit (Fixture *f, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) first = kt_test_request (f->ts, "POST", "/v1/team/invitations", f->owner.token,
                                               "{\"email\":\"one@example.com\",\"role\":\"user\"}", &status);
  g_autoptr(JsonNode) second = NULL;

  g_assert_cmpuint (status, ==, 201);
  second = kt_test_request (f->ts, "POST", "/v1/team/invitations", f->owner.token,
                            "{\"email\":\"two@example.com\",\"role\":\"user\"}", &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (kt_test_json_string (second, "error.code"), ==, "plan_limit");
  g_assert_cmpstr (kt_test_json_string (second, "error.field"), ==, "members");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("billing");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/billing/plans", test_plans);
  ADD ("/server/billing/signature-refusals", test_signature_refusals);
  ADD ("/server/billing/lifecycle", test_lifecycle);
  ADD ("/server/billing/out-of-order", test_out_of_order);
  ADD ("/server/billing/unknown-and-malformed", test_unknown_and_malformed);
  ADD ("/server/billing/pull", test_pull_carries_subscription);
  ADD ("/server/billing/checkout", test_checkout);
  ADD ("/server/billing/portal-cancel-resume", test_portal_cancel_resume);
  ADD ("/server/billing/stand-in", test_stand_in_checks);
  ADD ("/server/billing/contacts-limit", test_contacts_limit);
  ADD ("/server/billing/past-due-grace", test_past_due_grace);
  ADD ("/server/billing/members-limit", test_members_limit);
  ADD ("/server/billing/invoices-limit", test_invoices_limit);
#undef ADD

  return g_test_run ();
}
