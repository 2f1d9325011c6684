/* test-rest.c: REST lists (pages, sort, filters, search), writes and the
 * change log, bad input that must be refused without writing, and lean
 * answers (no clocks unless asked, gzip)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-gzip.h"
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
          /* Clocks, sync's meta and the search column are internal. */
          g_assert_false (json_object_has_member (o, "org_id"));
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

/* What a text's JSON members hold must never be a null: unset fields are
 * left out (docs/api.md, Lean answers). */
static void
assert_no_nulls (JsonObject *o)
{
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *l = members; l != NULL; l = l->next)
    g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (o, l->data)));
}

/* The default answer leaves sync's meta out (the token's organization,
 * the record's stamp, its tombstone flag, its clocks); ?include=clocks
 * gives all four as sync holds them: the stamp is the latest clock. */
static void
assert_meta (Fixture    *f,
             JsonObject *o,
             gboolean    with_clocks)
{
  const char *meta[] = { "org_id", "hlc", "deleted", "clocks" };
  g_autoptr(GList) clocks = NULL;
  const char *latest = "";

  g_assert_nonnull (json_object_get_string_member (o, "id"));
  g_assert_nonnull (json_object_get_string_member (o, "created_at"));
  g_assert_nonnull (json_object_get_string_member (o, "updated_at"));
  g_assert_cmpstr (json_object_get_string_member (o, "owner_id"), ==, f->a.user_id);
  if (!with_clocks)
    {
      for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
        g_assert_false (json_object_has_member (o, meta[i]));
      return;
    }
  g_assert_cmpstr (json_object_get_string_member (o, "org_id"), ==, f->a.org_id);
  g_assert_false (json_object_get_boolean_member (o, "deleted"));
  clocks = json_object_get_values (json_object_get_object_member (o, "clocks"));
  for (GList *l = clocks; l != NULL; l = l->next)
    if (strcmp (json_node_get_string (l->data), latest) > 0)
      latest = json_node_get_string (l->data);
  g_assert_cmpstr (json_object_get_string_member (o, "hlc"), ==, latest);
}

static void
test_lean (Fixture *f, gconstpointer data)
{
  const char *paths[] = { "/v1/contacts?per_page=100&include=clocks",
                          "/v1/contacts?per_page=100&search=ivan&include=clocks",
                          "/v1/contacts?per_page=100&sort=-first_name&include=clocks" };
  g_autofree char *id = NULL;
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts?per_page=100", f->a.token, NULL, &status);
    JsonArray *list = items (n);

    g_assert_cmpuint (json_array_get_length (list), ==, G_N_ELEMENTS (first_names));
    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *o = json_array_get_object_element (list, i);

        assert_meta (f, o, FALSE);
        assert_no_nulls (o);
      }
    id = g_strdup (json_object_get_string_member (json_array_get_object_element (list, 0), "id"));
  }

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", paths[p], f->a.token, NULL, &status);
      JsonArray *list = items (n);

      g_test_message ("%s", paths[p]);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (json_array_get_length (list), >, 0);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *o = json_array_get_object_element (list, i);
          JsonObject *clocks = json_object_get_object_member (o, "clocks");

          g_assert_nonnull (clocks);
          g_assert_true (json_object_has_member (clocks, "first_name"));
          g_assert_nonnull (json_object_get_string_member (o, "first_name"));
          assert_meta (f, o, TRUE);
          assert_no_nulls (o);
        }
    }

  {
    g_autofree char *path = g_strdup_printf ("/v1/contacts/%s", id);
    g_autofree char *with = g_strdup_printf ("/v1/contacts/%s?include=clocks", id);
    g_autoptr(JsonNode) plain = kt_test_request (f->ts, "GET", path, f->a.token, NULL, &status);
    g_autoptr(JsonNode) full = kt_test_request (f->ts, "GET", with, f->a.token, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    assert_meta (f, json_node_get_object (plain), FALSE);
    assert_meta (f, json_node_get_object (full), TRUE);
    g_assert_nonnull (kt_test_json_string (full, "clocks.first_name"));
    g_assert_cmpstr (kt_test_json_string (full, "first_name"), ==, kt_test_json_string (plain, "first_name"));
  }

  /* Asked for, unset fields are nulls, and clocks come along when asked
   * too. */
  {
    const char *nulls[] = { "/v1/contacts?per_page=100&include=nulls", "/v1/contacts?per_page=100&include=nulls,clocks" };

    for (guint p = 0; p < G_N_ELEMENTS (nulls); p++)
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", nulls[p], f->a.token, NULL, &status);
        JsonArray *list = items (n);

        g_assert_cmpuint (json_array_get_length (list), ==, G_N_ELEMENTS (first_names));
        for (guint i = 0; i < json_array_get_length (list); i++)
          {
            JsonObject *o = json_array_get_object_element (list, i);

            g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "phone")));
            assert_meta (f, o, p == 1);
          }
      }
  }

  /* A write answers with the record as a read does. */
  {
    g_autoptr(JsonNode) created = kt_test_request (f->ts, "POST", "/v1/contacts", f->a.token,
                                                   "{\"first_name\":\"Lean\"}", &status);
    g_autoptr(JsonNode) patched = NULL;
    g_autofree char *path = NULL;

    g_assert_cmpuint (status, ==, 201);
    assert_meta (f, json_node_get_object (created), FALSE);
    path = g_strdup_printf ("/v1/contacts/%s", kt_test_json_string (created, "id"));
    patched = kt_test_request (f->ts, "PATCH", path, f->a.token, "{\"last_name\":\"Answer\"}", &status);
    g_assert_cmpuint (status, ==, 200);
    assert_meta (f, json_node_get_object (patched), FALSE);
    g_assert_cmpstr (kt_test_json_string (patched, "last_name"), ==, "Answer");
  }

  /* A name that cannot be included is refused, not ignored. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts?include=secrets", f->a.token, NULL, &status);

    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "include");
  }
}

static GBytes *
gunzip (GBytes *gz)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (gz);
  g_autoptr(GInputStream) in = g_converter_input_stream_new (base, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_gzip (Fixture *f, gconstpointer data)
{
  const char *page = "/v1/contacts?per_page=100";
  g_autoptr(SoupMessage) plain_msg = NULL;
  g_autoptr(SoupMessage) gz_msg = NULL;
  g_autoptr(SoupMessage) refused_msg = NULL;
  g_autoptr(SoupMessage) small_msg = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) gz = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autoptr(GBytes) small = NULL;
  g_autoptr(GBytes) unpacked = NULL;

  /* The session would inflate the answer itself: the test reads the
   * bytes on the wire. */
  soup_session_remove_feature_by_type (f->ts->session, SOUP_TYPE_CONTENT_DECODER);

  plain = kt_test_request_raw (f->ts, "GET", page, f->a.token, NULL, NULL, &plain_msg);
  gz = kt_test_request_raw (f->ts, "GET", page, f->a.token, "Accept-Encoding", "br, gzip", &gz_msg);
  refused = kt_test_request_raw (f->ts, "GET", page, f->a.token, "Accept-Encoding", "gzip;q=0", &refused_msg);
  small = kt_test_request_raw (f->ts, "GET", "/v1/contacts?per_page=1", f->a.token, "Accept-Encoding", "gzip",
                               &small_msg);

  g_assert_cmpuint (soup_message_get_status (gz_msg), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (plain), >, KT_GZIP_MIN_BYTES);
  g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (plain_msg), "Content-Encoding"));
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (gz_msg), "Content-Encoding"),
                   ==, "gzip");
  g_assert_true (soup_message_headers_header_contains (soup_message_get_response_headers (gz_msg), "Vary",
                                                       "Accept-Encoding"));
  g_assert_true (soup_message_headers_header_contains (soup_message_get_response_headers (plain_msg), "Vary",
                                                       "Accept-Encoding"));
  g_assert_cmpuint (g_bytes_get_size (gz), <, g_bytes_get_size (plain) / 3);
  unpacked = gunzip (gz);
  g_assert_true (g_bytes_equal (unpacked, plain));

  g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (refused_msg), "Content-Encoding"));
  g_assert_true (g_bytes_equal (refused, plain));
  g_assert_cmpuint (g_bytes_get_size (small), <, KT_GZIP_MIN_BYTES);
  g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (small_msg), "Content-Encoding"));
}

static void
test_accept_encoding (void)
{
  g_assert_true (kt_gzip_accepted ("gzip"));
  g_assert_true (kt_gzip_accepted ("deflate, GZIP;q=0.5"));
  g_assert_true (kt_gzip_accepted ("*"));
  g_assert_false (kt_gzip_accepted (NULL));
  g_assert_false (kt_gzip_accepted (""));
  g_assert_false (kt_gzip_accepted ("br, deflate"));
  g_assert_false (kt_gzip_accepted ("gzip;q=0"));
  g_assert_false (kt_gzip_accepted ("gzip; q=0.000"));
  g_assert_false (kt_gzip_accepted ("gzipped"));
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
  ADD ("/server/rest/lean", test_lean);
  ADD ("/server/rest/gzip", test_gzip);
  g_test_add_func ("/server/rest/accept-encoding", test_accept_encoding);
#undef ADD

  return g_test_run ();
}
