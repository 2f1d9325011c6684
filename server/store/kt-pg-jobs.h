/* kt-pg-jobs.h: the jobs table (background work, docs/architecture.md "Jobs")
 *
 * Every statement of the job runner (server/jobs/) and of the jobs
 * routes. Times are Unix milliseconds handed in by the caller, never the
 * database's now(): the runner's clock is injectable, so tests move it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-pg.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  char   *org_id;        /* NULL: a job of no organization */
  char   *kind;
  char   *payload;       /* JSON object text */
  gint64  run_at_ms;
  int     attempts;      /* counting this one */
  int     max_attempts;
} KtPgJob;

void      kt_pg_job_free         (KtPgJob *job);

/* Inserts a pending job. With @dedupe_key, a second job of the same
 * organization, kind and key is not inserted: *@id is then 0. */
gboolean  kt_pg_jobs_enqueue     (KtPg        *pg,
                                  const char  *org_id,
                                  const char  *kind,
                                  const char  *payload_json,
                                  gint64       run_at_ms,
                                  const char  *dedupe_key,
                                  int          max_attempts,
                                  gint64      *id,
                                  GError     **error);

/* Claims up to @limit jobs due at @now_ms (pending and run_at reached, or
 * running with an expired lease) for @worker, in one statement with FOR
 * UPDATE SKIP LOCKED: two instances never claim the same job. Each gets
 * attempts + 1 and a lease until @now_ms + @lease_ms. */
GPtrArray *kt_pg_jobs_claim      (KtPg        *pg,
                                  const char  *worker,
                                  gint64       now_ms,
                                  gint64       lease_ms,
                                  guint        limit,
                                  GError     **error);

/* Inside the transaction that runs the job: locks its row while the job
 * runs (so no instance takes it over, however long it takes) and checks
 * that @worker still holds it. *@held is FALSE when another instance took
 * it over meanwhile. */
gboolean  kt_pg_jobs_hold        (KtPg        *pg,
                                  gint64       id,
                                  const char  *worker,
                                  gboolean    *held,
                                  GError     **error);
/* In the same transaction: the job is done. */
gboolean  kt_pg_jobs_finish      (KtPg        *pg,
                                  gint64       id,
                                  gint64       now_ms,
                                  GError     **error);
/* After rolling the job's transaction back: pending again at
 * @retry_at_ms, or failed when it has used its attempts (or @permanent). */
gboolean  kt_pg_jobs_fail        (KtPg        *pg,
                                  gint64       id,
                                  const char  *worker,
                                  const char  *message,
                                  gint64       now_ms,
                                  gint64       retry_at_ms,
                                  gboolean     permanent,
                                  GError     **error);

/* GET /v1/jobs: the pending, running and failed jobs of @org_id as a
 * JSON array text, the oldest due first. */
char     *kt_pg_jobs_list        (KtPg        *pg,
                                  const char  *org_id,
                                  GError     **error);
/* POST /v1/jobs/{id}/retry: a failed job of @org_id is pending again at
 * @now_ms with its attempts reset. Returns the job's JSON; 404 when there
 * is no such job, 409 when it has not failed. */
char     *kt_pg_jobs_retry       (KtPg        *pg,
                                  const char  *org_id,
                                  const char  *id,
                                  gint64       now_ms,
                                  GError     **error);

/* A recurring schedule's next run for every organization (@org_id NULL)
 * or one: the first occurrence after @now_ms of @minute_of_day local
 * time in the organization's time zone, daily, or (@month_day 1..31,
 * the month's last day when shorter) monthly. The dedupe key is
 * "kind:YYYY-MM-DD" (the local date), so this is idempotent across
 * restarts and instances. Returns how many jobs were inserted. */
gint64    kt_pg_jobs_schedule    (KtPg        *pg,
                                  const char  *org_id,
                                  const char  *kind,
                                  guint        minute_of_day,
                                  guint        month_day,
                                  int          max_attempts,
                                  gint64       now_ms,
                                  GError     **error);

/* Overdue marking for one organization, in one statement: its invoices
 * issued, sent or partially paid with an open amount and a due date
 * before today (the organization's time zone at @now_ms) become
 * "overdue", its sent offers valid until before today "expired"; each
 * with a change-log entry stamped @stamp so clients pull it. A status
 * whose stamp is not older than @stamp (a client edit ahead of the
 * server's clock) is left for the next run. */
gboolean  kt_pg_jobs_mark_overdue (KtPg        *pg,
                                   const char  *org_id,
                                   gint64       now_ms,
                                   const char  *stamp,
                                   gint64      *invoices,
                                   gint64      *offers,
                                   GError     **error);

/* The daily matching job: the ids of @org_id's live payments that are
 * neither matched nor linked to an invoice nor proposed one, oldest
 * first (at most @limit). */
GPtrArray *kt_pg_jobs_unmatched_payments (KtPg        *pg,
                                          const char  *org_id,
                                          guint        limit,
                                          GError     **error);

/* Deletes @org_id's done jobs finished before @before_ms; failed ones
 * stay until someone retries them. Returns how many, or -1. */
gint64     kt_pg_jobs_forget_done    (KtPg        *pg,
                                      const char  *org_id,
                                      gint64       before_ms,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPgJob, kt_pg_job_free)

G_END_DECLS
