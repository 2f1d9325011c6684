/* kt-document-detail.h: the part of an invoice's or offer's detail that
 * its fields alone do not give
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_DOCUMENT_DETAIL (kt_document_detail_get_type ())
G_DECLARE_FINAL_TYPE (KtDocumentDetail, kt_document_detail, KT, DOCUMENT_DETAIL, GtkWidget)

/* The state actions ("document.*" of KtDocumentPane) that fit the
 * document's status, the seller (the organization the sync cached) and
 * the client, the lines, the totals with VAT per rate and the open
 * amount, and the linked offer, invoices and credit notes, which open
 * with win.show-record. A KtRecordPaneSpec's detail_extra. */
GtkWidget *kt_document_detail_new (KtContext *context,
                                   KtRecord  *record);

G_END_DECLS
