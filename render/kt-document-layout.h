/* kt-document-layout.h: what a document looks like, as data
 *
 * A layout is plain data: page size, margins, fonts, colours, the columns
 * of the items table and the printed labels in each document language. The
 * renderer (kt-document-render.h) reads nothing else, so the template
 * studio can build a KtDocumentLayout of its own and get the same
 * rendering path. Lengths are PDF points (1/72 inch); colours 0xRRGGBB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

#include "kt-template-layout.h"
#include "kt-tmpl.h"

G_BEGIN_DECLS

typedef enum {
  KT_DOCUMENT_COLUMN_POSITION,     /* 1, 2, 3… */
  KT_DOCUMENT_COLUMN_DESCRIPTION,
  KT_DOCUMENT_COLUMN_QUANTITY,     /* up to 3 decimals */
  KT_DOCUMENT_COLUMN_UNIT,
  KT_DOCUMENT_COLUMN_UNIT_PRICE,
  KT_DOCUMENT_COLUMN_DISCOUNT,     /* percent */
  KT_DOCUMENT_COLUMN_VAT,          /* percent */
  KT_DOCUMENT_COLUMN_AMOUNT,       /* the line's net amount */
} KtDocumentColumnKind;

typedef struct {
  KtDocumentColumnKind kind;
  double               width;      /* points; 0: what the others leave */
  PangoAlignment       align;
} KtDocumentColumn;

/* The printed words, one set per document language. Some hold
 * placeholders in braces, named in their comments. */
typedef struct {
  const char *lang;                /* "bg", "en" */
  const char *invoice, *credit_note, *offer;   /* the titles */
  const char *number_sign;         /* before the number: "№", "No." */
  const char *draft;               /* instead of a number */
  const char *original, *copy;
  const char *issue_date, *supply_date, *supply_place, *due_date, *valid_until;
  const char *credits_invoice;     /* {number}, {date} */
  const char *seller, *buyer;
  const char *address, *eik, *vat_number, *mol, *iban, *bic, *bank;
  const char *col_position, *col_description, *col_quantity, *col_unit;
  const char *col_unit_price, *col_discount, *col_vat, *col_amount;
  const char *vat_breakdown, *vat_base, *vat_rate, *vat_amount;
  const char *vat_exemption;       /* before the 0 % reason */
  const char *subtotal, *discount, *net, *vat, *total_invoice, *total_other;
  const char *in_words;
  const char *payment, *bank_transfer, *scan_to_pay;
  const char *notes;
  const char *received_by, *issued_by, *signature;
  const char *page_of;             /* {page}, {pages} */
  const char *continued;
  /* Month names for dates ("25 November 2026"); without them (all NULL)
   * dates are numeric, "25.11.2026 г." */
  const char *months[12];
  const char *year_suffix;         /* after a numeric date: " г." */
} KtDocumentLabels;

/* The look of the fixed parts: boxes and bands (classic), a coloured
 * title band and open parties (modern), rules only (minimal). */
typedef enum {
  KT_DOCUMENT_STYLE_CLASSIC,
  KT_DOCUMENT_STYLE_MODERN,
  KT_DOCUMENT_STYLE_MINIMAL,
} KtDocumentStyle;

/* One block of the body, in page order. @text is the compiled text of a
 * KT_TEMPLATE_BLOCK_TEXT block (Pango markup after expansion); a
 * KT_TEMPLATE_BLOCK_BODY block prints the layout's @body. */
typedef struct {
  KtTemplateBlockKind kind;
  const KtTmpl       *text;
} KtDocumentBlock;

typedef struct {
  const char             *name;            /* "classic" */
  double                  page_width, page_height;
  double                  margin_top, margin_right, margin_bottom, margin_left;
  const char             *font_family;     /* must cover Cyrillic */
  double                  font_size;       /* body text */
  double                  small_size;      /* table, labels, footer */
  double                  title_size;
  double                  total_size;      /* the amount due */
  guint32                 text_color, muted_color, accent_color;
  guint32                 rule_color, fill_color, stripe_color;
  double                  logo_width, logo_height;   /* the box it fits in */
  double                  qr_size;         /* with its quiet zone */
  const KtDocumentColumn *columns;
  guint                   n_columns;
  const KtDocumentLabels *labels;          /* NULL-terminated by lang */

  /* What a template adds (render/kt-document-template.h); all zero in
   * the built-in classic layout, which then prints as it always did. */
  KtDocumentStyle         style;
  /* The body's blocks; NULL: parties, items, VAT, totals, words, QR with
   * notes, signatures. */
  const KtDocumentBlock  *blocks;
  guint                   n_blocks;
  /* Texts in the template language, expanded over the document's context
   * (kt-tmpl-context.h): under the title, the "body" block, and above
   * the page number on every page (with "page" and "pages" set). */
  const KtTmpl           *header, *body, *footer;
  /* Instead of the organization's logo, already scaled to its box. */
  cairo_surface_t        *logo;
  /* "bg", "en": print in this language whatever the document's. */
  const char             *language;
  gboolean                no_page_numbers;
} KtDocumentLayout;

/* The built-in layout: A4, DejaVu Sans, Bulgarian and English labels. */
const KtDocumentLayout *kt_document_layout_classic (void);

/* The labels of @layout for @lang ("bg", "en"; anything else: the first). */
const KtDocumentLabels *kt_document_layout_get_labels (const KtDocumentLayout *layout,
                                                       const char             *lang);

G_END_DECLS
