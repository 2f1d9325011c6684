/* kt-job-mail.c: "mail", sending one message through the job queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-job-mail"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-job-mail.h"
#include "kt-mail-texts.h"
#include "kt-pg-accounts.h"
#include "kt-pdf-page.h"
#include "kt-pg-change.h"
#include "kt-pg-pdf.h"
#include "kt-server-error.h"
#include "kt-smtp.h"

static JsonObject *
organization_of (KtPg        *pg,
                 const char  *org_id,
                 GError     **error)
{
  g_autofree char *text = kt_pg_organizations_json (pg, org_id, error);
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return NULL;
  node = json_from_string (text, error);
  if (node == NULL)
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static const char *
org_string (JsonObject *org,
            const char *member)
{
  const char *value = json_object_get_string_member_with_default (org, member, NULL);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* The name the organization's mail comes from: its own sender name,
 * else its name. */
static const char *
sender_of (JsonObject *org)
{
  const char *name = org_string (org, "mail_sender_name");

  return name != NULL ? name : org_string (org, "name");
}

gboolean
kt_job_mail_enqueue (KtPg             *pg,
                     const char       *org_id,
                     const KtMailJob  *mail,
                     const char       *dedupe_key,
                     gint64            run_at_ms,
                     gint64           *id,
                     GError          **error)
{
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  const char *sender_name = mail->sender_name;
  const char *reply_to = mail->reply_to;

  g_return_val_if_fail (org_id != NULL && mail->to != NULL && mail->subject != NULL && mail->text != NULL, FALSE);

  org = organization_of (pg, org_id, error);
  if (org == NULL)
    return FALSE;
  if (sender_name == NULL)
    sender_name = sender_of (org);
  if (reply_to == NULL)
    reply_to = org_string (org, "mail_reply_to");

#define ADD_STRING(name, value) \
  if ((value) != NULL) \
    { \
      json_builder_set_member_name (builder, name); \
      json_builder_add_string_value (builder, value); \
    }
  json_builder_begin_object (builder);
  ADD_STRING ("to", mail->to);
  ADD_STRING ("subject", mail->subject);
  ADD_STRING ("text", mail->text);
  ADD_STRING ("language", mail->language);
  ADD_STRING ("sender_name", sender_name);
  ADD_STRING ("reply_to", reply_to);
  ADD_STRING ("invoice_id", mail->invoice_id);
  ADD_STRING ("log", mail->log);
#undef ADD_STRING
  if (mail->reminder > 0)
    {
      json_builder_set_member_name (builder, "reminder");
      json_builder_add_int_value (builder, mail->reminder);
    }
  if (mail->mark_sent)
    {
      json_builder_set_member_name (builder, "mark_sent");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);

  return kt_jobs_enqueue (pg, org_id, kt_job_mail.kind, payload, run_at_ms, dedupe_key, id, error);
}

gboolean
kt_job_mail_enqueue_invoice (KtPg        *pg,
                             const char  *org_id,
                             KtRecord    *invoice,
                             const char  *to,
                             const char  *language,
                             guint        reminder,
                             const char  *dedupe_key,
                             gint64       run_at_ms,
                             gint64      *id,
                             GError     **error)
{
  g_autoptr(JsonObject) org = organization_of (pg, org_id, error);
  const char *currency = kt_record_get_string (invoice, "currency");
  gint64 amount = kt_record_get_int (invoice, "total");
  g_autofree char *amount_text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  g_autofree char *log = NULL;
  KtMailTextArgs args = { 0, };
  KtMailJob mail = { 0, };

  if (org == NULL)
    return FALSE;
  if (language == NULL)
    language = kt_record_get_string (invoice, "language");
  language = kt_mail_texts_language (language);
  if (reminder > 0)
    amount -= kt_record_get_int (invoice, "paid_amount") + kt_record_get_int (invoice, "credited_amount");
  amount_text = kt_money_format (amount, currency != NULL ? currency : "EUR", language);

  args.language = language;
  args.reminder = reminder;
  args.number = kt_record_get_string (invoice, "number");
  args.seller = sender_of (org);
  args.issue_date = kt_record_get_string (invoice, "issue_date");
  args.due_date = kt_record_get_string (invoice, "due_date");
  args.amount = amount_text;
  args.to = to;
  kt_mail_texts_build (&args, &subject, &text);
  log = kt_mail_texts_log (&args);

  mail.to = to;
  mail.subject = subject;
  mail.text = text;
  mail.language = language;
  mail.invoice_id = kt_record_get_id (invoice);
  mail.reminder = reminder;
  mail.mark_sent = reminder == 0;
  mail.log = log;
  return kt_job_mail_enqueue (pg, org_id, &mail, dedupe_key, run_at_ms, id, error);
}

/* Whether a reminder about @invoice is still due: it is live, issued and
 * has money open. Checked when the job runs, since the invoice may have
 * been paid or cancelled after the reminder was queued. */
static gboolean
reminder_still_due (KtRecord *invoice)
{
  const char *status = kt_record_get_string (invoice, "status");
  gint64 open = kt_record_get_int (invoice, "total") - kt_record_get_int (invoice, "paid_amount") -
                kt_record_get_int (invoice, "credited_amount");

  return !kt_record_get_deleted (invoice) && open > 0 &&
         (g_strcmp0 (status, "issued") == 0 || g_strcmp0 (status, "sent") == 0 ||
          g_strcmp0 (status, "partially_paid") == 0 || g_strcmp0 (status, "overdue") == 0);
}

static gboolean
attach_pdf (KtMailMessage   *msg,
            KtPgPdfRecords  *records,
            GError         **error)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *filename = NULL;

  /* The same page as GET /v1/invoices/{id}/pdf. */
  pdf = kt_pdf_page_render (records, &filename, error);
  if (pdf == NULL)
    return FALSE;
  return kt_mail_message_add_attachment (msg, filename, "application/pdf", pdf, error);
}

/* The mail log entry on @invoice's timeline and, for the invoice
 * itself, "issued" becomes "sent": server changes clients pull. */
static gboolean
write_log (KtJobContext  *ctx,
           KtRecord      *invoice,
           const char    *log,
           gboolean       mark_sent,
           GError       **error)
{
  g_autoptr(KtDocuments) documents = kt_documents_new (FALSE, 0);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = kt_uuid_new ();
  g_autofree char *occurred_at = kt_iso_from_unix_ms (ctx->now_ms);
  const char *owner = kt_record_get_owner_id (invoice);
  KtChangeContext change_ctx;

  kt_jobs_change_context (ctx, owner, documents, &change_ctx);
  json_object_set_string_member (fields, "type", "email");
  json_object_set_string_member (fields, "occurred_at", occurred_at);
  json_object_set_string_member (fields, "subject", log);
  json_object_set_string_member (fields, "invoice_id", kt_record_get_id (invoice));
  if (kt_record_has (invoice, "contact_id"))
    json_object_set_string_member (fields, "contact_id", kt_record_get_string (invoice, "contact_id"));
  if (kt_record_has (invoice, "company_id"))
    json_object_set_string_member (fields, "company_id", kt_record_get_string (invoice, "company_id"));
  if (owner != NULL)
    json_object_set_string_member (fields, KT_META_OWNER, owner);
  if (!kt_jobs_apply_change (ctx->pg, &change_ctx, KT_ENTITY_ACTIVITY, KT_CHANGE_CREATE, id, fields, error))
    return FALSE;

  if (mark_sent && g_strcmp0 (kt_record_get_string (invoice, "status"), "issued") == 0)
    {
      g_autoptr(JsonObject) status = json_object_new ();

      json_object_set_string_member (status, "status", "sent");
      if (!kt_jobs_apply_change (ctx->pg, &change_ctx, KT_ENTITY_INVOICE, KT_CHANGE_UPDATE, kt_record_get_id (invoice),
                  status, error))
        return FALSE;
    }
  return kt_pg_documents_settle (ctx->pg, &change_ctx, documents, error);
}

static gboolean
run_mail (KtJobContext  *ctx,
          GError       **error)
{
  g_autoptr(JsonNode) payload = json_from_string (ctx->job->payload, NULL);
  JsonObject *object = payload != NULL && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;
  const char *to = object ? json_object_get_string_member_with_default (object, "to", NULL) : NULL;
  const char *subject = object ? json_object_get_string_member_with_default (object, "subject", NULL) : NULL;
  const char *text = object ? json_object_get_string_member_with_default (object, "text", NULL) : NULL;
  const char *sender_name = object ? json_object_get_string_member_with_default (object, "sender_name", NULL) : NULL;
  const char *reply_to = object ? json_object_get_string_member_with_default (object, "reply_to", NULL) : NULL;
  const char *invoice_id = object ? json_object_get_string_member_with_default (object, "invoice_id", NULL) : NULL;
  const char *log = object ? json_object_get_string_member_with_default (object, "log", NULL) : NULL;
  gint64 reminder = object ? json_object_get_int_member_with_default (object, "reminder", 0) : 0;
  gboolean mark_sent = object ? json_object_get_boolean_member_with_default (object, "mark_sent", FALSE) : FALSE;
  g_auto(KtPgPdfRecords) records = { 0, };
  g_autoptr(KtMailMessage) msg = NULL;

  if (ctx->job->org_id == NULL || to == NULL || subject == NULL || text == NULL ||
      (invoice_id != NULL && !kt_uuid_is_valid (invoice_id)))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_VALIDATION, _("The mail job's payload is not valid"));
      return FALSE;
    }
  if (ctx->smtp == NULL)
    {
      /* Another instance may have SMTP; this one retries later. */
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_NOT_CONFIGURED,
                   _("This server has no SMTP host to send mail with"));
      return FALSE;
    }

  if (invoice_id != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!kt_pg_pdf_load (ctx->pg, KT_ENTITY_INVOICE, KT_ENTITY_INVOICE_ITEM, ctx->job->org_id, invoice_id,
                           &records, &local_error))
        {
          if (!g_error_matches (local_error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* The invoice is gone: so is the reason to mail it. */
          g_message ("mail job %" G_GINT64_FORMAT ": invoice %s is gone, not sent", ctx->job->id, invoice_id);
          return TRUE;
        }
      if (reminder > 0 && !reminder_still_due (records.document))
        {
          g_debug ("mail job %" G_GINT64_FORMAT ": invoice %s is settled, reminder not sent",
                   ctx->job->id, invoice_id);
          return TRUE;
        }
    }

  msg = kt_smtp_new_message (ctx->smtp, sender_name, error);
  if (msg == NULL ||
      (reply_to != NULL && !kt_mail_message_set_reply_to (msg, reply_to, NULL, error)) ||
      !kt_mail_message_add_to (msg, to, NULL, error) ||
      !kt_mail_message_set_subject (msg, subject, error))
    return FALSE;
  kt_mail_message_set_text (msg, text);
  if (invoice_id != NULL && !attach_pdf (msg, &records, error))
    return FALSE;

  /* The writes first and the send last: a refused send rolls them back. */
  if (invoice_id != NULL && log != NULL && !write_log (ctx, records.document, log, mark_sent, error))
    return FALSE;
  if (!kt_smtp_send (ctx->smtp, msg, error))
    return FALSE;
  g_message ("mail job %" G_GINT64_FORMAT " sent to %s as <%s>", ctx->job->id, to,
             kt_mail_message_get_message_id (msg));
  return TRUE;
}

/* Ten attempts with the runner's backoff (10 s doubling to an hour)
 * span some five hours: a mail server's outage of an afternoon delays
 * the mail, and only a longer one leaves it failed for an Admin to
 * retry. */
const KtJobKind kt_job_mail = {
  .kind = "mail",
  .func = run_mail,
  .max_attempts = 10,
};
