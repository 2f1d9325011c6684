/* kt-bench-render.c: documents rendered to PDF in memory, per second
 *
 * Prints "invoice_pdf: N pdf/s" (wall clock) and "invoice_pdf_cpu: N
 * pdf/s" (a second of the process's CPU time): the sample 10-line Bulgarian invoice
 * (render/kt-document-sample.h, with its logo and QR code) laid out and
 * written as a PDF into memory, as the server's PDF route and the
 * client's save would. `tools/bench render` runs it five times and
 * records the medians as render.invoice_pdf_per_s and
 * render.invoice_pdf_per_cpu_s (docs/performance.md); invoice_layout_cpu
 * is the layout alone, without writing the PDF. invoice_pdf_template_cpu
 * is the same invoice as the server draws it with an organization's
 * default template (the built-in modern-bg as a record: compiled, its
 * header, body and footer expanded, per PDF), render.invoice_pdf_template_per_cpu_s.
 * invoice_pdf_cairo_cpu is the sample through cairo's PDF surface (what
 * wrote every PDF before render/kt-pdf-writer.c), invoice_pdf_distinct_cpu
 * invoices that differ from each other (number, client, amounts): the
 * loop of one invoice finds every text in the thread's shared layouts.
 * Not a test: it asserts nothing about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <time.h>

#include "kt-document-sample.h"
#include "kt-document-template.h"
#include "kt-template.h"

#define SECONDS 1.0

/* The process's CPU time in seconds: on a machine shared with builds the
 * wall clock measures the others as well. */
static double
cpu_seconds (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int
main (int argc, char **argv)
{
  KtDocumentSample sample;
  KtDocumentSource source;
  g_autoptr(GTimer) timer = NULL;
  guint64 n = 0;
  gsize bytes = 0;
  double cpu0;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
  kt_document_sample_source (&sample, &source);

  /* One untimed run: fontconfig's and pango's caches warm up once per
   * process, as in a server that has answered its first request. */
  {
    g_autoptr(KtDocumentRender) render = kt_document_render_new (&source, NULL, NULL);
    g_autoptr(GBytes) pdf = kt_document_render_to_pdf_bytes (render, NULL);

    g_assert (pdf != NULL);
  }

  timer = g_timer_new ();
  cpu0 = cpu_seconds ();
  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtDocumentRender) render = kt_document_render_new (&source, NULL, &error);
      g_autoptr(GBytes) pdf = NULL;

      if (render != NULL)
        pdf = kt_document_render_to_pdf_bytes (render, &error);
      if (pdf == NULL)
        g_error ("%s", error->message);
      bytes = g_bytes_get_size (pdf);
      n++;
    }
  while (g_timer_elapsed (timer, NULL) < SECONDS);

  g_print ("invoice_pdf: %.1f pdf/s\n", n / g_timer_elapsed (timer, NULL));
  g_print ("invoice_pdf_cpu: %.1f pdf/s\n", n / (cpu_seconds () - cpu0));
  g_print ("invoice_pdf_size: %" G_GSIZE_FORMAT " bytes\n", bytes);

  /* The same PDFs through cairo's PDF surface (the writer before
   * kt-pdf-writer.c), from the same shared layouts. */
  n = 0;
  g_timer_start (timer);
  cpu0 = cpu_seconds ();
  do
    {
      g_autoptr(KtDocumentRender) render = kt_document_render_new (&source, NULL, NULL);
      g_autoptr(GBytes) pdf = kt_document_render_to_pdf_bytes_cairo (render, NULL);

      g_assert (pdf != NULL);
      n++;
    }
  while (g_timer_elapsed (timer, NULL) < SECONDS);
  g_print ("invoice_pdf_cairo_cpu: %.1f pdf/s\n", n / (cpu_seconds () - cpu0));

  /* Invoices that differ from each other as a seller's do: every one its
   * own number, one of 50 clients, and its own first price (so its amounts,
   * totals, words and QR code), where the loop above repeats one invoice
   * whose every text is in the thread's shared layouts after the first. */
  {
    KtRecord *first = g_ptr_array_index (sample.items, 0);
    gint64 price = kt_record_get_int (first, "unit_price");
    g_autofree char *client = g_strdup (kt_record_get_string (sample.document, "client_name"));

    n = 0;
    g_timer_start (timer);
    cpu0 = cpu_seconds ();
    do
      {
        g_autofree char *number = g_strdup_printf ("%010" G_GUINT64_FORMAT, 1000 + n);
        g_autofree char *name = g_strdup_printf ("%s %" G_GUINT64_FORMAT, client, n % 50);
        g_autoptr(KtDocumentRender) render = NULL;
        g_autoptr(GBytes) pdf = NULL;

        kt_record_set_string (sample.document, "number", number);
        kt_record_set_string (sample.document, "client_name", name);
        kt_record_set_int (first, "unit_price", price + (gint64) n);
        render = kt_document_render_new (&source, NULL, NULL);
        pdf = kt_document_render_to_pdf_bytes (render, NULL);
        g_assert (pdf != NULL);
        n++;
      }
    while (g_timer_elapsed (timer, NULL) < SECONDS);
    g_print ("invoice_pdf_distinct_cpu: %.1f pdf/s\n", n / (cpu_seconds () - cpu0));
    kt_record_set_int (first, "unit_price", price);
    kt_record_set_string (sample.document, "client_name", client);
  }

  /* The layout alone (pango), to tell it from writing the PDF. */
  n = 0;
  g_timer_start (timer);
  cpu0 = cpu_seconds ();
  do
    {
      g_autoptr(KtDocumentRender) render = kt_document_render_new (&source, NULL, NULL);

      n++;
    }
  while (g_timer_elapsed (timer, NULL) < SECONDS);
  g_print ("invoice_layout_cpu: %.1f layouts/s\n", n / (cpu_seconds () - cpu0));

  /* Through a default template, compiled per PDF as the server does. */
  {
    g_autoptr(JsonObject) fields = kt_document_template_dup_builtin_fields ("modern-bg");
    g_autoptr(KtRecord) record = kt_record_new (KT_ENTITY_DOCUMENT_TEMPLATE);
    g_autoptr(GList) members = json_object_get_members (fields);

    for (GList *m = members; m != NULL; m = m->next)
      kt_record_set_string (record, m->data, json_object_get_string_member (fields, m->data));
    n = 0;
    g_timer_start (timer);
    cpu0 = cpu_seconds ();
    do
      {
        g_autoptr(KtDocumentTemplate) tmpl = kt_document_template_new (record, NULL);
        g_autoptr(KtDocumentRender) render = kt_document_template_render (tmpl, &source, NULL);
        g_autoptr(GBytes) pdf = kt_document_render_to_pdf_bytes (render, NULL);

        if (tmpl == NULL || pdf == NULL)
          g_error ("the modern-bg template does not render");
        n++;
      }
    while (g_timer_elapsed (timer, NULL) < SECONDS);
    g_print ("invoice_pdf_template_cpu: %.1f pdf/s\n", n / (cpu_seconds () - cpu0));
  }
  kt_document_sample_clear (&sample);
  return 0;
}
