/* kt-deal-form.c: create or edit a deal, validated as the person types
 *
 * Every change rebuilds a scratch copy of the deal from the rows and runs
 * the model's rules on it: kt_record_validate(), the custom field rules
 * and kt_deal_check_stage() against the chosen stage. KtRecordForm gives
 * the deal's plain fields (KtRecordEditor rows) and the custom fields;
 * this form adds the rows a generic form cannot give.
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
#include "kt-owners.h"
#include "kt-pipelines.h"
#include "kt-record-picker.h"

/* The deal's plain fields, by group; the other rows are made here. */
static const char * const main_fields[] = { "title", "value", "currency", "expected_close_date", NULL };
static const char * const note_fields[] = { "tags", "notes", NULL };

struct _KtDealForm
{
  KtRecordForm  parent_instance;

  KtStore      *store;
  GPtrArray    *pipelines;    /* of KtRecord */
  GPtrArray    *stages;       /* of KtRecord, the chosen pipeline's */
  GPtrArray    *owners;       /* of char *, user ids by owner row item */
  KtRecord     *chosen_stage; /* in stages: where Save puts the deal, or NULL */
  gboolean      loading;

  GtkWidget    *pipeline_row;
  GtkWidget    *stage_row;
  GtkWidget    *owner_row;
  GtkWidget    *contact_picker;
  GtkWidget    *company_picker;
};

G_DEFINE_FINAL_TYPE (KtDealForm, kt_deal_form, KT_TYPE_RECORD_FORM)

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
  return kt_form_get_record (KT_FORM (self));
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
  kt_form_validate (KT_FORM (self));
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
  kt_form_validate (KT_FORM (self));
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

/* A deal put into a stage (new, or moved by the form) gets what a move on
 * the board gives it (kt_deal_move_place()): the status of the stage's
 * kind, the closing date, and the end of the column. */
static gboolean
place_in_stage (KtDealForm  *self,
                KtRecord    *deal,
                KtRecord    *stage,
                GError     **error)
{
  const char *old_status = kt_form_is_editing (KT_FORM (self))
                           ? kt_record_get_string (source_record (self), "status") : NULL;

  /* The deal stays where it is (build_record() keeps a stage the form
   * does not list). */
  if (stage == NULL)
    return TRUE;
  if (kt_form_is_editing (KT_FORM (self)) &&
      g_strcmp0 (kt_record_get_string (source_record (self), "stage_id"), kt_record_get_id (stage)) == 0)
    return TRUE;

  return kt_deal_move_place (self->store, deal, stage, old_status, error);
}

/* The rows of the pipeline, the stage, the owner and the people: a stored
 * deal gets only those the person changed. */
static gboolean
kt_deal_form_apply (KtForm    *form,
                    KtRecord  *record,
                    char     **field,
                    GError   **error)
{
  KtDealForm *self = KT_DEAL_FORM (form);
  KtRecord *pipeline = selected_item (self->pipeline_row, self->pipelines);
  KtRecord *stage = selected_item (self->stage_row, self->stages);
  guint owner = adw_combo_row_get_selected (ADW_COMBO_ROW (self->owner_row));

  self->chosen_stage = NULL;
  if (!KT_FORM_CLASS (kt_deal_form_parent_class)->apply (form, record, field, error))
    return FALSE;

  /* A stage this form does not list (another device's new stage, say)
   * is kept until the person picks one. */
  if (kt_form_writes (form, self->pipeline_row) || kt_form_writes (form, self->stage_row))
    {
      kt_record_set_string (record, "pipeline_id", pipeline != NULL ? kt_record_get_id (pipeline) : NULL);
      kt_record_set_string (record, "stage_id", stage != NULL ? kt_record_get_id (stage) : NULL);
    }
  else if (stage != NULL &&
           g_strcmp0 (kt_record_get_id (stage), kt_record_get_string (record, "stage_id")) != 0)
    stage = NULL;
  if (kt_form_writes (form, self->contact_picker))
    kt_record_set_string (record, "contact_id",
                          kt_record_picker_get_record_id (KT_RECORD_PICKER (self->contact_picker)));
  if (kt_form_writes (form, self->company_picker))
    kt_record_set_string (record, "company_id",
                          kt_record_picker_get_record_id (KT_RECORD_PICKER (self->company_picker)));
  if (kt_form_writes (form, self->owner_row) && owner < self->owners->len)
    kt_record_set_owner_id (record, g_ptr_array_index (self->owners, owner));

  self->chosen_stage = stage;
  return TRUE;
}

static gboolean
kt_deal_form_check (KtForm    *form,
                    KtRecord  *record,
                    char     **field,
                    GError   **error)
{
  KtDealForm *self = KT_DEAL_FORM (form);

  if (!KT_FORM_CLASS (kt_deal_form_parent_class)->check (form, record, field, error))
    return FALSE;
  if (self->chosen_stage != NULL && !kt_deal_check_stage (record, self->chosen_stage, error))
    {
      *field = g_strdup (kt_record_error_get_field (*error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
kt_deal_form_save (KtForm    *form,
                   KtRecord  *record,
                   GError   **error)
{
  KtDealForm *self = KT_DEAL_FORM (form);

  return place_in_stage (self, record, self->chosen_stage, error) &&
         KT_FORM_CLASS (kt_deal_form_parent_class)->save (form, record, error);
}

static GtkWidget *
add_combo (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return row;
}

static GtkWidget *
add_picker (KtDealForm          *self,
            AdwPreferencesGroup *group,
            const KtEntity      *entity,
            const char          *title)
{
  GtkWidget *picker = kt_record_picker_new (self->store, entity, title);

  adw_preferences_group_add (group, picker);
  return picker;
}

static void
build_rows (KtDealForm *self)
{
  KtRecordForm *form = KT_RECORD_FORM (self);
  KtRecord *source = source_record (self);
  AdwPreferencesGroup *group;

  group = kt_record_form_add_group (form, _("Deal"));
  kt_record_form_add_fields (form, group, main_fields);

  group = kt_record_form_add_group (form, _("Pipeline"));
  self->pipeline_row = add_combo (group, _("Pipeline"));
  self->stage_row = add_combo (group, _("Stage"));
  self->owner_row = add_combo (group, _("Owner"));

  group = kt_record_form_add_group (form, _("Contact and Company"));
  self->contact_picker = add_picker (self, group, KT_ENTITY_CONTACT, _("Contact"));
  self->company_picker = add_picker (self, group, KT_ENTITY_COMPANY, _("Company"));

  group = kt_record_form_add_group (form, _("Notes"));
  kt_record_form_add_fields (form, group, note_fields);
  /* Why a deal was lost is for lost deals only. */
  if (g_strcmp0 (kt_record_get_string (source, "status"), "lost") == 0)
    kt_record_form_add_fields (form, group, (const char * const[]) { "lost_reason", NULL });

  kt_record_form_add_custom_fields (form);

  self->loading = TRUE;
  load_pipelines (self);
  load_owners (self);
  kt_record_picker_set_record_id (KT_RECORD_PICKER (self->contact_picker),
                                  kt_record_get_string (source, "contact_id"));
  kt_record_picker_set_record_id (KT_RECORD_PICKER (self->company_picker),
                                  kt_record_get_string (source, "company_id"));
  self->loading = FALSE;

  kt_form_add_field (KT_FORM (self), "pipeline_id", self->pipeline_row, NULL);
  kt_form_add_field (KT_FORM (self), "stage_id", self->stage_row, NULL);
  kt_form_add_field (KT_FORM (self), KT_META_OWNER, self->owner_row, NULL);
  kt_form_add_field (KT_FORM (self), "contact_id", self->contact_picker, NULL);
  kt_form_add_field (KT_FORM (self), "company_id", self->company_picker, NULL);
  g_signal_connect_object (self->pipeline_row, "notify::selected",
                           G_CALLBACK (on_pipeline_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_picker, "notify::record-id",
                           G_CALLBACK (on_contact_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
kt_deal_form_finalize (GObject *object)
{
  KtDealForm *self = KT_DEAL_FORM (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->pipelines, g_ptr_array_unref);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->owners, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_deal_form_parent_class)->finalize (object);
}

static void
kt_deal_form_class_init (KtDealFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KtFormClass *form_class = KT_FORM_CLASS (klass);

  object_class->finalize = kt_deal_form_finalize;

  form_class->apply = kt_deal_form_apply;
  form_class->check = kt_deal_form_check;
  form_class->save = kt_deal_form_save;
}

static void
kt_deal_form_init (KtDealForm *self)
{
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
  g_autoptr(KtRecord) fresh = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (deal == NULL || KT_IS_RECORD (deal), NULL);

  self = g_object_new (KT_TYPE_DEAL_FORM, NULL);
  self->store = g_object_ref (kt_context_get_store (context));

  /* A new deal starts in the column it was asked for, in the currency the
   * person works in, owned by them. */
  if (deal == NULL)
    {
      GSettings *settings = kt_context_get_settings (context);
      g_autofree char *currency = g_settings_get_string (settings, "default-currency");

      fresh = kt_record_new (KT_ENTITY_DEAL);
      if (currency != NULL && *currency != '\0')
        kt_record_set_string (fresh, "currency", currency);
      if (pipeline_id != NULL)
        kt_record_set_string (fresh, "pipeline_id", pipeline_id);
      if (stage_id != NULL)
        kt_record_set_string (fresh, "stage_id", stage_id);
      kt_record_set_owner_id (fresh, kt_store_get_user_id (self->store));
    }
  kt_record_form_setup (KT_RECORD_FORM (self), context, deal != NULL ? deal : fresh, deal != NULL);

  if (deal != NULL)
    subtitle = kt_record_dup_title (deal);
  kt_form_set_titles (KT_FORM (self), deal != NULL ? _("Edit Deal") : _("New Deal"), subtitle);

  build_rows (self);
  kt_form_loaded (KT_FORM (self));
  return self;
}
