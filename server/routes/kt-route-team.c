/* kt-route-team.c: members, invitations, roles, leaving
 *
 * Owners may do everything; admins manage members except owners; managers
 * and users only read the member list. Nobody is invited as an owner: an
 * owner is a member promoted by an owner. At least one owner always remains:
 * the owner rows are locked while that is checked, so two owners leaving
 * at once cannot both succeed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-team"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-auth.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"

/* last_active_at: the member's last push from any of their computers
 * (sync_clients), for the Team pane. */
#define MEMBER_JSON \
  "json_build_object('id', m.id, 'user_id', m.user_id, 'email', coalesce(u.email, m.invited_email)," \
  " 'full_name', u.full_name, 'role', m.role, 'status', m.status, 'joined_at', m.joined_at," \
  " 'last_active_at', coalesce(m.last_active_at, (SELECT max(c.last_seen_at) FROM sync_clients c" \
  " WHERE c.org_id = m.org_id AND c.user_id = m.user_id)))"

#define INVITATION_DAYS "7"

gboolean
kt_route_members_list (KtRequest *req,
                       GError   **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { req->auth.org_id };

  res = kt_pg_exec (req->pg, "members_list",
                    "SELECT json_build_object('members', coalesce(json_agg(" MEMBER_JSON
                    " ORDER BY m.created_at, m.id), '[]'))::text "
                    "FROM team_members m LEFT JOIN users u ON u.id = m.user_id "
                    "WHERE m.org_id = $1::uuid AND m.status <> 'removed'",
                    1, params, error);
  if (res == NULL)
    return FALSE;
  kt_request_respond_text (req, 200, g_strdup (kt_pg_value (res, 0, 0)));
  return TRUE;
}

static gboolean
require_admin (KtRequest  *req,
               GError    **error)
{
  if (req->auth.role >= KT_ROLE_ADMIN)
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
               _("Only owners and admins may manage the team"));
  return FALSE;
}

static gboolean
read_role (JsonObject  *body,
           KtRole      *out,
           GError     **error)
{
  const char *text;

  if (!kt_json_get_string (body, "role", TRUE, &text, error))
    return FALSE;
  *out = kt_role_from_string (text);
  if (*out == KT_ROLE_NONE)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "role",
                                 _("“role” must be owner, admin, manager or user"));
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
one_field (const char *name,
           const char *value)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, name, value);
  return object;
}

/* Locks the active owners and tells how many there are. */
static gint
count_owners (KtRequest  *req,
              GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { req->auth.org_id };

  res = kt_pg_exec (req->pg, "lock_owners",
                    "SELECT id FROM team_members WHERE org_id = $1::uuid AND role = 'owner' "
                    "AND status = 'active' FOR UPDATE",
                    1, params, error);
  return res ? PQntuples (res) : -1;
}

typedef struct {
  const char *email;
  KtRole      role;
  char       *token;
  char       *member_id;
} Invitation;

static gboolean
invite_in_transaction (KtRequest *req,
                       gpointer   data,
                       GError   **error)
{
  Invitation *inv = data;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  const char *check[] = { req->auth.org_id, inv->email };

  res = kt_pg_exec (req->pg, "invite_check",
                    "SELECT 1 FROM team_members m LEFT JOIN users u ON u.id = m.user_id "
                    "WHERE m.org_id = $1::uuid AND ((m.status = 'active' AND lower(u.email) = lower($2)) "
                    " OR (m.status = 'invited' AND lower(m.invited_email) = lower($2) AND m.invite_expires_at > now()))",
                    2, check, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_CONFLICT, "email",
                                 _("This person is already a member or has a pending invitation"));
      return FALSE;
    }

  g_free (inv->token);
  inv->token = kt_auth_new_token (&hash);
  inv->member_id = kt_uuid_new ();
  {
    const char *params[] = { req->auth.org_id, inv->member_id, kt_role_to_string (inv->role),
                             inv->email, hash, req->auth.user_id };

    if (!kt_pg_run (req->pg,
                    "INSERT INTO team_members (org_id, id, role, status, invited_email, invite_token_hash,"
                    " invite_expires_at, invited_by) "
                    "VALUES ($1::uuid, $2::uuid, $3, 'invited', $4, $5::bytea, now() + interval '"
                    INVITATION_DAYS " days', $6::uuid)",
                    G_N_ELEMENTS (params), params, error))
      return FALSE;
  }

  json_object_set_string_member (fields, "invited_email", inv->email);
  json_object_set_string_member (fields, "role", kt_role_to_string (inv->role));
  json_object_set_string_member (fields, "status", "invited");
  return kt_routes_log_server_change (req, req->auth.org_id, "team_member", inv->member_id, fields, error);
}

/* The team_member rules (shared/kt-account.c) that apply before the
 * person has an account: an invitation goes to a valid address and is
 * never for an Owner, whoever sends it (an Owner is made by a role change
 * of someone who joined). */
static gboolean
check_invitation (Invitation  *inv,
                  GError     **error)
{
  const KtEntity *entity = KT_ENTITY_TEAM_MEMBER;
  g_autoptr(KtRecord) member = kt_record_new (entity);

  kt_record_set_string (member, "role", kt_role_to_string (inv->role));
  kt_record_set_string (member, "status", "invited");
  kt_record_set_string (member, "invited_email", inv->email);

  return kt_record_validate_field (member, "invited_email", error) &&
         kt_record_validate_field (member, "role", error) &&
         entity->validate (entity, member, error);
}

gboolean
kt_route_invite (KtRequest *req,
                 GError   **error)
{
  static const char * const allowed[] = { "email", "role", NULL };
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  Invitation inv = { 0, };
  gboolean ok;

  if (body == NULL)
    return FALSE;
  if (!require_admin (req, error) ||
      !kt_routes_check_keys (body, allowed, error) ||
      !kt_json_get_string (body, "email", TRUE, &inv.email, error) ||
      !kt_routes_check_email (inv.email, "email", error) ||
      !read_role (body, &inv.role, error))
    return FALSE;
  if (inv.role == KT_ROLE_OWNER && req->auth.role != KT_ROLE_OWNER)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
                   _("Only owners may invite owners"));
      return FALSE;
    }
  if (!check_invitation (&inv, error))
    return FALSE;

  ok = kt_routes_in_transaction (req, invite_in_transaction, &inv, error);
  if (ok)
    {
      /* Until mail sending exists, the invitation goes to the log. */
      g_message ("invitation for %s to organization %s as %s: token %s",
                 inv.email, req->auth.org_id, kt_role_to_string (inv.role), inv.token);

      builder = json_builder_new_immutable ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, inv.member_id);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, inv.email);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, kt_role_to_string (inv.role));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "invited");
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, inv.token);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      kt_request_respond_json (req, 201, root);
    }
  g_free (inv.token);
  g_free (inv.member_id);
  return ok;
}

typedef struct {
  const char *token_hash;
  const char *full_name;
  const char *password_hash;   /* a new account; NULL when logged in */
  char       *user_id;
  char       *org_id;
} Acceptance;

static gboolean
accept_in_transaction (KtRequest *req,
                       gpointer   data,
                       GError   **error)
{
  Acceptance *acc = data;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  const char *params[] = { acc->token_hash };
  const char *member_id, *email;

  res = kt_pg_exec (req->pg, "invite_lookup",
                    "SELECT org_id, id, invited_email FROM team_members WHERE invite_token_hash = $1::bytea "
                    "AND status = 'invited' AND invite_expires_at > now() FOR UPDATE",
                    1, params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_NOT_FOUND, "token",
                                 _("The invitation is not valid or has expired"));
      return FALSE;
    }
  g_free (acc->org_id);
  acc->org_id = g_strdup (kt_pg_value (res, 0, 0));
  member_id = kt_pg_value (res, 0, 1);
  email = kt_pg_value (res, 0, 2);

  if (acc->user_id == NULL)
    {
      const char *user_params[3];
      g_autoptr(GError) local_error = NULL;

      acc->user_id = kt_uuid_new ();
      user_params[0] = acc->user_id;
      user_params[1] = acc->org_id;
      user_params[2] = email;
      {
        const char *p[] = { user_params[0], user_params[1], user_params[2], acc->full_name, acc->password_hash };

        if (!kt_pg_run (req->pg,
                        "INSERT INTO users (id, org_id, email, full_name, password_hash) "
                        "VALUES ($1::uuid, $2::uuid, $3, $4, $5)", 5, p, &local_error))
          {
            if (g_error_matches (local_error, KT_PG_ERROR, KT_PG_ERROR_UNIQUE))
              {
                kt_server_set_field_error (error, KT_SERVER_ERROR_CONFLICT, "email",
                                           _("An account with this email address exists; log in and accept the invitation"));
                return FALSE;
              }
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }
      }
    }

  {
    const char *p[] = { acc->org_id, member_id, acc->user_id };
    g_autoptr(PGresult) existing = kt_pg_exec (req->pg, "accept_existing",
                                               "SELECT 1 FROM team_members WHERE org_id = $1::uuid "
                                               "AND user_id = $3::uuid AND status = 'active' AND id <> $2::uuid",
                                               3, p, error);
    if (existing == NULL)
      return FALSE;
    if (PQntuples (existing) > 0)
      {
        g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_CONFLICT,
                     _("You are already a member of this organization"));
        return FALSE;
      }
    if (!kt_pg_run (req->pg,
                    "UPDATE team_members SET user_id = $3::uuid, status = 'active', joined_at = now(),"
                    " invite_token_hash = NULL, updated_at = now() WHERE org_id = $1::uuid AND id = $2::uuid",
                    3, p, error))
      return FALSE;
  }

  json_object_set_string_member (fields, "user_id", acc->user_id);
  json_object_set_string_member (fields, "status", "active");
  return kt_routes_log_server_change (req, acc->org_id, "team_member", member_id, fields, error);
}

gboolean
kt_route_invite_accept (KtRequest *req,
                        GError   **error)
{
  static const char * const allowed[] = { "token", "full_name", "password", NULL };
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  g_autofree char *token_hash = NULL;
  g_autofree char *password_hash = NULL;
  g_autofree char *expires_at = NULL;
  g_autofree char *session = NULL;
  const char *token, *full_name, *password;
  Acceptance acc = { 0, };
  gboolean ok;

  if (body == NULL)
    return FALSE;
  if (!kt_routes_check_keys (body, allowed, error) ||
      !kt_json_get_string (body, "token", TRUE, &token, error) ||
      !kt_json_get_string (body, "full_name", FALSE, &full_name, error) ||
      !kt_json_get_string (body, "password", FALSE, &password, error))
    return FALSE;

  if (req->authorization != NULL)
    {
      /* A person with an account accepts while logged in. */
      if (!kt_auth_authenticate (req, error))
        return FALSE;
      acc.user_id = g_strdup (req->auth.user_id);
    }
  else
    {
      if (full_name == NULL || *full_name == '\0')
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "full_name",
                                     _("“%s” is required"), "full_name");
          return FALSE;
        }
      /* The new user's name follows the user entity's rule, as at
       * registration. */
      {
        g_autoptr(KtRecord) user = kt_record_new (KT_ENTITY_USER);

        kt_record_set_string (user, "full_name", full_name);
        if (!kt_record_validate_field (user, "full_name", error))
          return FALSE;
      }
      if (password == NULL || !kt_auth_check_password (password, "password", error))
        {
          if (error != NULL && *error == NULL)
            kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "password",
                                       _("“%s” is required"), "password");
          return FALSE;
        }
      password_hash = kt_auth_hash_password (req->config, password, error);
      if (password_hash == NULL)
        return FALSE;
    }

  token_hash = kt_auth_hash_token (token);
  acc.token_hash = token_hash;
  acc.full_name = full_name;
  acc.password_hash = password_hash;
  ok = kt_routes_in_transaction (req, accept_in_transaction, &acc, error);
  if (ok)
    {
      session = kt_auth_create_session (req, acc.user_id, acc.org_id, &expires_at, error);
      ok = session != NULL;
    }
  if (ok)
    kt_request_respond_text (req, 200,
                             g_strdup_printf ("{\"token\":\"%s\",\"expires_at\":\"%s\",\"org_id\":\"%s\","
                                              "\"user_id\":\"%s\"}",
                                              session, expires_at, acc.org_id, acc.user_id));
  g_free (acc.user_id);
  g_free (acc.org_id);
  return ok;
}

typedef struct {
  const char *member_id;
  KtRole      new_role;    /* KT_ROLE_NONE: remove */
  gboolean    self;        /* leaving */
} MemberChange;

static gboolean
member_change_in_transaction (KtRequest *req,
                              gpointer   data,
                              GError   **error)
{
  MemberChange *change = data;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(JsonObject) fields = NULL;
  const char *params[] = { req->auth.org_id, change->member_id };
  const char *user_id;
  KtRole current;
  gboolean losing_owner;

  if (change->self)
    {
      const char *self_params[] = { req->auth.org_id, req->auth.user_id };

      res = kt_pg_exec (req->pg, "member_self",
                        "SELECT id, role, user_id FROM team_members WHERE org_id = $1::uuid "
                        "AND user_id = $2::uuid AND status = 'active' FOR UPDATE", 2, self_params, error);
    }
  else
    res = kt_pg_exec (req->pg, "member_lock",
                      "SELECT id, role, user_id, status, invited_email FROM team_members WHERE org_id = $1::uuid "
                      "AND id = $2::uuid AND status <> 'removed' FOR UPDATE", 2, params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("There is no team member with this id"));
      return FALSE;
    }
  params[1] = kt_pg_value (res, 0, 0);
  current = kt_role_from_string (kt_pg_value (res, 0, 1));
  user_id = kt_pg_value (res, 0, 2);

  if (!change->self)
    {
      if (current == KT_ROLE_OWNER && req->auth.role != KT_ROLE_OWNER)
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
                       _("Only owners may change or remove owners"));
          return FALSE;
        }
      if (change->new_role == KT_ROLE_OWNER && req->auth.role != KT_ROLE_OWNER)
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
                       _("Only owners may make someone an owner"));
          return FALSE;
        }
      /* A pending invitation made an owner's would be an invitation as
       * the owner, which nobody gets. */
      if (change->new_role == KT_ROLE_OWNER &&
          g_strcmp0 (kt_pg_value (res, 0, 3), "invited") == 0)
        {
          const KtEntity *entity = KT_ENTITY_TEAM_MEMBER;
          g_autoptr(KtRecord) member = kt_record_new (entity);

          kt_record_set_string (member, "role", "owner");
          kt_record_set_string (member, "status", "invited");
          kt_record_set_string (member, "invited_email", kt_pg_value (res, 0, 4));
          if (!entity->validate (entity, member, error))
            return FALSE;
        }
    }

  losing_owner = current == KT_ROLE_OWNER && change->new_role != KT_ROLE_OWNER && user_id != NULL;
  if (losing_owner)
    {
      gint owners = count_owners (req, error);

      if (owners < 0)
        return FALSE;
      if (owners <= 1)
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_LAST_OWNER,
                       _("The organization needs at least one owner; make someone else an owner first"));
          return FALSE;
        }
    }

  if (change->new_role != KT_ROLE_NONE)
    {
      const char *p[] = { params[0], params[1], kt_role_to_string (change->new_role) };

      if (!kt_pg_run (req->pg, "UPDATE team_members SET role = $3, updated_at = now() "
                      "WHERE org_id = $1::uuid AND id = $2::uuid", 3, p, error))
        return FALSE;
      fields = one_field ("role", kt_role_to_string (change->new_role));
    }
  else
    {
      const char *p[] = { params[0], params[1] };
      const char *revoke[] = { params[0], user_id };

      if (!kt_pg_run (req->pg, "UPDATE team_members SET status = 'removed', invite_token_hash = NULL,"
                      " updated_at = now() WHERE org_id = $1::uuid AND id = $2::uuid", 2, p, error))
        return FALSE;
      /* A removed member's tokens stop working for this organization. */
      if (user_id != NULL &&
          !kt_pg_run (req->pg, "UPDATE sessions SET revoked_at = now() WHERE org_id = $1::uuid "
                      "AND user_id = $2::uuid AND revoked_at IS NULL", 2, revoke, error))
        return FALSE;
      fields = one_field ("status", "removed");
    }

  return kt_routes_log_server_change (req, req->auth.org_id, "team_member", params[1], fields, error);
}

static gboolean
respond_member (KtRequest  *req,
                const char *member_id,
                GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  const char *params[] = { req->auth.org_id, member_id };

  node = kt_routes_query_json (req, "member_get",
                               "SELECT " MEMBER_JSON "::text FROM team_members m "
                               "LEFT JOIN users u ON u.id = m.user_id "
                               "WHERE m.org_id = $1::uuid AND m.id = $2::uuid",
                               2, params, "team member", error);
  if (node == NULL)
    return FALSE;
  kt_request_respond_json (req, 200, node);
  return TRUE;
}

static gboolean
check_member_id (KtRequest  *req,
                 GError    **error)
{
  if (kt_uuid_is_valid (req->segments[2]))
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
               _("There is no team member with this id"));
  return FALSE;
}

gboolean
kt_route_member_update (KtRequest *req,
                        GError   **error)
{
  static const char * const allowed[] = { "role", NULL };
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  MemberChange change = { 0, };

  if (body == NULL)
    return FALSE;
  if (!require_admin (req, error) ||
      !check_member_id (req, error) ||
      !kt_routes_check_keys (body, allowed, error) ||
      !read_role (body, &change.new_role, error))
    return FALSE;

  change.member_id = req->segments[2];
  if (!kt_routes_in_transaction (req, member_change_in_transaction, &change, error))
    return FALSE;
  return respond_member (req, change.member_id, error);
}

gboolean
kt_route_member_remove (KtRequest *req,
                        GError   **error)
{
  MemberChange change = { 0, };

  if (!require_admin (req, error) || !check_member_id (req, error))
    return FALSE;
  change.member_id = req->segments[2];
  change.new_role = KT_ROLE_NONE;
  if (!kt_routes_in_transaction (req, member_change_in_transaction, &change, error))
    return FALSE;
  kt_request_respond_empty (req, 204);
  return TRUE;
}

gboolean
kt_route_leave (KtRequest *req,
                GError   **error)
{
  MemberChange change = { 0, };

  change.self = TRUE;
  change.new_role = KT_ROLE_NONE;
  if (!kt_routes_in_transaction (req, member_change_in_transaction, &change, error))
    return FALSE;
  kt_request_respond_empty (req, 204);
  return TRUE;
}
