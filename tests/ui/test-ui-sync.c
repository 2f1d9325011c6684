/* test-ui-sync.c: the sync indicator, rejected changes, change history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "kt-change-history-dialog.h"
#include "kt-record-detail.h"
#include "kt-sign-in-dialog.h"
#include "kt-store-history.h"
#include "kt-store-sync.h"
#include "kt-sync-indicator.h"
#include "kt-ui-sync-test.h"

static KtSyncIndicator *
indicator (KtSyncUiFixture *f)
{
  GtkWidget *found = kt_ui_find_widget (GTK_WIDGET (f->window), KT_TYPE_SYNC_INDICATOR);

  g_assert_nonnull (found);
  return KT_SYNC_INDICATOR (found);
}

static KtRecord *
save_contact (KtStore    *store,
              const char *first,
              const char *last,
              const char *email)
{
  g_autoptr (KtRecord) record = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;

  kt_record_set_string (record, "first_name", first);
  kt_record_set_string (record, "last_name", last);
  if (email != NULL)
    kt_record_set_string (record, "email", email);
  g_assert_true (kt_store_save (store, record, &error));
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
  g_assert_nonnull (record);
  return record;
}

static void
sync_elsewhere (KtSyncEngine *engine)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kt_test_sync (engine, &error));
  g_assert_no_error (error);
}

static KtStore *
ui_store (KtSyncUiFixture *f)
{
  return kt_context_get_store (kt_window_get_context (f->window));
}

static void
screenshot_popover (KtSyncUiFixture *f,
                    const char      *name)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (kt_ui_find_widget (GTK_WIDGET (indicator (f)),
                                                              GTK_TYPE_MENU_BUTTON));
  GtkPopover *popover = gtk_menu_button_get_popover (button);
  g_autofree char *path = NULL;

  gtk_menu_button_popup (button);
  kt_ui_iterate (200);
  path = kt_ui_screenshot (GTK_WIDGET (popover), name);
  gtk_menu_button_popdown (button);
  kt_ui_iterate (50);
}

typedef struct {
  KtSyncIndicator *indicator;
  char            *progress_label;
} Watch;

static void
on_progress_cb (KtSyncEngine *engine,
                GParamSpec   *pspec,
                Watch        *watch)
{
  const char *label = kt_sync_indicator_get_label (watch->indicator);

  /* The indicator hears the same notification; look after it did. */
  if (kt_sync_engine_get_progress_total (engine) > 0 && strstr (label, " of ") != NULL &&
      watch->progress_label == NULL)
    watch->progress_label = g_strdup (label);
}

/* This computer only → up to date (with the progress of a paged pull) →
 * offline when the server is gone → up to date again. */
static void
test_indicator_states (KtSyncUiFixture *f,
                       gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autofree char *path = NULL;
  g_autoptr (KtStore) other_store = NULL;
  g_autoptr (KtSyncEngine) other = NULL;
  g_autofree char *token = kt_sync_ui_register_elsewhere (email, &other_store, &other);
  g_autoptr (GError) error = NULL;
  KtSyncEngine *engine;
  Watch watch = { 0 };
  gulong handler;

  kt_sync_ui_start_app (f, FALSE);
  engine = kt_sync_ui_engine (f);
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "This computer only");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "sync-now"));
  path = kt_ui_screenshot (GTK_WIDGET (f->window), "sync-signed-out");
  g_clear_pointer (&path, g_free);

  /* Seven contacts on the server, pulled two at a time. */
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *first = g_strdup_printf ("Person%u", i);
      g_autoptr (KtRecord) record = save_contact (other_store, first, "Pulled", NULL);
    }
  sync_elsewhere (other);

  g_assert_true (kt_test_login (engine, kt_sync_ui_server->url, email, KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "sync-now"));
  kt_sync_engine_set_page_sizes (engine, 2, 200);
  watch.indicator = indicator (f);
  handler = g_signal_connect (engine, "notify::progress-done", G_CALLBACK (on_progress_cb), &watch);
  kt_sync_ui_sync_now (f);
  g_signal_handler_disconnect (engine, handler);

  g_assert_cmpint (kt_sync_engine_get_state (engine), ==, KT_SYNC_STATE_IDLE);
  g_assert_nonnull (watch.progress_label);
  g_test_message ("progress shown: %s", watch.progress_label);
  g_assert_true (g_regex_match_simple ("^[0-9,]+ of [0-9,]+$", watch.progress_label, 0, 0));
  g_clear_pointer (&watch.progress_label, g_free);

  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "Up to date");
  g_assert_cmpstr (kt_sync_indicator_get_detail (indicator (f)), ==, "Last synced just now.");
  path = kt_ui_screenshot (GTK_WIDGET (f->window), "sync-up-to-date");
  g_clear_pointer (&path, g_free);
  screenshot_popover (f, "sync-popover");

  /* The server goes away: offline, with the reason in the tooltip. */
  kt_test_server_kill (kt_sync_ui_server);
  kt_sync_ui_sync_now (f);
  g_assert_cmpint (kt_sync_engine_get_state (engine), ==, KT_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "Offline");
  g_assert_nonnull (strstr (kt_sync_indicator_get_detail (indicator (f)), "Last synced just now"));
  path = kt_ui_screenshot (GTK_WIDGET (f->window), "sync-offline");
  g_clear_pointer (&path, g_free);

  kt_test_server_start (kt_sync_ui_server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sync-now", NULL));
  kt_sync_ui_sync_now (f);
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "Up to date");
}

/* A User changes somebody else's contact: the server refuses, the change
 * is reverted and a toast names the record and the reason. */
static void
test_rejection_toast (KtSyncUiFixture *f,
                      gconstpointer    data)
{
  g_autofree char *owner_email = kt_sync_ui_new_email ();
  g_autofree char *member_email = kt_sync_ui_new_email ();
  g_autoptr (KtStore) owner_store = NULL;
  g_autoptr (KtSyncEngine) owner = NULL;
  g_autofree char *token = kt_sync_ui_register_elsewhere (owner_email, &owner_store, &owner);
  g_autofree char *member_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr (KtRecord) owned = save_contact (owner_store, "Owned", "ByOwner", NULL);
  g_autoptr (KtRecord) mine = NULL;
  g_autoptr (KtRecord) after = NULL;
  g_autoptr (GError) error = NULL;

  sync_elsewhere (owner);
  member_id = kt_sync_ui_add_member (token, member_email, "user");

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, member_email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  kt_sync_ui_sync_now (f);

  mine = get_contact (ui_store (f), kt_record_get_id (owned));
  kt_record_set_string (mine, "last_name", "Changed by Member");
  g_assert_true (kt_store_save (ui_store (f), mine, &error));
  g_assert_no_error (error);
  g_assert_false (kt_sync_ui_has_label_containing (GTK_WIDGET (f->window), "was not saved"));

  kt_sync_ui_sync_now (f);
  kt_ui_iterate (400);

  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (f->window),
                                                  "“Owned Changed by Member” was not saved: "
                                                  "your role does not allow this change"));
  after = get_contact (ui_store (f), kt_record_get_id (owned));
  g_assert_cmpstr (kt_record_get_string (after, "last_name"), ==, "ByOwner");
  path = kt_ui_screenshot (GTK_WIDGET (f->window), "sync-rejected");
}

/* An edit here that lost to a later one made elsewhere: the window's
 * record shows the winner and a toast says which field was replaced. */
static void
test_superseded_toast (KtSyncUiFixture *f,
                       gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autoptr (KtStore) other_store = NULL;
  g_autoptr (KtSyncEngine) other = NULL;
  g_autofree char *token = kt_sync_ui_register_elsewhere (email, &other_store, &other);
  g_autoptr (KtRecord) contact = NULL;
  g_autoptr (KtRecord) theirs = NULL;
  g_autoptr (KtRecord) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);

  contact = save_contact (ui_store (f), "Pavel", "Late", NULL);
  kt_sync_ui_sync_now (f);
  sync_elsewhere (other);

  kt_record_set_string (contact, "city", "Ruse");
  g_assert_true (kt_store_save (ui_store (f), contact, &error));
  g_usleep (5000);
  theirs = get_contact (other_store, kt_record_get_id (contact));
  kt_record_set_string (theirs, "city", "Varna");
  g_assert_true (kt_store_save (other_store, theirs, &error));
  g_assert_no_error (error);
  sync_elsewhere (other);

  g_assert_false (kt_sync_ui_has_label_containing (GTK_WIDGET (f->window), "was replaced"));
  kt_sync_ui_sync_now (f);
  kt_ui_iterate (400);

  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (f->window),
                                                  "Your change of “Pavel Late” (City) was replaced "
                                                  "by a newer one made elsewhere"));
  after = get_contact (ui_store (f), kt_record_get_id (contact));
  g_assert_cmpstr (kt_record_get_string (after, "city"), ==, "Varna");
  g_assert_cmpint (kt_store_outbox_count (ui_store (f)), ==, 0);
  path = kt_ui_screenshot (GTK_WIDGET (f->window), "sync-superseded");
}

static gboolean
history_loaded (gpointer data)
{
  return !kt_change_history_dialog_get_loading (KT_CHANGE_HISTORY_DIALOG (data));
}

/* Two edits of one field while apart: the later wins here too, and the
 * value it replaced is in the record's history. */
static void
test_history (KtSyncUiFixture *f,
              gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autoptr (KtStore) other_store = NULL;
  g_autoptr (KtSyncEngine) other = NULL;
  g_autofree char *token = kt_sync_ui_register_elsewhere (email, &other_store, &other);
  g_autoptr (KtRecord) contact = NULL;
  g_autoptr (KtRecord) theirs = NULL;
  g_autoptr (KtRecord) after = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  KtHistoryEntry *entry;
  GtkWidget *pane;
  GtkWidget *detail;
  KtChangeHistoryDialog *dialog;

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);

  contact = save_contact (ui_store (f), "Vera", "Shared", "vera@example.com");
  kt_sync_ui_sync_now (f);
  sync_elsewhere (other);

  /* Mine first, theirs later; mine is pushed after theirs. */
  kt_record_set_string (contact, "email", "mine@example.com");
  g_assert_true (kt_store_save (ui_store (f), contact, &error));
  g_usleep (5000);
  theirs = get_contact (other_store, kt_record_get_id (contact));
  kt_record_set_string (theirs, "email", "theirs@example.com");
  g_assert_true (kt_store_save (other_store, theirs, &error));
  g_assert_no_error (error);
  sync_elsewhere (other);
  kt_sync_ui_sync_now (f);

  after = get_contact (ui_store (f), kt_record_get_id (contact));
  g_assert_cmpstr (kt_record_get_string (after, "email"), ==, "theirs@example.com");
  entries = kt_store_history_list (ui_store (f), KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->field, ==, "email");
  g_assert_cmpstr (entry->old_value, ==, "\"mine@example.com\"");
  g_assert_cmpstr (entry->new_value, ==, "\"theirs@example.com\"");

  /* The record's detail opens the history. */
  g_assert_true (kt_window_show_section (f->window, "contacts"));
  pane = kt_window_get_pane (f->window, "contacts");
  kt_ui_iterate (100);
  detail = kt_ui_find_widget (pane, KT_TYPE_RECORD_DETAIL);
  g_assert_nonnull (detail);
  kt_record_detail_set_record (KT_RECORD_DETAIL (detail), after);
  g_assert_true (gtk_widget_activate_action (detail, "detail.history", NULL));
  kt_ui_iterate (100);
  dialog = KT_CHANGE_HISTORY_DIALOG (kt_ui_find_toplevel (KT_TYPE_CHANGE_HISTORY_DIALOG));
  g_assert_nonnull (dialog);
  /* With the server's log: the creation, the edit that won (both this
   * account's, from two computers), and the value it replaced here. */
  g_assert_true (kt_sync_ui_wait_for (history_loaded, dialog, 30000));
  g_assert_cmpuint (kt_change_history_dialog_get_n_entries (dialog), ==, 3);
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (dialog),
                                                  "Was “mine@example.com”, now “theirs@example.com”"));
  path = kt_ui_screenshot (GTK_WIDGET (dialog), "change-history");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A synced record nobody else changed has nothing of this computer's
   * own to show (the server's log has its creation). */
  {
    g_autoptr (KtRecord) quiet = save_contact (ui_store (f), "Quiet", "Record", NULL);
    g_autoptr (KtChangeHistoryDialog) empty = NULL;

    kt_sync_ui_sync_now (f);
    empty = g_object_ref_sink (kt_change_history_dialog_new (ui_store (f), quiet));
    g_assert_cmpuint (kt_change_history_dialog_get_n_entries (empty), ==, 0);
    gtk_window_destroy (GTK_WINDOW (empty));
  }
}

/* Logs the UI in, then starts it again as a new login session does, with
 * the keyring as @prepare leaves it, and syncs once. */
static void
restart_after_login (KtSyncUiFixture *f,
                     void           (*prepare) (KtSecrets  *secrets,
                                                const char *server,
                                                const char *client_id))
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autoptr (KtStore) other_store = NULL;
  g_autoptr (KtSyncEngine) other = NULL;
  g_autofree char *token = kt_sync_ui_register_elsewhere (email, &other_store, &other);
  g_autofree char *client_id = NULL;
  g_autoptr (GError) error = NULL;

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  kt_sync_ui_sync_now (f);
  g_assert_cmpint (kt_sync_engine_get_state (kt_sync_ui_engine (f)), ==, KT_SYNC_STATE_IDLE);
  client_id = kt_store_sync_dup_client_id (ui_store (f));
  kt_sync_ui_stop_app (f);

  prepare (f->secrets, kt_sync_ui_server->url, client_id);
  kt_sync_ui_start_app (f, FALSE);
  kt_sync_ui_sync_now (f);
}

static void
forget_token (KtSecrets  *secrets,
              const char *server,
              const char *client_id)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kt_secrets_clear_sync (secrets, server, client_id, &error));
  g_assert_no_error (error);
}

/* Signed out, the popover suggests Sign In (Enter presses it, not Sync
 * Now), and closes before the sign-in window opens: it stayed open above
 * it (issue 12). */
static void
test_signed_out_popover (KtSyncUiFixture *f,
                         gconstpointer    data)
{
  GtkMenuButton *button;
  GtkPopover *popover;
  GtkWidget *sign_in;
  GtkWidget *sync;
  GtkWidget *focus;
  GtkWindow *dialog;

  restart_after_login (f, forget_token);
  g_assert_cmpint (kt_sync_engine_get_state (kt_sync_ui_engine (f)), ==, KT_SYNC_STATE_SIGNED_OUT);
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "Signed out");

  button = GTK_MENU_BUTTON (kt_ui_find_widget (GTK_WIDGET (indicator (f)), GTK_TYPE_MENU_BUTTON));
  popover = gtk_menu_button_get_popover (button);
  kt_ui_click (GTK_WIDGET (button));
  kt_ui_iterate (200);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  sign_in = kt_ui_find_button (GTK_WIDGET (popover), _("Sign _In…"));
  sync = kt_ui_find_button (GTK_WIDGET (popover), _("_Sync Now"));
  g_assert_nonnull (sign_in);
  g_assert_nonnull (sync);
  g_assert_true (gtk_widget_has_css_class (sign_in, "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (sync, "suggested-action"));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == sign_in);

  /* Enter, as a person who opened the popover does: a real key, typed
   * without waiting for the window to see it, since the popover is a
   * surface of its own. */
  {
    Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (sign_in));
    KeyCode code = XKeysymToKeycode (display, XK_Return);

    XTestFakeKeyEvent (display, code, True, CurrentTime);
    XTestFakeKeyEvent (display, code, False, CurrentTime);
    XSync (display, False);
  }
  dialog = kt_ui_wait_for_toplevel (KT_TYPE_SIGN_IN_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_window_destroy (dialog);
  kt_ui_iterate (50);
}

/* A new login session whose keyring is still locked: the token only
 * looks gone. Sync asks the keyring to unlock and, unlocked, finds it and
 * syncs; only a keyring that stays locked leaves the header signed out,
 * saying why. */
static void
lock_keyring_unlockable (KtSecrets  *secrets,
                         const char *server,
                         const char *client_id)
{
  kt_secrets_memory_lock (KT_SECRETS_MEMORY (secrets), TRUE);
}

static void
lock_keyring_for_good (KtSecrets  *secrets,
                       const char *server,
                       const char *client_id)
{
  kt_secrets_memory_lock (KT_SECRETS_MEMORY (secrets), FALSE);
}

static void
test_locked_keyring_unlocks (KtSyncUiFixture *f,
                             gconstpointer    data)
{
  KtSecretsMemory *secrets;

  restart_after_login (f, lock_keyring_unlockable);
  secrets = KT_SECRETS_MEMORY (f->secrets);
  /* Asked once: unlocked, the keyring is not asked again. */
  g_assert_cmpuint (kt_secrets_memory_get_unlock_count (secrets), ==, 1);
  g_assert_false (kt_secrets_memory_get_locked (secrets));
  g_assert_cmpint (kt_sync_engine_get_state (kt_sync_ui_engine (f)), ==, KT_SYNC_STATE_IDLE);
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "Up to date");
}

static void
test_locked_keyring_stays_locked (KtSyncUiFixture *f,
                                  gconstpointer    data)
{
  KtSecretsMemory *secrets;

  restart_after_login (f, lock_keyring_for_good);
  secrets = KT_SECRETS_MEMORY (f->secrets);
  /* The sync of the start asked, and the test's Sync Now asked again
   * unless it joined the start's cycle. */
  g_assert_cmpuint (kt_secrets_memory_get_unlock_count (secrets), >=, 1);
  g_assert_true (kt_secrets_memory_get_locked (secrets));
  g_assert_cmpint (kt_sync_engine_get_state (kt_sync_ui_engine (f)), ==, KT_SYNC_STATE_SIGNED_OUT);
  g_assert_nonnull (strstr (kt_sync_indicator_get_detail (indicator (f)), "keyring"));
  g_free (kt_ui_screenshot (GTK_WIDGET (f->window), "sync-keyring-locked"));
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/sync/indicator-states", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_indicator_states, kt_sync_ui_teardown);
  g_test_add ("/ui/sync/rejection-toast", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_rejection_toast, kt_sync_ui_teardown);
  g_test_add ("/ui/sync/superseded-toast", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_superseded_toast, kt_sync_ui_teardown);
  g_test_add ("/ui/sync/history", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_history, kt_sync_ui_teardown);
  g_test_add ("/ui/sync/signed-out-popover", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_signed_out_popover, kt_sync_ui_teardown);
  g_test_add ("/ui/sync/locked-keyring-unlocks", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_locked_keyring_unlocks, kt_sync_ui_teardown);
  g_test_add ("/ui/sync/locked-keyring-stays-locked", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_locked_keyring_stays_locked, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
