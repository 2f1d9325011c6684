/* kt-job-runner.c: claims due jobs and runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-job-runner"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "kt-job-runner.h"

struct _KtJobRunner
{
  char               *conninfo;
  char               *name;
  KtJobRunnerOptions  options;
  KtHlc              *clock;
  GMutex             *clock_lock;
  KtSmtp             *smtp;
  const KtServerConfig *config;
  KtJobTimeFunc       now_func;
  gpointer            now_data;

  KtPg               *pg;        /* kt_job_runner_run_due()'s */
  GPtrArray          *threads;
  GMutex              lock;
  GCond               wake;
  gboolean            stopping;
  gint64              scheduled_at;  /* under @lock */
};

KtJobRunner *
kt_job_runner_new (const char               *conninfo,
                   const char               *name,
                   const KtJobRunnerOptions *options,
                   KtHlc                    *clock,
                   GMutex                   *clock_lock)
{
  KtJobRunner *self = g_new0 (KtJobRunner, 1);

  g_return_val_if_fail (conninfo != NULL && options != NULL && clock != NULL && clock_lock != NULL, NULL);

  kt_jobs_init ();
  self->conninfo = g_strdup (conninfo);
  if (name != NULL)
    self->name = g_strdup (name);
  else
    self->name = g_strdup_printf ("%s:%d:%08x", g_get_host_name (), (int) getpid (), g_random_int ());
  self->options = *options;
  self->options.concurrency = MAX (self->options.concurrency, 1);
  self->options.poll_interval_ms = MAX (self->options.poll_interval_ms, 10);
  self->options.lease_ms = MAX (self->options.lease_ms, 1000);
  self->clock = clock;
  self->clock_lock = clock_lock;
  self->threads = g_ptr_array_new ();
  self->scheduled_at = G_MININT64;
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  return self;
}

void
kt_job_runner_free (KtJobRunner *self)
{
  if (self == NULL)
    return;
  kt_job_runner_stop (self);
  g_ptr_array_unref (self->threads);
  g_clear_pointer (&self->pg, kt_pg_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  g_free (self->conninfo);
  g_free (self->name);
  g_free (self);
}

void
kt_job_runner_set_time_func (KtJobRunner   *self,
                             KtJobTimeFunc  now_ms,
                             gpointer       data)
{
  self->now_func = now_ms;
  self->now_data = data;
}

const char *
kt_job_runner_get_name (KtJobRunner *self)
{
  return self->name;
}

void
kt_job_runner_set_smtp (KtJobRunner *self,
                        KtSmtp      *smtp)
{
  self->smtp = smtp;
}

void
kt_job_runner_set_config (KtJobRunner          *self,
                          const KtServerConfig *config)
{
  self->config = config;
}

static gint64
runner_now (KtJobRunner *self)
{
  if (self->now_func != NULL)
    return self->now_func (self->now_data);
  return g_get_real_time () / 1000;
}

static gboolean
schedule_on (KtJobRunner  *self,
             KtPg         *pg,
             const char   *org_id,
             gint64        now_ms,
             GError      **error)
{
  g_autoptr(GPtrArray) kinds = kt_jobs_kinds ();

  for (guint i = 0; i < kinds->len; i++)
    {
      const KtJobKind *kind = g_ptr_array_index (kinds, i);

      if (kind->repeat == KT_JOB_ONCE)
        continue;
      if (kt_pg_jobs_schedule (pg, org_id, kind->kind, kind->minute_of_day,
                               kind->repeat == KT_JOB_MONTHLY ? kind->month_day : 0,
                               kind->max_attempts > 0 ? kind->max_attempts : KT_JOBS_DEFAULT_ATTEMPTS,
                               now_ms, error) < 0)
        return FALSE;
    }
  return TRUE;
}

/* Runs one claimed job: its work and "done" in one transaction that
 * first locks the job's row, so that no other instance takes it over
 * while it runs and its writes commit only with "done". */
static gboolean
run_job (KtJobRunner  *self,
         KtPg         *pg,
         const char   *worker,
         KtPgJob      *job,
         gint64        now_ms,
         GError      **error)
{
  const KtJobKind *kind = kt_jobs_lookup (job->kind);
  g_autoptr(GError) job_error = NULL;
  KtJobContext ctx = { pg, job, now_ms, self->clock, self->clock_lock, self->smtp, self->config };
  gboolean held = FALSE;

  if (job->attempts > job->max_attempts)
    return kt_pg_jobs_fail (pg, job->id, worker,
                            _("The server running the job stopped before it finished"),
                            now_ms, now_ms, TRUE, error);
  if (kind == NULL)
    {
      /* An instance of another version may know it: not permanent. */
      g_set_error (&job_error, KT_SERVER_ERROR, KT_SERVER_ERROR_INTERNAL,
                   _("This server does not know jobs of kind “%s”"), job->kind);
    }
  else
    {
      /* The next run of a recurring job first, outside the job's
       * transaction: a failing run still leaves tomorrow's in place. */
      if (kind->repeat != KT_JOB_ONCE && job->org_id != NULL &&
          !schedule_on (self, pg, job->org_id, MAX (now_ms, job->run_at_ms + 1), error))
        return FALSE;

      if (!kt_pg_begin (pg, error))
        return FALSE;
      if (!kt_pg_jobs_hold (pg, job->id, worker, &held, error))
        {
          kt_pg_rollback (pg);
          return FALSE;
        }
      if (!held)
        {
          /* Another instance took it over after our lease expired. */
          kt_pg_rollback (pg);
          return TRUE;
        }
      if (kind->func (&ctx, &job_error) &&
          kt_pg_jobs_finish (pg, job->id, now_ms, &job_error) &&
          kt_pg_commit (pg, &job_error))
        return TRUE;
      kt_pg_rollback (pg);
    }

  g_assert (job_error != NULL);
  g_message ("job %" G_GINT64_FORMAT " (%s) attempt %d of %d failed: %s", job->id, job->kind,
             job->attempts, job->max_attempts, job_error->message);
  return kt_pg_jobs_fail (pg, job->id, worker, job_error->message, now_ms,
                          now_ms + kt_jobs_backoff_ms (job->attempts), FALSE, error);
}

/* Claims and runs one due job; *@ran is FALSE when none was due. */
static gboolean
run_one (KtJobRunner  *self,
         KtPg         *pg,
         const char   *worker,
         gint64        now_ms,
         gboolean     *ran,
         GError      **error)
{
  g_autoptr(GPtrArray) jobs = NULL;

  *ran = FALSE;
  if (!kt_pg_ensure (pg, 1000, error))
    return FALSE;
  jobs = kt_pg_jobs_claim (pg, worker, now_ms, self->options.lease_ms, 1, error);
  if (jobs == NULL)
    return FALSE;
  if (jobs->len == 0)
    return TRUE;
  *ran = TRUE;
  return run_job (self, pg, worker, g_ptr_array_index (jobs, 0), now_ms, error);
}

gboolean
kt_job_runner_schedule (KtJobRunner  *self,
                        gint64        now_ms,
                        GError      **error)
{
  if (self->pg == NULL)
    self->pg = kt_pg_new (self->conninfo);
  if (!kt_pg_ensure (self->pg, 1000, error))
    return FALSE;
  return schedule_on (self, self->pg, NULL, now_ms, error);
}

gboolean
kt_job_runner_run_due (KtJobRunner  *self,
                       gint64        now_ms,
                       guint        *ran,
                       GError      **error)
{
  gboolean one = TRUE;

  if (ran != NULL)
    *ran = 0;
  if (self->pg == NULL)
    self->pg = kt_pg_new (self->conninfo);
  while (one)
    {
      if (!run_one (self, self->pg, self->name, now_ms, &one, error))
        return FALSE;
      if (one && ran != NULL)
        (*ran)++;
    }
  return TRUE;
}

typedef struct {
  KtJobRunner *runner;
  guint        index;
} ThreadData;

/* Whether this thread should schedule now: one thread of the runner at
 * a time, every schedule_interval_ms. */
static gboolean
schedule_due (KtJobRunner *self,
              gint64       now_ms)
{
  gboolean due;

  g_mutex_lock (&self->lock);
  due = self->scheduled_at == G_MININT64 ||
        now_ms - self->scheduled_at >= (gint64) self->options.schedule_interval_ms;
  if (due)
    self->scheduled_at = now_ms;
  g_mutex_unlock (&self->lock);
  return due;
}

static void
schedule_retry (KtJobRunner *self)
{
  g_mutex_lock (&self->lock);
  self->scheduled_at = G_MININT64;
  g_mutex_unlock (&self->lock);
}

static gpointer
thread_func (gpointer data)
{
  ThreadData *td = data;
  KtJobRunner *self = td->runner;
  g_autoptr(KtPg) pg = kt_pg_new (self->conninfo);
  g_autofree char *worker = g_strdup_printf ("%s/%u", self->name, td->index);

  g_free (td);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gint64 now_ms = runner_now (self);
      gboolean ran = FALSE;

      g_mutex_lock (&self->lock);
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      g_mutex_unlock (&self->lock);

      if (schedule_due (self, now_ms) &&
          (!kt_pg_ensure (pg, 1000, &error) || !schedule_on (self, pg, NULL, now_ms, &error)))
        {
          /* The database is away (a restart): the next round retries. */
          g_message ("scheduling recurring jobs failed: %s", error->message);
          schedule_retry (self);
          g_clear_error (&error);
        }
      if (!run_one (self, pg, worker, now_ms, &ran, &error))
        {
          /* The database is away: poll again later, quietly. */
          g_debug ("job runner %s: %s", worker, error->message);
          ran = FALSE;
        }
      if (ran)
        continue;

      g_mutex_lock (&self->lock);
      if (!self->stopping)
        g_cond_wait_until (&self->wake, &self->lock,
                           g_get_monotonic_time () + self->options.poll_interval_ms * G_TIME_SPAN_MILLISECOND);
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

gboolean
kt_job_runner_start (KtJobRunner  *self,
                     GError      **error)
{
  g_return_val_if_fail (self->threads->len == 0, FALSE);

  self->stopping = FALSE;
  for (guint i = 0; i < self->options.concurrency; i++)
    {
      ThreadData *td = g_new0 (ThreadData, 1);
      GThread *thread;

      td->runner = self;
      td->index = i;
      thread = g_thread_try_new ("kt-jobs", thread_func, td, error);
      if (thread == NULL)
        {
          g_free (td);
          kt_job_runner_stop (self);
          return FALSE;
        }
      g_ptr_array_add (self->threads, thread);
    }
  return TRUE;
}

void
kt_job_runner_stop (KtJobRunner *self)
{
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->wake);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));
  g_ptr_array_set_size (self->threads, 0);
}
