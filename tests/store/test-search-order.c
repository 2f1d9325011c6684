/* test-search-order.c: searches served from the cached sort order agree
 * with SQL, and the cache never outlives a change
 *
 * kt-store-search.c answers a plain search outside a transaction; inside
 * one the same query goes to SQL. So every comparison here runs the query
 * twice, the second time inside BEGIN ... COMMIT.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "store-test-util.h"

#define N_CONTACTS 2000

static void
fill (StoreFixture *fixture)
{
  test_fill_contacts (fixture, N_CONTACTS);
}

/* TRUE when the store has read the live contacts in an order, i.e. the
 * cached path ran (the statement stays in the store's cache). */
static gboolean
order_was_read (KtStore *store)
{
  sqlite3 *db = kt_store_get_db (store);

  for (sqlite3_stmt *s = sqlite3_next_stmt (db, NULL); s != NULL; s = sqlite3_next_stmt (db, s))
    if (g_str_has_prefix (sqlite3_sql (s), "SELECT t.kt_rowid FROM \"contacts\" t WHERE"))
      return TRUE;

  return FALSE;
}

static void
test_agrees_with_sql (StoreFixture *fixture, gconstpointer data)
{
  const char *texts[] = { "a", "и", "iv", "ив", "пет", "mar", "gmail", "ivan pe", "zzzz" };
  const struct { const char *field; gboolean descending; } sorts[] = {
    { NULL, FALSE }, { "first_name", FALSE }, { "last_name", TRUE },
    { "email", FALSE }, { "city", TRUE }, { "updated_at", TRUE }, { "id", FALSE },
    { "first_name,last_name", FALSE }, { "first_name,last_name", TRUE },
  };

  fill (fixture);

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      /* A one-letter search matches enough to make the store read the
       * order; the rest are answered from it. */
      g_autoptr(KtQuery) broad = test_search_query ("a", sorts[s].field, sorts[s].descending);
      g_auto(GStrv) first = test_page_ids (fixture->store, broad, 0, 10);

      g_assert_true (order_was_read (fixture->store));

      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          g_autoptr(KtQuery) query = test_search_query (texts[t], sorts[s].field, sorts[s].descending);
          gint64 n = test_count (fixture->store, query);
          const guint pages[][2] = {
            { 0, 50 }, { 0, 0 }, { 7, 13 }, { (guint)MAX (n - 3, 0), 10 }, { (guint)n, 5 },
          };

          for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
            {
              g_auto(GStrv) fast = test_page_ids (fixture->store, query, pages[p][0], pages[p][1]);
              g_auto(GStrv) sql = test_page_ids_sql (fixture, query, pages[p][0], pages[p][1]);

              test_assert_same_ids (fast, sql);
            }

          /* The count agrees with the rows. */
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(GPtrArray) all = kt_store_query (fixture->store, query, 0, 0, &error);

            g_assert_no_error (error);
            g_assert_cmpint (all->len, ==, n);
          }
        }
    }
}

/* The first name of the first match of @text by first name. */
static char *
first_match (KtStore    *store,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = test_search_query (text, "first_name", FALSE);
  g_autoptr(GPtrArray) rows = kt_store_query (store, query, 0, 1, &error);

  g_assert_no_error (error);
  if (rows->len == 0)
    return NULL;
  return g_strdup (kt_record_get_string (g_ptr_array_index (rows, 0), "first_name"));
}

static void
test_follows_own_writes (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Zoe", "Ivanova");
  g_autoptr(KtQuery) query = test_search_query ("iv", "first_name", FALSE);
  g_autofree char *before = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *after_delete = NULL;
  g_autofree char *after_undelete = NULL;
  gint64 n;

  fill (fixture);
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);

  before = first_match (fixture->store, "a");   /* reads the order */
  g_assert_true (order_was_read (fixture->store));
  n = test_count (fixture->store, query);
  g_assert_cmpstr (before, !=, "Aaaa");

  /* Renamed to sort first: the next search must see the new order. */
  kt_record_set_string (contact, "first_name", "Aaaa");
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  renamed = first_match (fixture->store, "a");
  g_assert_cmpstr (renamed, ==, "Aaaa");
  g_assert_cmpint (test_count (fixture->store, query), ==, n);

  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  after_delete = first_match (fixture->store, "a");
  g_assert_cmpstr (after_delete, ==, before);
  g_assert_cmpint (test_count (fixture->store, query), ==, n - 1);

  g_assert_true (kt_store_undelete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  g_assert_no_error (error);
  after_undelete = first_match (fixture->store, "a");
  g_assert_cmpstr (after_undelete, ==, "Aaaa");
  g_assert_cmpint (test_count (fixture->store, query), ==, n);
}

static void
test_follows_other_connection (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) other = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Aaab", "Other");
  g_autoptr(KtQuery) query = test_search_query ("a", "first_name", FALSE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 n;

  fill (fixture);
  before = first_match (fixture->store, "a");
  n = test_count (fixture->store, query);
  g_assert_true (order_was_read (fixture->store));

  /* A worker's own connection writes; this one's ::changed never fires. */
  other = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_store_save (other, contact, &error));
  g_assert_no_error (error);

  after = first_match (fixture->store, "a");
  g_assert_cmpstr (after, ==, "Aaab");
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpint (test_count (fixture->store, query), ==, n + 1);
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
test_rolled_back_change (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Aaac", "Rolled");
  g_autofree char *before = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *after = NULL;

  fill (fixture);
  before = first_match (fixture->store, "a");

  /* Seen inside the transaction (from SQL), gone after the rollback. */
  g_assert_true (kt_store_exec (fixture->store, "BEGIN", &error));
  g_assert_true (kt_store_exec (fixture->store,
                                "UPDATE contacts SET first_name = 'Aaac' "
                                "WHERE kt_rowid = (SELECT max(kt_rowid) FROM contacts)",
                                &error));
  inside = first_match (fixture->store, "a");
  g_assert_cmpstr (inside, ==, "Aaac");
  g_assert_true (kt_store_exec (fixture->store, "ROLLBACK", &error));
  g_assert_no_error (error);

  after = first_match (fixture->store, "a");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (after, !=, "Aaac");
}

/* kt_store_position() finds each row where kt_store_query() puts it, with
 * or without a search, by one key or two, and says -1 for a row the
 * query leaves out. */
static void
test_position (StoreFixture *fixture, gconstpointer data)
{
  const char *texts[] = { NULL, "a", "ив" };
  const struct { const char *field; gboolean descending; } sorts[] = {
    { NULL, FALSE }, { "first_name,last_name", FALSE }, { "first_name,last_name", TRUE },
    { "city", TRUE },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) none = test_search_query ("zzzz", NULL, FALSE);

  fill (fixture);

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
      {
        g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
        g_autoptr(GPtrArray) rows = NULL;

        if (texts[t] != NULL)
          kt_query_set_search (query, texts[t]);
        if (sorts[s].field != NULL)
          kt_query_set_sort (query, sorts[s].field, sorts[s].descending);
        rows = kt_store_query (fixture->store, query, 0, 0, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (rows->len, >, 0);

        for (guint i = 0; i < rows->len; i += 1 + rows->len / 37)
          g_assert_cmpint (kt_store_position (fixture->store, query,
                                              kt_record_get_id (g_ptr_array_index (rows, i)), &error),
                           ==, i);
        g_assert_no_error (error);
      }

  g_assert_cmpint (kt_store_position (fixture->store, none, "01900000-0000-7000-8000-000000000000", &error),
                   ==, -1);
  g_assert_no_error (error);
}

/* A page of a dense match set is found by walking the order from the
 * top, which gives up for ranking every match when they sort far down
 * (kt-store-search.c, walk_order()). 4,000 contacts, "Alpha" and "Zulu"
 * interleaved by rowid: sorted by first name "alpha" is the first 2,500
 * rows (the walk finds every page near the top) and "zulu" the last
 * 1,500 (the walk gives up and the matches are ranked); descending, the
 * other way round. Every page agrees with SQL. */
static void
test_walk_agrees_with_sql (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *texts[] = { "alpha", "zulu", "smith", "jones", "al", "z" };
  const struct { const char *field; gboolean descending; } sorts[] = {
    { NULL, FALSE }, { "first_name", FALSE }, { "first_name", TRUE }, { "last_name", FALSE },
  };

  for (guint i = 0; i < 4000; i++)
    {
      gboolean zulu = i % 8 < 3;
      g_autofree char *first = g_strdup_printf ("%s%04u", zulu ? "Zulu" : "Alpha", i);
      g_autoptr(KtRecord) contact = test_new_contact (first, zulu ? "Jones" : "Smith");

      g_assert_true (kt_store_save (fixture->store, contact, &error));
      g_assert_no_error (error);
    }

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
      {
        g_autoptr(KtQuery) query = test_search_query (texts[t], sorts[s].field, sorts[s].descending);
        gint64 n = test_count (fixture->store, query);
        const guint pages[][2] = {
          { 0, 50 }, { 0, 1 }, { 10, 40 }, { 200, 50 }, { 1400, 200 }, { (guint)MAX (n - 5, 0), 10 },
          { 0, 0 },
        };

        g_assert_cmpint (n, ==, t == 0 || t == 2 || t == 4 ? 2500 : 1500);
        for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
          {
            g_auto(GStrv) fast = test_page_ids (fixture->store, query, pages[p][0], pages[p][1]);
            g_auto(GStrv) sql = test_page_ids_sql (fixture, query, pages[p][0], pages[p][1]);

            test_assert_same_ids (fast, sql);
          }
      }
  g_assert_true (order_was_read (fixture->store));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/search-order/position", StoreFixture, NULL,
              store_fixture_setup, test_position, store_fixture_teardown);
  g_test_add ("/store/search-order/agrees-with-sql", StoreFixture, NULL,
              store_fixture_setup, test_agrees_with_sql, store_fixture_teardown);
  g_test_add ("/store/search-order/own-writes", StoreFixture, NULL,
              store_fixture_setup, test_follows_own_writes, store_fixture_teardown);
  g_test_add ("/store/search-order/other-connection", StoreFixture, NULL,
              store_fixture_setup, test_follows_other_connection, store_fixture_teardown);
  g_test_add ("/store/search-order/rolled-back", StoreFixture, NULL,
              store_fixture_setup, test_rolled_back_change, store_fixture_teardown);
  g_test_add ("/store/search-order/walk", StoreFixture, NULL,
              store_fixture_setup, test_walk_agrees_with_sql, store_fixture_teardown);



  return g_test_run ();
}
