/* main.c: kantora-server, the sync and REST server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora-server"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "kt-dev-cluster.h"
#include "kt-job-runner.h"
#include "kt-pg-migrate.h"
#include "kt-seed.h"
#include "kt-server.h"

/* Byte sizes for glibc's allocator; see keep_freed_memory(). */
#define KT_MALLOC_TRIM_THRESHOLD (16 * 1024 * 1024)
#define KT_MALLOC_MMAP_THRESHOLD (4 * 1024 * 1024)

/* A list's answer (some 43 kB for a page of 100 contacts) is made in a
 * worker thread's malloc arena and freed on the main loop once sent.
 * With glibc's defaults that free often found 128 kB or more unused at
 * the top of the worker's arena and gave it back to the kernel
 * (madvise), which flushes the TLBs of every core running the process,
 * and the worker's next answer faulted the same pages in again: about
 * 8 % of the server's CPU time on the contacts page, and 0.6 to 2 page
 * faults a request (docs/performance.md, "Freed memory kept for the
 * next answer"). Keeping up to 16 MiB free at an arena's top ends both.
 * Setting the trim threshold fixes the mmap threshold too (glibc stops
 * adjusting it), so that is set as well: blocks up to 4 MiB (a sync
 * pull's page is about 3 MB) come from the arenas and are reused, not
 * mapped and unmapped each time. */
static void
keep_freed_memory (void)
{
#ifdef __GLIBC__
  if (mallopt (M_MMAP_THRESHOLD, KT_MALLOC_MMAP_THRESHOLD) != 1 ||
      mallopt (M_TRIM_THRESHOLD, KT_MALLOC_TRIM_THRESHOLD) != 1)
    /* Not a fault: an allocator that replaces glibc's (AddressSanitizer's,
     * for one) answers 0 and keeps its own policy. */
    g_debug ("The memory allocator ignored the tuning; answers may cost more CPU");
#endif
}

static gboolean
on_signal_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtServerConfig) config = kt_server_config_new ();
  g_autoptr(KtServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(KtJobRunner) runner = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *address = NULL;
  g_autofree char *database_url = NULL;
  g_autofree char *seed_email = NULL;
  KtDevCluster *cluster = NULL;
  gboolean dev = FALSE;
  gboolean migrate_only = FALSE;
  gboolean no_jobs = FALSE;
  gboolean version = FALSE;
  int port = -1;
  int workers = 0;
  g_autofree char *seed_contacts = NULL;
  guint seed_size = 100000;
  const GOptionEntry entries[] = {
    { "dev", 0, 0, G_OPTION_ARG_NONE, &dev,
      N_("Development mode: run an own PostgreSQL cluster in the data directory and serve on 127.0.0.1"), NULL },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("With --dev: where the cluster lives (default: $XDG_DATA_HOME/kantora-server)"), N_("DIR") },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file,
      N_("Read settings from FILE (default: $KANTORA_SERVER_CONFIG); see data/server.conf.example"), N_("FILE") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Listen on PORT ([http] port, $KANTORA_HTTP_PORT; default 8470)"), N_("PORT") },
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address,
      N_("Listen on ADDRESS ([http] address, $KANTORA_HTTP_ADDRESS; default 127.0.0.1)"), N_("ADDRESS") },
    { "database-url", 'd', 0, G_OPTION_ARG_STRING, &database_url,
      N_("PostgreSQL connection string ([database] url, $KANTORA_DATABASE_URL)"), N_("URL") },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &workers,
      N_("Worker threads, one database connection each ([database] workers; default 4)"), N_("N") },
    { "no-jobs", 0, 0, G_OPTION_ARG_NONE, &no_jobs,
      N_("Run no background jobs in this instance ([jobs] concurrency = 0)"), NULL },
    { "migrate-only", 0, 0, G_OPTION_ARG_NONE, &migrate_only,
      N_("Apply the schema migrations and exit"), NULL },
    { "seed-demo", 0, 0, G_OPTION_ARG_STRING, &seed_email,
      N_("Register EMAIL (password “benchmark-password”) with a large demo organization, print its token, and exit"), N_("EMAIL") },
    { "seed-contacts", 0, 0, G_OPTION_ARG_STRING, &seed_contacts,
      N_("With --seed-demo: how many contacts, such as 100000, 100k or 1m (default 100k; companies are a tenth, deals and invoices a fifth)"), N_("N") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  keep_freed_memory ();
  setlocale (LC_ALL, "");
  /* KANTORA_LOCALEDIR lets a server run from the build tree (tools/run)
   * find its catalogues, as the client does. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KANTORA_LOCALEDIR") != NULL
                                   ? g_getenv ("KANTORA_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("The Kantora server: holds every organization's data in PostgreSQL and serves the REST and sync API.\n"
      "\n"
      "Settings come from the config file, then KANTORA_* environment variables\n"
      "(KANTORA_DATABASE_URL, KANTORA_HTTP_ADDRESS, KANTORA_HTTP_PORT, KANTORA_MAX_BODY_BYTES,\n"
      "KANTORA_TLS_CERTIFICATE, KANTORA_TLS_KEY, KANTORA_TOKEN_TTL_HOURS, KANTORA_WORKERS,\n"
      "KANTORA_ARGON2_OPSLIMIT, KANTORA_ARGON2_MEMLIMIT, KANTORA_LOGIN_WINDOW_MINUTES,\n"
      "KANTORA_LOGIN_MAX_FAILURES_ACCOUNT, KANTORA_LOGIN_MAX_FAILURES_ADDRESS,\n"
      "KANTORA_JOBS_CONCURRENCY, KANTORA_JOBS_POLL_INTERVAL_MS, KANTORA_JOBS_LEASE_SECONDS), then these options."));
  g_option_context_set_description (context,
    _("Config file keys (GKeyFile):\n"
      "  [database] url, workers\n"
      "  [http] address, port, max-body-bytes, tls-certificate, tls-key\n"
      "  [auth] token-ttl-hours, argon2-opslimit, argon2-memlimit (bytes),\n"
      "         login-window-minutes, login-max-failures-account, login-max-failures-address\n"
      "  [jobs] concurrency (0: no jobs here), poll-interval-ms, lease-seconds\n"
      "With tls-certificate and tls-key set the server speaks HTTPS itself.\n"
      "See docs/deploy.md."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("kantora-server %s (sync protocol %d)\n", PACKAGE_VERSION, KT_SYNC_PROTOCOL_VERSION);
      return 0;
    }

  if (config_file == NULL && g_getenv ("KANTORA_SERVER_CONFIG") != NULL)
    config_file = g_strdup (g_getenv ("KANTORA_SERVER_CONFIG"));
  if ((config_file != NULL && !kt_server_config_load_file (config, config_file, &error)) ||
      !kt_server_config_load_env (config, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port >= 0)
    config->port = (guint) port;
  if (workers > 0)
    config->workers = (guint) workers;
  if (no_jobs)
    config->jobs_concurrency = 0;
  if (address != NULL)
    kt_set_str (&config->address, address);
  if (database_url != NULL)
    kt_set_str (&config->database_url, database_url);

  if (dev)
    {
      config->dev = TRUE;
      if (address == NULL)
        kt_set_str (&config->address, "127.0.0.1");
      if (data_dir == NULL)
        data_dir = g_build_filename (g_get_user_data_dir (), "kantora-server", NULL);
      kt_set_str (&config->data_dir, data_dir);
      if (config->database_url == NULL)
        {
          cluster = kt_dev_cluster_start (data_dir, &error);
          if (cluster == NULL)
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          kt_set_str (&config->database_url, kt_dev_cluster_get_conninfo (cluster));
        }
    }

  if (config->database_url == NULL)
    {
      g_printerr ("%s\n", _("No database: set [database] url, KANTORA_DATABASE_URL or --database-url, or use --dev"));
      return 2;
    }

  if (seed_contacts != NULL && !kt_seed_parse_size (seed_contacts, &seed_size, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (migrate_only || seed_email != NULL)
    {
      g_autoptr(KtPg) pg = kt_pg_new (config->database_url);
      guint applied = 0;
      int status = 0;

      if (!kt_pg_ensure (pg, 10000, &error) || !kt_pg_migrate (pg, &applied, &error))
        status = 1;
      else if (migrate_only)
        g_print ("migrations applied: %u (schema version %u)\n", applied, kt_pg_migrate_latest ());
      else if (!kt_seed_demo (pg, config, seed_email, seed_size, &error))
        status = 1;
      if (status != 0)
        g_printerr ("%s\n", error->message);
      kt_dev_cluster_stop (cluster);
      return status;
    }

  server = kt_server_new (config, &error);
  if (server == NULL || !kt_server_listen (server, &error))
    {
      g_printerr ("%s\n", error->message);
      g_clear_object (&server);
      kt_dev_cluster_stop (cluster);
      return 1;
    }

  g_message ("kantora-server %s listening on %s://%s:%u/ with %u workers",
             PACKAGE_VERSION, config->tls_certificate ? "https" : "http",
             config->address ? config->address : "*", kt_server_get_port (server), config->workers);

  if (config->jobs_concurrency > 0)
    {
      KtJobRunnerOptions options = {
        .concurrency = config->jobs_concurrency,
        .poll_interval_ms = config->jobs_poll_interval_ms,
        .lease_ms = config->jobs_lease_seconds * 1000,
        .schedule_interval_ms = 60 * 60 * 1000,
      };
      KtHlc *clock;
      GMutex *clock_lock;

      kt_server_get_clock (server, &clock, &clock_lock);
      runner = kt_job_runner_new (config->database_url, NULL, &options, clock, clock_lock);
      kt_job_runner_set_smtp (runner, kt_server_get_smtp (server));
      kt_job_runner_set_config (runner, config);
      if (!kt_job_runner_start (runner, &error))
        {
          g_printerr ("%s\n", error->message);
          g_clear_object (&server);
          kt_dev_cluster_stop (cluster);
          return 1;
        }
      g_message ("running background jobs as %s with %u threads",
                 kt_job_runner_get_name (runner), config->jobs_concurrency);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  signal (SIGPIPE, SIG_IGN);
  g_main_loop_run (loop);

  g_message ("shutting down");
  if (runner != NULL)
    kt_job_runner_stop (runner);
  kt_server_shutdown (server);
  g_clear_object (&server);
  kt_dev_cluster_stop (cluster);
  return 0;
}
