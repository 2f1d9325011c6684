/* kt-board-column.h: one stage of the board, a lazy list of deal cards
 *
 * The column's list is a GtkListView over a KtRecordList (the store pages
 * the deals in as they scroll into view) with recycled KtDealCard rows, so
 * a stage holding 10,000 deals costs as much as the few cards on screen.
 * Its header shows the list's count and the sums the board computes with
 * one SQL query in a worker thread (kt_board_column_set_totals()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kt-deal-card.h"
#include "kt-store-stats.h"

G_BEGIN_DECLS

/* Fills @info for @deal; @out_owned holds strings @info points to. */
typedef void (*KtDealDescribeFunc) (KtRecord       *deal,
                                    KtDealCardInfo *info,
                                    GPtrArray      *out_owned,
                                    gpointer        user_data);

#define KT_TYPE_BOARD_COLUMN (kt_board_column_get_type ())
G_DECLARE_FINAL_TYPE (KtBoardColumn, kt_board_column, KT, BOARD_COLUMN, GtkWidget)

/* @filter: the board's filters at creation (NULL: none). */
GtkWidget   *kt_board_column_new          (KtStore            *store,
                                           KtRecord           *stage,
                                           const KtDealFilter *filter,
                                           KtDealDescribeFunc  describe,
                                           gpointer            user_data);
KtRecord    *kt_board_column_get_stage    (KtBoardColumn *self);
/* The header's "+": activates "board.new-deal" with the stage id. */
GtkWidget   *kt_board_column_get_add_button (KtBoardColumn *self);
const char  *kt_board_column_get_stage_id (KtBoardColumn *self);
/* The deal status this column lists: "open", "won" or "lost". */
const char  *kt_board_column_get_status   (KtBoardColumn *self);
GListModel  *kt_board_column_get_model    (KtBoardColumn *self);
/* The same filters as the board's totals. */
void         kt_board_column_set_filter   (KtBoardColumn      *self,
                                           const KtDealFilter *filter);
/* The sums of the header; @totals may be NULL: no deals. */
void         kt_board_column_set_totals   (KtBoardColumn       *self,
                                           const KtStageTotals *totals);
gint64       kt_board_column_get_count    (KtBoardColumn *self);
/* The selected (keyboard focused) card's position, or
 * GTK_INVALID_LIST_POSITION. */
guint        kt_board_column_get_selected (KtBoardColumn *self);
/* The position of the card holding the keyboard focus (selected or
 * not), or GTK_INVALID_LIST_POSITION. */
guint        kt_board_column_get_focused_position (KtBoardColumn *self);
/* The card the keys act on: the focused one, else the selected one
 * (GTK_INVALID_LIST_POSITION: none). */
guint        kt_board_column_get_target_position (KtBoardColumn *self);
/* After the next change of the column's deals, selects @deal_id (looked
 * for around @position) and, with @focus, gives its card the keyboard
 * focus. The column does this by itself for the selected card whenever
 * its deals reload (a sync change, a move). */
void         kt_board_column_follow       (KtBoardColumn *self,
                                           const char    *deal_id,
                                           guint          position,
                                           gboolean       focus);
/* Selects the card at @position, scrolls to it and gives it focus. */
void         kt_board_column_focus_position (KtBoardColumn *self,
                                             guint          position);
/* The slot (0..n) a drop at @y, in the column's coordinates, lands in. */
guint        kt_board_column_slot_at      (KtBoardColumn *self,
                                           double         x,
                                           double         y);
/* While a card is dragged over the column: the slot it would land in
 * (-1 otherwise), and the insertion line drawn there, in the column's
 * coordinates (FALSE when none is drawn). */
int          kt_board_column_get_drop_slot (KtBoardColumn *self);
gboolean     kt_board_column_get_drop_line (KtBoardColumn   *self,
                                            graphene_rect_t *out_line);
/* The position of the card showing @deal_id among the bound cards, or
 * GTK_INVALID_LIST_POSITION. */
guint        kt_board_column_find_position (KtBoardColumn *self,
                                            const char    *deal_id);
/* The next reload of the column is this change (see KtColumnModel). */
void         kt_board_column_expect       (KtBoardColumn *self,
                                           guint          remove_at,
                                           guint          insert_at);
/* The header text, also the column's accessible name. */
char        *kt_board_column_dup_summary  (KtBoardColumn *self);

G_END_DECLS
