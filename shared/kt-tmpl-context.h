/* kt-tmpl-context.h: a document as the values its templates print
 *
 * Builds the JSON context of an invoice, credit note or offer from the
 * same records the PDF renderer reads (render/kt-document-render.h's
 * KtDocumentSource): the document, its items, the seller (the
 * organization's JSON) and a credit note's original invoice. Its shape is
 * the variable catalogue (kt-tmpl-vars.h), and docs/templates.md lists
 * it. Money is in minor units (print it with | money), dates are
 * YYYY-MM-DD (| date), quantities and rates are already text in the
 * document's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-record.h"

G_BEGIN_DECLS

/**
 * kt_tmpl_context_new:
 * @document: an invoice (kind invoice or credit_note) or an offer
 * @items: (element-type KtRecord): its invoice_item or offer_item records,
 *   any order (sorted by position; deleted ones are skipped)
 * @seller: (nullable): the organization, as GET /v1/organization answers
 * @credited_invoice: (nullable): a credit note's original invoice
 * @language: (nullable): "bg" or "en"; %NULL: the document's, then "bg"
 * @error: the totals' error when the items cannot be added up
 *
 * Returns: (transfer full) (nullable): the context
 */
JsonObject *kt_tmpl_context_new (KtRecord    *document,
                                 GPtrArray   *items,
                                 JsonObject  *seller,
                                 KtRecord    *credited_invoice,
                                 const char  *language,
                                 GError     **error);

G_END_DECLS
