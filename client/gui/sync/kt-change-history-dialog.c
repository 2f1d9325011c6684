/* kt-change-history-dialog.c: the values of a record that later edits
 * from elsewhere replaced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-change-history"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kt-change-history-dialog.h"
#include "kt-format.h"
#include "kt-store-history.h"
#include "kt-sync-format.h"

struct _KtChangeHistoryDialog
{
  AdwWindow       parent_instance;

  guint           n_entries;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkListBox     *list_box;
};

G_DEFINE_FINAL_TYPE (KtChangeHistoryDialog, kt_change_history_dialog, ADW_TYPE_WINDOW)

char *
kt_change_history_format_value (const char *json)
{
  g_autoptr (JsonNode) node = NULL;

  if (json == NULL || g_str_equal (json, "null"))
    return g_strdup (_("(empty)"));

  node = json_from_string (json, NULL);
  if (node == NULL)
    return g_strdup (json);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (i > 0)
            g_string_append (text, ", ");
          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_string_append (text, json_node_get_string (element));
          else
            {
              g_autofree char *raw = json_to_string (element, FALSE);

              g_string_append (text, raw);
            }
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  return g_strdup (json);
}

/* The wall time of an HLC stamp ("2026-11-25T18:04:30.123Z-0001-..."). */
static GDateTime *
stamp_time (const char *hlc)
{
  KtHlcStamp stamp;

  if (hlc == NULL || !kt_hlc_parse (hlc, &stamp, NULL))
    return NULL;
  return g_date_time_new_from_unix_local (stamp.wall_ms / 1000);
}

static GtkWidget *
create_row (const KtEntity       *entity,
            const KtHistoryEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  const KtField *field = kt_entity_get_field (entity, entry->field);
  g_autofree char *old_text = kt_change_history_format_value (entry->old_value);
  g_autofree char *new_text = kt_change_history_format_value (entry->new_value);
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;
  g_autoptr (GDateTime) time = stamp_time (entry->new_hlc);
  GtkWidget *when_label;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 field != NULL ? _(field->label) : entry->field);
  /* Translators: a field's earlier value and the value that replaced it */
  subtitle = g_strdup_printf (_("Was “%1$s”, now “%2$s”"), old_text, new_text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  /* The server tells the winning edit's time (its clock), not who made
   * it: the sync feed carries no author yet. */
  if (time != NULL)
    {
      g_autofree char *relative = kt_sync_format_relative (time, NULL);

      /* Translators: %s is a relative time, e.g. "5 minutes ago" */
      when = g_strdup_printf (_("Changed elsewhere %s"), relative);
    }
  else
    when = g_strdup (_("Changed elsewhere"));
  when_label = gtk_label_new (when);
  gtk_widget_add_css_class (when_label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (when_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (when_label), 22);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), when_label);

  return row;
}

static void
kt_change_history_dialog_class_init (KtChangeHistoryDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/sync/kt-change-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtChangeHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtChangeHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KtChangeHistoryDialog, list_box);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_change_history_dialog_init (KtChangeHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kt_change_history_dialog_new:
 * @store: the store holding the history
 * @record: the record whose history to show
 *
 * Returns: (transfer full): a new dialog
 */
KtChangeHistoryDialog *
kt_change_history_dialog_new (KtStore  *store,
                              KtRecord *record)
{
  KtChangeHistoryDialog *self;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  self = g_object_new (KT_TYPE_CHANGE_HISTORY_DIALOG, NULL);
  title = kt_record_dup_title (record);
  adw_window_title_set_subtitle (self->window_title, title);

  entries = kt_store_history_list (store, kt_record_get_entity (record),
                                   kt_record_get_id (record), &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the change history: %s", error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return self;
    }

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->list_box,
                         create_row (kt_record_get_entity (record), g_ptr_array_index (entries, i)));
  self->n_entries = entries->len;
  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");

  return self;
}

guint
kt_change_history_dialog_get_n_entries (KtChangeHistoryDialog *self)
{
  g_return_val_if_fail (KT_IS_CHANGE_HISTORY_DIALOG (self), 0);

  return self->n_entries;
}
