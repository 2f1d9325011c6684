/* kt-form-pickers.c: the calendar and clock buttons of a form's rows
 *
 * A date or time row stays a text row, so a person can type, and what
 * they type is read as before; the button beside it offers a calendar
 * or hour and minute spinners in a popover and writes the choice the way
 * the row reads it back in the person's language.
 *
 * Both work from the keyboard (docs/ui.md, "Dates and times"): Alt+Down
 * or F4 in the row opens the popover with the keyboard in it; in the
 * calendar the arrows move the day, Page Up and Page Down the month, and
 * Enter or Space picks; in the clock Up and Down change the hour or the
 * minutes and Enter picks; Escape closes without a change. A pick puts
 * the keyboard back into the row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-form"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kt-form.h"
#include "kt-format.h"

/* A date as the rows write it for editing, which kt_format_parse_date()
 * reads back: "25.11.2026" in Bulgarian, "2026-11-25" otherwise, since
 * English has no numeric order everyone reads the same way. The year has
 * four digits, as kt_format_date() writes it: GLib's %Y writes the year
 * 999 as "999". */
static char *
format_date_for_editing (GDateTime *date)
{
  int year = g_date_time_get_year (date);
  int month = g_date_time_get_month (date);
  int day = g_date_time_get_day_of_month (date);

  if (kt_format_get_decimal_mark () == ',')
    return g_strdup_printf ("%02d.%02d.%04d", day, month, year);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/* Closes @popover and gives the keyboard back to @row, at the end of
 * its text, where the person goes on typing or presses Tab. */
static void
close_into_row (GtkWidget *popover,
                GtkWidget *row)
{
  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_widget_grab_focus (row);
  gtk_editable_set_position (GTK_EDITABLE (row), -1);
}

static void
pick_date (GtkCalendar *calendar,
           GtkWidget   *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = format_date_for_editing (date);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  close_into_row (gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER), row);
}

/* GtkCalendar also says a day is selected when its arrows change the
 * month, so only a click on a day's number picks it. */
static void
on_calendar_pressed_cb (GtkGestureClick *gesture,
                        int              n_press,
                        double           x,
                        double           y,
                        GtkWidget       *calendar)
{
  GtkWidget *target = gtk_widget_pick (calendar, x, y, GTK_PICK_DEFAULT);

  g_object_set_data (G_OBJECT (calendar), "kt-day-pressed",
                     GINT_TO_POINTER (target != NULL && gtk_widget_has_css_class (target, "day-number")));
}

static void
on_calendar_day_selected_cb (GtkCalendar *calendar,
                             GtkWidget   *row)
{
  if (g_object_get_data (G_OBJECT (calendar), "kt-day-pressed") == NULL)
    return;
  g_object_set_data (G_OBJECT (calendar), "kt-day-pressed", NULL);
  pick_date (calendar, row);
}

/* Shows @date without picking it. */
static void
move_to (GtkCalendar *calendar,
         GDateTime   *date)
{
  g_object_set_data (G_OBJECT (calendar), "kt-day-pressed", NULL);
  gtk_calendar_select_day (calendar, date);
}

/* GtkCalendar's own keys move a focus mark apart from the selection and
 * pick with Space only; here the arrows move the selected day itself, so
 * what Enter picks is what the person sees highlighted. */
static gboolean
on_calendar_key_pressed_cb (GtkEventControllerKey *controller,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            GtkWidget             *row)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) moved = NULL;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      moved = g_date_time_add_days (date, gtk_widget_get_direction (row) == GTK_TEXT_DIR_RTL ? 1 : -1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      moved = g_date_time_add_days (date, gtk_widget_get_direction (row) == GTK_TEXT_DIR_RTL ? -1 : 1);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      moved = g_date_time_add_weeks (date, -1);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      moved = g_date_time_add_weeks (date, 1);
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      moved = g_date_time_add_months (date, -1);
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      moved = g_date_time_add_months (date, 1);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      pick_date (calendar, row);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  move_to (calendar, moved);
  return GDK_EVENT_STOP;
}

/* The calendar opens on the row's date, else today, with the keyboard
 * in it. */
static void
on_date_popover_show_cb (GtkWidget *popover,
                         GtkWidget *row)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (GTK_POPOVER (popover)));
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) date = NULL;

  if (kt_format_parse_date (gtk_editable_get_text (GTK_EDITABLE (row)), &iso, NULL))
    {
      int y = 0, m = 0, d = 0;

      /* The calendar shows a day, which has no zone: midnight of that
       * day in the shown zone may not exist (Kiritimati skipped
       * 1994-12-31), and GLib would open the calendar on the next. */
      if (sscanf (iso, "%d-%d-%d", &y, &m, &d) == 3)
        date = g_date_time_new_utc (y, m, d, 0, 0, 0);
    }
  if (date == NULL)
    date = kt_format_now ();

  move_to (calendar, date);
  gtk_widget_grab_focus (GTK_WIDGET (calendar));
}

static gboolean
open_popover_cb (GtkWidget *row,
                 GVariant  *args,
                 gpointer   user_data)
{
  GtkMenuButton *button = g_object_get_data (G_OBJECT (row), "kt-picker-button");

  gtk_menu_button_popup (button);
  return TRUE;
}

static GtkWidget *
add_popover_button (GtkWidget  *row,
                    const char *icon_name,
                    const char *tooltip,
                    GtkWidget  *content)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *button = gtk_menu_button_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkShortcutAction *action = gtk_callback_action_new (open_popover_cb, NULL, NULL);

  gtk_popover_set_child (GTK_POPOVER (popover), content);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), icon_name);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);

  /* Alt+Down as a combo box opens, F4 as in other toolkits' date
   * fields; before the row's text sees them. */
  g_object_set_data (G_OBJECT (row), "kt-picker-button", button);
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_shortcut_trigger_parse_string ("<Alt>Down"),
                                                                                       gtk_shortcut_trigger_parse_string ("F4")),
                                                          action));
  gtk_widget_add_controller (row, shortcuts);
  return popover;
}

void
kt_form_add_date_button (KtForm    *self,
                         GtkWidget *row)
{
  GtkWidget *popover;
  GtkWidget *calendar;
  GtkEventController *keys;
  GtkGesture *click;

  g_return_if_fail (KT_IS_FORM (self));
  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  calendar = gtk_calendar_new ();
  popover = add_popover_button (row, "x-office-calendar-symbolic", _("Choose a Date"), calendar);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_calendar_key_pressed_cb), row, 0);
  gtk_widget_add_controller (calendar, keys);
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_calendar_pressed_cb), calendar, 0);
  gtk_widget_add_controller (calendar, GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (popover, "show", G_CALLBACK (on_date_popover_show_cb), row, 0);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (on_calendar_day_selected_cb), row, 0);
}

/* "HH:MM", as the time rows read it in every language. */
static void
on_time_changed_cb (GtkWidget *popover)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (popover), "row");
  GtkSpinButton *hours = g_object_get_data (G_OBJECT (popover), "hours");
  GtkSpinButton *minutes = g_object_get_data (G_OBJECT (popover), "minutes");
  g_autofree char *text = NULL;

  if (g_object_get_data (G_OBJECT (popover), "filling") != NULL)
    return;
  text = g_strdup_printf ("%02d:%02d", gtk_spin_button_get_value_as_int (hours),
                          gtk_spin_button_get_value_as_int (minutes));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Enter in a spinner: the time is what they show, written already as
 * they changed; write it once more for a value typed and not yet
 * committed, then close. */
static void
on_time_activate_cb (GtkWidget *popover)
{
  GtkSpinButton *hours = g_object_get_data (G_OBJECT (popover), "hours");
  GtkSpinButton *minutes = g_object_get_data (G_OBJECT (popover), "minutes");

  gtk_spin_button_update (hours);
  gtk_spin_button_update (minutes);
  on_time_changed_cb (popover);
  close_into_row (popover, g_object_get_data (G_OBJECT (popover), "row"));
}

/* The spinners open on the row's time, else the next full hour, with
 * the keyboard on the hour. */
static void
on_time_popover_show_cb (GtkWidget *popover,
                         GtkWidget *row)
{
  GtkSpinButton *hours = g_object_get_data (G_OBJECT (popover), "hours");
  GtkSpinButton *minutes = g_object_get_data (G_OBJECT (popover), "minutes");
  int h = -1, m = -1;

  if (sscanf (gtk_editable_get_text (GTK_EDITABLE (row)), "%d:%d", &h, &m) != 2 ||
      h < 0 || h > 23 || m < 0 || m > 59)
    {
      g_autoptr(GDateTime) now = kt_format_now ();

      h = (g_date_time_get_hour (now) + 1) % 24;
      m = 0;
    }
  g_object_set_data (G_OBJECT (popover), "filling", GINT_TO_POINTER (TRUE));
  gtk_spin_button_set_value (hours, h);
  gtk_spin_button_set_value (minutes, m);
  g_object_set_data (G_OBJECT (popover), "filling", NULL);
  gtk_widget_grab_focus (GTK_WIDGET (hours));
}

static GtkWidget *
make_spinner (int         max,
              int         step,
              const char *label)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_increments (GTK_SPIN_BUTTON (spin), step, step * 3);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return spin;
}

void
kt_form_add_time_button (KtForm    *self,
                         GtkWidget *row)
{
  GtkWidget *box;
  GtkWidget *hours;
  GtkWidget *minutes;
  GtkWidget *popover;

  g_return_if_fail (KT_IS_FORM (self));
  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  hours = make_spinner (23, 1, _("Hour"));
  minutes = make_spinner (59, 5, _("Minute"));
  gtk_box_append (GTK_BOX (box), hours);
  gtk_box_append (GTK_BOX (box), gtk_label_new (":"));
  gtk_box_append (GTK_BOX (box), minutes);
  popover = add_popover_button (row, "preferences-system-time-symbolic", _("Choose a Time"), box);
  g_object_set_data (G_OBJECT (popover), "hours", hours);
  g_object_set_data (G_OBJECT (popover), "minutes", minutes);
  g_object_set_data (G_OBJECT (popover), "row", row);

  g_signal_connect_object (popover, "show", G_CALLBACK (on_time_popover_show_cb), row, 0);
  g_signal_connect_object (hours, "value-changed", G_CALLBACK (on_time_changed_cb), popover, G_CONNECT_SWAPPED);
  g_signal_connect_object (minutes, "value-changed", G_CALLBACK (on_time_changed_cb), popover, G_CONNECT_SWAPPED);
  /* GTK 4.8's spin button has no ::activate of its own; its text has. */
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (hours)), "activate",
                           G_CALLBACK (on_time_activate_cb), popover, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (minutes)), "activate",
                           G_CALLBACK (on_time_activate_cb), popover, G_CONNECT_SWAPPED);
}
