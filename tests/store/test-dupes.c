/* test-dupes.c: duplicate candidates from the store (kt-store-dupes.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-store-dupes.h"
#include "store-test-util.h"

static KtRecord *
save_contact (KtStore    *store,
              const char *first,
              const char *last,
              const char *email,
              const char *phone,
              const char *mobile)
{
  g_autoptr (GError) error = NULL;
  KtRecord *record = test_new_contact (first, last);

  if (email != NULL)
    kt_record_set_string (record, "email", email);
  if (phone != NULL)
    kt_record_set_string (record, "phone", phone);
  if (mobile != NULL)
    kt_record_set_string (record, "mobile", mobile);
  g_assert_true (kt_store_save (store, record, &error));
  g_assert_no_error (error);

  return record;
}

static KtRecord *
save_company (KtStore    *store,
              const char *name,
              const char *vat,
              const char *eik)
{
  g_autoptr (GError) error = NULL;
  KtRecord *record = kt_record_new (KT_ENTITY_COMPANY);

  kt_record_set_string (record, "name", name);
  if (vat != NULL)
    kt_record_set_string (record, "vat_number", vat);
  if (eik != NULL)
    kt_record_set_string (record, "registration_number", eik);
  g_assert_true (kt_store_save (store, record, &error));
  g_assert_no_error (error);

  return record;
}

/* The candidate for @id in @found, or NULL. */
static KtDuplicate *
find_id (GPtrArray  *found,
         const char *id)
{
  guint i;

  for (i = 0; i < found->len; i++)
    {
      KtDuplicate *duplicate = g_ptr_array_index (found, i);

      if (g_str_equal (duplicate->id, id))
        return duplicate;
    }

  return NULL;
}

/* The candidate for @id, which must be there. */
static KtDuplicate *
must_find_id (GPtrArray  *found,
              const char *id)
{
  KtDuplicate *duplicate = find_id (found, id);

  if (duplicate == NULL)
    g_error ("%s is not among the candidates", id);
  return duplicate;
}

static GPtrArray *
find (KtStore  *store,
      KtRecord *record)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *found = kt_store_find_duplicates (store, record, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static void
test_contact_keys (StoreFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr (KtRecord) ivan = save_contact (fixture->store, "Иван", "Петров",
                                            "Ivan.Petrov@Example.bg", "0888 123 456", NULL);
  g_autoptr (KtRecord) maria = save_contact (fixture->store, "Maria", "Georgieva",
                                             "maria@example.bg", NULL, "+44 20 7946 0958");
  g_autoptr (KtRecord) other = save_contact (fixture->store, "Stoyan", "Kolev", NULL, NULL, NULL);
  g_autoptr (KtRecord) typed = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GPtrArray) found = NULL;
  KtDuplicate *duplicate;

  /* A name alone, typed in Latin, finds the Cyrillic one. */
  kt_record_set_string (typed, "first_name", "Ivan");
  kt_record_set_string (typed, "last_name", "Petrov");
  found = find (fixture->store, typed);
  g_assert_cmpuint (found->len, ==, 1);
  duplicate = must_find_id (found, kt_record_get_id (ivan));
  g_assert_cmpint (duplicate->reasons, ==, KT_DUPLICATE_NAME);
  g_assert_cmpfloat (duplicate->similarity, ==, 1.0);
  g_assert_cmpstr (duplicate->title, ==, "Иван Петров");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* The email in another case and the phone in another form add their
   * reasons; the email's match comes before Maria's name-less one. */
  kt_record_set_string (typed, "email", "  ivan.petrov@example.BG ");
  kt_record_set_string (typed, "mobile", "+359 88 812 3456");
  found = find (fixture->store, typed);
  duplicate = must_find_id (found, kt_record_get_id (ivan));
  g_assert_cmpint (duplicate->reasons, ==,
                   KT_DUPLICATE_NAME | KT_DUPLICATE_EMAIL | KT_DUPLICATE_PHONE);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Maria's foreign mobile, typed as her phone with 00. */
  g_clear_object (&typed);
  typed = kt_record_new (KT_ENTITY_CONTACT);
  kt_record_set_string (typed, "first_name", "M.");
  kt_record_set_string (typed, "phone", "0044 20 7946 0958");
  found = find (fixture->store, typed);
  g_assert_cmpuint (found->len, ==, 1);
  duplicate = must_find_id (found, kt_record_get_id (maria));
  g_assert_cmpint (duplicate->reasons, ==, KT_DUPLICATE_PHONE);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A record never finds itself, and a different name finds nobody. */
  found = find (fixture->store, ivan);
  g_assert_null (find_id (found, kt_record_get_id (ivan)));
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (fixture->store, other);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_index_follows_changes (StoreFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) typed = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) first = NULL;
  g_autoptr (KtRecord) second = NULL;
  g_autoptr (GPtrArray) found = NULL;

  kt_record_set_string (typed, "first_name", "Ivan");
  kt_record_set_string (typed, "email", "ivan@example.bg");
  found = find (fixture->store, typed);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A save after the first lookup is seen by the next one. */
  first = save_contact (fixture->store, "Someone", "Else", "IVAN@example.bg", NULL, NULL);
  found = find (fixture->store, typed);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* So is a write by another connection (another window, kantora-cli). */
  {
    g_autoptr (KtStore) other = kt_store_open (fixture->path, &error);

    g_assert_no_error (error);
    second = save_contact (other, "Ivan", "Ivanov", NULL, NULL, NULL);
  }
  found = find (fixture->store, typed);
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* And a deleted record is no candidate. */
  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (first), &error));
  g_assert_no_error (error);
  found = find (fixture->store, typed);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_nonnull (find_id (found, kt_record_get_id (second)));
}

static void
test_company_ids (StoreFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr (KtRecord) acme = save_company (fixture->store, "Акме ООД", "BG121100421", NULL);
  g_autoptr (KtRecord) other = save_company (fixture->store, "Другa фирма", NULL, "831902088");
  g_autoptr (KtRecord) typed = kt_record_new (KT_ENTITY_COMPANY);
  g_autoptr (GPtrArray) found = NULL;
  KtDuplicate *duplicate;

  /* The EIK typed finds the company by its VAT number, and the name in
   * Latin adds its reason. */
  kt_record_set_string (typed, "name", "Acme OOD");
  kt_record_set_string (typed, "registration_number", "121 100 421");
  found = find (fixture->store, typed);
  g_assert_cmpuint (found->len, ==, 1);
  duplicate = must_find_id (found, kt_record_get_id (acme));
  g_assert_cmpint (duplicate->reasons, ==, KT_DUPLICATE_COMPANY_ID | KT_DUPLICATE_NAME);
  g_assert_null (find_id (found, kt_record_get_id (other)));
}

static void
test_list_pairs (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) a = save_contact (fixture->store, "Иван", "Петров", "ivan@example.bg", NULL, NULL);
  g_autoptr (KtRecord) b = save_contact (fixture->store, "Ivan", "Petrov", NULL, "0888 123 456", NULL);
  g_autoptr (KtRecord) c = save_contact (fixture->store, "Vanyo", "P.", "IVAN@example.bg", NULL,
                                         "+359888123456");
  g_autoptr (KtRecord) d = save_contact (fixture->store, "Maria", "Georgieva", NULL, NULL, NULL);
  g_autoptr (GPtrArray) pairs = kt_store_list_duplicates (fixture->store, KT_ENTITY_CONTACT, &error);
  guint i;

  g_assert_no_error (error);
  /* a–b by name, a–c by email, b–c by phone; Maria in none. */
  g_assert_cmpuint (pairs->len, ==, 3);
  for (i = 0; i < pairs->len; i++)
    {
      KtDuplicatePair *pair = g_ptr_array_index (pairs, i);
      const char *ids[] = { pair->id_a, pair->id_b };
      gboolean has_a = FALSE, has_b = FALSE, has_c = FALSE;
      guint j;

      for (j = 0; j < 2; j++)
        {
          g_assert_cmpstr (ids[j], !=, kt_record_get_id (d));
          has_a |= g_str_equal (ids[j], kt_record_get_id (a));
          has_b |= g_str_equal (ids[j], kt_record_get_id (b));
          has_c |= g_str_equal (ids[j], kt_record_get_id (c));
        }
      if (has_a && has_b)
        g_assert_cmpint (pair->reasons, ==, KT_DUPLICATE_NAME);
      else if (has_a && has_c)
        g_assert_cmpint (pair->reasons, ==, KT_DUPLICATE_EMAIL);
      else
        g_assert_cmpint (pair->reasons, ==, KT_DUPLICATE_PHONE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dupes/contact-keys", StoreFixture, NULL,
              store_fixture_setup, test_contact_keys, store_fixture_teardown);
  g_test_add ("/dupes/index-follows-changes", StoreFixture, NULL,
              store_fixture_setup, test_index_follows_changes, store_fixture_teardown);
  g_test_add ("/dupes/company-ids", StoreFixture, NULL,
              store_fixture_setup, test_company_ids, store_fixture_teardown);
  g_test_add ("/dupes/list-pairs", StoreFixture, NULL,
              store_fixture_setup, test_list_pairs, store_fixture_teardown);

  return g_test_run ();
}
