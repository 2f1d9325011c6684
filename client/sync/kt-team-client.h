/* kt-team-client.h: the team API of the sync server, for the Team pane
 *
 * Members, invitations, roles and removals go to the server of the
 * engine's account with the engine's token; the server applies its role
 * rules (owners and admins manage, others read). The last list the server
 * gave is kept in the store's meta rows as JSON, so the Team pane can show
 * it while offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* The store meta key of the cached team: {"role": my role, "user_id": my
 * id, "members": [{"id", "user_id", "email", "full_name", "role",
 * "status", "joined_at", "last_active_at"}...], "fetched_at": ISO time}. */
#define KT_TEAM_META_CACHE "team.cache"

/* The cached team of @store, or NULL if none (transfer full). */
JsonObject *kt_team_load_cache      (KtStore *store);
/* TRUE when @role may manage the team ("owner" or "admin"). */
gboolean    kt_team_role_can_manage (const char *role);

/* Fetches my role and the member list, and caches them. Finishes with
 * the same object kt_team_load_cache() then returns. */
void        kt_team_refresh_async   (KtSyncEngine        *engine,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
JsonObject *kt_team_refresh_finish  (KtSyncEngine        *engine,
                                     GAsyncResult        *result,
                                     GError             **error);

/* Invites @email as @role. Finishes with the invitation link to hand to
 * the person: kantora://invite?server=<address>&token=<token>. */
void        kt_team_invite_async    (KtSyncEngine        *engine,
                                     const char          *email,
                                     const char          *role,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
char       *kt_team_invite_finish   (KtSyncEngine        *engine,
                                     GAsyncResult        *result,
                                     GError             **error);

/* Gives the member @member_id the role @role. */
void        kt_team_set_role_async  (KtSyncEngine        *engine,
                                     const char          *member_id,
                                     const char          *role,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean    kt_team_set_role_finish (KtSyncEngine        *engine,
                                     GAsyncResult        *result,
                                     GError             **error);

/* Removes the member @member_id (or withdraws an invitation). */
void        kt_team_remove_async    (KtSyncEngine        *engine,
                                     const char          *member_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean    kt_team_remove_finish   (KtSyncEngine        *engine,
                                     GAsyncResult        *result,
                                     GError             **error);

/* One request to the account's server with the engine's token, for the
 * account routes the calls above do not cover (GET and PATCH /v1/me for
 * kantora-cli's profile). @body may be NULL. Finishes with the parsed
 * answer (a null node for an empty one); an error answer becomes a
 * KT_SYNC_ERROR with the server's message. */
void        kt_team_account_request_async  (KtSyncEngine        *engine,
                                            const char          *method,
                                            const char          *path,
                                            JsonNode            *body,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JsonNode   *kt_team_account_request_finish (KtSyncEngine        *engine,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
