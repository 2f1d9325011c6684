/* kt-pg-ai.h: the AI proxy's tables: an organization's provider and its
 * monthly AI requests (subscriptions.ai_requests_used)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"

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
 * where usage grows. TRUE with *@allowed when it was under its limit
 * (and now counts one more); *@allowed FALSE and nothing counted when
 * the limit is reached (no subscription: a limit of 0). @used and
 * @limit (-1: none) say where it stands afterwards. */
gboolean kt_pg_ai_usage_take  (KtPg        *pg,
                               const char  *org_id,
                               gboolean    *allowed,
                               gint64      *used,
                               gint64      *limit,
                               GError     **error);
/* Where the organization stands, without counting. */
gboolean kt_pg_ai_usage_get   (KtPg        *pg,
                               const char  *org_id,
                               gint64      *used,
                               gint64      *limit,
                               GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPgAiSettings, kt_pg_ai_settings_free)

G_END_DECLS
