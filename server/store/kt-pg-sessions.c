/* kt-pg-sessions.c: sessions and login attempts as stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-sessions"

#include "config.h"

#include "kt-pg-sessions.h"

void
kt_pg_session_clear (KtPgSession *session)
{
  g_clear_pointer (&session->user_id, g_free);
  g_clear_pointer (&session->org_id, g_free);
  g_clear_pointer (&session->role, g_free);
  session->found = FALSE;
}

gboolean
kt_pg_sessions_create (KtPg        *pg,
                       const char  *token_hash,
                       const char  *user_id,
                       const char  *org_id,
                       const char  *address,
                       guint        ttl_hours,
                       char       **out_expires_at,
                       GError     **error)
{
  g_autofree char *ttl = g_strdup_printf ("%u hours", ttl_hours);
  const char *params[] = { token_hash, user_id, org_id, address, ttl };
  g_autoptr(PGresult) res = NULL;

  res = kt_pg_exec (pg, "create_session",
                    "INSERT INTO sessions (token_hash, user_id, org_id, address, expires_at) "
                    "VALUES ($1::bytea, $2::uuid, $3::uuid, $4, now() + $5::interval) "
                    "RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  if (out_expires_at != NULL)
    *out_expires_at = g_strdup (kt_pg_value (res, 0, 0));
  return TRUE;
}

gboolean
kt_pg_sessions_find (KtPg        *pg,
                     const char  *token_hash,
                     KtPgSession *session,
                     GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { token_hash };

  res = kt_pg_exec (pg, "authenticate", KT_PG_SESSION_SQL ("$1"), 1, params, error);
  if (res == NULL)
    return FALSE;
  kt_pg_session_from_result (session, res);
  return TRUE;
}

void
kt_pg_session_from_result (KtPgSession *session,
                           PGresult    *res)
{
  kt_pg_session_clear (session);
  session->found = PQntuples (res) > 0;
  session->user_id = g_strdup (kt_pg_value (res, 0, 0));
  session->org_id = g_strdup (kt_pg_value (res, 0, 1));
  session->role = g_strdup (kt_pg_value (res, 0, 2));
}

gboolean
kt_pg_sessions_revoke (KtPg        *pg,
                       const char  *token_hash,
                       GError     **error)
{
  const char *params[] = { token_hash };

  return kt_pg_run (pg, "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1::bytea",
                    1, params, error);
}

gboolean
kt_pg_sessions_revoke_others (KtPg        *pg,
                              const char  *user_id,
                              const char  *keep_hash,
                              GError     **error)
{
  const char *params[] = { user_id, keep_hash };

  return kt_pg_run (pg, "UPDATE sessions SET revoked_at = now() WHERE user_id = $1::uuid "
                    "AND token_hash <> $2::bytea AND revoked_at IS NULL", 2, params, error);
}

gboolean
kt_pg_sessions_revoke_member (KtPg        *pg,
                              const char  *org_id,
                              const char  *user_id,
                              GError     **error)
{
  const char *params[] = { org_id, user_id };

  return kt_pg_run (pg, "UPDATE sessions SET revoked_at = now() WHERE org_id = $1::uuid "
                    "AND user_id = $2::uuid AND revoked_at IS NULL", 2, params, error);
}

gboolean
kt_pg_login_failures (KtPg        *pg,
                      const char  *email,
                      const char  *address,
                      guint        window_minutes,
                      guint64     *out_by_email,
                      guint64     *out_by_address,
                      GError     **error)
{
  g_autofree char *window = g_strdup_printf ("%u minutes", window_minutes);
  const char *params[] = { email, address, window };
  g_autoptr(PGresult) res = NULL;

  res = kt_pg_exec (pg, "login_failures",
                    "SELECT "
                    " (SELECT count(*) FROM login_attempts WHERE lower(email) = lower($1) "
                    "   AND NOT success AND at > now() - $3::interval),"
                    " (SELECT count(*) FROM login_attempts WHERE address = $2 "
                    "   AND NOT success AND at > now() - $3::interval)",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;

  *out_by_email = g_ascii_strtoull (kt_pg_value (res, 0, 0), NULL, 10);
  *out_by_address = g_ascii_strtoull (kt_pg_value (res, 0, 1), NULL, 10);
  return TRUE;
}

gboolean
kt_pg_login_record (KtPg        *pg,
                    const char  *email,
                    const char  *address,
                    gboolean     success,
                    GError     **error)
{
  const char *params[] = { email, address, success ? "t" : "f" };

  return kt_pg_run (pg, "INSERT INTO login_attempts (email, address, success) VALUES ($1, $2, $3::boolean)",
                    G_N_ELEMENTS (params), params, error);
}
