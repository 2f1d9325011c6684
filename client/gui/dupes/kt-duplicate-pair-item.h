/* kt-duplicate-pair-item.h: a pair of the Duplicates window's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kt-store-dupes.h"

G_BEGIN_DECLS

#define KT_TYPE_DUPLICATE_PAIR_ITEM (kt_duplicate_pair_item_get_type ())
G_DECLARE_FINAL_TYPE (KtDuplicatePairItem, kt_duplicate_pair_item, KT, DUPLICATE_PAIR_ITEM, GObject)

/* Takes @pair. */
KtDuplicatePairItem   *kt_duplicate_pair_item_new      (KtDuplicatePair     *pair);
const KtDuplicatePair *kt_duplicate_pair_item_get_pair (KtDuplicatePairItem *self);

G_END_DECLS
