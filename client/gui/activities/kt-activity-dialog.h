/* kt-activity-dialog.h: log a call, meeting, email or note against a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-form.h"

G_BEGIN_DECLS

#define KT_TYPE_ACTIVITY_DIALOG (kt_activity_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtActivityDialog, kt_activity_dialog, KT, ACTIVITY_DIALOG, KtForm)

/* A KtForm. @entity_name: "contact", "company" or "deal". The time starts
 * at now. kt_form_get_row() knows "type", "subject", "date", "time",
 * "duration_minutes" and "body"; Save is labelled Log. */
KtActivityDialog *kt_activity_dialog_new              (KtStore    *store,
                                                       const char *entity_name,
                                                       const char *record_id);
/* Changes a stored activity; Save writes only what the person changed. */
KtActivityDialog *kt_activity_dialog_new_for_activity (KtStore    *store,
                                                       KtRecord   *activity);

G_END_DECLS
