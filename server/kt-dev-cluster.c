/* kt-dev-cluster.c: the PostgreSQL cluster that `kantora-server --dev` runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-dev-cluster"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "kt-dev-cluster.h"
#include "kt-pg.h"

/* The socket file is named after the port; nothing listens on TCP. */
#define DEV_PG_PORT "8471"

struct _KtDevCluster
{
  char    *bindir;
  char    *path;        /* the cluster's own directory (socket lives here) */
  char    *pgdata;
  char    *conninfo;
  gboolean started;     /* by us: stop it on exit */
};

char *
kt_dev_cluster_find_bindir (GError **error)
{
  const char *env = g_getenv ("KANTORA_PG_BINDIR");
  g_autofree char *initdb = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *best = NULL;
  const char *name;

  if (env != NULL && *env)
    return g_strdup (env);

  initdb = g_find_program_in_path ("initdb");
  if (initdb != NULL)
    return g_path_get_dirname (initdb);

  /* Debian keeps the server binaries out of $PATH, one dir per version. */
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *candidate = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE) &&
          (best == NULL || atoi (name) > atoi (best)))
        {
          g_free (best);
          best = g_strdup (name);
        }
    }
  if (best != NULL)
    return g_build_filename ("/usr/lib/postgresql", best, "bin", NULL);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("PostgreSQL's initdb was not found; install the postgresql package or set KANTORA_PG_BINDIR"));
  return NULL;
}

static gboolean
run_tool (KtDevCluster  *cluster,
          const char    *tool,
          const char   **args,
          GError       **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  /* PostgreSQL refuses to run as root: hand it to the postgres user. */
  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (cluster->bindir, tool, NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                     NULL, NULL, &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s failed: %s"), tool, err && *err ? g_strstrip (err) : (out ? g_strstrip (out) : ""));
      return FALSE;
    }
  return TRUE;
}

static char *
pick_cluster_path (const char *data_dir)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  if (geteuid () != 0)
    return g_build_filename (data_dir, "postgres", NULL);

  /* root's home is not traversable by the postgres user, so the cluster
   * of a root-run dev server lives in /var/tmp (kept across reboots),
   * named after the data dir so several data dirs do not share one. */
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data_dir, -1);
  hash[12] = '\0';
  name = g_strdup_printf ("kantora-dev-pg-%s", hash);
  return g_build_filename ("/var/tmp", name, NULL);
}

static gboolean
prepare_dir (const char *path, GError **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("There is no postgres user to run the development database as"));
          return FALSE;
        }
      if (chown (path, pw->pw_uid, pw->pw_gid) != 0 || g_chmod (path, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot hand %s to the postgres user: %s"), path, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
ensure_database (KtDevCluster *cluster, GError **error)
{
  g_autofree char *admin = g_strdup_printf ("host=%s port=" DEV_PG_PORT " user=postgres dbname=postgres",
                                            cluster->path);

  return kt_pg_create_dev_database (admin, error);
}

KtDevCluster *
kt_dev_cluster_start (const char  *data_dir,
                      GError     **error)
{
  g_autofree char *bindir = NULL;
  g_autofree char *version_file = NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *log_file = NULL;
  g_autofree char *options = NULL;
  KtDevCluster *cluster;

  g_return_val_if_fail (data_dir != NULL, NULL);

  bindir = kt_dev_cluster_find_bindir (error);
  if (bindir == NULL)
    return NULL;

  cluster = g_new0 (KtDevCluster, 1);
  cluster->bindir = g_steal_pointer (&bindir);
  cluster->path = pick_cluster_path (data_dir);
  cluster->pgdata = g_build_filename (cluster->path, "data", NULL);
  cluster->conninfo = g_strdup_printf ("host=%s port=" DEV_PG_PORT " user=postgres dbname=kantora",
                                       cluster->path);

  if (g_mkdir_with_parents (data_dir, 0700) != 0 || !prepare_dir (cluster->path, error))
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot create %s"), data_dir);
      kt_dev_cluster_stop (cluster);
      return NULL;
    }

  version_file = g_build_filename (cluster->pgdata, "PG_VERSION", NULL);
  if (!g_file_test (version_file, G_FILE_TEST_EXISTS))
    {
      const char *args[] = { "-D", cluster->pgdata, "-U", "postgres", "-A", "trust",
                             "-E", "UTF8", "--no-locale", NULL };

      g_message ("creating the development database cluster in %s", cluster->path);
      if (!run_tool (cluster, "initdb", args, error))
        {
          kt_dev_cluster_stop (cluster);
          return NULL;
        }
    }

  pid_file = g_build_filename (cluster->pgdata, "postmaster.pid", NULL);
  log_file = g_build_filename (cluster->path, "server.log", NULL);
  options = g_strdup_printf ("-p " DEV_PG_PORT " -k %s -c listen_addresses=", cluster->path);
  {
    const char *status_args[] = { "-D", cluster->pgdata, "status", NULL };
    const char *start_args[] = { "-D", cluster->pgdata, "-l", log_file, "-w", "-t", "60",
                                 "-o", options, "start", NULL };

    if (!g_file_test (pid_file, G_FILE_TEST_EXISTS) ||
        !run_tool (cluster, "pg_ctl", status_args, NULL))
      {
        if (!run_tool (cluster, "pg_ctl", start_args, error))
          {
            kt_dev_cluster_stop (cluster);
            return NULL;
          }
        cluster->started = TRUE;
      }
  }

  if (!ensure_database (cluster, error))
    {
      kt_dev_cluster_stop (cluster);
      return NULL;
    }

  return cluster;
}

const char *
kt_dev_cluster_get_conninfo (KtDevCluster *cluster)
{
  g_return_val_if_fail (cluster != NULL, NULL);
  return cluster->conninfo;
}

const char *
kt_dev_cluster_get_path (KtDevCluster *cluster)
{
  g_return_val_if_fail (cluster != NULL, NULL);
  return cluster->path;
}

void
kt_dev_cluster_stop (KtDevCluster *cluster)
{
  if (cluster == NULL)
    return;

  if (cluster->started)
    {
      const char *args[] = { "-D", cluster->pgdata, "-m", "fast", "-w", "stop", NULL };
      g_autoptr(GError) error = NULL;

      if (!run_tool (cluster, "pg_ctl", args, &error))
        g_warning ("Cannot stop the development database: %s", error->message);
    }

  g_free (cluster->bindir);
  g_free (cluster->path);
  g_free (cluster->pgdata);
  g_free (cluster->conninfo);
  g_free (cluster);
}
