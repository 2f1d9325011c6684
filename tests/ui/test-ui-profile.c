/* test-ui-profile.c: my profile and my password, against a real
 * kantora-server
 *
 * The profile opened with its shortcut: a changed name and time zone are
 * what GET /v1/me answers afterwards, the email cannot be edited, and a
 * form saved unchanged sends nothing. A wrong current password is shown
 * under its row and changes nothing; the right one changes the password,
 * and the new one signs in. Offline the form keeps what was typed.
 * Screenshots in the language of the run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-form.h"
#include "kt-password-form.h"
#include "kt-profile-form.h"
#include "kt-ui-sync-test.h"

#define NEW_PASSWORD "a much longer new phrase"

/* Registers the app's store as an Owner; returns the token, and the
 * email in @email. */
static char *
register_owner (KtSyncUiFixture  *f,
                char            **email)
{
  g_autoptr (GError) error = NULL;

  *email = kt_sync_ui_new_email ();
  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_register (kt_sync_ui_engine (f), kt_sync_ui_server->url, *email,
                                   KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  return kt_sync_ui_token (f);
}

static JsonObject *
server_me (const char *token)
{
  g_autofree char *url = g_strconcat (kt_sync_ui_server->url, "/v1/me", NULL);
  g_autoptr (JsonNode) node = NULL;
  guint status = 0;

  node = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_object_get_object_member (json_node_get_object (node), "user"));
}

/* The status of a login with @password. */
static guint
login_status (const char *email,
              const char *password)
{
  g_autofree char *url = g_strconcat (kt_sync_ui_server->url, "/v1/auth/login", NULL);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *text = NULL;
  guint status = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  text = json_to_string (body, FALSE);
  answer = kt_test_http ("POST", url, NULL, text, &status);
  return status;
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *full = g_strconcat (name, g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "", NULL);

  g_free (kt_ui_screenshot (widget, full));
}

/* Opens the profile as a person does (Ctrl+Shift+P) and waits for it;
 * the caller owns a reference. */
static KtProfileForm *
open_profile (KtSyncUiFixture *f)
{
  kt_ui_send_keys (GTK_WIDGET (f->window), "<Control><Shift>p");
  return g_object_ref (KT_PROFILE_FORM (kt_ui_wait_for_toplevel (KT_TYPE_PROFILE_FORM)));
}

static void
set_row (gpointer    form,
         const char *key,
         const char *text)
{
  GtkWidget *row = kt_form_get_row (KT_FORM (form), key);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
closed (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

static gboolean
error_shown (gpointer data)
{
  return kt_form_get_error_field (KT_FORM (data)) != NULL &&
         kt_form_is_error_shown (KT_FORM (data), kt_form_get_error_field (KT_FORM (data)));
}

static gboolean
offline_message_shown (gpointer data)
{
  return kt_sync_ui_has_label_containing (GTK_WIDGET (data),
                                          _("Saving the profile needs a connection to the server. "
                                            "Nothing is lost: try again when it can be reached."));
}

/* Save, then wait until the server answered and the form closed. */
static void
save_and_wait_closed (gpointer form)
{
  kt_form_save (KT_FORM (form), NULL);
  if (!kt_sync_ui_wait_for (closed, form, 30000))
    g_error ("The form stayed open: %s (%s)", kt_form_get_error (KT_FORM (form)),
             kt_form_get_error_field (KT_FORM (form)));
}

/* A new name and time zone reach the server; the email stays as it is. */
static void
test_edit (KtSyncUiFixture *f,
           gconstpointer    data)
{
  g_autofree char *email = NULL;
  g_autofree char *token = register_owner (f, &email);
  g_autoptr (KtProfileForm) form = open_profile (f);
  g_autoptr (JsonObject) me = NULL;
  GtkWidget *email_row = kt_form_get_row (KT_FORM (form), "email");

  /* The keyboard starts in the first field, the name. */
  kt_ui_assert_focus_in (GTK_WINDOW (form), kt_form_get_row (KT_FORM (form), "full_name"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, email);
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (email_row)));
  set_row (form, "full_name", "Мария Петрова");
  set_row (form, "phone", "+359 88 123 4567");
  set_row (form, "timezone", "Europe/London");
  kt_ui_iterate (50);
  g_assert_true (kt_form_is_valid (KT_FORM (form)));

  kt_ui_resize (GTK_WINDOW (form), 360, 720);
  kt_ui_assert_narrow (GTK_WINDOW (form));
  screenshot (GTK_WIDGET (form), "profile-360");
  kt_ui_resize (GTK_WINDOW (form), 640, 760);
  screenshot (GTK_WIDGET (form), "profile");

  save_and_wait_closed (form);
  g_assert_cmpuint (kt_profile_form_get_n_requests (form), ==, 1);
  me = server_me (token);
  g_assert_cmpstr (json_object_get_string_member (me, "full_name"), ==, "Мария Петрова");
  g_assert_cmpstr (json_object_get_string_member (me, "phone"), ==, "+359 88 123 4567");
  g_assert_cmpstr (json_object_get_string_member (me, "timezone"), ==, "Europe/London");
  g_assert_cmpstr (json_object_get_string_member (me, "email"), ==, email);

  /* Opened again: what the server holds, and saved unchanged nothing is
   * sent. */
  g_clear_object (&form);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.profile", NULL));
  form = g_object_ref (KT_PROFILE_FORM (kt_ui_wait_for_toplevel (KT_TYPE_PROFILE_FORM)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "timezone"))), ==,
                   "Europe/London");
  save_and_wait_closed (form);
  g_assert_cmpuint (kt_profile_form_get_n_requests (form), ==, 0);
}

/* A wrong current password is refused under its row; the right one
 * changes the password, and the new one signs in. */
static void
test_password (KtSyncUiFixture *f,
               gconstpointer    data)
{
  g_autofree char *email = NULL;
  g_autofree char *token = register_owner (f, &email);
  g_autoptr (KtProfileForm) profile = open_profile (f);
  g_autoptr (KtPasswordForm) form = NULL;
  GtkWidget *row;

  /* From the keyboard: the row, then Enter. */
  row = kt_ui_find_row (GTK_WIDGET (profile), _("Change _Password…"));
  g_assert_nonnull (row);
  gtk_widget_grab_focus (row);
  kt_ui_send_keys (GTK_WIDGET (profile), "Return");
  form = g_object_ref (KT_PASSWORD_FORM (kt_ui_wait_for_toplevel (KT_TYPE_PASSWORD_FORM)));
  kt_ui_assert_focus_in (GTK_WINDOW (form), kt_form_get_row (KT_FORM (form), "current_password"));

  /* The two new ones differ: nothing is sent. */
  set_row (form, "current_password", KT_SYNC_UI_PASSWORD);
  set_row (form, "new_password", NEW_PASSWORD);
  set_row (form, "new_password_again", NEW_PASSWORD "x");
  g_assert_false (kt_form_save (KT_FORM (form), NULL));
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (form)), ==, "new_password_again");

  /* A wrong current password: the server's 401, under its row. */
  set_row (form, "current_password", "not my password");
  set_row (form, "new_password_again", NEW_PASSWORD);
  kt_form_save (KT_FORM (form), NULL);
  g_assert_true (kt_sync_ui_wait_for (error_shown, form, 30000));
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (form)), ==, "current_password");
  g_assert_cmpstr (kt_form_get_error (KT_FORM (form)), ==, _("The current password is wrong"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (form)));
  /* Still signed in: a wrong password is not an expired session. */
  g_assert_true (kt_sync_engine_is_connected (kt_sync_ui_engine (f)));
  kt_ui_resize (GTK_WINDOW (form), 360, 520);
  kt_ui_assert_narrow (GTK_WINDOW (form));
  kt_ui_iterate (100);
  screenshot (GTK_WIDGET (form), "profile-password-error");
  g_assert_cmpuint (login_status (email, KT_SYNC_UI_PASSWORD), ==, 200);

  set_row (form, "current_password", KT_SYNC_UI_PASSWORD);
  save_and_wait_closed (form);
  g_assert_cmpuint (login_status (email, NEW_PASSWORD), ==, 200);
  g_assert_cmpuint (login_status (email, KT_SYNC_UI_PASSWORD), ==, 401);
  /* This session stays. */
  g_assert_nonnull (server_me (token));
  kt_ui_iterate (100);
  screenshot (GTK_WIDGET (profile), "profile-password-changed");
  gtk_window_destroy (GTK_WINDOW (profile));
}

/* Offline, Save says a connection is needed and the form keeps what was
 * typed; back online the same Save goes through. */
static void
test_offline (KtSyncUiFixture *f,
              gconstpointer    data)
{
  g_autofree char *email = NULL;
  g_autofree char *token = register_owner (f, &email);
  g_autoptr (KtProfileForm) form = open_profile (f);
  g_autoptr (JsonObject) me = NULL;

  set_row (form, "full_name", "Иван Иванов");
  kt_test_server_kill (kt_sync_ui_server);
  g_assert_false (kt_form_save (KT_FORM (form), NULL));
  g_assert_true (kt_sync_ui_wait_for (offline_message_shown, form, 30000));
  kt_ui_iterate (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (form)));
  screenshot (GTK_WIDGET (form), "profile-offline");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "full_name"))), ==,
                   "Иван Иванов");

  kt_test_server_start (kt_sync_ui_server);
  save_and_wait_closed (form);
  me = server_me (token);
  g_assert_cmpstr (json_object_get_string_member (me, "full_name"), ==, "Иван Иванов");
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/profile/edit", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_edit, kt_sync_ui_teardown);
  g_test_add ("/ui/profile/password", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_password, kt_sync_ui_teardown);
  g_test_add ("/ui/profile/offline", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_offline, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
