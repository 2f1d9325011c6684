/* kt-bench-match.c: the payment matcher on issue 13's figure
 *
 *   kt-bench-match [INVOICES PAYMENTS]   (default 20000 5000)
 *
 * Builds a matcher over INVOICES open invoices and matches PAYMENTS
 * payments against it, five times, each time from scratch (index
 * included), and prints the median as "match.20k_invoices_5k_payments_ms:
 * N ms", and the median thread CPU time as "..._cpu_ms", which does not
 * grow when other processes share the cores (`tools/bench match`;
 * docs/performance.md). The data is made up
 * the way bank statements look: about 40 % of the payments name their
 * invoice in some spelling ("Ф-ра № 42", "0000000042/15.11.2026", "INV
 * 0000000042"), 30 % pay an open amount of their client without a
 * number, 30 % match nothing. Not a test: it asserts nothing about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "kantora-shared.h"

#define RUNS 5

typedef struct {
  GPtrArray      *strings;
  KtMatchInvoice *invoices;
  guint           n_invoices;
  KtMatchPayment *payments;
  guint           n_payments;
} Data;

static const char *
keep (Data *data,
      char *text)
{
  g_ptr_array_add (data->strings, text);
  return text;
}

static void
make_data (Data  *data,
           guint  n_invoices,
           guint  n_payments)
{
  static const char * const currencies[] = { "EUR", "EUR", "EUR", "BGN", "USD" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  guint n_clients = MAX (n_invoices / 10, 1);

  data->strings = g_ptr_array_new_with_free_func (g_free);
  data->invoices = g_new0 (KtMatchInvoice, n_invoices);
  data->payments = g_new0 (KtMatchPayment, n_payments);
  data->n_invoices = n_invoices;
  data->n_payments = n_payments;

  for (guint i = 0; i < n_invoices; i++)
    {
      guint client = g_rand_int_range (rand, 0, (gint32) n_clients);

      data->invoices[i] = (KtMatchInvoice) {
        .id = keep (data, g_strdup_printf ("invoice-%u", i)),
        .number = keep (data, g_strdup_printf ("%010u", i + 1)),
        .client_key = keep (data, g_strdup_printf ("client-%u", client)),
        .client_name = keep (data, g_strdup_printf ("Клиент %u ООД", client)),
        .currency = currencies[g_rand_int_range (rand, 0, G_N_ELEMENTS (currencies))],
        .issue_date = keep (data, g_strdup_printf ("2026-%02d-%02d", g_rand_int_range (rand, 1, 13),
                                                   g_rand_int_range (rand, 1, 29))),
        .open = (gint64) g_rand_int_range (rand, 1, 500000),
      };
    }

  for (guint i = 0; i < n_payments; i++)
    {
      const KtMatchInvoice *inv = &data->invoices[g_rand_int_range (rand, 0, (gint32) n_invoices)];
      guint kind = g_rand_int_range (rand, 0, 10);
      guint number = (guint) strtoul (inv->number, NULL, 10);
      KtMatchPayment *p = &data->payments[i];

      p->id = keep (data, g_strdup_printf ("payment-%u", i));
      p->currency = inv->currency;
      p->amount = inv->open;
      p->payer_name = keep (data, g_strdup_printf ("КЛИЕНТ %u ООД", g_rand_int_range (rand, 0, 1000)));
      p->reference = keep (data, g_strdup_printf ("%08X%08X", g_rand_int (rand), g_rand_int (rand)));
      if (kind < 4)
        {
          /* Literal formats, so the compiler checks each against its
           * argument (the third form takes the number without zeros). */
          char *description = NULL;

          switch (kind)
            {
            case 0:
              description = g_strdup_printf ("Плащане по фактура № %s от 15.11.2026г.", inv->number);
              break;
            case 1:
              description = g_strdup_printf ("PLASHTANE PO F-RA %s/15.11.2026", inv->number);
              break;
            case 2:
              description = g_strdup_printf ("Ф-ра № %u, благодарим", number);
              break;
            default:
              description = g_strdup_printf ("INV %s services October 2026", inv->number);
              break;
            }
          p->description = keep (data, description);
          if (g_rand_boolean (rand))
            p->amount = MAX (inv->open / 2, 1);
        }
      else if (kind < 7)
        {
          p->client_key = inv->client_key;
          p->description = "Плащане за услуги по договор, период октомври 2026";
        }
      else
        {
          p->client_key = keep (data, g_strdup_printf ("client-%u", g_rand_int (rand)));
          p->description = "Transfer for services rendered, thank you";
          p->amount = (gint64) g_rand_int_range (rand, 1, 500000);
        }
    }
}

/* CPU time of this thread, in ms. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

int
main (int   argc,
      char *argv[])
{
  Data data;
  double times[RUNS], cpu[RUNS];
  guint n_invoices = argc > 2 ? (guint) atoi (argv[1]) : 20000;
  guint n_payments = argc > 2 ? (guint) atoi (argv[2]) : 5000;
  guint counts[3] = { 0 };

  make_data (&data, n_invoices, n_payments);

  for (guint run = 0; run < RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      g_autoptr(KtMatcher) m = kt_matcher_new (data.invoices, data.n_invoices);

      for (guint i = 0; i < data.n_payments; i++)
        {
          KtMatchResult r;

          kt_matcher_match (m, &data.payments[i], &r);
          if (run == 0)
            counts[r.action]++;
        }
      times[run] = (g_get_monotonic_time () - start) / 1000.0;
      cpu[run] = cpu_ms () - cpu_start;
    }
  qsort (times, RUNS, sizeof (double), compare_doubles);
  qsort (cpu, RUNS, sizeof (double), compare_doubles);

  g_printerr ("%u invoices, %u payments: %u applied, %u proposed, %u not matched\n",
              n_invoices, n_payments, counts[KT_MATCH_APPLY], counts[KT_MATCH_PROPOSE],
              counts[KT_MATCH_NONE]);
  g_print ("match.%uk_invoices_%uk_payments_ms: %.1f ms\n",
           n_invoices / 1000, n_payments / 1000, times[RUNS / 2]);
  g_print ("match.%uk_invoices_%uk_payments_cpu_ms: %.1f ms\n",
           n_invoices / 1000, n_payments / 1000, cpu[RUNS / 2]);

  g_ptr_array_unref (data.strings);
  g_free (data.invoices);
  g_free (data.payments);
  return 0;
}
