/* kt-job-runner.h: claims due jobs and runs them, in every server instance
 *
 * A runner owns its connections: one per thread when started, one more
 * for kt_job_runner_run_due(), which tests call to run "everything due at
 * time T" on their own thread without sleeping. Instances share nothing
 * but the database: the claim (FOR UPDATE SKIP LOCKED plus a lease) and
 * the row lock held while a job runs make each job run once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-jobs.h"

G_BEGIN_DECLS

typedef struct _KtJobRunner KtJobRunner;

typedef gint64 (*KtJobTimeFunc) (gpointer data);   /* Unix ms */

typedef struct {
  guint concurrency;       /* threads for kt_job_runner_start() */
  guint poll_interval_ms;  /* how often an idle thread looks for due jobs */
  guint lease_ms;          /* how long a claim lasts before another
                              instance may take the job over */
  guint schedule_interval_ms; /* how often recurring kinds are scheduled
                                 for organizations that have no next run */
} KtJobRunnerOptions;

/* @name identifies the instance in locked_by (NULL: host and process id).
 * @clock and @clock_lock are the instance's HLC (the server's), used to
 * stamp the changes jobs make. */
KtJobRunner *kt_job_runner_new           (const char               *conninfo,
                                          const char               *name,
                                          const KtJobRunnerOptions *options,
                                          KtHlc                    *clock,
                                          GMutex                   *clock_lock);
void         kt_job_runner_free          (KtJobRunner *runner);
/* Replaces the wall clock (tests); NULL restores it. */
void         kt_job_runner_set_time_func (KtJobRunner   *runner,
                                          KtJobTimeFunc  now_ms,
                                          gpointer       data);
const char  *kt_job_runner_get_name      (KtJobRunner *runner);
/* The mail sender the "mail" jobs use (the server's, borrowed: it must
 * outlive the runner); NULL: this instance sends none, and its mail jobs
 * fail and are retried (by an instance that has one). */
void         kt_job_runner_set_smtp      (KtJobRunner *runner,
                                          KtSmtp      *smtp);

/* The server's settings the jobs see (KtJobContext.config; borrowed: it
 * must outlive the runner). */
void         kt_job_runner_set_config    (KtJobRunner          *runner,
                                          const KtServerConfig *config);

/* Starts options->concurrency threads that poll for due jobs. */
gboolean     kt_job_runner_start         (KtJobRunner  *runner,
                                          GError      **error);
/* Stops the threads after the jobs they are running (idempotent). */
void         kt_job_runner_stop          (KtJobRunner *runner);

/* Runs every job due at @now_ms on the calling thread, one after the
 * other, until none is left; *@ran counts them (done or failed). */
gboolean     kt_job_runner_run_due       (KtJobRunner  *runner,
                                          gint64        now_ms,
                                          guint        *ran,
                                          GError      **error);
/* Enqueues the next run of every recurring kind for every organization
 * (idempotent: the dedupe key is the kind and the local date). */
gboolean     kt_job_runner_schedule      (KtJobRunner  *runner,
                                          gint64        now_ms,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtJobRunner, kt_job_runner_free)

G_END_DECLS
