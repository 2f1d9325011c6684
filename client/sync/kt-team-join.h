/* kt-team-join.h: joining a team from an invitation link
 *
 * An admin's Team pane hands out kantora://invite?server=<address>&token=
 * <token> (kt_team_invite_finish()). The invited person pastes it (or
 * opens it with Kantora); kt_team_join_async() accepts the invitation on
 * that server, with a new account or an existing one, and binds the store
 * to the team's organization through the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* The scheme of invitation links (and of the desktop file's
 * x-scheme-handler/kantora). */
#define KT_TEAM_LINK_SCHEME "kantora"

/* Reads an invitation link. Surrounding white space is ignored; the
 * server address comes back without a trailing slash. A malformed link,
 * another scheme, a link without a server (or one that is not http:// or
 * https://) or without a token fails with G_IO_ERROR_INVALID_ARGUMENT and
 * a translated message that says which. The messages never repeat the
 * token. */
gboolean kt_team_parse_invitation_link (const char  *link,
                                        char       **out_server_url,
                                        char       **out_token,
                                        GError     **error);

/**
 * KtTeamJoinFlags:
 * @KT_TEAM_JOIN_DEFAULT: refuse (%KT_SYNC_ERROR_OTHER_ORGANIZATION) when
 *   the store is connected to an organization; an offline store's records
 *   are uploaded into the team's organization (as signing in does)
 * @KT_TEAM_JOIN_LEAVE_CURRENT: a connected store first syncs; if changes
 *   are still not uploaded nothing happens (%KT_SYNC_ERROR_OUTBOX_NOT_EMPTY),
 *   else it logs out of its organization (whose data leaves this computer
 *   and stays on the server) once the invitation is accepted
 * @KT_TEAM_JOIN_DISCARD_LOCAL: an offline store's records are removed
 *   (once the invitation is accepted) instead of uploaded
 */
typedef enum {
  KT_TEAM_JOIN_DEFAULT       = 0,
  KT_TEAM_JOIN_LEAVE_CURRENT = 1 << 0,
  KT_TEAM_JOIN_DISCARD_LOCAL = 1 << 1,
} KtTeamJoinFlags;

/* Accepts the invitation @invitation_token on @server_url. With @email
 * (an existing account) it logs in with @email and @password first; with
 * @email NULL it creates the account of the invited address with
 * @full_name and @password. Errors from the server (an unknown, used or
 * expired invitation, an address that already has an account, a wrong
 * password) come in the server's words. Finishes with the name of the
 * organization joined; the engine then holds the new account. */
void     kt_team_join_async            (KtSyncEngine        *engine,
                                        const char          *server_url,
                                        const char          *invitation_token,
                                        const char          *email,
                                        const char          *password,
                                        const char          *full_name,
                                        KtTeamJoinFlags      flags,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char    *kt_team_join_finish           (KtSyncEngine        *engine,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
