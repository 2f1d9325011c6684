/* kt-store-sync.h: the store operations the sync engine needs
 *
 * Sync writes into the store without going through the outbox: what it
 * writes came from the server. Every function here is one SQLite
 * transaction, so a crash leaves the store as it was before the call or
 * after it, never in between.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

/* The client id this store pushes as (made on first use, kept in the
 * store's meta rows). */
char     *kt_store_sync_dup_client_id      (KtStore  *self);
/* Forgets the client id (after a log out), so the next account starts a
 * fresh mutation sequence on the server. */
gboolean  kt_store_sync_reset_client       (KtStore  *self,
                                            GError  **error);

/* The pull cursor: 0 for a store that never pulled. A cursor that is
 * missing or not a number (a damaged meta row) is reported through
 * @out_was_bad and read as 0, so the next pull starts over and merges
 * everything again instead of failing forever. */
gint64    kt_store_sync_get_cursor         (KtStore  *self,
                                            gboolean *out_was_bad);

/* A member of a pulled record as the pull's page reader
 * (client/sync/kt-sync-page.c) read it from the page's text, without a
 * json-glib tree: a scalar, or an object of scalars (the clocks), or the
 * JSON text of anything else for json-glib to read when it is needed. */
typedef enum {
  KT_SYNC_VALUE_NULL,
  KT_SYNC_VALUE_FALSE,
  KT_SYNC_VALUE_TRUE,
  KT_SYNC_VALUE_INT,      /* number */
  KT_SYNC_VALUE_STRING,   /* text: decoded, NUL-terminated */
  KT_SYNC_VALUE_OBJECT,   /* members: its members, all scalars; text, len: its JSON */
  KT_SYNC_VALUE_JSON,     /* text, len: the JSON of an array, a fraction, a
                             string with \u escapes, a deeper object */
} KtSyncValueKind;

typedef struct _KtSyncMember KtSyncMember;
struct _KtSyncMember {
  const char         *name;       /* decoded, NUL-terminated */
  KtSyncValueKind     kind;
  const char         *text;
  gsize               len;
  gint64              number;
  const KtSyncMember *members;    /* KT_SYNC_VALUE_OBJECT */
  guint               n_members;
};

/* One pulled change: its entity and the record's JSON object (clocks and
 * tombstone included), borrowed from the caller. A change the page
 * reader made has no @record but @members, and the record's JSON text
 * (@text, @len) for the records it cannot take as they are (a record the
 * store has, one that fails a check): those are parsed then. */
typedef struct {
  const KtEntity     *entity;
  JsonNode           *record;
  const KtSyncMember *members;
  guint               n_members;
  const char         *text;
  gsize               len;
} KtSyncChange;

/* JSON text that is not NUL-terminated (a span of a page) as a tree;
 * NULL if it is not JSON. */
JsonNode *kt_store_sync_parse_json         (const char *text,
                                            gsize       len);

/* What applying a page changed, for kt_store_sync_announce(). */
typedef struct {
  guint      n_changed;   /* records written or changed by a merge */
  GPtrArray *entities;    /* (element-type KtEntity): the entities changed */
  GPtrArray *stamps;      /* (element-type utf8): the records' stamps, distinct, newest first */
} KtSyncApplied;

void      kt_sync_applied_free             (KtSyncApplied *applied);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtSyncApplied, kt_sync_applied_free)

/* Applies one pulled page and saves @cursor, in one transaction. A record
 * the store does not have is inserted as it came (after the same type and
 * syntax checks as kt_record_from_json()); one it has is merged by per-
 * field last-writer-wins, keeping the replaced values in the history: a
 * local field whose clock is newer (an edit not yet pushed) is kept.
 * Emits nothing and leaves the clock alone, so a worker thread may call
 * it on a store of its own; the owner of the UI's store then calls
 * kt_store_sync_announce() with @out_applied. */
gboolean  kt_store_sync_apply_changes      (KtStore             *self,
                                            const KtSyncChange  *changes,
                                            guint                n_changes,
                                            gint64               cursor,
                                            KtSyncApplied      **out_applied,
                                            GError             **error);
/* On the UI's store after a page: its clock observes the page's stamps
 * and ::changed is emitted once per entity changed. */
void      kt_store_sync_announce           (KtStore        *self,
                                            KtSyncApplied  *applied);

/* The same for records already parsed (KtRecord with clocks), announced
 * on @self. @out_n_changed receives how many records changed. */
gboolean  kt_store_sync_apply_page         (KtStore    *self,
                                            GPtrArray  *records,
                                            gint64      cursor,
                                            guint      *out_n_changed,
                                            GError    **error);

/* An initial sync builds the secondary indexes of the synced tables and
 * the FTS index once at the end, from the finished tables
 * (kt-store-sync-defer.c). kt_store_sync_begin_pull() decides: a pull
 * from cursor 0 into a store without records, or the resumption of one
 * (the store's flag is set), defers, and @out_deferred says so. Call it
 * on the UI's store before the pull starts and on the store the pull
 * writes through: while deferred, both connections skip the FTS triggers.
 * kt_store_sync_end_pull() (on the pull's store, off the UI thread: it
 * takes seconds for a large organization) builds what was deferred,
 * clears the flag and runs the triggers again on its connection; call it
 * when a pull ends, with success or not, so the indexes are complete
 * whenever no pull runs. Then kt_store_sync_resume_fts() on the UI's
 * store; if the UI wrote meanwhile, kt_store_sync_refill_fts() (off the
 * UI thread) catches those writes up. A crash in between leaves the flag
 * set for the next pull. */
gboolean  kt_store_sync_begin_pull         (KtStore   *self,
                                            gboolean  *out_deferred,
                                            GError   **error);
/* The same in two steps, so the main loop only reads: the plan on the
 * UI's store (which then skips the FTS triggers if the pull defers),
 * the writes on the pull's store before its first page. */
gboolean  kt_store_sync_plan_pull          (KtStore   *self,
                                            gboolean  *out_deferred,
                                            GError   **error);
gboolean  kt_store_sync_begin_deferred_pull (KtStore  *self,
                                            GError   **error);
gboolean  kt_store_sync_end_pull           (KtStore   *self,
                                            GError   **error);
void      kt_store_sync_resume_fts         (KtStore   *self);
gboolean  kt_store_sync_refill_fts         (KtStore   *self,
                                            GError   **error);
gboolean  kt_store_sync_is_deferred        (KtStore   *self);

/* Reverts a rejected local mutation: the record becomes @server_state
 * exactly (values, clocks, tombstone), or disappears when the server has
 * no such record (@server_state NULL). Writes no outbox row. */
gboolean  kt_store_sync_revert             (KtStore        *self,
                                            const KtEntity *entity,
                                            const char     *record_id,
                                            KtRecord       *server_state,
                                            GError        **error);

/* Appends an outbox row with the whole stored record, each field with its
 * own clock: a kept change the server refused, sent again. */
gboolean  kt_store_sync_requeue            (KtStore        *self,
                                            const KtEntity *entity,
                                            const char     *record_id,
                                            GError        **error);

/* Gives the outbox entries @entries (of KtOutboxEntry, oldest first)
 * client mutation ids, keeping the ids of entries that already have one
 * (a retry must resend the same ids). @out_ids receives one gint64 per
 * entry. */
gboolean  kt_store_sync_assign_mutation_ids (KtStore   *self,
                                             GPtrArray *entries,
                                             GArray   **out_ids,
                                             GError   **error);
/* Removes the outbox rows up to @up_to_seq and their mutation ids. */
gboolean  kt_store_sync_mark_sent          (KtStore  *self,
                                            gint64    up_to_seq,
                                            GError  **error);

/* Binds an offline-only store to a server organization: every record's
 * org_id becomes @org_id, records owned by the local user become
 * @user_id's, and the outbox is rebuilt to hold every record in full so
 * the first sync uploads everything the store holds. */
gboolean  kt_store_sync_adopt_org          (KtStore     *self,
                                            const char  *org_id,
                                            const char  *user_id,
                                            GError     **error);

/* Forgets the server account on this store (log out): every record of
 * the synced entities, the outbox, the mutation ids, the cursor and the
 * sync meta rows except the server address. The store is then like a
 * fresh one, ready to sign in to any organization. */
gboolean  kt_store_sync_forget_account     (KtStore  *self,
                                            GError  **error);

/* Every record of @entity, tombstones included, ordered by id (for
 * comparisons in tests and tools). */
GPtrArray *kt_store_sync_dump              (KtStore        *self,
                                            const KtEntity *entity,
                                            GError        **error);

G_END_DECLS
