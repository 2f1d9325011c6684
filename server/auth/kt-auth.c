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
#include "kt-pg-sessions.h"
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
kt_auth_create_session (KtPg                 *pg,
                        const KtServerConfig *config,
                        const char           *address,
                        const char           *user_id,
                        const char           *org_id,
                        char                **out_expires_at,
                        GError              **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *token = kt_auth_new_token (&hash);

  if (!kt_pg_sessions_create (pg, hash, user_id, org_id, address, config->token_ttl_hours,
                              out_expires_at, error))
    return NULL;
  return g_steal_pointer (&token);
}

char *
kt_auth_token_hash (const char  *authorization,
                    GError     **error)
{
  const char *token;

  if (authorization == NULL ||
      g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAUTHORIZED,
                   _("This request needs an “Authorization: Bearer” token"));
      return NULL;
    }

  token = authorization + 7;
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
kt_auth_set_context (KtAuthContext  *auth,
                     const char     *user_id,
                     const char     *org_id,
                     const char     *role,
                     GError        **error)
{
  g_return_val_if_fail (auth != NULL, FALSE);

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

  g_free (auth->user_id);
  g_free (auth->org_id);
  auth->user_id = g_strdup (user_id);
  auth->org_id = g_strdup (org_id);
  auth->role = kt_role_from_string (role);
  return TRUE;
}

gboolean
kt_auth_authenticate (KtPg           *pg,
                      const char     *authorization,
                      KtAuthContext  *auth,
                      GError        **error)
{
  g_autofree char *hash = kt_auth_token_hash (authorization, error);
  g_auto(KtPgSession) session = { 0, };

  if (hash == NULL)
    return FALSE;
  if (!kt_pg_sessions_find (pg, hash, &session, error))
    return FALSE;
  return kt_auth_set_context (auth, session.user_id, session.org_id, session.role, error);
}

gboolean
kt_auth_check_rate_limit (KtPg                 *pg,
                          const KtServerConfig *config,
                          const char           *address,
                          const char           *email,
                          GError              **error)
{
  guint64 by_account, by_address;

  if (!kt_pg_login_failures (pg, email, address ? address : "", config->login_window_minutes,
                             &by_account, &by_address, error))
    return FALSE;

  if (by_account >= config->login_max_failures_account ||
      by_address >= config->login_max_failures_address)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_RATE_LIMITED,
                   _("Too many failed logins; try again in %u minutes"),
                   config->login_window_minutes);
      return FALSE;
    }
  return TRUE;
}

void
kt_auth_record_attempt (KtPg        *pg,
                        const char  *address,
                        const char  *email,
                        gboolean     success)
{
  g_autoptr(GError) error = NULL;

  if (!kt_pg_login_record (pg, email, address ? address : "", success, &error))
    g_warning ("Cannot record a login attempt: %s", error->message);
}

struct _KtSessionOrgs
{
  GMutex      lock;
  GHashTable *orgs;   /* token hash -> organization id */
};

KtSessionOrgs *
kt_session_orgs_new (void)
{
  KtSessionOrgs *orgs = g_new0 (KtSessionOrgs, 1);

  g_mutex_init (&orgs->lock);
  orgs->orgs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return orgs;
}

void
kt_session_orgs_free (KtSessionOrgs *orgs)
{
  if (orgs == NULL)
    return;
  g_hash_table_unref (orgs->orgs);
  g_mutex_clear (&orgs->lock);
  g_free (orgs);
}

char *
kt_session_orgs_lookup (KtSessionOrgs *orgs,
                        const char    *token_hash)
{
  char *org_id;

  g_return_val_if_fail (orgs != NULL && token_hash != NULL, NULL);

  g_mutex_lock (&orgs->lock);
  org_id = g_strdup (g_hash_table_lookup (orgs->orgs, token_hash));
  g_mutex_unlock (&orgs->lock);
  return org_id;
}

void
kt_session_orgs_insert (KtSessionOrgs *orgs,
                        const char    *token_hash,
                        const char    *org_id)
{
  g_return_if_fail (orgs != NULL && token_hash != NULL && org_id != NULL);

  g_mutex_lock (&orgs->lock);
  if (g_hash_table_size (orgs->orgs) >= KT_SESSION_ORGS_MAX)
    g_hash_table_remove_all (orgs->orgs);
  g_hash_table_replace (orgs->orgs, g_strdup (token_hash), g_strdup (org_id));
  g_mutex_unlock (&orgs->lock);
}
