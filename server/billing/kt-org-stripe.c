/* kt-org-stripe.c: the organization's own Stripe account, for its invoices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-org-stripe"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-org-stripe.h"
#include "kt-pg-documents.h"
#include "kt-secret-box.h"
#include "kt-server-error.h"
#include "kt-stripe-event.h"

/* The box's error, in billing's terms: without the server's key no
 * organization can keep a Stripe key; a box that does not open was
 * sealed under a key this server no longer has. */
static void
set_error (GError  *local_error,
           GError **error)
{
  if (g_error_matches (local_error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_CANNOT_OPEN))
    g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BILLING_OFF,
                 _("The organization’s Stripe key was stored under a secret key this server no longer "
                   "has: store it again"));
  else
    g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BILLING_OFF,
                 _("This server cannot keep an organization’s Stripe key: %s"), local_error->message);
}

char *
kt_org_stripe_seal (const KtServerConfig *config,
                    const char           *secret,
                    GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  char *box = kt_secret_box_seal (config, secret, &local_error);

  if (box == NULL)
    set_error (local_error, error);
  return box;
}

char *
kt_org_stripe_open (const KtServerConfig *config,
                    const char           *box,
                    GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret = kt_secret_box_open (config, box, &local_error);

  if (secret == NULL)
    set_error (local_error, error);
  return secret;
}

gboolean
kt_org_stripe_save (KtPg                 *pg,
                    const KtServerConfig *config,
                    const char           *org_id,
                    const char           *key,
                    const char           *webhook_secret,
                    GError              **error)
{
  g_autofree char *key_box = kt_org_stripe_seal (config, key, error);
  g_autofree char *webhook_box = NULL;
  g_autofree char *last4 = NULL;
  gsize length = strlen (key);

  if (key_box == NULL)
    return FALSE;
  webhook_box = kt_org_stripe_seal (config, webhook_secret, error);
  if (webhook_box == NULL)
    return FALSE;
  last4 = g_strdup (key + (length > 4 ? length - 4 : 0));
  {
    const char *params[] = { org_id, key_box, webhook_box, last4 };

    return kt_pg_run (pg,
                      "INSERT INTO org_stripe (org_id, key_box, webhook_secret_box, key_last4)"
                      " VALUES ($1::uuid, $2, $3, $4) "
                      "ON CONFLICT (org_id) DO UPDATE SET key_box = EXCLUDED.key_box,"
                      " webhook_secret_box = EXCLUDED.webhook_secret_box, key_last4 = EXCLUDED.key_last4,"
                      " updated_at = now()",
                      G_N_ELEMENTS (params), params, error);
  }
}

gboolean
kt_org_stripe_delete (KtPg        *pg,
                      const char  *org_id,
                      gboolean    *out_existed,
                      GError     **error)
{
  const char *params[] = { org_id };
  g_autoptr(PGresult) res = kt_pg_exec (pg, "org_stripe_delete",
                                        "DELETE FROM org_stripe WHERE org_id = $1::uuid RETURNING org_id",
                                        1, params, error);

  if (res == NULL)
    return FALSE;
  *out_existed = PQntuples (res) > 0;
  return TRUE;
}

gboolean
kt_org_stripe_load (KtPg                 *pg,
                    const KtServerConfig *config,
                    const char           *org_id,
                    char                **out_last4,
                    char                **out_key,
                    char                **out_webhook_secret,
                    GError              **error)
{
  const char *params[] = { org_id };
  g_autoptr(PGresult) res = kt_pg_exec (pg, "org_stripe_load",
                                        "SELECT key_last4, key_box, webhook_secret_box FROM org_stripe"
                                        " WHERE org_id = $1::uuid",
                                        1, params, error);
  g_autofree char *key = NULL;

  if (res == NULL || PQntuples (res) == 0)
    return FALSE;
  if (out_key != NULL && (key = kt_org_stripe_open (config, PQgetvalue (res, 0, 1), error)) == NULL)
    return FALSE;
  if (out_webhook_secret != NULL &&
      (*out_webhook_secret = kt_org_stripe_open (config, PQgetvalue (res, 0, 2), error)) == NULL)
    {
      kt_secret_free (g_steal_pointer (&key));
      return FALSE;
    }
  if (out_key != NULL)
    *out_key = g_steal_pointer (&key);
  if (out_last4 != NULL)
    *out_last4 = g_strdup (PQgetvalue (res, 0, 0));
  return TRUE;
}

/* What one paying event says. */
typedef struct {
  const char *invoice_id;
  const char *reference;   /* the payment intent: the same for both events */
  const char *currency;
  const char *payer_name;
  const char *payer_email;
  gint64      amount;
} Paid;

static gboolean
read_paid (const char *type,
           JsonObject *object,
           Paid       *paid)
{
  JsonObject *details = kt_stripe_member_object (object, "customer_details");

  paid->invoice_id = kt_stripe_member_string (kt_stripe_member_object (object, "metadata"), "invoice_id");
  paid->currency = kt_stripe_member_string (object, "currency");
  if (g_str_equal (type, "checkout.session.completed"))
    {
      /* An asynchronous method (a bank debit) completes the session
       * unpaid; its payment_intent.succeeded comes when the money does. */
      if (g_strcmp0 (kt_stripe_member_string (object, "payment_status"), "paid") != 0)
        return FALSE;
      paid->amount = kt_stripe_member_seconds (object, "amount_total");
      paid->reference = kt_stripe_member_string (object, "payment_intent");
      if (paid->reference == NULL)
        paid->reference = kt_stripe_member_string (object, "id");
      paid->payer_name = kt_stripe_member_string (details, "name");
      paid->payer_email = kt_stripe_member_string (details, "email");
    }
  else if (g_str_equal (type, "payment_intent.succeeded"))
    {
      paid->amount = kt_stripe_member_seconds (object, "amount_received");
      paid->reference = kt_stripe_member_string (object, "id");
      paid->payer_email = kt_stripe_member_string (object, "receipt_email");
    }
  else
    return FALSE;
  return paid->invoice_id != NULL && paid->reference != NULL && paid->currency != NULL && paid->amount > 0;
}

static gboolean
note_payment (KtPg        *pg,
              const char  *org_id,
              const char  *event_id,
              const char  *payment_id,
              GError     **error)
{
  const char *params[] = { org_id, event_id, payment_id };

  return kt_pg_run (pg, "UPDATE org_stripe_events SET payment_id = $3::uuid"
                    " WHERE org_id = $1::uuid AND event_id = $2",
                    G_N_ELEMENTS (params), params, error);
}

static gboolean
create_payment (KtPg                  *pg,
                const KtChangeContext *ctx,
                const char            *event_id,
                gint64                 created,
                const Paid            *paid,
                GError               **error)
{
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GPtrArray) earlier = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (created > 0 ? created : g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *currency = g_ascii_strup (paid->currency, -1);
  g_autofree char *id = kt_uuid_new ();
  g_autofree char *description = NULL;
  g_autofree char *received_at = NULL;
  KtChangeResult result = { 0, };
  gboolean ok;

  if (!kt_uuid_is_valid (paid->invoice_id))
    {
      g_message ("Stripe event %s names no invoice id; recorded and ignored", event_id);
      return TRUE;
    }
  invoice = kt_pg_load_record (pg, KT_ENTITY_INVOICE, ctx->org_id, paid->invoice_id, FALSE, error);
  if (invoice == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      g_message ("Stripe event %s names invoice %s, which organization %s has not; recorded and ignored",
                 event_id, paid->invoice_id, ctx->org_id);
      return TRUE;
    }

  /* checkout.session.completed and payment_intent.succeeded of one
   * payment: the second finds the first's Payment. */
  earlier = kt_pg_load_live (pg, KT_ENTITY_PAYMENT, ctx->org_id, "stripe_payment_id", paid->reference, error);
  if (earlier == NULL)
    return FALSE;
  if (earlier->len > 0)
    return note_payment (pg, ctx->org_id, event_id, kt_record_get_id (g_ptr_array_index (earlier, 0)), error);

  /* The invoice's number in the description: the matcher links a payment
   * that names the number to that invoice, like a bank transfer's. */
  received_at = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
  description = g_strdup_printf ("Stripe %s %s", kt_record_get_string (invoice, "number") != NULL ?
                                 kt_record_get_string (invoice, "number") : "", paid->reference);
  json_object_set_int_member (fields, "amount", paid->amount);
  json_object_set_string_member (fields, "currency", currency);
  json_object_set_string_member (fields, "received_at", received_at);
  json_object_set_string_member (fields, "method", "stripe");
  json_object_set_string_member (fields, "reference", paid->reference);
  json_object_set_string_member (fields, "stripe_payment_id", paid->reference);
  json_object_set_string_member (fields, "description", description);
  if (paid->payer_name != NULL || paid->payer_email != NULL)
    json_object_set_string_member (fields, "payer_name",
                                   paid->payer_name != NULL ? paid->payer_name : paid->payer_email);
  if (paid->payer_email != NULL)
    json_object_set_string_member (fields, "notes", paid->payer_email);
  ok = kt_pg_apply_change (pg, ctx, KT_ENTITY_PAYMENT, KT_CHANGE_CREATE, id, fields, NULL, &result, error);
  kt_change_result_clear (&result);
  return ok && note_payment (pg, ctx->org_id, event_id, id, error) &&
         kt_pg_documents_settle (pg, ctx, ctx->documents, error);
}

gboolean
kt_org_stripe_apply_event (KtPg                  *pg,
                           const KtChangeContext *ctx,
                           JsonObject            *event,
                           gboolean              *out_duplicate,
                           GError               **error)
{
  const char *event_id = kt_stripe_member_string (event, "id");
  const char *type = kt_stripe_member_string (event, "type");
  JsonObject *object = kt_stripe_member_object (kt_stripe_member_object (event, "data"), "object");
  Paid paid = { 0, };
  g_autoptr(PGresult) res = NULL;

  *out_duplicate = FALSE;
  if (event_id == NULL || type == NULL || object == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_REQUEST,
                   _("A Stripe event has an id, a type and data.object"));
      return FALSE;
    }
  {
    const char *params[] = { ctx->org_id, event_id, type };

    res = kt_pg_exec (pg, "org_stripe_event_record",
                      "INSERT INTO org_stripe_events (org_id, event_id, type) VALUES ($1::uuid, $2, $3)"
                      " ON CONFLICT DO NOTHING RETURNING event_id",
                      G_N_ELEMENTS (params), params, error);
  }
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      *out_duplicate = TRUE;
      return TRUE;
    }
  if (!read_paid (type, object, &paid))
    return TRUE;
  return create_payment (pg, ctx, event_id, kt_stripe_member_seconds (event, "created"), &paid, error);
}
