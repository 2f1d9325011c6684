/* kt-bank-csv.h: a bank's CSV export read as a statement
 *
 * The file is read by kt-csv (separator guessed: Bulgarian banks write
 * ';'), its first row is the header, and each column gets a target: what
 * the column holds for a payment. The targets are guessed from the header
 * (kt_import_guess_target() with "payment") and a person or
 * `kantora-cli import-payments --map` corrects them. A row is a credit
 * (a payment received) when its amount is positive, its credit column is
 * filled, or its direction column says credit; debits are counted and
 * skipped. Amounts take either decimal mark and group separators
 * ("1 234,56"), dates are 2026-11-25 or 25.11.2026 (a time after them is
 * ignored).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-bank-statement.h"
#include "kt-csv.h"

G_BEGIN_DECLS

/* Every target a column may take, in form order, NULL-terminated:
 * "date", "amount", "credit", "debit", "direction", "currency",
 * "reference", "description", "payer_name", "payer_iban",
 * "bank_reference". */
const char * const *kt_bank_csv_list_targets  (void);
/* The translated label of a target ("Payer IBAN"). */
const char         *kt_bank_csv_target_label  (const char *target);

/* One target per column of @table's header (NULL: not imported), guessed
 * from the header; a target goes to the first column that names it. */
GPtrArray          *kt_bank_csv_guess_targets (KtCsvTable *table);

/* Applies a mapping written as "target=column,target=column" where a
 * column is its header text or its 1-based number ("date=Вальор,amount=3"):
 * each target named moves to that column. Fails with KT_ERROR_INVALID for
 * an unknown target or a column the header does not have. */
gboolean            kt_bank_csv_apply_map     (KtCsvTable  *table,
                                               GPtrArray   *targets,
                                               const char  *map,
                                               GError     **error);

/* Reads every data row with @targets (one per column). @default_currency
 * is used when no column gives the currency. Fails with KT_ERROR_INVALID
 * when the mapping lacks a date or an amount (amount, or credit/debit), or
 * a row's date or amount does not read: the message names the line and
 * the column. */
KtBankStatement    *kt_bank_csv_read          (KtCsvTable  *table,
                                               GPtrArray   *targets,
                                               const char  *default_currency,
                                               GError     **error);

G_END_DECLS
