/* kt-sync-engine-private.h: what the parts of KtSyncEngine share
 *
 * KtSyncEngine is split by concern: kt-sync-engine.c (properties, state,
 * scheduling), kt-http-client.c (requests, errors, retries: the client's
 * one HTTP client, kt-http-client.h), kt-sync-cycle.c (push then pull) and
 * kt-sync-account.c (register, log in, log out).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kt-http-client.h"
#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* Meta keys the engine keeps in the store. */
#define KT_SYNC_META_SERVER_URL "sync.server_url"
#define KT_SYNC_META_ORG_ID     "sync.org_id"
#define KT_SYNC_META_USER_ID    "sync.user_id"
#define KT_SYNC_META_EMAIL      "sync.email"
#define KT_SYNC_META_LAST_SYNC  "sync.last_sync"
#define KT_SYNC_META_LAST_ERROR "sync.last_error"

/* The server's largest pull page (docs/sync.md), asked for by default,
 * and its default, asked for when a server refuses the larger one. */
#define KT_SYNC_PULL_LIMIT_MAX      5000
#define KT_SYNC_PULL_LIMIT_FALLBACK 1000

struct _KtSyncEngine
{
  GObject          parent_instance;

  KtStore         *store;
  KtSecrets       *secrets;
  SoupSession     *session;
  GNetworkMonitor *monitor;

  KtSyncState      state;
  gint64           progress_done;
  gint64           progress_total;
  GDateTime       *last_sync;
  char            *last_error;
  char            *server_url;
  char            *email;
  char            *token;          /* cached from the keyring; never logged */

  gboolean         auto_sync;
  guint            retry_limit;
  guint            retry_base_ms;
  guint            pull_limit;     /* asked of the server; falls back to
                                      KT_SYNC_PULL_LIMIT_FALLBACK if refused */
  guint            push_batch;

  /* Scheduling. */
  gboolean         running;
  GPtrArray       *waiting;        /* GTasks for the next cycle */
  GPtrArray       *current;        /* GTasks the running cycle completes */
  GCancellable    *cancellable;    /* of the running cycle */
  guint            debounce_id;
  guint            periodic_id;
  guint            quick_id;       /* kt_sync_engine_poll_quickly() */
  gint64           quick_until;    /* monotonic µs when it stops */
  guint            retry_id;
  guint            failures;       /* consecutive failed cycles, for backoff */
  guint            retry_after_ms; /* the server's Retry-After on the last
                                      transient failure: the next retry
                                      waits at least this long; 0 if none */
  GPtrArray       *rejections;     /* of KtSyncRejection, of the last cycle */
};

/* kt-sync-engine.c */
void      kt_sync_engine_set_state       (KtSyncEngine *self,
                                          KtSyncState   state);
void      kt_sync_engine_set_progress    (KtSyncEngine *self,
                                          gint64        done,
                                          gint64        total);
void      kt_sync_engine_set_last_error  (KtSyncEngine *self,
                                          const char   *message);
void      kt_sync_engine_set_last_sync_now (KtSyncEngine *self);
void      kt_sync_engine_set_email       (KtSyncEngine *self,
                                          const char   *email);
void      kt_sync_engine_emit_rejected   (KtSyncEngine *self,
                                          const char   *entity,
                                          const char   *record_id,
                                          const char   *title,
                                          const char   *reason_code,
                                          const char   *message);
/* Keeps the rejection for kt_sync_engine_get_rejections() and emits
 * ::mutation-rejected. @field is the field the server named, or NULL. */
void      kt_sync_engine_add_rejection   (KtSyncEngine *self,
                                          const char   *entity,
                                          const char   *record_id,
                                          const char   *title,
                                          const char   *reason_code,
                                          const char   *field,
                                          const char   *message);
void      kt_sync_engine_emit_superseded (KtSyncEngine       *self,
                                          const char         *entity,
                                          const char         *record_id,
                                          const char         *title,
                                          const char * const *fields);
void      kt_sync_engine_emit_subscription_changed (KtSyncEngine *self);
/* The JSON object the store's meta table keeps under @key (a cache the
 * server's answers fill), or NULL if none or damaged (transfer full). */
JsonObject *kt_sync_load_meta_object     (KtStore      *store,
                                          const char   *key);
void      kt_sync_engine_emit_pulled     (KtSyncEngine *self,
                                          guint         n_changes);

/* kt-sync-account.c: binds the store to a session the server gave
 * outside register and login (kt-team-join.c: accepting an invitation),
 * exactly as those do: an offline store is adopted and uploaded, a store
 * bound to another organization is refused. */
void      kt_sync_engine_adopt_session_async  (KtSyncEngine        *self,
                                               const char          *server_url,
                                               const char          *email,
                                               const char          *token,
                                               const char          *user_id,
                                               const char          *org_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  kt_sync_engine_adopt_session_finish (KtSyncEngine  *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/* kt-sync-puller.c: pulls from the saved cursor until up to date, pages
 * applied on a worker thread with its own store. @out_n_pulled receives
 * how many records the pull changed. */
void      kt_sync_pull_async             (KtSyncEngine        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  kt_sync_pull_finish            (KtSyncEngine  *self,
                                          GAsyncResult  *result,
                                          guint         *out_n_pulled,
                                          GError       **error);

/* The pure parsing of a pull page, apart from the HTTP and the store so
 * that fuzz/fuzz-sync-pull.c runs exactly what a pull runs: the envelope
 * (cursor, head, has_more, reset and the changes array, borrowed from
 * @root; members, the team's members when the page carries them, else
 * NULL), then the changes (KtSyncChange entries borrowing from @array;
 * the records are decoded later by kt_store_sync_apply_changes()). Both
 * fail with KT_SYNC_ERROR_PROTOCOL. */
typedef struct {
  gint64     cursor;
  gint64     head;
  gboolean   has_more;
  gboolean   reset;
  JsonArray *members;
  JsonObject *subscription;     /* the plan, read-only; NULL if absent */
} KtSyncPageHeader;

gboolean  kt_sync_pull_read_envelope     (JsonNode          *root,
                                          KtSyncPageHeader  *out,
                                          JsonArray        **out_changes,
                                          GError           **error);
gboolean  kt_sync_pull_read_changes      (JsonArray         *array,
                                          GArray            *changes,
                                          GError           **error);

/* kt-sync-cycle.c: one push-then-pull cycle. */
void      kt_sync_cycle_run_async        (KtSyncEngine        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  kt_sync_cycle_run_finish       (KtSyncEngine  *self,
                                          GAsyncResult  *result,
                                          GError       **error);

G_END_DECLS
