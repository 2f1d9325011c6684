/* test-members.c: the organization's members reach every client
 *
 * Two accounts in one organization: after a pull each client's store has
 * both members with their role and whether they are active; a role
 * change, a rename and a removal reach the other client on its next
 * pull; a store that predates the members section asks for them once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-store-members.h"
#include "kt-store-private.h"
#include "kt-store-sync.h"
#include "kt-test-harness.h"

#define PASSWORD KT_TEST_PASSWORD

static KtTestServer *server;

typedef KtTestClient Client;
typedef KtTestTeam Fixture;   /* a: the organization's Owner; b: a User invited into it */

static char *
token_of (Client *client)
{
  return kt_test_client_token (server, client);
}

static void
sync_ok (Client *client)
{
  kt_test_client_sync_ok (client);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kt_test_team_setup (server, f, "members");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kt_test_team_teardown (f);
}

/* The member of @store with @user_id; asserts that there is one. */
static KtMember *
member_of (KtStore    *store,
           const char *user_id)
{
  g_autoptr (GError) error = NULL;
  KtMember *member = kt_store_members_lookup (store, user_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  return member;
}

/* B's team member id, from A's view of the team. */
static char *
member_id_of (Fixture *f,
              Client  *who)
{
  g_autofree char *token = token_of (&f->a);
  g_autofree char *url = g_strconcat (server->url, "/v1/team/members", NULL);
  g_autoptr (JsonNode) team = NULL;
  JsonArray *members;
  guint status = 0;

  team = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  members = json_object_get_array_member (json_node_get_object (team), "members");
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *m = json_array_get_object_element (members, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (m, "user_id", NULL),
                     kt_store_get_user_id (who->store)) == 0)
        return g_strdup (json_object_get_string_member (m, "id"));
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_pulled (Fixture       *f,
             gconstpointer  data)
{
  const char *a_id = kt_store_get_user_id (f->a.store);
  const char *b_id = kt_store_get_user_id (f->b.store);
  Client *clients[] = { &f->a, &f->b };

  sync_ok (&f->a);
  sync_ok (&f->b);

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      KtStore *store = clients[i]->store;
      g_autoptr (GPtrArray) members = NULL;
      g_autoptr (KtMember) a = NULL;
      g_autoptr (KtMember) b = NULL;
      g_autoptr (KtRecord) user = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_true (kt_store_members_known (store));
      members = kt_store_members_list (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (members->len, ==, 2);

      a = member_of (store, a_id);
      g_assert_cmpstr (a->role, ==, "owner");
      g_assert_true (a->active);
      g_assert_cmpstr (a->email, ==, f->a.email);
      b = member_of (store, b_id);
      g_assert_cmpstr (b->role, ==, "user");
      g_assert_true (b->active);
      g_assert_cmpstr (b->name, ==, "Boris B");
      g_assert_cmpstr (b->email, ==, f->b.email);

      /* The users table holds them, as every picker reads it. */
      user = kt_store_get (store, kt_entity_lookup ("user"), b_id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (user);
      g_assert_cmpstr (kt_record_get_string (user, "full_name"), ==, "Boris B");
      /* Read-only: nothing of it waits to be pushed. */
      g_assert_cmpint (kt_store_outbox_count (store), ==, 0);
    }
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token_a = token_of (&f->a);
  g_autofree char *token_b = token_of (&f->b);
  g_autofree char *b_member = member_id_of (f, &f->b);
  g_autofree char *member_url = g_strconcat (server->url, "/v1/team/members/", b_member, NULL);
  g_autofree char *me_url = g_strconcat (server->url, "/v1/me", NULL);
  const char *a_id = kt_store_get_user_id (f->a.store);
  const char *b_id = kt_store_get_user_id (f->b.store);
  guint status = 0;

  sync_ok (&f->a);
  sync_ok (&f->b);

  /* A makes B a Manager; B renames itself. */
  {
    g_autoptr (JsonNode) n = kt_test_http ("PATCH", member_url, token_a, "{\"role\": \"manager\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autoptr (JsonNode) n = kt_test_http ("PATCH", me_url, token_b, "{\"full_name\": \"Борис Борисов\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }

  sync_ok (&f->a);
  {
    g_autoptr (KtMember) b = member_of (f->a.store, b_id);

    g_assert_cmpstr (b->role, ==, "manager");
    g_assert_cmpstr (b->name, ==, "Борис Борисов");
    g_assert_true (b->active);
  }

  /* A removes B: B stays known, by name, as a former member. */
  {
    g_autoptr (JsonNode) n = kt_test_http ("DELETE", member_url, token_a, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  sync_ok (&f->a);
  {
    g_autoptr (KtMember) b = member_of (f->a.store, b_id);
    g_autoptr (KtMember) a = member_of (f->a.store, a_id);
    g_autoptr (GPtrArray) members = kt_store_members_list (f->a.store, NULL);

    g_assert_false (b->active);
    g_assert_cmpstr (b->name, ==, "Борис Борисов");
    g_assert_true (a->active);
    /* Active members first. */
    g_assert_cmpuint (members->len, ==, 2);
    g_assert_true (((KtMember *) members->pdata[0])->active);
    g_assert_false (((KtMember *) members->pdata[1])->active);
  }
}

/* A store that synced before the server sent members: its cursor is up
 * to date, yet its next pull brings them. */
static void
test_old_store (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) members = NULL;

  sync_ok (&f->b);
  g_assert_true (kt_store_members_known (f->b.store));
  g_assert_true (kt_store_members_clear (f->b.store, &error));
  g_assert_no_error (error);
  g_assert_false (kt_store_members_known (f->b.store));

  sync_ok (&f->b);
  g_assert_true (kt_store_members_known (f->b.store));
  members = kt_store_members_list (f->b.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);

  /* Logging out forgets them with the account's data. */
  g_assert_true (kt_test_logout (f->b.engine, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (kt_store_members_known (f->b.store));
  g_clear_pointer (&members, g_ptr_array_unref);
  members = kt_store_members_list (f->b.store, &error);
  g_assert_cmpuint (members->len, ==, 0);
}

/* Malformed members from a server: nothing is written. */
static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) bad = json_from_string ("[{\"id\": \"00000000-0000-7000-8000-000000000001\","
                                               " \"name\": \"X\", \"role\": \"user\", \"active\": true},"
                                               " {\"id\": \"not-an-id\", \"name\": \"Y\", \"role\": \"user\","
                                               " \"active\": true}]", NULL);
  g_autoptr (GPtrArray) members = NULL;

  g_assert_false (kt_store_members_replace (f->a.store, json_node_get_array (bad), &error));
  g_assert_error (error, KT_STORE_ERROR, KT_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "2"));
  members = kt_store_members_list (f->a.store, NULL);
  g_assert_cmpuint (members->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  server = kt_test_server_new ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/members/pulled", test_pulled);
  ADD ("/sync/members/changes", test_changes);
  ADD ("/sync/members/old-store", test_old_store);
  ADD ("/sync/members/malformed", test_malformed);
#undef ADD

  ret = g_test_run ();
  kt_test_server_free (server);
  return ret;
}
