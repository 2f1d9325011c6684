/* kt-totals.c: invoice and offer totals
 *
 * Every amount is an int64 of minor units; every product goes through
 * kt_money_muldiv_round(), so the only rounding is half away from zero at
 * the points docs/money.md names, and every sum is overflow-checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-totals"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-error.h"
#include "kt-money.h"
#include "kt-totals.h"

static gboolean
set_overflow (GError **error,
              gsize    line_number)
{
  if (line_number > 0)
    g_set_error (error, KT_ERROR, KT_ERROR_OVERFLOW,
                 _("Line %u: the amount is too large"), (guint) line_number);
  else
    g_set_error_literal (error, KT_ERROR, KT_ERROR_OVERFLOW,
                         _("The document total is too large"));
  return FALSE;
}

/* @line_number is 1-based for messages; 0 when computing a lone line. */
static gboolean
compute_line (const KtLineInput *line,
              gsize              line_number,
              KtLineTotals      *out,
              GError           **error)
{
  KtLineTotals t = { 0 };
  g_autofree char *where = NULL;

  where = line_number > 0
    ? g_strdup_printf (_("Line %u"), (guint) line_number)
    : g_strdup (_("The line"));

  if (line->quantity < 0)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("%s: the quantity cannot be negative"), where);
      return FALSE;
    }
  if (line->discount_bps < 0 || line->discount_bps > KT_BPS_SCALE)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("%s: the discount must be between 0 %% and 100 %%"), where);
      return FALSE;
    }
  if (line->vat_bps < 0 || line->vat_bps > KT_BPS_SCALE)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("%s: the VAT rate must be between 0 %% and 100 %%"), where);
      return FALSE;
    }

  if (!kt_money_muldiv_round (line->quantity, line->unit_price, KT_QUANTITY_SCALE, &t.gross) ||
      !kt_money_muldiv_round (t.gross, line->discount_bps, KT_BPS_SCALE, &t.discount) ||
      __builtin_sub_overflow (t.gross, t.discount, &t.net) ||
      !kt_money_muldiv_round (t.net, line->vat_bps, KT_BPS_SCALE, &t.tax) ||
      !kt_money_add (t.net, t.tax, &t.total))
    return set_overflow (error, line_number);

  *out = t;
  return TRUE;
}

/**
 * kt_totals_line:
 * @line: one line
 * @out: (out): its amounts
 * @error: return location for a #GError
 *
 * gross = round(quantity × unit price ÷ 1000), discount = round(gross ×
 * discount ÷ 10000), net = gross − discount, tax = round(net × VAT ÷ 10000),
 * total = net + tax.
 */
gboolean
kt_totals_line (const KtLineInput *line,
                KtLineTotals      *out,
                GError           **error)
{
  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return compute_line (line, 0, out, error);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const KtVatGroup *ga = a;
  const KtVatGroup *gb = b;

  return (ga->vat_bps > gb->vat_bps) - (ga->vat_bps < gb->vat_bps);
}

/**
 * kt_totals_document:
 * @lines: (array length=n_lines): the lines
 * @n_lines: how many
 * @rule: where the tax is rounded
 * @out: (out caller-allocates): the totals; clear with
 *   kt_document_totals_clear()
 * @error: return location for a #GError
 *
 * Returns: %TRUE and fills @out, or %FALSE with @out zeroed.
 */
gboolean
kt_totals_document (const KtLineInput *lines,
                    gsize              n_lines,
                    KtRoundingRule     rule,
                    KtDocumentTotals  *out,
                    GError           **error)
{
  g_autoptr(GArray) groups = NULL;
  KtDocumentTotals t = { 0 };

  g_return_val_if_fail (lines != NULL || n_lines == 0, FALSE);
  g_return_val_if_fail (rule == KT_ROUNDING_PER_DOCUMENT || rule == KT_ROUNDING_PER_LINE, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);
  groups = g_array_new (FALSE, TRUE, sizeof (KtVatGroup));

  for (gsize i = 0; i < n_lines; i++)
    {
      KtLineTotals lt;
      KtVatGroup *group = NULL;

      if (!compute_line (&lines[i], i + 1, &lt, error))
        return FALSE;

      if (!kt_money_add (t.subtotal, lt.gross, &t.subtotal) ||
          !kt_money_add (t.discount, lt.discount, &t.discount) ||
          !kt_money_add (t.net, lt.net, &t.net))
        return set_overflow (error, 0);

      for (guint g = 0; g < groups->len; g++)
        if (g_array_index (groups, KtVatGroup, g).vat_bps == lines[i].vat_bps)
          group = &g_array_index (groups, KtVatGroup, g);

      if (group == NULL)
        {
          KtVatGroup fresh = { .vat_bps = lines[i].vat_bps };

          g_array_append_val (groups, fresh);
          group = &g_array_index (groups, KtVatGroup, groups->len - 1);
        }

      if (!kt_money_add (group->net, lt.net, &group->net))
        return set_overflow (error, 0);

      /* Per line, the group's tax is the sum of the rounded line taxes;
       * per document it is computed from the group's net below. */
      if (rule == KT_ROUNDING_PER_LINE &&
          !kt_money_add (group->tax, lt.tax, &group->tax))
        return set_overflow (error, 0);
    }

  g_array_sort (groups, compare_groups);

  for (guint g = 0; g < groups->len; g++)
    {
      KtVatGroup *group = &g_array_index (groups, KtVatGroup, g);

      if (rule == KT_ROUNDING_PER_DOCUMENT &&
          !kt_money_muldiv_round (group->net, group->vat_bps, KT_BPS_SCALE, &group->tax))
        return set_overflow (error, 0);

      if (!kt_money_add (t.tax, group->tax, &t.tax))
        return set_overflow (error, 0);
    }

  if (!kt_money_add (t.net, t.tax, &t.total))
    return set_overflow (error, 0);

  t.n_vat_groups = groups->len;
  t.vat_groups = (KtVatGroup *) (void *) g_array_free (g_steal_pointer (&groups), FALSE);

  *out = t;
  return TRUE;
}

void
kt_document_totals_clear (KtDocumentTotals *totals)
{
  g_return_if_fail (totals != NULL);

  g_clear_pointer (&totals->vat_groups, g_free);
  totals->n_vat_groups = 0;
}
