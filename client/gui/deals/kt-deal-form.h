/* kt-deal-form.h: create or edit a deal, validated as the person types
 *
 * A KtRecordForm for the deal's plain fields, plus the rows a deal needs
 * that a generic form cannot give: the pipeline and a stage of that
 * pipeline only, the owner (reassigning), and searching pickers for the
 * contact and the company.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-form.h"

G_BEGIN_DECLS

#define KT_TYPE_DEAL_FORM (kt_deal_form_get_type ())
G_DECLARE_FINAL_TYPE (KtDealForm, kt_deal_form, KT, DEAL_FORM, KtRecordForm)

/* @deal NULL makes a new deal in @pipeline_id's stage @stage_id (either
 * may be NULL: the default pipeline, its first stage); otherwise a copy
 * of @deal is edited and Save writes only the fields the person changed
 * (docs/ui.md). ::saved (KtRecord *deal, gboolean created) is emitted
 * after a save. kt_form_get_row() knows a deal field ("title", "value",
 * "currency", "pipeline_id", "stage_id", "contact_id", "company_id",
 * ...), "owner_id" and "custom.<key>": entry rows, combo rows (pipeline,
 * stage, owner, currency) or KtRecordPicker rows (contact, company). */
KtDealForm *kt_deal_form_new (KtContext  *context,
                              KtRecord   *deal,
                              const char *pipeline_id,
                              const char *stage_id);

G_END_DECLS
