/* kt-statement-dialog.h: a bank statement imported as payments, then
 * matched to invoices
 *
 * A CSV export opens on the column mapping (KtImportMappingPage, shared
 * with the contact import); "Check" reads every line and says what will
 * happen (credits to import, debits skipped) or which line is wrong.
 * "Import" saves the credits in one transaction, skipping duplicates, runs
 * the matcher on them and shows the summary. A CAMT.053 file starts on
 * the check page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-statement-import.h"

G_BEGIN_DECLS

#define KT_TYPE_STATEMENT_DIALOG (kt_statement_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtStatementDialog, kt_statement_dialog, KT, STATEMENT_DIALOG, AdwWindow)

KtStatementDialog *kt_statement_dialog_new        (KtStore           *store,
                                                   KtStatementImport *import,
                                                   const char        *file_name);
/* The mapping page's combo row of @column (CSV only). */
AdwComboRow       *kt_statement_dialog_get_column_row (KtStatementDialog *self,
                                                       guint              column);
/* "Check": FALSE (and the page shows why) when the lines cannot be read. */
gboolean           kt_statement_dialog_check      (KtStatementDialog *self);
/* "Import": FALSE (the page shows why; nothing was saved) on an error. */
gboolean           kt_statement_dialog_confirm    (KtStatementDialog  *self,
                                                   GError            **error);
/* The text of the page shown: the check's or the import's summary, or
 * the error. */
const char        *kt_statement_dialog_get_summary (KtStatementDialog *self);
/* The visible page: "mapping", "check" or "done". */
const char        *kt_statement_dialog_get_page   (KtStatementDialog *self);

G_END_DECLS
