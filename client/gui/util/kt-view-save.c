/* kt-view-save.c: "Save View…" of any pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-view-save"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-name-dialog.h"
#include "kt-saved-views.h"
#include "kt-toast.h"
#include "kt-view-save.h"

typedef struct
{
  KtStore    *store;
  char       *section;
  JsonObject *state;
} ViewToSave;

static void
view_to_save_free (gpointer data)
{
  ViewToSave *view = data;

  g_object_unref (view->store);
  g_free (view->section);
  json_object_unref (view->state);
  g_free (view);
}

static void
on_named (GtkWidget  *pane,
          const char *name,
          gpointer    user_data)
{
  ViewToSave *view = user_data;
  g_autoptr(KtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  record = kt_saved_views_create (view->store, view->section, name, view->state, &error);
  if (record == NULL)
    message = g_strdup (error->message);
  else
    /* Translators: %s is the name a person gave a saved view */
    message = g_strdup_printf (_("View “%s” saved"), kt_record_get_string (record, "name"));
  kt_widget_add_toast (pane, adw_toast_new (message));
}

GtkWidget *
kt_view_save_present (GtkWidget   *pane,
                      KtStore     *store,
                      const char  *section,
                      JsonObject  *state)
{
  ViewToSave *view = g_new0 (ViewToSave, 1);

  g_return_val_if_fail (GTK_IS_WIDGET (pane) && KT_IS_STORE (store) && state != NULL, NULL);

  /* What the pane showed when Save View was chosen, not when the name
   * is given: the dialog is modal, so they are the same anyway. */
  view->store = g_object_ref (store);
  view->section = g_strdup (section);
  view->state = json_object_ref (state);
  return kt_name_dialog_present (pane, _("Save View"),
                                 _("The search, filters, sort and columns are saved under this name "
                                   "and listed in the sidebar."),
                                 NULL, _("_Save"), on_named, view, view_to_save_free);
}
