/* kt-ui-sync-test.c: UI tests against a real kantora-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ui-sync-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kt-documents.h"
#include "kt-store-sync.h"
#include "kt-ui-sync-test.h"

KtTestServer *kt_sync_ui_server;
static guint n_apps;
static guint n_emails;

void
kt_sync_ui_test_init (int    *argc,
                      char ***argv)
{
  kt_ui_test_init (argc, argv);
  kt_sync_ui_server = kt_test_server_new ();
}

void
kt_sync_ui_screenshot (KtSyncUiFixture *f,
                       const char      *name)
{
  g_autofree char *full = g_strconcat (name, g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "", NULL);

  g_free (kt_ui_screenshot (GTK_WIDGET (f->window), full));
}

void
kt_sync_ui_register (KtSyncUiFixture *f)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autoptr (GError) error = NULL;

  g_assert_true (kt_test_register (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                   KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
}

char *
kt_sync_ui_write_server_config (const char *config)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("kantora-server-XXXXXX.conf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_chmod (path, 0600);
  g_assert_true (g_file_set_contents (path, config, -1, &error));
  g_assert_no_error (error);
  g_setenv ("KANTORA_SERVER_CONFIG", path, TRUE);
  return path;
}

int
kt_sync_ui_test_finish (int ret)
{
  g_clear_pointer (&kt_sync_ui_server, kt_test_server_free);
  return ret;
}

void
kt_sync_ui_setup (KtSyncUiFixture *f,
                  gconstpointer    data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettings) settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  /* The memory settings backend lives as long as the process. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_string (settings, "last-section", "contacts");
  g_settings_set_string (settings, "server-url", kt_sync_ui_server->url);

  f->tmpdir = g_dir_make_tmp ("kantora-ui-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->store_path = g_build_filename (f->tmpdir, "kantora.db", NULL);
  f->secrets = kt_secrets_memory_new ();
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
kt_sync_ui_stop_app (KtSyncUiFixture *f)
{
  GList *windows;

  if (f->app == NULL)
    return;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (f->app))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  kt_ui_iterate (10);
  f->window = NULL;
  g_clear_object (&f->app);
  kt_ui_iterate (10);
}

void
kt_sync_ui_teardown (KtSyncUiFixture *f,
                     gconstpointer    data)
{
  kt_sync_ui_stop_app (f);
  g_clear_object (&f->secrets);
  remove_tree (f->tmpdir);
  g_clear_pointer (&f->store_path, g_free);
  g_clear_pointer (&f->tmpdir, g_free);
}

void
kt_sync_ui_start_app (KtSyncUiFixture *f,
                      gboolean         ask_sign_in)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = g_strdup_printf ("org.kantora.Kantora.SyncTest%u", ++n_apps);

  g_assert_null (f->app);
  f->app = kt_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  kt_application_set_store_path (f->app, f->store_path);
  kt_application_set_demo (f->app, FALSE);
  kt_application_set_secrets (f->app, f->secrets);
  kt_application_set_ask_sign_in (f->app, ask_sign_in);

  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (f->app));

  f->window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  g_assert_true (KT_IS_WINDOW (f->window));
  kt_sync_engine_set_auto_sync (kt_sync_ui_engine (f), FALSE);
  kt_sync_engine_set_retry_limit (kt_sync_ui_engine (f), 0);
  kt_ui_wait_for_frame (GTK_WIDGET (f->window));
}

KtSyncEngine *
kt_sync_ui_engine (KtSyncUiFixture *f)
{
  return kt_context_get_sync_engine (kt_window_get_context (f->window));
}

gboolean
kt_sync_ui_wait_for (gboolean (*cond) (gpointer data),
                     gpointer  data,
                     guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
  return cond (data);
}

static gboolean
engine_not_syncing (gpointer data)
{
  return kt_sync_engine_get_state (KT_SYNC_ENGINE (data)) != KT_SYNC_STATE_SYNCING;
}

char *
kt_sync_ui_token (KtSyncUiFixture *f)
{
  KtStore *store = kt_context_get_store (kt_window_get_context (f->window));
  g_autofree char *client_id = kt_store_sync_dup_client_id (store);
  g_autoptr (GError) error = NULL;
  char *token = kt_secrets_lookup_sync (f->secrets, kt_sync_ui_server->url, client_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

void
kt_sync_ui_sync_now (KtSyncUiFixture *f)
{
  KtSyncEngine *engine = kt_sync_ui_engine (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sync-now", NULL));
  g_assert_true (kt_sync_ui_wait_for (engine_not_syncing, engine, 60000));
  kt_ui_iterate (20);
}

char *
kt_sync_ui_new_email (void)
{
  return g_strdup_printf ("ui%u-%u@example.com", ++n_emails, g_random_int ());
}

gboolean
kt_sync_ui_has_label_containing (GtkWidget  *root,
                                 const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (kt_sync_ui_has_label_containing (child, text))
      return TRUE;

  return FALSE;
}

char *
kt_sync_ui_register_elsewhere (const char    *email,
                               KtStore      **out_store,
                               KtSyncEngine **out_engine)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("elsewhere-%u", ++n_apps);
  g_autofree char *path = kt_test_server_store_path (kt_sync_ui_server, name);
  g_autoptr (KtStore) store = kt_store_open (path, &error);
  g_autoptr (KtSecrets) secrets = kt_secrets_memory_new ();
  g_autoptr (KtSyncEngine) engine = NULL;
  g_autofree char *client_id = NULL;
  char *token;

  g_assert_no_error (error);
  engine = kt_sync_engine_new (store, secrets);
  kt_sync_engine_set_auto_sync (engine, FALSE);
  kt_test_register (engine, kt_sync_ui_server->url, email, KT_SYNC_UI_PASSWORD, &error);
  g_assert_no_error (error);

  client_id = kt_store_sync_dup_client_id (store);
  token = kt_secrets_lookup_sync (secrets, kt_sync_ui_server->url, client_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  if (out_store != NULL)
    *out_store = g_steal_pointer (&store);
  if (out_engine != NULL)
    *out_engine = g_steal_pointer (&engine);
  return token;
}

char *
kt_sync_ui_add_member (const char *owner_token,
                       const char *email,
                       const char *role)
{
  g_autofree char *url = g_strconcat (kt_sync_ui_server->url, "/v1/team/invitations", NULL);
  g_autofree char *accept_url = g_strconcat (kt_sync_ui_server->url, "/v1/team/invitations/accept", NULL);
  g_autofree char *body = g_strdup_printf ("{\"email\": \"%s\", \"role\": \"%s\"}", email, role);
  g_autofree char *accept = NULL;
  g_autoptr (JsonNode) invitation = NULL;
  g_autoptr (JsonNode) session = NULL;
  JsonObject *obj;
  guint status = 0;

  invitation = kt_test_http ("POST", url, owner_token, body, &status);
  g_assert_cmpuint (status, ==, 201);
  obj = json_node_get_object (invitation);

  accept = g_strdup_printf ("{\"token\": \"%s\", \"full_name\": \"Boris Member\", \"password\": \"%s\"}",
                            json_object_get_string_member (obj, "token"), KT_SYNC_UI_PASSWORD);
  session = kt_test_http ("POST", accept_url, NULL, accept, &status);
  g_assert_cmpuint (status, ==, 200);

  return g_strdup (json_object_get_string_member (obj, "id"));
}

KtRecordPane *
kt_sync_ui_show_new_invoice (KtSyncUiFixture *f,
                             KtRecord        *invoice)
{
  KtStore *store = kt_context_get_store (kt_application_get_context (f->app));
  g_autoptr (KtRecord) item = kt_record_new (KT_ENTITY_INVOICE_ITEM);
  g_autoptr (GPtrArray) items = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  KtRecordPane *pane;

  kt_record_apply_defaults (item);
  kt_record_set_string (item, "description", "Consulting");
  kt_record_set_int (item, "quantity", 2000);
  kt_record_set_int (item, "unit_price", 10000);
  g_ptr_array_add (items, item);
  g_assert_true (kt_document_save (store, invoice, items, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (kt_window_show_section (f->window, "invoices"));
  kt_ui_iterate (50);
  pane = KT_RECORD_PANE (kt_window_get_pane (f->window, "invoices"));
  g_assert_true (kt_record_pane_select_record (pane, kt_record_get_id (invoice)));
  kt_ui_iterate (400);
  return pane;
}
