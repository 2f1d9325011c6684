/* test-import.c: validate every row, then import the valid ones at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "io-fixture.h"
#include "kt-custom-fields.h"
#include "kt-import.h"
#include "kt-vcard.h"

static KtImport *
import_csv (KtStore    *store,
            const char *entity_name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtCsvTable) table = kt_csv_parse (text, -1, 0, &error);

  g_assert_no_error (error);
  return kt_import_new_csv (store, kt_entity_lookup (entity_name), table);
}

static void
save_company (KtStore    *store,
              const char *name)
{
  g_autoptr(KtRecord) company = kt_record_new (kt_entity_lookup ("company"));
  g_autoptr(GError) error = NULL;

  kt_record_set_string (company, "name", name);
  kt_store_save (store, company, &error);
  g_assert_no_error (error);
}

static void
test_import_one_bad_row (IoFixture     *fixture,
                         gconstpointer  data)
{
  const char *csv =
    "\xEF\xBB\xBFИме;Фамилия;Имейл;Телефон;Фирма\r\n"
    "Иван;Петров;ivan@example.com;+359 88 111 2222;Acme\r\n"
    "Мария;Иванова;not-an-address;;Existing Ltd\r\n"
    "Георги;Димитров;georgi@example.com;;acme\r\n"
    "Елена;;elena@example.com;;Existing Ltd\r\n";
  g_autoptr(KtImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) ivan = NULL;
  g_autoptr(KtRecord) elena = NULL;
  g_autoptr(KtRecord) acme = NULL;
  g_autoptr(KtRecord) existing = NULL;
  g_autofree char *report = NULL;
  KtImportIssue *issue;

  save_company (fixture->store, "Existing Ltd");
  import = import_csv (fixture->store, "contact", csv);

  /* The Bulgarian headers were recognised. */
  g_assert_cmpstr (kt_import_get_column_target (import, 0), ==, "first_name");
  g_assert_cmpstr (kt_import_get_column_target (import, 2), ==, "email");
  g_assert_cmpstr (kt_import_get_column_target (import, 4), ==, KT_IMPORT_TARGET_COMPANY_NAME);
  g_assert_cmpuint (kt_import_get_n_rows (import), ==, 4);

  g_assert_true (kt_import_prepare (import, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kt_import_get_n_valid (import), ==, 3);
  g_assert_cmpuint (kt_import_get_issues (import)->len, ==, 1);

  issue = kt_import_get_issues (import)->pdata[0];
  g_assert_cmpuint (issue->line, ==, 3);
  g_assert_cmpstr (issue->target, ==, "email");
  g_assert_cmpstr (issue->column, ==, "Имейл");
  report = kt_import_issue_to_string (issue);
  g_assert_true (g_str_has_prefix (report, "Line 3, Имейл: "));

  /* "Acme" and "acme" make one new company; "Existing Ltd" is linked. */
  g_assert_cmpuint (kt_import_get_n_new_companies (import), ==, 1);

  /* Nothing is written before the person confirms. */
  g_assert_cmpint (io_count (fixture->store, "contact"), ==, 0);

  g_assert_true (kt_import_commit (import, &error));
  g_assert_no_error (error);
  g_assert_cmpint (io_count (fixture->store, "contact"), ==, 3);
  g_assert_cmpint (io_count (fixture->store, "company"), ==, 2);

  ivan = io_find (fixture->store, "contact", "email", "ivan@example.com");
  acme = io_find (fixture->store, "company", "name", "Acme");
  existing = io_find (fixture->store, "company", "name", "Existing Ltd");
  elena = io_find (fixture->store, "contact", "email", "elena@example.com");
  g_assert_nonnull (ivan);
  g_assert_nonnull (acme);
  g_assert_cmpstr (kt_record_get_string (ivan, "last_name"), ==, "Петров");
  g_assert_cmpstr (kt_record_get_string (ivan, "phone"), ==, "+359 88 111 2222");
  g_assert_cmpstr (kt_record_get_string (ivan, "source"), ==, "import");
  g_assert_cmpstr (kt_record_get_string (ivan, "company_id"), ==, kt_record_get_id (acme));
  g_assert_cmpstr (kt_record_get_string (elena, "company_id"), ==, kt_record_get_id (existing));
  g_assert_null (io_find (fixture->store, "contact", "first_name", "Мария"));
}

static void
test_import_failure_leaves_nothing (IoFixture     *fixture,
                                    gconstpointer  data)
{
  const char *csv =
    "first_name,last_name,email,company_name\n"
    "Ivan,Petrov,ivan@example.com,Acme\n"
    "Maria,Ivanova,maria@example.com,Beta\n"
    "Georgi,Dimitrov,georgi@example.com,Gamma\n";
  g_autoptr(KtImport) import = import_csv (fixture->store, "contact", csv);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "kantora.db", NULL);
  sqlite3 *db = NULL;

  g_assert_true (kt_import_prepare (import, &error));
  g_assert_cmpuint (kt_import_get_n_valid (import), ==, 3);
  g_assert_cmpuint (kt_import_get_records (import)->len, ==, 6);

  /* Make the database itself refuse the last contact, so the store fails
   * in the middle of the transaction: after the three companies and two
   * contacts have been written. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TRIGGER fail_georgi BEFORE INSERT ON contacts "
                                 "WHEN NEW.first_name = 'Georgi' "
                                 "BEGIN SELECT RAISE (ABORT, 'disk on fire'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_false (kt_import_commit (import, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (io_count (fixture->store, "contact"), ==, 0);
  g_assert_cmpint (io_count (fixture->store, "company"), ==, 0);
}

static void
test_import_needs_name_column (IoFixture     *fixture,
                               gconstpointer  data)
{
  g_autoptr(KtImport) import = import_csv (fixture->store, "contact",
                                           "Email,Phone\nivan@example.com,123\n");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (kt_import_get_column_target (import, 0), ==, "email");
  g_assert_cmpstr (kt_import_get_column_target (import, 1), ==, "phone");
  g_assert_false (kt_import_prepare (import, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);

  /* Choosing the column by hand fixes it. */
  g_clear_error (&error);
  kt_import_set_column_target (import, 0, "first_name");
  g_assert_true (kt_import_prepare (import, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kt_import_get_n_valid (import), ==, 1);
}

static void
test_import_full_name_and_custom_fields (IoFixture     *fixture,
                                         gconstpointer  data)
{
  g_autoptr(KtRecord) def = kt_record_new (kt_entity_lookup ("custom_field"));
  const char * const choices[] = { "tea", "coffee", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(KtImport) import = NULL;
  g_autoptr(KtRecord) ivan = NULL;
  JsonNode *custom;
  KtImportIssue *issue;

  kt_record_set_string (def, "target_entity", "contact");
  kt_record_set_string (def, "key", "drink");
  kt_record_set_string (def, "label", "Favourite drink");
  kt_record_set_string (def, "field_type", "choice");
  kt_record_set_tags (def, "choices", choices);
  kt_record_set_int (def, "position", 0);
  kt_store_save (fixture->store, def, &error);
  g_assert_no_error (error);

  import = import_csv (fixture->store, "contact",
                       "Name,Favourite drink,Birthday,Tags\n"
                       "Ivan Petrov,Tea,15.01.1980,\"vip, sofia\"\n"
                       "Maria,Beer,,\n"
                       "Georgi,,31.02.1990,\n");
  g_assert_cmpstr (kt_import_get_column_target (import, 0), ==, KT_IMPORT_TARGET_FULL_NAME);
  g_assert_cmpstr (kt_import_get_column_target (import, 1), ==, "custom.drink");

  g_assert_true (kt_import_prepare (import, &error));
  g_assert_cmpuint (kt_import_get_n_valid (import), ==, 1);
  g_assert_cmpuint (kt_import_get_issues (import)->len, ==, 2);
  issue = kt_import_get_issues (import)->pdata[0];
  g_assert_cmpuint (issue->line, ==, 3);
  g_assert_cmpstr (issue->target, ==, "custom.drink");
  g_assert_nonnull (strstr (issue->message, "Beer"));
  issue = kt_import_get_issues (import)->pdata[1];
  g_assert_cmpuint (issue->line, ==, 4);
  g_assert_cmpstr (issue->target, ==, "birthday");

  g_assert_true (kt_import_commit (import, &error));
  g_assert_no_error (error);

  ivan = io_find (fixture->store, "contact", "first_name", "Ivan");
  g_assert_nonnull (ivan);
  g_assert_cmpstr (kt_record_get_string (ivan, "last_name"), ==, "Petrov");
  g_assert_cmpstr (kt_record_get_string (ivan, "birthday"), ==, "1980-01-15");
  g_assert_cmpstr (kt_record_get_tags (ivan, "tags")[0], ==, "vip");
  g_assert_cmpstr (kt_record_get_tags (ivan, "tags")[1], ==, "sofia");
  custom = kt_record_get_node (ivan, "custom");
  g_assert_nonnull (custom);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (custom), "drink"), ==, "tea");
}

/* The custom values follow the shared rule of the forms and the server
 * (kt_custom_field_validate_values()): a text value over 1000 characters
 * is an issue of its row here, not a rejection on the next sync. */
static void
test_import_custom_rules (IoFixture     *fixture,
                          gconstpointer  data)
{
  g_autoptr(KtRecord) def = kt_record_new (kt_entity_lookup ("custom_field"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KtImport) import = NULL;
  g_autofree char *long_motto = g_strnfill (1001, 'm');
  g_autofree char *csv = NULL;
  KtImportIssue *issue;

  kt_record_set_string (def, "target_entity", "contact");
  kt_record_set_string (def, "key", "motto");
  kt_record_set_string (def, "label", "Motto");
  kt_record_set_string (def, "field_type", "text");
  kt_record_set_bool (def, "required", TRUE);
  kt_store_save (fixture->store, def, &error);
  g_assert_no_error (error);

  csv = g_strdup_printf ("Name,Motto\n"
                         "Ivan Petrov,Carpe diem\n"
                         "Maria,%s\n"
                         "Georgi,\n", long_motto);
  import = import_csv (fixture->store, "contact", csv);
  g_assert_cmpstr (kt_import_get_column_target (import, 1), ==, "custom.motto");

  g_assert_true (kt_import_prepare (import, &error));
  g_assert_cmpuint (kt_import_get_n_valid (import), ==, 1);
  g_assert_cmpuint (kt_import_get_issues (import)->len, ==, 2);
  issue = kt_import_get_issues (import)->pdata[0];
  g_assert_cmpuint (issue->line, ==, 3);
  g_assert_cmpstr (issue->target, ==, "custom.motto");
  g_assert_cmpstr (issue->column, ==, "Motto");
  g_assert_nonnull (strstr (issue->message, "1000"));
  issue = kt_import_get_issues (import)->pdata[1];
  g_assert_cmpuint (issue->line, ==, 4);
  g_assert_cmpstr (issue->target, ==, "custom.motto");
  g_assert_nonnull (strstr (issue->message, "required"));
}

/* A number cell of a custom field: a decimal comma or point, and what
 * strtod() reads but JSON cannot hold refused with the label (found by
 * fuzz/fuzz-typed-text.c: "200e39" became a double that the record wrote
 * as "2e+41.0", and "1e300" a cast to an integer out of range). */
static void
test_custom_number (void)
{
  static const struct { const char *text; gint64 whole; double value; const char *refusal; } cases[] = {
    { "42", 42, 0, NULL },
    { "-9223372036854775808", G_MININT64, 0, NULL },
    { "1e3", 1000, 0, NULL },
    { "3,5", 0, 3.5, NULL },
    { "1e300", 0, 1e300, NULL },
    { "9223372036854775808", 0, 9223372036854775808.0, NULL },
    { "200e39", 0, 0, "too large" },
    { "1e999", 0, 0, "too large" },
    { "-inf", 0, 0, "too large" },
    { "nan", 0, 0, "not a number" },
    { "12 kg", 0, 0, "not a number" },
  };
  g_autoptr(KtRecord) def = kt_record_new (kt_entity_lookup ("custom_field"));

  kt_record_set_string (def, "label", "Weight");
  kt_record_set_string (def, "field_type", "number");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = kt_custom_field_value_from_text (def, cases[i].text, &error);

      g_test_message ("%s", cases[i].text);
      if (cases[i].refusal != NULL)
        {
          g_assert_null (node);
          g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
          g_assert_true (g_str_has_prefix (error->message, "Weight: "));
          g_assert_nonnull (strstr (error->message, cases[i].refusal));
          continue;
        }
      g_assert_no_error (error);
      if (cases[i].value == 0)
        {
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
          g_assert_cmpint (json_node_get_int (node), ==, cases[i].whole);
        }
      else
        {
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
          g_assert_cmpfloat (json_node_get_double (node), ==, cases[i].value);
        }
    }
}

static void
test_import_vcard (IoFixture     *fixture,
                   gconstpointer  data)
{
  const char *vcf =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Petrov;Ivan;;;\r\nFN:Ivan Petrov\r\n"
    "ORG:Acme\r\nEMAIL;TYPE=INTERNET:ivan@example.com\r\nTEL;TYPE=CELL:0888 123 456\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Maria Ivanova\r\nEMAIL:broken\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Elena\r\nTEL;VALUE=uri:tel:+359-2-123\r\nEND:VCARD\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = kt_vcard_parse (vcf, -1, &error);
  g_autoptr(KtImport) import = NULL;
  g_autoptr(KtRecord) ivan = NULL;
  g_autoptr(KtRecord) elena = NULL;
  KtImportIssue *issue;

  g_assert_no_error (error);
  import = kt_import_new_vcard (fixture->store, cards);
  g_assert_true (kt_import_prepare (import, &error));
  g_assert_cmpuint (kt_import_get_n_valid (import), ==, 2);
  g_assert_cmpuint (kt_import_get_issues (import)->len, ==, 1);
  issue = kt_import_get_issues (import)->pdata[0];
  g_assert_cmpuint (issue->line, ==, 9);
  g_assert_cmpstr (issue->target, ==, "email");

  g_assert_true (kt_import_commit (import, &error));
  ivan = io_find (fixture->store, "contact", "email", "ivan@example.com");
  g_assert_cmpstr (kt_record_get_string (ivan, "mobile"), ==, "0888 123 456");
  g_assert_nonnull (kt_record_get_string (ivan, "company_id"));
  elena = io_find (fixture->store, "contact", "first_name", "Elena");
  g_assert_cmpstr (kt_record_get_string (elena, "phone"), ==, "+359-2-123");
}

/* A row with the email or phone of a stored contact: counted as a
 * duplicate, and with "update the existing record" chosen it updates
 * that contact instead of creating a second one. */
static void
test_import_updates_duplicates (IoFixture     *fixture,
                                gconstpointer  data)
{
  const char *csv =
    "First name,Last name,Email,Phone,Job title\n"
    "Ivan,Petrov,IVAN@example.com,,CEO\n"
    "Maria,Ivanova,,0888 123 456,CFO\n"
    "Georgi,Dimitrov,georgi@example.com,,CTO\n";
  g_autoptr(KtRecord) ivan = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) maria = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  kt_record_set_string (ivan, "first_name", "Иван");
  kt_record_set_string (ivan, "email", "ivan@example.com");
  kt_record_set_string (ivan, "source", "referral");
  kt_record_set_string (ivan, "city", "Sofia");
  kt_record_set_string (maria, "first_name", "Maria");
  kt_record_set_string (maria, "mobile", "+359888123456");
  g_assert_true (kt_store_save (fixture->store, ivan, &error));
  g_assert_true (kt_store_save (fixture->store, maria, &error));
  g_assert_no_error (error);

  /* Without the choice, the rows are counted but created as they are. */
  {
    g_autoptr(KtImport) import = import_csv (fixture->store, "contact", csv);

    g_assert_true (kt_import_prepare (import, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (kt_import_get_n_valid (import), ==, 3);
    g_assert_cmpuint (kt_import_get_n_duplicates (import), ==, 2);
  }

  {
    g_autoptr(KtImport) import = import_csv (fixture->store, "contact", csv);

    kt_import_set_update_duplicates (import, TRUE);
    g_assert_true (kt_import_prepare (import, &error));
    g_assert_cmpuint (kt_import_get_n_duplicates (import), ==, 2);
    g_assert_true (kt_import_commit (import, &error));
    g_assert_no_error (error);
  }

  g_assert_cmpint (io_count (fixture->store, "contact"), ==, 3);
  stored = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (ivan), &error);
  g_assert_no_error (error);
  /* The file's values win, an empty cell and a default keep what was stored. */
  g_assert_cmpstr (kt_record_get_string (stored, "first_name"), ==, "Ivan");
  g_assert_cmpstr (kt_record_get_string (stored, "job_title"), ==, "CEO");
  g_assert_cmpstr (kt_record_get_string (stored, "city"), ==, "Sofia");
  g_assert_cmpstr (kt_record_get_string (stored, "source"), ==, "referral");
  g_clear_object (&stored);
  stored = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (maria), &error);
  g_assert_cmpstr (kt_record_get_string (stored, "job_title"), ==, "CFO");
  g_assert_cmpstr (kt_record_get_string (stored, "last_name"), ==, "Ivanova");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IoFixture, NULL, io_fixture_set_up, func, io_fixture_tear_down)
  ADD ("/io/import/one-bad-row", test_import_one_bad_row);
  ADD ("/io/import/updates-duplicates", test_import_updates_duplicates);
  ADD ("/io/import/failure-leaves-nothing", test_import_failure_leaves_nothing);
  ADD ("/io/import/needs-name-column", test_import_needs_name_column);
  ADD ("/io/import/full-name-and-custom-fields", test_import_full_name_and_custom_fields);
  ADD ("/io/import/custom-rules", test_import_custom_rules);
  g_test_add_func ("/io/import/custom-number", test_custom_number);
  ADD ("/io/import/vcard", test_import_vcard);
#undef ADD

  return g_test_run ();
}
