/* kt-pipeline-editor.c: create, rename, reorder and delete pipelines and
 * their stages
 *
 * Every edit is saved at once (as the rest of Kantora does), so the board
 * behind the editor follows along through the store's ::changed signal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pipeline-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pipeline-editor.h"
#include "kt-pipelines.h"

struct _KtPipelineEditor
{
  AdwWindow            parent_instance;

  KtContext           *context;
  KtStore             *store;
  char                *pipeline_id;
  GPtrArray           *pipelines;   /* of KtRecord */
  GPtrArray           *stages;      /* of KtRecord */
  GPtrArray           *stage_rows;  /* of GtkWidget, in stages_group */
  gboolean             updating;

  AdwToastOverlay     *toast_overlay;
  GtkDropDown         *pipeline_dropdown;
  GtkStringList       *pipeline_names;
  AdwEntryRow         *name_row;
  AdwPreferencesGroup *stages_group;
};

G_DEFINE_FINAL_TYPE (KtPipelineEditor, kt_pipeline_editor, ADW_TYPE_WINDOW)

static const char * const stage_kinds[] = { "open", "won", "lost", NULL };

static void reload (KtPipelineEditor *self);

static void
show_error (KtPipelineEditor *self,
            const GError     *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static KtRecord *
current_pipeline (KtPipelineEditor *self)
{
  for (guint i = 0; self->pipelines != NULL && i < self->pipelines->len; i++)
    if (g_strcmp0 (kt_record_get_id (g_ptr_array_index (self->pipelines, i)), self->pipeline_id) == 0)
      return g_ptr_array_index (self->pipelines, i);
  return NULL;
}

static void
save_record (KtPipelineEditor *self,
             KtRecord         *record)
{
  g_autoptr(GError) error = NULL;

  if (!kt_store_save (self->store, record, &error))
    {
      show_error (self, error);
      reload (self);
    }
}

static KtRecord *
row_stage (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "kt-stage");
}

static void
on_stage_name_apply_cb (AdwEntryRow      *row,
                        KtPipelineEditor *self)
{
  KtRecord *stage = row_stage (GTK_WIDGET (row));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));

  if (g_strcmp0 (kt_record_get_string (stage, "name"), name) == 0)
    return;
  kt_record_set_string (stage, "name", name);
  save_record (self, stage);
}

static void
on_probability_changed_cb (GtkSpinButton    *spin,
                           KtPipelineEditor *self)
{
  KtRecord *stage = row_stage (GTK_WIDGET (spin));
  gint64 bps = (gint64) gtk_spin_button_get_value_as_int (spin) * 100;

  if (self->updating || kt_record_get_int (stage, "probability_bps") == bps)
    return;
  kt_record_set_int (stage, "probability_bps", bps);
  save_record (self, stage);
}

static void
on_rotting_changed_cb (GtkSpinButton    *spin,
                       KtPipelineEditor *self)
{
  KtRecord *stage = row_stage (GTK_WIDGET (spin));
  gint64 days = gtk_spin_button_get_value_as_int (spin);

  if (self->updating || kt_record_get_int (stage, "rotting_days") == days)
    return;
  kt_record_set_int (stage, "rotting_days", days);
  save_record (self, stage);
}

static void
on_kind_selected_cb (AdwComboRow      *row,
                     GParamSpec       *pspec,
                     KtPipelineEditor *self)
{
  KtRecord *stage = row_stage (GTK_WIDGET (row));
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || selected >= G_N_ELEMENTS (stage_kinds) - 1 ||
      g_strcmp0 (kt_record_get_string (stage, "kind"), stage_kinds[selected]) == 0)
    return;
  kt_record_set_string (stage, "kind", stage_kinds[selected]);
  save_record (self, stage);
}

static void
move_stage (KtPipelineEditor *self,
            GtkWidget        *button,
            int               delta)
{
  KtRecord *stage = row_stage (button);
  g_autoptr(GError) error = NULL;
  guint index;

  if (!g_ptr_array_find (self->stages, stage, &index))
    return;
  if (!kt_pipelines_move (self->store, self->stages, index, delta, &error) && error != NULL)
    show_error (self, error);
  reload (self);
}

static void
on_stage_up_clicked_cb (GtkButton        *button,
                        KtPipelineEditor *self)
{
  move_stage (self, GTK_WIDGET (button), -1);
}

static void
on_stage_down_clicked_cb (GtkButton        *button,
                          KtPipelineEditor *self)
{
  move_stage (self, GTK_WIDGET (button), 1);
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       KtPipelineEditor *self)
{
  KtRecord *stage = g_object_get_data (G_OBJECT (dialog), "kt-stage");
  GtkDropDown *targets = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GPtrArray *choices = g_object_get_data (G_OBJECT (dialog), "kt-choices");
  g_autoptr(GError) error = NULL;
  const char *target_id = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (targets != NULL && choices != NULL &&
      gtk_drop_down_get_selected (targets) < choices->len)
    target_id = kt_record_get_id (g_ptr_array_index (choices, gtk_drop_down_get_selected (targets)));
  if (!kt_pipelines_delete_stage (self->store, kt_record_get_id (stage), target_id, &error))
    show_error (self, error);
  reload (self);
}

/* A stage that still holds deals asks where they go first. */
static void
on_stage_delete_clicked_cb (GtkButton        *button,
                            KtPipelineEditor *self)
{
  KtRecord *stage = row_stage (GTK_WIDGET (button));
  gint64 deals = kt_pipelines_count_deals (self->store, kt_record_get_id (stage));
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  heading = g_strdup_printf (_("Delete “%s”?"), kt_record_get_string (stage, "name"));
  if (deals > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The stage holds %d deal. Choose the stage it moves to.",
                                         "The stage holds %d deals. Choose the stage they move to.",
                                         (unsigned long) deals), (int) deals);
  else
    body = g_strdup (_("The stage holds no deals."));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "kt-stage", g_object_ref (stage), g_object_unref);

  if (deals > 0)
    {
      GPtrArray *choices = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      GtkWidget *dropdown;

      for (guint i = 0; i < self->stages->len; i++)
        {
          KtRecord *other = g_ptr_array_index (self->stages, i);

          if (other == stage)
            continue;
          g_ptr_array_add (choices, g_object_ref (other));
          gtk_string_list_append (names, kt_record_get_string (other, "name"));
        }
      if (choices->len == 0)
        {
          adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                       _("It is the pipeline’s only stage and holds deals: add another stage first."));
          adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete", FALSE);
        }
      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Move the deals to"), -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dropdown);
      g_object_set_data_full (G_OBJECT (dialog), "kt-choices", choices,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             KtRecord   *stage,
             GCallback   callback,
             gpointer    self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (button), "kt-stage", stage);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
spin_row (KtPipelineEditor *self,
          KtRecord         *stage,
          const char       *title,
          const char       *subtitle,
          double            max,
          double            value,
          GCallback         callback)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (spin), "kt-stage", stage);
  g_signal_connect_object (spin, "value-changed", callback, self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

static GtkWidget *
stage_row (KtPipelineEditor *self,
           KtRecord         *stage)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *name = adw_entry_row_new ();
  GtkWidget *kind = adw_combo_row_new ();
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autofree char *subtitle = NULL;
  gint64 probability = kt_record_get_int (stage, "probability_bps") / 100;
  gint64 rotting = kt_record_get_int (stage, "rotting_days");
  const char *stage_kind = kt_record_get_string (stage, "kind");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kt_record_get_string (stage, "name"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (rotting > 0)
    /* Translators: a stage's summary: win probability, rotting period. */
    subtitle = g_strdup_printf (_("%d %% · stale after %d days"), (int) probability, (int) rotting);
  else
    subtitle = g_strdup_printf (_("%d %% · never stale"), (int) probability);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               icon_button ("go-up-symbolic", _("Move stage earlier"), stage,
                                            G_CALLBACK (on_stage_up_clicked_cb), self));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               icon_button ("go-down-symbolic", _("Move stage later"), stage,
                                            G_CALLBACK (on_stage_down_clicked_cb), self));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               icon_button ("user-trash-symbolic", _("Delete stage"), stage,
                                            G_CALLBACK (on_stage_delete_clicked_cb), self));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name), kt_record_get_string (stage, "name"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name), TRUE);
  g_object_set_data (G_OBJECT (name), "kt-stage", stage);
  g_signal_connect_object (name, "apply", G_CALLBACK (on_stage_name_apply_cb), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), name);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            spin_row (self, stage, _("Win probability (%)"),
                                      _("Weighs the forecast of the deals in this stage"),
                                      100, (double) probability,
                                      G_CALLBACK (on_probability_changed_cb)));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            spin_row (self, stage, _("Rotting period (days)"),
                                      _("Deals left longer are marked stale; 0 never"),
                                      3650, (double) rotting,
                                      G_CALLBACK (on_rotting_changed_cb)));

  gtk_string_list_append (kinds, _("Open"));
  gtk_string_list_append (kinds, _("Won"));
  gtk_string_list_append (kinds, _("Lost"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (kind), _("Kind"));
  adw_combo_row_set_model (ADW_COMBO_ROW (kind), G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind),
                              g_strcmp0 (stage_kind, "won") == 0 ? 1
                              : g_strcmp0 (stage_kind, "lost") == 0 ? 2 : 0);
  g_object_set_data (G_OBJECT (kind), "kt-stage", stage);
  g_signal_connect_object (kind, "notify::selected", G_CALLBACK (on_kind_selected_cb), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), kind);
  return row;
}

static void
reload (KtPipelineEditor *self)
{
  g_autoptr(GError) error = NULL;
  KtRecord *pipeline;
  guint selected = 0;

  self->updating = TRUE;
  for (guint i = 0; i < self->stage_rows->len; i++)
    adw_preferences_group_remove (self->stages_group, g_ptr_array_index (self->stage_rows, i));
  g_ptr_array_set_size (self->stage_rows, 0);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->pipelines, g_ptr_array_unref);

  if (!(self->pipelines = kt_pipelines_load (self->store, &error)))
    {
      show_error (self, error);
      self->updating = FALSE;
      return;
    }
  if ((pipeline = current_pipeline (self)) == NULL &&
      (pipeline = kt_pipelines_pick_default (self->pipelines)) != NULL)
    {
      g_free (self->pipeline_id);
      self->pipeline_id = g_strdup (kt_record_get_id (pipeline));
    }

  gtk_string_list_splice (self->pipeline_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->pipeline_names)), NULL);
  for (guint i = 0; i < self->pipelines->len; i++)
    {
      KtRecord *each = g_ptr_array_index (self->pipelines, i);

      gtk_string_list_append (self->pipeline_names, kt_record_get_string (each, "name"));
      if (each == pipeline)
        selected = i;
    }
  gtk_drop_down_set_selected (self->pipeline_dropdown, selected);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         pipeline != NULL ? kt_record_get_string (pipeline, "name") : "");

  if (pipeline != NULL &&
      (self->stages = kt_pipelines_load_stages (self->store, self->pipeline_id, &error)) != NULL)
    for (guint i = 0; i < self->stages->len; i++)
      {
        GtkWidget *row = stage_row (self, g_ptr_array_index (self->stages, i));

        adw_preferences_group_add (self->stages_group, row);
        g_ptr_array_add (self->stage_rows, row);
      }
  self->updating = FALSE;
}

static void
on_pipeline_selected_cb (KtPipelineEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->pipeline_dropdown);

  if (self->updating || self->pipelines == NULL || selected >= self->pipelines->len)
    return;
  g_free (self->pipeline_id);
  self->pipeline_id = g_strdup (kt_record_get_id (g_ptr_array_index (self->pipelines, selected)));
  reload (self);
}

static void
on_name_apply_cb (KtPipelineEditor *self)
{
  KtRecord *pipeline = current_pipeline (self);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (pipeline == NULL || g_strcmp0 (kt_record_get_string (pipeline, "name"), name) == 0)
    return;
  kt_record_set_string (pipeline, "name", name);
  save_record (self, pipeline);
  reload (self);
}

static void
new_pipeline_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  KtPipelineEditor *self = KT_PIPELINE_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) pipeline = kt_pipelines_create (self->store, _("New pipeline"), &error);

  if (pipeline == NULL)
    {
      show_error (self, error);
      return;
    }
  g_free (self->pipeline_id);
  self->pipeline_id = g_strdup (kt_record_get_id (pipeline));
  reload (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
delete_pipeline_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  KtPipelineEditor *self = KT_PIPELINE_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->pipelines != NULL && self->pipelines->len <= 1)
    {
      g_set_error (&error, KT_ERROR, KT_ERROR_INVALID,
                   _("The only pipeline cannot be deleted"));
      show_error (self, error);
      return;
    }
  if (self->pipeline_id == NULL ||
      !kt_pipelines_delete (self->store, self->pipeline_id, &error))
    {
      if (error != NULL)
        show_error (self, error);
      return;
    }
  g_clear_pointer (&self->pipeline_id, g_free);
  reload (self);
}

static void
move_pipeline_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KtPipelineEditor *self = KT_PIPELINE_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  guint index;

  if (self->pipelines == NULL || !g_ptr_array_find (self->pipelines, current_pipeline (self), &index))
    return;
  if (!kt_pipelines_move (self->store, self->pipelines, index,
                          g_str_equal (action_name, "editor.pipeline-earlier") ? -1 : 1, &error) &&
      error != NULL)
    show_error (self, error);
  reload (self);
}

static void
add_stage_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KtPipelineEditor *self = KT_PIPELINE_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) stage = NULL;

  if (self->pipeline_id == NULL)
    return;
  if (!(stage = kt_pipelines_add_stage (self->store, self->pipeline_id, _("New stage"), &error)))
    show_error (self, error);
  reload (self);
}

static void
kt_pipeline_editor_dispose (GObject *object)
{
  KtPipelineEditor *self = KT_PIPELINE_EDITOR (object);

  g_clear_pointer (&self->stage_rows, g_ptr_array_unref);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->pipelines, g_ptr_array_unref);
  g_clear_pointer (&self->pipeline_id, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_pipeline_editor_parent_class)->dispose (object);
}

static void
kt_pipeline_editor_class_init (KtPipelineEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_pipeline_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/pipelines/kt-pipeline-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KtPipelineEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtPipelineEditor, pipeline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KtPipelineEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, KtPipelineEditor, stages_group);
  gtk_widget_class_bind_template_callback (widget_class, on_pipeline_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply_cb);

  gtk_widget_class_install_action (widget_class, "editor.new-pipeline", NULL, new_pipeline_action);
  gtk_widget_class_install_action (widget_class, "editor.delete-pipeline", NULL, delete_pipeline_action);
  gtk_widget_class_install_action (widget_class, "editor.pipeline-earlier", NULL, move_pipeline_action);
  gtk_widget_class_install_action (widget_class, "editor.pipeline-later", NULL, move_pipeline_action);
  gtk_widget_class_install_action (widget_class, "editor.add-stage", NULL, add_stage_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_pipeline_editor_init (KtPipelineEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The dropdown owns its string list; GTK 4.8's dispose_template() would
   * drop a reference it never took if the list were a bound child. */
  self->pipeline_names = GTK_STRING_LIST (gtk_drop_down_get_model (self->pipeline_dropdown));
  self->stage_rows = g_ptr_array_new ();
}

GtkWidget *
kt_pipeline_editor_new (KtContext  *context,
                        const char *pipeline_id)
{
  KtPipelineEditor *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  self = g_object_new (KT_TYPE_PIPELINE_EDITOR, NULL);
  self->context = g_object_ref (context);
  self->store = g_object_ref (kt_context_get_store (context));
  self->pipeline_id = g_strdup (pipeline_id);
  if (!kt_pipelines_ensure_default (self->store, &error))
    show_error (self, error);
  reload (self);
  return GTK_WIDGET (self);
}

const char *
kt_pipeline_editor_get_pipeline_id (KtPipelineEditor *self)
{
  g_return_val_if_fail (KT_IS_PIPELINE_EDITOR (self), NULL);
  return self->pipeline_id;
}
