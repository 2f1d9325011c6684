/* kt-paths-xdg.c: the XDG base directory implementation of kt-paths.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-paths"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>

#include "kt-paths.h"

/* The folder name under each base directory. */
#define KT_PATHS_APP_DIR "kantora"

gboolean
kt_paths_ensure_dir (const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Private data: contacts, invoices and sync state are nobody else's
   * business on a shared machine, hence 0700. */
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static char *
app_dir_under (const char  *base,
               GError     **error)
{
  g_autofree char *path = g_build_filename (base, KT_PATHS_APP_DIR, NULL);

  if (!kt_paths_ensure_dir (path, error))
    return NULL;

  return g_steal_pointer (&path);
}

/**
 * kt_paths_get_data_dir:
 *
 * Returns: (transfer full) (nullable): $XDG_DATA_HOME/kantora
 */
char *
kt_paths_get_data_dir (GError **error)
{
  return app_dir_under (g_get_user_data_dir (), error);
}

/**
 * kt_paths_get_config_dir:
 *
 * Returns: (transfer full) (nullable): $XDG_CONFIG_HOME/kantora
 */
char *
kt_paths_get_config_dir (GError **error)
{
  return app_dir_under (g_get_user_config_dir (), error);
}

/**
 * kt_paths_get_cache_dir:
 *
 * Returns: (transfer full) (nullable): $XDG_CACHE_HOME/kantora
 */
char *
kt_paths_get_cache_dir (GError **error)
{
  return app_dir_under (g_get_user_cache_dir (), error);
}
