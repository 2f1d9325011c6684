/* kt-pdf-page.h: a document's PDF from what its page shows
 *
 * The PDF route (routes/kt-route-pdf.c), the pre-renderer
 * (kt-pdf-prerender.h) and the mail job's attachment (kt-job-mail.c) name
 * and draw a page the same way, so that a PDF rendered in the background
 * is the very answer the route would render on demand, under the same
 * strong ETag. Here, in the jobs' layer: the lowest that has both the
 * store and the renderer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kantora-shared.h"
#include "kt-pg-pdf.h"

G_BEGIN_DECLS

/* The strong ETag (quoted) of @id's page as of @stamp (kt_pg_pdf_stamp()):
 * the renderer's version, the organization, the kind and the stamp. */
char   *kt_pdf_page_etag      (const char     *org_id,
                               const KtEntity *document,
                               const char     *id,
                               const char     *stamp);
/* The key of kt_pdf_cache_note_document(): organization, kind, id. */
char   *kt_pdf_page_key       (const char     *org_id,
                               const KtEntity *document,
                               const char     *id);
/* Draws @records with the organization's default template of the
 * document's kind (the built-in layout when there is none). Returns the
 * PDF and its file name in @out_filename. */
GBytes *kt_pdf_page_render    (const KtPgPdfRecords  *records,
                               char                 **out_filename,
                               GError               **error);

G_END_DECLS
