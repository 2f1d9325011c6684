/* kt-job-overdue.c: the daily "overdue" job of an organization, and the
 * daily forgetting of its done jobs
 *
 * Invoices past their due date with money still open become overdue, and
 * sent offers past their valid-until date expired (docs/money.md), in one
 * set-based statement that writes the change-log entries too, so every
 * client pulls the new statuses like any change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-job-overdue"

#include "config.h"

#include "kt-jobs.h"

static gboolean
mark_overdue (KtJobContext  *ctx,
              GError       **error)
{
  g_autofree char *stamp = NULL;
  gint64 invoices = 0, offers = 0;

  if (ctx->job->org_id == NULL)
    return TRUE;

  /* One stamp for the whole batch: each record gets it once, and it is
   * newer than every stamp this instance has seen. */
  g_mutex_lock (ctx->clock_lock);
  stamp = kt_hlc_tick (ctx->clock);
  g_mutex_unlock (ctx->clock_lock);

  if (!kt_pg_jobs_mark_overdue (ctx->pg, ctx->job->org_id, ctx->now_ms, stamp,
                                &invoices, &offers, error))
    return FALSE;
  if (invoices > 0 || offers > 0)
    g_debug ("organization %s: %" G_GINT64_FORMAT " invoices overdue, %" G_GINT64_FORMAT " offers expired",
             ctx->job->org_id, invoices, offers);
  return TRUE;
}

/* Five past midnight: the first minutes of the day in which yesterday's
 * due dates have passed. */
const KtJobKind kt_job_overdue = {
  .kind = "overdue",
  .func = mark_overdue,
  .max_attempts = 5,
  .repeat = KT_JOB_DAILY,
  .minute_of_day = 5,
};

/* Done jobs are kept a month (what ran when, for whoever asks the
 * database), then forgotten; a schedule's dedupe keys only ever look
 * ahead, so forgetting a past run never enqueues it again. */
#define KEEP_DONE_MS ((gint64) 30 * 24 * 3600 * 1000)

static gboolean
forget_done (KtJobContext  *ctx,
             GError       **error)
{
  if (ctx->job->org_id == NULL)
    return TRUE;
  return kt_pg_jobs_forget_done (ctx->pg, ctx->job->org_id, ctx->now_ms - KEEP_DONE_MS, error) >= 0;
}

const KtJobKind kt_job_forget_done = {
  .kind = "forget_done_jobs",
  .func = forget_done,
  .max_attempts = 3,
  .repeat = KT_JOB_DAILY,
  .minute_of_day = 3 * 60,
};
