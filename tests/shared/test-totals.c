/* test-totals.c: invoice and offer totals
 *
 * The expected figures of the table were computed independently with
 * Python's decimal module (ROUND_HALF_UP, which rounds half away from
 * zero), following the rules written in docs/money.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

#define MAX_LINES 4
#define MAX_GROUPS 3

typedef struct {
  const char     *name;
  KtRoundingRule  rule;
  gsize           n_lines;
  KtLineInput     lines[MAX_LINES];
  gint64          subtotal, discount, net, tax, total;
  guint           n_groups;
  KtVatGroup      groups[MAX_GROUPS];
  int             error;        /* 0: success; else 1000 + a KtError code (KT_ERROR_INVALID is 0) */
  int             error_line;   /* for KT_ERROR_INVALID: the line named */
} TotalsCase;

static const TotalsCase cases[] = {
  { "one line, 20 %", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, 1000, 0, 2000 } },
    .subtotal = 1000, .discount = 0, .net = 1000, .tax = 200, .total = 1200,
    .n_groups = 1, .groups = { { 2000, 1000, 200 } } },
  { "1.5 x 33.33 = 49.995 rounds up", KT_ROUNDING_PER_DOCUMENT, 1, { { 1500, 3333, 0, 2000 } },
    .subtotal = 5000, .discount = 0, .net = 5000, .tax = 1000, .total = 6000,
    .n_groups = 1, .groups = { { 2000, 5000, 1000 } } },
  { "half a cent rounds away from zero", KT_ROUNDING_PER_DOCUMENT, 1, { { 500, 1, 0, 0 } },
    .subtotal = 1, .discount = 0, .net = 1, .tax = 0, .total = 1,
    .n_groups = 1, .groups = { { 0, 1, 0 } } },
  { "minus half a cent rounds away from zero", KT_ROUNDING_PER_DOCUMENT, 1, { { 500, -1, 0, 0 } },
    .subtotal = -1, .discount = 0, .net = -1, .tax = 0, .total = -1,
    .n_groups = 1, .groups = { { 0, -1, 0 } } },
  { "0.001 x 4.99 rounds to nothing", KT_ROUNDING_PER_DOCUMENT, 1, { { 1, 499, 0, 2000 } },
    .subtotal = 0, .discount = 0, .net = 0, .tax = 0, .total = 0,
    .n_groups = 1, .groups = { { 2000, 0, 0 } } },
  { "10 % discount of 9.95 is 1.00 (0.995 up)", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, 995, 1000, 2000 } },
    .subtotal = 995, .discount = 100, .net = 895, .tax = 179, .total = 1074,
    .n_groups = 1, .groups = { { 2000, 895, 179 } } },
  { "tax of 0.13 at 20 % is 0.026 -> 0.03", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, 13, 0, 2000 } },
    .subtotal = 13, .discount = 0, .net = 13, .tax = 3, .total = 16,
    .n_groups = 1, .groups = { { 2000, 13, 3 } } },
  { "tax of 1.25 at 10 % is 0.125 -> 0.13", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, 125, 0, 1000 } },
    .subtotal = 125, .discount = 0, .net = 125, .tax = 13, .total = 138,
    .n_groups = 1, .groups = { { 1000, 125, 13 } } },
  { "three 0.05 lines at 10 %, per document", KT_ROUNDING_PER_DOCUMENT, 3, { { 1000, 5, 0, 1000 }, { 1000, 5, 0, 1000 }, { 1000, 5, 0, 1000 } },
    .subtotal = 15, .discount = 0, .net = 15, .tax = 2, .total = 17,
    .n_groups = 1, .groups = { { 1000, 15, 2 } } },
  { "three 0.05 lines at 10 %, per line", KT_ROUNDING_PER_LINE, 3, { { 1000, 5, 0, 1000 }, { 1000, 5, 0, 1000 }, { 1000, 5, 0, 1000 } },
    .subtotal = 15, .discount = 0, .net = 15, .tax = 3, .total = 18,
    .n_groups = 1, .groups = { { 1000, 15, 3 } } },
  { "three 0.15 lines at 9 %, per document", KT_ROUNDING_PER_DOCUMENT, 3, { { 1000, 15, 0, 900 }, { 1000, 15, 0, 900 }, { 1000, 15, 0, 900 } },
    .subtotal = 45, .discount = 0, .net = 45, .tax = 4, .total = 49,
    .n_groups = 1, .groups = { { 900, 45, 4 } } },
  { "three 0.15 lines at 9 %, per line", KT_ROUNDING_PER_LINE, 3, { { 1000, 15, 0, 900 }, { 1000, 15, 0, 900 }, { 1000, 15, 0, 900 } },
    .subtotal = 45, .discount = 0, .net = 45, .tax = 3, .total = 48,
    .n_groups = 1, .groups = { { 900, 45, 3 } } },
  { "mixed VAT groups come out ascending", KT_ROUNDING_PER_DOCUMENT, 4, { { 1000, 10000, 0, 2000 }, { 1000, 5000, 0, 900 }, { 1000, 1000, 0, 0 }, { 2000, 1000, 0, 2000 } },
    .subtotal = 18000, .discount = 0, .net = 18000, .tax = 2850, .total = 20850,
    .n_groups = 3, .groups = { { 0, 1000, 0 }, { 900, 5000, 450 }, { 2000, 12000, 2400 } } },
  { "mixed VAT groups, per line", KT_ROUNDING_PER_LINE, 3, { { 1000, 3333, 0, 2000 }, { 3000, 333, 500, 900 }, { 1000, 1, 0, 0 } },
    .subtotal = 4333, .discount = 50, .net = 4283, .tax = 752, .total = 5035,
    .n_groups = 3, .groups = { { 0, 1, 0 }, { 900, 949, 85 }, { 2000, 3333, 667 } } },
  { "a credit line lowers the same group", KT_ROUNDING_PER_DOCUMENT, 2, { { 1000, 10000, 0, 2000 }, { 1000, -3000, 0, 2000 } },
    .subtotal = 7000, .discount = 0, .net = 7000, .tax = 1400, .total = 8400,
    .n_groups = 1, .groups = { { 2000, 7000, 1400 } } },
  { "a credit line alone", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, -25, 0, 1000 } },
    .subtotal = -25, .discount = 0, .net = -25, .tax = -3, .total = -28,
    .n_groups = 1, .groups = { { 1000, -25, -3 } } },
  { "a credit line alone, per line", KT_ROUNDING_PER_LINE, 1, { { 1000, -25, 0, 1000 } },
    .subtotal = -25, .discount = 0, .net = -25, .tax = -3, .total = -28,
    .n_groups = 1, .groups = { { 1000, -25, -3 } } },
  { "1.5 x -0.03 = -0.045 -> -0.05", KT_ROUNDING_PER_DOCUMENT, 1, { { 1500, -3, 0, 0 } },
    .subtotal = -5, .discount = 0, .net = -5, .tax = 0, .total = -5,
    .n_groups = 1, .groups = { { 0, -5, 0 } } },
  { "100 % discount", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, 4999, 10000, 2000 } },
    .subtotal = 4999, .discount = 4999, .net = 0, .tax = 0, .total = 0,
    .n_groups = 1, .groups = { { 2000, 0, 0 } } },
  { "no lines", KT_ROUNDING_PER_DOCUMENT, 0, {  },
    .subtotal = 0, .discount = 0, .net = 0, .tax = 0, .total = 0,
    .n_groups = 0, .groups = {  } },
  { "quantity zero", KT_ROUNDING_PER_DOCUMENT, 1, { { 0, 123456, 0, 2000 } },
    .subtotal = 0, .discount = 0, .net = 0, .tax = 0, .total = 0,
    .n_groups = 1, .groups = { { 2000, 0, 0 } } },
  { "100 % VAT", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, 1234, 0, 10000 } },
    .subtotal = 1234, .discount = 0, .net = 1234, .tax = 1234, .total = 2468,
    .n_groups = 1, .groups = { { 10000, 1234, 1234 } } },
  { "1000 units of 999999.99", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000000, 99999999, 0, 2000 } },
    .subtotal = G_GINT64_CONSTANT (99999999000), .discount = 0, .net = G_GINT64_CONSTANT (99999999000), .tax = G_GINT64_CONSTANT (19999999800), .total = G_GINT64_CONSTANT (119999998800),
    .n_groups = 1, .groups = { { 2000, G_GINT64_CONSTANT (99999999000), G_GINT64_CONSTANT (19999999800) } } },
  { "discount half a cent: 10 % of 0.05", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, 5, 1000, 0 } },
    .subtotal = 5, .discount = 1, .net = 4, .tax = 0, .total = 4,
    .n_groups = 1, .groups = { { 0, 4, 0 } } },
  { "large but in range", KT_ROUNDING_PER_DOCUMENT, 2, { { 1000, G_GINT64_CONSTANT (4611686018427387903), 0, 0 }, { 1000, G_GINT64_CONSTANT (4611686018427387903), 0, 0 } },
    .subtotal = G_GINT64_CONSTANT (9223372036854775806), .discount = 0, .net = G_GINT64_CONSTANT (9223372036854775806), .tax = 0, .total = G_GINT64_CONSTANT (9223372036854775806),
    .n_groups = 1, .groups = { { 0, G_GINT64_CONSTANT (9223372036854775806), 0 } } },
  { "quantity x price overflows", KT_ROUNDING_PER_DOCUMENT, 1, { { 4611686018427387904, 10, 0, 0 } },
    .subtotal = G_GINT64_CONSTANT (46116860184273879), .discount = 0, .net = G_GINT64_CONSTANT (46116860184273879), .tax = 0, .total = G_GINT64_CONSTANT (46116860184273879),
    .n_groups = 1, .groups = { { 0, G_GINT64_CONSTANT (46116860184273879), 0 } } },
  { "the sum of gross amounts overflows", KT_ROUNDING_PER_DOCUMENT, 2, { { 1000, G_GINT64_CONSTANT (9223372036854775802), 0, 0 }, { 1000, G_GINT64_CONSTANT (9223372036854775802), 0, 0 } },
    .error = 1000 + KT_ERROR_OVERFLOW },
  { "net + tax overflows", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, G_GINT64_CONSTANT (9223372036854775807), 0, 2000 } },
    .error = 1000 + KT_ERROR_OVERFLOW },
  { "negative quantity on line 2", KT_ROUNDING_PER_DOCUMENT, 2, { { 1000, 100, 0, 2000 }, { -1, 100, 0, 2000 } },
    .error = 1000 + KT_ERROR_INVALID, .error_line = 2 },
  { "discount over 100 % on line 1", KT_ROUNDING_PER_DOCUMENT, 1, { { 1000, 100, 10001, 2000 } },
    .error = 1000 + KT_ERROR_INVALID, .error_line = 1 },
  { "negative VAT on line 3", KT_ROUNDING_PER_LINE, 3, { { 1000, 100, 0, 2000 }, { 1000, 100, 0, 2000 }, { 1000, 100, 0, -1 } },
    .error = 1000 + KT_ERROR_INVALID, .error_line = 3 },
};

static void
test_totals_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const TotalsCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      KtDocumentTotals totals;
      gboolean ok;

      g_test_message ("case %u: %s", i, c->name);
      ok = kt_totals_document (c->lines, c->n_lines, c->rule, &totals, &error);

      if (c->error != 0)
        {
          g_assert_false (ok);
          g_assert_error (error, KT_ERROR, c->error - 1000);
          g_assert_null (totals.vat_groups);
          if (c->error_line > 0)
            {
              g_autofree char *prefix = g_strdup_printf ("Line %d:", c->error_line);

              g_assert_true (g_str_has_prefix (error->message, prefix));
            }
          continue;
        }

      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (totals.subtotal, ==, c->subtotal);
      g_assert_cmpint (totals.discount, ==, c->discount);
      g_assert_cmpint (totals.net, ==, c->net);
      g_assert_cmpint (totals.tax, ==, c->tax);
      g_assert_cmpint (totals.total, ==, c->total);
      g_assert_cmpuint (totals.n_vat_groups, ==, c->n_groups);
      for (guint g = 0; g < c->n_groups; g++)
        {
          g_assert_cmpint (totals.vat_groups[g].vat_bps, ==, c->groups[g].vat_bps);
          g_assert_cmpint (totals.vat_groups[g].net, ==, c->groups[g].net);
          g_assert_cmpint (totals.vat_groups[g].tax, ==, c->groups[g].tax);
        }

      kt_document_totals_clear (&totals);
      g_assert_null (totals.vat_groups);
      g_assert_cmpuint (totals.n_vat_groups, ==, 0);
    }

  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 25);
}

static void
test_totals_line (void)
{
  /* 2.5 h at 80.00 with 15 % off at 20 % VAT: 200.00 - 30.00 = 170.00, tax 34.00. */
  KtLineInput line = { .quantity = 2500, .unit_price = 8000, .discount_bps = 1500, .vat_bps = 2000 };
  KtLineInput bad = { .quantity = 1000, .unit_price = 100, .discount_bps = 0, .vat_bps = 10001 };
  g_autoptr(GError) error = NULL;
  KtLineTotals t;

  g_assert_true (kt_totals_line (&line, &t, &error));
  g_assert_no_error (error);
  g_assert_cmpint (t.gross, ==, 20000);
  g_assert_cmpint (t.discount, ==, 3000);
  g_assert_cmpint (t.net, ==, 17000);
  g_assert_cmpint (t.tax, ==, 3400);
  g_assert_cmpint (t.total, ==, 20400);

  g_assert_false (kt_totals_line (&bad, &t, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "VAT"));
}

static void
test_totals_rules_agree_per_line_sum (void)
{
  /* Under KT_ROUNDING_PER_LINE the document tax is exactly the sum of the
   * line taxes that kt_totals_line() reports; per document it may differ
   * by the rounding of each group. Checked over a grid of prices. */
  for (gint64 price = -250; price <= 250; price += 7)
    {
      KtLineInput lines[3] = {
        { 1000, price, 0, 2000 },
        { 1500, price + 3, 500, 900 },
        { 333, price * 3, 0, 2000 },
      };
      KtDocumentTotals per_line, per_doc;
      gint64 sum = 0;

      for (guint i = 0; i < 3; i++)
        {
          KtLineTotals t;

          g_assert_true (kt_totals_line (&lines[i], &t, NULL));
          sum += t.tax;
        }

      g_assert_true (kt_totals_document (lines, 3, KT_ROUNDING_PER_LINE, &per_line, NULL));
      g_assert_true (kt_totals_document (lines, 3, KT_ROUNDING_PER_DOCUMENT, &per_doc, NULL));
      g_assert_cmpint (per_line.tax, ==, sum);
      g_assert_cmpint (per_line.net, ==, per_doc.net);
      /* Two groups: each rounding differs by at most one cent per line. */
      g_assert_cmpint (ABS (per_line.tax - per_doc.tax), <=, 3);
      g_assert_cmpint (per_doc.total, ==, per_doc.net + per_doc.tax);
      kt_document_totals_clear (&per_line);
      kt_document_totals_clear (&per_doc);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/totals/table", test_totals_table);
  g_test_add_func ("/totals/line", test_totals_line);
  g_test_add_func ("/totals/per-line-sum", test_totals_rules_agree_per_line_sum);

  return g_test_run ();
}
