/* kt-job-recurring.c: recurring invoices, from the invoice's schedule
 *
 * An issued invoice with repeat_every (month, quarter, year) and
 * optionally repeat_until repeats on the day of the month it was issued:
 * @every months on, or the month's last day when that month is shorter
 * (issued on the 31st: February's 28th or 29th, then March's 31st).
 *
 * "recurring_invoices" runs daily in each organization (00:10 local
 * time) and enqueues, for every such invoice, one "recurring_invoice"
 * job per date that has come (today included, in the organization's time
 * zone) and has no copy yet, with the dedupe key "source:date". That job
 * issues the copy: the invoice's fields and lines, repeated_from_id the
 * source, dated the date (the due date as far after it as the
 * original's), numbered by the document rules like any issued invoice.
 * A copy dated the date that exists already (deleted ones too: their
 * number is taken) is never issued again, so a date's copy exists once
 * across reruns, restarts and instances, even after the done job is
 * forgotten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-job-recurring"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-jobs.h"
#include "kt-pg-change.h"
#include "kt-pg-schedules.h"
#include "kt-server-error.h"

/* What a copy does not take over from the invoice it repeats: what the
 * server computes, what belongs to that one invoice, and its dates. */
static const char * const not_copied[] = {
  "number", "status", "subtotal", "discount", "net", "tax", "total", "paid_amount",
  "credited_amount", "payment_url", "offer_id", "credited_invoice_id", "issue_date",
  "due_date", "supply_date", "repeat_every", "repeat_until", "repeated_from_id", NULL
};

static guint
months_of (const char *every)
{
  if (g_strcmp0 (every, "month") == 0)
    return 1;
  if (g_strcmp0 (every, "quarter") == 0)
    return 3;
  if (g_strcmp0 (every, "year") == 0)
    return 12;
  return 0;
}

/* @date plus @months, on @day or the month's last day. */
static GDate *
next_date (const GDate *date,
           guint        months,
           guint        day)
{
  guint index = (guint) g_date_get_year (date) * 12 + (guint) g_date_get_month (date) - 1 + months;
  GDateYear year = (GDateYear) (index / 12);
  GDateMonth month = (GDateMonth) (index % 12 + 1);

  return g_date_new_dmy ((GDateDay) MIN (day, g_date_get_days_in_month (month, year)), month, year);
}

static GDate *
parse_date (const char *text)
{
  GDate *date = g_date_new ();

  if (text != NULL)
    g_date_set_parse (date, text);
  if (text == NULL || !g_date_valid (date) || strlen (text) != 10)
    {
      g_date_free (date);
      return NULL;
    }
  return date;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* The copy's fields from @source's, for @entity. */
static JsonObject *
copy_fields (KtRecord   *source,
             const char *parent_field,
             const char *parent_id)
{
  g_autoptr(JsonNode) json = kt_record_to_json (source, KT_JSON_NO_META);
  JsonObject *from = json_node_get_object (json);
  JsonObject *fields = json_object_new ();
  const KtEntity *entity = kt_record_get_entity (source);

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    if (json_object_has_member (from, f->name) && !g_strv_contains (not_copied, f->name))
      json_object_set_member (fields, f->name, json_node_copy (json_object_get_member (from, f->name)));
  if (parent_field != NULL)
    json_object_set_string_member (fields, parent_field, parent_id);
  if (kt_record_get_owner_id (source) != NULL)
    json_object_set_string_member (fields, KT_META_OWNER, kt_record_get_owner_id (source));
  return fields;
}

/* The copy: a draft with the lines, then issued, then settled (totals
 * and the number), all in the job's transaction. */
static gboolean
issue_copy (KtJobContext  *ctx,
            KtRecord      *source,
            const GDate   *date,
            GError       **error)
{
  const char *org_id = ctx->job->org_id;
  g_autoptr(KtDocuments) documents = kt_documents_new (FALSE, 0);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonObject) fields = copy_fields (source, NULL, NULL);
  g_autoptr(JsonObject) issue = json_object_new ();
  g_autofree char *id = kt_uuid_new ();
  g_autofree char *issue_date = format_date (date);
  g_autoptr(GDate) source_issue = parse_date (kt_record_get_string (source, "issue_date"));
  g_autoptr(GDate) source_due = parse_date (kt_record_get_string (source, "due_date"));
  KtChangeContext change_ctx;

  kt_jobs_change_context (ctx, kt_record_get_owner_id (source), documents, &change_ctx);
  json_object_set_string_member (fields, "issue_date", issue_date);
  json_object_set_string_member (fields, "repeated_from_id", kt_record_get_id (source));
  if (source_issue != NULL && source_due != NULL)
    {
      g_autoptr(GDate) due = g_date_copy (date);
      g_autofree char *due_text = NULL;

      g_date_add_days (due, (guint) MAX (0, g_date_days_between (source_issue, source_due)));
      due_text = format_date (due);
      json_object_set_string_member (fields, "due_date", due_text);
    }
  json_object_set_string_member (fields, "status", "draft");
  if (!kt_jobs_apply_change (ctx->pg, &change_ctx, KT_ENTITY_INVOICE, KT_CHANGE_CREATE, id, fields, error))
    return FALSE;

  items = kt_pg_load_live (ctx->pg, KT_ENTITY_INVOICE_ITEM, org_id, "invoice_id",
                           kt_record_get_id (source), error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(JsonObject) item = copy_fields (g_ptr_array_index (items, i), "invoice_id", id);
      g_autofree char *item_id = kt_uuid_new ();

      if (!kt_jobs_apply_change (ctx->pg, &change_ctx, KT_ENTITY_INVOICE_ITEM, KT_CHANGE_CREATE, item_id, item, error))
        return FALSE;
    }

  json_object_set_string_member (issue, "status", "issued");
  return kt_jobs_apply_change (ctx->pg, &change_ctx, KT_ENTITY_INVOICE, KT_CHANGE_UPDATE, id, issue, error) &&
         kt_pg_documents_settle (ctx->pg, &change_ctx, documents, error);
}

/* The schedule's dates are the source's day of the month, @months
 * apart; so many are enough for a century of months. */
#define MAX_DATES 1200

static gboolean
run_recurring (KtJobContext  *ctx,
               GError       **error)
{
  g_autoptr(JsonNode) payload = json_from_string (ctx->job->payload, NULL);
  JsonObject *object = payload != NULL && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;
  const char *invoice_id = object ? json_object_get_string_member_with_default (object, "invoice_id", NULL) : NULL;
  const char *date_text = object ? json_object_get_string_member_with_default (object, "date", NULL) : NULL;
  g_autoptr(GDate) date = parse_date (date_text);
  g_autoptr(KtRecord) source = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean exists = FALSE;

  if (ctx->job->org_id == NULL || invoice_id == NULL || !kt_uuid_is_valid (invoice_id) || date == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_VALIDATION,
                   _("The schedule of a recurring invoice is not valid"));
      return FALSE;
    }

  source = kt_pg_load_record (ctx->pg, KT_ENTITY_INVOICE, ctx->job->org_id, invoice_id, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Gone, cancelled or no longer repeating since the date was queued:
   * so is its schedule. */
  if (source == NULL || kt_record_get_deleted (source) || !kt_record_has (source, "repeat_every") ||
      g_strcmp0 (kt_record_get_string (source, "status"), "cancelled") == 0)
    return TRUE;
  if (!kt_pg_recurring_copy_exists (ctx->pg, ctx->job->org_id, invoice_id, date_text, &exists, error))
    return FALSE;
  if (exists)
    return TRUE;
  return issue_copy (ctx, source, date, error);
}

const KtJobKind kt_job_recurring_invoice = {
  .kind = "recurring_invoice",
  .func = run_recurring,
  .max_attempts = 5,
};

/* Enqueues the copies of @source that are due by @today and not made. */
static gboolean
schedule_copies (KtJobContext         *ctx,
                 KtPgRecurringSource  *source,
                 const char           *today,
                 GError              **error)
{
  g_autoptr(GDate) issue = parse_date (source->issue_date);
  g_autoptr(GDate) until = parse_date (source->repeat_until);
  g_autoptr(GDate) last = parse_date (source->last_copy);
  g_autoptr(GDate) end = parse_date (today);
  guint months = months_of (source->repeat_every);

  if (issue == NULL || end == NULL || months == 0)
    return TRUE;
  if (until != NULL && g_date_compare (until, end) < 0)
    g_date_set_julian (end, g_date_get_julian (until));

  for (guint k = 1; k <= MAX_DATES; k++)
    {
      g_autoptr(GDate) next = next_date (issue, k * months, g_date_get_day (issue));
      g_autofree char *next_text = NULL;
      g_autofree char *key = NULL;
      g_autofree char *payload = NULL;

      if (g_date_compare (next, end) > 0)
        break;
      if (last != NULL && g_date_compare (next, last) <= 0)
        continue;
      next_text = format_date (next);
      key = g_strdup_printf ("%s:%s", source->invoice_id, next_text);
      payload = g_strdup_printf ("{\"invoice_id\":\"%s\",\"date\":\"%s\"}", source->invoice_id, next_text);
      if (!kt_jobs_enqueue (ctx->pg, ctx->job->org_id, kt_job_recurring_invoice.kind, payload, ctx->now_ms,
                            key, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
run_recurring_invoices (KtJobContext  *ctx,
                        GError       **error)
{
  g_autofree char *today = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  if (ctx->job->org_id == NULL)
    return TRUE;
  sources = kt_pg_recurring_sources (ctx->pg, ctx->job->org_id, ctx->now_ms, &today, error);
  if (sources == NULL)
    return FALSE;
  for (guint i = 0; i < sources->len; i++)
    if (!schedule_copies (ctx, g_ptr_array_index (sources, i), today, error))
      return FALSE;
  return TRUE;
}

/* Ten past midnight, the organization's time: today's invoices exist
 * when the day's work begins, after the overdue marking at 00:05. */
const KtJobKind kt_job_recurring_invoices = {
  .kind = "recurring_invoices",
  .func = run_recurring_invoices,
  .max_attempts = 5,
  .repeat = KT_JOB_DAILY,
  .minute_of_day = 10,
};
