/* kt-seed.c: a large demo organization, for benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-seed"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-auth.h"
#include "kt-pg-seed.h"
#include "kt-seed.h"

gboolean
kt_seed_parse_size (const char  *text,
                    guint       *out,
                    GError     **error)
{
  guint64 value = 0;
  guint64 unit = 1;
  g_autofree char *digits = g_strdup (text);
  gsize len = strlen (digits);

  if (len > 0 && g_ascii_tolower (digits[len - 1]) == 'k')
    unit = 1000;
  else if (len > 0 && g_ascii_tolower (digits[len - 1]) == 'm')
    unit = 1000000;
  if (unit > 1)
    digits[len - 1] = '\0';
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT32 / unit, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a number of contacts (such as 100000, 100k or 1m)"), text);
      return FALSE;
    }
  *out = (guint) (value * unit);
  return TRUE;
}

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
