/* kt-deal-detail.h: a deal with everything around it
 *
 * Every field of the deal and its owner, its contact and company, its
 * tasks (Add Task), its activity timeline (Log Activity), and the invoices
 * and offers made for it; Won and Lost (with a reason) close it through
 * the same move the board uses; Edit opens KtDealForm; Delete tombstones
 * it and emits ::deleted so the board can offer Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_DEAL_DETAIL (kt_deal_detail_get_type ())
G_DECLARE_FINAL_TYPE (KtDealDetail, kt_deal_detail, KT, DEAL_DETAIL, AdwWindow)

GtkWidget  *kt_deal_detail_new          (KtContext  *context,
                                         const char *deal_id);
const char *kt_deal_detail_get_deal_id  (KtDealDetail *self);
/* Closes the deal as won, or lost with @reason, moving it to its
 * pipeline's won/lost stage. */
gboolean    kt_deal_detail_close_deal   (KtDealDetail *self,
                                         gboolean      won,
                                         const char   *reason,
                                         GError      **error);
/* Tombstones the deal, emits ::deleted and closes the detail. */
gboolean    kt_deal_detail_delete       (KtDealDetail *self,
                                         GError      **error);
/* The KtActivityTimeline of the deal (transfer none). */
GtkWidget  *kt_deal_detail_get_timeline (KtDealDetail *self);
/* The number of rows in the named group ("tasks", "invoices", "offers",
 * "fields", "party"): for tests. */
guint       kt_deal_detail_count_rows   (KtDealDetail *self,
                                         const char   *group);

G_END_DECLS
