/* kt-pg-accounts.h: users, organizations and their plans as stored
 *
 * The server-owned rows behind registration, login, the profile and the
 * organization's settings. The routes check a request and decide; these
 * functions read and write the rows, named for what they answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-pg.h"

G_BEGIN_DECLS

/* A new user. Without @language the profile fields are not written and
 * the table's defaults apply (a person who joins by invitation). */
typedef struct {
  const char *id;
  const char *org_id;
  const char *email;
  const char *full_name;
  const char *password_hash;
  const char *language;
  const char *timezone;
  const char *phone;
  const char *company_name;
  const char *company_vat;
  const char *company_address;
  const char *company_city;
  const char *company_country;
} KtPgNewUser;

/* KT_PG_ERROR_UNIQUE when the email address has an account. */
gboolean  kt_pg_users_insert               (KtPg              *pg,
                                            const KtPgNewUser *user,
                                            GError           **error);
/* The user of @email (any case) and its password hash; both NULL
 * without error when there is none. */
gboolean  kt_pg_users_find_login           (KtPg        *pg,
                                            const char  *email,
                                            char       **out_user_id,
                                            char       **out_password_hash,
                                            GError     **error);
char     *kt_pg_users_password_hash        (KtPg        *pg,
                                            const char  *user_id,
                                            GError     **error);
gboolean  kt_pg_users_set_password         (KtPg        *pg,
                                            const char  *user_id,
                                            const char  *password_hash,
                                            GError     **error);
/* Writes the profile keys present in @values (null unsets);
 * @out_changed tells whether there was any. */
gboolean  kt_pg_users_update_profile       (KtPg        *pg,
                                            const char  *user_id,
                                            JsonObject  *values,
                                            gboolean    *out_changed,
                                            GError     **error);

gboolean  kt_pg_organizations_insert       (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *name,
                                            GError     **error);
/* The organization keys present in @values, as above. */
gboolean  kt_pg_organizations_update       (KtPg        *pg,
                                            const char  *org_id,
                                            JsonObject  *values,
                                            gboolean    *out_changed,
                                            GError     **error);
/* The free plan a new organization starts on, and its history entry. */
gboolean  kt_pg_subscriptions_start_free   (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *subscription_id,
                                            const char  *history_id,
                                            GError     **error);

/* JSON text, or NULL with a 404 error: {"user", "organization", "role"}
 * of a member's session; the same with "memberships" for GET /v1/me; the
 * organization alone. */
char     *kt_pg_accounts_session_json      (KtPg        *pg,
                                            const char  *user_id,
                                            const char  *org_id,
                                            GError     **error);
char     *kt_pg_accounts_me_json           (KtPg        *pg,
                                            const char  *user_id,
                                            const char  *org_id,
                                            GError     **error);
char     *kt_pg_organizations_json         (KtPg        *pg,
                                            const char  *org_id,
                                            GError     **error);
/* Its statement and name, for a pipeline (one parameter: the
 * organization). */
const char *kt_pg_organizations_json_sql   (const char **name);
/* The organization's name (the sender name of its mail), or NULL with a
 * 404 error. */
char     *kt_pg_organizations_name         (KtPg        *pg,
                                            const char  *org_id,
                                            GError     **error);

G_END_DECLS
