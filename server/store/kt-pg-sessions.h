/* kt-pg-sessions.h: sessions and login attempts as stored
 *
 * The rows behind bearer tokens and the login rate limit. Deciding what a
 * token or a failed login means is server/auth's (kt-auth.h); this file
 * only reads and writes the rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"

G_BEGIN_DECLS

/* The session of a token hash ($N, bytea text): user_id, org_id and the
 * member's role (NULL when no longer an active member); no row when the
 * token is unknown, expired or revoked. Hot queries embed it to save a
 * round trip (kt_pg_records_list()). */
#define KT_PG_SESSION_SQL(param) \
  "SELECT s.user_id, s.org_id, m.role FROM sessions s " \
  "LEFT JOIN team_members m ON m.org_id = s.org_id AND m.user_id = s.user_id AND m.status = 'active' " \
  "WHERE s.token_hash = " param "::bytea AND s.revoked_at IS NULL AND s.expires_at > now()"

/* The lists' answer (kt_pg_records_list()): the session as a row of its
 * own, the records after it in their order with their JSON in the fourth
 * column. Repeating the session on every record row cost two uuid_out
 * calls and about 90 bytes a row between PostgreSQL and the server. Needs
 * the session as CTE "a"; follow it with the records' SELECT, whose
 * first three columns are NULL. */
#define KT_PG_SESSION_ROW_SQL \
  "SELECT a.user_id, a.org_id, a.role, NULL::text AS kt_json FROM a UNION ALL "

/* A session as KT_PG_SESSION_SQL finds it. */
typedef struct {
  gboolean  found;     /* FALSE: unknown, expired or revoked token */
  char     *user_id;
  char     *org_id;
  char     *role;      /* NULL: no longer an active member */
} KtPgSession;

void     kt_pg_session_clear          (KtPgSession *session);
/* Fills @session from the result of KT_PG_SESSION_SQL. */
void     kt_pg_session_from_result    (KtPgSession *session,
                                       PGresult    *res);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KtPgSession, kt_pg_session_clear)

/* A new session row for @token_hash (bytea text) that expires after
 * @ttl_hours; @out_expires_at receives the expiry as ISO 8601 UTC. */
gboolean kt_pg_sessions_create        (KtPg        *pg,
                                       const char  *token_hash,
                                       const char  *user_id,
                                       const char  *org_id,
                                       const char  *address,
                                       guint        ttl_hours,
                                       char       **out_expires_at,
                                       GError     **error);
gboolean kt_pg_sessions_find          (KtPg        *pg,
                                       const char  *token_hash,
                                       KtPgSession *session,
                                       GError     **error);
/* Logging out: the session of @token_hash stops working. */
gboolean kt_pg_sessions_revoke        (KtPg        *pg,
                                       const char  *token_hash,
                                       GError     **error);
/* Every session of @user_id but the one of @keep_hash (a new password). */
gboolean kt_pg_sessions_revoke_others (KtPg        *pg,
                                       const char  *user_id,
                                       const char  *keep_hash,
                                       GError     **error);
/* Every session of @user_id in @org_id (removed from the team). */
gboolean kt_pg_sessions_revoke_member (KtPg        *pg,
                                       const char  *org_id,
                                       const char  *user_id,
                                       GError     **error);

/* Failed logins within the last @window_minutes, by the email address
 * (any case) and by the network address. */
gboolean kt_pg_login_failures         (KtPg        *pg,
                                       const char  *email,
                                       const char  *address,
                                       guint        window_minutes,
                                       guint64     *out_by_email,
                                       guint64     *out_by_address,
                                       GError     **error);
gboolean kt_pg_login_record           (KtPg        *pg,
                                       const char  *email,
                                       const char  *address,
                                       gboolean     success,
                                       GError     **error);

G_END_DECLS
