/* kt-invoice-mail-client.h: asks the server to mail an invoice
 *
 * The server renders the PDF, builds the message in the chosen language
 * and queues it as a job (POST /v1/invoices/{id}/send, docs/api.md), so
 * a mail server that is down only delays it; the job logs the email as
 * an activity with the invoice's id, which sync brings back as the
 * invoice's mail log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* TRUE when a request to the server may be made now: the store is bound
 * to a server, signed in and not offline. */
gboolean kt_invoice_mail_can_send      (KtSyncEngine        *engine);

/* Queues invoice @invoice_id to go to @to in @language ("bg" or "en").
 * Finishes with the address the server will send to. A store that is
 * not connected, or a server that cannot be reached, fails with
 * KT_SYNC_ERROR_NOT_CONNECTED or KT_SYNC_ERROR_NETWORK; a refusal (no
 * or bad address, a draft, mail not configured) with
 * KT_SYNC_ERROR_REFUSED and the server's message. */
void     kt_invoice_mail_send_async    (KtSyncEngine        *engine,
                                        const char          *invoice_id,
                                        const char          *to,
                                        const char          *language,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char    *kt_invoice_mail_send_finish   (KtSyncEngine        *engine,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
