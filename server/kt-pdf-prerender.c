/* kt-pdf-prerender.c: issued documents' PDFs rendered in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pdf-prerender"

#include "config.h"

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "kt-pdf-page.h"
#include "kt-pdf-prerender.h"
#include "kt-pg-pdf.h"
#include "kt-server-error.h"

typedef struct {
  char           *key;       /* kt_pdf_page_key(), or ORG_KEY's */
  char           *org_id;
  const KtEntity *document;  /* NULL: the organization's recent ones */
  char           *id;
  gint64          first_us;  /* monotonic: noted first */
  gint64          due_us;    /* monotonic: to render from then on */
} Pending;

struct _KtPdfPrerender
{
  char                *conninfo;
  KtPdfCache          *cache;
  GThread             *thread;
  GMutex               lock;
  GCond                cond;       /* a document to wait for, or stop */
  GCond                idle_cond;  /* nothing waits or renders */
  GHashTable          *pending;    /* key -> Pending */
  gboolean             rendering;
  gboolean             stopping;
  guint                delay_ms;
  guint                max_wait_ms;
  guint                max_pending;
  KtPdfPrerenderStats  stats;
};

/* An organization's turn in the queue: an asterisk for an id is no
 * document's key. */
#define ORG_KEY "%s/*"

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_free (pending->key);
  g_free (pending->org_id);
  g_free (pending->id);
  g_free (pending);
}

/* Requests first: the kernel gives this thread a core only when the
 * workers and the render pool leave one. */
static void
lower_priority (void)
{
#ifdef __linux__
  /* Linux keeps a nice value per thread; ten steps below the server's
   * own (which an operator may have set), as far as 19. */
  id_t tid = (id_t) syscall (SYS_gettid);
  int nice_value;

  errno = 0;
  nice_value = getpriority (PRIO_PROCESS, tid);
  if (errno != 0 || setpriority (PRIO_PROCESS, tid, MIN (nice_value + 10, 19)) != 0)
    g_debug ("the pre-render thread keeps its priority");
#endif
}

/* The one due first; NULL when nothing waits. Called locked. A scan: the
 * queue holds at most max_pending documents. */
static Pending *
next_pending (KtPdfPrerender *self)
{
  GHashTableIter iter;
  gpointer value;
  Pending *next = NULL;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Pending *pending = value;

      if (next == NULL || pending->due_us < next->due_us)
        next = pending;
    }
  return next;
}

static const KtEntity *
item_entity_of (const KtEntity *document)
{
  return document == KT_ENTITY_INVOICE ? KT_ENTITY_INVOICE_ITEM : KT_ENTITY_OFFER_ITEM;
}

/* Called locked. */
static void
add_locked (KtPdfPrerender *self,
            char           *key,
            const char     *org_id,
            const KtEntity *document,
            const char     *id,
            gint64          delay_us)
{
  gint64 now = g_get_monotonic_time ();
  Pending *pending = g_hash_table_lookup (self->pending, key);

  if (pending != NULL)
    {
      pending->due_us = MIN (now + delay_us, pending->first_us + (gint64) self->max_wait_ms * 1000);
      self->stats.coalesced++;
      g_free (key);
      return;
    }
  if (g_hash_table_size (self->pending) >= self->max_pending || self->stopping)
    {
      self->stats.dropped++;
      g_free (key);
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->key = key;
  pending->org_id = g_strdup (org_id);
  pending->document = document;
  pending->id = g_strdup (id);
  pending->first_us = now;
  pending->due_us = now + delay_us;
  g_hash_table_insert (self->pending, pending->key, pending);
  self->stats.pending = g_hash_table_size (self->pending);
  self->stats.queued++;
  g_cond_signal (&self->cond);
}

/* Every page of @pending's organization is new: its most recently
 * changed issued documents, as many as the queue has room for, wait
 * their turn (due now: the organization waited its delay already). */
static guint64 *
queue_organization (KtPdfPrerender *self,
                    KtPg           *pg,
                    Pending        *pending)
{
  const KtEntity *kinds[] = { KT_ENTITY_INVOICE, KT_ENTITY_OFFER };
  guint room;

  g_mutex_lock (&self->lock);
  room = self->max_pending - MIN (self->max_pending, g_hash_table_size (self->pending));
  g_mutex_unlock (&self->lock);

  for (guint k = 0; k < G_N_ELEMENTS (kinds) && room > 0; k++)
    {
      const KtEntity *document = kinds[k];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ids = kt_pg_pdf_recent_issued (pg, document, pending->org_id, room, &error);

      if (ids == NULL)
        {
          g_message ("the documents of %s not rendered ahead: %s", pending->org_id, error->message);
          return &self->stats.failed;
        }
      g_mutex_lock (&self->lock);
      for (guint i = 0; i < ids->len; i++)
        add_locked (self, kt_pdf_page_key (pending->org_id, document, ids->pdata[i]), pending->org_id,
                    document, ids->pdata[i], 0);
      g_mutex_unlock (&self->lock);
      room -= MIN (room, ids->len);
    }
  return &self->stats.organizations;
}

/* Reads @pending's page in one snapshot and renders it unless this
 * version is kept already. Returns which counter it adds to. */
static guint64 *
render_one (KtPdfPrerender *self,
            KtPg           *pg,
            Pending        *pending)
{
  g_auto(KtPgPdfRecords) records = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *filename = NULL;

  if (pending->document == NULL)
    return queue_organization (self, pg, pending);
  if (!kt_pg_pdf_read_snapshot (pg, pending->document, item_entity_of (pending->document), pending->org_id,
                                pending->id, NULL, NULL, &stamp, &records, &error))
    {
      /* Deleted since: nothing to render, nothing to say. */
      if (!g_error_matches (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND))
        g_message ("%s %s not rendered ahead: %s", pending->document->name, pending->id, error->message);
      return &self->stats.failed;
    }
  etag = kt_pdf_page_etag (pending->org_id, pending->document, pending->id, stamp);
  kt_pdf_cache_note_document (self->cache, pending->key);
  if (kt_pdf_cache_contains (self->cache, etag))
    return &self->stats.fresh;
  pdf = kt_pdf_page_render (&records, &filename, &error);
  if (pdf == NULL)
    {
      g_message ("%s %s not rendered ahead: %s", pending->document->name, pending->id, error->message);
      return &self->stats.failed;
    }
  kt_pdf_cache_insert (self->cache, etag, filename, pdf);
  return &self->stats.rendered;
}

static gpointer
run_thread (gpointer data)
{
  KtPdfPrerender *self = data;
  g_autoptr(KtPg) pg = kt_pg_new (self->conninfo);

  lower_priority ();
  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      Pending *next = next_pending (self);
      guint64 *counter;

      if (next == NULL)
        {
          g_cond_broadcast (&self->idle_cond);
          g_cond_wait (&self->cond, &self->lock);
          continue;
        }
      /* A note meanwhile may move it later, or bring one due sooner. */
      if (next->due_us > g_get_monotonic_time ())
        {
          g_cond_wait_until (&self->cond, &self->lock, next->due_us);
          continue;
        }
      g_hash_table_steal (self->pending, next->key);
      self->stats.pending = g_hash_table_size (self->pending);
      self->rendering = TRUE;
      g_mutex_unlock (&self->lock);

      counter = render_one (self, pg, next);
      pending_free (next);

      g_mutex_lock (&self->lock);
      (*counter)++;
      self->rendering = FALSE;
    }
  g_cond_broadcast (&self->idle_cond);
  g_mutex_unlock (&self->lock);
  return NULL;
}

KtPdfPrerender *
kt_pdf_prerender_new (const char *conninfo,
                      KtPdfCache *cache)
{
  KtPdfPrerender *self;

  g_return_val_if_fail (conninfo != NULL && cache != NULL, NULL);

  self = g_new0 (KtPdfPrerender, 1);
  self->conninfo = g_strdup (conninfo);
  self->cache = cache;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_cond_init (&self->idle_cond);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pending_free);
  self->delay_ms = KT_PDF_PRERENDER_DELAY_MS;
  self->max_wait_ms = KT_PDF_PRERENDER_MAX_WAIT_MS;
  self->max_pending = KT_PDF_PRERENDER_MAX_PENDING;
  self->thread = g_thread_new ("kt-pdf-prerender", run_thread, self);
  return self;
}

void
kt_pdf_prerender_free (KtPdfPrerender *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);

  g_hash_table_unref (self->pending);
  g_cond_clear (&self->idle_cond);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->lock);
  g_free (self->conninfo);
  g_free (self);
}

void
kt_pdf_prerender_add (KtPdfPrerender *self,
                      const char     *org_id,
                      const KtEntity *document,
                      const char     *id)
{
  g_return_if_fail (self != NULL && org_id != NULL && id != NULL);
  g_return_if_fail (document == KT_ENTITY_INVOICE || document == KT_ENTITY_OFFER);

  g_mutex_lock (&self->lock);
  add_locked (self, kt_pdf_page_key (org_id, document, id), org_id, document, id,
              (gint64) self->delay_ms * 1000);
  g_mutex_unlock (&self->lock);
}

void
kt_pdf_prerender_add_organization (KtPdfPrerender *self,
                                   const char     *org_id)
{
  g_return_if_fail (self != NULL && org_id != NULL);

  g_mutex_lock (&self->lock);
  add_locked (self, g_strdup_printf (ORG_KEY, org_id), org_id, NULL, org_id, (gint64) self->delay_ms * 1000);
  g_mutex_unlock (&self->lock);
}

void
kt_pdf_prerender_set_limits (KtPdfPrerender *self,
                             guint           delay_ms,
                             guint           max_wait_ms,
                             guint           max_pending)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->delay_ms = delay_ms;
  self->max_wait_ms = MAX (max_wait_ms, delay_ms);
  self->max_pending = max_pending;
  /* What waits follows the new delays. */
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Pending *pending = value;

      pending->due_us = MIN (pending->due_us, pending->first_us + (gint64) self->max_wait_ms * 1000);
    }
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
kt_pdf_prerender_get_stats (KtPdfPrerender      *self,
                            KtPdfPrerenderStats *out)
{
  g_return_if_fail (self != NULL && out != NULL);

  g_mutex_lock (&self->lock);
  *out = self->stats;
  g_mutex_unlock (&self->lock);
}

gboolean
kt_pdf_prerender_wait_idle (KtPdfPrerender *self,
                            guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean idle;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&self->lock);
  while (!(idle = g_hash_table_size (self->pending) == 0 && !self->rendering) && !self->stopping)
    if (!g_cond_wait_until (&self->idle_cond, &self->lock, deadline))
      {
        idle = g_hash_table_size (self->pending) == 0 && !self->rendering;
        break;
      }
  g_mutex_unlock (&self->lock);
  return idle;
}
