/* kt-deal-form.h: create or edit a deal, validated as the person types
 *
 * The record form's machinery (KtRecordEditor rows, the model's own
 * validation, custom fields) for the deal's plain fields, plus the rows a
 * deal needs that a generic form cannot give: the pipeline and a stage of
 * that pipeline only, the owner (reassigning), and searching pickers for
 * the contact and the company.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_DEAL_FORM (kt_deal_form_get_type ())
G_DECLARE_FINAL_TYPE (KtDealForm, kt_deal_form, KT, DEAL_FORM, AdwWindow)

/* @deal NULL makes a new deal in @pipeline_id's stage @stage_id (either
 * may be NULL: the default pipeline, its first stage); otherwise a copy
 * of @deal is edited and Save writes only the fields the person changed
 * (docs/ui.md). ::saved (KtRecord *deal, gboolean created) is
 * emitted after a save. */
KtDealForm *kt_deal_form_new               (KtContext  *context,
                                            KtRecord   *deal,
                                            const char *pipeline_id,
                                            const char *stage_id);
/* The row editing @key: a deal field ("title", "value", "currency",
 * "pipeline_id", "stage_id", "contact_id", "company_id", ...), "owner_id",
 * or "custom.<key>". Entry rows, combo rows (pipeline, stage, owner,
 * currency) or KtRecordPicker rows (contact, company). */
GtkWidget  *kt_deal_form_get_row           (KtDealForm *self,
                                            const char *key);
/* The field the current problem is about and its message; NULL when the
 * form is valid. */
const char *kt_deal_form_get_error_field   (KtDealForm *self);
const char *kt_deal_form_get_error_message (KtDealForm *self);
gboolean    kt_deal_form_is_valid          (KtDealForm *self);
/* What the Save button does: save, emit ::saved and close. */
gboolean    kt_deal_form_save              (KtDealForm *self,
                                            GError    **error);

G_END_DECLS
