/* kt-job-reminders.c: "reminders", the daily payment reminders of an
 * organization
 *
 * The organization's reminder_steps ("3,10,30": days after the due
 * date) say when an overdue invoice's client is reminded. Each run finds
 * the invoices past a step (kt_pg_reminders_due(): money open, a client
 * address, no opt-out) and, for the highest step each has reached and
 * not had yet, records the step (invoice_reminders, whose key makes it
 * once per step for the invoice's life, across reruns and instances) and
 * enqueues a "mail" job with the invoice's PDF in the invoice's language
 * (kt-job-mail.h). An invoice that reached several steps since the last
 * run gets one mail, for the highest: three reminders at once help
 * nobody. The mail job checks again when it runs: an invoice paid or
 * cancelled meanwhile gets none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-job-reminders"

#include "config.h"

#include "kt-job-mail.h"
#include "kt-pg-accounts.h"
#include "kt-pg-change.h"
#include "kt-pg-schedules.h"

/* The organization's steps, or NULL (*@n_steps 0) when it has none. */
static guint *
steps_of (KtPg        *pg,
          const char  *org_id,
          guint       *n_steps,
          GError     **error)
{
  g_autofree char *text = kt_pg_organizations_json (pg, org_id, error);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *steps;
  guint *parsed;

  *n_steps = 0;
  if (text == NULL)
    return NULL;
  node = json_from_string (text, error);
  if (node == NULL)
    return NULL;
  steps = json_object_get_string_member_with_default (json_node_get_object (node), "reminder_steps", NULL);
  if (steps == NULL || *steps == '\0')
    return NULL;
  parsed = kt_organization_parse_reminder_steps (steps, n_steps, &parse_error);
  if (parsed == NULL)
    {
      /* Validated when written; an old value that no longer parses
       * sends nothing rather than failing every day. */
      g_message ("organization %s: reminder steps “%s” ignored: %s", org_id, steps, parse_error->message);
      *n_steps = 0;
    }
  return parsed;
}

static gboolean
remind (KtJobContext     *ctx,
        KtPgReminderDue  *due,
        guint             reminder,
        guint             step,
        GError          **error)
{
  const char *org_id = ctx->job->org_id;
  g_autoptr(KtRecord) invoice = NULL;
  g_autofree char *key = NULL;
  gboolean claimed = FALSE;
  gint64 id = 0;

  if (!kt_pg_reminders_claim (ctx->pg, org_id, due->invoice_id, step, &claimed, error))
    return FALSE;
  if (!claimed)
    return TRUE;
  invoice = kt_pg_load_record (ctx->pg, KT_ENTITY_INVOICE, org_id, due->invoice_id, FALSE, error);
  if (invoice == NULL)
    return FALSE;
  key = g_strdup_printf ("reminder:%s:%u", due->invoice_id, step);
  if (!kt_job_mail_enqueue_invoice (ctx->pg, org_id, invoice, due->email, NULL, reminder, key,
                                    ctx->now_ms, &id, error))
    return FALSE;
  return id == 0 || kt_pg_reminders_set_job (ctx->pg, org_id, due->invoice_id, step, id, error);
}

static gboolean
run_reminders (KtJobContext  *ctx,
               GError       **error)
{
  g_autofree guint *steps = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_steps = 0;

  if (ctx->job->org_id == NULL)
    return TRUE;
  /* No mail configured, no reminders: none is queued, and no step is
   * taken, so they start when SMTP is set up. */
  if (ctx->smtp == NULL)
    return TRUE;
  steps = steps_of (ctx->pg, ctx->job->org_id, &n_steps, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (n_steps == 0)
    return TRUE;

  rows = kt_pg_reminders_due (ctx->pg, ctx->job->org_id, ctx->now_ms, steps[0], error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      KtPgReminderDue *due = g_ptr_array_index (rows, i);
      guint k = n_steps;

      /* The highest step reached; the steps ascend. */
      while (k > 0 && (gint) steps[k - 1] > due->days)
        k--;
      if (k == 0 || steps[k - 1] <= due->last_step)
        continue;
      if (!remind (ctx, due, k, steps[k - 1], error))
        return FALSE;
    }
  return TRUE;
}

/* Nine in the morning, the organization's time: after the night's
 * overdue marking and the morning's payment matching, so a payment that
 * came in overnight spares its client the reminder. */
const KtJobKind kt_job_reminders = {
  .kind = "reminders",
  .func = run_reminders,
  .max_attempts = 5,
  .repeat = KT_JOB_DAILY,
  .minute_of_day = 9 * 60,
};
