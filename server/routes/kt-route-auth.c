/* kt-route-auth.c: health, registration, login and logout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-auth"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-auth.h"
#include "kt-pg-accounts.h"
#include "kt-pg-sessions.h"
#include "kt-pg-team.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"

/* Healthy means the database answers too; when it does not, the answer
 * says which dependency is down (monitoring reads it) in the usual 503
 * error shape. */
gboolean
kt_route_health (KtRequest *req,
                 GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!kt_pg_ping (req->pg, &local_error))
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;

      if (kt_server_error_status (local_error) != 503)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      kt_request_respond_error (req, local_error);
      root = json_from_string (req->response, NULL);
      object = json_node_get_object (root);
      json_object_set_string_member (object, "status", "unavailable");
      json_object_set_string_member (object, "database", "down");
      kt_request_respond_json (req, 503, root);
      return TRUE;
    }
  kt_request_respond_text (req, 200,
                           g_strdup_printf ("{\"status\":\"ok\",\"database\":\"up\",\"version\":\"%s\","
                                            "\"protocol\":%d}",
                                            PACKAGE_VERSION, KT_SYNC_PROTOCOL_VERSION));
  return TRUE;
}

/* The keys of a register or PATCH /v1/me body that are user fields. */
static const char * const profile_keys[] = {
  "email", "full_name", "phone", "company_name", "company_vat", "company_address",
  "company_city", "company_country", "language", "timezone", NULL
};

/* The user entity's rules (shared/kt-account.c) decide, as on the client:
 * lengths, the email and phone forms, the language and a time zone from
 * the fixed list (never a path). A new user (@partial FALSE) must be
 * whole; a PATCH (@partial TRUE) answers for the keys it sends, not for
 * what was stored under older rules. */
gboolean
kt_routes_check_profile_values (JsonObject  *body,
                                gboolean     partial,
                                GError     **error)
{
  const KtEntity *entity = KT_ENTITY_USER;
  g_autoptr(KtRecord) user = kt_record_new (entity);
  g_autoptr(JsonObject) fields = json_object_new ();

  /* These have no meaning as null or empty (the validator takes an empty
   * optional text for unset, but it would be stored). */
  for (guint i = 0; i < 3; i++)
    {
      const char *key = (const char *[]) { "full_name", "language", "timezone" }[i];
      JsonNode *node = json_object_get_member (body, key);

      if (node != NULL && (JSON_NODE_HOLDS_NULL (node) ||
                           (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
                            *json_node_get_string (node) == '\0')))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, key, _("“%s” is required"), key);
          return FALSE;
        }
    }

  for (guint i = 0; profile_keys[i] != NULL; i++)
    {
      const char *value = NULL;

      if (!json_object_has_member (body, profile_keys[i]))
        continue;
      if (!kt_json_get_string (body, profile_keys[i], FALSE, &value, error))
        return FALSE;
      json_object_set_member (fields, profile_keys[i],
                              json_node_copy (json_object_get_member (body, profile_keys[i])));
    }

  if (!kt_record_set_from_json (user, fields, NULL, error))
    return FALSE;
  if (!partial)
    return kt_record_validate (user, error);

  for (guint i = 0; profile_keys[i] != NULL; i++)
    if (json_object_has_member (fields, profile_keys[i]) &&
        !kt_record_validate_field (user, profile_keys[i], error))
      return FALSE;
  return entity->validate (entity, user, error);
}

static const char *
get_member_string (JsonObject *object,
                   const char *key,
                   const char *fallback)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return fallback;
  return json_node_get_string (node);
}

typedef struct {
  JsonObject *body;
  const char *password_hash;
  char       *user_id;
  char       *org_id;
} Registration;

static gboolean
register_in_transaction (KtRequest *req,
                         gpointer   data,
                         GError   **error)
{
  Registration *reg = data;
  g_autofree char *member_id = kt_uuid_new ();
  g_autofree char *sub_id = kt_uuid_new ();
  g_autofree char *hist_id = kt_uuid_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) org_fields = json_object_new ();
  g_autoptr(JsonObject) member_fields = json_object_new ();
  const char *full_name = get_member_string (reg->body, "full_name", "");
  const char *org_name = get_member_string (reg->body, "organization_name",
                                            get_member_string (reg->body, "company_name", full_name));
  KtPgNewUser user = {
    .id = reg->user_id,
    .org_id = reg->org_id,
    .email = get_member_string (reg->body, "email", NULL),
    .full_name = full_name,
    .password_hash = reg->password_hash,
    .language = get_member_string (reg->body, "language", "en"),
    .timezone = get_member_string (reg->body, "timezone", "Europe/Sofia"),
    .phone = get_member_string (reg->body, "phone", NULL),
    .company_name = get_member_string (reg->body, "company_name", NULL),
    .company_vat = get_member_string (reg->body, "company_vat", NULL),
    .company_address = get_member_string (reg->body, "company_address", NULL),
    .company_city = get_member_string (reg->body, "company_city", NULL),
    .company_country = get_member_string (reg->body, "company_country", NULL),
  };

  if (!kt_pg_organizations_insert (req->pg, reg->org_id, org_name, error))
    return FALSE;

  if (!kt_pg_users_insert (req->pg, &user, &local_error))
    {
      if (g_error_matches (local_error, KT_PG_ERROR, KT_PG_ERROR_UNIQUE))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_CONFLICT, "email",
                                     _("An account with this email address already exists"));
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!kt_pg_team_add_owner (req->pg, reg->org_id, member_id, reg->user_id, error) ||
      !kt_pg_subscriptions_start_free (req->pg, reg->org_id, sub_id, hist_id, error))
    return FALSE;

  json_object_set_string_member (org_fields, "name", org_name);
  json_object_set_string_member (org_fields, "default_currency", KT_DEFAULT_CURRENCY);
  json_object_set_string_member (member_fields, "user_id", reg->user_id);
  json_object_set_string_member (member_fields, "role", "owner");
  json_object_set_string_member (member_fields, "status", "active");
  return kt_routes_log_server_change (req, reg->org_id, "organization", reg->org_id, org_fields, error) &&
         kt_routes_log_server_change (req, reg->org_id, "team_member", member_id, member_fields, error);
}

static gboolean
respond_with_session (KtRequest  *req,
                      guint       status,
                      const char *user_id,
                      const char *org_id,
                      GError    **error)
{
  g_autofree char *expires_at = NULL;
  g_autofree char *token = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) info = NULL;
  JsonObject *object;

  token = kt_auth_create_session (req->pg, req->config, req->remote_address, user_id, org_id, &expires_at, error);
  if (token == NULL)
    return FALSE;

  json = kt_pg_accounts_session_json (req->pg, user_id, org_id, error);
  if (json == NULL)
    return FALSE;
  info = json_from_string (json, error);
  if (info == NULL)
    return FALSE;

  object = json_node_get_object (info);
  json_object_set_string_member (object, "token", token);
  json_object_set_string_member (object, "expires_at", expires_at);
  kt_request_respond_json (req, status, info);
  return TRUE;
}

static gboolean
check_organization_name (const char  *name,
                         GError     **error)
{
  g_autofree char *trimmed = name != NULL ? g_strstrip (g_strdup (name)) : NULL;

  if (trimmed != NULL && (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > 200))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "organization_name",
                                 _("“%s” must have 1 to %d characters"), "organization_name", 200);
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_route_register (KtRequest *req,
                   GError   **error)
{
  static const char * const allowed[] = {
    "email", "password", "full_name", "organization_name", "language", "timezone", "phone",
    "company_name", "company_vat", "company_address", "company_city", "company_country", NULL
  };
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  g_autofree char *hash = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *org_id = NULL;
  const char *email, *password, *full_name, *org_name;
  Registration reg = { 0, };

  if (body == NULL)
    return FALSE;
  if (!kt_routes_check_keys (body, allowed, error) ||
      !kt_json_get_string (body, "email", TRUE, &email, error) ||
      !kt_json_get_string (body, "password", TRUE, &password, error) ||
      !kt_json_get_string (body, "full_name", TRUE, &full_name, error) ||
      !kt_json_get_string (body, "organization_name", FALSE, &org_name, error) ||
      !kt_routes_check_email (email, "email", error) ||
      !check_organization_name (org_name, error) ||
      !kt_auth_check_password (password, "password", error) ||
      !kt_routes_check_profile_values (body, FALSE, error))
    return FALSE;

  /* The slow hash runs before the transaction opens. */
  hash = kt_auth_hash_password (req->config, password, error);
  if (hash == NULL)
    return FALSE;

  reg.body = body;
  reg.password_hash = hash;
  reg.user_id = user_id = kt_uuid_new ();
  reg.org_id = org_id = kt_uuid_new ();
  if (!kt_routes_in_transaction (req, register_in_transaction, &reg, error))
    return FALSE;

  g_message ("registered a new organization %s", org_id);
  return respond_with_session (req, 201, user_id, org_id, error);
}

gboolean
kt_route_login (KtRequest *req,
                GError   **error)
{
  static const char * const allowed[] = { "email", "password", "org_id", NULL };
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *member_org_id = NULL;
  const char *email, *password, *org_id;

  if (body == NULL)
    return FALSE;
  if (!kt_routes_check_keys (body, allowed, error) ||
      !kt_json_get_string (body, "email", TRUE, &email, error) ||
      !kt_json_get_string (body, "password", TRUE, &password, error) ||
      !kt_json_get_string (body, "org_id", FALSE, &org_id, error))
    return FALSE;
  if (org_id != NULL && !kt_uuid_is_valid (org_id))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "org_id",
                                 _("“%s” must be a record id"), "org_id");
      return FALSE;
    }

  if (!kt_auth_check_rate_limit (req->pg, req->config, req->remote_address, email, error))
    return FALSE;

  if (!kt_pg_users_find_login (req->pg, email, &user_id, &hash, error))
    return FALSE;
  if (hash == NULL)
    {
      /* Spend the same time as for a known address, so timing does not
       * tell which addresses have accounts. */
      g_free (kt_auth_hash_password (req->config, password, NULL));
    }
  if (!kt_auth_verify_password (hash, password))
    {
      kt_auth_record_attempt (req->pg, req->remote_address, email, FALSE);
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_CREDENTIALS,
                   _("The email address or the password is wrong"));
      return FALSE;
    }
  kt_auth_record_attempt (req->pg, req->remote_address, email, TRUE);

  /* The organization: the one asked for, else the oldest membership. */
  member_org_id = kt_pg_team_login_organization (req->pg, user_id, org_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (member_org_id == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_A_MEMBER,
                   _("You are not a member of this organization"));
      return FALSE;
    }
  return respond_with_session (req, 200, user_id, member_org_id, error);
}

gboolean
kt_route_logout (KtRequest *req,
                 GError   **error)
{
  const char *token = req->authorization + 7;
  g_autofree char *hash = NULL;

  while (*token == ' ')
    token++;
  hash = kt_auth_hash_token (token);

  if (!kt_pg_sessions_revoke (req->pg, hash, error))
    return FALSE;
  kt_request_respond_empty (req, 204);
  return TRUE;
}
