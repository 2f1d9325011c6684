/* kt-column-model.c: a board column's deals, with changes GTK can take
 * cheaply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-column-model"

#include "config.h"

#include <gtk/gtk.h>

#include "kt-column-model.h"

struct _KtColumnModel
{
  GObject       parent_instance;

  KtRecordList *deals;
  guint         n_items;
  guint         limit;       /* the most items shown until grown; G_MAXUINT: all */
  gboolean      expecting;
  guint         remove_at;
  guint         insert_at;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtColumnModel, kt_column_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
kt_column_model_get_item_type (GListModel *model)
{
  return KT_TYPE_RECORD;
}

static guint
kt_column_model_get_n_items (GListModel *model)
{
  return KT_COLUMN_MODEL (model)->n_items;
}

static gpointer
kt_column_model_get_item (GListModel *model,
                          guint       position)
{
  KtColumnModel *self = KT_COLUMN_MODEL (model);

  if (position >= self->n_items)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->deals), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kt_column_model_get_item_type;
  iface->get_n_items = kt_column_model_get_n_items;
  iface->get_item = kt_column_model_get_item;
}

static void
on_deals_items_changed_cb (GListModel    *deals,
                           guint          position,
                           guint          removed,
                           guint          added,
                           KtColumnModel *self)
{
  guint old_n = self->n_items;
  guint new_n = g_list_model_get_n_items (deals);
  gboolean removing;
  gboolean inserting;
  gboolean expected;

  if (self->limit != G_MAXUINT)
    {
      /* Still showing only the first items: whatever changed, the list
       * goes whole now, in two steps (see below). */
      self->expecting = FALSE;
      self->limit = G_MAXUINT;
      self->n_items = 0;
      if (old_n > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      self->n_items = new_n;
      if (new_n > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
      return;
    }

  removing = self->remove_at != GTK_INVALID_LIST_POSITION;
  inserting = self->insert_at != GTK_INVALID_LIST_POSITION;
  expected = self->expecting &&
             (!removing || self->remove_at < old_n) &&
             old_n - (removing ? 1 : 0) + (inserting ? 1 : 0) == new_n &&
             (!inserting || self->insert_at < new_n);

  self->expecting = FALSE;
  if (expected)
    {
      /* Two small steps: GTK rebinds the rows between them and never
       * searches the list, since no item it shows is replaced. The rows
       * the other deals' stale objects keep are equal to the new ones:
       * only the moved deal changed. */
      if (removing)
        {
          self->n_items = old_n - 1;
          g_list_model_items_changed (G_LIST_MODEL (self), self->remove_at, 1, 0);
        }
      self->n_items = new_n;
      if (inserting)
        g_list_model_items_changed (G_LIST_MODEL (self), self->insert_at, 0, 1);
      return;
    }
  if (position == 0 && removed == old_n && removed > 0)
    {
      /* A whole reload: announced in two steps so GTK never searches the
       * new items for the old ones. */
      self->n_items = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      self->n_items = new_n;
      if (new_n > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
      return;
    }
  self->n_items = new_n;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
kt_column_model_dispose (GObject *object)
{
  KtColumnModel *self = KT_COLUMN_MODEL (object);

  if (self->deals != NULL)
    g_signal_handlers_disconnect_by_data (self->deals, self);
  g_clear_object (&self->deals);

  G_OBJECT_CLASS (kt_column_model_parent_class)->dispose (object);
}

static void
kt_column_model_class_init (KtColumnModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kt_column_model_dispose;
}

static void
kt_column_model_init (KtColumnModel *self)
{
  self->limit = G_MAXUINT;
}

KtColumnModel *
kt_column_model_new (KtRecordList *deals,
                     guint         limit)
{
  KtColumnModel *self;
  guint n;

  g_return_val_if_fail (KT_IS_RECORD_LIST (deals), NULL);

  self = g_object_new (KT_TYPE_COLUMN_MODEL, NULL);
  self->deals = g_object_ref (deals);
  n = g_list_model_get_n_items (G_LIST_MODEL (deals));
  if (limit > 0 && limit < n)
    self->limit = limit;
  self->n_items = MIN (n, self->limit);
  g_signal_connect (deals, "items-changed", G_CALLBACK (on_deals_items_changed_cb), self);
  return self;
}

/**
 * kt_column_model_get_deals:
 *
 * Returns: (transfer none): the list behind the column
 */
KtRecordList *
kt_column_model_get_deals (KtColumnModel *self)
{
  g_return_val_if_fail (KT_IS_COLUMN_MODEL (self), NULL);
  return self->deals;
}

void
kt_column_model_expect (KtColumnModel *self,
                        guint          remove_at,
                        guint          insert_at)
{
  g_return_if_fail (KT_IS_COLUMN_MODEL (self));

  self->expecting = TRUE;
  self->remove_at = remove_at;
  self->insert_at = insert_at;
}

gboolean
kt_column_model_is_limited (KtColumnModel *self)
{
  g_return_val_if_fail (KT_IS_COLUMN_MODEL (self), FALSE);
  return self->limit != G_MAXUINT;
}

gboolean
kt_column_model_grow (KtColumnModel *self,
                      guint          step)
{
  guint n, old_n;

  g_return_val_if_fail (KT_IS_COLUMN_MODEL (self), TRUE);

  if (self->limit == G_MAXUINT)
    return TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->deals));
  old_n = self->n_items;
  /* Past what GTK 4.8's list view makes rows for (about 200 around what
   * is in view), the rest costs the view nothing: all of it at once. */
  if (step == G_MAXUINT || self->limit + step >= MIN (n, KT_COLUMN_MODEL_ROWS_MADE))
    self->limit = G_MAXUINT;
  else
    self->limit += step;
  self->n_items = MIN (n, self->limit);
  if (self->n_items > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
  return self->limit == G_MAXUINT;
}
