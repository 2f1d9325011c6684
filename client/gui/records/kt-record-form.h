/* kt-record-form.h: create or edit a record, validated as the person types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"
#include "kt-record-spec.h"

G_BEGIN_DECLS

#define KT_TYPE_RECORD_FORM (kt_record_form_get_type ())
G_DECLARE_FINAL_TYPE (KtRecordForm, kt_record_form, KT, RECORD_FORM, AdwWindow)

/* @record NULL makes a new record; otherwise a copy of @record is edited
 * and Save writes only the fields the person changed (docs/ui.md).
 * ::saved (KtRecord *record, gboolean created) is emitted after a save. */
KtRecordForm *kt_record_form_new             (KtContext              *context,
                                              const KtRecordPaneSpec *spec,
                                              KtRecord               *record);
/* The row editing @key: a field name, or "custom.<key>" for a custom
 * field. An AdwEntryRow, an AdwComboRow, a KtRecordPicker (a reference
 * to another record) or an AdwActionRow with a switch. */
GtkWidget    *kt_record_form_get_row         (KtRecordForm *self,
                                              const char   *key);
/* The field the current error is about, and its message; NULL when the
 * form is valid. */
const char   *kt_record_form_get_error_field (KtRecordForm *self);
const char   *kt_record_form_get_error_message (KtRecordForm *self);
gboolean      kt_record_form_is_valid        (KtRecordForm *self);
/* What the Save button does: save, emit ::saved and close. */
gboolean      kt_record_form_save            (KtRecordForm *self,
                                              GError      **error);

G_END_DECLS
