/* test-split-model.c: large list changes are announced in two steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "kt-split-model.h"

typedef struct
{
  guint position, removed, added;
  guint n_items_seen;           /* the model's length during the signal */
  char *first_after;            /* the item at position + added, then */
} Change;

static GObject *
make_item (const char *name)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data_full (item, "name", g_strdup (name), g_free);
  return item;
}

static const char *
item_name (GListModel *model,
           guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  return item != NULL ? g_object_get_data (item, "name") : NULL;
}

static void
fill (GListStore *store,
      const char *prefix,
      guint       n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", prefix, i);

      g_ptr_array_add (items, make_item (name));
    }
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                       items->pdata, items->len);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GArray     *changes)
{
  Change change = { position, removed, added, g_list_model_get_n_items (model), NULL };
  guint n = change.n_items_seen;

  /* Whatever GTK would read right now must be consistent. */
  if (position + added < n)
    change.first_after = g_strdup (item_name (model, position + added));
  g_assert_null (g_list_model_get_item (model, n));
  g_array_append_val (changes, change);
}

static void
test_large_change_is_split (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(KtSplitModel) split = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_autoptr(GPtrArray) replacement = g_ptr_array_new_with_free_func (g_object_unref);
  Change *first, *second;

  fill (store, "head", 10);
  fill (store, "old", 1000);
  fill (store, "tail", 5);
  split = kt_split_model_new (G_LIST_MODEL (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (split)), ==, 1015);
  g_signal_connect (split, "items-changed", G_CALLBACK (on_items_changed_cb), changes);

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *name = g_strdup_printf ("new%u", i);

      g_ptr_array_add (replacement, make_item (name));
    }
  g_list_store_splice (store, 10, 1000, replacement->pdata, replacement->len);

  g_assert_cmpuint (changes->len, ==, 2);
  first = &g_array_index (changes, Change, 0);
  second = &g_array_index (changes, Change, 1);

  /* First the removal: 15 rows left, and the row after the gap is "tail0". */
  g_assert_cmpuint (first->position, ==, 10);
  g_assert_cmpuint (first->removed, ==, 1000);
  g_assert_cmpuint (first->added, ==, 0);
  g_assert_cmpuint (first->n_items_seen, ==, 15);
  g_assert_cmpstr (first->first_after, ==, "tail0");

  /* Then the addition. */
  g_assert_cmpuint (second->position, ==, 10);
  g_assert_cmpuint (second->removed, ==, 0);
  g_assert_cmpuint (second->added, ==, 3000);
  g_assert_cmpuint (second->n_items_seen, ==, 3015);
  g_assert_cmpstr (second->first_after, ==, "tail0");

  g_assert_cmpstr (item_name (G_LIST_MODEL (split), 9), ==, "head9");
  g_assert_cmpstr (item_name (G_LIST_MODEL (split), 10), ==, "new0");
  g_assert_cmpstr (item_name (G_LIST_MODEL (split), 3014), ==, "tail4");

  for (guint i = 0; i < changes->len; i++)
    g_free (g_array_index (changes, Change, i).first_after);
}

static void
test_small_change_passes_through (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(KtSplitModel) split = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_autoptr(GObject) item = make_item ("renamed");
  Change *change;

  fill (store, "row", 50);
  split = kt_split_model_new (G_LIST_MODEL (store));
  g_signal_connect (split, "items-changed", G_CALLBACK (on_items_changed_cb), changes);

  /* One row replaced: said as one change, so GTK can reuse the row. */
  g_list_store_splice (store, 3, 1, (gpointer *) &item, 1);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 1);
  g_assert_cmpuint (change->n_items_seen, ==, 50);
  g_assert_cmpstr (item_name (G_LIST_MODEL (split), 3), ==, "renamed");
  g_free (change->first_after);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/split-model/large-change-is-split", test_large_change_is_split);
  g_test_add_func ("/split-model/small-change-passes-through", test_small_change_passes_through);

  return g_test_run ();
}
