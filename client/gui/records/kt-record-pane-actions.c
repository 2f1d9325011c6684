/* kt-record-pane-actions.c: what the record pane does: new, edit,
 * delete with undo, tag in bulk, search, reload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-record-text.h"

#include "kt-record-pane.h"
#include "kt-record-pane-private.h"
#include "kt-toast.h"

/* Undone (by Ctrl+Z too): the delete's toast must not offer it a second
 * time. A new toast takes its place first: libadwaita 1.2 asserts when
 * the shown toast is dismissed while the one it pushed back into the
 * queue is still sliding out, so the old one is only taken from the
 * queue. */
static void
replace_undo_toast (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  AdwToast *toast = adw_toast_new (_("Deletion undone"));

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  kt_widget_add_toast (GTK_WIDGET (self), toast);
  if (priv->undo_toast != NULL)
    adw_toast_dismiss (priv->undo_toast);
  g_clear_weak_pointer (&priv->undo_toast);
}

static void
undo_delete (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autoptr(GPtrArray) ids = g_steal_pointer (&priv->undo_ids);
  KtStore *store = kt_context_get_store (priv->context);
  const KtEntity *entity = kt_record_pane_spec (self)->entity;

  if (ids == NULL)
    return;


  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!kt_store_undelete (store, entity, g_ptr_array_index (ids, i), &error))
        {
          kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
          return;
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.undo", FALSE);
  replace_undo_toast (self);
}

static void
on_undo_clicked_cb (KtRecordPane *self,
                    AdwToast     *toast)
{
  undo_delete (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtRecordPane *self = KT_RECORD_PANE (widget);
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  KtStore *store = kt_context_get_store (priv->context);
  g_autoptr(GPtrArray) records = kt_record_pane_dup_selected_records (self);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *first_title = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (records->len == 0)
    return;

  for (guint i = 0; spec->can_delete != NULL && i < records->len; i++)
    {
      g_autofree char *why = NULL;

      if (!spec->can_delete (g_ptr_array_index (records, i), &why))
        {
          kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (why));
          return;
        }
    }

  first_title = kt_record_text_title (g_ptr_array_index (records, 0));

  for (guint i = 0; i < records->len; i++)
    {
      KtRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GError) error = NULL;

      if (!kt_store_delete (store, spec->entity, kt_record_get_id (record), &error))
        {
          kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
          break;
        }
      g_ptr_array_add (ids, g_strdup (kt_record_get_id (record)));
    }

  if (ids->len == 0)
    return;

  g_clear_pointer (&priv->undo_ids, g_ptr_array_unref);
  priv->undo_ids = g_steal_pointer (&ids);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.undo", TRUE);

  message = spec->deleted_text (priv->undo_ids->len, first_title);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&priv->undo_toast, toast);
  kt_widget_add_toast (GTK_WIDGET (self), toast);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  undo_delete (KT_RECORD_PANE (widget));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  kt_record_pane_open_form (KT_RECORD_PANE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtRecordPane *self = KT_RECORD_PANE (widget);
  g_autoptr(KtRecord) record = kt_record_pane_dup_single_selected (self);

  if (record != NULL)
    kt_record_pane_open_form (self, record);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtRecordPanePrivate *priv = PRIV (KT_RECORD_PANE (widget));

  gtk_widget_grab_focus (GTK_WIDGET (priv->search_entry));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtRecordPane *self = KT_RECORD_PANE (widget);
  KtRecordPanePrivate *priv = PRIV (self);

  g_hash_table_remove_all (priv->title_cache);
  kt_record_pane_apply_query (self);
}

static void
select_none_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KtRecordPanePrivate *priv = PRIV (KT_RECORD_PANE (widget));

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (priv->selection));
}

static gboolean
add_tag (KtRecordPane  *self,
         const char    *tag,
         GError       **error)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autoptr(GPtrArray) records = kt_record_pane_dup_selected_records (self);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < records->len; i++)
    {
      KtRecord *record = g_ptr_array_index (records, i);
      const char * const *tags = kt_record_get_tags (record, "tags");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) new_tags = NULL;
      KtRecord *copy;

      if (tags != NULL && g_strv_contains (tags, tag))
        continue;

      if (tags != NULL)
        g_strv_builder_addv (builder, (const char **) tags);
      g_strv_builder_add (builder, tag);
      new_tags = g_strv_builder_end (builder);

      copy = kt_record_copy (record);
      kt_record_set_tags (copy, "tags", (const char * const *) new_tags);
      g_ptr_array_add (changed, copy);
    }

  /* All of them or none: one transaction. */
  return changed->len == 0 ||
         kt_store_save_all (kt_context_get_store (priv->context), changed, error);
}

static void
on_tag_dialog_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           KtRecordPane     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "kt-entry");
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0 || *tag == '\0')
    return;

  if (!add_tag (self, tag, &error))
    kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
  else
    {
      /* Translators: %s is a tag */
      g_autofree char *message = g_strdup_printf (_("Tagged “%s”"), tag);

      kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
    }
}

static void
tag_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  KtRecordPane *self = KT_RECORD_PANE (widget);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Add a Tag"),
                                   _("The tag is added to every selected record."));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Tag"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tag"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Tag"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "kt-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_tag_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  kt_record_pane_show_record (KT_RECORD_PANE (widget), g_variant_get_string (param, NULL));
}

void
kt_record_pane_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pane.show-record", "s", show_record_action);
  gtk_widget_class_install_action (widget_class, "pane.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "pane.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "pane.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "pane.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "pane.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "pane.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "pane.tag", NULL, tag_action);
  gtk_widget_class_install_action (widget_class, "pane.select-none", NULL, select_none_action);
}
