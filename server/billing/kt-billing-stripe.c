/* kt-billing-stripe.c: the calls to Stripe's API
 *
 * Form-encoded bodies, "Authorization: Bearer <secret key>", the pinned
 * Stripe-Version, and an Idempotency-Key per operation, which the one
 * retry after a lost answer reuses, so Stripe does the work once.
 * Blocking: routes call these on their worker thread, with a session of
 * their own (a SoupSession belongs to the thread that made it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-billing-stripe"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "kantora-shared.h"
#include "kt-billing-private.h"
#include "kt-server-error.h"

/* Stripe's error body: {"error": {"type", "code", "message", ...}}. Its
 * message is meant for a developer, in English; the type says whose fault
 * it was. */
static void
set_stripe_error (guint        status,
                  GBytes      *body,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  const char *message = NULL;
  const char *type = NULL;
  const char *code = NULL;

  if (data != NULL && kt_json_guard_check (data, length, KT_JSON_GUARD_MAX_DEPTH, NULL) &&
      json_parser_load_from_data (parser, data, (gssize) length, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));
      JsonNode *node = json_object_get_member (root, "error");
      JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (object != NULL)
        {
          message = json_object_get_string_member_with_default (object, "message", NULL);
          type = json_object_get_string_member_with_default (object, "type", NULL);
          code = json_object_get_string_member_with_default (object, "code", NULL);
        }
    }

  if (status == 429)
    g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAVAILABLE,
                 _("Stripe is busy; try again in a minute"));
  else
    g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_PAYMENT_PROVIDER,
                 _("Stripe refused the request (%u, %s%s%s): %s"), status,
                 type != NULL ? type : "unknown", code != NULL ? ", " : "", code != NULL ? code : "",
                 message != NULL ? message : _("no message"));
}

static gboolean
status_retries (guint status)
{
  return status == 409 || status >= 500;
}

/* POST @path with @form as the account of @secret_key; @idempotency_key
 * NULL for a fresh one. The answer's JSON object, or NULL with an
 * error. */
static JsonObject *
stripe_post_as (const KtServerConfig *config,
                const char           *secret_key,
                const char           *idempotency_key,
                const char           *path,
                const char           *form,
                GError              **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = idempotency_key != NULL ? g_strdup (idempotency_key) : kt_uuid_new ();
  g_autofree char *auth = NULL;

  session = soup_session_new_with_options ("timeout", config->stripe_timeout_seconds,
                                           "idle-timeout", config->stripe_timeout_seconds, NULL);
  url = g_strconcat (config->stripe_api_base, path, NULL);
  auth = g_strconcat ("Bearer ", secret_key, NULL);

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) request = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonParser) parser = NULL;
      SoupMessageHeaders *headers;
      const char *data;
      gsize length;
      guint status;

      if (msg == NULL)
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BILLING_OFF,
                       _("[stripe] api-base is not a URL: %s"), config->stripe_api_base);
          return NULL;
        }
      headers = soup_message_get_request_headers (msg);
      soup_message_headers_replace (headers, "Authorization", auth);
      soup_message_headers_replace (headers, "Idempotency-Key", key);
      soup_message_headers_replace (headers, "Stripe-Version", config->stripe_api_version);
      request = g_bytes_new (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", request);

      answer = soup_session_send_and_read (session, msg, NULL, &local_error);
      status = soup_message_get_status (msg);
      if (answer == NULL || status_retries (status))
        {
          /* Lost or failed on Stripe's side: once more with the same key,
           * which returns the first result if there was one. */
          if (attempt == 0)
            continue;
          if (answer == NULL)
            {
              g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_PAYMENT_PROVIDER,
                           _("Stripe did not answer: %s"), local_error->message);
              return NULL;
            }
        }
      if (status < 200 || status >= 300)
        {
          set_stripe_error (status, answer, error);
          return NULL;
        }

      data = g_bytes_get_data (answer, &length);
      parser = json_parser_new ();
      if (data == NULL || !kt_json_guard_check (data, length, KT_JSON_GUARD_MAX_DEPTH, NULL) ||
          !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_PAYMENT_PROVIDER,
                       _("Stripe answered with something that is not a JSON object"));
          return NULL;
        }
      return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  g_assert_not_reached ();
}

/* The platform's own account (the organizations' plans). */
static JsonObject *
stripe_post (KtBilling   *billing,
             const char  *path,
             const char  *form,
             GError     **error)
{
  if (!kt_billing_has_api (billing))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BILLING_OFF,
                   _("Billing is not set up on this server (no [stripe] secret-key)"));
      return NULL;
    }
  return stripe_post_as (billing->config, billing->secret_key, NULL, path, form, error);
}

static char *
take_url (JsonObject  *object,
          GError     **error)
{
  const char *url = json_object_get_string_member_with_default (object, "url", NULL);

  if (url == NULL || !g_str_has_prefix (url, "https://"))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_PAYMENT_PROVIDER,
                   _("Stripe’s answer has no https URL"));
      return NULL;
    }
  return g_strdup (url);
}

static const char *
url_or_public (const char *configured,
               const char *fallback_path,
               char      **owned,
               const KtServerConfig *config)
{
  if (configured != NULL)
    return configured;
  *owned = g_strconcat (config->public_url != NULL ? config->public_url : "https://localhost",
                        fallback_path, NULL);
  return *owned;
}

char *
kt_billing_checkout (KtBilling   *billing,
                     const char  *org_id,
                     KtPlanId     plan,
                     const char  *customer_id,
                     const char  *email,
                     GError     **error)
{
  const KtServerConfig *config = billing->config;
  const char *price = config->plans[plan].stripe_price_id;
  g_autofree char *success_owned = NULL;
  g_autofree char *cancel_owned = NULL;
  const char *success = url_or_public (config->stripe_success_url,
                                       "/billing/success?session_id={CHECKOUT_SESSION_ID}",
                                       &success_owned, config);
  const char *cancel = url_or_public (config->stripe_cancel_url, "/billing/canceled", &cancel_owned, config);
  g_autofree char *form = NULL;
  g_autoptr(JsonObject) answer = NULL;

  if (price == NULL)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "plan",
                                 _("The plan “%s” cannot be bought here"), kt_plan_key (plan));
      return NULL;
    }

  /* The organization goes into the subscription's metadata as well: its
   * events then name it even when they overtake checkout.session.completed. */
  form = soup_form_encode ("mode", "subscription",
                           "line_items[0][price]", price,
                           "line_items[0][quantity]", "1",
                           "success_url", success,
                           "cancel_url", cancel,
                           "client_reference_id", org_id,
                           "metadata[org_id]", org_id,
                           "subscription_data[metadata][org_id]", org_id,
                           customer_id != NULL ? "customer" : "customer_email",
                           customer_id != NULL ? customer_id : email,
                           NULL);
  answer = stripe_post (billing, "/v1/checkout/sessions", form, error);
  return answer != NULL ? take_url (answer, error) : NULL;
}

char *
kt_billing_portal (KtBilling   *billing,
                   const char  *customer_id,
                   GError     **error)
{
  const KtServerConfig *config = billing->config;
  g_autofree char *return_owned = NULL;
  const char *return_url = url_or_public (config->stripe_portal_return_url, "/billing", &return_owned, config);
  g_autofree char *form = soup_form_encode ("customer", customer_id, "return_url", return_url, NULL);
  g_autoptr(JsonObject) answer = stripe_post (billing, "/v1/billing_portal/sessions", form, error);

  return answer != NULL ? take_url (answer, error) : NULL;
}

gboolean
kt_billing_cancel_at_period_end (KtBilling   *billing,
                                 const char  *subscription_id,
                                 gboolean     cancel,
                                 GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *form = soup_form_encode ("cancel_at_period_end", cancel ? "true" : "false", NULL);
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *escaped = g_uri_escape_string (subscription_id, NULL, FALSE);

  path = g_strconcat ("/v1/subscriptions/", escaped, NULL);
  answer = stripe_post (billing, path, form, error);
  return answer != NULL;
}

char *
kt_billing_org_payment_link (const KtServerConfig  *config,
                             const char            *org_key,
                             const char            *idempotency_key,
                             const char            *invoice_id,
                             const char            *number,
                             gint64                 amount,
                             const char            *currency,
                             char                 **out_link_id,
                             GError               **error)
{
  g_autofree char *amount_text = g_strdup_printf ("%" G_GINT64_FORMAT, amount);
  g_autofree char *lower = g_ascii_strdown (currency, -1);
  g_autofree char *name = g_strdup_printf (_("Invoice %s"), number != NULL ? number : invoice_id);
  g_autofree char *form = NULL;
  g_autoptr(JsonObject) answer = NULL;
  const char *id;
  char *url;

  g_return_val_if_fail (config != NULL && org_key != NULL && invoice_id != NULL, NULL);

  /* A Payment Link rather than a Checkout Session: the PDF's QR code
   * must keep working, and a session expires after a day. The invoice
   * goes into the link's metadata and the payment intent's, so both
   * checkout.session.completed and payment_intent.succeeded name it. */
  form = soup_form_encode ("line_items[0][price_data][currency]", lower,
                           "line_items[0][price_data][unit_amount]", amount_text,
                           "line_items[0][price_data][product_data][name]", name,
                           "line_items[0][quantity]", "1",
                           "metadata[invoice_id]", invoice_id,
                           "payment_intent_data[metadata][invoice_id]", invoice_id,
                           NULL);
  answer = stripe_post_as (config, org_key, idempotency_key, "/v1/payment_links", form, error);
  if (answer == NULL)
    return NULL;
  id = json_object_get_string_member_with_default (answer, "id", NULL);
  if (id == NULL || !g_str_has_prefix (id, "plink_"))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_PAYMENT_PROVIDER,
                   _("Stripe’s answer has no payment link id"));
      return NULL;
    }
  url = take_url (answer, error);
  if (url != NULL)
    *out_link_id = g_strdup (id);
  return url;
}

gboolean
kt_billing_org_payment_link_deactivate (const KtServerConfig  *config,
                                        const char            *org_key,
                                        const char            *link_id,
                                        GError               **error)
{
  g_autofree char *escaped = g_uri_escape_string (link_id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/v1/payment_links/", escaped, NULL);
  g_autofree char *key = g_strdup_printf ("kantora-%s-inactive", link_id);
  g_autofree char *form = soup_form_encode ("active", "false", NULL);
  g_autoptr(JsonObject) answer = NULL;

  g_return_val_if_fail (config != NULL && org_key != NULL && link_id != NULL, FALSE);

  /* The same key for the same link: turning it off twice is once. */
  answer = stripe_post_as (config, org_key, key, path, form, error);
  return answer != NULL;
}
