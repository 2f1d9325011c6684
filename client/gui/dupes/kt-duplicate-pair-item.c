/* kt-duplicate-pair-item.c: a pair of the Duplicates window's list
 *
 * A GListModel holds objects; this one carries a KtDuplicatePair from
 * the store into the list view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-duplicates"

#include "config.h"

#include "kt-duplicate-pair-item.h"

struct _KtDuplicatePairItem
{
  GObject          parent_instance;

  KtDuplicatePair *pair;
};

G_DEFINE_FINAL_TYPE (KtDuplicatePairItem, kt_duplicate_pair_item, G_TYPE_OBJECT)

static void
kt_duplicate_pair_item_finalize (GObject *object)
{
  KtDuplicatePairItem *self = KT_DUPLICATE_PAIR_ITEM (object);

  g_clear_pointer (&self->pair, kt_duplicate_pair_free);

  G_OBJECT_CLASS (kt_duplicate_pair_item_parent_class)->finalize (object);
}

static void
kt_duplicate_pair_item_class_init (KtDuplicatePairItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kt_duplicate_pair_item_finalize;
}

static void
kt_duplicate_pair_item_init (KtDuplicatePairItem *self)
{
}

KtDuplicatePairItem *
kt_duplicate_pair_item_new (KtDuplicatePair *pair)
{
  KtDuplicatePairItem *self;

  g_return_val_if_fail (pair != NULL, NULL);

  self = g_object_new (KT_TYPE_DUPLICATE_PAIR_ITEM, NULL);
  self->pair = pair;
  return self;
}

const KtDuplicatePair *
kt_duplicate_pair_item_get_pair (KtDuplicatePairItem *self)
{
  g_return_val_if_fail (KT_IS_DUPLICATE_PAIR_ITEM (self), NULL);

  return self->pair;
}
