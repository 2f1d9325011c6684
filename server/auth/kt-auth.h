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

#include "kt-request.h"

G_BEGIN_DECLS

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

/* Creates a session row and returns its token. */
char     *kt_auth_create_session   (KtRequest   *req,
                                    const char  *user_id,
                                    const char  *org_id,
                                    char       **out_expires_at,
                                    GError     **error);

/* The session of a token hash ($N, bytea text): user_id, org_id and the
 * member's role (NULL when no longer an active member); no row when the
 * token is unknown, expired or revoked. Hot routes embed it in their own
 * query to save a round trip. */
#define KT_AUTH_SESSION_SQL(param) \
  "SELECT s.user_id, s.org_id, m.role FROM sessions s " \
  "LEFT JOIN team_members m ON m.org_id = s.org_id AND m.user_id = s.user_id AND m.status = 'active' " \
  "WHERE s.token_hash = " param "::bytea AND s.revoked_at IS NULL AND s.expires_at > now()"

/* The hash of the request's bearer token, or NULL with a 401 error when
 * the header is missing or cannot hold a token. */
char     *kt_auth_request_token_hash (KtRequest  *req,
                                      GError    **error);
/* Fills req->auth from a session row (see KT_AUTH_SESSION_SQL): 401 when
 * @user_id is NULL (no session), 403 not_a_member when @role is NULL. */
gboolean  kt_auth_set_context      (KtRequest   *req,
                                    const char  *user_id,
                                    const char  *org_id,
                                    const char  *role,
                                    GError     **error);
/* Fills req->auth from the "Authorization: Bearer" header: 401 when the
 * token is missing, unknown, expired or revoked, 403 when its user is no
 * longer an active member of the organization. */
gboolean  kt_auth_authenticate     (KtRequest  *req,
                                    GError    **error);

/* 429 when @email or the request's address failed too often recently. */
gboolean  kt_auth_check_rate_limit (KtRequest   *req,
                                    const char  *email,
                                    GError     **error);
void      kt_auth_record_attempt   (KtRequest   *req,
                                    const char  *email,
                                    gboolean     success);

G_END_DECLS
