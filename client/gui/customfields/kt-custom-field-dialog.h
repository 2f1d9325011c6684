/* kt-custom-field-dialog.h: define or change one custom field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_CUSTOM_FIELD_DIALOG (kt_custom_field_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtCustomFieldDialog, kt_custom_field_dialog, KT, CUSTOM_FIELD_DIALOG, AdwWindow)

/* @definition NULL: a new field for @entity_name ("contact", "company",
 * "deal"), placed after the existing ones. */
KtCustomFieldDialog *kt_custom_field_dialog_new       (KtStore             *store,
                                                       const char          *entity_name,
                                                       KtRecord            *definition);
/* "label", "key", "field_type", "choices" or "required". */
GtkWidget           *kt_custom_field_dialog_get_row   (KtCustomFieldDialog *self,
                                                       const char          *field);
const char          *kt_custom_field_dialog_get_error (KtCustomFieldDialog *self);
gboolean             kt_custom_field_dialog_save      (KtCustomFieldDialog *self,
                                                       GError             **error);

/* The translated name of a custom field type ("text", "number", ...). */
const char          *kt_custom_field_type_label       (const char          *type);

G_END_DECLS
