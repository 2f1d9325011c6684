/* test-history-items.c: a record's history for people, merged from the
 * server's change log, this store's changes not pushed yet and the
 * values pulled edits replaced here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-store-history.h"
#include "store-test-util.h"

#define OWNER_ID  "0190aaaa-0000-7000-8000-0000000000aa"
#define BORIS_ID  "0190aaaa-0000-7000-8000-0000000000bb"

/* The server's answer for a contact: created by the owner, then Boris
 * changed the email. Older entries last, as the server sends them. */
static JsonArray *
server_items (void)
{
  g_autoptr (JsonNode) node = json_from_string (
    "[{\"seq\": 7, \"at\": \"2026-12-01T10:05:00.000Z\","
    "  \"hlc\": \"2026-12-01T10:05:00.000Z-0000-0000000000000002\", \"kind\": \"updated\","
    "  \"author\": {\"id\": \"" BORIS_ID "\", \"name\": \"Борис Борисов\"},"
    "  \"changes\": [{\"field\": \"email\", \"old\": \"vera@example.com\", \"new\": \"boris@example.com\"}]},"
    " {\"seq\": 3, \"at\": \"2026-12-01T10:00:00.000Z\","
    "  \"hlc\": \"2026-12-01T10:00:00.000Z-0000-0000000000000001\", \"kind\": \"created\","
    "  \"author\": {\"id\": \"" OWNER_ID "\", \"name\": \"Owner\"},"
    "  \"changes\": [{\"field\": \"email\", \"old\": null, \"new\": \"vera@example.com\"}]},"
    " {\"kind\": 42}, \"not an entry\"]", NULL);

  g_assert_nonnull (node);
  return json_array_ref (json_node_get_array (node));
}

static void
test_merged (StoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) contact = test_new_contact ("Vera", "Shared");
  g_autoptr (JsonArray) server = server_items ();
  g_autoptr (GPtrArray) items = NULL;
  KtHistoryItem *item;

  /* A value of ours a pulled edit (Boris's) replaced... */
  g_assert_true (kt_store_history_add (f->store, "contact", kt_record_get_id (contact), "email",
                                       "\"mine@example.com\"", "\"boris@example.com\"",
                                       "2026-12-01T10:04:00.000Z-0000-0000000000000003",
                                       "2026-12-01T10:05:00.000Z-0000-0000000000000002", &error));
  g_assert_no_error (error);
  /* ...and a change made here afterwards, not pushed yet (the outbox). */
  g_assert_true (kt_store_save (f->store, contact, &error));
  g_assert_no_error (error);

  items = kt_store_history_items (f->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), server, &error);
  g_assert_no_error (error);

  /* Pending first (first_name, last_name and any defaults), then by time. */
  for (guint i = 0; i < items->len; i++)
    {
      item = g_ptr_array_index (items, i);
      if (item->source != KT_HISTORY_SOURCE_PENDING)
        {
          g_assert_cmpuint (items->len - i, ==, 3);
          break;
        }
      g_assert_cmpstr (item->author_id, ==, kt_store_get_user_id (f->store));
      g_assert_null (item->old_value);
    }

  item = g_ptr_array_index (items, items->len - 3);
  g_assert_cmpint (item->source, ==, KT_HISTORY_SOURCE_SERVER);
  g_assert_cmpstr (item->field, ==, "email");
  g_assert_cmpstr (item->old_value, ==, "\"vera@example.com\"");
  g_assert_cmpstr (item->new_value, ==, "\"boris@example.com\"");
  g_assert_cmpstr (item->author_name, ==, "Борис Борисов");

  /* Our value that lost: only this store knows it; the server's log
   * names who replaced it. */
  item = g_ptr_array_index (items, items->len - 2);
  g_assert_cmpint (item->source, ==, KT_HISTORY_SOURCE_REPLACED);
  g_assert_cmpstr (item->old_value, ==, "\"mine@example.com\"");
  g_assert_cmpstr (item->author_id, ==, BORIS_ID);
  g_assert_cmpstr (item->author_name, ==, "Борис Борисов");

  item = g_ptr_array_index (items, items->len - 1);
  g_assert_cmpint (item->source, ==, KT_HISTORY_SOURCE_SERVER);
  g_assert_cmpstr (item->change, ==, "created");
  g_assert_null (item->field);
  g_assert_cmpstr (item->author_name, ==, "Owner");
  g_assert_cmpint (item->time_ms, ==, 1796119200000);
}

static void
test_offline (StoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) contact = test_new_contact ("Vera", "Shared");
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) other = NULL;
  KtHistoryItem *item;

  g_assert_true (kt_store_history_add (f->store, "contact", kt_record_get_id (contact), "email",
                                       "\"mine@example.com\"", "\"boris@example.com\"", NULL,
                                       "2026-12-01T10:05:00.000Z-0000-0000000000000002", &error));
  g_assert_true (kt_store_delete (f->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error) ||
                 error != NULL);
  g_clear_error (&error);

  /* Without the server: the replaced value, without an author. */
  items = kt_store_history_items (f->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->source, ==, KT_HISTORY_SOURCE_REPLACED);
  g_assert_null (item->author_name);

  /* Another record's history stays its own. */
  other = kt_store_history_items (f->store, KT_ENTITY_CONTACT, "0190aaaa-0000-7000-8000-0000000000cc",
                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/history-items/merged", StoreFixture, NULL,
              store_fixture_setup, test_merged, store_fixture_teardown);
  g_test_add ("/store/history-items/offline", StoreFixture, NULL,
              store_fixture_setup, test_offline, store_fixture_teardown);

  return g_test_run ();
}
