/* kt-invoices-pane.h: the Invoices section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-document-pane.h"

G_BEGIN_DECLS

#define KT_TYPE_INVOICES_PANE (kt_invoices_pane_get_type ())
G_DECLARE_FINAL_TYPE (KtInvoicesPane, kt_invoices_pane, KT, INVOICES_PANE, KtDocumentPane)

G_END_DECLS
