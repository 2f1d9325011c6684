/* test-ui-invite.c: joining a team from an invitation link
 *
 * The link parser on its own (malformed links), then the sign-in
 * dialog's "Join a Team" against the real server: an admin invites
 * through the team client API, the invitee pastes the link, and the
 * server, the admin's team list and the invitee's sync indicator agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-account-ui.h"
#include "kt-sign-in-dialog.h"
#include "kt-store-sync.h"
#include "kt-sync-indicator.h"
#include "kt-team-client.h"
#include "kt-team-join.h"
#include "kt-ui-sync-test.h"

/* Link parser */

static void
test_link_valid (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;

  /* As kt_team_invite_finish() writes it, with white space around as
   * pasted from a mail, and a trailing slash on the server. */
  g_assert_true (kt_team_parse_invitation_link ("  kantora://invite?server=https%3A%2F%2Fcrm.example.com%3A8470%2F"
                                                "&token=Ab-_9xYz\n",
                                                &server, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (server, ==, "https://crm.example.com:8470");
  g_assert_cmpstr (token, ==, "Ab-_9xYz");

  /* The order of the parameters does not matter. */
  g_clear_pointer (&server, g_free);
  g_clear_pointer (&token, g_free);
  g_assert_true (kt_team_parse_invitation_link ("kantora://invite?token=t0k&server=http%3A%2F%2F127.0.0.1%3A8470",
                                                &server, &token, &error));
  g_assert_cmpstr (server, ==, "http://127.0.0.1:8470");
  g_assert_cmpstr (token, ==, "t0k");

  /* A slash and then white space at the end of the server: both go, not
   * only the slash (found by fuzz/fuzz-typed-text.c: the server kept a
   * trailing space, and the link made from it read back without). */
  g_clear_pointer (&server, g_free);
  g_clear_pointer (&token, g_free);
  g_assert_true (kt_team_parse_invitation_link ("kantora://invite?server=http%3A%2F%2F127.0.0.1%3A8470%20%2F%20%2F"
                                                "&token=t0k",
                                                &server, &token, &error));
  g_assert_cmpstr (server, ==, "http://127.0.0.1:8470");
}

typedef struct {
  const char *link;
  const char *message_part;
} Malformed;

static void
test_link_malformed (void)
{
  static const Malformed cases[] = {
    { "", "Paste the invitation link" },
    { "   \n", "Paste the invitation link" },
    { "just some words", "This is not a link" },
    { "https://crm.example.com/invite?server=http%3A%2F%2Fx&token=secret1", "This https: link is not a Kantora invitation" },
    { "mailto:ana@example.com", "This mailto: link is not a Kantora invitation" },
    { "kantora://contact?server=http%3A%2F%2Fx&token=secret1", "is not a Kantora invitation" },
    { "kantora://invite/extra?server=http%3A%2F%2Fx&token=secret1", "is not a Kantora invitation" },
    { "kantora://invite", "The invitation link is incomplete" },
    { "kantora://invite?", "The invitation link is incomplete" },
    { "kantora://invite?server=http%3A%2F%2Fx&token=bad%ZZ", "The invitation link is damaged" },
    { "kantora://invite?server=http%3A%2F%2Fx&to ken=secret1", "has no token" },
    { "kantora://invite?token=secret1", "names no server" },
    { "kantora://invite?server=&token=secret1", "names no server" },
    { "kantora://invite?server=ftp%3A%2F%2Fx&token=secret1", "“ftp://x”, is not an http:// or https:// address" },
    { "kantora://invite?server=localhost&token=secret1", "is not an http:// or https:// address" },
    { "kantora://invite?server=http%3A%2F%2F&token=secret1", "is not an http:// or https:// address" },
    /* GLib takes a space in a host name (found by fuzz/fuzz-typed-text.c). */
    { "kantora://invite?server=http%3A%2F%2Fcrm%20example.bg&token=secret1", "is not an http:// or https:// address" },
    { "kantora://invite?server=http%3A%2F%2Fcrm.example.bg%09x&token=secret1", "is not an http:// or https:// address" },
    { "kantora://invite?server=http%3A%2F%2Fx", "has no token" },
    { "kantora://invite?server=http%3A%2F%2Fx&token=", "has no token" },
    { "kantora://invite?server=http%3A%2F%2Fx&token=secret1%20more", "token of the invitation link is damaged" },
    { "kantora://invite?server=http%3A%2F%2Fx&token=secret1%E2%80%A6", "token of the invitation link is damaged" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      char *server = (char *) "untouched";
      char *token = (char *) "untouched";

      g_test_message ("link: %s", cases[i].link);
      g_assert_false (kt_team_parse_invitation_link (cases[i].link, &server, &token, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_test_message ("  -> %s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
      /* The token is a secret: never echoed. */
      g_assert_null (strstr (error->message, "secret1"));
      g_assert_cmpstr (server, ==, "untouched");
      g_assert_cmpstr (token, ==, "untouched");
    }
}

/* The dialog against the server */

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

/* An admin (the owner of a new organization) on a plain engine. */
typedef struct {
  char         *email;
  char         *token;
  KtStore      *store;
  KtSyncEngine *engine;
} Admin;

static void
admin_free (Admin *admin)
{
  g_free (admin->email);
  g_free (admin->token);
  g_clear_object (&admin->engine);
  g_clear_object (&admin->store);
  g_free (admin);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Admin, admin_free)

static Admin *
admin_new (void)
{
  Admin *admin = g_new0 (Admin, 1);

  admin->email = kt_sync_ui_new_email ();
  admin->token = kt_sync_ui_register_elsewhere (admin->email, &admin->store, &admin->engine);
  return admin;
}

static char *
admin_invite (Admin      *admin,
              const char *email)
{
  g_autoptr (GError) error = NULL;
  Wait wait = { 0, };
  char *link;

  kt_team_invite_async (admin->engine, email, "manager", NULL, on_done_cb, &wait);
  g_assert_true (kt_test_wait (&wait.done, 30000));
  link = kt_team_invite_finish (admin->engine, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (link, "kantora://invite?server="));
  return link;
}

/* The member row of @email in the admin's team, as the server lists it
 * through the team client API (transfer full), or NULL. */
static JsonObject *
admin_member (Admin      *admin,
              const char *email)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) team = NULL;
  Wait wait = { 0, };
  JsonArray *members;

  kt_team_refresh_async (admin->engine, NULL, on_done_cb, &wait);
  g_assert_true (kt_test_wait (&wait.done, 30000));
  team = kt_team_refresh_finish (admin->engine, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);

  members = json_object_get_array_member (team, "members");
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (member, "email", NULL), email) == 0)
        return json_object_ref (member);
    }
  return NULL;
}

static GtkWidget *
child (gpointer    widget,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), KT_TYPE_SIGN_IN_DIALOG, name);

  g_assert_nonnull (found);
  return GTK_WIDGET (found);
}

static void
set_row (KtSignInDialog *dialog,
         const char     *name,
         const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, name)), text);
}

static const char *
row (KtSignInDialog *dialog,
     const char     *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (dialog, name)));
}

static gboolean
dialog_idle (gpointer data)
{
  return !kt_sign_in_dialog_get_busy (KT_SIGN_IN_DIALOG (data));
}

static gboolean
no_sign_in_dialog (gpointer data)
{
  return kt_ui_find_toplevel (KT_TYPE_SIGN_IN_DIALOG) == NULL;
}

static KtSignInDialog *
open_join (KtSyncUiFixture *f,
           const char      *link)
{
  KtSignInDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", NULL));
  kt_ui_iterate (50);
  dialog = KT_SIGN_IN_DIALOG (kt_ui_find_toplevel (KT_TYPE_SIGN_IN_DIALOG));
  g_assert_nonnull (dialog);
  kt_sign_in_dialog_set_mode (dialog, "join");
  if (link != NULL)
    set_row (dialog, "invitation_row", link);
  kt_ui_iterate (20);
  return dialog;
}

/* Submits and, when the store needs asking, answers @response. Returns
 * once the dialog is idle again. */
static void
submit (KtSignInDialog *dialog,
        const char     *response)
{
  g_signal_emit_by_name (child (dialog, "submit_button"), "clicked");
  kt_ui_iterate (20);
  if (response != NULL)
    {
      AdwMessageDialog *question = ADW_MESSAGE_DIALOG (kt_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

      g_assert_nonnull (question);
      adw_message_dialog_response (question, response);
      gtk_window_destroy (GTK_WINDOW (question));
      kt_ui_iterate (10);
    }
  g_assert_true (kt_sync_ui_wait_for (dialog_idle, dialog, 30000));
}

static KtSyncIndicator *
indicator (KtSyncUiFixture *f)
{
  GtkWidget *found = kt_ui_find_widget (GTK_WIDGET (f->window), KT_TYPE_SYNC_INDICATOR);

  g_assert_nonnull (found);
  return KT_SYNC_INDICATOR (found);
}

static gint64
count_contacts (KtStore    *store,
                const char *first_name)
{
  g_autoptr (KtQuery) query = kt_query_new (kt_entity_lookup ("contact"));

  kt_query_set_search (query, first_name);
  return kt_store_count (store, query, NULL);
}

static void
save_contact (KtStore    *store,
              const char *first_name)
{
  g_autoptr (KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;

  kt_record_set_string (contact, "first_name", first_name);
  kt_record_set_string (contact, "last_name", "Testova");
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
}

/* A new person pastes the link, creates the invited account and ends up
 * a member of the admin's organization, synced. The contact they typed
 * offline goes along (they chose "Add to Team"). */
static void
test_join_new_account (KtSyncUiFixture *f,
                       gconstpointer    data)
{
  g_autoptr (Admin) admin = admin_new ();
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autofree char *link = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) member = NULL;
  g_autoptr (JsonObject) before = NULL;
  g_autoptr (KtSignInDialog) keep = NULL;
  g_autoptr (GError) error = NULL;
  KtSignInDialog *dialog;
  KtSyncEngine *engine;
  KtStore *store;

  /* The admin's organization has data the invitee should receive. */
  save_contact (admin->store, "Admina");
  g_assert_true (kt_test_sync (admin->engine, &error));
  g_assert_no_error (error);

  link = admin_invite (admin, email);
  before = admin_member (admin, email);
  g_assert_nonnull (before);
  g_assert_cmpstr (json_object_get_string_member (before, "status"), ==, "invited");

  kt_sync_ui_start_app (f, FALSE);
  engine = kt_sync_ui_engine (f);
  store = kt_context_get_store (kt_window_get_context (f->window));
  save_contact (store, "Offlina");

  dialog = open_join (f, NULL);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "server_row")), "http://127.0.0.1:9");
  set_row (dialog, "invitation_row", link);
  g_assert_cmpstr (row (dialog, "server_row"), ==, kt_sync_ui_server->url);
  g_assert_null (kt_sign_in_dialog_get_error (dialog));
  g_assert_true (gtk_widget_get_visible (child (dialog, "full_name_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "email_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "organization_row")));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Join a Team");

  set_row (dialog, "full_name_row", "Vera Invited");
  set_row (dialog, "password_row", KT_SYNC_UI_PASSWORD);
  /* Past the mode switch's crossfade. */
  kt_ui_iterate (400);
  path = kt_ui_screenshot (GTK_WIDGET (dialog), "join-team");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  keep = g_object_ref (dialog);
  submit (dialog, "add");
  g_assert_cmpstr (kt_sign_in_dialog_get_error (dialog), ==, NULL);
  g_assert_true (kt_sync_ui_wait_for (no_sign_in_dialog, NULL, 5000));

  g_assert_true (kt_sync_engine_is_connected (engine));
  g_assert_cmpstr (kt_sync_engine_get_email (engine), ==, email);
  g_assert_cmpstr (kt_sync_engine_get_server_url (engine), ==, kt_sync_ui_server->url);
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (f->window), "Joined"));

  /* The server lists the invitee as an active member of the admin's
   * organization. */
  member = admin_member (admin, email);
  g_assert_nonnull (member);
  g_assert_cmpstr (json_object_get_string_member (member, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (member, "role"), ==, "manager");

  /* Synced: up to date, the admin's contact came in, the offline one
   * went out to the admin. */
  kt_sync_ui_sync_now (f);
  g_assert_cmpint (kt_sync_engine_get_state (engine), ==, KT_SYNC_STATE_IDLE);
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "Up to date");
  g_assert_cmpint (count_contacts (store, "Admina"), ==, 1);
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);
  g_assert_true (kt_test_sync (admin->engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_contacts (admin->store, "Offlina"), ==, 1);
}

static char *
link_token (const char *link)
{
  char *token = NULL;

  g_assert_true (kt_team_parse_invitation_link (link, NULL, &token, NULL));
  return token;
}

/* Runs SQL on the test server's database (psql). */
static gboolean
run_sql (const char *sql)
{
  g_autofree char *psql = g_find_program_in_path ("psql");
  const char *argv[] = { psql, kt_sync_ui_server->conninfo, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql, NULL };
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (psql == NULL)
    return FALSE;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

static void
assert_refused (KtSyncUiFixture *f,
                KtSignInDialog  *dialog,
                const char      *expected)
{
  const char *error;

  submit (dialog, NULL);
  error = kt_sign_in_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error);
  g_assert_nonnull (strstr (error, expected));
  g_assert_false (kt_sync_engine_is_connected (kt_sync_ui_engine (f)));
  g_assert_nonnull (kt_ui_find_toplevel (KT_TYPE_SIGN_IN_DIALOG));
}

/* What the server refuses is said inline, in its words; the store stays
 * as it was. Then the existing account joins with the right password. */
static void
test_join_errors (KtSyncUiFixture *f,
                  gconstpointer    data)
{
  g_autoptr (Admin) admin = admin_new ();
  g_autofree char *used_email = kt_sync_ui_new_email ();
  g_autofree char *expired_email = kt_sync_ui_new_email ();
  g_autofree char *existing_email = kt_sync_ui_new_email ();
  g_autofree char *existing_token = kt_sync_ui_register_elsewhere (existing_email, NULL, NULL);
  g_autofree char *used = admin_invite (admin, used_email);
  g_autofree char *expired = admin_invite (admin, expired_email);
  g_autofree char *for_existing = admin_invite (admin, existing_email);
  g_autofree char *used_token = link_token (used);
  g_autofree char *accept_url = g_strconcat (kt_sync_ui_server->url, "/v1/team/invitations/accept", NULL);
  g_autofree char *accept = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) session = NULL;
  g_autoptr (JsonObject) member = NULL;
  g_autoptr (KtSignInDialog) keep = NULL;
  KtSignInDialog *dialog;
  guint status = 0;

  /* Someone accepted the first invitation already. */
  accept = g_strdup_printf ("{\"token\": \"%s\", \"full_name\": \"Early Bird\", \"password\": \"%s\"}",
                            used_token, KT_SYNC_UI_PASSWORD);
  session = kt_test_http ("POST", accept_url, NULL, accept, &status);
  g_assert_cmpuint (status, ==, 200);

  kt_sync_ui_start_app (f, FALSE);
  dialog = open_join (f, "https://example.com/not-an-invitation");
  g_assert_nonnull (strstr (kt_sign_in_dialog_get_error (dialog), "This https: link is not a Kantora invitation"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "invitation_row"), "error"));
  path = kt_ui_screenshot (GTK_WIDGET (dialog), "join-team-bad-link");
  /* Submitting it says the same and sends nothing. */
  set_row (dialog, "full_name_row", "Vera Invited");
  set_row (dialog, "password_row", KT_SYNC_UI_PASSWORD);
  g_signal_emit_by_name (child (dialog, "submit_button"), "clicked");
  g_assert_false (kt_sign_in_dialog_get_busy (dialog));
  g_assert_nonnull (strstr (kt_sign_in_dialog_get_error (dialog), "is not a Kantora invitation"));

  /* Used. */
  set_row (dialog, "invitation_row", used);
  g_assert_null (kt_sign_in_dialog_get_error (dialog));
  g_assert_false (gtk_widget_has_css_class (child (dialog, "invitation_row"), "error"));
  set_row (dialog, "password_row", KT_SYNC_UI_PASSWORD);
  assert_refused (f, dialog, "The invitation is not valid or has expired");

  /* Unknown: a token the server never gave. */
  unknown = g_strconcat (expired, "x", NULL);
  set_row (dialog, "invitation_row", unknown);
  assert_refused (f, dialog, "The invitation is not valid or has expired");

  /* Expired (its seven days are over). */
  sql = g_strdup_printf ("UPDATE team_members SET invite_expires_at = now() - interval '1 minute' "
                         "WHERE invited_email = '%s'", expired_email);
  if (run_sql (sql))
    {
      set_row (dialog, "invitation_row", expired);
      assert_refused (f, dialog, "The invitation is not valid or has expired");
    }
  else
    g_test_message ("psql not found: the expired case is not run");

  /* The invited address has an account: creating another is refused. */
  set_row (dialog, "invitation_row", for_existing);
  assert_refused (f, dialog, "An account with this email address exists; log in and accept the invitation");

  /* Logging in to it with a wrong password. */
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "have_account_switch")), TRUE);
  g_assert_true (gtk_widget_get_visible (child (dialog, "email_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "full_name_row")));
  set_row (dialog, "email_row", existing_email);
  set_row (dialog, "password_row", "not the password");
  assert_refused (f, dialog, "The email address or the password is wrong.");
  g_clear_pointer (&path, g_free);
  path = kt_ui_screenshot (GTK_WIDGET (dialog), "join-team-error");

  /* The right one joins the admin's organization. */
  set_row (dialog, "password_row", KT_SYNC_UI_PASSWORD);
  keep = g_object_ref (dialog);
  submit (dialog, NULL);
  g_assert_cmpstr (kt_sign_in_dialog_get_error (dialog), ==, NULL);
  g_assert_true (kt_sync_engine_is_connected (kt_sync_ui_engine (f)));
  g_assert_cmpstr (kt_sync_engine_get_email (kt_sync_ui_engine (f)), ==, existing_email);
  member = admin_member (admin, existing_email);
  g_assert_nonnull (member);
  g_assert_cmpstr (json_object_get_string_member (member, "status"), ==, "active");
  kt_sync_ui_sync_now (f);
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "Up to date");
}

/* A store connected to another organization asks before leaving it;
 * its unsynced change is uploaded to that organization first, so
 * nothing is lost. */
static void
test_join_leaves_connected_store (KtSyncUiFixture *f,
                                  gconstpointer    data)
{
  g_autoptr (Admin) admin = admin_new ();
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autofree char *link = NULL;
  g_autofree char *old_org = NULL;
  g_autofree char *new_org = NULL;
  g_autofree char *admin_org = NULL;
  g_autofree char *login_url = g_strconcat (kt_sync_ui_server->url, "/v1/auth/login", NULL);
  g_autofree char *login = NULL;
  g_autofree char *search_url = g_strconcat (kt_sync_ui_server->url, "/v1/contacts?search=Unsyncia", NULL);
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) old_session = NULL;
  g_autoptr (JsonNode) found = NULL;
  g_autoptr (JsonObject) member = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KtSignInDialog) keep = NULL;
  AdwMessageDialog *question;
  KtSignInDialog *dialog;
  KtSyncEngine *engine;
  KtStore *store;
  guint status = 0;

  save_contact (admin->store, "Admina");
  g_assert_true (kt_test_sync (admin->engine, &error));
  g_assert_no_error (error);

  /* This computer syncs with the invitee's own organization and holds a
   * change not synced yet. */
  kt_sync_ui_start_app (f, FALSE);
  engine = kt_sync_ui_engine (f);
  store = kt_context_get_store (kt_window_get_context (f->window));
  g_assert_true (kt_test_register (engine, kt_sync_ui_server->url, email, KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  old_org = kt_store_get_meta (store, "sync.org_id");
  save_contact (store, "Unsyncia");
  g_assert_cmpint (kt_store_outbox_count (store), ==, 1);

  link = admin_invite (admin, email);
  dialog = open_join (f, link);
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "have_account_switch")), TRUE);
  g_assert_cmpstr (row (dialog, "email_row"), ==, email);
  set_row (dialog, "password_row", KT_SYNC_UI_PASSWORD);

  /* Asked, naming the pending change; cancelling changes nothing. */
  g_signal_emit_by_name (child (dialog, "submit_button"), "clicked");
  kt_ui_iterate (50);
  question = ADW_MESSAGE_DIALOG (kt_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (question);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Leave Your Organization?");
  g_test_message ("question: %s", adw_message_dialog_get_body (question));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question),
                            "1 change that has not been synced yet is uploaded first"));
  path = kt_ui_screenshot (GTK_WIDGET (question), "join-team-leave");
  adw_message_dialog_response (question, "cancel");
  gtk_window_destroy (GTK_WINDOW (question));
  kt_ui_iterate (20);
  g_assert_false (kt_sign_in_dialog_get_busy (dialog));
  g_assert_cmpint (kt_store_outbox_count (store), ==, 1);
  g_assert_true (kt_sync_engine_is_connected (engine));

  keep = g_object_ref (dialog);
  submit (dialog, "leave");
  g_assert_cmpstr (kt_sign_in_dialog_get_error (dialog), ==, NULL);
  g_assert_true (kt_sync_engine_is_connected (engine));

  /* Now in the admin's organization... */
  new_org = kt_store_get_meta (store, "sync.org_id");
  admin_org = kt_store_get_meta (admin->store, "sync.org_id");
  g_assert_cmpstr (new_org, ==, admin_org);
  g_assert_cmpstr (new_org, !=, old_org);
  member = admin_member (admin, email);
  g_assert_nonnull (member);
  g_assert_cmpstr (json_object_get_string_member (member, "status"), ==, "active");
  kt_sync_ui_sync_now (f);
  g_assert_cmpstr (kt_sync_indicator_get_label (indicator (f)), ==, "Up to date");
  g_assert_cmpint (count_contacts (store, "Admina"), ==, 1);
  g_assert_cmpint (count_contacts (store, "Unsyncia"), ==, 0);

  /* ...and the change made before reached the old one. */
  login = g_strdup_printf ("{\"email\": \"%s\", \"password\": \"%s\", \"org_id\": \"%s\"}",
                           email, KT_SYNC_UI_PASSWORD, old_org);
  old_session = kt_test_http ("POST", login_url, NULL, login, &status);
  g_assert_cmpuint (status, ==, 200);
  found = kt_test_http ("GET", search_url,
                        json_object_get_string_member (json_node_get_object (old_session), "token"),
                        NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (found), "items")),
                    ==, 1);
}

/* Opening a kantora:// link (the desktop file's scheme handler) shows
 * the join form with the link and its server. */
static void
test_open_link (KtSyncUiFixture *f,
                gconstpointer    data)
{
  g_autofree char *link = g_strdup_printf ("kantora://invite?server=http%%3A%%2F%%2Fteam.example.com%%3A8470&token=Zz9-_");
  g_autoptr (GFile) file = g_file_new_for_uri (link);
  KtSignInDialog *dialog;

  kt_sync_ui_start_app (f, TRUE);
  g_application_open (G_APPLICATION (f->app), &file, 1, "");
  kt_ui_iterate (300);

  /* One dialog: the first start's question is the same one. */
  dialog = KT_SIGN_IN_DIALOG (kt_ui_find_toplevel (KT_TYPE_SIGN_IN_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (row (dialog, "invitation_row"), ==, link);
  g_assert_cmpstr (row (dialog, "server_row"), ==, "http://team.example.com:8470");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Join a Team");
  g_assert_true (gtk_widget_get_visible (child (dialog, "invitation_row")));
  {
    guint n = 0;

    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l != NULL; l = l->next)
      n += KT_IS_SIGN_IN_DIALOG (l->data);
    g_assert_cmpuint (n, ==, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add_func ("/invite/link/valid", test_link_valid);
  g_test_add_func ("/invite/link/malformed", test_link_malformed);
  g_test_add ("/ui/invite/join-new-account", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_join_new_account, kt_sync_ui_teardown);
  g_test_add ("/ui/invite/join-errors", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_join_errors, kt_sync_ui_teardown);
  g_test_add ("/ui/invite/join-leaves-connected-store", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_join_leaves_connected_store, kt_sync_ui_teardown);
  g_test_add ("/ui/invite/open-link", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_open_link, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
