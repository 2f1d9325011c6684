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

G_BEGIN_DECLS

#define KT_PG_ERROR (kt_pg_error_quark ())

/**
 * KtPgError:
 * @KT_PG_ERROR_CONNECTION: the database is unreachable (the request may be retried)
 * @KT_PG_ERROR_UNIQUE: a unique constraint refused the write
 * @KT_PG_ERROR_SERIALIZATION: a concurrent transaction won; retry
 * @KT_PG_ERROR_QUERY: any other failure of a statement
 */
typedef enum {
  KT_PG_ERROR_CONNECTION,
  KT_PG_ERROR_UNIQUE,
  KT_PG_ERROR_SERIALIZATION,
  KT_PG_ERROR_QUERY,
} KtPgError;

GQuark    kt_pg_error_quark (void);

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPg, kt_pg_free)

G_END_DECLS
