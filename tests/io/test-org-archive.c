/* test-org-archive.c: the organization archive and its ZIP codec
 *
 * A generated store is exported, imported into an empty store and
 * compared record by record, field by field; then the refusals: a store
 * that is not empty, a bad row (named by file, line and field, and
 * nothing saved), and hostile ZIP files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "io-fixture.h"
#include "kt-gen.h"
#include "kt-org-archive.h"
#include "kt-zip.h"

static void
save (KtStore  *store,
      KtRecord *record)
{
  g_autoptr(GError) error = NULL;

  kt_store_save (store, record, &error);
  g_assert_no_error (error);
}

/* A generated organization plus the awkward cases: a custom field with
 * a Cyrillic label, a name with a comma, quotes and a line break. */
static void
fill (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) definition = kt_record_new (kt_entity_lookup ("custom_field"));
  g_autoptr(KtRecord) company = kt_record_new (kt_entity_lookup ("company"));
  g_autoptr(JsonObject) custom = json_object_new ();
  g_autoptr(JsonNode) custom_node = NULL;
  KtGenParams params = { 0 };

  params.contacts = 120;
  params.companies = 30;
  params.deals = 60;
  params.invoices = 40;
  params.tasks = 50;
  params.activities = 50;
  params.seed = 42;
  params.lang = KT_GEN_LANG_MIXED;
  kt_gen_fill (store, &params, &error);
  g_assert_no_error (error);

  kt_record_set_string (definition, "target_entity", "company");
  kt_record_set_string (definition, "label", "Любимо питие");
  kt_record_set_string (definition, "key", "lyubimo_pitie");
  kt_record_set_string (definition, "field_type", "text");
  save (store, definition);

  kt_record_set_string (company, "name", "Акме, \"Старата\"\nфирма");
  json_object_set_string_member (custom, "lyubimo_pitie", "чай, с лимон");
  custom_node = json_node_init_object (json_node_alloc (), custom);
  g_assert_true (kt_record_set_node (company, "custom", custom_node, &error));
  g_assert_no_error (error);
  save (store, company);
}

static GBytes *
export (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  GBytes *zip = kt_org_archive_export (store, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (zip);
  return zip;
}

static void
assert_same_records (KtStore *a,
                     KtStore *b)
{
  const KtEntity * const *all = kt_entity_all ();
  guint compared = 0;

  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autoptr(KtQuery) query = NULL;
      g_autoptr(GPtrArray) left = NULL;
      g_autoptr(GPtrArray) right = NULL;
      g_autoptr(GError) error = NULL;

      if (!kt_org_archive_includes (all[i]))
        continue;
      query = kt_query_new (all[i]);
      kt_query_set_sort (query, KT_META_ID, FALSE);
      left = kt_store_query (a, query, 0, G_MAXINT, &error);
      g_assert_no_error (error);
      right = kt_store_query (b, query, 0, G_MAXINT, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (left->len, ==, right->len);

      for (guint r = 0; r < left->len; r++)
        {
          KtRecord *x = left->pdata[r];
          KtRecord *y = right->pdata[r];

          g_assert_cmpstr (kt_record_get_id (x), ==, kt_record_get_id (y));
          g_assert_cmpstr (kt_record_get_owner_id (x), ==, kt_record_get_owner_id (y));
          g_assert_cmpstr (kt_record_get_created_at (x), ==, kt_record_get_created_at (y));
          for (guint f = 0; all[i]->fields[f].name != NULL; f++)
            {
              const char *name = all[i]->fields[f].name;
              JsonNode *u = kt_record_get_node (x, name);
              JsonNode *v = kt_record_get_node (y, name);

              if (all[i]->fields[f].flags & KT_FIELD_SECRET)
                continue;
              if (u == NULL || v == NULL)
                {
                  if (u != v)
                    g_error ("%s %s: %s is %s before and %s after", all[i]->name,
                             kt_record_get_id (x), name, u ? "set" : "unset", v ? "set" : "unset");
                  continue;
                }
              if (!json_node_equal (u, v))
                g_error ("%s %s: %s is %s before and %s after", all[i]->name,
                         kt_record_get_id (x), name, json_to_string (u, FALSE),
                         json_to_string (v, FALSE));
              compared++;
            }
        }
    }
  g_assert_cmpuint (compared, >, 1000);
}

static void
test_round_trip (IoFixture     *f,
                 gconstpointer  data)
{
  g_autoptr(KtStore) target = io_fixture_open_store (f, "target.db");
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  fill (f->store);
  zip = export (f->store);
  g_assert_true (kt_org_archive_import (target, zip, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 400);
  assert_same_records (f->store, target);
}

/* A saved view is one person's, not the organization's: the archive
 * that an Owner takes along does not carry it. */
static void
test_leaves_saved_views_out (IoFixture     *f,
                             gconstpointer  data)
{
  g_autoptr(KtRecord) view = kt_record_new (KT_ENTITY_SAVED_VIEW);
  g_autoptr(JsonNode) state = json_from_string ("{\"search\":\"Иван\"}", NULL);
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(KtZipReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (kt_org_archive_includes (KT_ENTITY_SAVED_VIEW));
  g_assert_true (kt_org_archive_includes (KT_ENTITY_CONTACT));
  kt_record_set_string (view, "section", "contacts");
  kt_record_set_string (view, "name", "Иван");
  g_assert_true (kt_record_set_node (view, "state", state, &error));
  g_assert_true (kt_store_save (f->store, view, &error));
  g_assert_no_error (error);

  zip = export (f->store);
  reader = kt_zip_reader_new (zip, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < kt_zip_reader_get_n_entries (reader); i++)
    g_assert_cmpstr (kt_zip_reader_get_name (reader, i), !=, "saved_views.csv");
}

static void
test_list_csv (IoFixture     *f,
               gconstpointer  data)
{
  g_autoptr(KtQuery) query = kt_query_new (kt_entity_lookup ("company"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  fill (f->store);
  /* A pane's search: only what it shows is written. */
  kt_query_set_search (query, "акме");
  text = kt_export_query_csv_text (f->store, query, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "id,owner_id,created_at,name,"));
  /* The custom field under its label; quotes doubled, the line break
   * and the comma kept inside quotes. */
  g_assert_nonnull (strstr (text, ",Любимо питие\r\n"));
  g_assert_nonnull (strstr (text, "\"Акме, \"\"Старата\"\"\nфирма\""));
  g_assert_nonnull (strstr (text, ",\"чай, с лимон\"\r\n"));
  g_clear_pointer (&text, g_free);

  /* A deal's references carry ids and the names beside them; money in
   * decimal with its currency. */
  g_clear_pointer (&query, kt_query_free);
  query = kt_query_new (kt_entity_lookup ("deal"));
  text = kt_export_query_csv_text (f->store, query, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 60);
  g_assert_nonnull (strstr (text, ",stage_id,stage_id_name,value,currency,"));
  g_assert_true (g_regex_match_simple (",[0-9]+\\.[0-9]{2},(BGN|EUR|USD),", text, 0, 0));
}

static void
test_refuses_non_empty (IoFixture     *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  fill (f->store);
  before = io_count (f->store, "contact");
  zip = export (f->store);
  g_assert_false (kt_org_archive_import (f->store, zip, NULL, NULL, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "empty organization"));
  g_assert_cmpint (io_count (f->store, "contact"), ==, before);
}

static GBytes *
make_archive (const char *file,
              const char *entity,
              const char *csv,
              int         count)
{
  g_autoptr(KtZipWriter) writer = kt_zip_writer_new ();
  g_autofree char *manifest =
    g_strdup_printf ("{\"format\":\"kantora-organization\",\"format_version\":1,"
                     "\"schema_version\":1,\"files\":[{\"name\":\"%s\",\"entity\":\"%s\","
                     "\"count\":%d}]}", file, entity, count);

  kt_zip_writer_add (writer, "manifest.json", manifest, strlen (manifest));
  kt_zip_writer_add (writer, file, csv, strlen (csv));
  return kt_zip_writer_finish (writer);
}

static void
assert_refused (KtStore    *store,
                GBytes     *zip,
                const char *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kt_org_archive_import (store, zip, NULL, NULL, &error));
  g_assert_nonnull (error);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
  g_assert_cmpint (io_count (store, "company"), ==, 0);
}

static void
test_refuses_bad_input (IoFixture     *f,
                        gconstpointer  data)
{
  static const char *good = "id,name\r\n019af1eb-1e7a-731a-9e20-5c021d59381c,Acme\r\n";
  g_autoptr(GBytes) zip = NULL;

  /* The good case lands, so the refusals below are about their flaw. */
  {
    g_autoptr(KtStore) other = io_fixture_open_store (f, "other.db");
    g_autoptr(GError) error = NULL;

    zip = make_archive ("companies.csv", "company", good, 1);
    g_assert_true (kt_org_archive_import (other, zip, NULL, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&zip, g_bytes_unref);
  }

  /* A bad value: file, line and field named; nothing saved (the first
   * row was valid). */
  zip = make_archive ("companies.csv", "company",
                      "id,name,employee_count\r\n"
                      "019af1eb-1e7a-731a-9e20-5c021d59381c,Acme,3\r\n"
                      "019af1eb-1e7a-731a-9e20-5c021d59381d,Beta,many\r\n", 2);
  assert_refused (f->store, zip, "companies.csv, line 3: employee_count");
  g_clear_pointer (&zip, g_bytes_unref);

  /* A required field missing, by the shared validation. */
  zip = make_archive ("companies.csv", "company",
                      "id,name\r\n019af1eb-1e7a-731a-9e20-5c021d59381c,\r\n", 1);
  assert_refused (f->store, zip, "companies.csv, line 2");
  g_clear_pointer (&zip, g_bytes_unref);

  /* A reference to a record not in the archive. */
  zip = make_archive ("contacts.csv", "contact",
                      "id,first_name,company_id\r\n"
                      "019af1eb-1e7a-731a-9e20-5c021d59381c,Ivan,019af1eb-1e7a-731a-9e20-5c021d59381f\r\n", 1);
  assert_refused (f->store, zip, "not in the archive");
  g_clear_pointer (&zip, g_bytes_unref);

  /* Counts that disagree with the manifest, a file named as a path, an
   * unknown format, invalid UTF-8. */
  zip = make_archive ("companies.csv", "company", good, 5);
  assert_refused (f->store, zip, "manifest.json says 5");
  g_clear_pointer (&zip, g_bytes_unref);
  zip = make_archive ("../../companies.csv", "company", good, 1);
  assert_refused (f->store, zip, "does not match its entity");
  g_clear_pointer (&zip, g_bytes_unref);
  zip = make_archive ("companies.csv", "company", "id,name\r\n019af1eb-1e7a-731a-9e20-5c021d59381c,\xff\xfe\r\n", 1);
  assert_refused (f->store, zip, "companies.csv");
  g_clear_pointer (&zip, g_bytes_unref);
  zip = make_archive ("companies.csv", "company", "name\r\nAcme\r\n", 1);
  assert_refused (f->store, zip, "id column is missing");
  g_clear_pointer (&zip, g_bytes_unref);

  /* A JSON cell of only white space (json-glib reads it as no value and
   * no error) and one nested past the guard's depth. */
  zip = make_archive ("companies.csv", "company",
                      "id,name,custom\r\n019af1eb-1e7a-731a-9e20-5c021d59381c,Acme, \r\n", 1);
  assert_refused (f->store, zip, "companies.csv, line 2: custom: The JSON text is empty");
  g_clear_pointer (&zip, g_bytes_unref);
  {
    g_autofree char *deep = g_strnfill (100000, '[');
    g_autofree char *csv = g_strdup_printf ("id,name,custom\r\n019af1eb-1e7a-731a-9e20-5c021d59381c,Acme,%s\r\n",
                                            deep);

    zip = make_archive ("companies.csv", "company", csv, 1);
    assert_refused (f->store, zip, "companies.csv, line 2: custom");
    g_clear_pointer (&zip, g_bytes_unref);
  }

  /* manifest.json of only white space, nested too deep, not UTF-8. */
  {
    static const char *manifests[][2] = {
      { " \n\t", "manifest.json: The JSON text is empty" },
      { "", "manifest.json: The JSON text is empty" },
      { "{\"files\":\xff}", "manifest.json: The JSON text is not valid UTF-8" },
    };
    g_autofree char *deep = g_strnfill (60000, '[');

    for (guint i = 0; i <= G_N_ELEMENTS (manifests); i++)
      {
        g_autoptr(KtZipWriter) writer = kt_zip_writer_new ();
        const char *text = i < G_N_ELEMENTS (manifests) ? manifests[i][0] : deep;

        kt_zip_writer_add (writer, "manifest.json", text, strlen (text));
        kt_zip_writer_add (writer, "companies.csv", good, strlen (good));
        zip = kt_zip_writer_finish (writer);
        assert_refused (f->store, zip, i < G_N_ELEMENTS (manifests) ? manifests[i][1] : "manifest.json: ");
        g_clear_pointer (&zip, g_bytes_unref);
      }
  }

  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("PK\x03\x04 not really", 17);

    assert_refused (f->store, junk, "not a ZIP archive");
  }
}

static void
test_zip_hostile (void)
{
  g_autoptr(KtZipWriter) writer = kt_zip_writer_new ();
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(KtZipReader) reader = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *zeros = g_malloc0 (1024 * 1024);
  g_autofree guint8 *copy = NULL;
  gsize length;

  /* A megabyte of zeros deflates to about a kilobyte: a small bomb. */
  kt_zip_writer_add (writer, "../../etc/passwd", zeros, 1024 * 1024);
  kt_zip_writer_add (writer, "small", "hello", 5);
  zip = kt_zip_writer_finish (writer);
  g_assert_cmpuint (g_bytes_get_size (zip), <, 16 * 1024);

  reader = kt_zip_reader_new (zip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kt_zip_reader_get_n_entries (reader), ==, 2);
  /* A name is a key, nothing more. */
  g_assert_cmpstr (kt_zip_reader_get_name (reader, 0), ==, "../../etc/passwd");
  g_assert_null (kt_zip_reader_extract (reader, "../../etc/passwd", 64 * 1024, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_TOO_LARGE);
  g_clear_error (&error);
  big = kt_zip_reader_extract (reader, "../../etc/passwd", 2 * 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (big), ==, 1024 * 1024);
  g_assert_null (kt_zip_reader_extract (reader, "missing", 100, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&reader, kt_zip_reader_free);

  /* A flipped byte in the data fails the checksum or the stream, and a
   * lying size in the directory fails too: never a crash. */
  length = g_bytes_get_size (zip);
  copy = g_memdup2 (g_bytes_get_data (zip, NULL), length);
  copy[60] ^= 0x55;
  {
    g_autoptr(GBytes) bad = g_bytes_new_static (copy, length);

    reader = kt_zip_reader_new (bad, &error);
    g_assert_no_error (error);
    g_assert_null (kt_zip_reader_extract (reader, "../../etc/passwd", 2 * 1024 * 1024, &error));
    g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
    g_clear_error (&error);
    g_clear_pointer (&reader, kt_zip_reader_free);
  }

  /* Truncated: the directory is gone. */
  {
    g_autoptr(GBytes) cut = g_bytes_new_static (g_bytes_get_data (zip, NULL), length - 30);

    g_assert_null (kt_zip_reader_new (cut, &error));
    g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
    g_clear_error (&error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/org-archive/round-trip", IoFixture, NULL,
              io_fixture_set_up, test_round_trip, io_fixture_tear_down);
  g_test_add ("/org-archive/leaves-saved-views-out", IoFixture, NULL,
              io_fixture_set_up, test_leaves_saved_views_out, io_fixture_tear_down);
  g_test_add ("/org-archive/list-csv", IoFixture, NULL,
              io_fixture_set_up, test_list_csv, io_fixture_tear_down);
  g_test_add ("/org-archive/refuses-non-empty", IoFixture, NULL,
              io_fixture_set_up, test_refuses_non_empty, io_fixture_tear_down);
  g_test_add ("/org-archive/refuses-bad-input", IoFixture, NULL,
              io_fixture_set_up, test_refuses_bad_input, io_fixture_tear_down);
  g_test_add_func ("/zip/hostile", test_zip_hostile);

  return g_test_run ();
}
