/* kt-pg-search.h: the stored search text of synced records
 *
 * Every table with searchable fields has a kt_search column that REST
 * search matches with LIKE (a pg_trgm index helps). Its text is the
 * table's search_expr (the searchable fields and the titles of referenced
 * companies) folded in C by kt_search_fold(), so case and accents are
 * ignored in Bulgarian and English whatever the database's locale, plus
 * the Latin spelling of its Cyrillic letters for the index
 * (kt_pg_search_text()). The query is folded the same way
 * (kt_pg_records_list()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-pg-schema.h"

G_BEGIN_DECLS

/* Between the folded text and its Latin spelling: a control character no
 * query holds, so no match spans both. */
#define KT_PG_SEARCH_LATIN_SEPARATOR "\x1f"

/* What kt_search stores for @text: kt_search_fold(), and when it has
 * Cyrillic letters, the separator and kt_search_latin() of it. Under a C
 * ctype pg_trgm skips Cyrillic letters, so a Cyrillic query would scan
 * the organization's rows; kt_pg_records_list() also requires the Latin
 * spelling of such a query, which the same rows hold and the trigram
 * index can find. (transfer full) */
char    *kt_pg_search_text    (const char *text);

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

/* The sort column whose order a search can walk in the table's walk
 * index (the entity's default sort, either way), or NULL when @table
 * has none: not searchable, or sorted by something no index holds. */
const char *kt_pg_search_walk_column (const KtPgTable *table);

/* Appends to @ddl what the walk needs on @table, if anything: the
 * column kt_search_short (kt_search when short, else NULL) with the
 * trigger that keeps it, and the partial covering index (org_id, walk
 * column, id) INCLUDE (kt_search_short). Idempotent, run at every start
 * (kt_pg_schema_ddl()); a table that had no such column gets it empty:
 * see kt_pg_search_fill_walks(). */
void     kt_pg_search_ddl     (const KtPgTable *table,
                               GPtrArray       *ddl);

/* The condition that row "t" of @table, of the organization @org_expr,
 * holds the LIKE pattern of parameter $@pattern_param and, unless
 * @latin_param is 0, that of $@latin_param: on its own kt_search and,
 * for a table with a search_table, in that table too, whose trigram
 * index it has instead. (transfer full) */
char    *kt_pg_search_match_sql (const KtPgTable *table,
                                 const char      *org_expr,
                                 guint            pattern_param,
                                 guint            latin_param);

/* The list statement of a search sorted by kt_pg_search_walk_column()
 * (@sort) without filters, meant for one generic plan: the session of
 * $1 (already in @params, which gets the rest), then the page of
 * @per_page records of @page (from 1) matching the LIKE @pattern (and
 * @latin_pattern, NULL if none; see kt_pg_search_text()), one more to
 * tell whether another page follows. Same rows as the planned-per-text
 * statement of kt_pg_records_list_sql(). (transfer full) */
char    *kt_pg_search_walk_sql (const KtPgTable *table,
                                const char      *sort,
                                gboolean         descending,
                                const char      *pattern,
                                const char      *latin_pattern,
                                guint            per_page,
                                guint            page,
                                GPtrArray       *params);

/* The tables that will get kt_search_short from kt_pg_search_ddl() at
 * this start (they exist without it), to hand to
 * kt_pg_search_fill_walks() after the DDL and to kt_pg_search_vacuum()
 * after the migration commits. (transfer container) */
GPtrArray *kt_pg_search_walks_missing (KtPg    *pg,
                                       GError **error);
/* Computes kt_search_short of every row of each table of @tables by
 * rewriting the table (which takes it for a while: once, at the first
 * start of a server that has the walk), in the caller's transaction. */
gboolean   kt_pg_search_fill_walks    (KtPg      *pg,
                                       GPtrArray *tables,
                                       GError   **error);
/* VACUUM (ANALYZE) of each table of @tables, outside any transaction; a
 * failure is logged, not returned (searches stay right, only slower). */
void       kt_pg_search_vacuum        (KtPg      *pg,
                                       GPtrArray *tables);

G_END_DECLS
