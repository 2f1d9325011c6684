/* kt-deal-detail.h: a deal with everything around it
 *
 * Every field of the deal, its contact and company, its tasks and
 * activities, and the invoices and offers made for it; Won and Lost (with
 * a reason) close it through the same move the board uses.
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
/* The number of rows in the named group ("tasks", "activities",
 * "invoices", "offers", "fields"): for tests. */
guint       kt_deal_detail_count_rows   (KtDealDetail *self,
                                         const char   *group);

G_END_DECLS
