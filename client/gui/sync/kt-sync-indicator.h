/* kt-sync-indicator.h: the header bar's sync state at a glance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

#define KT_TYPE_SYNC_INDICATOR (kt_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (KtSyncIndicator, kt_sync_indicator, KT, SYNC_INDICATOR, GtkWidget)

GtkWidget    *kt_sync_indicator_new        (KtSyncEngine    *engine);
KtSyncEngine *kt_sync_indicator_get_engine (KtSyncIndicator *self);
/* What the button shows, for tests: the label and the tooltip. */
const char   *kt_sync_indicator_get_label  (KtSyncIndicator *self);
const char   *kt_sync_indicator_get_detail (KtSyncIndicator *self);

G_END_DECLS
