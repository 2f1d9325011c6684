/* kt-stripe-stand-in.c: Stripe, as far as the server talks to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "kt-stripe-signature.h"
#include "kt-stripe-stand-in.h"

struct _KtStripeStandIn {
  SoupServer *server;
  char       *base;
  GPtrArray  *prices;
  /* Idempotency-Key -> the body first sent with it, and its answer. */
  GHashTable *key_bodies;
  GHashTable *key_answers;
  guint       fail_next;
  guint       requests;
  guint       refused;
  guint       next_id;
  guint       links;
  /* plink_N -> "active amount currency url" of each link made. */
  GHashTable *link_states;
  guint       deactivated;
  char       *last_path;
  char       *last_key;
  char       *failed_key;
  GHashTable *last_form;
};

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

/* Stripe's error body. */
static void
refuse (KtStripeStandIn   *self,
        SoupServerMessage *msg,
        guint              status,
        const char        *type,
        const char        *param,
        const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  self->refused++;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  if (param != NULL)
    {
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, "parameter_missing");
      json_builder_set_member_name (b, "param");
      json_builder_add_string_value (b, param);
    }
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "doc_url");
  json_builder_add_string_value (b, "https://stripe.com/docs/error-codes");
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  answer (msg, status, text);
}

static gboolean
require (KtStripeStandIn   *self,
         SoupServerMessage *msg,
         GHashTable        *form,
         const char        *param)
{
  const char *value = g_hash_table_lookup (form, param);

  if (value != NULL && *value != '\0')
    return TRUE;
  refuse (self, msg, 400, "invalid_request_error", param, "Missing required param.");
  return FALSE;
}

static char *
checkout (KtStripeStandIn   *self,
          SoupServerMessage *msg,
          GHashTable        *form)
{
  static const char * const required[] = {
    "mode", "line_items[0][price]", "line_items[0][quantity]", "success_url", "cancel_url",
    "client_reference_id", NULL
  };
  const char *price;
  guint id;

  for (guint i = 0; required[i] != NULL; i++)
    if (!require (self, msg, form, required[i]))
      return NULL;
  if (!g_str_equal (g_hash_table_lookup (form, "mode"), "subscription"))
    {
      refuse (self, msg, 400, "invalid_request_error", NULL, "Invalid mode.");
      return NULL;
    }
  price = g_hash_table_lookup (form, "line_items[0][price]");
  if (!g_ptr_array_find_with_equal_func (self->prices, price, g_str_equal, NULL))
    {
      refuse (self, msg, 400, "invalid_request_error", NULL, "No such price.");
      return NULL;
    }
  if (!g_hash_table_contains (form, "customer") && !g_hash_table_contains (form, "customer_email"))
    {
      refuse (self, msg, 400, "invalid_request_error", "customer_email", "Missing customer.");
      return NULL;
    }
  id = ++self->next_id;
  return g_strdup_printf ("{\"id\":\"cs_test_%u\",\"object\":\"checkout.session\",\"mode\":\"subscription\","
                          "\"url\":\"https://checkout.stripe.com/c/pay/cs_test_%u\"}", id, id);
}

/* A one-off price per link (price_data), as the server makes one per
 * invoice and open amount. */
static char *
payment_link (KtStripeStandIn   *self,
              SoupServerMessage *msg,
              GHashTable        *form)
{
  static const char * const required[] = {
    "line_items[0][price_data][currency]", "line_items[0][price_data][unit_amount]",
    "line_items[0][price_data][product_data][name]", "line_items[0][quantity]", NULL
  };
  const char *amount;
  const char *currency;
  char *end = NULL;
  guint id;

  for (guint i = 0; required[i] != NULL; i++)
    if (!require (self, msg, form, required[i]))
      return NULL;
  amount = g_hash_table_lookup (form, "line_items[0][price_data][unit_amount]");
  if (g_ascii_strtoll (amount, &end, 10) <= 0 || *end != '\0')
    {
      refuse (self, msg, 400, "invalid_request_error", "line_items[0][price_data][unit_amount]",
              "Invalid positive integer.");
      return NULL;
    }
  /* Stripe's currencies are lowercase ISO codes. */
  currency = g_hash_table_lookup (form, "line_items[0][price_data][currency]");
  if (strlen (currency) != 3 || !g_ascii_islower (currency[0]))
    {
      refuse (self, msg, 400, "invalid_request_error", "line_items[0][price_data][currency]", "Invalid currency.");
      return NULL;
    }
  id = ++self->next_id;
  self->links++;
  g_hash_table_insert (self->link_states, g_strdup_printf ("plink_%u", id),
                       g_strdup_printf ("active %s %s https://buy.stripe.com/test_%u", amount, currency, id));
  return g_strdup_printf ("{\"id\":\"plink_%u\",\"object\":\"payment_link\",\"active\":true,"
                          "\"url\":\"https://buy.stripe.com/test_%u\"}", id, id);
}

/* POST /v1/payment_links/{id}: the server only turns a link off (its
 * amount no longer open) with active=false; a link of another account,
 * or one never made, is not there. */
static char *
payment_link_update (KtStripeStandIn   *self,
                     SoupServerMessage *msg,
                     const char        *id,
                     GHashTable        *form)
{
  const char *state = g_hash_table_lookup (self->link_states, id);
  const char *active = g_hash_table_lookup (form, "active");
  g_auto(GStrv) parts = NULL;

  if (state == NULL)
    {
      refuse (self, msg, 404, "invalid_request_error", "id", "No such payment_link.");
      return NULL;
    }
  if (active == NULL || (!g_str_equal (active, "true") && !g_str_equal (active, "false")) ||
      g_hash_table_size (form) != 1)
    {
      refuse (self, msg, 400, "invalid_request_error", "active", "Invalid boolean.");
      return NULL;
    }
  parts = g_strsplit (state, " ", 4);
  if (g_str_equal (parts[0], "active") && g_str_equal (active, "false"))
    self->deactivated++;
  g_hash_table_insert (self->link_states, g_strdup (id),
                       g_strdup_printf ("%s %s %s %s", g_str_equal (active, "true") ? "active" : "inactive",
                                        parts[1], parts[2], parts[3]));
  return g_strdup_printf ("{\"id\":\"%s\",\"object\":\"payment_link\",\"active\":%s,\"url\":\"%s\"}",
                          id, active, parts[3]);
}

static char *
portal (KtStripeStandIn   *self,
        SoupServerMessage *msg,
        GHashTable        *form)
{
  guint id;

  if (!require (self, msg, form, "customer"))
    return NULL;
  id = ++self->next_id;
  return g_strdup_printf ("{\"id\":\"bps_%u\",\"object\":\"billing_portal.session\","
                          "\"url\":\"https://billing.stripe.com/p/session/test_%u\"}", id, id);
}

static char *
subscription (KtStripeStandIn   *self,
              SoupServerMessage *msg,
              const char        *id,
              GHashTable        *form)
{
  const char *cancel = g_hash_table_lookup (form, "cancel_at_period_end");

  if (cancel == NULL || (!g_str_equal (cancel, "true") && !g_str_equal (cancel, "false")))
    {
      refuse (self, msg, 400, "invalid_request_error", "cancel_at_period_end", "Invalid boolean.");
      return NULL;
    }
  return g_strdup_printf ("{\"id\":\"%s\",\"object\":\"subscription\",\"cancel_at_period_end\":%s}",
                          id, cancel);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  KtStripeStandIn *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *version = soup_message_headers_get_one (headers, "Stripe-Version");
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autofree char *text = g_strndup (body->data != NULL ? body->data : "", (gsize) body->length);
  g_autoptr(GHashTable) form = NULL;
  const char *first_body;
  char *result = NULL;

  self->requests++;
  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      refuse (self, msg, 405, "invalid_request_error", NULL, "Unrecognized request method.");
      return;
    }
  /* Payment links belong to an organization's own account; the
   * platform's plans to the platform's. The wrong key is the wrong
   * account, which Stripe would not know the request's objects in. */
  if (g_strcmp0 (auth, g_str_has_prefix (path, "/v1/payment_links") ? "Bearer " KT_STAND_IN_ORG_KEY :
                 "Bearer " KT_STAND_IN_SECRET_KEY) != 0)
    {
      refuse (self, msg, 401, "invalid_request_error", NULL, "Invalid API Key provided.");
      return;
    }
  if (g_strcmp0 (version, KT_STAND_IN_VERSION) != 0)
    {
      refuse (self, msg, 400, "invalid_request_error", NULL, "Invalid Stripe API version.");
      return;
    }
  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    {
      refuse (self, msg, 400, "invalid_request_error", NULL, "Invalid request: form-encode the body.");
      return;
    }
  if (key == NULL || *key == '\0' || strlen (key) > 255)
    {
      refuse (self, msg, 400, "invalid_request_error", NULL, "An Idempotency-Key is required here.");
      return;
    }

  /* A key seen before: the same body gets the first answer again, another
   * body is refused, as Stripe does. A failed first attempt (500) is not
   * remembered, so its retry runs. */
  first_body = g_hash_table_lookup (self->key_bodies, key);
  if (first_body != NULL)
    {
      if (!g_str_equal (first_body, text))
        {
          refuse (self, msg, 400, "idempotency_error", NULL,
                  "Keys for idempotent requests can only be used with the same parameters they were "
                  "first used with.");
          return;
        }
      answer (msg, 200, g_hash_table_lookup (self->key_answers, key));
      return;
    }
  if (self->fail_next > 0)
    {
      self->fail_next--;
      g_free (self->failed_key);
      self->failed_key = g_strdup (key);
      refuse (self, msg, 500, "api_error", NULL, "An unknown error occurred.");
      self->refused--;
      return;
    }

  form = soup_form_decode (text);
  if (g_str_equal (path, "/v1/checkout/sessions"))
    result = checkout (self, msg, form);
  else if (g_str_equal (path, "/v1/payment_links"))
    result = payment_link (self, msg, form);
  else if (g_str_has_prefix (path, "/v1/payment_links/") && strchr (path + 18, '/') == NULL)
    result = payment_link_update (self, msg, path + 18, form);
  else if (g_str_equal (path, "/v1/billing_portal/sessions"))
    result = portal (self, msg, form);
  else if (g_str_has_prefix (path, "/v1/subscriptions/") && strchr (path + 18, '/') == NULL)
    result = subscription (self, msg, path + 18, form);
  else
    refuse (self, msg, 404, "invalid_request_error", NULL, "Unrecognized request URL.");
  if (result == NULL)
    return;

  g_hash_table_insert (self->key_bodies, g_strdup (key), g_strdup (text));
  g_hash_table_insert (self->key_answers, g_strdup (key), g_strdup (result));
  g_free (self->last_path);
  self->last_path = g_strdup (path);
  g_free (self->last_key);
  self->last_key = g_strdup (key);
  g_clear_pointer (&self->last_form, g_hash_table_unref);
  self->last_form = g_steal_pointer (&form);
  answer (msg, 200, result);
  g_free (result);
}

KtStripeStandIn *
kt_stripe_stand_in_new (void)
{
  KtStripeStandIn *self = g_new0 (KtStripeStandIn, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  self->server = soup_server_new (NULL, NULL);
  self->prices = g_ptr_array_new_with_free_func (g_free);
  self->key_bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->key_answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->link_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soup_server_add_handler (self->server, NULL, handle_cb, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  self->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return self;
}

void
kt_stripe_stand_in_free (KtStripeStandIn *self)
{
  if (self == NULL)
    return;
  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  g_free (self->base);
  g_ptr_array_unref (self->prices);
  g_hash_table_unref (self->key_bodies);
  g_hash_table_unref (self->key_answers);
  g_hash_table_unref (self->link_states);
  g_free (self->last_path);
  g_free (self->last_key);
  g_free (self->failed_key);
  g_clear_pointer (&self->last_form, g_hash_table_unref);
  g_free (self);
}

const char *
kt_stripe_stand_in_base (KtStripeStandIn *self)
{
  return self->base;
}

void
kt_stripe_stand_in_add_price (KtStripeStandIn *self,
                              const char      *price_id)
{
  g_ptr_array_add (self->prices, g_strdup (price_id));
}

void
kt_stripe_stand_in_fail_next (KtStripeStandIn *self,
                              guint            count)
{
  self->fail_next = count;
}

guint
kt_stripe_stand_in_requests (KtStripeStandIn *self)
{
  return self->requests;
}

guint
kt_stripe_stand_in_refused (KtStripeStandIn *self)
{
  return self->refused;
}

const char *
kt_stripe_stand_in_last_path (KtStripeStandIn *self)
{
  return self->last_path;
}

const char *
kt_stripe_stand_in_last_param (KtStripeStandIn *self,
                               const char      *name)
{
  return self->last_form != NULL ? g_hash_table_lookup (self->last_form, name) : NULL;
}

const char *
kt_stripe_stand_in_last_key (KtStripeStandIn *self)
{
  return self->last_key;
}

const char *
kt_stripe_stand_in_failed_key (KtStripeStandIn *self)
{
  return self->failed_key;
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GBytes **out = data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static JsonNode *
send (SoupMessage *msg,
      guint       *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, &answer);
  while (answer == NULL)
    g_main_context_iteration (NULL, TRUE);
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer, &size);
  if (size == 0)
    return NULL;
  json_parser_load_from_data (parser, data, (gssize) size, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
kt_stripe_stand_in_call (KtStripeStandIn    *self,
                         const char         *path,
                         const char * const *headers,
                         const char         *form,
                         guint              *status)
{
  g_autofree char *uri = g_strconcat (self->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
  return send (msg, status);
}

guint
kt_stripe_stand_in_links (KtStripeStandIn *self)
{
  return self->links;
}

guint
kt_stripe_stand_in_deactivated (KtStripeStandIn *self)
{
  return self->deactivated;
}

/* "active 11500 eur https://..." of the link with @url, or NULL. */
static const char *
link_state_of (KtStripeStandIn *self,
               const char      *url)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->link_states);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (url != NULL && g_str_has_suffix (value, url) && ((const char *) value)[strlen (value) - strlen (url) - 1] == ' ')
      return value;
  return NULL;
}

gboolean
kt_stripe_stand_in_link_active (KtStripeStandIn *self,
                                const char      *url)
{
  const char *state = link_state_of (self, url);

  return state != NULL && g_str_has_prefix (state, "active ");
}

gint64
kt_stripe_stand_in_link_amount (KtStripeStandIn *self,
                                const char      *url)
{
  const char *state = link_state_of (self, url);

  return state != NULL ? g_ascii_strtoll (strchr (state, ' ') + 1, NULL, 10) : -1;
}

JsonNode *
kt_stripe_send_event (const char         *server_base,
                      const char         *event_json,
                      const char * const *secrets,
                      gint64              timestamp,
                      const char         *signature,
                      guint              *status)
{
  return kt_stripe_send_event_to (server_base, "/v1/stripe/webhook", event_json, secrets, timestamp, signature,
                                  status);
}

JsonNode *
kt_stripe_send_event_to (const char         *server_base,
                         const char         *path,
                         const char         *event_json,
                         const char * const *secrets,
                         gint64              timestamp,
                         const char         *signature,
                         guint              *status)
{
  g_autofree char *uri = g_strconcat (server_base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (event_json, strlen (event_json));
  g_autofree char *header = NULL;

  if (signature == NULL)
    header = kt_stripe_signature_sign ((const guint8 *) event_json, strlen (event_json), secrets, timestamp);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Stripe-Signature",
                                signature != NULL ? signature : header);
  /* What Stripe sends. */
  soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", bytes);
  return send (msg, status);
}
