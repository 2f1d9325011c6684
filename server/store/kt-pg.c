/* kt-pg.c: one PostgreSQL connection with reconnects and prepared statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "kt-pg.h"

struct _KtPg
{
  char       *conninfo;
  PGconn     *conn;
  GHashTable *prepared;   /* statement names prepared on this connection */
  gboolean    in_tx;
  gboolean    custom_plans;  /* plan_cache_mode is auto, not generic */
};

static void
set_error_from_result (GError   **error,
                       PGconn    *conn,
                       PGresult  *res)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *message = res ? PQresultErrorMessage (res) : PQerrorMessage (conn);
  KtPgError code = KT_PG_ERROR_QUERY;
  g_autofree char *text = NULL;

  /* No result, or one without an SQLSTATE, is libpq's own failure, not
   * the server's answer: a query that could not be sent or whose answer
   * never came ("server closed the connection unexpectedly" while libpq
   * still calls the connection OK). */
  if (PQstatus (conn) != CONNECTION_OK || state == NULL)
    code = KT_PG_ERROR_CONNECTION;
  else if (g_str_equal (state, "23505"))
    code = KT_PG_ERROR_UNIQUE;
  else if (state != NULL && (g_str_equal (state, "40001") || g_str_equal (state, "40P01")))
    code = KT_PG_ERROR_SERIALIZATION;
  else if (state != NULL && (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P")))
    code = KT_PG_ERROR_CONNECTION;

  text = g_strchomp (g_strdup (message ? message : ""));
  g_set_error (error, KT_PG_ERROR, code, "%s", text);
}

KtPg *
kt_pg_new (const char *conninfo)
{
  KtPg *pg;

  g_return_val_if_fail (conninfo != NULL, NULL);

  pg = g_new0 (KtPg, 1);
  pg->conninfo = g_strdup (conninfo);
  pg->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return pg;
}

void
kt_pg_free (KtPg *pg)
{
  if (pg == NULL)
    return;
  g_clear_pointer (&pg->conn, PQfinish);
  g_hash_table_unref (pg->prepared);
  g_free (pg->conninfo);
  g_free (pg);
}

static void
quiet_notice (void *arg, const char *message)
{
  /* NOTICEs ("relation already exists, skipping") are expected during
   * migrations; they are not worth a line in the server log. */
}

static gboolean
connect_once (KtPg *pg)
{
  if (pg->conn == NULL)
    {
      /* A database host that does not answer at all would hold a worker
       * for the system's TCP timeout (minutes); two seconds unless the
       * configuration says otherwise (its value comes later and wins). */
      const char * const keywords[] = { "connect_timeout", "dbname", NULL };
      const char * const values[] = { "2", pg->conninfo, NULL };

      pg->conn = PQconnectdbParams (keywords, values, TRUE);
    }
  else
    PQreset (pg->conn);

  g_hash_table_remove_all (pg->prepared);
  pg->in_tx = FALSE;

  if (PQstatus (pg->conn) != CONNECTION_OK)
    return FALSE;

  PQsetNoticeProcessor (pg->conn, quiet_notice, NULL);
  /* Short OLTP queries: JIT compiling a plan costs more than it saves
   * (hundreds of ms for a search over 100,000 rows), and prepared
   * statements keep one generic plan instead of being planned again on
   * every run (PostgreSQL keeps custom plans when their estimate looks
   * cheaper, which for a LIMIT $n page is always). Searches switch to
   * custom plans: see kt_pg_set_custom_plans(). */
  {
    PGresult *res = PQexec (pg->conn, "SET jit = off; SET plan_cache_mode = force_generic_plan");
    PQclear (res);
  }
  pg->custom_plans = FALSE;
  return TRUE;
}

gboolean
kt_pg_ensure (KtPg     *pg,
              guint     max_wait_ms,
              GError  **error)
{
  guint waited = 0;
  guint delay = 50;

  g_return_val_if_fail (pg != NULL, FALSE);

  if (pg->conn != NULL && PQstatus (pg->conn) == CONNECTION_OK)
    return TRUE;

  for (;;)
    {
      if (connect_once (pg))
        {
          g_debug ("connected to PostgreSQL");
          return TRUE;
        }
      if (waited >= max_wait_ms)
        break;
      g_usleep (delay * 1000);
      waited += delay;
      delay = MIN (delay * 2, 1000);
    }

  {
    g_autofree char *why = g_strchomp (g_strdup (pg->conn ? PQerrorMessage (pg->conn) : ""));

    g_set_error (error, KT_PG_ERROR, KT_PG_ERROR_CONNECTION,
                 _("The database is unavailable: %s"), why);
  }
  return FALSE;
}

PGconn *
kt_pg_get_conn (KtPg *pg)
{
  g_return_val_if_fail (pg != NULL, NULL);
  return pg->conn;
}

static PGresult *
exec_once (KtPg               *pg,
           const char         *name,
           const char         *sql,
           int                 n_params,
           const char * const *params)
{
  if (name == NULL)
    return PQexecParams (pg->conn, sql, n_params, NULL, params, NULL, NULL, 0);

  if (!g_hash_table_contains (pg->prepared, name))
    {
      g_autoptr(PGresult) prep = PQprepare (pg->conn, name, sql, n_params, NULL);

      if (PQresultStatus (prep) != PGRES_COMMAND_OK)
        return g_steal_pointer (&prep);
      g_hash_table_add (pg->prepared, g_strdup (name));
    }

  return PQexecPrepared (pg->conn, name, n_params, params, NULL, NULL, 0);
}

/* A statement that failed because the connection is gone (PostgreSQL
 * stopped, restarted or ended the session), not because of the SQL. */
static gboolean
is_connection_failure (PGconn   *conn,
                       PGresult *res)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  /* See set_error_from_result(): without an SQLSTATE the server did not
   * answer. */
  if (PQstatus (conn) != CONNECTION_OK || state == NULL)
    return TRUE;
  return g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P");
}

PGresult *
kt_pg_exec (KtPg               *pg,
            const char         *name,
            const char         *sql,
            int                 n_params,
            const char * const *params,
            GError            **error)
{
  PGresult *res;
  ExecStatusType status;

  g_return_val_if_fail (pg != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  /* One attempt, no waiting: while PostgreSQL is down a request is
   * answered 503 at once (a refused connection fails in microseconds)
   * instead of holding its worker in a backoff loop, and the first
   * request after it is back connects. */
  if (!kt_pg_ensure (pg, 0, error))
    return NULL;

  res = exec_once (pg, name, sql, n_params, params);
  status = PQresultStatus (res);

  /* A connection that broke between requests (PostgreSQL restarted) is
   * only noticed by the first statement. Outside a transaction nothing
   * was done yet, so reconnecting once and running it again is safe. */
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK &&
      is_connection_failure (pg->conn, res) && !pg->in_tx)
    {
      g_clear_pointer (&res, PQclear);
      /* The session may look alive to libpq after a FATAL: drop it. */
      g_clear_pointer (&pg->conn, PQfinish);
      if (!kt_pg_ensure (pg, 0, error))
        return NULL;
      res = exec_once (pg, name, sql, n_params, params);
      status = PQresultStatus (res);
    }

  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    {
      set_error_from_result (error, pg->conn, res);
      PQclear (res);
      return NULL;
    }

  return res;
}

gboolean
kt_pg_run (KtPg               *pg,
           const char         *sql,
           int                 n_params,
           const char * const *params,
           GError            **error)
{
  g_autoptr(PGresult) res = kt_pg_exec (pg, NULL, sql, n_params, params, error);

  return res != NULL;
}

/* Prepares what @statements name and the connection does not know yet:
 * once a connection, so not counted as the pipeline's round trip. */
static gboolean
prepare_statements (KtPg                *pg,
                    const KtPgStatement *statements,
                    guint                n_statements,
                    GError             **error)
{
  for (guint i = 0; i < n_statements; i++)
    {
      const KtPgStatement *st = &statements[i];
      g_autoptr(PGresult) prep = NULL;

      if (st->name == NULL || g_hash_table_contains (pg->prepared, st->name))
        continue;
      prep = PQprepare (pg->conn, st->name, st->sql, st->n_params, NULL);
      if (PQresultStatus (prep) != PGRES_COMMAND_OK)
        {
          set_error_from_result (error, pg->conn, prep);
          return FALSE;
        }
      g_hash_table_add (pg->prepared, g_strdup (st->name));
    }
  return TRUE;
}

static gboolean
send_pipeline (KtPg                *pg,
               const KtPgStatement *statements,
               guint                n_statements)
{
  for (guint i = 0; i < n_statements; i++)
    {
      const KtPgStatement *st = &statements[i];
      int sent = st->name != NULL
                 ? PQsendQueryPrepared (pg->conn, st->name, st->n_params, st->params, NULL, NULL, 0)
                 : PQsendQueryParams (pg->conn, st->sql, st->n_params, NULL, st->params, NULL, NULL, 0);

      if (!sent)
        return FALSE;
    }
  return PQpipelineSync (pg->conn) == 1;
}

static gboolean
run_pipeline (KtPg                *pg,
              const KtPgStatement *statements,
              guint                n_statements,
              PGresult           **results,
              GError             **error)
{
  g_autoptr(GError) first_error = NULL;
  PGresult *res;
  gboolean synced = FALSE;

  if (!prepare_statements (pg, statements, n_statements, error))
    return FALSE;
  if (!PQenterPipelineMode (pg->conn))
    {
      set_error_from_result (error, pg->conn, NULL);
      return FALSE;
    }
  if (!send_pipeline (pg, statements, n_statements))
    {
      set_error_from_result (error, pg->conn, NULL);
      g_clear_pointer (&pg->conn, PQfinish);
      return FALSE;
    }

  for (guint i = 0; i < n_statements; i++)
    {
      ExecStatusType status;

      res = PQgetResult (pg->conn);
      if (res == NULL)
        break;
      status = PQresultStatus (res);
      if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        results[i] = res;
      else
        {
          /* After an error the rest come back PGRES_PIPELINE_ABORTED:
           * the first error is the one to report. */
          if (first_error == NULL)
            set_error_from_result (&first_error, pg->conn, res);
          PQclear (res);
        }
      /* Each statement's results end with a NULL. */
      res = PQgetResult (pg->conn);
      PQclear (res);
    }
  res = PQgetResult (pg->conn);
  synced = res != NULL && PQresultStatus (res) == PGRES_PIPELINE_SYNC;
  PQclear (res);

  if (!synced || !PQexitPipelineMode (pg->conn))
    {
      /* An answer missing: the connection is gone or out of step. */
      if (first_error == NULL)
        set_error_from_result (&first_error, pg->conn, NULL);
      g_clear_pointer (&pg->conn, PQfinish);
    }
  else if (first_error != NULL && PQtransactionStatus (pg->conn) != PQTRANS_IDLE)
    kt_pg_rollback (pg);

  if (first_error != NULL)
    {
      for (guint i = 0; i < n_statements; i++)
        g_clear_pointer (&results[i], PQclear);
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_pg_exec_pipeline (KtPg                *pg,
                     const KtPgStatement *statements,
                     guint                n_statements,
                     PGresult           **results,
                     GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (pg != NULL, FALSE);
  g_return_val_if_fail (!pg->in_tx, FALSE);

  memset (results, 0, n_statements * sizeof (PGresult *));
  if (!kt_pg_ensure (pg, 0, error))
    return FALSE;
  if (run_pipeline (pg, statements, n_statements, results, &local_error))
    return TRUE;

  /* As kt_pg_exec(): a connection that broke between requests is
   * noticed by the first statement; nothing was done yet, so one more
   * try on a new connection is safe. */
  if (g_error_matches (local_error, KT_PG_ERROR, KT_PG_ERROR_CONNECTION))
    {
      g_clear_error (&local_error);
      g_clear_pointer (&pg->conn, PQfinish);
      if (!kt_pg_ensure (pg, 0, error))
        return FALSE;
      if (run_pipeline (pg, statements, n_statements, results, &local_error))
        return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
kt_pg_begin (KtPg *pg, GError **error)
{
  g_return_val_if_fail (pg != NULL, FALSE);

  if (!kt_pg_run (pg, "BEGIN", 0, NULL, error))
    return FALSE;
  pg->in_tx = TRUE;
  return TRUE;
}

gboolean
kt_pg_commit (KtPg *pg, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (pg != NULL, FALSE);

  ok = kt_pg_run (pg, "COMMIT", 0, NULL, error);
  pg->in_tx = FALSE;
  return ok;
}

void
kt_pg_rollback (KtPg *pg)
{
  g_return_if_fail (pg != NULL);

  if (pg->conn != NULL && PQstatus (pg->conn) == CONNECTION_OK)
    {
      PGresult *res = PQexec (pg->conn, "ROLLBACK");
      PQclear (res);
    }
  pg->in_tx = FALSE;
}

gboolean
kt_pg_set_custom_plans (KtPg     *pg,
                        gboolean  custom,
                        GError  **error)
{
  g_return_val_if_fail (pg != NULL, FALSE);

  if (!kt_pg_ensure (pg, 0, error))
    return FALSE;
  if (pg->custom_plans == !!custom)
    return TRUE;
  if (!kt_pg_run (pg, custom ? "SET plan_cache_mode = auto" : "SET plan_cache_mode = force_generic_plan",
                  0, NULL, error))
    return FALSE;
  pg->custom_plans = !!custom;
  return TRUE;
}

const char *
kt_pg_value (PGresult *res, int row, int col)
{
  if (res == NULL || row >= PQntuples (res) || col >= PQnfields (res))
    return NULL;
  if (PQgetisnull (res, row, col))
    return NULL;
  return PQgetvalue (res, row, col);
}

char *
kt_pg_query_one (KtPg               *pg,
                 const char         *name,
                 const char         *sql,
                 int                 n_params,
                 const char * const *params,
                 const char         *what,
                 GError            **error)
{
  g_autoptr(PGresult) res = kt_pg_exec (pg, name, sql, n_params, params, error);

  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0 || kt_pg_value (res, 0, 0) == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("There is no %s with this id"), what);
      return NULL;
    }
  return g_strdup (kt_pg_value (res, 0, 0));
}

gboolean
kt_pg_ping (KtPg    *pg,
            GError **error)
{
  g_autoptr(PGresult) res = kt_pg_exec (pg, "health", "SELECT 1", 0, NULL, error);

  return res != NULL;
}

gboolean
kt_pg_create_dev_database (const char  *admin_conninfo,
                           GError     **error)
{
  PGconn *conn = PQconnectdb (admin_conninfo);
  PGresult *res;
  gboolean ok = TRUE;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot connect to the development database: %s"), PQerrorMessage (conn));
      PQfinish (conn);
      return FALSE;
    }

  res = PQexec (conn, "SELECT 1 FROM pg_database WHERE datname = 'kantora'");
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 0)
    {
      PQclear (res);
      res = PQexec (conn, "CREATE DATABASE kantora ENCODING 'UTF8' TEMPLATE template0");
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Cannot create the development database: %s"), PQresultErrorMessage (res));
          ok = FALSE;
        }
    }
  PQclear (res);
  PQfinish (conn);
  return ok;
}
