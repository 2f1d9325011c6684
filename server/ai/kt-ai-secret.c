/* kt-ai-secret.c: an organization's provider key, sealed at rest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-secret"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-secret.h"
#include "kt-secret-box.h"
#include "kt-server-error.h"

/* The box's error, as the AI routes answer it: the organization's
 * provider cannot be used until the server has its key. */
static void
set_error (GError  *local_error,
           GError **error)
{
  g_set_error_literal (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_NOT_CONFIGURED, local_error->message);
}

char *
kt_ai_secret_seal (const KtServerConfig *config,
                   const char           *plain,
                   GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  char *sealed = kt_secret_box_seal (config, plain, &local_error);

  if (sealed == NULL)
    set_error (local_error, error);
  return sealed;
}

char *
kt_ai_secret_open (const KtServerConfig *config,
                   const char           *sealed,
                   GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  char *plain = kt_secret_box_open (config, sealed, &local_error);

  if (plain == NULL)
    set_error (local_error, error);
  return plain;
}
