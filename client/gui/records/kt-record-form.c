/* kt-record-form.c: create or edit a record, validated as the person types
 *
 * Every change rebuilds a scratch copy of the record from the rows and runs
 * the model's own validation on it (kt_record_validate() and the custom
 * field rules), so the form and the store never disagree about what is
 * valid. The first problem is shown under the field it names, and Save
 * stays off until there is none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-form"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-record-editor.h"
#include "kt-record-form.h"
#include "kt-record-text.h"

struct _KtRecordForm
{
  AdwWindow               parent_instance;

  KtContext              *context;
  const KtRecordPaneSpec *spec;
  KtRecord               *original;     /* NULL for a new record */
  KtRecord               *fresh;        /* the new record's id and dates */
  GPtrArray              *editors;      /* of KtRecordEditor */
  GPtrArray              *definitions;  /* custom_field records */
  char                   *error_field;
  char                   *error_message;
  gboolean                show_all_errors;

  /* Template children */
  AdwWindowTitle         *window_title;
  GtkWidget              *save_button;
  GtkRevealer            *banner_revealer;
  GtkLabel               *banner_label;
  AdwPreferencesPage     *page;
};

G_DEFINE_FINAL_TYPE (KtRecordForm, kt_record_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static KtRecordEditor *
find_editor (KtRecordForm *self,
             const char   *key)
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

/* Builds the record the rows describe. On failure @error names the
 * problem and @error_field (if set) the field. */
static KtRecord *
build_record (KtRecordForm  *self,
              char         **error_field,
              GError       **error)
{
  g_autoptr(KtRecord) record = kt_record_copy (self->original != NULL ? self->original : self->fresh);
  g_autoptr(JsonObject) custom = kt_record_editor_dup_custom (record);
  g_autoptr(GError) local_error = NULL;
  gboolean custom_changed = self->original == NULL;

  /* Money last: its text is read in the currency the form chose. An
   * existing record gets only what the person changed, so a value the
   * rows cannot show exactly is never rewritten. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->editors->len; i++)
      {
        KtRecordEditor *editor = g_ptr_array_index (self->editors, i);

        if (kt_record_editor_depends_on_currency (editor) != (pass == 1))
          continue;
        if (self->original != NULL && !kt_record_editor_needs_store (editor, record))
          continue;
        if (kt_record_editor_is_custom (editor))
          custom_changed = TRUE;
        if (!kt_record_editor_store (editor, record, custom, &local_error))
          {
            *error_field = g_strdup (kt_record_editor_get_key (editor));
            g_propagate_error (error, g_steal_pointer (&local_error));
            return NULL;
          }
      }

  /* Custom values without a definition here (another device's, or a
   * field deleted since) stay as they are. */
  if (custom_changed && (self->definitions->len > 0 || kt_record_has (record, "custom")))
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, custom);
      if (json_object_get_size (custom) == 0)
        kt_record_unset (record, "custom");
      else if (!kt_record_set_node (record, "custom", node, &local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (!kt_record_validate (record, &local_error) ||
      !kt_record_editor_validate_custom (self->definitions, record, &local_error))
    {
      *error_field = g_strdup (kt_record_error_get_field (local_error));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&record);
}

static void
validate (KtRecordForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) record = NULL;
  g_autofree char *field = NULL;
  KtRecordEditor *culprit;

  record = build_record (self, &field, &error);

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
        {
          kt_record_editor_show_error (editor, self->error_message);
        }
      else
        kt_record_editor_show_error (editor, NULL);
    }

  /* A problem no row can show (a field not in the form) goes on top. */
  if (self->error_message != NULL && culprit == NULL)
    {
      gtk_label_set_label (self->banner_label, self->error_message);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer,
                                 self->error_message != NULL && culprit == NULL);

  gtk_widget_set_sensitive (self->save_button, record != NULL);
}

static void
on_save_clicked_cb (KtRecordForm *self)
{
  g_autoptr(GError) error = NULL;

  if (!kt_record_form_save (self, &error))
    {
      gtk_label_set_label (self->banner_label, error->message);
      gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
    }
}

static void
add_editor (KtRecordForm   *self,
            GtkWidget      *group,
            KtRecordEditor *editor)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), kt_record_editor_get_row (editor));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), kt_record_editor_get_error_row (editor));
  g_ptr_array_add (self->editors, editor);
}

static void
build_rows (KtRecordForm *self)
{
  KtStore *store = kt_context_get_store (self->context);
  GSettings *settings = kt_context_get_settings (self->context);
  g_autofree char *currency = g_settings_get_string (settings, "default-currency");
  KtRecord *source = self->original != NULL ? self->original : self->fresh;

  for (guint g = 0; self->spec->groups[g].title != NULL; g++)
    {
      g_auto(GStrv) fields = g_strsplit (self->spec->groups[g].fields, ",", -1);
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(self->spec->groups[g].title));
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));

      for (guint i = 0; fields[i] != NULL; i++)
        {
          KtRecordEditor *editor = kt_record_editor_new_for_field (store, self->spec->entity,
                                                                   fields[i], currency);

          if (editor != NULL)
            add_editor (self, group, editor);
        }
    }

  if (self->definitions->len > 0)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Custom Fields"));
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));

      for (guint i = 0; i < self->definitions->len; i++)
        {
          KtRecordEditor *editor =
            kt_record_editor_new_for_custom (g_ptr_array_index (self->definitions, i));

          if (editor != NULL)
            add_editor (self, group, editor);
        }
    }

  for (guint i = 0; i < self->editors->len; i++)
    {
      KtRecordEditor *editor = g_ptr_array_index (self->editors, i);

      kt_record_editor_load (editor, source);
      kt_record_editor_connect_changed (editor, G_CALLBACK (validate), self);
    }
}

static void
kt_record_form_dispose (GObject *object)
{
  KtRecordForm *self = (KtRecordForm *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_RECORD_FORM);
  g_clear_pointer (&self->editors, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_record_form_parent_class)->dispose (object);
}

static void
kt_record_form_finalize (GObject *object)
{
  KtRecordForm *self = (KtRecordForm *)object;

  g_clear_object (&self->context);
  g_clear_object (&self->original);
  g_clear_object (&self->fresh);
  g_clear_pointer (&self->definitions, g_ptr_array_unref);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (kt_record_form_parent_class)->finalize (object);
}

static void
kt_record_form_class_init (KtRecordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_record_form_dispose;
  object_class->finalize = kt_record_form_finalize;

  /**
   * KtRecordForm::saved:
   * @record: the record as saved
   * @created: whether it is a new record
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, KT_TYPE_RECORD, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/records/kt-record-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KtRecordForm, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtRecordForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, KtRecordForm, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, KtRecordForm, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KtRecordForm, page);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_record_form_init (KtRecordForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_record_editor_free);
}

/**
 * kt_record_form_new:
 * @context: the context
 * @spec: the entity's pane spec
 * @record: (nullable): the record to edit, or %NULL for a new one
 *
 * Returns: (transfer full): a new form window
 */
KtRecordForm *
kt_record_form_new (KtContext              *context,
                    const KtRecordPaneSpec *spec,
                    KtRecord               *record)
{
  KtRecordForm *self;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (record == NULL || KT_IS_RECORD (record), NULL);

  self = g_object_new (KT_TYPE_RECORD_FORM, NULL);
  self->context = g_object_ref (context);
  self->spec = spec;
  self->original = record != NULL ? kt_record_copy (record) : NULL;
  self->fresh = kt_record_new (spec->entity);
  self->definitions = kt_record_text_load_custom_fields (kt_context_get_store (context), spec->entity);

  adw_window_title_set_title (self->window_title,
                              _(record != NULL ? spec->edit_title : spec->new_title));
  if (record != NULL)
    {
      g_autofree char *title = kt_record_dup_title (record);

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
 * kt_record_form_get_row:
 *
 * Returns: (transfer none) (nullable): the row editing @key
 */
GtkWidget *
kt_record_form_get_row (KtRecordForm *self,
                        const char   *key)
{
  KtRecordEditor *editor;

  g_return_val_if_fail (KT_IS_RECORD_FORM (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  editor = find_editor (self, key);
  return editor != NULL ? kt_record_editor_get_row (editor) : NULL;
}

const char *
kt_record_form_get_error_field (KtRecordForm *self)
{
  g_return_val_if_fail (KT_IS_RECORD_FORM (self), NULL);

  return self->error_field;
}

const char *
kt_record_form_get_error_message (KtRecordForm *self)
{
  g_return_val_if_fail (KT_IS_RECORD_FORM (self), NULL);

  return self->error_message;
}

gboolean
kt_record_form_is_valid (KtRecordForm *self)
{
  g_return_val_if_fail (KT_IS_RECORD_FORM (self), FALSE);

  return self->error_message == NULL;
}

gboolean
kt_record_form_save (KtRecordForm  *self,
                     GError       **error)
{
  g_autoptr(KtRecord) record = NULL;
  g_autofree char *field = NULL;

  g_return_val_if_fail (KT_IS_RECORD_FORM (self), FALSE);

  /* The record as the store holds it now, so a change that arrived while
   * the form was open (a sync) is kept and only the person's own edits go
   * on top. */
  if (self->original != NULL)
    {
      g_autoptr(KtRecord) current = kt_store_get (kt_context_get_store (self->context),
                                                  kt_record_get_entity (self->original),
                                                  kt_record_get_id (self->original), NULL);

      if (current != NULL)
        g_set_object (&self->original, current);
    }

  record = build_record (self, &field, error);
  if (record == NULL)
    {
      /* Saving asked for it: now every problem may be shown. */
      self->show_all_errors = TRUE;
      validate (self);
      return FALSE;
    }

  if (!kt_store_save (kt_context_get_store (self->context), record, error))
    return FALSE;

  g_signal_emit (self, signals[SAVED], 0, record, self->original == NULL);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}
