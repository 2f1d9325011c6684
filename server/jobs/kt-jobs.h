/* kt-jobs.h: background jobs, their kinds and how to enqueue one
 *
 * A job is a row of the jobs table (server/store/kt-pg-jobs.h): a kind,
 * an organization, a JSON payload and when to run. Every server instance
 * runs a KtJobRunner (kt-job-runner.h) that claims due jobs and calls
 * their kind's function inside a transaction that also marks the job
 * done, so a job's database writes happen exactly once even with several
 * instances and crashes. Work outside the database (sending mail) is at
 * least once: a crash after the send and before the commit sends again.
 *
 * To add a kind: a KtJobFunc, and a KtJobKind registered once at start
 * (kt_jobs_register()) by whoever owns the work; then kt_jobs_enqueue()
 * from anywhere that has a connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kantora-shared.h"
#include "kt-pg.h"
#include "kt-pg-change.h"
#include "kt-pg-jobs.h"
#include "kt-smtp.h"

G_BEGIN_DECLS

/* What a job's function gets. */
typedef struct {
  KtPg          *pg;          /* inside the job's transaction */
  const KtPgJob *job;         /* id, org_id, kind, payload (JSON text), attempts */
  gint64         now_ms;      /* the runner's clock (tests set it) */
  KtHlc         *clock;       /* the instance's HLC, to stamp changes */
  GMutex        *clock_lock;
  KtSmtp        *smtp;        /* the instance's mail sender; NULL: none */
  /* The server's settings (kt_job_runner_set_config()), for the kinds
   * that call out (Stripe: its API base, version, the secret key that
   * opens an organization's key); NULL: none given. */
  const KtServerConfig *config;
} KtJobContext;

/* Does the work, or fails with the error to record as last_error: the
 * job's transaction is rolled back and the job retried later. */
typedef gboolean (*KtJobFunc) (KtJobContext  *ctx,
                               GError       **error);

typedef enum {
  KT_JOB_ONCE,
  KT_JOB_DAILY,      /* at minute_of_day, the organization's local time */
  KT_JOB_MONTHLY,    /* on month_day (or the month's last day) at minute_of_day */
} KtJobRepeat;

typedef struct {
  const char  *kind;          /* "overdue", "mail.send"; static */
  KtJobFunc    func;
  int          max_attempts;  /* 0: KT_JOBS_DEFAULT_ATTEMPTS */
  KtJobRepeat  repeat;
  guint        minute_of_day; /* 0..1439 */
  guint        month_day;     /* 1..31 for KT_JOB_MONTHLY */
} KtJobKind;

#define KT_JOBS_DEFAULT_ATTEMPTS 5

/* Registers the built-in kinds (overdue marking); idempotent. */
void             kt_jobs_init      (void);
/* Adds @kind (a static description) to the registry, before runners
 * start. A recurring kind is scheduled for every organization by each
 * runner (kt_job_runner_schedule()) and each run enqueues its next. */
void             kt_jobs_register  (const KtJobKind *kind);
const KtJobKind *kt_jobs_lookup    (const char *kind);
/* The registered kinds (borrowed). */
GPtrArray       *kt_jobs_kinds     (void);

/* Enqueues a job of @kind for @org_id (NULL: none) to run at @run_at_ms
 * (Unix ms; 0: now). @payload_json is a JSON object's text (NULL: {}).
 * With @dedupe_key, enqueueing the same organization, kind and key a
 * second time does nothing (*@id is then 0). Runs in the caller's
 * transaction when there is one, so a job enqueued with a change is
 * enqueued only if the change commits. */
gboolean kt_jobs_enqueue (KtPg        *pg,
                          const char  *org_id,
                          const char  *kind,
                          const char  *payload_json,
                          gint64       run_at_ms,
                          const char  *dedupe_key,
                          gint64      *id,
                          GError     **error);

/* The change context of a job's own writes (kt_pg_apply_change()): the
 * job's organization, the server's permissive policy, the instance's
 * clock; @user_id (may be NULL) is whom the change log names, and
 * @documents the document rules to settle afterwards (NULL: none). */
void     kt_jobs_change_context (KtJobContext    *ctx,
                                 const char      *user_id,
                                 KtDocuments     *documents,
                                 KtChangeContext *change_ctx);
/* kt_pg_apply_change() without clocks of its own, its result dropped. */
gboolean kt_jobs_apply_change   (KtPg                  *pg,
                                 const KtChangeContext *change_ctx,
                                 const KtEntity        *entity,
                                 KtChangeKind           kind,
                                 const char            *id,
                                 JsonObject            *fields,
                                 GError               **error);

/* The delay before attempt @attempts + 1 after @attempts failed:
 * exponential from 10 s, capped at an hour, with jitter (half of it
 * random) so that jobs failing together do not retry together. */
gint64   kt_jobs_backoff_ms (int attempts);

/* The built-in kinds: "overdue" (kt-job-overdue.c), "match_payments"
 * (kt-job-match.c) and "recurring_invoice" (kt-job-recurring.c, whose
 * payload is the schedule). */
extern const KtJobKind kt_job_overdue;
/* "forget_done_jobs" (kt-job-overdue.c): done jobs older than 30 days
 * are deleted, daily at 03:00. */
extern const KtJobKind kt_job_forget_done;
extern const KtJobKind kt_job_match_payments;
extern const KtJobKind kt_job_recurring_invoice;
/* "recurring_invoices" (kt-job-recurring.c): daily, enqueues the copies
 * due of every invoice with repeat_every. */
extern const KtJobKind kt_job_recurring_invoices;
/* "mail" (kt-job-mail.h), "reminders" (kt-job-reminders.c: daily, the
 * payment reminders due) and "reset_usage" (kt-job-usage.c: monthly, the
 * plan's usage counters back to 0). */
extern const KtJobKind kt_job_mail;
extern const KtJobKind kt_job_reminders;
extern const KtJobKind kt_job_reset_usage;

G_END_DECLS
