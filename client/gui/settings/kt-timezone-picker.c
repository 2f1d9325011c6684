/* kt-timezone-picker.c: a searchable list of time zones beside a row
 *
 * There are about 600 names, too many for a combo row, and libadwaita 1.2
 * has no searchable combo row: the row stays a text row (what is typed
 * is checked by the organization's own rule) and the button beside it
 * offers the list, filtered as the person types "sofia" or "new_york".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-timezone-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-timezone.h"
#include "kt-timezone-picker.h"

static void
pick (GtkWidget  *popover,
      const char *name)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (popover), "kt-row");

  gtk_editable_set_text (GTK_EDITABLE (row), name);
  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_editable_set_position (GTK_EDITABLE (row), -1);
}

static void
on_list_activate_cb (GtkListView *list,
                     guint        position,
                     GtkWidget   *popover)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)),
                                                           position);

  if (item != NULL)
    pick (popover, gtk_string_object_get_string (item));
}

/* Enter in the search takes the first name that matches. */
static void
on_search_activate_cb (GtkSearchEntry *entry,
                       GtkWidget      *popover)
{
  GListModel *filtered = g_object_get_data (G_OBJECT (popover), "kt-filtered");
  g_autoptr(GtkStringObject) item = g_list_model_get_item (filtered, 0);

  if (item != NULL)
    pick (popover, gtk_string_object_get_string (item));
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkStringObject *name = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (name));
}

/* The search starts empty and has the keyboard each time the list opens. */
static void
on_popover_show_cb (GtkWidget *popover,
                    GtkWidget *search)
{
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  gtk_widget_grab_focus (search);
}

void
kt_timezone_picker_attach (AdwEntryRow *row)
{
  guint n_names = 0;
  const char * const *names = kt_timezone_get_names (&n_names);
  g_autoptr(GtkStringList) all = gtk_string_list_new (NULL);
  GtkStringFilter *filter;
  GtkFilterListModel *filtered;
  GtkListItemFactory *factory;
  GtkWidget *button, *popover, *box, *search, *scrolled, *list;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  for (guint i = 0; i < n_names; i++)
    gtk_string_list_append (all, names[i]);
  filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_filter_set_match_mode (filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (filter, TRUE);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_steal_pointer (&all)), GTK_FILTER (filter));

  search = gtk_search_entry_new ();
  g_object_set (search, "placeholder-text", _("Search time zones"), NULL);
  g_object_bind_property (search, "text", filter, "search", G_BINDING_DEFAULT);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (filtered))), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (list), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time zones"), -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_size_request (box, 240, -1);
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), scrolled);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_object_set_data (G_OBJECT (popover), "kt-row", row);
  g_object_set_data (G_OBJECT (popover), "kt-filtered", filtered);
  g_signal_connect (popover, "show", G_CALLBACK (on_popover_show_cb), search);
  g_signal_connect (search, "activate", G_CALLBACK (on_search_activate_cb), popover);
  g_signal_connect (list, "activate", G_CALLBACK (on_list_activate_cb), popover);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "find-location-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose a Time Zone"));
  gtk_widget_set_name (button, "time-zone-button");
  adw_entry_row_add_suffix (row, button);
}
