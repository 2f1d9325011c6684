/* kt-record-picker.c: a row that links to one record, found by searching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-record-picker.h"

#define MAX_MATCHES 8

struct _KtRecordPicker
{
  AdwActionRow    parent_instance;

  KtStore        *store;
  const KtEntity *entity;
  char           *record_id;

  GtkWidget      *menu_button;
  GtkWidget      *clear_button;
  GtkWidget      *search_entry;
  GtkWidget      *matches;
};

G_DEFINE_FINAL_TYPE (KtRecordPicker, kt_record_picker, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_RECORD_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_subtitle (KtRecordPicker *self)
{
  g_autoptr(KtRecord) record = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;

  if (self->record_id != NULL)
    record = kt_store_get (self->store, self->entity, self->record_id, NULL);
  title = record ? kt_record_dup_title (record) : g_strdup (_("None"));
  escaped = g_markup_escape_text (title, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), escaped);
  gtk_widget_set_visible (self->clear_button, self->record_id != NULL);
}

static guint
fill_matches (KtRecordPicker *self,
              const char     *text)
{
  g_autoptr(KtQuery) query = kt_query_new (self->entity);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->matches)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->matches), child);

  if (text != NULL && *text != '\0')
    kt_query_set_search (query, text);
  found = kt_store_query (self->store, query, 0, MAX_MATCHES, &error);
  if (found == NULL)
    {
      g_warning ("Could not search %s: %s", self->entity->plural, error->message);
      return 0;
    }

  for (guint i = 0; i < found->len; i++)
    {
      KtRecord *record = found->pdata[i];
      g_autofree char *title = kt_record_dup_title (record);
      GtkWidget *label = gtk_label_new (title);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "record-id",
                              g_strdup (kt_record_get_id (record)), g_free);
      gtk_list_box_append (GTK_LIST_BOX (self->matches), row);
    }
  return found->len;
}

static void
on_search_changed_cb (KtRecordPicker *self,
                      GtkSearchEntry *entry)
{
  fill_matches (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_match_activated_cb (KtRecordPicker *self,
                       GtkListBoxRow  *row,
                       GtkListBox     *list)
{
  kt_record_picker_set_record_id (self, g_object_get_data (G_OBJECT (row), "record-id"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->menu_button));
}

static void
on_clear_clicked_cb (KtRecordPicker *self)
{
  kt_record_picker_set_record_id (self, NULL);
}

static void
on_popover_show_cb (KtRecordPicker *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  fill_matches (self, NULL);
  gtk_widget_grab_focus (self->search_entry);
}

static void
kt_record_picker_finalize (GObject *object)
{
  KtRecordPicker *self = (KtRecordPicker *) object;

  g_clear_object (&self->store);
  g_free (self->record_id);

  G_OBJECT_CLASS (kt_record_picker_parent_class)->finalize (object);
}

static void
kt_record_picker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KtRecordPicker *self = KT_RECORD_PICKER (object);

  switch (prop_id)
    {
    case PROP_RECORD_ID:
      g_value_set_string (value, self->record_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_record_picker_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KtRecordPicker *self = KT_RECORD_PICKER (object);

  switch (prop_id)
    {
    case PROP_RECORD_ID:
      kt_record_picker_set_record_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_record_picker_class_init (KtRecordPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kt_record_picker_finalize;
  object_class->get_property = kt_record_picker_get_property;
  object_class->set_property = kt_record_picker_set_property;

  properties[PROP_RECORD_ID] =
    g_param_spec_string ("record-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kt_record_picker_init (KtRecordPicker *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->search_entry = gtk_search_entry_new ();
  self->matches = gtk_list_box_new ();
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->matches), TRUE);
  gtk_widget_add_css_class (self->matches, "boxed-list");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->matches);
  gtk_widget_set_size_request (box, 280, -1);
  gtk_box_append (GTK_BOX (box), self->search_entry);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "edit-find-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), popover);
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_tooltip_text (self->menu_button, _("Choose…"));

  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_valign (self->clear_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_tooltip_text (self->clear_button, _("Remove the link"));

  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->clear_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->menu_button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->menu_button);

  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->matches, "row-activated",
                           G_CALLBACK (on_match_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clear_button, "clicked",
                           G_CALLBACK (on_clear_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "show",
                           G_CALLBACK (on_popover_show_cb), self, G_CONNECT_SWAPPED);
}

/**
 * kt_record_picker_new:
 * @store: the store to search
 * @entity: what kind of record it links to
 * @title: the row's title, e.g. "Contact"
 *
 * Returns: (transfer floating): a new picker with nothing linked
 */
GtkWidget *
kt_record_picker_new (KtStore        *store,
                      const KtEntity *entity,
                      const char     *title)
{
  KtRecordPicker *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  self = g_object_new (KT_TYPE_RECORD_PICKER, "title", title, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  update_subtitle (self);
  return GTK_WIDGET (self);
}

const char *
kt_record_picker_get_record_id (KtRecordPicker *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PICKER (self), NULL);
  return self->record_id;
}

void
kt_record_picker_set_record_id (KtRecordPicker *self,
                                const char     *record_id)
{
  g_return_if_fail (KT_IS_RECORD_PICKER (self));

  if (g_strcmp0 (self->record_id, record_id) == 0)
    return;
  g_free (self->record_id);
  self->record_id = g_strdup (record_id);
  if (self->store != NULL)
    update_subtitle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_ID]);
}

guint
kt_record_picker_search (KtRecordPicker *self,
                         const char     *text)
{
  g_return_val_if_fail (KT_IS_RECORD_PICKER (self), 0);
  return fill_matches (self, text);
}
