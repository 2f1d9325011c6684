/* kt-custom-fields-page.c: the "Custom Fields" page of the preferences
 *
 * One group per entity that takes custom fields. Each field is a row
 * (label, key and type) with buttons to move it up or down and to delete
 * it; activating the row edits it. The page follows the store, so a field
 * that sync brings in appears too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-custom-fields-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-custom-field-dialog.h"
#include "kt-custom-fields-page.h"
#include "kt-custom-fields.h"

typedef struct {
  const char *entity;
  const char *title;
  const char *description;
} EntityInfo;

static const EntityInfo entities[] = {
  { "contact", N_("Contacts"), N_("Extra fields on every contact: they appear in its form and details, and import, export and search cover them.") },
  { "company", N_("Companies"), N_("Extra fields on every company.") },
  { "deal", N_("Deals"), N_("Extra fields on every deal.") },
};

#define N_ENTITIES G_N_ELEMENTS (entities)

struct _KtCustomFieldsPage
{
  AdwPreferencesPage  parent_instance;

  KtStore            *store;
  GtkWidget          *groups[N_ENTITIES];
  GPtrArray          *rows[N_ENTITIES];   /* of GtkWidget*, the rows shown */
};

G_DEFINE_FINAL_TYPE (KtCustomFieldsPage, kt_custom_fields_page, ADW_TYPE_PREFERENCES_PAGE)

static void refresh (KtCustomFieldsPage *self, guint e);

static int
entity_index (const char *entity_name)
{
  for (guint e = 0; e < N_ENTITIES; e++)
    if (g_strcmp0 (entities[e].entity, entity_name) == 0)
      return (int) e;
  return -1;
}

static void
present (KtCustomFieldsPage *self,
         GtkWindow          *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  gtk_window_present (dialog);
}

static void
on_add_clicked_cb (GtkButton *button,
                   gpointer   user_data)
{
  KtCustomFieldsPage *self = user_data;
  const char *entity = g_object_get_data (G_OBJECT (button), "entity");

  present (self, GTK_WINDOW (kt_custom_field_dialog_new (self->store, entity, NULL)));
}

static void
on_row_activated_cb (AdwActionRow *row,
                     gpointer      user_data)
{
  KtCustomFieldsPage *self = user_data;
  KtRecord *def = g_object_get_data (G_OBJECT (row), "definition");

  present (self, GTK_WINDOW (kt_custom_field_dialog_new (self->store,
                                                         kt_record_get_string (def, "target_entity"),
                                                         def)));
}

static void
on_move_clicked_cb (GtkButton *button,
                    gpointer   user_data)
{
  KtCustomFieldsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *entity = g_object_get_data (G_OBJECT (button), "entity");
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  int direction = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "direction"));

  if (!kt_custom_fields_page_move (self, entity, index, direction, &error))
    g_warning ("Could not move the custom field: %s", error->message);
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  KtCustomFieldsPage *self = user_data;
  KtRecord *def = g_object_get_data (G_OBJECT (dialog), "definition");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!kt_store_delete (self->store, KT_ENTITY_CUSTOM_FIELD, kt_record_get_id (def), &error))
    g_warning ("Could not delete the custom field: %s", error->message);
}

static void
on_delete_clicked_cb (GtkButton *button,
                      gpointer   user_data)
{
  KtCustomFieldsPage *self = user_data;
  KtRecord *def = g_object_get_data (G_OBJECT (button), "definition");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Delete the Field?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("“%s” disappears from every form. The values already entered stay in the records and come back if you add a field with the same key."),
                                  kt_record_get_string (def, "label"));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "definition", g_object_ref (def), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static GtkWidget *
make_row (KtCustomFieldsPage *self,
          guint               e,
          KtRecord           *def,
          guint               index,
          guint               n)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *up = icon_button ("go-up-symbolic", _("Move up"));
  GtkWidget *down = icon_button ("go-down-symbolic", _("Move down"));
  GtkWidget *delete = icon_button ("user-trash-symbolic", _("Delete"));
  g_autofree char *title = g_markup_escape_text (kt_record_get_string (def, "label"), -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;

  subtitle = g_strdup_printf ("%s · %s%s", kt_record_get_string (def, "key"),
                              kt_custom_field_type_label (kt_record_get_string (def, "field_type")),
                              kt_record_get_bool (def, "required") ? _(" · required") : "");
  escaped = g_markup_escape_text (subtitle, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "definition", g_object_ref (def), g_object_unref);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? up : down;

      g_object_set_data (G_OBJECT (button), "entity", (gpointer) entities[e].entity);
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
      g_object_set_data (G_OBJECT (button), "direction", GINT_TO_POINTER (i == 0 ? -1 : 1));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_move_clicked_cb), self, 0);
    }
  gtk_widget_set_sensitive (up, index > 0);
  gtk_widget_set_sensitive (down, index + 1 < n);
  g_object_set_data_full (G_OBJECT (delete), "definition", g_object_ref (def), g_object_unref);
  g_signal_connect_object (delete, "clicked", G_CALLBACK (on_delete_clicked_cb), self, 0);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_row_activated_cb), self, 0);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
  return row;
}

static void
refresh (KtCustomFieldsPage *self,
         guint               e)
{
  g_autoptr(GPtrArray) defs = kt_custom_fields_for_entity (self->store, entities[e].entity);

  for (guint i = 0; i < self->rows[e]->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->groups[e]), self->rows[e]->pdata[i]);
  g_ptr_array_set_size (self->rows[e], 0);

  for (guint i = 0; i < defs->len; i++)
    {
      GtkWidget *row = make_row (self, e, defs->pdata[i], i, defs->len);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->groups[e]), row);
      g_ptr_array_add (self->rows[e], row);
    }
}

static void
on_store_changed_cb (KtCustomFieldsPage *self,
                     const char         *entity_name,
                     const char         *record_id,
                     KtStore            *store)
{
  if (g_strcmp0 (entity_name, "custom_field") != 0)
    return;
  for (guint e = 0; e < N_ENTITIES; e++)
    refresh (self, e);
}

static void
kt_custom_fields_page_dispose (GObject *object)
{
  KtCustomFieldsPage *self = (KtCustomFieldsPage *) object;

  for (guint e = 0; e < N_ENTITIES; e++)
    g_clear_pointer (&self->rows[e], g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kt_custom_fields_page_parent_class)->dispose (object);
}

static void
kt_custom_fields_page_class_init (KtCustomFieldsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kt_custom_fields_page_dispose;
}

static void
kt_custom_fields_page_init (KtCustomFieldsPage *self)
{
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Custom Fields"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "document-properties-symbolic");
  gtk_widget_set_name (GTK_WIDGET (self), "custom-fields");

  for (guint e = 0; e < N_ENTITIES; e++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *add = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Add Field"));
      gtk_button_set_child (GTK_BUTTON (add), content);
      gtk_widget_add_css_class (add, "flat");
      g_object_set_data (G_OBJECT (add), "entity", (gpointer) entities[e].entity);
      g_signal_connect (add, "clicked", G_CALLBACK (on_add_clicked_cb), self);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(entities[e].title));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _(entities[e].description));
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
      self->groups[e] = group;
      self->rows[e] = g_ptr_array_new ();
    }
}

/**
 * kt_custom_fields_page_new:
 * @store: the store holding the definitions
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
kt_custom_fields_page_new (KtStore *store)
{
  KtCustomFieldsPage *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  self = g_object_new (KT_TYPE_CUSTOM_FIELDS_PAGE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  for (guint e = 0; e < N_ENTITIES; e++)
    refresh (self, e);
  return GTK_WIDGET (self);
}

guint
kt_custom_fields_page_n_rows (KtCustomFieldsPage *self,
                              const char         *entity_name)
{
  int e;

  g_return_val_if_fail (KT_IS_CUSTOM_FIELDS_PAGE (self), 0);

  e = entity_index (entity_name);
  g_return_val_if_fail (e >= 0, 0);
  return self->rows[e]->len;
}

gboolean
kt_custom_fields_page_move (KtCustomFieldsPage  *self,
                            const char          *entity_name,
                            guint                index,
                            int                  direction,
                            GError             **error)
{
  g_autoptr(GPtrArray) defs = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  guint other;

  g_return_val_if_fail (KT_IS_CUSTOM_FIELDS_PAGE (self), FALSE);
  g_return_val_if_fail (direction == -1 || direction == 1, FALSE);

  defs = kt_custom_fields_for_entity (self->store, entity_name);
  if ((direction < 0 && index == 0) || index + (direction > 0 ? 1 : 0) >= defs->len)
    return TRUE;
  other = direction < 0 ? index - 1 : index + 1;

  /* Renumber the whole list so that equal positions (two fields added
   * offline on two machines) sort apart afterwards. */
  changed = g_ptr_array_new_with_free_func (g_object_unref);
  {
    gpointer tmp = defs->pdata[index];

    defs->pdata[index] = defs->pdata[other];
    defs->pdata[other] = tmp;
  }
  for (guint i = 0; i < defs->len; i++)
    {
      g_autoptr(KtRecord) copy = kt_record_copy (defs->pdata[i]);

      if (kt_record_get_int (copy, "position") == (gint64) i)
        continue;
      kt_record_set_int (copy, "position", i);
      g_ptr_array_add (changed, g_steal_pointer (&copy));
    }
  return changed->len == 0 || kt_store_save_all (self->store, changed, error);
}
