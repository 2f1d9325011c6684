/* test-templates.c: document templates on the store (kt-templates.c)
 *
 * Made from a built-in look, duplicated, renamed, marked the default of
 * their kind (one per kind), and a document printed through its kind's
 * default: on a real store file, with the PDF's text read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-document-sample.h"
#include "stats-fixture.h"
#include "kt-documents.h"
#include "kt-templates.h"

/* The stats suite's temporary store, without generated data. */
typedef StatsFixture Fixture;
#define set_up stats_fixture_set_up
#define tear_down stats_fixture_tear_down

static KtRecord *
reload (KtStore  *store,
        KtRecord *record)
{
  g_autoptr (GError) error = NULL;
  KtRecord *stored = kt_store_get (store, KT_ENTITY_DOCUMENT_TEMPLATE, kt_record_get_id (record),
                                   &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return stored;
}

static KtRecord *
from_builtin (KtStore    *store,
              const char *id,
              const char *kind)
{
  g_autoptr (GError) error = NULL;
  KtRecord *t = kt_templates_create_from_builtin (store, id, kind, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

/* A built-in look becomes a record of its own, with every look field. */
static void
test_create_from_builtin (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (KtRecord) t = from_builtin (fixture->store, "modern-en", "offer");
  g_autoptr (KtRecord) stored = reload (fixture->store, t);
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (kt_record_get_string (stored, "name"), ==, "Modern (English)");
  g_assert_cmpstr (kt_record_get_string (stored, "kind"), ==, "offer");
  g_assert_cmpstr (kt_record_get_string (stored, "body"), ==, "Thank you for your business!");
  g_assert_nonnull (strstr (kt_record_get_string (stored, "layout"), "\"modern\""));
  g_assert_false (kt_record_get_bool (stored, "is_default"));

  g_assert_null (kt_templates_create_from_builtin (fixture->store, "baroque-bg", NULL, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_NOT_FOUND);
}

/* A copy is a new record with the same look, not the default; a rename
 * keeps the id; an empty name is refused. */
static void
test_duplicate_rename (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (KtRecord) t = from_builtin (fixture->store, "classic-bg", "invoice");
  g_autoptr (KtRecord) copy = NULL;
  g_autoptr (KtRecord) named = NULL;
  g_autoptr (KtRecord) stored = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (kt_templates_set_default (fixture->store, t, &error));
  g_assert_no_error (error);
  copy = kt_templates_duplicate (fixture->store, t, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_id (copy), !=, kt_record_get_id (t));
  g_assert_cmpstr (kt_record_get_string (copy, "name"), ==, "Класически (български) (copy)");
  g_assert_cmpstr (kt_record_get_string (copy, "layout"), ==, kt_record_get_string (t, "layout"));
  g_assert_false (kt_record_get_bool (copy, "is_default"));
  named = kt_templates_duplicate (fixture->store, t, "Second", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (named, "name"), ==, "Second");

  g_assert_true (kt_templates_rename (fixture->store, copy, "  Our invoice  ", &error));
  g_assert_no_error (error);
  stored = reload (fixture->store, copy);
  g_assert_cmpstr (kt_record_get_string (stored, "name"), ==, "Our invoice");

  g_assert_false (kt_templates_rename (fixture->store, stored, " ", &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "name");
  g_clear_object (&stored);
  stored = reload (fixture->store, copy);
  g_assert_cmpstr (kt_record_get_string (stored, "name"), ==, "Our invoice");
}

/* One default per kind: marking one unmarks the other of its kind only. */
static void
test_set_default (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (KtRecord) a = from_builtin (fixture->store, "classic-bg", "invoice");
  g_autoptr (KtRecord) b = from_builtin (fixture->store, "modern-bg", "invoice");
  g_autoptr (KtRecord) o = from_builtin (fixture->store, "minimal-en", "offer");
  g_autoptr (KtRecord) def = NULL;
  g_autoptr (KtRecord) stored = NULL;
  g_autoptr (GError) error = NULL;

  def = kt_templates_get_default (fixture->store, "invoice", &error);
  g_assert_no_error (error);
  g_assert_null (def);

  g_assert_true (kt_templates_set_default (fixture->store, a, &error));
  g_assert_true (kt_templates_set_default (fixture->store, o, &error));
  g_assert_true (kt_templates_set_default (fixture->store, b, &error));
  g_assert_no_error (error);

  def = kt_templates_get_default (fixture->store, "invoice", &error);
  g_assert_cmpstr (kt_record_get_id (def), ==, kt_record_get_id (b));
  stored = reload (fixture->store, a);
  g_assert_false (kt_record_get_bool (stored, "is_default"));
  g_clear_object (&def);
  def = kt_templates_get_default (fixture->store, "offer", &error);
  g_assert_cmpstr (kt_record_get_id (def), ==, kt_record_get_id (o));
  /* A credit note takes the invoice's default. */
  g_clear_object (&def);
  def = kt_templates_get_default (fixture->store, "credit_note", &error);
  g_assert_cmpstr (kt_record_get_id (def), ==, kt_record_get_id (b));
}

/* The PDF of a stored invoice is drawn with its kind's default template,
 * and with the built-in layout once none is the default. */
static void
test_document_prints_with_default (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr (KtRecord) t = NULL;
  g_autoptr (KtRecord) edited = NULL;
  g_autoptr (GError) error = NULL;
  KtDocumentSample sample;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "en", 3);
  g_assert_true (kt_document_save (fixture->store, sample.document, sample.items, NULL, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr (KtDocumentRender) render = kt_document_layout_for (fixture->store, sample.document,
                                                                    NULL, &error);
      g_autoptr (GBytes) pdf = NULL;
      g_autofree char *page = NULL;
      cairo_surface_t *image;

      g_assert_no_error (error);
      g_assert_nonnull (render);
      /* Which layout drew it: the default's Letter page, else A4 (what
       * a template prints is tests/render's). */
      if (round == 1)
        g_assert_cmpfloat (kt_document_render_get_page_width (render), ==, 612);
      else
        g_assert_cmpfloat_with_epsilon (kt_document_render_get_page_width (render), 595.276, 0.001);
      pdf = kt_document_render_to_pdf_bytes (render, &error);
      g_assert_no_error (error);
      g_assert_nonnull (pdf);
      image = kt_document_render_page_image (render, 0, 20);
      cairo_surface_destroy (image);

      if (round == 0)
        {
          /* A Letter-sized default for invoices. */
          t = from_builtin (fixture->store, "modern-en", "invoice");
          edited = kt_record_copy (t);
          kt_record_set_string (edited, "layout", "{\"style\": \"modern\", \"page\": {\"size\": \"Letter\"}}");
          g_assert_true (kt_store_save (fixture->store, edited, &error));
          g_assert_true (kt_templates_set_default (fixture->store, edited, &error));
          g_assert_no_error (error);
        }
      else if (round == 1)
        {
          g_autoptr (KtRecord) stored = reload (fixture->store, t);

          g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_DOCUMENT_TEMPLATE,
                                          kt_record_get_id (stored), &error));
          g_assert_no_error (error);
        }
    }
  kt_document_sample_clear (&sample);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/templates/create-from-builtin", Fixture, NULL, set_up, test_create_from_builtin,
              tear_down);
  g_test_add ("/templates/duplicate-rename", Fixture, NULL, set_up, test_duplicate_rename, tear_down);
  g_test_add ("/templates/set-default", Fixture, NULL, set_up, test_set_default, tear_down);
  g_test_add ("/templates/document-prints-with-default", Fixture, NULL, set_up,
              test_document_prints_with_default, tear_down);
  return g_test_run ();
}
