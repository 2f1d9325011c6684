/* kt-split-model.h: a GListModel pass-through that keeps GTK 4.8's list
 * views from reading every row on a reload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KT_TYPE_SPLIT_MODEL (kt_split_model_get_type ())
G_DECLARE_FINAL_TYPE (KtSplitModel, kt_split_model, KT, SPLIT_MODEL, GObject)

KtSplitModel *kt_split_model_new       (GListModel   *model);
GListModel   *kt_split_model_get_model (KtSplitModel *self);

G_END_DECLS
