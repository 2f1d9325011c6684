/* test-export.c: export, then import into a fresh store, and compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "io-fixture.h"
#include "kt-export.h"
#include "kt-import.h"
#include "kt-vcard.h"

static KtRecord *
make_contact (KtStore    *store,
              const char *first,
              const char *last,
              const char *email,
              const char *company_id)
{
  g_autoptr(KtRecord) contact = kt_record_new (kt_entity_lookup ("contact"));
  g_autoptr(GError) error = NULL;

  kt_record_set_string (contact, "first_name", first);
  if (last)
    kt_record_set_string (contact, "last_name", last);
  kt_record_set_string (contact, "email", email);
  if (company_id)
    kt_record_set_string (contact, "company_id", company_id);
  return g_steal_pointer (&contact);
}

static void
save (KtStore  *store,
      KtRecord *record)
{
  g_autoptr(GError) error = NULL;

  kt_store_save (store, record, &error);
  g_assert_no_error (error);
}

static void
fill_store (KtStore *store)
{
  g_autoptr(KtRecord) acme = kt_record_new (kt_entity_lookup ("company"));
  g_autoptr(KtRecord) ivan = NULL;
  g_autoptr(KtRecord) maria = NULL;
  g_autoptr(KtRecord) georgi = NULL;
  const char * const tags[] = { "vip", "sofia", NULL };

  kt_record_set_string (acme, "name", "Acme, \"The\" Company");
  kt_record_set_string (acme, "currency", "EUR");
  kt_record_set_int (acme, "annual_revenue", 123456789);
  kt_record_set_int (acme, "employee_count", 42);
  kt_record_set_string (acme, "website", "https://acme.example.com");
  kt_record_set_string (acme, "notes", "Line one\nLine two; with \"quotes\"");
  save (store, acme);

  ivan = make_contact (store, "Иван", "Петров", "ivan@example.com", kt_record_get_id (acme));
  kt_record_set_string (ivan, "phone", "+359 2 123 456");
  kt_record_set_string (ivan, "mobile", "+359 888 123 456");
  kt_record_set_string (ivan, "job_title", "Търговски директор");
  kt_record_set_string (ivan, "address", "ул. Витоша 1, ет. 2");
  kt_record_set_string (ivan, "city", "София");
  kt_record_set_string (ivan, "postal_code", "1000");
  kt_record_set_string (ivan, "country", "България");
  kt_record_set_string (ivan, "website", "https://ivan.example.com");
  kt_record_set_string (ivan, "linkedin", "https://linkedin.com/in/ivan");
  kt_record_set_string (ivan, "birthday", "1980-01-15");
  kt_record_set_string (ivan, "notes", "Met at the fair; likes \"strong\" coffee,\nand long folded notes "
                        "that go on for well over seventy-five octets so that the vCard writer folds them");
  kt_record_set_tags (ivan, "tags", tags);
  save (store, ivan);

  maria = make_contact (store, "Maria", NULL, "maria@example.com", NULL);
  kt_record_set_string (maria, "source", "referral");
  save (store, maria);

  georgi = make_contact (store, "Georgi", "Dimitrov", "georgi@example.com", kt_record_get_id (acme));
  save (store, georgi);
}

static char *
company_name_of (KtStore  *store,
                 KtRecord *contact)
{
  const char *id = kt_record_get_string (contact, "company_id");
  g_autoptr(KtRecord) company = NULL;

  if (id == NULL)
    return NULL;
  company = kt_store_get (store, kt_entity_lookup ("company"), id, NULL);
  return company ? g_strdup (kt_record_get_string (company, "name")) : NULL;
}

/* Every field of every record of @entity_name in @a has the same value in
 * the record of @b with the same @key; the company link by name. */
static void
assert_same_records (KtStore    *a,
                     KtStore    *b,
                     const char *entity_name,
                     const char *key,
                     gboolean    with_source)
{
  const KtEntity *entity = kt_entity_lookup (entity_name);
  g_autoptr(KtQuery) query = kt_query_new (entity);
  g_autoptr(GPtrArray) records = kt_store_query (a, query, 0, 1000, NULL);

  g_assert_cmpint (io_count (a, entity_name), ==, io_count (b, entity_name));
  for (guint i = 0; i < records->len; i++)
    {
      KtRecord *original = records->pdata[i];
      g_autoptr(KtRecord) copy = io_find (b, entity_name, key, kt_record_get_string (original, key));

      g_assert_nonnull (copy);
      for (guint f = 0; entity->fields[f].name != NULL; f++)
        {
          const char *name = entity->fields[f].name;
          g_autofree char *want = NULL;
          g_autofree char *got = NULL;

          if (g_str_equal (name, "company_id"))
            {
              want = company_name_of (a, original);
              got = company_name_of (b, copy);
            }
          else if (g_str_equal (name, "source") && !with_source)
            continue;
          else
            {
              JsonNode *wn = kt_record_get_node (original, name);
              JsonNode *gn = kt_record_get_node (copy, name);

              want = wn ? json_to_string (wn, FALSE) : NULL;
              got = gn ? json_to_string (gn, FALSE) : NULL;
            }
          if (g_strcmp0 (want, got) != 0)
            g_error ("%s %s: field %s was %s, came back as %s", entity_name,
                     kt_record_get_string (original, key), name, want, got);
        }
    }
}

static void
import_text (KtStore    *store,
             const char *entity_name,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtCsvTable) table = kt_csv_parse (text, -1, 0, &error);
  g_autoptr(KtImport) import = NULL;

  g_assert_no_error (error);
  import = kt_import_new_csv (store, kt_entity_lookup (entity_name), table);
  g_assert_true (kt_import_prepare (import, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kt_import_get_issues (import)->len, ==, 0);
  g_assert_true (kt_import_commit (import, &error));
  g_assert_no_error (error);
}

static void
test_export_csv_round_trip (IoFixture     *fixture,
                            gconstpointer  data)
{
  g_autoptr(KtStore) fresh = io_fixture_open_store (fixture, "fresh.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *companies = NULL;
  g_autofree char *contacts = NULL;
  guint n = 0;

  fill_store (fixture->store);

  companies = kt_export_csv_text (fixture->store, kt_entity_lookup ("company"), &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  contacts = kt_export_csv_text (fixture->store, kt_entity_lookup ("contact"), &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  /* A BOM, a header row of field names, and RFC 4180 quoting. */
  g_assert_true (g_str_has_prefix (contacts, "\xEF\xBB\xBF" "first_name,last_name,"));
  g_assert_nonnull (strstr (companies, "\"Acme, \"\"The\"\" Company\""));
  g_assert_nonnull (strstr (companies, "1234567.89"));

  import_text (fresh, "company", companies);
  import_text (fresh, "contact", contacts);

  assert_same_records (fixture->store, fresh, "company", "name", TRUE);
  assert_same_records (fixture->store, fresh, "contact", "email", TRUE);
  /* The contacts' company was linked to the imported one, not duplicated. */
  g_assert_cmpint (io_count (fresh, "company"), ==, 1);
}

static void
vcard_round_trip (IoFixture      *fixture,
                  KtVCardVersion  version,
                  const char     *version_line)
{
  g_autoptr(KtStore) fresh = io_fixture_open_store (fixture, "fresh.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(KtImport) import = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  fill_store (fixture->store);
  text = kt_export_vcard_text (fixture->store, version, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_nonnull (strstr (text, version_line));

  /* Folded: no physical line over 75 octets. */
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (strlen (lines[i]), <=, 75);

  cards = kt_vcard_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 3);
  import = kt_import_new_vcard (fresh, cards);
  g_assert_true (kt_import_prepare (import, &error));
  g_assert_cmpuint (kt_import_get_issues (import)->len, ==, 0);
  g_assert_true (kt_import_commit (import, &error));
  g_assert_no_error (error);

  /* vCards carry no lead source; everything else comes back. */
  assert_same_records (fixture->store, fresh, "contact", "email", FALSE);
}

static void
test_export_vcard3_round_trip (IoFixture     *fixture,
                               gconstpointer  data)
{
  vcard_round_trip (fixture, KT_VCARD_VERSION_3_0, "VERSION:3.0\r\n");
}

static void
test_export_vcard4_round_trip (IoFixture     *fixture,
                               gconstpointer  data)
{
  vcard_round_trip (fixture, KT_VCARD_VERSION_4_0, "VERSION:4.0\r\n");
}

static void
test_export_write_file (IoFixture     *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "contacts.csv", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no", "such", "dir.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint n = 0;

  fill_store (fixture->store);
  g_assert_true (g_file_set_contents (path, "old content that is much longer than nothing", -1, NULL));

  g_assert_true (kt_export_csv (fixture->store, kt_entity_lookup ("contact"), file, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "first_name"));
  g_assert_null (strstr (contents, "old content"));

  g_assert_false (kt_export_vcard (fixture->store, KT_VCARD_VERSION_4_0, bad, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IoFixture, NULL, io_fixture_set_up, func, io_fixture_tear_down)
  ADD ("/io/export/csv-round-trip", test_export_csv_round_trip);
  ADD ("/io/export/vcard3-round-trip", test_export_vcard3_round_trip);
  ADD ("/io/export/vcard4-round-trip", test_export_vcard4_round_trip);
  ADD ("/io/export/write-file", test_export_write_file);
#undef ADD

  return g_test_run ();
}
