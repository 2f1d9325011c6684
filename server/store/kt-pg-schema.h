/* kt-pg-schema.h: the PostgreSQL layout of the synced entities
 *
 * The entity registry (kt_entity_all()) drives the tables: one per plural,
 * the meta columns, one column per field, a trigram search column, and
 * indexes that all lead with org_id so an org's rows stay together (and a
 * sharding extension could distribute every table by org_id).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kt-entity.h"

G_BEGIN_DECLS

typedef struct _KtPgTable KtPgTable;

typedef struct {
  const KtPgTable *table;      /* the entity whose search text includes... */
  const KtField   *ref_field;  /* ...the title of the record this field names */
} KtPgDependent;

struct _KtPgTable
{
  const KtEntity *entity;
  char           *name;           /* quoted plural */
  char           *output_columns; /* id, owner_id, both times and the public
                                     fields, for JSON output (no org_id,
                                     hlc nor deleted) */
  char           *json_expr;      /* over alias "t": the record's JSON text as
                                     the API answers it, stored in kt_json */
  char           *record_columns; /* meta + clocks + every field, for KtRecord */
  char           *search_expr;    /* over alias "t": the unfolded search text
                                     (kt-pg-search.c folds it); NULL if
                                     nothing is searchable */
  char           *title_expr;     /* over alias "r": the record's title */
  char           *upsert_sql;     /* $1 org, $2 id, $3 owner, $4 created,
                                     $5 updated, $6 hlc, $7 deleted,
                                     $8 clocks, then the fields in order */
  GPtrArray      *dependents;     /* of KtPgDependent */
  gboolean        has_assignee;   /* an assignee_id field (User role rules) */
  /* A daily job rewrites the status of thousands of its rows in one
   * statement (kt_pg_jobs_mark_overdue()), each a new row version with
   * an entry in every index: the table has no status index, and its
   * search text's trigram index lives in search_table, a narrow side
   * table that triggers keep (docs/performance.md, "Overdue marking
   * under 1 s"). */
  gboolean        marked_in_bulk;
  char           *search_table;   /* quoted, or NULL: kt_search's trigram
                                     index is the table's own */
};

/* Builds the descriptions once; safe to call from any thread. */
void             kt_pg_schema_init         (void);
/* The table of a synced entity by its plural ("contacts") or name. */
const KtPgTable *kt_pg_schema_lookup        (const char *plural);
const KtPgTable *kt_pg_schema_lookup_entity (const KtEntity *entity);
/* Every synced table, in dependency order. */
GPtrArray       *kt_pg_schema_tables        (void);
/* The idempotent DDL that makes the database match the registry. */
GPtrArray       *kt_pg_schema_ddl           (void);
const char      *kt_pg_column_type          (KtFieldType type);
/* TRUE for a field REST lists may filter on with ?field=value. */
gboolean         kt_pg_field_filterable     (const KtField *field);

G_END_DECLS
