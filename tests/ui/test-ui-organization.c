/* test-ui-organization.c: the organization's settings and its jobs page,
 * against a real kantora-server
 *
 * An Owner edits the organization's details and the server holds them;
 * a bad EIK stays in the form with its error under the row and nothing is
 * sent; a form saved unchanged sends nothing; offline the form keeps what
 * was typed. The jobs page lists a failed job (written into the test's
 * PostgreSQL as the server's runner leaves one) and Retry makes it
 * pending. Screenshots of both, in the language of the run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-documents.h"
#include "kt-form.h"
#include "kt-jobs-window.h"
#include "kt-organization-client.h"
#include "kt-organization-form.h"
#include "kt-team-pane.h"
#include "kt-ui-sync-test.h"

#define PSQL "/usr/lib/postgresql/15/bin/psql"

/* Registers the app's store as an Owner and returns the token. */
static char *
register_owner (KtSyncUiFixture *f)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autoptr (GError) error = NULL;

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_register (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                   KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  return kt_sync_ui_token (f);
}

static JsonObject *
server_organization (const char *token)
{
  g_autofree char *url = g_strconcat (kt_sync_ui_server->url, "/v1/organization", NULL);
  g_autoptr (JsonNode) node = NULL;
  guint status = 0;

  node = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_node_get_object (node));
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *full = g_strconcat (name, g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "", NULL);

  g_free (kt_ui_screenshot (widget, full));
}

static gboolean
form_idle (gpointer data)
{
  return !kt_organization_form_get_busy (KT_ORGANIZATION_FORM (data));
}

static gboolean
team_idle (gpointer data)
{
  return !kt_team_pane_get_busy (KT_TEAM_PANE (data));
}

/* The Team pane, once it has the server's answer about my role. */
static GtkWidget *
show_team (KtSyncUiFixture *f)
{
  GtkWidget *pane;

  g_assert_true (kt_window_show_section (f->window, "team"));
  pane = kt_window_get_pane (f->window, "team");
  kt_ui_iterate (50);
  g_assert_true (kt_sync_ui_wait_for (team_idle, pane, 30000));
  kt_ui_iterate (50);
  return pane;
}

static gboolean
refused_toast_shown (gpointer data)
{
  KtSyncUiFixture *f = data;

  return kt_sync_ui_has_label_containing (GTK_WIDGET (f->window),
                                          _("Only owners and admins can change the organization’s settings"));
}

static gboolean
jobs_idle (gpointer data)
{
  return !kt_jobs_window_get_busy (KT_JOBS_WINDOW (data));
}

/* Opens the settings as a person does (the window's action, Ctrl+Shift+O)
 * and waits for the form; the caller owns a reference. */
static KtOrganizationForm *
open_settings (KtSyncUiFixture *f)
{
  GtkWindow *form;

  kt_ui_send_keys (GTK_WIDGET (f->window), "<Control><Shift>o");
  form = kt_ui_wait_for_toplevel (KT_TYPE_ORGANIZATION_FORM);
  return g_object_ref (KT_ORGANIZATION_FORM (form));
}

static void
set_row (KtOrganizationForm *form,
         const char         *key,
         const char         *text)
{
  GtkWidget *row = kt_form_get_row (KT_FORM (form), key);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* A small PNG written by GTK, as a person's logo file. */
static GFile *
write_logo (KtSyncUiFixture *f)
{
  static const guchar pixels[4 * 4 * 4] = {
    0x1c, 0x71, 0xd8, 0xff, 0x1c, 0x71, 0xd8, 0xff, 0xe0, 0x1b, 0x24, 0xff, 0xe0, 0x1b, 0x24, 0xff,
    0x1c, 0x71, 0xd8, 0xff, 0x1c, 0x71, 0xd8, 0xff, 0xe0, 0x1b, 0x24, 0xff, 0xe0, 0x1b, 0x24, 0xff,
    0xf6, 0xd3, 0x2d, 0xff, 0xf6, 0xd3, 0x2d, 0xff, 0x2e, 0xc2, 0x7e, 0xff, 0x2e, 0xc2, 0x7e, 0xff,
    0xf6, 0xd3, 0x2d, 0xff, 0xf6, 0xd3, 0x2d, 0xff, 0x2e, 0xc2, 0x7e, 0xff, 0x2e, 0xc2, 0x7e, 0xff,
  };
  g_autoptr (GBytes) bytes = g_bytes_new_static (pixels, sizeof pixels);
  g_autoptr (GdkTexture) texture = gdk_memory_texture_new (4, 4, GDK_MEMORY_R8G8B8A8, bytes, 16);
  g_autofree char *path = g_build_filename (f->tmpdir, "logo.png", NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  return g_file_new_for_path (path);
}

/* Save, then wait until the server answered and the form closed. */
static void
save_and_wait_closed (KtOrganizationForm *form)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  kt_form_save (KT_FORM (form), NULL);
  g_assert_true (kt_sync_ui_wait_for (form_idle, form, 30000));
  while (gtk_widget_get_visible (GTK_WIDGET (form)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (gtk_widget_get_visible (GTK_WIDGET (form)))
    g_error ("The form stayed open: %s (%s)", kt_form_get_error (KT_FORM (form)),
             kt_form_get_error_field (KT_FORM (form)));
}

/* The Owner fills in the seller's details, the logo, the time zone and
 * the reminders; the server holds exactly those, and the documents'
 * cached seller follows at once. */
static void
test_edit (KtSyncUiFixture *f,
           gconstpointer    data)
{
  g_autofree char *token = register_owner (f);
  g_autoptr (KtOrganizationForm) form = NULL;
  g_autoptr (JsonObject) org = NULL;
  g_autoptr (JsonObject) cached = NULL;
  g_autoptr (GFile) logo = write_logo (f);
  g_autoptr (GError) error = NULL;

  /* The first time from the Team pane's Organization row, which an
   * Owner has. */
  {
    GtkWidget *pane, *row;

    pane = show_team (f);
    g_assert_nonnull (kt_ui_find_actionable (pane, "win.jobs"));
    row = kt_ui_find_actionable (pane, "win.organization-settings");
    g_assert_nonnull (row);
    g_assert_true (gtk_widget_activate (row));
    form = g_object_ref (KT_ORGANIZATION_FORM (kt_ui_wait_for_toplevel (KT_TYPE_ORGANIZATION_FORM)));
  }
  /* The keyboard starts in the first field, the name. */
  kt_ui_assert_focus_in (GTK_WINDOW (form), kt_form_get_row (KT_FORM (form), "name"));
  set_row (form, "name", "Петров ООД");
  set_row (form, "address", "ул. Шипка 6");
  set_row (form, "city", "София");
  set_row (form, "country", "България");
  set_row (form, "eik", "175074752");
  set_row (form, "vat_number", "BG175074752");
  set_row (form, "mol", "Иван Петров");
  set_row (form, "iban", "BG80 BNBG 9661 1020 3456 78");
  set_row (form, "bic", "BNBGBGSD");
  set_row (form, "bank_name", "БНБ");
  set_row (form, "time_zone", "Europe/Sofia");
  set_row (form, "mail_sender_name", "Петров ООД");
  set_row (form, "mail_reply_to", "fakturi@petrov.example");
  set_row (form, "reminder_steps", "3, 10, 30");
  g_assert_true (kt_organization_form_set_logo_file (form, logo, &error));
  g_assert_no_error (error);
  kt_ui_iterate (50);
  g_assert_true (kt_form_is_valid (KT_FORM (form)));

  kt_ui_resize (GTK_WINDOW (form), 360, 720);
  kt_ui_assert_narrow (GTK_WINDOW (form));
  screenshot (GTK_WIDGET (form), "organization-settings-360");
  kt_ui_resize (GTK_WINDOW (form), 640, 900);
  screenshot (GTK_WIDGET (form), "organization-settings");
  {
    GtkWidget *scrolled = kt_ui_find_widget (GTK_WIDGET (form), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    kt_ui_iterate (100);
    screenshot (GTK_WIDGET (form), "organization-settings-mail");
  }

  save_and_wait_closed (form);
  g_assert_cmpuint (kt_organization_form_get_n_requests (form), ==, 1);
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (f->window),
                                                  _("The organization’s settings are saved")));

  org = server_organization (token);
  g_assert_cmpstr (json_object_get_string_member (org, "name"), ==, "Петров ООД");
  g_assert_cmpstr (json_object_get_string_member (org, "city"), ==, "София");
  g_assert_cmpstr (json_object_get_string_member (org, "eik"), ==, "175074752");
  g_assert_cmpstr (json_object_get_string_member (org, "mol"), ==, "Иван Петров");
  g_assert_cmpstr (json_object_get_string_member (org, "bic"), ==, "BNBGBGSD");
  g_assert_cmpstr (json_object_get_string_member (org, "time_zone"), ==, "Europe/Sofia");
  g_assert_cmpstr (json_object_get_string_member (org, "mail_reply_to"), ==, "fakturi@petrov.example");
  g_assert_cmpstr (json_object_get_string_member (org, "reminder_steps"), ==, "3, 10, 30");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (org, "logo"), "data:image/png;base64,"));

  cached = kt_document_load_organization (kt_context_get_store (kt_window_get_context (f->window)));
  g_assert_nonnull (cached);
  g_assert_cmpstr (json_object_get_string_member (cached, "name"), ==, "Петров ООД");

  /* Opened again: the form shows what the server holds, and saved
   * unchanged it sends nothing. */
  g_clear_object (&form);
  form = open_settings (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "eik"))), ==,
                   "175074752");
  save_and_wait_closed (form);
  g_assert_cmpuint (kt_organization_form_get_n_requests (form), ==, 0);
}

/* The time zone from the searchable list, the sender, the reply-to and
 * the reminder steps. */
static void
test_mail_settings (KtSyncUiFixture *f,
                    gconstpointer    data)
{
  g_autofree char *token = register_owner (f);
  g_autoptr (KtOrganizationForm) form = NULL;
  g_autoptr (JsonObject) org = NULL;
  GtkWidget *picker;
  GtkWidget *search;

  form = open_settings (f);
  /* The list, searched for "sofia": Enter takes the match. */
  picker = kt_ui_find_widget (kt_form_get_row (KT_FORM (form), "time_zone"), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (picker);
  /* Focused, the row scrolls into view: the popover opens on screen. */
  gtk_widget_grab_focus (kt_form_get_row (KT_FORM (form), "time_zone"));
  kt_ui_iterate (200);
  kt_ui_click (picker);
  kt_ui_iterate (100);
  search = kt_ui_find_widget (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (picker))),
                              GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "sofia");
  kt_ui_iterate (100);
  g_signal_emit_by_name (search, "activate");
  kt_ui_iterate (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "time_zone"))), ==,
                   "Europe/Sofia");

  set_row (form, "mail_sender_name", "Петров ООД — счетоводство");
  set_row (form, "mail_reply_to", "accounts@petrov.example");
  set_row (form, "reminder_steps", "3, 10, 30");

  save_and_wait_closed (form);
  org = server_organization (token);
  g_assert_cmpstr (json_object_get_string_member (org, "time_zone"), ==, "Europe/Sofia");
  g_assert_cmpstr (json_object_get_string_member (org, "mail_sender_name"), ==, "Петров ООД — счетоводство");
  g_assert_cmpstr (json_object_get_string_member (org, "mail_reply_to"), ==, "accounts@petrov.example");
  g_assert_cmpstr (json_object_get_string_member (org, "reminder_steps"), ==, "3, 10, 30");
}

/* A wrong EIK is the organization entity's rule: the error is under the
 * EIK row, the keyboard goes there, and nothing reaches the server. */
static void
test_invalid_eik (KtSyncUiFixture *f,
                  gconstpointer    data)
{
  g_autofree char *token = register_owner (f);
  g_autoptr (KtOrganizationForm) form = open_settings (f);
  g_autoptr (JsonObject) org = NULL;
  g_autoptr (GError) error = NULL;

  set_row (form, "city", "Пловдив");
  set_row (form, "eik", "175074753");
  g_assert_false (kt_form_save (KT_FORM (form), &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (form)), ==, "eik");
  g_assert_true (kt_form_is_error_shown (KT_FORM (form), "eik"));
  kt_ui_assert_focus_in (GTK_WINDOW (form), kt_form_get_row (KT_FORM (form), "eik"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (form)));
  g_assert_cmpuint (kt_organization_form_get_n_requests (form), ==, 0);
  kt_ui_iterate (100);
  screenshot (GTK_WIDGET (form), "organization-settings-error");

  org = server_organization (token);
  g_assert_true (json_object_get_null_member (org, "eik"));
  g_assert_true (json_object_get_null_member (org, "city"));

  /* Reminder steps that go down, and an unknown time zone: the shared
   * rules, each under its row. */
  set_row (form, "eik", "175074752");
  set_row (form, "reminder_steps", "30, 10");
  g_clear_error (&error);
  g_assert_false (kt_form_save (KT_FORM (form), &error));
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (form)), ==, "reminder_steps");
  g_assert_true (kt_form_is_error_shown (KT_FORM (form), "reminder_steps"));
  set_row (form, "reminder_steps", "");
  set_row (form, "time_zone", "Europe/Nowhere");
  g_clear_error (&error);
  g_assert_false (kt_form_save (KT_FORM (form), &error));
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (form)), ==, "time_zone");
  g_assert_cmpuint (kt_organization_form_get_n_requests (form), ==, 0);
  gtk_window_destroy (GTK_WINDOW (form));
}

/* The server goes away while the form is open: Save says it needs a
 * connection, and the form keeps what was typed. */
static void
test_offline (KtSyncUiFixture *f,
              gconstpointer    data)
{
  g_autofree char *token = register_owner (f);
  g_autoptr (KtOrganizationForm) form = open_settings (f);
  g_autoptr (JsonObject) org = NULL;

  set_row (form, "city", "Варна");
  kt_test_server_kill (kt_sync_ui_server);
  g_assert_false (kt_form_save (KT_FORM (form), NULL));
  g_assert_true (kt_sync_ui_wait_for (form_idle, form, 30000));
  kt_ui_iterate (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (form)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "city"))), ==,
                   "Варна");
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (form),
                                                  _("Saving the settings needs a connection to the server. "
                                                    "Nothing is lost: try again when it can be reached.")));

  /* Back online, the same Save goes through. */
  kt_test_server_start (kt_sync_ui_server);
  save_and_wait_closed (form);
  org = server_organization (token);
  g_assert_cmpstr (json_object_get_string_member (org, "city"), ==, "Варна");
}

/* Runs @sql in the server's database; the first column of the first row. */
static char *
psql (const char *sql)
{
  const char *argv[] = { PSQL, "-X", "-q", "-t", "-A", "-d", kt_sync_ui_server->conninfo, "-c", sql, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("psql failed: %s", err);
  return g_strstrip (g_steal_pointer (&out));
}

/* A failed job shows its kind, state, attempts and last error; Retry
 * makes it pending on the server and in its row. */
static void
test_jobs (KtSyncUiFixture *f,
           gconstpointer    data)
{
  g_autofree char *token = register_owner (f);
  g_autoptr (JsonObject) org = server_organization (token);
  g_autofree char *insert = NULL;
  g_autofree char *failed_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *url = g_strconcat (kt_sync_ui_server->url, "/v1/jobs", NULL);
  g_autoptr (JsonNode) list = NULL;
  KtJobsWindow *jobs;
  GtkWidget *row, *retry, *error_label;
  guint status = 0;

  /* As the runner leaves a job that used its attempts. */
  insert = g_strdup_printf ("INSERT INTO jobs (org_id, kind, state, run_at, attempts, max_attempts,"
                            " last_error, finished_at) VALUES ('%s', 'overdue', 'failed',"
                            " now() - interval '1 hour', 5, 5,"
                            " 'could not write invoice 0000000042: deadlock detected', now())"
                            " RETURNING id", json_object_get_string_member (org, "id"));
  failed_id = psql (insert);
  g_free (insert);
  /* A kind this client does not know yet, waiting for next week. */
  insert = g_strdup_printf ("INSERT INTO jobs (org_id, kind, state, run_at, attempts)"
                            " VALUES ('%s', 'archive_mail', 'pending', now() + interval '7 days', 1)"
                            " RETURNING id", json_object_get_string_member (org, "id"));
  other_id = psql (insert);

  kt_ui_send_keys (GTK_WIDGET (f->window), "<Control><Shift>j");
  jobs = KT_JOBS_WINDOW (kt_ui_wait_for_toplevel (KT_TYPE_JOBS_WINDOW));
  g_assert_true (kt_sync_ui_wait_for (jobs_idle, jobs, 30000));
  kt_ui_iterate (50);

  g_assert_cmpstr (kt_jobs_window_get_page (jobs), ==, "list");
  g_assert_cmpuint (kt_jobs_window_get_n_jobs (jobs), >=, 2);
  g_assert_cmpstr (kt_jobs_window_get_job_state (jobs, failed_id), ==, "failed");
  g_assert_cmpstr (kt_jobs_window_get_job_state (jobs, other_id), ==, "pending");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (jobs), _("Overdue marking")));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (jobs), "archive_mail"));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (jobs), "5 "));
  error_label = kt_ui_find_label (GTK_WIDGET (jobs), "could not write invoice 0000000042: deadlock detected");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (error_label)));

  kt_ui_resize (GTK_WINDOW (jobs), 360, 640);
  kt_ui_assert_narrow (GTK_WINDOW (jobs));
  screenshot (GTK_WIDGET (jobs), "organization-jobs-360");
  kt_ui_resize (GTK_WINDOW (jobs), 560, 640);
  screenshot (GTK_WIDGET (jobs), "organization-jobs");

  /* The failed job's row has the one Retry button. */
  row = NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (kt_ui_find_widget (GTK_WIDGET (jobs), GTK_TYPE_LIST_BOX));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_name (child), failed_id) == 0)
      row = child;
  g_assert_nonnull (row);
  retry = kt_ui_find_button (row, _("_Retry"));
  g_assert_nonnull (retry);
  kt_ui_click (retry);
  kt_ui_iterate (50);
  g_assert_true (kt_sync_ui_wait_for (jobs_idle, jobs, 30000));
  kt_ui_iterate (50);
  g_assert_cmpstr (kt_jobs_window_get_job_state (jobs, failed_id), ==, "pending");
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (jobs), _("The job runs again soon")));

  /* The server counts its attempts from 0 again; its runner may have run
   * it already (then it left the list), but it is no longer failed. */
  list = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonArray *array = json_object_get_array_member (json_node_get_object (list), "jobs");

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *job = json_array_get_object_element (array, i);

        if (g_strcmp0 (json_object_get_string_member (job, "id"), failed_id) == 0)
          g_assert_cmpstr (json_object_get_string_member (job, "state"), !=, "failed");
      }
  }

  /* Escape closes it; while a toast shows, the first Escape dismisses
   * the toast (libadwaita's toast overlay takes it), as in every window
   * of the application. */
  g_object_add_weak_pointer (G_OBJECT (jobs), (gpointer *) &jobs);
  kt_ui_send_keys (GTK_WIDGET (jobs), "Escape");
  kt_ui_iterate (500);
  g_assert_nonnull (jobs);
  kt_ui_send_keys (GTK_WIDGET (jobs), "Escape");
  kt_ui_iterate (200);
  g_assert_null (jobs);
}

/* Offline, the jobs page says it needs the server rather than showing an
 * empty list. */
static void
test_jobs_offline (KtSyncUiFixture *f,
                   gconstpointer    data)
{
  g_autofree char *token = register_owner (f);
  KtJobsWindow *jobs;

  kt_test_server_kill (kt_sync_ui_server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.jobs", NULL));
  jobs = KT_JOBS_WINDOW (kt_ui_wait_for_toplevel (KT_TYPE_JOBS_WINDOW));
  g_assert_true (kt_sync_ui_wait_for (jobs_idle, jobs, 30000));
  g_assert_cmpstr (kt_jobs_window_get_page (jobs), ==, "offline");
  kt_test_server_start (kt_sync_ui_server);
  kt_jobs_window_refresh (jobs);
  g_assert_true (kt_sync_ui_wait_for (jobs_idle, jobs, 30000));
  g_assert_cmpstr (kt_jobs_window_get_page (jobs), !=, "offline");
  g_object_add_weak_pointer (G_OBJECT (jobs), (gpointer *) &jobs);
  kt_ui_send_keys (GTK_WIDGET (jobs), "Escape");
  kt_ui_iterate (200);
  if (jobs != NULL)
    g_error ("offline: still here, focus %s",
             gtk_root_get_focus (GTK_ROOT (jobs)) ? G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (jobs))) : "none");
}

/* A User is not offered what the server would refuse: the settings say
 * why in a toast and open nothing, the Team pane has no Organization
 * group, and the jobs page shows the server's refusal. */
static void
test_member (KtSyncUiFixture *f,
             gconstpointer    data)
{
  g_autofree char *owner_email = kt_sync_ui_new_email ();
  g_autofree char *member_email = kt_sync_ui_new_email ();
  g_autofree char *token = kt_sync_ui_register_elsewhere (owner_email, NULL, NULL);
  g_autofree char *member_id = kt_sync_ui_add_member (token, member_email, "user");
  g_autoptr (GError) error = NULL;
  GtkWidget *pane;
  KtJobsWindow *jobs;

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, member_email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.organization-settings", NULL));
  g_assert_true (kt_sync_ui_wait_for (refused_toast_shown, f, 30000));
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_ORGANIZATION_FORM));

  pane = show_team (f);
  g_assert_null (kt_ui_find_actionable (pane, "win.organization-settings"));
  g_assert_null (kt_ui_find_actionable (pane, "win.jobs"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.jobs", NULL));
  jobs = KT_JOBS_WINDOW (kt_ui_wait_for_toplevel (KT_TYPE_JOBS_WINDOW));
  g_assert_true (kt_sync_ui_wait_for (jobs_idle, jobs, 30000));
  g_assert_cmpstr (kt_jobs_window_get_page (jobs), ==, "error");
  gtk_window_destroy (GTK_WINDOW (jobs));
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/organization/edit", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_edit, kt_sync_ui_teardown);
  g_test_add ("/ui/organization/mail-settings", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_mail_settings, kt_sync_ui_teardown);
  g_test_add ("/ui/organization/invalid-eik", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_invalid_eik, kt_sync_ui_teardown);
  g_test_add ("/ui/organization/offline", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_offline, kt_sync_ui_teardown);
  g_test_add ("/ui/organization/jobs", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_jobs, kt_sync_ui_teardown);
  g_test_add ("/ui/organization/member", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_member, kt_sync_ui_teardown);
  g_test_add ("/ui/organization/jobs-offline", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_jobs_offline, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
