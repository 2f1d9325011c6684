/* fuzz-tmpl.c: document and mail templates, as people type them in the
 * studio (shared/kt-tmpl.c, kt-tmpl-render.c)
 *
 * The first byte picks the options: bit 0 the language (bg, en), bit 1
 * strict rendering, bit 2 the variable catalogue, bit 3 plain text. The
 * rest is the template, with its length (so NULs and bad UTF-8 reach the
 * parser). A template that parses is rendered over a fixed context, the
 * sample invoice of render/ (kt-document-sample) with its first 7 lines
 * through kt_tmpl_context_new(), as the studio's preview does: 7 rather
 * than 10 make loops cheaper, and every kind of line is still there (a
 * discount, VAT at 20 %, 9 % and 0 % with its exemption).
 *
 * Beyond not crashing: parsing fails exactly when it lists errors; every
 * error's line and column are those of its byte offset, counted here
 * again; the output is UTF-8 and within its limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-document-sample.h"

/* Small limits keep each execution short; the limits themselves are
 * what is being tried. */
#define MAX_OUTPUT (16 * 1024)
#define MAX_ITERATIONS 300

static JsonObject *context;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  KtDocumentSample sample;
  g_autoptr(GError) error = NULL;

  kt_fuzz_init ();
  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 7);
  context = kt_tmpl_context_new (sample.document, sample.items, sample.seller, NULL, NULL, &error);
  if (context == NULL)
    g_error ("the sample's context: %s", error->message);
  kt_document_sample_clear (&sample);
  return 0;
}

/* Line and column (1-based, columns in characters) of @offset in @text,
 * counted independently of the parser's tracker. */
static void
position_of (const char *text,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) text[i] & 0xc0) != 0x80)
        (*column)++;
    }
}

static void
check_errors (GPtrArray  *errors,
              const char *text,
              gsize       size)
{
  for (guint i = 0; i < errors->len; i++)
    {
      KtTmplError *e = g_ptr_array_index (errors, i);
      guint line, column;

      if (e->message == NULL || !g_utf8_validate (e->message, -1, NULL))
        g_error ("error %u has no message, or one that is not UTF-8", i);
      if (e->offset > size)
        g_error ("“%s” at offset %" G_GSIZE_FORMAT ", past the end (%" G_GSIZE_FORMAT ")",
                 e->message, e->offset, size);
      position_of (text, e->offset, &line, &column);
      if (line != e->line || column != e->column)
        g_error ("“%s” at %u:%u, but its offset %" G_GSIZE_FORMAT " is at %u:%u",
                 e->message, e->line, e->column, e->offset, line, column);
    }
  if (errors->len > KT_TMPL_MAX_ERRORS)
    g_error ("%u errors, more than the limit", errors->len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(KtTmpl) tmpl = NULL;
  g_autofree char *text = NULL;
  KtTmplRenderOptions options = {
    .max_output = MAX_OUTPUT,
    .max_iterations = MAX_ITERATIONS,
  };
  const char *source;

  if (size < 1)
    return 0;
  options.language = (data[0] & 1) ? "en" : "bg";
  options.strict = (data[0] & 2) != 0;
  options.plain_text = (data[0] & 8) != 0;
  source = (const char *) data + 1;

  tmpl = kt_tmpl_parse (source, size - 1, (data[0] & 4) ? kt_tmpl_variables () : NULL, &errors);
  if ((tmpl == NULL) != (errors != NULL))
    g_error ("parsing %s, with%s errors", tmpl != NULL ? "succeeded" : "failed",
             errors != NULL ? "" : "out");
  if (errors != NULL)
    {
      if (errors->len == 0)
        g_error ("an empty list of errors");
      check_errors (errors, source, size - 1);
      return 0;
    }

  text = kt_tmpl_render (tmpl, context, &options, &errors);
  if ((text == NULL) != (errors != NULL))
    g_error ("rendering %s, with%s errors", text != NULL ? "succeeded" : "failed",
             errors != NULL ? "" : "out");
  if (errors != NULL)
    check_errors (errors, source, size - 1);
  /* The output may pass the limit by the one piece that crossed it,
   * which is at most a value of the context or the template. */
  else if (!g_utf8_validate (text, -1, NULL) || strlen (text) > MAX_OUTPUT)
    g_error ("the output is not UTF-8 or longer than the limit");
  return 0;
}
