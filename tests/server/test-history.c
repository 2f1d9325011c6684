/* test-history.c: GET /v1/<plural>/{id}/history: a record's change log
 * with authors' names, old and new values, in pages, for whoever may
 * read the record and nobody else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"
#include "kt-test-server.h"

static char *conninfo;

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  owner;     /* "Мария Owner" */
  KtTestAccount  manager;   /* "A manager" */
  KtTestAccount  user;      /* "A user" */
  char          *contact;
  char          *path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(KtHlc) clock = kt_hlc_new (NULL);
  g_autofree char *client_id = kt_uuid_new ();
  g_autofree char *stamp = NULL;
  guint status;

  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Owner", &f->owner);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/me", f->owner.token,
                                             "{\"full_name\":\"Мария Owner\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  kt_test_add_member (f->ts, &f->owner, "manager", &f->manager);
  kt_test_add_member (f->ts, &f->owner, "user", &f->user);

  /* Created and renamed over REST by the owner... */
  created = kt_test_request (f->ts, "POST", "/v1/contacts", f->owner.token,
                             "{\"first_name\":\"Ivan\",\"last_name\":\"Petrov\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  f->contact = g_strdup (kt_test_json_string (created, "id"));
  f->path = g_strdup_printf ("/v1/contacts/%s/history", f->contact);
  {
    g_autofree char *path = g_strconcat ("/v1/contacts/", f->contact, NULL);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token,
                                             "{\"first_name\":\"Ivo\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }

  /* ...then changed through a sync push by the manager. */
  stamp = kt_hlc_tick (clock);
  {
    g_autoptr(JsonNode) n = NULL;

    n = kt_test_requestf (f->ts, "POST", "/v1/sync/push", f->manager.token, &status,
                          "{\"protocol\":%d,\"client_id\":\"%s\",\"mutations\":[{\"id\":1,"
                          "\"entity\":\"contact\",\"record_id\":\"%s\","
                          "\"fields\":{\"last_name\":\"Петров\"},\"clocks\":{\"last_name\":\"%s\"}}]}",
                          KT_SYNC_PROTOCOL_VERSION, client_id, f->contact, stamp);
    g_assert_cmpuint (status, ==, 200);
  }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_account_clear (&f->manager);
  kt_test_account_clear (&f->user);
  g_free (f->contact);
  g_free (f->path);
  kt_test_server_free (f->ts);
}

static JsonArray *
items (JsonNode *node)
{
  return json_object_get_array_member (json_node_get_object (node), "items");
}

/* The change of @field in @entry, or NULL. */
static JsonObject *
change_of (JsonObject *entry,
           const char *field)
{
  JsonArray *changes = json_object_get_array_member (entry, "changes");

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_strcmp0 (json_object_get_string_member (change, "field"), field) == 0)
        return change;
    }
  return NULL;
}

static void
test_authors_and_values (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) n = NULL;
  JsonArray *list;
  JsonObject *entry, *change, *author;
  guint status;

  n = kt_test_request (f->ts, "GET", f->path, f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  list = items (n);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);

  /* Newest first: the manager's push. */
  entry = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "updated");
  author = json_object_get_object_member (entry, "author");
  g_assert_cmpstr (json_object_get_string_member (author, "id"), ==, f->manager.user_id);
  g_assert_cmpstr (json_object_get_string_member (author, "name"), ==, "A manager");
  change = change_of (entry, "last_name");
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "old"), ==, "Petrov");
  g_assert_cmpstr (json_object_get_string_member (change, "new"), ==, "Петров");
  g_assert_null (change_of (entry, "first_name"));
  /* The time of the entry, and the clock of the write. */
  g_assert_true (g_str_has_suffix (json_object_get_string_member (entry, "at"), "Z"));
  g_assert_nonnull (json_object_get_string_member (entry, "hlc"));

  entry = json_array_get_object_element (list, 1);
  author = json_object_get_object_member (entry, "author");
  g_assert_cmpstr (json_object_get_string_member (author, "name"), ==, "Мария Owner");
  change = change_of (entry, "first_name");
  g_assert_cmpstr (json_object_get_string_member (change, "old"), ==, "Ivan");
  g_assert_cmpstr (json_object_get_string_member (change, "new"), ==, "Ivo");

  entry = json_array_get_object_element (list, 2);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "created");
  author = json_object_get_object_member (entry, "author");
  g_assert_cmpstr (json_object_get_string_member (author, "id"), ==, f->owner.user_id);
  change = change_of (entry, "first_name");
  g_assert_true (json_object_get_null_member (change, "old"));
  g_assert_cmpstr (json_object_get_string_member (change, "new"), ==, "Ivan");

  /* A later delete and undelete are named as such. */
  {
    g_autofree char *record = g_strconcat ("/v1/contacts/", f->contact, NULL);
    g_autoptr(JsonNode) d = kt_test_request (f->ts, "DELETE", record, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 204);
  }
  {
    /* Deleted: no longer readable, so neither is its history. */
    g_autoptr(JsonNode) h = kt_test_request (f->ts, "GET", f->path, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 404);
    g_assert_cmpstr (kt_test_json_string (h, "error.code"), ==, "not_found");
  }
}

static void
test_pages (Fixture *f, gconstpointer data)
{
  g_autofree char *first = g_strconcat (f->path, "?per_page=2", NULL);
  g_autofree char *second = g_strconcat (f->path, "?per_page=2&page=2", NULL);
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  guint status;

  a = kt_test_request (f->ts, "GET", first, f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (items (a)), ==, 2);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (a), "has_more"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (a), "per_page"), ==, 2);

  b = kt_test_request (f->ts, "GET", second, f->owner.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (items (b)), ==, 1);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (b), "has_more"));
  /* The pages do not overlap: seqs fall from page to page. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items (a), 1), "seq"), >,
                   json_object_get_int_member (json_array_get_object_element (items (b), 0), "seq"));

  {
    const char *bad[] = { "?per_page=0", "?per_page=501", "?page=0", "?page=x" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strconcat (f->path, bad[i], NULL);
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", path, f->owner.token, NULL, &status);

        g_assert_cmpuint (status, ==, 400);
        g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "bad_request");
      }
  }
}

static void
test_roles_and_tenants (Fixture *f, gconstpointer data)
{
  KtTestAccount other = { 0, };
  guint status;

  /* A User reads any record of the organization, so its history too. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", f->path, f->user.token, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (items (n)), ==, 3);
  }
  /* No token: 401. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", f->path, NULL, NULL, &status);

    g_assert_cmpuint (status, ==, 401);
  }
  /* Another organization: the record does not exist for it. */
  kt_test_register (f->ts, "Outsider", &other);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", f->path, other.token, NULL, &status);

    g_assert_cmpuint (status, ==, 404);
    g_assert_null (json_object_get_member (json_node_get_object (n), "items"));
  }
  /* Unknown ids and resources. */
  {
    g_autofree char *unknown = kt_uuid_new ();
    g_autofree char *path = g_strdup_printf ("/v1/contacts/%s/history", unknown);
    g_autoptr(JsonNode) a = kt_test_request (f->ts, "GET", path, f->owner.token, NULL, &status);
    g_autoptr(JsonNode) b = NULL;
    g_autoptr(JsonNode) c = NULL;

    g_assert_cmpuint (status, ==, 404);
    b = kt_test_request (f->ts, "GET", "/v1/contacts/not-an-id/history", f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
    c = kt_test_request (f->ts, "GET", "/v1/nothing/x/history", f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }
  /* A removed member loses it. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE team_members SET status = 'removed' "
                                            "WHERE org_id = '%s' AND user_id = '%s'",
                                            f->user.org_id, f->user.user_id);
    g_autoptr(JsonNode) n = NULL;

    g_free (kt_test_pg_query (conninfo, sql));
    n = kt_test_request (f->ts, "GET", f->path, f->user.token, NULL, &status);
    g_assert_cmpuint (status, ==, 403);
  }
  kt_test_account_clear (&other);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("history");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/history/authors-and-values", test_authors_and_values);
  ADD ("/server/history/pages", test_pages);
  ADD ("/server/history/roles-and-tenants", test_roles_and_tenants);
#undef ADD

  return g_test_run ();
}
