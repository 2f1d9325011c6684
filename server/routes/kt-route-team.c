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
#include "kt-job-mail.h"
#include "kt-mail-texts.h"
#include "kt-pg-accounts.h"
#include "kt-pg-billing.h"
#include "kt-pg-sessions.h"
#include "kt-pg-team.h"
#include "kt-policy.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"

gboolean
kt_route_members_list (KtRequest *req,
                       GError   **error)
{
  char *json = kt_pg_team_members_json (req->pg, req->auth.org_id, error);

  if (json == NULL)
    return FALSE;
  kt_request_respond_text (req, 200, json);
  return TRUE;
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

typedef struct {
  const char *email;
  KtRole      role;
  char       *token;
  char       *member_id;
  gint64      job_id;     /* the mail's, 0: not mailed */
} Invitation;

static gboolean queue_invitation_mail (KtRequest   *req,
                                       Invitation  *inv,
                                       GError     **error);

static gboolean
invite_in_transaction (KtRequest *req,
                       gpointer   data,
                       GError   **error)
{
  Invitation *inv = data;
  g_autofree char *hash = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  gboolean found;

  if (!kt_pg_team_has_member_or_invitation (req->pg, req->auth.org_id, inv->email, &found, error))
    return FALSE;
  if (found)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_CONFLICT, "email",
                                 _("This person is already a member or has a pending invitation"));
      return FALSE;
    }

  /* The invitation counts as a member from now on. */
  if (kt_server_config_enforces_limits (req->config))
    {
      g_auto(KtPgUsage) usage = { 0 };

      if (!kt_pg_usage_members (req->pg, req->auth.org_id, &usage, error))
        return FALSE;
      usage.n++;
      if (!kt_pg_usage_check (req->config->plans, &usage, KT_LIMIT_MEMBERS, g_get_real_time () / G_USEC_PER_SEC,
                              error))
        return FALSE;
    }

  g_free (inv->token);
  inv->token = kt_auth_new_token (&hash);
  inv->member_id = kt_uuid_new ();
  if (!kt_pg_team_invite (req->pg, req->auth.org_id, inv->member_id, kt_role_to_string (inv->role),
                          inv->email, hash, req->auth.user_id, error))
    return FALSE;

  json_object_set_string_member (fields, "invited_email", inv->email);
  json_object_set_string_member (fields, "role", kt_role_to_string (inv->role));
  json_object_set_string_member (fields, "status", "invited");
  return kt_routes_log_server_change (req, req->auth.org_id, "team_member", inv->member_id, fields, error) &&
         queue_invitation_mail (req, inv, error);
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

static const char *
role_label (KtRole role)
{
  switch (role)
    {
    case KT_ROLE_OWNER:
      return C_("team role", "Owner");
    case KT_ROLE_ADMIN:
      return C_("team role", "Admin");
    case KT_ROLE_MANAGER:
      return C_("team role", "Manager");
    case KT_ROLE_USER:
    case KT_ROLE_NONE:
    default:
      return C_("team role", "User");
    }
}

/* The link the client's "Join a Team" takes (client/sync/kt-team-join.c
 * parses it, client/sync/kt-team-client.c makes the same). */
static char *
invitation_link (const KtServerConfig *config,
                 const char           *token)
{
  g_autofree char *base = NULL;
  g_autofree char *server = NULL;
  g_autofree char *escaped_token = g_uri_escape_string (token, NULL, FALSE);

  if (config->public_url != NULL)
    base = g_strdup (config->public_url);
  else
    base = g_strdup_printf ("%s://%s:%u", config->tls_certificate != NULL ? "https" : "http",
                            config->address != NULL ? config->address : "localhost", config->port);
  server = g_uri_escape_string (base, NULL, FALSE);
  return g_strdup_printf ("kantora://invite?server=%s&token=%s", server, escaped_token);
}

/* Queues the invitation's mail when SMTP is configured, in the
 * inviter's language and with the organization's name as the sender's,
 * in the invitation's transaction: the mail exists if the invitation
 * does. The job queue sends it (kt-job-mail.h), so a mail server that is
 * down only delays it. Without SMTP its token goes to the log, as before
 * mail existed. */
static gboolean
queue_invitation_mail (KtRequest   *req,
                       Invitation  *inv,
                       GError     **error)
{
  g_autofree char *org_name = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  g_autofree char *link = NULL;
  KtMailTextArgs args = { 0, };
  KtMailJob mail = { 0, };

  inv->job_id = 0;
  if (kt_server_get_smtp (req->server) == NULL)
    {
      g_message ("invitation for %s to organization %s as %s: token %s",
                 inv->email, req->auth.org_id, kt_role_to_string (inv->role), inv->token);
      return TRUE;
    }

  org_name = kt_pg_organizations_name (req->pg, req->auth.org_id, error);
  if (org_name == NULL)
    return FALSE;
  link = invitation_link (req->config, inv->token);
  args.language = req->language;
  args.organization = org_name;
  args.role = role_label (inv->role);
  args.link = link;
  kt_mail_texts_invitation (&args, &subject, &text);
  mail.to = inv->email;
  mail.subject = subject;
  mail.text = text;
  mail.language = req->language;
  return kt_job_mail_enqueue (req->pg, req->auth.org_id, &mail, NULL, 0, &inv->job_id, error);
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
  if (!kt_policy_may_manage_team (req->auth.role, error) ||
      !kt_routes_check_keys (body, allowed, error) ||
      !kt_json_get_string (body, "email", TRUE, &inv.email, error) ||
      !kt_routes_check_email (inv.email, "email", error) ||
      !read_role (body, &inv.role, error) ||
      !kt_policy_may_invite_as (req->auth.role, inv.role, error) ||
      !check_invitation (&inv, error))
    return FALSE;

  ok = kt_routes_in_transaction (req, invite_in_transaction, &inv, error);
  if (ok)
    {
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
      json_builder_set_member_name (builder, "mailed");
      json_builder_add_boolean_value (builder, inv.job_id > 0);
      if (inv.job_id > 0)
        {
          g_autofree char *job_id = g_strdup_printf ("%" G_GINT64_FORMAT, inv.job_id);

          json_builder_set_member_name (builder, "job_id");
          json_builder_add_string_value (builder, job_id);
        }
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
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *member_id = NULL;
  g_autofree char *email = NULL;
  gboolean elsewhere;

  g_clear_pointer (&acc->org_id, g_free);
  if (!kt_pg_team_lock_invitation (req->pg, acc->token_hash, &acc->org_id, &member_id, &email, error))
    return FALSE;
  if (acc->org_id == NULL)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_NOT_FOUND, "token",
                                 _("The invitation is not valid or has expired"));
      return FALSE;
    }

  /* A new account is made in every attempt: when a serialization failure
   * makes kt_routes_in_transaction() run this again, the previous
   * attempt's user was rolled back with it. */
  if (acc->password_hash != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      KtPgNewUser user = { 0, };

      g_free (acc->user_id);
      acc->user_id = kt_uuid_new ();
      user.id = acc->user_id;
      user.org_id = acc->org_id;
      user.email = email;
      user.full_name = acc->full_name;
      user.password_hash = acc->password_hash;
      if (!kt_pg_users_insert (req->pg, &user, &local_error))
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

  if (!kt_pg_team_is_member_elsewhere (req->pg, acc->org_id, member_id, acc->user_id, &elsewhere, error))
    return FALSE;
  if (elsewhere)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_CONFLICT,
                   _("You are already a member of this organization"));
      return FALSE;
    }
  if (!kt_pg_team_accept (req->pg, acc->org_id, member_id, acc->user_id, error))
    return FALSE;

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
      if (!kt_auth_authenticate (req->pg, req->authorization, &req->auth, error))
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
      session = kt_auth_create_session (req->pg, req->config, req->remote_address, acc.user_id, acc.org_id, &expires_at, error);
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
  g_auto(KtPgMember) member = { 0, };
  g_autoptr(JsonObject) fields = NULL;
  KtRole current;
  gboolean losing_owner;

  if (!kt_pg_team_lock_member (req->pg, req->auth.org_id, change->self ? NULL : change->member_id,
                               req->auth.user_id, &member, error))
    return FALSE;
  if (member.id == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("There is no team member with this id"));
      return FALSE;
    }
  current = kt_role_from_string (member.role);

  if (!change->self)
    {
      if (!kt_policy_may_change_member (req->auth.role, current, change->new_role, error))
        return FALSE;
      /* A pending invitation made an owner's would be an invitation as
       * the owner, which nobody gets. */
      if (change->new_role == KT_ROLE_OWNER && g_strcmp0 (member.status, "invited") == 0)
        {
          const KtEntity *entity = KT_ENTITY_TEAM_MEMBER;
          g_autoptr(KtRecord) invited = kt_record_new (entity);

          kt_record_set_string (invited, "role", "owner");
          kt_record_set_string (invited, "status", "invited");
          kt_record_set_string (invited, "invited_email", member.invited_email);
          if (!entity->validate (entity, invited, error))
            return FALSE;
        }
    }

  losing_owner = current == KT_ROLE_OWNER && change->new_role != KT_ROLE_OWNER && member.user_id != NULL;
  if (losing_owner)
    {
      gint owners = kt_pg_team_lock_owners (req->pg, req->auth.org_id, error);

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
      if (!kt_pg_team_set_role (req->pg, req->auth.org_id, member.id,
                                kt_role_to_string (change->new_role), error))
        return FALSE;
      fields = one_field ("role", kt_role_to_string (change->new_role));
    }
  else
    {
      if (!kt_pg_team_remove (req->pg, req->auth.org_id, member.id, error))
        return FALSE;
      /* A removed member's tokens stop working for this organization. */
      if (member.user_id != NULL &&
          !kt_pg_sessions_revoke_member (req->pg, req->auth.org_id, member.user_id, error))
        return FALSE;
      fields = one_field ("status", "removed");
    }

  return kt_routes_log_server_change (req, req->auth.org_id, "team_member", member.id, fields, error);
}

static gboolean
respond_member (KtRequest  *req,
                const char *member_id,
                GError    **error)
{
  g_autofree char *json = kt_pg_team_member_json (req->pg, req->auth.org_id, member_id, error);
  g_autoptr(JsonNode) node = NULL;

  if (json == NULL)
    return FALSE;
  node = json_from_string (json, error);
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
  if (!kt_policy_may_manage_team (req->auth.role, error) ||
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

  if (!kt_policy_may_manage_team (req->auth.role, error) || !check_member_id (req, error))
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
