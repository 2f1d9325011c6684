/* kt-pdf-page.c: a document's PDF from what its page shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pdf-page"

#include "config.h"

#include <string.h>

#include "kt-document-template.h"
#include "kt-pdf-page.h"

char *
kt_pdf_page_etag (const char     *org_id,
                  const KtEntity *document,
                  const char     *id,
                  const char     *stamp)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *parts[] = { KT_DOCUMENT_RENDER_VERSION, org_id, document->name, id, stamp };
  g_autofree char *hex = NULL;

  g_return_val_if_fail (org_id != NULL && document != NULL && id != NULL && stamp != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      /* A separator that no part contains keeps the parts apart. */
      g_checksum_update (sum, (const guchar *) parts[i], strlen (parts[i]));
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  hex = g_strndup (g_checksum_get_string (sum), 32);
  return g_strdup_printf ("\"%s\"", hex);
}

char *
kt_pdf_page_key (const char     *org_id,
                 const KtEntity *document,
                 const char     *id)
{
  g_return_val_if_fail (org_id != NULL && document != NULL && id != NULL, NULL);
  return g_strdup_printf ("%s/%s/%s", org_id, document->name, id);
}

GBytes *
kt_pdf_page_render (const KtPgPdfRecords  *records,
                    char                 **out_filename,
                    GError               **error)
{
  g_autoptr(KtDocumentRender) render = NULL;
  g_autoptr(KtDocumentTemplate) tmpl = NULL;
  GBytes *pdf;
  KtDocumentSource source = { 0, };

  g_return_val_if_fail (records != NULL && records->document != NULL, NULL);
  g_return_val_if_fail (out_filename != NULL, NULL);

  source.document = records->document;
  source.items = records->items;
  source.seller = records->seller;
  source.credited_invoice = records->credited;
  tmpl = kt_document_template_for (records->document, records->templates);
  render = kt_document_template_render (tmpl, &source, error);
  if (render == NULL)
    return NULL;
  pdf = kt_document_render_to_pdf_bytes (render, error);
  if (pdf == NULL)
    return NULL;
  *out_filename = kt_document_render_dup_filename (render);
  return pdf;
}
