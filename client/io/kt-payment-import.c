/* kt-payment-import.c: a bank statement's credits saved as payments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-payment-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-bank-csv.h"
#include "kt-camt.h"
#include "kt-payment-import.h"

KtBankStatement *
kt_payment_import_read (const char         *data,
                        gsize               length,
                        KtStatementFormat   format,
                        const char         *map,
                        const char         *default_currency,
                        GError            **error)
{
  g_autoptr(KtCsvTable) table = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (format == KT_STATEMENT_FORMAT_CAMT ||
      (format == KT_STATEMENT_FORMAT_GUESS && kt_camt_sniff (data, length)))
    return kt_camt_parse (data, length, error);

  table = kt_csv_parse (data, (gssize) length, 0, error);
  if (table == NULL)
    return NULL;
  if (kt_csv_table_get_n_rows (table) < 2)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("The file has no rows to import below its header line"));
      return NULL;
    }
  targets = kt_bank_csv_guess_targets (table);
  if (map != NULL && !kt_bank_csv_apply_map (table, targets, map, error))
    return NULL;
  return kt_bank_csv_read (table, targets, default_currency, error);
}

/* Whether a live payment has @bank_reference already. */
static gboolean
is_stored (KtStore     *store,
           const char  *bank_reference,
           gboolean    *out_stored,
           GError     **error)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_PAYMENT);
  gint64 n;

  kt_query_add_filter (query, "bank_reference", bank_reference);
  n = kt_store_count (store, query, error);
  if (n < 0)
    return FALSE;
  *out_stored = n > 0;
  return TRUE;
}

static KtRecord *
payment_for_entry (KtBankEntry *entry)
{
  KtRecord *payment = kt_record_new (KT_ENTITY_PAYMENT);
  /* Noon UTC is the same calendar day from UTC-11 to UTC+11: the date
   * the bank booked is the date every member sees. */
  g_autofree char *received_at = g_strdup_printf ("%sT12:00:00.000Z", entry->date);

  kt_record_set_int (payment, "amount", entry->amount);
  kt_record_set_string (payment, "currency", entry->currency);
  kt_record_set_string (payment, "received_at", received_at);
  kt_record_set_string (payment, "method", "bank_transfer");
  if (entry->reference != NULL)
    kt_record_set_string (payment, "reference", entry->reference);
  if (entry->description != NULL)
    kt_record_set_string (payment, "description", entry->description);
  if (entry->payer_name != NULL)
    kt_record_set_string (payment, "payer_name", entry->payer_name);
  if (entry->payer_iban != NULL)
    kt_record_set_string (payment, "payer_iban", entry->payer_iban);
  if (entry->bank_reference != NULL)
    kt_record_set_string (payment, "bank_reference", entry->bank_reference);
  return payment;
}

gboolean
kt_payment_import_commit (KtStore                *store,
                          KtBankStatement        *statement,
                          KtPaymentImportSummary *summary,
                          GError                **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  guint duplicates = 0;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (statement != NULL, FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  memset (summary, 0, sizeof *summary);

  for (guint i = 0; i < statement->entries->len; i++)
    {
      KtBankEntry *entry = statement->entries->pdata[i];
      g_autoptr(KtRecord) payment = NULL;
      g_autoptr(GError) local_error = NULL;

      if (entry->bank_reference != NULL)
        {
          gboolean stored = FALSE;

          if (!is_stored (store, entry->bank_reference, &stored, error))
            return FALSE;
          if (stored || g_hash_table_contains (seen, entry->bank_reference))
            {
              g_ptr_array_add (skipped,
                               g_strdup_printf (stored
                                                ? _("Line %u: bank reference “%s” is already imported")
                                                : _("Line %u: bank reference “%s” repeats in the file"),
                                                entry->line, entry->bank_reference));
              duplicates++;
              continue;
            }
          g_hash_table_add (seen, entry->bank_reference);
        }

      payment = payment_for_entry (entry);
      if (!kt_record_validate (payment, &local_error))
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID, _("Line %u: %s"), entry->line,
                       local_error->message);
          return FALSE;
        }
      g_ptr_array_add (ids, g_strdup (kt_record_get_id (payment)));
      g_ptr_array_add (records, g_steal_pointer (&payment));
    }

  if (records->len > 0 &&
      !kt_store_save_all_full (store, records, KT_STORE_WRITE_NEW, error))
    return FALSE;

  summary->imported = records->len;
  summary->duplicates = duplicates;
  summary->debits = statement->n_debits;
  summary->payment_ids = g_steal_pointer (&ids);
  summary->skipped = g_steal_pointer (&skipped);
  return TRUE;
}

void
kt_payment_import_summary_clear (KtPaymentImportSummary *summary)
{
  g_return_if_fail (summary != NULL);

  g_clear_pointer (&summary->payment_ids, g_ptr_array_unref);
  g_clear_pointer (&summary->skipped, g_ptr_array_unref);
}

char *
kt_payment_import_summary_to_string (const KtPaymentImportSummary *summary)
{
  g_autofree char *imported = NULL;
  g_autofree char *duplicates = NULL;
  g_autofree char *debits = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  imported = g_strdup_printf (ngettext ("%u payment imported", "%u payments imported",
                                        summary->imported), summary->imported);
  duplicates = g_strdup_printf (ngettext ("%u duplicate skipped", "%u duplicates skipped",
                                          summary->duplicates), summary->duplicates);
  debits = g_strdup_printf (ngettext ("%u debit skipped", "%u debits skipped",
                                      summary->debits), summary->debits);
  /* Translators: "3 payments imported, 1 duplicate skipped, 2 debits skipped" */
  return g_strdup_printf (_("%s, %s, %s"), imported, duplicates, debits);
}
