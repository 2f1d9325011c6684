/* kt-record-pane-view.c: what a record pane shows, as a saved view's
 * state and back, and its list written to a CSV file
 *
 * The state (shared/kt-saved-view.c has its shape) is the search text,
 * the filters, the sort and the visible columns. Applying a state that
 * names what this pane does not know (a newer client's key, a column or
 * a member that is gone) leaves that part as it is: a view never fails
 * to open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-org-archive.h"
#include "kt-export.h"
#include "kt-narrow.h"
#include "kt-record-pane-private.h"
#include "kt-saved-views.h"
#include "kt-toast.h"
#include "kt-view-save.h"

/* Whether the person chose column @index (the Columns menu's state). */
static gboolean
column_chosen (KtRecordPane *self,
               guint         index)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autofree char *name = g_strdup_printf ("c%u", index);
  g_autoptr(GVariant) state = NULL;

  if (priv->column_actions == NULL)
    return TRUE;
  state = g_action_group_get_action_state (G_ACTION_GROUP (priv->column_actions), name);
  return state == NULL || g_variant_get_boolean (state);
}

static void
choose_column (KtRecordPane *self,
               guint         index,
               gboolean      chosen)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autofree char *name = g_strdup_printf ("c%u", index);
  GAction *action;

  if (priv->column_actions == NULL)
    return;
  action = g_action_map_lookup_action (G_ACTION_MAP (priv->column_actions), name);
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (chosen));
}

/* The columns shown: those chosen, and while the list is narrow only the
 * chosen ones marked narrow (or, when the person chose none of those,
 * the first chosen), so the name or the total stays readable. */
static void
update_column_visibility (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  GListModel *view_columns = gtk_column_view_get_columns (priv->column_view);
  guint n = g_list_model_get_n_items (view_columns);
  gboolean any_narrow = FALSE;
  int first_chosen = -1;

  for (guint i = 0; i < n && spec->columns[i].field != NULL; i++)
    if (column_chosen (self, i))
      {
        any_narrow |= spec->columns[i].narrow;
        if (first_chosen < 0)
          first_chosen = (int) i;
      }

  for (guint i = 0; i < n && spec->columns[i].field != NULL; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      gboolean visible = column_chosen (self, i);

      if (visible && priv->narrow)
        visible = any_narrow ? spec->columns[i].narrow : (int) i == first_chosen;
      if (visible == gtk_column_view_column_get_visible (column))
        continue;
      /* GTK 4.8 counts a hidden column's width in the view's minimum,
       * which left the expanding column nothing of the room the hidden
       * ones had: hidden, a column is 0 px wide, and gets back the width
       * it had (the spec's, or one the person dragged) when shown. */
      if (visible)
        gtk_column_view_column_set_fixed_width (column,
                                                GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column),
                                                                                    "kt-width")) - 1);
      else
        {
          g_object_set_data (G_OBJECT (column), "kt-width",
                             GINT_TO_POINTER (gtk_column_view_column_get_fixed_width (column) + 1));
          gtk_column_view_column_set_fixed_width (column, 0);
        }
      gtk_column_view_column_set_visible (column, visible);
    }
}

/**
 * kt_record_pane_dup_view_state:
 *
 * Returns: (transfer full): what the pane shows now, as a saved view's
 *   state
 */
JsonObject *
kt_record_pane_dup_view_state (KtRecordPane *self)
{
  KtRecordPanePrivate *priv;
  const KtRecordPaneSpec *spec;
  JsonObject *state = json_object_new ();
  JsonObject *filters = json_object_new ();
  JsonArray *columns = json_array_new ();
  GListModel *view_columns;
  g_autofree char *search = NULL;

  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);

  priv = PRIV (self);
  spec = kt_record_pane_spec (self);
  search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (priv->search_entry))));
  if (*search != '\0')
    json_object_set_string_member (state, "search", search);

  kt_record_pane_save_filters (self, filters);
  json_object_set_object_member (state, "filters", filters);

  if (priv->sort_field != NULL)
    {
      g_autofree char *sort = g_strconcat (priv->sort_descending ? "-" : "", priv->sort_field, NULL);

      json_object_set_string_member (state, "sort", sort);
    }

  /* The columns chosen, not those a narrow list shows. */
  view_columns = gtk_column_view_get_columns (priv->column_view);
  for (guint i = 0; spec->columns[i].field != NULL && i < g_list_model_get_n_items (view_columns); i++)
    if (column_chosen (self, i))
      json_array_add_string_element (columns, spec->columns[i].field);
  json_object_set_array_member (state, "columns", columns);

  return state;
}

static void
apply_sort (KtRecordPane *self,
            const char   *sort)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  GListModel *view_columns = gtk_column_view_get_columns (priv->column_view);
  gboolean descending = sort != NULL && sort[0] == '-';
  const char *field = descending ? sort + 1 : sort;

  if (field == NULL)
    {
      /* The entity's own order, as a fresh pane has it. */
      gtk_column_view_sort_by_column (priv->column_view, NULL, GTK_SORT_ASCENDING);
      return;
    }
  for (guint i = 0; spec->columns[i].field != NULL && i < g_list_model_get_n_items (view_columns); i++)
    if (g_strcmp0 (spec->columns[i].sort_field, field) == 0)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

        gtk_column_view_sort_by_column (priv->column_view, column,
                                        descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
        return;
      }
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *text)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (node), text) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
apply_columns (KtRecordPane *self,
               JsonArray    *columns)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  GListModel *view_columns = gtk_column_view_get_columns (priv->column_view);
  gboolean any = FALSE;

  /* A view that shows none of this pane's columns (they were renamed
   * since) shows them all rather than an empty list. */
  for (guint i = 0; columns != NULL && spec->columns[i].field != NULL; i++)
    any |= array_has_string (columns, spec->columns[i].field);

  for (guint i = 0; spec->columns[i].field != NULL && i < g_list_model_get_n_items (view_columns); i++)
    choose_column (self, i, !any || array_has_string (columns, spec->columns[i].field));
  update_column_visibility (self);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * kt_record_pane_apply_view_state:
 * @state: a saved view's state
 *
 * Shows what @state describes: its search, filters, sort and columns,
 * the pane's defaults for what it leaves out.
 */
void
kt_record_pane_apply_view_state (KtRecordPane *self,
                                 JsonObject   *state)
{
  JsonNode *filters;
  JsonNode *columns;

  g_return_if_fail (KT_IS_RECORD_PANE (self));
  g_return_if_fail (state != NULL);

  filters = json_object_get_member (state, "filters");
  columns = json_object_get_member (state, "columns");

  kt_record_pane_clear_filters (self);
  if (filters != NULL && JSON_NODE_HOLDS_OBJECT (filters))
    kt_record_pane_restore_filters (self, json_node_get_object (filters));
  apply_sort (self, member_string (state, "sort"));
  apply_columns (self, columns != NULL && JSON_NODE_HOLDS_ARRAY (columns) ? json_node_get_array (columns) : NULL);
  /* Last: it runs the query once more with everything in place. */
  kt_record_pane_search (self, member_string (state, "search"));
  kt_record_pane_filters_changed (self);
}

/**
 * kt_record_pane_get_view_section:
 *
 * Returns: the sidebar section the pane's saved views belong to: the
 *   entity's plural, "contacts"
 */
const char *
kt_record_pane_get_view_section (KtRecordPane *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);

  return kt_record_pane_spec (self)->entity->plural;
}

static void
save_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KtRecordPane *self = KT_RECORD_PANE (widget);
  g_autoptr(JsonObject) state = kt_record_pane_dup_view_state (self);

  kt_view_save_present (widget, kt_context_get_store (PRIV (self)->context),
                        kt_record_pane_get_view_section (self), state);
}

static void
open_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KtRecordPane *self = KT_RECORD_PANE (widget);
  KtStore *store = kt_context_get_store (PRIV (self)->context);
  g_autofree char *section = NULL;
  g_autoptr(JsonObject) state = kt_saved_views_dup_state (store, g_variant_get_string (param, NULL), &section);

  if (state == NULL)
    {
      kt_widget_add_toast (widget, adw_toast_new (_("This view was deleted")));
      return;
    }
  if (g_strcmp0 (section, kt_record_pane_get_view_section (self)) != 0)
    return;
  kt_record_pane_apply_view_state (self, state);
}

/* The list as shown (its query: search, filters, order) to @file; the
 * count is the rows written, which the toast says. */
gboolean
kt_record_pane_export_csv (KtRecordPane  *self,
                           GFile         *file,
                           guint         *n_records,
                           GError       **error)
{
  KtRecordPanePrivate *priv;
  g_autoptr(KtQuery) query = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KT_IS_RECORD_PANE (self), FALSE);

  priv = PRIV (self);
  query = kt_query_copy (kt_record_list_get_query (priv->list));
  text = kt_export_query_csv_text (kt_context_get_store (priv->context), query, n_records, error);
  return text != NULL && kt_export_write_file (file, text, NULL, error);
}

static void
on_export_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     KtRecordPane    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  if (!kt_record_pane_export_csv (self, file, &n, &error))
    /* Translators: %s says why a file could not be written */
    message = g_strdup_printf (_("Nothing was exported: %s"), error->message);
  else
    message = kt_record_pane_spec (self)->count_text (n);
  if (error == NULL)
    {
      /* Translators: %s is a count of records, "12 contacts" */
      g_autofree char *exported = g_strdup_printf (_("Exported %s"), message);

      g_free (message);
      message = g_steal_pointer (&exported);
    }
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  KtRecordPane *self = KT_RECORD_PANE (widget);
  const KtEntity *entity = kt_record_pane_spec (self)->entity;
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strconcat (entity->plural, ".csv", NULL);

  chooser = gtk_file_chooser_native_new (_("Export to CSV"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The view menu's Columns: a check item per column ("columns.<n>"),
 * whose boolean state is the person's choice. The last chosen column
 * cannot be unchosen: an empty list would look like no records. */
static void
on_column_toggled_cb (GSimpleAction *action,
                      GVariant      *state,
                      KtRecordPane  *self)
{
  GListModel *view_columns = gtk_column_view_get_columns (PRIV (self)->column_view);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (action), "kt-column"));
  guint n_chosen = 0;

  for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
    n_chosen += column_chosen (self, i);
  if (index >= g_list_model_get_n_items (view_columns) || (!g_variant_get_boolean (state) && n_chosen <= 1))
    return;
  g_simple_action_set_state (action, state);
  update_column_visibility (self);
}

static void
on_narrow_cb (GtkWidget *owner,
              gboolean   narrow)
{
  KtRecordPane *self = KT_RECORD_PANE (owner);
  KtRecordPanePrivate *priv = PRIV (self);

  priv->narrow = narrow;
  update_column_visibility (self);
  /* The count's room goes to the search entry, which at 360 px showed
   * two letters of its placeholder. */
  gtk_widget_set_visible (GTK_WIDGET (priv->count_label), !narrow);
}

void
kt_record_pane_watch_width (KtRecordPane *self)
{
  kt_narrow_watch (GTK_WIDGET (self), gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (PRIV (self)->column_view)),
                   KT_RECORD_PANE_NARROW_WIDTH, on_narrow_cb);
}

void
kt_record_pane_setup_column_menu (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  GListModel *view_columns = gtk_column_view_get_columns (priv->column_view);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GMenu) columns = g_menu_new ();
  GMenu *menu = G_MENU (gtk_menu_button_get_menu_model (priv->view_menu_button));

  for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      g_autofree char *name = g_strdup_printf ("c%u", i);
      g_autofree char *detailed = g_strconcat ("columns.", name, NULL);
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (gtk_column_view_column_get_visible (column)));

      g_object_set_data (G_OBJECT (action), "kt-column", GUINT_TO_POINTER (i));
      g_signal_connect_object (action, "change-state", G_CALLBACK (on_column_toggled_cb), self, 0);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
      g_menu_append (columns, gtk_column_view_column_get_title (column), detailed);
    }
  g_set_object (&priv->column_actions, group);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns", G_ACTION_GROUP (group));
  g_menu_append_submenu (menu, _("_Columns"), G_MENU_MODEL (columns));
}

void
kt_record_pane_install_view_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pane.save-view", NULL, save_view_action);
  gtk_widget_class_install_action (widget_class, "pane.open-view", "s", open_view_action);
  gtk_widget_class_install_action (widget_class, "pane.export-csv", NULL, export_csv_action);
}
