/* kt-pg-change.h: the one write path for synced records
 *
 * REST writes and sync pushes go through kt_pg_apply_change(): it asks
 * the caller's policy whether the writer may write, merges onto the
 * stored row per field by HLC, validates the merged record with the
 * shared validators, writes the row and appends to the organization's
 * change log, all inside the caller's transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kantora-shared.h"
#include "kt-pg.h"
#include "kt-pg-documents.h"
#include "kt-plan.h"
#include "kt-role.h"

G_BEGIN_DECLS

typedef enum {
  KT_CHANGE_CREATE,   /* the record must not exist yet (409 otherwise) */
  KT_CHANGE_UPDATE,   /* the record must exist and not be deleted (404) */
  KT_CHANGE_UPSERT,   /* sync: either */
  KT_CHANGE_DELETE,   /* tombstone; the record must exist (404) */
} KtChangeKind;

/* The permission checks of a write (server/auth/kt-policy.h supplies
 * them), called at their moment of the write path: @may_write once the
 * stored record is known (@exists FALSE for a new one; @assignee_id NULL
 * when the entity has none), @may_set_owner when the write names an
 * owner. They fail with the error to answer. */
typedef struct {
  gboolean (*may_write)     (KtRole       role,
                             const char  *user_id,
                             gboolean     exists,
                             const char  *owner_id,
                             const char  *assignee_id,
                             GError     **error);
  gboolean (*may_set_owner) (KtRole       role,
                             const char  *previous,
                             const char  *owner,
                             GError     **error);
} KtChangePolicy;

struct _KtChangeContext {
  const char           *org_id;
  const char           *user_id;
  KtRole                role;
  const KtChangePolicy *policy;
  /* The server's clock, ticked for writes without clocks of their own
   * (REST); guarded by @clock_lock since workers share it. */
  KtHlc                *clock;
  GMutex               *clock_lock;
  /* The document rules (kt-pg-documents.h) for the writes of a request
   * or a push; NULL for the server's own writes of computed fields. */
  KtDocuments          *documents;
  /* The plans whose limits a write that grows the organization must
   * keep (docs/billing.md, "Limits"); NULL for the server's own writes,
   * which count but are never refused. */
  const KtPlan         *plans;
  /* Unix seconds, for the month of a monthly limit and the grace period
   * of a past_due subscription; 0 = the real clock. */
  gint64                now_seconds;
};

/* The checks of the server's own writes (computed fields, matches, the
 * jobs' work): all allowed, since whoever caused them was allowed to. */
const KtChangePolicy *kt_change_server_policy (void);

typedef struct {
  gint64    seq;       /* the change-log entry, 0 when nothing changed */
  gboolean  created;
  KtRecord *record;    /* the merged record as stored */
} KtChangeResult;

void     kt_change_result_clear (KtChangeResult *result);

/* @fields: {field: value} (null unsets; "deleted" allowed). @clocks: one
 * stamp per key of @fields (sync), or NULL to stamp them all with a fresh
 * tick of ctx->clock (REST). Must run inside a transaction; on error the
 * caller rolls back, so nothing of the change is written. */
gboolean kt_pg_apply_change (KtPg                  *pg,
                             const KtChangeContext *ctx,
                             const KtEntity        *entity,
                             KtChangeKind           kind,
                             const char            *id,
                             JsonObject            *fields,
                             JsonObject            *clocks,
                             KtChangeResult        *result,
                             GError               **error);

/* Appends one entry to the change log of @org_id and returns its seq
 * (gap-free: the counter row is updated in the same transaction). For
 * server-owned entities (team members, organization) too. */
gint64   kt_pg_log_change   (KtPg        *pg,
                             const char  *org_id,
                             const char  *entity,
                             const char  *record_id,
                             const char  *hlc,
                             gboolean     deleted,
                             JsonObject  *fields,
                             JsonObject  *clocks,
                             const char  *user_id,
                             GError     **error);

/* Loads a stored record (any state) FOR UPDATE, or NULL without error
 * when there is none in @org_id. */
KtRecord *kt_pg_load_record (KtPg           *pg,
                             const KtEntity *entity,
                             const char     *org_id,
                             const char     *id,
                             gboolean        for_update,
                             GError        **error);

/* The live records of @entity whose @field is @value, in @org_id. */
GPtrArray *kt_pg_load_live  (KtPg           *pg,
                             const KtEntity *entity,
                             const char     *org_id,
                             const char     *field,
                             const char     *value,
                             GError        **error);

/* The statements of the two above (and their names), for a caller that
 * runs them in a pipeline (kt_pg_exec_pipeline()), with the same two
 * parameters: the organization, then the id or the value. */
char      *kt_pg_load_record_sql (const KtEntity  *entity,
                                  gboolean         for_update,
                                  char           **name);
char      *kt_pg_load_live_sql   (const KtEntity  *entity,
                                  const char      *field,
                                  char           **name);
/* Their results as records: the first row's (NULL without error when
 * there is none), and every row's. */
KtRecord  *kt_pg_record_from_result  (const KtEntity  *entity,
                                      PGresult        *res,
                                      GError         **error);
GPtrArray *kt_pg_records_from_result (const KtEntity  *entity,
                                      PGresult        *res,
                                      GError         **error);

/* The live (not deleted) custom_field definitions of @org_id whose
 * target is @entity_name, for kt_custom_field_validate_values(). */
GPtrArray *kt_pg_load_custom_fields (KtPg        *pg,
                                     const char  *org_id,
                                     const char  *entity_name,
                                     GError     **error);

G_END_DECLS
