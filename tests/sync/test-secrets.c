/* test-secrets.c: the token in the system keyring (libsecret) and in memory
 *
 * Runs under run-with-keyring.sh: a private D-Bus session with a headless,
 * unlocked gnome-keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsecret/secret.h>

#include "kt-store-sync.h"
#include "kt-test-harness.h"

static void
check_secrets (KtSecrets *secrets)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *other = NULL;
  g_autofree char *gone = NULL;

  kt_secrets_store_sync (secrets, "http://127.0.0.1:1", "client-a", "first-token", &error);
  g_assert_no_error (error);
  found = kt_secrets_lookup_sync (secrets, "http://127.0.0.1:1", "client-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "first-token");

  /* Another account or server does not see it. */
  other = kt_secrets_lookup_sync (secrets, "http://127.0.0.1:1", "client-b", &error);
  g_assert_no_error (error);
  g_assert_null (other);
  g_clear_pointer (&other, g_free);
  other = kt_secrets_lookup_sync (secrets, "http://127.0.0.1:2", "client-a", &error);
  g_assert_no_error (error);
  g_assert_null (other);

  /* Storing again replaces. */
  kt_secrets_store_sync (secrets, "http://127.0.0.1:1", "client-a", "second-token", &error);
  g_assert_no_error (error);
  g_clear_pointer (&found, g_free);
  found = kt_secrets_lookup_sync (secrets, "http://127.0.0.1:1", "client-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "second-token");

  /* Clearing removes it; clearing again is fine. */
  kt_secrets_clear_sync (secrets, "http://127.0.0.1:1", "client-a", &error);
  g_assert_no_error (error);
  gone = kt_secrets_lookup_sync (secrets, "http://127.0.0.1:1", "client-a", &error);
  g_assert_no_error (error);
  g_assert_null (gone);
  kt_secrets_clear_sync (secrets, "http://127.0.0.1:1", "client-a", &error);
  g_assert_no_error (error);
}

static void
test_memory (void)
{
  g_autoptr (KtSecrets) secrets = kt_secrets_memory_new ();

  check_secrets (secrets);
}

static void
test_keyring (void)
{
  g_autoptr (KtSecrets) secrets = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no D-Bus session (run under run-with-keyring.sh)");
      return;
    }

  secrets = kt_secrets_libsecret_new ();
  check_secrets (secrets);
}

/* The engine keeps its token in the keyring, and a new engine (the
 * application started again) finds it there. */
static void
test_engine_restart (void)
{
  g_autoptr (KtTestServer) server = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *email = g_strdup_printf ("keyring-%u@example.com", g_random_int ());
  g_autofree char *client_id = NULL;
  g_autofree char *token = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no D-Bus session (run under run-with-keyring.sh)");
      return;
    }

  server = kt_test_server_new ();
  path = kt_test_server_store_path (server, "keyring");
  {
    g_autoptr (KtStore) store = kt_store_open (path, &error);
    g_autoptr (KtSecrets) secrets = kt_secrets_libsecret_new ();
    g_autoptr (KtSyncEngine) engine = NULL;

    g_assert_no_error (error);
    engine = kt_sync_engine_new (store, secrets);
    kt_sync_engine_set_auto_sync (engine, FALSE);
    kt_test_register (engine, server->url, email, "keyring password", &error);
    g_assert_no_error (error);
    client_id = kt_store_sync_dup_client_id (store);
  }

  /* In the keyring, under the server and the store's client id. */
  {
    g_autoptr (KtSecrets) secrets = kt_secrets_libsecret_new ();

    token = kt_secrets_lookup_sync (secrets, server->url, client_id, &error);
    g_assert_no_error (error);
    g_assert_nonnull (token);
    g_assert_cmpuint (strlen (token), ==, 43);
  }

  {
    g_autoptr (KtStore) store = kt_store_open (path, &error);
    g_autoptr (KtSecrets) secrets = kt_secrets_libsecret_new ();
    g_autoptr (KtSyncEngine) engine = NULL;

    g_assert_no_error (error);
    engine = kt_sync_engine_new (store, secrets);
    kt_sync_engine_set_auto_sync (engine, FALSE);
    g_assert_true (kt_sync_engine_is_connected (engine));
    kt_test_sync (engine, &error);
    g_assert_no_error (error);
    g_assert_cmpint (kt_sync_engine_get_state (engine), ==, KT_SYNC_STATE_IDLE);

    /* Logging out removes it from the keyring. */
    kt_test_logout (engine, FALSE, &error);
    g_assert_no_error (error);
    g_clear_pointer (&token, g_free);
    token = kt_secrets_lookup_sync (secrets, server->url, client_id, &error);
    g_assert_no_error (error);
    g_assert_null (token);
  }
}

static void
on_unlocked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
unlock (KtSecrets  *secrets,
        GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kt_secrets_unlock_async (secrets, NULL, on_unlocked_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kt_secrets_unlock_finish (secrets, result, error);
}

/* A locked keyring hides the token as if it were gone; unlocked, it is
 * there again. One that stays locked says so. */
static void
test_memory_locked (void)
{
  g_autoptr (KtSecrets) secrets = kt_secrets_memory_new ();
  KtSecretsMemory *memory = KT_SECRETS_MEMORY (secrets);
  g_autoptr (GError) error = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *found = NULL;
  g_autofree char *still_hidden = NULL;

  g_assert_true (kt_secrets_store_sync (secrets, "http://127.0.0.1:1", "client-a", "token", &error));
  g_assert_no_error (error);
  /* Nothing locked: unlocking asks nobody. */
  g_assert_true (unlock (secrets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kt_secrets_memory_get_unlock_count (memory), ==, 0);

  kt_secrets_memory_lock (memory, TRUE);
  hidden = kt_secrets_lookup_sync (secrets, "http://127.0.0.1:1", "client-a", &error);
  g_assert_no_error (error);
  g_assert_null (hidden);
  g_assert_true (unlock (secrets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kt_secrets_memory_get_unlock_count (memory), ==, 1);
  found = kt_secrets_lookup_sync (secrets, "http://127.0.0.1:1", "client-a", &error);
  g_assert_cmpstr (found, ==, "token");

  kt_secrets_memory_lock (memory, FALSE);
  g_assert_false (unlock (secrets, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  still_hidden = kt_secrets_lookup_sync (secrets, "http://127.0.0.1:1", "client-a", &error);
  g_assert_null (still_hidden);
}

/* The headless keyring of run-with-keyring.sh is unlocked: unlocking
 * answers at once, with no prompt. (A locked collection cannot be
 * unlocked here: gnome-keyring would ask for the password through a
 * system prompter, which a headless session does not have. The engine's
 * side, a locked keyring that unlocks or stays locked, is tested with
 * the in-memory keyring in tests/ui/test-ui-sync.c.) */
static void
test_keyring_unlock (void)
{
  g_autoptr (KtSecrets) secrets = kt_secrets_libsecret_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (unlock (secrets, &error));
  g_assert_no_error (error);
}

/* The real keyring locked, as a new login session's can be: the token is
 * hidden, and asking to unlock, when no password prompt can show (the
 * prompter gets no display here, so it fails at once instead of waiting
 * on Xvfb for a password), says the keyring stayed locked rather than
 * pretending the token is gone. Runs last: the collection stays locked. */
static void
test_keyring_stays_locked (void)
{
  g_autoptr (KtSecrets) secrets = kt_secrets_libsecret_new ();
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (SecretService) service = NULL;
  g_autoptr (SecretCollection) collection = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *hidden = NULL;
  GVariantBuilder env;
  GList *objects;

  g_assert_nonnull (bus);
  g_variant_builder_init (&env, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&env, "{ss}", "DISPLAY", "");
  g_variant_builder_add (&env, "{ss}", "WAYLAND_DISPLAY", "");
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "UpdateActivationEnvironment",
                                       g_variant_new ("(a{ss})", &env), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (kt_secrets_store_sync (secrets, "http://127.0.0.1:1", "locked", "token", &error));
  g_assert_no_error (error);
  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  objects = g_list_prepend (NULL, collection);
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, NULL, &error), ==, 1);
  g_list_free (objects);
  g_assert_no_error (error);
  g_assert_true (secret_collection_get_locked (collection));

  hidden = kt_secrets_lookup_sync (secrets, "http://127.0.0.1:1", "locked", &error);
  g_assert_null (hidden);
  g_clear_error (&error);

  g_assert_false (unlock (secrets, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_true (secret_collection_get_locked (collection));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/memory", test_memory);
  g_test_add_func ("/secrets/memory-locked", test_memory_locked);
  g_test_add_func ("/secrets/keyring-unlock", test_keyring_unlock);
  g_test_add_func ("/secrets/keyring", test_keyring);
  g_test_add_func ("/secrets/engine-restart", test_engine_restart);
  g_test_add_func ("/secrets/keyring-stays-locked", test_keyring_stays_locked);

  {
    int status = g_test_run ();

    kt_secrets_shutdown ();
    /* Let GDBus deliver what its worker thread already queued for this
     * context, so those messages are freed before exit. */
    for (guint i = 0; i < 50; i++)
      {
        while (g_main_context_iteration (NULL, FALSE))
          ;
        g_usleep (2000);
      }
    return status;
  }
}
