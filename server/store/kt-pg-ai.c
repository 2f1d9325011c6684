/* kt-pg-ai.c: the AI proxy's tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-ai"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "kt-pg-ai.h"
#include "kt-pg-billing.h"

void
kt_pg_ai_settings_free (KtPgAiSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->provider);
  g_free (settings->base_url);
  g_free (settings->model);
  g_free (settings->api_key_sealed);
  g_free (settings->updated_at);
  g_free (settings);
}

KtPgAiSettings *
kt_pg_ai_settings_get (KtPg        *pg,
                       const char  *org_id,
                       GError     **error)
{
  const char *params[] = { org_id };
  g_autoptr(PGresult) res = NULL;
  KtPgAiSettings *settings;

  res = kt_pg_exec (pg, "ai_settings_get",
                    "SELECT provider, base_url, model, api_key_sealed,"
                    " to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
                    "FROM ai_settings WHERE org_id = $1::uuid",
                    1, params, error);
  if (res == NULL || PQntuples (res) == 0)
    return NULL;
  settings = g_new0 (KtPgAiSettings, 1);
  settings->provider = g_strdup (kt_pg_value (res, 0, 0));
  settings->base_url = g_strdup (kt_pg_value (res, 0, 1));
  settings->model = g_strdup (kt_pg_value (res, 0, 2));
  settings->api_key_sealed = g_strdup (kt_pg_value (res, 0, 3));
  settings->updated_at = g_strdup (kt_pg_value (res, 0, 4));
  return settings;
}

gboolean
kt_pg_ai_settings_put (KtPg        *pg,
                       const char  *org_id,
                       const char  *user_id,
                       const char  *provider,
                       const char  *base_url,
                       const char  *model,
                       const char  *api_key_sealed,
                       gboolean     keep_key,
                       GError     **error)
{
  const char *params[] = { org_id, user_id, provider, base_url, model, api_key_sealed,
                           keep_key ? "t" : "f" };

  return kt_pg_run (pg,
                    "INSERT INTO ai_settings (org_id, updated_by, provider, base_url, model, api_key_sealed)"
                    " VALUES ($1::uuid, $2::uuid, $3, $4, $5, CASE WHEN $7::boolean THEN NULL ELSE $6 END)"
                    " ON CONFLICT (org_id) DO UPDATE SET updated_by = EXCLUDED.updated_by,"
                    " provider = EXCLUDED.provider, base_url = EXCLUDED.base_url, model = EXCLUDED.model,"
                    " api_key_sealed = CASE WHEN $7::boolean THEN ai_settings.api_key_sealed ELSE $6 END,"
                    " updated_at = now()",
                    G_N_ELEMENTS (params), params, error);
}

gboolean
kt_pg_ai_settings_delete (KtPg        *pg,
                          const char  *org_id,
                          GError     **error)
{
  const char *params[] = { org_id };

  return kt_pg_run (pg, "DELETE FROM ai_settings WHERE org_id = $1::uuid", 1, params, error);
}

/* One subscription row per organization (billing's unique index). */
gboolean
kt_pg_ai_usage_take (KtPg          *pg,
                     const char    *org_id,
                     const KtPlan  *plans,
                     gint64         now,
                     gint64        *used,
                     GError       **error)
{
  const char *params[] = { org_id };
  g_autoptr(PGresult) res = NULL;
  g_auto(KtPgUsage) usage = { 0, NULL, NULL, 0 };

  /* The row lock orders two requests of one organization: the second
   * sees the first one's count. */
  res = kt_pg_exec (pg, "ai_usage_take",
                    "UPDATE subscriptions SET ai_requests_used = ai_requests_used + 1, updated_at = now() "
                    "WHERE org_id = $1::uuid "
                    "RETURNING ai_requests_used, plan, status,"
                    " coalesce(extract(epoch FROM past_due_since)::bigint, 0)",
                    1, params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      /* No subscription: Free, as billing reads it. */
      usage.n = 1;
      usage.plan = g_strdup ("free");
    }
  else
    {
      usage.n = g_ascii_strtoll (kt_pg_value (res, 0, 0), NULL, 10);
      usage.plan = g_strdup (kt_pg_value (res, 0, 1));
      usage.status = g_strdup (kt_pg_value (res, 0, 2));
      usage.past_due_since = g_ascii_strtoll (kt_pg_value (res, 0, 3), NULL, 10);
    }
  if (used != NULL)
    *used = usage.n;
  return plans == NULL || kt_pg_usage_check (plans, &usage, KT_LIMIT_AI_MESSAGES_PER_MONTH, now, error);
}

gboolean
kt_pg_ai_usage_get (KtPg          *pg,
                    const char    *org_id,
                    const KtPlan  *plans,
                    gint64        *used,
                    gint64        *limit,
                    GError       **error)
{
  const char *params[] = { org_id };
  g_autoptr(PGresult) res = NULL;
  KtPlanId plan = KT_PLAN_FREE;

  res = kt_pg_exec (pg, "ai_usage_get",
                    "SELECT ai_requests_used, plan FROM subscriptions WHERE org_id = $1::uuid",
                    1, params, error);
  if (res == NULL)
    return FALSE;
  *used = PQntuples (res) > 0 ? g_ascii_strtoll (kt_pg_value (res, 0, 0), NULL, 10) : 0;
  if (PQntuples (res) > 0)
    kt_plan_from_key (kt_pg_value (res, 0, 1), &plan);
  *limit = plans != NULL ? plans[plan].limits[KT_LIMIT_AI_MESSAGES_PER_MONTH] : -1;
  return TRUE;
}
