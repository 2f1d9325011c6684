/* kt-route-sync.h: the sync endpoints (protocol in docs/sync.md)
 *
 *   POST /v1/sync/push   a batch of client mutations, one transaction,
 *                        idempotent by (client id, mutation id)
 *   GET  /v1/sync/pull   the organization's change feed after a cursor
 *
 * Both run on the server's worker threads like every route, and every
 * pushed mutation goes through kt_pg_apply_change(), the write path of
 * the REST API: the same role and organization checks, the same change
 * log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-request.h"

G_BEGIN_DECLS

/* The most mutations one push may carry, and the largest pull page. */
#define KT_SYNC_MAX_BATCH      1000
#define KT_SYNC_DEFAULT_LIMIT  1000
#define KT_SYNC_MAX_LIMIT      5000

gboolean kt_route_sync_push (KtRequest *req, GError **error);
gboolean kt_route_sync_pull (KtRequest *req, GError **error);

/* The pure parsing of a push body (kt-sync-push.c), apart from the
 * database so that fuzz/fuzz-sync-push.c runs exactly what the route runs.
 * kt_sync_push_read_batch() checks the envelope: the client id and the
 * mutations array (borrowed from @body, at most KT_SYNC_MAX_BATCH).
 * kt_sync_push_read_mutation() checks mutation @index (0-based; errors
 * name it 1-based) and fills the write path's arguments: the strings are
 * borrowed from @node, the objects are new references. */
gboolean kt_sync_push_read_batch    (JsonObject  *body,
                                     const char **out_client_id,
                                     JsonArray  **out_mutations,
                                     GError     **error);
gboolean kt_sync_push_read_mutation (JsonNode     *node,
                                     guint         index,
                                     gint64       *out_id,
                                     const char  **out_entity,
                                     const char  **out_record_id,
                                     JsonObject  **out_fields,
                                     JsonObject  **out_clocks,
                                     GError      **error);

/* kt-sync-protocol.c: answers 426 "unsupported_protocol" (with the
 * versions this server speaks) and returns FALSE when @version is not
 * one of them; the caller then returns TRUE (the answer is set). */
gboolean kt_sync_check_protocol (KtRequest *req,
                                 gint64     version);

/* kt-sync-pull.c: a changed profile (@changed: the new values) of the
 * request's user is logged as a team_member change in each organization
 * it belongs to, so every teammate's next pull brings the new name. */
gboolean kt_sync_log_profile_change (KtRequest   *req,
                                     JsonObject  *changed,
                                     GError     **error);

G_END_DECLS
