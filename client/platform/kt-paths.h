/* kt-paths.h: where the client keeps its files
 *
 * A small interface over the operating system's conventions so the rest
 * of the client never builds a machine path by hand. The Linux/XDG
 * implementation lives in kt-paths-xdg.c; Windows or macOS would provide
 * their own file behind the same functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each returns the per-user directory for Kantora's data, configuration or
 * cache (e.g. $XDG_DATA_HOME/kantora), creating it with mode 0700 if it is
 * missing. Returns NULL and sets @error when it cannot be created. */
char *kt_paths_get_data_dir   (GError **error);
char *kt_paths_get_config_dir (GError **error);
char *kt_paths_get_cache_dir  (GError **error);

/* Creates @path (and its parents) with mode 0700 if missing; a translated
 * error names the directory that could not be made. */
gboolean kt_paths_ensure_dir  (const char *path,
                               GError    **error);

G_END_DECLS
