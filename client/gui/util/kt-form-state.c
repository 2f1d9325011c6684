/* kt-form-state.c: what a form's widget showed when the record was loaded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-form-state"

#include "config.h"

#include <adwaita.h>

#include "kt-form-state.h"

#define LOADED_KEY "kt-form-state-loaded"

/* The widget's value as text: comparing text is enough to tell whether
 * the person changed it, whatever the widget. */
static char *
widget_value (GtkWidget *widget)
{
  if (ADW_IS_COMBO_ROW (widget))
    return g_strdup_printf ("%u", adw_combo_row_get_selected (ADW_COMBO_ROW (widget)));
  if (GTK_IS_SWITCH (widget))
    return g_strdup (gtk_switch_get_active (GTK_SWITCH (widget)) ? "1" : "0");
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  if (GTK_IS_EDITABLE (widget))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "record-id") != NULL)
    {
      g_autofree char *id = NULL;

      g_object_get (widget, "record-id", &id, NULL);
      /* "=" keeps an unset id apart from an empty one. */
      return id != NULL ? g_strconcat ("=", id, NULL) : g_strdup ("");
    }

  g_critical ("%s: cannot tell the value of a %s", G_STRFUNC, G_OBJECT_TYPE_NAME (widget));
  return g_strdup ("");
}

void
kt_form_state_mark_loaded (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_object_set_data_full (G_OBJECT (widget), LOADED_KEY, widget_value (widget), g_free);
}

gboolean
kt_form_state_changed (GtkWidget *widget)
{
  const char *loaded;
  g_autofree char *now = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), TRUE);

  loaded = g_object_get_data (G_OBJECT (widget), LOADED_KEY);
  if (loaded == NULL)
    return TRUE;
  now = widget_value (widget);
  return g_strcmp0 (loaded, now) != 0;
}
