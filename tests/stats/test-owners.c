/* test-owners.c: the names of the people records belong to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-owners.h"
#include "kt-store-members.h"
#include "kt-team-client.h"
#include "stats-fixture.h"

#define MARIA "0190bbbb-0000-7000-8000-000000000001"
#define BORIS "0190bbbb-0000-7000-8000-000000000002"
#define ANA   "0190bbbb-0000-7000-8000-000000000003"
#define EVA   "0190bbbb-0000-7000-8000-000000000004"

/* The members as a pull brings them, with the store's own user among
 * them. */
static void
replace_members (KtStore *store)
{
  g_autofree char *json = g_strdup_printf (
    "[{\"id\": \"%s\", \"name\": \"Me Myself\", \"email\": \"me@example.com\","
    "  \"role\": \"owner\", \"active\": true},"
    " {\"id\": \"" MARIA "\", \"name\": \"Maria Georgieva\", \"email\": \"maria@example.com\","
    "  \"role\": \"user\", \"active\": true},"
    " {\"id\": \"" BORIS "\", \"name\": \"Boris Ivanov\", \"email\": \"boris@example.com\","
    "  \"role\": \"user\", \"active\": false},"
    " {\"id\": \"" ANA "\", \"name\": \"\", \"email\": \"zara@example.com\","
    "  \"role\": \"manager\", \"active\": true}]",
    kt_store_get_user_id (store));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) members = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (kt_store_members_replace (store, json_node_get_array (members), &error));
  g_assert_no_error (error);
}

static char *
names (GPtrArray *owners)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < owners->len; i++)
    {
      KtOwner *owner = g_ptr_array_index (owners, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", owner->name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_never_synced (StatsFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) owners = kt_owners_load (fixture->store);
  g_autofree char *me = kt_owners_dup_name (fixture->store, kt_store_get_user_id (fixture->store), NULL);
  g_autofree char *other = kt_owners_dup_name (fixture->store, MARIA, NULL);

  /* Nobody to give a record to but the person at the keyboard. */
  g_assert_cmpuint (owners->len, ==, 0);
  g_assert_cmpstr (me, ==, C_("owner", "You"));
  g_assert_cmpstr (other, ==, C_("owner", "A teammate"));
}

static void
test_synced_members (StatsFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) owners = NULL;
  g_autoptr(GPtrArray) filter = NULL;
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *owner_names = NULL;
  g_autofree char *filter_names = NULL;
  g_autofree char *maria = NULL;
  g_autofree char *boris = NULL;
  g_autofree char *stranger = NULL;

  replace_members (fixture->store);
  owners = kt_owners_load (fixture->store);
  filter = kt_owners_load_for_filter (fixture->store);

  /* Active members only, by name, without the store's user; a member
   * without a name is shown by the address (the names sort the same in
   * the C locale as in a person's). */
  owner_names = names (owners);
  g_assert_cmpstr (owner_names, ==, "Maria Georgieva, zara@example.com");
  g_assert_cmpstr (((KtOwner *) owners->pdata[0])->user_id, ==, MARIA);
  /* The filter also finds the records of someone who left. */
  filter_names = names (filter);
  g_assert_cmpstr (filter_names, ==, "Maria Georgieva, zara@example.com, Boris Ivanov (former member)");

  maria = kt_owners_dup_name (fixture->store, MARIA, cache);
  boris = kt_owners_dup_name (fixture->store, BORIS, cache);
  stranger = kt_owners_dup_name (fixture->store, EVA, cache);
  g_assert_cmpstr (maria, ==, "Maria Georgieva");
  g_assert_cmpstr (boris, ==, "Boris Ivanov (former member)");
  g_assert_cmpstr (stranger, ==, C_("owner", "A teammate"));
}

static void
test_team_cache (StatsFixture  *fixture,
                 gconstpointer  data)
{
  g_autofree char *team = g_strdup_printf (
    "{\"role\": \"owner\", \"user_id\": \"%s\", \"members\": ["
    " {\"user_id\": \"%s\", \"full_name\": \"Me Myself\", \"status\": \"active\"},"
    " {\"user_id\": \"" MARIA "\", \"full_name\": \"Maria Georgieva\", \"status\": \"active\"},"
    " {\"user_id\": \"" EVA "\", \"full_name\": \"\", \"email\": \"yana@example.com\","
    "  \"status\": \"active\"},"
    " {\"email\": \"new@example.com\", \"status\": \"invited\"},"
    " {\"user_id\": \"" ANA "\", \"full_name\": \"Ana Invited\", \"status\": \"invited\"}]}",
    kt_store_get_user_id (fixture->store), kt_store_get_user_id (fixture->store));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) owners = NULL;
  g_autofree char *owner_names = NULL;
  g_autofree char *eva = NULL;

  /* A store that has not pulled members yet uses the team the Team pane
   * fetched; invitations own nothing yet. */
  g_assert_true (kt_store_set_meta (fixture->store, KT_TEAM_META_CACHE, team, &error));
  g_assert_no_error (error);
  owners = kt_owners_load (fixture->store);
  owner_names = names (owners);
  g_assert_cmpstr (owner_names, ==, "Maria Georgieva, yana@example.com");

  eva = kt_owners_dup_name (fixture->store, EVA, NULL);
  g_assert_cmpstr (eva, ==, "yana@example.com");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/owners/never-synced", StatsFixture, NULL,
              stats_fixture_set_up, test_never_synced, stats_fixture_tear_down);
  g_test_add ("/owners/synced-members", StatsFixture, NULL,
              stats_fixture_set_up, test_synced_members, stats_fixture_tear_down);
  g_test_add ("/owners/team-cache", StatsFixture, NULL,
              stats_fixture_set_up, test_team_cache, stats_fixture_tear_down);

  return g_test_run ();
}
