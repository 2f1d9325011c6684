/* kt-record-detail.h: every field of one record, its custom fields, the
 * records linked to it and its activity timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"
#include "kt-record-spec.h"

G_BEGIN_DECLS

#define KT_TYPE_RECORD_DETAIL (kt_record_detail_get_type ())
G_DECLARE_FINAL_TYPE (KtRecordDetail, kt_record_detail, KT, RECORD_DETAIL, GtkWidget)

/* The detail lives in its pane's template, so it is set up after
 * construction rather than through construct properties. */
void      kt_record_detail_setup      (KtRecordDetail         *self,
                                       KtContext              *context,
                                       const KtRecordPaneSpec *spec);
void      kt_record_detail_set_record (KtRecordDetail         *self,
                                       KtRecord               *record);
KtRecord *kt_record_detail_get_record (KtRecordDetail         *self);
/* The title label's text, for tests. */
const char *kt_record_detail_get_title (KtRecordDetail        *self);

G_END_DECLS
