/* test-owner.c: reassigning a record end to end
 *
 * An Owner's client gives a record to a team member from its store; the
 * push carries owner_id with its clock, the server stores it, and the
 * member's client sees the new owner after its pull. A User's client that
 * tries to give a record away is refused and reverted. A record the
 * Owner creates for a member is the member's on every replica.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-record.h"
#include "kt-store-private.h"
#include "kt-store-sync.h"
#include "kt-test-harness.h"

#define PASSWORD KT_TEST_PASSWORD

static KtTestServer *server;

typedef KtTestClient Client;
typedef KtTestTeam Fixture;   /* a: the organization's Owner; b: a User invited into it */

static char *
token_of (Client *client)
{
  return kt_test_client_token (server, client);
}

static void
sync_ok (Client *client)
{
  kt_test_client_sync_ok (client);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kt_test_team_setup (server, f, "owner");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kt_test_team_teardown (f);
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

/* The owner the server holds, through REST as @client. */
static char *
server_owner (Client     *client,
              const char *id)
{
  g_autofree char *token = token_of (client);
  g_autofree char *url = g_strdup_printf ("%s/v1/contacts/%s", server->url, id);
  g_autoptr (JsonNode) answer = NULL;
  guint status = 0;

  answer = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), KT_META_OWNER));
}

typedef struct {
  guint  count;
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
  g_free (rejections->code);
  rejections->code = g_strdup (code);
  g_assert_nonnull (strstr (message, KT_META_OWNER));
}

static void
test_reassign (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) on_a = NULL;
  g_autoptr (KtRecord) on_b = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *owner = NULL;
  const char *a_user = kt_store_get_user_id (f->a.store);
  const char *b_user = kt_store_get_user_id (f->b.store);
  const char *id = kt_record_get_id (contact);
  Rejections rejections = { 0 };

  kt_record_set_string (contact, "first_name", "Ivan");
  kt_record_set_string (contact, "last_name", "Petrov");
  kt_store_save (f->a.store, contact, &error);
  g_assert_no_error (error);
  sync_ok (&f->a);
  sync_ok (&f->b);
  on_b = get_contact (f->b.store, id);
  g_assert_cmpstr (kt_record_get_owner_id (on_b), ==, a_user);

  /* The Owner gives the contact to B from its store. */
  on_a = get_contact (f->a.store, id);
  kt_record_set_owner_id (on_a, b_user);
  kt_store_save (f->a.store, on_a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_outbox_count (f->a.store), ==, 1);
  sync_ok (&f->a);

  /* The push was applied, not reverted: A still says B, and so does the
   * server. */
  g_clear_object (&on_a);
  on_a = get_contact (f->a.store, id);
  g_assert_cmpstr (kt_record_get_owner_id (on_a), ==, b_user);
  owner = server_owner (&f->a, id);
  g_assert_cmpstr (owner, ==, b_user);

  /* B sees it after its pull, and may now change what is its own. */
  sync_ok (&f->b);
  g_clear_object (&on_b);
  on_b = get_contact (f->b.store, id);
  g_assert_cmpstr (kt_record_get_owner_id (on_b), ==, b_user);
  kt_record_set_string (on_b, "job_title", "Buyer");
  kt_store_save (f->b.store, on_b, &error);
  g_assert_no_error (error);
  g_signal_connect (f->b.engine, "mutation-rejected", G_CALLBACK (on_rejected_cb), &rejections);
  sync_ok (&f->b);
  g_assert_cmpuint (rejections.count, ==, 0);
  sync_ok (&f->a);
  g_clear_object (&on_a);
  on_a = get_contact (f->a.store, id);
  g_assert_cmpstr (kt_record_get_string (on_a, "job_title"), ==, "Buyer");
  g_assert_cmpstr (kt_record_get_owner_id (on_a), ==, b_user);

  /* B, a User, may not give it back: refused, told, and reverted to the
   * server's owner. */
  kt_record_set_owner_id (on_b, a_user);
  kt_store_save (f->b.store, on_b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_outbox_count (f->b.store), ==, 1);
  sync_ok (&f->b);
  g_assert_cmpuint (rejections.count, ==, 1);
  g_assert_cmpstr (rejections.code, ==, "permission");
  g_clear_object (&on_b);
  on_b = get_contact (f->b.store, id);
  g_assert_cmpstr (kt_record_get_owner_id (on_b), ==, b_user);
  g_free (owner);
  owner = server_owner (&f->a, id);
  g_assert_cmpstr (owner, ==, b_user);

  g_signal_handlers_disconnect_by_data (f->b.engine, &rejections);
  g_free (rejections.code);
}

/* The Owner creates a contact for B straight away: the create carries
 * the owner (the server would otherwise make A, the pusher, its owner,
 * and A's store would say B for good). */
static void
test_create_for_member (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) on_a = NULL;
  g_autoptr (KtRecord) on_b = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *owner = NULL;
  const char *b_user = kt_store_get_user_id (f->b.store);
  const char *id = kt_record_get_id (contact);
  Rejections rejections = { 0 };

  kt_record_set_string (contact, "first_name", "Dimitar");
  kt_record_set_string (contact, "last_name", "Angelov");
  kt_record_set_owner_id (contact, b_user);
  kt_store_save (f->a.store, contact, &error);
  g_assert_no_error (error);
  g_signal_connect (f->a.engine, "mutation-rejected", G_CALLBACK (on_rejected_cb), &rejections);
  sync_ok (&f->a);
  g_assert_cmpuint (rejections.count, ==, 0);

  owner = server_owner (&f->a, id);
  g_assert_cmpstr (owner, ==, b_user);

  /* A's pull brought back the server's state: still B, with the clock
   * A stamped. */
  sync_ok (&f->a);
  on_a = get_contact (f->a.store, id);
  g_assert_cmpstr (kt_record_get_owner_id (on_a), ==, b_user);
  g_assert_cmpstr (kt_record_peek_owner_clock (on_a), ==, kt_record_get_hlc (contact));

  /* B's replica agrees, owner clock included, and B may edit its own
   * record (a User may only edit what it owns). */
  sync_ok (&f->b);
  on_b = get_contact (f->b.store, id);
  g_assert_cmpstr (kt_record_get_owner_id (on_b), ==, b_user);
  g_assert_cmpstr (kt_record_peek_owner_clock (on_b), ==, kt_record_peek_owner_clock (on_a));
  kt_record_set_string (on_b, "job_title", "Engineer");
  kt_store_save (f->b.store, on_b, &error);
  g_assert_no_error (error);
  g_signal_connect (f->b.engine, "mutation-rejected", G_CALLBACK (on_rejected_cb), &rejections);
  sync_ok (&f->b);
  g_assert_cmpuint (rejections.count, ==, 0);

  sync_ok (&f->a);
  g_clear_object (&on_a);
  on_a = get_contact (f->a.store, id);
  g_assert_cmpstr (kt_record_get_string (on_a, "job_title"), ==, "Engineer");
  g_assert_cmpstr (kt_record_get_owner_id (on_a), ==, b_user);

  g_signal_handlers_disconnect_by_data (f->a.engine, &rejections);
  g_signal_handlers_disconnect_by_data (f->b.engine, &rejections);
  g_free (rejections.code);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  server = kt_test_server_new ();

  g_test_add ("/sync/owner/reassign", Fixture, NULL, fixture_setup, test_reassign, fixture_teardown);
  g_test_add ("/sync/owner/create-for-member", Fixture, NULL, fixture_setup, test_create_for_member,
              fixture_teardown);

  ret = g_test_run ();
  kt_test_server_free (server);
  return ret;
}
