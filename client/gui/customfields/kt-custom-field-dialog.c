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

struct _KtCustomFieldDialog
{
  KtForm     parent_instance;

  char      *entity_name;
  gboolean   key_edited;
  gboolean   setting_key;

  GtkWidget *label_row;
  GtkWidget *key_row;
  GtkWidget *type_row;
  GtkWidget *choices_row;
  GtkWidget *required_row;
  GtkWidget *required_switch;
};

G_DEFINE_FINAL_TYPE (KtCustomFieldDialog, kt_custom_field_dialog, KT_TYPE_FORM)

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

static gboolean
key_is_taken (KtCustomFieldDialog *self,
              KtRecord            *definition)
{
  const char *key = kt_record_get_string (definition, "key");
  g_autoptr(GPtrArray) existing = kt_custom_fields_for_entity (kt_form_get_store (KT_FORM (self)), self->entity_name);

  for (guint i = 0; i < existing->len; i++)
    if (g_strcmp0 (kt_record_get_id (existing->pdata[i]), kt_record_get_id (definition)) != 0 &&
        g_strcmp0 (kt_record_get_string (existing->pdata[i], "key"), key) == 0)
      return TRUE;
  return FALSE;
}

/* Writes the rows into @def; a stored field gets only the rows the
 * person changed, so choices the row cannot show exactly (one with a
 * comma) and an unset flag stay. */
static gboolean
kt_custom_field_dialog_apply (KtForm    *form,
                              KtRecord  *def,
                              char     **out_field,
                              GError   **error)
{
  KtCustomFieldDialog *self = KT_CUSTOM_FIELD_DIALOG (form);
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

  if (kt_form_writes (form, self->label_row))
    kt_record_set_string (def, "label", *label ? label : NULL);
  if (kt_form_writes (form, self->key_row))
    kt_record_set_string (def, "key", *key ? key : NULL);
  if (kt_form_writes (form, self->type_row))
    kt_record_set_string (def, "field_type", types[MIN (type, 4)]);
  if (!g_str_equal (types[MIN (type, 4)], "choice"))
    kt_record_unset (def, "choices");
  else if (kt_form_writes (form, self->type_row) || kt_form_writes (form, self->choices_row))
    kt_record_set_tags (def, "choices", (const char * const *) choice_list);
  if (kt_form_writes (form, self->required_switch))
    kt_record_set_bool (def, "required", gtk_switch_get_active (GTK_SWITCH (self->required_switch)));

  return TRUE;
}

static gboolean
kt_custom_field_dialog_check (KtForm    *form,
                              KtRecord  *def,
                              char     **out_field,
                              GError   **error)
{
  KtCustomFieldDialog *self = KT_CUSTOM_FIELD_DIALOG (form);

  if (key_is_taken (self, def))
    {
      *out_field = g_strdup ("key");
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Key: another field of this kind already uses “%s”"),
                   kt_record_get_string (def, "key"));
      return FALSE;
    }
  return TRUE;
}

static void
on_type_changed_cb (KtCustomFieldDialog *self)
{
  gtk_widget_set_visible (self->choices_row,
                          adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row)) == 3);
}

static void
on_label_changed_cb (KtCustomFieldDialog *self)
{
  if (kt_form_is_loading (KT_FORM (self)))
    return;
  if (!self->key_edited)
    {
      g_autofree char *key = kt_custom_field_key_from_label (gtk_editable_get_text (GTK_EDITABLE (self->label_row)));

      self->setting_key = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), key);
      self->setting_key = FALSE;
    }
}

static void
on_key_changed_cb (KtCustomFieldDialog *self)
{
  if (kt_form_is_loading (KT_FORM (self)))
    return;
  if (!self->setting_key)
    self->key_edited = TRUE;
}

static void
kt_custom_field_dialog_finalize (GObject *object)
{
  KtCustomFieldDialog *self = (KtCustomFieldDialog *) object;

  g_clear_pointer (&self->entity_name, g_free);

  G_OBJECT_CLASS (kt_custom_field_dialog_parent_class)->finalize (object);
}

static void
kt_custom_field_dialog_class_init (KtCustomFieldDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KtFormClass *form_class = KT_FORM_CLASS (klass);

  object_class->finalize = kt_custom_field_dialog_finalize;
  form_class->apply = kt_custom_field_dialog_apply;
  form_class->check = kt_custom_field_dialog_check;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/customfields/kt-custom-field-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, choices_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, required_row);
  gtk_widget_class_bind_template_child (widget_class, KtCustomFieldDialog, required_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_type_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_label_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_key_changed_cb);
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
  KtForm *form;
  g_autoptr(KtRecord) def = NULL;
  const char * const *choices;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity_name != NULL, NULL);

  self = g_object_new (KT_TYPE_CUSTOM_FIELD_DIALOG, NULL);
  form = KT_FORM (self);
  self->entity_name = g_strdup (entity_name);

  if (definition != NULL)
    {
      def = kt_record_copy (definition);
      self->key_edited = TRUE;  /* an existing key is never rewritten */
      kt_form_set_titles (form, _("Edit Custom Field"), NULL);
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
      kt_form_set_titles (form, _("New Custom Field"), NULL);
    }
  kt_form_set_record (form, store, def, definition != NULL);

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
  on_type_changed_cb (self);

  kt_form_add_field (form, "label", self->label_row, NULL);
  kt_form_add_field (form, "key", self->key_row, NULL);
  kt_form_add_field (form, "field_type", self->type_row, NULL);
  kt_form_add_field (form, "choices", self->choices_row, NULL);
  kt_form_add_field (form, "required", self->required_row, NULL);
  kt_form_loaded (form);
  return self;
}
