/* test-tenant.c: a member of org A tries every endpoint with ids of org B
 *
 * Nothing of B may be read, and nothing written: B's rows and B's change
 * log are compared before and after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-test-server.h"

static char *conninfo;

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  a, b;
  char          *b_company, *b_contact, *b_pipeline, *b_stage, *b_deal, *b_task, *b_member;
} Fixture;

static char *
create (Fixture *f, const char *token, const char *plural, const char *body)
{
  g_autofree char *path = g_strconcat ("/v1/", plural, NULL);
  g_autoptr(JsonNode) node = NULL;
  guint status;

  node = kt_test_request (f->ts, "POST", path, token, body, &status);
  if (status != 201)
    g_error ("creating %s: %u %s", plural, status, kt_test_json_string (node, "error.message"));
  return g_strdup (kt_test_json_string (node, "id"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *body = NULL;
  g_autofree char *sql = NULL;

  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Alice", &f->a);
  kt_test_register (f->ts, "Boris", &f->b);

  f->b_company = create (f, f->b.token, "companies", "{\"name\":\"Secret Boris Ltd\"}");
  body = g_strdup_printf ("{\"first_name\":\"Hidden\",\"last_name\":\"Person\",\"company_id\":\"%s\"}", f->b_company);
  f->b_contact = create (f, f->b.token, "contacts", body);
  f->b_pipeline = create (f, f->b.token, "pipelines", "{\"name\":\"B sales\"}");
  g_free (body);
  body = g_strdup_printf ("{\"name\":\"Lead\",\"pipeline_id\":\"%s\"}", f->b_pipeline);
  f->b_stage = create (f, f->b.token, "stages", body);
  g_free (body);
  body = g_strdup_printf ("{\"title\":\"B deal\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\",\"status\":\"open\"}",
                          f->b_pipeline, f->b_stage);
  f->b_deal = create (f, f->b.token, "deals", body);
  f->b_task = create (f, f->b.token, "tasks", "{\"title\":\"B task\"}");
  sql = g_strdup_printf ("SELECT id FROM team_members WHERE org_id = '%s'", f->b.org_id);
  f->b_member = kt_test_pg_query (conninfo, sql);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->a);
  kt_test_account_clear (&f->b);
  g_free (f->b_company);
  g_free (f->b_contact);
  g_free (f->b_pipeline);
  g_free (f->b_stage);
  g_free (f->b_deal);
  g_free (f->b_task);
  g_free (f->b_member);
  kt_test_server_free (f->ts);
}

/* Everything of org B, as one text. */
static char *
fingerprint (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT md5(concat("
    " (SELECT string_agg(t::text, '|' ORDER BY id) FROM contacts t WHERE org_id = '%1$s'),"
    " (SELECT string_agg(t::text, '|' ORDER BY id) FROM companies t WHERE org_id = '%1$s'),"
    " (SELECT string_agg(t::text, '|' ORDER BY id) FROM deals t WHERE org_id = '%1$s'),"
    " (SELECT string_agg(t::text, '|' ORDER BY id) FROM tasks t WHERE org_id = '%1$s'),"
    " (SELECT string_agg(t::text, '|' ORDER BY id) FROM pipelines t WHERE org_id = '%1$s'),"
    " (SELECT string_agg(t::text, '|' ORDER BY id) FROM team_members t WHERE org_id = '%1$s'),"
    " (SELECT string_agg(t::text, '|' ORDER BY org_id) FROM organizations t WHERE org_id = '%1$s'),"
    " (SELECT string_agg(t::text, '|' ORDER BY seq) FROM change_log t WHERE org_id = '%1$s'),"
    " (SELECT count(*) FROM sessions WHERE org_id = '%1$s' AND revoked_at IS NULL)))",
    f->b.org_id);
  return kt_test_pg_query (conninfo, sql);
}

static void
test_records (Fixture *f, gconstpointer data)
{
  struct { const char *plural; const char *id; const char *body; } targets[] = {
    { "companies", f->b_company, "{\"name\":\"Taken\"}" },
    { "contacts", f->b_contact, "{\"first_name\":\"Taken\"}" },
    { "pipelines", f->b_pipeline, "{\"name\":\"Taken\"}" },
    { "stages", f->b_stage, "{\"name\":\"Taken\"}" },
    { "deals", f->b_deal, "{\"title\":\"Taken\"}" },
    { "tasks", f->b_task, "{\"title\":\"Taken\"}" },
  };
  g_autofree char *before = fingerprint (f);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/%s/%s", targets[i].plural, targets[i].id);
      g_autofree char *list = g_strdup_printf ("/v1/%s", targets[i].plural);
      const char *methods[] = { "GET", "PATCH", "PUT", "DELETE" };
      g_autoptr(JsonNode) listed = NULL;
      guint status;

      for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
        {
          g_autoptr(JsonNode) n = kt_test_request (f->ts, methods[m], path, f->a.token,
                                                   g_str_equal (methods[m], "GET") || g_str_equal (methods[m], "DELETE")
                                                   ? NULL : targets[i].body, &status);
          g_test_message ("%s %s", methods[m], path);
          g_assert_cmpuint (status, ==, 404);
          g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "not_found");
        }

      /* A's lists and searches do not show B's records. */
      listed = kt_test_request (f->ts, "GET", list, f->a.token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (listed), "items")), ==, 0);
    }

  {
    guint status;
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts?search=hidden", f->a.token, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "items")), ==, 0);
  }

  /* References into B from A's writes are refused as if they did not exist. */
  {
    guint status;
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/contacts", f->a.token, &status,
                                              "{\"first_name\":\"Mine\",\"company_id\":\"%s\"}", f->b_company);
    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "company_id");
  }
  {
    guint status;
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/tasks", f->a.token, &status,
                                              "{\"title\":\"Mine\",\"assignee_id\":\"%s\"}", f->b.user_id);
    g_assert_cmpuint (status, ==, 422);
  }
  {
    guint status;
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "GET", "/v1/contacts?company_id=", f->a.token, &status, "%s", "");
    g_assert_cmpuint (status, ==, 400);
  }
  {
    guint status;
    g_autofree char *path = g_strdup_printf ("/v1/contacts?company_id=%s", f->b_company);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", path, f->a.token, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "items")), ==, 0);
  }

  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_team_and_account (Fixture *f, gconstpointer data)
{
  g_autofree char *before = fingerprint (f);
  g_autofree char *after = NULL;
  g_autofree char *member_path = g_strconcat ("/v1/team/members/", f->b_member, NULL);
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", member_path, f->a.token, "{\"role\":\"user\"}", &status);
    g_assert_cmpuint (status, ==, 404);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", member_path, f->a.token, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/team/members", f->a.token, NULL, &status);
    JsonArray *members = json_object_get_array_member (json_node_get_object (n), "members");

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (members), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (members, 0), "user_id"), ==, f->a.user_id);
  }
  /* Logging in to B's organization needs a membership there. */
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                                              "{\"email\":\"%s\",\"password\":\"correct horse\",\"org_id\":\"%s\"}",
                                              f->a.email, f->b.org_id);
    g_assert_cmpuint (status, ==, 403);
    g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "not_a_member");
  }
  /* The organization endpoints only ever see the token's organization. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/organization", f->a.token, "{\"name\":\"A renamed\"}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "id"), ==, f->a.org_id);
  }

  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("tenant");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/tenant/records", test_records);
  ADD ("/server/tenant/team-and-account", test_team_and_account);
#undef ADD

  return g_test_run ();
}
