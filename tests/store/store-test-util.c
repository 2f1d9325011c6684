/* store-test-util.c: helpers shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kt-gen.h"
#include "store-test-util.h"

char *
test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kt-store-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
store_fixture_setup (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

void
store_fixture_teardown (StoreFixture  *fixture,
                        gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

KtRecord *
test_new_contact (const char *first,
                  const char *last)
{
  KtRecord *record = kt_record_new (KT_ENTITY_CONTACT);

  if (first != NULL)
    kt_record_set_string (record, "first_name", first);
  if (last != NULL)
    kt_record_set_string (record, "last_name", last);
  return record;
}

gint64
test_count_rows (KtStore    *store,
                 const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (kt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

void
test_exec_on_file (const char *path,
                   const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  kt_store_register_functions (db);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s", message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

void
test_fill_contacts (StoreFixture *fixture,
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


GStrv
test_page_ids (KtStore *store,
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

void
test_assert_same_ids (GStrv a,
                      GStrv b)
{
  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
  for (guint i = 0; a[i] != NULL; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

GStrv
test_page_ids_sql (StoreFixture *fixture,
                   KtQuery      *query,
                   guint         offset,
                   guint         limit)
{
  g_autoptr(GError) error = NULL;
  GStrv ids;

  g_assert_true (kt_store_exec (fixture->store, "BEGIN", &error));
  ids = test_page_ids (fixture->store, query, offset, limit);
  g_assert_true (kt_store_exec (fixture->store, "COMMIT", &error));
  g_assert_no_error (error);
  return ids;
}

gint64
test_count (KtStore *store,
            KtQuery *query)
{
  g_autoptr(GError) error = NULL;
  gint64 n = kt_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
}


KtQuery *
test_search_query (const char *text,
                   const char *sort,
                   gboolean    descending)
{
  KtQuery *query = kt_query_new (KT_ENTITY_CONTACT);

  kt_query_set_search (query, text);
  if (sort != NULL)
    kt_query_set_sort (query, sort, descending);
  return query;
}
