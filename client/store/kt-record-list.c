/* kt-record-list.c: a GListModel of records that pages from the store
 *
 * The length comes from one COUNT; items come in pages of
 * KT_RECORD_LIST_PAGE_SIZE rows, and the last KT_RECORD_LIST_MAX_PAGES
 * pages stay cached (least recently used goes first). A list view asks
 * for any position (scrollbar drags, "go to end"), so a page is asked
 * for by offset. The store answers a plain list's far pages from the
 * list's order, which it reads once and then follows through writes
 * (kt-store-search.c), so a page costs the same at any position; the
 * first pages, and lists with a filter, come from LIMIT/OFFSET over the
 * sort index (docs/performance.md, "A million contacts").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-list"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-record-list-private.h"
#include "kt-store-private.h"

typedef struct {
  guint      index;
  GPtrArray *records;
} Page;

struct _KtRecordList
{
  GObject   parent_instance;

  KtStore  *store;
  KtQuery  *query;
  guint     n_items;
  GQueue    pages;          /* of Page, most recently used first */
  guint64   rows_fetched;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtRecordList, kt_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->records);
  g_free (page);
}

static void
clear_pages (KtRecordList *self)
{
  g_queue_clear_full (&self->pages, page_free);
}

static guint
count_items (KtRecordList *self)
{
  g_autoptr(GError) error = NULL;
  gint64 count;

  if (self->store == NULL || self->query == NULL)
    return 0;

  /* A view asks for any position: a long list's order is read ahead,
   * so a drag to the middle finds it ready. */
  kt_store_query_prefetch (self->store, self->query);

  count = kt_store_count (self->store, self->query, &error);
  if (count < 0)
    {
      /* A list cannot report errors; an empty list and a warning are the
       * honest outcome for a query the store refused. */
      g_warning ("Could not count the %s: %s",
                 kt_query_get_entity (self->query)->plural, error->message);
      return 0;
    }

  return (guint)MIN (count, (gint64)G_MAXUINT);
}

static void
reload (KtRecordList *self)
{
  guint old_n = self->n_items;

  clear_pages (self);
  self->n_items = count_items (self);

  if (old_n != 0 || self->n_items != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  if (old_n != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static Page *
fetch_page (KtRecordList *self,
            guint         index)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records;
  Page *page;

  for (GList *l = self->pages.head; l != NULL; l = l->next)
    {
      page = l->data;
      if (page->index == index)
        {
          g_queue_unlink (&self->pages, l);
          g_queue_push_head_link (&self->pages, l);
          return page;
        }
    }

  records = kt_store_query (self->store, self->query,
                            index * KT_RECORD_LIST_PAGE_SIZE,
                            KT_RECORD_LIST_PAGE_SIZE, &error);
  if (records == NULL)
    {
      g_warning ("Could not read the %s: %s",
                 kt_query_get_entity (self->query)->plural, error->message);
      return NULL;
    }

  self->rows_fetched += records->len;
  page = g_new0 (Page, 1);
  page->index = index;
  page->records = records;
  g_queue_push_head (&self->pages, page);

  while (self->pages.length > KT_RECORD_LIST_MAX_PAGES)
    page_free (g_queue_pop_tail (&self->pages));

  return page;
}

static GType
kt_record_list_get_item_type (GListModel *model)
{
  return KT_TYPE_RECORD;
}

static guint
kt_record_list_get_n_items (GListModel *model)
{
  return KT_RECORD_LIST (model)->n_items;
}

static gpointer
kt_record_list_get_item (GListModel *model,
                         guint       position)
{
  KtRecordList *self = KT_RECORD_LIST (model);
  guint offset = position % KT_RECORD_LIST_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = fetch_page (self, position / KT_RECORD_LIST_PAGE_SIZE);

  /* The page can be short when another process changed the file since
   * the COUNT; the next ::changed reload fixes the length. */
  if (page == NULL || offset >= page->records->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (page->records, offset));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kt_record_list_get_item_type;
  iface->get_n_items = kt_record_list_get_n_items;
  iface->get_item = kt_record_list_get_item;
}

static void
on_store_changed_cb (KtRecordList *self,
                     const char   *entity_name,
                     const char   *record_id,
                     KtStore      *store)
{
  if (self->query == NULL ||
      g_strcmp0 (entity_name, kt_query_get_entity (self->query)->name) != 0)
    return;

  reload (self);
}

static void
kt_record_list_dispose (GObject *object)
{
  KtRecordList *self = (KtRecordList *)object;

  clear_pages (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kt_record_list_parent_class)->dispose (object);
}

static void
kt_record_list_finalize (GObject *object)
{
  KtRecordList *self = (KtRecordList *)object;

  g_clear_pointer (&self->query, kt_query_free);

  G_OBJECT_CLASS (kt_record_list_parent_class)->finalize (object);
}

static void
kt_record_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KtRecordList *self = KT_RECORD_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_record_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KtRecordList *self = KT_RECORD_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      if (self->store != NULL)
        g_signal_connect_object (self->store, "changed",
                                 G_CALLBACK (on_store_changed_cb), self,
                                 G_CONNECT_SWAPPED);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_record_list_class_init (KtRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kt_record_list_dispose;
  object_class->finalize = kt_record_list_finalize;
  object_class->get_property = kt_record_list_get_property;
  object_class->set_property = kt_record_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         KT_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kt_record_list_init (KtRecordList *self)
{
  g_queue_init (&self->pages);
}

/**
 * kt_record_list_new:
 * @store: the store to read from
 * @query: what to list (copied)
 *
 * Returns: (transfer full): a list model of #KtRecord
 */
KtRecordList *
kt_record_list_new (KtStore       *store,
                    const KtQuery *query)
{
  KtRecordList *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (KT_TYPE_RECORD_LIST, "store", store, NULL);
  self->query = kt_query_copy (query);
  self->n_items = count_items (self);

  return self;
}

/**
 * kt_record_list_set_query:
 * @self: a #KtRecordList
 * @query: the new query (copied)
 *
 * Replaces the query and reloads: items-changed covers the whole list.
 */
void
kt_record_list_set_query (KtRecordList  *self,
                          const KtQuery *query)
{
  g_return_if_fail (KT_IS_RECORD_LIST (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, kt_query_free);
  self->query = kt_query_copy (query);
  reload (self);
}

const KtQuery *
kt_record_list_get_query (KtRecordList *self)
{
  g_return_val_if_fail (KT_IS_RECORD_LIST (self), NULL);

  return self->query;
}

KtStore *
kt_record_list_get_store (KtRecordList *self)
{
  g_return_val_if_fail (KT_IS_RECORD_LIST (self), NULL);

  return self->store;
}

guint64
kt_record_list_get_rows_fetched (KtRecordList *self)
{
  g_return_val_if_fail (KT_IS_RECORD_LIST (self), 0);

  return self->rows_fetched;
}
