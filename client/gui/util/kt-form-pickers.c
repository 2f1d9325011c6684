/* kt-form-pickers.c: the calendar and clock buttons of a form's rows
 *
 * A date or time row stays a text row, so a person can type, and what
 * they type is read as before; the button beside it offers a calendar
 * or hour and minute spinners in a popover and writes the choice the way
 * the row reads it back in the person's language.
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
 * English has no numeric order everyone reads the same way. */
static char *
format_date_for_editing (GDateTime *date)
{
  if (kt_format_get_decimal_mark () == ',')
    return g_date_time_format (date, "%d.%m.%Y");
  return g_date_time_format (date, "%Y-%m-%d");
}

static void
on_calendar_day_selected_cb (GtkCalendar *calendar,
                             GtkWidget   *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = format_date_for_editing (date);
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* The calendar opens on the row's date, else today. */
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

      if (sscanf (iso, "%d-%d-%d", &y, &m, &d) == 3)
        date = g_date_time_new_local (y, m, d, 0, 0, 0);
    }
  if (date == NULL)
    date = g_date_time_new_now_local ();

  g_signal_handlers_block_by_func (calendar, on_calendar_day_selected_cb, row);
  gtk_calendar_select_day (calendar, date);
  g_signal_handlers_unblock_by_func (calendar, on_calendar_day_selected_cb, row);
}

static GtkWidget *
add_popover_button (GtkWidget  *row,
                    const char *icon_name,
                    const char *tooltip,
                    GtkWidget  *content)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *button = gtk_menu_button_new ();

  gtk_popover_set_child (GTK_POPOVER (popover), content);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), icon_name);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
  return popover;
}

void
kt_form_add_date_button (KtForm    *self,
                         GtkWidget *row)
{
  GtkWidget *popover;
  GtkWidget *calendar;

  g_return_if_fail (KT_IS_FORM (self));
  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  calendar = gtk_calendar_new ();
  popover = add_popover_button (row, "x-office-calendar-symbolic", _("Choose a Date"), calendar);

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

/* The spinners open on the row's time, else the next full hour. */
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
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      h = (g_date_time_get_hour (now) + 1) % 24;
      m = 0;
    }
  g_object_set_data (G_OBJECT (popover), "filling", GINT_TO_POINTER (TRUE));
  gtk_spin_button_set_value (hours, h);
  gtk_spin_button_set_value (minutes, m);
  g_object_set_data (G_OBJECT (popover), "filling", NULL);
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
}
