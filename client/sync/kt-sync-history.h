/* kt-sync-history.h: a record's history as the server logged it
 *
 * GET /v1/<plural>/{id}/history (docs/api.md) with the engine's session
 * and token. The answer's items go to kt_store_history_items(), which
 * merges them with what only this computer knows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* The newest KT_SYNC_HISTORY_LIMIT entries are fetched: a dialog shows
 * no more than that. */
#define KT_SYNC_HISTORY_LIMIT 200

void       kt_sync_history_fetch_async  (KtSyncEngine        *engine,
                                         const KtEntity      *entity,
                                         const char          *record_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* The "items" array, newest first, or %NULL with KT_SYNC_ERROR
 * (NOT_CONNECTED before signing in, NETWORK offline, ...). */
JsonArray *kt_sync_history_fetch_finish (KtSyncEngine  *engine,
                                         GAsyncResult  *result,
                                         GError       **error);

G_END_DECLS
