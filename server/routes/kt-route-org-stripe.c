/* kt-route-org-stripe.c: the organization's own Stripe account, a payment
 * link per invoice, and the account's webhook (docs/billing.md, "The
 * organization's own Stripe")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-org-stripe"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-org-stripe.h"
#include "kt-org-stripe-link.h"
#include "kt-pg-payment-links.h"
#include "kt-pg-documents.h"
#include "kt-policy.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"

static void
respond_state (KtRequest  *req,
               const char *last4)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "configured");
  json_builder_add_boolean_value (b, last4 != NULL);
  json_builder_set_member_name (b, "key_last4");
  if (last4 != NULL)
    json_builder_add_string_value (b, last4);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  kt_request_respond_json (req, 200, root);
}

/* GET /v1/organization/stripe: whether a key is stored and its last four
 * characters; never the key or the secret. */
gboolean
kt_route_org_stripe_get (KtRequest *req,
                         GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *last4 = NULL;

  if (!kt_policy_may_manage_org_stripe (req->auth.role, error))
    return FALSE;
  if (!kt_org_stripe_load (req->pg, req->config, req->auth.org_id, &last4, NULL, NULL, &local_error) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  respond_state (req, last4);
  return TRUE;
}

static gboolean
check_secret (JsonObject  *body,
              const char  *name,
              const char  *prefix,
              const char **out,
              GError     **error)
{
  if (!kt_json_get_string (body, name, TRUE, out, error))
    return FALSE;
  if (!g_str_has_prefix (*out, prefix) || strlen (*out) < strlen (prefix) + 8 || strlen (*out) > 255 ||
      strpbrk (*out, " \t\r\n,") != NULL)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, name,
                                 _("This is not a Stripe %s… value"), prefix);
      return FALSE;
    }
  return TRUE;
}

/* PUT /v1/organization/stripe {"key": "rk_…", "webhook_secret":
 * "whsec_…"}: stored sealed; the answer is what GET says. */
gboolean
kt_route_org_stripe_put (KtRequest *req,
                         GError   **error)
{
  static const char * const allowed[] = { "key", "webhook_secret", NULL };
  g_autoptr(JsonObject) body = NULL;
  const char *key = NULL;
  const char *secret = NULL;
  g_autofree char *last4 = NULL;

  if (!kt_policy_may_manage_org_stripe (req->auth.role, error))
    return FALSE;
  body = kt_request_read_object (req, error);
  /* A restricted key only: it can be limited to payment links, and a
   * leaked one cannot move the organization's money elsewhere. */
  if (body == NULL || !kt_routes_check_keys (body, allowed, error) ||
      !check_secret (body, "key", "rk_", &key, error) ||
      !check_secret (body, "webhook_secret", "whsec_", &secret, error))
    return FALSE;
  if (!kt_org_stripe_save (req->pg, req->config, req->auth.org_id, key, secret, error))
    return FALSE;
  last4 = g_strdup (key + strlen (key) - 4);
  respond_state (req, last4);
  return TRUE;
}

/* DELETE /v1/organization/stripe: forgets the key and the secret; links
 * made already stay on their invoices (they are Stripe's). */
gboolean
kt_route_org_stripe_delete (KtRequest *req,
                            GError   **error)
{
  gboolean existed = FALSE;

  if (!kt_policy_may_manage_org_stripe (req->auth.role, error) ||
      !kt_org_stripe_delete (req->pg, req->auth.org_id, &existed, error))
    return FALSE;
  if (!existed)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("The organization has no Stripe key stored"));
      return FALSE;
    }
  kt_request_respond_empty (req, 204);
  return TRUE;
}

static void
respond_link (KtRequest  *req,
              const char *url,
              gboolean    created)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "payment_url");
  json_builder_add_string_value (b, url);
  json_builder_set_member_name (b, "created");
  json_builder_add_boolean_value (b, created);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  kt_request_respond_json (req, 200, root);
}

typedef struct {
  const char *invoice_id;
  char       *url;
  gboolean    created;
} LinkWork;

static gboolean
follow_link_cb (KtRequest *req,
                gpointer   data,
                GError   **error)
{
  LinkWork *work = data;
  KtChangeContext ctx;

  g_clear_pointer (&work->url, g_free);   /* a serialization retry */
  /* The writer's own rights: who may not change the invoice gets no
   * link on it either. */
  kt_routes_change_context (req, &ctx);
  return kt_org_stripe_link_follow (req->pg, req->config, &ctx, work->invoice_id, &work->url, &work->created,
                                    error);
}

/* POST /v1/invoices/{id}/payment-link: the payment link of the
 * organization's own Stripe account for the open amount of an issued
 * invoice, set as its payment_url (so it syncs, and its PDF's QR carries
 * it), now rather than when the "payment_link" job comes to it: the same
 * kt_org_stripe_link_follow(), in the request's transaction. An invoice
 * whose link fits keeps it. */
gboolean
kt_route_invoice_payment_link (KtRequest *req,
                               GError   **error)
{
  const char *id = req->segments[1];
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GError) local_error = NULL;
  LinkWork work = { id, NULL, FALSE };
  gboolean has_key;

  if (!kt_uuid_is_valid (id) ||
      (invoice = kt_pg_load_record (req->pg, KT_ENTITY_INVOICE, req->auth.org_id, id, FALSE, &local_error)) == NULL ||
      kt_record_get_deleted (invoice))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND, _("No such invoice"));
      return FALSE;
    }
  if (kt_pg_payment_links_wanted (invoice) <= 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_CONFLICT,
                   _("Only an issued invoice with money still open gets a payment link"));
      return FALSE;
    }
  has_key = kt_org_stripe_load (req->pg, req->config, req->auth.org_id, NULL, NULL, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!has_key)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_CONFLICT,
                   _("The organization has no Stripe key: an owner stores one first"));
      return FALSE;
    }

  if (!kt_routes_in_transaction (req, follow_link_cb, &work, error))
    {
      g_free (work.url);
      return FALSE;
    }
  respond_link (req, work.url, work.created);
  g_free (work.url);
  return TRUE;
}

typedef struct {
  const char  *org_id;
  JsonObject  *event;
  gboolean     duplicate;
} WebhookWork;

static gboolean
apply_event_cb (KtRequest *req,
                gpointer   data,
                GError   **error)
{
  WebhookWork *work = data;
  g_autoptr(KtDocuments) documents = kt_documents_new (FALSE, 0);
  KtChangeContext ctx = {
    .org_id = work->org_id,
    .role = KT_ROLE_OWNER,
    .policy = kt_change_server_policy (),
    .documents = documents,
  };

  kt_server_get_clock (req->server, &ctx.clock, &ctx.clock_lock);
  return kt_org_stripe_apply_event (req->pg, &ctx, work->event, &work->duplicate, error);
}

/* POST /v1/stripe/webhook/{org_id}: the organization's own account's
 * events, signed with the secret its Owner stored; another
 * organization's secret does not open this route. */
gboolean
kt_route_org_stripe_webhook (KtRequest *req,
                             GError   **error)
{
  const char *org_id = req->segments[2];
  g_autoptr(GError) local_error = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *secrets[2] = { NULL, NULL };
  WebhookWork work = { 0, };
  gboolean verified;

  if (!kt_uuid_is_valid (org_id) ||
      !kt_org_stripe_load (req->pg, req->config, org_id, NULL, NULL, &secret, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                     _("No organization here takes Stripe events at this address"));
      return FALSE;
    }
  secrets[0] = secret;
  verified = kt_routes_stripe_verify (req, secrets, error);
  kt_secret_free (g_steal_pointer (&secret));
  if (!verified)
    return FALSE;

  object = kt_request_read_object (req, error);
  if (object == NULL)
    return FALSE;
  work = (WebhookWork) { org_id, object, FALSE };
  if (!kt_routes_in_transaction (req, apply_event_cb, &work, error))
    return FALSE;
  kt_routes_stripe_received (req, work.duplicate);
  return TRUE;
}
