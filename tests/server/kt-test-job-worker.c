/* kt-test-job-worker.c: a server instance's job runner alone, for
 * test-jobs.c to start twice and kill one with SIGKILL mid-job
 *
 *   kt-test-job-worker CONNINFO NAME
 *
 * Runs "test.count" jobs (one row in test_job_effects per run, in the
 * job's transaction) on two threads with a two-second lease until
 * stopped. A job whose payload is {"hang":true} stops in its first
 * attempt after writing its row, so that the test can kill the instance
 * in the middle of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <string.h>

#include "kt-job-runner.h"

static gboolean
count_func (KtJobContext  *ctx,
            GError       **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, ctx->job->id);
  const char *params[] = { id };

  if (!kt_pg_run (ctx->pg, "INSERT INTO test_job_effects (job_id) VALUES ($1::bigint)", 1, params, error))
    return FALSE;
  if (ctx->job->attempts == 1 && strstr (ctx->job->payload, "\"hang\"") != NULL)
    {
      /* Waits for the SIGKILL, its transaction open. */
      for (;;)
        g_usleep (G_USEC_PER_SEC);
    }
  return TRUE;
}

static const KtJobKind count_kind = { .kind = "test.count", .func = count_func };

static gboolean
on_signal_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  KtJobRunnerOptions options = { 2, 20, 2000, 60 * 60 * 1000 };
  g_autoptr(KtHlc) clock = kt_hlc_new (NULL);
  g_autoptr(KtJobRunner) runner = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  GMutex lock;

  if (argc != 3)
    {
      g_printerr ("usage: %s CONNINFO NAME\n", argv[0]);
      return 2;
    }
  g_mutex_init (&lock);
  kt_jobs_register (&count_kind);
  runner = kt_job_runner_new (argv[1], argv[2], &options, clock, &lock);
  if (!kt_job_runner_start (runner, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_main_loop_run (loop);
  kt_job_runner_stop (runner);
  g_mutex_clear (&lock);
  return 0;
}
