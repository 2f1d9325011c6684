/* kt-split-model.c: a GListModel pass-through that keeps GTK 4.8's list
 * views from reading every row on a reload
 *
 * When a model says "n rows removed and m added" at once, the list item
 * manager of GTK 4.8 asks for every one of the m new items, looking for
 * rows it could reuse. Over a lazy KtRecordList of 100,000 contacts that
 * loads the whole table and freezes the window for seconds on every search
 * or sort. Said as two changes, "n removed" then "m added", there is
 * nothing to reuse and GTK only asks for the rows it shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-split-model"

#include "config.h"

#include "kt-split-model.h"

/* Small changes keep GTK's row reuse (no flicker when one row changes). */
#define SPLIT_THRESHOLD 200

struct _KtSplitModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_items;
  /* Between the two halves of a split change: where the added rows start
   * in the wrapped model and how many there are, which this model does
   * not show yet. */
  guint       pending_position;
  guint       pending_added;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtSplitModel, kt_split_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
kt_split_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (KT_SPLIT_MODEL (model)->model);
}

static guint
kt_split_model_get_n_items (GListModel *model)
{
  return KT_SPLIT_MODEL (model)->n_items;
}

static gpointer
kt_split_model_get_item (GListModel *model,
                         guint       position)
{
  KtSplitModel *self = KT_SPLIT_MODEL (model);

  if (position >= self->n_items)
    return NULL;

  /* Mid-split, the rows after the change are further on in the wrapped
   * model by the rows not announced yet. */
  if (self->pending_added > 0 && position >= self->pending_position)
    position += self->pending_added;

  return g_list_model_get_item (self->model, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kt_split_model_get_item_type;
  iface->get_n_items = kt_split_model_get_n_items;
  iface->get_item = kt_split_model_get_item;
}

static void
on_items_changed_cb (KtSplitModel *self,
                     guint         position,
                     guint         removed,
                     guint         added,
                     GListModel   *model)
{
  if (removed > 0 && added > 0 && MAX (removed, added) > SPLIT_THRESHOLD)
    {
      self->pending_position = position;
      self->pending_added = added;
      self->n_items -= removed;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, 0);

      self->pending_added = 0;
      self->n_items += added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
      return;
    }

  self->n_items = self->n_items - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
kt_split_model_dispose (GObject *object)
{
  KtSplitModel *self = (KtSplitModel *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kt_split_model_parent_class)->dispose (object);
}

static void
kt_split_model_class_init (KtSplitModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kt_split_model_dispose;
}

static void
kt_split_model_init (KtSplitModel *self)
{
}

/**
 * kt_split_model_new:
 * @model: the model to pass through
 *
 * Returns: (transfer full): a new model showing @model's items
 */
KtSplitModel *
kt_split_model_new (GListModel *model)
{
  KtSplitModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (KT_TYPE_SPLIT_MODEL, NULL);
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

/**
 * kt_split_model_get_model:
 *
 * Returns: (transfer none): the wrapped model
 */
GListModel *
kt_split_model_get_model (KtSplitModel *self)
{
  g_return_val_if_fail (KT_IS_SPLIT_MODEL (self), NULL);

  return self->model;
}
