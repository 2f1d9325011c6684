/* kt-bank-statement.c: the lines of a bank statement, whatever its format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-bank-statement"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-bank-statement.h"

KtBankStatement *
kt_bank_statement_new (void)
{
  KtBankStatement *statement = g_new0 (KtBankStatement, 1);

  statement->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_bank_entry_free);
  return statement;
}

void
kt_bank_statement_free (KtBankStatement *statement)
{
  if (statement == NULL)
    return;
  g_ptr_array_unref (statement->entries);
  g_free (statement);
}

void
kt_bank_entry_free (KtBankEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->currency);
  g_free (entry->date);
  g_free (entry->reference);
  g_free (entry->description);
  g_free (entry->payer_name);
  g_free (entry->payer_iban);
  g_free (entry->bank_reference);
  g_free (entry);
}

/* Whether @mark, the last '.' or ',' of @text, is the decimal mark: it
 * occurs once and leaves at most @digits digits after it. "1,234" in EUR
 * is a thousand and more, "12,5" twelve and a half. */
static gboolean
is_decimal_mark (const char *text,
                 char        mark,
                 guint       digits)
{
  const char *last = strrchr (text, mark);
  guint after = 0;

  if (strchr (text, mark) != last)
    return FALSE;
  for (const char *p = last + 1; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      after++;
  return after <= digits;
}

gboolean
kt_bank_parse_amount (const char  *text,
                      const char  *currency,
                      gint64      *out_minor,
                      GError     **error)
{
  const KtCurrency *info = kt_currency_lookup (currency);
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_autoptr(GError) local_error = NULL;
  gsize length = strlen (copy);
  const char *point;
  const char *comma;
  char mark;

  /* Some banks write a debit as "123,45-". */
  if (length > 1 && copy[length - 1] == '-')
    {
      g_autofree char *moved = g_strconcat ("-", copy, NULL);

      moved[length] = '\0';
      g_free (copy);
      copy = g_strstrip (g_steal_pointer (&moved));
    }

  point = strrchr (copy, '.');
  comma = strrchr (copy, ',');

  if (point != NULL && comma != NULL)
    mark = point > comma ? '.' : ',';
  else if (comma != NULL)
    mark = is_decimal_mark (copy, ',', info ? info->digits : 2) ? ',' : '.';
  else if (point != NULL)
    mark = is_decimal_mark (copy, '.', info ? info->digits : 2) ? '.' : ',';
  else
    mark = '.';

  if (info == NULL || !kt_money_parse (copy, currency, mark, out_minor, &local_error))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   /* Translators: an amount in a bank statement */
                   _("“%s” is not an amount in %s"), text, currency);
      return FALSE;
    }
  return TRUE;
}

char *
kt_bank_clean_text (const char *text,
                    guint       max_chars)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return NULL;
  if (g_utf8_strlen (copy, -1) > max_chars)
    return g_utf8_substring (copy, 0, max_chars);
  return g_steal_pointer (&copy);
}
