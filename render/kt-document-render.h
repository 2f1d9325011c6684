/* kt-document-render.h: invoices, credit notes and offers as PDF pages
 *
 * The one rendering path of documents: the client's preview and print,
 * the server's PDF routes and the template studio all call this.
 *
 *   KtDocumentSource src = { .document = invoice, .items = items,
 *                            .seller = organization_json };
 *   g_autoptr(KtDocumentRender) r = kt_document_render_new (&src, NULL, &error);
 *   g_autoptr(GBytes) pdf = kt_document_render_to_pdf_bytes (r, &error);
 *
 * kt_document_render_new() lays the document out once (pango measures
 * every text, the items table is broken into pages), so the number of
 * pages is known before anything is drawn ("Page 2 of 3"); every output
 * then replays that layout: a PDF written to any stream (a file, memory,
 * a socket), one page on a caller's cairo_t (GtkPrintOperation gives one
 * per page), or one page as an image for previews and golden tests.
 *
 * Needs cairo, pango and libqrencode; no GTK, so the server links it.
 * A KtDocumentRender is not thread-safe; separate ones may be used in
 * separate threads. docs/documents.md describes the page as built.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <pango/pango.h>

#include "kt-document-layout.h"
#include "kt-record.h"

G_BEGIN_DECLS

typedef enum {
  KT_DOCUMENT_KIND_INVOICE,
  KT_DOCUMENT_KIND_CREDIT_NOTE,
  KT_DOCUMENT_KIND_OFFER,
} KtDocumentKind;

typedef struct {
  /* An invoice (its "kind" says invoice or credit note) or an offer. */
  KtRecord   *document;
  /* Its invoice_item or offer_item records, in any order (they are
   * sorted by "position"; deleted ones are skipped). */
  GPtrArray  *items;
  /* The seller: the organization's JSON as GET /v1/organization answers
   * ("name", "address", "city", "country", "vat_number", "eik", "mol",
   * "iban", "bic", "bank_name", "logo" as a data:image/png;base64 URI).
   * May be NULL (an empty seller block). */
  JsonObject *seller;
  /* A credit note's original invoice, for "to invoice No. … of …";
   * may be NULL. */
  KtRecord   *credited_invoice;
  /* "bg" or "en"; NULL takes the document's "language" field, then "bg". */
  const char *language;
  /* Print "COPY" instead of "ORIGINAL" (invoices and credit notes). */
  gboolean    copy;
  /* The fonts to lay out with; NULL takes this thread's default pango
   * cairo font map. A render that another thread will draw must not use
   * a font map that thread (or GTK) uses meanwhile: pango's fonts keep
   * caches that are not locked. */
  PangoFontMap *font_map;
} KtDocumentSource;

typedef struct _KtDocumentRender KtDocumentRender;

/* Changes whenever the same records would give different PDF bytes (the
 * layouts, the fonts' use, the labels): the server's PDF ETags include it,
 * so that a cached or a client's copy of an older rendering is not served
 * after an upgrade. */
#define KT_DOCUMENT_RENDER_VERSION "2"

/* Lays @source out with @layout (NULL: kt_document_layout_classic()).
 * Fails with the error of the totals when the items cannot be added up
 * (KT_ERROR_INVALID, KT_ERROR_OVERFLOW). Nothing of @source or @layout
 * is kept: the records and a template may change or go afterwards. */
KtDocumentRender *kt_document_render_new        (const KtDocumentSource *source,
                                                 const KtDocumentLayout *layout,
                                                 GError                **error);
void              kt_document_render_free       (KtDocumentRender *render);

KtDocumentKind    kt_document_render_get_kind    (KtDocumentRender *render);
guint             kt_document_render_get_n_pages (KtDocumentRender *render);
/* Page size in points. */
double            kt_document_render_get_page_width  (KtDocumentRender *render);
double            kt_document_render_get_page_height (KtDocumentRender *render);
/* What the QR code carries (the payment URL or the EPC payload), or NULL
 * when the document has none: then kt_document_render_get_qr_reason()
 * says why, translated (offers and credit notes carry none). */
const char       *kt_document_render_get_qr_payload (KtDocumentRender *render);
const char       *kt_document_render_get_qr_reason  (KtDocumentRender *render);

/* A file name for the PDF, ASCII so that it survives any file system and
 * a Content-Disposition header: "invoice-0000000123.pdf",
 * "credit-note-0000000131.pdf", "offer-draft.pdf". */
char             *kt_document_render_dup_filename (KtDocumentRender *render);

/* Draws page @page (0-based) on @cr in points, its top left corner at the
 * origin of @cr's user space. Scale @cr for other units. */
void              kt_document_render_draw_page  (KtDocumentRender *render,
                                                 cairo_t          *cr,
                                                 guint             page);

/* Every page as PDF, written through @write_func: by kt-pdf-writer.c
 * (fonts embedded and subset with harfbuzz, the subsets shared between
 * PDFs of the process), or by cairo's PDF surface for what that writer
 * does not handle (a CFF or variable font, an underline in a template's
 * text). */
gboolean          kt_document_render_write_pdf  (KtDocumentRender   *render,
                                                 cairo_write_func_t  write_func,
                                                 gpointer            closure,
                                                 GError            **error);
GBytes           *kt_document_render_to_pdf_bytes (KtDocumentRender  *render,
                                                   GError           **error);
/* The PDF as cairo's PDF surface writes it, whatever kt-pdf-writer.c
 * handles: for the tests that compare both, and the benchmark. */
GBytes           *kt_document_render_to_pdf_bytes_cairo (KtDocumentRender  *render,
                                                         GError           **error);
gboolean          kt_document_render_to_pdf_file  (KtDocumentRender  *render,
                                                   const char        *path,
                                                   GError           **error);

/* Page @page on a white ARGB32 image at @dpi dots per inch (a preview at
 * 96, golden tests at 100). */
cairo_surface_t  *kt_document_render_page_image (KtDocumentRender *render,
                                                 guint             page,
                                                 double            dpi);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDocumentRender, kt_document_render_free)

G_END_DECLS
