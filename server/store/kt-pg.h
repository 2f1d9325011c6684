/* kt-pg.h: one PostgreSQL connection with reconnects and prepared statements
 *
 * A KtPg belongs to one thread at a time (each worker owns one). Queries use
 * parameters only: values never become part of the SQL text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "kt-server-error.h"

G_BEGIN_DECLS

typedef struct _KtPg KtPg;

KtPg     *kt_pg_new          (const char *conninfo);
void      kt_pg_free         (KtPg *pg);
/* Makes sure the connection is up, reconnecting with a short backoff
 * (about @max_wait_ms in all) if PostgreSQL went away. */
gboolean  kt_pg_ensure       (KtPg     *pg,
                              guint     max_wait_ms,
                              GError  **error);
PGconn   *kt_pg_get_conn     (KtPg *pg);

/* Runs @sql with text parameters (NULL entries are SQL NULL). @name, when
 * not NULL, prepares the statement once per connection and reuses it.
 * Returns a result with status TUPLES_OK or COMMAND_OK, or NULL and an error. */
PGresult *kt_pg_exec         (KtPg               *pg,
                              const char         *name,
                              const char         *sql,
                              int                 n_params,
                              const char * const *params,
                              GError            **error);
/* The same for statements without results worth keeping. */
gboolean  kt_pg_run          (KtPg               *pg,
                              const char         *sql,
                              int                 n_params,
                              const char * const *params,
                              GError            **error);

/* One statement of kt_pg_exec_pipeline(): prepared once a connection
 * under @name, unnamed when @name is NULL. */
typedef struct {
  const char         *name;
  const char         *sql;
  int                 n_params;
  const char * const *params;
} KtPgStatement;

/* Runs @n_statements in order in one round trip (libpq's pipeline mode)
 * and fills @results with their PGresults (each for PQclear()); FALSE
 * with the first statement's error, and no results, when one fails. A
 * pipeline that opens a transaction closes it too: one that fails is
 * rolled back. */
gboolean  kt_pg_exec_pipeline (KtPg                *pg,
                               const KtPgStatement *statements,
                               guint                n_statements,
                               PGresult           **results,
                               GError             **error);

gboolean  kt_pg_begin        (KtPg *pg, GError **error);
gboolean  kt_pg_commit       (KtPg *pg, GError **error);
/* Never fails: a broken connection is reset by the next kt_pg_ensure(). */
void      kt_pg_rollback     (KtPg *pg);

/* Statements get one generic plan by default. A query whose best plan
 * depends on its values (a text search: walk the sort index for a common
 * word, the trigram index for a rare one) asks for custom plans first; the
 * setting costs a round trip only when it changes. */
gboolean  kt_pg_set_custom_plans (KtPg     *pg,
                                  gboolean  custom,
                                  GError  **error);

/* Convenience: the value of row 0 column 0, or NULL. */
const char *kt_pg_value      (PGresult *res, int row, int col);

/* Runs @sql (one row, one column: JSON text, say) and returns a copy of
 * the value, or NULL with a 404 error naming @what when there is no row
 * or the value is NULL. */
char       *kt_pg_query_one  (KtPg               *pg,
                              const char         *name,
                              const char         *sql,
                              int                 n_params,
                              const char * const *params,
                              const char         *what,
                              GError            **error);
/* kantora-server --dev: creates the database "kantora" through the
 * maintenance connection @admin_conninfo unless it exists (G_IO_ERROR). */
gboolean    kt_pg_create_dev_database (const char  *admin_conninfo,
                                       GError     **error);
/* Whether the database answers (SELECT 1). */
gboolean    kt_pg_ping       (KtPg    *pg,
                              GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPg, kt_pg_free)

G_END_DECLS
