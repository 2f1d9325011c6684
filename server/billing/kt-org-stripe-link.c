/* kt-org-stripe-link.c: an invoice's Stripe payment link follows its open
 * amount
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-org-stripe-link"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-billing.h"
#include "kt-org-stripe.h"
#include "kt-org-stripe-link.h"
#include "kt-pg-payment-links.h"
#include "kt-server-error.h"

static gboolean
set_payment_url (KtPg                  *pg,
                 const KtChangeContext *change_ctx,
                 const char            *invoice_id,
                 const char            *url,
                 GError               **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  KtChangeResult result = { 0, };
  gboolean ok;

  if (url != NULL)
    json_object_set_string_member (fields, "payment_url", url);
  else
    json_object_set_null_member (fields, "payment_url");
  ok = kt_pg_apply_change (pg, change_ctx, KT_ENTITY_INVOICE, KT_CHANGE_UPDATE, invoice_id, fields, NULL,
                           &result, error);
  kt_change_result_clear (&result);
  return ok;
}

gboolean
kt_org_stripe_link_follow (KtPg                  *pg,
                           const KtServerConfig  *config,
                           const KtChangeContext *change_ctx,
                           const char            *invoice_id,
                           char                 **out_url,
                           gboolean              *out_created,
                           GError               **error)
{
  const char *org_id = change_ctx->org_id;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autofree char *org_key = NULL;
  g_autofree char *upper = NULL;
  const char *url;
  KtPgPaymentLink *fitting = NULL;
  gboolean ours = FALSE;
  guint version = 0;
  gint64 wanted;

  *out_url = NULL;
  *out_created = FALSE;
  /* Locked until commit: two jobs of one invoice, or the job and a
   * request, follow one after the other, each from what the other left. */
  invoice = kt_pg_load_record (pg, KT_ENTITY_INVOICE, org_id, invoice_id, TRUE, &local_error);
  if (invoice == NULL)
    {
      if (local_error == NULL)
        return TRUE;   /* never synced here, or another organization's */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  links = kt_pg_payment_links_list (pg, org_id, invoice_id, error);
  if (links == NULL)
    return FALSE;

  wanted = kt_pg_payment_links_wanted (invoice);
  upper = g_ascii_strup (kt_record_get_string (invoice, "currency") != NULL ?
                         kt_record_get_string (invoice, "currency") : "", -1);
  url = kt_record_get_string (invoice, "payment_url");
  for (guint i = 0; i < links->len; i++)
    {
      KtPgPaymentLink *link = g_ptr_array_index (links, i);

      version += link->active ? 1 : 2;
      ours = ours || g_strcmp0 (url, link->url) == 0;
      if (link->active && wanted > 0 && link->amount == wanted && g_str_equal (link->currency, upper))
        fitting = link;
    }
  /* Someone put a link of their own on the invoice: it stays. */
  if (url != NULL && !ours)
    {
      *out_url = g_strdup (url);
      return TRUE;
    }

  if (!kt_org_stripe_load (pg, config, org_id, NULL, &org_key, NULL, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *out_url = g_strdup (url);
      return TRUE;   /* the Owner removed the key: nothing to do */
    }

  /* A link for an amount no longer open takes no more money: off first,
   * so that a failure below leaves no link for the wrong amount. */
  for (guint i = 0; i < links->len; i++)
    {
      KtPgPaymentLink *link = g_ptr_array_index (links, i);

      if (!link->active || link == fitting)
        continue;
      if (!kt_billing_org_payment_link_deactivate (config, org_key, link->stripe_link_id, error) ||
          !kt_pg_payment_links_deactivate (pg, org_id, invoice_id, link->stripe_link_id, error))
        goto fail;
      g_message ("deactivated payment link %s of invoice %s (%" G_GINT64_FORMAT " %s no longer open)",
                 link->stripe_link_id, invoice_id, link->amount, link->currency);
    }

  if (wanted > 0 && fitting == NULL)
    {
      g_autofree char *lower = g_ascii_strdown (upper, -1);
      /* One link per invoice and amount: the key is the same for a retry
       * of this one, and new once the links changed (the amount asked
       * again after a payment was undone is a new link, since the first
       * one is off). */
      g_autofree char *key = version == 0 ?
                             g_strdup_printf ("kantora-invoice-%s-%" G_GINT64_FORMAT "-%s", invoice_id, wanted, lower) :
                             g_strdup_printf ("kantora-invoice-%s-%" G_GINT64_FORMAT "-%s-%u", invoice_id, wanted,
                                              lower, version);
      KtPgPaymentLink made = { NULL, NULL, wanted, upper, TRUE };

      made.url = kt_billing_org_payment_link (config, org_key, key, invoice_id,
                                              kt_record_get_string (invoice, "number"), wanted, upper,
                                              &made.stripe_link_id, error);
      if (made.url == NULL || !kt_pg_payment_links_add (pg, org_id, invoice_id, &made, error))
        {
          g_free (made.url);
          g_free (made.stripe_link_id);
          goto fail;
        }
      *out_url = made.url;
      *out_created = TRUE;
      g_free (made.stripe_link_id);
    }
  else if (fitting != NULL)
    *out_url = g_strdup (fitting->url);

  kt_secret_free (g_steal_pointer (&org_key));
  if (g_strcmp0 (*out_url, url) == 0 || kt_record_get_deleted (invoice))
    return TRUE;
  return set_payment_url (pg, change_ctx, invoice_id, *out_url, error);

fail:
  kt_secret_free (g_steal_pointer (&org_key));
  return FALSE;
}

static gboolean
run_payment_link (KtJobContext  *ctx,
                  GError       **error)
{
  g_autoptr(JsonNode) payload = json_from_string (ctx->job->payload, NULL);
  JsonObject *object = payload != NULL && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;
  const char *invoice_id = object != NULL ? json_object_get_string_member_with_default (object, "invoice_id", NULL) : NULL;
  g_autofree char *url = NULL;
  gboolean created = FALSE;
  KtChangeContext change_ctx;

  if (invoice_id == NULL || !kt_uuid_is_valid (invoice_id) || ctx->job->org_id == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_REQUEST,
                   _("A payment link job names an invoice"));
      return FALSE;
    }
  if (ctx->config == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BILLING_OFF,
                   _("This instance runs no payment link jobs (its runner has no configuration)"));
      return FALSE;
    }
  kt_jobs_change_context (ctx, NULL, NULL, &change_ctx);
  return kt_org_stripe_link_follow (ctx->pg, ctx->config, &change_ctx, invoice_id, &url, &created, error);
}

const KtJobKind kt_job_payment_link = {
  .kind = KT_PAYMENT_LINK_JOB,
  .func = run_payment_link,
  .max_attempts = 10,
};
