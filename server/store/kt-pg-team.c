/* kt-pg-team.c: team members and invitations as stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-team"

#include "config.h"

#include "kt-pg-team.h"

/* last_active_at: the member's last push from any of their computers
 * (sync_clients), for the Team pane. */
#define MEMBER_JSON \
  "json_build_object('id', m.id, 'user_id', m.user_id, 'email', coalesce(u.email, m.invited_email)," \
  " 'full_name', u.full_name, 'role', m.role, 'status', m.status, 'joined_at', m.joined_at," \
  " 'last_active_at', coalesce(m.last_active_at, (SELECT max(c.last_seen_at) FROM sync_clients c" \
  " WHERE c.org_id = m.org_id AND c.user_id = m.user_id)))"

/* Whether @sql finds a row. */
static gboolean
query_exists (KtPg               *pg,
              const char         *name,
              const char         *sql,
              int                 n_params,
              const char * const *params,
              gboolean           *out_found,
              GError            **error)
{
  g_autoptr(PGresult) res = kt_pg_exec (pg, name, sql, n_params, params, error);

  if (res == NULL)
    return FALSE;
  *out_found = PQntuples (res) > 0;
  return TRUE;
}

void
kt_pg_member_clear (KtPgMember *member)
{
  g_clear_pointer (&member->id, g_free);
  g_clear_pointer (&member->role, g_free);
  g_clear_pointer (&member->user_id, g_free);
  g_clear_pointer (&member->status, g_free);
  g_clear_pointer (&member->invited_email, g_free);
}

char *
kt_pg_team_members_json (KtPg        *pg,
                         const char  *org_id,
                         GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id };

  res = kt_pg_exec (pg, "members_list",
                    "SELECT json_build_object('members', coalesce(json_agg(" MEMBER_JSON
                    " ORDER BY m.created_at, m.id), '[]'))::text "
                    "FROM team_members m LEFT JOIN users u ON u.id = m.user_id "
                    "WHERE m.org_id = $1::uuid AND m.status <> 'removed'",
                    1, params, error);
  if (res == NULL)
    return NULL;
  return g_strdup (kt_pg_value (res, 0, 0));
}

char *
kt_pg_team_member_json (KtPg        *pg,
                        const char  *org_id,
                        const char  *member_id,
                        GError     **error)
{
  const char *params[] = { org_id, member_id };

  return kt_pg_query_one (pg, "member_get",
                          "SELECT " MEMBER_JSON "::text FROM team_members m "
                          "LEFT JOIN users u ON u.id = m.user_id "
                          "WHERE m.org_id = $1::uuid AND m.id = $2::uuid",
                          2, params, "team member", error);
}

gint
kt_pg_team_lock_owners (KtPg        *pg,
                        const char  *org_id,
                        GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id };

  res = kt_pg_exec (pg, "lock_owners",
                    "SELECT id FROM team_members WHERE org_id = $1::uuid AND role = 'owner' "
                    "AND status = 'active' FOR UPDATE",
                    1, params, error);
  return res ? PQntuples (res) : -1;
}

gboolean
kt_pg_team_lock_member (KtPg        *pg,
                        const char  *org_id,
                        const char  *member_id,
                        const char  *user_id,
                        KtPgMember  *out,
                        GError     **error)
{
  g_autoptr(PGresult) res = NULL;

  if (member_id == NULL)
    {
      const char *params[] = { org_id, user_id };

      res = kt_pg_exec (pg, "member_self",
                        "SELECT id, role, user_id FROM team_members WHERE org_id = $1::uuid "
                        "AND user_id = $2::uuid AND status = 'active' FOR UPDATE", 2, params, error);
    }
  else
    {
      const char *params[] = { org_id, member_id };

      res = kt_pg_exec (pg, "member_lock",
                        "SELECT id, role, user_id, status, invited_email FROM team_members WHERE org_id = $1::uuid "
                        "AND id = $2::uuid AND status <> 'removed' FOR UPDATE", 2, params, error);
    }
  if (res == NULL)
    return FALSE;

  kt_pg_member_clear (out);
  if (PQntuples (res) == 0)
    return TRUE;
  out->id = g_strdup (kt_pg_value (res, 0, 0));
  out->role = g_strdup (kt_pg_value (res, 0, 1));
  out->user_id = g_strdup (kt_pg_value (res, 0, 2));
  out->status = g_strdup (kt_pg_value (res, 0, 3));
  out->invited_email = g_strdup (kt_pg_value (res, 0, 4));
  return TRUE;
}

gboolean
kt_pg_team_set_role (KtPg        *pg,
                     const char  *org_id,
                     const char  *member_id,
                     const char  *role,
                     GError     **error)
{
  const char *params[] = { org_id, member_id, role };

  return kt_pg_run (pg, "UPDATE team_members SET role = $3, updated_at = now() "
                    "WHERE org_id = $1::uuid AND id = $2::uuid", 3, params, error);
}

gboolean
kt_pg_team_remove (KtPg        *pg,
                   const char  *org_id,
                   const char  *member_id,
                   GError     **error)
{
  const char *params[] = { org_id, member_id };

  return kt_pg_run (pg, "UPDATE team_members SET status = 'removed', invite_token_hash = NULL,"
                    " updated_at = now() WHERE org_id = $1::uuid AND id = $2::uuid", 2, params, error);
}

gboolean
kt_pg_team_add_owner (KtPg        *pg,
                      const char  *org_id,
                      const char  *member_id,
                      const char  *user_id,
                      GError     **error)
{
  const char *params[] = { org_id, member_id, user_id };

  return kt_pg_run (pg,
                    "INSERT INTO team_members (org_id, id, user_id, role, status, joined_at) "
                    "VALUES ($1::uuid, $2::uuid, $3::uuid, 'owner', 'active', now())",
                    G_N_ELEMENTS (params), params, error);
}

gboolean
kt_pg_team_has_member_or_invitation (KtPg        *pg,
                                     const char  *org_id,
                                     const char  *email,
                                     gboolean    *out_found,
                                     GError     **error)
{
  const char *params[] = { org_id, email };

  return query_exists (pg, "invite_check",
                       "SELECT 1 FROM team_members m LEFT JOIN users u ON u.id = m.user_id "
                       "WHERE m.org_id = $1::uuid AND ((m.status = 'active' AND lower(u.email) = lower($2)) "
                       " OR (m.status = 'invited' AND lower(m.invited_email) = lower($2) AND m.invite_expires_at > now()))",
                       2, params, out_found, error);
}

gboolean
kt_pg_team_invite (KtPg        *pg,
                   const char  *org_id,
                   const char  *member_id,
                   const char  *role,
                   const char  *email,
                   const char  *token_hash,
                   const char  *invited_by,
                   GError     **error)
{
  const char *params[] = { org_id, member_id, role, email, token_hash, invited_by };

  return kt_pg_run (pg,
                    "INSERT INTO team_members (org_id, id, role, status, invited_email, invite_token_hash,"
                    " invite_expires_at, invited_by) "
                    "VALUES ($1::uuid, $2::uuid, $3, 'invited', $4, $5::bytea, now() + interval '"
                    KT_PG_INVITATION_DAYS " days', $6::uuid)",
                    G_N_ELEMENTS (params), params, error);
}

gboolean
kt_pg_team_lock_invitation (KtPg        *pg,
                            const char  *token_hash,
                            char       **out_org_id,
                            char       **out_member_id,
                            char       **out_email,
                            GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { token_hash };

  res = kt_pg_exec (pg, "invite_lookup",
                    "SELECT org_id, id, invited_email FROM team_members WHERE invite_token_hash = $1::bytea "
                    "AND status = 'invited' AND invite_expires_at > now() FOR UPDATE",
                    1, params, error);
  if (res == NULL)
    return FALSE;
  *out_org_id = g_strdup (kt_pg_value (res, 0, 0));
  *out_member_id = g_strdup (kt_pg_value (res, 0, 1));
  *out_email = g_strdup (kt_pg_value (res, 0, 2));
  return TRUE;
}

gboolean
kt_pg_team_is_member_elsewhere (KtPg        *pg,
                                const char  *org_id,
                                const char  *member_id,
                                const char  *user_id,
                                gboolean    *out_found,
                                GError     **error)
{
  const char *params[] = { org_id, member_id, user_id };

  return query_exists (pg, "accept_existing",
                       "SELECT 1 FROM team_members WHERE org_id = $1::uuid "
                       "AND user_id = $3::uuid AND status = 'active' AND id <> $2::uuid",
                       3, params, out_found, error);
}

gboolean
kt_pg_team_accept (KtPg        *pg,
                   const char  *org_id,
                   const char  *member_id,
                   const char  *user_id,
                   GError     **error)
{
  const char *params[] = { org_id, member_id, user_id };

  return kt_pg_run (pg,
                    "UPDATE team_members SET user_id = $3::uuid, status = 'active', joined_at = now(),"
                    " invite_token_hash = NULL, updated_at = now() WHERE org_id = $1::uuid AND id = $2::uuid",
                    3, params, error);
}

char *
kt_pg_team_login_organization (KtPg        *pg,
                               const char  *user_id,
                               const char  *org_id,
                               GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { user_id, org_id };

  res = kt_pg_exec (pg, "login_member",
                    "SELECT org_id FROM team_members WHERE user_id = $1::uuid AND status = 'active' "
                    "AND ($2::uuid IS NULL OR org_id = $2::uuid) ORDER BY joined_at LIMIT 1",
                    2, params, error);
  if (res == NULL)
    return NULL;
  return g_strdup (kt_pg_value (res, 0, 0));
}
