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
#include "kt-format.h"
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
  GtkWidget *next;
  GtkWidget *label;
  graphene_rect_t before, after, message, next_before, next_after;
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
  next = kt_form_get_row (KT_FORM (editor), "priority");
  g_assert_true (gtk_widget_get_next_sibling (title) == next);
  next_before = bounds_in (next, GTK_WIDGET (editor));
  g_free (kt_ui_screenshot (GTK_WIDGET (editor), "task-editor-new"));

  /* Leaving the title empty: now it is said, under the title. */
  kt_ui_leave_field (title);
  kt_ui_wait_for_frame (GTK_WIDGET (editor));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (editor), error));
  g_assert_true (gtk_widget_has_css_class (title, "error"));
  after = bounds_in (title, GTK_WIDGET (editor));
  g_assert_cmpfloat (after.origin.y, ==, before.origin.y);
  g_assert_cmpfloat (after.size.height, ==, before.size.height);
  /* Issue 12: the message is on the title row's bottom edge, and the row
   * under it (Priority) has not moved: it used to get a row of its own,
   * which pushed every row below it down by its height. */
  label = kt_ui_find_label (GTK_WIDGET (editor), error);
  g_assert_nonnull (label);
  message = bounds_in (label, GTK_WIDGET (editor));
  g_assert_cmpfloat (message.origin.y, >, after.origin.y + after.size.height / 2);
  g_assert_cmpfloat (message.origin.y, <=, after.origin.y + after.size.height);
  g_assert_cmpfloat (message.origin.y + message.size.height, >=, after.origin.y + after.size.height);
  g_assert_cmpfloat (message.origin.x, >, after.origin.x);
  g_assert_cmpfloat (message.origin.x + message.size.width, <=, after.origin.x + after.size.width);
  next_after = bounds_in (next, GTK_WIDGET (editor));
  g_assert_cmpfloat (next_after.origin.y, ==, next_before.origin.y);
  g_assert_cmpfloat (next_after.size.height, ==, next_before.size.height);
  /* Clicks go through it to the row under it. */
  g_assert_false (gtk_widget_get_can_target (label));
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
  next_after = bounds_in (next, GTK_WIDGET (editor));
  g_assert_cmpfloat (next_after.origin.y, ==, next_before.origin.y);
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

/* Opens New Task and puts the keyboard into its @key row, whose picker
 * button says @tooltip; returns the editor and the row. */
static GtkWindow *
open_task_row (KtUiFixture  *fixture,
               const char   *key,
               const char   *tooltip,
               GtkWidget   **out_row)
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
  g_assert_true (gtk_widget_grab_focus (*out_row));
  kt_ui_iterate (20);
  return editor;
}

/* Presses @accel in @row, which opens its picker: returns the popover's
 * child of @type, which must have the keyboard. */
static GtkWidget *
open_picker_by_key (GtkWidget  *row,
                    const char *accel,
                    GType       type)
{
  GtkWidget *child;
  GtkWidget *popover;
  GtkWidget *focus;

  kt_ui_send_keys (row, accel);
  kt_ui_iterate (100);
  child = kt_ui_find_widget (row, type);
  g_assert_nonnull (child);
  popover = gtk_widget_get_ancestor (child, GTK_TYPE_POPOVER);
  g_assert_true (gtk_widget_get_mapped (popover));
  kt_ui_wait_for_frame (popover);
  focus = gtk_root_get_focus (gtk_widget_get_root (row));
  g_assert_true (focus == child || (focus != NULL && gtk_widget_is_ancestor (focus, child)));
  return child;
}

static char *
date_text (GDateTime *date)
{
  return g_date_time_format (date, "%Y-%m-%d");
}

/* A day the shown zone skipped (Kiritimati went from 1994-12-30 to
 * 1995-01-01) opens as itself, and a year before 1000 comes back with
 * four digits, which the form reads back as the same year. */
static void
test_date_picker_edge_days (KtUiFixture   *fixture,
                            gconstpointer  data)
{
  static const char * const days[] = { "1994-12-31", "0999-03-05" };
  GtkWidget *date;

  kt_format_set_time_zone ("Pacific/Kiritimati");
  open_task_row (fixture, "due_date", _("Choose a Date"), &date);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      GtkWidget *calendar;

      gtk_editable_set_text (GTK_EDITABLE (date), days[i]);
      calendar = open_picker_by_key (date, "<Alt>Down", GTK_TYPE_CALENDAR);
      {
        g_autoptr(GDateTime) shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
        g_autofree char *text = g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (shown),
                                                 g_date_time_get_month (shown),
                                                 g_date_time_get_day_of_month (shown));

        g_assert_cmpstr (text, ==, days[i]);
      }
      kt_ui_send_keys (calendar, "Return");
      kt_ui_iterate (50);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, days[i]);
    }
  kt_format_set_time_zone (NULL);
}

/* Issue 12: dates were free text. Alt+Down opens the calendar on the
 * row's day with the keyboard in it, the arrows and Page Down move the
 * day, Enter writes it the way the language reads it back (ISO in
 * English, never "25.11.2026") and gives the keyboard back to the row;
 * Escape closes without a change; a click on a day picks it, a click on
 * the month's arrow does not. Real key presses and clicks (XTest), so a
 * broken keyboard path fails here. */
static void
test_task_date_picker (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  GtkWindow *editor;
  GtkWidget *date;
  GtkWidget *calendar;
  GtkWidget *popover;
  GtkWidget *arrow;
  g_autofree char *expected = NULL;
  g_autofree char *fifteenth = NULL;

  editor = open_task_row (fixture, "due_date", _("Choose a Date"), &date);
  gtk_editable_set_text (GTK_EDITABLE (date), "2026-11-25");
  calendar = open_picker_by_key (date, "<Alt>Down", GTK_TYPE_CALENDAR);
  popover = gtk_widget_get_ancestor (calendar, GTK_TYPE_POPOVER);
  g_free (kt_ui_screenshot (popover, "task-date-picker"));

  /* Two days on, a week on, a month on: 27 November, 4 December,
   * 4 January. */
  kt_ui_send_keys (calendar, "Right");
  kt_ui_send_keys (calendar, "Right");
  kt_ui_send_keys (calendar, "Down");
  kt_ui_send_keys (calendar, "Page_Down");
  g_assert_true (gtk_widget_get_mapped (popover));
  /* Moving is not picking. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2026-11-25");
  kt_ui_send_keys (calendar, "Return");
  kt_ui_iterate (50);
  expected = g_strdup ("2027-01-04");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, expected);
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_has_focus (date) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)), date));

  /* F4 opens it again on that day; Escape leaves the row as it was. */
  calendar = open_picker_by_key (date, "F4", GTK_TYPE_CALENDAR);
  {
    g_autoptr(GDateTime) shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
    g_autofree char *text = date_text (shown);

    g_assert_cmpstr (text, ==, expected);
  }
  kt_ui_send_keys (calendar, "Left");
  kt_ui_send_keys (calendar, "Escape");
  kt_ui_iterate (50);
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, expected);

  /* By the pointer: the next month's arrow changes the month only, a
   * day's number picks the day. */
  calendar = open_picker_by_key (date, "<Alt>Down", GTK_TYPE_CALENDAR);
  /* The header: previous month, the month, next month, then the year's. */
  arrow = kt_ui_find_widget (calendar, GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_next_sibling (arrow), "month"));
  arrow = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (arrow));
  g_assert_true (GTK_IS_BUTTON (arrow));
  kt_ui_click (arrow);
  g_assert_true (gtk_widget_get_mapped (popover));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, expected);
  {
    g_autoptr(GDateTime) shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));

    g_assert_cmpint (g_date_time_get_month (shown), ==, 2);
  }
  kt_ui_click (find_day_label (calendar, "15"));
  kt_ui_iterate (100);
  {
    g_autoptr(GDateTime) shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));

    fifteenth = g_date_time_format (shown, "%Y-%m-15");
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, fifteenth);
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

/* And times: Alt+Down opens hour and minute spinners on the row's time
 * (an empty row on the next full hour) with the keyboard on the hour;
 * Up and Down change it, Tab goes to the minutes (steps of five), Enter
 * writes HH:MM and closes; Escape closes. Real keys again. */
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
  g_autofree char *expected = g_strdup_printf ("%02d:05", (next_hour + 2) % 24);

  editor = open_task_row (fixture, "due_time", _("Choose a Time"), &time);
  hours = open_picker_by_key (time, "<Alt>Down", GTK_TYPE_SPIN_BUTTON);
  popover = gtk_widget_get_ancestor (hours, GTK_TYPE_POPOVER);
  minutes = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (hours));
  g_assert_true (GTK_IS_SPIN_BUTTON (minutes));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (hours)), ==, next_hour);

  kt_ui_send_keys (hours, "Up");
  kt_ui_send_keys (hours, "Up");
  kt_ui_send_keys (hours, "Tab");
  kt_ui_iterate (20);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)), minutes) ||
                 gtk_root_get_focus (GTK_ROOT (editor)) == minutes);
  kt_ui_send_keys (minutes, "Up");
  kt_ui_send_keys (minutes, "Return");
  kt_ui_iterate (50);
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time)), ==, expected);

  /* Opened again, it shows the row's time; Escape changes nothing. */
  gtk_editable_set_text (GTK_EDITABLE (time), "09:30");
  hours = open_picker_by_key (time, "F4", GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (hours)), ==, 9);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (minutes)), ==, 30);
  kt_ui_send_keys (hours, "Escape");
  kt_ui_iterate (50);
  g_assert_false (gtk_widget_get_visible (popover));
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
  ADD ("/ui/forms/date-picker-edge-days", test_date_picker_edge_days);
  ADD ("/ui/forms/task-time-picker", test_task_time_picker);

  return g_test_run ();
}
