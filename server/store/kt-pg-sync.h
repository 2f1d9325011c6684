/* kt-pg-sync.h: what sync reads and writes
 *
 * The rows behind /v1/sync/push and /v1/sync/pull (docs/sync.md): each
 * client's progress (sync_clients), the organization's change-log head
 * and pages, the records a page names as JSON text, the member list. The
 * protocol itself is server/sync's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-pg-schema.h"

G_BEGIN_DECLS

/* One change-log entry of a page. */
typedef struct {
  gint64  seq;
  char   *entity;
  char   *record_id;
} KtPgLogEntry;

/* The organization's latest change-log seq (0 before any change), or -1
 * with an error. */
gint64     kt_pg_sync_head           (KtPg        *pg,
                                      const char  *org_id,
                                      GError     **error);

/* A pull's reads in one read-only snapshot, so a page is consistent with
 * itself; kt_pg_rollback() ends it. */
gboolean   kt_pg_sync_begin_snapshot (KtPg        *pg,
                                      GError     **error);
/* Up to @limit entries after @cursor, in order (KtPgLogEntry), without
 * the private entries of members other than @user_id. */
GPtrArray *kt_pg_sync_log_page       (KtPg        *pg,
                                      const char  *org_id,
                                      const char  *user_id,
                                      gint64       cursor,
                                      gint64       limit,
                                      GError     **error);
/* Appends to @text the full state of each record of @table among @ids,
 * clocks included and secret fields left out, as JSON text, each record
 * followed by a NUL; inserts into @offset_by_id (new keys) where each
 * record's text starts in @text, plus one. All the records of a page
 * share one buffer: no allocation a record. */
gboolean   kt_pg_sync_records_json   (KtPg            *pg,
                                      const KtPgTable *table,
                                      const char      *org_id,
                                      GPtrArray       *ids,
                                      GString         *text,
                                      GHashTable      *offset_by_id,
                                      GError         **error);
/* The pull's "members": everyone who has joined, "active": false once
 * removed; a person removed and invited again is listed once, active. */
char      *kt_pg_sync_members_json   (KtPg        *pg,
                                      const char  *org_id,
                                      GError     **error);

/* The (organization, member id) pairs of @user_id's active memberships,
 * for logging a profile change in each. */
gboolean   kt_pg_sync_memberships    (KtPg        *pg,
                                      const char  *user_id,
                                      GPtrArray  **out_org_ids,
                                      GPtrArray  **out_member_ids,
                                      GError     **error);

/* The row of (@org_id, @client_id), created for @user_id if new, locked
 * until commit: a duplicated push waits here. Fills its user, the last
 * mutation id processed and the kept answers (JSON text). */
gboolean   kt_pg_sync_lock_client    (KtPg        *pg,
                                      const char  *org_id,
                                      const char  *client_id,
                                      const char  *user_id,
                                      char       **out_user_id,
                                      gint64      *out_last_id,
                                      char       **out_rejections,
                                      GError     **error);
gboolean   kt_pg_sync_save_client    (KtPg        *pg,
                                      const char  *org_id,
                                      const char  *client_id,
                                      gint64       last_id,
                                      const char  *rejections,
                                      GError     **error);

/* One pushed mutation runs inside a savepoint: kept when it applies,
 * undone alone when it is refused. */
gboolean   kt_pg_sync_mutation_begin (KtPg    *pg,
                                      GError **error);
gboolean   kt_pg_sync_mutation_keep  (KtPg    *pg,
                                      GError **error);
gboolean   kt_pg_sync_mutation_undo  (KtPg    *pg,
                                      GError **error);

G_END_DECLS
