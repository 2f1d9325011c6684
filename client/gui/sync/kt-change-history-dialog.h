/* kt-change-history-dialog.h: the values of a record that later edits
 * from elsewhere replaced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_CHANGE_HISTORY_DIALOG (kt_change_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtChangeHistoryDialog, kt_change_history_dialog, KT, CHANGE_HISTORY_DIALOG, AdwWindow)

KtChangeHistoryDialog *kt_change_history_dialog_new       (KtStore  *store,
                                                           KtRecord *record);
/* How many entries the dialog lists (for tests). */
guint                  kt_change_history_dialog_get_n_entries (KtChangeHistoryDialog *self);

/* A history value (JSON text) as a person reads it: strings without
 * quotes, lists joined with commas, "(empty)" for unset. */
char                  *kt_change_history_format_value     (const char *json);

G_END_DECLS
