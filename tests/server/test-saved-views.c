/* test-saved-views.c: a saved view is its owner's alone
 *
 * Through REST and sync, another member of the organization, whatever
 * the role, neither sees nor changes nor learns of a member's saved view;
 * the owner's own devices get it through the change feed like any
 * record; its owner never changes; its state is checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "kt-test-server.h"

static char *conninfo;


typedef struct {
  KtTestServer  *ts;
  KtTestAccount  owner, user;
  KtHlc         *clock;
  gint64         mutation;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Owner", &f->owner);
  kt_test_add_member (f->ts, &f->owner, "user", &f->user);
  f->clock = kt_hlc_new ("0000000000000c1f");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_account_clear (&f->user);
  kt_hlc_free (f->clock);
  kt_test_server_free (f->ts);
}

static char *
create_view (Fixture       *f,
             KtTestAccount *who,
             const char    *name)
{
  g_autofree char *body = g_strdup_printf ("{\"section\":\"contacts\",\"name\":\"%s\","
                                           "\"state\":{\"search\":\"Иван\",\"filters\":{\"tag\":\"vip\"}}}",
                                           name);

  return kt_test_create (f->ts, who->token, "saved_views", body);
}

static guint
list_length (Fixture       *f,
             KtTestAccount *who)
{
  g_autoptr(JsonNode) node = NULL;
  guint status;

  node = kt_test_request (f->ts, "GET", "/v1/saved_views", who->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (node), "items"));
}

/* Every page of the change feed from the start, as @who; the ids of the
 * saved views it carried. Fails if the feed does not reach its head. */
static GPtrArray *
pulled_views (Fixture       *f,
              KtTestAccount *who,
              guint          limit)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  gint64 cursor = 0;
  guint pages = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/v1/sync/pull?protocol=%d&cursor=%" G_GINT64_FORMAT "&limit=%u",
                                               KT_SYNC_PROTOCOL_VERSION, cursor, limit);
      g_autoptr(JsonNode) answer = NULL;
      JsonObject *page;
      JsonArray *changes;
      guint status;

      answer = kt_test_request (f->ts, "GET", path, who->token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      page = json_node_get_object (answer);
      changes = json_object_get_array_member (page, "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);

          if (g_str_equal (json_object_get_string_member (change, "entity"), "saved_view"))
            g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                                              json_object_get_object_member (change, "record"), "id")));
        }
      g_assert_cmpint (json_object_get_int_member (page, "cursor"), >=, cursor);
      cursor = json_object_get_int_member (page, "cursor");
      more = json_object_get_boolean_member (page, "has_more");
      /* A member who cannot see the last entries must still get to the
       * end, not be told "more" forever. */
      g_assert_cmpuint (++pages, <, 200);
      if (!more)
        g_assert_cmpint (cursor, ==, json_object_get_int_member (page, "head"));
    }
  return ids;
}

static gboolean
has_id (GPtrArray  *ids,
        const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

static void
test_rest_owner_only (Fixture *f, gconstpointer data)
{
  g_autofree char *view = create_view (f, &f->user, "VIP");
  g_autofree char *path = g_strconcat ("/v1/saved_views/", view, NULL);
  g_autofree char *history = g_strconcat (path, "/history", NULL);
  guint status;

  /* The maker sees it; the organization's Owner does not, in the list or
   * by id, and cannot change, delete or read the history of it. */
  g_assert_cmpuint (list_length (f, &f->user), ==, 1);
  g_assert_cmpuint (list_length (f, &f->owner), ==, 0);
  {
    g_autoptr(JsonNode) mine = kt_test_request (f->ts, "GET", path, f->user.token, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (mine, "owner_id"), ==, f->user.user_id);
    g_assert_cmpstr (kt_test_json_string (mine, "state.search"), ==, "Иван");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", path, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 404);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token, "{\"name\":\"Mine now\"}", &status);

    g_assert_cmpuint (status, ==, 404);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", path, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 404);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", history, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 404);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", history, f->user.token, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
  }

  /* Its owner never changes: not given away by its maker, not taken by
   * an Owner (who does not find it). */
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", path, f->user.token, &status,
                                              "{\"owner_id\":\"%s\"}", f->owner.user_id);

    g_assert_cmpuint (status, ==, 403);
  }
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/saved_views", f->owner.token, &status,
                                              "{\"section\":\"contacts\",\"name\":\"Gift\",\"state\":{},"
                                              "\"owner_id\":\"%s\"}", f->user.user_id);

    g_assert_cmpuint (status, ==, 403);
  }
  g_assert_cmpuint (list_length (f, &f->user), ==, 1);

  kt_test_patch_ok (f->ts, f->user.token, "saved_views", view, "{\"name\":\"Важни\"}");
}

static void
test_rest_validates_state (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) big = g_string_new ("{\"section\":\"contacts\",\"name\":\"Big\",\"state\":{\"x\":\"");
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/saved_views", f->user.token,
                                             "{\"section\":\"contacts\",\"name\":\"Bad\",\"state\":{\"search\":7}}",
                                             &status);

    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "state");
  }
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (big, 'x');
  g_string_append (big, "\"}}");
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/saved_views", f->user.token, big->str, &status);

    g_assert_cmpuint (status, ==, 422);
  }
  g_assert_cmpuint (list_length (f, &f->user), ==, 0);
}

static JsonNode *
push_view (Fixture       *f,
           KtTestAccount *who,
           const char    *client_id,
           const char    *record_id,
           const char    *name)
{
  g_autofree char *stamp = kt_hlc_tick (f->clock);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *results;
  guint status;

  answer = kt_test_requestf (f->ts, "POST", "/v1/sync/push", who->token, &status,
                             "{\"protocol\":%d,\"client_id\":\"%s\",\"mutations\":[{\"id\":%" G_GINT64_FORMAT ","
                             "\"entity\":\"saved_view\",\"record_id\":\"%s\","
                             "\"fields\":{\"section\":\"invoices\",\"name\":\"%s\",\"state\":{\"sort\":\"-number\"}},"
                             "\"clocks\":{\"section\":\"%s\",\"name\":\"%s\",\"state\":\"%s\"}}]}",
                             KT_SYNC_PROTOCOL_VERSION, client_id, ++f->mutation, record_id, name,
                             stamp, stamp, stamp);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_node_copy (json_array_get_element (results, 0));
}

static void
test_sync_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree char *client = kt_uuid_new ();
  g_autofree char *other_client = kt_uuid_new ();
  g_autofree char *view = kt_uuid_new ();
  g_autofree char *rest_view = create_view (f, &f->user, "From REST");
  g_autoptr(GPtrArray) user_sees = NULL;
  g_autoptr(GPtrArray) owner_sees = NULL;
  g_autoptr(GPtrArray) owner_paged = NULL;
  g_autofree char *pg_visible = NULL;
  g_autofree char *sql = NULL;

  /* The user's device pushes a view; the user's other device pulls it. */
  {
    g_autoptr(JsonNode) result = push_view (f, &f->user, client, view, "Overdue");

    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "applied");
  }
  user_sees = pulled_views (f, &f->user, 5000);
  g_assert_true (has_id (user_sees, view));
  g_assert_true (has_id (user_sees, rest_view));

  /* The Owner's devices never hear of either, and their feed still ends:
   * the user's views are the last entries, one page at a time too. */
  owner_sees = pulled_views (f, &f->owner, 5000);
  g_assert_cmpuint (owner_sees->len, ==, 0);
  owner_paged = pulled_views (f, &f->owner, 1);
  g_assert_cmpuint (owner_paged->len, ==, 0);

  /* The log entries name whom they are for (migration 12). */
  sql = g_strdup_printf ("SELECT count(*) FROM change_log WHERE org_id = '%s' AND entity = 'saved_view' "
                         "AND visible_to = '%s'", f->owner.org_id, f->user.user_id);
  pg_visible = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (pg_visible, ==, "2");

  /* An Owner's client pushing onto the user's view is refused, and the
   * refusal carries nothing of it. */
  {
    g_autoptr(JsonNode) result = push_view (f, &f->owner, other_client, view, "Taken");
    JsonNode *record;

    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "rejected");
    record = json_object_get_member (json_node_get_object (result), "record");
    g_assert_true (record == NULL || JSON_NODE_HOLDS_NULL (record));
  }
  {
    g_autofree char *path = g_strconcat ("/v1/saved_views/", view, NULL);
    guint status;
    g_autoptr(JsonNode) mine = kt_test_request (f->ts, "GET", path, f->user.token, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (mine, "name"), ==, "Overdue");
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KANTORA_LOCALEDIR") != NULL
                                   ? g_getenv ("KANTORA_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("saved_views");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/saved-views/rest-owner-only", test_rest_owner_only);
  ADD ("/server/saved-views/rest-validates-state", test_rest_validates_state);
  ADD ("/server/saved-views/sync-round-trip", test_sync_round_trip);
#undef ADD

  return g_test_run ();
}
