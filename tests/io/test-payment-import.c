/* test-payment-import.c: a statement's credits saved as payments, all or
 * nothing, duplicates skipped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-payment-import.h"
#include "io-fixture.h"
#include "bank-samples.h"

static KtBankStatement *
read_sample (const char *text)
{
  g_autoptr(GError) error = NULL;
  KtBankStatement *statement = kt_payment_import_read (text, strlen (text),
                                                       KT_STATEMENT_FORMAT_GUESS,
                                                       NULL, NULL, &error);

  g_assert_no_error (error);
  return statement;
}

static void
test_import_camt_with_duplicate (IoFixture     *fixture,
                                 gconstpointer  data)
{
  g_autoptr(KtBankStatement) statement = read_sample (BANK_SAMPLE_CAMT);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) payment = NULL;
  g_autofree char *text = NULL;
  KtPaymentImportSummary summary;

  g_assert_true (kt_payment_import_commit (fixture->store, statement, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.imported, ==, 2);
  g_assert_cmpuint (summary.duplicates, ==, 1);
  g_assert_cmpuint (summary.debits, ==, 1);
  g_assert_cmpuint (summary.payment_ids->len, ==, 2);
  g_assert_cmpuint (summary.skipped->len, ==, 1);
  g_assert_cmpstr (summary.skipped->pdata[0], ==,
                   "Line 9: bank reference “REF-003” repeats in the file");
  text = kt_payment_import_summary_to_string (&summary);
  g_assert_cmpstr (text, ==, "2 payments imported, 1 duplicate skipped, 1 debit skipped");
  kt_payment_import_summary_clear (&summary);
  g_assert_cmpint (io_count (fixture->store, "payment"), ==, 2);

  payment = io_find (fixture->store, "payment", "bank_reference", "REF-001");
  g_assert_nonnull (payment);
  g_assert_cmpint (kt_record_get_int (payment, "amount"), ==, 123456);
  g_assert_cmpstr (kt_record_get_string (payment, "currency"), ==, "BGN");
  g_assert_cmpstr (kt_record_get_string (payment, "received_at"), ==, "2026-11-25T12:00:00.000Z");
  g_assert_cmpstr (kt_record_get_string (payment, "method"), ==, "bank_transfer");
  g_assert_cmpstr (kt_record_get_string (payment, "reference"), ==, "0000000042");
  g_assert_cmpstr (kt_record_get_string (payment, "payer_name"), ==, "Стройинвест ООД");
  g_assert_cmpstr (kt_record_get_string (payment, "payer_iban"), ==, "BG80BNBG96611020345678");
  g_assert_false (kt_record_get_bool (payment, "matched"));

  /* The same file again: everything is a duplicate of what is stored. */
  g_assert_true (kt_payment_import_commit (fixture->store, statement, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.imported, ==, 0);
  g_assert_cmpuint (summary.duplicates, ==, 3);
  g_assert_cmpstr (summary.skipped->pdata[0], ==,
                   "Line 6: bank reference “REF-001” is already imported");
  kt_payment_import_summary_clear (&summary);
  g_assert_cmpint (io_count (fixture->store, "payment"), ==, 2);
}

static void
test_import_all_or_nothing (IoFixture     *fixture,
                            gconstpointer  data)
{
  g_autoptr(KtBankStatement) statement = read_sample (BANK_SAMPLE_CSV_BG);
  g_autoptr(GError) error = NULL;
  KtPaymentImportSummary summary;
  KtBankEntry *bad;

  /* A line the payment's rules refuse, after good ones: none is written. */
  bad = g_new0 (KtBankEntry, 1);
  bad->line = 9;
  bad->amount = 100;
  bad->currency = g_strdup ("EUR");
  bad->date = g_strdup ("2026-02-30");
  g_ptr_array_add (statement->entries, bad);

  g_assert_false (kt_payment_import_commit (fixture->store, statement, &summary, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Line 9: "));
  g_assert_cmpint (io_count (fixture->store, "payment"), ==, 0);

  /* Without it, the file imports. */
  g_ptr_array_remove_index (statement->entries, statement->entries->len - 1);
  g_clear_error (&error);
  g_assert_true (kt_payment_import_commit (fixture->store, statement, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.imported, ==, 2);
  g_assert_cmpuint (summary.debits, ==, 1);
  kt_payment_import_summary_clear (&summary);
  g_assert_cmpint (io_count (fixture->store, "payment"), ==, 2);
}

static void
test_import_without_bank_reference (IoFixture     *fixture,
                                    gconstpointer  data)
{
  const char *text = "Дата;Сума\n01.11.2026;10,00\n01.11.2026;10,00\n";
  g_autoptr(KtBankStatement) statement = read_sample (text);
  g_autoptr(GError) error = NULL;
  KtPaymentImportSummary summary;

  /* Nothing to recognise a line by: both are payments. */
  g_assert_true (kt_payment_import_commit (fixture->store, statement, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.imported, ==, 2);
  g_assert_cmpuint (summary.duplicates, ==, 0);
  kt_payment_import_summary_clear (&summary);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/io/payment-import/camt-with-duplicate", IoFixture, NULL,
              io_fixture_set_up, test_import_camt_with_duplicate, io_fixture_tear_down);
  g_test_add ("/io/payment-import/all-or-nothing", IoFixture, NULL,
              io_fixture_set_up, test_import_all_or_nothing, io_fixture_tear_down);
  g_test_add ("/io/payment-import/without-bank-reference", IoFixture, NULL,
              io_fixture_set_up, test_import_without_bank_reference, io_fixture_tear_down);

  return g_test_run ();
}
