/* kt-merge-dialog.h: two contacts or companies side by side, merged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_MERGE_DIALOG (kt_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtMergeDialog, kt_merge_dialog, KT, MERGE_DIALOG, AdwWindow)

/* A dialog that merges @loser_id into @survivor_id (live records of
 * @entity): a field where they differ is a choice between the two
 * values, the newer one picked; Merge runs kt_merge_records() and
 * shows a toast with Undo in the window the dialog is transient for.
 * NULL with @error when a record cannot be read. */
GtkWindow  *kt_merge_dialog_new       (KtStore        *store,
                                       const KtEntity *entity,
                                       const char     *survivor_id,
                                       const char     *loser_id,
                                       GError        **error);
/* The choice of @field's value from the survivor (@from_loser FALSE) or
 * from the loser, or NULL when the records do not differ there. */
GtkWidget  *kt_merge_dialog_get_choice (KtMergeDialog *self,
                                        const char    *field,
                                        gboolean       from_loser);

G_END_DECLS
