/* kt-deal-form.c: create or edit a deal, validated as the person types
 *
 * Every change rebuilds a scratch copy of the deal from the rows and runs
 * the model's rules on it: kt_record_validate(), the custom field rules
 * and kt_deal_check_stage() against the chosen stage. The first problem is
 * shown under the row it names, and Save stays off until there is none,
 * as in KtRecordForm, whose rows (KtRecordEditor) this form reuses for the
 * deal's plain fields.
 *
 * Saving a deal into a stage (a new deal, or one whose stage changed)
 * does what a move on the board does: the stage's kind sets the status
 * and the closing date, and the deal goes to the end of its column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-deal-form"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-deal-form.h"
#include "kt-deal-move.h"
#include "kt-form-state.h"
#include "kt-owners.h"
#include "kt-pipelines.h"
#include "kt-record-editor.h"
#include "kt-record-picker.h"
#include "kt-record-text.h"
#include "kt-store-positions.h"

/* The deal's plain fields, by group; the other rows are made here. */
static const char * const main_fields[] = { "title", "value", "currency", "expected_close_date", NULL };
static const char * const note_fields[] = { "tags", "notes", NULL };

struct _KtDealForm
{
  AdwWindow           parent_instance;

  KtContext          *context;
  KtStore            *store;
  KtRecord           *original;     /* NULL for a new deal */
  KtRecord           *fresh;        /* the new deal's id, dates and presets */
  GPtrArray          *editors;      /* of KtRecordEditor */
  GPtrArray          *definitions;  /* custom_field records */
  GPtrArray          *pipelines;    /* of KtRecord */
  GPtrArray          *stages;       /* of KtRecord, the chosen pipeline's */
  GPtrArray          *owners;       /* of char *, user ids by owner row item */
  char               *error_field;
  char               *error_message;
  gboolean            show_all_errors;
  gboolean            loading;

  GtkWidget          *pipeline_row;
  GtkWidget          *stage_row;
  GtkWidget          *stage_error_row;
  GtkWidget          *stage_error_label;
  GtkWidget          *owner_row;
  GtkWidget          *contact_picker;
  GtkWidget          *company_picker;

  /* Template children */
  AdwWindowTitle     *window_title;
  GtkWidget          *save_button;
  GtkRevealer        *banner_revealer;
  GtkLabel           *banner_label;
  AdwPreferencesPage *page;
};

G_DEFINE_FINAL_TYPE (KtDealForm, kt_deal_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static KtRecordEditor *
find_editor (KtDealForm *self,
             const char *key)
{
  if (key == NULL)
    return NULL;

  for (guint i = 0; i < self->editors->len; i++)
    {
      KtRecordEditor *editor = g_ptr_array_index (self->editors, i);

      if (g_str_equal (kt_record_editor_get_key (editor), key))
        return editor;
    }

  return NULL;
}

static KtRecord *
selected_item (GtkWidget *combo,
               GPtrArray *records)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (combo));

  return records != NULL && selected < records->len ? g_ptr_array_index (records, selected) : NULL;
}

static KtRecord *
source_record (KtDealForm *self)
{
  return self->original != NULL ? self->original : self->fresh;
}

/* Stores one editor's value into @record and @custom. */
static gboolean
store_editor (KtRecordEditor  *editor,
              KtRecord        *record,
              JsonObject      *custom,
              char           **error_field,
              GError         **error)
{
  if (kt_record_editor_store (editor, record, custom, error))
    return TRUE;
  *error_field = g_strdup (kt_record_editor_get_key (editor));
  return FALSE;
}

/* Builds the deal the rows describe. On failure @error names the problem
 * and @error_field (if set) the field. */
static KtRecord *
build_record (KtDealForm  *self,
              KtRecord   **out_stage,
              char       **error_field,
              GError     **error)
{
  g_autoptr(KtRecord) record = kt_record_copy (source_record (self));
  g_autoptr(JsonObject) custom = kt_record_editor_dup_custom (record);
  KtRecord *pipeline = selected_item (self->pipeline_row, self->pipelines);
  KtRecord *stage = selected_item (self->stage_row, self->stages);
  guint owner = adw_combo_row_get_selected (ADW_COMBO_ROW (self->owner_row));
  gboolean editing = self->original != NULL;
  gboolean custom_changed = !editing;

  /* The value after the currency: it is read in its minor units. A deal
   * being edited gets only what the person changed, so a value the rows
   * cannot show exactly is never rewritten. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->editors->len; i++)
      {
        KtRecordEditor *editor = g_ptr_array_index (self->editors, i);

        if (kt_record_editor_depends_on_currency (editor) != (pass == 1))
          continue;
        if (editing && !kt_record_editor_needs_store (editor, record))
          continue;
        if (kt_record_editor_is_custom (editor))
          custom_changed = TRUE;
        if (!store_editor (editor, record, custom, error_field, error))
          return NULL;
      }

  /* Custom values without a definition here stay as they are. */
  if (custom_changed && (self->definitions->len > 0 || kt_record_has (record, "custom")))
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, custom);
      if (json_object_get_size (custom) == 0)
        kt_record_unset (record, "custom");
      else if (!kt_record_set_node (record, "custom", node, error))
        return NULL;
    }

  /* A stage this form does not list (another device's new stage, say)
   * is kept until the person picks one. */
  if (!editing || kt_form_state_changed (self->pipeline_row) || kt_form_state_changed (self->stage_row))
    {
      kt_record_set_string (record, "pipeline_id", pipeline != NULL ? kt_record_get_id (pipeline) : NULL);
      kt_record_set_string (record, "stage_id", stage != NULL ? kt_record_get_id (stage) : NULL);
    }
  else if (stage != NULL &&
           g_strcmp0 (kt_record_get_id (stage), kt_record_get_string (record, "stage_id")) != 0)
    stage = NULL;
  if (!editing || kt_form_state_changed (self->contact_picker))
    kt_record_set_string (record, "contact_id",
                          kt_record_picker_get_record_id (KT_RECORD_PICKER (self->contact_picker)));
  if (!editing || kt_form_state_changed (self->company_picker))
    kt_record_set_string (record, "company_id",
                          kt_record_picker_get_record_id (KT_RECORD_PICKER (self->company_picker)));
  if ((!editing || kt_form_state_changed (self->owner_row)) && owner < self->owners->len)
    kt_record_set_owner_id (record, g_ptr_array_index (self->owners, owner));

  if (!kt_record_validate (record, error) ||
      !kt_record_editor_validate_custom (self->definitions, record, error) ||
      (stage != NULL && !kt_deal_check_stage (record, stage, error)))
    {
      *error_field = g_strdup (kt_record_error_get_field (*error));
      return NULL;
    }

  if (out_stage != NULL)
    *out_stage = stage;
  return g_steal_pointer (&record);
}

static void
show_stage_error (KtDealForm *self,
                  const char *message)
{
  gtk_label_set_label (GTK_LABEL (self->stage_error_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->stage_error_row, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (self->stage_row, "error");
  else
    gtk_widget_remove_css_class (self->stage_row, "error");
}

static void
validate (KtDealForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) record = NULL;
  g_autofree char *field = NULL;
  KtRecordEditor *culprit;
  gboolean on_stage;

  if (self->loading)
    return;

  record = build_record (self, NULL, &field, &error);

  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);
  if (record == NULL)
    {
      self->error_field = g_steal_pointer (&field);
      self->error_message = g_strdup (error->message);
    }

  culprit = find_editor (self, self->error_field);
  for (guint i = 0; i < self->editors->len; i++)
    {
      KtRecordEditor *editor = g_ptr_array_index (self->editors, i);

      /* A field the person has not reached yet is not scolded; Save is
       * still off until it is right. */
      if (editor == culprit &&
          (self->show_all_errors || kt_record_editor_get_touched (editor)))
        kt_record_editor_show_error (editor, self->error_message);
      else
        kt_record_editor_show_error (editor, NULL);
    }

  /* The pipeline and the stage are chosen, never typed: a problem with
   * them is shown at once, under the stage. */
  on_stage = g_strcmp0 (self->error_field, "stage_id") == 0 ||
             g_strcmp0 (self->error_field, "pipeline_id") == 0;
  show_stage_error (self, on_stage ? self->error_message : NULL);

  if (self->error_message != NULL && culprit == NULL && !on_stage)
    gtk_label_set_label (self->banner_label, self->error_message);
  gtk_revealer_set_reveal_child (self->banner_revealer,
                                 self->error_message != NULL && culprit == NULL && !on_stage);

  gtk_widget_set_sensitive (self->save_button, record != NULL);
}

static void
on_save_clicked_cb (KtDealForm *self)
{
  g_autoptr(GError) error = NULL;

  if (!kt_deal_form_save (self, &error))
    {
      gtk_label_set_label (self->banner_label, error->message);
      gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
    }
}

/* Fills the stage row with @pipeline_id's stages and selects @stage_id,
 * else the first open stage. */
static void
load_stages (KtDealForm *self,
             const char *pipeline_id,
             const char *stage_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  g_clear_pointer (&self->stages, g_ptr_array_unref);
  if (pipeline_id != NULL &&
      !(self->stages = kt_pipelines_load_stages (self->store, pipeline_id, &error)))
    g_warning ("Could not load the stages: %s", error->message);
  if (self->stages == NULL)
    self->stages = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->stages->len; i++)
    {
      KtRecord *stage = g_ptr_array_index (self->stages, i);
      const char *kind = kt_record_get_string (stage, "kind");

      gtk_string_list_append (names, kt_record_get_string (stage, "name"));
      if (g_strcmp0 (kt_record_get_id (stage), stage_id) == 0)
        selected = i;
      else if (stage_id == NULL && selected == GTK_INVALID_LIST_POSITION &&
               (kind == NULL || g_str_equal (kind, "open")))
        selected = i;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->stage_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->stage_row),
                              selected != GTK_INVALID_LIST_POSITION ? selected : 0);
}

static void
on_pipeline_selected_cb (KtDealForm *self)
{
  KtRecord *pipeline;

  if (self->loading)
    return;
  pipeline = selected_item (self->pipeline_row, self->pipelines);
  self->loading = TRUE;
  load_stages (self, pipeline != NULL ? kt_record_get_id (pipeline) : NULL, NULL);
  self->loading = FALSE;
  validate (self);
}

/* A deal with a contact is usually with the contact's company: choosing
 * the contact fills an empty company. */
static void
on_contact_changed_cb (KtDealForm *self)
{
  const char *contact_id = kt_record_picker_get_record_id (KT_RECORD_PICKER (self->contact_picker));
  g_autoptr(KtRecord) contact = NULL;

  if (!self->loading && contact_id != NULL &&
      kt_record_picker_get_record_id (KT_RECORD_PICKER (self->company_picker)) == NULL &&
      (contact = kt_store_get (self->store, KT_ENTITY_CONTACT, contact_id, NULL)) != NULL &&
      kt_record_get_string (contact, "company_id") != NULL)
    kt_record_picker_set_record_id (KT_RECORD_PICKER (self->company_picker),
                                    kt_record_get_string (contact, "company_id"));
  validate (self);
}

static GtkWidget *
add_group (KtDealForm *self,
           const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
  return group;
}

static void
add_editor (KtDealForm     *self,
            GtkWidget      *group,
            KtRecordEditor *editor)
{
  if (editor == NULL)
    return;
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), kt_record_editor_get_row (editor));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), kt_record_editor_get_error_row (editor));
  g_ptr_array_add (self->editors, editor);
}

static void
add_field_editors (KtDealForm         *self,
                   GtkWidget          *group,
                   const char * const *fields,
                   const char         *currency)
{
  for (guint i = 0; fields[i] != NULL; i++)
    add_editor (self, group, kt_record_editor_new_for_field (self->store, KT_ENTITY_DEAL,
                                                             fields[i], currency));
}

static GtkWidget *
make_combo (const char *title)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

static void
make_stage_error_row (KtDealForm *self)
{
  self->stage_error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->stage_error_label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (self->stage_error_label), TRUE);
  gtk_widget_set_margin_start (self->stage_error_label, 12);
  gtk_widget_set_margin_end (self->stage_error_label, 12);
  gtk_widget_set_margin_top (self->stage_error_label, 6);
  gtk_widget_set_margin_bottom (self->stage_error_label, 6);
  gtk_widget_add_css_class (self->stage_error_label, "error");
  gtk_widget_add_css_class (self->stage_error_label, "caption");

  self->stage_error_row = adw_preferences_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stage_error_row), _("Stage"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->stage_error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self->stage_error_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->stage_error_row), self->stage_error_label);
  gtk_widget_set_visible (self->stage_error_row, FALSE);
}

static void
load_pipelines (KtDealForm *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *pipeline_id = kt_record_get_string (source_record (self), "pipeline_id");
  KtRecord *fallback;
  guint selected = 0;

  if (!(self->pipelines = kt_pipelines_load (self->store, &error)))
    {
      g_warning ("Could not load the pipelines: %s", error->message);
      self->pipelines = g_ptr_array_new_with_free_func (g_object_unref);
    }
  fallback = kt_pipelines_pick_default (self->pipelines);
  for (guint i = 0; i < self->pipelines->len; i++)
    {
      KtRecord *pipeline = g_ptr_array_index (self->pipelines, i);

      gtk_string_list_append (names, kt_record_get_string (pipeline, "name"));
      if (pipeline_id != NULL ? g_strcmp0 (kt_record_get_id (pipeline), pipeline_id) == 0
                              : pipeline == fallback)
        selected = i;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->pipeline_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->pipeline_row), selected);
  fallback = selected_item (self->pipeline_row, self->pipelines);
  load_stages (self, fallback != NULL ? kt_record_get_id (fallback) : NULL,
               kt_record_get_string (source_record (self), "stage_id"));
}

/* You, the colleagues the store knows, and the deal's owner if it is
 * none of them (a member this device has not synced yet). */
static void
load_owners (KtDealForm *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) team = kt_owners_load (self->store);
  const char *me = kt_store_get_user_id (self->store);
  const char *owner = kt_record_get_owner_id (source_record (self));
  guint selected = 0;

  gtk_string_list_append (names, _("You"));
  g_ptr_array_add (self->owners, g_strdup (me));
  for (guint i = 0; i < team->len; i++)
    {
      KtOwner *member = g_ptr_array_index (team, i);

      gtk_string_list_append (names, member->name);
      g_ptr_array_add (self->owners, g_strdup (member->user_id));
    }
  if (owner != NULL && !g_ptr_array_find_with_equal_func (self->owners, owner, g_str_equal, &selected))
    {
      g_autofree char *name = kt_owners_dup_name (self->store, owner, NULL);

      /* A former member keeps the deal until someone reassigns it. */
      gtk_string_list_append (names, name);
      g_ptr_array_add (self->owners, g_strdup (owner));
      selected = self->owners->len - 1;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->owner_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->owner_row), selected);
}

static void
build_rows (KtDealForm *self)
{
  GSettings *settings = kt_context_get_settings (self->context);
  g_autofree char *currency = g_settings_get_string (settings, "default-currency");
  KtRecord *source = source_record (self);
  GtkWidget *group;

  group = add_group (self, _("Deal"));
  add_field_editors (self, group, main_fields, currency);

  group = add_group (self, _("Pipeline"));
  self->pipeline_row = make_combo (_("Pipeline"));
  self->stage_row = make_combo (_("Stage"));
  self->owner_row = make_combo (_("Owner"));
  make_stage_error_row (self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->pipeline_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->stage_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->stage_error_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->owner_row);

  group = add_group (self, _("Contact and Company"));
  self->contact_picker = kt_record_picker_new (self->store, KT_ENTITY_CONTACT, _("Contact"));
  self->company_picker = kt_record_picker_new (self->store, KT_ENTITY_COMPANY, _("Company"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->contact_picker);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->company_picker);

  group = add_group (self, _("Notes"));
  add_field_editors (self, group, note_fields, currency);
  /* Why a deal was lost is for lost deals only. */
  if (g_strcmp0 (kt_record_get_string (source, "status"), "lost") == 0)
    add_editor (self, group, kt_record_editor_new_for_field (self->store, KT_ENTITY_DEAL,
                                                             "lost_reason", currency));

  if (self->definitions->len > 0)
    {
      group = add_group (self, _("Custom Fields"));
      for (guint i = 0; i < self->definitions->len; i++)
        add_editor (self, group,
                    kt_record_editor_new_for_custom (g_ptr_array_index (self->definitions, i)));
    }

  self->loading = TRUE;
  for (guint i = 0; i < self->editors->len; i++)
    kt_record_editor_load (g_ptr_array_index (self->editors, i), source);
  load_pipelines (self);
  load_owners (self);
  kt_record_picker_set_record_id (KT_RECORD_PICKER (self->contact_picker),
                                  kt_record_get_string (source, "contact_id"));
  kt_record_picker_set_record_id (KT_RECORD_PICKER (self->company_picker),
                                  kt_record_get_string (source, "company_id"));
  kt_form_state_mark_loaded (self->pipeline_row);
  kt_form_state_mark_loaded (self->stage_row);
  kt_form_state_mark_loaded (self->owner_row);
  kt_form_state_mark_loaded (self->contact_picker);
  kt_form_state_mark_loaded (self->company_picker);
  self->loading = FALSE;

  for (guint i = 0; i < self->editors->len; i++)
    kt_record_editor_connect_changed (g_ptr_array_index (self->editors, i),
                                      G_CALLBACK (validate), self);
  g_signal_connect_object (self->pipeline_row, "notify::selected",
                           G_CALLBACK (on_pipeline_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stage_row, "notify::selected",
                           G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->owner_row, "notify::selected",
                           G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_picker, "notify::record-id",
                           G_CALLBACK (on_contact_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->company_picker, "notify::record-id",
                           G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
}

/* A deal put into a stage (new, or moved by the form) gets what a move on
 * the board gives it: the status of the stage's kind, the closing date,
 * and the end of the column. */
static gboolean
place_in_stage (KtDealForm  *self,
                KtRecord    *deal,
                KtRecord    *stage,
                GError     **error)
{
  const char *old_status = self->original != NULL
                           ? kt_record_get_string (self->original, "status") : NULL;

  /* The deal stays where it is (build_record() keeps a stage the form
   * does not list). */
  if (stage == NULL)
    return TRUE;
  if (self->original != NULL &&
      g_strcmp0 (kt_record_get_string (self->original, "stage_id"), kt_record_get_id (stage)) == 0)
    return TRUE;

  return kt_deal_move_place (self->store, deal, stage, old_status, error);
}

static void
kt_deal_form_dispose (GObject *object)
{
  KtDealForm *self = KT_DEAL_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_DEAL_FORM);
  g_clear_pointer (&self->editors, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_deal_form_parent_class)->dispose (object);
}

static void
kt_deal_form_finalize (GObject *object)
{
  KtDealForm *self = KT_DEAL_FORM (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_object (&self->original);
  g_clear_object (&self->fresh);
  g_clear_pointer (&self->definitions, g_ptr_array_unref);
  g_clear_pointer (&self->pipelines, g_ptr_array_unref);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->owners, g_ptr_array_unref);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (kt_deal_form_parent_class)->finalize (object);
}

static void
kt_deal_form_class_init (KtDealFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_deal_form_dispose;
  object_class->finalize = kt_deal_form_finalize;

  /**
   * KtDealForm::saved:
   * @deal: the deal as saved
   * @created: whether it is a new deal
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, KT_TYPE_RECORD, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/deals/kt-deal-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KtDealForm, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtDealForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, KtDealForm, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, KtDealForm, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KtDealForm, page);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_deal_form_init (KtDealForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_record_editor_free);
  self->owners = g_ptr_array_new_with_free_func (g_free);
}

/**
 * kt_deal_form_new:
 * @context: the context
 * @deal: (nullable): the deal to edit, or %NULL for a new one
 * @pipeline_id: (nullable): a new deal's pipeline
 * @stage_id: (nullable): a new deal's stage
 *
 * Returns: (transfer full): a new form window
 */
KtDealForm *
kt_deal_form_new (KtContext  *context,
                  KtRecord   *deal,
                  const char *pipeline_id,
                  const char *stage_id)
{
  KtDealForm *self;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (deal == NULL || KT_IS_RECORD (deal), NULL);

  self = g_object_new (KT_TYPE_DEAL_FORM, NULL);
  self->context = g_object_ref (context);
  self->store = g_object_ref (kt_context_get_store (context));
  self->original = deal != NULL ? kt_record_copy (deal) : NULL;
  self->fresh = kt_record_new (KT_ENTITY_DEAL);
  self->definitions = kt_record_text_load_custom_fields (self->store, KT_ENTITY_DEAL);

  /* A new deal starts in the column it was asked for, in the currency the
   * person works in, owned by them. */
  {
    GSettings *settings = kt_context_get_settings (context);
    g_autofree char *currency = g_settings_get_string (settings, "default-currency");

    if (currency != NULL && *currency != '\0')
      kt_record_set_string (self->fresh, "currency", currency);
    if (pipeline_id != NULL)
      kt_record_set_string (self->fresh, "pipeline_id", pipeline_id);
    if (stage_id != NULL)
      kt_record_set_string (self->fresh, "stage_id", stage_id);
    kt_record_set_owner_id (self->fresh, kt_store_get_user_id (self->store));
  }

  adw_window_title_set_title (self->window_title, deal != NULL ? _("Edit Deal") : _("New Deal"));
  if (deal != NULL)
    {
      g_autofree char *title = kt_record_dup_title (deal);

      adw_window_title_set_subtitle (self->window_title, title);
    }

  build_rows (self);
  validate (self);
  /* The keyboard starts in the first field, not on Cancel, where Enter
   * would throw the edit away. */
  if (self->editors->len > 0)
    gtk_widget_grab_focus (kt_record_editor_get_row (g_ptr_array_index (self->editors, 0)));

  return self;
}

/**
 * kt_deal_form_get_row:
 *
 * Returns: (transfer none) (nullable): the row editing @key
 */
GtkWidget *
kt_deal_form_get_row (KtDealForm *self,
                      const char *key)
{
  KtRecordEditor *editor;

  g_return_val_if_fail (KT_IS_DEAL_FORM (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (g_str_equal (key, "pipeline_id"))
    return self->pipeline_row;
  if (g_str_equal (key, "stage_id"))
    return self->stage_row;
  if (g_str_equal (key, KT_META_OWNER))
    return self->owner_row;
  if (g_str_equal (key, "contact_id"))
    return self->contact_picker;
  if (g_str_equal (key, "company_id"))
    return self->company_picker;
  editor = find_editor (self, key);
  return editor != NULL ? kt_record_editor_get_row (editor) : NULL;
}

const char *
kt_deal_form_get_error_field (KtDealForm *self)
{
  g_return_val_if_fail (KT_IS_DEAL_FORM (self), NULL);
  return self->error_field;
}

const char *
kt_deal_form_get_error_message (KtDealForm *self)
{
  g_return_val_if_fail (KT_IS_DEAL_FORM (self), NULL);
  return self->error_message;
}

gboolean
kt_deal_form_is_valid (KtDealForm *self)
{
  g_return_val_if_fail (KT_IS_DEAL_FORM (self), FALSE);
  return self->error_message == NULL;
}

gboolean
kt_deal_form_save (KtDealForm  *self,
                   GError     **error)
{
  g_autoptr(KtRecord) record = NULL;
  g_autofree char *field = NULL;
  KtRecord *stage = NULL;

  g_return_val_if_fail (KT_IS_DEAL_FORM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The deal as the store holds it now, so a change that arrived while
   * the form was open (a sync, a move on the board) is kept and only the
   * person's own edits go on top. */
  if (self->original != NULL)
    {
      g_autoptr(KtRecord) current = kt_store_get (self->store, KT_ENTITY_DEAL,
                                                  kt_record_get_id (self->original), NULL);

      if (current != NULL)
        g_set_object (&self->original, current);
    }

  record = build_record (self, &stage, &field, error);
  if (record == NULL)
    {
      /* Saving asked for it: now every problem may be shown. */
      self->show_all_errors = TRUE;
      validate (self);
      return FALSE;
    }

  if (!place_in_stage (self, record, stage, error) ||
      !kt_store_save (self->store, record, error))
    return FALSE;

  g_signal_emit (self, signals[SAVED], 0, record, self->original == NULL);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}
