/* kt-template-preview.c: a document template rendered for the studio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-template-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-documents.h"
#include "kt-entities.h"
#include "kt-template-preview.h"

const char * const kt_template_text_fields[] = { "header", "body", "footer", NULL };

void
kt_template_preview_free (KtTemplatePreview *preview)
{
  if (preview == NULL)
    return;
  g_clear_pointer (&preview->pdf, g_bytes_unref);
  g_clear_pointer (&preview->issues, g_ptr_array_unref);
  g_free (preview);
}

/**
 * kt_template_preview_render:
 *
 * Returns: (transfer full) (nullable): the preview
 */
KtTemplatePreview *
kt_template_preview_render (KtRecord               *template_record,
                            const KtDocumentSample *document,
                            GCancellable           *cancellable,
                            GError                **error)
{
  g_autoptr(KtTemplatePreview) preview = g_new0 (KtTemplatePreview, 1);
  g_autoptr(KtDocumentTemplate) tmpl = NULL;
  g_autoptr(KtDocumentRender) render = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  KtDocumentSource source = { 0 };

  g_return_val_if_fail (KT_IS_RECORD (template_record), NULL);
  g_return_val_if_fail (document != NULL && KT_IS_RECORD (document->document), NULL);

  tmpl = kt_document_template_new (template_record, &errors);
  if (tmpl == NULL)
    {
      preview->issues = errors != NULL ? g_steal_pointer (&errors)
                                       : g_ptr_array_new_with_free_func ((GDestroyNotify) kt_document_template_error_free);
      return g_steal_pointer (&preview);
    }
  preview->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_document_template_error_free);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  source.document = document->document;
  source.items = document->items;
  source.seller = document->seller;
  source.credited_invoice = document->credited_invoice;
  render = kt_document_template_render (tmpl, &source, error);
  if (render == NULL)
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  preview->n_pages = kt_document_render_get_n_pages (render);
  preview->pdf = kt_document_render_to_pdf_bytes (render, error);
  if (preview->pdf == NULL)
    return NULL;

  return g_steal_pointer (&preview);
}

gboolean
kt_template_preview_load_document (KtStore          *store,
                                   KtRecord         *doc,
                                   KtDocumentSample *document,
                                   GError          **error)
{
  const char *credited_id;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (doc), FALSE);
  g_return_val_if_fail (document != NULL, FALSE);

  memset (document, 0, sizeof *document);
  document->items = kt_document_load_items (store, doc, error);
  if (document->items == NULL)
    return FALSE;
  document->document = kt_record_copy (doc);
  document->seller = kt_document_load_organization (store);
  credited_id = kt_document_is_credit_note (doc) ? kt_record_get_string (doc, "credited_invoice_id") : NULL;
  if (credited_id != NULL)
    document->credited_invoice = kt_store_get (store, KT_ENTITY_INVOICE, credited_id, NULL);

  return TRUE;
}
