/* kt-job-recurring.c: "recurring_invoice", the next invoice of a schedule
 *
 * The schedule lives in the job's payload for now (a schedule field on
 * the invoice is a change of the model, not made yet):
 *
 *   {"invoice_id": "<the invoice to repeat>", "every": "month" | "quarter"
 *    | "year", "day": 1..31, "date": "YYYY-MM-DD", "until": "YYYY-MM-DD"?}
 *
 * A run issues a copy of the invoice and its lines dated @date (the due
 * date as far after it as the original's), numbered by the document
 * rules like any issued invoice, and enqueues the run of the next date:
 * @day of the month @every months on, or the month's last day when it is
 * shorter (the 31st gives February's 28th or 29th and then March's 31st).
 * The dedupe key (source and date) and the job's one transaction make
 * each date's invoice exist once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-job-recurring"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-jobs.h"
#include "kt-pg-change.h"
#include "kt-server-error.h"

/* What a copy does not take over from the invoice it repeats: what the
 * server computes, what belongs to that one invoice, and its dates. */
static const char * const not_copied[] = {
  "number", "status", "subtotal", "discount", "net", "tax", "total", "paid_amount",
  "credited_amount", "payment_url", "offer_id", "credited_invoice_id", "issue_date",
  "due_date", "supply_date", NULL
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

static gboolean
apply (KtPg                  *pg,
       const KtChangeContext *ctx,
       const KtEntity        *entity,
       KtChangeKind           kind,
       const char            *id,
       JsonObject            *fields,
       GError               **error)
{
  KtChangeResult result = { 0, };
  gboolean ok = kt_pg_apply_change (pg, ctx, entity, kind, id, fields, NULL, &result, error);

  kt_change_result_clear (&result);
  return ok;
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
  KtChangeContext change_ctx = {
    .org_id = org_id,
    .user_id = kt_record_get_owner_id (source),
    .role = KT_ROLE_OWNER,
    .policy = kt_change_server_policy (),
    .clock = ctx->clock,
    .clock_lock = ctx->clock_lock,
    .documents = documents,
  };

  json_object_set_string_member (fields, "issue_date", issue_date);
  if (source_issue != NULL && source_due != NULL)
    {
      g_autoptr(GDate) due = g_date_copy (date);
      g_autofree char *due_text = NULL;

      g_date_add_days (due, (guint) MAX (0, g_date_days_between (source_issue, source_due)));
      due_text = format_date (due);
      json_object_set_string_member (fields, "due_date", due_text);
    }
  json_object_set_string_member (fields, "status", "draft");
  if (!apply (ctx->pg, &change_ctx, KT_ENTITY_INVOICE, KT_CHANGE_CREATE, id, fields, error))
    return FALSE;

  items = kt_pg_load_live (ctx->pg, KT_ENTITY_INVOICE_ITEM, org_id, "invoice_id",
                           kt_record_get_id (source), error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(JsonObject) item = copy_fields (g_ptr_array_index (items, i), "invoice_id", id);
      g_autofree char *item_id = kt_uuid_new ();

      if (!apply (ctx->pg, &change_ctx, KT_ENTITY_INVOICE_ITEM, KT_CHANGE_CREATE, item_id, item, error))
        return FALSE;
    }

  json_object_set_string_member (issue, "status", "issued");
  return apply (ctx->pg, &change_ctx, KT_ENTITY_INVOICE, KT_CHANGE_UPDATE, id, issue, error) &&
         kt_pg_documents_settle (ctx->pg, &change_ctx, documents, error);
}

static gboolean
run_recurring (KtJobContext  *ctx,
               GError       **error)
{
  g_autoptr(JsonNode) payload = json_from_string (ctx->job->payload, NULL);
  JsonObject *object = payload != NULL && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;
  const char *invoice_id = object ? json_object_get_string_member_with_default (object, "invoice_id", NULL) : NULL;
  const char *every = object ? json_object_get_string_member_with_default (object, "every", NULL) : NULL;
  gint64 day = object ? json_object_get_int_member_with_default (object, "day", 0) : 0;
  g_autoptr(GDate) date = object ? parse_date (json_object_get_string_member_with_default (object, "date", NULL)) : NULL;
  const char *until_text = object ? json_object_get_string_member_with_default (object, "until", NULL) : NULL;
  g_autoptr(GDate) until = parse_date (until_text);
  g_autoptr(KtRecord) source = NULL;
  g_autoptr(GDate) next = NULL;
  g_autoptr(GError) local_error = NULL;

  if (ctx->job->org_id == NULL || invoice_id == NULL || !kt_uuid_is_valid (invoice_id) ||
      months_of (every) == 0 || day < 1 || day > 31 || date == NULL || (until_text != NULL && until == NULL))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_VALIDATION,
                   _("The schedule of a recurring invoice is not valid"));
      return FALSE;
    }
  if (until != NULL && g_date_compare (date, until) > 0)
    return TRUE;

  source = kt_pg_load_record (ctx->pg, KT_ENTITY_INVOICE, ctx->job->org_id, invoice_id, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (source == NULL || kt_record_get_deleted (source))
    return TRUE;   /* the invoice is gone: so is its schedule */

  if (!issue_copy (ctx, source, date, error))
    return FALSE;

  next = next_date (date, months_of (every), (guint) day);
  if (until == NULL || g_date_compare (next, until) <= 0)
    {
      g_autofree char *next_text = format_date (next);
      g_autofree char *key = g_strdup_printf ("%s:%s", invoice_id, next_text);
      g_autoptr(GDateTime) midnight = g_date_time_new_utc (g_date_get_year (next), g_date_get_month (next),
                                                           g_date_get_day (next), 0, 0, 0);
      g_autofree char *text = NULL;

      json_object_set_string_member (object, "date", next_text);
      text = json_to_string (payload, FALSE);
      /* Midnight of the date where it begins first (UTC+14): the invoice
       * exists by the start of its day in every time zone. */
      if (!kt_jobs_enqueue (ctx->pg, ctx->job->org_id, kt_job_recurring_invoice.kind, text,
                            g_date_time_to_unix (midnight) * 1000 - 14 * 3600 * 1000, key, NULL, error))
        return FALSE;
    }
  return TRUE;
}

const KtJobKind kt_job_recurring_invoice = {
  .kind = "recurring_invoice",
  .func = run_recurring,
  .max_attempts = 5,
};
