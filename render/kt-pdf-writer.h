/* kt-pdf-writer.h: a small PDF writer for what documents draw
 *
 * kt-document-render.c replays a page's drawing operations either on a
 * cairo_t (images, previews, printing) or on a KtPdfWriter (the PDF
 * bytes). The writer knows filled and stroked rectangles, lines, RGB
 * colours, PangoLayouts (their glyph runs, in TrueType fonts embedded as
 * CIDFontType2 with Identity-H, subset with harfbuzz), images with
 * alpha and 1-bit stencil masks. What it does not know (a CFF or a
 * variable font, an underline, a synthetic bold) makes the call return
 * FALSE, and the caller writes the whole PDF through cairo instead: never
 * a PDF that looks different.
 *
 * Why not cairo's PDF surface: it records, analyses and then writes every
 * page, and subsets and deflates every font for every PDF; that was 80 %
 * of an invoice's PDF (docs/performance.md). Here the content stream is
 * written once, directly, and the fonts' subsets are made once per
 * process for the glyphs used so far and shared by the PDFs after it
 * (fonts and images are cached process-wide, behind a lock: writers in
 * separate threads are fine; one writer is not thread-safe).
 *
 * Coordinates are in points, the origin at the page's top left, y down,
 * as on the cairo_t kt_document_render_draw_page() draws on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

G_BEGIN_DECLS

typedef struct _KtPdfWriter KtPdfWriter;

KtPdfWriter *kt_pdf_writer_new         (double       page_width,
                                        double       page_height,
                                        const char  *title,
                                        const char  *creator);
void         kt_pdf_writer_free        (KtPdfWriter *writer);

void         kt_pdf_writer_begin_page  (KtPdfWriter *writer);
void         kt_pdf_writer_end_page    (KtPdfWriter *writer);

void         kt_pdf_writer_fill_rect   (KtPdfWriter *writer,
                                        double       x,
                                        double       y,
                                        double       width,
                                        double       height,
                                        guint32      rgb);
void         kt_pdf_writer_stroke_rect (KtPdfWriter *writer,
                                        double       x,
                                        double       y,
                                        double       width,
                                        double       height,
                                        double       line_width,
                                        guint32      rgb);
void         kt_pdf_writer_line        (KtPdfWriter *writer,
                                        double       x0,
                                        double       y0,
                                        double       x1,
                                        double       y1,
                                        double       line_width,
                                        guint32      rgb);
/* @layout's top left at (@x, @y), in @rgb where its attributes set no
 * colour. FALSE when the layout uses what the writer cannot write. */
gboolean     kt_pdf_writer_show_layout (KtPdfWriter *writer,
                                        PangoLayout *layout,
                                        double       x,
                                        double       y,
                                        guint32      rgb);
/* An ARGB32 or RGB24 image scaled to @width x @height at (@x, @y). Its
 * PDF streams are made once per surface and kept on it (the logo, shared
 * between renders): the surface must not change afterwards. */
gboolean     kt_pdf_writer_image       (KtPdfWriter     *writer,
                                        cairo_surface_t *image,
                                        double           x,
                                        double           y,
                                        double           width,
                                        double           height);
/* A 1-bit mask of @columns x @rows (rows of @stride bytes, the first
 * pixel the highest bit, 1 paints) scaled to @width x @height without
 * smoothing, painted in @rgb. */
void         kt_pdf_writer_stencil     (KtPdfWriter  *writer,
                                        const guint8 *bits,
                                        guint         columns,
                                        guint         rows,
                                        guint         stride,
                                        double        x,
                                        double        y,
                                        double        width,
                                        double        height,
                                        guint32       rgb);

/* Ends the document: the fonts, images and the cross-reference table. */
GBytes      *kt_pdf_writer_finish      (KtPdfWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPdfWriter, kt_pdf_writer_free)

G_END_DECLS
