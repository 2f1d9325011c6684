/* kt-deal-board.h: the Deals pane, a kanban board of a pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"
#include "kt-deal-detail.h"

G_BEGIN_DECLS

#define KT_TYPE_DEAL_BOARD (kt_deal_board_get_type ())
G_DECLARE_FINAL_TYPE (KtDealBoard, kt_deal_board, KT, DEAL_BOARD, GtkWidget)

GtkWidget  *kt_deal_board_new              (KtContext   *context);
KtContext  *kt_deal_board_get_context      (KtDealBoard *self);
/* The pipeline shown (after kt_pipelines_ensure_default, never NULL once
 * constructed over a working store). */
const char *kt_deal_board_get_pipeline_id  (KtDealBoard *self);
void        kt_deal_board_set_pipeline_id  (KtDealBoard *self,
                                            const char  *pipeline_id);
/* The stage columns, in order (transfer none). */
GPtrArray  *kt_deal_board_get_columns      (KtDealBoard *self);
/* Filters: NULL clears. "My deals" is the store's own user as owner. */
void        kt_deal_board_set_search       (KtDealBoard *self,
                                            const char  *text);
void        kt_deal_board_set_owner        (KtDealBoard *self,
                                            const char  *owner_id);
const char *kt_deal_board_get_owner        (KtDealBoard *self);
/* Only the deals that need attention: "overdue" (open, expected to close
 * before today), "stale" (open, in their stage longer than its rotting
 * period), or NULL for every deal. The board view's filter. */
void        kt_deal_board_set_attention    (KtDealBoard *self,
                                            const char  *attention);
const char *kt_deal_board_get_attention    (KtDealBoard *self);
/* "board" or "list". */
void        kt_deal_board_set_view         (KtDealBoard *self,
                                            const char  *view);
const char *kt_deal_board_get_view         (KtDealBoard *self);
/* What "board.move-deal" does, with the lost reason given instead of asked
 * for. Shows the undo toast. */
gboolean    kt_deal_board_move_deal        (KtDealBoard *self,
                                            const char  *deal_id,
                                            const char  *stage_id,
                                            int          slot,
                                            const char  *lost_reason,
                                            GError     **error);
/* Tombstones @deal_id and shows the toast with Undo. */
gboolean    kt_deal_board_delete_deal      (KtDealBoard *self,
                                            const char  *deal_id,
                                            GError     **error);
/* Undoes the last move or deletion; FALSE when there is nothing to undo. */
gboolean    kt_deal_board_undo             (KtDealBoard *self,
                                            GError     **error);
/* Shows @deal_id in the detail beside the board (board.open-deal), the
 * board on its pipeline, with the keyboard in the deal's first row. */
void        kt_deal_board_open_deal        (KtDealBoard *self,
                                            const char  *deal_id);
/* Closes the detail (board.close-deal: Escape, Back) and gives the
 * keyboard back to the deal's card when the detail had it. */
void        kt_deal_board_close_deal       (KtDealBoard *self);
/* The detail pane (transfer none), and whether it shows a deal. */
KtDealDetail *kt_deal_board_get_detail     (KtDealBoard *self);
gboolean    kt_deal_board_get_detail_shown (KtDealBoard *self);
/* Starts computing the column totals (their sums) now instead of at the
 * next idle, in a worker thread; a refresh under way is cancelled. The
 * counts are the columns' own and are always current. */
void        kt_deal_board_refresh_totals   (KtDealBoard *self);
/* TRUE while totals are queued or being computed: tests wait for it. */
gboolean    kt_deal_board_get_totals_pending (KtDealBoard *self);

G_END_DECLS
