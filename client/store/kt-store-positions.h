/* kt-store-positions.h: where a deal sits in its stage column
 *
 * A deal's position orders it in its column (its stage and status): the
 * board asks for the last position of a column when a deal joins it, for
 * the free positions around a drop, and for a deal's neighbours to undo
 * a move. Each is one query over the deals table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

/* The largest position among the deals of @stage_id with @status (FALSE
 * in @out_found when there are none). */
gboolean kt_store_positions_last       (KtStore    *store,
                                        const char *stage_id,
                                        const char *status,
                                        gint64     *out_position,
                                        gboolean   *out_found,
                                        GError    **error);
/* The nearest position strictly below (@above TRUE) or above @position in
 * the column of @stage_id with @status, ignoring @exclude_id (the deal
 * being moved); FALSE in @out_found when there is none. */
gboolean kt_store_positions_adjacent   (KtStore    *store,
                                        const char *stage_id,
                                        const char *status,
                                        const char *exclude_id,
                                        gint64      position,
                                        gboolean    above,
                                        gint64     *out_position,
                                        gboolean   *out_found,
                                        GError    **error);
/* The deals just above and below @deal_id in its column (same stage and
 * status, ordered by position then id); NULL where there is none. */
gboolean kt_store_positions_neighbours (KtStore    *store,
                                        const char *deal_id,
                                        char      **out_prev_id,
                                        char      **out_next_id,
                                        GError    **error);

G_END_DECLS
