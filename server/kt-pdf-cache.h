/* kt-pdf-cache.h: rendered PDFs by their strong ETag
 *
 * Rendering an invoice costs some 9 ms of CPU; reading its change stamps
 * costs one query. The PDF routes keep what they rendered here (and the
 * pre-renderer what it rendered ahead, kt-pdf-prerender.h), keyed by
 * the ETag, which names the exact version of the document, its lines, the
 * organization and the renderer: an entry is never stale, only unused,
 * so several server instances each keep their own without coordinating.
 * The least recently used entries go when the bytes exceed the budget.
 * Thread-safe: every worker shares one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KtPdfCache KtPdfCache;

KtPdfCache *kt_pdf_cache_new    (gsize       max_bytes);
void        kt_pdf_cache_free   (KtPdfCache *cache);
/* The PDF and its file name under @etag (a new reference and a copy), or
 * NULL. */
GBytes     *kt_pdf_cache_lookup (KtPdfCache  *cache,
                                 const char  *etag,
                                 char       **out_filename);
/* Whether @etag is kept, without using it (not a hit, its place in the
 * order unchanged): the pre-renderer's check (kt-pdf-prerender.h). */
gboolean    kt_pdf_cache_contains (KtPdfCache *cache,
                                   const char *etag);
/* Keeps @pdf (a reference) unless it alone exceeds the budget. */
void        kt_pdf_cache_insert (KtPdfCache *cache,
                                 const char *etag,
                                 const char *filename,
                                 GBytes     *pdf);
/* Documents a PDF was kept of, by a key the caller makes (organization,
 * kind, id): a hint, not a promise (the entry may be gone, the version
 * old), that the next request of @document is likely a hit, so the PDF
 * route reads its stamp first; for a document not known here it reads
 * the stamp with the records, one round trip fewer for a render. The set
 * starts over when it reaches KT_PDF_CACHE_MAX_DOCUMENTS. */
#define KT_PDF_CACHE_MAX_DOCUMENTS 65536
void        kt_pdf_cache_note_document  (KtPdfCache *cache,
                                         const char *document);
gboolean    kt_pdf_cache_knows_document (KtPdfCache *cache,
                                         const char *document);
/* Bytes held and lookups answered, for tests and the benchmark. */
gsize       kt_pdf_cache_get_size (KtPdfCache *cache);
guint64     kt_pdf_cache_get_hits (KtPdfCache *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPdfCache, kt_pdf_cache_free)

G_END_DECLS
