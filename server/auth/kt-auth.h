/* kt-auth.h: passwords, bearer tokens, sessions and login rate limits
 *
 * Passwords are hashed with Argon2id (libsodium). A bearer token is 256
 * random bits sent as base64url; the server keeps only its SHA-256, with
 * an expiry and a revocation time. All state lives in PostgreSQL, so any
 * instance can check any token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-role.h"
#include "kt-server-config.h"

G_BEGIN_DECLS

/* Who a request acts for, once its token is checked. */
typedef struct {
  char   *user_id;
  char   *org_id;
  KtRole  role;
} KtAuthContext;

#define KT_PASSWORD_MIN_LENGTH 8
#define KT_PASSWORD_MAX_LENGTH 1024

gboolean  kt_auth_init             (GError **error);

/* The string to store (it names the algorithm, salt and limits). */
char     *kt_auth_hash_password    (const KtServerConfig *config,
                                    const char           *password,
                                    GError              **error);
gboolean  kt_auth_verify_password  (const char *hash,
                                    const char *password);
/* Checks the length rules; the error names @field. */
gboolean  kt_auth_check_password   (const char  *password,
                                    const char  *field,
                                    GError     **error);

/* A fresh token; @out_hash receives its hash as PostgreSQL bytea text. */
char     *kt_auth_new_token        (char **out_hash);
char     *kt_auth_hash_token       (const char *token);

/* Creates a session (for a client at @address, may be NULL) and returns
 * its token. */
char     *kt_auth_create_session   (KtPg                 *pg,
                                    const KtServerConfig *config,
                                    const char           *address,
                                    const char           *user_id,
                                    const char           *org_id,
                                    char                **out_expires_at,
                                    GError              **error);

/* The hash of the bearer token of an Authorization header (may be NULL),
 * or NULL with a 401 error when the header is missing or cannot hold a
 * token. */
char     *kt_auth_token_hash       (const char  *authorization,
                                    GError     **error);
/* Fills @auth from a session (see KT_PG_SESSION_SQL): 401 when @user_id
 * is NULL (no session), 403 not_a_member when @role is NULL. */
gboolean  kt_auth_set_context      (KtAuthContext  *auth,
                                    const char     *user_id,
                                    const char     *org_id,
                                    const char     *role,
                                    GError        **error);
/* Fills @auth from an "Authorization: Bearer" header: 401 when the token
 * is missing, unknown, expired or revoked, 403 when its user is no longer
 * an active member of the organization. */
gboolean  kt_auth_authenticate     (KtPg           *pg,
                                    const char     *authorization,
                                    KtAuthContext  *auth,
                                    GError        **error);

/* 429 when @email or @address failed too often recently. */
gboolean  kt_auth_check_rate_limit (KtPg                 *pg,
                                    const KtServerConfig *config,
                                    const char           *address,
                                    const char           *email,
                                    GError              **error);
void      kt_auth_record_attempt   (KtPg        *pg,
                                    const char  *address,
                                    const char  *email,
                                    gboolean     success);

/* The organization of a token's session by the token's hash, kept in
 * the process (one a server): a session's organization is fixed when it
 * is created, so an entry is never wrong, only unchecked. It lets a
 * route send its first statements with the session's own check
 * (KT_PG_SESSION_SQL: not revoked, not expired, still a member, the
 * role) in one round trip, and use their rows only when the check
 * passes; a revocation on any instance counts at once. Thread-safe;
 * starts over at KT_SESSION_ORGS_MAX entries. */
typedef struct _KtSessionOrgs KtSessionOrgs;

#define KT_SESSION_ORGS_MAX 65536

KtSessionOrgs *kt_session_orgs_new    (void);
void           kt_session_orgs_free   (KtSessionOrgs *orgs);
/* A copy of the organization, or NULL when the token was not seen. */
char          *kt_session_orgs_lookup (KtSessionOrgs *orgs,
                                       const char    *token_hash);
void           kt_session_orgs_insert (KtSessionOrgs *orgs,
                                       const char    *token_hash,
                                       const char    *org_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtSessionOrgs, kt_session_orgs_free)

G_END_DECLS
