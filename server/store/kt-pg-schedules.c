/* kt-pg-schedules.c: reminders, recurring invoices, usage counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-schedules"

#include "config.h"

#include "kantora-shared.h"
#include "kt-pg-schedules.h"
#include "kt-pg-zone.h"

void
kt_pg_reminder_due_free (KtPgReminderDue *due)
{
  if (due == NULL)
    return;
  g_free (due->invoice_id);
  g_free (due->email);
  g_free (due);
}

GPtrArray *
kt_pg_reminders_due (KtPg        *pg,
                     const char  *org_id,
                     gint64       now_ms,
                     guint        min_days,
                     GError     **error)
{
  g_autofree char *now = kt_iso_from_unix_ms (now_ms);
  g_autofree char *days = g_strdup_printf ("%u", min_days);
  g_autoptr(PGresult) res = NULL;
  GPtrArray *rows;
  const char *params[] = { org_id, now, days };

  /* Dates are ISO text (kt-pg-schema.c): compared as text, cast only to
   * count the days. */
  res = kt_pg_exec (pg, "reminders_due",
                    "WITH z AS (SELECT ($2::timestamptz AT TIME ZONE " ORG_ZONE_SQL ("$1::uuid") ")::date AS today) "
                    "SELECT i.id::text, coalesce(nullif(c.email, ''), nullif(co.email, '')), "
                    " (z.today - i.due_date::date)::integer, "
                    " coalesce((SELECT max(r.step) FROM invoice_reminders r "
                    "           WHERE r.org_id = i.org_id AND r.invoice_id = i.id), 0) "
                    "FROM z, invoices i "
                    "LEFT JOIN contacts c ON c.org_id = i.org_id AND c.id = i.contact_id AND NOT c.deleted "
                    "LEFT JOIN companies co ON co.org_id = i.org_id AND co.id = i.company_id AND NOT co.deleted "
                    "WHERE i.org_id = $1::uuid AND NOT i.deleted AND coalesce(i.kind, 'invoice') = 'invoice' "
                    " AND i.status IN ('issued', 'sent', 'partially_paid', 'overdue') AND i.number IS NOT NULL "
                    " AND coalesce(i.total, 0) - coalesce(i.paid_amount, 0) - coalesce(i.credited_amount, 0) > 0 "
                    " AND i.due_date IS NOT NULL AND i.due_date <= to_char(z.today - $3::integer, 'YYYY-MM-DD') "
                    " AND NOT coalesce(c.reminders_opt_out, false) AND NOT coalesce(co.reminders_opt_out, false) "
                    " AND coalesce(nullif(c.email, ''), nullif(co.email, '')) IS NOT NULL "
                    "ORDER BY i.due_date, i.id",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_pg_reminder_due_free);
  for (int row = 0; row < PQntuples (res); row++)
    {
      KtPgReminderDue *due = g_new0 (KtPgReminderDue, 1);

      due->invoice_id = g_strdup (kt_pg_value (res, row, 0));
      due->email = g_strdup (kt_pg_value (res, row, 1));
      due->days = atoi (kt_pg_value (res, row, 2));
      due->last_step = (guint) atoi (kt_pg_value (res, row, 3));
      g_ptr_array_add (rows, due);
    }
  return rows;
}

gboolean
kt_pg_reminders_claim (KtPg        *pg,
                       const char  *org_id,
                       const char  *invoice_id,
                       guint        step,
                       gboolean    *claimed,
                       GError     **error)
{
  g_autofree char *step_text = g_strdup_printf ("%u", step);
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, invoice_id, step_text };

  res = kt_pg_exec (pg, "reminders_claim",
                    "INSERT INTO invoice_reminders (org_id, invoice_id, step) "
                    "VALUES ($1::uuid, $2::uuid, $3::integer) ON CONFLICT DO NOTHING RETURNING 1",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  *claimed = PQntuples (res) > 0;
  return TRUE;
}

gboolean
kt_pg_reminders_set_job (KtPg        *pg,
                         const char  *org_id,
                         const char  *invoice_id,
                         guint        step,
                         gint64       job_id,
                         GError     **error)
{
  g_autofree char *step_text = g_strdup_printf ("%u", step);
  g_autofree char *job_text = g_strdup_printf ("%" G_GINT64_FORMAT, job_id);
  const char *params[] = { org_id, invoice_id, step_text, job_text };

  return kt_pg_run (pg,
                    "UPDATE invoice_reminders SET job_id = $4::bigint "
                    "WHERE org_id = $1::uuid AND invoice_id = $2::uuid AND step = $3::integer",
                    G_N_ELEMENTS (params), params, error);
}

void
kt_pg_recurring_source_free (KtPgRecurringSource *source)
{
  if (source == NULL)
    return;
  g_free (source->invoice_id);
  g_free (source->issue_date);
  g_free (source->repeat_every);
  g_free (source->repeat_until);
  g_free (source->last_copy);
  g_free (source);
}

GPtrArray *
kt_pg_recurring_sources (KtPg        *pg,
                         const char  *org_id,
                         gint64       now_ms,
                         char       **today,
                         GError     **error)
{
  g_autofree char *now = kt_iso_from_unix_ms (now_ms);
  g_autoptr(PGresult) res = NULL;
  GPtrArray *rows;
  const char *params[] = { org_id, now };

  /* The local date comes back on every row, and alone (a LEFT JOIN)
   * when there is no source. */
  res = kt_pg_exec (pg, "recurring_sources",
                    "WITH z AS (SELECT to_char(($2::timestamptz AT TIME ZONE " ORG_ZONE_SQL ("$1::uuid") "), 'YYYY-MM-DD') AS today), "
                    "s AS (SELECT i.id, i.issue_date, i.repeat_every, i.repeat_until, "
                    "       (SELECT max(c.issue_date) FROM invoices c "
                    "        WHERE c.org_id = i.org_id AND c.repeated_from_id = i.id) AS last_copy "
                    "      FROM invoices i WHERE i.org_id = $1::uuid AND NOT i.deleted "
                    "       AND i.repeat_every IS NOT NULL AND i.number IS NOT NULL AND i.issue_date IS NOT NULL "
                    "       AND i.status NOT IN ('draft', 'cancelled') AND coalesce(i.kind, 'invoice') = 'invoice') "
                    "SELECT z.today, s.id::text, s.issue_date, s.repeat_every, s.repeat_until, s.last_copy "
                    "FROM z LEFT JOIN s ON true ORDER BY s.issue_date, s.id",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return NULL;
  *today = g_strdup (kt_pg_value (res, 0, 0));
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_pg_recurring_source_free);
  for (int row = 0; row < PQntuples (res); row++)
    {
      KtPgRecurringSource *source;

      if (PQgetisnull (res, row, 1))
        continue;
      source = g_new0 (KtPgRecurringSource, 1);
      source->invoice_id = g_strdup (kt_pg_value (res, row, 1));
      source->issue_date = g_strdup (kt_pg_value (res, row, 2));
      source->repeat_every = g_strdup (kt_pg_value (res, row, 3));
      source->repeat_until = PQgetisnull (res, row, 4) ? NULL : g_strdup (kt_pg_value (res, row, 4));
      source->last_copy = PQgetisnull (res, row, 5) ? NULL : g_strdup (kt_pg_value (res, row, 5));
      g_ptr_array_add (rows, source);
    }
  return rows;
}

gboolean
kt_pg_recurring_copy_exists (KtPg        *pg,
                             const char  *org_id,
                             const char  *source_id,
                             const char  *issue_date,
                             gboolean    *exists,
                             GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, source_id, issue_date };

  res = kt_pg_exec (pg, "recurring_copy_exists",
                    "SELECT 1 FROM invoices WHERE org_id = $1::uuid AND repeated_from_id = $2::uuid "
                    "AND issue_date = $3 LIMIT 1",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  *exists = PQntuples (res) > 0;
  return TRUE;
}

const char * const *
kt_pg_usage_counters (void)
{
  static const char * const counters[] = { "ai_requests_used", NULL };

  return counters;
}

gboolean
kt_pg_usage_reset (KtPg        *pg,
                   const char  *org_id,
                   GError     **error)
{
  static char *sql;
  const char *params[] = { org_id };

  /* Column names come from the list above, never from input. */
  if (g_once_init_enter (&sql))
    {
      g_autoptr(GString) text = g_string_new ("UPDATE subscriptions SET ");
      const char * const *counters = kt_pg_usage_counters ();

      for (guint i = 0; counters[i] != NULL; i++)
        g_string_append_printf (text, "%s%s = 0", i > 0 ? ", " : "", counters[i]);
      g_string_append (text, " WHERE org_id = $1::uuid");
      g_once_init_leave (&sql, g_string_free (g_steal_pointer (&text), FALSE));
    }
  return kt_pg_run (pg, sql, G_N_ELEMENTS (params), params, error);
}
