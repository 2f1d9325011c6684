/* kt-duplicate-finder.c: duplicate lookups off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-duplicate-finder"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-duplicate-finder.h"
#include "kt-store-reader.h"

/* The dismissed pairs of an entity in the store's meta rows: one pair a
 * line, the two ids in ascending order with a space between. The meta
 * rows are this computer's (they never sync): a pair one person rules
 * out may still be a duplicate for a colleague who knows better. */
#define DISMISSED_META_PREFIX "dupes.dismissed."

struct _KtDuplicateFinder
{
  GObject     parent_instance;

  KtStore    *store;       /* the main thread's; weak: it owns the finder */
  char       *path;
  GHashTable *dismissed;   /* entity name → GHashTable set of pair keys */

  /* The worker's connection, and the lock that keeps its lookups one at
   * a time: its index (kt-store-dupes.c) lives on it. */
  GMutex      lock;
  KtStore    *reader;
};

G_DEFINE_FINAL_TYPE (KtDuplicateFinder, kt_duplicate_finder, G_TYPE_OBJECT)

static G_DEFINE_QUARK (kt-duplicate-finder, finder)

typedef struct {
  const KtEntity *entity;
  KtRecord       *record;    /* find: the copy the worker reads */
  char           *own_id;
  guint           limit;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->record);
  g_free (lookup->own_id);
  g_free (lookup);
}

static char *
pair_key (const char *id_a,
          const char *id_b)
{
  return g_strcmp0 (id_a, id_b) < 0 ? g_strconcat (id_a, " ", id_b, NULL)
                                    : g_strconcat (id_b, " ", id_a, NULL);
}

static GHashTable *
dismissed_set (KtDuplicateFinder *self,
               const KtEntity    *entity)
{
  GHashTable *set = g_hash_table_lookup (self->dismissed, entity->name);
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (set != NULL)
    return set;

  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->dismissed, (gpointer) entity->name, set);
  if (self->store == NULL)
    return set;

  key = g_strconcat (DISMISSED_META_PREFIX, entity->name, NULL);
  text = kt_store_get_meta (self->store, key);
  if (text == NULL)
    return set;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_hash_table_add (set, g_strdup (lines[i]));

  return set;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
run_lookup (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  KtDuplicateFinder *self = source_object;
  Lookup *lookup = task_data;
  g_autoptr (GPtrArray) result = NULL;
  g_autoptr (GError) error = NULL;

  g_mutex_lock (&self->lock);

  /* A newer keystroke may have replaced this lookup while it waited. */
  if (!g_task_return_error_if_cancelled (task))
    {
      if (self->reader == NULL)
        self->reader = kt_store_reader_open (self->path, &error);
      if (self->reader != NULL)
        {
          kt_store_reader_watch_cancellable (self->reader, cancellable);
          if (lookup->record != NULL)
            result = kt_store_find_duplicates (self->reader, lookup->record, lookup->limit, &error);
          else
            result = kt_store_list_duplicates (self->reader, lookup->entity, &error);
          kt_store_reader_watch_cancellable (self->reader, NULL);
        }

      if (!g_task_return_error_if_cancelled (task))
        {
          if (result == NULL)
            g_task_return_error (task, g_steal_pointer (&error));
          else
            g_task_return_pointer (task, g_steal_pointer (&result),
                                   (GDestroyNotify) g_ptr_array_unref);
        }
    }

  g_mutex_unlock (&self->lock);
}

static void
start_lookup (KtDuplicateFinder   *self,
              Lookup              *lookup,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  g_task_run_in_thread (task, run_lookup);
}

static void
kt_duplicate_finder_finalize (GObject *object)
{
  KtDuplicateFinder *self = KT_DUPLICATE_FINDER (object);

  g_clear_object (&self->reader);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->dismissed, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (kt_duplicate_finder_parent_class)->finalize (object);
}

static void
kt_duplicate_finder_class_init (KtDuplicateFinderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kt_duplicate_finder_finalize;
}

static void
kt_duplicate_finder_init (KtDuplicateFinder *self)
{
  g_mutex_init (&self->lock);
  self->dismissed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) g_hash_table_unref);
}

/**
 * kt_duplicate_finder_get_for_store:
 *
 * Returns: (transfer none): the finder of @store
 */
KtDuplicateFinder *
kt_duplicate_finder_get_for_store (KtStore *store)
{
  KtDuplicateFinder *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  self = g_object_get_qdata (G_OBJECT (store), finder_quark ());
  if (self != NULL)
    return self;

  self = g_object_new (KT_TYPE_DUPLICATE_FINDER, NULL);
  self->path = g_strdup (kt_store_get_path (store));
  self->store = store;
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &self->store);
  g_object_set_qdata_full (G_OBJECT (store), finder_quark (), self, g_object_unref);
  return self;
}

void
kt_duplicate_finder_find_async (KtDuplicateFinder   *self,
                                KtRecord            *record,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Lookup *lookup;

  g_return_if_fail (KT_IS_DUPLICATE_FINDER (self));
  g_return_if_fail (KT_IS_RECORD (record));

  lookup = g_new0 (Lookup, 1);
  lookup->entity = kt_record_get_entity (record);
  lookup->record = kt_record_copy (record);
  lookup->own_id = g_strdup (kt_record_get_id (record));
  /* Dismissed pairs are left out afterwards: ask for a few more. */
  lookup->limit = limit == 0 ? 0 : limit + 8;
  start_lookup (self, lookup, kt_duplicate_finder_find_async, cancellable, callback, user_data);
}

/**
 * kt_duplicate_finder_find_finish:
 *
 * Returns: (transfer full) (element-type KtDuplicate): the candidates
 */
GPtrArray *
kt_duplicate_finder_find_finish (KtDuplicateFinder  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_autoptr (GPtrArray) found = NULL;
  Lookup *lookup;
  guint limit;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return NULL;

  lookup = g_task_get_task_data (G_TASK (result));
  for (guint i = 0; lookup->own_id != NULL && i < found->len; i++)
    {
      KtDuplicate *duplicate = g_ptr_array_index (found, i);

      if (kt_duplicate_finder_is_dismissed (self, lookup->entity, lookup->own_id, duplicate->id))
        g_ptr_array_remove_index (found, i--);
    }
  limit = lookup->limit == 0 ? 0 : lookup->limit - 8;
  if (limit > 0 && found->len > limit)
    g_ptr_array_set_size (found, limit);

  return g_steal_pointer (&found);
}

void
kt_duplicate_finder_list_async (KtDuplicateFinder   *self,
                                const KtEntity      *entity,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Lookup *lookup;

  g_return_if_fail (KT_IS_DUPLICATE_FINDER (self));
  g_return_if_fail (entity == KT_ENTITY_CONTACT || entity == KT_ENTITY_COMPANY);

  lookup = g_new0 (Lookup, 1);
  lookup->entity = entity;
  start_lookup (self, lookup, kt_duplicate_finder_list_async, cancellable, callback, user_data);
}

/**
 * kt_duplicate_finder_list_finish:
 *
 * Returns: (transfer full) (element-type KtDuplicatePair): the pairs
 */
GPtrArray *
kt_duplicate_finder_list_finish (KtDuplicateFinder  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_autoptr (GPtrArray) pairs = NULL;
  Lookup *lookup;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  pairs = g_task_propagate_pointer (G_TASK (result), error);
  if (pairs == NULL)
    return NULL;

  lookup = g_task_get_task_data (G_TASK (result));
  for (guint i = 0; i < pairs->len; i++)
    {
      KtDuplicatePair *pair = g_ptr_array_index (pairs, i);

      if (kt_duplicate_finder_is_dismissed (self, lookup->entity, pair->id_a, pair->id_b))
        g_ptr_array_remove_index (pairs, i--);
    }

  return g_steal_pointer (&pairs);
}

gboolean
kt_duplicate_finder_dismiss (KtDuplicateFinder  *self,
                             const KtEntity     *entity,
                             const char         *id_a,
                             const char         *id_b,
                             GError            **error)
{
  GHashTable *set;
  g_autofree char *meta_key = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (KT_IS_DUPLICATE_FINDER (self), FALSE);
  g_return_val_if_fail (id_a != NULL && id_b != NULL, FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  set = dismissed_set (self, entity);
  g_hash_table_add (set, pair_key (id_a, id_b));

  /* Sorted, so the row reads the same whatever order they came in. */
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (keys, i));

  meta_key = g_strconcat (DISMISSED_META_PREFIX, entity->name, NULL);
  return kt_store_set_meta (self->store, meta_key, text->str, error);
}

gboolean
kt_duplicate_finder_is_dismissed (KtDuplicateFinder *self,
                                  const KtEntity    *entity,
                                  const char        *id_a,
                                  const char        *id_b)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (KT_IS_DUPLICATE_FINDER (self), FALSE);

  if (id_a == NULL || id_b == NULL)
    return FALSE;

  key = pair_key (id_a, id_b);
  return g_hash_table_contains (dismissed_set (self, entity), key);
}
