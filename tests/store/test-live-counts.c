/* test-live-counts.c: the live rows' counts kept by triggers (schema
 * version 12) agree with counting the table, whatever writes it
 *
 * A plain list's length comes from the live_counts row of its entity
 * (kt_store_count()), no longer from a walk over the table's index. Each
 * check here compares it with count(*) over the table itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "store-test-util.h"

/* The count a plain contact list reports, and the table's own. */
static void
assert_count_agrees (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) plain = kt_query_new (KT_ENTITY_CONTACT);
  gint64 counted = test_count_rows (store, "SELECT count(*) FROM contacts WHERE deleted = 0");

  g_assert_cmpint (test_count_rows (store, "SELECT live FROM live_counts WHERE entity = 'contacts'"),
                   ==, counted);
  g_assert_cmpint (kt_store_count (store, plain, &error), ==, counted);
  g_assert_no_error (error);
}

static void
test_follows_writes (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Counted", "Once");
  g_autoptr(KtStore) other = NULL;

  test_fill_contacts (fixture, 50);
  assert_count_agrees (fixture->store);
  g_assert_cmpint (test_count_rows (fixture->store, "SELECT live FROM live_counts WHERE entity = 'contacts'"),
                   ==, 50);

  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  assert_count_agrees (fixture->store);

  /* A save that keeps the row live changes nothing. */
  kt_record_set_string (contact, "first_name", "Renamed");
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  assert_count_agrees (fixture->store);

  /* A tombstone is not live; undeleted it is again. */
  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  assert_count_agrees (fixture->store);
  g_assert_true (kt_store_undelete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  g_assert_no_error (error);
  assert_count_agrees (fixture->store);

  /* Rows purged, live or tombstones, and a tombstone set by SQL. */
  g_assert_true (kt_store_exec (fixture->store,
                                "UPDATE contacts SET deleted = 1 WHERE kt_rowid IN (SELECT kt_rowid FROM contacts LIMIT 3)",
                                &error));
  g_assert_true (kt_store_exec (fixture->store,
                                "DELETE FROM contacts WHERE kt_rowid IN (SELECT kt_rowid FROM contacts LIMIT 5)",
                                &error));
  g_assert_no_error (error);
  assert_count_agrees (fixture->store);

  /* Rolled back with the rows. */
  g_assert_true (kt_store_exec (fixture->store, "BEGIN", &error));
  g_assert_true (kt_store_exec (fixture->store, "DELETE FROM contacts", &error));
  g_assert_true (kt_store_exec (fixture->store, "ROLLBACK", &error));
  g_assert_no_error (error);
  assert_count_agrees (fixture->store);

  /* Another connection's commit is in the file like any row. */
  other = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&contact);
  contact = test_new_contact ("Other", "Connection");
  g_assert_true (kt_store_save (other, contact, &error));
  g_assert_no_error (error);
  assert_count_agrees (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&other));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/live-counts/follows-writes", StoreFixture, NULL,
              store_fixture_setup, test_follows_writes, store_fixture_teardown);

  return g_test_run ();
}
