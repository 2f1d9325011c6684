/* kt-pg-records.h: reading synced records as JSON for the REST API
 *
 * Every row keeps its JSON (kt_json), so a page costs one index scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-pg-schema.h"
#include "kt-pg-sessions.h"

G_BEGIN_DECLS

#define KT_LIST_DEFAULT_PER_PAGE 50
#define KT_LIST_MAX_PER_PAGE 500

/* What ?include= adds to the stored JSON of a record. */
typedef enum {
  KT_RECORD_INCLUDE_CLOCKS = 1 << 0, /* "clocks": the per-field clocks sync keeps */
  KT_RECORD_INCLUDE_NULLS  = 1 << 1, /* every field, null when unset */
} KtRecordInclude;

typedef struct {
  guint        page;       /* from 1 */
  guint        per_page;
  const char  *sort;       /* field, "-field" for descending; NULL: default */
  const char  *search;     /* text; NULL: none */
  GHashTable  *filters;    /* field -> value; may be NULL */
  KtRecordInclude include; /* ?include=clocks,nulls */
} KtListQuery;

/* {"items": [...], "page": 1, "per_page": 50, "has_more": false} of the
 * organization of the session of @token_hash: the hottest route checks its
 * token in the same query (one round trip instead of two). The caller
 * must look at @session before answering: for a missing session or
 * membership the items are empty. @out_len, when not NULL, receives the
 * text's length. Errors name the bad parameter (sort or filter field,
 * value type). */
char *kt_pg_records_list (KtPg              *pg,
                          const KtPgTable   *table,
                          const char        *token_hash,
                          const KtListQuery *query,
                          KtPgSession     *session,
                          gsize             *out_len,
                          GError           **error);
/* The statement kt_pg_records_list() runs, and its parameters appended to
 * @params (which frees its elements): the query's sort, filters and search
 * checked against the entity, without touching the database, so that
 * fuzz/fuzz-query.c covers it. NULL with the same errors. */
char *kt_pg_records_list_sql (const KtPgTable   *table,
                              const char        *token_hash,
                              const KtListQuery *query,
                              GPtrArray         *params,
                              GError           **error);
/* One live record as JSON, or NULL with a 404 error. */
char *kt_pg_records_get  (KtPg              *pg,
                          const KtPgTable   *table,
                          const char        *org_id,
                          const char        *id,
                          GError           **error);
/* The same, with what @include adds (?include=clocks,nulls). */
char *kt_pg_records_get_full (KtPg            *pg,
                              const KtPgTable *table,
                              const char      *org_id,
                              const char      *id,
                              KtRecordInclude  include,
                              GError         **error);

G_END_DECLS
