/* kt-route-jobs.c: GET /v1/jobs and POST /v1/jobs/{id}/retry
 *
 * An organization's background jobs that are waiting, running or have
 * failed, and retrying a failed one (Owners and Admins).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-jobs"

#include "config.h"

#include "kt-pg-jobs.h"
#include "kt-policy.h"
#include "kt-routes.h"

gboolean
kt_route_jobs_list (KtRequest *req,
                    GError   **error)
{
  g_autofree char *json = NULL;

  if (!kt_policy_may_manage_jobs (req->auth.role, error))
    return FALSE;
  json = kt_pg_jobs_list (req->pg, req->auth.org_id, error);
  if (json == NULL)
    return FALSE;
  kt_request_respond_text (req, 200, g_strdup_printf ("{\"jobs\":%s}", json));
  return TRUE;
}

gboolean
kt_route_jobs_retry (KtRequest *req,
                     GError   **error)
{
  char *json;

  if (!kt_policy_may_manage_jobs (req->auth.role, error))
    return FALSE;
  json = kt_pg_jobs_retry (req->pg, req->auth.org_id, req->segments[1],
                           g_get_real_time () / 1000, error);
  if (json == NULL)
    return FALSE;
  kt_request_respond_text (req, 200, json);
  return TRUE;
}
