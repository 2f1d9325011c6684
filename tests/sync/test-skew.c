/* test-skew.c: clients whose clocks are wrong, against a real server
 *
 * Each client's store clock runs at an offset from the real time (the
 * server's), through kt_hlc_set_time_func() on that store's clock only.
 * An edit of a value a client has seen must win over it however slow the
 * client's clock is; an edit that loses to a newer one is answered
 * superseded and the person is told; created_at is the creator's and the
 * same everywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-store-private.h"
#include "kt-store-sync.h"
#include "kt-test-harness.h"

#define PASSWORD "skewed clocks password"
#define MINUTE   (G_GINT64_CONSTANT (60) * 1000)
#define HOUR     (60 * MINUTE)

static KtTestServer *server;
static guint counter;

typedef struct {
  gint64        offset_ms;   /* this client's clock minus the real time */
  char         *path;
  KtStore      *store;
  KtSecrets    *secrets;
  KtSyncEngine *engine;
  GPtrArray    *superseded;  /* "record_id field,field" per signal */
} Client;

typedef struct {
  Client a;
  Client b;
  char  *email;
} Fixture;

static gint64
skewed_now (gpointer data)
{
  Client *client = data;

  return g_get_real_time () / 1000 + client->offset_ms;
}

static void
on_superseded_cb (KtSyncEngine       *engine,
                  const char         *entity,
                  const char         *record_id,
                  const char         *title,
                  const char * const *fields,
                  Client             *client)
{
  g_autofree char *joined = g_strjoinv (",", (char **) fields);

  g_ptr_array_add (client->superseded, g_strdup_printf ("%s %s", record_id, joined));
}

/* Opens (or opens again) the client's store with its skewed clock. */
static void
client_open (Client *client)
{
  g_autoptr (GError) error = NULL;

  if (client->path == NULL)
    {
      g_autofree char *name = g_strdup_printf ("skew-%u-%u", ++counter, g_random_int ());

      client->path = kt_test_server_store_path (server, name);
      client->secrets = kt_secrets_memory_new ();
      client->superseded = g_ptr_array_new_with_free_func (g_free);
    }
  client->store = kt_store_open (client->path, &error);
  g_assert_no_error (error);
  kt_hlc_set_time_func (kt_store_get_clock (client->store), skewed_now, client);
  client->engine = kt_sync_engine_new (client->store, client->secrets);
  kt_sync_engine_set_auto_sync (client->engine, FALSE);
  g_signal_connect (client->engine, "mutation-superseded", G_CALLBACK (on_superseded_cb), client);
}

static void
client_close (Client *client)
{
  g_clear_object (&client->engine);
  g_clear_object (&client->secrets);
  g_clear_object (&client->store);
  g_clear_pointer (&client->superseded, g_ptr_array_unref);
  g_clear_pointer (&client->path, g_free);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  client_open (&f->a);
  client_open (&f->b);
  f->email = g_strdup_printf ("skew%u-%u@example.com", ++counter, g_random_int ());
  kt_test_register (f->a.engine, server->url, f->email, PASSWORD, &error);
  g_assert_no_error (error);
  kt_test_login (f->b.engine, server->url, f->email, PASSWORD, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  client_close (&f->a);
  client_close (&f->b);
  g_free (f->email);
}

static void
sync_ok (Client *client)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kt_test_sync (client->engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_outbox_count (client->store), ==, 0);
}

static char *
city_of (KtStore    *store,
         const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) record = kt_store_get (store, KT_ENTITY_CONTACT, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return g_strdup (kt_record_get_string (record, "city"));
}

static void
set_city (Client     *client,
          const char *id,
          const char *city)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) record = kt_store_get (client->store, KT_ENTITY_CONTACT, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  kt_record_set_string (record, "city", city);
  kt_store_save (client->store, record, &error);
  g_assert_no_error (error);
}

static char *
make_contact (Client     *client,
              const char *city)
{
  g_autoptr (KtRecord) record = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;

  kt_record_set_string (record, "first_name", "Ivan");
  kt_record_set_string (record, "city", city);
  kt_store_save (client->store, record, &error);
  g_assert_no_error (error);
  return g_strdup (kt_record_get_id (record));
}

/* The server's record, as a device that never saw it downloads it. */
static KtRecord *
server_record (Fixture    *f,
               const char *id)
{
  Client fresh = { 0 };
  g_autoptr (GError) error = NULL;
  KtRecord *record;

  client_open (&fresh);
  kt_test_login (fresh.engine, server->url, f->email, PASSWORD, &error);
  g_assert_no_error (error);
  sync_ok (&fresh);
  record = kt_store_get (fresh.store, KT_ENTITY_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  client_close (&fresh);
  return record;
}

static void
assert_everywhere (Fixture    *f,
                   const char *id,
                   const char *city)
{
  g_autoptr (KtRecord) on_server = server_record (f, id);
  g_autofree char *on_a = NULL;
  g_autofree char *on_b = NULL;

  sync_ok (&f->a);
  sync_ok (&f->b);
  on_a = city_of (f->a.store, id);
  on_b = city_of (f->b.store, id);
  g_assert_cmpstr (kt_record_get_string (on_server, "city"), ==, city);
  g_assert_cmpstr (on_a, ==, city);
  g_assert_cmpstr (on_b, ==, city);
}

/* The case: a client an hour slow pulls a contact, edits the
 * city and syncs. The edit must reach the server and the other client. */
static void
test_hour_slow (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = NULL;

  f->b.offset_ms = -HOUR;

  id = make_contact (&f->a, "Sofia");
  sync_ok (&f->a);
  sync_ok (&f->b);

  set_city (&f->b, id, "Plovdiv");
  sync_ok (&f->b);
  g_assert_cmpuint (f->b.superseded->len, ==, 0);

  assert_everywhere (f, id, "Plovdiv");
}

/* Inside the drift bound: A 4 minutes fast writes, B 4 minutes slow
 * pulls it and edits. A's stamp is 8 minutes ahead of B's clock, more
 * than the bound a client once applied to what it observed. */
static void
test_four_minutes (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = NULL;

  f->a.offset_ms = 4 * MINUTE;
  f->b.offset_ms = -4 * MINUTE;

  id = make_contact (&f->b, "Sofia");
  sync_ok (&f->b);
  sync_ok (&f->a);
  set_city (&f->a, id, "Varna");
  sync_ok (&f->a);
  sync_ok (&f->b);

  set_city (&f->b, id, "Burgas");
  sync_ok (&f->b);
  g_assert_cmpuint (f->b.superseded->len, ==, 0);

  assert_everywhere (f, id, "Burgas");
}

/* Concurrent edits while apart: B, an hour slow, edits offline; A edits
 * the same field later. B's push loses: the server answers superseded,
 * B takes A's value before its outbox entry goes, and B's person is
 * told which field lost. */
static void
test_superseded (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *on_b = NULL;

  f->b.offset_ms = -HOUR;

  id = make_contact (&f->a, "Sofia");
  sync_ok (&f->a);
  sync_ok (&f->b);

  set_city (&f->b, id, "Ruse");
  g_usleep (20 * 1000);
  set_city (&f->a, id, "Varna");
  sync_ok (&f->a);

  sync_ok (&f->b);
  expected = g_strdup_printf ("%s city", id);
  g_assert_cmpuint (f->b.superseded->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->b.superseded, 0), ==, expected);
  on_b = city_of (f->b.store, id);
  g_assert_cmpstr (on_b, ==, "Varna");

  assert_everywhere (f, id, "Varna");
  g_assert_cmpuint (f->a.superseded->len, ==, 0);
}

/* A restart between the pull and the edit: the store saved the newest
 * stamp it saw (hlc_last), an hour ahead of this computer's clock (the
 * same as this computer being an hour slow), and its clock must resume
 * after it, or the next edit sorts before the value it overwrites. */
static void
test_resume_after_restart (void)
{
  g_autofree char *name = g_strdup_printf ("skew-resume-%u", g_random_int ());
  g_autofree char *path = kt_test_server_store_path (server, name);
  g_autoptr (KtStore) store = NULL;
  g_autoptr (KtRecord) record = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;
  g_autofree char *seen = NULL;
  KtHlcStamp ahead = { .wall_ms = g_get_real_time () / 1000 + HOUR, .counter = 3,
                       .node = "00000000000000bb" };

  seen = kt_hlc_format (&ahead);
  store = kt_store_open (path, &error);
  g_assert_no_error (error);
  kt_store_set_meta (store, "hlc_last", seen, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  store = kt_store_open (path, &error);
  g_assert_no_error (error);
  kt_record_set_string (record, "first_name", "Ivan");
  kt_store_save (store, record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_hlc_compare (kt_record_get_field_hlc (record, "first_name"), seen), >, 0);
}

/* A contact created on a device whose clock is a week behind (or made a
 * week ago offline): the creator, the server and another device keep the
 * creator's created_at, not the time the create reached the server. */
static void
test_created_at (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (KtRecord) record = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) on_a = NULL;
  g_autoptr (KtRecord) on_b = NULL;
  g_autoptr (KtRecord) on_server = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *week_ago = NULL;
  const char *id;

  f->b.offset_ms = -7 * 24 * HOUR;
  week_ago = kt_iso_from_unix_ms (g_get_real_time () / 1000 + f->b.offset_ms);

  kt_record_set_string (record, "first_name", "Week");
  kt_record_set_created_at (record, week_ago);
  kt_store_save (f->b.store, record, &error);
  g_assert_no_error (error);
  id = kt_record_get_id (record);

  sync_ok (&f->b);
  sync_ok (&f->a);
  sync_ok (&f->b);

  on_server = server_record (f, id);
  on_a = kt_store_get (f->a.store, KT_ENTITY_CONTACT, id, &error);
  g_assert_no_error (error);
  on_b = kt_store_get (f->b.store, KT_ENTITY_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_created_at (on_b), ==, week_ago);
  g_assert_cmpstr (kt_record_get_created_at (on_a), ==, week_ago);
  g_assert_cmpstr (kt_record_get_created_at (on_server), ==, week_ago);

  /* An edit elsewhere keeps it. */
  set_city (&f->a, id, "Lovech");
  sync_ok (&f->a);
  sync_ok (&f->b);
  g_clear_object (&on_b);
  on_b = kt_store_get (f->b.store, KT_ENTITY_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_created_at (on_b), ==, week_ago);
  g_assert_cmpstr (kt_record_get_string (on_b, "city"), ==, "Lovech");
}

static char *
token_of (Client *client)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *client_id = kt_store_sync_dup_client_id (client->store);
  char *token = kt_secrets_lookup_sync (client->secrets, server->url, client_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

static JsonObject *
push_result (const char *token,
             const char *body)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/sync/push", server->url);
  g_autoptr (JsonNode) answer = NULL;
  guint status = 0;

  answer = kt_test_http ("POST", url, token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (answer), "results"), 0));
}

/* The protocol: a mutation whose field loses is answered superseded with
 * the lost fields and the record that won (its clocks included), and a
 * retry of the same id after a lost answer is told the same. */
static void
test_superseded_protocol (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = make_contact (&f->a, "Sofia");
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  g_autofree char *client_id = g_uuid_string_random ();
  g_autofree char *stamp = NULL;

  sync_ok (&f->a);
  token = token_of (&f->a);

  body = g_strdup_printf ("{\"protocol\": 2, \"client_id\": \"%s\", \"mutations\": [{\"id\": 3, "
                          "\"entity\": \"contact\", \"record_id\": \"%s\", "
                          "\"fields\": {\"city\": \"Old\", \"job_title\": \"CTO\"}, "
                          "\"clocks\": {\"city\": \"2020-01-01T00:00:00.000Z-0000-00000000000000aa\", "
                          "\"job_title\": \"2020-01-01T00:00:00.000Z-0000-00000000000000aa\"}}]}",
                          client_id, id);
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr (JsonObject) result = push_result (token, body);
      JsonObject *record = json_object_get_object_member (result, "record");
      JsonArray *fields = json_object_get_array_member (result, "fields");

      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "superseded");
      g_assert_cmpuint (json_array_get_length (fields), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (fields, 0), ==, "city");
      g_assert_cmpstr (json_object_get_string_member (record, "city"), ==, "Sofia");
      /* The field nobody had written was taken. */
      g_assert_cmpstr (json_object_get_string_member (record, "job_title"), ==, "CTO");
      g_assert_true (json_object_has_member (json_object_get_object_member (record, "clocks"), "city"));
    }

  /* A creation time later than the server's clock allows is refused and
   * named, like a stamp that is. */
  {
    g_autofree char *future = kt_iso_from_unix_ms (g_get_real_time () / 1000 + HOUR);
    g_autofree char *new_id = kt_uuid_new ();
    g_autofree char *create = NULL;
    g_autoptr (JsonObject) result = NULL;
    KtHlcStamp now = { .wall_ms = g_get_real_time () / 1000, .counter = 0, .node = "00000000000000aa" };

    stamp = kt_hlc_format (&now);
    create = g_strdup_printf ("{\"protocol\": 2, \"client_id\": \"%s\", \"mutations\": [{\"id\": 4, "
                              "\"entity\": \"contact\", \"record_id\": \"%s\", "
                              "\"fields\": {\"first_name\": \"Soon\", \"created_at\": \"%s\"}, "
                              "\"clocks\": {\"first_name\": \"%s\", \"created_at\": \"%s\"}}]}",
                              client_id, new_id, future, stamp, stamp);
    result = push_result (token, create);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "validation");
    g_assert_cmpstr (json_object_get_string_member (result, "field"), ==, "created_at");
    g_clear_pointer (&stamp, g_free);
  }

  /* A mutation that wins everything is still just applied. */
  {
    KtHlcStamp later = { .wall_ms = g_get_real_time () / 1000 + MINUTE, .counter = 0,
                         .node = "00000000000000aa" };

    stamp = kt_hlc_format (&later);
  }
  g_free (body);
  body = g_strdup_printf ("{\"protocol\": 2, \"client_id\": \"%s\", \"mutations\": [{\"id\": 5, "
                          "\"entity\": \"contact\", \"record_id\": \"%s\", "
                          "\"fields\": {\"city\": \"New\"}, "
                          "\"clocks\": {\"city\": \"%s\"}}]}",
                          client_id, id, stamp);
  {
    g_autoptr (JsonObject) result = push_result (token, body);

    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  server = kt_test_server_new ();

  g_test_add ("/sync/skew/hour-slow", Fixture, NULL,
              fixture_setup, test_hour_slow, fixture_teardown);
  g_test_add_func ("/sync/skew/resume-after-restart", test_resume_after_restart);
  g_test_add ("/sync/skew/four-minutes", Fixture, NULL,
              fixture_setup, test_four_minutes, fixture_teardown);
  g_test_add ("/sync/skew/superseded", Fixture, NULL,
              fixture_setup, test_superseded, fixture_teardown);
  g_test_add ("/sync/skew/created-at", Fixture, NULL,
              fixture_setup, test_created_at, fixture_teardown);
  g_test_add ("/sync/skew/superseded-protocol", Fixture, NULL,
              fixture_setup, test_superseded_protocol, fixture_teardown);

  ret = g_test_run ();
  kt_test_server_free (server);
  return ret;
}
