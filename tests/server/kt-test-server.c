/* kt-test-server.c: a throwaway PostgreSQL cluster and in-process servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-test-server"

#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

#include "kt-dev-cluster.h"
#include "kt-test-server.h"

static char  *cluster_dir;
static char  *pgdata;
static char  *bindir;
static guint  pg_port;

static void
run_pg_tool (const char *tool,
             const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (bindir, tool, NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s %s", tool, out, err);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A child that outlives nothing: it waits for EOF on a pipe only this
 * process holds, then stops the cluster and removes its directory. */
static void
start_watchdog (void)
{
  g_autofree char *pg_ctl = g_build_filename (bindir, "pg_ctl", NULL);
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
  int stdin_fd = -1;

  script = g_strdup_printf ("cat >/dev/null; %s '%s' -D '%s' -m immediate -w stop >/dev/null 2>&1; rm -rf '%s'",
                            geteuid () == 0 ? "runuser -u postgres --" : "",
                            pg_ctl, pgdata, cluster_dir);
  argv[2] = script;
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                            &stdin_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Servers spawned later must not inherit it and keep it open. */
  fcntl (stdin_fd, F_SETFD, FD_CLOEXEC);
}

static void
ensure_cluster (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;

  if (cluster_dir != NULL)
    return;

  bindir = kt_dev_cluster_find_bindir (&error);
  g_assert_no_error (error);

  cluster_dir = g_dir_make_tmp ("kantora-test-pg-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (cluster_dir, 0755);
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      g_assert_nonnull (pw);
      g_assert_cmpint (chown (cluster_dir, pw->pw_uid, pw->pw_gid), ==, 0);
    }
  pgdata = g_build_filename (cluster_dir, "data", NULL);
  log = g_build_filename (cluster_dir, "server.log", NULL);
  pg_port = free_port ();

  {
    const char *args[] = { "-D", pgdata, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                           "--no-locale", "--no-sync", NULL };
    run_pg_tool ("initdb", args);
  }
  start_watchdog ();
  options = g_strdup_printf ("-p %u -k %s -c listen_addresses=127.0.0.1 -c fsync=off "
                             "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                             pg_port, cluster_dir);
  {
    const char *args[] = { "-D", pgdata, "-l", log, "-w", "-t", "60", "-o", options, "start", NULL };
    run_pg_tool ("pg_ctl", args);
  }
}

char *
kt_test_pg_conninfo (const char *db)
{
  ensure_cluster ();
  return g_strdup_printf ("host=127.0.0.1 port=%u user=postgres dbname=%s connect_timeout=5", pg_port, db);
}

static void
quiet_notice (void *arg, const char *message)
{
}

char *
kt_test_pg_query (const char *conninfo,
                  const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *res;
  char *value = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQsetNoticeProcessor (conn, quiet_notice, NULL);
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    value = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  PQfinish (conn);
  return value;
}

char *
kt_test_pg_new_database (const char *db)
{
  g_autofree char *admin = kt_test_pg_conninfo ("postgres");
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS \"%s\"", db);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE \"%s\" TEMPLATE template0", db);

  g_free (kt_test_pg_query (admin, drop));
  g_free (kt_test_pg_query (admin, create));
  return kt_test_pg_conninfo (db);
}

void
kt_test_pg_restart (void)
{
  g_autofree char *log = NULL;

  ensure_cluster ();
  log = g_build_filename (cluster_dir, "server.log", NULL);
  {
    /* With -l the new postmaster does not inherit (and hold open) the
     * pipes g_spawn_sync() reads. */
    const char *args[] = { "-D", pgdata, "-l", log, "-m", "fast", "-w", "-t", "60", "restart", NULL };
    run_pg_tool ("pg_ctl", args);
  }
}

void
kt_test_pg_stop (const char *mode)
{
  ensure_cluster ();
  {
    const char *args[] = { "-D", pgdata, "-m", mode, "-w", "-t", "60", "stop", NULL };
    run_pg_tool ("pg_ctl", args);
  }
}

void
kt_test_pg_start (void)
{
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;

  ensure_cluster ();
  log = g_build_filename (cluster_dir, "server.log", NULL);
  /* The options of the first start: a stopped cluster forgets them. */
  options = g_strdup_printf ("-p %u -k %s -c listen_addresses=127.0.0.1 -c fsync=off "
                             "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                             pg_port, cluster_dir);
  {
    const char *args[] = { "-D", pgdata, "-l", log, "-w", "-t", "60", "-o", options, "start", NULL };
    run_pg_tool ("pg_ctl", args);
  }
}

KtTestServer *
kt_test_server_new (const char *conninfo)
{
  return kt_test_server_new_with_config (kt_test_server_config_new (conninfo));
}

KtServerConfig *
kt_test_server_config_new (const char *conninfo)
{
  KtServerConfig *config = kt_server_config_new ();

  kt_set_str (&config->database_url, conninfo);
  config->argon2_opslimit = 1;
  config->argon2_memlimit = 8192;
  config->workers = 2;
  config->max_body_bytes = 64 * 1024;
  return config;
}

KtTestServer *
kt_test_server_new_with_config (KtServerConfig *config)
{
  KtTestServer *ts = g_new0 (KtTestServer, 1);
  g_autoptr(GError) error = NULL;

  ts->config = config;
  ts->server = kt_server_new (ts->config, &error);
  g_assert_no_error (error);
  kt_server_listen_local (ts->server, 0, &error);
  g_assert_no_error (error);
  ts->base = g_strdup_printf ("http://127.0.0.1:%u", kt_server_get_port (ts->server));
  ts->session = soup_session_new ();
  return ts;
}

void
kt_test_server_free (KtTestServer *ts)
{
  if (ts == NULL)
    return;
  g_clear_object (&ts->session);
  if (ts->server != NULL)
    {
      kt_server_shutdown (ts->server);
      g_assert_finalize_object (ts->server);
    }
  kt_server_config_free (ts->config);
  g_free (ts->base);
  g_free (ts);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GBytes **out = data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

JsonNode *
kt_test_request (KtTestServer *ts,
                 const char   *method,
                 const char   *path,
                 const char   *token,
                 const char   *body,
                 guint        *status)
{
  return kt_test_request_full (ts, method, path, token, body ? "application/json" : NULL,
                               body, body ? strlen (body) : 0, status);
}

JsonNode *
kt_test_request_full (KtTestServer *ts,
                      const char   *method,
                      const char   *path,
                      const char   *token,
                      const char   *content_type,
                      const char   *body,
                      gsize         length,
                      guint        *status)
{
  g_autofree char *uri = g_strconcat (ts->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node = NULL;
  gsize size;

  g_assert_nonnull (msg);
  if (ts->language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "Accept-Language", ts->language);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  soup_session_send_and_read_async (ts->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, &answer);
  while (answer == NULL)
    g_main_context_iteration (NULL, TRUE);

  *status = soup_message_get_status (msg);
  if (g_bytes_get_size (answer) == 0)
    return NULL;
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    const char *data = g_bytes_get_data (answer, &size);

    json_parser_load_from_data (parser, data, (gssize) size, &error);
    g_assert_no_error (error);
    node = json_node_copy (json_parser_get_root (parser));
  }
  return node;
}

GBytes *
kt_test_request_raw (KtTestServer  *ts,
                     const char    *method,
                     const char    *path,
                     const char    *token,
                     const char    *header,
                     const char    *value,
                     SoupMessage  **out_msg)
{
  g_autofree char *uri = g_strconcat (ts->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  SoupMessageHeaders *request;
  GBytes *answer = NULL;

  g_assert_nonnull (msg);
  request = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (request, "Authorization", bearer);
    }
  if (header != NULL)
    soup_message_headers_replace (request, header, value);

  soup_session_send_and_read_async (ts->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, &answer);
  while (answer == NULL)
    g_main_context_iteration (NULL, TRUE);
  *out_msg = g_steal_pointer (&msg);
  return answer;
}

JsonNode *
kt_test_requestf (KtTestServer *ts,
                  const char   *method,
                  const char   *path,
                  const char   *token,
                  guint        *status,
                  const char   *format,
                  ...)
{
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  return kt_test_request (ts, method, path, token, body, status);
}

const char *
kt_test_json_string (JsonNode   *node,
                     const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
kt_test_create (KtTestServer *ts,
                const char   *token,
                const char   *plural,
                const char   *body)
{
  g_autofree char *path = g_strconcat ("/v1/", plural, NULL);
  g_autoptr(JsonNode) n = NULL;
  guint status;

  n = kt_test_request (ts, "POST", path, token, body, &status);
  if (status != 201)
    g_test_message ("create %s %s: %u %s", plural, body, status, kt_test_json_string (n, "error.message"));
  g_assert_cmpuint (status, ==, 201);
  return g_strdup (kt_test_json_string (n, "id"));
}

void
kt_test_patch_ok (KtTestServer *ts,
                  const char   *token,
                  const char   *plural,
                  const char   *id,
                  const char   *body)
{
  g_autofree char *path = g_strdup_printf ("/v1/%s/%s", plural, id);
  g_autoptr(JsonNode) n = NULL;
  guint status;

  n = kt_test_request (ts, "PATCH", path, token, body, &status);
  if (status != 200)
    g_test_message ("patch %s %s: %u %s", plural, body, status, kt_test_json_string (n, "error.message"));
  g_assert_cmpuint (status, ==, 200);
}

static void
fill_account (JsonNode      *node,
              KtTestAccount *out)
{
  out->token = g_strdup (kt_test_json_string (node, "token"));
  if (kt_test_json_string (node, "user.id") != NULL)
    out->user_id = g_strdup (kt_test_json_string (node, "user.id"));
  else
    out->user_id = g_strdup (kt_test_json_string (node, "user_id"));
  if (kt_test_json_string (node, "organization.id") != NULL)
    out->org_id = g_strdup (kt_test_json_string (node, "organization.id"));
  else
    out->org_id = g_strdup (kt_test_json_string (node, "org_id"));
  g_assert_nonnull (out->token);
  g_assert_nonnull (out->user_id);
  g_assert_nonnull (out->org_id);
}

void
kt_test_register (KtTestServer  *ts,
                  const char    *name,
                  KtTestAccount *out)
{
  static guint counter;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  out->email = g_strdup_printf ("%s.%u.%u@example.com", name, (guint) getpid (), ++counter);
  node = kt_test_requestf (ts, "POST", "/v1/auth/register", NULL, &status,
                           "{\"email\":\"%s\",\"password\":\"correct horse\",\"full_name\":\"%s\"}",
                           out->email, name);
  g_assert_cmpuint (status, ==, 201);
  fill_account (node, out);
}

void
kt_test_add_member (KtTestServer  *ts,
                    KtTestAccount *owner,
                    const char    *role,
                    KtTestAccount *out)
{
  static guint counter;
  g_autoptr(JsonNode) invite = NULL;
  /* A prefix of its own: kt_test_register() counts separately. */
  g_autoptr(JsonNode) accept = NULL;
  guint status = 0;
  gboolean make_owner = g_str_equal (role, "owner");

  out->email = g_strdup_printf ("member-%s.%u.%u@example.com", role, (guint) getpid (), ++counter);
  /* Nobody is invited as an owner (docs/model.md): an owner is an admin
   * promoted once they joined. */
  invite = kt_test_requestf (ts, "POST", "/v1/team/invitations", owner->token, &status,
                             "{\"email\":\"%s\",\"role\":\"%s\"}", out->email,
                             make_owner ? "admin" : role);
  g_assert_cmpuint (status, ==, 201);
  accept = kt_test_requestf (ts, "POST", "/v1/team/invitations/accept", NULL, &status,
                             "{\"token\":\"%s\",\"full_name\":\"A %s\",\"password\":\"correct horse\"}",
                             kt_test_json_string (invite, "token"), role);
  g_assert_cmpuint (status, ==, 200);
  fill_account (accept, out);
  g_assert_cmpstr (out->org_id, ==, owner->org_id);
  if (make_owner)
    {
      g_autofree char *path = g_strconcat ("/v1/team/members/", kt_test_json_string (invite, "id"), NULL);
      g_autoptr(JsonNode) promoted = kt_test_request (ts, "PATCH", path, owner->token,
                                                      "{\"role\":\"owner\"}", &status);

      g_assert_cmpuint (status, ==, 200);
    }
}

void
kt_test_account_clear (KtTestAccount *account)
{
  g_clear_pointer (&account->token, g_free);
  g_clear_pointer (&account->user_id, g_free);
  g_clear_pointer (&account->org_id, g_free);
  g_clear_pointer (&account->email, g_free);
}

JsonNode *
kt_test_http (SoupSession *session,
              const char  *base,
              const char  *method,
              const char  *path,
              const char  *token,
              const char  *body,
              guint       *status)
{
  g_autofree char *uri = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  gsize size;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL)
    {
      *status = 0;
      return NULL;
    }
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer, &size);
  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* The server dies with the test that started it: a test that aborts must
 * not leave it running, holding the test's output pipe open (meson then
 * waits for the test's whole timeout) and its port. */
static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

GSubprocess *
kt_test_spawn_server (const char *conninfo,
                      char      **out_base)
{
  const char *bin = g_getenv ("KANTORA_SERVER_BIN");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%s", port);

  g_assert_nonnull (bin);
  g_subprocess_launcher_setenv (launcher, "KANTORA_ARGON2_OPSLIMIT", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "KANTORA_ARGON2_MEMLIMIT", "8192", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, bin, "--database-url", conninfo,
                                         "--address", "127.0.0.1", "--port", port, NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < 200; i++)
    {
      guint status = 0;
      g_autoptr(JsonNode) health = kt_test_http (session, base, "GET", "/v1/health", NULL, NULL, &status);

      if (status == 200)
        {
          *out_base = g_steal_pointer (&base);
          return g_steal_pointer (&process);
        }
      g_usleep (50 * 1000);
    }
  g_error ("kantora-server did not become healthy at %s", base);
}
