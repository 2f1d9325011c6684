/* test-outage.c: PostgreSQL stopped under a running server, then started
 *
 * While the database is down every route answers 503 "unavailable" with a
 * Retry-After header, quickly (a worker never sits in a reconnect loop),
 * /v1/health names the database as the dependency that is down, and
 * nothing is written. Once it is up again the first request succeeds.
 * A real cluster is stopped with pg_ctl (fast and immediate).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-test-server.h"

/* "Quickly": well under a second, with room for a loaded machine. Under
 * AddressSanitizer with the slow unwinder (tools/test) every allocation
 * costs many times more; there the test is about memory, not time. */
static gint64
quick_us (void)
{
  return g_getenv ("ASAN_OPTIONS") != NULL ? 10 * G_TIME_SPAN_SECOND : 700 * G_TIME_SPAN_MILLISECOND;
}

static char *conninfo;

typedef struct {
  guint     status;
  char     *retry_after;
  JsonNode *body;
  gint64    elapsed_us;
} Answer;

static void
answer_clear (Answer *a)
{
  g_clear_pointer (&a->retry_after, g_free);
  g_clear_pointer (&a->body, json_node_unref);
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

/* kt_test_request() with the answer's headers and its time. */
static void
send (KtTestServer *ts,
      const char   *method,
      const char   *path,
      const char   *token,
      const char   *body,
      Answer       *out)
{
  g_autofree char *uri = g_strconcat (ts->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  gint64 start;

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

  start = g_get_monotonic_time ();
  soup_session_send_and_read_async (ts->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, &answer);
  while (answer == NULL)
    g_main_context_iteration (NULL, TRUE);
  out->elapsed_us = g_get_monotonic_time () - start;

  out->status = soup_message_get_status (msg);
  out->retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                             "Retry-After"));
  out->body = NULL;
  if (g_bytes_get_size (answer) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      gsize size;
      const char *data = g_bytes_get_data (answer, &size);

      json_parser_load_from_data (parser, data, (gssize) size, &error);
      g_assert_no_error (error);
      out->body = json_node_copy (json_parser_get_root (parser));
    }
}

/* The server logs every 5xx answer as a warning; the suite makes
 * warnings fatal, but here they are the point. The default handler
 * would abort by itself, hence a handler of our own for that domain,
 * and the fatal handler then lets them pass. */
static void
print_server_warning (const char     *domain,
                      GLogLevelFlags  level,
                      const char     *message,
                      gpointer        data)
{
  g_printerr ("%s: %s\n", domain, message);
}

static gboolean
allow_server_warnings (const char     *domain,
                       GLogLevelFlags  level,
                       const char     *message,
                       gpointer        data)
{
  return !(level & G_LOG_LEVEL_WARNING) || g_strcmp0 (domain, "kt-request") != 0;
}

typedef struct {
  const char *method;
  const char *path;
  gboolean    auth;
  const char *body;
} Route;

/* One route of each kind: health, the records list (authenticated in
 * its own query), a record write, login, registration, the account, the
 * organization, the team and both sync endpoints. */
static const Route routes[] = {
  { "GET",   "/v1/health",         FALSE, NULL },
  { "GET",   "/v1/contacts",       TRUE,  NULL },
  { "POST",  "/v1/contacts",       TRUE,  "{\"first_name\":\"During\"}" },
  { "POST",  "/v1/auth/login",     FALSE, "{\"email\":\"nobody@example.com\",\"password\":\"correct horse\"}" },
  { "POST",  "/v1/auth/register",  FALSE, "{\"email\":\"outage-new@example.com\",\"password\":\"correct horse\",\"full_name\":\"N\"}" },
  { "GET",   "/v1/me",             TRUE,  NULL },
  { "PATCH", "/v1/organization",   TRUE,  "{\"city\":\"Plovdiv\"}" },
  { "GET",   "/v1/team/members",   TRUE,  NULL },
  { "GET",   "/v1/sync/pull?protocol=2&cursor=0", TRUE, NULL },
  { "POST",  "/v1/sync/push",      TRUE,
    "{\"protocol\":2,\"client_id\":\"0190a0a0-0000-7000-8000-000000000001\",\"mutations\":[]}" },
};

static void
assert_unavailable (const Route *route,
                    Answer      *a)
{
  g_test_message ("%s %s: %u in %" G_GINT64_FORMAT " ms", route->method, route->path,
                  a->status, a->elapsed_us / 1000);
  g_assert_cmpuint (a->status, ==, 503);
  g_assert_cmpstr (kt_test_json_string (a->body, "error.code"), ==, "unavailable");
  g_assert_nonnull (a->retry_after);
  g_assert_cmpint (atoi (a->retry_after), >, 0);
  g_assert_cmpint (a->elapsed_us, <, quick_us ());
}

static void
check_outage (const char *mode)
{
  g_autoptr(KtTestServer) ts = kt_test_server_new (conninfo);
  KtTestAccount a = { 0, };
  Answer health = { 0, };
  guint status;

  /* GLib resets it at the start of every test case. */
  g_test_log_set_fatal_handler (allow_server_warnings, NULL);
  kt_test_register (ts, "Outage", &a);
  {
    g_autoptr(JsonNode) n = kt_test_request (ts, "POST", "/v1/contacts", a.token, "{\"first_name\":\"Before\"}", &status);
    g_assert_cmpuint (status, ==, 201);
  }
  send (ts, "GET", "/v1/health", NULL, NULL, &health);
  g_assert_cmpuint (health.status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (health.body, "status"), ==, "ok");
  g_assert_cmpstr (kt_test_json_string (health.body, "database"), ==, "up");
  answer_clear (&health);

  /* The cluster runs with synchronous_commit off: written out, the
   * account survives even an immediate stop. */
  g_free (kt_test_pg_query (conninfo, "CHECKPOINT"));
  kt_test_pg_stop (mode);

  /* Twice round: the first request of each worker finds its connection
   * broken, the later ones find the database still down. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
      {
        Answer answer = { 0, };

        send (ts, routes[i].method, routes[i].path, routes[i].auth ? a.token : NULL, routes[i].body, &answer);
        assert_unavailable (&routes[i], &answer);
        answer_clear (&answer);
      }

  send (ts, "GET", "/v1/health", NULL, NULL, &health);
  g_assert_cmpuint (health.status, ==, 503);
  g_assert_cmpstr (kt_test_json_string (health.body, "status"), ==, "unavailable");
  g_assert_cmpstr (kt_test_json_string (health.body, "database"), ==, "down");
  answer_clear (&health);

  kt_test_pg_start ();

  /* The first request after the database is back succeeds, on every
   * worker (each has its own connection to mend). */
  send (ts, "GET", "/v1/health", NULL, NULL, &health);
  g_assert_cmpuint (health.status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (health.body, "database"), ==, "up");
  answer_clear (&health);
  for (guint i = 0; i < ts->config->workers * 2; i++)
    {
      g_autoptr(JsonNode) list = kt_test_request (ts, "GET", "/v1/contacts", a.token, NULL, &status);

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "items")), ==, 1);
    }
  /* Nothing of the refused writes was stored. */
  {
    g_autofree char *during = kt_test_pg_query (conninfo, "SELECT count(*) FROM contacts WHERE first_name = 'During'");
    g_autofree char *users = kt_test_pg_query (conninfo, "SELECT count(*) FROM users WHERE email = 'outage-new@example.com'");

    g_assert_cmpstr (during, ==, "0");
    g_assert_cmpstr (users, ==, "0");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (ts, "POST", "/v1/contacts", a.token, "{\"first_name\":\"After\"}", &status);
    g_assert_cmpuint (status, ==, 201);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (ts, "POST", "/v1/auth/login", NULL,
                                             "{\"email\":\"nobody@example.com\",\"password\":\"correct horse\"}", &status);
    g_assert_cmpuint (status, ==, 401);
  }
  kt_test_account_clear (&a);
}

static void
test_stop_fast (void)
{
  check_outage ("fast");
}

static void
test_stop_immediate (void)
{
  check_outage ("immediate");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("kt-request", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, print_server_warning, NULL);
  conninfo = kt_test_pg_new_database ("outage");

  g_test_add_func ("/server/outage/stop-fast", test_stop_fast);
  g_test_add_func ("/server/outage/stop-immediate", test_stop_immediate);

  return g_test_run ();
}
