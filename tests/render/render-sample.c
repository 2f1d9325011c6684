/* render-sample.c: the sample document as a PDF and page images
 *
 *   build/tests/render/render-sample [--kind invoice|credit_note|offer]
 *       [--lang bg|en] [--lines N] [--copy] OUT.pdf [PAGE-PREFIX]
 *
 * writes OUT.pdf and, with PAGE-PREFIX, PAGE-PREFIX-N.png at 100 dpi: to
 * look at the layout (tests/render/README.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-document-sample.h"
#include "kt-document-template.h"

int
main (int argc, char **argv)
{
  g_autofree char *kind_name = NULL;
  g_autofree char *lang = NULL;
  int n_lines = 10;
  gboolean copy = FALSE;
  g_autofree char *template_id = NULL;
  g_autoptr(KtDocumentTemplate) tmpl = NULL;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name, "invoice, credit_note or offer", "KIND" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, "bg or en", "LANG" },
    { "lines", 0, 0, G_OPTION_ARG_INT, &n_lines, "number of lines", "N" },
    { "copy", 0, 0, G_OPTION_ARG_NONE, &copy, "a copy", NULL },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_id, "a built-in template: classic-bg…",
      "ID" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("OUT.pdf [PAGE-PREFIX]");
  g_autoptr(GError) error = NULL;
  g_autoptr(KtDocumentRender) render = NULL;
  KtDocumentKind kind = KT_DOCUMENT_KIND_INVOICE;
  KtDocumentSample sample;
  KtDocumentSource source;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc < 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "OUT.pdf is missing");
      return 2;
    }
  if (g_strcmp0 (kind_name, "credit_note") == 0)
    kind = KT_DOCUMENT_KIND_CREDIT_NOTE;
  else if (g_strcmp0 (kind_name, "offer") == 0)
    kind = KT_DOCUMENT_KIND_OFFER;

  kt_document_sample_init (&sample, kind, lang != NULL ? lang : "bg", (guint) MAX (n_lines, 0));
  kt_document_sample_source (&sample, &source);
  source.copy = copy;
  /* A template in a language of its own prints in it, unless asked. */
  if (template_id != NULL && lang == NULL)
    source.language = NULL;
  if (template_id != NULL && (tmpl = kt_document_template_new_builtin (template_id)) == NULL)
    {
      g_printerr ("No built-in template %s\n", template_id);
      kt_document_sample_clear (&sample);
      return 2;
    }
  render = kt_document_template_render (tmpl, &source, &error);
  if (render == NULL || !kt_document_render_to_pdf_file (render, argv[1], &error))
    {
      g_printerr ("%s\n", error->message);
      kt_document_sample_clear (&sample);
      return 1;
    }
  for (guint p = 0; argc > 2 && p < kt_document_render_get_n_pages (render); p++)
    {
      cairo_surface_t *image = kt_document_render_page_image (render, p, 100);
      g_autofree char *path = g_strdup_printf ("%s-%u.png", argv[2], p + 1);

      cairo_surface_write_to_png (image, path);
      cairo_surface_destroy (image);
    }
  g_print ("%u pages; QR: %s\n", kt_document_render_get_n_pages (render),
           kt_document_render_get_qr_payload (render) != NULL
           ? kt_document_render_get_qr_payload (render)
           : kt_document_render_get_qr_reason (render));
  kt_document_sample_clear (&sample);
  return 0;
}
