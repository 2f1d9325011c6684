/* kt-statement-import.h: one bank statement file on its way into the store
 *
 * What the Payments pane's Import Statement… dialog works on: the file,
 * read as CAMT.053 at once, or as a bank's CSV export whose columns a
 * person maps first (it is a KtImportMapping, like the contact import).
 * prepare() reads the lines with the current mapping and commit() saves
 * them (kt_payment_import_commit(): one transaction, duplicates skipped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-payment-import.h"

G_BEGIN_DECLS

#define KT_TYPE_STATEMENT_IMPORT (kt_statement_import_get_type ())
G_DECLARE_FINAL_TYPE (KtStatementImport, kt_statement_import, KT, STATEMENT_IMPORT, GObject)

/* Reads @data (CAMT.053 when it looks like it, CSV otherwise). Fails with
 * the reader's error naming the line: for CAMT the whole file is read
 * here; for CSV only its table, the rows being read by prepare(). */
KtStatementImport *kt_statement_import_new       (KtStore     *store,
                                                  const char  *data,
                                                  gsize        length,
                                                  GError     **error);
/* Whether the file is CSV, so its columns need a mapping. */
gboolean           kt_statement_import_is_csv    (KtStatementImport *self);
/* The currency of CSV rows without a currency column (default EUR). */
void               kt_statement_import_set_currency (KtStatementImport *self,
                                                     const char        *currency);
/* Reads the lines (CSV: with the mapping as it is now). */
gboolean           kt_statement_import_prepare   (KtStatementImport  *self,
                                                  GError            **error);
/* After prepare(): the credits to import and the debits skipped. */
KtBankStatement   *kt_statement_import_get_statement (KtStatementImport *self);
gboolean           kt_statement_import_commit    (KtStatementImport       *self,
                                                  KtPaymentImportSummary  *summary,
                                                  GError                 **error);

G_END_DECLS
