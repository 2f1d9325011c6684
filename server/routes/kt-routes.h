/* kt-routes.h: the routing table and the handlers, one file per resource
 *
 * Handlers run on worker threads with req->pg set; they answer through
 * kt_request_respond_*() or return FALSE with an error, which becomes the
 * JSON error answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-request.h"
#include "kt-pg-change.h"
#include "kt-pg-records.h"

G_BEGIN_DECLS

typedef gboolean (*KtRouteFunc) (KtRequest *req,
                                 GError   **error);

typedef struct {
  const char  *method;
  const char  *pattern;   /* segments after /v1/, "*" matches one */
  gboolean     auth;      /* needs a bearer token */
  KtRouteFunc  func;
} KtRoute;

const KtRoute *kt_routes_match (KtRequest *req,
                                gboolean  *wrong_method);

/* Runs @func inside a transaction: commits when it returns TRUE, rolls
 * back otherwise, and retries a few times when PostgreSQL reports a
 * serialization failure or deadlock. Once it commits, the documents
 * @func kept with kt_routes_keep_issued() (or the organization's, when it
 * set req->pages_changed) go to the server's pre-renderer
 * (kt-pdf-prerender.h). */
typedef gboolean (*KtTransactionFunc) (KtRequest *req,
                                       gpointer   data,
                                       GError   **error);

gboolean kt_routes_in_transaction (KtRequest        *req,
                                   KtTransactionFunc func,
                                   gpointer          data,
                                   GError          **error);
/* After kt_pg_documents_settle() in a transaction of
 * kt_routes_in_transaction(): the documents @docs left issued are
 * rendered once it commits (replaces what an earlier try kept). */
void     kt_routes_keep_issued    (KtRequest       *req,
                                   KtDocuments     *docs);
/* A change context for the authenticated user of @req. */
void     kt_routes_change_context (KtRequest       *req,
                                   KtChangeContext *ctx);

/* Shared by the account handlers. */
gboolean  kt_routes_check_email   (const char  *email,
                                   const char  *field,
                                   GError     **error);
/* 400 naming the first key of @object that is not in @allowed. */
gboolean  kt_routes_check_keys    (JsonObject         *object,
                                   const char * const *allowed,
                                   GError            **error);
/* Logs a change of a server-owned record (organization, team member) so
 * clients see it in their next pull. */
gboolean  kt_routes_log_server_change (KtRequest  *req,
                                       const char *org_id,
                                       const char *entity,
                                       const char *record_id,
                                       JsonObject *fields,
                                       GError    **error);
/* kt-route-billing.c */
/* A Stripe webhook's checks before its body is parsed: at most 256 KiB,
 * and Stripe-Signature over the raw body with one of @secrets (400
 * bad_signature naming the check that failed, never the expected
 * value). */
gboolean kt_routes_stripe_verify (KtRequest          *req,
                                  const char * const *secrets,
                                  GError            **error);
/* 200 {"received": true, "duplicate": @duplicate}. */
void     kt_routes_stripe_received (KtRequest *req,
                                    gboolean   duplicate);
gboolean kt_route_plans          (KtRequest *req, GError **error);
gboolean kt_route_stripe_webhook (KtRequest *req, GError **error);
gboolean kt_route_billing_get    (KtRequest *req, GError **error);
gboolean kt_route_billing_checkout (KtRequest *req, GError **error);
gboolean kt_route_billing_portal (KtRequest *req, GError **error);
gboolean kt_route_billing_cancel (KtRequest *req, GError **error);
gboolean kt_route_billing_resume (KtRequest *req, GError **error);
/* kt-route-org-stripe.c */
gboolean kt_route_org_stripe_get     (KtRequest *req, GError **error);
gboolean kt_route_org_stripe_put     (KtRequest *req, GError **error);
gboolean kt_route_org_stripe_delete  (KtRequest *req, GError **error);
gboolean kt_route_org_stripe_webhook (KtRequest *req, GError **error);
gboolean kt_route_invoice_payment_link (KtRequest *req, GError **error);
/* kt-route-auth.c */
gboolean kt_routes_check_profile_values (JsonObject *body,
                                         gboolean    partial,
                                         GError    **error);
gboolean kt_route_health         (KtRequest *req, GError **error);
gboolean kt_route_register       (KtRequest *req, GError **error);
gboolean kt_route_login          (KtRequest *req, GError **error);
gboolean kt_route_logout         (KtRequest *req, GError **error);
/* kt-route-ai.c */
gboolean kt_route_ai_chat            (KtRequest *req, GError **error);
gboolean kt_route_ai_structured      (KtRequest *req, GError **error);
gboolean kt_route_ai_settings_get    (KtRequest *req, GError **error);
gboolean kt_route_ai_settings_put    (KtRequest *req, GError **error);
gboolean kt_route_ai_settings_delete (KtRequest *req, GError **error);
/* kt-route-account.c */
gboolean kt_route_me_get         (KtRequest *req, GError **error);
gboolean kt_route_me_update      (KtRequest *req, GError **error);
gboolean kt_route_me_password    (KtRequest *req, GError **error);
gboolean kt_route_org_get        (KtRequest *req, GError **error);
gboolean kt_route_org_update     (KtRequest *req, GError **error);
/* kt-route-team.c */
gboolean kt_route_members_list   (KtRequest *req, GError **error);
gboolean kt_route_invite         (KtRequest *req, GError **error);
gboolean kt_route_invite_accept  (KtRequest *req, GError **error);
gboolean kt_route_member_update  (KtRequest *req, GError **error);
gboolean kt_route_member_remove  (KtRequest *req, GError **error);
gboolean kt_route_leave          (KtRequest *req, GError **error);
/* kt-route-records.c */
gboolean kt_route_records_list   (KtRequest *req, GError **error);
gboolean kt_route_records_get    (KtRequest *req, GError **error);
gboolean kt_route_records_create (KtRequest *req, GError **error);
gboolean kt_route_records_update (KtRequest *req, GError **error);
gboolean kt_route_records_delete (KtRequest *req, GError **error);
/* kt-route-documents.c */
gboolean kt_route_numbering_get    (KtRequest *req, GError **error);
gboolean kt_route_numbering_update (KtRequest *req, GError **error);
gboolean kt_route_offer_convert    (KtRequest *req, GError **error);
/* kt-route-jobs.c */
gboolean kt_route_jobs_list       (KtRequest *req, GError **error);
gboolean kt_route_jobs_retry      (KtRequest *req, GError **error);
/* kt-route-send.c */
gboolean kt_route_invoice_send    (KtRequest *req, GError **error);
/* kt-route-pdf.c */
gboolean kt_route_invoice_pdf      (KtRequest *req, GError **error);
gboolean kt_route_offer_pdf        (KtRequest *req, GError **error);
/* kt-route-history.c */
gboolean kt_route_records_history (KtRequest *req, GError **error);
/* FALSE (404) for another member's private record (a saved view). */
gboolean kt_route_records_check_visible (KtRequest       *req,
                                         const KtEntity  *entity,
                                         const char      *id,
                                         GError         **error);

/* The list route's query string: page and per_page (400 naming the key
 * unless a number in range), sort, search, and every other key a filter
 * (query->filters, a new table borrowing from req->query, when there is a
 * query string; the caller unrefs it). Without the database, so that
 * fuzz/fuzz-query.c covers it. */
gboolean kt_route_records_parse_query (KtRequest    *req,
                                       KtListQuery  *query,
                                       GError      **error);

G_END_DECLS
