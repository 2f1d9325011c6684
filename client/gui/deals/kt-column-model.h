/* kt-column-model.h: a board column's deals, with changes GTK can take
 * cheaply
 *
 * A KtRecordList reloads as a whole when the store changes, announcing
 * every item replaced. GTK 4.8's list view then looks for the items it
 * shows among all the new ones, by pointer, reading every page of a
 * 10,000-deal column: over a second per drop. This proxy passes the items
 * through but announces changes it was told to expect (the board knows
 * where a moved card left and landed) as exactly that, one row out and
 * one row in, and any other
 * reload as "all removed, then all added", which GTK handles without the
 * search.
 *
 * It can also show only the first items of a long column at first
 * (kt_column_model_new() with a limit) and grow to all of them later
 * (kt_column_model_grow(), announced as items added at the end): GTK 4.8
 * makes a row for up to about 200 items of a list view whatever its
 * height, and the board's first frame only needs the few on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-list.h"

G_BEGIN_DECLS

#define KT_TYPE_COLUMN_MODEL (kt_column_model_get_type ())
G_DECLARE_FINAL_TYPE (KtColumnModel, kt_column_model, KT, COLUMN_MODEL, GObject)

/* About how many rows GTK 4.8's list view makes around what it shows. */
#define KT_COLUMN_MODEL_ROWS_MADE 256

/* @limit: the most items shown until grown; 0 for all */
KtColumnModel *kt_column_model_new          (KtRecordList  *deals,
                                             guint          limit);
/* Shows @step more items (G_MAXUINT: all). Returns TRUE once all are shown.
 * Any change of the deals also shows them all. */
gboolean       kt_column_model_grow         (KtColumnModel *self,
                                             guint          step);
gboolean       kt_column_model_is_limited   (KtColumnModel *self);
KtRecordList  *kt_column_model_get_deals    (KtColumnModel *self);
/* The next reload of the deals is this change: the deal at @remove_at
 * left, then one arrived at @insert_at (positions after the removal);
 * GTK_INVALID_LIST_POSITION for either means none, both for "nothing
 * moved". A reload whose length does not fit is announced whole. */
void           kt_column_model_expect       (KtColumnModel *self,
                                             guint          remove_at,
                                             guint          insert_at);

G_END_DECLS
