/* test-sync.c: the sync engine against a real server on a real PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "kt-store-private.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"
#include "kt-team-client.h"
#include "kt-test-harness.h"

#define PASSWORD "correct horse battery"

static KtTestServer *server;
static guint account_counter;

typedef struct {
  KtStore      *store;
  KtSecrets    *secrets;
  KtSyncEngine *engine;
  char         *email;
} Client;

typedef struct {
  Client a;
  Client b;
} Fixture;

static void
client_open (Client     *client,
             const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *unique = g_strdup_printf ("%s-%u", name, ++account_counter);

  path = kt_test_server_store_path (server, unique);
  client->store = kt_store_open (path, &error);
  g_assert_no_error (error);
  client->secrets = kt_secrets_memory_new ();
  client->engine = kt_sync_engine_new (client->store, client->secrets);
  kt_sync_engine_set_auto_sync (client->engine, FALSE);
}

static void
client_close (Client *client)
{
  g_clear_object (&client->engine);
  g_clear_object (&client->secrets);
  g_clear_object (&client->store);
  g_clear_pointer (&client->email, g_free);
}

static char *
new_email (void)
{
  return g_strdup_printf ("person%u-%u@example.com", ++account_counter, g_random_int ());
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  client_open (&f->a, "a");
  client_open (&f->b, "b");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  client_close (&f->a);
  client_close (&f->b);
}

/* A registers a new organization; B signs in to the same account. */
static void
connect_both (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->a.email = new_email ();
  kt_test_register (f->a.engine, server->url, f->a.email, PASSWORD, &error);
  g_assert_no_error (error);
  kt_test_login (f->b.engine, server->url, f->a.email, PASSWORD, &error);
  g_assert_no_error (error);
  f->b.email = g_strdup (f->a.email);
}

static KtRecord *
make_contact (KtStore    *store,
              const char *first,
              const char *last)
{
  g_autoptr (KtRecord) record = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;

  kt_record_set_string (record, "first_name", first);
  kt_record_set_string (record, "last_name", last);
  kt_store_save (store, record, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&record);
}

static KtRecord *
get_contact (KtStore    *store,
             const char *id)
{
  g_autoptr (GError) error = NULL;
  KtRecord *record = kt_store_get (store, KT_ENTITY_CONTACT, id, &error);

  g_assert_no_error (error);
  return record;
}

static void
sync_ok (Client *client)
{
  g_autoptr (GError) error = NULL;

  kt_test_sync (client->engine, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_sync_engine_get_state (client->engine), ==, KT_SYNC_STATE_IDLE);
  g_assert_cmpint (kt_store_outbox_count (client->store), ==, 0);
}

static char *
token_of (Client *client)
{
  g_autofree char *client_id = kt_store_sync_dup_client_id (client->store);
  g_autoptr (GError) error = NULL;
  char *token;

  token = kt_secrets_lookup_sync (client->secrets, server->url, client_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

static void
on_pulled_cb (KtSyncEngine *engine,
              guint         n_changes,
              guint        *total)
{
  *total += n_changes;
}

static void
test_roundtrip (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (KtRecord) ivan = NULL;
  g_autoptr (KtRecord) seen = NULL;
  g_autoptr (GError) error = NULL;
  guint pulled = 0;

  connect_both (f);
  g_assert_true (kt_sync_engine_is_connected (f->a.engine));
  g_assert_cmpstr (kt_store_get_org_id (f->a.store), ==, kt_store_get_org_id (f->b.store));

  ivan = make_contact (f->a.store, "Ivan", "Petrov");
  g_assert_cmpint (kt_store_outbox_count (f->a.store), ==, 1);
  sync_ok (&f->a);
  g_assert_nonnull (kt_sync_engine_get_last_sync (f->a.engine));

  g_signal_connect (f->b.engine, "pulled", G_CALLBACK (on_pulled_cb), &pulled);
  sync_ok (&f->b);
  g_assert_cmpuint (pulled, >=, 1);
  seen = get_contact (f->b.store, kt_record_get_id (ivan));
  g_assert_cmpstr (kt_record_get_string (seen, "last_name"), ==, "Petrov");

  /* An edit on B comes back to A. */
  kt_record_set_string (seen, "last_name", "Petrov-Ivanov");
  kt_store_save (f->b.store, seen, &error);
  g_assert_no_error (error);
  sync_ok (&f->b);
  sync_ok (&f->a);
  g_clear_object (&ivan);
  ivan = get_contact (f->a.store, kt_record_get_id (seen));
  g_assert_cmpstr (kt_record_get_string (ivan, "last_name"), ==, "Petrov-Ivanov");

  /* A delete travels as a tombstone. */
  kt_store_delete (f->a.store, KT_ENTITY_CONTACT, kt_record_get_id (ivan), &error);
  g_assert_no_error (error);
  sync_ok (&f->a);
  sync_ok (&f->b);
  g_assert_null (kt_store_get (f->b.store, KT_ENTITY_CONTACT, kt_record_get_id (ivan), &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_NOT_FOUND);
}

/* Each sync keeps the organization (the seller on documents) in the
 * store, for documents made and shown offline. */
static void
test_organization_cached (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonObject *org;

  connect_both (f);
  g_assert_null (kt_store_get_meta (f->a.store, KT_SYNC_META_ORGANIZATION));
  sync_ok (&f->a);

  text = kt_store_get_meta (f->a.store, KT_SYNC_META_ORGANIZATION);
  g_assert_nonnull (text);
  node = json_from_string (text, NULL);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  org = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member_with_default (org, "id", NULL), ==,
                   kt_store_get_org_id (f->a.store));
  g_assert_true (json_object_has_member (org, "name"));
}

static void
test_offline_store_upload (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GPtrArray) demo = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) on_b = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *local_org = g_strdup (kt_store_get_org_id (f->a.store));
  g_autofree char *local_user = g_strdup (kt_store_get_user_id (f->a.store));

  /* Work offline first: ordinary edits (in the outbox) and a demo set
   * written without outbox rows. Both must reach the server. */
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("Offline %u", i);
      g_autoptr (KtRecord) r = make_contact (f->a.store, name, "Local");
    }
  for (guint i = 0; i < 15; i++)
    {
      KtRecord *r = kt_record_new (KT_ENTITY_COMPANY);
      g_autofree char *name = g_strdup_printf ("Demo Company %u", i);

      kt_record_set_string (r, "name", name);
      g_ptr_array_add (demo, r);
    }
  kt_store_save_all_full (f->a.store, demo, KT_STORE_WRITE_NO_OUTBOX | KT_STORE_WRITE_NEW, &error);
  g_assert_no_error (error);
  g_assert_false (kt_sync_engine_is_connected (f->a.engine));
  g_assert_cmpint (kt_sync_engine_get_state (f->a.engine), ==, KT_SYNC_STATE_SIGNED_OUT);

  connect_both (f);
  /* The store now works as the server account. */
  g_assert_cmpstr (kt_store_get_org_id (f->a.store), !=, local_org);
  g_assert_cmpstr (kt_store_get_user_id (f->a.store), !=, local_user);
  g_assert_cmpint (kt_store_outbox_count (f->a.store), ==, 40);

  sync_ok (&f->a);
  sync_ok (&f->b);

  on_b = kt_store_sync_dump (f->b.store, KT_ENTITY_CONTACT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_b->len, ==, 25);
  for (guint i = 0; i < on_b->len; i++)
    {
      KtRecord *r = g_ptr_array_index (on_b, i);

      g_assert_cmpstr (kt_record_get_org_id (r), ==, kt_store_get_org_id (f->a.store));
      g_assert_cmpstr (kt_record_get_owner_id (r), ==, kt_store_get_user_id (f->a.store));
    }
  g_clear_pointer (&on_b, g_ptr_array_unref);
  on_b = kt_store_sync_dump (f->b.store, KT_ENTITY_COMPANY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_b->len, ==, 15);
}

static void
test_last_writer_wins (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (KtRecord) on_a = NULL;
  g_autoptr (KtRecord) on_b = NULL;
  g_autoptr (KtRecord) final_a = NULL;
  g_autoptr (KtRecord) final_b = NULL;
  g_autoptr (GError) error = NULL;

  connect_both (f);
  on_a = make_contact (f->a.store, "Maria", "Georgieva");
  sync_ok (&f->a);
  sync_ok (&f->b);
  on_b = get_contact (f->b.store, kt_record_get_id (on_a));

  /* Both edit while apart: the same field (B later) and one field each. */
  kt_record_set_string (on_a, "last_name", "Earlier");
  kt_record_set_string (on_a, "job_title", "CEO");
  kt_store_save (f->a.store, on_a, &error);
  g_assert_no_error (error);
  g_usleep (5000);
  kt_record_set_string (on_b, "last_name", "Later");
  kt_record_set_string (on_b, "city", "Varna");
  kt_store_save (f->b.store, on_b, &error);
  g_assert_no_error (error);

  /* B pushes first, A second: the later edit must still win. */
  sync_ok (&f->b);
  sync_ok (&f->a);
  sync_ok (&f->b);

  final_a = get_contact (f->a.store, kt_record_get_id (on_a));
  final_b = get_contact (f->b.store, kt_record_get_id (on_a));
  g_assert_cmpstr (kt_record_get_string (final_a, "last_name"), ==, "Later");
  g_assert_cmpstr (kt_record_get_string (final_b, "last_name"), ==, "Later");
  g_assert_cmpstr (kt_record_get_string (final_a, "job_title"), ==, "CEO");
  g_assert_cmpstr (kt_record_get_string (final_b, "job_title"), ==, "CEO");
  g_assert_cmpstr (kt_record_get_string (final_a, "city"), ==, "Varna");
  g_assert_cmpstr (kt_record_get_string (final_b, "city"), ==, "Varna");
}

/* A invites B into the organization with @role; B signs in. Returns the
 * membership id. */
static char *
invite_b (Fixture    *f,
          const char *role)
{
  g_autofree char *token = token_of (&f->a);
  g_autofree char *url = g_strconcat (server->url, "/v1/team/invitations", NULL);
  g_autofree char *accept_url = g_strconcat (server->url, "/v1/team/invitations/accept", NULL);
  g_autofree char *body = NULL;
  g_autofree char *accept = NULL;
  g_autoptr (JsonNode) invitation = NULL;
  g_autoptr (JsonNode) session = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *obj;
  guint status = 0;

  f->b.email = new_email ();
  body = g_strdup_printf ("{\"email\": \"%s\", \"role\": \"%s\"}", f->b.email, role);
  invitation = kt_test_http ("POST", url, token, body, &status);
  g_assert_cmpuint (status, ==, 201);
  obj = json_node_get_object (invitation);

  accept = g_strdup_printf ("{\"token\": \"%s\", \"full_name\": \"Boris B\", \"password\": \"%s\"}",
                            json_object_get_string_member (obj, "token"), PASSWORD);
  session = kt_test_http ("POST", accept_url, NULL, accept, &status);
  g_assert_cmpuint (status, ==, 200);

  kt_test_login (f->b.engine, server->url, f->b.email, PASSWORD, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (obj, "id"));
}

typedef struct {
  guint  count;
  char  *record_id;
  char  *title;
  char  *code;
} Rejections;

static void
on_rejected_cb (KtSyncEngine *engine,
                const char   *entity,
                const char   *record_id,
                const char   *title,
                const char   *code,
                const char   *message,
                Rejections   *rejections)
{
  rejections->count++;
  g_free (rejections->record_id);
  rejections->record_id = g_strdup (record_id);
  g_free (rejections->title);
  rejections->title = g_strdup (title);
  g_free (rejections->code);
  rejections->code = g_strdup (code);
  g_assert_cmpstr (entity, ==, "contact");
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
}

static void
test_rejection_reverts (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (KtRecord) owned_by_a = NULL;
  g_autoptr (KtRecord) on_b = NULL;
  g_autoptr (KtRecord) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *member = NULL;
  Rejections rejections = { 0 };

  f->a.email = new_email ();
  kt_test_register (f->a.engine, server->url, f->a.email, PASSWORD, &error);
  g_assert_no_error (error);
  owned_by_a = make_contact (f->a.store, "Owned", "ByA");
  sync_ok (&f->a);

  /* A User may read everything but write only their own records. */
  member = invite_b (f, "user");
  sync_ok (&f->b);
  on_b = get_contact (f->b.store, kt_record_get_id (owned_by_a));
  kt_record_set_string (on_b, "last_name", "Changed by B");
  kt_store_save (f->b.store, on_b, &error);
  g_assert_no_error (error);

  g_signal_connect (f->b.engine, "mutation-rejected", G_CALLBACK (on_rejected_cb), &rejections);
  sync_ok (&f->b);

  /* Told, with the record and the reason, and reverted: nothing silent. */
  g_assert_cmpuint (rejections.count, ==, 1);
  g_assert_cmpstr (rejections.record_id, ==, kt_record_get_id (owned_by_a));
  g_assert_cmpstr (rejections.code, ==, "permission");
  g_assert_cmpstr (rejections.title, ==, "Owned Changed by B");
  after = get_contact (f->b.store, kt_record_get_id (owned_by_a));
  g_assert_cmpstr (kt_record_get_string (after, "last_name"), ==, "ByA");

  /* B's own new record is fine. */
  g_clear_object (&on_b);
  on_b = make_contact (f->b.store, "Own", "ByB");
  sync_ok (&f->b);
  sync_ok (&f->a);
  g_clear_object (&after);
  after = get_contact (f->a.store, kt_record_get_id (on_b));
  g_assert_cmpstr (kt_record_get_string (after, "last_name"), ==, "ByB");

  g_free (rejections.record_id);
  g_free (rejections.title);
  g_free (rejections.code);
}

static void
test_removed_member (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (KtRecord) later = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *member = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autoptr (JsonNode) answer = NULL;
  guint status = 0;

  f->a.email = new_email ();
  kt_test_register (f->a.engine, server->url, f->a.email, PASSWORD, &error);
  g_assert_no_error (error);
  member = invite_b (f, "manager");
  sync_ok (&f->b);

  token = token_of (&f->a);
  url = g_strdup_printf ("%s/v1/team/members/%s", server->url, member);
  answer = kt_test_http ("DELETE", url, token, NULL, &status);
  g_assert_cmpuint (status / 100, ==, 2);

  later = make_contact (f->a.store, "After", "Removal");
  sync_ok (&f->a);

  /* The removal revokes B's sessions: the next sync has to sign in
   * again, and signing in gets the clear answer. No data either way. */
  g_assert_false (kt_test_sync (f->b.engine, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpint (kt_sync_engine_get_state (f->b.engine), ==, KT_SYNC_STATE_SIGNED_OUT);
  g_clear_error (&error);
  g_assert_false (kt_test_login (f->b.engine, server->url, f->b.email, PASSWORD, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_A_MEMBER);
  g_assert_nonnull (strstr (error->message, "member"));
  g_clear_error (&error);
  g_assert_null (kt_store_get (f->b.store, KT_ENTITY_CONTACT, kt_record_get_id (later), &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_NOT_FOUND);
}

static void
test_bad_cursor (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (KtRecord) one = NULL;
  g_autoptr (GError) error = NULL;
  gboolean bad = FALSE;
  gint64 head;

  connect_both (f);
  one = make_contact (f->a.store, "Cursor", "Test");
  sync_ok (&f->a);
  sync_ok (&f->b);
  head = kt_store_sync_get_cursor (f->b.store, &bad);
  g_assert_false (bad);
  g_assert_cmpint (head, >, 0);

  /* Damaged: read as 0, reported, and the next pull starts over. */
  kt_store_set_meta (f->b.store, "sync.cursor", "§§not a number", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_sync_get_cursor (f->b.store, &bad), ==, 0);
  g_assert_true (bad);
  kt_store_exec (f->b.store, "DELETE FROM contacts", &error);
  g_assert_no_error (error);
  sync_ok (&f->b);
  g_assert_cmpint (kt_store_sync_get_cursor (f->b.store, &bad), ==, head);
  g_assert_false (bad);
  {
    g_autoptr (KtRecord) back = get_contact (f->b.store, kt_record_get_id (one));

    g_assert_cmpstr (kt_record_get_string (back, "last_name"), ==, "Test");
  }

  /* Missing: a fresh start too. */
  kt_store_set_meta (f->b.store, "sync.cursor", NULL, &error);
  g_assert_no_error (error);
  kt_store_exec (f->b.store, "DELETE FROM contacts", &error);
  g_assert_no_error (error);
  sync_ok (&f->b);
  g_assert_cmpint (kt_store_sync_get_cursor (f->b.store, NULL), ==, head);
  {
    g_autoptr (KtRecord) back = get_contact (f->b.store, kt_record_get_id (one));
  }

  /* From the future (a restored server): the server resets it. */
  kt_store_set_meta (f->b.store, "sync.cursor", "999999999", &error);
  g_assert_no_error (error);
  kt_store_exec (f->b.store, "DELETE FROM contacts", &error);
  g_assert_no_error (error);
  sync_ok (&f->b);
  g_assert_cmpint (kt_store_sync_get_cursor (f->b.store, NULL), ==, head);
  {
    g_autoptr (KtRecord) back = get_contact (f->b.store, kt_record_get_id (one));
  }
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  /* The file holds NUL bytes: no string functions. */
  for (gsize i = 0; i + strlen (needle) <= len; i++)
    if (memcmp (data + i, needle, strlen (needle)) == 0)
      return TRUE;
  return FALSE;
}

static void
test_token_expired (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (KtRecord) offline = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = g_strconcat (server->url, "/v1/auth/logout", NULL);
  g_autofree char *wal = NULL;
  guint status = 0;

  connect_both (f);
  sync_ok (&f->a);

  /* The token lives in the secrets store, never in the store's files. */
  token = token_of (&f->a);
  kt_store_exec (f->a.store, "PRAGMA wal_checkpoint(FULL)", &error);
  g_assert_no_error (error);
  wal = g_strconcat (kt_store_get_path (f->a.store), "-wal", NULL);
  g_assert_false (file_contains (kt_store_get_path (f->a.store), token));
  g_assert_false (file_contains (wal, token));

  /* The session ends on the server (expiry and revocation look alike to
   * a client) while a change waits in the outbox. */
  answer = kt_test_http ("POST", url, token, NULL, &status);
  g_assert_cmpuint (status / 100, ==, 2);
  offline = make_contact (f->a.store, "Waiting", "InOutbox");

  g_assert_false (kt_test_sync (f->a.engine, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpint (kt_sync_engine_get_state (f->a.engine), ==, KT_SYNC_STATE_SIGNED_OUT);
  g_assert_cmpint (kt_store_outbox_count (f->a.store), ==, 1);

  /* Signing in again keeps the outbox, and it goes out. */
  kt_test_login (f->a.engine, server->url, f->a.email, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_outbox_count (f->a.store), ==, 1);
  sync_ok (&f->a);
  sync_ok (&f->b);
  {
    g_autoptr (KtRecord) seen = get_contact (f->b.store, kt_record_get_id (offline));

    g_assert_cmpstr (kt_record_get_string (seen, "last_name"), ==, "InOutbox");
  }
}

/* Counts the engine's notes that revoking the token failed. */
static void
on_sync_log (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  if (strstr (message, "Could not revoke") != NULL)
    (*(guint *) user_data)++;
  g_log_default_handler (domain, level, message, NULL);
}

static void
test_logout (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (KtRecord) pending = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *left = NULL;
  g_autofree char *token = NULL;
  g_autofree char *me_url = g_strconcat (server->url, "/v1/me", NULL);
  guint revoke_failures = 0;
  guint handler;
  guint status = 0;

  connect_both (f);
  pending = make_contact (f->a.store, "Not", "Pushed");

  /* Unsynced changes: refused unless forced. */
  g_assert_false (kt_test_logout (f->a.engine, FALSE, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_OUTBOX_NOT_EMPTY);
  g_clear_error (&error);
  g_assert_true (kt_sync_engine_is_connected (f->a.engine));
  g_assert_cmpint (kt_store_outbox_count (f->a.store), ==, 1);

  client_id = kt_store_sync_dup_client_id (f->a.store);
  token = token_of (&f->a);
  handler = g_log_set_handler ("kt-sync", G_LOG_LEVEL_DEBUG, on_sync_log, &revoke_failures);
  kt_test_logout (f->a.engine, TRUE, &error);
  g_log_remove_handler ("kt-sync", handler);
  g_assert_no_error (error);
  /* The server answers 204 with no body: a success, and the old token
   * is refused from then on. */
  g_assert_cmpuint (revoke_failures, ==, 0);
  answer = kt_test_http ("GET", me_url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpint (kt_sync_engine_get_state (f->a.engine), ==, KT_SYNC_STATE_SIGNED_OUT);
  g_assert_false (kt_sync_engine_is_connected (f->a.engine));
  g_assert_cmpint (kt_store_outbox_count (f->a.store), ==, 0);
  g_assert_null (kt_store_get (f->a.store, KT_ENTITY_CONTACT, kt_record_get_id (pending), &error));
  g_clear_error (&error);
  left = kt_secrets_lookup_sync (f->a.secrets, server->url, client_id, &error);
  g_assert_no_error (error);
  g_assert_null (left);

  /* The server still has the account: signing in again works. */
  kt_test_login (f->a.engine, server->url, f->a.email, PASSWORD, &error);
  g_assert_no_error (error);
  sync_ok (&f->a);
}

static void
test_protocol (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (KtRecord) record = NULL;
  g_autofree char *token = NULL;
  g_autofree char *push_url = g_strconcat (server->url, "/v1/sync/push", NULL);
  g_autofree char *pull_url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *client_id = g_strdup ("0192f1c4-0000-7000-8000-000000000001");
  g_autofree char *record_id = NULL;
  JsonObject *obj;
  gint64 cursor;
  guint status = 0;

  connect_both (f);
  token = token_of (&f->a);

  /* An old client gets a clear "please update". */
  answer = kt_test_http ("POST", push_url, token, "{\"protocol\": 0, \"client_id\": \"x\", \"mutations\": []}", &status);
  g_assert_cmpuint (status, ==, 426);
  obj = json_object_get_object_member (json_node_get_object (answer), "error");
  g_assert_cmpstr (json_object_get_string_member (obj, "code"), ==, "unsupported_protocol");
  g_clear_pointer (&answer, json_node_unref);

  pull_url = g_strdup_printf ("%s/v1/sync/pull?protocol=99&cursor=0", server->url);
  answer = kt_test_http ("GET", pull_url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 426);
  g_clear_pointer (&answer, json_node_unref);

  /* Version 1 clients knew neither created_at's clock nor `superseded`
   * (they would take it for `applied` and lose the edit): told to update. */
  g_free (pull_url);
  pull_url = g_strdup_printf ("%s/v1/sync/pull?protocol=1&cursor=0", server->url);
  answer = kt_test_http ("GET", pull_url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 426);
  g_clear_pointer (&answer, json_node_unref);
  answer = kt_test_http ("POST", push_url, token, "{\"protocol\": 1, \"client_id\": \"x\", \"mutations\": []}", &status);
  g_assert_cmpuint (status, ==, 426);
  g_clear_pointer (&answer, json_node_unref);

  /* The same mutation twice has no second effect. */
  record_id = kt_uuid_new ();
  body = g_strdup_printf ("{\"protocol\": 2, \"client_id\": \"%s\", \"mutations\": [{\"id\": 7, "
                          "\"entity\": \"contact\", \"record_id\": \"%s\", "
                          "\"fields\": {\"first_name\": \"Once\"}, "
                          "\"clocks\": {\"first_name\": \"2026-01-01T00:00:00.000Z-0000-00000000000000aa\"}}]}",
                          client_id, record_id);
  answer = kt_test_http ("POST", push_url, token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  obj = json_node_get_object (answer);
  cursor = json_object_get_int_member (obj, "cursor");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (obj, "results"), 0), "status"), ==, "applied");
  g_clear_pointer (&answer, json_node_unref);

  answer = kt_test_http ("POST", push_url, token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  obj = json_node_get_object (answer);
  g_assert_cmpint (json_object_get_int_member (obj, "cursor"), ==, cursor);
  g_assert_cmpint (json_object_get_int_member (obj, "last_mutation_id"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (obj, "results"), 0), "status"), ==, "duplicate");
  g_clear_pointer (&answer, json_node_unref);

  /* A garbled cursor is refused, not guessed at. */
  g_free (pull_url);
  pull_url = g_strdup_printf ("%s/v1/sync/pull?protocol=2&cursor=abc", server->url);
  answer = kt_test_http ("GET", pull_url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 400);

  sync_ok (&f->b);
  record = get_contact (f->b.store, record_id);
  g_assert_cmpstr (kt_record_get_string (record, "first_name"), ==, "Once");
}

/* A server that speaks only a newer protocol: the engine says so. */
static void
on_new_server_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  static const char body[] = "{\"error\": {\"code\": \"unsupported_protocol\", \"message\": \"update\", \"supported\": [2]}}";

  soup_server_message_set_status (msg, 426, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_needs_update (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autofree char *url = NULL;
  GUri *uri;

  soup_server_add_handler (soup, NULL, on_new_server_cb, NULL, NULL);
  soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  uri = uris->data;
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_assert_false (kt_test_login (f->a.engine, url, "x@example.com", PASSWORD, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL);
  g_clear_error (&error);

  /* A store bound to such a server: the state says "update". */
  kt_store_set_meta (f->a.store, "sync.org_id", kt_store_get_org_id (f->a.store), &error);
  g_assert_no_error (error);
  {
    g_autofree char *client_id = kt_store_sync_dup_client_id (f->a.store);

    kt_secrets_store_sync (f->a.secrets, url, client_id, "t", &error);
  }
  g_assert_no_error (error);
  g_assert_false (kt_test_sync (f->a.engine, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL);
  g_assert_cmpint (kt_sync_engine_get_state (f->a.engine), ==, KT_SYNC_STATE_NEEDS_UPDATE);
}

/* A hostile or broken server: answers nested far deeper than any real
 * one, which json-glib would recurse into until the stack ran out. */
static void
on_hostile_server_cb (SoupServer        *soup,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  guint status = GPOINTER_TO_UINT (user_data);
  gsize levels = 500 * 1000;
  char *body = g_malloc (2 * levels);

  memset (body, '[', levels);
  memset (body + levels, ']', levels);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, 2 * levels);
}

static void
test_hostile_server (Fixture       *f,
                     gconstpointer  data)
{
  const guint statuses[] = { 200, 400 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr (SoupServer) soup = soup_server_new (NULL, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (GSList) uris = NULL;
      g_autofree char *url = NULL;

      soup_server_add_handler (soup, NULL, on_hostile_server_cb, GUINT_TO_POINTER (statuses[i]), NULL);
      soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
      g_assert_no_error (error);
      uris = soup_server_get_uris (soup);
      url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

      /* The client refuses the answer instead of crashing on it. */
      g_assert_false (kt_test_login (f->a.engine, url, "x@example.com", PASSWORD, &error));
      g_assert_nonnull (error);
      if (statuses[i] == 200)
        g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
      g_test_message ("%u: %s", statuses[i], error->message);
    }
}

/* A pull from a server of two pages: the first one's envelope opens with
 * one cursor and, when @repeat, names another further on, which the
 * page's reader takes (the last member wins, as in json-glib). */
static void
on_two_page_server_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  gboolean repeat = GPOINTER_TO_UINT (user_data);
  const char *cursor = query != NULL ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *body;

  if (g_str_equal (path, "/v1/auth/login"))
    body = "{\"token\":\"two-pages\",\"user_id\":\"01a25000-0000-7000-8000-000000000001\","
           "\"org_id\":\"01a25000-0000-7000-8000-000000000002\"}";
  else if (!g_str_equal (path, "/v1/sync/pull"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  else if (g_strcmp0 (cursor, "0") == 0)
    body = repeat ? "{\"cursor\":2,\"head\":4,\"has_more\":true,\"reset\":false,\"cursor\":1,\"changes\":[]}"
                  : "{\"cursor\":2,\"head\":4,\"has_more\":true,\"reset\":false,\"changes\":[]}";
  else
    body = "{\"cursor\":4,\"head\":4,\"has_more\":false,\"reset\":false,\"changes\":[]}";
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

/* The next page is asked for from the cursor a page opens with, before
 * the worker has read the page (kt-sync-puller.c): a page whose envelope
 * read whole says otherwise fails the pull instead of skipping changes. */
static void
test_peeked_cursor (Fixture       *f,
                    gconstpointer  data)
{
  for (guint repeat = 0; repeat < 2; repeat++)
    {
      Client *client = repeat ? &f->b : &f->a;
      g_autoptr (SoupServer) soup = soup_server_new (NULL, NULL);
      g_autoptr (GError) error = NULL;
      g_autoslist (GUri) uris = NULL;
      g_autofree char *url = NULL;
      gboolean synced;

      soup_server_add_handler (soup, NULL, on_two_page_server_cb, GUINT_TO_POINTER (repeat), NULL);
      soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
      g_assert_no_error (error);
      uris = soup_server_get_uris (soup);
      url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

      g_assert_true (kt_test_login (client->engine, url, "x@example.com", PASSWORD, &error));
      g_assert_no_error (error);
      synced = kt_test_sync (client->engine, &error);
      if (!repeat)
        {
          g_assert_no_error (error);
          g_assert_true (synced);
          g_assert_cmpint (kt_store_sync_get_cursor (client->store, NULL), ==, 4);
        }
      else
        {
          g_assert_false (synced);
          g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
          g_assert_cmpint (kt_store_sync_get_cursor (client->store, NULL), <, 4);
        }
    }
}

static void
on_refusing_server_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  static const char refused[] =
    "{\"error\": {\"code\": \"validation\", \"message\": \"“Email” is not valid\", \"field\": \"email\"}}";

  soup_server_message_set_status (msg, 422, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, refused, strlen (refused));
}

/* A refusal that names a field keeps it (kt_sync_error_get_field()), so
 * a form can show the message under that field's row. */
static void
test_refused_field (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) copy = NULL;
  g_autoslist (GUri) uris = NULL;
  g_autofree char *url = NULL;

  soup_server_add_handler (soup, NULL, on_refusing_server_cb, NULL, NULL);
  soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  g_assert_false (kt_test_login (f->a.engine, url, "x@example.com", PASSWORD, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "“Email” is not valid");
  g_assert_cmpstr (kt_sync_error_get_field (error), ==, "email");
  copy = g_error_copy (error);
  g_assert_cmpstr (kt_sync_error_get_field (copy), ==, "email");
  g_assert_null (kt_sync_error_get_field (NULL));
}

/* A server that is down for a moment: the first answer is a 503 with
 * Retry-After, the next one final (426, so the test needs no account). */
typedef struct {
  guint  requests;
  gint64 first_us;
  gint64 second_us;
  char  *retry_after;
} Outage;

static void
on_outage_server_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  static const char down[] = "{\"error\": {\"code\": \"unavailable\", \"message\": \"down\"}}";
  static const char old[] = "{\"error\": {\"code\": \"unsupported_protocol\", \"message\": \"update\"}}";
  Outage *outage = user_data;

  if (++outage->requests == 1)
    {
      outage->first_us = g_get_monotonic_time ();
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", outage->retry_after);
      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, down, strlen (down));
      return;
    }

  outage->second_us = g_get_monotonic_time ();
  soup_server_message_set_status (msg, 426, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, old, strlen (old));
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  const char *waits[] = { "1", "3600" };

  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      g_autoptr (SoupServer) soup = soup_server_new (NULL, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (GSList) uris = NULL;
      g_autofree char *url = NULL;
      Outage outage = { 0, 0, 0, (char *) waits[i] };

      soup_server_add_handler (soup, NULL, on_outage_server_cb, &outage, NULL);
      soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
      g_assert_no_error (error);
      uris = soup_server_get_uris (soup);
      url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

      g_assert_false (kt_test_login (f->a.engine, url, "x@example.com", PASSWORD, &error));
      if (i == 0)
        {
          /* Retried, and not before the second the server asked for. */
          g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL);
          g_assert_cmpuint (outage.requests, ==, 2);
          g_assert_cmpint (outage.second_us - outage.first_us, >=, G_USEC_PER_SEC);
        }
      else
        {
          /* An hour is for the engine's backoff between cycles, not for
           * a request to sit on: the 503 is the answer. */
          g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_SERVER);
          g_assert_cmpuint (outage.requests, ==, 1);
        }
    }
}

static void
on_team_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr (JsonObject) team = kt_team_refresh_finish (KT_SYNC_ENGINE (source), result, error);

  g_assert_null (team);
  g_assert_nonnull (*error);
}

/* The team calls go through the same client, so the same guard: a
 * hostile answer to GET /v1/me is refused, not parsed. */
static void
test_hostile_team (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autofree char *url = NULL;
  g_autofree char *client_id = NULL;
  GError *refresh_error = NULL;

  soup_server_add_handler (soup, NULL, on_hostile_server_cb, GUINT_TO_POINTER (200), NULL);
  soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  /* A store bound to that server, as in /sync/needs-update. */
  g_assert_false (kt_test_login (f->a.engine, url, "x@example.com", PASSWORD, &error));
  g_clear_error (&error);
  kt_store_set_meta (f->a.store, "sync.org_id", kt_store_get_org_id (f->a.store), &error);
  g_assert_no_error (error);
  client_id = kt_store_sync_dup_client_id (f->a.store);
  kt_secrets_store_sync (f->a.secrets, url, client_id, "t", &error);
  g_assert_no_error (error);
  g_assert_true (kt_sync_engine_is_connected (f->a.engine));

  kt_team_refresh_async (f->a.engine, NULL, on_team_refreshed_cb, &refresh_error);
  while (refresh_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (refresh_error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
  g_clear_error (&refresh_error);
}

static void
on_down_server_cb (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  static const char down[] = "{\"error\": {\"code\": \"unavailable\", \"message\": \"down\"}}";

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", "120");
  soup_server_message_set_status (msg, 503, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, down, strlen (down));
}

/* A Retry-After too long for a request to wait on is honoured by the
 * engine's backoff between cycles instead: its next try is not sooner. */
static void
test_retry_after_engine (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autofree char *url = NULL;
  g_autofree char *client_id = NULL;
  GSource *retry;

  soup_server_add_handler (soup, NULL, on_down_server_cb, NULL, NULL);
  soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  /* A store bound to that server, as in /sync/needs-update. */
  g_assert_false (kt_test_login (f->a.engine, url, "x@example.com", PASSWORD, &error));
  g_clear_error (&error);
  kt_store_set_meta (f->a.store, "sync.org_id", kt_store_get_org_id (f->a.store), &error);
  g_assert_no_error (error);
  client_id = kt_store_sync_dup_client_id (f->a.store);
  kt_secrets_store_sync (f->a.secrets, url, client_id, "t", &error);
  g_assert_no_error (error);

  kt_sync_engine_set_auto_sync (f->a.engine, TRUE);
  g_assert_false (kt_test_sync (f->a.engine, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_SERVER);

  g_assert_cmpuint (f->a.engine->retry_id, !=, 0);
  retry = g_main_context_find_source_by_id (NULL, f->a.engine->retry_id);
  g_assert_nonnull (retry);
  g_assert_cmpint (g_source_get_ready_time (retry) - g_get_monotonic_time (), >, 100 * G_USEC_PER_SEC);
  kt_sync_engine_set_auto_sync (f->a.engine, FALSE);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  server = kt_test_server_new ();

  g_test_add ("/sync/roundtrip", Fixture, NULL, fixture_setup, test_roundtrip, fixture_teardown);
  g_test_add ("/sync/organization-cached", Fixture, NULL, fixture_setup, test_organization_cached, fixture_teardown);
  g_test_add ("/sync/offline-store-upload", Fixture, NULL, fixture_setup, test_offline_store_upload, fixture_teardown);
  g_test_add ("/sync/last-writer-wins", Fixture, NULL, fixture_setup, test_last_writer_wins, fixture_teardown);
  g_test_add ("/sync/rejection-reverts", Fixture, NULL, fixture_setup, test_rejection_reverts, fixture_teardown);
  g_test_add ("/sync/removed-member", Fixture, NULL, fixture_setup, test_removed_member, fixture_teardown);
  g_test_add ("/sync/bad-cursor", Fixture, NULL, fixture_setup, test_bad_cursor, fixture_teardown);
  g_test_add ("/sync/token-expired", Fixture, NULL, fixture_setup, test_token_expired, fixture_teardown);
  g_test_add ("/sync/logout", Fixture, NULL, fixture_setup, test_logout, fixture_teardown);
  g_test_add ("/sync/protocol", Fixture, NULL, fixture_setup, test_protocol, fixture_teardown);
  g_test_add ("/sync/needs-update", Fixture, NULL, fixture_setup, test_needs_update, fixture_teardown);
  g_test_add ("/sync/hostile-server", Fixture, NULL, fixture_setup, test_hostile_server, fixture_teardown);
  g_test_add ("/sync/peeked-cursor", Fixture, NULL, fixture_setup, test_peeked_cursor, fixture_teardown);
  g_test_add ("/sync/refused-field", Fixture, NULL, fixture_setup, test_refused_field, fixture_teardown);
  g_test_add ("/sync/hostile-team", Fixture, NULL, fixture_setup, test_hostile_team, fixture_teardown);
  g_test_add ("/sync/retry-after", Fixture, NULL, fixture_setup, test_retry_after, fixture_teardown);
  g_test_add ("/sync/retry-after-engine", Fixture, NULL, fixture_setup, test_retry_after_engine, fixture_teardown);

  ret = g_test_run ();
  kt_test_server_free (server);
  return ret;
}
