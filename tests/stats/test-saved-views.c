/* test-saved-views.c: the store's user's saved views (client/core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kantora-shared.h"
#include "kt-saved-views.h"

typedef struct {
  char    *dir;
  char    *path;
  KtStore *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kt-saved-views-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_remove (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static JsonObject *
state_of (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_create_list_rename (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) state = state_of ("{\"search\":\"Иван\",\"filters\":{\"tag\":\"vip\"}}");
  g_autoptr(KtRecord) vip = NULL;
  g_autoptr(KtRecord) sofia = NULL;
  g_autoptr(KtRecord) due = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(JsonObject) read_back = NULL;
  g_autofree char *section = NULL;
  g_autoptr(GError) error = NULL;

  vip = kt_saved_views_create (fixture->store, "contacts", "  VIP  ", state, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (vip, "name"), ==, "VIP");
  g_assert_cmpstr (kt_record_get_owner_id (vip), ==, kt_store_get_user_id (fixture->store));
  sofia = kt_saved_views_create (fixture->store, "contacts", "Sofia", state, &error);
  g_assert_no_error (error);
  due = kt_saved_views_create (fixture->store, "invoices", "Overdue", state, &error);
  g_assert_no_error (error);

  contacts = kt_saved_views_load (fixture->store, "contacts", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  g_assert_cmpstr (kt_record_get_string (contacts->pdata[0], "name"), ==, "Sofia");
  g_assert_cmpstr (kt_record_get_string (contacts->pdata[1], "name"), ==, "VIP");

  all = kt_saved_views_load (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);

  g_assert_true (kt_saved_views_rename (fixture->store, kt_record_get_id (vip), "Важни", &error));
  g_assert_no_error (error);
  read_back = kt_saved_views_dup_state (fixture->store, kt_record_get_id (vip), &section);
  g_assert_nonnull (read_back);
  g_assert_cmpstr (section, ==, "contacts");
  g_assert_cmpstr (json_object_get_string_member (read_back, "search"), ==, "Иван");

  /* Every write went to the outbox: the views sync. */
  g_assert_cmpint (kt_store_outbox_count (fixture->store), >=, 4);

  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_SAVED_VIEW, kt_record_get_id (vip), &error));
  g_assert_null (kt_saved_views_dup_state (fixture->store, kt_record_get_id (vip), NULL));
}

static void
test_refuses_bad_views (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) state = state_of ("{\"search\":[1,2]}");
  g_autoptr(JsonObject) fine = state_of ("{}");
  g_autoptr(KtRecord) view = NULL;
  g_autoptr(GError) error = NULL;

  view = kt_saved_views_create (fixture->store, "contacts", "Bad", state, &error);
  g_assert_null (view);
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_clear_error (&error);

  view = kt_saved_views_create (fixture->store, "contacts", "   ", fine, &error);
  g_assert_null (view);
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_clear_error (&error);

  view = kt_saved_views_create (fixture->store, "nowhere", "Name", fine, &error);
  g_assert_null (view);
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
}

/* A store that a second person later signs into may still hold the first
 * one's views: they are not listed. */
static void
test_lists_own_views_only (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KtRecord) other = kt_record_new (KT_ENTITY_SAVED_VIEW);
  g_autoptr(JsonNode) state = json_from_string ("{}", NULL);
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GError) error = NULL;

  kt_record_set_string (other, "section", "contacts");
  kt_record_set_string (other, "name", "Someone else's");
  g_assert_true (kt_record_set_node (other, "state", state, &error));
  kt_record_set_owner_id (other, "0190aaaa-0000-7000-8000-000000000009");
  g_assert_true (kt_store_save (fixture->store, other, &error));
  g_assert_no_error (error);

  views = kt_saved_views_load (fixture->store, "contacts", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (views->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/saved-views/create-list-rename", Fixture, NULL, fixture_setup,
              test_create_list_rename, fixture_teardown);
  g_test_add ("/saved-views/refuses-bad-views", Fixture, NULL, fixture_setup,
              test_refuses_bad_views, fixture_teardown);
  g_test_add ("/saved-views/lists-own-views-only", Fixture, NULL, fixture_setup,
              test_lists_own_views_only, fixture_teardown);

  return g_test_run ();
}
