/* kt-team-client-private.h: what kt-team-join.c borrows from the team
 * client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* One JSON request to @server_url (not necessarily the engine's) through
 * the engine's HTTP session, authenticated with @bearer when not NULL
 * (never with the engine's own token: joining talks to another account).
 * A 401 is a failed sign-in in the server's words. Finishes with the
 * parsed body, or a null node for an empty one. */
void      kt_team_send_async  (KtSyncEngine        *engine,
                               const char          *server_url,
                               const char          *bearer,
                               const char          *method,
                               const char          *path,
                               JsonNode            *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
JsonNode *kt_team_send_finish (KtSyncEngine        *engine,
                               GAsyncResult        *result,
                               GError             **error);

G_END_DECLS
