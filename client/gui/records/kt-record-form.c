/* kt-record-form.c: a form whose rows come from the entity description
 *
 * Each row is a KtRecordEditor made from the field's description, so a
 * new field of the model shows up in the form without code here. KtForm
 * does the rest: validation as the person types, errors under the rows,
 * Save on top of the record as stored then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-form"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-duplicate-banner.h"
#include "kt-record-form.h"
#include "kt-record-text.h"

typedef struct
{
  KtContext *context;
  GPtrArray *editors;      /* of KtRecordEditor */
  GPtrArray *definitions;  /* custom_field records */
  char      *currency;     /* for money rows of a new record */
  KtDuplicateBanner *banner;  /* contacts and companies: "This looks like …" */
} KtRecordFormPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KtRecordForm, kt_record_form, KT_TYPE_FORM)

static gboolean kt_record_form_apply (KtForm    *form,
                                      KtRecord  *record,
                                      char     **field,
                                      GError   **error);

/* The banner looks for what the rows hold now, valid or not: a name
 * alone, or an email before the rest is typed, may be a duplicate. */
static void
update_banner (KtRecordForm *self)
{
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);
  g_autoptr(KtRecord) record = NULL;
  g_autofree char *field = NULL;
  g_autoptr(GError) error = NULL;

  if (priv->banner == NULL || kt_form_is_loading (KT_FORM (self)))
    return;

  record = kt_record_copy (kt_form_get_record (KT_FORM (self)));
  kt_record_form_apply (KT_FORM (self), record, &field, &error);
  kt_duplicate_banner_update (priv->banner, record);
}

static void
add_editor (KtRecordForm        *self,
            AdwPreferencesGroup *group,
            KtRecordEditor      *editor)
{
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);
  GtkWidget *row = kt_record_editor_get_row (editor);

  g_ptr_array_add (priv->editors, editor);
  adw_preferences_group_add (group, row);
  kt_record_editor_load (editor, kt_form_get_record (KT_FORM (self)));
  if (kt_record_editor_is_date (editor))
    kt_form_add_date_button (KT_FORM (self), row);
  kt_form_add_field (KT_FORM (self), kt_record_editor_get_key (editor), row,
                     kt_record_editor_get_value_widget (editor));
  if (priv->banner != NULL && GTK_IS_EDITABLE (kt_record_editor_get_value_widget (editor)))
    g_signal_connect_object (kt_record_editor_get_value_widget (editor), "changed",
                             G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
}

/* Money last: its text is read in the currency the form chose. A stored
 * record gets only what the person changed, so a value the rows cannot
 * show exactly is never rewritten. */
static gboolean
kt_record_form_apply (KtForm    *form,
                      KtRecord  *record,
                      char     **field,
                      GError   **error)
{
  KtRecordForm *self = KT_RECORD_FORM (form);
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);
  g_autoptr(JsonObject) custom = kt_record_editor_dup_custom (record);
  gboolean editing = kt_form_is_editing (form);
  gboolean custom_changed = !editing;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < priv->editors->len; i++)
      {
        KtRecordEditor *editor = g_ptr_array_index (priv->editors, i);

        if (kt_record_editor_depends_on_currency (editor) != (pass == 1))
          continue;
        if (editing && !kt_record_editor_needs_store (editor, record))
          continue;
        if (kt_record_editor_is_custom (editor))
          custom_changed = TRUE;
        if (!kt_record_editor_store (editor, record, custom, error))
          {
            *field = g_strdup (kt_record_editor_get_key (editor));
            return FALSE;
          }
      }

  /* Custom values without a definition here (another device's, or a
   * field deleted since) stay as they are. */
  if (custom_changed && kt_entity_get_field (kt_record_get_entity (record), "custom") != NULL &&
      (priv->definitions->len > 0 || kt_record_has (record, "custom")))
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, custom);
      if (json_object_get_size (custom) == 0)
        kt_record_unset (record, "custom");
      else if (!kt_record_set_node (record, "custom", node, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
kt_record_form_check (KtForm    *form,
                      KtRecord  *record,
                      char     **field,
                      GError   **error)
{
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (KT_RECORD_FORM (form));

  if (kt_record_editor_validate_custom (priv->definitions, record, error))
    return TRUE;
  *field = g_strdup (kt_record_error_get_field (*error));
  return FALSE;
}

static void
kt_record_form_dispose (GObject *object)
{
  KtRecordForm *self = KT_RECORD_FORM (object);
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);

  g_clear_pointer (&priv->editors, g_ptr_array_unref);
  /* A child of the form: it goes with the form's widgets. */
  priv->banner = NULL;

  G_OBJECT_CLASS (kt_record_form_parent_class)->dispose (object);
}

static void
kt_record_form_finalize (GObject *object)
{
  KtRecordForm *self = KT_RECORD_FORM (object);
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);

  g_clear_object (&priv->context);
  g_clear_pointer (&priv->definitions, g_ptr_array_unref);
  g_clear_pointer (&priv->currency, g_free);

  G_OBJECT_CLASS (kt_record_form_parent_class)->finalize (object);
}

static void
kt_record_form_class_init (KtRecordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KtFormClass *form_class = KT_FORM_CLASS (klass);

  object_class->dispose = kt_record_form_dispose;
  object_class->finalize = kt_record_form_finalize;

  form_class->apply = kt_record_form_apply;
  form_class->check = kt_record_form_check;
}

static void
kt_record_form_init (KtRecordForm *self)
{
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);

  priv->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_record_editor_free);
}

void
kt_record_form_setup (KtRecordForm *self,
                      KtContext    *context,
                      KtRecord     *record,
                      gboolean      editing)
{
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);
  KtStore *store;

  g_return_if_fail (KT_IS_RECORD_FORM (self));
  g_return_if_fail (KT_IS_CONTEXT (context));
  g_return_if_fail (KT_IS_RECORD (record));

  store = kt_context_get_store (context);
  g_set_object (&priv->context, context);
  g_clear_pointer (&priv->definitions, g_ptr_array_unref);
  priv->definitions = kt_record_text_load_custom_fields (store, kt_record_get_entity (record));
  g_free (priv->currency);
  priv->currency = g_settings_get_string (kt_context_get_settings (context), "default-currency");
  kt_form_set_record (KT_FORM (self), store, record, editing);
}

/**
 * kt_record_form_get_context:
 *
 * Returns: (transfer none): the context
 */
KtContext *
kt_record_form_get_context (KtRecordForm *self)
{
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_RECORD_FORM (self), NULL);

  return priv->context;
}

/**
 * kt_record_form_get_duplicate_banner:
 *
 * Returns: (transfer none) (nullable): the banner
 */
GtkWidget *
kt_record_form_get_duplicate_banner (KtRecordForm *self)
{
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_RECORD_FORM (self), NULL);

  return GTK_WIDGET (priv->banner);
}

/**
 * kt_record_form_add_group:
 *
 * Returns: (transfer none): the new group
 */
AdwPreferencesGroup *
kt_record_form_add_group (KtRecordForm *self,
                          const char   *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  g_return_val_if_fail (KT_IS_RECORD_FORM (self), NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  kt_form_add_group (KT_FORM (self), ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

void
kt_record_form_add_fields (KtRecordForm        *self,
                           AdwPreferencesGroup *group,
                           const char * const  *fields)
{
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);
  KtRecord *record;

  g_return_if_fail (KT_IS_RECORD_FORM (self));

  record = kt_form_get_record (KT_FORM (self));
  for (guint i = 0; fields[i] != NULL; i++)
    {
      KtRecordEditor *editor = kt_record_editor_new_for_field (kt_form_get_store (KT_FORM (self)),
                                                               kt_record_get_entity (record),
                                                               fields[i], priv->currency);

      if (editor != NULL)
        add_editor (self, group, editor);
    }
}

void
kt_record_form_add_custom_fields (KtRecordForm *self)
{
  KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);
  AdwPreferencesGroup *group;

  g_return_if_fail (KT_IS_RECORD_FORM (self));

  if (priv->definitions->len == 0)
    return;

  group = kt_record_form_add_group (self, _("Custom Fields"));
  for (guint i = 0; i < priv->definitions->len; i++)
    {
      KtRecordEditor *editor = kt_record_editor_new_for_custom (g_ptr_array_index (priv->definitions, i));

      if (editor != NULL)
        add_editor (self, group, editor);
    }
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
  g_autoptr(KtRecord) fresh = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (record == NULL || KT_IS_RECORD (record), NULL);

  self = g_object_new (KT_TYPE_RECORD_FORM, NULL);
  if (record == NULL)
    fresh = kt_record_new (spec->entity);
  kt_record_form_setup (self, context, record != NULL ? record : fresh, record != NULL);

  if (record != NULL)
    subtitle = kt_record_text_title (record);
  kt_form_set_titles (KT_FORM (self), _(record != NULL ? spec->edit_title : spec->new_title), subtitle);

  if (kt_duplicate_banner_handles (spec->entity))
    {
      KtRecordFormPrivate *priv = kt_record_form_get_instance_private (self);

      priv->banner = KT_DUPLICATE_BANNER (kt_duplicate_banner_new (kt_context_get_store (context)));
      kt_form_add_banner (KT_FORM (self), GTK_WIDGET (priv->banner));
    }

  for (guint g = 0; spec->groups[g].title != NULL; g++)
    {
      g_auto(GStrv) fields = g_strsplit (spec->groups[g].fields, ",", -1);
      AdwPreferencesGroup *group = kt_record_form_add_group (self, _(spec->groups[g].title));

      kt_record_form_add_fields (self, group, (const char * const *) fields);
    }
  kt_record_form_add_custom_fields (self);

  kt_form_loaded (KT_FORM (self));
  /* A stored record may have a duplicate already; and the first lookup
   * builds the worker's index while the person starts typing. */
  update_banner (self);
  return self;
}
