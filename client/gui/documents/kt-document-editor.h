/* kt-document-editor.h: the editor of an invoice, credit note or offer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-context.h"
#include "kt-form.h"
#include "kt-line-items.h"

G_BEGIN_DECLS

#define KT_TYPE_DOCUMENT_EDITOR (kt_document_editor_get_type ())
G_DECLARE_FINAL_TYPE (KtDocumentEditor, kt_document_editor, KT, DOCUMENT_EDITOR, KtForm)

/* @entity: invoice or offer; @record NULL for a new one. The client,
 * dates, currency, language, notes and the lines (KtLineItems) with
 * totals computed by shared/kt-totals as the person types. Save writes
 * the document and its lines in one transaction, nothing when nothing
 * changed. An issued invoice opens read-only. kt_form_get_row() knows
 * the fields by name, and "company_id" and "contact_id" (record
 * pickers); the lines are kt_document_editor_get_lines(). */
KtDocumentEditor *kt_document_editor_new        (KtContext        *context,
                                                 const KtEntity   *entity,
                                                 KtRecord         *record);
KtLineItems      *kt_document_editor_get_lines  (KtDocumentEditor *self);
/* The totals as shown: "subtotal", "discount", "total" or "vat-2000"
 * (the VAT of 20 %); NULL when there is no such row. */
const char       *kt_document_editor_get_total  (KtDocumentEditor *self,
                                                 const char       *name);

G_END_DECLS
