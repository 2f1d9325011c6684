/* kt-deal-detail.h: a deal with everything around it, beside the board
 *
 * The Deals board's side pane, laid out as a contact's or a company's
 * detail (records/kt-record-rows.h): the title, which wraps, Edit and
 * History; the ways to close the deal (Won, Lost… asking the reason) or
 * Reopen one that is closed; the deal's set fields, its contact and
 * company (which open their records), custom fields, tasks (Add Task),
 * the activity timeline, invoices and offers; Delete at the bottom.
 * Won, Lost, Reopen and Delete go through the board's actions
 * (board.move-deal, board.delete-deal), so they toast with Undo as a move
 * on the board does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_DEAL_DETAIL (kt_deal_detail_get_type ())
G_DECLARE_FINAL_TYPE (KtDealDetail, kt_deal_detail, KT, DEAL_DETAIL, GtkWidget)

/* The detail lives in the board's template: set up after construction. */
void        kt_deal_detail_setup        (KtDealDetail *self,
                                         KtContext    *context);
/* Shows the deal @deal_id (NULL: none). */
void        kt_deal_detail_set_deal_id  (KtDealDetail *self,
                                         const char   *deal_id);
const char *kt_deal_detail_get_deal_id  (KtDealDetail *self);
/* Puts the keyboard in the deal's first row: never on Won, where Enter
 * would close the deal. */
gboolean    kt_deal_detail_focus_first  (KtDealDetail *self);
/* The title label's text, for tests. */
const char *kt_deal_detail_get_title    (KtDealDetail *self);
/* The KtActivityTimeline of the deal (transfer none). */
GtkWidget  *kt_deal_detail_get_timeline (KtDealDetail *self);
/* The number of rows in the named group ("outcome", "fields", "party",
 * "more", "custom", "tasks", "invoices", "offers"; 0 when the group is
 * not shown): for tests. */
guint       kt_deal_detail_count_rows   (KtDealDetail *self,
                                         const char   *group);

G_END_DECLS
