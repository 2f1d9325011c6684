/* kt-route-account.c: the user's profile and password, the organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-account"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-auth.h"
#include "kt-route-sync.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"

gboolean
kt_route_me_get (KtRequest *req,
                 GError   **error)
{
  g_autoptr(JsonNode) info = NULL;
  const char *params[] = { req->auth.user_id, req->auth.org_id };

  info = kt_routes_query_json (req, "me_get",
                               "SELECT json_build_object('user', " KT_USER_JSON ", 'organization', " KT_ORG_JSON ","
                               " 'role', m.role,"
                               " 'memberships', (SELECT json_agg(json_build_object('org_id', mm.org_id,"
                               "   'name', oo.name, 'role', mm.role) ORDER BY mm.joined_at)"
                               "   FROM team_members mm JOIN organizations oo ON oo.org_id = mm.org_id"
                               "   WHERE mm.user_id = u.id AND mm.status = 'active'))::text "
                               "FROM users u JOIN team_members m ON m.user_id = u.id AND m.status = 'active' "
                               "JOIN organizations o ON o.org_id = m.org_id "
                               "WHERE u.id = $1::uuid AND m.org_id = $2::uuid",
                               2, params, "user", error);
  if (info == NULL)
    return FALSE;
  kt_request_respond_json (req, 200, info);
  return TRUE;
}

/* Builds "SET a = $3, b = $4" for the keys present in @body, in @keys
 * order; the values go to @params. */
static char *
build_update (JsonObject         *body,
              const char * const *keys,
              GPtrArray          *params)
{
  g_autoptr(GString) sets = g_string_new (NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (body, keys[i]);

      if (node == NULL)
        continue;
      g_ptr_array_add (params, JSON_NODE_HOLDS_NULL (node) ? NULL : g_strdup (json_node_get_string (node)));
      g_string_append_printf (sets, "%s\"%s\" = $%u", sets->len ? ", " : "", keys[i], params->len);
    }
  return sets->len ? g_string_free (g_steal_pointer (&sets), FALSE) : NULL;
}

static gboolean
profile_in_transaction (KtRequest *req,
                        gpointer   data,
                        GError   **error)
{
  static const char * const keys[] = {
    "full_name", "phone", "company_name", "company_vat", "company_address",
    "company_city", "company_country", "language", "timezone", NULL
  };
  JsonObject *body = data;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sets = NULL;
  g_autofree char *sql = NULL;

  g_ptr_array_add (params, g_strdup (req->auth.user_id));
  sets = build_update (body, keys, params);
  if (sets == NULL)
    return TRUE;

  sql = g_strdup_printf ("UPDATE users SET %s, updated_at = now() WHERE id = $1::uuid", sets);
  return kt_pg_run (req->pg, sql, (int) params->len, (const char * const *) params->pdata, error) &&
         kt_sync_log_profile_change (req, body, error);
}

gboolean
kt_route_me_update (KtRequest *req,
                    GError   **error)
{
  static const char * const allowed[] = {
    "full_name", "phone", "company_name", "company_vat", "company_address",
    "company_city", "company_country", "language", "timezone", NULL
  };
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);

  if (body == NULL)
    return FALSE;
  if (!kt_routes_check_keys (body, allowed, error) ||
      !kt_routes_check_profile_values (body, TRUE, error))
    return FALSE;

  if (!kt_routes_in_transaction (req, profile_in_transaction, body, error))
    return FALSE;
  return kt_route_me_get (req, error);
}

typedef struct {
  const char *hash;
  const char *keep;  /* the current session's token hash */
} PasswordChange;

static gboolean
password_in_transaction (KtRequest *req,
                         gpointer   data,
                         GError   **error)
{
  PasswordChange *change = data;
  const char *params[] = { req->auth.user_id, change->hash };
  const char *revoke[] = { req->auth.user_id, change->keep };

  /* Other sessions may belong to whoever learned the old password. */
  return kt_pg_run (req->pg, "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1::uuid",
                    2, params, error) &&
         kt_pg_run (req->pg, "UPDATE sessions SET revoked_at = now() WHERE user_id = $1::uuid "
                    "AND token_hash <> $2::bytea AND revoked_at IS NULL", 2, revoke, error);
}

gboolean
kt_route_me_password (KtRequest *req,
                      GError   **error)
{
  static const char * const allowed[] = { "current_password", "new_password", NULL };
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  g_autoptr(PGresult) res = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *keep = NULL;
  const char *current, *new_password;
  const char *params[] = { req->auth.user_id };
  const char *token;
  PasswordChange change;

  if (body == NULL)
    return FALSE;
  if (!kt_routes_check_keys (body, allowed, error) ||
      !kt_json_get_string (body, "current_password", TRUE, &current, error) ||
      !kt_json_get_string (body, "new_password", TRUE, &new_password, error) ||
      !kt_auth_check_password (new_password, "new_password", error))
    return FALSE;

  res = kt_pg_exec (req->pg, "password_hash", "SELECT password_hash FROM users WHERE id = $1::uuid",
                    1, params, error);
  if (res == NULL)
    return FALSE;
  if (!kt_auth_verify_password (kt_pg_value (res, 0, 0), current))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_CREDENTIALS, "current_password",
                                 _("The current password is wrong"));
      return FALSE;
    }

  hash = kt_auth_hash_password (req->config, new_password, error);
  if (hash == NULL)
    return FALSE;
  token = req->authorization + 7;
  while (*token == ' ')
    token++;
  keep = kt_auth_hash_token (token);
  change.hash = hash;
  change.keep = keep;
  if (!kt_routes_in_transaction (req, password_in_transaction, &change, error))
    return FALSE;
  kt_request_respond_empty (req, 204);
  return TRUE;
}

gboolean
kt_route_org_get (KtRequest *req,
                  GError   **error)
{
  g_autoptr(JsonNode) info = NULL;
  const char *params[] = { req->auth.org_id };

  info = kt_routes_query_json (req, "org_get",
                               "SELECT " KT_ORG_JSON "::text FROM organizations o WHERE o.org_id = $1::uuid",
                               1, params, "organization", error);
  if (info == NULL)
    return FALSE;
  kt_request_respond_json (req, 200, info);
  return TRUE;
}

static const char * const org_keys[] = {
  "name", "vat_number", "address", "city", "country", "default_currency", "logo", NULL
};

static gboolean
org_in_transaction (KtRequest *req,
                    gpointer   data,
                    GError   **error)
{
  JsonObject *body = data;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sets = NULL;
  g_autofree char *sql = NULL;

  g_ptr_array_add (params, g_strdup (req->auth.org_id));
  sets = build_update (body, org_keys, params);
  if (sets == NULL)
    return TRUE;
  sql = g_strdup_printf ("UPDATE organizations SET %s, updated_at = now() WHERE org_id = $1::uuid", sets);
  return kt_pg_run (req->pg, sql, (int) params->len, (const char * const *) params->pdata, error) &&
         kt_routes_log_server_change (req, req->auth.org_id, "organization", req->auth.org_id, body, error);
}

/* The organization entity's rules (shared/kt-account.c) decide, for the
 * keys sent (what was stored under older rules is not this request's
 * fault): the name is required, lengths, the currency, and a logo that is
 * a data:image/ URI of at most 512 KiB. */
static gboolean
check_organization (JsonObject  *body,
                    GError     **error)
{
  const KtEntity *entity = KT_ENTITY_ORGANIZATION;
  g_autoptr(KtRecord) org = kt_record_new (entity);
  g_autoptr(JsonObject) fields = json_object_new ();

  for (guint i = 0; org_keys[i] != NULL; i++)
    if (json_object_has_member (body, org_keys[i]))
      json_object_set_member (fields, org_keys[i], json_node_copy (json_object_get_member (body, org_keys[i])));

  if (!kt_record_set_from_json (org, fields, NULL, error))
    return FALSE;
  for (guint i = 0; org_keys[i] != NULL; i++)
    if (json_object_has_member (fields, org_keys[i]) &&
        !kt_record_validate_field (org, org_keys[i], error))
      return FALSE;
  return entity->validate (entity, org, error);
}

gboolean
kt_route_org_update (KtRequest *req,
                     GError   **error)
{
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  const char *value;

  if (body == NULL)
    return FALSE;
  if (req->auth.role < KT_ROLE_ADMIN)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
                   _("Only owners and admins may change the organization"));
      return FALSE;
    }
  if (!kt_routes_check_keys (body, org_keys, error))
    return FALSE;
  for (guint i = 0; org_keys[i] != NULL; i++)
    if (!kt_json_get_string (body, org_keys[i], FALSE, &value, error))
      return FALSE;
  if (!check_organization (body, error))
    return FALSE;

  if (!kt_routes_in_transaction (req, org_in_transaction, body, error))
    return FALSE;
  return kt_route_org_get (req, error);
}
