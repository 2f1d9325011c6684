/* test-bank-statement.c: the bank statement readers (CSV export, CAMT.053)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-bank-csv.h"
#include "kt-camt.h"
#include "kt-payment-import.h"
#include "bank-samples.h"

static KtBankEntry *
entry_at (KtBankStatement *statement,
          guint            i)
{
  g_assert_cmpuint (i, <, statement->entries->len);
  return statement->entries->pdata[i];
}

static void
test_amounts (void)
{
  static const struct { const char *text, *currency; gint64 minor; } good[] = {
    { "1234.56", "EUR", 123456 }, { "1 234,56", "BGN", 123456 }, { "1.234,56", "BGN", 123456 },
    { "1,234.56", "USD", 123456 }, { "1,234", "EUR", 123400 }, { "12,5", "EUR", 1250 },
    { "-7,00", "EUR", -700 }, { "150,00-", "BGN", -15000 }, { "1\xC2\xA0" "000,10", "BGN", 100010 },
    { "1,234", "JPY", 1234 },
  };
  static const char * const bad[] = { "abc", "1,2,3.4.5", "12.345.67", "" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = 0;

      g_assert_true (kt_bank_parse_amount (good[i].text, good[i].currency, &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, good[i].minor);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = 0;

      g_assert_false (kt_bank_parse_amount (bad[i], "EUR", &minor, &error));
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
    }
}

static void
test_csv_bulgarian_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtBankStatement) statement =
    kt_payment_import_read (BANK_SAMPLE_CSV_BG, strlen (BANK_SAMPLE_CSV_BG),
                            KT_STATEMENT_FORMAT_GUESS, NULL, NULL, &error);
  KtBankEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (statement->entries->len, ==, 2);
  g_assert_cmpuint (statement->n_debits, ==, 1);

  entry = entry_at (statement, 0);
  g_assert_cmpuint (entry->line, ==, 2);
  g_assert_cmpint (entry->amount, ==, 123456);
  g_assert_cmpstr (entry->currency, ==, "BGN");
  g_assert_cmpstr (entry->date, ==, "2026-11-25");
  g_assert_cmpstr (entry->bank_reference, ==, "FT2632900001");
  g_assert_cmpstr (entry->payer_name, ==, "Стройинвест ООД");
  g_assert_cmpstr (entry->payer_iban, ==, "BG80BNBG96611020345678");
  g_assert_cmpstr (entry->description, ==, "Фактура № 0000000042");
  g_assert_null (entry->reference);

  entry = entry_at (statement, 1);
  g_assert_cmpuint (entry->line, ==, 4);
  g_assert_cmpint (entry->amount, ==, 9990);
  g_assert_cmpstr (entry->currency, ==, "EUR");
}

static KtBankStatement *
read_csv (const char  *text,
          const char  *map,
          GError     **error)
{
  return kt_payment_import_read (text, strlen (text), KT_STATEMENT_FORMAT_CSV, map, "BGN", error);
}

static void
test_csv_signed_amounts_and_map (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtBankStatement) statement = NULL;

  /* One signed amount column; headers that guess nothing, mapped by name
   * and by number. */
  statement = read_csv ("When,How much,Who,What\n2026-11-01,\"1,234.50\",A,x\n"
                        "2026-11-02,-20.00,B,y\n2026-11-03,0.00,C,z\n",
                        "date=when,amount=2,payer_name=Who,description=4", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statement->entries->len, ==, 1);
  g_assert_cmpuint (statement->n_debits, ==, 1);
  g_assert_cmpint (entry_at (statement, 0)->amount, ==, 123450);
  g_assert_cmpstr (entry_at (statement, 0)->currency, ==, "BGN");
  g_assert_cmpstr (entry_at (statement, 0)->payer_name, ==, "A");
  g_clear_pointer (&statement, kt_bank_statement_free);

  /* A direction column decides, whatever the sign. */
  statement = read_csv ("Дата;Сума;Д/К\n01.11.2026;10,00;К\n02.11.2026;20,00;Д\n03.11.2026;30,00;C\n",
                        NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statement->entries->len, ==, 2);
  g_assert_cmpuint (statement->n_debits, ==, 1);
  g_assert_cmpint (entry_at (statement, 1)->amount, ==, 3000);
  g_clear_pointer (&statement, kt_bank_statement_free);

  /* A heading or totals row without date and amount is not a line. */
  statement = read_csv ("Дата;Сума\n;\n01.11.2026;10,00\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statement->entries->len, ==, 1);
}

static void
test_csv_errors (void)
{
  static const struct { const char *text, *map, *message; } cases[] = {
    { "Дата;Сума\n01.11.2026;десет\n", NULL, "Line 2, Сума: " },
    { "Дата;Сума\n2026-13-01;10\n", NULL, "Line 2, Дата: " },
    { "Дата;Сума\n01.11.2026;10\n\n01.11.2026;1;2;3\n02.11.2026;5,5,5\n", NULL, "Line 5, Сума" },
    { "Дата;Сума;Валута\n01.11.2026;10;XYZ\n", NULL, "Line 2, Валута" },
    { "Foo;Сума\n01.11.2026;10\n", NULL, "No column is imported as the date" },
    { "Дата;Bar\n01.11.2026;10\n", NULL, "No column is imported as the amount" },
    { "Дата;Сума\n01.11.2026;10\n", "amount=Nope", "no column “Nope”" },
    { "Дата;Сума\n01.11.2026;10\n", "cost=2", "“cost” is not a column target" },
    { "Дата;Сума\n01.11.2026;10\n", "amount", "is not target=column" },
    { "Дата;Сума\n", NULL, "no rows to import" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtBankStatement) statement = read_csv (cases[i].text, cases[i].map, &error);

      g_assert_null (statement);
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].message);
    }
}

static KtBankStatement *
read_camt (const char  *text,
           GError     **error)
{
  return kt_payment_import_read (text, strlen (text), KT_STATEMENT_FORMAT_GUESS, NULL, NULL, error);
}

static void
test_camt_entries (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtBankStatement) statement = NULL;
  KtBankEntry *entry;

  g_assert_true (kt_camt_sniff (BANK_SAMPLE_CAMT, strlen (BANK_SAMPLE_CAMT)));
  g_assert_false (kt_camt_sniff (BANK_SAMPLE_CSV_BG, strlen (BANK_SAMPLE_CSV_BG)));

  statement = read_camt (BANK_SAMPLE_CAMT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statement->entries->len, ==, 3);
  g_assert_cmpuint (statement->n_debits, ==, 1);

  entry = entry_at (statement, 0);
  g_assert_cmpuint (entry->line, ==, 6);
  g_assert_cmpint (entry->amount, ==, 123456);
  g_assert_cmpstr (entry->currency, ==, "BGN");
  g_assert_cmpstr (entry->date, ==, "2026-11-25");
  g_assert_cmpstr (entry->bank_reference, ==, "REF-001");
  g_assert_cmpstr (entry->reference, ==, "0000000042");
  g_assert_cmpstr (entry->description, ==, "Плащане по фактура 0000000042");
  g_assert_cmpstr (entry->payer_name, ==, "Стройинвест ООД");
  g_assert_cmpstr (entry->payer_iban, ==, "BG80BNBG96611020345678");

  entry = entry_at (statement, 1);
  g_assert_cmpstr (entry->payer_name, ==, "Ivan Petrov & Co");
  g_assert_cmpint (entry->amount, ==, 9990);
  g_assert_cmpstr (entry->currency, ==, "EUR");
  g_assert_null (entry->reference);
}

static void
test_camt_versions_and_batches (void)
{
  /* Version 08 puts the name under Pty, prefixes the elements, and books
   * two transactions in one entry. */
  const char *text =
    "<?xml version=\"1.0\"?>\n"
    "<c:Document xmlns:c=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><c:BkToCstmrStmt>"
    "<c:Stmt><c:Ntry><c:Amt Ccy=\"EUR\">30.00</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd>"
    "<c:BookgDt><c:DtTm>2026-11-30T10:00:00+02:00</c:DtTm></c:BookgDt>"
    "<c:AcctSvcrRef>B-1</c:AcctSvcrRef><c:NtryDtls>"
    "<c:TxDtls><c:AmtDtls><c:TxAmt><c:Amt Ccy=\"EUR\">10.00</c:Amt></c:TxAmt></c:AmtDtls>"
    "<c:RltdPties><c:Dbtr><c:Pty><c:Nm>First</c:Nm></c:Pty></c:Dbtr></c:RltdPties>"
    "<c:RmtInf><c:Ustrd>part</c:Ustrd><c:Ustrd>one</c:Ustrd></c:RmtInf></c:TxDtls>"
    "<c:TxDtls><c:Amt Ccy=\"EUR\">20.00</c:Amt><c:Refs><c:AcctSvcrRef>TX-2</c:AcctSvcrRef></c:Refs>"
    "<c:RltdPties><c:Dbtr><c:Pty><c:Nm>Second</c:Nm></c:Pty></c:Dbtr></c:RltdPties></c:TxDtls>"
    "</c:NtryDtls></c:Ntry></c:Stmt></c:BkToCstmrStmt></c:Document>";
  g_autoptr(GError) error = NULL;
  g_autoptr(KtBankStatement) statement = read_camt (text, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (statement->entries->len, ==, 2);
  g_assert_cmpint (entry_at (statement, 0)->amount, ==, 1000);
  g_assert_cmpstr (entry_at (statement, 0)->payer_name, ==, "First");
  g_assert_cmpstr (entry_at (statement, 0)->description, ==, "part one");
  g_assert_cmpstr (entry_at (statement, 0)->bank_reference, ==, "B-1/1");
  g_assert_cmpstr (entry_at (statement, 0)->date, ==, "2026-11-30");
  g_assert_cmpint (entry_at (statement, 1)->amount, ==, 2000);
  g_assert_cmpstr (entry_at (statement, 1)->bank_reference, ==, "TX-2");
}

static void
test_camt_refused (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *big = NULL;
  static const struct { const char *text; int code; const char *message; } cases[] = {
    { "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"aaaa\">]>\n<Document/>",
      KT_ERROR_MALFORMED, "Line 2: the file declares a DOCTYPE" },
    { "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt>\xff</BkToCstmrStmt></Document>",
      KT_ERROR_MALFORMED, "Line 2: the file is not UTF-8" },
    { "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.02\"/>",
      KT_ERROR_INVALID, "its namespace is “urn:iso:std:iso:20022:tech:xsd:camt.052.001.02”" },
    { "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.09\"/>",
      KT_ERROR_INVALID, "versions 02 to 08" },
    { "<Document/>", KT_ERROR_INVALID, "names no ISO 20022 namespace" },
    { "<Other/>", KT_ERROR_INVALID, "it starts with <Other>" },
    { "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>",
      KT_ERROR_MALFORMED, "not a readable XML" },
    { BANK_SAMPLE_CAMT_HEAD ("02")
      BANK_SAMPLE_CAMT_ENTRY ("R", "1.234", "EUR", "CRDT", "2026-11-25", "n", "i", "u", "")
      BANK_SAMPLE_CAMT_TAIL, KT_ERROR_INVALID, "Line 6: “1.234” is not an amount in EUR" },
    { BANK_SAMPLE_CAMT_HEAD ("02")
      BANK_SAMPLE_CAMT_ENTRY ("R", "1.00", "XXZ", "CRDT", "2026-11-25", "n", "i", "u", "")
      BANK_SAMPLE_CAMT_TAIL, KT_ERROR_INVALID, "no known currency" },
    { BANK_SAMPLE_CAMT_HEAD ("02")
      BANK_SAMPLE_CAMT_ENTRY ("R", "1.00", "EUR", "CRDT", "2026-02-30", "n", "i", "u", "")
      BANK_SAMPLE_CAMT_TAIL, KT_ERROR_INVALID, "Line 6: the entry has no booking or value date" },
    { BANK_SAMPLE_CAMT_HEAD ("02")
      BANK_SAMPLE_CAMT_ENTRY ("R", "1.00", "EUR", "X", "2026-11-25", "n", "i", "u", "")
      BANK_SAMPLE_CAMT_TAIL, KT_ERROR_INVALID, "neither CRDT nor DBIT" },
    /* Found by fuzz-camt: the second Ccy leaked the first. */
    { BANK_SAMPLE_CAMT_HEAD ("02")
      BANK_SAMPLE_CAMT_ENTRY ("R", "1.00", "EUR\" Ccy=\"BGN", "CRDT", "2026-11-25", "n", "i", "u", "")
      BANK_SAMPLE_CAMT_TAIL, KT_ERROR_MALFORMED, "an amount names its currency twice" },
  };
  GString *nested = g_string_new ("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
                                  "<BkToCstmrStmt>");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtBankStatement) statement =
        kt_camt_parse (cases[i].text, strlen (cases[i].text), &error);

      g_assert_null (statement);
      g_assert_error (error, KT_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].message);
    }

  for (guint i = 0; i < 100; i++)
    g_string_append (nested, "<a>");
  deep = g_string_free (nested, FALSE);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KtBankStatement) statement = kt_camt_parse (deep, strlen (deep), &error);

    g_assert_null (statement);
    g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "nested deeper than 32"));
  }

  big = g_malloc0 (KT_CAMT_MAX_SIZE + 2);
  memset (big, ' ', KT_CAMT_MAX_SIZE + 1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KtBankStatement) statement = kt_camt_parse (big, KT_CAMT_MAX_SIZE + 1, &error);

    g_assert_null (statement);
    g_assert_error (error, KT_ERROR, KT_ERROR_TOO_LARGE);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/bank/amounts", test_amounts);
  g_test_add_func ("/io/bank/csv-bulgarian-export", test_csv_bulgarian_export);
  g_test_add_func ("/io/bank/csv-signed-amounts-and-map", test_csv_signed_amounts_and_map);
  g_test_add_func ("/io/bank/csv-errors", test_csv_errors);
  g_test_add_func ("/io/bank/camt-entries", test_camt_entries);
  g_test_add_func ("/io/bank/camt-versions-and-batches", test_camt_versions_and_batches);
  g_test_add_func ("/io/bank/camt-refused", test_camt_refused);

  return g_test_run ();
}
