/* kt-form-state.h: what a form's widget showed when the record was loaded
 *
 * An editor writes back only what the person changed: a value the form
 * cannot show exactly (a time with seconds, a choice it does not offer,
 * an assignee this computer does not know, an unset flag shown as off)
 * would otherwise be overwritten by what the widget makes of it. The form
 * marks each widget once it is filled, and asks on Save whether the
 * widget still shows the same.
 *
 * Understood: GtkEditable (entry rows, entries, spin buttons), AdwComboRow
 * (the selected position), GtkSwitch, GtkTextView (the buffer's text) and
 * any widget with a string property "record-id" (KtRecordPicker).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Remembers what @widget shows now as its loaded value. */
void     kt_form_state_mark_loaded (GtkWidget *widget);
/* TRUE if @widget shows something other than its loaded value, or was
 * never marked. */
gboolean kt_form_state_changed     (GtkWidget *widget);

G_END_DECLS
