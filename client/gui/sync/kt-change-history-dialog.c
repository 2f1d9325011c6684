/* kt-change-history-dialog.c: a record's history, who changed what and
 * when
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-change-history"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kt-change-history-dialog.h"
#include "kt-format.h"
#include "kt-owners.h"
#include "kt-store-history.h"
#include "kt-sync-format.h"
#include "kt-sync-history.h"

struct _KtChangeHistoryDialog
{
  AdwWindow       parent_instance;

  KtStore        *store;
  KtRecord       *record;
  GCancellable   *cancellable;
  guint           n_entries;
  gboolean        loading;
  gboolean        offline;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkListBox     *list_box;
  GtkLabel       *offline_label;
};

G_DEFINE_FINAL_TYPE (KtChangeHistoryDialog, kt_change_history_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static const char *
field_label (const KtEntity *entity,
             const char     *field)
{
  const KtField *f = kt_entity_get_field (entity, field);

  if (f != NULL)
    return _(f->label);
  if (g_strcmp0 (field, KT_META_OWNER) == 0)
    return _("Owner");
  return field;
}

/* A value as a person reads it; people are named, not shown as ids. */
static char *
format_value (KtStore        *store,
              const KtEntity *entity,
              const char     *field,
              const char     *json)
{
  const KtField *f = kt_entity_get_field (entity, field);
  gboolean person = g_strcmp0 (field, KT_META_OWNER) == 0 ||
                    (f != NULL && f->type == KT_FIELD_REF && g_strcmp0 (f->ref_entity, "user") == 0);

  if (person && json != NULL)
    {
      g_autoptr (JsonNode) node = json_from_string (json, NULL);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        return kt_owners_dup_name (store, json_node_get_string (node), NULL);
    }
  return kt_change_history_format_value (json);
}

static char *
dup_author (KtStore             *store,
            const KtHistoryItem *item)
{
  if (item->author_id != NULL && g_strcmp0 (item->author_id, kt_store_get_user_id (store)) == 0)
    return g_strdup (C_("author", "You"));
  if (item->author_name != NULL && *item->author_name != '\0')
    return g_strdup (item->author_name);
  if (item->author_id != NULL)
    return kt_owners_dup_name (store, item->author_id, NULL);
  return NULL;
}

/* Who made the change and when, for the row's suffix. */
static char *
dup_when (KtStore             *store,
          const KtHistoryItem *item)
{
  g_autofree char *author = dup_author (store, item);
  g_autofree char *relative = NULL;

  if (item->source == KT_HISTORY_SOURCE_PENDING)
    return g_strdup (_("You, not synced yet"));

  if (item->time_ms > 0)
    {
      g_autoptr (GDateTime) time = kt_format_from_unix (item->time_ms / 1000);

      relative = kt_sync_format_relative (time, NULL);
    }

  if (item->source == KT_HISTORY_SOURCE_REPLACED && author == NULL)
    {
      if (relative == NULL)
        return g_strdup (_("Changed elsewhere"));
      /* Translators: %s is a relative time, e.g. "5 minutes ago" */
      return g_strdup_printf (_("Changed elsewhere %s"), relative);
    }
  if (author == NULL)
    return g_strdup (relative != NULL ? relative : "");
  if (relative == NULL)
    return g_strdup (author);
  /* Translators: who made a change and when, e.g. "Maria Petrova, 5 minutes ago" */
  return g_strdup_printf (_("%1$s, %2$s"), author, relative);
}

static GtkWidget *
create_row (KtStore             *store,
            const KtEntity      *entity,
            const KtHistoryItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = dup_when (store, item);
  GtkWidget *when_label;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (item->field == NULL)
    {
      const char *title = g_strcmp0 (item->change, "created") == 0 ? _("Created") :
                          g_strcmp0 (item->change, "deleted") == 0 ? _("Deleted") : _("Restored");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  else
    {
      g_autofree char *new_text = format_value (store, entity, item->field, item->new_value);
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (entity, item->field));
      if (item->source == KT_HISTORY_SOURCE_PENDING)
        /* Translators: the value a change not synced yet gave a field */
        subtitle = g_strdup_printf (_("Now “%s”"), new_text);
      else
        {
          g_autofree char *old_text = format_value (store, entity, item->field, item->old_value);

          /* Translators: a field's earlier value and the value that replaced it */
          subtitle = g_strdup_printf (_("Was “%1$s”, now “%2$s”"), old_text, new_text);
        }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
    }

  when_label = gtk_label_new (when);
  gtk_widget_add_css_class (when_label, "dim-label");
  /* A wrapping label would ask for its narrowest width and break "Maria
   * Petrova, 5 minutes ago" into a column of words. */
  gtk_label_set_ellipsize (GTK_LABEL (when_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (when_label), 30);
  gtk_label_set_xalign (GTK_LABEL (when_label), 1.0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), when_label);

  return row;
}

static void
show_items (KtChangeHistoryDialog *self,
            JsonArray             *server_items)
{
  const KtEntity *entity = kt_record_get_entity (self->record);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  self->n_entries = 0;

  items = kt_store_history_items (self->store, entity, kt_record_get_id (self->record),
                                  server_items, &error);
  if (items == NULL)
    {
      g_warning ("Could not read the change history: %s", error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->list_box, create_row (self->store, entity, g_ptr_array_index (items, i)));
  self->n_entries = items->len;
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
}

static void
set_loading (KtChangeHistoryDialog *self,
             gboolean               loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_history_fetched_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (KtChangeHistoryDialog) self = user_data;
  g_autoptr (JsonArray) server_items = NULL;
  g_autoptr (GError) error = NULL;

  server_items = kt_sync_history_fetch_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (server_items == NULL)
    {
      /* Offline (or the server refused): what this computer knows stays,
       * and the note says that it is not everything. */
      g_debug ("Could not fetch the record's history: %s", error->message);
      self->offline = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self->offline_label), TRUE);
    }
  else
    show_items (self, server_items);
  set_loading (self, FALSE);
}

static void
kt_change_history_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  KtChangeHistoryDialog *self = KT_CHANGE_HISTORY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_change_history_dialog_dispose (GObject *object)
{
  KtChangeHistoryDialog *self = KT_CHANGE_HISTORY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (kt_change_history_dialog_parent_class)->dispose (object);
}

static void
kt_change_history_dialog_class_init (KtChangeHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kt_change_history_dialog_get_property;
  object_class->dispose = kt_change_history_dialog_dispose;

  /**
   * KtChangeHistoryDialog:loading:
   *
   * Whether the server's history is being fetched.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/sync/kt-change-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtChangeHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtChangeHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KtChangeHistoryDialog, list_box);
  gtk_widget_class_bind_template_child (widget_class, KtChangeHistoryDialog, offline_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_change_history_dialog_init (KtChangeHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
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
  g_autofree char *title = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  self = g_object_new (KT_TYPE_CHANGE_HISTORY_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->record = g_object_ref (record);
  title = kt_record_dup_title (record);
  adw_window_title_set_subtitle (self->window_title, title);
  show_items (self, NULL);

  return self;
}

/**
 * kt_change_history_dialog_load_server:
 * @self: a #KtChangeHistoryDialog
 * @engine: the store's sync engine
 *
 * Fetches the server's history of the record and shows it merged with
 * what this computer knows. Does nothing for a store never signed in.
 */
void
kt_change_history_dialog_load_server (KtChangeHistoryDialog *self,
                                      KtSyncEngine          *engine)
{
  g_return_if_fail (KT_IS_CHANGE_HISTORY_DIALOG (self));
  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));

  if (!kt_sync_engine_is_connected (engine))
    return;

  set_loading (self, TRUE);
  kt_sync_history_fetch_async (engine, kt_record_get_entity (self->record), kt_record_get_id (self->record),
                               self->cancellable, on_history_fetched_cb, g_object_ref (self));
}

gboolean
kt_change_history_dialog_get_loading (KtChangeHistoryDialog *self)
{
  g_return_val_if_fail (KT_IS_CHANGE_HISTORY_DIALOG (self), FALSE);

  return self->loading;
}

gboolean
kt_change_history_dialog_get_offline (KtChangeHistoryDialog *self)
{
  g_return_val_if_fail (KT_IS_CHANGE_HISTORY_DIALOG (self), FALSE);

  return self->offline;
}

guint
kt_change_history_dialog_get_n_entries (KtChangeHistoryDialog *self)
{
  g_return_val_if_fail (KT_IS_CHANGE_HISTORY_DIALOG (self), 0);

  return self->n_entries;
}
