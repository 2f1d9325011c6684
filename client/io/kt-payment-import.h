/* kt-payment-import.h: a bank statement's credits saved as payments
 *
 * Reads a statement file (CAMT.053 or a bank's CSV export) and saves its
 * credit lines as payments in ONE store transaction: all of them land or
 * none do. A line whose bank reference is already stored, or repeats
 * inside the file, is skipped and reported, so importing the same
 * statement twice, or two statements that overlap, adds nothing twice.
 *
 * Matching the new payments to invoices is the caller's next step
 * (kt_payment_match_run() of client/core, which client/io may not call):
 * kantora-cli and the Payments pane pass it the ids this import returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-bank-statement.h"
#include "kt-store.h"

G_BEGIN_DECLS

typedef enum {
  KT_STATEMENT_FORMAT_GUESS,   /* CAMT when the data looks like it, CSV otherwise */
  KT_STATEMENT_FORMAT_CSV,
  KT_STATEMENT_FORMAT_CAMT,
} KtStatementFormat;

typedef struct {
  guint      imported;     /* payments written */
  guint      duplicates;   /* lines skipped: bank reference seen before */
  guint      debits;       /* debit lines skipped */
  GPtrArray *payment_ids;  /* of char*: the payments written, in file order */
  GPtrArray *skipped;      /* of char*: a translated line per duplicate */
} KtPaymentImportSummary;

/* Reads a whole statement file. A CSV file's columns are guessed from its
 * header, then @map (kt_bank_csv_apply_map(), may be NULL) corrects them;
 * @default_currency (NULL: EUR) is for a CSV file without a currency
 * column. Fails with the reader's error, naming the line. */
KtBankStatement *kt_payment_import_read   (const char          *data,
                                           gsize                length,
                                           KtStatementFormat    format,
                                           const char          *map,
                                           const char          *default_currency,
                                           GError             **error);

/* Writes the statement's credits as payments (method bank transfer,
 * received at noon UTC of the booking date so that every time zone shows
 * that date). Fills @summary (clear it with kt_payment_import_summary_clear()).
 * On an error nothing is written. */
gboolean         kt_payment_import_commit (KtStore                *store,
                                           KtBankStatement        *statement,
                                           KtPaymentImportSummary *summary,
                                           GError                **error);

void             kt_payment_import_summary_clear (KtPaymentImportSummary *summary);

/* "3 payments imported, 1 duplicate skipped, 2 debits skipped",
 * translated. */
char            *kt_payment_import_summary_to_string (const KtPaymentImportSummary *summary);

G_END_DECLS
