/* kt-pg-jobs.c: the jobs table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-jobs"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-pg-jobs.h"
#include "kt-pg-schema.h"
#include "kt-pg-zone.h"
#include "kt-server-error.h"

/* A mail job's "text" is the message's body: an invitation's carries its
 * one-time link, which only the invited person may see. The jobs routes
 * never show it, and a sent mail's payload drops it (kt_pg_jobs_finish). */
#define JOB_JSON_SQL \
  "json_build_object('id', j.id::text, 'kind', j.kind, 'state', j.state, 'payload', j.payload - 'text'," \
  " 'run_at', j.run_at, 'attempts', j.attempts, 'max_attempts', j.max_attempts," \
  " 'last_error', j.last_error, 'created_at', j.created_at, 'finished_at', j.finished_at)"

void
kt_pg_job_free (KtPgJob *job)
{
  if (job == NULL)
    return;
  g_free (job->org_id);
  g_free (job->kind);
  g_free (job->payload);
  g_free (job);
}

static char *
ms_text (gint64 ms)
{
  return kt_iso_from_unix_ms (ms);
}

static char *
int_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

gboolean
kt_pg_jobs_enqueue (KtPg        *pg,
                    const char  *org_id,
                    const char  *kind,
                    const char  *payload_json,
                    gint64       run_at_ms,
                    const char  *dedupe_key,
                    int          max_attempts,
                    gint64      *id,
                    GError     **error)
{
  g_autofree char *run_at = ms_text (run_at_ms);
  g_autofree char *max = int_text (MAX (max_attempts, 1));
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, kind, payload_json ? payload_json : "{}", run_at, dedupe_key, max };

  g_return_val_if_fail (kind != NULL, FALSE);

  res = kt_pg_exec (pg, "jobs_enqueue",
                    "INSERT INTO jobs (org_id, kind, payload, run_at, dedupe_key, max_attempts) "
                    "VALUES ($1::uuid, $2, $3::jsonb, $4::timestamptz, $5, $6::integer) "
                    "ON CONFLICT ((coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid)), kind, dedupe_key) "
                    "WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  if (id != NULL)
    *id = PQntuples (res) > 0 ? g_ascii_strtoll (kt_pg_value (res, 0, 0), NULL, 10) : 0;
  return TRUE;
}

GPtrArray *
kt_pg_jobs_claim (KtPg        *pg,
                  const char  *worker,
                  gint64       now_ms,
                  gint64       lease_ms,
                  guint        limit,
                  GError     **error)
{
  g_autofree char *now = ms_text (now_ms);
  g_autofree char *until = ms_text (now_ms + lease_ms);
  g_autofree char *count = int_text (limit);
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_pg_job_free);
  const char *params[] = { worker, now, until, count };

  /* One statement is one short transaction: the row locks of SKIP
   * LOCKED last only until the lease is written. */
  res = kt_pg_exec (pg, "jobs_claim",
                    "UPDATE jobs j SET state = 'running', locked_by = $1, "
                    " locked_until = $3::timestamptz, attempts = j.attempts + 1 "
                    "FROM (SELECT id FROM jobs"
                    "      WHERE (state = 'pending' AND run_at <= $2::timestamptz)"
                    "         OR (state = 'running' AND locked_until <= $2::timestamptz)"
                    "      ORDER BY run_at, id LIMIT $4::integer FOR UPDATE SKIP LOCKED) c "
                    "WHERE j.id = c.id "
                    "RETURNING j.id, j.org_id, j.kind, j.payload, "
                    " (extract(epoch FROM j.run_at) * 1000)::bigint, j.attempts, j.max_attempts",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return NULL;

  for (int row = 0; row < PQntuples (res); row++)
    {
      KtPgJob *job = g_new0 (KtPgJob, 1);

      job->id = g_ascii_strtoll (kt_pg_value (res, row, 0), NULL, 10);
      job->org_id = g_strdup (kt_pg_value (res, row, 1));
      job->kind = g_strdup (kt_pg_value (res, row, 2));
      job->payload = g_strdup (kt_pg_value (res, row, 3));
      job->run_at_ms = g_ascii_strtoll (kt_pg_value (res, row, 4), NULL, 10);
      job->attempts = atoi (kt_pg_value (res, row, 5));
      job->max_attempts = atoi (kt_pg_value (res, row, 6));
      g_ptr_array_add (jobs, job);
    }
  return g_steal_pointer (&jobs);
}

gboolean
kt_pg_jobs_hold (KtPg        *pg,
                 gint64       id,
                 const char  *worker,
                 gboolean    *held,
                 GError     **error)
{
  g_autofree char *id_text = int_text (id);
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { id_text, worker };

  res = kt_pg_exec (pg, "jobs_hold",
                    "SELECT 1 FROM jobs WHERE id = $1::bigint AND state = 'running' AND locked_by = $2 "
                    "FOR UPDATE",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  *held = PQntuples (res) > 0;
  return TRUE;
}

gboolean
kt_pg_jobs_finish (KtPg        *pg,
                   gint64       id,
                   gint64       now_ms,
                   GError     **error)
{
  g_autofree char *id_text = int_text (id);
  g_autofree char *now = ms_text (now_ms);
  const char *params[] = { id_text, now };

  return kt_pg_run (pg,
                    "UPDATE jobs SET state = 'done', finished_at = $2::timestamptz, "
                    " locked_by = NULL, locked_until = NULL, last_error = NULL, payload = payload - 'text' "
                    "WHERE id = $1::bigint",
                    G_N_ELEMENTS (params), params, error);
}

gboolean
kt_pg_jobs_fail (KtPg        *pg,
                 gint64       id,
                 const char  *worker,
                 const char  *message,
                 gint64       now_ms,
                 gint64       retry_at_ms,
                 gboolean     permanent,
                 GError     **error)
{
  g_autofree char *id_text = int_text (id);
  g_autofree char *now = ms_text (now_ms);
  g_autofree char *retry_at = ms_text (retry_at_ms);
  const char *params[] = { id_text, worker, message, now, retry_at, permanent ? "t" : "f" };

  /* Only while this worker holds it: a job taken over meanwhile is the
   * other instance's to finish or fail. */
  return kt_pg_run (pg,
                    "UPDATE jobs SET last_error = $3, locked_by = NULL, locked_until = NULL, "
                    " state = CASE WHEN $6::boolean OR attempts >= max_attempts THEN 'failed' ELSE 'pending' END, "
                    " finished_at = CASE WHEN $6::boolean OR attempts >= max_attempts THEN $4::timestamptz END, "
                    " run_at = CASE WHEN $6::boolean OR attempts >= max_attempts THEN run_at ELSE $5::timestamptz END "
                    "WHERE id = $1::bigint AND state = 'running' AND locked_by = $2",
                    G_N_ELEMENTS (params), params, error);
}

char *
kt_pg_jobs_list (KtPg        *pg,
                 const char  *org_id,
                 GError     **error)
{
  const char *params[] = { org_id };

  return kt_pg_query_one (pg, "jobs_list",
                          "SELECT coalesce(json_agg(" JOB_JSON_SQL " ORDER BY j.run_at, j.id), '[]')::text "
                          "FROM (SELECT * FROM jobs WHERE org_id = $1::uuid "
                          "      AND state IN ('pending', 'running', 'failed') "
                          "      ORDER BY run_at, id LIMIT 1000) j",
                          G_N_ELEMENTS (params), params, "jobs", error);
}

char *
kt_pg_jobs_retry (KtPg        *pg,
                  const char  *org_id,
                  const char  *id,
                  gint64       now_ms,
                  GError     **error)
{
  g_autofree char *now = ms_text (now_ms);
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, id, now };
  const char *state;

  if (!g_ascii_string_to_signed (id, 10, 1, G_MAXINT64, NULL, NULL))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND, _("There is no job %s"), id);
      return NULL;
    }

  /* The state before the update tells a finished or pending job (409)
   * from one of another organization or none (404). */
  res = kt_pg_exec (pg, "jobs_retry",
                    "WITH old AS (SELECT id, state FROM jobs WHERE org_id = $1::uuid AND id = $2::bigint FOR UPDATE), "
                    "upd AS (UPDATE jobs j SET state = 'pending', attempts = 0, run_at = $3::timestamptz, "
                    "         finished_at = NULL FROM old WHERE j.id = old.id AND old.state = 'failed' "
                    "         RETURNING j.*) "
                    "SELECT old.state, (SELECT " JOB_JSON_SQL "::text FROM upd j) FROM old",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND, _("There is no job %s"), id);
      return NULL;
    }
  state = kt_pg_value (res, 0, 0);
  if (!g_str_equal (state, "failed"))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_CONFLICT,
                   _("Only a failed job can be retried; this one is %s"), state);
      return NULL;
    }
  return g_strdup (kt_pg_value (res, 0, 1));
}

gint64
kt_pg_jobs_schedule (KtPg        *pg,
                     const char  *org_id,
                     const char  *kind,
                     guint        minute_of_day,
                     guint        month_day,
                     int          max_attempts,
                     gint64       now_ms,
                     GError     **error)
{
  g_autofree char *now = ms_text (now_ms);
  g_autofree char *minutes = int_text (minute_of_day);
  g_autofree char *day = int_text (month_day);
  g_autofree char *max = int_text (MAX (max_attempts, 1));
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, kind, now, minutes, day, max };

  /* Two candidates (this day or month, the next) in local time; the
   * first still ahead wins. A monthly day past the month's end is its
   * last day. */
  res = kt_pg_exec (pg, "jobs_schedule",
                    "WITH o AS (SELECT g.org_id, " ORG_ZONE_SQL ("g.org_id") " AS tz FROM organizations g"
                    "           WHERE NOT g.deleted AND ($1::uuid IS NULL OR g.org_id = $1::uuid)), "
                    "l AS (SELECT org_id, tz, ($3::timestamptz AT TIME ZONE tz) AS local_now FROM o), "
                    "ins AS (INSERT INTO jobs (org_id, kind, payload, run_at, dedupe_key, max_attempts) "
                    " SELECT l.org_id, $2, '{}'::jsonb, (n.d + make_interval(mins => $4::integer)) AT TIME ZONE l.tz, "
                    "        $2 || ':' || to_char(n.d, 'YYYY-MM-DD'), $6::integer "
                    " FROM l CROSS JOIN LATERAL ("
                    "  SELECT s.d FROM (SELECT CASE WHEN $5::integer = 0 THEN l.local_now::date + k"
                    "    ELSE (date_trunc('month', l.local_now) + make_interval(months => k))::date"
                    "         + least($5::integer, extract(day FROM date_trunc('month', l.local_now)"
                    "             + make_interval(months => k + 1) - interval '1 day')::integer) - 1 END AS d"
                    "    FROM generate_series(0, 1) k) s"
                    "  WHERE s.d + make_interval(mins => $4::integer) > l.local_now ORDER BY s.d LIMIT 1) n "
                    " ON CONFLICT ((coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid)), kind, dedupe_key) "
                    " WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING 1) "
                    "SELECT count(*) FROM ins",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return -1;
  return g_ascii_strtoll (kt_pg_value (res, 0, 0), NULL, 10);
}

/* Stamps compare as bytes (kt-hlc.h), whatever the database's collation:
 * hence COLLATE "C" wherever two are compared below. */

/* The stored JSON of a row whose status and updated_at this very UPDATE
 * changes: the table's JSON expression with those columns taken from
 * the statement's parameters (@status_param, $4 updated_at), since SET
 * sees the old row (the stored JSON has no hlc: kt-pg-schema.c). */
static char *
json_expr_after_status (const KtPgTable *table,
                        const char      *status_param)
{
  g_autoptr(GString) columns = g_string_new (table->output_columns);
  g_autofree char *status = g_strdup_printf ("%s::text AS \"status\"", status_param);

  g_string_replace (columns, "t.updated_at", "$4::text AS updated_at", 1);
  g_string_replace (columns, "t.\"status\"", status, 1);
  return g_strdup_printf ("(SELECT json_strip_nulls(row_to_json(x))::text FROM (SELECT %s) x)", columns->str);
}

/* The same JSON made from the stored one, which the write path keeps
 * equal to the table's expression over the row: its updated_at (always
 * set, a string) and its status replaced in the text. Building the JSON
 * again and stripping its nulls took an eighth of the job's time on
 * 20,000 invoices (docs/performance.md); two
 * byte-wise replaces take a tenth of that. A replaced piece can only be
 * the object's own key and value: inside a JSON string a quote is always
 * escaped, so ,"status":" cannot occur there, and an entity whose fields
 * could hold a nested object keeps the full expression. A row whose text
 * does not hold its own values (no stored JSON yet) gets the full
 * expression too. */
static char *
json_splice_after_status (const KtPgTable *table,
                          const char      *status_param)
{
  g_autofree char *full = json_expr_after_status (table, status_param);

  for (const KtField *f = table->entity->fields; f->name != NULL; f++)
    if (f->type == KT_FIELD_TAGS || f->type == KT_FIELD_JSON)
      return g_steal_pointer (&full);

  return g_strdup_printf (
    "(SELECT CASE WHEN strpos(t.kt_json, p.times) > 0 AND strpos(t.kt_json, p.status) > 0 "
    " THEN replace(replace(t.kt_json, p.times, ',\"updated_at\":' || to_json($4::text)::text), "
    "  p.status, ',\"status\":' || to_json(%s::text)::text) "
    " ELSE %s END "
    "FROM (SELECT ',\"updated_at\":' || to_json(t.updated_at)::text AS times, "
    " ',\"status\":' || to_json(t.status)::text AS status) p)",
    status_param, full);
}

static const char *
overdue_sql (void)
{
  static char *sql;

  if (g_once_init_enter (&sql))
    {
      /* $1 org, $2 'overdue', $3 stamp, $4 updated_at, $5 now, $6 'expired'. */
      g_autofree char *invoice_json = json_splice_after_status (kt_pg_schema_lookup_entity (KT_ENTITY_INVOICE), "$2");
      g_autofree char *offer_json = json_splice_after_status (kt_pg_schema_lookup_entity (KT_ENTITY_OFFER), "$6");
      char *text;

      /* The counter row is taken after the document rows, as the write
       * path does (kt-pg-change.c), so the two never deadlock; the
       * entries get consecutive seqs after it. */
      text = g_strdup_printf (
        "WITH z AS (SELECT to_char(($5::timestamptz AT TIME ZONE " ORG_ZONE_SQL ("$1::uuid") "), 'YYYY-MM-DD') AS today), "
        "inv AS (UPDATE invoices t SET status = $2, hlc = GREATEST(t.hlc COLLATE \"C\", $3), "
        "  clocks = t.clocks || jsonb_build_object('status', $3::text), updated_at = $4, kt_json = %s "
        " FROM z WHERE t.org_id = $1::uuid AND NOT t.deleted "
        "  AND t.status IN ('issued', 'sent', 'partially_paid') AND coalesce(t.kind, 'invoice') = 'invoice' "
        "  AND t.due_date < z.today "
        "  AND coalesce(t.total, 0) - coalesce(t.paid_amount, 0) - coalesce(t.credited_amount, 0) > 0 "
        "  AND coalesce(t.clocks->>'status', '') COLLATE \"C\" < $3 "
        " RETURNING 'invoice'::text AS entity, t.id, t.hlc, $2::text AS status), "
        "off AS (UPDATE offers t SET status = $6, hlc = GREATEST(t.hlc COLLATE \"C\", $3), "
        "  clocks = t.clocks || jsonb_build_object('status', $3::text), updated_at = $4, kt_json = %s "
        " FROM z WHERE t.org_id = $1::uuid AND NOT t.deleted AND t.status = 'sent' "
        "  AND t.valid_until < z.today AND coalesce(t.clocks->>'status', '') COLLATE \"C\" < $3 "
        " RETURNING 'offer'::text AS entity, t.id, t.hlc, $6::text AS status), "
        "ch AS (SELECT * FROM inv UNION ALL SELECT * FROM off), "
        "n AS (SELECT ch.*, row_number() OVER (ORDER BY entity, id) AS k, count(*) OVER () AS total FROM ch), "
        "ctr AS (INSERT INTO org_counters (org_id, seq) SELECT $1::uuid, count(*) FROM ch HAVING count(*) > 0 "
        "  ON CONFLICT (org_id) DO UPDATE SET seq = org_counters.seq + EXCLUDED.seq RETURNING seq), "
        "log AS (INSERT INTO change_log (org_id, seq, entity, record_id, hlc, deleted, fields, clocks, user_id) "
        "  SELECT $1::uuid, ctr.seq - n.total + n.k, n.entity, n.id, n.hlc, false, "
        "   jsonb_build_object('status', n.status), jsonb_build_object('status', $3::text), NULL "
        "  FROM n, ctr RETURNING entity) "
        "SELECT count(*) FILTER (WHERE entity = 'invoice'), count(*) FILTER (WHERE entity = 'offer') FROM log",
        invoice_json, offer_json);
      g_once_init_leave (&sql, text);
    }
  return sql;
}

gboolean
kt_pg_jobs_mark_overdue (KtPg        *pg,
                         const char  *org_id,
                         gint64       now_ms,
                         const char  *stamp,
                         gint64      *invoices,
                         gint64      *offers,
                         GError     **error)
{
  g_autofree char *now = ms_text (now_ms);
  g_autofree char *updated = kt_now_iso ();
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, "overdue", stamp, updated, now, "expired" };

  kt_pg_schema_init ();
  res = kt_pg_exec (pg, "jobs_mark_overdue", overdue_sql (), G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  if (invoices != NULL)
    *invoices = g_ascii_strtoll (kt_pg_value (res, 0, 0), NULL, 10);
  if (offers != NULL)
    *offers = g_ascii_strtoll (kt_pg_value (res, 0, 1), NULL, 10);
  return TRUE;
}

GPtrArray *
kt_pg_jobs_unmatched_payments (KtPg        *pg,
                               const char  *org_id,
                               guint        limit,
                               GError     **error)
{
  g_autofree char *count = int_text (limit);
  g_autoptr(PGresult) res = NULL;
  GPtrArray *ids;
  const char *params[] = { org_id, count };

  res = kt_pg_exec (pg, "jobs_unmatched_payments",
                    "SELECT id::text FROM payments WHERE org_id = $1::uuid AND NOT deleted "
                    "AND NOT coalesce(matched, false) AND invoice_id IS NULL AND proposed_invoice_id IS NULL "
                    "ORDER BY received_at, id LIMIT $2::integer",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return NULL;
  ids = g_ptr_array_new_with_free_func (g_free);
  for (int row = 0; row < PQntuples (res); row++)
    g_ptr_array_add (ids, g_strdup (kt_pg_value (res, row, 0)));
  return ids;
}

gint64
kt_pg_jobs_forget_done (KtPg        *pg,
                        const char  *org_id,
                        gint64       before_ms,
                        GError     **error)
{
  g_autofree char *before = ms_text (before_ms);
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, before };

  res = kt_pg_exec (pg, "jobs_forget_done",
                    "WITH d AS (DELETE FROM jobs WHERE org_id = $1::uuid AND state = 'done' "
                    " AND finished_at < $2::timestamptz RETURNING 1) SELECT count(*) FROM d",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return -1;
  return g_ascii_strtoll (kt_pg_value (res, 0, 0), NULL, 10);
}
