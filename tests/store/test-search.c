/* test-search.c: full-text prefix search, Latin and Cyrillic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "store-test-util.h"

static void
fill (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  const char *vip[] = { "vip", "партньор", NULL };
  KtRecord *r;

  r = test_new_contact ("Иван", "Петров");
  kt_record_set_string (r, "email", "ivan.petrov@abv.bg");
  kt_record_set_tags (r, "tags", vip);
  g_ptr_array_add (records, r);
  r = test_new_contact ("ivan", "Smith");
  kt_record_set_string (r, "job_title", "O'Brien \"Consulting\" NEAR OR");
  g_ptr_array_add (records, r);
  r = test_new_contact ("Мария", "Иванова");
  g_ptr_array_add (records, r);
  r = test_new_contact ("Peter", "Jónsson");
  g_ptr_array_add (records, r);
  r = test_new_contact ("Ясен", "Ёлкин");
  g_ptr_array_add (records, r);

  g_assert_true (kt_store_save_all (fixture->store, records, &error));
  g_assert_no_error (error);
}

static gint64
count (StoreFixture *fixture,
       const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(GPtrArray) rows = NULL;
  gint64 n;

  kt_query_set_search (query, text);
  n = kt_store_count (fixture->store, query, &error);
  g_assert_no_error (error);

  /* The rows agree with the count. */
  rows = kt_store_query (fixture->store, query, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rows->len, ==, n);

  return n;
}

static void
test_cyrillic (StoreFixture *fixture, gconstpointer data)
{
  fill (fixture);

  g_assert_cmpint (count (fixture, "ив"), ==, 2);       /* Иван, Иванова */
  g_assert_cmpint (count (fixture, "ИВ"), ==, 2);
  g_assert_cmpint (count (fixture, "Иван"), ==, 2);
  g_assert_cmpint (count (fixture, "пет"), ==, 1);
  g_assert_cmpint (count (fixture, "ПЕТРОВ"), ==, 1);
  g_assert_cmpint (count (fixture, "ёл"), ==, 1);
  g_assert_cmpint (count (fixture, "мар"), ==, 1);
  g_assert_cmpint (count (fixture, "маря"), ==, 0);
}

static void
test_latin (StoreFixture *fixture, gconstpointer data)
{
  fill (fixture);

  g_assert_cmpint (count (fixture, "iv"), ==, 2);       /* ivan, ivan.petrov@ */
  g_assert_cmpint (count (fixture, "SMI"), ==, 1);
  g_assert_cmpint (count (fixture, "jons"), ==, 1);     /* Jónsson, diacritics folded */
  g_assert_cmpint (count (fixture, "jóns"), ==, 1);
  g_assert_cmpint (count (fixture, "abv"), ==, 1);      /* e-mail words */
  g_assert_cmpint (count (fixture, "zz"), ==, 0);
}

static void
test_multiple_words (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(GPtrArray) rows = NULL;

  fill (fixture);

  g_assert_cmpint (count (fixture, "ив пет"), ==, 1);
  g_assert_cmpint (count (fixture, "  пет   ив  "), ==, 1);
  g_assert_cmpint (count (fixture, "iv smith"), ==, 1);
  g_assert_cmpint (count (fixture, "iv мар"), ==, 0);

  kt_query_set_search (query, "ив пет");
  rows = kt_store_query (fixture->store, query, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (rows, 0), "last_name"), ==, "Петров");
}

static void
test_tags_searchable (StoreFixture *fixture, gconstpointer data)
{
  fill (fixture);

  g_assert_cmpint (count (fixture, "vip"), ==, 1);
  g_assert_cmpint (count (fixture, "партн"), ==, 1);
}

/* Custom field values are searchable: the `custom` object's text joins the
 * index, so a value typed into a custom field finds its contact, and an
 * edit of it moves the index along. */
static void
test_custom_values_searchable (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Георги", "Стоянов");
  g_autoptr(JsonNode) custom = json_from_string ("{\"lyubimo_pitie\":\"еспресо\",\"region\":\"Thrace\"}", &error);

  g_assert_no_error (error);
  fill (fixture);
  g_assert_true (kt_record_set_node (contact, "custom", custom, &error));
  g_assert_no_error (error);
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (fixture, "еспр"), ==, 1);
  g_assert_cmpint (count (fixture, "thra"), ==, 1);
  g_assert_cmpint (count (fixture, "георги еспресо"), ==, 1);

  {
    g_autoptr(JsonNode) changed = json_from_string ("{\"lyubimo_pitie\":\"чай\"}", &error);

    g_assert_true (kt_record_set_node (contact, "custom", changed, &error));
    g_assert_true (kt_store_save (fixture->store, contact, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (count (fixture, "еспр"), ==, 0);
  g_assert_cmpint (count (fixture, "чай"), ==, 1);
}

static void
test_syntax_is_harmless (StoreFixture *fixture, gconstpointer data)
{
  const char *inputs[] = {
    "\"", "\"\"", "\"iv", "iv\"", "*", "iv*", "(", ")", "iv OR", "OR", "AND",
    "NOT iv", "NEAR(iv", "first_name:iv", "-iv", "^iv", ":", "+", "{", "'",
    "o'brien", "\"consulting\"", "iv AND NOT", "\\", "%", "_", "; DROP TABLE contacts; --",
  };

  fill (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
      gint64 n;

      kt_query_set_search (query, inputs[i]);
      n = kt_store_count (fixture->store, query, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >=, 0);
    }

  /* Operators are words like any other. */
  g_assert_cmpint (count (fixture, "near"), ==, 1);
  g_assert_cmpint (count (fixture, "OR"), ==, 1);
  g_assert_cmpint (count (fixture, "\"consult"), ==, 1);
  g_assert_cmpint (count (fixture, "o'brien"), ==, 1);
  /* Nothing but punctuation: no search at all, every contact. */
  g_assert_cmpint (count (fixture, "\" * ( )"), ==, 5);
  g_assert_cmpint (test_count_rows (fixture->store, "SELECT count(*) FROM contacts"), ==, 5);
}

static void
test_tombstones_not_found (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Калоян", "Ненчев");

  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_cmpint (count (fixture, "кал"), ==, 1);

  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  g_assert_cmpint (count (fixture, "кал"), ==, 0);

  g_assert_true (kt_store_undelete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error));
  g_assert_cmpint (count (fixture, "кал"), ==, 1);

  /* Edits reindex: the old name is gone, the new one found. */
  kt_record_set_string (contact, "first_name", "Любомир");
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, "кал"), ==, 0);
  g_assert_cmpint (count (fixture, "люб"), ==, 1);

  /* The FTS index agrees with its content table. */
  g_assert_cmpint (sqlite3_exec (kt_store_get_db (fixture->store),
                                 "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 0)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_search_with_filter (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(KtQuery) deals = kt_query_new (KT_ENTITY_TASK);

  fill (fixture);

  kt_query_set_search (query, "ив");
  kt_query_add_filter (query, "last_name", "Иванова");
  g_assert_cmpint (kt_store_count (fixture->store, query, &error), ==, 1);
  g_assert_no_error (error);

  kt_query_set_tag (query, "vip");
  g_assert_cmpint (kt_store_count (fixture->store, query, &error), ==, 0);
  g_assert_no_error (error);
}

/* The Payments pane's filters: a period (from, before) and "is set". */
static void
test_filter_ranges (StoreFixture *fixture, gconstpointer data)
{
  static const char * const days[] = { "2026-10-31", "2026-11-01", "2026-11-30", "2026-12-01" };
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) november = kt_query_new (KT_ENTITY_PAYMENT);
  g_autoptr(KtQuery) proposed = kt_query_new (KT_ENTITY_PAYMENT);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(KtRecord) payment = kt_record_new (KT_ENTITY_PAYMENT);
      g_autofree char *at = g_strdup_printf ("%sT12:00:00.000Z", days[i]);

      kt_record_set_int (payment, "amount", 100);
      kt_record_set_string (payment, "received_at", at);
      if (i == 2)
        kt_record_set_string (payment, "proposed_invoice_id", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
      g_assert_true (kt_store_save (fixture->store, payment, &error));
      g_assert_no_error (error);
    }

  kt_query_add_filter_from (november, "received_at", "2026-11-01");
  kt_query_add_filter_before (november, "received_at", "2026-12-01");
  g_assert_cmpint (kt_store_count (fixture->store, november, &error), ==, 2);
  g_assert_no_error (error);

  kt_query_add_filter_from (proposed, "proposed_invoice_id", "");
  g_assert_cmpint (kt_store_count (fixture->store, proposed, &error), ==, 1);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)
  ADD ("/search/cyrillic", test_cyrillic);
  ADD ("/search/filter-ranges", test_filter_ranges);
  ADD ("/search/latin", test_latin);
  ADD ("/search/multiple-words", test_multiple_words);
  ADD ("/search/tags", test_tags_searchable);
  ADD ("/search/custom-values", test_custom_values_searchable);
  ADD ("/search/syntax-is-harmless", test_syntax_is_harmless);
  ADD ("/search/tombstones", test_tombstones_not_found);
  ADD ("/search/with-filter", test_search_with_filter);
#undef ADD

  return g_test_run ();
}
