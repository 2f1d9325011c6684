/* kt-sync-engine.h: offline work with later sync
 *
 * The engine drains the store's outbox to the server (push) and brings the
 * organization's changes into the store (pull), on the GLib main loop with
 * libsoup's async API. It syncs when the store changes (debounced),
 * periodically, when the network comes back and on request, and retries
 * with exponential backoff and jitter on network errors and 5xx. The
 * protocol is in docs/sync.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-store.h"
#include "kt-secrets.h"
#include "kt-sync-rejection.h"

G_BEGIN_DECLS

/* The store's kt_meta key of the organization's JSON (GET
 * /v1/organization: the seller's details on documents), fetched after
 * each pull. */
#define KT_SYNC_META_ORGANIZATION "organization"

#define KT_SYNC_ERROR (kt_sync_error_quark ())

/**
 * KtSyncError:
 * @KT_SYNC_ERROR_NETWORK: the server could not be reached (transient)
 * @KT_SYNC_ERROR_SERVER: the server failed (5xx, transient)
 * @KT_SYNC_ERROR_UNAUTHORIZED: no token, or it expired or was revoked: sign in again
 * @KT_SYNC_ERROR_NOT_A_MEMBER: the user was removed from the organization
 * @KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL: the server needs a newer Kantora
 * @KT_SYNC_ERROR_PROTOCOL: the server answered something this client does not understand
 * @KT_SYNC_ERROR_REFUSED: the server refused a request (wrong password, taken email...)
 * @KT_SYNC_ERROR_OUTBOX_NOT_EMPTY: log out would discard unsynced changes
 * @KT_SYNC_ERROR_OTHER_ORGANIZATION: the store belongs to another organization
 * @KT_SYNC_ERROR_NOT_CONNECTED: the store has no server account yet
 */
typedef enum {
  KT_SYNC_ERROR_NETWORK,
  KT_SYNC_ERROR_SERVER,
  KT_SYNC_ERROR_UNAUTHORIZED,
  KT_SYNC_ERROR_NOT_A_MEMBER,
  KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL,
  KT_SYNC_ERROR_PROTOCOL,
  KT_SYNC_ERROR_REFUSED,
  KT_SYNC_ERROR_OUTBOX_NOT_EMPTY,
  KT_SYNC_ERROR_OTHER_ORGANIZATION,
  KT_SYNC_ERROR_NOT_CONNECTED,
} KtSyncError;

GQuark kt_sync_error_quark (void);
/* The field a refused request was about (the server's error "field"),
 * or NULL. */
const char *kt_sync_error_get_field (const GError *error);
void        kt_sync_error_set_field (GError       *error,
                                     const char   *field);
/* The server's error code ({"error": {"code"}}) and Retry-After (seconds,
 * -1 when absent) of a refused or failed request, so a caller can word
 * "plan_limit" or a 429 its own way. */
const char *kt_sync_error_get_code        (const GError *error);
gint64      kt_sync_error_get_retry_after (const GError *error);
void        kt_sync_error_set_answer      (GError       *error,
                                           const char   *code,
                                           gint64        retry_after);

/**
 * KtSyncState:
 * @KT_SYNC_STATE_OFFLINE: no network, or the server cannot be reached
 * @KT_SYNC_STATE_IDLE: up to date as of #KtSyncEngine:last-sync
 * @KT_SYNC_STATE_SYNCING: pushing or pulling (see the progress properties)
 * @KT_SYNC_STATE_ERROR: the last sync failed; #KtSyncEngine:last-error says why
 * @KT_SYNC_STATE_SIGNED_OUT: no account, or the sign-in expired
 * @KT_SYNC_STATE_NEEDS_UPDATE: the server needs a newer Kantora
 */
typedef enum {
  KT_SYNC_STATE_OFFLINE,
  KT_SYNC_STATE_IDLE,
  KT_SYNC_STATE_SYNCING,
  KT_SYNC_STATE_ERROR,
  KT_SYNC_STATE_SIGNED_OUT,
  KT_SYNC_STATE_NEEDS_UPDATE,
} KtSyncState;

GType kt_sync_state_get_type (void);
#define KT_TYPE_SYNC_STATE (kt_sync_state_get_type ())

#define KT_TYPE_SYNC_ENGINE (kt_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (KtSyncEngine, kt_sync_engine, KT, SYNC_ENGINE, GObject)

KtSyncEngine *kt_sync_engine_new               (KtStore   *store,
                                                KtSecrets *secrets);

KtStore      *kt_sync_engine_get_store         (KtSyncEngine *self);
KtSyncState   kt_sync_engine_get_state         (KtSyncEngine *self);
gint64        kt_sync_engine_get_progress_done (KtSyncEngine *self);
gint64        kt_sync_engine_get_progress_total (KtSyncEngine *self);
/* (transfer none) (nullable) */
GDateTime    *kt_sync_engine_get_last_sync     (KtSyncEngine *self);
const char   *kt_sync_engine_get_last_error    (KtSyncEngine *self);
const char   *kt_sync_engine_get_server_url    (KtSyncEngine *self);
void          kt_sync_engine_set_server_url    (KtSyncEngine *self,
                                                const char   *server_url);
/* The email of the signed-in account, or NULL. */
const char   *kt_sync_engine_get_email         (KtSyncEngine *self);
/* TRUE once the store is bound to a server organization. */
gboolean      kt_sync_engine_is_connected      (KtSyncEngine *self);

/* The changes the server rejected in the last sync cycle (each already
 * reverted here), oldest first; empty before the first cycle and after a
 * cycle without rejections. The list is replaced when the next cycle
 * starts. (transfer none) (element-type KtSyncRejection) */
GPtrArray    *kt_sync_engine_get_rejections    (KtSyncEngine *self);

/* Automatic sync (debounced on store changes, periodic, on network
 * changes, and retries with backoff). On by default; tests and the CLI
 * turn it off and call kt_sync_engine_sync_now_async(). */
gboolean      kt_sync_engine_get_auto_sync     (KtSyncEngine *self);
void          kt_sync_engine_set_auto_sync     (KtSyncEngine *self,
                                                gboolean      auto_sync);
/* How many times one request is retried on a network error or a 5xx
 * before the cycle fails (default 4). */
void          kt_sync_engine_set_retry_limit   (KtSyncEngine *self,
                                                guint         retries);
/* The first retry's delay in ms (default 250; it doubles, with jitter). */
void          kt_sync_engine_set_retry_delay   (KtSyncEngine *self,
                                                guint         base_ms);
/* Page size of pulls and batch size of pushes (for tests and benchmarks). */
void          kt_sync_engine_poll_quickly      (KtSyncEngine *self,
                                                guint         interval_seconds,
                                                guint         duration_seconds);
gboolean      kt_sync_engine_is_polling_quickly (KtSyncEngine *self);
void          kt_sync_engine_set_page_sizes    (KtSyncEngine *self,
                                                guint         pull_limit,
                                                guint         push_batch);

/* Creates an account and organization on @server_url and binds the store
 * to it. A store that holds local ("work offline") data uploads it all on
 * the first sync. */
void          kt_sync_engine_register_async    (KtSyncEngine        *self,
                                                const char          *server_url,
                                                const char          *email,
                                                const char          *password,
                                                const char          *full_name,
                                                const char          *organization,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      kt_sync_engine_register_finish   (KtSyncEngine  *self,
                                                GAsyncResult  *result,
                                                GError       **error);
/* Signs in. The token goes to the keyring. A store bound to another
 * organization is refused (KT_SYNC_ERROR_OTHER_ORGANIZATION); an offline
 * store is connected to the account's organization and uploaded. Signing
 * in again after the token expired keeps the outbox. */
void          kt_sync_engine_login_async       (KtSyncEngine        *self,
                                                const char          *server_url,
                                                const char          *email,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      kt_sync_engine_login_finish      (KtSyncEngine  *self,
                                                GAsyncResult  *result,
                                                GError       **error);
/* Signs out: revokes the token on the server (best effort) and removes it
 * from the keyring. Refused with KT_SYNC_ERROR_OUTBOX_NOT_EMPTY while
 * changes wait to be pushed, unless @force (they are then discarded). */
void          kt_sync_engine_logout_async      (KtSyncEngine        *self,
                                                gboolean             force,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      kt_sync_engine_logout_finish     (KtSyncEngine  *self,
                                                GAsyncResult  *result,
                                                GError       **error);
/* Push everything, then pull until up to date. Calls made while a sync
 * runs finish with the next complete cycle. */
void          kt_sync_engine_sync_now_async    (KtSyncEngine        *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      kt_sync_engine_sync_now_finish   (KtSyncEngine  *self,
                                                GAsyncResult  *result,
                                                GError       **error);

G_END_DECLS
