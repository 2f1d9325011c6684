/* test-render.c: documents as PDF and images (render/)
 *
 * The PDF's text as poppler extracts it, its fonts, the page breaks of a
 * long invoice, the QR code read back from a page image by zbarimg, and
 * page images against the golden ones in tests/render/golden/ (README.md
 * says how to make them again); document templates: the six built-in ones
 * as golden images, what a layout's columns, blocks and texts do, and
 * every way a template is refused, with its field and place.
 *
 *   test-render GOLDEN-DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "kantora-shared.h"
#include "kt-document-sample.h"
#include "kt-document-template.h"
#include "kt-qr.h"
#include "kt-words.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

/* poppler-glib 22.12 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerFontInfo, poppler_font_info_free)

static const char *golden_dir;

/* The text of every page, spaces of any width as plain spaces. */
static char *
pdf_text (GBytes  *pdf,
          guint   *n_pages,
          char  ***pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  int n;

  g_assert_no_error (error);
  n = poppler_document_get_n_pages (doc);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *raw = poppler_page_get_text (page);
      g_autoptr(GString) text = g_string_new (raw);

      g_string_replace (text, NNBSP, " ", 0);
      g_string_replace (text, NBSP, " ", 0);
      g_string_append (all, text->str);
      g_string_append_c (all, '\n');
      g_ptr_array_add (texts, g_string_free (g_steal_pointer (&text), FALSE));
    }
  g_ptr_array_add (texts, NULL);
  if (n_pages != NULL)
    *n_pages = (guint) n;
  if (pages != NULL)
    *pages = (char **) g_ptr_array_free (g_steal_pointer (&texts), FALSE);
  else
    g_strfreev ((char **) g_ptr_array_free (g_steal_pointer (&texts), FALSE));
  return g_string_free (g_steal_pointer (&all), FALSE);
}

static KtDocumentRender *
render_sample (KtDocumentSample *sample,
               KtDocumentKind    kind,
               const char       *lang,
               guint             n_lines)
{
  KtDocumentSource source;
  g_autoptr(GError) error = NULL;
  KtDocumentRender *render;

  kt_document_sample_init (sample, kind, lang, n_lines);
  kt_document_sample_source (sample, &source);
  render = kt_document_render_new (&source, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (render);
  return render;
}

static GBytes *
to_pdf (KtDocumentRender *render)
{
  g_autoptr(GError) error = NULL;
  GBytes *pdf = kt_document_render_to_pdf_bytes (render, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));
  return pdf;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not found in the PDF's text:\n%s", needle, text);
}

/* The Bulgarian invoice's text holds its title, number, parties in
 * Cyrillic, totals formatted for Bulgarian, VAT breakdown and page count. */
static void
test_pdf_text_bg (void)
{
  KtDocumentSample sample;
  g_autoptr(KtDocumentRender) render = render_sample (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
  g_autoptr(GBytes) pdf = to_pdf (render);
  g_autofree char *text = pdf_text (pdf, NULL, NULL);
  g_autofree char *total = kt_money_format (kt_record_get_int (sample.document, "total"),
                                            "EUR", "bg");
  g_autoptr(GString) total_text = g_string_new (total);

  g_string_replace (total_text, NNBSP, " ", 0);
  g_string_replace (total_text, NBSP, " ", 0);
  g_assert_cmpint (kt_record_get_int (sample.document, "total"), ==, 507254);
  assert_contains (text, "ФАКТУРА");
  assert_contains (text, "№ 0000000123");
  assert_contains (text, "ОРИГИНАЛ");
  assert_contains (text, "Кантора ООД");
  assert_contains (text, "Примерна Търговия ЕООД");
  assert_contains (text, "Мария Георгиева");
  assert_contains (text, "BG80BNBG96611020345678");
  assert_contains (text, "25.11.2026 г.");
  assert_contains (text, "09.12.2026 г.");
  assert_contains (text, "София");
  assert_contains (text, total_text->str);
  assert_contains (text, "5 072,54 €");
  assert_contains (text, "4 273,43 €");   /* the taxable amount */
  assert_contains (text, "799,11 €");     /* VAT */
  assert_contains (text, "3 915,43");     /* the 20 % base */
  assert_contains (text, "чл. 21, ал. 2 от ЗДДС");
  assert_contains (text, "Страница 1 от 1");
  assert_contains (text, "Получател");
  assert_contains (text, "Съставител");
  assert_contains (text, "Сканирайте, за да платите");
  {
    g_autofree char *words = kt_money_in_words (507254, "EUR", "bg");

    g_test_message ("in words: %s", words);
    assert_contains (text, "Словом:");
    assert_contains (text, words);
  }
  g_assert_cmpuint (kt_document_render_get_n_pages (render), ==, 1);
  kt_document_sample_clear (&sample);
}

static void
test_pdf_text_en (void)
{
  KtDocumentSample sample;
  g_autoptr(KtDocumentRender) render = render_sample (&sample, KT_DOCUMENT_KIND_INVOICE, "en", 10);
  g_autoptr(GBytes) pdf = to_pdf (render);
  g_autofree char *text = pdf_text (pdf, NULL, NULL);

  assert_contains (text, "INVOICE");
  assert_contains (text, "No. 0000000123");
  assert_contains (text, "€5,072.54");
  assert_contains (text, "25 November 2026");
  assert_contains (text, "Page 1 of 1");
  assert_contains (text, "Scan to pay");
  assert_contains (text, "20%");
  g_assert_null (strstr (text, "20 %"));
  kt_document_sample_clear (&sample);
}

/* A credit note names the invoice it credits and carries no QR code; an
 * offer says until when it holds. */
static void
test_credit_note_and_offer (void)
{
  KtDocumentSample cn, of;
  g_autoptr(KtDocumentRender) r1 = render_sample (&cn, KT_DOCUMENT_KIND_CREDIT_NOTE, "bg", 3);
  g_autoptr(KtDocumentRender) r2 = render_sample (&of, KT_DOCUMENT_KIND_OFFER, "bg", 3);
  g_autoptr(GBytes) p1 = to_pdf (r1);
  g_autoptr(GBytes) p2 = to_pdf (r2);
  g_autofree char *t1 = pdf_text (p1, NULL, NULL);
  g_autofree char *t2 = pdf_text (p2, NULL, NULL);

  g_assert_cmpint (kt_document_render_get_kind (r1), ==, KT_DOCUMENT_KIND_CREDIT_NOTE);
  {
    g_autofree char *n1 = kt_document_render_dup_filename (r1);
    g_autofree char *n2 = kt_document_render_dup_filename (r2);

    g_assert_cmpstr (n1, ==, "credit-note-0000000131.pdf");
    g_assert_cmpstr (n2, ==, "offer-0000000045.pdf");
  }
  assert_contains (t1, "КРЕДИТНО ИЗВЕСТИЕ");
  assert_contains (t1, "към фактура № 0000000117 от 02.11.2026 г.");
  g_assert_null (strstr (t1, "Сканирайте"));
  g_assert_null (kt_document_render_get_qr_payload (r1));
  g_assert_nonnull (kt_document_render_get_qr_reason (r1));

  g_assert_cmpint (kt_document_render_get_kind (r2), ==, KT_DOCUMENT_KIND_OFFER);
  assert_contains (t2, "ОФЕРТА");
  assert_contains (t2, "Валидна до");
  g_assert_null (strstr (t2, "ОРИГИНАЛ"));
  g_assert_null (strstr (t2, "Сканирайте"));
  kt_document_sample_clear (&cn);
  kt_document_sample_clear (&of);
}

/* A draft has no number yet; a copy says so. */
static void
test_draft_and_copy (void)
{
  KtDocumentSample sample;
  KtDocumentSource source;
  g_autoptr(KtDocumentRender) render = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 2);
  kt_record_set_string (sample.document, "number", "");
  kt_document_sample_source (&sample, &source);
  source.copy = TRUE;
  render = kt_document_render_new (&source, NULL, NULL);
  pdf = to_pdf (render);
  text = pdf_text (pdf, NULL, NULL);
  assert_contains (text, "№ Чернова");
  {
    g_autofree char *name = kt_document_render_dup_filename (render);

    g_assert_cmpstr (name, ==, "invoice-draft.pdf");
  }
  assert_contains (text, "КОПИЕ");
  g_assert_null (strstr (text, "ОРИГИНАЛ"));
  kt_document_sample_clear (&sample);
}

/* Every font is embedded (subset), so the PDF reads the same anywhere. */
static void
test_fonts_embedded (void)
{
  KtDocumentSample sample;
  g_autoptr(KtDocumentRender) render = render_sample (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
  g_autoptr(GBytes) pdf = to_pdf (render);
  g_autoptr(PopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, NULL);
  g_autoptr(PopplerFontInfo) info = poppler_font_info_new (doc);
  PopplerFontsIter *iter = NULL;
  guint n = 0;

  g_assert_true (poppler_font_info_scan (info, poppler_document_get_n_pages (doc), &iter));
  do
    {
      g_test_message ("font %s", poppler_fonts_iter_get_name (iter));
      g_assert_true (poppler_fonts_iter_is_embedded (iter));
      g_assert_true (poppler_fonts_iter_is_subset (iter));
      g_assert_nonnull (strstr (poppler_fonts_iter_get_name (iter), "DejaVuSans"));
      n++;
    }
  while (poppler_fonts_iter_next (iter));
  poppler_fonts_iter_free (iter);
  g_assert_cmpuint (n, >=, 2);
  kt_document_sample_clear (&sample);
}

/* 60 lines break across pages: each page repeats the table's header row,
 * says whose it is and which page of how many it is; every line is there
 * once, in order, and the totals come once, at the end. */
static void
test_page_breaks (void)
{
  KtDocumentSample sample;
  g_autoptr(KtDocumentRender) render = render_sample (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 60);
  g_autoptr(GBytes) pdf = to_pdf (render);
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL;
  guint n = 0;
  const char *p;
  guint lines = 0;

  all = pdf_text (pdf, &n, &pages);
  g_assert_cmpuint (n, >, 1);
  g_assert_cmpuint (n, ==, kt_document_render_get_n_pages (render));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *footer = g_strdup_printf ("Страница %u от %u", i + 1, n);

      assert_contains (pages[i], footer);
      if (i > 0)
        assert_contains (pages[i], "ФАКТУРА № 0000000123 (продължение)");
      /* The table goes on over every page but maybe the last. */
      if (i < n - 1)
        assert_contains (pages[i], "Описание на стоката / услугата");
    }
  g_assert_null (strstr (pages[0], "Сума за плащане"));
  assert_contains (pages[n - 1], "Сума за плащане");

  /* The 60 lines' descriptions, each once, in order. */
  p = all;
  for (guint i = 0; i < 60; i++)
    {
      KtRecord *item = g_ptr_array_index (sample.items, i);
      const char *desc = kt_record_get_string (item, "description");
      g_autofree char *first_words = g_strndup (desc, strchr (desc, ' ') - desc + 8);
      const char *at = strstr (p, first_words);

      g_assert_nonnull (at);
      p = at + 1;
      lines++;
    }
  g_assert_cmpuint (lines, ==, 60);
  kt_document_sample_clear (&sample);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A logo of 3000 x 1000 pixels of noise (which compresses badly) is
 * scaled down to its box at 300 dpi, not carried into every PDF whole;
 * without a logo the seller's name stands in its place. */
static void
test_logo (void)
{
  KtDocumentSample sample;
  KtDocumentSource source;
  cairo_surface_t *big = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 3000, 1000);
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autofree char *b64 = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(KtDocumentRender) r1 = NULL;
  g_autoptr(KtDocumentRender) r2 = NULL;
  g_autoptr(GBytes) pdf1 = NULL;
  g_autoptr(GBytes) pdf2 = NULL;
  g_autofree char *text = NULL;
  guint32 *px;
  guint32 seed = 1;

  cairo_surface_flush (big);
  px = (guint32 *) cairo_image_surface_get_data (big);
  for (int i = 0; i < 3000 * 1000; i++)
    px[i] = (seed = seed * 1103515245u + 12345u) >> 8;
  cairo_surface_mark_dirty (big);
  cairo_surface_write_to_png_stream (big, append_png, png);
  cairo_surface_destroy (big);
  b64 = g_base64_encode (png->data, png->len);
  uri = g_strconcat ("data:image/png;base64,", b64, NULL);

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 2);
  json_object_set_string_member (sample.seller, "logo", uri);
  kt_document_sample_source (&sample, &source);
  r1 = kt_document_render_new (&source, NULL, NULL);
  pdf1 = to_pdf (r1);
  /* 55 x 17 mm at 300 dpi is 650 x 200 pixels: under 400 KB in all. */
  g_test_message ("PDF with the big logo: %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (pdf1));
  g_assert_cmpuint (g_bytes_get_size (pdf1), <, 400 * 1024);

  json_object_remove_member (sample.seller, "logo");
  r2 = kt_document_render_new (&source, NULL, NULL);
  pdf2 = to_pdf (r2);
  text = pdf_text (pdf2, NULL, NULL);
  /* The name in the corner, and again in the seller's box. */
  g_assert_nonnull (strstr (strstr (text, "Кантора ООД") + 1, "Кантора ООД"));
  kt_document_sample_clear (&sample);
}

/* ---- QR ------------------------------------------------------------------ */

static void
test_qr_encode (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQr) qr = kt_qr_new ("BCD\n002\n1\nSCT", &error);
  g_autofree char *huge = g_strnfill (4000, 'x');
  g_autoptr(KtQr) too_big = NULL;
  guint w;

  g_assert_no_error (error);
  w = kt_qr_get_width (qr);
  g_assert_cmpuint (w, >=, 21);
  g_assert_cmpuint ((w - 17) % 4, ==, 0);
  /* The finder patterns: dark corners, a light ring inside them. */
  g_assert_true (kt_qr_is_dark (qr, 0, 0));
  g_assert_true (kt_qr_is_dark (qr, w - 1, 0));
  g_assert_true (kt_qr_is_dark (qr, 0, w - 1));
  g_assert_false (kt_qr_is_dark (qr, 1, 1));
  g_assert_true (kt_qr_is_dark (qr, 3, 3));

  too_big = kt_qr_new (huge, &error);
  g_assert_null (too_big);
  g_assert_error (error, KT_ERROR, KT_ERROR_TOO_LARGE);
}

/* zbarimg's reading of page @page of @render, or NULL when it is not
 * installed (the test is then skipped, saying so). */
static char *
zbar_read (KtDocumentRender *render,
           guint             page,
           double            dpi)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  int status = 0;

  if (zbarimg == NULL)
    return NULL;
  dir = g_dir_make_tmp ("kt-render-XXXXXX", &error);
  g_assert_no_error (error);
  png = g_build_filename (dir, "page.png", NULL);
  image = kt_document_render_page_image (render, page, dpi);
  g_assert_cmpint (cairo_surface_write_to_png (image, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);

  {
    const char *argv[] = { zbarimg, "--raw", "-q", "-Sbinary", png, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                  &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_remove (png);
  g_rmdir (dir);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* The code on the page decodes to exactly the EPC payload. */
static void
test_qr_zbar_epc (void)
{
  KtDocumentSample sample;
  g_autoptr(KtDocumentRender) render = render_sample (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
  g_autofree char *expected = kt_epc_payload_for_invoice (sample.document, sample.seller, NULL);
  g_autofree char *read = NULL;

  g_assert_cmpstr (kt_document_render_get_qr_payload (render), ==, expected);
  g_assert_cmpstr (expected, ==,
                   "BCD\n002\n1\nSCT\nBNBGBGSF\nКантора ООД\nBG80BNBG96611020345678\n"
                   "EUR5072.54\n\n\n0000000123");
  read = zbar_read (render, 0, 100);
  if (read == NULL)
    {
      g_test_skip ("zbarimg is not installed (zbar-tools; tools/install-deps installs it)");
      kt_document_sample_clear (&sample);
      return;
    }
  /* -Sbinary: the symbol's bytes as they are, without a newline added. */
  g_assert_cmpstr (read, ==, expected);
  kt_document_sample_clear (&sample);
}

/* A payment link wins over the EPC code. */
static void
test_qr_zbar_url (void)
{
  KtDocumentSample sample;
  KtDocumentSource source;
  g_autoptr(KtDocumentRender) render = NULL;
  g_autofree char *read = NULL;
  const char *url = "https://pay.example.com/i/0000000123?t=Zq3";

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "en", 3);
  kt_record_set_string (sample.document, "payment_url", url);
  kt_document_sample_source (&sample, &source);
  render = kt_document_render_new (&source, NULL, NULL);
  g_assert_cmpstr (kt_document_render_get_qr_payload (render), ==, url);
  read = zbar_read (render, 0, 100);
  if (read == NULL)
    {
      g_test_skip ("zbarimg is not installed (zbar-tools; tools/install-deps installs it)");
      kt_document_sample_clear (&sample);
      return;
    }
  g_assert_cmpstr (read, ==, url);
  kt_document_sample_clear (&sample);
}

/* No IBAN, or not euro: no code on the page, and the reason is kept. */
static void
test_qr_none (void)
{
  KtDocumentSample sample;
  KtDocumentSource source;
  g_autoptr(KtDocumentRender) r1 = NULL;
  g_autoptr(KtDocumentRender) r2 = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 3);
  kt_record_set_string (sample.document, "currency", "BGN");
  kt_document_sample_source (&sample, &source);
  r1 = kt_document_render_new (&source, NULL, NULL);
  g_assert_null (kt_document_render_get_qr_payload (r1));
  g_assert_nonnull (strstr (kt_document_render_get_qr_reason (r1), "BGN"));
  pdf = to_pdf (r1);
  text = pdf_text (pdf, NULL, NULL);
  g_assert_null (strstr (text, "Сканирайте"));
  assert_contains (text, "лв.");

  kt_record_set_string (sample.document, "currency", "EUR");
  json_object_remove_member (sample.seller, "iban");
  r2 = kt_document_render_new (&source, NULL, NULL);
  g_assert_null (kt_document_render_get_qr_payload (r2));
  g_assert_nonnull (kt_document_render_get_qr_reason (r2));
  kt_document_sample_clear (&sample);
}

/* Items that cannot be added up fail with the totals' error. */
static void
test_bad_items (void)
{
  KtDocumentSample sample;
  KtDocumentSource source;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtDocumentRender) render = NULL;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 3);
  kt_record_set_int (g_ptr_array_index (sample.items, 1), "unit_price", G_MAXINT64 / 2);
  kt_record_set_int (g_ptr_array_index (sample.items, 1), "quantity", 5000);
  kt_document_sample_source (&sample, &source);
  render = kt_document_render_new (&source, NULL, &error);
  g_assert_null (render);
  g_assert_error (error, KT_ERROR, KT_ERROR_OVERFLOW);
  kt_document_sample_clear (&sample);
}

/* ---- Golden images ------------------------------------------------------- */

/* Pixels whose channels differ by more than this count as different;
 * smaller differences are antialiasing. */
#define PIXEL_THRESHOLD 64
/* The share of pixels that may differ that much (a glyph's edge moving by
 * a pixel here and there); a moved block or a missing word is far more. */
#define PIXEL_BUDGET 0.0002

static void
compare_golden (KtDocumentRender *render,
                guint             page,
                const char       *name)
{
  g_autofree char *path = g_build_filename (golden_dir, name, NULL);
  cairo_surface_t *got = kt_document_render_page_image (render, page, 60);
  cairo_surface_t *want;
  int w, h, gs, ws;
  guint64 differing = 0;
  const guchar *gd, *wd;

  cairo_surface_flush (got);
  if (g_getenv ("KANTORA_UPDATE_GOLDEN") != NULL)
    {
      g_assert_cmpint (cairo_surface_write_to_png (got, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("wrote %s", path);
    }
  want = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (want) != CAIRO_STATUS_SUCCESS)
    g_error ("%s: %s (KANTORA_UPDATE_GOLDEN=1 makes it; tests/render/README.md)", path,
             cairo_status_to_string (cairo_surface_status (want)));

  w = cairo_image_surface_get_width (got);
  h = cairo_image_surface_get_height (got);
  g_assert_cmpint (cairo_image_surface_get_width (want), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (want), ==, h);
  gd = cairo_image_surface_get_data (got);
  wd = cairo_image_surface_get_data (want);
  gs = cairo_image_surface_get_stride (got);
  ws = cairo_image_surface_get_stride (want);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guchar *a = gd + y * gs + 4 * x;
        const guchar *b = wd + y * ws + 4 * x;
        int diff = 0;

        for (int c = 0; c < 4; c++)
          diff = MAX (diff, ABS ((int) a[c] - (int) b[c]));
        differing += diff > PIXEL_THRESHOLD;
      }
  g_test_message ("%s: %" G_GUINT64_FORMAT " of %d pixels differ", name, differing, w * h);
  if (differing > (guint64) (PIXEL_BUDGET * w * h))
    {
      g_autofree char *got_path = g_build_filename (g_get_tmp_dir (), name, NULL);

      cairo_surface_write_to_png (got, got_path);
      g_error ("%s: %" G_GUINT64_FORMAT " of %d pixels differ from the golden image "
               "(budget %.2f %%); this run's image is %s", name, differing, w * h,
               PIXEL_BUDGET * 100, got_path);
    }
  cairo_surface_destroy (got);
  cairo_surface_destroy (want);
}

static void
test_golden (void)
{
  KtDocumentSample inv, cn, of;
  g_autoptr(KtDocumentRender) r1 = render_sample (&inv, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
  g_autoptr(KtDocumentRender) r2 = render_sample (&cn, KT_DOCUMENT_KIND_CREDIT_NOTE, "en", 4);
  g_autoptr(KtDocumentRender) r3 = render_sample (&of, KT_DOCUMENT_KIND_OFFER, "en", 40);

  compare_golden (r1, 0, "invoice-bg-1.png");
  compare_golden (r2, 0, "credit-note-en-1.png");
  compare_golden (r3, 1, "offer-en-2.png");
  kt_document_sample_clear (&inv);
  kt_document_sample_clear (&cn);
  kt_document_sample_clear (&of);
}

/* The golden comparison is not blind: one changed word fails it. */
static void
test_golden_catches_change (void)
{
  KtDocumentSample inv;
  KtDocumentSource source;
  g_autoptr(KtDocumentRender) a = render_sample (&inv, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
  g_autoptr(KtDocumentRender) b = NULL;
  cairo_surface_t *ia, *ib;
  guint64 differing = 0;
  const guchar *da, *db;
  int w, h, stride;

  kt_record_set_string (inv.document, "client_name", "Друга Търговия ЕООД");
  kt_document_sample_source (&inv, &source);
  b = kt_document_render_new (&source, NULL, NULL);
  ia = kt_document_render_page_image (a, 0, 60);
  ib = kt_document_render_page_image (b, 0, 60);
  w = cairo_image_surface_get_width (ia);
  h = cairo_image_surface_get_height (ia);
  stride = cairo_image_surface_get_stride (ia);
  da = cairo_image_surface_get_data (ia);
  db = cairo_image_surface_get_data (ib);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 4; c++)
        if (ABS ((int) da[y * stride + 4 * x + c] - (int) db[y * stride + 4 * x + c]) > PIXEL_THRESHOLD)
          {
            differing++;
            break;
          }
  g_assert_cmpuint (differing, >, (guint64) (PIXEL_BUDGET * w * h));
  cairo_surface_destroy (ia);
  cairo_surface_destroy (ib);
  kt_document_sample_clear (&inv);
}

/* ---- Templates (kt-document-template.h) --------------------------------- */

/* A document_template record with @layout and the other texts. */
static KtRecord *
template_record (const char *layout,
                 const char *header,
                 const char *body,
                 const char *footer)
{
  KtRecord *t = kt_record_new (KT_ENTITY_DOCUMENT_TEMPLATE);

  kt_record_set_string (t, "name", "Test");
  kt_record_set_string (t, "kind", "invoice");
  if (layout != NULL)
    kt_record_set_string (t, "layout", layout);
  if (header != NULL)
    kt_record_set_string (t, "header", header);
  if (body != NULL)
    kt_record_set_string (t, "body", body);
  if (footer != NULL)
    kt_record_set_string (t, "footer", footer);
  return t;
}

static KtDocumentTemplate *
compile_ok (KtRecord *record)
{
  g_autoptr(GPtrArray) errors = NULL;
  KtDocumentTemplate *t = kt_document_template_new (record, &errors);

  if (t == NULL)
    g_error ("the template does not compile: %s: %s",
             ((KtDocumentTemplateError *) g_ptr_array_index (errors, 0))->field,
             ((KtDocumentTemplateError *) g_ptr_array_index (errors, 0))->message);
  g_assert_null (errors);
  return t;
}

/* The first error of compiling @record, which must fail. */
static KtDocumentTemplateError *
compile_error (KtRecord *record)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(KtDocumentTemplate) t = kt_document_template_new (record, &errors);

  g_assert_null (t);
  g_assert_nonnull (errors);
  g_assert_cmpuint (errors->len, >, 0);
  return g_ptr_array_steal_index (errors, 0);
}

/* The sample invoice through @tmpl as PDF text; @lang NULL lets the
 * template choose. */
static char *
template_text (KtDocumentTemplate *tmpl,
               const char         *lang,
               guint               n_lines,
               guint              *n_pages)
{
  KtDocumentSample sample;
  KtDocumentSource source;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtDocumentRender) r = NULL;
  g_autoptr(GBytes) pdf = NULL;
  char *text;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, lang != NULL ? lang : "bg", n_lines);
  kt_document_sample_source (&sample, &source);
  source.language = lang;
  r = kt_document_template_render (tmpl, &source, &error);
  g_assert_no_error (error);
  pdf = to_pdf (r);
  text = pdf_text (pdf, n_pages, NULL);
  kt_document_sample_clear (&sample);
  return text;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Whether @needle occurs in the bytes of @pdf (which hold NULs). */
static gboolean
pdf_has (GBytes     *pdf,
         const char *needle)
{
  gsize len, n = strlen (needle);
  const char *data = g_bytes_get_data (pdf, &len);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Page @page of @pdf as poppler draws it at 60 dpi, on white. */
static cairo_surface_t *
poppler_image (GBytes *pdf,
               guint   page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(PopplerPage) p = NULL;
  double pw, ph;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_no_error (error);
  p = poppler_document_get_page (doc, page);
  poppler_page_get_size (p, &pw, &ph);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (pw * 60 / 72 + 0.5),
                                        (int) (ph * 60 / 72 + 0.5));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 60.0 / 72, 60.0 / 72);
  poppler_page_render (p, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static int
pixel_diff (const guchar *a,
            const guchar *b)
{
  int diff = 0;

  for (int c = 0; c < 4; c++)
    diff = MAX (diff, ABS ((int) a[c] - (int) b[c]));
  return diff;
}

/* The pixels of @a that differ by more than PIXEL_THRESHOLD in a channel
 * from every pixel of @b (same size) at most one pixel away: two PDF
 * writers may place a glyph a tenth of a point apart (cairo's widths are
 * rounded differently), which moves its antialiased edge but no more. */
static guint64
count_differing (cairo_surface_t *a,
                 cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  const guchar *ad = cairo_image_surface_get_data (a), *bd = cairo_image_surface_get_data (b);
  int as = cairo_image_surface_get_stride (a), bs = cairo_image_surface_get_stride (b);
  guint64 differing = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gboolean near = FALSE;

        for (int dy = -1; dy <= 1 && !near; dy++)
          for (int dx = -1; dx <= 1 && !near; dx++)
            if (y + dy >= 0 && y + dy < h && x + dx >= 0 && x + dx < w)
              near = pixel_diff (ad + y * as + 4 * x,
                                 bd + (y + dy) * bs + 4 * (x + dx)) <= PIXEL_THRESHOLD;
        differing += !near;
      }
  return differing;
}

/* The PDF of kt-pdf-writer.c draws and reads as cairo's PDF of the same
 * pages: every page within the golden images' pixel budget, the same
 * text word for word (Cyrillic, totals, amount in words), the logo, its
 * soft mask and the QR code as images. */
static void
assert_writer_matches_cairo (KtDocumentRender *render)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ours = to_pdf (render);
  g_autoptr(GBytes) theirs = kt_document_render_to_pdf_bytes_cairo (render, &error);
  g_auto(GStrv) our_pages = NULL;
  g_auto(GStrv) their_pages = NULL;
  g_autofree char *our_text = NULL;
  g_autofree char *their_text = NULL;
  guint n = 0, n_theirs = 0;

  g_assert_no_error (error);
  /* Not cairo's: its PDFs name it as their producer. */
  g_assert_false (pdf_has (ours, "cairo"));
  g_assert_true (pdf_has (theirs, "cairo"));
  our_text = pdf_text (ours, &n, &our_pages);
  their_text = pdf_text (theirs, &n_theirs, &their_pages);
  g_assert_cmpuint (n, ==, n_theirs);
  g_assert_cmpuint (n, ==, kt_document_render_get_n_pages (render));
  for (guint p = 0; p < n; p++)
    {
      g_auto(GStrv) our_words = g_strsplit_set (our_pages[p], " \n", -1);
      g_auto(GStrv) their_words = g_strsplit_set (their_pages[p], " \n", -1);
      g_autofree char *a = NULL, *b = NULL;
      cairo_surface_t *our_image = poppler_image (ours, p);
      cairo_surface_t *their_image = poppler_image (theirs, p);
      int w = cairo_image_surface_get_width (our_image);
      int h = cairo_image_surface_get_height (our_image);
      guint64 differing = count_differing (our_image, their_image);

      /* The same words, in any order: the order of poppler's text is
       * its guess from the glyphs' positions. */
      qsort (our_words, g_strv_length (our_words), sizeof (char *), compare_strings);
      qsort (their_words, g_strv_length (their_words), sizeof (char *), compare_strings);
      a = g_strjoinv (" ", our_words);
      b = g_strjoinv (" ", their_words);
      g_assert_cmpstr (g_strstrip (a), ==, g_strstrip (b));
      g_test_message ("page %u: %" G_GUINT64_FORMAT " of %d pixels differ", p + 1, differing,
                      w * h);
      if (differing > (guint64) (PIXEL_BUDGET * w * h))
        {
          g_autofree char *path = g_build_filename (g_get_tmp_dir (), "writer-page.png", NULL);
          g_autofree char *cairo_path = g_build_filename (g_get_tmp_dir (), "cairo-page.png", NULL);

          cairo_surface_write_to_png (our_image, path);
          cairo_surface_write_to_png (their_image, cairo_path);
          g_error ("page %u: %" G_GUINT64_FORMAT " of %d pixels differ from cairo's PDF; "
                   "see %s and %s", p + 1, differing, w * h, path, cairo_path);
        }
      cairo_surface_destroy (our_image);
      cairo_surface_destroy (their_image);
    }
}

static void
test_pdf_writer_matches_cairo (void)
{
  KtDocumentSample inv, cn, of;
  g_autoptr(KtDocumentRender) r1 = render_sample (&inv, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
  g_autoptr(KtDocumentRender) r2 = render_sample (&cn, KT_DOCUMENT_KIND_CREDIT_NOTE, "en", 4);
  g_autoptr(KtDocumentRender) r3 = render_sample (&of, KT_DOCUMENT_KIND_OFFER, "en", 40);

  g_assert_nonnull (kt_document_render_get_qr_payload (r1));
  assert_writer_matches_cairo (r1);
  /* After a preview's image, which measures the text for its target. */
  cairo_surface_destroy (kt_document_render_page_image (r2, 0, 96));
  assert_writer_matches_cairo (r2);
  assert_writer_matches_cairo (r3);
  /* Again, from the fonts' and texts' caches of the first PDFs. */
  {
    KtDocumentSample again;
    g_autoptr(KtDocumentRender) r4 = render_sample (&again, KT_DOCUMENT_KIND_INVOICE, "bg", 3);

    assert_writer_matches_cairo (r4);
    kt_document_sample_clear (&again);
  }
  kt_document_sample_clear (&inv);
  kt_document_sample_clear (&cn);
  kt_document_sample_clear (&of);
}

/* What the writer does not draw (an underline in a template's text) makes
 * cairo write the whole PDF, with every word. */
static void
test_pdf_writer_fallback (void)
{
  g_autoptr(KtRecord) record = template_record (NULL, "<u>Underlined Kantora</u> text", NULL,
                                                NULL);
  g_autoptr(KtDocumentTemplate) t = compile_ok (record);
  KtDocumentSample sample;
  KtDocumentSource source;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtDocumentRender) r = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "en", 2);
  kt_document_sample_source (&sample, &source);
  r = kt_document_template_render (t, &source, &error);
  g_assert_no_error (error);
  pdf = to_pdf (r);
  g_assert_true (pdf_has (pdf, "cairo"));
  text = pdf_text (pdf, NULL, NULL);
  assert_contains (text, "Underlined Kantora text");
  kt_document_sample_clear (&sample);
}

/* The six built-in templates as golden images, and their words. */
static void
test_template_builtins (void)
{
  guint n = 0;
  const KtDocumentTemplateBuiltin *builtins = kt_document_template_list_builtins (&n);

  g_assert_cmpuint (n, ==, 6);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KtDocumentTemplate) t = kt_document_template_new_builtin (builtins[i].id);
      g_autoptr(JsonObject) fields = kt_document_template_dup_builtin_fields (builtins[i].id);
      g_autoptr(KtRecord) record = kt_record_new (KT_ENTITY_DOCUMENT_TEMPLATE);
      g_autoptr(GError) error = NULL;
      g_autoptr(KtDocumentRender) r = NULL;
      g_autofree char *golden = g_strdup_printf ("template-%s-1.png", builtins[i].id);
      g_autofree char *text = NULL;
      gboolean bg = g_str_equal (builtins[i].language, "bg");
      KtDocumentSample sample;
      KtDocumentSource source;

      g_assert_nonnull (t);
      /* Its fields make a valid record, as a new organization's are. */
      kt_record_set_string (record, "name", json_object_get_string_member (fields, "name"));
      kt_record_set_string (record, "kind", json_object_get_string_member (fields, "kind"));
      kt_record_set_string (record, "layout", json_object_get_string_member (fields, "layout"));
      g_assert_true (kt_record_validate (record, &error));
      g_assert_no_error (error);

      /* The sample's own language is the other one: the template's wins. */
      kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, bg ? "en" : "bg", 10);
      kt_document_sample_source (&sample, &source);
      r = kt_document_template_render (t, &source, &error);
      g_assert_no_error (error);
      compare_golden (r, 0, golden);
      {
        g_autoptr(GBytes) pdf = to_pdf (r);

        text = pdf_text (pdf, NULL, NULL);
      }
      assert_contains (text, bg ? "ФАКТУРА" : "INVOICE");
      assert_contains (text, bg ? "Страница 1 от" : "Page 1 of");
      if (g_str_equal (builtins[i].style, "modern"))
        assert_contains (text, bg ? "Благодарим Ви за доверието!" : "Thank you for your business!");
      /* Minimal has no signature lines. */
      if (g_str_equal (builtins[i].style, "minimal"))
        g_assert_null (strstr (text, bg ? "Съставител" : "Issued by"));
      else
        assert_contains (text, bg ? "Съставител" : "Issued by");
      kt_document_sample_clear (&sample);
    }
  g_assert_null (kt_document_template_new_builtin ("baroque-bg"));
}

/* Columns, blocks, texts and the footer do what the layout says. */
static void
test_template_layout (void)
{
  g_autoptr(KtRecord) record = template_record (
    "{\"language\": \"en\","
    " \"columns\": [{\"kind\": \"description\"}, {\"kind\": \"amount\", \"width\": 30}],"
    " \"blocks\": [{\"kind\": \"text\", \"text\": \"Dear <b>{{client.name}}</b>,\"},"
    "   {\"kind\": \"items\"}, {\"kind\": \"totals\"}, {\"kind\": \"body\"}],"
    " \"footer\": {\"page_numbers\": false}}",
    "Ref. {{invoice.number}}", "Pay by {{invoice.due_date | date}}.",
    "{{organization.name}}, page {{page}} of {{pages}}");
  g_autoptr(KtDocumentTemplate) t = compile_ok (record);
  g_autofree char *text = template_text (t, NULL, 40, NULL);

  assert_contains (text, "Ref. 0000000123");
  assert_contains (text, "Dear Примерна Търговия ЕООД,");
  assert_contains (text, "Pay by 9 December 2026.");
  assert_contains (text, "Кантора ООД, page 1 of 2");
  assert_contains (text, "Кантора ООД, page 2 of 2");
  assert_contains (text, "Amount due");
  /* What the layout left out. */
  g_assert_null (strstr (text, "Page 1 of"));
  g_assert_null (strstr (text, "Unit price"));
  g_assert_null (strstr (text, "VAT breakdown"));
  g_assert_null (strstr (text, "In words"));
  g_assert_null (strstr (text, "Received by"));
  g_assert_null (strstr (text, "Scan to pay"));
}

/* Markup the author got wrong prints as text instead of vanishing. */
static void
test_template_bad_markup (void)
{
  g_autoptr(KtRecord) record = template_record (NULL, "Prices <in EUR & {{currency}}", NULL, NULL);
  g_autoptr(KtDocumentTemplate) t = compile_ok (record);
  g_autofree char *text = template_text (t, "en", 3, NULL);

  assert_contains (text, "Prices <in EUR & EUR");
}

/* A layout that is not one is refused naming the member, by the record's
 * validation (so REST and sync refuse it) and by the compiler. */
static void
test_template_invalid_layout (void)
{
  static const struct {
    const char *layout;
    const char *path;      /* in the message, and the error's path */
  } cases[] = {
    { "{\"blocks\": [{\"kind\": \"parties\"}, {\"kind\": \"foo\"}]}", "blocks[1].kind" },
    { "{\"page\": {\"size\": \"A3\"}}", "page.size" },
    { "{\"page\": {\"margins\": {\"top\": 80}}}", "page.margins.top" },
    { "{\"colors\": {\"text\": \"red\"}}", "colors.text" },
    { "{\"colour\": {}}", "colour" },
    { "{\"columns\": [{\"kind\": \"vat\"}, {\"kind\": \"vat\"}]}", "columns[1].kind" },
    { "{\"columns\": []}", "columns" },
    { "{\"blocks\": [{\"kind\": \"text\"}]}", "blocks[0].text" },
    { "{\"blocks\": [{\"kind\": \"items\", \"text\": \"x\"}]}", "blocks[0].text" },
    { "{\"fonts\": {\"size\": \"big\"}}", "fonts.size" },
    { "{\"footer\": {\"page_numbers\": 1}}", "footer.page_numbers" },
    { "{\"version\": 2}", "version" },
    { "{\"blocks\": {\"kind\": \"items\"}}", "blocks" },
    { "[1, 2]", NULL },
    { "{\"blocks\": [", NULL },
    { "{\"a\": [[[[[1]]]]]}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KtRecord) record = template_record (cases[i].layout, NULL, NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(KtDocumentTemplateError) e = NULL;

      g_assert_false (kt_record_validate (record, &error));
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      g_assert_cmpstr (kt_record_error_get_field (error), ==, "layout");
      if (cases[i].path != NULL && strstr (error->message, cases[i].path) == NULL)
        g_error ("case %u: “%s” does not name %s", i, error->message, cases[i].path);

      e = compile_error (record);
      g_assert_cmpstr (e->field, ==, "layout");
      g_assert_cmpstr (e->path, ==, cases[i].path);
      g_assert_cmpuint (e->line, ==, 0);
    }

  /* Over the size limit. */
  {
    g_autoptr(GString) big = g_string_new ("{\"blocks\": [");
    g_autoptr(KtRecord) record = NULL;
    g_autoptr(GError) error = NULL;

    while (big->len <= KT_TEMPLATE_LAYOUT_MAX_SIZE)
      g_string_append (big, "{\"kind\": \"items\"},");
    g_string_append (big, "{\"kind\": \"items\"}]}");
    g_assert_null (kt_template_layout_parse (big->str, big->len, &error));
    g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  }
}

/* The layout written and read back is the same layout. */
static void
test_template_layout_json (void)
{
  for (KtTemplateStyle s = KT_TEMPLATE_STYLE_CLASSIC; s <= KT_TEMPLATE_STYLE_MINIMAL; s++)
    {
      g_autoptr(KtTemplateLayout) a = kt_template_layout_new_default (s);
      g_autofree char *json = NULL;
      g_autofree char *again = NULL;
      g_autoptr(KtTemplateLayout) b = NULL;
      g_autoptr(GError) error = NULL;

      a->blocks = g_renew (KtTemplateBlock, a->blocks, a->n_blocks + 1);
      a->blocks[a->n_blocks].kind = KT_TEMPLATE_BLOCK_TEXT;
      a->blocks[a->n_blocks++].text = g_strdup ("«{{client.name}}» \"quoted\"\n");
      a->page_size = KT_TEMPLATE_PAGE_A5;
      a->fill_color = 0x123456;
      json = kt_template_layout_to_json (a);
      b = kt_template_layout_parse (json, -1, &error);
      g_assert_no_error (error);
      again = kt_template_layout_to_json (b);
      g_assert_cmpstr (json, ==, again);
      g_assert_cmpuint (b->page_size, ==, KT_TEMPLATE_PAGE_A5);
      g_assert_cmpint (b->fill_color, ==, 0x123456);
      g_assert_cmpstr (b->blocks[b->n_blocks - 1].text, ==, "«{{client.name}}» \"quoted\"\n");
    }
}

/* The texts' errors say where: the field, the block, the line and column. */
static void
test_template_text_errors (void)
{
  {
    g_autoptr(KtRecord) record = template_record (NULL, "Hello\n  {{#items}}", NULL, NULL);
    g_autoptr(KtDocumentTemplateError) e = compile_error (record);

    g_assert_cmpstr (e->field, ==, "header");
    g_assert_null (e->path);
    g_assert_cmpuint (e->line, ==, 2);
    g_assert_cmpuint (e->column, ==, 3);
  }
  {
    g_autoptr(KtRecord) record = template_record (
      "{\"blocks\": [{\"kind\": \"items\"}, {\"kind\": \"text\", \"text\": \"ok\\n{{client.nmae}}\"}]}",
      NULL, NULL, NULL);
    g_autoptr(KtDocumentTemplateError) e = compile_error (record);

    g_assert_cmpstr (e->field, ==, "layout");
    g_assert_cmpstr (e->path, ==, "blocks[1].text");
    g_assert_cmpuint (e->line, ==, 2);
    g_assert_cmpuint (e->column, ==, 1);
  }
  {
    /* {{page}} is the footer's only. */
    g_autoptr(KtRecord) ok = template_record (NULL, NULL, NULL, "{{page}}/{{pages}}");
    g_autoptr(KtRecord) bad = template_record (NULL, NULL, "{{page}}", NULL);
    g_autoptr(KtDocumentTemplate) t = compile_ok (ok);
    g_autoptr(KtDocumentTemplateError) e = compile_error (bad);

    g_assert_cmpstr (e->field, ==, "body");
  }
}

/* Fonts without Cyrillic, or not there, are refused; the accent too. */
static void
test_template_font_and_color (void)
{
  g_autoptr(KtRecord) record = template_record (NULL, NULL, NULL, NULL);

  kt_record_set_string (record, "font_family", "DejaVu Serif");
  {
    g_autoptr(KtDocumentTemplate) t = compile_ok (record);

    g_assert_cmpstr (kt_document_template_get_layout (t)->font_family, ==, "DejaVu Serif");
  }
  kt_record_set_string (record, "font_family", "No Such Font Kantora");
  {
    g_autoptr(KtDocumentTemplateError) e = compile_error (record);

    g_assert_cmpstr (e->field, ==, "font_family");
  }
  kt_record_set_string (record, "font_family", "DejaVu Sans");
  kt_record_set_string (record, "primary_color", "#12345g");
  {
    g_autoptr(KtDocumentTemplateError) e = compile_error (record);

    g_assert_cmpstr (e->field, ==, "primary_color");
  }
}

static char *
data_url (const char *mime,
          const char *data,
          gsize       len)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) data, len);

  return g_strdup_printf ("data:%s;base64,%s", mime, b64);
}

static char *
pixbuf_url (int         width,
            int         height,
            const char *type,
            const char *mime)
{
  g_autoptr(GdkPixbuf) p = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autofree char *buf = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (p, 0x1f4e79ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (p, &buf, &len, type, NULL, NULL));
  return data_url (mime, buf, len);
}

/* PNG, JPEG and SVG logos scale into their box; others are refused. */
static void
test_template_logo (void)
{
  static const char svg[] =
    "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='10'>"
    "<rect width='40' height='10' fill='#0f766e'/></svg>";
  g_autofree char *png = pixbuf_url (3000, 1000, "png", "image/png");
  g_autofree char *jpeg = pixbuf_url (300, 100, "jpeg", "image/jpeg");
  g_autofree char *svg_url = data_url ("image/svg+xml", svg, strlen (svg));
  const char *urls[] = { png, jpeg, svg_url };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(KtRecord) record = template_record (NULL, NULL, NULL, NULL);
      g_autoptr(KtDocumentTemplate) t = NULL;
      const KtDocumentLayout *L;
      int w, h;

      kt_record_set_string (record, "logo", urls[i]);
      t = compile_ok (record);
      L = kt_document_template_get_layout (t);
      g_assert_nonnull (L->logo);
      w = cairo_image_surface_get_width (L->logo);
      h = cairo_image_surface_get_height (L->logo);
      /* At most the box at 300 dpi: 55 × 17 mm is 650 × 200 pixels. */
      g_assert_cmpint (w, <=, 650);
      g_assert_cmpint (h, <=, 201);
      /* A bitmap is not scaled up; the SVG is, to its box. */
      if (i == 1)
        g_assert_cmpint (w, ==, 300);
      if (i == 2)
        g_assert_cmpint (h, >, 100);
    }

  {
    g_autoptr(KtRecord) record = template_record (NULL, NULL, NULL, NULL);
    g_autofree char *gif = data_url ("image/gif", "GIF89a", 6);
    g_autofree char *junk = data_url ("image/png", "not a png at all", 16);

    kt_record_set_string (record, "logo", gif);
    {
      g_autoptr(KtDocumentTemplateError) e = compile_error (record);

      g_assert_cmpstr (e->field, ==, "logo");
    }
    kt_record_set_string (record, "logo", junk);
    {
      g_autoptr(KtDocumentTemplateError) e = compile_error (record);

      g_assert_cmpstr (e->field, ==, "logo");
    }
  }
}

/* The version changes with anything that changes the page. */
static void
test_template_version (void)
{
  g_autoptr(KtRecord) record = template_record (NULL, "A", NULL, NULL);
  g_autoptr(KtDocumentTemplate) a = compile_ok (record);
  g_autoptr(KtDocumentTemplate) same = compile_ok (record);
  g_autoptr(KtDocumentTemplate) b = NULL;
  g_autoptr(KtDocumentTemplate) c = NULL;

  g_assert_cmpstr (kt_document_template_get_version (a), ==, kt_document_template_get_version (same));
  kt_record_set_string (record, "header", "B");
  b = compile_ok (record);
  g_assert_cmpstr (kt_document_template_get_version (a), !=, kt_document_template_get_version (b));
  kt_record_set_string (record, "layout", "{\"page\": {\"size\": \"Letter\"}}");
  c = compile_ok (record);
  g_assert_cmpstr (kt_document_template_get_version (b), !=, kt_document_template_get_version (c));
  g_assert_cmpfloat (kt_document_template_get_layout (c)->page_width, ==, 612);
}

/* The default of a kind: the newest mark wins, a credit note falls back
 * to the invoice's, deleted ones and other kinds do not count. */
static void
test_template_pick_default (void)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KtRecord) credit_note = kt_record_new (KT_ENTITY_INVOICE);
  g_autoptr(KtRecord) offer = kt_record_new (KT_ENTITY_OFFER);
  const char *kinds[] = { "invoice", "invoice", "offer", "invoice" };
  const char *hlcs[] = {
    "2026-12-01T10:00:00.000Z-0000-00000000000000f1",
    "2026-12-02T10:00:00.000Z-0000-00000000000000f2",
    "2026-12-03T10:00:00.000Z-0000-00000000000000f1",
    "2026-12-04T10:00:00.000Z-0000-00000000000000f1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      KtRecord *t = template_record (NULL, NULL, NULL, NULL);

      kt_record_set_string (t, "kind", kinds[i]);
      kt_record_set_bool (t, "is_default", TRUE);
      kt_record_set_field_hlc (t, "is_default", hlcs[i]);
      g_ptr_array_add (all, t);
    }
  /* The newest mark is deleted. */
  kt_record_set_deleted (g_ptr_array_index (all, 3), TRUE);
  kt_record_set_string (credit_note, "kind", "credit_note");

  g_assert_true (kt_document_template_pick_default (all, "invoice") == g_ptr_array_index (all, 1));
  g_assert_true (kt_document_template_pick_default (all, "offer") == g_ptr_array_index (all, 2));
  g_assert_true (kt_document_template_pick_default (all, "credit_note") == g_ptr_array_index (all, 1));
  g_assert_cmpstr (kt_document_template_kind_for (credit_note), ==, "credit_note");
  g_assert_cmpstr (kt_document_template_kind_for (offer), ==, "offer");
  kt_record_set_bool (g_ptr_array_index (all, 0), "is_default", FALSE);
  kt_record_set_bool (g_ptr_array_index (all, 1), "is_default", FALSE);
  g_assert_null (kt_document_template_pick_default (all, "invoice"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  golden_dir = argv[1];

  g_test_add_func ("/render/pdf-text-bg", test_pdf_text_bg);
  g_test_add_func ("/render/pdf-text-en", test_pdf_text_en);
  g_test_add_func ("/render/credit-note-and-offer", test_credit_note_and_offer);
  g_test_add_func ("/render/draft-and-copy", test_draft_and_copy);
  g_test_add_func ("/render/fonts-embedded", test_fonts_embedded);
  g_test_add_func ("/render/page-breaks", test_page_breaks);
  g_test_add_func ("/render/bad-items", test_bad_items);
  g_test_add_func ("/render/logo", test_logo);
  g_test_add_func ("/render/pdf-writer-matches-cairo", test_pdf_writer_matches_cairo);
  g_test_add_func ("/render/pdf-writer-fallback", test_pdf_writer_fallback);
  g_test_add_func ("/qr/encode", test_qr_encode);
  g_test_add_func ("/qr/zbar-epc", test_qr_zbar_epc);
  g_test_add_func ("/qr/zbar-url", test_qr_zbar_url);
  g_test_add_func ("/qr/none", test_qr_none);
  g_test_add_func ("/render/golden", test_golden);
  g_test_add_func ("/render/golden-catches-change", test_golden_catches_change);
  g_test_add_func ("/template/builtins", test_template_builtins);
  g_test_add_func ("/template/layout", test_template_layout);
  g_test_add_func ("/template/bad-markup", test_template_bad_markup);
  g_test_add_func ("/template/invalid-layout", test_template_invalid_layout);
  g_test_add_func ("/template/layout-json", test_template_layout_json);
  g_test_add_func ("/template/text-errors", test_template_text_errors);
  g_test_add_func ("/template/font-and-color", test_template_font_and_color);
  g_test_add_func ("/template/logo", test_template_logo);
  g_test_add_func ("/template/version", test_template_version);
  g_test_add_func ("/template/pick-default", test_template_pick_default);

  return g_test_run ();
}
