/* kt-template-preview.c: a document template rendered for the studio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-template-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pango.h>
#include <string.h>

#include "kt-documents.h"
#include "kt-entities.h"
#include "kt-error.h"
#include "kt-template-preview.h"
#include "kt-tmpl-context.h"

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

/* The template's text expanded over the document, as plain text: until
 * the renderer draws the template's texts in their blocks
 * (kt-document-template.h says it does not yet), the expanded text is
 * printed in the notes block, so the preview shows every keystroke on
 * the real PDF. */
static char *
expand_text (KtRecord   *template_record,
             JsonObject *context)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; kt_template_text_fields[i] != NULL; i++)
    {
      const char *text = kt_record_get_string (template_record, kt_template_text_fields[i]);
      g_autoptr(KtTmpl) tmpl = NULL;
      g_autofree char *markup = NULL;
      g_autofree char *plain = NULL;

      if (text == NULL || *text == '\0')
        continue;
      tmpl = kt_tmpl_parse (text, -1, NULL, NULL);
      if (tmpl == NULL)
        continue;
      markup = kt_tmpl_render (tmpl, context, NULL, NULL);
      if (markup == NULL)
        continue;
      /* The author's markup may be broken while they type: then the text
       * is shown as written. */
      if (!pango_parse_markup (markup, -1, 0, NULL, &plain, NULL, NULL))
        plain = g_steal_pointer (&markup);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, plain);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
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
  g_autoptr(KtRecord) doc = NULL;
  g_autoptr(JsonObject) context = NULL;
  g_autoptr(KtDocumentRender) render = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *text = NULL;
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

  context = kt_tmpl_context_new (document->document, document->items, document->seller,
                                 document->credited_invoice, NULL, error);
  if (context == NULL)
    return NULL;

  /* The document is the caller's: the text goes into a copy. */
  doc = kt_record_copy (document->document);
  text = expand_text (template_record, context);
  if (*text != '\0')
    kt_record_set_string (doc, "notes", text);

  source.document = doc;
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
