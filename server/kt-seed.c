/* kt-seed.c: a large demo organization, for benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-seed"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-auth.h"
#include "kt-pg-seed.h"
#include "kt-seed.h"

gboolean
kt_seed_demo (KtPg                 *pg,
              const KtServerConfig *config,
              const char           *email,
              guint                 n_contacts,
              GError              **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *token = NULL;

  if (!kt_auth_init (error))
    return FALSE;
  hash = kt_auth_hash_password (config, KT_SEED_PASSWORD, error);
  if (hash == NULL)
    return FALSE;
  token = kt_auth_new_token (&token_hash);

  if (!kt_pg_seed_demo (pg, email, hash, token_hash, n_contacts, error))
    return FALSE;

  g_print ("%s\n", token);
  return TRUE;
}
