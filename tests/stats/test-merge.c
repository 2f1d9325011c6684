/* test-merge.c: merging duplicates moves every link and undoes (kt-merge.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kt-merge.h"
#include "kt-pipelines.h"

typedef struct {
  char    *dir;
  KtStore *store;
  char    *pipeline_id;
  char    *stage_id;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pipelines = NULL;
  g_autoptr (GPtrArray) stages = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("kt-merge-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = kt_store_open (path, &error);
  g_assert_no_error (error);

  kt_pipelines_ensure_default (fixture->store, &error);
  g_assert_no_error (error);
  pipelines = kt_pipelines_load (fixture->store, &error);
  g_assert_no_error (error);
  fixture->pipeline_id = g_strdup (kt_record_get_id (g_ptr_array_index (pipelines, 0)));
  stages = kt_pipelines_load_stages (fixture->store, fixture->pipeline_id, &error);
  g_assert_no_error (error);
  fixture->stage_id = g_strdup (kt_record_get_id (g_ptr_array_index (stages, 0)));
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_assert_finalize_object (fixture->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->pipeline_id);
  g_free (fixture->stage_id);
}

/* Saves a new record of @entity with the given field = value pairs. */
static KtRecord *
save (KtStore    *store,
      const char *entity,
      ...)
{
  g_autoptr (GError) error = NULL;
  KtRecord *record = kt_record_new (kt_entity_lookup (entity));
  const char *field;
  va_list args;

  va_start (args, entity);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      const KtField *f = kt_entity_get_field (kt_record_get_entity (record), field);

      if (f->type == KT_FIELD_MONEY || f->type == KT_FIELD_INT)
        kt_record_set_int (record, field, g_ascii_strtoll (value, NULL, 10));
      else if (f->type == KT_FIELD_JSON)
        {
          g_autoptr (JsonNode) node = json_from_string (value, NULL);

          kt_record_set_node (record, field, node, &error);
          g_assert_no_error (error);
        }
      else
        kt_record_set_string (record, field, value);
    }
  va_end (args);

  kt_store_save (store, record, &error);
  g_assert_no_error (error);
  return record;
}

static KtRecord *
get (KtStore    *store,
     const char *entity,
     const char *id)
{
  g_autoptr (GError) error = NULL;
  KtRecord *record = kt_store_get (store, kt_entity_lookup (entity), id, &error);

  g_assert_no_error (error);
  return record;
}

static void
assert_link (KtStore    *store,
             const char *entity,
             KtRecord   *record,
             const char *field,
             KtRecord   *target)
{
  g_autoptr (KtRecord) stored = get (store, entity, kt_record_get_id (record));

  g_assert_cmpstr (kt_record_get_string (stored, field), ==, kt_record_get_id (target));
}

static void
test_merge_contacts (Fixture       *fixture,
                     gconstpointer  data)
{
  KtStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) ivan = save (store, "contact", "first_name", "Ivan", "last_name", "Petrov",
                                    "email", "ivan@example.bg", "city", "Sofia",
                                    "custom", "{\"size\":\"L\"}", NULL);
  g_autoptr (KtRecord) dupe = save (store, "contact", "first_name", "Иван", "last_name", "Петров",
                                    "phone", "0888 123 456", "city", "Plovdiv",
                                    "custom", "{\"size\":\"M\",\"vip\":\"yes\"}", NULL);
  g_autoptr (KtRecord) deal = save (store, "deal", "title", "Licences", "pipeline_id", fixture->pipeline_id,
                                    "stage_id", fixture->stage_id, "status", "open",
                                    "contact_id", kt_record_get_id (dupe), NULL);
  g_autoptr (KtRecord) task = save (store, "task", "title", "Call Ivan",
                                    "contact_id", kt_record_get_id (dupe), NULL);
  g_autoptr (KtRecord) activity = save (store, "activity", "type", "call",
                                        "occurred_at", "2026-11-25T10:00:00.000Z",
                                        "contact_id", kt_record_get_id (dupe), NULL);
  g_autoptr (KtRecord) invoice = save (store, "invoice", "status", "draft", "issue_date", "2026-11-25",
                                       "currency", "EUR", "contact_id", kt_record_get_id (dupe), NULL);
  g_autoptr (KtRecord) offer = save (store, "offer", "status", "draft", "issue_date", "2026-11-25",
                                     "currency", "EUR", "contact_id", kt_record_get_id (dupe), NULL);
  g_autoptr (KtRecord) payment = save (store, "payment", "amount", "1000", "currency", "EUR",
                                       "received_at", "2026-11-25T10:00:00.000Z",
                                       "contact_id", kt_record_get_id (dupe), NULL);
  g_autoptr (KtRecord) unrelated = save (store, "task", "title", "Someone else's", NULL);
  const char * const from_loser[] = { "phone", "first_name", "last_name", NULL };
  g_autoptr (KtMerge) merge = NULL;
  g_autoptr (KtRecord) merged = NULL;
  g_autoptr (KtRecord) back = NULL;
  g_autofree char *resolved = NULL;
  JsonObject *custom;

  merge = kt_merge_records (store, KT_ENTITY_CONTACT, kt_record_get_id (ivan), kt_record_get_id (dupe),
                            from_loser, &error);
  g_assert_no_error (error);
  g_assert_nonnull (merge);
  g_assert_cmpuint (kt_merge_get_n_moved (merge), ==, 6);

  /* The picked fields come from the loser, the others stay, and custom
   * values the survivor lacked are added without overwriting its own. */
  merged = get (store, "contact", kt_record_get_id (ivan));
  g_assert_cmpstr (kt_record_get_string (merged, "first_name"), ==, "Иван");
  g_assert_cmpstr (kt_record_get_string (merged, "phone"), ==, "0888 123 456");
  g_assert_cmpstr (kt_record_get_string (merged, "email"), ==, "ivan@example.bg");
  g_assert_cmpstr (kt_record_get_string (merged, "city"), ==, "Sofia");
  custom = json_node_get_object (kt_record_get_node (merged, "custom"));
  g_assert_cmpstr (json_object_get_string_member (custom, "size"), ==, "L");
  g_assert_cmpstr (json_object_get_string_member (custom, "vip"), ==, "yes");

  /* Every link moved to the survivor. */
  assert_link (store, "deal", deal, "contact_id", ivan);
  assert_link (store, "task", task, "contact_id", ivan);
  assert_link (store, "activity", activity, "contact_id", ivan);
  assert_link (store, "invoice", invoice, "contact_id", ivan);
  assert_link (store, "offer", offer, "contact_id", ivan);
  assert_link (store, "payment", payment, "contact_id", ivan);
  {
    g_autoptr (KtRecord) stored = get (store, "task", kt_record_get_id (unrelated));

    g_assert_false (kt_record_has (stored, "contact_id"));
  }

  /* The loser is a tombstone that redirects. */
  g_assert_null (kt_store_get (store, KT_ENTITY_CONTACT, kt_record_get_id (dupe), NULL));
  resolved = kt_store_resolve_merged (store, KT_ENTITY_CONTACT, kt_record_get_id (dupe));
  g_assert_cmpstr (resolved, ==, kt_record_get_id (ivan));

  /* Undo puts it all back. */
  kt_merge_undo (merge, store, &error);
  g_assert_no_error (error);
  back = get (store, "contact", kt_record_get_id (dupe));
  g_assert_null (kt_record_get_string (back, "merged_into_id"));
  g_clear_object (&merged);
  merged = get (store, "contact", kt_record_get_id (ivan));
  g_assert_cmpstr (kt_record_get_string (merged, "first_name"), ==, "Ivan");
  g_assert_false (kt_record_has (merged, "phone"));
  custom = json_node_get_object (kt_record_get_node (merged, "custom"));
  g_assert_false (json_object_has_member (custom, "vip"));
  assert_link (store, "deal", deal, "contact_id", dupe);
  assert_link (store, "task", task, "contact_id", dupe);
  assert_link (store, "activity", activity, "contact_id", dupe);
  assert_link (store, "invoice", invoice, "contact_id", dupe);
  assert_link (store, "offer", offer, "contact_id", dupe);
  assert_link (store, "payment", payment, "contact_id", dupe);
  g_clear_pointer (&resolved, g_free);
  resolved = kt_store_resolve_merged (store, KT_ENTITY_CONTACT, kt_record_get_id (dupe));
  g_assert_cmpstr (resolved, ==, kt_record_get_id (dupe));
}

static void
test_merge_companies (Fixture       *fixture,
                      gconstpointer  data)
{
  KtStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) acme = save (store, "company", "name", "Acme OOD", NULL);
  g_autoptr (KtRecord) dupe = save (store, "company", "name", "Акме ООД", "vat_number", "BG121100421", NULL);
  g_autoptr (KtRecord) person = save (store, "contact", "first_name", "Maria",
                                      "company_id", kt_record_get_id (dupe), NULL);
  g_autoptr (KtRecord) invoice = save (store, "invoice", "status", "draft", "issue_date", "2026-11-25",
                                       "currency", "EUR", "company_id", kt_record_get_id (dupe), NULL);
  g_autoptr (KtMerge) merge = NULL;
  g_autoptr (KtRecord) merged = NULL;

  merge = kt_merge_records (store, KT_ENTITY_COMPANY, kt_record_get_id (acme), kt_record_get_id (dupe),
                            (const char * const[]) { "vat_number", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kt_merge_get_n_moved (merge), ==, 2);
  assert_link (store, "contact", person, "company_id", acme);
  assert_link (store, "invoice", invoice, "company_id", acme);
  merged = get (store, "company", kt_record_get_id (acme));
  g_assert_cmpstr (kt_record_get_string (merged, "vat_number"), ==, "BG121100421");
  g_assert_cmpstr (kt_record_get_string (merged, "name"), ==, "Acme OOD");

  /* Merging into itself, or a record already merged, fails and writes nothing. */
  g_assert_null (kt_merge_records (store, KT_ENTITY_COMPANY, kt_record_get_id (acme),
                                   kt_record_get_id (acme), NULL, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kt_merge_records (store, KT_ENTITY_COMPANY, kt_record_get_id (acme),
                                   kt_record_get_id (dupe), NULL, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_NOT_FOUND);
}

static void
test_preselect_newest (Fixture       *fixture,
                       gconstpointer  data)
{
  KtStore *store = fixture->store;
  g_autoptr (KtRecord) older = save (store, "contact", "first_name", "Ivan", "email", "old@example.bg",
                                     "city", "Sofia", NULL);
  g_autoptr (KtRecord) newer = save (store, "contact", "first_name", "Ivan", "email", "new@example.bg", NULL);
  g_autoptr (KtRecord) a = get (store, "contact", kt_record_get_id (older));
  g_autoptr (KtRecord) b = get (store, "contact", kt_record_get_id (newer));
  g_autoptr (GPtrArray) fields = kt_merge_differing_fields (a, b);

  /* first_name is equal: not offered; email and city differ. */
  g_assert_cmpuint (fields->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, "email");
  g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "city");
  g_assert_true (kt_merge_prefers_loser (a, b, "email"));
  g_assert_false (kt_merge_prefers_loser (b, a, "email"));
  /* An empty value is never preselected over a set one. */
  g_assert_false (kt_merge_prefers_loser (a, b, "city"));
  g_assert_true (kt_merge_prefers_loser (b, a, "city"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/merge/contacts", Fixture, NULL, set_up, test_merge_contacts, tear_down);
  g_test_add ("/merge/companies", Fixture, NULL, set_up, test_merge_companies, tear_down);
  g_test_add ("/merge/preselect-newest", Fixture, NULL, set_up, test_preselect_newest, tear_down);

  return g_test_run ();
}
