/* test-record-list.c: lazy paging and reloads of KtRecordList
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kt-record-list-private.h"
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
#undef ADD

  return g_test_run ();
}
