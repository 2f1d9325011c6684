/* kt-document-preview.h: a document's pages as they print, with Print and
 * Save as PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_DOCUMENT_PREVIEW (kt_document_preview_get_type ())
G_DECLARE_FINAL_TYPE (KtDocumentPreview, kt_document_preview, KT, DOCUMENT_PREVIEW, AdwWindow)

/* Lays @doc out (render/, the path the server's PDF route takes too) and
 * draws its pages into images on a worker thread, then shows them one
 * under the other. NULL with @error when the document cannot be laid out. */
KtDocumentPreview *kt_document_preview_new        (KtStore            *store,
                                                   KtRecord           *doc,
                                                   GError            **error);
/* How many pages are shown: 0 until the worker is done. */
guint              kt_document_preview_get_n_shown (KtDocumentPreview *self);
guint              kt_document_preview_get_n_pages (KtDocumentPreview *self);
/* What Save as PDF writes once a file is chosen. */
gboolean           kt_document_preview_save_pdf    (KtDocumentPreview *self,
                                                    const char        *path,
                                                    GError           **error);

G_END_DECLS
