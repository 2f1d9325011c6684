/* kt-jobs.c: the registry of job kinds, enqueueing, backoff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-jobs"

#include "config.h"

#include "kt-jobs.h"

static GMutex registry_lock;
static GPtrArray *registry;

void
kt_jobs_register (const KtJobKind *kind)
{
  g_return_if_fail (kind != NULL && kind->kind != NULL && kind->func != NULL);
  g_return_if_fail (kind->minute_of_day < 24 * 60);
  g_return_if_fail (kind->repeat != KT_JOB_MONTHLY || (kind->month_day >= 1 && kind->month_day <= 31));

  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_ptr_array_new ();
  for (guint i = 0; i < registry->len; i++)
    if (g_str_equal (((const KtJobKind *) g_ptr_array_index (registry, i))->kind, kind->kind))
      {
        /* The same description again is fine (init twice); another
         * one under a taken name is a mistake. */
        g_warn_if_fail (g_ptr_array_index (registry, i) == kind);
        g_mutex_unlock (&registry_lock);
        return;
      }
  g_ptr_array_add (registry, (gpointer) kind);
  g_mutex_unlock (&registry_lock);
}

void
kt_jobs_init (void)
{
  kt_jobs_register (&kt_job_overdue);
  kt_jobs_register (&kt_job_forget_done);
  kt_jobs_register (&kt_job_match_payments);
  kt_jobs_register (&kt_job_recurring_invoice);
  kt_jobs_register (&kt_job_recurring_invoices);
  kt_jobs_register (&kt_job_mail);
  kt_jobs_register (&kt_job_reminders);
  kt_jobs_register (&kt_job_reset_usage);
}

const KtJobKind *
kt_jobs_lookup (const char *kind)
{
  const KtJobKind *found = NULL;

  g_mutex_lock (&registry_lock);
  for (guint i = 0; registry != NULL && i < registry->len && found == NULL; i++)
    if (g_str_equal (((const KtJobKind *) g_ptr_array_index (registry, i))->kind, kind))
      found = g_ptr_array_index (registry, i);
  g_mutex_unlock (&registry_lock);
  return found;
}

GPtrArray *
kt_jobs_kinds (void)
{
  GPtrArray *kinds = g_ptr_array_new ();

  g_mutex_lock (&registry_lock);
  for (guint i = 0; registry != NULL && i < registry->len; i++)
    g_ptr_array_add (kinds, g_ptr_array_index (registry, i));
  g_mutex_unlock (&registry_lock);
  return kinds;
}

gboolean
kt_jobs_enqueue (KtPg        *pg,
                 const char  *org_id,
                 const char  *kind,
                 const char  *payload_json,
                 gint64       run_at_ms,
                 const char  *dedupe_key,
                 gint64      *id,
                 GError     **error)
{
  const KtJobKind *known = kt_jobs_lookup (kind);
  int max_attempts = known != NULL && known->max_attempts > 0 ? known->max_attempts : KT_JOBS_DEFAULT_ATTEMPTS;

  g_return_val_if_fail (pg != NULL && kind != NULL, FALSE);

  if (run_at_ms <= 0)
    run_at_ms = g_get_real_time () / 1000;
  return kt_pg_jobs_enqueue (pg, org_id, kind, payload_json, run_at_ms, dedupe_key,
                             max_attempts, id, error);
}

void
kt_jobs_change_context (KtJobContext    *ctx,
                        const char      *user_id,
                        KtDocuments     *documents,
                        KtChangeContext *change_ctx)
{
  *change_ctx = (KtChangeContext) {
    .org_id = ctx->job->org_id,
    .user_id = user_id,
    .role = KT_ROLE_OWNER,
    .policy = kt_change_server_policy (),
    .clock = ctx->clock,
    .clock_lock = ctx->clock_lock,
    .documents = documents,
  };
}

gboolean
kt_jobs_apply_change (KtPg                  *pg,
                      const KtChangeContext *change_ctx,
                      const KtEntity        *entity,
                      KtChangeKind           kind,
                      const char            *id,
                      JsonObject            *fields,
                      GError               **error)
{
  KtChangeResult result = { 0, };
  gboolean ok = kt_pg_apply_change (pg, change_ctx, entity, kind, id, fields, NULL, &result, error);

  kt_change_result_clear (&result);
  return ok;
}

#define BACKOFF_BASE_MS (10 * 1000)
#define BACKOFF_MAX_MS (60 * 60 * 1000)

gint64
kt_jobs_backoff_ms (int attempts)
{
  gint64 delay = BACKOFF_BASE_MS;

  for (int i = 1; i < attempts && delay < BACKOFF_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_MAX_MS);
  return delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1);
}
