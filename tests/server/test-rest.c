/* test-rest.c: REST lists (pages, sort, filters, search), writes and the
 * change log, and bad input that must be refused without writing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-test-server.h"

static char *conninfo;

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  a;
  char          *company;
} Fixture;

static const char * const first_names[] = {
  "Ivan", "Maria", "Georgi", "Elena", "Petar", "Ana", "Dimitar", "Nikolay", "Stoyan", "Viktoria",
  "Yordan", "Desislava", "John", "Emma", "Oliver", "Sofia", "Martin", "Kalina", "Todor", "Radka",
  "Boyan", "Lilia", "Kiril", "Zornitsa", "Hristo",
};

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) company = NULL;
  guint status;

  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Lister", &f->a);
  company = kt_test_request (f->ts, "POST", "/v1/companies", f->a.token, "{\"name\":\"Balkan Trade\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  f->company = g_strdup (kt_test_json_string (company, "id"));

  for (guint i = 0; i < G_N_ELEMENTS (first_names); i++)
    {
      g_autoptr(JsonNode) n = NULL;
      const char *last = i == 1 ? "Ivanova" : "Smith";

      if (i < 3)
        n = kt_test_requestf (f->ts, "POST", "/v1/contacts", f->a.token, &status,
                              "{\"first_name\":\"%s\",\"last_name\":\"%s\",\"company_id\":\"%s\"}",
                              first_names[i], last, f->company);
      else
        n = kt_test_requestf (f->ts, "POST", "/v1/contacts", f->a.token, &status,
                              "{\"first_name\":\"%s\",\"last_name\":\"%s\",\"email\":\"p%u@example.com\"}",
                              first_names[i], last, i);
      g_assert_cmpuint (status, ==, 201);
    }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->a);
  g_free (f->company);
  kt_test_server_free (f->ts);
}

static JsonArray *
items (JsonNode *node)
{
  return json_object_get_array_member (json_node_get_object (node), "items");
}

static void
test_pages (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint status;

  for (guint page = 1; page <= 3; page++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/contacts?per_page=10&page=%u", page);
      g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", path, f->a.token, NULL, &status);
      JsonArray *list = items (n);

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (json_array_get_length (list), ==, page < 3 ? 10 : 5);
      g_assert_cmpint (json_object_get_boolean_member (json_node_get_object (n), "has_more"), ==, page < 3);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *o = json_array_get_object_element (list, i);
          /* No page repeats a record of another. */
          g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (o, "id"))));
          g_assert_cmpstr (json_object_get_string_member (o, "org_id"), ==, f->a.org_id);
          /* Clocks and the search column are internal. */
          g_assert_false (json_object_has_member (o, "clocks"));
          g_assert_false (json_object_has_member (o, "kt_search"));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, G_N_ELEMENTS (first_names));
}

static void
test_sort (Fixture *f, gconstpointer data)
{
  const char *sorts[] = { "first_name", "-first_name" };
  guint status;

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/contacts?per_page=100&sort=%s", sorts[s]);
      g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", path, f->a.token, NULL, &status);
      JsonArray *list = items (n);

      g_assert_cmpuint (json_array_get_length (list), ==, G_N_ELEMENTS (first_names));
      for (guint i = 1; i < json_array_get_length (list); i++)
        {
          const char *prev = json_object_get_string_member (json_array_get_object_element (list, i - 1), "first_name");
          const char *cur = json_object_get_string_member (json_array_get_object_element (list, i), "first_name");
          if (s == 0)
            g_assert_cmpint (strcmp (prev, cur), <=, 0);
          else
            g_assert_cmpint (strcmp (prev, cur), >=, 0);
        }
    }

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts?sort=nonsense", f->a.token, NULL, &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "sort");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts?sort=custom", f->a.token, NULL, &status);
    g_assert_cmpuint (status, ==, 400);
  }
}

static guint
count_for (Fixture *f, const char *query)
{
  g_autofree char *path = g_strdup_printf ("/v1/contacts?per_page=100&%s", query);
  g_autoptr(JsonNode) n = NULL;
  guint status;

  n = kt_test_request (f->ts, "GET", path, f->a.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_array_get_length (items (n));
}

static void
test_search_and_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *by_company = g_strdup_printf ("company_id=%s", f->company);
  guint status;

  /* Names, case-insensitively: Ivan and Maria Ivanova. */
  g_assert_cmpuint (count_for (f, "search=IVAN"), ==, 2);
  /* Emails. */
  g_assert_cmpuint (count_for (f, "search=p7%40example"), ==, 1);
  /* The company's name finds its contacts. */
  g_assert_cmpuint (count_for (f, "search=balkan"), ==, 3);
  /* LIKE wildcards in the text are literal. */
  g_assert_cmpuint (count_for (f, "search=%25"), ==, 0);
  g_assert_cmpuint (count_for (f, "search=_"), ==, 0);
  g_assert_cmpuint (count_for (f, "search=nobody-at-all"), ==, 0);

  g_assert_cmpuint (count_for (f, by_company), ==, 3);
  g_assert_cmpuint (count_for (f, "first_name=Emma"), ==, 1);
  g_assert_cmpuint (count_for (f, "source=manual"), ==, G_N_ELEMENTS (first_names));
  g_assert_cmpuint (count_for (f, "search=smith&first_name=John"), ==, 1);

  /* Renaming the company updates what finds its contacts. */
  {
    g_autofree char *path = g_strconcat ("/v1/companies/", f->company, NULL);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->a.token, "{\"name\":\"Rila Foods\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  g_assert_cmpuint (count_for (f, "search=balkan"), ==, 0);
  g_assert_cmpuint (count_for (f, "search=rila"), ==, 3);

  {
    const char *bad[] = { "notes=x", "company_id=not-a-uuid", "page=0", "per_page=501", "page=abc", "nonsense=1" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strdup_printf ("/v1/contacts?%s", bad[i]);
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", path, f->a.token, NULL, &status);
        g_test_message ("%s", bad[i]);
        g_assert_cmpuint (status, ==, 400);
        g_assert_nonnull (kt_test_json_string (n, "error.field"));
      }
  }
}

static char *
log_head (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(seq), 0) || '/' || count(*) FROM change_log "
                                          "WHERE org_id = '%s'", f->a.org_id);
  return kt_test_pg_query (conninfo, sql);
}

static void
test_change_log (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *entries = NULL;
  g_autofree char *seq_check = NULL;
  guint status;

  created = kt_test_request (f->ts, "POST", "/v1/deals", f->a.token, "{\"title\":\"No pipeline\"}", &status);
  g_assert_cmpuint (status, ==, 422);
  g_clear_pointer (&created, json_node_unref);

  created = kt_test_request (f->ts, "POST", "/v1/contacts", f->a.token, "{\"first_name\":\"Logged\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  path = g_strconcat ("/v1/contacts/", kt_test_json_string (created, "id"), NULL);
  g_clear_pointer (&created, json_node_unref);
  created = kt_test_request (f->ts, "PATCH", path, f->a.token, "{\"job_title\":\"CTO\",\"first_name\":\"Logged\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&created, json_node_unref);
  /* The creation time is the create's: an edit may not move it (and
   * logs nothing). */
  created = kt_test_request (f->ts, "PATCH", path, f->a.token, "{\"created_at\":\"2020-01-01T00:00:00.000Z\"}", &status);
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (kt_test_json_string (created, "error.field"), ==, "created_at");
  g_clear_pointer (&created, json_node_unref);
  created = kt_test_request (f->ts, "DELETE", path, f->a.token, NULL, &status);
  g_assert_cmpuint (status, ==, 204);

  /* One entry per write, with what it changed (the create carries the
   * defaults and its creation time too) and a clock for each changed
   * field. */
  sql = g_strdup_printf ("SELECT string_agg(concat_ws(':', deleted, (SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(fields) k),"
                         " (SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(clocks) k)), ' ' ORDER BY seq) "
                         "FROM change_log WHERE org_id = '%s' AND record_id = '%s'",
                         f->a.org_id, strrchr (path, '/') + 1);
  entries = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (entries, ==,
                   "f:created_at,first_name,reminders_opt_out,source:created_at,first_name,reminders_opt_out,source "
                   "f:first_name,job_title:first_name,job_title "
                   "t:deleted");

  /* The log has no gaps. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT max(seq) = count(*) AND min(seq) = 1 FROM change_log WHERE org_id = '%s'", f->a.org_id);
  seq_check = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (seq_check, ==, "t");
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  struct {
    const char *method, *path, *content_type, *body;
    guint status;
    const char *code, *field;
  } cases[] = {
    { "POST", "/v1/contacts", "application/json", "{\"first_name\": ", 400, "malformed", NULL },
    { "POST", "/v1/contacts", "application/json", "[1, 2]", 400, "malformed", NULL },
    { "POST", "/v1/contacts", "application/json", "", 400, "malformed", NULL },
    { "POST", "/v1/contacts", "application/json", "{\"first_name\": 42}", 400, "wrong_type", "first_name" },
    { "POST", "/v1/contacts", "application/json", "{\"first_name\": \"A\", \"shoe_size\": 42}", 400, "unknown_field", "shoe_size" },
    { "POST", "/v1/contacts", "application/json", "{\"first_name\": \"A\", \"email\": \"nope\"}", 422, "validation", "email" },
    { "POST", "/v1/contacts", "application/json", "{\"first_name\": \"A\", \"id\": \"01a213f5-984e-77d1-8bc4-f0c1476eb0e5\"}", 422, "validation", "id" },
    { "POST", "/v1/contacts", "application/json", "{\"first_name\": \"A\", \"deleted\": true}", 422, "validation", "deleted" },
    { "POST", "/v1/contacts", "application/json", "{\"first_name\": \"A\", \"org_id\": \"01a213f5-984e-77d1-8bc4-f0c1476eb0e5\"}", 422, "validation", "org_id" },
    { "POST", "/v1/contacts", "text/plain", "{\"first_name\": \"A\"}", 415, "unsupported_media_type", NULL },
    { "POST", "/v1/unicorns", "application/json", "{}", 404, "unknown_entity", NULL },
    { "GET", "/v1/users", NULL, NULL, 404, "unknown_entity", NULL },
    { "GET", "/v1/contacts/not-a-uuid", NULL, NULL, 404, "not_found", NULL },
    { "PATCH", "/v1/contacts/01a213f5-984e-77d1-8bc4-f0c1476eb0e5", "application/json", "{\"first_name\":\"X\"}", 404, "not_found", NULL },
    { "DELETE", "/v1/contacts", NULL, NULL, 405, "method_not_allowed", NULL },
    { "GET", "/v1/contacts/a/b/c", NULL, NULL, 404, "not_found", NULL },
    { "GET", "/elsewhere", NULL, NULL, 404, "not_found", NULL },
  };
  g_autofree char *before = log_head (f);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      guint status;

      g_test_message ("%s %s %s", cases[i].method, cases[i].path, cases[i].body ? cases[i].body : "");
      node = kt_test_request_full (f->ts, cases[i].method, cases[i].path, f->a.token, cases[i].content_type,
                                   cases[i].body, cases[i].body ? strlen (cases[i].body) : 0, &status);
      g_assert_cmpuint (status, ==, cases[i].status);
      g_assert_cmpstr (kt_test_json_string (node, "error.code"), ==, cases[i].code);
      g_assert_cmpstr (kt_test_json_string (node, "error.field"), ==, cases[i].field);
      g_assert_nonnull (kt_test_json_string (node, "error.message"));
    }

  /* A body over the limit is refused before it is read. */
  {
    gsize size = f->ts->config->max_body_bytes + 1;
    g_autofree char *big = g_malloc (size);
    g_autoptr(JsonNode) node = NULL;
    guint status;

    memset (big, ' ', size);
    big[0] = '{';
    big[size - 1] = '}';
    node = kt_test_request_full (f->ts, "POST", "/v1/contacts", f->a.token, "application/json", big, size, &status);
    g_assert_cmpuint (status, ==, 413);
    g_assert_cmpstr (kt_test_json_string (node, "error.code"), ==, "too_large");
  }

  /* Missing and bad tokens. */
  {
    const char *tokens[] = { NULL, "", "x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "' OR 1=1 --" };

    for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
      {
        guint status;
        g_autoptr(JsonNode) node = kt_test_request (f->ts, "POST", "/v1/contacts", tokens[i],
                                                    "{\"first_name\":\"Sneaky\"}", &status);
        g_assert_cmpuint (status, ==, 401);
        g_assert_cmpstr (kt_test_json_string (node, "error.code"), ==, "unauthorized");
      }
  }

  /* The server still serves after all that. */
  g_assert_cmpuint (count_for (f, "first_name=Ivan"), ==, 1);

  after = log_head (f);
  g_assert_cmpstr (before, ==, after);
}

/* The list route checks its token inside its own query: the same
 * answers as every other route. */
static void
test_list_auth (Fixture *f, gconstpointer data)
{
  KtTestAccount b = { 0, };
  g_autofree char *sql = NULL;
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts", NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
    g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "unauthorized");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts",
                                             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }
  /* A token without a session gets nothing, not an empty list. */
  kt_test_register (f->ts, "Other", &b);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/auth/logout", b.token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts", b.token, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
    g_assert_null (json_object_get_member (json_node_get_object (n), "items"));
  }
  /* A session whose membership is gone: 403, and no items. */
  sql = g_strdup_printf ("UPDATE team_members SET status = 'removed' WHERE org_id = '%s' AND user_id = '%s'",
                         f->a.org_id, f->a.user_id);
  g_free (kt_test_pg_query (conninfo, sql));
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts", f->a.token, NULL, &status);
    g_assert_cmpuint (status, ==, 403);
    g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "not_a_member");
    g_assert_null (json_object_get_member (json_node_get_object (n), "items"));
  }
  kt_test_account_clear (&b);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("rest");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/rest/pages", test_pages);
  ADD ("/server/rest/sort", test_sort);
  ADD ("/server/rest/search-and-filters", test_search_and_filters);
  ADD ("/server/rest/change-log", test_change_log);
  ADD ("/server/rest/bad-input", test_bad_input);
  ADD ("/server/rest/list-auth", test_list_auth);
#undef ADD

  return g_test_run ();
}
