/* test-search-sets.c: the match sets kept through writes, and the
 * one-letter sets read ahead, answer as SQL does
 *
 * kt-store-search.c keeps what an FTS expression matched and follows
 * this connection's writes into it (update_set()); a list long enough to
 * read its order ahead has a worker read every one-letter prefix's set
 * too. Every answer here is compared with the same query inside
 * BEGIN ... COMMIT, where the store searches with SQL alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kt-record-list.h"
#include "kt-store-search.h"
#include "store-test-util.h"

/* Above ORDER_MIN_OFFSET (4,000), so a plain list reads ahead. */
#define N_CONTACTS 4500

/* The letters a person types first; capitals share the lower case set. */
static const char * const letters[] = { "a", "M", "m", "и", "Ж", "z", "7" };

static const struct { const char *field; gboolean descending; } sorts[] = {
  { NULL, FALSE }, { "last_name", TRUE }, { "first_name,last_name", FALSE },
};

/* How many times the statement that reads a match set from the FTS
 * index has run on this connection. */
static int
fts_reads (KtStore *store)
{
  sqlite3 *db = kt_store_get_db (store);

  for (sqlite3_stmt *s = sqlite3_next_stmt (db, NULL); s != NULL; s = sqlite3_next_stmt (db, s))
    if (g_str_equal (sqlite3_sql (s),
                     "SELECT rowid FROM \"contacts_fts\" WHERE \"contacts_fts\" MATCH ?1"))
      return sqlite3_stmt_status (s, SQLITE_STMTSTATUS_RUN, FALSE);

  return 0;
}

/* @text's count and pages in @sort agree with SQL's. */
static void
assert_agrees (StoreFixture *fixture,
               const char   *text,
               const char   *sort,
               gboolean      descending)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = test_search_query (text, sort, descending);
  gint64 n = test_count (fixture->store, query);
  gint64 n_sql;
  const guint pages[][2] = {
    { 0, 50 }, { 0, 0 }, { 7, 13 }, { (guint)MAX (n / 2, 0), 30 }, { (guint)MAX (n - 3, 0), 10 },
  };

  g_assert_true (kt_store_exec (fixture->store, "BEGIN", &error));
  n_sql = test_count (fixture->store, query);
  g_assert_true (kt_store_exec (fixture->store, "COMMIT", &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, n_sql);

  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      g_auto(GStrv) fast = test_page_ids (fixture->store, query, pages[p][0], pages[p][1]);
      g_auto(GStrv) sql = test_page_ids_sql (fixture, query, pages[p][0], pages[p][1]);

      test_assert_same_ids (fast, sql);
    }
}

static void
assert_all_agree (StoreFixture *fixture)
{
  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint l = 0; l < G_N_ELEMENTS (letters); l++)
      assert_agrees (fixture, letters[l], sorts[s].field, sorts[s].descending);
}

static gint64
count_of (KtStore    *store,
          const char *text)
{
  g_autoptr(KtQuery) query = test_search_query (text, NULL, FALSE);

  return test_count (store, query);
}

/* A plain list of the contacts, which reads its order and the letters'
 * sets ahead, read. */
static KtRecordList *
read_ahead (StoreFixture *fixture)
{
  g_autoptr(KtQuery) plain = kt_query_new (KT_ENTITY_CONTACT);
  KtRecordList *list = kt_record_list_new (fixture->store, plain);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, N_CONTACTS);
  kt_store_search_wait (fixture->store);
  return list;
}

static KtRecordList *
fill_and_read_ahead (StoreFixture *fixture)
{
  test_fill_contacts (fixture, N_CONTACTS);
  return read_ahead (fixture);
}

static void
test_letters_read_ahead (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(KtRecordList) list = fill_and_read_ahead (fixture);
  int reads = fts_reads (fixture->store);

  assert_all_agree (fixture);

  /* Served from the sets the worker read: no one-letter search read the
   * index on this connection. */
  g_assert_cmpint (fts_reads (fixture->store), ==, reads);
}

static void
test_follows_own_writes (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecordList) list = fill_and_read_ahead (fixture);
  g_autoptr(KtRecord) contact = test_new_contact ("Mzzz", "Qqqq");
  gint64 m = count_of (fixture->store, "m");
  gint64 o = count_of (fixture->store, "o");
  int reads = fts_reads (fixture->store);

  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_of (fixture->store, "M"), ==, m + 1);
  assert_all_agree (fixture);

  /* Renamed out of one letter's set into another's, moving in the order. */
  kt_record_set_string (contact, "first_name", "Ozzz");
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_cmpint (count_of (fixture->store, "m"), ==, m);
  g_assert_cmpint (count_of (fixture->store, "o"), ==, o + 1);
  assert_all_agree (fixture);

  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  g_assert_cmpint (count_of (fixture->store, "o"), ==, o);
  assert_all_agree (fixture);

  g_assert_true (kt_store_undelete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_of (fixture->store, "o"), ==, o + 1);
  assert_all_agree (fixture);

  /* The sets followed every write: none was read again. */
  g_assert_cmpint (fts_reads (fixture->store), ==, reads);
}

static void
test_many_writes (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecordList) list = fill_and_read_ahead (fixture);
  gint64 m = count_of (fixture->store, "m");

  /* More rows than a set follows one by one: it is read again. */
  g_assert_true (kt_store_exec (fixture->store,
                                "UPDATE contacts SET first_name = 'Mmany' || kt_rowid "
                                "WHERE kt_rowid <= 300",
                                &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_of (fixture->store, "m"), >, m);
  assert_all_agree (fixture);
}

static void
test_rolled_back (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecordList) list = fill_and_read_ahead (fixture);
  gint64 z = count_of (fixture->store, "z");

  g_assert_true (kt_store_exec (fixture->store, "BEGIN", &error));
  g_assert_true (kt_store_exec (fixture->store,
                                "UPDATE contacts SET first_name = 'Zzzz' "
                                "WHERE kt_rowid = (SELECT min(kt_rowid) FROM contacts)",
                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_of (fixture->store, "z"), >, z);   /* from SQL */
  g_assert_true (kt_store_exec (fixture->store, "ROLLBACK", &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_of (fixture->store, "z"), ==, z);
  assert_all_agree (fixture);
}

static void
test_other_connection (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecordList) list = fill_and_read_ahead (fixture);
  g_autoptr(KtStore) other = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Mother", "Connection");
  gint64 m = count_of (fixture->store, "m");

  other = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_store_save (other, contact, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_of (fixture->store, "m"), ==, m + 1);
  assert_all_agree (fixture);
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* After another connection's commit (a sync) the letters a list reads
 * ahead are read again, not taken from the index one by one. */
static void
test_read_again_after_commit (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecordList) list = fill_and_read_ahead (fixture);
  g_autoptr(KtRecordList) reloaded = NULL;
  g_autoptr(KtStore) other = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Ahead", "Again");
  gint64 a = count_of (fixture->store, "a");
  int reads;

  other = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_store_save (other, contact, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&other));

  reloaded = read_ahead (fixture);
  reads = fts_reads (fixture->store);
  g_assert_cmpint (count_of (fixture->store, "a"), ==, a + 1);
  assert_all_agree (fixture);
  g_assert_cmpint (fts_reads (fixture->store), ==, reads);
}

/* The child of test_second_process(): a contact saved by another process. */
static void
save_from_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = kt_store_open (g_getenv ("KT_TEST_SETS_STORE"), &error);
  g_autoptr(KtRecord) contact = test_new_contact ("Mprocess", "Child");

  g_assert_no_error (error);
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
}

static void
test_second_process (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(KtRecordList) list = fill_and_read_ahead (fixture);
  gint64 m = count_of (fixture->store, "m");

  g_setenv ("KT_TEST_SETS_STORE", fixture->path, TRUE);
  g_test_trap_subprocess ("/store/search-sets/second-process/child", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_assert_cmpint (count_of (fixture->store, "m"), ==, m + 1);
  assert_all_agree (fixture);
}

static void
test_second_process_child (void)
{
  if (g_test_subprocess ())
    save_from_child ();
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/search-sets/letters-read-ahead", StoreFixture, NULL,
              store_fixture_setup, test_letters_read_ahead, store_fixture_teardown);
  g_test_add ("/store/search-sets/own-writes", StoreFixture, NULL,
              store_fixture_setup, test_follows_own_writes, store_fixture_teardown);
  g_test_add ("/store/search-sets/many-writes", StoreFixture, NULL,
              store_fixture_setup, test_many_writes, store_fixture_teardown);
  g_test_add ("/store/search-sets/rolled-back", StoreFixture, NULL,
              store_fixture_setup, test_rolled_back, store_fixture_teardown);
  g_test_add ("/store/search-sets/other-connection", StoreFixture, NULL,
              store_fixture_setup, test_other_connection, store_fixture_teardown);
  g_test_add ("/store/search-sets/read-again-after-commit", StoreFixture, NULL,
              store_fixture_setup, test_read_again_after_commit, store_fixture_teardown);
  g_test_add ("/store/search-sets/second-process", StoreFixture, NULL,
              store_fixture_setup, test_second_process, store_fixture_teardown);
  g_test_add_func ("/store/search-sets/second-process/child", test_second_process_child);

  return g_test_run ();
}
