/* test-duplicate-finder.c: duplicate lookups in a worker thread, and
 * the pairs dismissed (kt-duplicate-finder.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kt-duplicate-finder.h"

#define IVAN_ID "01900000-0000-7000-8000-00000000c001"
#define IVAN_BG_ID "01900000-0000-7000-8000-00000000c002"
#define MARIA_ID "01900000-0000-7000-8000-00000000c003"

typedef struct {
  char    *dir;
  char    *path;
  KtStore *store;
} Fixture;

static void
save_contact (KtStore    *store,
              const char *id,
              const char *first,
              const char *last,
              const char *email)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) contact = kt_record_new_with_id (KT_ENTITY_CONTACT, id);

  kt_record_set_string (contact, "first_name", first);
  kt_record_set_string (contact, "last_name", last);
  kt_record_set_string (contact, "email", email);
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kt-finder-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  save_contact (fixture->store, IVAN_ID, "Ivan", "Petrov", "ivan.petrov@example.bg");
  save_contact (fixture->store, IVAN_BG_ID, "Иван", "Петров", "IVAN.PETROV@example.bg");
  save_contact (fixture->store, MARIA_ID, "Maria", "Georgieva", "maria@example.bg");
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static GPtrArray *
find (KtDuplicateFinder  *finder,
      KtRecord           *record,
      GError            **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kt_duplicate_finder_find_async (finder, record, 5, NULL, on_done_cb, &result);
  return kt_duplicate_finder_find_finish (finder, wait_for (&result), error);
}

static GPtrArray *
list (KtDuplicateFinder  *finder,
      GError            **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kt_duplicate_finder_list_async (finder, KT_ENTITY_CONTACT, NULL, on_done_cb, &result);
  return kt_duplicate_finder_list_finish (finder, wait_for (&result), error);
}

/* The worker finds what the main connection stores, also a record saved
 * after its index was built. */
static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  KtDuplicateFinder *finder = kt_duplicate_finder_get_for_store (fixture->store);
  g_autoptr (KtRecord) typed = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (finder == kt_duplicate_finder_get_for_store (fixture->store));

  kt_record_set_string (typed, "email", " Maria@Example.bg");
  found = find (finder, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((KtDuplicate *) g_ptr_array_index (found, 0))->id, ==, MARIA_ID);
  g_clear_pointer (&found, g_ptr_array_unref);

  save_contact (fixture->store, "01900000-0000-7000-8000-00000000c004", "Maria", "Ivanova", "maria@example.bg");
  found = find (finder, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
}

/* A lookup cancelled before it ran says so and finds nothing. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  KtDuplicateFinder *finder = kt_duplicate_finder_get_for_store (fixture->store);
  g_autoptr (KtRecord) typed = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  kt_record_set_string (typed, "email", "maria@example.bg");
  g_cancellable_cancel (cancellable);
  kt_duplicate_finder_find_async (finder, typed, 5, cancellable, on_done_cb, &result);
  found = kt_duplicate_finder_find_finish (finder, wait_for (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
}

/* Not a duplicate: out of the list and of an edited record's lookups,
 * and still so for the store opened again. */
static void
test_dismiss (Fixture       *fixture,
              gconstpointer  data)
{
  KtDuplicateFinder *finder = kt_duplicate_finder_get_for_store (fixture->store);
  g_autoptr (GPtrArray) pairs = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (KtRecord) ivan = NULL;
  g_autoptr (GError) error = NULL;
  KtDuplicatePair *pair;

  pairs = list (finder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, ==, 1);
  pair = g_ptr_array_index (pairs, 0);
  g_assert_cmpstr (pair->id_a, ==, IVAN_ID);
  g_assert_cmpstr (pair->id_b, ==, IVAN_BG_ID);
  g_assert_cmpint (pair->reasons, ==, KT_DUPLICATE_EMAIL | KT_DUPLICATE_NAME);
  g_clear_pointer (&pairs, g_ptr_array_unref);

  /* In the other order: a pair has no direction. */
  g_assert_true (kt_duplicate_finder_dismiss (finder, KT_ENTITY_CONTACT, IVAN_BG_ID, IVAN_ID, &error));
  g_assert_no_error (error);
  g_assert_true (kt_duplicate_finder_is_dismissed (finder, KT_ENTITY_CONTACT, IVAN_ID, IVAN_BG_ID));
  g_assert_false (kt_duplicate_finder_is_dismissed (finder, KT_ENTITY_COMPANY, IVAN_ID, IVAN_BG_ID));
  pairs = list (finder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, ==, 0);

  ivan = kt_store_get (fixture->store, KT_ENTITY_CONTACT, IVAN_ID, &error);
  g_assert_no_error (error);
  found = find (finder, ivan, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);

  g_clear_object (&ivan);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  fixture->store = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  finder = kt_duplicate_finder_get_for_store (fixture->store);
  g_assert_true (kt_duplicate_finder_is_dismissed (finder, KT_ENTITY_CONTACT, IVAN_ID, IVAN_BG_ID));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/duplicate-finder/find", Fixture, NULL, set_up, test_find, tear_down);
  g_test_add ("/duplicate-finder/cancel", Fixture, NULL, set_up, test_cancel, tear_down);
  g_test_add ("/duplicate-finder/dismiss", Fixture, NULL, set_up, test_dismiss, tear_down);

  return g_test_run ();
}
