/* kt-change-history-dialog.h: a record's history: who changed what and
 * when, from the server's change log merged with what only this computer
 * knows (changes not synced yet, values later edits replaced)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"
#include "kt-sync-engine.h"

G_BEGIN_DECLS

#define KT_TYPE_CHANGE_HISTORY_DIALOG (kt_change_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtChangeHistoryDialog, kt_change_history_dialog, KT, CHANGE_HISTORY_DIALOG, AdwWindow)

/* Shows the history this computer knows at once. */
KtChangeHistoryDialog *kt_change_history_dialog_new       (KtStore  *store,
                                                           KtRecord *record);
/* Fetches the server's history through @engine (when it is signed in)
 * and shows it merged with the local one; offline, the local history
 * stays with a note saying so. :loading is TRUE meanwhile. */
void                   kt_change_history_dialog_load_server (KtChangeHistoryDialog *self,
                                                             KtSyncEngine          *engine);
gboolean               kt_change_history_dialog_get_loading (KtChangeHistoryDialog *self);
/* TRUE once a fetch failed and only the local history is shown. */
gboolean               kt_change_history_dialog_get_offline (KtChangeHistoryDialog *self);
/* How many entries the dialog lists (for tests). */
guint                  kt_change_history_dialog_get_n_entries (KtChangeHistoryDialog *self);

/* A history value (JSON text) as a person reads it: strings without
 * quotes, lists joined with commas, "(empty)" for unset. */
char                  *kt_change_history_format_value     (const char *json);

G_END_DECLS
