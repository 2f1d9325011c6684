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

#include "kt-gen.h"
#include "kt-record-list.h"
#include "store-test-util.h"

#define N_CONTACTS 2000

static void
fill_n (StoreFixture *fixture,
        guint         n)
{
  g_autoptr(GError) error = NULL;
  KtGenParams params;

  memset (&params, 0, sizeof params);
  params.contacts = n;
  params.companies = 40;
  params.seed = 7;
  params.now_ms = G_GINT64_CONSTANT (1764072000000);
  g_assert_true (kt_gen_fill (fixture->store, &params, &error));
  g_assert_no_error (error);
}

static void
fill (StoreFixture *fixture)
{
  fill_n (fixture, N_CONTACTS);
}

/* The ids of the query's page, in order. */
static GStrv
page_ids (KtStore *store,
          KtQuery *query,
          guint    offset,
          guint    limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = kt_store_query (store, query, offset, limit, &error);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  for (guint i = 0; i < rows->len; i++)
    g_strv_builder_add (ids, kt_record_get_id (g_ptr_array_index (rows, i)));

  return g_strv_builder_end (ids);
}

static void
assert_same_ids (GStrv a,
                 GStrv b)
{
  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
  for (guint i = 0; a[i] != NULL; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

/* The same page from SQL: the cached order is never used inside a
 * transaction. */
static GStrv
page_ids_sql (StoreFixture *fixture,
              KtQuery      *query,
              guint         offset,
              guint         limit)
{
  g_autoptr(GError) error = NULL;
  GStrv ids;

  g_assert_true (kt_store_exec (fixture->store, "BEGIN", &error));
  ids = page_ids (fixture->store, query, offset, limit);
  g_assert_true (kt_store_exec (fixture->store, "COMMIT", &error));
  g_assert_no_error (error);
  return ids;
}

static gint64
count (KtStore *store,
       KtQuery *query)
{
  g_autoptr(GError) error = NULL;
  gint64 n = kt_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
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

static KtQuery *
search_query (const char *text,
              const char *sort,
              gboolean    descending)
{
  KtQuery *query = kt_query_new (KT_ENTITY_CONTACT);

  kt_query_set_search (query, text);
  if (sort != NULL)
    kt_query_set_sort (query, sort, descending);
  return query;
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
      g_autoptr(KtQuery) broad = search_query ("a", sorts[s].field, sorts[s].descending);
      g_auto(GStrv) first = page_ids (fixture->store, broad, 0, 10);

      g_assert_true (order_was_read (fixture->store));

      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          g_autoptr(KtQuery) query = search_query (texts[t], sorts[s].field, sorts[s].descending);
          gint64 n = count (fixture->store, query);
          const guint pages[][2] = {
            { 0, 50 }, { 0, 0 }, { 7, 13 }, { (guint)MAX (n - 3, 0), 10 }, { (guint)n, 5 },
          };

          for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
            {
              g_auto(GStrv) fast = page_ids (fixture->store, query, pages[p][0], pages[p][1]);
              g_auto(GStrv) sql = page_ids_sql (fixture, query, pages[p][0], pages[p][1]);

              assert_same_ids (fast, sql);
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
  g_autoptr(KtQuery) query = search_query (text, "first_name", FALSE);
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
  g_autoptr(KtQuery) query = search_query ("iv", "first_name", FALSE);
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
  n = count (fixture->store, query);
  g_assert_cmpstr (before, !=, "Aaaa");

  /* Renamed to sort first: the next search must see the new order. */
  kt_record_set_string (contact, "first_name", "Aaaa");
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  renamed = first_match (fixture->store, "a");
  g_assert_cmpstr (renamed, ==, "Aaaa");
  g_assert_cmpint (count (fixture->store, query), ==, n);

  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  after_delete = first_match (fixture->store, "a");
  g_assert_cmpstr (after_delete, ==, before);
  g_assert_cmpint (count (fixture->store, query), ==, n - 1);

  g_assert_true (kt_store_undelete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  g_assert_no_error (error);
  after_undelete = first_match (fixture->store, "a");
  g_assert_cmpstr (after_undelete, ==, "Aaaa");
  g_assert_cmpint (count (fixture->store, query), ==, n);
}

static void
test_follows_other_connection (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) other = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Aaab", "Other");
  g_autoptr(KtQuery) query = search_query ("a", "first_name", FALSE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 n;

  fill (fixture);
  before = first_match (fixture->store, "a");
  n = count (fixture->store, query);
  g_assert_true (order_was_read (fixture->store));

  /* A worker's own connection writes; this one's ::changed never fires. */
  other = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_store_save (other, contact, &error));
  g_assert_no_error (error);

  after = first_match (fixture->store, "a");
  g_assert_cmpstr (after, ==, "Aaab");
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpint (count (fixture->store, query), ==, n + 1);
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
  g_autoptr(KtQuery) none = search_query ("zzzz", NULL, FALSE);

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
    if (g_str_has_prefix (sqlite3_sql (s), "SELECT t.kt_rowid FROM \"contacts\" t WHERE 1 AND"))
      runs += sqlite3_stmt_status (s, SQLITE_STMTSTATUS_RUN, FALSE);

  return runs;
}

static KtQuery *
list_query (const char *sort,
            gboolean    descending)
{
  return search_query (NULL, sort, descending);
}

/* Every position of @query's list, page by page, agrees with OFFSET in
 * SQL, and so do the count and the whole list in one read. */
static void
assert_list_agrees (StoreFixture *fixture,
                    KtQuery      *query)
{
  g_auto(GStrv) all_sql = page_ids_sql (fixture, query, 0, 0);
  g_auto(GStrv) all = page_ids (fixture->store, query, 0, 0);
  guint n = g_strv_length (all_sql);
  const guint odd[][2] = { { 1, 1 }, { 4001, 37 }, { n - 1, 5 }, { n, 5 }, { n + 3, 2 } };

  assert_same_ids (all, all_sql);
  g_assert_cmpint (count (fixture->store, query), ==, n);

  for (guint offset = 0; offset < n; offset += 50)
    {
      g_auto(GStrv) page = page_ids (fixture->store, query, offset, 50);

      g_assert_cmpuint (g_strv_length (page), ==, MIN (50, n - offset));
      for (guint i = 0; page[i] != NULL; i++)
        g_assert_cmpstr (page[i], ==, all_sql[offset + i]);
    }

  for (guint p = 0; p < G_N_ELEMENTS (odd); p++)
    {
      g_auto(GStrv) fast = page_ids (fixture->store, query, odd[p][0], odd[p][1]);
      g_auto(GStrv) sql = page_ids_sql (fixture, query, odd[p][0], odd[p][1]);

      assert_same_ids (fast, sql);
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

  fill_n (fixture, N_LIST_CONTACTS);

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(KtQuery) query = list_query (sorts[s].field, sorts[s].descending);
      int before = order_reads (fixture->store);
      g_auto(GStrv) far = page_ids (fixture->store, query, N_LIST_CONTACTS - 10, 10);

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

  fill_n (fixture, N_LIST_CONTACTS);
  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(KtQuery) query = list_query (sorts[s].field, sorts[s].descending);
      g_auto(GStrv) far = page_ids (fixture->store, query, 4500, 1);
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
  g_autoptr(KtQuery) search = search_query ("zlatkaq", "first_name,last_name", FALSE);
  g_autoptr(KtRecordList) list = NULL;
  g_autoptr(KtRecord) added = NULL;
  g_autoptr(KtRecord) found = NULL;
  KtQuery *queries[] = { query, by_city };

  fill_n (fixture, N_LIST_CONTACTS);
  list = kt_record_list_new (fixture->store, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_LIST_CONTACTS);
  /* The last row: the list reads the order, which then follows the save. */
  found = g_list_model_get_item (G_LIST_MODEL (list), N_LIST_CONTACTS - 1);
  g_assert_nonnull (found);

  added = save_contact (fixture->store, "Zlatkaqq", "Added", NULL);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_auto(GStrv) sql = page_ids_sql (fixture, queries[q], 0, 0);
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

  fill_n (fixture, N_LIST_CONTACTS);

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

  g_test_add ("/store/search-order/list-pages", StoreFixture, NULL,
              store_fixture_setup, test_list_pages_agree, store_fixture_teardown);
  g_test_add ("/store/search-order/list-follows-writes", StoreFixture, NULL,
              store_fixture_setup, test_list_follows_writes, store_fixture_teardown);
  g_test_add ("/store/search-order/record-list-positions", StoreFixture, NULL,
              store_fixture_setup, test_record_list_positions, store_fixture_teardown);

  g_test_add ("/store/search-order/prefetched-order", StoreFixture, NULL,
              store_fixture_setup, test_prefetched_order, store_fixture_teardown);

  return g_test_run ();
}
