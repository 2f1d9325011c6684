/* kt-test-harness.c: a real PostgreSQL and a real kantora-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-test"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kt-store-sync.h"
#include "kt-test-harness.h"

#define PG_BIN "/usr/lib/postgresql/15/bin"

/* What a failing test must not leave running: a failed assertion aborts,
 * and neither atexit() nor the test's teardown runs then. */
static volatile pid_t cleanup_server_pid;
static volatile pid_t cleanup_postmaster_pid;

static void
on_fatal_signal (int sig)
{
  /* Only async-signal-safe calls: kill(), signal(), raise(). */
  if (cleanup_server_pid > 0)
    kill (cleanup_server_pid, SIGKILL);
  if (cleanup_postmaster_pid > 0)
    kill (cleanup_postmaster_pid, SIGQUIT);   /* immediate shutdown */
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
install_cleanup (void)
{
  static const int signals[] = { SIGABRT, SIGTRAP, SIGSEGV, SIGBUS, SIGTERM, SIGINT };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    signal (signals[i], on_fatal_signal);
}

static guint
free_port (void)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* initdb refuses root: run PostgreSQL's tools as the postgres user then. */
static void
run_pg_tool (const char * const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (getuid () == 0)
    {
      g_ptr_array_add (argv, (gpointer) "runuser");
      g_ptr_array_add (argv, (gpointer) "-u");
      g_ptr_array_add (argv, (gpointer) "postgres");
      g_ptr_array_add (argv, (gpointer) "--");
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", args[0], out, err);
}

static void
give_to_postgres (const char *path)
{
  struct passwd *pw;

  if (getuid () != 0)
    return;
  pw = getpwnam ("postgres");
  g_assert_nonnull (pw);
  g_assert_cmpint (chown (path, pw->pw_uid, pw->pw_gid), ==, 0);
}

static gboolean
server_healthy (KtTestServer *server)
{
  g_autofree char *url = g_strconcat (server->url, "/v1/health", NULL);
  g_autoptr (JsonNode) root = NULL;
  guint status = 0;

  root = kt_test_http ("GET", url, NULL, NULL, &status);
  return status == 200;
}

void
kt_test_server_start (KtTestServer *server)
{
  g_autofree char *bin = g_strdup (g_getenv ("KT_TEST_SERVER"));
  g_autofree char *port = g_strdup_printf ("%u", server->http_port);
  g_autofree char *log_path = NULL;
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  int log_fd;

  g_assert_nonnull (bin);
  g_assert_cmpint (server->server_pid, ==, 0);

  server->n_starts++;
  log_path = g_strdup_printf ("%s/server-%u.log", server->dir, server->n_starts);
  log_fd = g_open (log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (log_fd, >=, 0);

  /* The smallest Argon2 costs: tests register many accounts. */
  envp = g_environ_setenv (envp, "KANTORA_ARGON2_OPSLIMIT", "1", TRUE);
  envp = g_environ_setenv (envp, "KANTORA_ARGON2_MEMLIMIT", "8192", TRUE);
  envp = g_environ_setenv (envp, "G_DEBUG", "", TRUE);
  /* tools/test's ASan pass: the server's libsoup leaks (tests/lsan.supp)
   * are matched by frames that only the slow unwinder finds, which costs
   * every malloc (63 % of test-sync's CPU was libgcc's unwinder). A test
   * whose own process runs no libsoup server (suite 'child-unwind') runs
   * with the fast unwinder and gives its servers these options. */
  if (g_getenv ("KT_TEST_CHILD_ASAN_OPTIONS") != NULL)
    envp = g_environ_setenv (envp, "ASAN_OPTIONS", g_getenv ("KT_TEST_CHILD_ASAN_OPTIONS"), TRUE);

  {
    const char *argv[] = { bin, "--database-url", server->conninfo, "--port", port,
                           "--address", "127.0.0.1", "--workers", "3", NULL };
    GPid pid = 0;

    g_spawn_async_with_pipes_and_fds (NULL, argv, (const char * const *) envp,
                                      G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                      -1, log_fd, log_fd, NULL, NULL, 0,
                                      &pid, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    server->server_pid = pid;
    cleanup_server_pid = pid;
  }
  close (log_fd);

  for (guint i = 0; i < 300; i++)
    {
      if (server_healthy (server))
        return;
      g_usleep (50 * 1000);
    }
  g_error ("kantora-server did not come up; see %s", log_path);
}

void
kt_test_server_kill (KtTestServer *server)
{
  int status;

  if (server->server_pid == 0)
    return;
  cleanup_server_pid = 0;
  kill (server->server_pid, SIGKILL);
  waitpid (server->server_pid, &status, 0);
  g_spawn_close_pid (server->server_pid);
  server->server_pid = 0;
}

KtTestServer *
kt_test_server_new (void)
{
  KtTestServer *server = g_new0 (KtTestServer, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *pg_log = NULL;
  g_autofree char *pg_opts = NULL;
  g_autofree char *pg_port = NULL;

  server->dir = g_dir_make_tmp ("kantora-sync-XXXXXX", &error);
  g_assert_no_error (error);
  /* The postgres user must reach the cluster inside. */
  g_assert_cmpint (g_chmod (server->dir, 0755), ==, 0);

  data = g_build_filename (server->dir, "pg", NULL);
  g_assert_cmpint (g_mkdir (data, 0700), ==, 0);
  give_to_postgres (data);

  server->pg_port = free_port ();
  pg_port = g_strdup_printf ("%u", server->pg_port);
  pg_log = g_build_filename (data, "postgres.log", NULL);
  pg_opts = g_strdup_printf ("-p %u -k %s -c listen_addresses=127.0.0.1 -c fsync=off "
                             "-c synchronous_commit=off -c max_connections=60",
                             server->pg_port, data);
  {
    g_autofree char *cluster = g_build_filename (data, "data", NULL);
    const char *initdb[] = { PG_BIN "/initdb", "-D", cluster, "-U", "postgres", "-A", "trust",
                             "-E", "UTF8", "--no-locale", "--no-sync", NULL };
    const char *start[] = { PG_BIN "/pg_ctl", "-D", cluster, "-l", pg_log, "-w", "-t", "30",
                            "-o", pg_opts, "start", NULL };

    g_autofree char *pidfile = g_build_filename (cluster, "postmaster.pid", NULL);
    g_autofree char *contents = NULL;

    run_pg_tool (initdb);
    run_pg_tool (start);
    if (g_file_get_contents (pidfile, &contents, NULL, NULL))
      cleanup_postmaster_pid = (pid_t) g_ascii_strtoll (contents, NULL, 10);
    install_cleanup ();
  }

  server->conninfo = g_strdup_printf ("host=127.0.0.1 port=%u user=postgres dbname=postgres",
                                      server->pg_port);
  server->http_port = free_port ();
  server->url = g_strdup_printf ("http://127.0.0.1:%u", server->http_port);
  kt_test_server_start (server);
  return server;
}

void
kt_test_server_free (KtTestServer *server)
{
  g_autofree char *cluster = NULL;

  if (server == NULL)
    return;

  /* For a post-mortem: KT_TEST_KEEP=1 leaves the cluster and logs. */
  if (g_getenv ("KT_TEST_KEEP") != NULL)
    {
      g_printerr ("Keeping %s (PostgreSQL on port %u)\n", server->dir, server->pg_port);
      return;
    }

  kt_test_server_kill (server);
  cluster = g_build_filename (server->dir, "pg", "data", NULL);
  {
    const char *stop[] = { PG_BIN "/pg_ctl", "-D", cluster, "-m", "immediate", "-w", "stop", NULL };

    run_pg_tool (stop);
    cleanup_postmaster_pid = 0;
  }

  {
    const char *rm[] = { "rm", "-rf", server->dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  NULL, NULL, NULL, NULL);
  }

  g_free (server->dir);
  g_free (server->conninfo);
  g_free (server->url);
  g_free (server);
}

char *
kt_test_server_store_path (KtTestServer *server,
                           const char   *name)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);

  return g_build_filename (server->dir, file, NULL);
}

JsonNode *
kt_test_http (const char *method,
              const char *url,
              const char *token,
              const char *body,
              guint      *out_status)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  const char *data;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  *out_status = bytes != NULL ? soup_message_get_status (msg) : 0;
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &len);
  if (len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
kt_test_wait (gboolean *done,
              guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_wait_timeout_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *done;
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Wait;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == kt_sync_engine_login_async)
    wait->ok = kt_sync_engine_login_finish (engine, result, &wait->error);
  else if (tag == kt_sync_engine_register_async)
    wait->ok = kt_sync_engine_register_finish (engine, result, &wait->error);
  else if (tag == kt_sync_engine_logout_async)
    wait->ok = kt_sync_engine_logout_finish (engine, result, &wait->error);
  else
    wait->ok = kt_sync_engine_sync_now_finish (engine, result, &wait->error);
  wait->done = TRUE;
}

static gboolean
finish (Wait    *wait,
        GError **error)
{
  if (!kt_test_wait (&wait->done, 120 * 1000))
    g_error ("A sync operation did not finish within two minutes");
  if (!wait->ok)
    {
      g_propagate_error (error, wait->error);
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_test_sync (KtSyncEngine  *engine,
              GError       **error)
{
  Wait wait = { 0 };

  kt_sync_engine_sync_now_async (engine, NULL, on_done_cb, &wait);
  return finish (&wait, error);
}

gboolean
kt_test_register (KtSyncEngine  *engine,
                  const char    *url,
                  const char    *email,
                  const char    *password,
                  GError       **error)
{
  Wait wait = { 0 };

  kt_sync_engine_register_async (engine, url, email, password, "Test Person", "Test Org",
                                 NULL, on_done_cb, &wait);
  return finish (&wait, error);
}

gboolean
kt_test_login (KtSyncEngine  *engine,
               const char    *url,
               const char    *email,
               const char    *password,
               GError       **error)
{
  Wait wait = { 0 };

  kt_sync_engine_login_async (engine, url, email, password, NULL, on_done_cb, &wait);
  return finish (&wait, error);
}

gboolean
kt_test_logout (KtSyncEngine  *engine,
                gboolean       force,
                GError       **error)
{
  Wait wait = { 0 };

  kt_sync_engine_logout_async (engine, force, NULL, on_done_cb, &wait);
  return finish (&wait, error);
}

static guint client_counter;

void
kt_test_client_open (KtTestServer *server,
                     KtTestClient *client,
                     const char   *prefix,
                     const char   *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *unique = g_strdup_printf ("%s-%s-%u", prefix, name, ++client_counter);
  g_autofree char *path = kt_test_server_store_path (server, unique);

  client->store = kt_store_open (path, &error);
  g_assert_no_error (error);
  client->secrets = kt_secrets_memory_new ();
  client->engine = kt_sync_engine_new (client->store, client->secrets);
  kt_sync_engine_set_auto_sync (client->engine, FALSE);
}

void
kt_test_client_close (KtTestClient *client)
{
  g_clear_object (&client->engine);
  g_clear_object (&client->secrets);
  g_clear_object (&client->store);
  g_clear_pointer (&client->email, g_free);
}

char *
kt_test_new_email (const char *prefix)
{
  return g_strdup_printf ("%s%u-%u@example.com", prefix, ++client_counter, g_random_int ());
}

char *
kt_test_client_token (KtTestServer *server,
                      KtTestClient *client)
{
  g_autofree char *client_id = kt_store_sync_dup_client_id (client->store);
  g_autoptr (GError) error = NULL;
  char *token;

  token = kt_secrets_lookup_sync (client->secrets, server->url, client_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

void
kt_test_client_sync_ok (KtTestClient *client)
{
  g_autoptr (GError) error = NULL;

  kt_test_sync (client->engine, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_sync_engine_get_state (client->engine), ==, KT_SYNC_STATE_IDLE);
  g_assert_cmpint (kt_store_outbox_count (client->store), ==, 0);
}

void
kt_test_team_setup (KtTestServer *server,
                    KtTestTeam   *team,
                    const char   *prefix)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = g_strconcat (server->url, "/v1/team/invitations", NULL);
  g_autofree char *accept_url = g_strconcat (server->url, "/v1/team/invitations/accept", NULL);
  g_autofree char *body = NULL;
  g_autofree char *accept = NULL;
  g_autoptr (JsonNode) invitation = NULL;
  g_autoptr (JsonNode) session = NULL;
  guint status = 0;

  kt_test_client_open (server, &team->a, prefix, "a");
  kt_test_client_open (server, &team->b, prefix, "b");

  team->a.email = kt_test_new_email (prefix);
  kt_test_register (team->a.engine, server->url, team->a.email, KT_TEST_PASSWORD, &error);
  g_assert_no_error (error);

  token = kt_test_client_token (server, &team->a);
  team->b.email = kt_test_new_email (prefix);
  body = g_strdup_printf ("{\"email\": \"%s\", \"role\": \"user\"}", team->b.email);
  invitation = kt_test_http ("POST", url, token, body, &status);
  g_assert_cmpuint (status, ==, 201);
  accept = g_strdup_printf ("{\"token\": \"%s\", \"full_name\": \"Boris B\", \"password\": \"%s\"}",
                            json_object_get_string_member (json_node_get_object (invitation), "token"),
                            KT_TEST_PASSWORD);
  session = kt_test_http ("POST", accept_url, NULL, accept, &status);
  g_assert_cmpuint (status, ==, 200);
  kt_test_login (team->b.engine, server->url, team->b.email, KT_TEST_PASSWORD, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (kt_store_get_org_id (team->a.store), ==, kt_store_get_org_id (team->b.store));
  g_assert_cmpstr (kt_store_get_user_id (team->a.store), !=, kt_store_get_user_id (team->b.store));
}

void
kt_test_team_teardown (KtTestTeam *team)
{
  kt_test_client_close (&team->a);
  kt_test_client_close (&team->b);
}
