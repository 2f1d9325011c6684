/* kt-totals.h: invoice and offer totals, computed in one place
 *
 * See docs/money.md for the rules and worked examples.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Quantities are in thousandths (1.5 hours = 1500), so they stay integers. */
#define KT_QUANTITY_SCALE 1000
/* Rates are in basis points (20 % = 2000). */
#define KT_BPS_SCALE 10000

typedef enum {
  /* Tax is computed on the sum of the net amounts of each VAT rate, then
   * rounded once per rate (the Bulgarian and EU invoice practice). */
  KT_ROUNDING_PER_DOCUMENT,
  /* Tax is rounded on every line and the lines' taxes are summed. */
  KT_ROUNDING_PER_LINE,
} KtRoundingRule;

typedef struct {
  gint64 quantity;      /* thousandths, >= 0 */
  gint64 unit_price;    /* minor units, may be negative for a credit line */
  gint32 discount_bps;  /* 0..10000 */
  gint32 vat_bps;       /* 0..10000 */
} KtLineInput;

typedef struct {
  gint64 gross;         /* quantity x unit price, rounded */
  gint64 discount;      /* the line discount, rounded */
  gint64 net;           /* gross - discount */
  gint64 tax;           /* the line's tax (rounded per line; informative
                           under KT_ROUNDING_PER_DOCUMENT) */
  gint64 total;         /* net + tax */
} KtLineTotals;

typedef struct {
  gint32 vat_bps;
  gint64 net;
  gint64 tax;
} KtVatGroup;

typedef struct {
  gint64      subtotal;       /* sum of line gross amounts */
  gint64      discount;       /* sum of line discounts */
  gint64      net;            /* subtotal - discount: the taxable base */
  gint64      tax;
  gint64      total;          /* net + tax */
  guint       n_vat_groups;
  KtVatGroup *vat_groups;     /* one per distinct rate, ascending */
} KtDocumentTotals;

gboolean kt_totals_line     (const KtLineInput *line,
                             KtLineTotals      *out,
                             GError           **error);

/* Fills @out (free its groups with kt_document_totals_clear()). Fails with
 * KT_ERROR_INVALID naming the line for a negative quantity or a rate out
 * of range, and with KT_ERROR_OVERFLOW when an amount does not fit. */
gboolean kt_totals_document (const KtLineInput *lines,
                             gsize              n_lines,
                             KtRoundingRule     rule,
                             KtDocumentTotals  *out,
                             GError           **error);

void     kt_document_totals_clear (KtDocumentTotals *totals);

G_END_DECLS
