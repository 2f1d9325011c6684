/* kt-pg-ai.h: the AI proxy's tables: an organization's provider and its
 * monthly AI requests (subscriptions.ai_requests_used)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-plan.h"

G_BEGIN_DECLS

/* An organization's own provider, as stored: the key stays sealed. */
typedef struct {
  char *provider;
  char *base_url;        /* NULL: the provider's usual one */
  char *model;           /* NULL: the provider's usual one */
  char *api_key_sealed;  /* NULL: no key */
  char *updated_at;
} KtPgAiSettings;

void     kt_pg_ai_settings_free (KtPgAiSettings *settings);
/* NULL without an error when the organization has none of its own. */
KtPgAiSettings *kt_pg_ai_settings_get (KtPg        *pg,
                                       const char  *org_id,
                                       GError     **error);
/* Creates or replaces the organization's provider; @keep_key keeps the
 * stored sealed key instead of @api_key_sealed. */
gboolean kt_pg_ai_settings_put (KtPg        *pg,
                                const char  *org_id,
                                const char  *user_id,
                                const char  *provider,
                                const char  *base_url,
                                const char  *model,
                                const char  *api_key_sealed,
                                gboolean     keep_key,
                                GError     **error);
/* Back to the server's provider. */
gboolean kt_pg_ai_settings_delete (KtPg        *pg,
                                   const char  *org_id,
                                   GError     **error);

/* Counts one AI request against the organization's plan: the one place
 * where usage grows (subscriptions.ai_requests_used, which the monthly
 * usage reset zeroes). With @plans (NULL: limits are not enforced, as
 * kt_server_config_enforces_limits() says) the count after it is checked
 * by kt_pg_usage_check() against KT_LIMIT_AI_MESSAGES_PER_MONTH (403
 * plan_limit, field "ai_messages_per_month"; also when a payment is long
 * overdue): on that error the caller's transaction rolls the count back.
 * @now in Unix seconds; @used (may be NULL) is the count afterwards. */
gboolean kt_pg_ai_usage_take  (KtPg          *pg,
                               const char    *org_id,
                               const KtPlan  *plans,
                               gint64         now,
                               gint64        *used,
                               GError       **error);
/* Where the organization stands, without counting: the count, and the
 * plan's limit in @plans (-1: none, or @plans NULL). */
gboolean kt_pg_ai_usage_get   (KtPg          *pg,
                               const char    *org_id,
                               const KtPlan  *plans,
                               gint64        *used,
                               gint64        *limit,
                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPgAiSettings, kt_pg_ai_settings_free)

G_END_DECLS
