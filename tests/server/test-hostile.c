/* test-hostile.c: requests from an attacker who read docs/api.md
 *
 * The server runs as a real kantora-server process (a crash must not take
 * the test with it, and its memory is measured from /proc); requests go
 * over raw sockets so the test controls every byte and sees every byte of
 * the answer, including the ones libsoup writes on its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "kt-test-server.h"
#include "kt-json-guard.h"

/* The read timeout the server runs with here ([http] read-timeout-seconds). */
#define READ_TIMEOUT_S 2
/* The default [http] max-body-bytes of the spawned server. */
#define MAX_BODY (1024 * 1024)

static char        *conninfo;
static GSubprocess *server;
static char        *base;
static guint        port;
static char        *token;

typedef struct {
  guint    status;       /* 0: no answer at all */
  char    *head;         /* status line and headers */
  GBytes  *body;
  gboolean closed;       /* the server closed the connection */
  gint64   elapsed_ms;   /* from the request to the end of reading */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->head, g_free);
  g_clear_pointer (&answer->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static GSocketConnection *
connect_raw (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

/* Writes all of @data; FALSE when the server closed on us meanwhile. */
static gboolean
send_all (GSocket    *socket,
          const char *data,
          gsize       length)
{
  while (length > 0)
    {
      gssize sent = g_socket_send (socket, data, length, NULL, NULL);

      if (sent <= 0)
        return FALSE;
      data += sent;
      length -= (gsize) sent;
    }
  return TRUE;
}

/* Parses what arrived so far; TRUE once a whole answer is there. */
static gboolean
parse_answer (GByteArray *buffer,
              Answer     *out)
{
  const char *data = (const char *) buffer->data;
  const char *end = buffer->len > 0 ? g_strstr_len (data, buffer->len, "\r\n\r\n") : NULL;
  g_autofree char *head = NULL;
  g_auto(GStrv) lines = NULL;
  gsize head_len, body_len = 0;
  gboolean sized = FALSE;

  if (end == NULL)
    return FALSE;
  head_len = (gsize) (end - data);
  head = g_strndup (data, head_len);
  lines = g_strsplit (head, "\r\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
      {
        body_len = g_ascii_strtoull (lines[i] + 15, NULL, 10);
        sized = TRUE;
      }
  if (sized && buffer->len < head_len + 4 + body_len)
    return FALSE;
  if (!sized)
    body_len = buffer->len - head_len - 4;

  g_assert_true (g_str_has_prefix (lines[0], "HTTP/1."));
  out->status = (guint) g_ascii_strtoull (lines[0] + 9, NULL, 10);
  g_free (out->head);
  out->head = g_steal_pointer (&head);
  g_clear_pointer (&out->body, g_bytes_unref);
  out->body = g_bytes_new (data + head_len + 4, body_len);
  return sized;
}

/* Reads the answer on @socket for at most @timeout_ms; with @until_close
 * it keeps reading after a whole answer to see whether the server closes
 * the connection. */
static void
read_answer (GSocket *socket,
             gint64   started,
             guint    timeout_ms,
             gboolean until_close,
             Answer  *out)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  gint64 deadline = started + (gint64) timeout_ms * 1000;
  gboolean complete = FALSE;

  memset (out, 0, sizeof *out);
  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      char chunk[16384];
      gssize got;

      if (left <= 0 || !g_socket_condition_timed_wait (socket, G_IO_IN, left, NULL, NULL))
        break;
      got = g_socket_receive (socket, chunk, sizeof chunk, NULL, NULL);
      if (got <= 0)
        {
          /* EOF, or a reset after the server closed with unread data. */
          out->closed = TRUE;
          break;
        }
      g_byte_array_append (buffer, (const guint8 *) chunk, (guint) got);
      complete = parse_answer (buffer, out);
      if (complete && !until_close)
        break;
    }
  if (!complete)
    parse_answer (buffer, out);
  out->elapsed_ms = (g_get_monotonic_time () - started) / 1000;
}

/* One request on a fresh connection, the whole answer back. */
static void
exchange (const char *request,
          gsize       length,
          gboolean    until_close,
          Answer     *out)
{
  g_autoptr(GSocketConnection) connection = connect_raw ();
  GSocket *socket = g_socket_connection_get_socket (connection);
  gint64 started = g_get_monotonic_time ();

  send_all (socket, request, length);
  read_answer (socket, started, 10000, until_close, out);
}

static GString *
build_request (const char *method,
               const char *target,
               const char *content_type,
               const char *body,
               gsize       body_len)
{
  GString *request = g_string_new (NULL);

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", method, target);
  if (token != NULL)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", token);
  if (content_type != NULL)
    g_string_append_printf (request, "Content-Type: %s\r\n", content_type);
  if (body != NULL)
    g_string_append_printf (request, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_len);
  g_string_append (request, "\r\n");
  if (body != NULL)
    g_string_append_len (request, body, (gssize) body_len);
  return request;
}

static void
request (const char *method,
         const char *target,
         const char *content_type,
         const char *body,
         gsize       body_len,
         Answer     *out)
{
  GString *text = build_request (method, target, content_type, body, body_len);

  exchange (text->str, text->len, FALSE, out);
  g_string_free (text, TRUE);
}

static void
request_json (const char *method,
              const char *target,
              const char *body,
              Answer     *out)
{
  request (method, target, "application/json", body, body ? strlen (body) : 0, out);
}

/* The body must be valid UTF-8 JSON of the documented error shape. */
static JsonNode *
assert_error_shape (const Answer *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;
  JsonNode *root;
  JsonObject *object;

  g_assert_nonnull (answer->body);
  data = g_bytes_get_data (answer->body, &size);
  g_test_message ("%u: %.*s", answer->status, (int) MIN (size, 300), data);
  g_assert_cmpuint (size, >, 0);
  g_assert_true (g_utf8_validate_len (data, size, NULL));
  g_assert_true (json_parser_load_from_data (parser, data, (gssize) size, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  g_assert_true (json_object_has_member (object, "error"));
  object = json_object_get_object_member (object, "error");
  g_assert_nonnull (object);
  g_assert_nonnull (kt_test_json_string (root, "error.code"));
  g_assert_nonnull (kt_test_json_string (root, "error.message"));
  g_assert_nonnull (answer->head);
  g_assert_nonnull (strstr (answer->head, "application/json"));
  return json_node_copy (root);
}

static void
assert_error (const Answer *answer,
              guint         status,
              const char   *code,
              const char   *field)
{
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpuint (answer->status, ==, status);
  node = assert_error_shape (answer);
  g_assert_cmpstr (kt_test_json_string (node, "error.code"), ==, code);
  g_assert_cmpstr (kt_test_json_string (node, "error.field"), ==, field);
}

static void
assert_server_alive (void)
{
  g_auto(Answer) answer = { 0, };

  /* The identifier goes away when the process has ended (a crash). */
  g_assert_nonnull (g_subprocess_get_identifier (server));
  request ("GET", "/v1/health", NULL, NULL, 0, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
}

static char *
count_rows (const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return kt_test_pg_query (conninfo, sql);
}

static char *
deep_body (guint levels)
{
  g_autofree char *open = g_strnfill (levels, '[');
  g_autofree char *close = g_strnfill (levels, ']');

  return g_strconcat (open, close, NULL);
}

static void
test_deep_nesting (void)
{
  /* 200 KB of brackets: under the body limit, 100,000 levels deep. */
  g_autofree char *deep = deep_body (100000);
  g_autofree char *wrapped = g_strdup_printf ("{\"first_name\":\"Deep\",\"custom\":%s}", deep);
  g_autofree char *level65 = NULL;
  const char *paths[] = { "/v1/auth/login", "/v1/auth/register", "/v1/contacts", "/v1/sync/push" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Answer) answer = { 0, };
      g_auto(Answer) again = { 0, };

      request_json ("POST", paths[i], deep, &answer);
      assert_error (&answer, 400, "malformed", NULL);
      request_json ("POST", paths[i], wrapped, &again);
      assert_error (&again, 400, "malformed", NULL);
      assert_server_alive ();
    }

  /* The documented limit is 64 levels: the 65th is refused. */
  {
    g_autofree char *inner = deep_body (64);
    g_auto(Answer) answer = { 0, };

    level65 = g_strdup_printf ("{\"first_name\":\"Deep\",\"x\":%s}", inner);
    request_json ("POST", "/v1/contacts", level65, &answer);
    assert_error (&answer, 400, "malformed", NULL);
    g_assert_nonnull (strstr (g_bytes_get_data (answer.body, NULL), "64"));
  }
}

static void
test_oversized_content_length (void)
{
  const char *heads[] = {
    "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    "Content-Length: 104857600\r\n\r\n",
    "POST /v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    "Content-Length: 1048577\r\n\r\n",
    /* Asking for 100-continue changes nothing: no 100, the 413 at once. */
    "POST /v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    "Expect: 100-continue\r\nContent-Length: 99999999999\r\n\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_auto(Answer) answer = { 0, };

      /* Headers only, no body byte: the answer comes from the headers. */
      exchange (heads[i], strlen (heads[i]), TRUE, &answer);
      assert_error (&answer, 413, "too_large", NULL);
      g_assert_true (answer.closed);
      g_assert_cmpint (answer.elapsed_ms, <, 3000);
    }
  assert_server_alive ();
}

/* A Content-Length that is not one number that fits in 64 bits: answered
 * 400 from the headers, not waited on (libsoup alone reads it as some
 * number and waits for a body that never comes). */
static void
test_bad_content_length (void)
{
  const char *heads[] = {
    "POST /v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    "Content-Length: 99999999999999999999\r\n\r\n",
    "POST /v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    "Content-Length: 2\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
    "POST /v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
    "POST /v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    "Content-Length: 2x\r\n\r\n{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_auto(Answer) answer = { 0, };
      g_autoptr(JsonNode) shape = NULL;

      g_test_message ("request %u", i);
      exchange (heads[i], strlen (heads[i]), TRUE, &answer);
      g_assert_cmpuint (answer.status, ==, 400);
      shape = assert_error_shape (&answer);
      g_assert_true (answer.closed);
      g_assert_cmpint (answer.elapsed_ms, <, 3000);
    }
  assert_server_alive ();
}

/* A body within the byte limit that holds more JSON values than any
 * client sends: refused by the guard before json-glib builds a node per
 * value (which cost the server hundreds of MiB under load). */
static void
test_wide_json (void)
{
  GString *body = g_string_new ("{\"first_name\":\"Wide\",\"tags\":[");
  g_autofree char *before = count_rows ("contacts");
  g_autofree char *after = NULL;

  for (guint i = 0; i < KT_JSON_GUARD_MAX_VALUES; i++)
    g_string_append (body, i == 0 ? "\"t\"" : ",\"t\"");
  g_string_append (body, "]}");
  g_assert_cmpuint (body->len, <, MAX_BODY);
  {
    g_auto(Answer) answer = { 0, };

    request_json ("POST", "/v1/contacts", body->str, &answer);
    assert_error (&answer, 413, "too_large", NULL);
  }
  g_string_free (body, TRUE);

  /* Under the value limit, the tags' own limit answers. */
  body = g_string_new ("{\"first_name\":\"Wide\",\"tags\":[");
  for (guint i = 0; i < 501; i++)
    g_string_append_printf (body, "%s\"t%u\"", i == 0 ? "" : ",", i);
  g_string_append (body, "]}");
  {
    g_auto(Answer) answer = { 0, };

    request_json ("POST", "/v1/contacts", body->str, &answer);
    assert_error (&answer, 422, "validation", "tags");
  }
  g_string_free (body, TRUE);

  after = count_rows ("contacts");
  g_assert_cmpstr (before, ==, after);
  assert_server_alive ();
}

static void
test_chunked_over_limit (void)
{
  /* Over the limit, the server answers and stops reading at once. */
  {
    g_autoptr(GSocketConnection) connection = connect_raw ();
    GSocket *socket = g_socket_connection_get_socket (connection);
    const char *head = "POST /v1/contacts HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    gsize chunk_len = 64 * 1024;
    g_autofree char *chunk = g_strdup_printf ("%" G_GSIZE_MODIFIER "x\r\n", chunk_len);
    g_autofree char *payload = g_strnfill (chunk_len, ' ');
    g_auto(Answer) answer = { 0, };
    gint64 started = g_get_monotonic_time ();
    gsize sent = 0;

    g_assert_true (send_all (socket, head, strlen (head)));
    /* Up to 16 times the limit; the server must stop us long before. */
    while (sent < 16 * MAX_BODY)
      {
        if (!send_all (socket, chunk, strlen (chunk)) ||
            !send_all (socket, payload, chunk_len) ||
            !send_all (socket, "\r\n", 2))
          break;
        sent += chunk_len;
        if (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR))
          break;
      }
    read_answer (socket, started, 5000, TRUE, &answer);
    g_test_message ("%" G_GSIZE_FORMAT " bytes sent before the server answered", sent);
    /* The server drops what still arrives instead of resetting, so the
     * answer is not lost. */
    assert_error (&answer, 413, "too_large", NULL);
    g_assert_true (answer.closed);
    /* The kernel's socket buffers take a few MiB; the server does not. */
    g_assert_cmpuint (sent, <, 8 * MAX_BODY);
  }

  /* Under it, a chunked body is read like any other. */
  {
    const char *part1 = "{\"email\":\"nobod";
    const char *part2 = "y@example.com\",\"password\":\"wrong password\"}";
    g_autofree char *text = g_strdup_printf ("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                             "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                             "%zx\r\n%s\r\n%zx\r\n%s\r\n0\r\n\r\n",
                                             strlen (part1), part1, strlen (part2), part2);
    g_auto(Answer) answer = { 0, };

    exchange (text, strlen (text), FALSE, &answer);
    assert_error (&answer, 401, "bad_credentials", NULL);
  }
  assert_server_alive ();
}

static gsize
server_rss_kib (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (server));
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, "VmRSS:");
  g_assert_nonnull (line);
  return (gsize) g_ascii_strtoull (line + 6, NULL, 10);
}

static void
test_flat_rss (void)
{
  gsize body_len = 32 * MAX_BODY;
  g_autofree char *payload = g_strnfill (1024 * 1024, ' ');
  gsize before, after;

  /* Warm up the worker threads and their connections first. */
  for (guint i = 0; i < 8; i++)
    assert_server_alive ();
  before = server_rss_kib ();

  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(GSocketConnection) connection = connect_raw ();
      GSocket *socket = g_socket_connection_get_socket (connection);
      g_autofree char *head = g_strdup_printf ("POST /v1/contacts HTTP/1.1\r\nHost: x\r\n"
                                               "Content-Type: application/json\r\n"
                                               "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", body_len);
      g_auto(Answer) answer = { 0, };
      gint64 started = g_get_monotonic_time ();

      /* The whole body, as a client that ignores early answers would. */
      if (send_all (socket, head, strlen (head)))
        for (gsize sent = 0; sent < body_len; sent += 1024 * 1024)
          if (!send_all (socket, payload, 1024 * 1024))
            break;
      read_answer (socket, started, 10000, FALSE, &answer);
    }

  after = server_rss_kib ();
  g_test_message ("server RSS %" G_GSIZE_FORMAT " KiB before, %" G_GSIZE_FORMAT " KiB after "
                  "6 bodies of 32 MiB", before, after);
  /* Under AddressSanitizer freed memory waits in its quarantine (256 MiB
   * at most) before it is reused, so the server grows by what the other
   * tests freed; reading the six bodies would still add 192 MiB. */
  g_assert_cmpuint (after, <, before + (g_getenv ("ASAN_OPTIONS") != NULL ? 32 : 8) * 1024);
  assert_server_alive ();
}

static void
test_query_utf8 (void)
{
  const struct {
    const char *target;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "/v1/contacts?search=%FF", 400, "bad_request", "search" },
    { "/v1/companies?city=%FF", 400, "bad_request", "city" },
    { "/v1/companies?name=%FF", 400, "bad_request", "name" },
    { "/v1/deals?currency=%FF", 400, "bad_request", "currency" },
    { "/v1/contacts?sort=%C0%AF", 400, "bad_request", "sort" },
    { "/v1/contacts?%FF=1", 400, "bad_request", NULL },
    { "/v1/contacts/%FF", 400, "bad_request", NULL },
    { "/v1/%FF%FE", 400, "bad_request", NULL },
    { "/v1/sync/pull?protocol=2&cursor=%FF", 400, "bad_request", "cursor" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Answer) answer = { 0, };

      g_test_message ("GET %s", cases[i].target);
      request ("GET", cases[i].target, NULL, NULL, 0, &answer);
      assert_error (&answer, cases[i].status, cases[i].code, cases[i].field);
    }

  /* Valid UTF-8 still searches. */
  {
    g_auto(Answer) answer = { 0, };

    request ("GET", "/v1/companies?city=%D0%A1%D0%BE%D1%84%D0%B8%D1%8F", NULL, NULL, 0, &answer);
    g_assert_cmpuint (answer.status, ==, 200);
  }
  assert_server_alive ();
}

static void
test_int64_overflow (void)
{
  const char *values[] = {
    "-9223372036854775809", "9223372036854775808",
    "-18446744073709551617", "18446744073709551617", "1e400",
  };
  g_autofree char *before = count_rows ("companies");

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Overflow\",\"annual_revenue\":%s}", values[i]);
      g_auto(Answer) answer = { 0, };

      request_json ("POST", "/v1/companies", body, &answer);
      assert_error (&answer, 400, "wrong_type", "annual_revenue");
    }

  /* In a sync push, too. */
  {
    g_autofree char *body = g_strdup_printf ("{\"protocol\":2,\"client_id\":\"018f0000-0000-7000-8000-000000000001\","
                                             "\"mutations\":[{\"id\":18446744073709551617,\"entity\":\"company\"}]}");
    g_auto(Answer) answer = { 0, };

    request_json ("POST", "/v1/sync/push", body, &answer);
    assert_error (&answer, 400, "wrong_type", "id");
  }

  /* The edges themselves are numbers like any other. */
  {
    g_auto(Answer) answer = { 0, };

    request_json ("POST", "/v1/companies", "{\"name\":\"Edge\",\"annual_revenue\":9223372036854775807}", &answer);
    g_assert_cmpuint (answer.status, ==, 201);
    g_assert_nonnull (strstr (g_bytes_get_data (answer.body, NULL), "9223372036854775807"));
  }
  {
    g_autofree char *after = count_rows ("companies");

    g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, g_ascii_strtoll (before, NULL, 10) + 1);
  }
}

static void
test_trailing_data (void)
{
  const char *bodies[] = { "{} {\"x\":1}", "{\"first_name\":\"T\"} {\"x\":1}", "{\"first_name\":\"T\"}x",
                           "{\"first_name\":\"T\"}}" };
  g_autofree char *before = count_rows ("contacts");
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_auto(Answer) answer = { 0, };
      g_auto(Answer) login = { 0, };

      request_json ("POST", "/v1/contacts", bodies[i], &answer);
      assert_error (&answer, 400, "malformed", NULL);
      request_json ("POST", "/v1/auth/login", bodies[i], &login);
      assert_error (&login, 400, "malformed", NULL);
    }
  after = count_rows ("contacts");
  g_assert_cmpstr (before, ==, after);
}

static void
test_media_type (void)
{
  const struct {
    const char *content_type;
    guint       status;
  } cases[] = {
    { "application/jsonx", 415 },
    { "application/json-patch+json", 415 },
    { "application/json2", 415 },
    { "application/jsonp; charset=utf-8", 415 },
    { "text/json", 415 },
    { "application/json; charset=latin1", 415 },
    { "", 415 },
    { "application/json", 201 },
    { "application/json; charset=utf-8", 201 },
    { "Application/JSON;charset=\"UTF-8\"", 201 },
    { "application/json ; charset=utf-8", 201 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *body = "{\"first_name\":\"Media\"}";
      g_auto(Answer) answer = { 0, };

      g_test_message ("Content-Type: %s", cases[i].content_type);
      request ("POST", "/v1/contacts", cases[i].content_type, body, strlen (body), &answer);
      if (cases[i].status == 415)
        assert_error (&answer, 415, "unsupported_media_type", NULL);
      else
        g_assert_cmpuint (answer.status, ==, cases[i].status);
    }
}

static void
test_password_number (void)
{
  const char *old_token = token;
  g_auto(Answer) login = { 0, };
  g_auto(Answer) reg = { 0, };
  g_auto(Answer) email = { 0, };

  token = NULL;
  request_json ("POST", "/v1/auth/login", "{\"email\":\"x@example.com\",\"password\":12345678}", &login);
  assert_error (&login, 400, "wrong_type", "password");
  request_json ("POST", "/v1/auth/register",
                "{\"email\":\"n@example.com\",\"password\":12345678,\"full_name\":\"N\"}", &reg);
  assert_error (&reg, 400, "wrong_type", "password");
  request_json ("POST", "/v1/auth/login", "{\"email\":[\"x@example.com\"],\"password\":\"12345678\"}", &email);
  assert_error (&email, 400, "wrong_type", "email");
  token = (char *) old_token;
}

static void
test_nul_in_text (void)
{
  g_autofree char *before = count_rows ("contacts");
  g_autofree char *after = NULL;
  const struct {
    const char *path;
    const char *body;
    const char *field;
  } cases[] = {
    { "/v1/contacts", "{\"first_name\":\"a\\u0000b\"}", "first_name" },
    { "/v1/contacts", "{\"first_name\":\"ok\",\"tags\":[\"x\\u0000\"]}", "tags" },
    { "/v1/auth/login", "{\"email\":\"a@example.com\\u0000evil\",\"password\":\"12345678\"}", "email" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Answer) answer = { 0, };

      request_json ("POST", cases[i].path, cases[i].body, &answer);
      assert_error (&answer, 422, "validation", cases[i].field);
    }
  after = count_rows ("contacts");
  g_assert_cmpstr (before, ==, after);
}

static void
test_slow_client (void)
{
  /* Half a request line and one header, then nothing. */
  {
    g_autoptr(GSocketConnection) connection = connect_raw ();
    GSocket *socket = g_socket_connection_get_socket (connection);
    const char *partial = "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\n";
    g_auto(Answer) answer = { 0, };
    gint64 started = g_get_monotonic_time ();

    g_assert_true (send_all (socket, partial, strlen (partial)));
    read_answer (socket, started, (READ_TIMEOUT_S + 4) * 1000, TRUE, &answer);
    g_assert_true (answer.closed);
    g_assert_cmpint (answer.elapsed_ms, >=, READ_TIMEOUT_S * 1000 - 250);
    if (answer.status != 0)
      assert_error (&answer, 408, "timeout", NULL);
  }

  /* Whole headers, a tenth of the body, then nothing: 408 and closed. */
  {
    g_autoptr(GSocketConnection) connection = connect_raw ();
    GSocket *socket = g_socket_connection_get_socket (connection);
    const char *partial = "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          "Content-Length: 100\r\n\r\n{\"email\":";
    g_auto(Answer) answer = { 0, };
    gint64 started = g_get_monotonic_time ();

    g_assert_true (send_all (socket, partial, strlen (partial)));
    read_answer (socket, started, (READ_TIMEOUT_S + 4) * 1000, TRUE, &answer);
    assert_error (&answer, 408, "timeout", NULL);
    g_assert_true (answer.closed);
    g_assert_cmpint (answer.elapsed_ms, >=, READ_TIMEOUT_S * 1000 - 250);
  }

  /* A byte now and then does not keep a request alive past the limit. */
  {
    g_autoptr(GSocketConnection) connection = connect_raw ();
    GSocket *socket = g_socket_connection_get_socket (connection);
    const char *line = "POST /v1/auth/login HTTP/1.1\r\n";
    gint64 started = g_get_monotonic_time ();
    gboolean open = TRUE;

    for (guint i = 0; i < strlen (line) && open; i++)
      {
        open = send_all (socket, line + i, 1) && !g_socket_condition_timed_wait (socket, G_IO_IN, 500 * 1000, NULL, NULL);
      }
    g_assert_false (open);
    g_assert_cmpint ((g_get_monotonic_time () - started) / 1000, <, (READ_TIMEOUT_S + 2) * 1000);
  }
  assert_server_alive ();
}

static void
test_error_bodies (void)
{
  const char *requests[] = {
    "GARBAGE\r\n\r\n",
    "GET /v1/health HTTP/1.1\r\nHost: a/b\r\n\r\n",
    "GET /v1/health HTTP/9.9\r\nHost: x\r\n\r\n",
    "POST /v1/contacts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
    "GET /v1/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/contacts%00 HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/\xff HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/health HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n",
    "GET /v1/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n",
    "BREW /v1/health HTTP/1.1\r\nHost: x\r\n\r\n",
    "POST /v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n",
    "GET /v1/health HTTP/1.0\r\n\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_auto(Answer) answer = { 0, };
      g_autofree char *escaped = g_strescape (requests[i], NULL);

      g_test_message ("%s", escaped);
      exchange (requests[i], strlen (requests[i]), FALSE, &answer);
      g_assert_cmpuint (answer.status, !=, 0);
      if (answer.status >= 400)
        {
          g_autoptr(JsonNode) node = assert_error_shape (&answer);
        }
    }
  assert_server_alive ();
}

int
main (int argc, char *argv[])
{
  g_autofree char *reg = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) node = NULL;
  guint status;
  int result;

  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("hostile");
  {
    /* Migrate once up front so the subprocess need not. */
    g_autoptr(KtTestServer) ts = kt_test_server_new (conninfo);
  }

  g_setenv ("KANTORA_READ_TIMEOUT_SECONDS", G_STRINGIFY (READ_TIMEOUT_S), TRUE);
  server = kt_test_spawn_server (conninfo, &base);
  port = (guint) g_ascii_strtoull (strrchr (base, ':') + 1, NULL, 10);
  node = kt_test_http (session, base, "POST", "/v1/auth/register", NULL,
                       "{\"email\":\"hostile@example.com\",\"password\":\"correct horse\",\"full_name\":\"H\"}",
                       &status);
  g_assert_cmpuint (status, ==, 201);
  token = g_strdup (kt_test_json_string (node, "token"));

  g_test_add_func ("/server/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/server/hostile/oversized-content-length", test_oversized_content_length);
  g_test_add_func ("/server/hostile/bad-content-length", test_bad_content_length);
  g_test_add_func ("/server/hostile/wide-json", test_wide_json);
  g_test_add_func ("/server/hostile/chunked-over-limit", test_chunked_over_limit);
  g_test_add_func ("/server/hostile/flat-rss", test_flat_rss);
  g_test_add_func ("/server/hostile/query-utf8", test_query_utf8);
  g_test_add_func ("/server/hostile/int64-overflow", test_int64_overflow);
  g_test_add_func ("/server/hostile/trailing-data", test_trailing_data);
  g_test_add_func ("/server/hostile/media-type", test_media_type);
  g_test_add_func ("/server/hostile/password-number", test_password_number);
  g_test_add_func ("/server/hostile/nul-in-text", test_nul_in_text);
  g_test_add_func ("/server/hostile/slow-client", test_slow_client);
  g_test_add_func ("/server/hostile/error-bodies", test_error_bodies);

  result = g_test_run ();

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server);
  g_free (token);
  g_free (base);
  g_free (conninfo);
  return result;
}
