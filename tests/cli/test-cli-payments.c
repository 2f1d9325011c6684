/* test-cli-payments.c: kantora-cli import-payments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cli-test-util.h"
#include "kt-store.h"
#include "../io/bank-samples.h"

typedef struct {
  char *dir;
  char *file;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = cli_make_tmp_dir ();
  f->file = g_build_filename (f->dir, "statement.xml", NULL);
  g_file_set_contents (f->file, BANK_SAMPLE_CAMT, -1, &error);
  g_assert_no_error (error);

  /* The invoice the statement's first credit names. */
  {
    g_autofree char *path = g_build_filename (f->dir, "kantora.db", NULL);
    g_autoptr (KtStore) store = kt_store_open (path, &error);
    g_autoptr (KtRecord) invoice = kt_record_new (KT_ENTITY_INVOICE);

    g_assert_no_error (error);
    kt_record_set_string (invoice, "number", "0000000042");
    kt_record_set_string (invoice, "status", "issued");
    kt_record_set_string (invoice, "currency", "BGN");
    kt_record_set_string (invoice, "issue_date", "2026-11-20");
    kt_record_set_int (invoice, "total", 123456);
    g_assert_true (kt_store_save (store, invoice, &error));
    g_assert_no_error (error);
  }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cli_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->file);
}

static gint64
count_payments (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "kantora.db", NULL);
  g_autoptr (KtStore) store = kt_store_open (path, &error);
  g_autoptr (KtQuery) query = kt_query_new (KT_ENTITY_PAYMENT);

  g_assert_no_error (error);
  return kt_store_count (store, query, NULL);
}

static void
test_import_payments (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (CliResult) first = NULL;
  g_autoptr (CliResult) again = NULL;
  g_autoptr (CliResult) csv = NULL;
  g_autoptr (CliResult) bad = NULL;
  g_autoptr (CliResult) usage = NULL;

  first = cli_run (f->dir, NULL, "import-payments", f->file, NULL);
  g_assert_cmpint (first->status, ==, 0);
  g_assert_nonnull (strstr (first->out, "Line 9: bank reference “REF-003” repeats in the file\n"));
  g_assert_nonnull (strstr (first->out, "2 payments imported, 1 duplicate skipped, 1 debit skipped\n"));
  g_assert_nonnull (strstr (first->out, "Matched to invoices: 1, proposed for review: 0, unmatched: 1.\n"));
  g_assert_cmpint (count_payments (f), ==, 2);

  again = cli_run (f->dir, NULL, "import-payments", f->file, "--format", "camt", NULL);
  g_assert_cmpint (again->status, ==, 0);
  g_assert_nonnull (strstr (again->out, "0 payments imported, 3 duplicates skipped, 1 debit skipped\n"));
  g_assert_null (strstr (again->out, "Matched"));
  g_assert_cmpint (count_payments (f), ==, 2);

  /* CSV from standard input, with a mapping. */
  csv = cli_run (f->dir, "When;How much;Ref\n01.12.2026;12,50;X-1\n", "import-payments", "-",
                 "--format", "csv", "--map", "date=When,amount=2,bank_reference=Ref",
                 "--currency", "BGN", NULL);
  g_assert_cmpint (csv->status, ==, 0);
  g_assert_nonnull (strstr (csv->out, "1 payment imported"));
  g_assert_cmpint (count_payments (f), ==, 3);

  /* A bad line: nothing lands, the line is named, the exit code says
   * invalid input. */
  bad = cli_run (f->dir, "Дата;Сума;Референция\n01.12.2026;1,00;Y-1\n02.12.2026;две;Y-2\n",
                 "import-payments", "-", NULL);
  g_assert_cmpint (bad->status, ==, 4);
  g_assert_nonnull (strstr (bad->err, "Line 3, Сума: "));
  g_assert_nonnull (strstr (bad->err, "nothing was imported"));
  g_assert_cmpint (count_payments (f), ==, 3);

  usage = cli_run (f->dir, NULL, "import-payments", f->file, "--format", "ofx", NULL);
  g_assert_cmpint (usage->status, ==, 2);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/import-payments", Fixture, NULL, fixture_setup, test_import_payments,
              fixture_teardown);

  return g_test_run ();
}
