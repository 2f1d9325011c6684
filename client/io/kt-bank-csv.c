/* kt-bank-csv.c: a bank's CSV export read as a statement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-bank-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-bank-csv.h"
#include "kt-import-guess.h"
#include "kt-io-value.h"

typedef struct {
  const char *target;
  const char *label;
} Target;

static const Target targets[] = {
  { "date", N_("Date") },
  { "amount", N_("Amount") },
  { "credit", N_("Credit amount") },
  { "debit", N_("Debit amount") },
  { "direction", N_("Debit or credit") },
  { "currency", N_("Currency") },
  { "reference", N_("Reference") },
  { "description", N_("Description") },
  { "payer_name", N_("Payer") },
  { "payer_iban", N_("Payer IBAN") },
  { "bank_reference", N_("Bank reference") },
};

/* The payment fields' limits (shared/kt-invoice.c): a longer text is cut
 * rather than refusing the whole statement. */
#define MAX_REFERENCE   200
#define MAX_DESCRIPTION 1000
#define MAX_PAYER_NAME  200
#define MAX_IBAN        34

static const char * const target_names[] = {
  "date", "amount", "credit", "debit", "direction", "currency", "reference",
  "description", "payer_name", "payer_iban", "bank_reference", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (target_names) == G_N_ELEMENTS (targets) + 1);

const char * const *
kt_bank_csv_list_targets (void)
{
  return target_names;
}

const char *
kt_bank_csv_target_label (const char *target)
{
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_strcmp0 (targets[i].target, target) == 0)
      return _(targets[i].label);
  return target;
}

static gboolean
is_target (const char *target)
{
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_str_equal (targets[i].target, target))
      return TRUE;
  return FALSE;
}

GPtrArray *
kt_bank_csv_guess_targets (KtCsvTable *table)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  const char * const *header;
  guint n;

  g_return_val_if_fail (table != NULL, result);

  if (kt_csv_table_get_n_rows (table) == 0)
    return result;
  header = kt_csv_table_get_row (table, 0);
  n = kt_csv_table_get_n_fields (table, 0);
  for (guint c = 0; c < n; c++)
    {
      const char *target = kt_import_guess_target ("payment", header[c]);

      for (guint j = 0; target != NULL && j < result->len; j++)
        if (g_strcmp0 (result->pdata[j], target) == 0)
          target = NULL;
      g_ptr_array_add (result, g_strdup (target));
    }
  return result;
}

static int
find_column (KtCsvTable *table,
             const char *column)
{
  const char * const *header = kt_csv_table_get_row (table, 0);
  guint n = kt_csv_table_get_n_fields (table, 0);
  g_autofree char *wanted = g_utf8_casefold (column, -1);
  char *end = NULL;
  guint64 number;

  for (guint c = 0; c < n; c++)
    {
      g_autofree char *folded = g_utf8_casefold (header[c], -1);

      if (g_str_equal (g_strstrip (folded), wanted))
        return (int) c;
    }
  number = g_ascii_strtoull (column, &end, 10);
  if (end != column && *end == '\0' && number >= 1 && number <= n)
    return (int) number - 1;
  return -1;
}

gboolean
kt_bank_csv_apply_map (KtCsvTable  *table,
                       GPtrArray   *column_targets,
                       const char  *map,
                       GError     **error)
{
  g_auto(GStrv) pairs = NULL;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (column_targets != NULL, FALSE);
  g_return_val_if_fail (map != NULL, FALSE);

  if (kt_csv_table_get_n_rows (table) == 0)
    return TRUE;
  pairs = g_strsplit (map, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (pairs[i], "=", 2);
      const char *target;
      int column;

      if (g_strv_length (parts) != 2)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("“%s” is not target=column"), pairs[i]);
          return FALSE;
        }
      target = g_strstrip (parts[0]);
      if (!is_target (target))
        {
          g_autofree char *known = g_strjoinv (", ", (char **) kt_bank_csv_list_targets ());

          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("“%s” is not a column target; use one of %s"), target, known);
          return FALSE;
        }
      column = find_column (table, g_strstrip (parts[1]));
      if (column < 0 || (guint) column >= column_targets->len)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("The file has no column “%s”"), parts[1]);
          return FALSE;
        }
      /* A target feeds one column: the one named now. */
      for (guint c = 0; c < column_targets->len; c++)
        if (g_strcmp0 (column_targets->pdata[c], target) == 0)
          g_clear_pointer (&column_targets->pdata[c], g_free);
      g_free (column_targets->pdata[column]);
      column_targets->pdata[column] = g_strdup (target);
    }
  return TRUE;
}

typedef struct {
  KtCsvTable *table;
  guint       row;
  int         columns[G_N_ELEMENTS (targets)];
} Reader;

static int
target_index (const char *target)
{
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_str_equal (targets[i].target, target))
      return (int) i;
  g_assert_not_reached ();
}

/* The trimmed cell of the current row for @target, NULL when the column is
 * not mapped or the cell is empty. */
static char *
cell (Reader     *reader,
      const char *target)
{
  int column = reader->columns[target_index (target)];
  char *text;

  if (column < 0 || (guint) column >= kt_csv_table_get_n_fields (reader->table, reader->row))
    return NULL;
  text = g_strstrip (g_strdup (kt_csv_table_get_row (reader->table, reader->row)[column]));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static const char *
header_of (Reader     *reader,
           const char *target)
{
  return kt_csv_table_get_row (reader->table, 0)[reader->columns[target_index (target)]];
}

static void
set_row_error (GError     **error,
               Reader      *reader,
               const char  *target,
               const char  *message)
{
  g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
               /* Translators: "Line 4, Amount: “x” is not an amount in BGN" */
               _("Line %u, %s: %s"), kt_csv_table_get_line (reader->table, reader->row),
               header_of (reader, target), message);
}

/* -1 debit, 1 credit, 0 unreadable: "C", "Кт", "CRDT", "Кредит"... go by
 * their first letter. */
static int
read_direction (const char *text)
{
  gunichar first = g_unichar_tolower (g_utf8_get_char (text));

  if (first == 'c' || first == 0x43A /* к */)
    return 1;
  if (first == 'd' || first == 0x434 /* д */)
    return -1;
  return 0;
}

/* Reads the amount of the current row: its sign (1 credit, -1 debit, 0 no
 * amount at all) and its absolute value. */
static gboolean
read_amount (Reader      *reader,
             const char  *currency,
             int         *out_sign,
             gint64      *out_amount,
             GError     **error)
{
  g_autofree char *credit = cell (reader, "credit");
  g_autofree char *debit = cell (reader, "debit");
  g_autofree char *amount = cell (reader, "amount");
  g_autofree char *direction = cell (reader, "direction");
  g_autoptr(GError) local_error = NULL;
  gint64 value = 0;

  *out_sign = 0;
  *out_amount = 0;

  if (credit != NULL)
    {
      if (!kt_bank_parse_amount (credit, currency, &value, &local_error))
        {
          set_row_error (error, reader, "credit", local_error->message);
          return FALSE;
        }
      if (value != 0)
        {
          *out_sign = value > 0 ? 1 : -1;
          *out_amount = ABS (value);
          return TRUE;
        }
    }
  if (debit != NULL)
    {
      if (!kt_bank_parse_amount (debit, currency, &value, &local_error))
        {
          set_row_error (error, reader, "debit", local_error->message);
          return FALSE;
        }
      if (value != 0)
        {
          /* A debit column that holds a negative number is still money
           * going out. */
          *out_sign = -1;
          *out_amount = ABS (value);
          return TRUE;
        }
    }
  if (amount != NULL)
    {
      if (!kt_bank_parse_amount (amount, currency, &value, &local_error))
        {
          set_row_error (error, reader, "amount", local_error->message);
          return FALSE;
        }
      if (value == G_MININT64)
        {
          set_row_error (error, reader, "amount", _("The amount is too large"));
          return FALSE;
        }
      *out_sign = value > 0 ? 1 : value < 0 ? -1 : 0;
      *out_amount = ABS (value);
      if (direction != NULL && value != 0)
        {
          int sign = read_direction (direction);

          if (sign == 0)
            {
              g_autofree char *message =
                g_strdup_printf (_("“%s” is neither debit nor credit"), direction);

              set_row_error (error, reader, "direction", message);
              return FALSE;
            }
          *out_sign = sign;
        }
    }
  return TRUE;
}

KtBankStatement *
kt_bank_csv_read (KtCsvTable  *table,
                  GPtrArray   *column_targets,
                  const char  *default_currency,
                  GError     **error)
{
  g_autoptr(KtBankStatement) statement = kt_bank_statement_new ();
  Reader reader = { table, 0, { 0 } };

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (column_targets != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    reader.columns[i] = -1;
  for (guint c = 0; c < column_targets->len; c++)
    if (column_targets->pdata[c] != NULL && is_target (column_targets->pdata[c]))
      reader.columns[target_index (column_targets->pdata[c])] = (int) c;

  if (reader.columns[target_index ("date")] < 0)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("No column is imported as the date; choose which column holds it"));
      return NULL;
    }
  if (reader.columns[target_index ("amount")] < 0 &&
      reader.columns[target_index ("credit")] < 0)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("No column is imported as the amount or the credit amount; "
                     "choose which column holds it"));
      return NULL;
    }

  for (reader.row = 1; reader.row < kt_csv_table_get_n_rows (table); reader.row++)
    {
      g_autofree char *date_text = cell (&reader, "date");
      g_autofree char *currency = cell (&reader, "currency");
      g_autofree char *date = NULL;
      KtBankEntry *entry;
      int sign;
      gint64 amount;

      if (currency == NULL)
        currency = g_strdup (default_currency ? default_currency : KT_DEFAULT_CURRENCY);
      else
        {
          char *upper = g_ascii_strup (currency, -1);

          g_free (currency);
          currency = upper;
          if (kt_currency_lookup (currency) == NULL)
            {
              g_autofree char *message =
                g_strdup_printf (_("“%s” is not a currency code"), currency);

              set_row_error (error, &reader, "currency", message);
              return NULL;
            }
        }

      if (!read_amount (&reader, currency, &sign, &amount, error))
        return NULL;

      /* A row with neither a date nor an amount is a heading or a blank
       * line of the export, not a transaction. */
      if (date_text == NULL && sign == 0)
        continue;

      if (date_text != NULL)
        {
          /* "25.11.2026 14:03": the time is not needed. */
          char *space = strchr (date_text, ' ');

          if (space != NULL)
            *space = '\0';
          date = kt_io_parse_date (date_text);
        }
      if (date == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” is not a date; banks write it as 2026-11-25 or 25.11.2026"),
                             date_text ? date_text : "");

          set_row_error (error, &reader, "date", message);
          return NULL;
        }

      if (sign < 0)
        {
          statement->n_debits++;
          continue;
        }
      if (sign == 0)
        continue;

      entry = g_new0 (KtBankEntry, 1);
      entry->line = kt_csv_table_get_line (table, reader.row);
      entry->amount = amount;
      entry->currency = g_steal_pointer (&currency);
      entry->date = g_steal_pointer (&date);
      {
        g_autofree char *reference = cell (&reader, "reference");
        g_autofree char *description = cell (&reader, "description");
        g_autofree char *payer_name = cell (&reader, "payer_name");
        g_autofree char *payer_iban = cell (&reader, "payer_iban");
        g_autofree char *bank_reference = cell (&reader, "bank_reference");

        entry->reference = kt_bank_clean_text (reference, MAX_REFERENCE);
        entry->description = kt_bank_clean_text (description, MAX_DESCRIPTION);
        entry->payer_name = kt_bank_clean_text (payer_name, MAX_PAYER_NAME);
        entry->payer_iban = kt_bank_clean_text (payer_iban, MAX_IBAN);
        entry->bank_reference = kt_bank_clean_text (bank_reference, MAX_REFERENCE);
      }
      g_ptr_array_add (statement->entries, entry);
    }

  return g_steal_pointer (&statement);
}
