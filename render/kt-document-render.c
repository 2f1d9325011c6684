/* kt-document-render.c: invoices, credit notes and offers as PDF pages
 *
 * Two steps. Layout: every block of the page (header, parties, table rows,
 * totals, words, payment, notes, signatures) is built as a list of drawing
 * operations with pango layouts already measured, then placed on the
 * current page or, when it does not fit, on a new one that repeats the
 * table's header row; the page footers ("Page 2 of 3") are added once the
 * page count is known. Drawing: a page's operations are replayed on any
 * cairo_t, a PDF surface's or an image's. So the PDF, the print and the
 * preview show the same pages, and the text is measured only once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-document-render"

#include "config.h"

#include <string.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "kt-date.h"
#include "kt-document-render.h"
#include "kt-error.h"
#include "kt-invoice.h"
#include "kt-money.h"
#include "kt-pdf-writer.h"
#include "kt-qr.h"
#include "kt-tmpl-context.h"
#include "kt-totals.h"
#include "kt-words.h"

typedef enum {
  FONT_BODY,
  FONT_BODY_BOLD,
  FONT_SMALL,
  FONT_SMALL_BOLD,
  FONT_TITLE,
  FONT_NUMBER,
  FONT_NAME,
  FONT_TOTAL,
  N_FONTS
} Font;

typedef enum {
  OP_TEXT,
  OP_FILL,
  OP_LINE,
  OP_STROKE,
  OP_IMAGE,
  OP_QR,
} OpKind;

/* One drawing operation; coordinates in points. OP_LINE goes from (x, y)
 * to (x + w, y + h). */
typedef struct {
  OpKind           kind;
  double           x, y, w, h;
  guint32          color;
  double           line_width;
  PangoLayout     *layout;      /* OP_TEXT, owned */
  cairo_surface_t *image;       /* OP_IMAGE, owned reference */
} Op;

/* The spacing of the classic page, in points. */
#define GAP 10.0
#define PAD 4.0
#define CELL_PAD 2.5
#define RULE 0.5
#define FOOTER_HEIGHT 18.0

struct _KtDocumentRender {
  const KtDocumentLayout *layout;          /* &layout_copy */
  /* The caller's layout may go once the document is laid out (a
   * template compiled for one preview): what drawing reads afterwards
   * is the page size, copied here; its pointers are not read after
   * kt_document_render_new(). */
  KtDocumentLayout        layout_copy;
  const KtDocumentLabels *labels;
  KtDocumentKind          kind;
  char                   *lang;
  char                   *currency;
  gboolean                copy;

  PangoContext           *pango;
  /* The thread's shaped texts r->pango belongs to, or NULL. */
  struct _TextCache      *text_cache;
  char                   *font_keys[N_FONTS];
  /* The target surface's font options r->pango was last updated for. */
  cairo_font_options_t   *pango_options;
  PangoFontDescription   *fonts[N_FONTS];
  KtQr                   *qr;
  char                   *qr_payload;
  char                   *qr_reason;
  cairo_surface_t        *logo;

  /* Column x positions and widths, from the layout's columns. */
  double                 *col_x, *col_w;
  double                  content_width;

  /* Layout state: the pages (GArray of Op each), the block being built,
   * and where the next block goes. */
  GPtrArray              *pages;
  GArray                 *block;
  double                  y;
  gboolean                in_table;
  char                   *running_title;   /* "ФАКТУРА № 0000000123" */
  char                   *number;          /* NULL for a draft */
  /* The values of the template's texts (kt-tmpl-context.h), or NULL when
   * the layout has none. */
  JsonObject             *context;
};

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->layout);
  g_clear_pointer (&op->image, cairo_surface_destroy);
}

static GArray *
ops_new (void)
{
  GArray *ops = g_array_new (FALSE, TRUE, sizeof (Op));

  g_array_set_clear_func (ops, op_clear);
  return ops;
}

static void
set_color (cairo_t *cr,
           guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* ---- Building blocks ---------------------------------------------------- */

static void
add_op (KtDocumentRender *r,
        const Op         *op)
{
  g_array_append_vals (r->block, op, 1);
}

static void
add_fill (KtDocumentRender *r,
          double x, double y, double w, double h,
          guint32 color)
{
  Op op = { .kind = OP_FILL, .x = x, .y = y, .w = w, .h = h, .color = color };

  add_op (r, &op);
}

static void
add_stroke (KtDocumentRender *r,
            double x, double y, double w, double h,
            guint32 color)
{
  Op op = { .kind = OP_STROKE, .x = x, .y = y, .w = w, .h = h, .color = color,
            .line_width = RULE };

  add_op (r, &op);
}

static void
add_hline (KtDocumentRender *r,
           double x, double y, double w,
           guint32 color, double width)
{
  Op op = { .kind = OP_LINE, .x = x, .y = y, .w = w, .h = 0, .color = color,
            .line_width = width };

  add_op (r, &op);
}

static PangoLayout *
make_layout (KtDocumentRender *r,
             Font              font,
             double            width,
             PangoAlignment    align,
             const char       *text,
             gboolean          markup)
{
  PangoLayout *l = pango_layout_new (r->pango);

  pango_layout_set_font_description (l, r->fonts[font]);
  if (width > 0)
    {
      pango_layout_set_width (l, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (l, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (l, align);
  if (markup)
    pango_layout_set_markup (l, text, -1);
  else
    pango_layout_set_text (l, text, -1);
  return l;
}

/* ---- Shaped texts shared between documents ----------------------------- */

/* A thread's PangoContext for one language, measured for a PDF, and the
 * layouts made on it, by font, width, alignment and text: the labels,
 * the seller, the notes and the column headers of one document are those
 * of the next, and shaping them was most of the layout's cost
 * (docs/performance.md). One live document at a time uses it (in_use):
 * a layout is shared only with documents already freed, and a document
 * that draws on another target (an image) updates the context, so its
 * cache is dropped (stale) when it is freed. A document may be freed on
 * another thread (the preview draws on a worker): it only clears in_use
 * and sets stale, atomically; the owning thread does the rest. */
typedef struct _TextCache {
  char                 *lang;
  PangoContext         *pango;
  cairo_font_options_t *options;
  GHashTable           *layouts;
  gint                  in_use;   /* atomic */
  gint                  stale;    /* atomic */
} TextCache;

#define TEXT_CACHE_MAX_LAYOUTS 4000
#define TEXT_CACHE_MAX_LANGS 4

static void
text_cache_free (gpointer data)
{
  TextCache *c = data;

  g_free (c->lang);
  g_object_unref (c->pango);
  cairo_font_options_destroy (c->options);
  g_hash_table_unref (c->layouts);
  g_free (c);
}

/* At the thread's end; a cache a live document still uses (freed later,
 * on another thread) is left to it: a small leak, not a use after free. */
static void
text_caches_free (gpointer data)
{
  GPtrArray *caches = data;

  for (guint i = 0; i < caches->len; i++)
    if (!g_atomic_int_get (&((TextCache *) g_ptr_array_index (caches, i))->in_use))
      text_cache_free (g_ptr_array_index (caches, i));
  g_ptr_array_set_free_func (caches, NULL);
  g_ptr_array_unref (caches);
}

static GPrivate text_caches = G_PRIVATE_INIT (text_caches_free);

static GPtrArray *
thread_text_caches (void)
{
  GPtrArray *caches = g_private_get (&text_caches);

  if (caches == NULL)
    {
      caches = g_ptr_array_new_with_free_func (text_cache_free);
      g_private_set (&text_caches, caches);
    }
  return caches;
}

static PangoLayout *
cached_layout (KtDocumentRender *r,
               Font              font,
               double            width,
               PangoAlignment    align,
               const char       *text,
               gboolean          markup)
{
  g_autofree char *key = NULL;
  PangoLayout *l;

  if (r->text_cache == NULL)
    return make_layout (r, font, width, align, text, markup);
  key = g_strdup_printf ("%s\x1f%d\x1f%d\x1f%d\x1f%s", r->font_keys[font],
                         width > 0 ? (int) (width * PANGO_SCALE) : 0, align, markup, text);
  l = g_hash_table_lookup (r->text_cache->layouts, key);
  if (l != NULL)
    return g_object_ref (l);
  if (g_hash_table_size (r->text_cache->layouts) >= TEXT_CACHE_MAX_LAYOUTS)
    g_hash_table_remove_all (r->text_cache->layouts);
  l = make_layout (r, font, width, align, text, markup);
  g_hash_table_insert (r->text_cache->layouts, g_steal_pointer (&key), g_object_ref (l));
  return l;
}

static double
layout_height (PangoLayout *l)
{
  int h;

  pango_layout_get_size (l, NULL, &h);
  return (double) h / PANGO_SCALE;
}

/* Adds a text of @width at (@x, @y) in the block; returns its height.
 * @width 0 leaves it on one line. */
static double
add_text_full (KtDocumentRender *r,
               double            x,
               double            y,
               double            width,
               Font              font,
               guint32           color,
               PangoAlignment    align,
               const char       *text,
               gboolean          markup)
{
  Op op = { .kind = OP_TEXT, .x = x, .y = y, .w = width, .color = color };

  if (text == NULL || *text == '\0')
    return 0;
  op.layout = cached_layout (r, font, width, align, text, markup);
  op.h = layout_height (op.layout);
  add_op (r, &op);
  return op.h;
}

static double
add_text (KtDocumentRender *r,
          double x, double y, double width,
          Font font, guint32 color, PangoAlignment align,
          const char *text)
{
  return add_text_full (r, x, y, width, font, color, align, text, FALSE);
}

/* "<muted>label</muted>  value", wrapped to @width. */
static double
add_field (KtDocumentRender *r,
           double            x,
           double            y,
           double            width,
           Font              font,
           const char       *label,
           const char       *value)
{
  g_autofree char *l = NULL;
  g_autofree char *v = NULL;
  g_autofree char *markup = NULL;

  if (value == NULL || *value == '\0')
    return 0;
  l = g_markup_escape_text (label, -1);
  v = g_markup_escape_text (value, -1);
  markup = g_strdup_printf ("<span foreground=\"#%06x\">%s:</span> %s",
                            r->layout->muted_color, l, v);
  return add_text_full (r, x, y, width, font, r->layout->text_color, PANGO_ALIGN_LEFT,
                        markup, TRUE);
}

/* ---- Pages -------------------------------------------------------------- */

static double
content_bottom (KtDocumentRender *r)
{
  return r->layout->page_height - r->layout->margin_bottom - FOOTER_HEIGHT;
}

static GArray *
current_page (KtDocumentRender *r)
{
  return g_ptr_array_index (r->pages, r->pages->len - 1);
}

/* Moves the block's operations by (@dx, @dy) onto @page. */
static void
flush_block_to (KtDocumentRender *r,
                GArray           *page,
                double            dx,
                double            dy)
{
  for (guint i = 0; i < r->block->len; i++)
    {
      Op op = g_array_index (r->block, Op, i);

      op.x += dx;
      op.y += dy;
      g_array_append_val (page, op);
    }
  /* The page owns the layouts and images now. */
  g_array_set_clear_func (r->block, NULL);
  g_array_set_size (r->block, 0);
  g_array_set_clear_func (r->block, op_clear);
}

static void
flush_block (KtDocumentRender *r,
             double            dx,
             double            dy)
{
  flush_block_to (r, current_page (r), dx, dy);
}

static double build_table_head (KtDocumentRender *r);

static void
new_page (KtDocumentRender *r)
{
  const KtDocumentLayout *L = r->layout;
  double h;

  g_ptr_array_add (r->pages, ops_new ());
  r->y = L->margin_top;
  if (r->pages->len == 1)
    return;

  /* A later page says whose it is, then repeats the table's header row
   * when the table goes on. */
  {
    g_autofree char *cont = g_strdup_printf ("%s (%s)", r->running_title, r->labels->continued);
    g_autoptr(GArray) saved = r->block;

    r->block = ops_new ();
    h = add_text (r, 0, 0, r->content_width, FONT_BODY_BOLD, L->accent_color,
                  PANGO_ALIGN_LEFT, cont);
    add_hline (r, 0, h + 3, r->content_width, L->rule_color, RULE);
    flush_block (r, L->margin_left, r->y);
    r->y += h + 3 + GAP;
    if (r->in_table)
      {
        h = build_table_head (r);
        flush_block (r, L->margin_left, r->y);
        r->y += h;
      }
    g_array_unref (r->block);
    r->block = g_steal_pointer (&saved);
  }
}

/* Places the block built so far, @height tall, on the current page or on
 * a new one when it needs @keep more points below it (a table header and
 * its first row stay together). */
static void
place_block (KtDocumentRender *r,
             double            height,
             double            keep)
{
  if (r->y + height + keep > content_bottom (r) &&
      r->y > r->layout->margin_top + 60)
    new_page (r);
  flush_block (r, r->layout->margin_left, r->y);
  r->y += height;
}

/* ---- Values ------------------------------------------------------------- */

static const char *
doc_string (KtRecord   *record,
            const char *field)
{
  const char *s;

  /* Older schemas lack some fields (an offer has no "kind"). */
  if (record == NULL || kt_entity_get_field (kt_record_get_entity (record), field) == NULL)
    return NULL;
  s = kt_record_get_string (record, field);
  return s != NULL && *s != '\0' ? s : NULL;
}

static const char *
org_string (JsonObject *org,
            const char *member)
{
  JsonNode *node = org != NULL ? json_object_get_member (org, member) : NULL;
  const char *s;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  s = json_node_get_string (node);
  return *s != '\0' ? s : NULL;
}

static char *
format_date (KtDocumentRender *r,
             const char       *date)
{
  int y, m, d;

  if (date == NULL || !kt_date_parse (date, &y, &m, &d))
    return NULL;
  if (r->labels->months[0] != NULL)
    return g_strdup_printf ("%d %s %d", d, r->labels->months[m - 1], y);
  /* Bulgarian: "25.11.2026 г." */
  return g_strdup_printf ("%02d.%02d.%04d%s", d, m, y,
                          r->labels->year_suffix != NULL ? r->labels->year_suffix : "");
}

static char *
format_money (KtDocumentRender *r,
              gint64            minor)
{
  return kt_money_format (minor, r->currency, r->lang);
}

static char *
format_number (KtDocumentRender *r,
               gint64            minor)
{
  return kt_money_format_number (minor, r->currency, r->lang);
}

/* A fixed-point value with @scale_digits decimals, trailing zeros
 * dropped: quantities (thousandths) and rates (basis points). */
static char *
format_decimal (KtDocumentRender *r,
                gint64            value,
                guint             scale_digits)
{
  gint64 scale = 1;
  gint64 whole, frac;
  char buf[16];
  int n;

  for (guint i = 0; i < scale_digits; i++)
    scale *= 10;
  whole = ABS (value) / scale;
  frac = ABS (value) % scale;
  if (frac == 0)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT, value < 0 ? "-" : "", whole);
  n = g_snprintf (buf, sizeof buf, "%0*" G_GINT64_FORMAT, (int) scale_digits, frac);
  while (n > 0 && buf[n - 1] == '0')
    buf[--n] = '\0';
  return g_strdup_printf ("%s%" G_GINT64_FORMAT "%s%s", value < 0 ? "-" : "", whole,
                          g_str_has_prefix (r->lang, "bg") ? "," : ".", buf);
}

static char *
format_percent (KtDocumentRender *r,
                gint64            bps)
{
  /* Basis points: 2000 is 20 %, 1250 is 12.5 %. Bulgarian puts a
   * no-break space before the sign, English none. */
  g_autofree char *num = format_decimal (r, bps, 2);

  return g_strdup_printf ("%s%s%%", num, g_str_has_prefix (r->lang, "bg") ? "\u00a0" : "");
}

/* A label of the layout with its two placeholders filled in: labels are
 * data, so they are templates rather than printf formats. */
static char *
fill_label (const char *label,
            const char *key1,
            const char *value1,
            const char *key2,
            const char *value2)
{
  GString *out = g_string_new (label);

  g_string_replace (out, key1, value1, 0);
  g_string_replace (out, key2, value2, 0);
  return g_string_free (out, FALSE);
}

/* ---- Header: logo, title, number, parties, dates ------------------------ */

typedef struct {
  KtRecord   *doc;
  GPtrArray  *items;       /* sorted, live ones */
  JsonObject *seller;
  KtRecord   *credited;
  KtDocumentTotals totals;
} Source;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  GInputStream *in = closure;
  gsize n = 0;

  if (!g_input_stream_read_all (in, data, length, &n, NULL, NULL) || n != length)
    return CAIRO_STATUS_READ_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* The organization's "logo", a data:image/png;base64 URI, as an image;
 * NULL for anything else (the seller's name stands in for it). */
static cairo_surface_t *
load_logo (const char *uri)
{
  static const char prefix[] = "data:image/png;base64,";
  g_autofree guchar *png = NULL;
  g_autoptr(GInputStream) in = NULL;
  cairo_surface_t *surface;
  gsize len = 0;

  if (uri == NULL || !g_str_has_prefix (uri, prefix))
    return NULL;
  png = g_base64_decode (uri + strlen (prefix), &len);
  if (len < 8)
    return NULL;
  in = g_memory_input_stream_new_from_data (png, len, NULL);
  surface = cairo_image_surface_create_from_png_stream (read_bytes, in);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (surface) <= 0 ||
      cairo_image_surface_get_height (surface) <= 0)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

/* @logo scaled down to fit @width x @height points at 300 dpi: a logo of
 * a few thousand pixels would otherwise be compressed into every PDF at
 * full size, for nothing a printer could show. */
static cairo_surface_t *
fit_logo (cairo_surface_t *logo,
          double           width,
          double           height)
{
  double iw = cairo_image_surface_get_width (logo);
  double ih = cairo_image_surface_get_height (logo);
  double scale = MIN (width * 300 / 72 / iw, height * 300 / 72 / ih);
  cairo_surface_t *small;
  cairo_t *cr;

  if (scale >= 1)
    return logo;
  small = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (1, (int) (iw * scale)),
                                      MAX (1, (int) (ih * scale)));
  cr = cairo_create (small);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, logo, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (logo);
  return small;
}

/* The last few organizations' logos, decoded and fitted: a server renders
 * the same organization's invoices one after the other, and decoding the
 * PNG was a tenth of a PDF (docs/performance.md). The surfaces are shared
 * read-only between renders and threads; the PDF writer keeps its
 * finished image streams on them. */
#define LOGO_CACHE_SIZE 8

typedef struct {
  char            *uri;
  double           width, height;
  cairo_surface_t *logo;          /* NULL: the URI holds no logo */
} LogoEntry;

static GMutex logo_lock;
static LogoEntry logo_cache[LOGO_CACHE_SIZE];
static guint logo_next;

static cairo_surface_t *
cached_logo (const char *uri,
             double      width,
             double      height)
{
  cairo_surface_t *logo = NULL;
  LogoEntry *e;

  if (uri == NULL)
    return NULL;
  g_mutex_lock (&logo_lock);
  for (guint i = 0; i < LOGO_CACHE_SIZE; i++)
    {
      e = &logo_cache[i];
      if (e->uri != NULL && e->width == width && e->height == height && strcmp (e->uri, uri) == 0)
        {
          logo = e->logo != NULL ? cairo_surface_reference (e->logo) : NULL;
          g_mutex_unlock (&logo_lock);
          return logo;
        }
    }
  g_mutex_unlock (&logo_lock);

  logo = load_logo (uri);
  if (logo != NULL)
    logo = fit_logo (logo, width, height);

  g_mutex_lock (&logo_lock);
  e = &logo_cache[logo_next];
  logo_next = (logo_next + 1) % LOGO_CACHE_SIZE;
  g_free (e->uri);
  g_clear_pointer (&e->logo, cairo_surface_destroy);
  e->uri = g_strdup (uri);
  e->width = width;
  e->height = height;
  e->logo = logo != NULL ? cairo_surface_reference (logo) : NULL;
  g_mutex_unlock (&logo_lock);
  return logo;
}

static const char *
title_for_kind (KtDocumentRender *r)
{
  switch (r->kind)
    {
    case KT_DOCUMENT_KIND_CREDIT_NOTE:
      return r->labels->credit_note;
    case KT_DOCUMENT_KIND_OFFER:
      return r->labels->offer;
    case KT_DOCUMENT_KIND_INVOICE:
    default:
      return r->labels->invoice;
    }
}

/* One party's box: the heading, the name, then the fields that are set;
 * returns its height. */
static double
build_party (KtDocumentRender *r,
             double            x,
             double            width,
             const char       *heading,
             const char       *name,
             const char * const *fields)      /* label, value pairs, NULL-ended */
{
  const KtDocumentLayout *L = r->layout;
  double inner = width - 2 * PAD - 4;
  double y = PAD;
  g_autofree char *head = g_utf8_strup (heading, -1);

  y += add_text (r, x + PAD + 2, y, inner, FONT_SMALL_BOLD, L->accent_color, PANGO_ALIGN_LEFT, head);
  y += 3;
  y += add_text (r, x + PAD + 2, y, inner, FONT_NAME, L->text_color, PANGO_ALIGN_LEFT,
                 name != NULL ? name : "—");
  y += 2;
  for (guint i = 0; fields[i] != NULL; i += 2)
    {
      double h = add_field (r, x + PAD + 2, y, inner, FONT_BODY, fields[i], fields[i + 1]);

      if (h > 0)
        y += h + 1;
    }
  return y + PAD;
}

/* The seller's address: street, then city and country, one per line. */
static char *
seller_address (JsonObject *seller)
{
  const char *street = org_string (seller, "address");
  const char *city = org_string (seller, "city");
  const char *country = org_string (seller, "country");
  GString *out = g_string_new (street);

  if (city != NULL || country != NULL)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, city != NULL ? city : "");
      if (city != NULL && country != NULL)
        g_string_append (out, ", ");
      g_string_append (out, country != NULL ? country : "");
    }
  return g_string_free (out, out->len == 0);
}

/* Top of the first page: the logo or the seller's name, the title, the
 * number, original or copy. */
static void
build_top (KtDocumentRender *r,
           Source           *src)
{
  const KtDocumentLayout *L = r->layout;
  const KtDocumentLabels *T = r->labels;
  double W = r->content_width;
  double half = (W - GAP) / 2;
  double left_h = 0, right_h = 0, y;
  const char *number = doc_string (src->doc, "number");
  g_autofree char *number_line = g_strdup_printf ("%s %s", T->number_sign,
                                                  number != NULL ? number : T->draft);

  /* Top left: the logo in its box, or the seller's name. */
  if (r->logo != NULL)
    {
      double iw = cairo_image_surface_get_width (r->logo);
      double ih = cairo_image_surface_get_height (r->logo);
      double scale = MIN (L->logo_width / iw, L->logo_height / ih);
      Op op = { .kind = OP_IMAGE, .x = 0, .y = 0, .w = iw * scale, .h = ih * scale,
                .image = cairo_surface_reference (r->logo) };

      add_op (r, &op);
      left_h = op.h;
    }
  else
    left_h = add_text (r, 0, 0, half, FONT_NUMBER, L->accent_color, PANGO_ALIGN_LEFT,
                       org_string (src->seller, "name"));

  /* Top right: the title, the number, original or copy. */
  right_h = add_text (r, W - half, 0, half, FONT_TITLE, L->accent_color, PANGO_ALIGN_RIGHT,
                      title_for_kind (r));
  right_h += 2;
  right_h += add_text (r, W - half, right_h, half, FONT_NUMBER,
                       number != NULL ? L->text_color : L->muted_color,
                       PANGO_ALIGN_RIGHT, number_line);
  if (r->kind == KT_DOCUMENT_KIND_CREDIT_NOTE && src->credited != NULL)
    {
      const char *cnum = doc_string (src->credited, "number");
      g_autofree char *cdate = format_date (r, doc_string (src->credited, "issue_date"));
      g_autofree char *line = NULL;

      line = fill_label (T->credits_invoice, "{number}", cnum != NULL ? cnum : T->draft,
                         "{date}", cdate != NULL ? cdate : "—");
      right_h += 2 + add_text (r, W - half, right_h + 2, half, FONT_BODY, L->text_color,
                               PANGO_ALIGN_RIGHT, line);
    }
  if (r->kind != KT_DOCUMENT_KIND_OFFER)
    {
      const char *mark = r->copy ? T->copy : T->original;
      PangoLayout *l = make_layout (r, FONT_SMALL_BOLD, 0, PANGO_ALIGN_LEFT, mark, FALSE);
      int tw, th;
      Op op = { .kind = OP_TEXT, .color = L->accent_color, .layout = l };

      pango_layout_get_size (l, &tw, &th);
      op.w = 0;
      op.h = (double) th / PANGO_SCALE;
      op.x = W - (double) tw / PANGO_SCALE - 5;
      op.y = right_h + 6;
      add_stroke (r, op.x - 5, op.y - 2.5, (double) tw / PANGO_SCALE + 10, op.h + 5,
                  L->accent_color);
      add_op (r, &op);
      right_h = op.y + op.h + 3;
    }

  y = MAX (left_h, right_h) + GAP + 2;
  /* Modern: a band of the accent colour under it. */
  if (L->style == KT_DOCUMENT_STYLE_MODERN)
    {
      add_fill (r, 0, y - GAP + 1, W, 3, L->accent_color);
      y += 4;
    }
  place_block (r, y, 0);
}

/* The dates strip, then the seller and the buyer side by side. */
static void
build_parties (KtDocumentRender *r,
               Source           *src)
{
  const KtDocumentLayout *L = r->layout;
  const KtDocumentLabels *T = r->labels;
  double W = r->content_width;
  double half = (W - GAP) / 2;
  double y = 0;
  g_autofree char *seller_addr = seller_address (src->seller);
  g_autofree char *seller_iban = NULL;

  /* The meta strip: dates and place, each a label over its value. */
  {
    const char *cells[8] = { NULL };
    g_autofree char *issue = format_date (r, doc_string (src->doc, "issue_date"));
    g_autofree char *supply = format_date (r, doc_string (src->doc, "supply_date"));
    g_autofree char *due = format_date (r, doc_string (src->doc,
                                                      r->kind == KT_DOCUMENT_KIND_OFFER
                                                      ? "valid_until" : "due_date"));
    guint n = 0;
    double cw, h = 0;

    cells[n++] = T->issue_date;
    cells[n++] = issue != NULL ? issue : "—";
    if (supply != NULL)
      {
        cells[n++] = T->supply_date;
        cells[n++] = supply;
      }
    if (doc_string (src->doc, "supply_place") != NULL)
      {
        cells[n++] = T->supply_place;
        cells[n++] = doc_string (src->doc, "supply_place");
      }
    if (due != NULL && r->kind != KT_DOCUMENT_KIND_CREDIT_NOTE)
      {
        cells[n++] = r->kind == KT_DOCUMENT_KIND_OFFER ? T->valid_until : T->due_date;
        cells[n++] = due;
      }
    cw = W / (n / 2);
    for (guint i = 0; i < n; i += 2)
      {
        double x = (i / 2) * cw;
        double ch = PAD;

        ch += add_text (r, x + PAD + 2, y + ch, cw - 2 * PAD, FONT_SMALL, L->muted_color,
                        PANGO_ALIGN_LEFT, cells[i]);
        ch += 1 + add_text (r, x + PAD + 2, y + ch + 1, cw - 2 * PAD, FONT_BODY_BOLD,
                            L->text_color, PANGO_ALIGN_LEFT, cells[i + 1]);
        h = MAX (h, ch + PAD);
      }
    /* Under the texts, so it is drawn first. */
    {
      Op fill = { .kind = OP_FILL, .x = 0, .y = y, .w = W, .h = h, .color = L->fill_color };

      g_array_prepend_val (r->block, fill);
    }
    for (guint i = 2; i < n; i += 2)
      {
        Op sep = { .kind = OP_LINE, .x = (i / 2) * cw, .y = y + 4, .w = 0, .h = h - 8,
                   .color = L->rule_color, .line_width = RULE };

        add_op (r, &sep);
      }
    y += h + GAP;
  }

  /* The parties, side by side in boxes of one height. */
  if (org_string (src->seller, "iban") != NULL)
    seller_iban = org_string (src->seller, "bic") != NULL
                  ? g_strdup_printf ("%s, %s: %s", org_string (src->seller, "iban"), T->bic,
                                     org_string (src->seller, "bic"))
                  : g_strdup (org_string (src->seller, "iban"));
  {
    const char *seller_fields[] = {
      T->address, seller_addr,
      T->eik, org_string (src->seller, "eik"),
      T->vat_number, org_string (src->seller, "vat_number"),
      T->mol, org_string (src->seller, "mol"),
      T->iban, seller_iban,
      T->bank, org_string (src->seller, "bank_name"),
      NULL
    };
    const char *buyer_fields[] = {
      T->address, doc_string (src->doc, "client_address"),
      T->eik, doc_string (src->doc, "client_eik"),
      T->vat_number, doc_string (src->doc, "client_vat"),
      T->mol, doc_string (src->doc, "client_mol"),
      NULL
    };
    guint first = r->block->len;
    double hs, hb, h;

    hs = build_party (r, 0, half, T->seller, org_string (src->seller, "name"), seller_fields);
    hb = build_party (r, W - half, half, T->buyer, doc_string (src->doc, "client_name"),
                      buyer_fields);
    h = MAX (hs, hb);
    for (guint i = first; i < r->block->len; i++)
      g_array_index (r->block, Op, i).y += y;
    /* Classic: boxes with an accent bar on the left edge; modern: the
     * bars alone; minimal: a rule above each. */
    if (L->style == KT_DOCUMENT_STYLE_CLASSIC)
      {
        add_stroke (r, 0, y, half, h, L->rule_color);
        add_stroke (r, W - half, y, half, h, L->rule_color);
      }
    if (L->style == KT_DOCUMENT_STYLE_MINIMAL)
      {
        add_hline (r, 0, y, half, L->text_color, RULE);
        add_hline (r, W - half, y, half, L->text_color, RULE);
      }
    else
      {
        add_fill (r, 0, y, 2, h, L->accent_color);
        add_fill (r, W - half, y, 2, h, L->accent_color);
      }
    y += h + GAP + 4;
  }

  place_block (r, y, 0);
}

/* ---- The items table ---------------------------------------------------- */

static const char *
column_label (KtDocumentRender       *r,
              const KtDocumentColumn *col)
{
  const KtDocumentLabels *T = r->labels;

  switch (col->kind)
    {
    case KT_DOCUMENT_COLUMN_POSITION:
      return T->col_position;
    case KT_DOCUMENT_COLUMN_DESCRIPTION:
      return T->col_description;
    case KT_DOCUMENT_COLUMN_QUANTITY:
      return T->col_quantity;
    case KT_DOCUMENT_COLUMN_UNIT:
      return T->col_unit;
    case KT_DOCUMENT_COLUMN_UNIT_PRICE:
      return T->col_unit_price;
    case KT_DOCUMENT_COLUMN_DISCOUNT:
      return T->col_discount;
    case KT_DOCUMENT_COLUMN_VAT:
      return T->col_vat;
    case KT_DOCUMENT_COLUMN_AMOUNT:
    default:
      return T->col_amount;
    }
}

/* Adds one row of cells at y 0 with a rule below; returns its height. */
static double
build_row (KtDocumentRender  *r,
           const char *const *cells,
           Font               font,
           guint32            color,
           guint32            fill)
{
  const KtDocumentLayout *L = r->layout;
  guint first = r->block->len;
  double h = 0;

  /* Not MAX (h, add_text (…)): the macro evaluates its winner twice, and
   * each cell that set the row's height was drawn twice, a bolder smear
   * (and twice the text in the PDF). */
  for (guint c = 0; c < L->n_columns; c++)
    {
      double ch = add_text (r, r->col_x[c] + CELL_PAD, CELL_PAD + 0.5, r->col_w[c] - 2 * CELL_PAD,
                            font, color, L->columns[c].align, cells[c]);

      h = MAX (h, ch);
    }
  h += 2 * CELL_PAD + 1;
  if (fill != 0xffffff)
    {
      Op op = { .kind = OP_FILL, .x = 0, .y = 0, .w = r->content_width, .h = h, .color = fill };

      g_array_insert_val (r->block, first, op);
    }
  add_hline (r, 0, h, r->content_width, L->rule_color, RULE);
  return h;
}

static double
build_table_head (KtDocumentRender *r)
{
  const KtDocumentLayout *L = r->layout;
  g_autofree const char **cells = g_new0 (const char *, L->n_columns);
  g_autofree char *price = NULL;
  g_autofree char *amount = NULL;
  double h;

  for (guint c = 0; c < L->n_columns; c++)
    {
      cells[c] = column_label (r, &L->columns[c]);
      /* The money columns name the currency once, here. */
      if (L->columns[c].kind == KT_DOCUMENT_COLUMN_UNIT_PRICE)
        cells[c] = price = g_strdup_printf ("%s, %s", cells[c], r->currency);
      else if (L->columns[c].kind == KT_DOCUMENT_COLUMN_AMOUNT)
        cells[c] = amount = g_strdup_printf ("%s, %s", cells[c], r->currency);
    }
  /* Modern: white on the accent colour. */
  if (L->style == KT_DOCUMENT_STYLE_MODERN)
    return build_row (r, cells, FONT_SMALL_BOLD, 0xffffff, L->accent_color);
  h = build_row (r, cells, FONT_SMALL_BOLD, L->text_color, L->fill_color);
  add_hline (r, 0, 0, r->content_width, L->accent_color, 1.0);
  add_hline (r, 0, h, r->content_width, L->accent_color, 1.0);
  return h;
}

static gint
compare_position (gconstpointer a,
                  gconstpointer b)
{
  KtRecord *ra = *(KtRecord **) a;
  KtRecord *rb = *(KtRecord **) b;
  gint64 pa = kt_record_get_int (ra, "position");
  gint64 pb = kt_record_get_int (rb, "position");

  return pa < pb ? -1 : pa > pb;
}

static void
build_items (KtDocumentRender *r,
             Source           *src)
{
  const KtDocumentLayout *L = r->layout;
  double head_h;

  head_h = build_table_head (r);
  /* Keep the header with room for a row or two. */
  place_block (r, head_h, 30);
  r->in_table = TRUE;

  for (guint i = 0; i < src->items->len; i++)
    {
      KtRecord *item = g_ptr_array_index (src->items, i);
      g_autofree const char **cells = g_new0 (const char *, L->n_columns);
      g_autofree char *pos = g_strdup_printf ("%u", i + 1);
      g_autofree char *qty = format_decimal (r, kt_record_get_int (item, "quantity"), 3);
      g_autofree char *price = format_number (r, kt_record_get_int (item, "unit_price"));
      g_autofree char *disc = NULL;
      g_autofree char *vat = format_percent (r, kt_record_get_int (item, "vat_bps"));
      g_autofree char *amount = NULL;
      KtLineInput in = {
        .quantity = kt_record_get_int (item, "quantity"),
        .unit_price = kt_record_get_int (item, "unit_price"),
        .discount_bps = (gint32) kt_record_get_int (item, "discount_bps"),
        .vat_bps = (gint32) kt_record_get_int (item, "vat_bps"),
      };
      KtLineTotals line = { 0 };
      double h;

      /* The document's totals passed, so every line does. */
      kt_totals_line (&in, &line, NULL);
      amount = format_number (r, line.net);
      if (in.discount_bps != 0)
        disc = format_percent (r, in.discount_bps);

      for (guint c = 0; c < L->n_columns; c++)
        {
          switch (L->columns[c].kind)
            {
            case KT_DOCUMENT_COLUMN_POSITION:
              cells[c] = pos;
              break;
            case KT_DOCUMENT_COLUMN_DESCRIPTION:
              cells[c] = kt_record_get_string (item, "description");
              break;
            case KT_DOCUMENT_COLUMN_QUANTITY:
              cells[c] = qty;
              break;
            case KT_DOCUMENT_COLUMN_UNIT:
              cells[c] = kt_record_get_string (item, "unit");
              break;
            case KT_DOCUMENT_COLUMN_UNIT_PRICE:
              cells[c] = price;
              break;
            case KT_DOCUMENT_COLUMN_DISCOUNT:
              cells[c] = disc;
              break;
            case KT_DOCUMENT_COLUMN_VAT:
              cells[c] = vat;
              break;
            case KT_DOCUMENT_COLUMN_AMOUNT:
            default:
              cells[c] = amount;
              break;
            }
        }
      h = build_row (r, cells, FONT_BODY, L->text_color,
                     i % 2 == 1 ? L->stripe_color : 0xffffff);
      place_block (r, h, 0);
    }

  r->in_table = FALSE;
  r->y += GAP;
}

/* ---- Totals, words, payment, notes, signatures -------------------------- */

/* The distinct exemption reasons of the 0 % lines, "; "-joined. */
static char *
exemption_reasons (Source *src)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < src->items->len; i++)
    {
      KtRecord *item = g_ptr_array_index (src->items, i);
      const char *reason = doc_string (item, "vat_exemption");

      if (kt_record_get_int (item, "vat_bps") != 0 || reason == NULL)
        continue;
      if (g_ptr_array_find_with_equal_func (seen, reason, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, (gpointer) reason);
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, reason);
    }
  return g_string_free (out, out->len == 0);
}

/* A label and an amount on one line, the amount right-aligned. */
static double
add_amount_line (KtDocumentRender *r,
                 double            x,
                 double            y,
                 double            width,
                 Font              font,
                 guint32           color,
                 const char       *label,
                 const char       *amount)
{
  double h1 = add_text (r, x, y, width * 0.55, font, color, PANGO_ALIGN_LEFT, label);
  double h2 = add_text (r, x + width * 0.45, y, width * 0.55, font, color, PANGO_ALIGN_RIGHT,
                        amount);

  return MAX (h1, h2);
}

/* The VAT breakdown on the left and the sums on the right, side by side;
 * a template may have either alone. */
static void
build_totals (KtDocumentRender *r,
              Source           *src,
              gboolean          with_vat,
              gboolean          with_sums)
{
  const KtDocumentLayout *L = r->layout;
  const KtDocumentLabels *T = r->labels;
  const KtDocumentTotals *t = &src->totals;
  double W = r->content_width;
  double vat_w = W * 0.52;
  double tot_x = W * 0.58, tot_w = W - tot_x;
  double ly = 0, ry = 0;
  g_autofree char *reasons = exemption_reasons (src);

  /* Left: the VAT per rate. */
  if (with_vat)
    {
      double c1 = vat_w * 0.22, c2 = vat_w * 0.42;
      double h, base_h;

      ly += add_text (r, 0, ly, vat_w, FONT_SMALL_BOLD, L->accent_color, PANGO_ALIGN_LEFT,
                      T->vat_breakdown) + 3;
      h = add_text (r, 0, ly, c1, FONT_SMALL, L->muted_color, PANGO_ALIGN_LEFT, T->vat_rate);
      base_h = add_text (r, c1, ly, c2, FONT_SMALL, L->muted_color, PANGO_ALIGN_RIGHT, T->vat_base);
      h = MAX (h, base_h);

      add_text (r, c1 + c2, ly, vat_w - c1 - c2, FONT_SMALL, L->muted_color, PANGO_ALIGN_RIGHT,
                T->vat_amount);
      ly += h + 2;
      add_hline (r, 0, ly, vat_w, L->rule_color, RULE);
      ly += 3;
      for (guint i = 0; i < t->n_vat_groups; i++)
        {
          const KtVatGroup *g = &t->vat_groups[i];
          g_autofree char *rate = format_percent (r, g->vat_bps);
          g_autofree char *base = format_number (r, g->net);
          g_autofree char *tax = format_number (r, g->tax);

          h = add_text (r, 0, ly, c1, FONT_BODY, L->text_color, PANGO_ALIGN_LEFT, rate);
          add_text (r, c1, ly, c2, FONT_BODY, L->text_color, PANGO_ALIGN_RIGHT, base);
          add_text (r, c1 + c2, ly, vat_w - c1 - c2, FONT_BODY, L->text_color, PANGO_ALIGN_RIGHT,
                    tax);
          ly += h + 2;
          if (g->vat_bps == 0 && reasons != NULL)
            ly += add_field (r, 0, ly, vat_w, FONT_SMALL, T->vat_exemption, reasons) + 2;
        }
    }

  /* Right: the sums, then the amount due on a band. */
  if (with_sums)
    {
      g_autofree char *subtotal = format_money (r, t->subtotal);
      g_autofree char *discount = format_money (r, -t->discount);
      g_autofree char *net = format_money (r, t->net);
      g_autofree char *tax = format_money (r, t->tax);
      g_autofree char *total = format_money (r, t->total);
      const char *total_label = r->kind == KT_DOCUMENT_KIND_INVOICE
                                ? T->total_invoice : T->total_other;
      double h;

      if (t->discount != 0)
        {
          ry += add_amount_line (r, tot_x, ry, tot_w, FONT_BODY, L->text_color, T->subtotal,
                                 subtotal) + 3;
          ry += add_amount_line (r, tot_x, ry, tot_w, FONT_BODY, L->text_color, T->discount,
                                 discount) + 3;
        }
      ry += add_amount_line (r, tot_x, ry, tot_w, FONT_BODY, L->text_color, T->net, net) + 3;
      ry += add_amount_line (r, tot_x, ry, tot_w, FONT_BODY, L->text_color, T->vat, tax) + 4;
      {
        guint first = r->block->len;
        Op band = { .kind = OP_FILL, .x = tot_x - PAD, .y = ry, .w = tot_w + PAD, .color = L->fill_color };

        h = add_amount_line (r, tot_x, ry + PAD + 1, tot_w - PAD, FONT_TOTAL,
                             L->style == KT_DOCUMENT_STYLE_MODERN ? 0xffffff : L->accent_color,
                             total_label, total);
        if (L->style == KT_DOCUMENT_STYLE_MODERN)
          band.color = L->accent_color;
        band.h = h + 2 * PAD + 2;
        g_array_insert_val (r->block, first, band);
        add_hline (r, tot_x - PAD, ry, tot_w + PAD, L->accent_color, 1.0);
        ry += band.h;
      }
    }

  place_block (r, MAX (ly, ry) + GAP, 0);
}

/* The amount in words, across the page. */
static void
build_words (KtDocumentRender *r,
             Source           *src)
{
  g_autofree char *words = kt_money_in_words (src->totals.total, r->currency, r->lang);

  if (words != NULL)
    {
      double h = add_field (r, 0, 0, r->content_width, FONT_BODY, r->labels->in_words, words);

      place_block (r, h + GAP, 0);
    }
}

/* Notes as flowing paragraphs of @width at the left margin, one block
 * each, so long notes go on over the next pages. */
static void
build_notes_flowing (KtDocumentRender *r,
                     const char       *notes)
{
  const KtDocumentLayout *L = r->layout;
  g_auto(GStrv) paragraphs = g_strsplit (notes, "\n", -1);
  double h;

  h = add_text (r, 0, 0, r->content_width, FONT_SMALL_BOLD, L->accent_color, PANGO_ALIGN_LEFT,
                r->labels->notes) + 3;
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      h += add_text (r, 0, h, r->content_width, FONT_BODY, L->text_color, PANGO_ALIGN_LEFT,
                     *paragraphs[i] != '\0' ? paragraphs[i] : " ");
      place_block (r, h, i == 0 ? 20 : 0);
      h = 0;
    }
  r->y += GAP;
}

/* How to pay and the notes on the left, the QR code on the right. Notes
 * taller than this row may be flow on their own after it. */
static void
build_payment (KtDocumentRender *r,
               Source           *src,
               gboolean          with_notes)
{
  const KtDocumentLayout *L = r->layout;
  const KtDocumentLabels *T = r->labels;
  double W = r->content_width;
  double text_w = r->qr != NULL ? W - L->qr_size - 5 * GAP : W;
  double y = 0, h;
  const char *iban = org_string (src->seller, "iban");
  const char *bic = org_string (src->seller, "bic");
  const char *notes = with_notes ? doc_string (src->doc, "notes") : NULL;
  guint notes_start;

  if (r->kind == KT_DOCUMENT_KIND_INVOICE)
    {
      g_autofree char *due = format_date (r, doc_string (src->doc, "due_date"));
      g_autofree char *how = NULL;

      if (iban != NULL)
        how = g_strdup_printf ("%s, %s %s%s%s", T->bank_transfer, T->iban, iban,
                               bic != NULL ? ", BIC " : "", bic != NULL ? bic : "");
      y += add_text (r, 0, y, text_w, FONT_SMALL_BOLD, L->accent_color, PANGO_ALIGN_LEFT,
                     T->payment) + 3;
      h = add_text (r, 0, y, text_w, FONT_BODY, L->text_color, PANGO_ALIGN_LEFT, how);
      y += h > 0 ? h + 1 : 0;
      h = add_field (r, 0, y, text_w, FONT_BODY, T->due_date, due);
      y += h > 0 ? h + GAP : GAP;
    }

  /* The notes go beside the code when they are short. */
  notes_start = r->block->len;
  if (notes != NULL)
    {
      y += add_text (r, 0, y, text_w, FONT_SMALL_BOLD, L->accent_color, PANGO_ALIGN_LEFT,
                     T->notes) + 3;
      y += add_text (r, 0, y, text_w, FONT_BODY, L->text_color, PANGO_ALIGN_LEFT, notes);
      if (y > 2 * L->qr_size)
        {
          g_array_remove_range (r->block, notes_start, r->block->len - notes_start);
          y = 0;
          for (guint i = 0; i < r->block->len; i++)
            {
              const Op *op = &g_array_index (r->block, Op, i);

              y = MAX (y, op->y + op->h);
            }
        }
      else
        notes = NULL;
    }

  if (r->qr != NULL)
    {
      Op op = { .kind = OP_QR, .x = W - L->qr_size, .y = 0, .w = L->qr_size, .h = L->qr_size,
                .color = 0x000000 };
      double ch;

      add_op (r, &op);
      /* The caption may be a little wider than the code: centred under it. */
      ch = add_text (r, W - L->qr_size - 2 * GAP, L->qr_size, L->qr_size + 4 * GAP, FONT_SMALL,
                     L->muted_color, PANGO_ALIGN_CENTER, T->scan_to_pay);
      y = MAX (y, L->qr_size + ch);
    }

  if (y > 0)
    place_block (r, y + GAP, 0);
  if (notes != NULL)
    build_notes_flowing (r, notes);
}

static void
build_signatures (KtDocumentRender *r,
                  Source           *src)
{
  const KtDocumentLayout *L = r->layout;
  const KtDocumentLabels *T = r->labels;
  double W = r->content_width;
  double col = (W - 3 * GAP) / 2;
  const char *names[2] = { doc_string (src->doc, "client_mol"), org_string (src->seller, "mol") };
  const char *labels[2] = { T->received_by, T->issued_by };
  double h = 0;

  for (guint i = 0; i < 2; i++)
    {
      double x = i * (col + 3 * GAP);
      double y = 24;
      g_autofree char *label = g_strdup_printf ("%s:", labels[i]);

      /* The label, then the line to sign on, the name under it. */
      add_text (r, x, y - 10, 0, FONT_BODY, L->text_color, PANGO_ALIGN_LEFT, label);
      add_hline (r, x + 70, y + 1, col - 70, L->text_color, RULE);
      y += 4;
      if (names[i] != NULL)
        y += add_text (r, x + 70, y, col - 70, FONT_SMALL, L->text_color, PANGO_ALIGN_CENTER,
                       names[i]);
      y += add_text (r, x + 70, y, col - 70, FONT_SMALL, L->muted_color, PANGO_ALIGN_CENTER,
                     T->signature);
      h = MAX (h, y);
    }
  place_block (r, h + GAP, 0);
}

/* @tmpl expanded over the document's context as Pango markup; text that
 * is not valid markup (a stray "<" the author typed) prints as written
 * rather than not at all. NULL when it expands to nothing. */
static char *
expand_text (KtDocumentRender *r,
             const KtTmpl     *tmpl)
{
  KtTmplRenderOptions options = { .language = r->lang, .currency = r->currency };
  g_autofree char *text = NULL;

  if (tmpl == NULL || r->context == NULL)
    return NULL;
  text = kt_tmpl_render (tmpl, r->context, &options, NULL);
  if (text == NULL)
    return NULL;
  g_strstrip (text);
  if (*text == '\0')
    return NULL;
  if (!pango_parse_markup (text, -1, 0, NULL, NULL, NULL, NULL))
    return g_markup_escape_text (text, -1);
  return g_steal_pointer (&text);
}

/* A text of the template: its paragraphs (split at empty lines) flow as
 * the notes do, over pages when long. */
static void
build_text (KtDocumentRender *r,
            const KtTmpl     *tmpl)
{
  g_autofree char *markup = expand_text (r, tmpl);
  g_auto(GStrv) paragraphs = NULL;

  if (markup == NULL)
    return;
  paragraphs = g_strsplit (markup, "\n\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      const char *para = paragraphs[i];
      double h;

      /* A paragraph cut from its neighbours may not be valid markup
       * alone (a <b> over an empty line). */
      if (!pango_parse_markup (para, -1, 0, NULL, NULL, NULL, NULL))
        continue;
      h = add_text_full (r, 0, 0, r->content_width, FONT_BODY, r->layout->text_color,
                         PANGO_ALIGN_LEFT, para, TRUE);
      if (h > 0)
        place_block (r, h + 4, 0);
    }
  r->y += GAP - 4;
}

/* The rule, the running title (or the template's footer) and "Page N of
 * M" at the foot of each page. */
static void
build_footers (KtDocumentRender *r)
{
  const KtDocumentLayout *L = r->layout;
  guint n = r->pages->len;

  for (guint p = 0; p < n; p++)
    {
      g_autofree char *num = g_strdup_printf ("%u", p + 1);
      g_autofree char *total = g_strdup_printf ("%u", n);
      g_autofree char *page = NULL;
      g_autofree char *left = NULL;
      double y = L->page_height - L->margin_bottom - FOOTER_HEIGHT + 8;
      double left_w = L->no_page_numbers ? r->content_width : r->content_width * 0.7;

      page = fill_label (r->labels->page_of, "{page}", num, "{pages}", total);
      add_hline (r, 0, 0, r->content_width, L->rule_color, RULE);
      if (L->footer != NULL && r->context != NULL)
        {
          json_object_set_int_member (r->context, "page", p + 1);
          json_object_set_int_member (r->context, "pages", n);
          left = expand_text (r, L->footer);
          if (left != NULL)
            {
              PangoLayout *l = make_layout (r, FONT_SMALL, left_w, PANGO_ALIGN_LEFT, left, TRUE);
              Op op = { .kind = OP_TEXT, .x = 0, .y = 3, .w = left_w, .color = L->muted_color,
                        .layout = l };

              /* One line: the footer has room for no more. */
              pango_layout_set_height (l, 0);
              pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
              op.h = layout_height (l);
              add_op (r, &op);
            }
        }
      else
        {
          left = r->kind == KT_DOCUMENT_KIND_OFFER
                 ? g_strdup (r->running_title)
                 : g_strdup_printf ("%s · %s", r->running_title,
                                    r->copy ? r->labels->copy : r->labels->original);
          add_text (r, 0, 3, left_w, FONT_SMALL, L->muted_color, PANGO_ALIGN_LEFT, left);
        }
      if (!L->no_page_numbers)
        add_text (r, r->content_width * 0.5, 3, r->content_width * 0.5, FONT_SMALL,
                  L->muted_color, PANGO_ALIGN_RIGHT, page);
      flush_block_to (r, g_ptr_array_index (r->pages, p), L->margin_left, y);
    }
}

/* The body without a template's list: the classic page. */
static const KtDocumentBlock classic_blocks[] = {
  { KT_TEMPLATE_BLOCK_PARTIES, NULL },
  { KT_TEMPLATE_BLOCK_ITEMS, NULL },
  { KT_TEMPLATE_BLOCK_VAT, NULL },
  { KT_TEMPLATE_BLOCK_TOTALS, NULL },
  { KT_TEMPLATE_BLOCK_WORDS, NULL },
  { KT_TEMPLATE_BLOCK_QR, NULL },
  { KT_TEMPLATE_BLOCK_NOTES, NULL },
  { KT_TEMPLATE_BLOCK_BODY, NULL },
  { KT_TEMPLATE_BLOCK_SIGNATURES, NULL },
};

/* The blocks in order. Two that share a row when they are next to each
 * other do so: the VAT breakdown beside the totals, the notes beside the
 * QR code. */
static void
build_body (KtDocumentRender *r,
            Source           *src)
{
  const KtDocumentBlock *blocks = r->layout->blocks != NULL ? r->layout->blocks : classic_blocks;
  guint n = r->layout->blocks != NULL ? r->layout->n_blocks : G_N_ELEMENTS (classic_blocks);

  for (guint i = 0; i < n; i++)
    {
      KtTemplateBlockKind next = i + 1 < n ? blocks[i + 1].kind : KT_TEMPLATE_N_BLOCKS;
      const char *notes;

      switch (blocks[i].kind)
        {
        case KT_TEMPLATE_BLOCK_PARTIES:
          build_parties (r, src);
          break;
        case KT_TEMPLATE_BLOCK_ITEMS:
          build_items (r, src);
          break;
        case KT_TEMPLATE_BLOCK_VAT:
        case KT_TEMPLATE_BLOCK_TOTALS:
          if (next == KT_TEMPLATE_BLOCK_VAT || next == KT_TEMPLATE_BLOCK_TOTALS)
            {
              build_totals (r, src, TRUE, TRUE);
              i++;
            }
          else
            build_totals (r, src, blocks[i].kind == KT_TEMPLATE_BLOCK_VAT,
                          blocks[i].kind == KT_TEMPLATE_BLOCK_TOTALS);
          break;
        case KT_TEMPLATE_BLOCK_WORDS:
          build_words (r, src);
          break;
        case KT_TEMPLATE_BLOCK_QR:
          build_payment (r, src, next == KT_TEMPLATE_BLOCK_NOTES);
          i += next == KT_TEMPLATE_BLOCK_NOTES;
          break;
        case KT_TEMPLATE_BLOCK_NOTES:
          if (next == KT_TEMPLATE_BLOCK_QR)
            {
              build_payment (r, src, TRUE);
              i++;
            }
          else if ((notes = doc_string (src->doc, "notes")) != NULL)
            build_notes_flowing (r, notes);
          break;
        case KT_TEMPLATE_BLOCK_BODY:
          build_text (r, r->layout->body);
          break;
        case KT_TEMPLATE_BLOCK_SIGNATURES:
          build_signatures (r, src);
          break;
        case KT_TEMPLATE_BLOCK_TEXT:
          build_text (r, blocks[i].text);
          break;
        case KT_TEMPLATE_N_BLOCKS:
        default:
          break;
        }
    }
}

/* Whether @layout has a text to expand, so the document's context is
 * worth building. */
static gboolean
has_texts (const KtDocumentLayout *L)
{
  if (L->header != NULL || L->body != NULL || L->footer != NULL)
    return TRUE;
  for (guint i = 0; L->blocks != NULL && i < L->n_blocks; i++)
    if (L->blocks[i].text != NULL)
      return TRUE;
  return FALSE;
}

/* ---- Construction ------------------------------------------------------- */

static PangoFontDescription *
font_new (const KtDocumentLayout *L,
          double                  size,
          PangoWeight             weight)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, L->font_family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, weight);
  return desc;
}

/* Brings r->pango up to date for @cr's target, if its font options differ
 * from the ones the text was measured with. Every
 * pango_cairo_update_context() sets the context's matrix, and that alone
 * makes every layout shape all its text again at its next use, even when
 * nothing that changes the text did change: for the PDF that was half the
 * cost of drawing a page (docs/performance.md). With unhinted metrics the
 * matrix does not change the layout, and cairo draws the glyphs for @cr's
 * own scale anyway. */
static void
update_pango (KtDocumentRender *r,
              cairo_t          *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_surface_get_font_options (cairo_get_target (cr), options);
  if (r->pango_options != NULL && cairo_font_options_equal (options, r->pango_options))
    {
      cairo_font_options_destroy (options);
      return;
    }
  pango_cairo_update_context (cr, r->pango);
  g_clear_pointer (&r->pango_options, cairo_font_options_destroy);
  r->pango_options = options;
}

/* Measures the text as for a PDF page, the usual target, so that drawing
 * the PDF does not measure it again (update_pango()). A surface without a
 * stream costs next to nothing. */
static void
measure_as_pdf (KtDocumentRender *r)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (NULL, NULL,
                                                                  r->layout->page_width,
                                                                  r->layout->page_height);
  cairo_t *cr = cairo_create (surface);

  update_pango (r, cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The thread's context for r->lang when no live document uses it. */
static gboolean
take_text_cache (KtDocumentRender *r)
{
  GPtrArray *caches = thread_text_caches ();

  for (guint i = 0; i < caches->len; i++)
    {
      TextCache *c = g_ptr_array_index (caches, i);

      if (strcmp (c->lang, r->lang) != 0)
        continue;
      if (g_atomic_int_get (&c->in_use))
        return FALSE;
      if (g_atomic_int_get (&c->stale))
        {
          g_ptr_array_remove_index_fast (caches, i);
          return FALSE;
        }
      g_atomic_int_set (&c->in_use, TRUE);
      r->text_cache = c;
      r->pango = g_object_ref (c->pango);
      r->pango_options = cairo_font_options_copy (c->options);
      return TRUE;
    }
  return FALSE;
}

/* Keeps r->pango, just measured for a PDF, as the thread's context for
 * r->lang, if it has none yet. */
static void
make_text_cache (KtDocumentRender *r)
{
  GPtrArray *caches = thread_text_caches ();
  TextCache *c;

  for (guint i = 0; i < caches->len; i++)
    if (strcmp (((TextCache *) g_ptr_array_index (caches, i))->lang, r->lang) == 0)
      return;
  if (caches->len >= TEXT_CACHE_MAX_LANGS)
    return;
  c = g_new0 (TextCache, 1);
  c->lang = g_strdup (r->lang);
  c->pango = g_object_ref (r->pango);
  c->options = cairo_font_options_copy (r->pango_options);
  c->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_atomic_int_set (&c->in_use, TRUE);
  g_ptr_array_add (caches, c);
  r->text_cache = c;
}

static void
release_text_cache (KtDocumentRender *r)
{
  TextCache *c = r->text_cache;

  if (c == NULL)
    return;
  r->text_cache = NULL;
  if (r->pango_options == NULL || !cairo_font_options_equal (r->pango_options, c->options))
    g_atomic_int_set (&c->stale, TRUE);
  g_atomic_int_set (&c->in_use, FALSE);
}

static void
setup_pango (KtDocumentRender *r,
             PangoFontMap     *font_map)
{
  const KtDocumentLayout *L = r->layout;
  cairo_font_options_t *options;

  r->fonts[FONT_BODY] = font_new (L, L->font_size, PANGO_WEIGHT_NORMAL);
  r->fonts[FONT_BODY_BOLD] = font_new (L, L->font_size, PANGO_WEIGHT_BOLD);
  r->fonts[FONT_SMALL] = font_new (L, L->small_size, PANGO_WEIGHT_NORMAL);
  r->fonts[FONT_SMALL_BOLD] = font_new (L, L->small_size, PANGO_WEIGHT_BOLD);
  r->fonts[FONT_TITLE] = font_new (L, L->title_size, PANGO_WEIGHT_BOLD);
  r->fonts[FONT_NUMBER] = font_new (L, L->total_size + 2, PANGO_WEIGHT_BOLD);
  r->fonts[FONT_NAME] = font_new (L, L->font_size + 1, PANGO_WEIGHT_BOLD);
  r->fonts[FONT_TOTAL] = font_new (L, L->total_size, PANGO_WEIGHT_BOLD);
  for (guint i = 0; i < N_FONTS; i++)
    r->font_keys[i] = pango_font_description_to_string (r->fonts[i]);
  /* The thread's shared texts are laid out with its default font map. */
  if (font_map == NULL && take_text_cache (r))
    return;

  options = cairo_font_options_create ();
  r->pango = pango_font_map_create_context (font_map != NULL ? font_map
                                            : pango_cairo_font_map_get_default ());
  /* Unhinted metrics: the text measures the same at any scale, so the PDF
   * and every image of a page break their lines alike. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (r->pango, options);
  pango_cairo_context_set_resolution (r->pango, 72);
  pango_context_set_language (r->pango, pango_language_from_string (r->lang));
  pango_context_set_round_glyph_positions (r->pango, FALSE);
  cairo_font_options_destroy (options);
  measure_as_pdf (r);
  if (font_map == NULL)
    make_text_cache (r);
}

static void
setup_columns (KtDocumentRender *r)
{
  const KtDocumentLayout *L = r->layout;
  double fixed = 0, x = 0;
  guint flexible = 0;

  r->col_x = g_new0 (double, L->n_columns);
  r->col_w = g_new0 (double, L->n_columns);
  for (guint c = 0; c < L->n_columns; c++)
    {
      fixed += L->columns[c].width;
      flexible += L->columns[c].width <= 0;
    }
  for (guint c = 0; c < L->n_columns; c++)
    {
      r->col_x[c] = x;
      r->col_w[c] = L->columns[c].width > 0
                    ? L->columns[c].width
                    : MAX (20.0, (r->content_width - fixed) / MAX (flexible, 1u));
      x += r->col_w[c];
    }
}

static KtDocumentKind
kind_of (KtRecord *doc)
{
  if (kt_record_get_entity (doc) == KT_ENTITY_OFFER)
    return KT_DOCUMENT_KIND_OFFER;
  if (g_strcmp0 (doc_string (doc, "kind"), "credit_note") == 0)
    return KT_DOCUMENT_KIND_CREDIT_NOTE;
  return KT_DOCUMENT_KIND_INVOICE;
}

static void
setup_qr (KtDocumentRender *r,
          Source           *src)
{
  g_autoptr(GError) error = NULL;

  if (r->kind != KT_DOCUMENT_KIND_INVOICE)
    {
      r->qr_reason = g_strdup (_("Only invoices carry a payment QR code"));
      return;
    }
  r->qr_payload = kt_qr_payload_for_invoice (src->doc, src->seller, &error);
  if (r->qr_payload != NULL)
    r->qr = kt_qr_new (r->qr_payload, &error);
  if (r->qr == NULL)
    {
      g_clear_pointer (&r->qr_payload, g_free);
      r->qr_reason = g_strdup (error->message);
    }
}

/**
 * kt_document_render_new:
 * @source: the document, its items and the seller
 * @layout: (nullable): how it looks; NULL for the classic layout
 * @error: the totals' error when the items do not add up
 *
 * Returns: (transfer full) (nullable): the laid-out document
 */
KtDocumentRender *
kt_document_render_new (const KtDocumentSource *source,
                        const KtDocumentLayout *layout,
                        GError                **error)
{
  g_autoptr(KtDocumentRender) r = NULL;
  Source src = { 0 };
  const char *lang;
  const char *number;

  g_return_val_if_fail (source != NULL && source->document != NULL, NULL);
  g_return_val_if_fail (source->items != NULL, NULL);

  r = g_new0 (KtDocumentRender, 1);
  r->layout_copy = *(layout != NULL ? layout : kt_document_layout_classic ());
  r->layout = &r->layout_copy;
  /* The caller's choice, then the template's language, then the
   * document's. */
  lang = source->language != NULL ? source->language
         : r->layout->language != NULL ? r->layout->language
         : doc_string (source->document, "language");
  r->lang = g_strdup (lang != NULL && g_str_has_prefix (lang, "en") ? "en" : "bg");
  r->labels = kt_document_layout_get_labels (r->layout, r->lang);
  r->kind = kind_of (source->document);
  r->copy = source->copy;
  r->currency = g_strdup (doc_string (source->document, "currency") != NULL
                          ? doc_string (source->document, "currency") : KT_DEFAULT_CURRENCY);
  r->content_width = r->layout->page_width - r->layout->margin_left - r->layout->margin_right;
  number = doc_string (source->document, "number");
  r->number = g_strdup (number);
  r->running_title = g_strdup_printf ("%s %s %s", title_for_kind (r), r->labels->number_sign,
                                      number != NULL ? number : r->labels->draft);

  src.doc = source->document;
  src.seller = source->seller;
  src.credited = source->credited_invoice;
  src.items = g_ptr_array_new ();
  for (guint i = 0; i < source->items->len; i++)
    {
      KtRecord *item = g_ptr_array_index (source->items, i);

      if (!kt_record_get_deleted (item))
        g_ptr_array_add (src.items, item);
    }
  g_ptr_array_sort (src.items, compare_position);
  if (!kt_invoice_compute_totals (source->document, src.items, &src.totals, error))
    {
      g_ptr_array_unref (src.items);
      return NULL;
    }

  setup_pango (r, source->font_map);
  setup_columns (r);
  setup_qr (r, &src);
  if (r->layout->logo != NULL)
    r->logo = fit_logo (cairo_surface_reference (r->layout->logo), r->layout->logo_width,
                        r->layout->logo_height);
  else
    r->logo = cached_logo (org_string (source->seller, "logo"), r->layout->logo_width,
                           r->layout->logo_height);
  /* The values a template's texts print: the totals added up above, so
   * this cannot fail where they did not. */
  if (has_texts (r->layout))
    r->context = kt_tmpl_context_new (src.doc, src.items, src.seller, src.credited, r->lang, NULL);

  r->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  r->block = ops_new ();
  new_page (r);
  build_top (r, &src);
  build_text (r, r->layout->header);
  build_body (r, &src);
  build_footers (r);

  kt_document_totals_clear (&src.totals);
  g_ptr_array_unref (src.items);
  return g_steal_pointer (&r);
}

void
kt_document_render_free (KtDocumentRender *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->pages, g_ptr_array_unref);
  g_clear_pointer (&r->block, g_array_unref);
  release_text_cache (r);
  for (guint i = 0; i < N_FONTS; i++)
    {
      g_clear_pointer (&r->fonts[i], pango_font_description_free);
      g_free (r->font_keys[i]);
    }
  g_clear_object (&r->pango);
  g_clear_pointer (&r->pango_options, cairo_font_options_destroy);
  g_clear_pointer (&r->qr, kt_qr_free);
  g_clear_pointer (&r->logo, cairo_surface_destroy);
  g_clear_pointer (&r->context, json_object_unref);
  g_free (r->qr_payload);
  g_free (r->qr_reason);
  g_free (r->col_x);
  g_free (r->col_w);
  g_free (r->lang);
  g_free (r->currency);
  g_free (r->running_title);
  g_free (r->number);
  g_free (r);
}

KtDocumentKind
kt_document_render_get_kind (KtDocumentRender *r)
{
  return r->kind;
}

guint
kt_document_render_get_n_pages (KtDocumentRender *r)
{
  return r->pages->len;
}

double
kt_document_render_get_page_width (KtDocumentRender *r)
{
  return r->layout->page_width;
}

double
kt_document_render_get_page_height (KtDocumentRender *r)
{
  return r->layout->page_height;
}

const char *
kt_document_render_get_qr_payload (KtDocumentRender *r)
{
  return r->qr_payload;
}

const char *
kt_document_render_get_qr_reason (KtDocumentRender *r)
{
  return r->qr_reason;
}

/**
 * kt_document_render_dup_filename:
 * @render: a laid-out document
 *
 * Returns: (transfer full): e.g. "invoice-0000000123.pdf"
 */
char *
kt_document_render_dup_filename (KtDocumentRender *r)
{
  const char *kind = r->kind == KT_DOCUMENT_KIND_CREDIT_NOTE ? "credit-note"
                     : r->kind == KT_DOCUMENT_KIND_OFFER ? "offer" : "invoice";
  GString *out = g_string_new (kind);

  g_string_append_c (out, '-');
  if (r->number == NULL)
    g_string_append (out, "draft");
  /* Anything but letters, digits, '-' and '_' of a number becomes '_'. */
  for (const char *p = r->number; p != NULL && *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '_');
  g_string_append (out, ".pdf");
  return g_string_free (out, FALSE);
}

/* ---- Drawing ------------------------------------------------------------ */

void
kt_document_render_draw_page (KtDocumentRender *r,
                              cairo_t          *cr,
                              guint             page)
{
  GArray *ops;

  g_return_if_fail (r != NULL && cr != NULL);
  g_return_if_fail (page < r->pages->len);

  ops = g_ptr_array_index (r->pages, page);
  /* Another target's font options (an image's) measure the text again;
   * with unhinted metrics the lines break as they did when measured. */
  update_pango (r, cr);
  cairo_save (cr);
  for (guint i = 0; i < ops->len; i++)
    {
      const Op *op = &g_array_index (ops, Op, i);

      set_color (cr, op->color);
      switch (op->kind)
        {
        case OP_TEXT:
          cairo_move_to (cr, op->x, op->y);
          pango_cairo_show_layout (cr, op->layout);
          break;
        case OP_FILL:
          cairo_rectangle (cr, op->x, op->y, op->w, op->h);
          cairo_fill (cr);
          break;
        case OP_STROKE:
          cairo_set_line_width (cr, op->line_width);
          cairo_rectangle (cr, op->x, op->y, op->w, op->h);
          cairo_stroke (cr);
          break;
        case OP_LINE:
          cairo_set_line_width (cr, op->line_width);
          cairo_move_to (cr, op->x, op->y);
          cairo_line_to (cr, op->x + op->w, op->y + op->h);
          cairo_stroke (cr);
          break;
        case OP_IMAGE:
          cairo_save (cr);
          cairo_translate (cr, op->x, op->y);
          cairo_scale (cr, op->w / cairo_image_surface_get_width (op->image),
                       op->h / cairo_image_surface_get_height (op->image));
          cairo_set_source_surface (cr, op->image, 0, 0);
          cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
          cairo_paint (cr);
          cairo_restore (cr);
          break;
        case OP_QR:
          kt_qr_draw (r->qr, cr, op->x, op->y, op->w);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  cairo_restore (cr);
}

/* The QR code on the PDF writer: its modules as a 1-bit stencil, placed
 * as kt_qr_draw() places them on a cairo_t. */
static void
write_qr (KtDocumentRender *r,
          KtPdfWriter      *w,
          const Op         *op)
{
  guint n = kt_qr_get_width (r->qr);
  guint stride = (n + 7) / 8;
  g_autofree guint8 *bits = g_malloc0 ((gsize) stride * n);
  double module = op->w / (n + 2 * KT_QR_QUIET_ZONE);

  for (guint row = 0; row < n; row++)
    for (guint col = 0; col < n; col++)
      if (kt_qr_is_dark (r->qr, col, row))
        bits[row * stride + col / 8] |= 0x80 >> (col % 8);
  kt_pdf_writer_stencil (w, bits, n, n, stride, op->x + KT_QR_QUIET_ZONE * module,
                        op->y + KT_QR_QUIET_ZONE * module, n * module, n * module, op->color);
}

/* Every page on kt-pdf-writer.c, or NULL when a page holds what it cannot
 * write (a font it does not embed, an underline): then cairo writes it. */
static GBytes *
write_pdf_direct (KtDocumentRender *r)
{
  g_autoptr(KtPdfWriter) w = kt_pdf_writer_new (r->layout->page_width, r->layout->page_height,
                                                r->running_title, "Kantora");

  /* The layouts were measured for a PDF; an image drawn meanwhile (the
   * preview's) measured them again for its own target, so measure them
   * for a PDF again, as drawing on cairo's PDF surface would. */
  if (r->pango_options == NULL ||
      cairo_font_options_get_hint_metrics (r->pango_options) != CAIRO_HINT_METRICS_OFF)
    measure_as_pdf (r);
  for (guint p = 0; p < r->pages->len; p++)
    {
      GArray *ops = g_ptr_array_index (r->pages, p);

      kt_pdf_writer_begin_page (w);
      for (guint i = 0; i < ops->len; i++)
        {
          const Op *op = &g_array_index (ops, Op, i);

          switch (op->kind)
            {
            case OP_TEXT:
              if (!kt_pdf_writer_show_layout (w, op->layout, op->x, op->y, op->color))
                return NULL;
              break;
            case OP_FILL:
              kt_pdf_writer_fill_rect (w, op->x, op->y, op->w, op->h, op->color);
              break;
            case OP_STROKE:
              kt_pdf_writer_stroke_rect (w, op->x, op->y, op->w, op->h, op->line_width,
                                         op->color);
              break;
            case OP_LINE:
              kt_pdf_writer_line (w, op->x, op->y, op->x + op->w, op->y + op->h, op->line_width,
                                  op->color);
              break;
            case OP_IMAGE:
              if (!kt_pdf_writer_image (w, op->image, op->x, op->y, op->w, op->h))
                return NULL;
              break;
            case OP_QR:
              write_qr (r, w, op);
              break;
            default:
              g_assert_not_reached ();
            }
        }
      kt_pdf_writer_end_page (w);
    }
  return kt_pdf_writer_finish (w);
}

/* The PDF through cairo's PDF surface, as every PDF was made before
 * kt-pdf-writer.c; what write_pdf_direct() cannot write comes here. */
static gboolean
write_pdf_cairo (KtDocumentRender   *r,
                 cairo_write_func_t  write_func,
                 gpointer            closure,
                 GError            **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (r != NULL && write_func != NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (write_func, closure, r->layout->page_width,
                                                 r->layout->page_height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, r->running_title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kantora");
  cr = cairo_create (surface);
  for (guint p = 0; p < r->pages->len; p++)
    {
      kt_document_render_draw_page (r, cr, p);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the PDF: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_document_render_write_pdf (KtDocumentRender   *r,
                              cairo_write_func_t  write_func,
                              gpointer            closure,
                              GError            **error)
{
  g_autoptr(GBytes) pdf = NULL;
  gsize len;
  const guint8 *data;
  cairo_status_t status;

  g_return_val_if_fail (r != NULL && write_func != NULL, FALSE);

  pdf = write_pdf_direct (r);
  if (pdf == NULL)
    return write_pdf_cairo (r, write_func, closure, error);
  data = g_bytes_get_data (pdf, &len);
  status = write_func (closure, data, len);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the PDF: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * kt_document_render_to_pdf_bytes:
 * @render: a laid-out document
 * @error: cairo's error
 *
 * Returns: (transfer full) (nullable): the PDF
 */
GBytes *
kt_document_render_to_pdf_bytes (KtDocumentRender  *r,
                                 GError           **error)
{
  GBytes *pdf = write_pdf_direct (r);

  if (pdf != NULL)
    return pdf;
  return kt_document_render_to_pdf_bytes_cairo (r, error);
}

/**
 * kt_document_render_to_pdf_bytes_cairo:
 * @render: a laid-out document
 * @error: cairo's error
 *
 * Returns: (transfer full) (nullable): the PDF, written by cairo
 */
GBytes *
kt_document_render_to_pdf_bytes_cairo (KtDocumentRender  *r,
                                       GError           **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_sized_new (64 * 1024);

  if (!write_pdf_cairo (r, append_bytes, buf, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

gboolean
kt_document_render_to_pdf_file (KtDocumentRender  *r,
                                const char        *path,
                                GError           **error)
{
  g_autoptr(GBytes) pdf = kt_document_render_to_pdf_bytes (r, error);

  if (pdf == NULL)
    return FALSE;
  return g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), error);
}

/**
 * kt_document_render_page_image:
 * @render: a laid-out document
 * @page: 0-based
 * @dpi: dots per inch
 *
 * Returns: (transfer full): page @page on white
 */
cairo_surface_t *
kt_document_render_page_image (KtDocumentRender *r,
                               guint             page,
                               double            dpi)
{
  double scale = dpi / 72.0;
  int w = (int) (r->layout->page_width * scale + 0.5);
  int h = (int) (r->layout->page_height * scale + 0.5);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  kt_document_render_draw_page (r, cr, page);
  cairo_destroy (cr);
  return surface;
}
