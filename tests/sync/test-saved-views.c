/* test-saved-views.c: a saved view travels to its owner's other devices
 * and to nobody else's
 *
 * B (a User) saves a view on one device; B's second device pulls it,
 * renames it, and the first device takes the new name; A, the
 * organization's Owner, syncs all along and never gets it, yet still
 * gets B's contacts. A delete reaches B's other device too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-saved-views.h"
#include "kt-test-harness.h"

static KtTestServer *server;

typedef struct {
  KtTestTeam   team;     /* a: the Owner; b: a User */
  KtTestClient b2;       /* b's second device */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  kt_test_team_setup (server, &f->team, "views");
  kt_test_client_open (server, &f->b2, "views", "b2");
  f->b2.email = g_strdup (f->team.b.email);
  kt_test_login (f->b2.engine, server->url, f->b2.email, KT_TEST_PASSWORD, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kt_test_client_close (&f->b2);
  kt_test_team_teardown (&f->team);
}

static gboolean
store_has (KtStore        *store,
           const KtEntity *entity,
           const char     *id)
{
  g_autoptr (KtRecord) record = kt_store_get (store, entity, id, NULL);

  return record != NULL;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  KtTestClient *a = &f->team.a;
  KtTestClient *b = &f->team.b;
  g_autoptr (JsonNode) state = json_from_string ("{\"search\":\"Иван\",\"filters\":{\"tag\":\"vip\"},"
                                                 "\"sort\":\"-first_name,last_name\"}", NULL);
  g_autoptr (KtRecord) view = NULL;
  g_autoptr (KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GPtrArray) on_b2 = NULL;
  g_autoptr (GPtrArray) on_b = NULL;
  g_autoptr (JsonObject) pulled_state = NULL;
  g_autoptr (GError) error = NULL;
  const char *id;

  view = kt_saved_views_create (b->store, "contacts", "VIP", json_node_get_object (state), &error);
  g_assert_no_error (error);
  id = kt_record_get_id (view);
  kt_record_set_string (contact, "first_name", "Иван");
  g_assert_true (kt_store_save (b->store, contact, &error));
  g_assert_no_error (error);
  kt_test_client_sync_ok (b);

  /* B's other device has it, state and all. */
  kt_test_client_sync_ok (&f->b2);
  on_b2 = kt_saved_views_load (f->b2.store, "contacts", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_b2->len, ==, 1);
  g_assert_cmpstr (kt_record_get_id (on_b2->pdata[0]), ==, id);
  g_assert_cmpstr (kt_record_get_string (on_b2->pdata[0], "name"), ==, "VIP");
  pulled_state = kt_saved_views_dup_state (f->b2.store, id, NULL);
  g_assert_nonnull (pulled_state);
  g_assert_cmpstr (json_object_get_string_member (pulled_state, "sort"), ==, "-first_name,last_name");

  /* The Owner's device gets B's contact and not B's view. */
  kt_test_client_sync_ok (a);
  g_assert_false (store_has (a->store, KT_ENTITY_SAVED_VIEW, id));
  g_assert_true (store_has (a->store, KT_ENTITY_CONTACT, kt_record_get_id (contact)));

  /* Renamed on the second device, the first takes the new name. */
  g_assert_true (kt_saved_views_rename (f->b2.store, id, "Важни", &error));
  g_assert_no_error (error);
  kt_test_client_sync_ok (&f->b2);
  kt_test_client_sync_ok (b);
  on_b = kt_saved_views_load (b->store, "contacts", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_b->len, ==, 1);
  g_assert_cmpstr (kt_record_get_string (on_b->pdata[0], "name"), ==, "Важни");

  /* Deleted on the first, gone from the second. */
  g_assert_true (kt_store_delete (b->store, KT_ENTITY_SAVED_VIEW, id, &error));
  g_assert_no_error (error);
  kt_test_client_sync_ok (b);
  kt_test_client_sync_ok (&f->b2);
  g_assert_false (store_has (f->b2.store, KT_ENTITY_SAVED_VIEW, id));

  kt_test_client_sync_ok (a);
  g_assert_false (store_has (a->store, KT_ENTITY_SAVED_VIEW, id));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  server = kt_test_server_new ();

  g_test_add ("/sync/saved-views/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);

  ret = g_test_run ();
  kt_test_server_free (server);
  return ret;
}
