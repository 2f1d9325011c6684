/* kt-job-match.c: "match_payments", the daily matching of an organization
 *
 * Payments are matched when they arrive (kt-pg-documents.c); this daily
 * run matches those that found no invoice then, against the invoices open
 * now (an invoice issued after its payment came in, a number corrected),
 * with the same matcher (shared/kt-match.h through kt-pg-match.h), and
 * settles the invoices it pays: their paid amounts and statuses are
 * written as server changes that clients pull.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-job-match"

#include "config.h"

#include "kt-jobs.h"
#include "kt-pg-change.h"

/* A day's batch; the rest waits for tomorrow's run. */
#define MATCH_LIMIT 5000

static gboolean
match_payments (KtJobContext  *ctx,
                GError       **error)
{
  g_autoptr(KtDocuments) documents = kt_documents_new (FALSE, 0);
  g_autoptr(GPtrArray) ids = NULL;
  KtChangeContext change_ctx;

  if (ctx->job->org_id == NULL)
    return TRUE;
  kt_jobs_change_context (ctx, NULL, documents, &change_ctx);
  ids = kt_pg_jobs_unmatched_payments (ctx->pg, ctx->job->org_id, MATCH_LIMIT, error);
  if (ids == NULL)
    return FALSE;
  return kt_pg_documents_match (ctx->pg, &change_ctx, documents, ids, error) &&
         kt_pg_documents_settle (ctx->pg, &change_ctx, documents, error);
}

/* Six in the morning, the organization's time: after the night's bank
 * statements, before the day's work. */
const KtJobKind kt_job_match_payments = {
  .kind = "match_payments",
  .func = match_payments,
  .max_attempts = 5,
  .repeat = KT_JOB_DAILY,
  .minute_of_day = 6 * 60,
};
