/* kt-template-layout.h: the structured part of a document template
 *
 * A document_template keeps its texts (header, body, footer, in the
 * template language of kt-tmpl.h) in fields of their own and everything
 * else that says how the page looks in one JSON field, "layout":
 *
 *   {
 *     "version": 1,
 *     "style": "classic",                 classic, modern or minimal
 *     "language": "bg",                   the labels' language; absent:
 *                                         the document's
 *     "page": { "size": "A4",             A4, Letter or A5
 *               "margins": { "top": 14, "right": 15,
 *                            "bottom": 16, "left": 15 } },     mm
 *     "fonts": { "size": 8.5, "small": 7.5, "title": 20,
 *                "total": 11 },                                 pt
 *     "colors": { "text": "#1c2430", "muted": "#5f6b7a",
 *                 "rule": "#c5ccd6", "fill": "#e9eef4",
 *                 "stripe": "#f6f8fa" },
 *     "logo": { "width": 55, "height": 17 },    the box, mm
 *     "columns": [ { "kind": "position", "width": 7,
 *                    "align": "right" }, … ],   width mm, 0: the rest
 *     "blocks": [ { "kind": "parties" }, { "kind": "items" },
 *                 { "kind": "text", "text": "{{invoice.number}}" }, … ],
 *     "footer": { "page_numbers": true }
 *   }
 *
 * Every member is optional (a missing one takes the classic value). The
 * accent colour, the font family and the logo are the record's own
 * fields (primary_color, font_family, logo). Unknown members are refused,
 * so that a misspelt one is not silently ignored. The text of the size
 * and depth limits below is checked with kt-json-guard before json-glib
 * sees it. docs/templates.md describes every member.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The field's size in bytes: text blocks included, a layout is a few
 * kilobytes. */
#define KT_TEMPLATE_LAYOUT_MAX_SIZE (128 * 1024)
/* Objects and arrays inside each other: root, blocks, a block. */
#define KT_TEMPLATE_LAYOUT_MAX_DEPTH 4
#define KT_TEMPLATE_LAYOUT_MAX_BLOCKS 40
#define KT_TEMPLATE_LAYOUT_MAX_COLUMNS 8
#define KT_TEMPLATE_LAYOUT_VERSION 1

typedef enum {
  KT_TEMPLATE_PAGE_A4,
  KT_TEMPLATE_PAGE_LETTER,
  KT_TEMPLATE_PAGE_A5,
} KtTemplatePageSize;

typedef enum {
  KT_TEMPLATE_STYLE_CLASSIC,
  KT_TEMPLATE_STYLE_MODERN,
  KT_TEMPLATE_STYLE_MINIMAL,
} KtTemplateStyle;

/* The body's blocks, in the order of the page. */
typedef enum {
  KT_TEMPLATE_BLOCK_PARTIES,     /* the dates strip, seller and buyer */
  KT_TEMPLATE_BLOCK_ITEMS,       /* the items table, the chosen columns */
  KT_TEMPLATE_BLOCK_VAT,         /* the VAT breakdown per rate */
  KT_TEMPLATE_BLOCK_TOTALS,      /* the sums and the amount due */
  KT_TEMPLATE_BLOCK_WORDS,       /* the amount in words */
  KT_TEMPLATE_BLOCK_QR,          /* how to pay and the QR code */
  KT_TEMPLATE_BLOCK_NOTES,       /* the document's notes */
  KT_TEMPLATE_BLOCK_BODY,        /* the template's "body" text */
  KT_TEMPLATE_BLOCK_SIGNATURES,
  KT_TEMPLATE_BLOCK_TEXT,        /* a text of its own, template language */
  KT_TEMPLATE_N_BLOCKS
} KtTemplateBlockKind;

/* The same order as render/'s KtDocumentColumnKind. */
typedef enum {
  KT_TEMPLATE_COLUMN_POSITION,
  KT_TEMPLATE_COLUMN_DESCRIPTION,
  KT_TEMPLATE_COLUMN_QUANTITY,
  KT_TEMPLATE_COLUMN_UNIT,
  KT_TEMPLATE_COLUMN_UNIT_PRICE,
  KT_TEMPLATE_COLUMN_DISCOUNT,
  KT_TEMPLATE_COLUMN_VAT,
  KT_TEMPLATE_COLUMN_AMOUNT,
  KT_TEMPLATE_N_COLUMNS
} KtTemplateColumnKind;

typedef enum {
  KT_TEMPLATE_ALIGN_LEFT,
  KT_TEMPLATE_ALIGN_CENTER,
  KT_TEMPLATE_ALIGN_RIGHT,
} KtTemplateAlign;

typedef struct {
  KtTemplateColumnKind kind;
  double               width;        /* mm; 0: what the others leave */
  KtTemplateAlign      align;
} KtTemplateColumn;

typedef struct {
  KtTemplateBlockKind kind;
  char               *text;          /* KT_TEMPLATE_BLOCK_TEXT only */
} KtTemplateBlock;

/* Colours are 0xRRGGBB, or -1 when the layout leaves them to the style. */
typedef struct {
  KtTemplateStyle    style;
  char              *language;       /* "bg", "en" or NULL */
  KtTemplatePageSize page_size;
  double             margin_top, margin_right, margin_bottom, margin_left;   /* mm */
  double             font_size, small_size, title_size, total_size;         /* pt */
  gint64             text_color, muted_color, rule_color, fill_color, stripe_color;
  double             logo_width, logo_height;                               /* mm */
  KtTemplateColumn   columns[KT_TEMPLATE_LAYOUT_MAX_COLUMNS];
  guint              n_columns;
  KtTemplateBlock   *blocks;
  guint              n_blocks;
  gboolean           page_numbers;
} KtTemplateLayout;

/* The defaults of @style: its margins, sizes, columns and blocks. */
KtTemplateLayout *kt_template_layout_new_default (KtTemplateStyle style);
KtTemplateLayout *kt_template_layout_copy        (const KtTemplateLayout *layout);
void              kt_template_layout_free        (KtTemplateLayout *layout);

/* Parses the "layout" field; NULL or "" give the classic defaults. Fails
 * with KT_ERROR_INVALID naming the member at fault ("blocks[2].kind:
 * “foo” is not a block") through kt_record_set_field_error() with the
 * field "layout", so a record's validation reports it like any other. */
KtTemplateLayout *kt_template_layout_parse       (const char  *json,
                                                  gssize       length,
                                                  GError     **error);
/* The JSON of @layout, every member written, parsing back to the same. */
char             *kt_template_layout_to_json     (const KtTemplateLayout *layout);

/* The names in the JSON, for the studio's choosers; NULL when out of
 * range. */
const char       *kt_template_block_kind_to_string  (KtTemplateBlockKind kind);
const char       *kt_template_column_kind_to_string (KtTemplateColumnKind kind);
const char       *kt_template_style_to_string       (KtTemplateStyle style);
const char       *kt_template_page_size_to_string   (KtTemplatePageSize size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtTemplateLayout, kt_template_layout_free)

G_END_DECLS
