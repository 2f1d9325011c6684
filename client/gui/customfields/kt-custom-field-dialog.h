/* kt-custom-field-dialog.h: define or change one custom field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-form.h"

G_BEGIN_DECLS

#define KT_TYPE_CUSTOM_FIELD_DIALOG (kt_custom_field_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtCustomFieldDialog, kt_custom_field_dialog, KT, CUSTOM_FIELD_DIALOG, KtForm)

/* A KtForm. @definition NULL: a new field for @entity_name ("contact",
 * "company", "deal"), placed after the existing ones. kt_form_get_row()
 * knows "label", "key", "field_type", "choices" and "required" (a row
 * with a switch). */
KtCustomFieldDialog *kt_custom_field_dialog_new (KtStore    *store,
                                                 const char *entity_name,
                                                 KtRecord   *definition);

/* The translated name of a custom field type ("text", "number", ...). */
const char          *kt_custom_field_type_label (const char *type);

G_END_DECLS
