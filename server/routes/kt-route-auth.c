/* kt-route-auth.c: health, registration, login and logout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-auth"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-auth.h"
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
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) local_error = NULL;

  res = kt_pg_exec (req->pg, "health", "SELECT 1", 0, NULL, &local_error);
  if (res == NULL)
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
  const char *org_params[] = { reg->org_id, org_name };
  const char *user_params[] = {
    reg->user_id, reg->org_id,
    get_member_string (reg->body, "email", NULL), full_name, reg->password_hash,
    get_member_string (reg->body, "language", "en"),
    get_member_string (reg->body, "timezone", "Europe/Sofia"),
    get_member_string (reg->body, "phone", NULL),
    get_member_string (reg->body, "company_name", NULL),
    get_member_string (reg->body, "company_vat", NULL),
    get_member_string (reg->body, "company_address", NULL),
    get_member_string (reg->body, "company_city", NULL),
    get_member_string (reg->body, "company_country", NULL),
  };
  const char *member_params[] = { reg->org_id, member_id, reg->user_id };
  const char *sub_params[] = { reg->org_id, sub_id, hist_id };

  if (!kt_pg_run (req->pg, "INSERT INTO organizations (org_id, name) VALUES ($1::uuid, $2)",
                  G_N_ELEMENTS (org_params), org_params, error))
    return FALSE;

  if (!kt_pg_run (req->pg,
                  "INSERT INTO users (id, org_id, email, full_name, password_hash, language, timezone,"
                  " phone, company_name, company_vat, company_address, company_city, company_country) "
                  "VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                  G_N_ELEMENTS (user_params), user_params, &local_error))
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

  if (!kt_pg_run (req->pg,
                  "INSERT INTO team_members (org_id, id, user_id, role, status, joined_at) "
                  "VALUES ($1::uuid, $2::uuid, $3::uuid, 'owner', 'active', now())",
                  G_N_ELEMENTS (member_params), member_params, error))
    return FALSE;

  /* The free plan, as the original registration flow made it; billing
   * (a later issue) changes plans and enforces the limits. */
  if (!kt_pg_run (req->pg,
                  "WITH s AS (INSERT INTO subscriptions (org_id, id, plan, status, current_period_start,"
                  "  contacts_limit, users_limit, ai_requests_limit)"
                  "  VALUES ($1::uuid, $2::uuid, 'free', 'active', now(), 1000, 3, 50) RETURNING id) "
                  "INSERT INTO subscription_histories (org_id, id, subscription_id, event, to_plan) "
                  "SELECT $1::uuid, $3::uuid, s.id, 'created', 'free' FROM s",
                  G_N_ELEMENTS (sub_params), sub_params, error))
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
  g_autoptr(JsonNode) info = NULL;
  JsonObject *object;
  const char *params[] = { user_id, org_id };

  token = kt_auth_create_session (req, user_id, org_id, &expires_at, error);
  if (token == NULL)
    return FALSE;

  info = kt_routes_query_json (req, "session_info",
                               "SELECT json_build_object('user', " KT_USER_JSON ", 'organization', " KT_ORG_JSON ","
                               " 'role', m.role)::text "
                               "FROM users u JOIN team_members m ON m.user_id = u.id AND m.status = 'active' "
                               "JOIN organizations o ON o.org_id = m.org_id "
                               "WHERE u.id = $1::uuid AND m.org_id = $2::uuid",
                               2, params, "user", error);
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
  g_autoptr(PGresult) res = NULL;
  const char *email, *password, *org_id;
  const char *user_id, *hash;
  const char *params[2];

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

  if (!kt_auth_check_rate_limit (req, email, error))
    return FALSE;

  params[0] = email;
  res = kt_pg_exec (req->pg, "login_user",
                    "SELECT id, password_hash FROM users WHERE lower(email) = lower($1)",
                    1, params, error);
  if (res == NULL)
    return FALSE;

  user_id = kt_pg_value (res, 0, 0);
  hash = kt_pg_value (res, 0, 1);
  if (hash == NULL)
    {
      /* Spend the same time as for a known address, so timing does not
       * tell which addresses have accounts. */
      g_autofree char *spent = kt_auth_hash_password (req->config, password, NULL);
    }
  if (!kt_auth_verify_password (hash, password))
    {
      kt_auth_record_attempt (req, email, FALSE);
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_CREDENTIALS,
                   _("The email address or the password is wrong"));
      return FALSE;
    }
  kt_auth_record_attempt (req, email, TRUE);

  /* The organization: the one asked for, else the oldest membership. */
  {
    g_autoptr(PGresult) member = NULL;
    const char *member_params[] = { user_id, org_id };

    member = kt_pg_exec (req->pg, "login_member",
                         "SELECT org_id FROM team_members WHERE user_id = $1::uuid AND status = 'active' "
                         "AND ($2::uuid IS NULL OR org_id = $2::uuid) ORDER BY joined_at LIMIT 1",
                         2, member_params, error);
    if (member == NULL)
      return FALSE;
    if (PQntuples (member) == 0)
      {
        g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_A_MEMBER,
                     _("You are not a member of this organization"));
        return FALSE;
      }
    return respond_with_session (req, 200, user_id, kt_pg_value (member, 0, 0), error);
  }
}

gboolean
kt_route_logout (KtRequest *req,
                 GError   **error)
{
  const char *token = req->authorization + 7;
  g_autofree char *hash = NULL;
  const char *params[1];

  while (*token == ' ')
    token++;
  hash = kt_auth_hash_token (token);
  params[0] = hash;

  if (!kt_pg_run (req->pg, "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1::bytea",
                  1, params, error))
    return FALSE;
  kt_request_respond_empty (req, 204);
  return TRUE;
}
