/* test-render.c: documents as PDF and images (render/)
 *
 * The PDF's text as poppler extracts it, its fonts, the page breaks of a
 * long invoice, the QR code read back from a page image by zbarimg, and
 * page images against the golden ones in tests/render/golden/ (README.md
 * says how to make them again).
 *
 *   test-render GOLDEN-DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "kantora-shared.h"
#include "kt-document-sample.h"
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
  g_test_add_func ("/qr/encode", test_qr_encode);
  g_test_add_func ("/qr/zbar-epc", test_qr_zbar_epc);
  g_test_add_func ("/qr/zbar-url", test_qr_zbar_url);
  g_test_add_func ("/qr/none", test_qr_none);
  g_test_add_func ("/render/golden", test_golden);
  g_test_add_func ("/render/golden-catches-change", test_golden_catches_change);

  return g_test_run ();
}
