/* kt-record-editor.h: one row of the record form, for one field
 *
 * An editor turns a field of the model (or a custom field definition) into
 * a libadwaita row, fills it from a record, and reads what the person typed
 * back into a record, refusing text that does not parse with a message
 * that names the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

typedef struct _KtRecordEditor KtRecordEditor;

/* For a field of @entity; NULL for fields a form does not edit (JSON,
 * server-only). */
KtRecordEditor *kt_record_editor_new_for_field  (KtStore        *store,
                                                 const KtEntity *entity,
                                                 const char     *field,
                                                 const char     *default_currency);
/* For a custom_field definition record. */
KtRecordEditor *kt_record_editor_new_for_custom (KtRecord       *definition);
void            kt_record_editor_free           (KtRecordEditor *editor);

/* "first_name", or "custom.<key>" for a custom field. */
const char     *kt_record_editor_get_key        (KtRecordEditor *editor);
GtkWidget      *kt_record_editor_get_row        (KtRecordEditor *editor);
/* A non-activatable row under the editor's row that shows its error. */
GtkWidget      *kt_record_editor_get_error_row  (KtRecordEditor *editor);

void            kt_record_editor_load           (KtRecordEditor *editor,
                                                 KtRecord       *record);
/* Writes the value into @record (a built-in field) or into @custom (a
 * custom field). */
gboolean        kt_record_editor_store          (KtRecordEditor *editor,
                                                 KtRecord       *record,
                                                 JsonObject     *custom,
                                                 GError        **error);
/* Shows @message under the row and marks it, or clears both (NULL). */
void            kt_record_editor_show_error     (KtRecordEditor *editor,
                                                 const char     *message);

/* Calls @callback (swapped: @user_data first) whenever the value changes. */
void            kt_record_editor_connect_changed (KtRecordEditor *editor,
                                                  GCallback       callback,
                                                  gpointer        user_data);
gboolean        kt_record_editor_get_touched    (KtRecordEditor *editor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtRecordEditor, kt_record_editor_free)

G_END_DECLS
