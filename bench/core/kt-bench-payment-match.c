/* kt-bench-payment-match.c: kt_payment_match_run() on a large store
 *
 *   kt-bench-payment-match STORE [PAYMENTS]   (default 5000)
 *
 * STORE is a kantora-gen store (tools/bench match makes one with 20,000
 * invoices, a copy per run, since a run changes it). Adds PAYMENTS
 * unmatched payments made from its open invoices (about 40 % naming
 * their invoice, 30 % paying a client's open amount without a number,
 * 30 % matching nothing), untimed, then times one kt_payment_match_run()
 * over every unmatched payment: reading the open invoices and the
 * payments, matching, and writing the results in one transaction. Prints
 * "match.store_run_5k_ms: N ms" and the thread CPU time of the run as
 * "match.store_run_5k_cpu_ms". Not a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "kt-payment-match.h"

/* CPU time of this thread, in ms. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static GPtrArray *
open_invoices (KtStore *store)
{
  static const char * const statuses[] = { "issued", "sent", "partially_paid", "overdue" };
  g_autoptr(GError) error = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_INVOICE);
      g_autoptr(GPtrArray) rows = NULL;

      kt_query_add_filter (query, "status", statuses[i]);
      rows = kt_store_query (store, query, 0, G_MAXINT, &error);
      if (rows == NULL)
        g_error ("%s", error->message);
      for (guint j = 0; j < rows->len; j++)
        g_ptr_array_add (out, g_object_ref (g_ptr_array_index (rows, j)));
    }
  return out;
}

static void
add_payments (KtStore *store,
              guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  g_autoptr(GPtrArray) invoices = open_invoices (store);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func (g_object_unref);

  if (invoices->len == 0)
    g_error ("the store has no open invoices: make it with kantora-gen --invoices");

  for (guint i = 0; i < n; i++)
    {
      KtRecord *inv = g_ptr_array_index (invoices, g_rand_int_range (rand, 0, (gint32) invoices->len));
      KtRecord *pay = kt_record_new (KT_ENTITY_PAYMENT);
      guint kind = g_rand_int_range (rand, 0, 10);
      gint64 open = MAX (kt_invoice_open_amount (inv), 1);
      g_autofree char *received = g_strdup_printf ("2026-11-%02uT%02u:%02u:00.000Z",
                                                   1 + i % 28, i / 60 % 24, i % 60);
      g_autofree char *text = NULL;
      g_autofree char *reference = NULL;

      kt_record_set_string (pay, "currency", kt_record_get_string (inv, "currency"));
      kt_record_set_string (pay, "received_at", received);
      kt_record_set_string (pay, "method", "bank_transfer");
      kt_record_set_int (pay, "amount", open);
      if (kind < 4)
        {
          text = g_strdup_printf ("Плащане по фактура № %s от 15.11.2026г.",
                                  kt_record_get_string (inv, "number"));
          kt_record_set_string (pay, "description", text);
          if (g_rand_boolean (rand))
            kt_record_set_int (pay, "amount", MAX (open / 2, 1));
        }
      else if (kind < 7 && kt_record_has (inv, "company_id"))
        {
          kt_record_set_string (pay, "company_id", kt_record_get_string (inv, "company_id"));
          kt_record_set_string (pay, "description", "Плащане за услуги по договор");
        }
      else
        {
          kt_record_set_string (pay, "description", "Transfer for services rendered");
          kt_record_set_int (pay, "amount", g_rand_int_range (rand, 1, 500000));
        }
      reference = g_strdup_printf ("%08X", g_rand_int (rand));
      kt_record_set_string (pay, "reference", reference);
      g_ptr_array_add (payments, pay);
    }

  if (!kt_store_save_all_full (store, payments, KT_STORE_WRITE_NEW, &error))
    g_error ("%s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = NULL;
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 5000;
  KtPaymentMatchSummary summary;
  gint64 start;
  double cpu_start;

  if (argc < 2)
    {
      g_printerr ("usage: %s STORE [PAYMENTS]\n", argv[0]);
      return 2;
    }
  if (!(store = kt_store_open (argv[1], &error)))
    g_error ("%s", error->message);
  add_payments (store, n);

  start = g_get_monotonic_time ();
  cpu_start = cpu_ms ();
  if (!kt_payment_match_run (store, NULL, &summary, &error))
    g_error ("%s", error->message);
  g_printerr ("%u applied, %u proposed, %u not matched\n",
              summary.applied, summary.proposed, summary.unmatched);
  g_print ("match.store_run_%uk_ms: %.1f ms\n", n / 1000,
           (g_get_monotonic_time () - start) / 1000.0);
  g_print ("match.store_run_%uk_cpu_ms: %.1f ms\n", n / 1000, cpu_ms () - cpu_start);
  return 0;
}
