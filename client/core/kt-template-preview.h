/* kt-template-preview.h: a document template rendered for the studio
 *
 * The template studio's preview without a widget: a document_template
 * record as the editor holds it (unsaved text included) rendered on a
 * document (the sample of render/kt-document-sample.h, or a real invoice
 * or offer loaded from the store) to PDF bytes through
 * render/kt-document-template.h, the path the printed documents take.
 * The compilation's errors come back with their field, line and column,
 * for the editor to mark.
 *
 * kt_template_preview_render() is synchronous and touches nothing but its
 * arguments, so the studio runs it on a worker thread (GTask) and the
 * benchmark calls the same function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-document-sample.h"
#include "kt-store.h"
#include "kt-document-template.h"

G_BEGIN_DECLS

/* The text fields of a document_template, in the editor's order. */
extern const char * const kt_template_text_fields[];

typedef struct {
  GBytes    *pdf;          /* NULL when the template has errors */
  guint      n_pages;
  GPtrArray *issues;       /* of KtDocumentTemplateError, empty when none */
} KtTemplatePreview;

void kt_template_preview_free (KtTemplatePreview *preview);

/* Renders @template_record on @document. Returns NULL only when
 * @cancellable was cancelled or rendering failed for another reason
 * (@error); errors of the template's text are issues, not a failure. */
KtTemplatePreview *kt_template_preview_render (KtRecord               *template_record,
                                               const KtDocumentSample *document,
                                               GCancellable           *cancellable,
                                               GError                **error);

/* Fills @document with the stored invoice or offer @doc, its items, the
 * cached seller and a credit note's invoice: what the printed PDF of it
 * reads. Clear it with kt_document_sample_clear(). */
gboolean kt_template_preview_load_document (KtStore          *store,
                                            KtRecord         *doc,
                                            KtDocumentSample *document,
                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtTemplatePreview, kt_template_preview_free)

G_END_DECLS
