/* kt-pdf-cache.c: rendered PDFs by their strong ETag
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pdf-cache"

#include "config.h"

#include "kt-pdf-cache.h"

typedef struct {
  char   *etag;
  char   *filename;
  GBytes *pdf;
  GList   link;     /* in the cache's order, most recently used first */
} Entry;

struct _KtPdfCache
{
  GMutex      lock;
  GHashTable *entries;   /* etag -> Entry */
  GQueue      order;
  gsize       size;
  gsize       max_bytes;
  guint64     hits;
  GHashTable *documents; /* the keys of kt_pdf_cache_note_document() */
};

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->etag);
  g_free (entry->filename);
  g_bytes_unref (entry->pdf);
  g_free (entry);
}

KtPdfCache *
kt_pdf_cache_new (gsize max_bytes)
{
  KtPdfCache *cache = g_new0 (KtPdfCache, 1);

  g_mutex_init (&cache->lock);
  cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  g_queue_init (&cache->order);
  cache->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cache->max_bytes = max_bytes;
  return cache;
}

void
kt_pdf_cache_free (KtPdfCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->entries);
  g_hash_table_unref (cache->documents);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

GBytes *
kt_pdf_cache_lookup (KtPdfCache  *cache,
                     const char  *etag,
                     char       **out_filename)
{
  GBytes *pdf = NULL;
  Entry *entry;

  g_return_val_if_fail (cache != NULL, NULL);
  g_return_val_if_fail (etag != NULL, NULL);

  g_mutex_lock (&cache->lock);
  entry = g_hash_table_lookup (cache->entries, etag);
  if (entry != NULL)
    {
      g_queue_unlink (&cache->order, &entry->link);
      g_queue_push_head_link (&cache->order, &entry->link);
      pdf = g_bytes_ref (entry->pdf);
      if (out_filename != NULL)
        *out_filename = g_strdup (entry->filename);
      cache->hits++;
    }
  g_mutex_unlock (&cache->lock);
  return pdf;
}

gboolean
kt_pdf_cache_contains (KtPdfCache *cache,
                       const char *etag)
{
  gboolean kept;

  g_return_val_if_fail (cache != NULL, FALSE);
  g_return_val_if_fail (etag != NULL, FALSE);

  g_mutex_lock (&cache->lock);
  kept = g_hash_table_contains (cache->entries, etag);
  g_mutex_unlock (&cache->lock);
  return kept;
}

void
kt_pdf_cache_insert (KtPdfCache *cache,
                     const char *etag,
                     const char *filename,
                     GBytes     *pdf)
{
  gsize bytes;
  Entry *entry;

  g_return_if_fail (cache != NULL);
  g_return_if_fail (etag != NULL && filename != NULL && pdf != NULL);

  bytes = g_bytes_get_size (pdf);
  if (bytes > cache->max_bytes)
    return;

  g_mutex_lock (&cache->lock);
  /* Two workers rendered the same version at once: keep the first. */
  if (g_hash_table_contains (cache->entries, etag))
    {
      g_mutex_unlock (&cache->lock);
      return;
    }
  entry = g_new0 (Entry, 1);
  entry->etag = g_strdup (etag);
  entry->filename = g_strdup (filename);
  entry->pdf = g_bytes_ref (pdf);
  entry->link.data = entry;
  g_hash_table_insert (cache->entries, entry->etag, entry);
  g_queue_push_head_link (&cache->order, &entry->link);
  cache->size += bytes;

  while (cache->size > cache->max_bytes)
    {
      GList *last = g_queue_pop_tail_link (&cache->order);
      Entry *old = last->data;

      cache->size -= g_bytes_get_size (old->pdf);
      g_hash_table_remove (cache->entries, old->etag);
    }
  g_mutex_unlock (&cache->lock);
}

void
kt_pdf_cache_note_document (KtPdfCache *cache,
                            const char *document)
{
  g_return_if_fail (cache != NULL && document != NULL);

  g_mutex_lock (&cache->lock);
  if (g_hash_table_size (cache->documents) >= KT_PDF_CACHE_MAX_DOCUMENTS)
    g_hash_table_remove_all (cache->documents);
  g_hash_table_add (cache->documents, g_strdup (document));
  g_mutex_unlock (&cache->lock);
}

gboolean
kt_pdf_cache_knows_document (KtPdfCache *cache,
                             const char *document)
{
  gboolean known;

  g_return_val_if_fail (cache != NULL && document != NULL, FALSE);

  g_mutex_lock (&cache->lock);
  known = g_hash_table_contains (cache->documents, document);
  g_mutex_unlock (&cache->lock);
  return known;
}

gsize
kt_pdf_cache_get_size (KtPdfCache *cache)
{
  gsize size;

  g_mutex_lock (&cache->lock);
  size = cache->size;
  g_mutex_unlock (&cache->lock);
  return size;
}

guint64
kt_pdf_cache_get_hits (KtPdfCache *cache)
{
  guint64 hits;

  g_mutex_lock (&cache->lock);
  hits = cache->hits;
  g_mutex_unlock (&cache->lock);
  return hits;
}
