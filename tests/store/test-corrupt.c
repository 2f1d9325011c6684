/* test-corrupt.c: files that are not stores are refused and untouched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "store-test-util.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Opens @path, expects @code, and checks the file kept every byte. */
static void
assert_refused (const char *path,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  KtStore *store;

  g_file_get_contents (path, &before, &before_len, &error);
  g_assert_no_error (error);

  store = kt_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, KT_STORE_ERROR, code);
  /* The message names the file and says it was left alone. */
  g_assert_nonnull (strstr (error->message, "store.db"));
  g_assert_nonnull (strstr (error->message, "unchanged"));
  g_test_message ("%s", error->message);

  g_file_get_contents (path, &after, &after_len, NULL);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
make_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  KtStore *store = kt_store_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 500; i++)
    g_ptr_array_add (records, test_new_contact ("Стоян", "Колев"));
  g_assert_true (kt_store_save_all (store, records, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);
}

static void
test_text_file (Fixture *fixture, gconstpointer data)
{
  g_file_set_contents (fixture->path, "name,email\nIvan,ivan@example.com\n", -1, NULL);
  assert_refused (fixture->path, KT_STORE_ERROR_NOT_A_STORE);
}

static void
test_random_bytes (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree guint8 *bytes = g_malloc (8192);

  for (guint i = 0; i < 8192; i++)
    bytes[i] = g_rand_int_range (rand, 0, 256);
  g_file_set_contents (fixture->path, (const char *)bytes, 8192, NULL);
  assert_refused (fixture->path, KT_STORE_ERROR_NOT_A_STORE);

  /* Random pages behind a valid SQLite header: damaged, not foreign. */
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  make_store (fixture->path);
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_file_get_contents (fixture->path, &contents, &len, NULL);
    for (gsize i = 4096; i < len; i++)
      contents[i] = (char)g_rand_int_range (rand, 0, 256);
    g_file_set_contents (fixture->path, contents, len, NULL);
  }
  assert_refused (fixture->path, KT_STORE_ERROR_CORRUPT);
}

static void
test_truncated (Fixture *fixture, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize len;

  make_store (fixture->path);
  g_file_get_contents (fixture->path, &contents, &len, NULL);
  g_assert_cmpuint (len, >, 16384);

  g_file_set_contents (fixture->path, contents, len / 2, NULL);
  assert_refused (fixture->path, KT_STORE_ERROR_CORRUPT);

  g_file_set_contents (fixture->path, contents, 60, NULL);
  assert_refused (fixture->path, KT_STORE_ERROR_CORRUPT);

  /* Cut at a page boundary with a WAL beside it, as a store looks for a
   * moment while another process checkpoints: the header check lets it
   * pass, and SQLite itself finds the pages missing. */
  {
    g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

    g_file_set_contents (fixture->path, contents, (len / 2) & ~(gsize) 4095, NULL);
    g_file_set_contents (wal, "", 0, NULL);
    assert_refused (fixture->path, KT_STORE_ERROR_CORRUPT);
  }
}

static void
test_foreign_sqlite (Fixture *fixture, gconstpointer data)
{
  test_exec_on_file (fixture->path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x')");
  assert_refused (fixture->path, KT_STORE_ERROR_NOT_A_STORE);
}

static void
test_empty_file_becomes_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  KtStore *store;

  /* Zero bytes hold nothing to lose. */
  g_file_set_contents (fixture->path, "", 0, NULL);
  store = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_finalize_object (store);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/corrupt/text-file", test_text_file);
  ADD ("/corrupt/random-bytes", test_random_bytes);
  ADD ("/corrupt/truncated", test_truncated);
  ADD ("/corrupt/foreign-sqlite", test_foreign_sqlite);
  ADD ("/corrupt/empty-file", test_empty_file_becomes_store);
#undef ADD

  return g_test_run ();
}
