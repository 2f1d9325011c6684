/* test-template-preview.c: client/core/kt-template-preview, without GTK
 *
 * A template from a built-in look with a body of its own, rendered on the
 * sample invoice, gives a one-page PDF (test-ui-studio reads its text
 * with poppler); a misspelt variable gives no PDF and an issue at its
 * field, line and column (in characters); a cancelled rendering stops
 * with G_IO_ERROR_CANCELLED.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-entities.h"
#include "kt-template-preview.h"

static KtRecord *
builtin_template (const char *id)
{
  g_autoptr(JsonObject) fields = kt_document_template_dup_builtin_fields (id);
  KtRecord *record = kt_record_new (KT_ENTITY_DOCUMENT_TEMPLATE);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (fields);
  kt_record_apply_defaults (record);
  g_assert_true (kt_record_set_from_json (record, fields, NULL, &error));
  g_assert_no_error (error);
  return record;
}

static void
test_renders_text (void)
{
  g_autoptr(KtRecord) tmpl = builtin_template ("classic-en");
  g_autoptr(KtTemplatePreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  KtDocumentSample sample;
  gsize size = 0;
  const char *pdf;

  kt_record_set_string (tmpl, "body", "Studio body for {{client.name}}");
  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "en", 3);
  preview = kt_template_preview_render (tmpl, &sample, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->issues->len, ==, 0);
  g_assert_nonnull (preview->pdf);
  g_assert_cmpuint (preview->n_pages, ==, 1);
  pdf = g_bytes_get_data (preview->pdf, &size);
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (memcmp (pdf, "%PDF-", 5) == 0);
  kt_document_sample_clear (&sample);
}

static void
test_issue_has_place (void)
{
  g_autoptr(KtRecord) tmpl = builtin_template ("classic-bg");
  g_autoptr(KtTemplatePreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  KtDocumentSample sample;
  KtDocumentTemplateError *issue;

  kt_record_set_string (tmpl, "footer", "Ред\nпри {{invoice.numbr}}");
  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 3);
  preview = kt_template_preview_render (tmpl, &sample, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview);
  g_assert_null (preview->pdf);
  g_assert_cmpuint (preview->issues->len, ==, 1);
  issue = g_ptr_array_index (preview->issues, 0);
  g_assert_cmpstr (issue->field, ==, "footer");
  g_assert_cmpuint (issue->line, ==, 2);
  g_assert_cmpuint (issue->column, ==, 5);   /* characters, not bytes */
  g_assert_nonnull (strstr (issue->message, "invoice.numbr"));
  kt_document_sample_clear (&sample);
}

static void
test_cancelled (void)
{
  g_autoptr(KtRecord) tmpl = builtin_template ("minimal-en");
  g_autoptr(KtTemplatePreview) preview = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  KtDocumentSample sample;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_OFFER, "en", 3);
  g_cancellable_cancel (cancellable);
  preview = kt_template_preview_render (tmpl, &sample, cancellable, &error);
  g_assert_null (preview);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  kt_document_sample_clear (&sample);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template-preview/renders-text", test_renders_text);
  g_test_add_func ("/template-preview/issue-has-place", test_issue_has_place);
  g_test_add_func ("/template-preview/cancelled", test_cancelled);

  return g_test_run ();
}
