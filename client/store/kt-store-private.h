/* kt-store-private.h: what the parts of KtStore share
 *
 * KtStore is split by concern: kt-store.c (opening, meta, statement cache),
 * kt-store-inspect.c (checking an existing file before any write),
 * kt-store-schema.c (schema generation, migrations, the collation),
 * kt-store-row.c (rows <-> records), kt-store-query.c (KtQuery, search)
 * and kt-store-write.c (saves, tombstones, outbox). Tests include this
 * header too, to reach the database under the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "kt-store.h"

G_BEGIN_DECLS

/* The SQLite header's application id ("KTNA"): a file without it is not
 * a Kantora store, whatever tables it has. */
#define KT_STORE_APPLICATION_ID 0x4B544E41

/* How long a connection waits for another one (another thread, the
 * client, kantora-cli, cron) to finish its write before giving up with
 * KT_STORE_ERROR_BUSY. Writes begin with BEGIN IMMEDIATE, so waiting is
 * all a concurrent writer ever costs; a write that big (a demo data set)
 * takes seconds, not this long. */
#define KT_STORE_BUSY_TIMEOUT_MS 15000
/* KT_STORE_BUSY_TIMEOUT_MS, or the environment's KT_STORE_BUSY_TIMEOUT_MS
 * (tests). */
int           kt_store_busy_timeout_ms   (void);

/* The locale-independent, case-insensitive collation used for name
 * sorting; see kt-store-schema.c. */
#define KT_STORE_COLLATION "kt_unicode"

sqlite3      *kt_store_get_db            (KtStore *self);

/* The first column of the first row of @sql, with @what in the error. */
gboolean      kt_store_read_int64        (KtStore     *self,
                                          const char  *sql,
                                          gint64      *out_value,
                                          const char  *what,
                                          GError     **error);
/* A cached prepared statement for @sql, reset and with cleared bindings.
 * Owned by the store; do not finalize. */
sqlite3_stmt *kt_store_prepare           (KtStore     *self,
                                          const char  *sql,
                                          GError     **error);
/* @sql prepared for one run, not cached (the aggregate queries, whose
 * text varies with their filters): the caller finalizes it. On failure
 * @error starts with @what. */
sqlite3_stmt *kt_store_prepare_once      (sqlite3     *db,
                                          const char  *sql,
                                          const char  *what,
                                          GError     **error);
/* Binds @value to the parameter @name (":owner") if @sql has it. */
void          kt_store_bind_text_named   (sqlite3_stmt *stmt,
                                          const char   *name,
                                          const char   *value);
/* What a cache of the store's rows is valid for: this connection's
 * change count and PRAGMA data_version (which moves when another
 * connection commits). Read inside the read transaction already open, it
 * names the state the following reads see. On failure @error starts with
 * @what. */
gboolean      kt_store_read_stamp        (KtStore     *self,
                                          gint64      *out_changes,
                                          gint64      *out_data_version,
                                          const char  *what,
                                          GError     **error);
/* A scrolling list will page through @query at any position: the store
 * may read its order ahead on a worker thread (kt-store-search.c). */
void          kt_store_query_prefetch    (KtStore     *self,
                                          KtQuery     *query);
/* Runs @sql (no parameters) once. */
gboolean      kt_store_exec              (KtStore     *self,
                                          const char  *sql,
                                          GError     **error);
/* Sets @error to a translated sentence: the prefix @what naming what was
 * being done, then what happened and what to do about it. SQLite's own
 * message goes to the debug log only. Maps SQLITE_BUSY/LOCKED to
 * KT_STORE_ERROR_BUSY, SQLITE_FULL, IOERR, READONLY, CANTOPEN to
 * KT_STORE_ERROR_IO, SQLITE_CORRUPT to KT_STORE_ERROR_CORRUPT and
 * SQLITE_NOTADB to KT_STORE_ERROR_NOT_A_STORE. */
void          kt_store_set_sqlite_error  (GError     **error,
                                          sqlite3     *db,
                                          int          rc,
                                          const char  *what);
void          kt_store_emit_changed      (KtStore     *self,
                                          const char  *entity_name,
                                          const char  *record_id);

/* Binds the store to another organization and user (sync connecting an
 * offline store to an account): the meta rows and the cached ids. Runs
 * inside the caller's transaction if one is open. */
gboolean      kt_store_set_identity      (KtStore     *self,
                                          const char  *org_id,
                                          const char  *user_id,
                                          GError     **error);

/* kt-store-schema.c, kt-store-inspect.c. The functions include
 * kt_collect_rowids(rowid, array), an aggregate that appends each rowid
 * to a GArray of gint64 bound with sqlite3_bind_pointer() and this
 * type. */
#define KT_STORE_ROWIDS_POINTER "kt-store-rowids"
void          kt_store_register_functions (sqlite3 *db);
/* Checks an existing file before anything writes to it: the SQLite
 * header, the size the header promises, the application id, the
 * schema_version table. Opens it read-only. Sets @out_version to the
 * file's schema version. */
gboolean      kt_store_inspect_file      (const char  *path,
                                          int         *out_version,
                                          GError     **error);
/* Brings a database from @from_version (0 = empty) to the current
 * version, one transaction per step. */
gboolean      kt_store_migrate           (sqlite3     *db,
                                          int          from_version,
                                          GError     **error);
/* The schema as deterministic text (sqlite_master's SQL, sorted), used
 * by the migration tests to compare a migrated file with a fresh one. */
char         *kt_store_dump_schema       (sqlite3     *db,
                                          GError     **error);
/* The SQL of the current schema, generated from the entity registry. */
char         *kt_store_generate_schema   (void);
gboolean      kt_store_entity_has_fts    (const KtEntity *entity);
/* TRUE for a field stored in an INTEGER column. */
gboolean      kt_store_field_is_integer  (KtFieldType type);

/* kt-store-row.c: the SELECT list for @entity (meta columns, then its
 * fields), and the record for a row stepped with it. */
const char   *kt_store_select_columns    (const KtEntity *entity);
KtRecord     *kt_store_record_from_row   (const KtEntity *entity,
                                          sqlite3_stmt   *stmt,
                                          GError        **error);
/* Binds @record's values to the upsert statement of kt-store-write.c. */
gboolean      kt_store_bind_record       (sqlite3_stmt   *stmt,
                                          KtRecord       *record,
                                          GError        **error);
/* A field's value as JSON text ("null" when unset). */
char         *kt_store_value_to_json     (KtRecord       *record,
                                          const char     *field);
/* Reads a record whatever its tombstone; NULL without error if missing. */
KtRecord     *kt_store_load              (KtStore        *self,
                                          const KtEntity *entity,
                                          const char     *id,
                                          GError        **error);

/* kt-store-query.c: full-text search for other SQL over the store (the
 * deals board's aggregates). The expression quotes every word as a prefix
 * term; NULL when @text has no word. The subquery selects the rowids of
 * @entity's matches with the expression bound to ":match". */
char         *kt_store_search_match_expression (const char     *text);
char         *kt_store_search_subquery   (const KtEntity *entity);

G_END_DECLS
