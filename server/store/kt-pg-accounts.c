/* kt-pg-accounts.c: users, organizations and their plans as stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-accounts"

#include "config.h"

#include "kt-pg-accounts.h"

/* Columns of users that a person may see, as a json_build_object body. */
#define USER_JSON \
  "json_build_object('id', u.id, 'email', u.email, 'full_name', u.full_name, 'phone', u.phone," \
  " 'company_name', u.company_name, 'company_vat', u.company_vat, 'company_address', u.company_address," \
  " 'company_city', u.company_city, 'company_country', u.company_country, 'language', u.language," \
  " 'timezone', u.timezone, 'created_at', u.created_at)"
#define ORG_JSON \
  "json_build_object('id', o.org_id, 'name', o.name, 'vat_number', o.vat_number, 'address', o.address," \
  " 'city', o.city, 'country', o.country, 'default_currency', o.default_currency, 'logo', o.logo," \
  " 'eik', o.eik, 'mol', o.mol, 'iban', o.iban, 'bic', o.bic, 'bank_name', o.bank_name," \
  " 'time_zone', o.time_zone, 'mail_sender_name', o.mail_sender_name," \
  " 'mail_reply_to', o.mail_reply_to, 'reminder_steps', o.reminder_steps," \
  " 'created_at', o.created_at)"

/* The columns PATCH /v1/me and PATCH /v1/organization may write. */
static const char * const profile_columns[] = {
  "full_name", "phone", "company_name", "company_vat", "company_address",
  "company_city", "company_country", "language", "timezone", NULL
};
static const char * const organization_columns[] = {
  "name", "vat_number", "address", "city", "country", "default_currency", "logo",
  "eik", "mol", "iban", "bic", "bank_name", "time_zone", "mail_sender_name",
  "mail_reply_to", "reminder_steps", NULL
};

gboolean
kt_pg_users_insert (KtPg              *pg,
                    const KtPgNewUser *user,
                    GError           **error)
{
  if (user->language == NULL)
    {
      const char *p[] = { user->id, user->org_id, user->email, user->full_name, user->password_hash };

      return kt_pg_run (pg,
                        "INSERT INTO users (id, org_id, email, full_name, password_hash) "
                        "VALUES ($1::uuid, $2::uuid, $3, $4, $5)", 5, p, error);
    }
  else
    {
      const char *p[] = {
        user->id, user->org_id, user->email, user->full_name, user->password_hash,
        user->language, user->timezone, user->phone, user->company_name, user->company_vat,
        user->company_address, user->company_city, user->company_country,
      };

      return kt_pg_run (pg,
                        "INSERT INTO users (id, org_id, email, full_name, password_hash, language, timezone,"
                        " phone, company_name, company_vat, company_address, company_city, company_country) "
                        "VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                        G_N_ELEMENTS (p), p, error);
    }
}

gboolean
kt_pg_users_find_login (KtPg        *pg,
                        const char  *email,
                        char       **out_user_id,
                        char       **out_password_hash,
                        GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { email };

  res = kt_pg_exec (pg, "login_user",
                    "SELECT id, password_hash FROM users WHERE lower(email) = lower($1)",
                    1, params, error);
  if (res == NULL)
    return FALSE;
  *out_user_id = g_strdup (kt_pg_value (res, 0, 0));
  *out_password_hash = g_strdup (kt_pg_value (res, 0, 1));
  return TRUE;
}

char *
kt_pg_users_password_hash (KtPg        *pg,
                           const char  *user_id,
                           GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { user_id };

  res = kt_pg_exec (pg, "password_hash", "SELECT password_hash FROM users WHERE id = $1::uuid",
                    1, params, error);
  if (res == NULL)
    return NULL;
  return g_strdup (kt_pg_value (res, 0, 0));
}

gboolean
kt_pg_users_set_password (KtPg        *pg,
                          const char  *user_id,
                          const char  *password_hash,
                          GError     **error)
{
  const char *params[] = { user_id, password_hash };

  return kt_pg_run (pg, "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1::uuid",
                    2, params, error);
}

/* "UPDATE @table SET a = $2, b = $3, updated_at = now() WHERE @key =
 * $1::uuid" for the @columns present in @values, in @columns order. */
static gboolean
update_columns (KtPg               *pg,
                const char         *table,
                const char         *key,
                const char         *id,
                const char * const *columns,
                JsonObject         *values,
                gboolean           *out_changed,
                GError            **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sets = g_string_new (NULL);
  g_autofree char *sql = NULL;

  g_ptr_array_add (params, g_strdup (id));
  for (guint i = 0; columns[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (values, columns[i]);

      if (node == NULL)
        continue;
      g_ptr_array_add (params, JSON_NODE_HOLDS_NULL (node) ? NULL : g_strdup (json_node_get_string (node)));
      g_string_append_printf (sets, "%s\"%s\" = $%u", sets->len ? ", " : "", columns[i], params->len);
    }

  *out_changed = sets->len > 0;
  if (!*out_changed)
    return TRUE;
  sql = g_strdup_printf ("UPDATE %s SET %s, updated_at = now() WHERE %s = $1::uuid", table, sets->str, key);
  return kt_pg_run (pg, sql, (int) params->len, (const char * const *) params->pdata, error);
}

gboolean
kt_pg_users_update_profile (KtPg        *pg,
                            const char  *user_id,
                            JsonObject  *values,
                            gboolean    *out_changed,
                            GError     **error)
{
  return update_columns (pg, "users", "id", user_id, profile_columns, values, out_changed, error);
}

gboolean
kt_pg_organizations_insert (KtPg        *pg,
                            const char  *org_id,
                            const char  *name,
                            GError     **error)
{
  const char *params[] = { org_id, name };

  return kt_pg_run (pg, "INSERT INTO organizations (org_id, name) VALUES ($1::uuid, $2)",
                    G_N_ELEMENTS (params), params, error);
}

gboolean
kt_pg_organizations_update (KtPg        *pg,
                            const char  *org_id,
                            JsonObject  *values,
                            gboolean    *out_changed,
                            GError     **error)
{
  return update_columns (pg, "organizations", "org_id", org_id, organization_columns, values,
                         out_changed, error);
}

/* The free plan, as the original registration flow made it; billing (a
 * later issue) changes plans and enforces the limits. */
gboolean
kt_pg_subscriptions_start_free (KtPg        *pg,
                                const char  *org_id,
                                const char  *subscription_id,
                                const char  *history_id,
                                GError     **error)
{
  const char *params[] = { org_id, subscription_id, history_id };

  return kt_pg_run (pg,
                    "WITH s AS (INSERT INTO subscriptions (org_id, id, plan, status, current_period_start,"
                    "  contacts_limit, users_limit, ai_requests_limit)"
                    "  VALUES ($1::uuid, $2::uuid, 'free', 'active', now(), 1000, 3, 50) RETURNING id) "
                    "INSERT INTO subscription_histories (org_id, id, subscription_id, event, to_plan) "
                    "SELECT $1::uuid, $3::uuid, s.id, 'created', 'free' FROM s",
                    G_N_ELEMENTS (params), params, error);
}

char *
kt_pg_accounts_session_json (KtPg        *pg,
                             const char  *user_id,
                             const char  *org_id,
                             GError     **error)
{
  const char *params[] = { user_id, org_id };

  return kt_pg_query_one (pg, "session_info",
                          "SELECT json_build_object('user', " USER_JSON ", 'organization', " ORG_JSON ","
                          " 'role', m.role)::text "
                          "FROM users u JOIN team_members m ON m.user_id = u.id AND m.status = 'active' "
                          "JOIN organizations o ON o.org_id = m.org_id "
                          "WHERE u.id = $1::uuid AND m.org_id = $2::uuid",
                          2, params, "user", error);
}

char *
kt_pg_accounts_me_json (KtPg        *pg,
                        const char  *user_id,
                        const char  *org_id,
                        GError     **error)
{
  const char *params[] = { user_id, org_id };

  return kt_pg_query_one (pg, "me_get",
                          "SELECT json_build_object('user', " USER_JSON ", 'organization', " ORG_JSON ","
                          " 'role', m.role,"
                          " 'memberships', (SELECT json_agg(json_build_object('org_id', mm.org_id,"
                          "   'name', oo.name, 'role', mm.role) ORDER BY mm.joined_at)"
                          "   FROM team_members mm JOIN organizations oo ON oo.org_id = mm.org_id"
                          "   WHERE mm.user_id = u.id AND mm.status = 'active'))::text "
                          "FROM users u JOIN team_members m ON m.user_id = u.id AND m.status = 'active' "
                          "JOIN organizations o ON o.org_id = m.org_id "
                          "WHERE u.id = $1::uuid AND m.org_id = $2::uuid",
                          2, params, "user", error);
}

char *
kt_pg_organizations_json (KtPg        *pg,
                          const char  *org_id,
                          GError     **error)
{
  const char *params[] = { org_id };
  const char *name;
  const char *sql = kt_pg_organizations_json_sql (&name);

  return kt_pg_query_one (pg, name, sql, 1, params, "organization", error);
}

const char *
kt_pg_organizations_json_sql (const char **name)
{
  *name = "org_get";
  return "SELECT " ORG_JSON "::text FROM organizations o WHERE o.org_id = $1::uuid";
}

char *
kt_pg_organizations_name (KtPg        *pg,
                          const char  *org_id,
                          GError     **error)
{
  const char *params[] = { org_id };

  return kt_pg_query_one (pg, "org_name",
                          "SELECT o.name FROM organizations o WHERE o.org_id = $1::uuid",
                          1, params, "organization", error);
}
