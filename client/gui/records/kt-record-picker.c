/* kt-record-picker.c: a row that links to one record, found by searching
 *
 * The popover's list is a KtRecordList (COUNT plus pages fetched as rows
 * are shown) behind a KtSplitModel, like the record pane's, so neither
 * opening the popover nor typing reads more than the rows in view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-record-list.h"
#include "kt-record-picker.h"
#include "kt-record-text.h"
#include "kt-split-model.h"

struct _KtRecordPicker
{
  AdwActionRow        parent_instance;

  KtStore            *store;
  const KtEntity     *entity;
  char               *record_id;
  char               *empty_text;

  KtRecordList       *list;        /* made when first needed */
  char               *search;      /* what the list holds matches for */
  GtkSingleSelection *selection;

  GtkWidget          *menu_button;
  GtkWidget          *clear_button;
  GtkWidget          *popover;
  GtkWidget          *search_entry;
  GtkWidget          *stack;
  GtkWidget          *scroller;
  GtkWidget          *list_view;
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
  if (record != NULL)
    title = kt_record_text_title (record);
  else if (self->record_id != NULL)
    title = g_strdup (_("(deleted)"));
  else
    title = g_strdup (self->empty_text != NULL ? self->empty_text : _("None"));
  escaped = g_markup_escape_text (title, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), escaped);
  gtk_widget_set_visible (self->clear_button, self->record_id != NULL);
}

static void
ensure_list (KtRecordPicker *self)
{
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(KtSplitModel) split = NULL;

  if (self->list != NULL)
    return;

  /* The entity's own order (companies by name) until something is typed. */
  query = kt_query_new (self->entity);
  self->list = kt_record_list_new (self->store, query);
  split = kt_split_model_new (G_LIST_MODEL (self->list));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&split)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->list_view), GTK_SELECTION_MODEL (self->selection));
}

static guint
run_search (KtRecordPicker *self,
            const char     *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint n;

  ensure_list (self);

  /* The same words again (Enter after the delay, the popover reopened)
   * keep the list and the rows it read. */
  if (g_strcmp0 (stripped, self->search != NULL ? self->search : "") != 0)
    {
      g_autoptr(KtQuery) query = kt_query_new (self->entity);

      if (*stripped != '\0')
        kt_query_set_search (query, stripped);
      kt_record_list_set_query (self->list, query);
      g_free (self->search);
      self->search = g_steal_pointer (&stripped);
    }
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), n > 0 ? "list" : "empty");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);

  return n;
}

static void
pick_position (KtRecordPicker *self,
               guint           position)
{
  g_autoptr(KtRecord) record = NULL;

  if (self->list == NULL)
    return;

  record = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (record == NULL)
    return;

  kt_record_picker_set_record_id (self, kt_record_get_id (record));
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
setup_match_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KtRecordPicker           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

static void
bind_match_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KtRecordPicker           *self)
{
  KtRecord *record = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *check = gtk_widget_get_last_child (box);
  g_autofree char *title = record != NULL ? kt_record_text_title (record) : NULL;

  gtk_label_set_label (GTK_LABEL (label), title != NULL ? title : "");
  /* The linked record is marked, as a menu marks its current choice. */
  gtk_widget_set_opacity (check, record != NULL &&
                          g_strcmp0 (kt_record_get_id (record), self->record_id) == 0 ? 1.0 : 0.0);
}

static void
on_search_changed_cb (KtRecordPicker *self,
                      GtkSearchEntry *entry)
{
  run_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_activate_cb (KtRecordPicker *self,
                       GtkSearchEntry *entry)
{
  /* Enter takes the best match of what was typed, without waiting for
   * the entry's search delay. */
  if (run_search (self, gtk_editable_get_text (GTK_EDITABLE (entry))) > 0)
    pick_position (self, 0);
}

static void
on_stop_search_cb (KtRecordPicker *self,
                   GtkSearchEntry *entry)
{
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
on_list_activate_cb (KtRecordPicker *self,
                     guint           position,
                     GtkListView    *view)
{
  pick_position (self, position);
}

static void
on_clear_clicked_cb (KtRecordPicker *self)
{
  kt_record_picker_set_record_id (self, NULL);
}

static void
on_row_activated_cb (KtRecordPicker *self)
{
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
}

static void
on_popover_show_cb (KtRecordPicker *self)
{
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed_cb, self);
  run_search (self, NULL);
  gtk_widget_grab_focus (self->search_entry);
}

static void
kt_record_picker_dispose (GObject *object)
{
  KtRecordPicker *self = (KtRecordPicker *) object;

  if (self->list_view != NULL)
    gtk_list_view_set_model (GTK_LIST_VIEW (self->list_view), NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (kt_record_picker_parent_class)->dispose (object);
}

static void
kt_record_picker_finalize (GObject *object)
{
  KtRecordPicker *self = (KtRecordPicker *) object;

  g_clear_object (&self->store);
  g_free (self->record_id);
  g_free (self->empty_text);
  g_free (self->search);

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

  object_class->dispose = kt_record_picker_dispose;
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
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *empty = gtk_label_new (_("No Results Found"));

  self->search_entry = gtk_search_entry_new ();
  g_object_set (self->search_entry, "placeholder-text", _("Search"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search"), -1);

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_match_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_match_cb), self, 0);
  self->list_view = gtk_list_view_new (NULL, factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list_view), TRUE);
  gtk_widget_add_css_class (self->list_view, "navigation-sidebar");

  /* A list of 10,000 rows still asks for its natural height only as an
   * estimate; the popover stays at most this tall and scrolls. */
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->list_view);

  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 18);
  gtk_widget_set_margin_bottom (empty, 18);

  self->stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_stack_add_named (GTK_STACK (self->stack), self->scroller, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

  gtk_widget_set_size_request (box, 300, -1);
  gtk_box_append (GTK_BOX (box), self->search_entry);
  gtk_box_append (GTK_BOX (box), self->stack);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "edit-find-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), self->popover);
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_tooltip_text (self->menu_button, _("Choose…"));

  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_valign (self->clear_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_tooltip_text (self->clear_button, _("Remove the link"));

  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->clear_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->menu_button);
  /* A click anywhere on the row opens the search. Not through
   * adw_action_row_set_activatable_widget(): it only sends the menu
   * button a mnemonic activation, which focuses it in GTK 4.8 without
   * opening the popover. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  g_signal_connect (self, "activated", G_CALLBACK (on_row_activated_cb), NULL);

  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (on_search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search",
                           G_CALLBACK (on_stop_search_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (on_list_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clear_button, "clicked",
                           G_CALLBACK (on_clear_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->popover, "show",
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

/**
 * kt_record_picker_search:
 * @text: (nullable): what the person typed
 *
 * Returns: how many records match @text
 */
guint
kt_record_picker_search (KtRecordPicker *self,
                         const char     *text)
{
  g_return_val_if_fail (KT_IS_RECORD_PICKER (self), 0);
  return run_search (self, text);
}

void
kt_record_picker_set_empty_text (KtRecordPicker *self,
                                 const char     *text)
{
  g_return_if_fail (KT_IS_RECORD_PICKER (self));

  g_free (self->empty_text);
  self->empty_text = g_strdup (text);
  if (self->store != NULL)
    update_subtitle (self);
}

/**
 * kt_record_picker_get_matches:
 *
 * Returns: (transfer none): the lazy list of matches (of KtRecord)
 */
GListModel *
kt_record_picker_get_matches (KtRecordPicker *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PICKER (self), NULL);

  ensure_list (self);
  return G_LIST_MODEL (self->list);
}

/**
 * kt_record_picker_get_search_entry:
 *
 * Returns: (transfer none): the popover's search entry
 */
GtkWidget *
kt_record_picker_get_search_entry (KtRecordPicker *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PICKER (self), NULL);
  return self->search_entry;
}

/**
 * kt_record_picker_get_list_view:
 *
 * Returns: (transfer none): the popover's list of matches
 */
GtkWidget *
kt_record_picker_get_list_view (KtRecordPicker *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PICKER (self), NULL);
  return self->list_view;
}
