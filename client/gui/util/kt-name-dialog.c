/* kt-name-dialog.c: asking for a name (a saved view's, …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-name-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-name-dialog.h"

typedef struct
{
  GWeakRef          owner;
  KtNameDialogFunc  func;
  gpointer          user_data;
  GDestroyNotify    destroy;
} NameRequest;

static void
name_request_free (gpointer data)
{
  NameRequest *request = data;

  g_weak_ref_clear (&request->owner);
  if (request->destroy != NULL)
    request->destroy (request->user_data);
  g_free (request);
}

static void
update_accept (GtkEditable      *entry,
               AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  /* A blank name would list as an empty row nobody can point at. */
  adw_message_dialog_set_response_enabled (dialog, "accept", *name != '\0');
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                gpointer          user_data)
{
  NameRequest *request = g_object_get_data (G_OBJECT (dialog), "kt-request");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "kt-entry");
  g_autoptr(GtkWidget) owner = g_weak_ref_get (&request->owner);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "accept") != 0 || *name == '\0' || owner == NULL)
    return;
  request->func (owner, name, request->user_data);
}

GtkWidget *
kt_name_dialog_present (GtkWidget        *owner,
                        const char       *heading,
                        const char       *body,
                        const char       *initial,
                        const char       *accept_label,
                        KtNameDialogFunc  func,
                        gpointer          user_data,
                        GDestroyNotify    destroy)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dialog;
  NameRequest *request = g_new0 (NameRequest, 1);

  g_return_val_if_fail (GTK_IS_WIDGET (owner), NULL);

  g_weak_ref_init (&request->owner, owner);
  request->func = func;
  request->user_data = user_data;
  request->destroy = destroy;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (owner)), heading, body);
  gtk_editable_set_text (GTK_EDITABLE (entry), initial != NULL ? initial : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), 80);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", accept_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "kt-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "kt-request", request, name_request_free);
  update_accept (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (entry, "changed", G_CALLBACK (update_accept), dialog, 0);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
