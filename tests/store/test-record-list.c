/* test-record-list.c: lazy paging and reloads of KtRecordList
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sqlite3.h>

#include "kt-pipeline.h"
#include "kt-record-list-private.h"
#include "kt-store-private.h"
#include "store-test-util.h"

#define N_CONTACTS 5000

static void
fill (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_CONTACTS; i++)
    {
      g_autofree char *first = g_strdup_printf ("Name%05u", (i * 7919) % N_CONTACTS);

      g_ptr_array_add (records, test_new_contact (first, i % 2 ? "Петров" : "Smith"));
    }
  g_assert_true (kt_store_save_all_full (fixture->store, records,
                                         KT_STORE_WRITE_NO_OUTBOX | KT_STORE_WRITE_NEW, &error));
  g_assert_no_error (error);
}

static const char *
first_name_at (GListModel *model,
               guint       position)
{
  g_autoptr(KtRecord) record = g_list_model_get_item (model, position);

  g_assert_nonnull (record);
  /* The record stays alive in the list's page cache. */
  return kt_record_get_string (record, "first_name");
}

static void
test_lazy (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecordList) list = NULL;
  GListModel *model;
  g_autofree char *expected = NULL;

  fill (fixture);
  kt_query_set_sort (query, "first_name", FALSE);
  list = kt_record_list_new (fixture->store, query);
  model = G_LIST_MODEL (list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_CONTACTS);
  g_assert_true (g_list_model_get_item_type (model) == KT_TYPE_RECORD);
  g_assert_cmpuint (kt_record_list_get_rows_fetched (list), ==, 0);

  g_assert_cmpstr (first_name_at (model, 0), ==, "Name00000");
  g_assert_cmpuint (kt_record_list_get_rows_fetched (list), ==, KT_RECORD_LIST_PAGE_SIZE);
  g_assert_cmpstr (first_name_at (model, 1), ==, "Name00001");
  g_assert_cmpuint (kt_record_list_get_rows_fetched (list), ==, KT_RECORD_LIST_PAGE_SIZE);

  g_assert_cmpstr (first_name_at (model, 2500), ==, "Name02500");
  g_assert_cmpuint (kt_record_list_get_rows_fetched (list), ==, 2 * KT_RECORD_LIST_PAGE_SIZE);

  g_assert_cmpstr (first_name_at (model, N_CONTACTS - 1), ==, "Name04999");
  g_assert_cmpuint (kt_record_list_get_rows_fetched (list), ==, 3 * KT_RECORD_LIST_PAGE_SIZE);

  g_assert_null (g_list_model_get_item (model, N_CONTACTS));

  /* The cache is bounded: after more pages than it keeps, the first page
   * is read again. */
  for (guint page = 1; page <= KT_RECORD_LIST_MAX_PAGES + 1; page++)
    first_name_at (model, page * KT_RECORD_LIST_PAGE_SIZE + 3);
  {
    guint64 before = kt_record_list_get_rows_fetched (list);

    g_assert_cmpstr (first_name_at (model, 0), ==, "Name00000");
    g_assert_cmpuint (kt_record_list_get_rows_fetched (list), ==, before + KT_RECORD_LIST_PAGE_SIZE);
  }

  /* Never anything like the whole table. */
  g_assert_cmpuint (kt_record_list_get_rows_fetched (list), <, N_CONTACTS / 2);
}

typedef struct {
  guint calls;
  guint position, removed, added;
} ItemsChanged;

static void
on_items_changed_cb (GListModel   *model,
                     guint         position,
                     guint         removed,
                     guint         added,
                     ItemsChanged *log)
{
  log->calls++;
  log->position = position;
  log->removed = removed;
  log->added = added;
}

static void
test_items_changed (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecordList) list = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Aaron", "Aardvark");
  g_autoptr(KtRecord) company = kt_record_new (KT_ENTITY_COMPANY);
  ItemsChanged log = { 0 };

  fill (fixture);
  kt_query_set_sort (query, "first_name", FALSE);
  list = kt_record_list_new (fixture->store, query);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &log);
  g_assert_cmpstr (first_name_at (G_LIST_MODEL (list), 0), ==, "Name00000");

  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_cmpuint (log.position, ==, 0);
  g_assert_cmpuint (log.removed, ==, N_CONTACTS);
  g_assert_cmpuint (log.added, ==, N_CONTACTS + 1);
  /* The reload dropped the cache: the new contact sorts first. */
  g_assert_cmpstr (first_name_at (G_LIST_MODEL (list), 0), ==, "Aaron");

  /* Another entity does not concern the list. */
  kt_record_set_string (company, "name", "Northwind Ltd");
  g_assert_true (kt_store_save (fixture->store, company, &error));
  g_assert_cmpuint (log.calls, ==, 1);

  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  g_assert_cmpuint (log.calls, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONTACTS);
}

static void
test_set_query (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecordList) list = NULL;
  ItemsChanged log = { 0 };

  fill (fixture);
  list = kt_record_list_new (fixture->store, query);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &log);

  kt_query_set_search (query, "петр");
  kt_record_list_set_query (list, query);
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_cmpuint (log.added, ==, N_CONTACTS / 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONTACTS / 2);
  g_assert_true (kt_record_list_get_store (list) == fixture->store);
  g_assert_nonnull (kt_record_list_get_query (list));
}

static int
on_statement_cb (unsigned int  type,
                 void         *data,
                 void         *p,
                 void         *x)
{
  GPtrArray *statements = data;

  if (type == SQLITE_TRACE_STMT && strstr (sqlite3_sql (p), "\"deals\"") != NULL)
    g_ptr_array_add (statements, g_strdup (sqlite3_sql (p)));
  return 0;
}

/* SQLite's plan for @sql, one step a line. */
static char *
query_plan (sqlite3    *db,
            const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  return g_string_free (plan, FALSE);
}

/* A board column (one stage's deals of one status, in board order) is
 * counted and paged from the deals_board index alone: never every live
 * deal through deals_live, never a scan (the page's 50 rows are sorted
 * once more after they are read by rowid). A column of 100,000 deals
 * otherwise took 60-150 ms to count on the main loop (issue #19). */
static void
test_board_column (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) pipeline = kt_pipeline_new_default (kt_store_get_org_id (fixture->store));
  g_autoptr(GPtrArray) deals = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_DEAL);
  g_autoptr(KtRecordList) list = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = kt_store_get_db (fixture->store);
  KtRecord *first_stage = g_ptr_array_index (pipeline, 1);
  KtRecord *second_stage = g_ptr_array_index (pipeline, 2);
  guint expected = 0;

  g_assert_true (kt_store_save_all (fixture->store, pipeline, &error));
  g_assert_no_error (error);
  /* Positions descending with i, so the board order is not the rowid
   * order; every third deal in the other stage, every seventh won. */
  for (guint i = 0; i < 600; i++)
    {
      KtRecord *deal = kt_record_new (KT_ENTITY_DEAL);
      KtRecord *stage = i % 3 == 0 ? second_stage : first_stage;
      g_autofree char *title = g_strdup_printf ("Deal %u", i);

      kt_record_set_string (deal, "title", title);
      kt_record_set_string (deal, "pipeline_id", kt_record_get_id (g_ptr_array_index (pipeline, 0)));
      kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
      kt_record_set_string (deal, "status", i % 7 == 0 ? "won" : "open");
      kt_record_set_int (deal, "position", (gint64) (600 - i) * 1024);
      expected += stage == first_stage && i % 7 != 0;
      g_ptr_array_add (deals, deal);
    }
  g_assert_true (kt_store_save_all (fixture->store, deals, &error));
  g_assert_no_error (error);
  /* A deleted deal leaves the column. */
  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_DEAL,
                                  kt_record_get_id (g_ptr_array_index (deals, 1)), &error));
  g_assert_no_error (error);
  expected--;

  kt_query_add_filter (query, "stage_id", kt_record_get_id (first_stage));
  kt_query_add_filter (query, "status", "open");
  kt_query_set_sort (query, "position", FALSE);
  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, on_statement_cb, statements);
  list = kt_record_list_new (fixture->store, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
  /* Two pages: the board order, by position. */
  for (guint i = 0; i + 1 < 2 * KT_RECORD_LIST_PAGE_SIZE; i++)
    {
      g_autoptr(KtRecord) a = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(KtRecord) b = g_list_model_get_item (G_LIST_MODEL (list), i + 1);

      g_assert_cmpstr (kt_record_get_string (a, "stage_id"), ==, kt_record_get_id (first_stage));
      g_assert_cmpstr (kt_record_get_string (a, "status"), ==, "open");
      g_assert_cmpint (kt_record_get_int (a, "position"), <, kt_record_get_int (b, "position"));
    }
  sqlite3_trace_v2 (db, 0, NULL, NULL);

  /* The COUNT and the pages' statement. */
  g_assert_cmpuint (statements->len, >=, 2);
  for (guint i = 0; i < statements->len; i++)
    {
      g_autofree char *plan = query_plan (db, g_ptr_array_index (statements, i));

      g_test_message ("%s\n%s", (const char *) g_ptr_array_index (statements, i), plan);
      g_assert_nonnull (strstr (plan, "deals_board"));
      g_assert_null (strstr (plan, "deals_live"));
      g_assert_null (strstr (plan, "SCAN t"));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)
  ADD ("/record-list/lazy", test_lazy);
  ADD ("/record-list/items-changed", test_items_changed);
  ADD ("/record-list/set-query", test_set_query);
  ADD ("/record-list/board-column", test_board_column);
#undef ADD

  return g_test_run ();
}
