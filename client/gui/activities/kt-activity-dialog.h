/* kt-activity-dialog.h: log a call, meeting, email or note against a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_ACTIVITY_DIALOG (kt_activity_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtActivityDialog, kt_activity_dialog, KT, ACTIVITY_DIALOG, AdwWindow)

/* @entity_name: "contact", "company" or "deal". The time starts at now. */
KtActivityDialog *kt_activity_dialog_new       (KtStore          *store,
                                                const char       *entity_name,
                                                const char       *record_id);
/* Changes a stored activity; Save writes only what the person changed. */
KtActivityDialog *kt_activity_dialog_new_for_activity (KtStore  *store,
                                                       KtRecord *activity);
/* "type", "subject", "date", "time", "duration_minutes" or "body". */
GtkWidget        *kt_activity_dialog_get_row   (KtActivityDialog *self,
                                                const char       *field);
const char       *kt_activity_dialog_get_error (KtActivityDialog *self);
/* Saves like the Log button; closes the dialog on success. */
gboolean          kt_activity_dialog_save      (KtActivityDialog *self,
                                                GError          **error);

G_END_DECLS
