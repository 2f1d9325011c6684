/* kt-stripe-event.c: a Stripe webhook event, read into what billing needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-stripe-event"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "kantora-shared.h"
#include "kt-server-error.h"
#include "kt-stripe-event.h"

void
kt_stripe_event_clear (KtStripeEvent *event)
{
  g_clear_pointer (&event->id, g_free);
  g_clear_pointer (&event->type, g_free);
  g_clear_pointer (&event->org_id, g_free);
  g_clear_pointer (&event->customer_id, g_free);
  g_clear_pointer (&event->subscription_id, g_free);
  g_clear_pointer (&event->status, g_free);
  g_clear_pointer (&event->price_id, g_free);
  g_clear_pointer (&event->billing_reason, g_free);
}

JsonObject *
kt_stripe_member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
kt_stripe_member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
kt_stripe_member_seconds (JsonObject *object,
                const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return MAX (json_node_get_int (node), 0);
}

/* An id, or an expanded object's id ("customer": {"id": "cus_..."}). */
static char *
member_id (JsonObject *object,
           const char *name)
{
  const char *text = kt_stripe_member_string (object, name);

  if (text == NULL)
    text = kt_stripe_member_string (kt_stripe_member_object (object, name), "id");
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static char *
valid_org (const char *text)
{
  return text != NULL && kt_uuid_is_valid (text) ? g_ascii_strdown (text, -1) : NULL;
}

static JsonObject *
first_item (JsonObject *subscription)
{
  JsonObject *items = kt_stripe_member_object (subscription, "items");
  JsonNode *data = items != NULL ? json_object_get_member (items, "data") : NULL;
  JsonArray *array;

  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    return NULL;
  array = json_node_get_array (data);
  if (json_array_get_length (array) == 0)
    return NULL;
  return JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 0))
         ? json_array_get_object_element (array, 0) : NULL;
}

static void
read_subscription (JsonObject    *object,
                   KtStripeEvent *out)
{
  JsonObject *item = first_item (object);
  JsonNode *cancel = json_object_get_member (object, "cancel_at_period_end");

  out->subscription_id = member_id (object, "id");
  out->customer_id = member_id (object, "customer");
  out->status = g_strdup (kt_stripe_member_string (object, "status"));
  out->price_id = member_id (kt_stripe_member_object (item, "price"), "id");
  out->period_start = kt_stripe_member_seconds (item, "current_period_start");
  out->period_end = kt_stripe_member_seconds (item, "current_period_end");
  if (out->period_end == 0)
    {
      /* Before 2025-03-31.basil the period was the subscription's. */
      out->period_start = kt_stripe_member_seconds (object, "current_period_start");
      out->period_end = kt_stripe_member_seconds (object, "current_period_end");
    }
  out->cancel_at_period_end = cancel != NULL && JSON_NODE_HOLDS_VALUE (cancel) &&
                              json_node_get_value_type (cancel) == G_TYPE_BOOLEAN &&
                              json_node_get_boolean (cancel);
  out->org_id = valid_org (kt_stripe_member_string (kt_stripe_member_object (object, "metadata"), "org_id"));
}

static void
read_invoice (JsonObject    *object,
              KtStripeEvent *out)
{
  /* Since 2025-03-31.basil the subscription is under
   * parent.subscription_details; before, on the invoice. */
  JsonObject *details = kt_stripe_member_object (kt_stripe_member_object (object, "parent"), "subscription_details");

  if (details == NULL)
    details = kt_stripe_member_object (object, "subscription_details");
  out->subscription_id = member_id (details, "subscription");
  if (out->subscription_id == NULL)
    out->subscription_id = member_id (object, "subscription");
  out->customer_id = member_id (object, "customer");
  out->billing_reason = g_strdup (kt_stripe_member_string (object, "billing_reason"));
  out->org_id = valid_org (kt_stripe_member_string (kt_stripe_member_object (details, "metadata"), "org_id"));
}

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

gboolean
kt_stripe_event_parse (JsonNode      *root,
                       KtStripeEvent *out,
                       GError       **error)
{
  JsonObject *event = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonObject *object = kt_stripe_member_object (kt_stripe_member_object (event, "data"), "object");
  const char *id = kt_stripe_member_string (event, "id");
  const char *type = kt_stripe_member_string (event, "type");
  JsonNode *created = event != NULL ? json_object_get_member (event, "created") : NULL;

  memset (out, 0, sizeof *out);
  if (id == NULL || *id == '\0' || strlen (id) > 255)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, "id", _("The event has no id"));
      return FALSE;
    }
  /* Stripe names every event's type; an empty one is a broken event, not
   * one of the types the server leaves alone. */
  if (type == NULL || *type == '\0' || strlen (type) > 255)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, "type", _("The event has no type"));
      return FALSE;
    }
  if (created == NULL || !JSON_NODE_HOLDS_VALUE (created) ||
      json_node_get_value_type (created) != G_TYPE_INT64 || json_node_get_int (created) <= 0)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, "created",
                                 _("The event has no creation time"));
      return FALSE;
    }
  if (object == NULL)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, "data",
                                 _("The event has no data object"));
      return FALSE;
    }

  out->id = g_strdup (id);
  out->type = g_strdup (type);
  out->created = json_node_get_int (created);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (type, kinds[i].type))
      out->kind = kinds[i].kind;

  switch (out->kind)
    {
    case KT_STRIPE_EVENT_CHECKOUT_COMPLETED:
      out->org_id = valid_org (kt_stripe_member_string (object, "client_reference_id"));
      out->customer_id = member_id (object, "customer");
      out->subscription_id = member_id (object, "subscription");
      break;
    case KT_STRIPE_EVENT_SUBSCRIPTION_CREATED:
    case KT_STRIPE_EVENT_SUBSCRIPTION_UPDATED:
    case KT_STRIPE_EVENT_SUBSCRIPTION_DELETED:
      read_subscription (object, out);
      break;
    case KT_STRIPE_EVENT_INVOICE_PAID:
    case KT_STRIPE_EVENT_INVOICE_FAILED:
      read_invoice (object, out);
      break;
    case KT_STRIPE_EVENT_OTHER:
    default:
      break;
    }
  return TRUE;
}

const char *
kt_stripe_status_to_local (const char *status)
{
  /* unpaid and paused keep reads and block growth as past_due does;
   * incomplete_expired never became a subscription. */
  static const struct {
    const char *stripe;
    const char *local;
  } map[] = {
    { "active", "active" }, { "trialing", "trialing" }, { "past_due", "past_due" },
    { "unpaid", "past_due" }, { "paused", "past_due" }, { "canceled", "canceled" },
    { "incomplete", "incomplete" }, { "incomplete_expired", "canceled" },
  };

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (status, map[i].stripe))
      return map[i].local;
  return "incomplete";
}
