/* fuzz-bank-csv.c: a bank's CSV export read as a statement
 * (client/io/kt-bank-csv.c, the amounts of kt-bank-statement.c)
 *
 * The first byte picks the default currency and whether a mapping
 * ("target=column,...") follows up to the first newline; the rest is the
 * file. The columns are guessed from the header as the import does, the
 * mapping applied, and the rows read: the reader either fails with an
 * error or returns lines that each make a valid payment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"
#include "kt-fuzz-bank.h"

#include "kt-bank-csv.h"

static const char * const currencies[] = { "BGN", "EUR", "JPY", "USD" };

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(KtCsvTable) table = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(KtBankStatement) statement = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *map = NULL;
  const char *currency;

  if (size < 1)
    return 0;
  currency = currencies[data[0] % G_N_ELEMENTS (currencies)];
  if (data[0] & 0x80)
    {
      const uint8_t *newline = memchr (data + 1, '\n', size - 1);

      if (newline == NULL)
        return 0;
      map = g_strndup ((const char *) data + 1, newline - data - 1);
      size -= newline + 1 - data;
      data = newline + 1;
    }
  else
    data++, size--;

  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    {
      gint64 minor;
      g_autofree char *text = kt_fuzz_strdup (data, MIN (size, 64));

      if (!kt_bank_parse_amount (text, currencies[i], &minor, &error))
        {
          if (error == NULL)
            g_error ("kt_bank_parse_amount failed without an error");
          g_clear_error (&error);
        }
    }

  table = kt_csv_parse ((const char *) data, (gssize) size, 0, &error);
  if (table == NULL)
    return 0;
  targets = kt_bank_csv_guess_targets (table);
  if (map != NULL && !g_utf8_validate (map, -1, NULL))
    return 0;
  if (map != NULL && !kt_bank_csv_apply_map (table, targets, map, &error))
    {
      if (error == NULL)
        g_error ("kt_bank_csv_apply_map failed without an error");
      return 0;
    }
  statement = kt_bank_csv_read (table, targets, currency, &error);
  if (statement == NULL)
    {
      if (error == NULL)
        g_error ("kt_bank_csv_read failed without an error");
      return 0;
    }
  kt_fuzz_check_statement (statement);
  return 0;
}
