/* kt-route-account.c: the user's profile and password, the organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-account"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-auth.h"
#include "kt-pg-accounts.h"
#include "kt-pg-sessions.h"
#include "kt-policy.h"
#include "kt-route-sync.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"

/* Answers the JSON text a store query found. */
static gboolean
respond_found (KtRequest  *req,
               char       *json,
               GError    **error)
{
  g_autofree char *text = json;
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return FALSE;
  node = json_from_string (text, error);
  if (node == NULL)
    return FALSE;
  kt_request_respond_json (req, 200, node);
  return TRUE;
}

gboolean
kt_route_me_get (KtRequest *req,
                 GError   **error)
{
  return respond_found (req, kt_pg_accounts_me_json (req->pg, req->auth.user_id, req->auth.org_id, error),
                        error);
}

static gboolean
profile_in_transaction (KtRequest *req,
                        gpointer   data,
                        GError   **error)
{
  JsonObject *body = data;
  gboolean changed;

  if (!kt_pg_users_update_profile (req->pg, req->auth.user_id, body, &changed, error))
    return FALSE;
  return !changed || kt_sync_log_profile_change (req, body, error);
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

  /* Other sessions may belong to whoever learned the old password. */
  return kt_pg_users_set_password (req->pg, req->auth.user_id, change->hash, error) &&
         kt_pg_sessions_revoke_others (req->pg, req->auth.user_id, change->keep, error);
}

gboolean
kt_route_me_password (KtRequest *req,
                      GError   **error)
{
  static const char * const allowed[] = { "current_password", "new_password", NULL };
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *keep = NULL;
  const char *current, *new_password;
  const char *token;
  PasswordChange change;

  if (body == NULL)
    return FALSE;
  if (!kt_routes_check_keys (body, allowed, error) ||
      !kt_json_get_string (body, "current_password", TRUE, &current, error) ||
      !kt_json_get_string (body, "new_password", TRUE, &new_password, error) ||
      !kt_auth_check_password (new_password, "new_password", error))
    return FALSE;

  stored = kt_pg_users_password_hash (req->pg, req->auth.user_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!kt_auth_verify_password (stored, current))
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
  return respond_found (req, kt_pg_organizations_json (req->pg, req->auth.org_id, error), error);
}

static const char * const org_keys[] = {
  "name", "vat_number", "address", "city", "country", "default_currency", "logo",
  "eik", "mol", "iban", "bic", "bank_name", "time_zone", "mail_sender_name", "mail_reply_to",
  "reminder_steps", NULL
};

static gboolean
org_in_transaction (KtRequest *req,
                    gpointer   data,
                    GError   **error)
{
  JsonObject *body = data;
  gboolean changed;

  if (!kt_pg_organizations_update (req->pg, req->auth.org_id, body, &changed, error))
    return FALSE;
  /* The seller block of every page (kt_routes_in_transaction()). */
  req->pages_changed = changed;
  return !changed ||
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
  if (!kt_policy_may_change_organization (req->auth.role, error) ||
      !kt_routes_check_keys (body, org_keys, error))
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
