/* kt-invoice-chooser.h: pick one of the open invoices in a currency
 *
 * "Match to invoice…" of the Payments pane: the invoices that still wait
 * for money (issued, sent, partially paid or overdue, with an open amount)
 * in the payment's currency, newest first, each with its client and what
 * is open. Enter or a click chooses; Escape cancels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_INVOICE_CHOOSER (kt_invoice_chooser_get_type ())
G_DECLARE_FINAL_TYPE (KtInvoiceChooser, kt_invoice_chooser, KT, INVOICE_CHOOSER, AdwWindow)

/* ::chosen (const char *invoice_id) is emitted, then the window closes. */
KtInvoiceChooser *kt_invoice_chooser_new        (KtStore    *store,
                                                 const char *currency);
/* The rows shown (tests). */
GtkListBox       *kt_invoice_chooser_get_list   (KtInvoiceChooser *self);
guint             kt_invoice_chooser_get_n_invoices (KtInvoiceChooser *self);

G_END_DECLS
