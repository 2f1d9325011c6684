/* kt-document-sample.h: a sample document for previews, tests and benchmarks
 *
 * A fixed, realistic invoice, credit note or offer (a Bulgarian seller with
 * a logo, IBAN and BIC, a buyer with EIK and VAT number, lines at 20 %,
 * 9 % and 0 % with an exemption reason) in Bulgarian or English. The
 * template studio previews a layout on it; tests/render and
 * bench/render render it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-document-render.h"

G_BEGIN_DECLS

typedef struct {
  KtRecord   *document;
  GPtrArray  *items;        /* of KtRecord, owned */
  JsonObject *seller;
  KtRecord   *credited_invoice;   /* for a credit note */
} KtDocumentSample;

/* Fills @sample with a document of @kind in @lang with @n_lines lines (the
 * sample's lines repeat when more are asked for). Its totals are applied. */
void kt_document_sample_init  (KtDocumentSample *sample,
                               KtDocumentKind    kind,
                               const char       *lang,
                               guint             n_lines);
void kt_document_sample_clear (KtDocumentSample *sample);

/* A KtDocumentSource over @sample. */
void kt_document_sample_source (KtDocumentSample *sample,
                                KtDocumentSource *source);

G_END_DECLS
