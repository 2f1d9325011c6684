/* kt-duplicates-window.h: the pairs of contacts or companies that may
 * be one, each to merge or to rule out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_DUPLICATES_WINDOW (kt_duplicates_window_get_type ())
G_DECLARE_FINAL_TYPE (KtDuplicatesWindow, kt_duplicates_window, KT, DUPLICATES_WINDOW, AdwWindow)

/* Opens the Duplicates window of @entity (a contact or a company) over
 * @widget's window (pane.duplicates, Ctrl+Shift+D in Contacts and
 * Companies). (transfer none) */
GtkWindow  *kt_duplicates_window_present   (GtkWidget          *widget,
                                            KtStore            *store,
                                            const KtEntity     *entity);
/* The toolbar button of Contacts and Companies that opens it: an icon
 * with a tooltip, activating pane.duplicates. */
GtkWidget  *kt_duplicates_button_new       (void);
/* The pairs listed (of KtDuplicatePairItem), for tests. (transfer none) */
GListModel *kt_duplicates_window_get_pairs (KtDuplicatesWindow *self);
/* TRUE while the pairs are being looked for. */
gboolean    kt_duplicates_window_is_loading (KtDuplicatesWindow *self);

G_END_DECLS
