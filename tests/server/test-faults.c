/* test-faults.c: PostgreSQL restarting under a running server, kill -9
 * during writes, and two instances on one database behaving as one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "kt-test-server.h"

static char *conninfo;

static void
test_pg_restart (void)
{
  g_autoptr(KtTestServer) ts = kt_test_server_new (conninfo);
  KtTestAccount a = { 0, };
  guint status;

  kt_test_register (ts, "Restart", &a);
  {
    g_autoptr(JsonNode) n = kt_test_request (ts, "POST", "/v1/contacts", a.token, "{\"first_name\":\"Before\"}", &status);
    g_assert_cmpuint (status, ==, 201);
  }

  /* Every worker's connection breaks; the server itself keeps running. */
  kt_test_pg_restart ();

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) list = kt_test_request (ts, "GET", "/v1/contacts", a.token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "items")), ==, 1);
    }
  {
    g_autoptr(JsonNode) n = kt_test_request (ts, "POST", "/v1/contacts", a.token, "{\"first_name\":\"After\"}", &status);
    g_assert_cmpuint (status, ==, 201);
  }
  kt_test_account_clear (&a);
}

typedef struct {
  const char *base;
  const char *token;
  guint       thread_no;
  GMutex     *lock;
  GPtrArray  *acknowledged;   /* ids the server answered 201 for */
  gint       *stop;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(SoupSession) session = soup_session_new ();

  for (guint i = 0; !g_atomic_int_get (w->stop); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"first_name\":\"W%u-%u\",\"notes\":\"%0500u\"}", w->thread_no, i, i);
      g_autoptr(JsonNode) node = NULL;
      guint status = 0;

      node = kt_test_http (session, w->base, "POST", "/v1/contacts", w->token, body, &status);
      if (status == 201)
        {
          g_mutex_lock (w->lock);
          g_ptr_array_add (w->acknowledged, g_strdup (kt_test_json_string (node, "id")));
          g_mutex_unlock (w->lock);
        }
      else if (status == 0)
        break;  /* the server is gone */
    }
  return NULL;
}

static void
test_kill_during_writes (void)
{
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) acknowledged = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) reg = NULL;
  g_autofree char *base = NULL;
  g_autofree char *base2 = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *check = NULL;
  const char *token, *org_id;
  GThread *threads[3];
  Writer writers[3];
  GMutex lock;
  gint stop = 0;
  guint status;

  server = kt_test_spawn_server (conninfo, &base);
  reg = kt_test_http (session, base, "POST", "/v1/auth/register", NULL,
                      "{\"email\":\"killed@example.com\",\"password\":\"correct horse\",\"full_name\":\"K\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  token = kt_test_json_string (reg, "token");
  org_id = kt_test_json_string (reg, "organization.id");

  g_mutex_init (&lock);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      writers[i] = (Writer) { base, token, i, &lock, acknowledged, &stop };
      threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
    }

  /* Let writes flow, then kill the server in the middle of them. */
  while (TRUE)
    {
      guint n;

      g_usleep (20 * 1000);
      g_mutex_lock (&lock);
      n = acknowledged->len;
      g_mutex_unlock (&lock);
      if (n >= 60)
        break;
    }
  g_subprocess_send_signal (server, SIGKILL);
  g_subprocess_wait (server, NULL, NULL);
  g_atomic_int_set (&stop, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&lock);
  g_test_message ("%u writes acknowledged before the kill", acknowledged->len);

  /* Every acknowledged write is there after a restart... */
  again = kt_test_spawn_server (conninfo, &base2);
  for (guint i = 0; i < acknowledged->len; i++)
    {
      g_autofree char *path = g_strconcat ("/v1/contacts/", (char *) g_ptr_array_index (acknowledged, i), NULL);
      g_autoptr(JsonNode) n = kt_test_http (session, base2, "GET", path, token, NULL, &status);

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (strlen (kt_test_json_string (n, "notes")), ==, 500);
    }

  /* ...and nothing is half-written: every row has its log entry and
   * every log entry its row, and the counter matches the log. */
  sql = g_strdup_printf (
    "SELECT (SELECT count(*) FROM contacts c WHERE c.org_id = '%1$s' AND NOT EXISTS"
    "   (SELECT 1 FROM change_log l WHERE l.org_id = c.org_id AND l.record_id = c.id)) || '/' ||"
    " (SELECT count(*) FROM change_log l WHERE l.org_id = '%1$s' AND l.entity = 'contact' AND NOT EXISTS"
    "   (SELECT 1 FROM contacts c WHERE c.org_id = l.org_id AND c.id = l.record_id)) || '/' ||"
    " ((SELECT seq FROM org_counters WHERE org_id = '%1$s') = (SELECT max(seq) FROM change_log WHERE org_id = '%1$s'))"
    " || '/' || ((SELECT count(*) FROM change_log WHERE org_id = '%1$s') = (SELECT max(seq) FROM change_log WHERE org_id = '%1$s'))"
    " || '/' || ((SELECT count(*) FROM contacts WHERE org_id = '%1$s') >= %2$u)",
    org_id, acknowledged->len);
  check = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (check, ==, "0/0/true/true/true");

  g_subprocess_send_signal (again, SIGTERM);
  g_subprocess_wait (again, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (again));
}

static void
test_two_instances (void)
{
  g_autoptr(GSubprocess) one = NULL;
  g_autoptr(GSubprocess) two = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) reg = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *base1 = NULL;
  g_autofree char *base2 = NULL;
  g_autofree char *path = NULL;
  const char *token;
  guint status;

  one = kt_test_spawn_server (conninfo, &base1);
  two = kt_test_spawn_server (conninfo, &base2);

  /* A token from one instance works on the other; writes through one
   * are read through the other; a logout on one ends it on both. */
  reg = kt_test_http (session, base1, "POST", "/v1/auth/register", NULL,
                      "{\"email\":\"twice@example.com\",\"password\":\"correct horse\",\"full_name\":\"T\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  token = kt_test_json_string (reg, "token");
  created = kt_test_http (session, base2, "POST", "/v1/contacts", token, "{\"first_name\":\"Shared\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  path = g_strconcat ("/v1/contacts/", kt_test_json_string (created, "id"), NULL);
  {
    g_autoptr(JsonNode) n = kt_test_http (session, base1, "GET", path, token, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "first_name"), ==, "Shared");
  }
  /* Login failures count across instances. */
  {
    for (guint i = 0; i < 10; i++)
      {
        g_autoptr(JsonNode) n = kt_test_http (session, i % 2 ? base1 : base2, "POST", "/v1/auth/login", NULL,
                                              "{\"email\":\"twice@example.com\",\"password\":\"wrong guess\"}", &status);
        g_assert_cmpuint (status, ==, 401);
      }
    {
      g_autoptr(JsonNode) n = kt_test_http (session, base1, "POST", "/v1/auth/login", NULL,
                                            "{\"email\":\"twice@example.com\",\"password\":\"correct horse\"}", &status);
      g_assert_cmpuint (status, ==, 429);
    }
  }
  {
    g_autoptr(JsonNode) n = kt_test_http (session, base1, "POST", "/v1/auth/logout", token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  {
    g_autoptr(JsonNode) n = kt_test_http (session, base2, "GET", path, token, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }

  g_subprocess_send_signal (one, SIGTERM);
  g_subprocess_send_signal (two, SIGTERM);
  g_subprocess_wait (one, NULL, NULL);
  g_subprocess_wait (two, NULL, NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("faults");
  {
    /* Migrate once up front so the subprocesses need not race for it. */
    g_autoptr(KtTestServer) ts = kt_test_server_new (conninfo);
  }

  g_test_add_func ("/server/faults/pg-restart", test_pg_restart);
  g_test_add_func ("/server/faults/kill-during-writes", test_kill_during_writes);
  g_test_add_func ("/server/faults/two-instances", test_two_instances);

  return g_test_run ();
}
