/* kt-organization-client.h: the organization's settings and background
 * jobs on the sync server, for the Organization Settings window
 *
 * The organization is not a synced record: the sync cycle caches its JSON
 * in the store's meta row KT_SYNC_META_ORGANIZATION (documents print it as
 * the seller; kt_document_load_organization() reads it), and a change is a PATCH /v1/organization that Owners and
 * Admins may make. The jobs are the server's (GET /v1/jobs, POST
 * /v1/jobs/{id}/retry, docs/api.md); nothing of them is kept here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* GET /v1/me: finishes with the organization (cached again on the way)
 * and sets @role to my role in it ("owner", "admin", …). */
void        kt_organization_fetch_async  (KtSyncEngine        *engine,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonObject *kt_organization_fetch_finish (KtSyncEngine        *engine,
                                          GAsyncResult        *result,
                                          char               **role,
                                          GError             **error);

/* PATCH /v1/organization with @changes (only the keys that change; a null
 * member clears one). Finishes with the organization as the server holds
 * it now, which is cached too. A refused value is a KT_SYNC_ERROR whose
 * kt_sync_error_get_field() names it. */
void        kt_organization_update_async  (KtSyncEngine        *engine,
                                           JsonObject          *changes,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
JsonObject *kt_organization_update_finish (KtSyncEngine        *engine,
                                           GAsyncResult        *result,
                                           GError             **error);

/* GET /v1/jobs: finishes with the "jobs" array (pending, running and
 * failed jobs, the soonest due first). */
void        kt_jobs_list_async     (KtSyncEngine        *engine,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
JsonArray  *kt_jobs_list_finish    (KtSyncEngine        *engine,
                                    GAsyncResult        *result,
                                    GError             **error);

/* POST /v1/jobs/{id}/retry: finishes with the job as it is now. */
void        kt_jobs_retry_async    (KtSyncEngine        *engine,
                                    const char          *job_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
JsonObject *kt_jobs_retry_finish   (KtSyncEngine        *engine,
                                    GAsyncResult        *result,
                                    GError             **error);

/* My profile, the user object of GET /v1/me (docs/api.md). */
void        kt_profile_fetch_async   (KtSyncEngine        *engine,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
JsonObject *kt_profile_fetch_finish  (KtSyncEngine        *engine,
                                      GAsyncResult        *result,
                                      GError             **error);

/* PATCH /v1/me with @changes (only the keys that change; the email is
 * the login name and not among them). Finishes with my profile as the
 * server holds it now; a refused value names its field as above. */
void        kt_profile_update_async  (KtSyncEngine        *engine,
                                      JsonObject          *changes,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
JsonObject *kt_profile_update_finish (KtSyncEngine        *engine,
                                      GAsyncResult        *result,
                                      GError             **error);

/* POST /v1/me/password. A wrong @current is KT_SYNC_ERROR with the field
 * "current_password" (401 bad_credentials); the server revokes my other
 * tokens, this one stays. */
void        kt_profile_change_password_async  (KtSyncEngine        *engine,
                                               const char          *current,
                                               const char          *new_password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    kt_profile_change_password_finish (KtSyncEngine        *engine,
                                               GAsyncResult        *result,
                                               GError             **error);

/* TRUE for an error that means "no connection": the server cannot be
 * reached, or the store has none. */
gboolean    kt_organization_error_is_offline (const GError *error);

G_END_DECLS
