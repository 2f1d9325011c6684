/* kt-fuzz-bank.h: what the bank statement targets check of every line read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kantora-shared.h"
#include "kt-bank-statement.h"

/* Every line a reader returns must make a payment the store accepts:
 * a positive amount in a known currency, a real date, texts that are
 * UTF-8 and within the payment fields' limits. */
static inline void
kt_fuzz_check_statement (KtBankStatement *statement)
{
  for (guint i = 0; i < statement->entries->len; i++)
    {
      KtBankEntry *entry = statement->entries->pdata[i];
      const char *texts[] = { entry->reference, entry->description, entry->payer_name,
                              entry->payer_iban, entry->bank_reference };
      const guint limits[] = { 200, 1000, 200, 34, 200 };

      if (entry->amount <= 0)
        g_error ("line %u: amount %" G_GINT64_FORMAT, entry->line, entry->amount);
      if (kt_currency_lookup (entry->currency) == NULL)
        g_error ("line %u: currency %s", entry->line, entry->currency);
      if (!kt_date_is_valid (entry->date))
        g_error ("line %u: date %s", entry->line, entry->date);
      if (entry->line == 0)
        g_error ("an entry without a line");
      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        if (texts[t] != NULL &&
            (!g_utf8_validate (texts[t], -1, NULL) || *texts[t] == '\0' ||
             g_utf8_strlen (texts[t], -1) > limits[t]))
          g_error ("line %u: text %u is “%s”", entry->line, t, texts[t]);
    }
}
