/* test-store.c: opening, CRUD, validation, tombstones, outbox, clocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "kt-record.h"
#include "kt-store-sync.h"
#include "store-test-util.h"

static void
test_reopen (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *org = g_strdup (kt_store_get_org_id (fixture->store));
  g_autofree char *user = g_strdup (kt_store_get_user_id (fixture->store));
  g_autofree char *node = g_strdup (kt_hlc_get_node (kt_store_get_clock (fixture->store)));
  g_autoptr(KtRecord) contact = test_new_contact ("Иван", "Петров");
  g_autoptr(KtRecord) read = NULL;
  g_autofree char *meta = NULL;

  g_assert_true (kt_uuid_is_valid (org));
  g_assert_true (kt_uuid_is_valid (user));
  g_assert_cmpstr (org, !=, user);
  g_assert_true (kt_store_set_meta (fixture->store, "sync_cursor", "42", &error));
  g_assert_no_error (error);
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (fixture->store);
  fixture->store = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  /* The identity and the clock's node survive a restart. */
  g_assert_cmpstr (kt_store_get_org_id (fixture->store), ==, org);
  g_assert_cmpstr (kt_store_get_user_id (fixture->store), ==, user);
  g_assert_cmpstr (kt_hlc_get_node (kt_store_get_clock (fixture->store)), ==, node);
  meta = kt_store_get_meta (fixture->store, "sync_cursor");
  g_assert_cmpstr (meta, ==, "42");
  g_assert_null (kt_store_get_meta (fixture->store, "missing"));

  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (read, "first_name"), ==, "Иван");
  g_assert_cmpstr (kt_record_get_org_id (read), ==, org);
  g_assert_cmpstr (kt_record_get_owner_id (read), ==, user);

  /* The clock resumes after the last stamp it handed out. */
  {
    g_autofree char *next = kt_hlc_tick (kt_store_get_clock (fixture->store));
    g_assert_cmpint (kt_hlc_compare (next, kt_record_get_hlc (read)), >, 0);
  }
}

static void
on_changed_cb (KtStore    *store,
               const char *entity,
               const char *id,
               GPtrArray  *log)
{
  g_ptr_array_add (log, g_strdup_printf ("%s:%s", entity, id ? id : "*"));
}

static void
test_crud (StoreFixture  *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Maria", "Ivanova");
  g_autoptr(KtRecord) read = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *expected = NULL;
  const char *tags[] = { "vip", "партньор", NULL };
  KtOutboxEntry *entry;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed_cb), log);

  kt_record_set_string (contact, "email", "maria@example.com");
  kt_record_set_tags (contact, "tags", tags);
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kt_record_get_hlc (contact));
  expected = g_strdup_printf ("contact:%s", kt_record_get_id (contact));
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, expected);

  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (read, "email"), ==, "maria@example.com");
  g_assert_cmpstrv (kt_record_get_tags (read, "tags"), tags);
  g_assert_cmpstr (kt_record_get_hlc (read), ==, kt_record_get_hlc (contact));

  /* Saving an unchanged record is not a change. */
  g_assert_true (kt_store_save (fixture->store, read, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_outbox_count (fixture->store), ==, 1);
  g_assert_cmpuint (log->len, ==, 1);

  kt_record_set_string (read, "job_title", "CEO");
  kt_record_unset (read, "email");
  g_assert_true (kt_store_save (fixture->store, read, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_outbox_count (fixture->store), ==, 2);

  outbox = kt_store_outbox_peek (fixture->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 2);
  entry = g_ptr_array_index (outbox, 1);
  g_assert_cmpstr (entry->entity, ==, "contact");
  g_assert_cmpstr (entry->record_id, ==, kt_record_get_id (contact));
  g_assert_false (entry->deleted);
  /* Only the changed fields travel; an unset field travels as null. */
  {
    g_autoptr(JsonNode) fields = json_from_string (entry->fields_json, NULL);
    JsonObject *o = json_node_get_object (fields);

    g_assert_cmpuint (json_object_get_size (o), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (o, "job_title"), ==, "CEO");
    g_assert_true (json_object_get_null_member (o, "email"));
  }
  g_assert_cmpint (((KtOutboxEntry *)g_ptr_array_index (outbox, 0))->seq, <, entry->seq);

  g_assert_true (kt_store_outbox_remove (fixture->store, entry->seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_outbox_count (fixture->store), ==, 0);
}

static void
test_clocks_only_changed (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Georgi", "Dimitrov");
  g_autoptr(KtRecord) edit = NULL;
  g_autoptr(KtRecord) read = NULL;
  g_autofree char *first_clock = NULL;
  g_autoptr(GPtrArray) outbox = NULL;

  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  first_clock = g_strdup (kt_record_get_field_hlc (contact, "first_name"));

  /* A copy through JSON without clocks: it knows nothing of the stored
   * clocks, as an edit made from an import or a form would. */
  {
    g_autoptr(JsonNode) json = kt_record_to_json (contact, KT_JSON_DEFAULT);

    edit = kt_record_from_json (KT_ENTITY_CONTACT, json, &error);
    g_assert_no_error (error);
  }
  kt_record_set_string (edit, "last_name", "Dimitrov-Petrov");
  g_assert_true (kt_store_save (fixture->store, edit, &error));
  g_assert_no_error (error);

  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_field_hlc (read, "first_name"), ==, first_clock);
  g_assert_cmpint (kt_hlc_compare (kt_record_get_field_hlc (read, "last_name"), first_clock), >, 0);
  g_assert_cmpstr (kt_record_get_hlc (read), ==, kt_record_get_field_hlc (read, "last_name"));
  /* The caller's record learns its stamps. */
  g_assert_cmpstr (kt_record_get_field_hlc (edit, "first_name"), ==, first_clock);
  g_assert_cmpstr (kt_record_get_hlc (edit), ==, kt_record_get_hlc (read));

  outbox = kt_store_outbox_peek (fixture->store, 10, &error);
  g_assert_cmpuint (outbox->len, ==, 2);
  {
    KtOutboxEntry *entry = g_ptr_array_index (outbox, 1);
    g_autoptr(JsonNode) clocks = json_from_string (entry->clocks_json, NULL);
    JsonObject *o = json_node_get_object (clocks);

    g_test_message ("clocks: %s", entry->clocks_json);
    g_assert_cmpuint (json_object_get_size (o), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (o, "last_name"), ==, kt_record_get_hlc (read));
  }
}

/* Reassigning a record is an edit like any other: the new owner is saved,
 * stamped and queued for sync. A copy that carries no owner (an import
 * row) keeps the stored one, and a new record without one gets the
 * store's user. */
static void
test_owner_change (StoreFixture  *fixture,
                   gconstpointer  data)
{
  static const char other[] = "0190aaaa-0000-7000-8000-0000000000aa";
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Petar", "Kolev");
  g_autoptr(KtRecord) edit = NULL;
  g_autoptr(KtRecord) read = NULL;
  g_autoptr(KtRecord) ownerless = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *first_hlc = NULL;

  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_owner_id (contact), ==, kt_store_get_user_id (fixture->store));
  first_hlc = g_strdup (kt_record_get_hlc (contact));

  edit = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
  g_assert_no_error (error);
  kt_record_set_owner_id (edit, other);
  g_assert_true (kt_store_save (fixture->store, edit, &error));
  g_assert_no_error (error);

  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_owner_id (read), ==, other);
  g_assert_cmpint (kt_hlc_compare (kt_record_get_hlc (read), first_hlc), >, 0);

  outbox = kt_store_outbox_peek (fixture->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 2);
  {
    KtOutboxEntry *entry = g_ptr_array_index (outbox, 1);
    g_autoptr(JsonNode) fields = json_from_string (entry->fields_json, NULL);
    g_autoptr(JsonNode) clocks = json_from_string (entry->clocks_json, NULL);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (fields), KT_META_OWNER), ==, other);
    g_assert_cmpuint (json_object_get_size (json_node_get_object (fields)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (clocks), KT_META_OWNER), ==,
                     kt_record_get_hlc (read));
  }

  /* Without an owner of its own, the copy changes nothing about it. */
  ownerless = kt_record_new_with_id (KT_ENTITY_CONTACT, kt_record_get_id (contact));
  kt_record_set_string (ownerless, "first_name", "Petar");
  kt_record_set_string (ownerless, "last_name", "Kolev-Ivanov");
  g_assert_true (kt_store_save (fixture->store, ownerless, &error));
  g_assert_no_error (error);
  g_clear_object (&read);
  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
  g_assert_cmpstr (kt_record_get_owner_id (read), ==, other);
  g_clear_pointer (&outbox, g_ptr_array_unref);
  outbox = kt_store_outbox_peek (fixture->store, 10, &error);
  g_assert_cmpuint (outbox->len, ==, 3);
  g_assert_null (strstr (((KtOutboxEntry *) g_ptr_array_index (outbox, 2))->fields_json, KT_META_OWNER));
}

/* A record made for someone else says so in its outbox row, with the
 * owner's clock: the server would otherwise make the pusher its owner.
 * Records made for oneself (the owner left unset or named explicitly)
 * carry no owner and keep no owner clock, as before. */
static void
test_owner_create_for_other (StoreFixture  *fixture,
                             gconstpointer  data)
{
  static const char other[] = "0190aaaa-0000-7000-8000-0000000000bb";
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) theirs = test_new_contact ("Nikola", "Georgiev");
  g_autoptr(KtRecord) mine = test_new_contact ("Vera", "Dimova");
  g_autoptr(KtRecord) named_mine = test_new_contact ("Yana", "Todorova");
  g_autoptr(KtRecord) read = NULL;
  g_autoptr(GPtrArray) outbox = NULL;

  kt_record_set_owner_id (theirs, other);
  kt_record_set_owner_id (named_mine, kt_store_get_user_id (fixture->store));
  g_assert_true (kt_store_save (fixture->store, theirs, &error));
  g_assert_no_error (error);
  g_assert_true (kt_store_save (fixture->store, mine, &error));
  g_assert_no_error (error);
  g_assert_true (kt_store_save (fixture->store, named_mine, &error));
  g_assert_no_error (error);

  /* The caller's copy and the stored row both have the owner clocked. */
  g_assert_cmpstr (kt_record_peek_owner_clock (theirs), ==, kt_record_get_hlc (theirs));
  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (theirs), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_owner_id (read), ==, other);
  g_assert_cmpstr (kt_record_peek_owner_clock (read), ==, kt_record_get_hlc (theirs));

  outbox = kt_store_outbox_peek (fixture->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 3);
  {
    KtOutboxEntry *entry = g_ptr_array_index (outbox, 0);
    g_autoptr(JsonNode) fields = json_from_string (entry->fields_json, NULL);
    g_autoptr(JsonNode) clocks = json_from_string (entry->clocks_json, NULL);

    g_assert_cmpstr (entry->record_id, ==, kt_record_get_id (theirs));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (fields), "first_name"), ==,
                     "Nikola");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (fields), KT_META_OWNER), ==,
                     other);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (clocks), KT_META_OWNER), ==,
                     kt_record_get_hlc (theirs));
  }
  for (guint i = 1; i < 3; i++)
    {
      KtOutboxEntry *entry = g_ptr_array_index (outbox, i);

      g_assert_null (strstr (entry->fields_json, KT_META_OWNER));
      g_assert_null (strstr (entry->clocks_json, KT_META_OWNER));
    }

  g_clear_object (&read);
  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (mine), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_owner_id (read), ==, kt_store_get_user_id (fixture->store));
  g_assert_null (kt_record_peek_owner_clock (read));
  g_assert_null (kt_record_peek_owner_clock (mine));
  g_clear_object (&read);
  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (named_mine), &error);
  g_assert_no_error (error);
  g_assert_null (kt_record_peek_owner_clock (read));
}

/* A reassignment's clock is stored with the record: after a restart, an
 * older reassignment pulled from the server (in a record whose clock is
 * newer) loses to the local one that is not pushed yet, while the
 * record's other news still come in. */
static void
test_owner_clock_persisted (StoreFixture  *fixture,
                            gconstpointer  data)
{
  static const char other[] = "0190aaaa-0000-7000-8000-0000000000cc";
  static const char third[] = "0190aaaa-0000-7000-8000-0000000000dd";
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Stoyan", "Marinov");
  g_autoptr(KtRecord) read = NULL;
  g_autoptr(KtRecord) remote = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new ();
  g_autofree char *created_hlc = NULL;
  g_autofree char *reassigned_hlc = NULL;
  g_autofree char *newer = NULL;
  const char *id = kt_record_get_id (contact);

  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  created_hlc = g_strdup (kt_record_get_hlc (contact));
  g_assert_null (kt_record_peek_owner_clock (contact));

  kt_record_set_owner_id (contact, other);
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  reassigned_hlc = g_strdup (kt_record_get_hlc (contact));
  g_assert_cmpint (kt_hlc_compare (reassigned_hlc, created_hlc), >, 0);
  g_assert_cmpstr (kt_record_peek_owner_clock (contact), ==, reassigned_hlc);

  g_assert_finalize_object (fixture->store);
  fixture->store = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_owner_id (read), ==, other);
  g_assert_cmpstr (kt_record_peek_owner_clock (read), ==, reassigned_hlc);
  /* Unchanged, it was not a clock the store made up on reading. */
  g_assert_cmpstr (kt_record_get_field_hlc (read, "first_name"), ==, created_hlc);

  /* Someone else reassigned it earlier, then edited its job title later
   * than our reassignment. */
  newer = kt_hlc_tick (kt_store_get_clock (fixture->store));
  remote = kt_record_copy (read);
  kt_record_set_owner_id (remote, third);
  kt_record_set_field_hlc (remote, KT_META_OWNER, created_hlc);
  kt_record_set_string (remote, "job_title", "Buyer");
  kt_record_set_field_hlc (remote, "job_title", newer);
  kt_record_set_hlc (remote, newer);
  g_ptr_array_add (page, remote);
  g_assert_true (kt_store_sync_apply_page (fixture->store, page, 1, NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&read);
  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (read, "job_title"), ==, "Buyer");
  g_assert_cmpstr (kt_record_get_owner_id (read), ==, other);
  g_assert_cmpstr (kt_record_peek_owner_clock (read), ==, reassigned_hlc);
}

static void
test_validation_writes_nothing (StoreFixture  *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) nameless = test_new_contact (NULL, NULL);
  g_autoptr(KtRecord) good = test_new_contact ("Ana", NULL);
  g_autoptr(GPtrArray) both = g_ptr_array_new ();

  g_assert_false (kt_store_save (fixture->store, nameless, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "first_name");
  g_clear_error (&error);

  /* All or nothing: the valid one is not written either. */
  g_ptr_array_add (both, good);
  g_ptr_array_add (both, nameless);
  g_assert_false (kt_store_save_all (fixture->store, both, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);

  g_assert_cmpint (test_count_rows (fixture->store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (kt_store_outbox_count (fixture->store), ==, 0);
}

static void
test_tombstones (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Petar", "Stoyanov");
  g_autoptr(KtRecord) read = NULL;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(GPtrArray) outbox = NULL;
  const char *id = kt_record_get_id (contact);

  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, id, &error));
  g_assert_no_error (error);

  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, id, &error);
  g_assert_error (error, KT_ERROR, KT_ERROR_NOT_FOUND);
  g_assert_null (read);
  g_clear_error (&error);
  g_assert_cmpint (kt_store_count (fixture->store, query, &error), ==, 0);
  kt_query_set_include_deleted (query, TRUE);
  g_assert_cmpint (kt_store_count (fixture->store, query, &error), ==, 1);
  /* The row stays: a tombstone, not a deletion. */
  g_assert_cmpint (test_count_rows (fixture->store, "SELECT count(*) FROM contacts WHERE deleted = 1"), ==, 1);

  g_assert_true (kt_store_undelete (fixture->store, KT_ENTITY_CONTACT, id, &error));
  g_assert_no_error (error);
  read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (read, "last_name"), ==, "Stoyanov");

  outbox = kt_store_outbox_peek (fixture->store, 10, &error);
  g_assert_cmpuint (outbox->len, ==, 3);
  g_assert_true (((KtOutboxEntry *)g_ptr_array_index (outbox, 1))->deleted);
  g_assert_nonnull (strstr (((KtOutboxEntry *)g_ptr_array_index (outbox, 1))->clocks_json, "\"deleted\""));
  g_assert_false (((KtOutboxEntry *)g_ptr_array_index (outbox, 2))->deleted);

  g_assert_false (kt_store_delete (fixture->store, KT_ENTITY_CONTACT, "no-such-id", &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_NOT_FOUND);
}

static void
test_outbox_atomic (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = test_new_contact ("Elena", "Koleva");
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = kt_store_get_db (fixture->store);

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed_cb), log);

  /* Make the outbox insert fail after the record's upsert succeeded. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox "
                                 "BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (kt_store_save (fixture->store, contact, &error));
  g_assert_error (error, KT_STORE_ERROR, KT_STORE_ERROR_FAILED);
  /* A sentence for a person, not SQLite's words (those go to the log). */
  g_assert_null (strstr (error->message, "injected failure"));
  g_assert_nonnull (strstr (error->message, "try again"));
  g_clear_error (&error);

  g_assert_cmpint (test_count_rows (fixture->store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (test_count_rows (fixture->store, "SELECT count(*) FROM contacts_fts"), ==, 0);
  g_assert_cmpint (kt_store_outbox_count (fixture->store), ==, 0);
  g_assert_cmpuint (log->len, ==, 0);
  g_assert_true (sqlite3_get_autocommit (db));

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER fail_outbox", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (kt_store_save (fixture->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count_rows (fixture->store, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (kt_store_outbox_count (fixture->store), ==, 1);
}

static void
test_disk_full (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *sql = NULL;
  gint64 pages = test_count_rows (fixture->store, "PRAGMA page_count");

  /* The file may not grow: SQLite reports SQLITE_FULL as on a full disk. */
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages);
  g_assert_cmpint (sqlite3_exec (kt_store_get_db (fixture->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < 2000; i++)
    {
      KtRecord *r = test_new_contact ("Filler", "Contact");

      kt_record_set_string (r, "notes", "Some notes long enough to need new pages, many of them.");
      g_ptr_array_add (records, r);
    }

  g_assert_false (kt_store_save_all (fixture->store, records, &error));
  g_assert_error (error, KT_STORE_ERROR, KT_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_cmpint (test_count_rows (fixture->store, "SELECT count(*) FROM contacts"), ==, 0);
}

static void
test_query_errors (StoreFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(KtQuery) filter = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(KtQuery) number = kt_query_new (KT_ENTITY_DEAL);
  g_autoptr(GPtrArray) rows = NULL;

  kt_query_set_sort (query, "no_such_field\"; DROP TABLE contacts; --", FALSE);
  rows = kt_store_query (fixture->store, query, 0, 10, &error);
  g_assert_null (rows);
  g_assert_error (error, KT_ERROR, KT_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);

  kt_query_add_filter (filter, "nope", "x");
  g_assert_cmpint (kt_store_count (fixture->store, filter, &error), ==, -1);
  g_assert_error (error, KT_ERROR, KT_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);

  kt_query_add_filter (number, "value", "twelve");
  g_assert_cmpint (kt_store_count (fixture->store, number, &error), ==, -1);
  g_assert_error (error, KT_ERROR, KT_ERROR_WRONG_TYPE);
  g_clear_error (&error);

  g_assert_cmpint (test_count_rows (fixture->store, "SELECT count(*) FROM sqlite_master WHERE name = 'contacts'"), ==, 1);
}

static void
test_filters_sort_tags (StoreFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  const char *names[] = { "яна", "Борис", "ана", "Ангел", "boris", "Zoe", "adam" };
  const char *expected[] = { "adam", "boris", "Zoe", "ана", "Ангел", "Борис", "яна" };
  const char *vip[] = { "vip", NULL };
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(GPtrArray) rows = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      KtRecord *r = test_new_contact (names[i], NULL);

      kt_record_set_string (r, "city", i % 2 ? "Sofia" : "London");
      if (i < 3)
        kt_record_set_tags (r, "tags", vip);
      g_ptr_array_add (records, r);
    }
  g_assert_true (kt_store_save_all (fixture->store, records, &error));
  g_assert_no_error (error);

  /* Case-insensitive, Latin before Cyrillic, Cyrillic in its own order. */
  kt_query_set_sort (query, "first_name", FALSE);
  rows = kt_store_query (fixture->store, query, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (rows, i), "first_name"), ==, expected[i]);
  g_clear_pointer (&rows, g_ptr_array_unref);

  kt_query_set_sort (query, "first_name", TRUE);
  rows = kt_store_query (fixture->store, query, 1, 2, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (rows, 0), "first_name"), ==, "Борис");
  g_clear_pointer (&rows, g_ptr_array_unref);

  kt_query_add_filter (query, "city", "Sofia");
  g_assert_cmpint (kt_store_count (fixture->store, query, &error), ==, 3);
  kt_query_set_tag (query, "vip");
  g_assert_cmpint (kt_store_count (fixture->store, query, &error), ==, 1);
  g_assert_no_error (error);
}

/* The collation as it was first written (g_ascii_tolower() a character):
 * an index built by one version of it and read by another must find the
 * same order, so every rewrite must answer exactly this. */
static int
reference_collate (const char *pa,
                   const char *ea,
                   const char *pb,
                   const char *eb)
{
  const char *a = pa, *b = pb;
  gsize len_a = ea - pa, len_b = eb - pb;
  int bytes;

  while (pa < ea && pb < eb)
    {
      gunichar ca, cb;

      if ((guchar)*pa < 0x80 && (guchar)*pb < 0x80)
        {
          ca = g_ascii_tolower (*pa++);
          cb = g_ascii_tolower (*pb++);
        }
      else
        {
          ca = g_utf8_get_char_validated (pa, ea - pa);
          cb = g_utf8_get_char_validated (pb, eb - pb);
          if (ca >= (gunichar)-2 || cb >= (gunichar)-2)
            break;
          ca = g_unichar_tolower (ca);
          cb = g_unichar_tolower (cb);
          pa = g_utf8_next_char (pa);
          pb = g_utf8_next_char (pb);
        }
      if (ca != cb)
        return ca < cb ? -1 : 1;
    }
  if (pa >= ea && pb < eb)
    return -1;
  if (pb >= eb && pa < ea)
    return 1;
  bytes = memcmp (a, b, MIN (len_a, len_b));
  if (bytes != 0)
    return bytes < 0 ? -1 : 1;
  return len_a < len_b ? -1 : (len_a > len_b ? 1 : 0);
}

/* The store's collation against the reference on 20,000 random pairs of
 * ASCII around the letters' edges, Latin and Cyrillic capitals, and bytes
 * that are not UTF-8. */
static void
test_collation_unchanged (void)
{
  static const char *pieces[] = { "a", "A", "z", "Z", "@", "[", "`", "{", "0", "é", "É", "я", "Я",
                                  "\xff", "\xc3", "" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (19);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  kt_store_register_functions (db);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT CASE WHEN ?1 = ?2 COLLATE " KT_STORE_COLLATION " THEN 0 "
                                           "WHEN ?1 < ?2 COLLATE " KT_STORE_COLLATION " THEN -1 ELSE 1 END",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr (GString) a = g_string_new (NULL);
      g_autoptr (GString) b = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 6);

      for (guint j = 0; j < n; j++)
        {
          const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];

          g_string_append (a, piece);
          /* Mostly a common start, as sorted names have. */
          g_string_append (b, g_rand_int_range (rand, 0, 4) > 0 ? piece
                                                                : pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        }
      /* As text: a collation applies to text only. */
      sqlite3_bind_text (stmt, 1, a->str, (int) a->len, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, b->str, (int) b->len, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==,
                       reference_collate (a->str, a->str + a->len, b->str, b->str + b->len));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static KtRecord *
save_invoice (KtStore    *store,
              const char *issued,
              const char *kind)
{
  g_autoptr(KtRecord) invoice = kt_record_new (KT_ENTITY_INVOICE);
  g_autoptr(GError) error = NULL;

  kt_record_set_string (invoice, "issue_date", issued);
  if (kind != NULL)
    kt_record_set_string (invoice, "kind", kind);
  else
    kt_record_unset (invoice, "kind");
  if (g_strcmp0 (kind, "credit_note") == 0)
    kt_record_set_string (invoice, "credited_invoice_id", kt_record_get_id (invoice));
  g_assert_true (kt_store_save (store, invoice, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&invoice);
}

/* From (>=) and not (<>, an unset field included) filters, as the
 * documents' period and kind filters use them. */
static void
test_filters_from_not (StoreFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(KtRecord) a = save_invoice (fixture->store, "2026-10-31", "invoice");
  g_autoptr(KtRecord) b = save_invoice (fixture->store, "2026-11-01", NULL);
  g_autoptr(KtRecord) c = save_invoice (fixture->store, "2026-11-30", "credit_note");
  g_autoptr(KtRecord) d = save_invoice (fixture->store, "2026-12-01", "invoice");
  g_autoptr(KtQuery) november = kt_query_new (KT_ENTITY_INVOICE);
  g_autoptr(KtQuery) not_notes = kt_query_new (KT_ENTITY_INVOICE);
  g_autoptr(KtQuery) copy = NULL;
  g_autoptr(GError) error = NULL;

  kt_query_add_filter_from (november, "issue_date", "2026-11-01");
  kt_query_add_filter_before (november, "issue_date", "2026-12-01");
  g_assert_cmpint (kt_store_count (fixture->store, november, &error), ==, 2);
  g_assert_no_error (error);

  /* An invoice made before kinds existed has none, and is no credit note. */
  kt_query_add_filter_not (not_notes, "kind", "credit_note");
  g_assert_cmpint (kt_store_count (fixture->store, not_notes, &error), ==, 3);
  g_assert_cmpint (kt_store_position (fixture->store, not_notes, kt_record_get_id (c), &error), ==, -1);

  copy = kt_query_copy (november);
  kt_query_add_filter_not (copy, "kind", "credit_note");
  g_assert_cmpint (kt_store_count (fixture->store, copy, &error), ==, 1);
  g_assert_no_error (error);
}

/* Stored tags and clocks are read without json-glib when they are the
 * flat JSON the store writes (kt-store-row.c); every other text goes to
 * json-glib. Either way a record holds what json-glib makes of the text:
 * escapes, spaces, empty arrays and objects, duplicate keys, non-string
 * values, and damaged text that must still be refused. */
static void
test_stored_json (StoreFixture  *fixture,
                  gconstpointer  data)
{
  const struct { const char *tags; const char *clocks; gboolean damaged; } cases[] = {
    { "[\"vip\",\"партньор\"]", "{\"email\":\"h1\",\"first_name\":\"h2\"}", FALSE },
    { "[]", "{}", FALSE },
    { "[\"\"]", "{\"email\":\"\"}", FALSE },
    { "[\"a\\\"b\",\"c\\\\d\",\"\\u00e9\"]", "{\"email\":\"h\\u0031\"}", FALSE },
    { "[ \"spaced\" , \"x\" ]", "{ \"email\" : \"h3\" }", FALSE },
    { "[\"x\"]", "{\"email\":\"h4\",\"email\":\"h5\",\"job_title\":null,\"city\":7}", FALSE },
    { "[\"x\",]", NULL, TRUE },
    { "[\"x\"", NULL, TRUE },
    { "[\"x\"]", "{\"email\":\"h6\"", TRUE },
    { "[\"x\"]", "{\"email\":\"h7\",}", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtRecord) contact = test_new_contact ("Json", "Case");
      g_autoptr(KtRecord) read = NULL;
      g_autoptr(JsonNode) tags = NULL;
      g_autoptr(JsonNode) clocks = NULL;
      g_autofree char *sql = NULL;
      char *update;
      const char * const *read_tags;
      JsonArray *array;

      g_assert_true (kt_store_save (fixture->store, contact, &error));
      g_assert_no_error (error);
      update = sqlite3_mprintf ("UPDATE contacts SET tags = %Q, clocks = coalesce(%Q, clocks) WHERE id = %Q",
                                cases[i].tags, cases[i].clocks, kt_record_get_id (contact));
      sql = g_strdup (update);
      sqlite3_free (update);
      g_assert_true (kt_store_exec (fixture->store, sql, &error));
      g_assert_no_error (error);

      read = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
      if (cases[i].damaged)
        {
          g_assert_error (error, KT_STORE_ERROR, KT_STORE_ERROR_CORRUPT);
          g_assert_null (read);
          continue;
        }
      g_assert_no_error (error);

      /* What json-glib makes of the same texts. */
      tags = json_from_string (cases[i].tags, &error);
      g_assert_no_error (error);
      array = json_node_get_array (tags);
      read_tags = kt_record_get_tags (read, "tags");
      g_assert_cmpuint (read_tags != NULL ? g_strv_length ((GStrv)read_tags) : 0, ==,
                        json_array_get_length (array));
      for (guint t = 0; t < json_array_get_length (array); t++)
        g_assert_cmpstr (read_tags[t], ==, json_array_get_string_element (array, t));

      clocks = json_from_string (cases[i].clocks, &error);
      g_assert_no_error (error);
      for (const char *const *f = (const char *const[]) { "email", "first_name", "job_title", "city", NULL };
           *f != NULL; f++)
        {
          const char *hlc = json_object_get_string_member_with_default (json_node_get_object (clocks), *f, NULL);

          if (hlc != NULL)
            g_assert_cmpstr (kt_record_get_field_hlc (read, *f), ==, hlc);
          else
            g_assert_cmpstr (kt_record_get_field_hlc (read, *f), ==, kt_record_get_hlc (read));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)
  ADD ("/store/reopen", test_reopen);
  ADD ("/store/crud", test_crud);
  ADD ("/store/clocks-only-changed", test_clocks_only_changed);
  ADD ("/store/owner-change", test_owner_change);
  ADD ("/store/owner-create-for-other", test_owner_create_for_other);
  ADD ("/store/owner-clock-persisted", test_owner_clock_persisted);
  ADD ("/store/validation-writes-nothing", test_validation_writes_nothing);
  ADD ("/store/tombstones", test_tombstones);
  ADD ("/store/outbox-atomic", test_outbox_atomic);
  ADD ("/store/disk-full", test_disk_full);
  ADD ("/store/query-errors", test_query_errors);
  ADD ("/store/filters-sort-tags", test_filters_sort_tags);
  g_test_add_func ("/store/collation-unchanged", test_collation_unchanged);
  ADD ("/store/filters-from-not", test_filters_from_not);
  ADD ("/store/stored-json", test_stored_json);
#undef ADD

  return g_test_run ();
}
