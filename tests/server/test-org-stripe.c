/* test-org-stripe.c: the organization's own Stripe account: its sealed
 * key, a payment link per invoice, and its webhook paying the invoice,
 * against the Stripe stand-in and a real PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-job-runner.h"
#include "kt-stripe-stand-in.h"
#include "kt-test-server.h"

static char *conninfo;
static char *key_file;

/* The server's secret key ([server] secret-key-file), and the one before
 * it, [stripe] org-secrets-key, still configured for what it sealed. */
#define NEW_SERVER_KEY "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
#define SERVER_KEY "4f2b8c0e9a1d3f5b7c6e8a0b2d4f6a8c1e3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f"
/* KT_STAND_IN_ORG_KEY and ORG_SECRET as kt-org-stripe.c sealed them under
 * SERVER_KEY before kt-secret-box (nonce and box, no key id). */
#define OLD_KEY_BOX "lBkQoA+Hq2x/QGxfur4fnXN/BlUpYVmU85qFYO2iVjtXxkN4DT/wU89MLH0rzPeMgJmi3UR0Z2YmUOi4/nZ1jpVI+H8="
#define OLD_SECRET_BOX "KE0cFrs3OQnpVsLFPmHzm7Sv5t9Ma0tT1ZsrdF5+kAiQYoiYAhj95sACBdV5x39/lXvVkUMQqqS9FqSgKJYyTrVE"
#define ORG_SECRET "whsec_org_kantora_test_one"
#define OTHER_SECRET "whsec_org_kantora_test_two"

static const char * const org_secret[] = { ORG_SECRET, NULL };
static const char * const other_secret[] = { OTHER_SECRET, NULL };

typedef struct {
  KtStripeStandIn *stripe;
  KtTestServer    *ts;
  KtTestAccount    owner;
  gint64           now;
  KtServerConfig  *config;   /* the server's, borrowed */
  KtJobRunner     *runner;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  KtServerConfig *config = kt_test_server_config_new (conninfo);

  f->stripe = kt_stripe_stand_in_new ();
  kt_set_str (&config->stripe_api_base, kt_stripe_stand_in_base (f->stripe));
  kt_set_str (&config->secret_key_file, key_file);
  kt_set_str (&config->stripe_org_secrets_key, SERVER_KEY);
  config->stripe_timeout_seconds = 5;
  f->config = config;
  f->ts = kt_test_server_new_with_config (config);
  kt_test_register (f->ts, "Owner", &f->owner);
  f->now = g_get_real_time () / G_USEC_PER_SEC;
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  g_clear_pointer (&f->runner, kt_job_runner_free);
  kt_test_server_free (f->ts);
  kt_stripe_stand_in_free (f->stripe);
}

static JsonNode *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *token,
         const char *body,
         guint       expect)
{
  guint status = 0;
  JsonNode *n = kt_test_request (f->ts, method, path, token, body, &status);

  if (status != expect)
    g_error ("%s %s answered %u, not %u: %s", method, path, status, expect,
             n != NULL ? json_to_string (n, FALSE) : "");
  return n;
}

static void
store_key (Fixture       *f,
           KtTestAccount *account,
           const char    *secret)
{
  g_autofree char *body = g_strdup_printf ("{\"key\":\"%s\",\"webhook_secret\":\"%s\"}",
                                           KT_STAND_IN_ORG_KEY, secret);
  g_autoptr(JsonNode) n = request (f, "PUT", "/v1/organization/stripe", account->token, body, 200);

  g_assert_true (json_object_get_boolean_member (json_node_get_object (n), "configured"));
}

static gint64
int_member (JsonNode   *n,
            const char *name)
{
  return json_object_get_int_member (json_node_get_object (n), name);
}

/* An issued invoice of @account's organization with one line; its total. */
static char *
issued_invoice (Fixture       *f,
                KtTestAccount *account,
                gint64        *out_total)
{
  g_autofree char *id = kt_test_create (f->ts, account->token, "invoices",
                                        "{\"issue_date\":\"2026-12-01\",\"client_name\":\"Балкан ООД\","
                                        "\"currency\":\"EUR\"}");
  g_autofree char *line = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"Work\",\"quantity\":1000,"
                                           "\"unit_price\":12500,\"vat_bps\":2000}", id);
  g_autofree char *item = kt_test_create (f->ts, account->token, "invoice_items", line);
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s", id);
  g_autoptr(JsonNode) n = NULL;

  kt_test_patch_ok (f->ts, account->token, "invoices", id, "{\"status\":\"issued\"}");
  n = request (f, "GET", path, account->token, NULL, 200);
  *out_total = int_member (n, "total");
  g_assert_cmpint (*out_total, >, 0);
  return g_steal_pointer (&id);
}

static void
test_key_sealed (Fixture *f, gconstpointer data)
{
  KtTestAccount admin = { 0, };
  g_autofree char *sql = NULL;
  g_autofree char *first_box = NULL;
  g_autofree char *second_box = NULL;
  g_autofree char *found = NULL;

  {
    g_autoptr(JsonNode) n = request (f, "GET", "/v1/organization/stripe", f->owner.token, NULL, 200);

    g_assert_false (json_object_get_boolean_member (json_node_get_object (n), "configured"));
  }
  store_key (f, &f->owner, ORG_SECRET);
  {
    g_autoptr(JsonNode) n = request (f, "GET", "/v1/organization/stripe", f->owner.token, NULL, 200);
    g_autofree char *text = json_to_string (n, FALSE);

    g_assert_cmpstr (kt_test_json_string (n, "key_last4"), ==, "d_in");
    /* Neither the key nor the secret, in any member. */
    g_assert_null (strstr (text, "rk_"));
    g_assert_null (strstr (text, "whsec_"));
  }

  /* The table holds sealed boxes: no plaintext, not even once decoded. */
  sql = g_strdup_printf ("SELECT key_box FROM org_stripe WHERE org_id = '%s'", f->owner.org_id);
  first_box = kt_test_pg_query (conninfo, sql);
  g_assert_nonnull (first_box);
  g_free (sql);
  /* "ksb1:" and base64 (server/core/kt-secret-box.h). position(), not
   * LIKE: in a LIKE pattern "_" is any character, and a random box
   * holding "rk" and one more would fail the test one run in forty. */
  sql = g_strdup_printf ("SELECT count(*) FROM org_stripe WHERE org_id = '%s' AND"
                         " (key_box NOT LIKE 'ksb1:%%' OR webhook_secret_box NOT LIKE 'ksb1:%%'"
                         " OR position(convert_to('%s', 'UTF8') in decode(substr(key_box, 6), 'base64')) > 0"
                         " OR position(convert_to('%s', 'UTF8') in decode(substr(webhook_secret_box, 6), 'base64')) > 0"
                         " OR position('rk_' in key_box) > 0 OR position('whsec' in webhook_secret_box) > 0)",
                         f->owner.org_id, KT_STAND_IN_ORG_KEY, ORG_SECRET);
  found = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (found, ==, "0");

  /* Stored again: a fresh nonce, another box. */
  store_key (f, &f->owner, ORG_SECRET);
  g_free (sql);
  sql = g_strdup_printf ("SELECT key_box FROM org_stripe WHERE org_id = '%s'", f->owner.org_id);
  second_box = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (first_box, !=, second_box);

  /* Owners only; a secret key (sk_) is refused for a restricted one. */
  kt_test_add_member (f->ts, &f->owner, "admin", &admin);
  {
    g_autoptr(JsonNode) n = request (f, "GET", "/v1/organization/stripe", admin.token, NULL, 403);
    g_autoptr(JsonNode) m = request (f, "PUT", "/v1/organization/stripe", admin.token,
                                     "{\"key\":\"rk_test_admin_key_here\",\"webhook_secret\":\"whsec_admin_secret\"}",
                                     403);
    g_autoptr(JsonNode) d = request (f, "DELETE", "/v1/organization/stripe", admin.token, NULL, 403);
    g_autoptr(JsonNode) s = request (f, "PUT", "/v1/organization/stripe", f->owner.token,
                                     "{\"key\":\"sk_test_full_secret_key\",\"webhook_secret\":\"whsec_a_secret\"}",
                                     422);

    g_assert_cmpstr (kt_test_json_string (s, "error.field"), ==, "key");
  }
  {
    g_autoptr(JsonNode) n = request (f, "DELETE", "/v1/organization/stripe", f->owner.token, NULL, 204);
    g_autoptr(JsonNode) m = request (f, "GET", "/v1/organization/stripe", f->owner.token, NULL, 200);

    g_assert_false (json_object_get_boolean_member (json_node_get_object (m), "configured"));
  }
  kt_test_account_clear (&admin);
}

static void
test_link_once (Fixture *f, gconstpointer data)
{
  gint64 total = 0;
  g_autofree char *invoice = issued_invoice (f, &f->owner, &total);
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/payment-link", invoice);
  g_autofree char *get_path = g_strdup_printf ("/v1/invoices/%s", invoice);
  g_autofree char *url = NULL;
  g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, total);

  /* No key yet: nothing to make the link with. */
  {
    g_autoptr(JsonNode) n = request (f, "POST", path, f->owner.token, NULL, 409);
  }
  store_key (f, &f->owner, ORG_SECRET);
  {
    g_autoptr(JsonNode) n = request (f, "POST", path, f->owner.token, NULL, 200);

    url = g_strdup (kt_test_json_string (n, "payment_url"));
    g_assert_true (g_str_has_prefix (url, "https://buy.stripe.com/"));
    g_assert_true (json_object_get_boolean_member (json_node_get_object (n), "created"));
  }
  g_assert_cmpuint (kt_stripe_stand_in_links (f->stripe), ==, 1);
  g_assert_cmpstr (kt_stripe_stand_in_last_path (f->stripe), ==, "/v1/payment_links");
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "metadata[invoice_id]"), ==, invoice);
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "line_items[0][price_data][unit_amount]"), ==, amount);
  g_assert_cmpstr (kt_stripe_stand_in_last_param (f->stripe, "line_items[0][price_data][currency]"), ==, "eur");
  g_assert_nonnull (strstr (kt_stripe_stand_in_last_key (f->stripe), invoice));

  /* The invoice carries it (so it syncs and its PDF's QR shows it). */
  {
    g_autoptr(JsonNode) n = request (f, "GET", get_path, f->owner.token, NULL, 200);

    g_assert_cmpstr (kt_test_json_string (n, "payment_url"), ==, url);
  }
  /* Asked again: the same link, no second one at Stripe. */
  {
    g_autoptr(JsonNode) n = request (f, "POST", path, f->owner.token, NULL, 200);

    g_assert_cmpstr (kt_test_json_string (n, "payment_url"), ==, url);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (n), "created"));
  }
  g_assert_cmpuint (kt_stripe_stand_in_links (f->stripe), ==, 1);

  /* A lost answer: the retry reuses the derived key, Stripe answers the
   * first link again. */
  kt_test_patch_ok (f->ts, f->owner.token, "invoices", invoice, "{\"payment_url\":null}");
  {
    g_autoptr(JsonNode) n = request (f, "POST", path, f->owner.token, NULL, 200);

    g_assert_cmpstr (kt_test_json_string (n, "payment_url"), ==, url);
  }
  g_assert_cmpuint (kt_stripe_stand_in_links (f->stripe), ==, 1);
  g_assert_cmpuint (kt_stripe_stand_in_refused (f->stripe), ==, 0);
}

static char *
session_event (const char *event_id,
               gint64      created,
               const char *invoice_id,
               gint64      amount,
               const char *payment_intent)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"object\":\"event\",\"type\":\"checkout.session.completed\","
                          "\"created\":%" G_GINT64_FORMAT ",\"data\":{\"object\":{\"id\":\"cs_test_1\","
                          "\"object\":\"checkout.session\",\"mode\":\"payment\",\"payment_status\":\"paid\","
                          "\"amount_total\":%" G_GINT64_FORMAT ",\"currency\":\"eur\",\"payment_intent\":\"%s\","
                          "\"payment_link\":\"plink_1\",\"metadata\":{\"invoice_id\":\"%s\"},"
                          "\"customer_details\":{\"name\":\"Иван Петров\",\"email\":\"ivan@example.com\"}}}}",
                          event_id, created, amount, payment_intent, invoice_id);
}

static char *
intent_event (const char *event_id,
              gint64      created,
              const char *invoice_id,
              gint64      amount,
              const char *payment_intent)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                          "\"created\":%" G_GINT64_FORMAT ",\"data\":{\"object\":{\"id\":\"%s\","
                          "\"object\":\"payment_intent\",\"amount\":%" G_GINT64_FORMAT ","
                          "\"amount_received\":%" G_GINT64_FORMAT ",\"currency\":\"eur\","
                          "\"metadata\":{\"invoice_id\":\"%s\"}}}}",
                          event_id, created, payment_intent, amount, amount, invoice_id);
}

static JsonNode *
send_to (Fixture            *f,
         const char         *org_id,
         const char         *json,
         const char * const *secrets,
         guint               expect)
{
  g_autofree char *path = g_strdup_printf ("/v1/stripe/webhook/%s", org_id);
  guint status = 0;
  JsonNode *n = kt_stripe_send_event_to (f->ts->base, path, json, secrets, f->now, NULL, &status);

  if (status != expect)
    g_error ("webhook answered %u, not %u: %s", status, expect, n != NULL ? json_to_string (n, FALSE) : "");
  return n;
}

static char *
count_payments (const char *org_id,
                const char *invoice_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) || ':' || coalesce(sum(amount), 0) FROM payments"
                                          " WHERE org_id = '%s' AND invoice_id = '%s' AND NOT deleted"
                                          " AND method = 'stripe'", org_id, invoice_id);

  return kt_test_pg_query (conninfo, sql);
}

static void
test_webhook_pays (Fixture *f, gconstpointer data)
{
  gint64 total = 0;
  g_autofree char *invoice = issued_invoice (f, &f->owner, &total);
  g_autofree char *get_path = g_strdup_printf ("/v1/invoices/%s", invoice);
  g_autofree char *pi = g_strdup_printf ("pi_%.8s", invoice);
  g_autofree char *first = g_strdup_printf ("evt_a_%.8s", invoice);
  g_autofree char *second = g_strdup_printf ("evt_b_%.8s", invoice);
  g_autofree char *partial = session_event (first, f->now, invoice, total - 1000, pi);
  g_autofree char *intent = intent_event (second, f->now, invoice, total - 1000, pi);
  g_autofree char *expected = g_strdup_printf ("1:%" G_GINT64_FORMAT, total - 1000);
  g_autofree char *counted = NULL;

  store_key (f, &f->owner, ORG_SECRET);
  {
    g_autoptr(JsonNode) n = send_to (f, f->owner.org_id, partial, org_secret, 200);

    g_assert_false (json_object_get_boolean_member (json_node_get_object (n), "duplicate"));
  }
  counted = count_payments (f->owner.org_id, invoice);
  g_assert_cmpstr (counted, ==, expected);
  {
    g_autoptr(JsonNode) n = request (f, "GET", get_path, f->owner.token, NULL, 200);

    g_assert_cmpstr (kt_test_json_string (n, "status"), ==, "partially_paid");
    g_assert_cmpint (int_member (n, "paid_amount"), ==, total - 1000);
  }

  /* The same event again, and the payment intent's own event of the
   * same payment: no second Payment. */
  {
    g_autoptr(JsonNode) n = send_to (f, f->owner.org_id, partial, org_secret, 200);

    g_assert_true (json_object_get_boolean_member (json_node_get_object (n), "duplicate"));
  }
  {
    g_autoptr(JsonNode) n = send_to (f, f->owner.org_id, intent, org_secret, 200);
  }
  g_free (counted);
  counted = count_payments (f->owner.org_id, invoice);
  g_assert_cmpstr (counted, ==, expected);

  /* The rest, by a second payment: paid. */
  {
    g_autofree char *pi2 = g_strdup_printf ("pi_rest_%.8s", invoice);
    g_autofree char *third = g_strdup_printf ("evt_c_%.8s", invoice);
    g_autofree char *rest = intent_event (third, f->now, invoice, 1000, pi2);
    g_autoptr(JsonNode) n = send_to (f, f->owner.org_id, rest, org_secret, 200);
    g_autoptr(JsonNode) m = request (f, "GET", get_path, f->owner.token, NULL, 200);

    g_assert_cmpstr (kt_test_json_string (m, "status"), ==, "paid");
    g_assert_cmpint (int_member (m, "paid_amount"), ==, total);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT reference || '|' || payer_name || '|' || received_at::date"
                                            " FROM payments WHERE org_id = '%s' AND stripe_payment_id = '%s'",
                                            f->owner.org_id, pi);
    g_autofree char *row = kt_test_pg_query (conninfo, sql);
    g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (f->now);
    g_autofree char *day = g_date_time_format (today, "%Y-%m-%d");
    g_autofree char *want = g_strdup_printf ("%s|Иван Петров|%s", pi, day);

    g_assert_cmpstr (row, ==, want);
  }
}

/* A key and secret stored before kt-secret-box (under [stripe]
 * org-secrets-key, without a key id) still open on a server whose key
 * is now [server] secret-key-file: the webhook checks the secret, the
 * payment link is made with the key (the stand-in takes no other). */
static void
test_old_boxes_open (Fixture *f, gconstpointer data)
{
  gint64 total = 0;
  g_autofree char *invoice = issued_invoice (f, &f->owner, &total);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO org_stripe (org_id, key_box, webhook_secret_box, key_last4)"
                                          " VALUES ('%s', '%s', '%s', 'd_in') RETURNING key_last4",
                                          f->owner.org_id, OLD_KEY_BOX, OLD_SECRET_BOX);
  g_autofree char *inserted = kt_test_pg_query (conninfo, sql);
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/payment-link", invoice);
  g_autofree char *event_id = g_strdup_printf ("evt_old_%.8s", invoice);
  g_autofree char *pi = g_strdup_printf ("pi_old_%.8s", invoice);
  g_autofree char *json = intent_event (event_id, f->now, invoice, 1000, pi);

  g_assert_cmpstr (inserted, ==, "d_in");
  {
    g_autoptr(JsonNode) n = send_to (f, f->owner.org_id, json, org_secret, 200);

    g_assert_false (json_object_get_boolean_member (json_node_get_object (n), "duplicate"));
  }
  {
    g_autoptr(JsonNode) n = request (f, "POST", path, f->owner.token, NULL, 200);

    g_assert_true (g_str_has_prefix (kt_test_json_string (n, "payment_url"), "https://buy.stripe.com/"));
  }
  g_assert_cmpuint (kt_stripe_stand_in_refused (f->stripe), ==, 0);

  /* Stored again, the boxes are the new format, under the new key. */
  store_key (f, &f->owner, ORG_SECRET);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM org_stripe WHERE org_id = '%s' AND key_box LIKE 'ksb1:%%'"
                         " AND webhook_secret_box LIKE 'ksb1:%%'", f->owner.org_id);
  g_free (inserted);
  inserted = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (inserted, ==, "1");
}

static void
test_webhook_refused (Fixture *f, gconstpointer data)
{
  KtTestAccount other = { 0, };
  gint64 total = 0;
  g_autofree char *invoice = issued_invoice (f, &f->owner, &total);
  g_autofree char *get_path = g_strdup_printf ("/v1/invoices/%s", invoice);
  g_autofree char *event_id = g_strdup_printf ("evt_x_%.8s", invoice);
  g_autofree char *pi = g_strdup_printf ("pi_x_%.8s", invoice);
  g_autofree char *json = session_event (event_id, f->now, invoice, total, pi);
  g_autofree char *counted = NULL;

  /* No key stored: the route is not there. */
  {
    g_autoptr(JsonNode) n = send_to (f, f->owner.org_id, json, org_secret, 404);
  }
  store_key (f, &f->owner, ORG_SECRET);
  kt_test_register (f->ts, "Other", &other);
  store_key (f, &other, OTHER_SECRET);

  /* Another secret than this organization's. */
  {
    g_autoptr(JsonNode) n = send_to (f, f->owner.org_id, json, other_secret, 400);

    g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "bad_signature");
  }
  /* Signed right, at the other organization's route: its secret does not
   * hold, and its invoices are not this one. */
  {
    g_autoptr(JsonNode) n = send_to (f, other.org_id, json, org_secret, 400);
  }
  /* The other organization's own secret at its own route naming this
   * organization's invoice: recorded, no Payment anywhere. */
  {
    g_autoptr(JsonNode) n = send_to (f, other.org_id, json, other_secret, 200);
  }
  counted = count_payments (f->owner.org_id, invoice);
  g_assert_cmpstr (counted, ==, "0:0");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM payments WHERE stripe_payment_id = '%s'", pi);
    g_autofree char *any = kt_test_pg_query (conninfo, sql);
    g_autoptr(JsonNode) n = request (f, "GET", get_path, f->owner.token, NULL, 200);

    g_assert_cmpstr (any, ==, "0");
    g_assert_cmpstr (kt_test_json_string (n, "status"), ==, "issued");
  }
  kt_test_account_clear (&other);
}

/* The job runner of an instance, run on a thread of its own: the
 * stand-in answers on this thread's main context, which must keep
 * turning while a job waits for Stripe. */
typedef struct {
  Fixture *f;
  gint64   now_ms;
  guint    ran;
  gboolean done;
} JobRun;

static gpointer
run_due_thread (gpointer data)
{
  JobRun *run = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_job_runner_run_due (run->f->runner, run->now_ms, &run->ran, &error));
  g_assert_no_error (error);
  g_atomic_int_set (&run->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static char *link_jobs (const char *org_id,
                        const char *state);

/* Runs every job due @later_s seconds from now (the daily kinds too);
 * how many payment link jobs of the organization are done then. */
static guint
run_jobs (Fixture *f,
          gint64   later_s)
{
  JobRun run = { f, (f->now + later_s) * 1000, 0, FALSE };
  GThread *thread;

  if (f->runner == NULL)
    {
      KtJobRunnerOptions options = { .concurrency = 1, .poll_interval_ms = 50, .lease_ms = 60 * 1000 };
      KtHlc *clock;
      GMutex *clock_lock;

      kt_server_get_clock (f->ts->server, &clock, &clock_lock);
      f->runner = kt_job_runner_new (conninfo, "org-stripe-test", &options, clock, clock_lock);
      kt_job_runner_set_config (f->runner, f->config);
    }
  thread = g_thread_new ("jobs", run_due_thread, &run);
  while (!g_atomic_int_get (&run.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  {
    g_autofree char *done = link_jobs (f->owner.org_id, "done");

    return (guint) g_ascii_strtoull (done, NULL, 10);
  }
}

static char *
link_jobs (const char *org_id,
           const char *state)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM jobs WHERE org_id = '%s' AND kind = 'payment_link'"
                                          " AND state = '%s'", org_id, state);

  return kt_test_pg_query (conninfo, sql);
}

static char *
payment_url (Fixture    *f,
             const char *invoice)
{
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s", invoice);
  g_autoptr(JsonNode) n = request (f, "GET", path, f->owner.token, NULL, 200);
  JsonObject *o = json_node_get_object (n);

  return json_object_has_member (o, "payment_url") && !json_object_get_null_member (o, "payment_url") ?
         g_strdup (json_object_get_string_member (o, "payment_url")) : NULL;
}

/* The QR code on the invoice's PDF, read back by zbarimg. */
static char *
pdf_qr (Fixture    *f,
        const char *invoice)
{
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/pdf", invoice);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) pdf = kt_test_request_raw (f->ts, "GET", path, f->owner.token, NULL, NULL, &msg);
  g_autofree char *dir = g_dir_make_tmp ("kt-org-stripe-pdf-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "invoice.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "page-1.png", NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *out = NULL;
  g_autofree char *command = NULL;
  int status = 0;

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  command = g_strdup_printf ("pdftoppm -png -r 150 -f 1 -l 1 %s %s", file, prefix);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_free (command);
  command = g_strdup_printf ("zbarimg --quiet --raw %s", png);
  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_unlink (png);
  g_unlink (file);
  g_rmdir (dir);
  return g_strdup (g_strstrip (out));
}

/* Issued by REST: the job makes the link, the invoice carries it (and
 * its PDF's QR code); a payment in part turns it off and makes one for
 * what is left; paid in full, the last one is off and none is made. */
static void
test_link_job_follows (Fixture *f, gconstpointer data)
{
  gint64 total = 0;
  g_autofree char *invoice = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *count = NULL;
  g_autofree char *pi = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *json = NULL;

  store_key (f, &f->owner, ORG_SECRET);
  invoice = issued_invoice (f, &f->owner, &total);
  count = link_jobs (f->owner.org_id, "pending");
  g_assert_cmpstr (count, ==, "1");
  g_assert_cmpuint (run_jobs (f, 0), ==, 1);
  first = payment_url (f, invoice);
  g_assert_nonnull (first);
  g_assert_cmpuint (kt_stripe_stand_in_links (f->stripe), ==, 1);
  g_assert_cmpint (kt_stripe_stand_in_link_amount (f->stripe, first), ==, total);
  g_assert_true (kt_stripe_stand_in_link_active (f->stripe, first));
  {
    g_autofree char *qr = pdf_qr (f, invoice);

    g_assert_cmpstr (qr, ==, first);
  }
  /* Nothing more to do: a second run makes no link (no new job). */
  g_assert_cmpuint (run_jobs (f, 0), ==, 1);

  /* 30.00 paid through the link: the rest gets its own link. */
  pi = g_strdup_printf ("pi_part_%.8s", invoice);
  event_id = g_strdup_printf ("evt_part_%.8s", invoice);
  json = intent_event (event_id, f->now, invoice, 3000, pi);
  {
    g_autoptr(JsonNode) n = send_to (f, f->owner.org_id, json, org_secret, 200);
  }
  g_assert_cmpuint (run_jobs (f, 0), ==, 2);
  second = payment_url (f, invoice);
  g_assert_nonnull (second);
  g_assert_cmpstr (second, !=, first);
  g_assert_false (kt_stripe_stand_in_link_active (f->stripe, first));
  g_assert_true (kt_stripe_stand_in_link_active (f->stripe, second));
  g_assert_cmpint (kt_stripe_stand_in_link_amount (f->stripe, second), ==, total - 3000);
  g_assert_cmpuint (kt_stripe_stand_in_deactivated (f->stripe), ==, 1);
  g_assert_cmpuint (kt_stripe_stand_in_links (f->stripe), ==, 2);

  /* The rest paid: the link is off, none is made, the invoice's QR code
   * no longer offers it. */
  g_free (pi);
  g_free (event_id);
  g_free (json);
  pi = g_strdup_printf ("pi_rest_%.8s", invoice);
  event_id = g_strdup_printf ("evt_rest_%.8s", invoice);
  json = intent_event (event_id, f->now, invoice, total - 3000, pi);
  {
    g_autoptr(JsonNode) n = send_to (f, f->owner.org_id, json, org_secret, 200);
  }
  g_assert_cmpuint (run_jobs (f, 0), ==, 3);
  g_assert_false (kt_stripe_stand_in_link_active (f->stripe, second));
  g_assert_cmpuint (kt_stripe_stand_in_deactivated (f->stripe), ==, 2);
  g_assert_cmpuint (kt_stripe_stand_in_links (f->stripe), ==, 2);
  {
    g_autofree char *none = payment_url (f, invoice);

    g_assert_null (none);
  }
  g_assert_cmpuint (kt_stripe_stand_in_refused (f->stripe), ==, 0);
}

/* Stripe fails: the job fails, is retried after its backoff with the
 * same Idempotency-Key, and then makes the one link. */
static void
test_link_job_retries (Fixture *f, gconstpointer data)
{
  gint64 total = 0;
  g_autofree char *invoice = NULL;
  g_autofree char *url = NULL;
  g_autofree char *failed_key = NULL;
  g_autofree char *state = NULL;

  store_key (f, &f->owner, ORG_SECRET);
  invoice = issued_invoice (f, &f->owner, &total);
  /* Both tries of the one call (a 500 is tried once more at once). */
  kt_stripe_stand_in_fail_next (f->stripe, 2);
  g_assert_cmpuint (run_jobs (f, 0), ==, 0);
  failed_key = g_strdup (kt_stripe_stand_in_failed_key (f->stripe));
  url = payment_url (f, invoice);
  g_assert_null (url);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT state || ':' || attempts || ':' || (run_at > now())"
                                            " || ':' || (last_error LIKE '%%Stripe%%') FROM jobs"
                                            " WHERE org_id = '%s' AND kind = 'payment_link'", f->owner.org_id);

    state = kt_test_pg_query (conninfo, sql);
  }
  g_assert_cmpstr (state, ==, "pending:1:true:true");
  /* Not yet due. */
  g_assert_cmpuint (run_jobs (f, 0), ==, 0);
  /* After the backoff (at most an hour): made, with the same key. */
  g_assert_cmpuint (run_jobs (f, 2 * 3600), ==, 1);
  url = payment_url (f, invoice);
  g_assert_nonnull (url);
  g_assert_cmpstr (kt_stripe_stand_in_last_key (f->stripe), ==, failed_key);
  g_assert_cmpuint (kt_stripe_stand_in_links (f->stripe), ==, 1);
  {
    g_autofree char *done = link_jobs (f->owner.org_id, "done");

    g_assert_cmpstr (done, ==, "1");
  }
}

/* Issued by a sync push: the same job, the link synced back by pull. */
static void
test_link_job_sync_push (Fixture *f, gconstpointer data)
{
  g_autoptr(KtHlc) clock = kt_hlc_new ("00000000000000c1");
  g_autofree char *invoice = kt_uuid_new ();
  g_autofree char *item = kt_uuid_new ();
  g_autofree char *url = NULL;
  g_autofree char *count = NULL;
  g_autofree char *stamp = kt_hlc_tick (clock);
  g_autofree char *item_stamp = kt_hlc_tick (clock);
  g_autofree char *issue_stamp = kt_hlc_tick (clock);
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  store_key (f, &f->owner, ORG_SECRET);
  answer = kt_test_requestf (f->ts, "POST", "/v1/sync/push", f->owner.token, &status,
                             "{\"protocol\":%d,\"client_id\":\"0190a0a0-0000-7000-8000-0000000000c1\",\"cursor\":0,"
                             "\"mutations\":["
                             "{\"id\":1,\"entity\":\"invoice\",\"record_id\":\"%s\",\"fields\":{\"issue_date\":"
                             "\"2026-12-01\",\"client_name\":\"Синк ЕООД\",\"currency\":\"EUR\",\"status\":\"draft\"},"
                             "\"clocks\":{\"issue_date\":\"%s\",\"client_name\":\"%s\",\"currency\":\"%s\","
                             "\"status\":\"%s\"}},"
                             "{\"id\":2,\"entity\":\"invoice_item\",\"record_id\":\"%s\",\"fields\":{\"invoice_id\":"
                             "\"%s\",\"description\":\"Work\",\"quantity\":1000,\"unit_price\":5000,\"vat_bps\":2000},"
                             "\"clocks\":{\"invoice_id\":\"%s\",\"description\":\"%s\",\"quantity\":\"%s\","
                             "\"unit_price\":\"%s\",\"vat_bps\":\"%s\"}},"
                             "{\"id\":3,\"entity\":\"invoice\",\"record_id\":\"%s\",\"fields\":{\"status\":\"issued\"},"
                             "\"clocks\":{\"status\":\"%s\"}}]}",
                             KT_SYNC_PROTOCOL_VERSION, invoice, stamp, stamp, stamp, stamp, item, invoice, item_stamp,
                             item_stamp, item_stamp, item_stamp, item_stamp, invoice, issue_stamp);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "results");

    for (guint i = 0; i < json_array_get_length (results); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i), "status"),
                       ==, "applied");
  }
  count = link_jobs (f->owner.org_id, "pending");
  g_assert_cmpstr (count, ==, "1");
  g_assert_cmpuint (run_jobs (f, 0), ==, 1);
  url = payment_url (f, invoice);
  g_assert_nonnull (url);
  /* 50.00 and 20 % VAT. */
  g_assert_cmpint (kt_stripe_stand_in_link_amount (f->stripe, url), ==, 6000);
  {
    g_autoptr(JsonNode) pull = kt_test_request (f->ts, "GET", "/v1/sync/pull?protocol=2&cursor=0", f->owner.token,
                                                NULL, &status);
    g_autofree char *text = json_to_string (pull, FALSE);

    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (strstr (text, url));
  }
}

int
main (int argc, char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("org_stripe");
  {
    g_autofree char *dir = g_dir_make_tmp ("kt-org-stripe-XXXXXX", NULL);

    key_file = g_build_filename (dir, "secret-key", NULL);
    g_assert_true (g_file_set_contents (key_file, NEW_SERVER_KEY "\n", -1, NULL));
  }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/org-stripe/key-sealed", test_key_sealed);
  ADD ("/org-stripe/link-once", test_link_once);
  ADD ("/org-stripe/webhook-pays", test_webhook_pays);
  ADD ("/org-stripe/webhook-refused", test_webhook_refused);
  ADD ("/org-stripe/old-boxes-open", test_old_boxes_open);
  ADD ("/org-stripe/link-job-follows", test_link_job_follows);
  ADD ("/org-stripe/link-job-retries", test_link_job_retries);
  ADD ("/org-stripe/link-job-sync-push", test_link_job_sync_push);
#undef ADD

  result = g_test_run ();
  {
    g_autofree char *dir = g_path_get_dirname (key_file);

    g_unlink (key_file);
    g_rmdir (dir);
  }
  g_free (key_file);
  g_free (conninfo);
  return result;
}
