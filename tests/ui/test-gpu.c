/* test-gpu.c: the client's choice of renderer without a GPU (kt-gpu.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "kt-gpu.h"

static char *
make_root (const char * const *devices)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("kt-gpu-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; devices[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (root, devices[i], NULL);
      g_autofree char *dir = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, "", 0, NULL));
    }

  return root;
}

static void
remove_root (const char *root)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", root);

  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_gpu_devices (void)
{
  static const struct {
    const char *devices[3];
    gboolean    gpu;
  } cases[] = {
    { { NULL }, FALSE },                           /* Xvfb, a container */
    { { "dev/null", NULL }, FALSE },
    { { "dev/dri/by-path/x", NULL }, FALSE },      /* a directory, no node */
    { { "dev/dri/card0", NULL }, TRUE },
    { { "dev/dri/renderD128", NULL }, TRUE },
    { { "dev/nvidia0", "dev/nvidiactl" }, TRUE },  /* NVIDIA's own driver */
  };

  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
  g_unsetenv ("GALLIUM_DRIVER");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *root = make_root (cases[i].devices);

      g_test_message ("case %u", i);
      g_assert_cmpint (kt_gpu_is_available (root), ==, cases[i].gpu);
      remove_root (root);
    }
}

static void
test_gpu_software_asked (void)
{
  const char * const devices[] = { "dev/dri/renderD128", NULL };
  g_autofree char *root = make_root (devices);

  g_unsetenv ("GALLIUM_DRIVER");
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);
  g_assert_false (kt_gpu_is_available (root));
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "0", TRUE);
  g_assert_true (kt_gpu_is_available (root));
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "false", TRUE);
  g_assert_true (kt_gpu_is_available (root));
  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
  g_setenv ("GALLIUM_DRIVER", "llvmpipe", TRUE);
  g_assert_false (kt_gpu_is_available (root));
  g_setenv ("GALLIUM_DRIVER", "radeonsi", TRUE);
  g_assert_true (kt_gpu_is_available (root));
  g_unsetenv ("GALLIUM_DRIVER");
  remove_root (root);
}

/* The person's GSK_RENDERER always wins, even an empty one; without one
 * and without a GPU on this machine (the test checks which) the client
 * picks cairo. */
static void
test_gpu_choose_renderer (void)
{
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_assert_false (kt_gpu_choose_renderer ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
  g_setenv ("GSK_RENDERER", "", TRUE);
  g_assert_false (kt_gpu_choose_renderer ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "");

  g_unsetenv ("GSK_RENDERER");
  if (kt_gpu_is_available (NULL))
    {
      g_assert_false (kt_gpu_choose_renderer ());
      g_assert_null (g_getenv ("GSK_RENDERER"));
    }
  else
    {
      g_assert_true (kt_gpu_choose_renderer ());
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gpu/devices", test_gpu_devices);
  g_test_add_func ("/gpu/software-asked", test_gpu_software_asked);
  g_test_add_func ("/gpu/choose-renderer", test_gpu_choose_renderer);

  return g_test_run ();
}
