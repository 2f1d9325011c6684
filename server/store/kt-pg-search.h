/* kt-pg-search.h: the stored search text of synced records
 *
 * Every table with searchable fields has a kt_search column that REST
 * search matches with LIKE (a pg_trgm index helps). Its text is the
 * table's search_expr (the searchable fields and the titles of referenced
 * companies) folded in C by kt_search_fold(), so case and accents are
 * ignored in Bulgarian and English whatever the database's locale. The
 * query is folded the same way (kt_pg_records_list()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-pg-schema.h"

G_BEGIN_DECLS

/* Recomputes kt_search of the record @value of @table in @org_id, or,
 * with @ref_field, of every row of @table whose @ref_field names @value
 * (the contacts of a renamed company). Inside the caller's transaction. */
gboolean kt_pg_search_update  (KtPg            *pg,
                               const KtPgTable *table,
                               const char      *org_id,
                               const KtField   *ref_field,
                               const char      *value,
                               GError         **error);

/* Recomputes kt_search of every row (of @org_id, or of every
 * organization when NULL) of @relation, a table shaped like @table's
 * (NULL: @table itself; the demo seed passes its staging table). */
gboolean kt_pg_search_refill_table (KtPg            *pg,
                                    const KtPgTable *table,
                                    const char      *relation,
                                    const char      *org_id,
                                    GError         **error);

/* Recomputes kt_search of every row of every table (of @org_id, or of
 * every organization when NULL), a page at a time. Inside the caller's
 * transaction. */
gboolean kt_pg_search_refill  (KtPg        *pg,
                               const char  *org_id,
                               GError     **error);

/* The schema step that fills the folded column once for rows written
 * before it existed (kt_pg_migrate() runs it after the entity tables are
 * up to date); a no-op once done. */
gboolean kt_pg_search_migrate (KtPg     *pg,
                               GError  **error);

G_END_DECLS
