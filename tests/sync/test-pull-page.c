/* test-pull-page.c: the client's reading of a pulled page, without a server
 *
 * kt_sync_pull_read_envelope() and kt_sync_pull_read_changes() are what a
 * pull runs on each page before the store sees it (and what
 * fuzz/fuzz-sync-pull.c runs); these tests pin what they accept and that a
 * broken page is a protocol error, not a crash or a partial page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"

#define RECORD "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"

static void
test_envelope (void)
{
  g_autoptr(JsonNode) root = json_from_string ("{\"cursor\":2000,\"head\":104211,\"has_more\":true,"
                                               "\"reset\":false,\"changes\":[]}", NULL);
  g_autoptr(JsonNode) minimal = json_from_string ("{\"cursor\":7,\"changes\":[]}", NULL);
  static const char * const bad[] = {
    "[]", "null", "{\"changes\":[]}", "{\"cursor\":-1,\"changes\":[]}", "{\"cursor\":1}",
    "{\"cursor\":1,\"changes\":{}}",
    /* Found while writing fuzz/fuzz-sync-pull.c: members of the wrong type
     * read as 0 or FALSE (a pull from 0 again, or one that stops early). */
    "{\"cursor\":\"1\",\"changes\":[]}", "{\"cursor\":1.5,\"changes\":[]}",
    "{\"cursor\":null,\"changes\":[]}", "{\"cursor\":1,\"head\":\"9\",\"changes\":[]}",
    "{\"cursor\":1,\"has_more\":\"true\",\"changes\":[]}", "{\"cursor\":1,\"reset\":1,\"changes\":[]}",
  };
  g_autoptr(GError) error = NULL;
  KtSyncPageHeader page;
  JsonArray *changes = NULL;

  g_assert_true (kt_sync_pull_read_envelope (root, &page, &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (page.cursor, ==, 2000);
  g_assert_cmpint (page.head, ==, 104211);
  g_assert_true (page.has_more);
  g_assert_false (page.reset);
  g_assert_cmpuint (json_array_get_length (changes), ==, 0);

  /* Without head, the page is the head; without flags, the last page;
   * without members, no change of the team. */
  g_assert_true (kt_sync_pull_read_envelope (minimal, &page, &changes, &error));
  g_assert_cmpint (page.head, ==, 7);
  g_assert_false (page.has_more);
  g_assert_null (page.members);

  {
    g_autoptr(JsonNode) with = json_from_string ("{\"cursor\":7,\"changes\":[],\"members\":[{}]}", NULL);
    g_autoptr(JsonNode) wrong = json_from_string ("{\"cursor\":7,\"changes\":[],\"members\":{}}", NULL);

    g_assert_true (kt_sync_pull_read_envelope (with, &page, &changes, &error));
    g_assert_nonnull (page.members);
    g_assert_cmpuint (json_array_get_length (page.members), ==, 1);
    g_assert_false (kt_sync_pull_read_envelope (wrong, &page, &changes, &error));
    g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
    g_clear_error (&error);
  }

  /* Found by fuzz/fuzz-sync-pull.c: a body of white space parses to no
   * root, which was a critical warning. */
  {
    g_autoptr(JsonParser) parser = json_parser_new_immutable ();

    g_assert_true (json_parser_load_from_data (parser, "\t", 1, NULL));
    g_assert_false (kt_sync_pull_read_envelope (json_parser_get_root (parser), &page, &changes, &error));
    g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
    g_clear_error (&error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);

      g_test_message ("%s", bad[i]);
      g_assert_false (kt_sync_pull_read_envelope (node, &page, &changes, &error));
      g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
}

static void
test_changes (void)
{
  g_autoptr(JsonNode) good = json_from_string ("[{\"seq\":1,\"entity\":\"contact\",\"record\":{\"id\":\"" RECORD "\"}},"
                                               " {\"seq\":2,\"entity\":\"deal\",\"record\":{}}]", NULL);
  static const char * const bad[] = {
    "[1]", "[{\"entity\":\"nosuch\",\"record\":{}}]", "[{\"entity\":\"contact\"}]",
    "[{\"entity\":\"contact\",\"record\":[]}]", "[{\"entity\":7,\"record\":{}}]",
    "[{\"entity\":\"contact\",\"record\":{}}, null]",
    /* Found by fuzz/fuzz-sync-pull.c: a critical warning in json-glib. */
    "[{\"entity\":{\"id\":1},\"record\":{}}]", "[{\"entity\":[],\"record\":{}}]",
  };
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_sync_pull_read_changes (json_node_get_array (good), changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpstr (g_array_index (changes, KtSyncChange, 0).entity->name, ==, "contact");
  g_assert_cmpstr (g_array_index (changes, KtSyncChange, 1).entity->name, ==, "deal");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (g_array_index (changes, KtSyncChange, 0).record));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GArray) some = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));

      g_test_message ("%s", bad[i]);
      g_assert_false (kt_sync_pull_read_changes (json_node_get_array (node), some, &error));
      g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pull-page/envelope", test_envelope);
  g_test_add_func ("/pull-page/changes", test_changes);

  return g_test_run ();
}
