/* kt-invoice.h: invoices, offers, their items, and payments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_invoice_entity;
extern const KtEntity kt_invoice_item_entity;
extern const KtEntity kt_offer_entity;
extern const KtEntity kt_offer_item_entity;
extern const KtEntity kt_payment_entity;

#define KT_ENTITY_INVOICE (&kt_invoice_entity)
#define KT_ENTITY_INVOICE_ITEM (&kt_invoice_item_entity)
#define KT_ENTITY_OFFER (&kt_offer_entity)
#define KT_ENTITY_OFFER_ITEM (&kt_offer_item_entity)
#define KT_ENTITY_PAYMENT (&kt_payment_entity)

#include "kt-totals.h"

/* Totals of an invoice or offer from its item records (invoice_item or
 * offer_item; deleted ones are skipped), under the document's "rounding"
 * field. Lines are numbered in "position" order in error messages. */
gboolean kt_invoice_compute_totals (KtRecord          *doc,
                                    GPtrArray         *items,
                                    KtDocumentTotals  *out,
                                    GError           **error);
/* The same, then sets the document's subtotal, discount, net, tax and total
 * fields. On failure @doc is unchanged. */
gboolean kt_invoice_apply_totals   (KtRecord   *doc,
                                    GPtrArray  *items,
                                    GError    **error);
gint64   kt_invoice_open_amount    (KtRecord *invoice);
gboolean kt_invoice_settle_status  (KtRecord *invoice);

G_END_DECLS
