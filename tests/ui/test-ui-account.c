/* test-ui-account.c: the sign-in screen, working offline, logging out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-account-ui.h"
#include "kt-sign-in-dialog.h"
#include "kt-store-sync.h"
#include "kt-sync-indicator.h"
#include "kt-ui-sync-test.h"

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return GTK_WIDGET (found);
}

/* GtkButton's "activate" clicks after a 250 ms press animation; emit
 * "clicked" for an immediate click. */
static void
click (KtSignInDialog *dialog,
       const char     *name)
{
  g_signal_emit_by_name (child (dialog, KT_TYPE_SIGN_IN_DIALOG, name), "clicked");
}

static void
set_row (KtSignInDialog *dialog,
         const char     *name,
         const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, KT_TYPE_SIGN_IN_DIALOG, name)), text);
}

static gboolean
dialog_idle (gpointer data)
{
  return !kt_sign_in_dialog_get_busy (KT_SIGN_IN_DIALOG (data));
}

static gboolean
engine_signed_out (gpointer data)
{
  return !kt_sync_engine_is_connected (KT_SYNC_ENGINE (data));
}

static gboolean
no_sign_in_dialog (gpointer data)
{
  return kt_ui_find_toplevel (KT_TYPE_SIGN_IN_DIALOG) == NULL;
}

static KtSignInDialog *
open_sign_in (KtSyncUiFixture *f)
{
  KtSignInDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", NULL));
  kt_ui_iterate (50);
  dialog = KT_SIGN_IN_DIALOG (kt_ui_find_toplevel (KT_TYPE_SIGN_IN_DIALOG));
  g_assert_nonnull (dialog);
  return dialog;
}

static KtSyncIndicator *
indicator (KtSyncUiFixture *f)
{
  GtkWidget *found = kt_ui_find_widget (GTK_WIDGET (f->window), KT_TYPE_SYNC_INDICATOR);

  g_assert_nonnull (found);
  return KT_SYNC_INDICATOR (found);
}

/* A first start asks; "Work offline" dismisses it for good and keeps the
 * store local. */
static void
test_first_start_offline (KtSyncUiFixture *f,
                          gconstpointer    data)
{
  KtSignInDialog *dialog;
  KtContext *context;
  g_autofree char *path = NULL;
  g_autofree char *choice = NULL;

  kt_sync_ui_start_app (f, TRUE);
  kt_ui_iterate (200);

  dialog = KT_SIGN_IN_DIALOG (kt_ui_find_toplevel (KT_TYPE_SIGN_IN_DIALOG));
  g_assert_nonnull (dialog);
  /* The server of the settings is prefilled. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, KT_TYPE_SIGN_IN_DIALOG, "server_row"))),
                   ==, kt_sync_ui_server->url);
  path = kt_ui_screenshot (GTK_WIDGET (dialog), "sign-in");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  click (dialog, "offline_button");
  g_assert_true (kt_sync_ui_wait_for (no_sign_in_dialog, NULL, 2000));

  context = kt_window_get_context (f->window);
  choice = kt_store_get_meta (kt_context_get_store (context), KT_ACCOUNT_META_CHOICE);
  g_assert_cmpstr (choice, ==, "offline");
  g_assert_false (kt_account_should_ask (context));
  g_assert_false (kt_sync_engine_is_connected (kt_sync_ui_engine (f)));
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "This computer only");

  /* The next start does not ask again. */
  kt_sync_ui_stop_app (f);
  kt_sync_ui_start_app (f, TRUE);
  kt_ui_iterate (200);
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_SIGN_IN_DIALOG));
}

/* Wrong password, unreachable server, a field left empty: said inline. */
static void
test_sign_in_errors (KtSyncUiFixture *f,
                     gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autofree char *token = kt_sync_ui_register_elsewhere (email, NULL, NULL);
  g_autofree char *unreachable = NULL;
  g_autofree char *path = NULL;
  KtSignInDialog *dialog;
  const char *error;

  kt_sync_ui_start_app (f, FALSE);
  dialog = open_sign_in (f);

  /* Nothing typed: the email is asked for. */
  click (dialog, "submit_button");
  g_assert_cmpstr (kt_sign_in_dialog_get_error (dialog), ==, "Enter your email address");

  set_row (dialog, "email_row", email);
  set_row (dialog, "password_row", "not the password");
  click (dialog, "submit_button");
  g_assert_true (kt_sign_in_dialog_get_busy (dialog));
  g_assert_true (kt_sync_ui_wait_for (dialog_idle, dialog, 30000));
  error = kt_sign_in_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_test_message ("wrong password: %s", error);
  g_assert_cmpstr (error, ==, "The email address or the password is wrong.");
  g_assert_false (kt_sync_engine_is_connected (kt_sync_ui_engine (f)));
  path = kt_ui_screenshot (GTK_WIDGET (dialog), "sign-in-error");

  /* A port nobody listens on. */
  unreachable = g_strdup ("http://127.0.0.1:9");
  set_row (dialog, "server_row", unreachable);
  set_row (dialog, "password_row", KT_SYNC_UI_PASSWORD);
  click (dialog, "submit_button");
  g_assert_true (kt_sync_ui_wait_for (dialog_idle, dialog, 30000));
  error = kt_sign_in_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "Could not reach the server at http://127.0.0.1:9"));

  /* Not an address at all. */
  set_row (dialog, "server_row", "ftp:/nowhere");
  click (dialog, "submit_button");
  g_assert_nonnull (strstr (kt_sign_in_dialog_get_error (dialog), "is not a server address"));
}

/* Register through the form: the token goes to the keyring, the indicator
 * reaches "up to date"; logging out asks first, naming what is pending. */
static void
test_register_sync_log_out (KtSyncUiFixture *f,
                            gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autofree char *client_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autoptr (KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;
  KtSyncEngine *engine;
  KtStore *store;
  KtSignInDialog *dialog;
  g_autoptr (KtSignInDialog) keep = NULL;
  AdwMessageDialog *confirm;

  kt_sync_ui_start_app (f, FALSE);
  engine = kt_sync_ui_engine (f);
  store = kt_context_get_store (kt_window_get_context (f->window));

  /* Offline work first: it is uploaded when signing up. */
  kt_record_set_string (contact, "first_name", "Offline");
  kt_record_set_string (contact, "last_name", "Before Sign-up");
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);

  dialog = open_sign_in (f);
  kt_sign_in_dialog_set_mode (dialog, "register");
  set_row (dialog, "email_row", email);
  set_row (dialog, "password_row", KT_SYNC_UI_PASSWORD);
  set_row (dialog, "full_name_row", "Ana Owner");
  set_row (dialog, "organization_row", "Ana Ltd");
  /* The dialog closes itself on success; keep it alive to ask it. */
  keep = g_object_ref (dialog);
  click (dialog, "submit_button");
  g_assert_true (kt_sync_ui_wait_for (dialog_idle, dialog, 30000));
  g_assert_cmpstr (kt_sign_in_dialog_get_error (dialog), ==, NULL);
  g_assert_true (kt_sync_ui_wait_for (no_sign_in_dialog, NULL, 5000));

  g_assert_true (kt_sync_engine_is_connected (engine));
  g_assert_cmpstr (kt_sync_engine_get_email (engine), ==, email);
  client_id = kt_store_sync_dup_client_id (store);
  token = kt_secrets_lookup_sync (f->secrets, kt_sync_ui_server->url, client_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (f->window), "Signed in as"));

  kt_sync_ui_sync_now (f);
  g_assert_cmpint (kt_sync_engine_get_state (engine), ==, KT_SYNC_STATE_IDLE);
  g_assert_nonnull (kt_sync_engine_get_last_sync (engine));
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "Up to date");
  g_assert_cmpstr (kt_sync_indicator_get_detail (indicator (f)), ==, "Last synced just now.");
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);

  /* Two changes not synced yet. */
  kt_record_set_string (contact, "job_title", "Buyer");
  g_assert_true (kt_store_save (store, contact, &error));
  g_clear_object (&contact);
  contact = kt_record_new (KT_ENTITY_CONTACT);
  kt_record_set_string (contact, "first_name", "Unsynced");
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_outbox_count (store), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.log-out", NULL));
  kt_ui_iterate (50);
  confirm = ADW_MESSAGE_DIALOG (kt_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "2 changes have not been synced yet"));
  path = kt_ui_screenshot (GTK_WIDGET (confirm), "log-out");

  /* Cancel keeps everything. */
  adw_message_dialog_response (confirm, "cancel");
  gtk_window_destroy (GTK_WINDOW (confirm));
  kt_ui_iterate (50);
  g_assert_true (kt_sync_engine_is_connected (engine));
  g_assert_cmpint (kt_store_outbox_count (store), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.log-out", NULL));
  kt_ui_iterate (50);
  confirm = ADW_MESSAGE_DIALOG (kt_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "log-out");
  gtk_window_destroy (GTK_WINDOW (confirm));
  g_assert_true (kt_sync_ui_wait_for (engine_signed_out, engine, 30000));

  /* Discarded as announced; the token left the keyring. */
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);
  g_clear_pointer (&token, g_free);
  token = kt_secrets_lookup_sync (f->secrets, kt_sync_ui_server->url, client_id, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "This computer only");
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/account/first-start-offline", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_first_start_offline, kt_sync_ui_teardown);
  g_test_add ("/ui/account/sign-in-errors", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_sign_in_errors, kt_sync_ui_teardown);
  g_test_add ("/ui/account/register-sync-log-out", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_register_sync_log_out, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
