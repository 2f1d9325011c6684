/* kt-line-items.h: the lines of an invoice or offer, as the editor edits them
 *
 * One block per line: the description with buttons to move and remove
 * it, then quantity, unit, unit price, discount, VAT rate and the line's
 * amount, which wrap under each other in a narrow window, and the
 * exemption reason when the rate is 0 %. Keys, anywhere in a line:
 * Ctrl+Enter adds a line after it, Alt+Delete removes it, Alt+Up and
 * Alt+Down move it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_LINE_ITEMS (kt_line_items_get_type ())
G_DECLARE_FINAL_TYPE (KtLineItems, kt_line_items, KT, LINE_ITEMS, GtkWidget)

/* The entries of a line, for kt_line_items_get_entry(). */
#define KT_LINE_DESCRIPTION "description"
#define KT_LINE_QUANTITY    "quantity"
#define KT_LINE_UNIT        "unit"
#define KT_LINE_PRICE       "unit_price"
#define KT_LINE_DISCOUNT    "discount"
#define KT_LINE_EXEMPTION   "vat_exemption"

/* @item_entity: invoice_item or offer_item. */
GtkWidget  *kt_line_items_new          (const KtEntity *item_entity);
/* Shows @items (of KtRecord, by position); the stored ones are kept so
 * that a line the person did not touch is saved unchanged. */
void        kt_line_items_set_items    (KtLineItems    *self,
                                        GPtrArray      *items);
/* The currency prices are typed and amounts shown in. */
void        kt_line_items_set_currency (KtLineItems    *self,
                                        const char     *currency);
/* The items the lines describe (transfer full), numbered in order, and
 * the stored items the person removed in @removed (transfer full). On a
 * line that does not parse: NULL, @error naming the line and the
 * offending entry gets the "error" style. */
GPtrArray  *kt_line_items_build        (KtLineItems    *self,
                                        GPtrArray     **removed,
                                        GError        **error);
/* The lines as totals input; FALSE with @error when one does not parse. */
gboolean    kt_line_items_compute      (KtLineItems      *self,
                                        KtRoundingRule    rule,
                                        KtDocumentTotals *out,
                                        GError          **error);

guint       kt_line_items_get_n_lines  (KtLineItems    *self);
/* Adds an empty line at @position (-1: at the end), focusing its
 * description. */
void        kt_line_items_add_line     (KtLineItems    *self,
                                        int             position);
void        kt_line_items_remove_line  (KtLineItems    *self,
                                        guint           position);
void        kt_line_items_move_line    (KtLineItems    *self,
                                        guint           position,
                                        int             delta);
/* A line's entry (KT_LINE_*), or its VAT drop-down for "vat". */
GtkWidget  *kt_line_items_get_entry    (KtLineItems    *self,
                                        guint           line,
                                        const char     *name);
/* The amount label of a line, as shown. */
const char *kt_line_items_get_amount   (KtLineItems    *self,
                                        guint           line);

G_END_DECLS
