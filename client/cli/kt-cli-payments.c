/* kt-cli-payments.c: import-payments, a bank statement saved as payments
 *
 * The same reading and import as the Payments pane's Import Statement…:
 * the file's credits land in one transaction, duplicates (a bank
 * reference seen before) are skipped and listed, and then the new
 * payments are matched to open invoices. The summary goes to standard
 * output, one fact per line, so that a script can read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kt-cli.h"
#include "kt-payment-import.h"
#include "kt-payment-match.h"

int
kt_cli_import_payments (KtCli  *cli,
                        int     argc,
                        char  **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtBankStatement) statement = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary_text = NULL;
  KtStatementFormat format = KT_STATEMENT_FORMAT_GUESS;
  KtPaymentImportSummary summary;
  const char *file = NULL;
  const char *map = NULL;
  const char *currency = NULL;
  gsize length = 0;

  for (int i = 0; i < argc; i++)
    {
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;

      if (g_str_equal (argv[i], "--format") || g_str_equal (argv[i], "--map") ||
          g_str_equal (argv[i], "--currency"))
        {
          if (value == NULL)
            {
              g_autofree char *message = g_strdup_printf (_("%s needs a value"), argv[i]);

              return kt_cli_usage (message);
            }
          if (g_str_equal (argv[i], "--map"))
            map = value;
          else if (g_str_equal (argv[i], "--currency"))
            currency = value;
          else if (g_str_equal (value, "csv"))
            format = KT_STATEMENT_FORMAT_CSV;
          else if (g_str_equal (value, "camt"))
            format = KT_STATEMENT_FORMAT_CAMT;
          else
            {
              g_autofree char *message = g_strdup_printf (_("Unknown format “%s” (try csv, camt)"), value);

              return kt_cli_usage (message);
            }
          i++;
        }
      else if (g_str_has_prefix (argv[i], "--"))
        {
          g_autofree char *message = g_strdup_printf (_("Unknown option “%s”"), argv[i]);

          return kt_cli_usage (message);
        }
      else if (file == NULL)
        file = argv[i];
      else
        {
          g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”"), argv[i]);

          return kt_cli_usage (message);
        }
    }
  if (file == NULL)
    return kt_cli_usage (_("import-payments needs a bank statement file (CSV or CAMT.053, or -)"));
  if (currency != NULL && !kt_currency_is_valid (currency))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a currency code"), currency);

      return kt_cli_usage (message);
    }

  if (g_str_equal (file, "-"))
    {
      g_autoptr (GString) input = g_string_new (NULL);
      char buffer[8192];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (input, buffer, (gssize) n);
      length = input->len;
      text = g_string_free (g_steal_pointer (&input), FALSE);
    }
  else if (!g_file_get_contents (file, &text, &length, &error))
    return kt_cli_fail (error);

  statement = kt_payment_import_read (text, length, format, map, currency, &error);
  if (statement == NULL || !kt_payment_import_commit (cli->store, statement, &summary, &error))
    {
      int status = kt_cli_fail (error);

      g_printerr (_("kantora-cli: nothing was imported.\n"));
      return status;
    }

  for (guint i = 0; i < summary.skipped->len; i++)
    g_print ("%s\n", (const char *) summary.skipped->pdata[i]);
  summary_text = kt_payment_import_summary_to_string (&summary);
  g_print ("%s\n", summary_text);

  /* The payments are saved: a matcher that fails leaves them unmatched,
   * to match later, and says why. */
  if (summary.payment_ids->len > 0)
    {
      KtPaymentMatchSummary match = { 0 };

      if (!kt_payment_match_run (cli->store, summary.payment_ids, &match, &error))
        {
          kt_payment_import_summary_clear (&summary);
          return kt_cli_fail (error);
        }
      /* Translators: the invoice matching after a statement import */
      g_print (_("Matched to invoices: %u, proposed for review: %u, unmatched: %u."),
               match.applied, match.proposed, match.unmatched);
      g_print ("\n");
    }

  kt_payment_import_summary_clear (&summary);
  return KT_CLI_OK;
}
