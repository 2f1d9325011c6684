/* kt-record-form.h: a form whose rows come from the entity description
 *
 * A KtForm whose rows are KtRecordEditors, one per field of the model,
 * plus a group for the entity's custom fields: what the contact and
 * company forms are entirely, and what KtDealForm builds on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-context.h"
#include "kt-form.h"
#include "kt-record-editor.h"
#include "kt-record-spec.h"

G_BEGIN_DECLS

#define KT_TYPE_RECORD_FORM (kt_record_form_get_type ())
G_DECLARE_DERIVABLE_TYPE (KtRecordForm, kt_record_form, KT, RECORD_FORM, KtForm)

struct _KtRecordFormClass
{
  KtFormClass parent_class;

  gpointer    padding[4];
};

/* @record NULL makes a new record; otherwise a copy of @record is edited
 * and Save writes only the fields the person changed (docs/ui.md).
 * ::saved (KtRecord *record, gboolean created) is emitted after a save.
 * kt_form_get_row() knows every field by name, and "custom.<key>": an
 * AdwEntryRow, an AdwComboRow, a KtRecordPicker (a reference to another
 * record) or an AdwActionRow with a switch. */
KtRecordForm *kt_record_form_new         (KtContext              *context,
                                          const KtRecordPaneSpec *spec,
                                          KtRecord               *record);

/* The "This looks like …" banner of a contact or company form, or NULL
 * (tests). */
GtkWidget    *kt_record_form_get_duplicate_banner (KtRecordForm *self);

/* For subclasses: @record is the stored record (@editing) or a new one
 * with its presets. Loads the entity's custom field definitions. */
void          kt_record_form_setup       (KtRecordForm           *self,
                                          KtContext              *context,
                                          KtRecord               *record,
                                          gboolean                editing);
KtContext    *kt_record_form_get_context (KtRecordForm           *self);
/* A new titled group at the end of the form. */
AdwPreferencesGroup *kt_record_form_add_group (KtRecordForm      *self,
                                               const char        *title);
/* A row for each of @fields (NULL-terminated) that a form can edit. */
void          kt_record_form_add_fields  (KtRecordForm           *self,
                                          AdwPreferencesGroup    *group,
                                          const char * const     *fields);
/* The group of the entity's custom fields, if it has any. */
void          kt_record_form_add_custom_fields (KtRecordForm     *self);

G_END_DECLS
