/* kt-deal-move.h: moving a deal on the board, and undoing it
 *
 * What a drop and Ctrl+arrow both do: write the deal's new stage, position
 * and (for won/lost stages) status through kt_store_save(), so the change
 * is in the outbox at once. Positions are integers with gaps so that most
 * moves write one record; a column without room is renumbered in one
 * kt_store_save_all() transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

/* The gap between the positions of neighbouring deals after renumbering. */
#define KT_DEAL_POSITION_GAP 1024

typedef struct _KtDealMove KtDealMove;

/* Moves @deal_id into @stage_id so that it sits just below @prev_id and
 * above @next_id (the deals that will be its neighbours; NULL for the top or
 * the bottom of the column, both NULL for the end). A won or lost stage
 * closes the deal (@lost_reason is kept for a lost one); an open stage
 * reopens it. Returns what undo needs, or NULL with @error set. */
KtDealMove *kt_deal_move          (KtStore     *store,
                                   const char  *deal_id,
                                   const char  *stage_id,
                                   const char  *prev_id,
                                   const char  *next_id,
                                   const char  *lost_reason,
                                   GError     **error);
/* Gives @deal (in memory: not saved) what a move into @stage gives it:
 * the status of the stage's kind, the closing date (set when it closes,
 * cleared with the lost reason when it reopens), the time of the stage
 * change and the end of the column. @old_status is the deal's status
 * before, NULL for a new deal. For the deal form. */
gboolean    kt_deal_move_place    (KtStore     *store,
                                   KtRecord    *deal,
                                   KtRecord    *stage,
                                   const char  *old_status,
                                   GError     **error);
/* Puts the deal back where it was: stage, place in the column, status,
 * closing date and lost reason. */
gboolean    kt_deal_move_undo     (KtDealMove  *move,
                                   GError     **error);
const char *kt_deal_move_get_deal_id (KtDealMove *move);
/* The stage kind ("open", "won" or "lost") of @stage_id; "open" when unset. */
char       *kt_deal_move_stage_kind  (KtStore    *store,
                                      const char *stage_id);
void        kt_deal_move_free     (KtDealMove  *move);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDealMove, kt_deal_move_free)

G_END_DECLS
