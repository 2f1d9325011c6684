/* test-ui-forms.c: how every editor behaves for the keyboard and its errors
 *
 * Issue 12: each editor opens with the keyboard in its first field, no
 * button that changes or destroys something is focused or the default,
 * and a field's problem appears only after the person left it or pressed
 * Save, under that field, without moving the rows above it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-deal-board.h"
#include "kt-deal-form.h"
#include "kt-pipelines.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-record-pane.h"
#include "kt-task-editor.h"
#include "kt-tasks-pane.h"
#include "kt-ui-test.h"

static char *deal_id;

static void
fill (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) deal = kt_record_new (KT_ENTITY_DEAL);
  KtRecord *stage;

  kt_record_set_string (contact, "first_name", "Ivan");
  kt_record_set_string (contact, "last_name", "Petrov");
  g_assert_true (kt_store_save (store, contact, &error));

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  pipelines = kt_pipelines_load (store, &error);
  g_assert_no_error (error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)), &error);
  g_assert_no_error (error);
  stage = g_ptr_array_index (stages, 0);
  kt_record_set_string (deal, "title", "Website redesign");
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_int (deal, "position", 1000);
  g_assert_true (kt_store_save (store, deal, &error));
  g_free (deal_id);
  deal_id = g_strdup (kt_record_get_id (deal));
}

static KtStore *
app_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_application_get_context (fixture->app));
}

static void
test_new_contact_focus (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  GtkWindow *form;

  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (20);
  /* Ctrl+N, typed, as a person opens New Contact. */
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>n");
  form = kt_ui_wait_for_toplevel (KT_TYPE_RECORD_FORM);
  kt_ui_assert_focus_in (form, kt_form_get_row (KT_FORM (form), "first_name"));

  /* Typing goes into the first name. */
  kt_ui_send_keys (GTK_WIDGET (form), "m");
  kt_ui_iterate (20);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "first_name"))),
                   ==, "m");
  gtk_window_destroy (form);
}

static void
test_edit_contact_focus (KtUiFixture   *fixture,
                         gconstpointer  data)
{
  KtRecordPane *pane;
  GtkWidget *detail;
  GtkWindow *form;

  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (50);
  pane = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
  gtk_selection_model_select_item (kt_record_pane_get_selection (pane), 0, TRUE);
  /* The detail slides in; its Edit opens the form. */
  kt_ui_iterate (400);
  detail = kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL);
  g_assert_nonnull (detail);
  kt_ui_click (kt_ui_find_button (detail, _("_Edit")));
  form = kt_ui_wait_for_toplevel (KT_TYPE_RECORD_FORM);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "first_name"))),
                   ==, "Ivan");
  kt_ui_assert_focus_in (form, kt_form_get_row (KT_FORM (form), "first_name"));
  gtk_window_destroy (form);
}

static void
test_new_deal_focus (KtUiFixture   *fixture,
                     gconstpointer  data)
{
  GtkWindow *form;

  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  kt_ui_iterate (50);
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>n");
  form = kt_ui_wait_for_toplevel (KT_TYPE_DEAL_FORM);
  kt_ui_assert_focus_in (form, kt_form_get_row (KT_FORM (form), "title"));
  gtk_window_destroy (form);
}

/* The deal detail has Won and Lost: neither may have the keyboard, so
 * Enter does not close the deal. */
static void
test_deal_detail_focus (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  GtkWidget *board;
  GtkWidget *detail;
  GtkWidget *focus;
  g_autoptr(KtRecord) deal = NULL;

  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  kt_ui_iterate (50);
  board = kt_window_get_pane (fixture->window, "deals");
  g_assert_true (gtk_widget_activate_action (board, "board.open-deal", "s", deal_id));
  kt_ui_iterate (100);
  detail = GTK_WIDGET (kt_deal_board_get_detail (KT_DEAL_BOARD (board)));

  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, detail));
  g_assert_false (focus == kt_ui_find_button (detail, _("_Won")));
  g_assert_false (focus == kt_ui_find_button (detail, _("_Lost…")));
  g_assert_false (focus == kt_ui_find_button (detail, _("_Delete Deal")));
  g_assert_null (gtk_window_get_default_widget (GTK_WINDOW (fixture->window)));

  kt_ui_send_keys (detail, "Return");
  kt_ui_iterate (50);
  deal = kt_store_get (app_store (fixture), KT_ENTITY_DEAL, deal_id, NULL);
  g_assert_cmpstr (kt_record_get_string (deal, "status"), ==, "open");
  /* Enter may open Edit; that changes nothing either. */
  if (kt_ui_find_toplevel (KT_TYPE_DEAL_FORM) != NULL)
    gtk_window_destroy (GTK_WINDOW (kt_ui_find_toplevel (KT_TYPE_DEAL_FORM)));
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  return bounds;
}

/* Issue 12: New Task said "“Title” is required" in red before anything
 * was typed, in a line above the form that pushed it down 30-50 px. */
static void
test_task_errors_after_leaving (KtUiFixture   *fixture,
                                gconstpointer  data)
{
  GtkWindow *editor;
  GtkWidget *title;
  GtkWidget *label;
  graphene_rect_t before, after, message;
  const char *error;

  g_assert_true (kt_window_show_section (fixture->window, "tasks"));
  kt_ui_iterate (50);
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>n");
  editor = kt_ui_wait_for_toplevel (KT_TYPE_TASK_EDITOR);
  title = kt_form_get_row (KT_FORM (editor), "title");
  kt_ui_assert_focus_in (editor, title);

  /* The form knows the title is missing, but says nothing yet. */
  error = kt_form_get_error (KT_FORM (editor));
  g_assert_nonnull (error);
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (editor)), ==, "title");
  g_assert_false (kt_ui_has_label (GTK_WIDGET (editor), error));
  g_assert_false (gtk_widget_has_css_class (title, "error"));
  before = bounds_in (title, GTK_WIDGET (editor));
  g_free (kt_ui_screenshot (GTK_WIDGET (editor), "task-editor-new"));

  /* Leaving the title empty: now it is said, under the title. */
  kt_ui_leave_field (title);
  kt_ui_wait_for_frame (GTK_WIDGET (editor));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (editor), error));
  g_assert_true (gtk_widget_has_css_class (title, "error"));
  after = bounds_in (title, GTK_WIDGET (editor));
  g_assert_cmpfloat (after.origin.y, ==, before.origin.y);
  g_assert_cmpfloat (after.size.height, ==, before.size.height);
  /* The message is the row right under the title's. */
  label = kt_ui_find_widget (gtk_widget_get_next_sibling (title), GTK_TYPE_LABEL);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, error);
  message = bounds_in (label, GTK_WIDGET (editor));
  g_assert_cmpfloat (message.origin.y, >=, after.origin.y + after.size.height);
  g_free (kt_ui_screenshot (GTK_WIDGET (editor), "task-editor-error"));

  /* Typing a title clears it at once. */
  gtk_widget_grab_focus (title);
  kt_ui_send_keys (GTK_WIDGET (editor), "r");
  kt_ui_iterate (20);
  g_assert_null (kt_form_get_error (KT_FORM (editor)));
  g_assert_false (gtk_widget_has_css_class (title, "error"));
  g_assert_false (kt_ui_has_label (GTK_WIDGET (editor), error));
  after = bounds_in (title, GTK_WIDGET (editor));
  g_assert_cmpfloat (after.origin.y, ==, before.origin.y);
  gtk_window_destroy (editor);
}

/* Save on an empty form says what is wrong, where, and keeps the form. */
static void
test_save_shows_errors (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  GtkWindow *editor;
  GtkWidget *title;
  GtkWidget *focus;
  gint64 outbox = kt_store_outbox_count (app_store (fixture));

  g_assert_true (kt_window_show_section (fixture->window, "tasks"));
  kt_ui_iterate (50);
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>n");
  editor = kt_ui_wait_for_toplevel (KT_TYPE_TASK_EDITOR);
  title = kt_form_get_row (KT_FORM (editor), "title");
  /* Away from the title first, so Save has to bring the keyboard back. */
  gtk_widget_grab_focus (kt_form_get_row (KT_FORM (editor), "due_date"));

  kt_ui_click (kt_ui_find_button (GTK_WIDGET (editor), _("_Save")));
  kt_ui_iterate (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_true (gtk_widget_has_css_class (title, "error"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (editor), kt_form_get_error (KT_FORM (editor))));
  focus = gtk_root_get_focus (GTK_ROOT (editor));
  g_assert_true (focus == title || gtk_widget_is_ancestor (focus, title));
  g_assert_cmpint (kt_store_outbox_count (app_store (fixture)), ==, outbox);
  gtk_window_destroy (editor);
}

static GtkWidget *
find_day_label (GtkWidget  *root,
                const char *day)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_str_equal (gtk_label_get_label (GTK_LABEL (child)), day) &&
          !gtk_widget_has_css_class (child, "other-month"))
        return child;
      if ((found = find_day_label (child, day)) != NULL)
        return found;
    }
  return NULL;
}

/* Opens New Task and the picker beside its @key row (its button says
 * @tooltip); returns the editor, the row in @out_row and the popover's
 * child of @type. GTK's menu button opens on the press and the popover
 * takes the release that kt_ui_click() waits for, so the popover is
 * opened directly; what happens inside it is the test. */
static GtkWindow *
open_task_picker (KtUiFixture  *fixture,
                  const char   *key,
                  const char   *tooltip,
                  GType         type,
                  GtkWidget   **out_row,
                  GtkWidget   **out_child)
{
  GtkWindow *editor;
  GtkWidget *button;

  g_assert_true (kt_window_show_section (fixture->window, "tasks"));
  kt_ui_iterate (50);
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>n");
  editor = kt_ui_wait_for_toplevel (KT_TYPE_TASK_EDITOR);
  *out_row = kt_form_get_row (KT_FORM (editor), key);

  button = kt_ui_find_widget (*out_row, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, tooltip);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  kt_ui_iterate (100);
  *out_child = kt_ui_find_widget (*out_row, type);
  g_assert_nonnull (*out_child);
  g_assert_true (gtk_widget_get_mapped (gtk_widget_get_ancestor (*out_child, GTK_TYPE_POPOVER)));
  return editor;
}

/* Issue 12: dates were free text. The calendar writes the day the way
 * the language reads it back: ISO in English, never "25.11.2026". */
static void
test_task_date_picker (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  GtkWindow *editor;
  GtkWidget *date;
  GtkWidget *calendar;
  GtkWidget *popover;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expected = g_date_time_format (now, "%Y-%m-15");

  editor = open_task_picker (fixture, "due_date", _("Choose a Date"), GTK_TYPE_CALENDAR, &date, &calendar);
  popover = gtk_widget_get_ancestor (calendar, GTK_TYPE_POPOVER);
  kt_ui_wait_for_frame (popover);
  g_free (kt_ui_screenshot (popover, "task-date-picker"));

  kt_ui_click (find_day_label (calendar, "15"));
  kt_ui_iterate (100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, expected);
  g_assert_false (gtk_widget_get_visible (popover));
  /* A day the form accepts as it is. */
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (editor)), ==, "title");

  /* A date that does not parse: the English hint is ISO only. */
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (editor), "title")), "Renew the domain");
  gtk_editable_set_text (GTK_EDITABLE (date), "someday");
  kt_ui_iterate (20);
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (editor)), ==, "due_date");
  g_assert_nonnull (strstr (kt_form_get_error (KT_FORM (editor)), "2026-11-25"));
  g_assert_null (strstr (kt_form_get_error (KT_FORM (editor)), "25.11.2026"));
  gtk_window_destroy (editor);
}

/* And times: hour and minute spinners, written as HH:MM. */
static void
test_task_time_picker (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  GtkWindow *editor;
  GtkWidget *time;
  GtkWidget *hours;
  GtkWidget *minutes;
  GtkWidget *popover;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int next_hour = (g_date_time_get_hour (now) + 1) % 24;
  g_autofree char *expected = g_strdup_printf ("%02d:05", next_hour);

  editor = open_task_picker (fixture, "due_time", _("Choose a Time"), GTK_TYPE_SPIN_BUTTON, &time, &hours);
  popover = gtk_widget_get_ancestor (hours, GTK_TYPE_POPOVER);
  /* An empty row opens on the next full hour. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (hours)), ==, next_hour);
  /* One step up on the minutes: five minutes past. (XTest keys do not
   * reach a spin button inside a popover under Xvfb, so the step is
   * GTK's own.) */
  minutes = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (hours));
  g_assert_true (GTK_IS_SPIN_BUTTON (minutes));
  gtk_spin_button_spin (GTK_SPIN_BUTTON (minutes), GTK_SPIN_STEP_FORWARD, 0);
  kt_ui_iterate (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time)), ==, expected);

  /* Opened again, it shows the row's time. */
  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_editable_set_text (GTK_EDITABLE (time), "09:30");
  gtk_menu_button_popup (GTK_MENU_BUTTON (kt_ui_find_widget (time, GTK_TYPE_MENU_BUTTON)));
  kt_ui_iterate (50);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (hours)), ==, 9);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (minutes)), ==, 30);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time)), ==, "09:30");
  gtk_window_destroy (editor);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, KtUiFixture, fill, kt_ui_fixture_setup, func, kt_ui_fixture_teardown)

  ADD ("/ui/forms/new-contact-focus", test_new_contact_focus);
  ADD ("/ui/forms/edit-contact-focus", test_edit_contact_focus);
  ADD ("/ui/forms/new-deal-focus", test_new_deal_focus);
  ADD ("/ui/forms/deal-detail-focus", test_deal_detail_focus);
  ADD ("/ui/forms/task-errors-after-leaving", test_task_errors_after_leaving);
  ADD ("/ui/forms/save-shows-errors", test_save_shows_errors);
  ADD ("/ui/forms/task-date-picker", test_task_date_picker);
  ADD ("/ui/forms/task-time-picker", test_task_time_picker);

  return g_test_run ();
}
