/* kt-gpu-dri.c: kt-gpu.h on Linux
 *
 * Mesa reaches a graphics processor through a DRM device node
 * (/dev/dri/card*, /dev/dri/renderD*); NVIDIA's own driver through
 * /dev/nvidia*. With none of them, every OpenGL context is a software
 * one. LIBGL_ALWAYS_SOFTWARE and GALLIUM_DRIVER=llvmpipe/softpipe ask
 * Mesa for software rendering even where a GPU exists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-gpu"

#include "config.h"

#include "kt-gpu.h"

static gboolean
dir_has_entry_with_prefix (const char *dir_path,
                           const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return TRUE;

  return FALSE;
}

static gboolean
env_asks_for_software (void)
{
  const char *always = g_getenv ("LIBGL_ALWAYS_SOFTWARE");
  const char *gallium = g_getenv ("GALLIUM_DRIVER");

  if (always != NULL && *always != '\0' && g_strcmp0 (always, "0") != 0 &&
      g_ascii_strcasecmp (always, "false") != 0)
    return TRUE;

  return g_strcmp0 (gallium, "llvmpipe") == 0 || g_strcmp0 (gallium, "softpipe") == 0;
}

gboolean
kt_gpu_is_available (const char *root)
{
  g_autofree char *dri = g_build_filename (root != NULL ? root : "/", "dev", "dri", NULL);
  g_autofree char *dev = g_build_filename (root != NULL ? root : "/", "dev", NULL);

  if (env_asks_for_software ())
    return FALSE;

  return dir_has_entry_with_prefix (dri, "card") ||
         dir_has_entry_with_prefix (dri, "renderD") ||
         dir_has_entry_with_prefix (dev, "nvidia");
}

gboolean
kt_gpu_choose_renderer (void)
{
  if (g_getenv ("GSK_RENDERER") != NULL || kt_gpu_is_available (NULL))
    return FALSE;

  g_debug ("No graphics processor: drawing with cairo rather than OpenGL on the CPU");
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  return TRUE;
}
