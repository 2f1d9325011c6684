/* kt-custom-field-dialog.c: define or change one custom field
 *
 * The key follows the label as the person types ("Любимо питие" gives
 * "lyubimo_pitie") until they edit the key themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-custom-field-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-custom-field-dialog.h"
#include "kt-custom-fields.h"
#include "kt-form-state.h"

struct _KtCustomFieldDialog
{
  AdwWindow       parent_instance;

  KtStore        *store;
  KtRecord       *base;         /* the definition as loaded, or the new one */
  KtRecord       *definition;   /* base plus the form, rebuilt on each change */
  gboolean        editing;      /* base is a stored definition */
  char           *entity_name;
  char           *error_message;
  gboolean        key_edited;
  gboolean        setting_key;

  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  GtkWidget      *error_label;
  GtkWidget      *label_row;
  GtkWidget      *key_row;
  GtkWidget      *type_row;
  GtkWidget      *choices_row;
  GtkWidget      *required_row;
  GtkWidget      *required_switch;
};

G_DEFINE_FINAL_TYPE (KtCustomFieldDialog, kt_custom_field_dialog, ADW_TYPE_WINDOW)

static const char * const types[] = { "text", "number", "date", "choice", "bool", NULL };

const char *
kt_custom_field_type_label (const char *type)
{
  if (g_strcmp0 (type, "number") == 0)
    return C_("custom field type", "Number");
  if (g_strcmp0 (type, "date") == 0)
    return C_("custom field type", "Date");
  if (g_strcmp0 (type, "choice") == 0)
    return C_("custom field type", "Choice");
  if (g_strcmp0 (type, "bool") == 0)
    return C_("custom field type", "Yes or no");
  return C_("custom field type", "Text");
}

static void
show_error (KtCustomFieldDialog *self,
            const char          *field,
            const char          *message)
{
  const char * const fields[] = { "label", "key", "field_type", "choices", NULL };

  for (guint i = 0; fields[i] != NULL; i++)
    gtk_widget_remove_css_class (kt_custom_field_dialog_get_row (self, fields[i]), "error");
  if (field != NULL && kt_custom_field_dialog_get_row (self, field) != NULL)
    gtk_widget_add_css_class (kt_custom_field_dialog_get_row (self, field), "error");

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  gtk_label_set_label (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
  gtk_widget_set_sensitive (self->save_button, message == NULL);
}

static gboolean
key_is_taken (KtCustomFieldDialog *self,
              const char          *key)
{
  g_autoptr(GPtrArray) existing = kt_custom_fields_for_entity (self->store, self->entity_name);

  for (guint i = 0; i < existing->len; i++)
    if (g_strcmp0 (kt_record_get_id (existing->pdata[i]), kt_record_get_id (self->definition)) != 0 &&
        g_strcmp0 (kt_record_get_string (existing->pdata[i], "key"), key) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the form writes @widget's value: always for a new field; for
 * a stored one only when the person changed it, so choices the row
 * cannot show exactly (one with a comma) and an unset flag stay. */
static gboolean
writes (KtCustomFieldDialog *self,
        GtkWidget           *widget)
{
  return !self->editing || kt_form_state_changed (widget);
}

static gboolean
apply_form (KtCustomFieldDialog  *self,
            const char          **out_field,
            GError              **error)
{
  KtRecord *def;
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  guint type = adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row));
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->choices_row)), ",", -1);
  g_autoptr(GStrvBuilder) choices = g_strv_builder_new ();
  g_auto(GStrv) choice_list = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (choices, parts[i]);
  choice_list = g_strv_builder_end (choices);

  g_clear_object (&self->definition);
  self->definition = def = kt_record_copy (self->base);

  if (writes (self, self->label_row))
    kt_record_set_string (def, "label", *label ? label : NULL);
  if (writes (self, self->key_row))
    kt_record_set_string (def, "key", *key ? key : NULL);
  if (writes (self, self->type_row))
    kt_record_set_string (def, "field_type", types[MIN (type, 4)]);
  if (!g_str_equal (types[MIN (type, 4)], "choice"))
    kt_record_unset (def, "choices");
  else if (writes (self, self->type_row) || writes (self, self->choices_row))
    kt_record_set_tags (def, "choices", (const char * const *) choice_list);
  if (writes (self, self->required_switch))
    kt_record_set_bool (def, "required", gtk_switch_get_active (GTK_SWITCH (self->required_switch)));

  if (!kt_record_validate (def, error))
    {
      *out_field = kt_record_error_get_field (*error);
      return FALSE;
    }
  if (key_is_taken (self, kt_record_get_string (def, "key")))
    {
      *out_field = "key";
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Key: another field of this kind already uses “%s”"),
                   kt_record_get_string (def, "key"));
      return FALSE;
    }
  return TRUE;
}

static void
validate (KtCustomFieldDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *field = NULL;
  gboolean choice = adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row)) == 3;

  gtk_widget_set_visible (self->choices_row, choice);
  if (apply_form (self, &field, &error))
    show_error (self, NULL, NULL);
  else
    show_error (self, field, error->message);
}

static void
on_changed_cb (KtCustomFieldDialog *self)
{
  if (self->base != NULL)
    validate (self);
}

static void
on_label_changed_cb (KtCustomFieldDialog *self)
{
  if (self->base == NULL)
    return;
  if (!self->key_edited)
    {
      g_autofree char *key = kt_custom_field_key_from_label (gtk_editable_get_text (GTK_EDITABLE (self->label_row)));

      self->setting_key = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), key);
      self->setting_key = FALSE;
    }
  validate (self);
}

static void
on_key_changed_cb (KtCustomFieldDialog *self)
{
  if (self->base == NULL)
    return;
  if (!self->setting_key)
    self->key_edited = TRUE;
  validate (self);
}

static void
on_save_clicked_cb (KtCustomFieldDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!kt_custom_field_dialog_save (self, &error))
    show_error (self, NULL, error->message);
}

static void
kt_custom_field_dialog_dispose (GObject *object)
{
  KtCustomFieldDialog *self = (KtCustomFieldDialog *) object;

  g_clear_object (&self->definition);
  g_clear_object (&self->base);
  g_clear_object (&self->store);
  g_clear_pointer (&self->entity_name, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (kt_custom_field_dialog_parent_class)->dispose (object);
}

static void
kt_custom_field_dialog_class_init (KtCustomFieldDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_custom_field_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/customfields/kt-custom-field-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, choices_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, required_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, required_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_label_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_key_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_custom_field_dialog_init (KtCustomFieldDialog *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; types[i] != NULL; i++)
    gtk_string_list_append (model, kt_custom_field_type_label (types[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->type_row), G_LIST_MODEL (model));
}

/**
 * kt_custom_field_dialog_new:
 * @store: the store
 * @entity_name: "contact", "company" or "deal"
 * @definition: (nullable): the custom_field record to change
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
KtCustomFieldDialog *
kt_custom_field_dialog_new (KtStore    *store,
                            const char *entity_name,
                            KtRecord   *definition)
{
  KtCustomFieldDialog *self;
  KtRecord *def;
  const char * const *choices;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity_name != NULL, NULL);

  self = g_object_new (KT_TYPE_CUSTOM_FIELD_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->entity_name = g_strdup (entity_name);

  if (definition != NULL)
    {
      def = kt_record_copy (definition);
      self->key_edited = TRUE;  /* an existing key is never rewritten */
      adw_window_title_set_title (self->window_title, _("Edit Custom Field"));
    }
  else
    {
      g_autoptr(GPtrArray) existing = kt_custom_fields_for_entity (store, entity_name);
      gint64 position = 0;

      for (guint i = 0; i < existing->len; i++)
        position = MAX (position, kt_record_get_int (existing->pdata[i], "position") + 1);
      def = kt_record_new (KT_ENTITY_CUSTOM_FIELD);
      kt_record_set_string (def, "target_entity", entity_name);
      kt_record_set_string (def, "field_type", "text");
      kt_record_set_int (def, "position", position);
    }

  /* Fill the rows before the definition is set, so the handlers keep
   * quiet until the form is complete. */
  if (kt_record_has (def, "label"))
    gtk_editable_set_text (GTK_EDITABLE (self->label_row), kt_record_get_string (def, "label"));
  if (kt_record_has (def, "key"))
    gtk_editable_set_text (GTK_EDITABLE (self->key_row), kt_record_get_string (def, "key"));
  for (guint i = 0; types[i] != NULL; i++)
    if (g_strcmp0 (types[i], kt_record_get_string (def, "field_type")) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->type_row), i);
  choices = kt_record_get_tags (def, "choices");
  if (choices != NULL)
    {
      g_autofree char *text = g_strjoinv (", ", (char **) choices);

      gtk_editable_set_text (GTK_EDITABLE (self->choices_row), text);
    }
  gtk_switch_set_active (GTK_SWITCH (self->required_switch), kt_record_get_bool (def, "required"));
  kt_form_state_mark_loaded (self->label_row);
  kt_form_state_mark_loaded (self->key_row);
  kt_form_state_mark_loaded (self->type_row);
  kt_form_state_mark_loaded (self->choices_row);
  kt_form_state_mark_loaded (self->required_switch);

  self->editing = definition != NULL;
  self->base = def;
  validate (self);
  gtk_widget_grab_focus (self->label_row);
  return self;
}

GtkWidget *
kt_custom_field_dialog_get_row (KtCustomFieldDialog *self,
                                const char          *field)
{
  g_return_val_if_fail (KT_IS_CUSTOM_FIELD_DIALOG (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "label"))
    return self->label_row;
  if (g_str_equal (field, "key"))
    return self->key_row;
  if (g_str_equal (field, "field_type"))
    return self->type_row;
  if (g_str_equal (field, "choices"))
    return self->choices_row;
  if (g_str_equal (field, "required"))
    return self->required_switch;
  return NULL;
}

const char *
kt_custom_field_dialog_get_error (KtCustomFieldDialog *self)
{
  g_return_val_if_fail (KT_IS_CUSTOM_FIELD_DIALOG (self), NULL);
  return self->error_message;
}

/* Before Save: the record as the store holds it now, so a change that
 * arrived while the form was open (a sync) is kept and only the
 * person's own edits go on top. */
static void
refresh_base (KtCustomFieldDialog *self)
{
  g_autoptr(KtRecord) current = NULL;

  if (self->editing &&
      (current = kt_store_get (self->store, KT_ENTITY_CUSTOM_FIELD, kt_record_get_id (self->base), NULL)) != NULL)
    g_set_object (&self->base, current);
}

gboolean
kt_custom_field_dialog_save (KtCustomFieldDialog  *self,
                             GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *field = NULL;

  g_return_val_if_fail (KT_IS_CUSTOM_FIELD_DIALOG (self), FALSE);

  refresh_base (self);
  if (!apply_form (self, &field, &local_error) ||
      !kt_store_save (self->store, self->definition, &local_error))
    {
      show_error (self, field, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
