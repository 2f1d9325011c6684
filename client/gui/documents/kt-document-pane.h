/* kt-document-pane.h: what the invoices and offers panes share
 *
 * A KtRecordPane with the documents' filters (status, client, period,
 * overdue, kind), their list cells ("Draft" for a number the server has
 * not given yet, the open amount, the status as a coloured tag), the
 * document editor, and the "document.*" actions of the detail: issue,
 * mark as sent, cancel, credit, accept, reject and convert, each with an
 * undo toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-pane.h"

G_BEGIN_DECLS

#define KT_TYPE_DOCUMENT_PANE (kt_document_pane_get_type ())
G_DECLARE_DERIVABLE_TYPE (KtDocumentPane, kt_document_pane, KT, DOCUMENT_PANE, KtRecordPane)

struct _KtDocumentPaneClass
{
  KtRecordPaneClass parent_class;
};

/* The list column of the open amount. */
#define KT_DOCUMENT_COLUMN_OPEN "@open"

/* KtRecordPaneSpec hooks of the document panes. */
char       *kt_document_cell_text  (KtStore     *store,
                                    KtRecord    *record,
                                    const char  *field);
const char *kt_document_cell_class (KtRecord    *record,
                                    const char  *field);
gboolean    kt_document_can_delete (KtRecord    *record,
                                    char       **why);
/* The translated name of a status ("partially_paid" → "Partially paid"). */
const char *kt_document_status_label (const char *status);

/* The Filters popover's rows (tests): an AdwComboRow each for status,
 * period and kind (kind: invoices only, else NULL), the client's company
 * picker and the overdue switch (invoices only, else NULL). */
GtkWidget  *kt_document_pane_get_status_filter  (KtDocumentPane *self);
GtkWidget  *kt_document_pane_get_period_filter  (KtDocumentPane *self);
GtkWidget  *kt_document_pane_get_kind_filter    (KtDocumentPane *self);
GtkWidget  *kt_document_pane_get_client_filter  (KtDocumentPane *self);
GtkWidget  *kt_document_pane_get_overdue_filter (KtDocumentPane *self);

G_END_DECLS
