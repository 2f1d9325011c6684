/* test-list-order.c: plain lists page from the cached order, exactly
 * as OFFSET would, and the order follows writes
 *
 * kt-store-search.c answers a plain list's far pages from the list's
 * order (read once, then kept up to date through SQLite's update hook,
 * or read ahead on a worker thread); inside a transaction the same query
 * goes to LIMIT/OFFSET in SQL. Every comparison runs both. These tests
 * need more contacts than the store's threshold for reading the order
 * (4,000), which makes them slow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kt-record-list.h"
#include "kt-store-search.h"
#include "store-test-util.h"

/* Plain lists (no search) past the first pages come from the cached
 * order, which follows this connection's writes without reading the
 * order again. Enough contacts that a far page reads the order. */
#define N_LIST_CONTACTS 4600

/* How many times the statement that reads the live contacts in an order
 * has run on this connection. */
static int
order_reads (KtStore *store)
{
  sqlite3 *db = kt_store_get_db (store);
  int runs = 0;

  for (sqlite3_stmt *s = sqlite3_next_stmt (db, NULL); s != NULL; s = sqlite3_next_stmt (db, s))
    if (g_str_has_prefix (sqlite3_sql (s), "SELECT t.kt_rowid FROM \"contacts\" t WHERE 1 AND") &&
        strstr (sqlite3_sql (s), " LIMIT ") == NULL)
      runs += sqlite3_stmt_status (s, SQLITE_STMTSTATUS_RUN, FALSE);

  return runs;
}

static KtQuery *
list_query (const char *sort,
            gboolean    descending)
{
  return test_search_query (NULL, sort, descending);
}

/* Every position of @query's list, page by page, agrees with OFFSET in
 * SQL, and so do the count and the whole list in one read. */
static void
assert_list_agrees (StoreFixture *fixture,
                    KtQuery      *query)
{
  g_auto(GStrv) all_sql = test_page_ids_sql (fixture, query, 0, 0);
  g_auto(GStrv) all = test_page_ids (fixture->store, query, 0, 0);
  guint n = g_strv_length (all_sql);
  const guint odd[][2] = { { 1, 1 }, { 4001, 37 }, { n - 1, 5 }, { n, 5 }, { n + 3, 2 } };

  test_assert_same_ids (all, all_sql);
  g_assert_cmpint (test_count (fixture->store, query), ==, n);

  for (guint offset = 0; offset < n; offset += 50)
    {
      g_auto(GStrv) page = test_page_ids (fixture->store, query, offset, 50);

      g_assert_cmpuint (g_strv_length (page), ==, MIN (50, n - offset));
      for (guint i = 0; page[i] != NULL; i++)
        g_assert_cmpstr (page[i], ==, all_sql[offset + i]);
    }

  for (guint p = 0; p < G_N_ELEMENTS (odd); p++)
    {
      g_auto(GStrv) fast = test_page_ids (fixture->store, query, odd[p][0], odd[p][1]);
      g_auto(GStrv) sql = test_page_ids_sql (fixture, query, odd[p][0], odd[p][1]);

      test_assert_same_ids (fast, sql);
    }

  /* And each row is where kt_store_position() says. */
  for (guint i = 0; i < n; i += 1 + n / 53)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (kt_store_position (fixture->store, query, all_sql[i], &error), ==, i);
      g_assert_no_error (error);
    }
}

static void
test_list_pages_agree (StoreFixture *fixture, gconstpointer data)
{
  const struct { const char *field; gboolean descending; } sorts[] = {
    { NULL, FALSE }, { "first_name,last_name", FALSE }, { "first_name,last_name", TRUE },
    { "city", TRUE }, { "email", FALSE }, { "updated_at", TRUE }, { "id", FALSE },
  };

  test_fill_contacts (fixture, N_LIST_CONTACTS);

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(KtQuery) query = list_query (sorts[s].field, sorts[s].descending);
      int before = order_reads (fixture->store);
      g_auto(GStrv) far = test_page_ids (fixture->store, query, 4100, 10);

      /* A far page read the order, once, and it serves every page. */
      g_assert_cmpuint (g_strv_length (far), ==, 10);
      g_assert_cmpint (order_reads (fixture->store), ==, before + 1);
      assert_list_agrees (fixture, query);
      g_assert_cmpint (order_reads (fixture->store), ==, before + 1);
    }
}

/* A contact of name @first @last, with @city (NULL: none). */
static KtRecord *
save_contact (KtStore    *store,
              const char *first,
              const char *last,
              const char *city)
{
  g_autoptr(GError) error = NULL;
  KtRecord *contact = test_new_contact (first, last);

  if (city != NULL)
    kt_record_set_string (contact, "city", city);
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
  return contact;
}

static void
test_list_follows_writes (StoreFixture *fixture, gconstpointer data)
{
  const struct { const char *field; gboolean descending; } sorts[] = {
    { NULL, FALSE }, { "first_name,last_name", TRUE }, { "city", FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) many = NULL;
  g_autoptr(KtQuery) all = list_query (NULL, FALSE);
  KtRecord *middle;
  int reads;

  test_fill_contacts (fixture, N_LIST_CONTACTS);
  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(KtQuery) query = list_query (sorts[s].field, sorts[s].descending);
      g_auto(GStrv) far = test_page_ids (fixture->store, query, 4100, 1);
    }
  reads = order_reads (fixture->store);

  /* Inserts that sort first, last, in the middle, and tie on the name
   * (the id decides), some without a city (NULL sorts first). */
  g_ptr_array_add (made, save_contact (fixture->store, "Aaaa", "First", NULL));
  g_ptr_array_add (made, save_contact (fixture->store, "Яяяя", "Last", "Zagora"));
  g_ptr_array_add (made, save_contact (fixture->store, "Мария", "Middle", "Sofia"));
  g_ptr_array_add (made, save_contact (fixture->store, "Мария", "Middle", NULL));
  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(KtQuery) query = list_query (sorts[s].field, sorts[s].descending);

      assert_list_agrees (fixture, query);
    }

  /* A rename moves a row; a tombstone takes one out, undo puts it back. */
  middle = g_ptr_array_index (made, 2);
  kt_record_set_string (middle, "first_name", "Ab");
  kt_record_set_string (middle, "city", "Aytos");
  g_assert_true (kt_store_save (fixture->store, middle, &error));
  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT,
                                  kt_record_get_id (g_ptr_array_index (made, 0)), &error));
  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(KtQuery) query = list_query (sorts[s].field, sorts[s].descending);

      assert_list_agrees (fixture, query);
    }
  g_assert_true (kt_store_undelete (fixture->store, KT_ENTITY_CONTACT,
                                    kt_record_get_id (g_ptr_array_index (made, 0)), &error));
  g_assert_no_error (error);
  assert_list_agrees (fixture, all);

  /* One row at a time (a save moves it within the order): down, up, in
   * place, new, out. */
  {
    const char *names[] = { "Юлиана", "Aa", "Aa", NULL };
    KtRecord *moved = g_ptr_array_index (made, 3);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        if (names[i] != NULL)
          {
            kt_record_set_string (moved, "first_name", names[i]);
            kt_record_set_string (moved, "job_title", names[i]);
            g_assert_true (kt_store_save (fixture->store, moved, &error));
          }
        else
          g_ptr_array_add (made, save_contact (fixture->store, "Нов", "Ред", NULL));
        g_assert_no_error (error);
        assert_list_agrees (fixture, all);
      }
    g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (moved), &error));
    g_assert_no_error (error);
    assert_list_agrees (fixture, all);
    g_assert_cmpint (kt_store_position (fixture->store, all, kt_record_get_id (moved), &error), ==, -1);
    g_assert_no_error (error);
  }

  /* A change rolled back leaves the list as it was. */
  g_assert_true (kt_store_exec (fixture->store, "BEGIN", &error));
  g_assert_true (kt_store_exec (fixture->store,
                                "UPDATE contacts SET first_name = 'Zzzz' WHERE kt_rowid = 5;"
                                "DELETE FROM contacts WHERE kt_rowid = 6", &error));
  g_assert_true (kt_store_exec (fixture->store, "ROLLBACK", &error));
  g_assert_no_error (error);
  assert_list_agrees (fixture, all);

  /* Every one of those was followed, not read again. */
  g_assert_cmpint (order_reads (fixture->store), ==, reads);

  /* A row removed for good (a sync pull's delete) leaves the order too. */
  g_assert_true (kt_store_exec (fixture->store, "DELETE FROM contacts WHERE kt_rowid = 7", &error));
  g_assert_no_error (error);
  assert_list_agrees (fixture, all);
  g_assert_cmpint (order_reads (fixture->store), ==, reads);

  /* More writes than are worth following: the order is read again. */
  many = kt_store_query (fixture->store, all, 100, 300, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < many->len; i++)
    kt_record_set_string (g_ptr_array_index (many, i), "first_name", i % 2 ? "Bbbb" : "Юлия");
  g_assert_true (kt_store_save_all (fixture->store, many, &error));
  g_assert_no_error (error);
  assert_list_agrees (fixture, all);
  g_assert_cmpint (order_reads (fixture->store), >, reads);
}

/* A list model over the store gives the rows OFFSET gives, at every
 * position, after a save, and with a new sort; a search right after a
 * save sees it. */
static void
test_record_list_positions (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = list_query ("first_name,last_name", FALSE);
  g_autoptr(KtQuery) by_city = list_query ("city", TRUE);
  g_autoptr(KtQuery) search = test_search_query ("zlatkaq", "first_name,last_name", FALSE);
  g_autoptr(KtRecordList) list = NULL;
  g_autoptr(KtRecord) added = NULL;
  g_autoptr(KtRecord) found = NULL;
  KtQuery *queries[] = { query, by_city };

  test_fill_contacts (fixture, N_LIST_CONTACTS);
  list = kt_record_list_new (fixture->store, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_LIST_CONTACTS);
  /* The last row: the list reads the order, which then follows the save. */
  found = g_list_model_get_item (G_LIST_MODEL (list), N_LIST_CONTACTS - 1);
  g_assert_nonnull (found);

  added = save_contact (fixture->store, "Zlatkaqq", "Added", NULL);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_auto(GStrv) sql = test_page_ids_sql (fixture, queries[q], 0, 0);
      guint n = g_strv_length (sql);

      kt_record_list_set_query (list, queries[q]);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
      /* Backwards from the end, as a drag to the bottom reads. */
      for (guint i = n; i-- > 0;)
        {
          g_autoptr(KtRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);

          g_assert_nonnull (record);
          g_assert_cmpstr (kt_record_get_id (record), ==, sql[i]);
        }
    }

  kt_record_list_set_query (list, search);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_clear_object (&found);
  found = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (kt_record_get_id (found), ==, kt_record_get_id (added));
}

/* A list model reads its order ahead on a worker's connection; writes
 * made meanwhile on this connection are followed, another connection's
 * commit makes the result go unused. Either way every page agrees with
 * OFFSET, whenever the worker finishes. */
static void
test_prefetched_order (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = list_query (NULL, FALSE);
  g_autoptr(KtRecordList) list = NULL;
  g_autoptr(KtRecordList) again = NULL;
  g_autoptr(KtRecord) first = NULL;
  g_autoptr(KtRecord) second = NULL;
  g_autoptr(KtRecord) other_contact = test_new_contact ("Aaad", "Other");
  g_autoptr(KtStore) other = NULL;

  test_fill_contacts (fixture, N_LIST_CONTACTS);

  list = kt_record_list_new (fixture->store, query);
  first = save_contact (fixture->store, "Aaaa", "During", NULL);
  second = save_contact (fixture->store, "Яяяя", "During", "Sofia");
  assert_list_agrees (fixture, query);
  /* The worker read it: this connection never did. */
  g_assert_cmpint (order_reads (fixture->store), ==, 0);

  /* Stale before it is used: another connection commits meanwhile. */
  other = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_store_save (other, other_contact, &error));
  g_assert_no_error (error);
  again = kt_record_list_new (fixture->store, query);
  kt_record_set_string (first, "first_name", "Aaae");
  g_assert_true (kt_store_save (other, first, &error));
  g_assert_no_error (error);
  assert_list_agrees (fixture, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, N_LIST_CONTACTS + 3);
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* How many lists' orders the file holds valid copies of. */
static gint64
saved_orders (StoreFixture *fixture)
{
  return test_count_rows (fixture->store,
                          "SELECT count(*) FROM list_orders o, live_counts c "
                          "WHERE c.entity = o.entity AND c.changes = o.changes");
}

/* Every page of @query from a store just opened (nothing in memory, as
 * a person who opens the list and drags to the end), in pages of 200
 * from where the order serves them, against OFFSET in SQL and the warm
 * order of @fixture's store; served from the file's saved copy when
 * @from_file, else from the order read from the index once. */
static void
assert_cold_pages (StoreFixture *fixture,
                   KtQuery      *query,
                   gboolean      from_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) cold = kt_store_open (fixture->path, &error);
  guint n;

  g_assert_no_error (error);
  n = (guint)test_count (fixture->store, query);
  /* The last page first, as End asks for it. */
  for (guint offset = n - MIN (n, 200) + 1; offset + 200 > 4000; offset = offset > 200 ? offset - 200 : 0)
    {
      g_auto(GStrv) page = test_page_ids (cold, query, offset, 200);
      g_auto(GStrv) warm = test_page_ids (fixture->store, query, offset, 200);
      g_auto(GStrv) sql = test_page_ids_sql (fixture, query, offset, 200);

      test_assert_same_ids (page, sql);
      test_assert_same_ids (warm, sql);
      if (offset == 0)
        break;
    }
  /* Without the copy the last page was read backwards from the end,
   * the next one up read the order. */
  g_assert_cmpint (order_reads (cold), ==, from_file ? 0 : 1);
  g_assert_finalize_object (g_steal_pointer (&cold));
}

/* A long list's order is saved in the file; a store opened cold serves
 * its far pages from that copy while no row of the table was written
 * since, by any connection, and never after one was. */
static void
test_saved_order (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = list_query (NULL, FALSE);
  g_autoptr(KtQuery) by_name = list_query ("first_name,last_name", TRUE);
  g_autoptr(KtQuery) by_city = list_query ("city", FALSE);
  g_autoptr(KtRecordList) list = NULL;
  g_autoptr(KtRecord) added = NULL;
  g_autoptr(KtRecord) renamed = NULL;
  g_auto(GStrv) far = NULL;

  test_fill_contacts (fixture, N_LIST_CONTACTS);

  /* Nothing saved yet: a cold far page reads the order from the index
   * and saves it once the read is over. */
  g_assert_cmpint (saved_orders (fixture), ==, 0);
  assert_cold_pages (fixture, query, FALSE);
  g_assert_cmpint (saved_orders (fixture), ==, 1);
  assert_cold_pages (fixture, query, TRUE);

  /* A second sort is a second copy. */
  far = test_page_ids (fixture->store, by_name, 4200, 1);
  g_assert_cmpint (saved_orders (fixture), ==, 2);
  assert_cold_pages (fixture, by_name, TRUE);

  /* This connection's writes: an insert, a rename, a tombstone. The
   * copies are stale at once; the store saves the order it followed (as
   * it does when it closes), the other is read from the index again. */
  added = save_contact (fixture->store, "Aaab", "Saved", NULL);
  renamed = kt_store_get (fixture->store, KT_ENTITY_CONTACT, far[0], &error);
  g_assert_no_error (error);
  kt_record_set_string (renamed, "first_name", "Яяяб");
  g_assert_true (kt_store_save (fixture->store, renamed, &error));
  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (added), &error));
  g_assert_no_error (error);
  g_assert_cmpint (saved_orders (fixture), ==, 0);
  kt_store_save_orders (fixture->store);
  g_assert_cmpint (saved_orders (fixture), ==, 1);
  assert_cold_pages (fixture, by_name, TRUE);
  assert_cold_pages (fixture, query, FALSE);
  g_assert_cmpint (saved_orders (fixture), ==, 2);

  /* Another process's write (raw SQL on the file) makes them stale; its
   * rolled back write does not. */
  test_exec_on_file (fixture->path, "BEGIN; UPDATE contacts SET first_name = 'Zz' WHERE kt_rowid = 9; ROLLBACK");
  g_assert_cmpint (saved_orders (fixture), ==, 2);
  test_exec_on_file (fixture->path, "UPDATE contacts SET first_name = 'Aa' WHERE kt_rowid = 4300;"
                                    "UPDATE contacts SET deleted = 1 WHERE kt_rowid = 11");
  g_assert_cmpint (saved_orders (fixture), ==, 0);
  assert_cold_pages (fixture, query, FALSE);
  assert_cold_pages (fixture, query, TRUE);
  /* Read backwards: NULLs (contacts without a city) and ties. */
  assert_cold_pages (fixture, by_city, FALSE);
  /* The store closing reads again the order a commit of another
   * connection made stale (a sync's), and saves it. */
  test_exec_on_file (fixture->path, "UPDATE contacts SET last_name = 'Яя' WHERE kt_rowid = 4301");
  kt_store_save_orders (fixture->store);
  g_assert_cmpint (saved_orders (fixture), ==, 1);
  assert_cold_pages (fixture, by_name, TRUE);

  /* A list opened cold reads its order ahead from the copy. */
  list = kt_record_list_new (fixture->store, query);
  kt_store_search_wait (fixture->store);
  {
    g_auto(GStrv) sql = test_page_ids_sql (fixture, query, 0, 0);
    guint n = g_strv_length (sql);

    for (guint i = n; i-- > n - 300;)
      {
        g_autoptr(KtRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);

        g_assert_cmpstr (kt_record_get_id (record), ==, sql[i]);
      }
  }

  /* A damaged copy (a chunk cut short) is left for the index. */
  test_exec_on_file (fixture->path, "UPDATE list_order_chunks SET rowids = x'01000000' "
                                    "WHERE id = (SELECT min(id) + 4 FROM list_order_chunks)");
  assert_cold_pages (fixture, query, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/list-order/saved", StoreFixture, NULL,
              store_fixture_setup, test_saved_order, store_fixture_teardown);
  g_test_add ("/store/list-order/pages", StoreFixture, NULL,
              store_fixture_setup, test_list_pages_agree, store_fixture_teardown);
  g_test_add ("/store/list-order/follows-writes", StoreFixture, NULL,
              store_fixture_setup, test_list_follows_writes, store_fixture_teardown);
  g_test_add ("/store/list-order/record-list-positions", StoreFixture, NULL,
              store_fixture_setup, test_record_list_positions, store_fixture_teardown);
  g_test_add ("/store/list-order/prefetched", StoreFixture, NULL,
              store_fixture_setup, test_prefetched_order, store_fixture_teardown);

  return g_test_run ();
}
