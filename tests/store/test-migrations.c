/* test-migrations.c: empty -> current, every earlier fixture -> current,
 * and a newer store refused untouched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "store-test-util.h"

static char *
schema_of_store (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  char *dump = kt_store_dump_schema (kt_store_get_db (store), &error);

  g_assert_no_error (error);
  return dump;
}

static char *
fixture_path (int version)
{
  g_autofree char *name = g_strdup_printf ("v%d.sql", version);

  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

/* Builds a store file from a fixture's SQL, as that version left it. */
static void
load_fixture (int         version,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = fixture_path (version);
  g_autofree char *sql = NULL;
  g_autofree char *wrapped = NULL;

  g_file_get_contents (file, &sql, NULL, &error);
  g_assert_no_error (error);
  /* One transaction: one sync instead of one per statement. */
  wrapped = g_strconcat ("BEGIN;\n", sql, "\nCOMMIT;\n", NULL);
  test_exec_on_file (path, wrapped);
}

static char *
fresh_schema (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "fresh.db", NULL);
  g_autoptr(KtStore) store = kt_store_open (path, &error);

  g_assert_no_error (error);
  return schema_of_store (store);
}

static void
test_empty_to_current (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "dir", "store.db", NULL);
  g_autoptr(GError) error = NULL;
  KtStore *store = kt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (test_count_rows (store, "SELECT max(version) FROM schema_version"), ==,
                   KT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (test_count_rows (store, "PRAGMA application_id"), ==, KT_STORE_APPLICATION_ID);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM sqlite_master WHERE name = 'contacts_fts'"), ==, 1);
  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

/* The generated schema must not drift from the committed fixture of the
 * current version: a registry change needs a new version (README.md). */
static void
test_current_matches_fixture (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "fixture.db", NULL);
  g_autofree char *fresh = fresh_schema (dir);
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  load_fixture (KT_STORE_SCHEMA_VERSION, path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  kt_store_register_functions (db);
  loaded = kt_store_dump_schema (db, &error);
  g_assert_no_error (error);
  sqlite3_close (db);

  g_assert_cmpstr (fresh, ==, loaded);
  test_remove_tree (dir);
}

static void
test_fixtures_migrate (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *fresh = fresh_schema (dir);

  /* Every committed fixture, the current one included: each opens,
   * migrates to the current version, keeps its rows, and ends with
   * exactly the schema of a fresh store. */
  for (int version = 1; version <= KT_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *name = g_strdup_printf ("v%d.db", version);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *file = fixture_path (version);
      g_autofree char *migrated = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(KtRecord) maria = NULL;
      g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
      KtStore *store;

      g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
      load_fixture (version, path);

      store = kt_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (test_count_rows (store, "SELECT max(version) FROM schema_version"), ==,
                       KT_STORE_SCHEMA_VERSION);
      migrated = schema_of_store (store);
      g_assert_cmpstr (migrated, ==, fresh);

      g_assert_cmpstr (kt_store_get_org_id (store), ==, "01a2a000-0000-7000-8000-000000000001");
      maria = kt_store_get (store, KT_ENTITY_CONTACT, "01a2a000-0000-7000-8000-0000000000c1", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kt_record_get_string (maria, "first_name"), ==, "Мария");
      kt_query_set_search (query, "георг");
      g_assert_cmpint (kt_store_count (store, query, &error), ==, 1);
      g_assert_cmpint (kt_store_outbox_count (store), ==, 1);
      /* The live rows counted (version 12), the fixture's among them. */
      g_assert_cmpint (test_count_rows (store, "SELECT live FROM live_counts WHERE entity = 'contacts'"),
                       ==, 1);
      g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM live_counts"), ==,
                       test_count_rows (store, "SELECT count(*) FROM sqlite_master "
                                               "WHERE type = 'trigger' AND name LIKE '%_count_insert'"));
      g_assert_finalize_object (store);
    }

  test_remove_tree (dir);
}

static gint64
search_count (KtStore    *store,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  gint64 n;

  kt_query_set_search (query, text);
  n = kt_store_count (store, query, &error);
  g_assert_no_error (error);
  return n;
}

/* Version 3 recreates the FTS tables and fills them from the live rows:
 * the tombstones stay out of the index. */
static void
test_v3_refills_fts (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "v2.db", NULL);
  g_autoptr(GError) error = NULL;
  KtStore *store;

  load_fixture (2, path);
  test_exec_on_file (path,
                     "INSERT INTO contacts (id, deleted, first_name, last_name) VALUES "
                     "('01a2a000-0000-7000-8000-0000000000c2', 1, 'Тодор', 'Тодоров')");

  store = kt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (search_count (store, "георг"), ==, 1);
  g_assert_cmpint (search_count (store, "м"), ==, 1);
  g_assert_cmpint (search_count (store, "тод"), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM contacts"), ==, 2);
  g_assert_finalize_object (store);

  test_remove_tree (dir);
}

/* Version 7 adds the invoicing fields: an invoice made by version 6 reads
 * as a Bulgarian invoice, and payments are searched by their new
 * description as well as their reference. */
static void
test_v7_documents (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "v6.db", NULL);
  g_autoptr(GError) error = NULL;
  KtStore *store;

  load_fixture (6, path);
  test_exec_on_file (path,
                     "INSERT INTO invoices (id, deleted, number, status, issue_date, currency, total) "
                     "VALUES ('01a2a000-0000-7000-8000-0000000000e1', 0, '0000000001', 'sent', "
                     "'2026-11-20', 'EUR', 12000);"
                     "INSERT INTO payments (id, deleted, amount, currency, received_at, reference) "
                     "VALUES ('01a2a000-0000-7000-8000-0000000000f1', 0, 12000, 'EUR', "
                     "'2026-11-25T10:00:00.000Z', 'Фактура 0000000001')");

  store = kt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM invoices WHERE kind = 'invoice' "
                                    "AND language = 'bg' AND total = 12000"), ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM payments_fts "
                                    "WHERE payments_fts MATCH 'фактура'"), ==, 1);
  g_assert_finalize_object (store);

  test_remove_tree (dir);
}

static void
test_newer_refused (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  KtStore *store = kt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (store);
  test_exec_on_file (path, "INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00.000Z')");

  g_file_get_contents (path, &before, &before_len, &error);
  g_assert_no_error (error);

  store = kt_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, KT_STORE_ERROR, KT_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);

  g_file_get_contents (path, &after, &after_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_len, after, after_len);

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrations/empty-to-current", test_empty_to_current);
  g_test_add_func ("/migrations/current-matches-fixture", test_current_matches_fixture);
  g_test_add_func ("/migrations/fixtures-migrate", test_fixtures_migrate);
  g_test_add_func ("/migrations/v3-refills-fts", test_v3_refills_fts);
  g_test_add_func ("/migrations/v7-documents", test_v7_documents);
  g_test_add_func ("/migrations/newer-refused", test_newer_refused);

  return g_test_run ();
}
