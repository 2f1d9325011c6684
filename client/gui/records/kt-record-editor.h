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
/* What the person changes: the row itself, or the switch of a switch
 * row, or the text view of a multi-line row (notes, descriptions). */
GtkWidget      *kt_record_editor_get_value_widget (KtRecordEditor *editor);

void            kt_record_editor_load           (KtRecordEditor *editor,
                                                 KtRecord       *record);
/* Writes the value into @record (a built-in field) or into @custom (a
 * custom field). */
gboolean        kt_record_editor_store          (KtRecordEditor *editor,
                                                 KtRecord       *record,
                                                 JsonObject     *custom,
                                                 GError        **error);

/* TRUE for an entry row that holds a date (a field or a custom field). */
gboolean        kt_record_editor_is_date        (KtRecordEditor *editor);
/* TRUE for a custom field's editor. */
gboolean        kt_record_editor_is_custom      (KtRecordEditor *editor);
/* TRUE for a money field, whose text is read in the record's currency:
 * store it after the currency. */
gboolean        kt_record_editor_depends_on_currency (KtRecordEditor *editor);
/* Whether saving @record (built so far) must store this editor: the
 * person changed the row since kt_record_editor_load(), or a money
 * field's currency changed under it. An editor that needs none leaves
 * the record's value exactly as it was loaded. */
gboolean        kt_record_editor_needs_store    (KtRecordEditor *editor,
                                                 KtRecord       *record);
/* A copy of @record's custom values (an empty object when it has none),
 * for kt_record_editor_store() to change. */
JsonObject     *kt_record_editor_dup_custom     (KtRecord       *record);
/* kt_custom_field_validate_values() for a form: the values of keys
 * without a definition in @definitions are left out of the judgement
 * (the form keeps them as they are and cannot show them). */
gboolean        kt_record_editor_validate_custom (GPtrArray     *definitions,
                                                  KtRecord      *record,
                                                  GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtRecordEditor, kt_record_editor_free)

G_END_DECLS
