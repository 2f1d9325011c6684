/* kt-job-usage.c: "reset_usage", the monthly reset of an organization's
 * plan usage counters
 *
 * A plan's limits count per calendar month of the organization's time
 * zone: on its first day the counters (kt_pg_usage_counters(), the one
 * list of them) start again from 0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-job-usage"

#include "config.h"

#include "kt-jobs.h"
#include "kt-pg-schedules.h"

static gboolean
reset_usage (KtJobContext  *ctx,
             GError       **error)
{
  if (ctx->job->org_id == NULL)
    return TRUE;
  return kt_pg_usage_reset (ctx->pg, ctx->job->org_id, error);
}

const KtJobKind kt_job_reset_usage = {
  .kind = "reset_usage",
  .func = reset_usage,
  .max_attempts = 5,
  .repeat = KT_JOB_MONTHLY,
  .month_day = 1,
  .minute_of_day = 0,
};
