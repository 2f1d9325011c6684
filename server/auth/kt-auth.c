/* kt-auth.c: passwords, bearer tokens, sessions and login rate limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-auth"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "kt-auth.h"
#include "kt-server-error.h"

#define TOKEN_BYTES 32

gboolean
kt_auth_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_INTERNAL,
                   _("libsodium could not be initialized"));
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_auth_check_password (const char  *password,
                        const char  *field,
                        GError     **error)
{
  glong length = g_utf8_strlen (password, -1);

  if (!g_utf8_validate (password, -1, NULL) || length < KT_PASSWORD_MIN_LENGTH)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, field,
                                 _("The password must have at least %d characters"),
                                 KT_PASSWORD_MIN_LENGTH);
      return FALSE;
    }
  if (strlen (password) > KT_PASSWORD_MAX_LENGTH)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, field,
                                 _("The password must have at most %d characters"),
                                 KT_PASSWORD_MAX_LENGTH);
      return FALSE;
    }
  return TRUE;
}

char *
kt_auth_hash_password (const KtServerConfig *config,
                       const char           *password,
                       GError              **error)
{
  char hash[crypto_pwhash_STRBYTES];
  unsigned long long ops = MAX (config->argon2_opslimit, crypto_pwhash_OPSLIMIT_MIN);
  size_t mem = MAX (config->argon2_memlimit, crypto_pwhash_MEMLIMIT_MIN);

  g_return_val_if_fail (password != NULL, NULL);

  if (crypto_pwhash_str_alg (hash, password, strlen (password), ops, mem,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAVAILABLE,
                   _("Not enough memory to hash the password"));
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
kt_auth_verify_password (const char *hash,
                         const char *password)
{
  g_return_val_if_fail (password != NULL, FALSE);

  if (hash == NULL)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

char *
kt_auth_hash_token (const char *token)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (token != NULL, NULL);

  g_checksum_update (sum, (const guchar *) token, (gssize) strlen (token));
  /* "\x<hex>" is the text form of a bytea value. */
  return g_strconcat ("\\x", g_checksum_get_string (sum), NULL);
}

char *
kt_auth_new_token (char **out_hash)
{
  guchar bytes[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);

  if (out_hash != NULL)
    *out_hash = kt_auth_hash_token (text);
  return g_strdup (text);
}

char *
kt_auth_create_session (KtRequest   *req,
                        const char  *user_id,
                        const char  *org_id,
                        char       **out_expires_at,
                        GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *token = kt_auth_new_token (&hash);
  g_autofree char *ttl = g_strdup_printf ("%u hours", req->config->token_ttl_hours);
  const char *params[] = { hash, user_id, org_id, req->remote_address, ttl };
  g_autoptr(PGresult) res = NULL;

  res = kt_pg_exec (req->pg, "create_session",
                    "INSERT INTO sessions (token_hash, user_id, org_id, address, expires_at) "
                    "VALUES ($1::bytea, $2::uuid, $3::uuid, $4, now() + $5::interval) "
                    "RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return NULL;
  if (out_expires_at)
    *out_expires_at = g_strdup (kt_pg_value (res, 0, 0));
  return g_steal_pointer (&token);
}

char *
kt_auth_request_token_hash (KtRequest  *req,
                            GError    **error)
{
  const char *token;

  g_return_val_if_fail (req != NULL, NULL);

  if (req->authorization == NULL ||
      g_ascii_strncasecmp (req->authorization, "Bearer ", 7) != 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAUTHORIZED,
                   _("This request needs an “Authorization: Bearer” token"));
      return NULL;
    }

  token = req->authorization + 7;
  while (*token == ' ')
    token++;
  /* A real token is 43 base64url characters: anything else cannot match,
   * and need not cost a query. */
  if (strlen (token) != 43 || strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != 43)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAUTHORIZED,
                   _("The token is not valid"));
      return NULL;
    }

  return kt_auth_hash_token (token);
}

gboolean
kt_auth_set_context (KtRequest   *req,
                     const char  *user_id,
                     const char  *org_id,
                     const char  *role,
                     GError     **error)
{
  if (user_id == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAUTHORIZED,
                   _("The token is not valid, has expired or was revoked; log in again"));
      return FALSE;
    }
  if (role == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_A_MEMBER,
                   _("You are no longer a member of this organization"));
      return FALSE;
    }

  g_free (req->auth.user_id);
  g_free (req->auth.org_id);
  req->auth.user_id = g_strdup (user_id);
  req->auth.org_id = g_strdup (org_id);
  req->auth.role = kt_role_from_string (role);
  return TRUE;
}

gboolean
kt_auth_authenticate (KtRequest  *req,
                      GError    **error)
{
  g_autofree char *hash = kt_auth_request_token_hash (req, error);
  g_autoptr(PGresult) res = NULL;
  const char *params[1];

  if (hash == NULL)
    return FALSE;

  params[0] = hash;
  res = kt_pg_exec (req->pg, "authenticate", KT_AUTH_SESSION_SQL ("$1"), 1, params, error);
  if (res == NULL)
    return FALSE;

  return kt_auth_set_context (req, kt_pg_value (res, 0, 0), kt_pg_value (res, 0, 1),
                              kt_pg_value (res, 0, 2), error);
}

gboolean
kt_auth_check_rate_limit (KtRequest   *req,
                          const char  *email,
                          GError     **error)
{
  g_autofree char *window = g_strdup_printf ("%u minutes", req->config->login_window_minutes);
  const char *params[] = { email, req->remote_address ? req->remote_address : "", window };
  g_autoptr(PGresult) res = NULL;
  guint64 by_account, by_address;

  res = kt_pg_exec (req->pg, "login_failures",
                    "SELECT "
                    " (SELECT count(*) FROM login_attempts WHERE lower(email) = lower($1) "
                    "   AND NOT success AND at > now() - $3::interval),"
                    " (SELECT count(*) FROM login_attempts WHERE address = $2 "
                    "   AND NOT success AND at > now() - $3::interval)",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;

  by_account = g_ascii_strtoull (kt_pg_value (res, 0, 0), NULL, 10);
  by_address = g_ascii_strtoull (kt_pg_value (res, 0, 1), NULL, 10);
  if (by_account >= req->config->login_max_failures_account ||
      by_address >= req->config->login_max_failures_address)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_RATE_LIMITED,
                   _("Too many failed logins; try again in %u minutes"),
                   req->config->login_window_minutes);
      return FALSE;
    }
  return TRUE;
}

void
kt_auth_record_attempt (KtRequest   *req,
                        const char  *email,
                        gboolean     success)
{
  const char *params[] = { email, req->remote_address ? req->remote_address : "", success ? "t" : "f" };
  g_autoptr(GError) error = NULL;

  if (!kt_pg_run (req->pg,
                  "INSERT INTO login_attempts (email, address, success) VALUES ($1, $2, $3::boolean)",
                  G_N_ELEMENTS (params), params, &error))
    g_warning ("Cannot record a login attempt: %s", error->message);
}
