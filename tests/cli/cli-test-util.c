/* cli-test-util.c: running the built kantora-cli as a person would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "cli-test-util.h"

static GHashTable *extra_env;

void
cli_setenv (const char *key,
            const char *value)
{
  if (extra_env == NULL)
    extra_env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (value != NULL)
    g_hash_table_insert (extra_env, g_strdup (key), g_strdup (value));
  else
    g_hash_table_remove (extra_env, key);
}

GSubprocessLauncher *
cli_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  const char *child_asan = g_getenv ("KT_TEST_CHILD_ASAN_OPTIONS");
  GHashTableIter iter;
  gpointer key, value;

  /* tools/test's ASan pass: the CLI's libsoup and libsecret leaks are
   * suppressed by frames only the slow unwinder finds, which this test
   * process does not need (kt-test-harness.c says more). */
  if (child_asan != NULL)
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", child_asan, TRUE);

  if (extra_env != NULL)
    {
      g_hash_table_iter_init (&iter, extra_env);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_subprocess_launcher_setenv (launcher, key, value, TRUE);
    }
  return launcher;
}

const char *
cli_path (void)
{
  const char *path = g_getenv ("KT_TEST_CLI");

  g_assert_nonnull (path);
  return path;
}

void
cli_result_free (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

CliResult *
cli_runv (const char          *store_dir,
          const char          *input,
          const char * const  *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  CliResult *result = g_new0 (CliResult, 1);

  g_ptr_array_add (argv, (gpointer) cli_path ());
  if (store_dir != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--store");
      g_ptr_array_add (argv, (gpointer) store_dir);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = cli_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL,
                                 &result->out, &result->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_test_message ("kantora-cli %s was killed: %s", args[0] != NULL ? args[0] : "", result->err);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);

  g_test_message ("kantora-cli %s -> %d%s%s", args[0] != NULL ? args[0] : "", result->status,
                  *result->err != '\0' ? ": " : "", result->err);
  return result;
}

CliResult *
cli_run (const char *store_dir,
         const char *input,
         ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return cli_runv (store_dir, input, (const char * const *) args->pdata);
}

char *
cli_make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("kantora-cli-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cli_remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        cli_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}
