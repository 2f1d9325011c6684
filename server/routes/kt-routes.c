/* kt-routes.c: the routing table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-routes"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-policy.h"
#include "kt-routes.h"
#include "kt-route-sync.h"
#include "kt-server.h"
#include "kt-server-error.h"

/* Specific routes first: the generic record routes match any name. */
static const KtRoute routes[] = {
  { "GET",    "health",                      FALSE, kt_route_health },
  { "POST",   "auth/register",               FALSE, kt_route_register },
  { "POST",   "auth/login",                  FALSE, kt_route_login },
  { "POST",   "auth/logout",                 TRUE,  kt_route_logout },
  { "GET",    "me",                          TRUE,  kt_route_me_get },
  { "PATCH",  "me",                          TRUE,  kt_route_me_update },
  { "POST",   "me/password",                 TRUE,  kt_route_me_password },
  { "GET",    "organization",                TRUE,  kt_route_org_get },
  { "PATCH",  "organization",                TRUE,  kt_route_org_update },
  { "GET",    "team/members",                TRUE,  kt_route_members_list },
  { "PATCH",  "team/members/*",              TRUE,  kt_route_member_update },
  { "DELETE", "team/members/*",              TRUE,  kt_route_member_remove },
  { "POST",   "team/invitations",            TRUE,  kt_route_invite },
  { "POST",   "team/invitations/accept",     FALSE, kt_route_invite_accept },
  { "POST",   "team/leave",                  TRUE,  kt_route_leave },
  { "POST",   "sync/push",                   TRUE,  kt_route_sync_push },
  { "GET",    "sync/pull",                   TRUE,  kt_route_sync_pull },
  { "GET",    "numbering",                   TRUE,  kt_route_numbering_get },
  { "PATCH",  "numbering",                   TRUE,  kt_route_numbering_update },
  { "POST",   "offers/*/convert",            TRUE,  kt_route_offer_convert },
  { "GET",    "jobs",                        TRUE,  kt_route_jobs_list },
  { "GET",    "plans",                       FALSE, kt_route_plans },
  /* Stripe-Signature authenticates it (kt-route-billing.c). */
  { "POST",   "stripe/webhook",              FALSE, kt_route_stripe_webhook },
  /* The organization's own account; its secret authenticates it. */
  { "POST",   "stripe/webhook/*",            FALSE, kt_route_org_stripe_webhook },
  { "GET",    "organization/stripe",         TRUE,  kt_route_org_stripe_get },
  { "PUT",    "organization/stripe",         TRUE,  kt_route_org_stripe_put },
  { "DELETE", "organization/stripe",         TRUE,  kt_route_org_stripe_delete },
  { "POST",   "invoices/*/payment-link",     TRUE,  kt_route_invoice_payment_link },
  { "GET",    "billing",                     TRUE,  kt_route_billing_get },
  { "POST",   "billing/checkout",            TRUE,  kt_route_billing_checkout },
  { "POST",   "billing/portal",              TRUE,  kt_route_billing_portal },
  { "POST",   "billing/cancel",              TRUE,  kt_route_billing_cancel },
  { "POST",   "billing/resume",              TRUE,  kt_route_billing_resume },
  { "POST",   "jobs/*/retry",                TRUE,  kt_route_jobs_retry },
  { "POST",   "ai/chat",                     TRUE,  kt_route_ai_chat },
  { "POST",   "ai/structured",               TRUE,  kt_route_ai_structured },
  { "GET",    "ai/settings",                 TRUE,  kt_route_ai_settings_get },
  { "PUT",    "ai/settings",                 TRUE,  kt_route_ai_settings_put },
  { "DELETE", "ai/settings",                 TRUE,  kt_route_ai_settings_delete },
  /* libsoup sends a HEAD's headers without the body. */
  { "POST",   "invoices/*/send",             TRUE,  kt_route_invoice_send },
  /* Authenticate with their first read (kt_session_orgs_lookup()). */
  { "GET",    "invoices/*/pdf",              FALSE, kt_route_invoice_pdf },
  { "HEAD",   "invoices/*/pdf",              FALSE, kt_route_invoice_pdf },
  { "GET",    "offers/*/pdf",                FALSE, kt_route_offer_pdf },
  { "HEAD",   "offers/*/pdf",                FALSE, kt_route_offer_pdf },
  /* Authenticates in its own query: one round trip for the hottest route. */
  { "GET",    "*",                           FALSE, kt_route_records_list },
  { "POST",   "*",                           TRUE,  kt_route_records_create },
  { "GET",    "*/*/history",                 TRUE,  kt_route_records_history },
  { "GET",    "*/*",                         TRUE,  kt_route_records_get },
  { "PATCH",  "*/*",                         TRUE,  kt_route_records_update },
  { "PUT",    "*/*",                         TRUE,  kt_route_records_update },
  { "DELETE", "*/*",                         TRUE,  kt_route_records_delete },
};

/* Walks @pattern segment by segment against the request's segments,
 * without splitting it: every request is matched against up to some
 * fifty patterns, and splitting each one cost a dozen allocations a
 * pattern, about 2 % of the server's time on the contacts page. */
static gboolean
pattern_matches (const char *pattern,
                 KtRequest  *req)
{
  const char *p = pattern;

  for (guint i = 0; i < req->n_segments; i++)
    {
      const char *end = strchr (p, '/');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (!(len == 1 && *p == '*') &&
          (strncmp (p, req->segments[i], len) != 0 || req->segments[i][len] != '\0'))
        return FALSE;
      if (end == NULL)
        return i + 1 == req->n_segments;
      p = end + 1;
    }
  /* More pattern than segments. */
  return FALSE;
}

static gboolean
is_generic (const char *pattern)
{
  for (const char *p = pattern; *p; p++)
    if (*p != '*' && *p != '/')
      return FALSE;
  return TRUE;
}

const KtRoute *
kt_routes_match (KtRequest *req,
                 gboolean  *wrong_method)
{
  gboolean path_known = FALSE;

  g_return_val_if_fail (req != NULL, NULL);

  *wrong_method = FALSE;
  /* Everything lives under /v1/. */
  if (!g_str_has_prefix (req->path, "/v1/") || req->n_segments == 0)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      gboolean generic = is_generic (routes[i].pattern);

      if (!pattern_matches (routes[i].pattern, req))
        continue;
      /* A fixed path ("health") never falls through to the generic
       * record routes with another method. */
      if (generic && path_known)
        continue;
      if (g_str_equal (routes[i].method, req->method))
        return &routes[i];
      if (!generic)
        path_known = TRUE;
      *wrong_method = TRUE;
    }

  return NULL;
}

/* Committed: the pages of what the write left issued are new, and soon
 * wanted. */
static void
prerender_issued (KtRequest *req)
{
  KtPdfPrerender *prerender = kt_server_get_pdf_prerender (req->server);

  if (prerender == NULL || req->auth.org_id == NULL)
    return;
  if (req->pages_changed)
    kt_pdf_prerender_add_organization (prerender, req->auth.org_id);
  req->pages_changed = FALSE;
  if (req->issued == NULL)
    return;
  for (guint i = 0; i < req->issued->len; i++)
    {
      KtDocumentRef *ref = g_ptr_array_index (req->issued, i);

      kt_pdf_prerender_add (prerender, req->auth.org_id, ref->entity, ref->id);
    }
  g_clear_pointer (&req->issued, g_ptr_array_unref);
}

void
kt_routes_keep_issued (KtRequest   *req,
                       KtDocuments *docs)
{
  GPtrArray *issued = kt_documents_get_issued (docs);

  g_clear_pointer (&req->issued, g_ptr_array_unref);
  req->pages_changed = kt_documents_get_pages_changed (docs);
  if (issued->len == 0)
    return;
  req->issued = g_ptr_array_new_full (issued->len, (GDestroyNotify) kt_document_ref_free);
  for (guint i = 0; i < issued->len; i++)
    {
      KtDocumentRef *ref = g_ptr_array_index (issued, i);

      g_ptr_array_add (req->issued, kt_document_ref_new (ref->entity, ref->id));
    }
}

gboolean
kt_routes_in_transaction (KtRequest        *req,
                          KtTransactionFunc func,
                          gpointer          data,
                          GError          **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      g_clear_pointer (&req->issued, g_ptr_array_unref);
      req->pages_changed = FALSE;
      if (!kt_pg_begin (req->pg, error))
        return FALSE;
      if (func (req, data, &local_error) && kt_pg_commit (req->pg, &local_error))
        {
          prerender_issued (req);
          return TRUE;
        }

      kt_pg_rollback (req->pg);
      g_clear_pointer (&req->response, g_free);
      req->response_len = 0;
      if (attempt < 3 && g_error_matches (local_error, KT_PG_ERROR, KT_PG_ERROR_SERIALIZATION))
        continue;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

void
kt_routes_change_context (KtRequest       *req,
                          KtChangeContext *ctx)
{
  ctx->org_id = req->auth.org_id;
  ctx->user_id = req->auth.user_id;
  ctx->role = req->auth.role;
  ctx->policy = kt_policy_changes ();
  ctx->documents = NULL;
  ctx->plans = kt_server_config_enforces_limits (req->config) ? req->config->plans : NULL;
  ctx->now_seconds = 0;
  kt_server_get_clock (req->server, &ctx->clock, &ctx->clock_lock);
}

gboolean
kt_routes_check_email (const char  *email,
                       const char  *field,
                       GError     **error)
{
  const char *at = email ? strchr (email, '@') : NULL;

  /* Deliberately loose: one @, something on both sides, a dot in the
   * domain, no spaces. Whether it receives mail is the invitation's test. */
  if (email == NULL || at == NULL || at == email || strchr (at + 1, '@') != NULL ||
      strchr (at, '.') == NULL || strpbrk (email, " \t\r\n") != NULL ||
      strlen (email) > 254 || !g_utf8_validate (email, -1, NULL) ||
      g_str_has_suffix (email, "."))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, field,
                                 _("“%s” is not a valid email address"), field);
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_routes_check_keys (JsonObject         *object,
                      const char * const *allowed,
                      GError            **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_strv_contains (allowed, name))
      {
        kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, name,
                                   _("Unknown key “%s”"), name);
        return FALSE;
      }
  return TRUE;
}

gboolean
kt_routes_log_server_change (KtRequest  *req,
                             const char *org_id,
                             const char *entity,
                             const char *record_id,
                             JsonObject *fields,
                             GError    **error)
{
  g_autofree char *hlc = kt_server_tick_hlc (req->server);
  g_autoptr(JsonObject) clocks = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_string_member (clocks, name, hlc);

  return kt_pg_log_change (req->pg, org_id, entity, record_id, hlc, FALSE, fields, clocks,
                           req->auth.user_id, error) > 0;
}
