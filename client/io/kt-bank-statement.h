/* kt-bank-statement.h: what a bank statement file says, whatever its format
 *
 * Both statement readers (kt-bank-csv for a bank's CSV export, kt-camt
 * for an ISO 20022 CAMT.053 file) produce the same thing: the credit lines
 * of the statement, each one a payment received, and the number of debit
 * lines they skipped (money going out is not a payment to match). The
 * payment import (kt-payment-import) turns the lines into payment records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint   line;            /* 1-based line of the file where the line starts */
  gint64  amount;          /* minor units of @currency, always > 0 */
  char   *currency;        /* ISO 4217 */
  char   *date;            /* YYYY-MM-DD: booking date, else value date */
  char   *reference;       /* structured creditor reference, or NULL */
  char   *description;     /* remittance text, or NULL */
  char   *payer_name;
  char   *payer_iban;
  char   *bank_reference;  /* the bank's id of the transaction, or NULL */
} KtBankEntry;

typedef struct {
  GPtrArray *entries;      /* of KtBankEntry, credits only, in file order */
  guint      n_debits;     /* debit lines read and skipped */
} KtBankStatement;

KtBankStatement *kt_bank_statement_new  (void);
void             kt_bank_statement_free (KtBankStatement *statement);
void             kt_bank_entry_free     (KtBankEntry     *entry);

/* Reads an amount as a bank writes it: "1234.56", "1 234,56",
 * "1.234,56", "1,234.56", with an optional sign or trailing "-": the last
 * '.' or ',' followed by digits only is the decimal mark when it leaves no
 * more digits than @currency has; the other is a group separator. Fails with
 * KT_ERROR_INVALID (a translated message quoting the text). */
gboolean         kt_bank_parse_amount   (const char  *text,
                                         const char  *currency,
                                         gint64      *out_minor,
                                         GError     **error);

/* Trims @text and caps it at @max_chars characters; NULL for NULL or a
 * text that is empty once trimmed. */
char            *kt_bank_clean_text     (const char  *text,
                                         guint        max_chars);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtBankStatement, kt_bank_statement_free)

G_END_DECLS
