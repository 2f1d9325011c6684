/* kt-send-invoice-dialog.h: mail an invoice to its client through the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_SEND_INVOICE_DIALOG (kt_send_invoice_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtSendInvoiceDialog, kt_send_invoice_dialog, KT, SEND_INVOICE_DIALOG, AdwWindow)

/* The recipient starts as the email of @invoice's contact, else of its
 * company; the language as the invoice's. Send asks the server to queue
 * the mail (kt_invoice_mail_send_async()); when it has, the dialog emits
 * ::sent (const char *to) and closes. Offline or signed out, it says
 * that sending needs a connection and Send waits for one. */
KtSendInvoiceDialog *kt_send_invoice_dialog_new (KtContext *context,
                                                 KtRecord  *invoice);

/* Why @invoice cannot be mailed yet (a draft, a number the server has
 * not given yet, a cancelled invoice), or NULL when it can. */
const char *kt_send_invoice_blocked_reason (KtRecord *invoice);

/* The recipient the invoice's client has, or NULL (transfer full). */
char      *kt_send_invoice_dialog_dup_client_email (KtStore  *store,
                                                    KtRecord *invoice);

/* Tests: the rows, the message under them, and what Send does. */
GtkWidget *kt_send_invoice_dialog_get_to_row       (KtSendInvoiceDialog *self);
GtkWidget *kt_send_invoice_dialog_get_language_row (KtSendInvoiceDialog *self);
GtkLabel  *kt_send_invoice_dialog_get_message      (KtSendInvoiceDialog *self);
void       kt_send_invoice_dialog_send             (KtSendInvoiceDialog *self);

G_END_DECLS
