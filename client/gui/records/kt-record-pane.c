/* kt-record-pane.c: a searchable, sortable list of records with a detail
 * pane and a form, for one entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-pane"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-narrow.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-record-pane.h"
#include "kt-record-pane-private.h"
#include "kt-record-text.h"
#include "kt-split-model.h"
#include "kt-toast.h"

G_DEFINE_TYPE_WITH_PRIVATE (KtRecordPane, kt_record_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

KtRecordPanePrivate *
kt_record_pane_get_priv (KtRecordPane *self)
{
  return kt_record_pane_get_instance_private (self);
}

const KtRecordPaneSpec *
kt_record_pane_spec (KtRecordPane *self)
{
  const KtRecordPaneSpec *spec = KT_RECORD_PANE_GET_CLASS (self)->spec;

  g_assert (spec != NULL);
  return spec;
}

static gboolean
has_filters (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);

  return *gtk_editable_get_text (GTK_EDITABLE (priv->search_entry)) != '\0' ||
         kt_record_pane_filters_active (self);
}

static void
update_count (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (priv->list));
  g_autofree char *text = spec->count_text (n);

  gtk_label_set_label (priv->count_label, text);

  if (n > 0)
    gtk_stack_set_visible_child_name (priv->list_stack, "list");
  else if (has_filters (self))
    gtk_stack_set_visible_child_name (priv->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (priv->list_stack, "empty");
}

/* The entity sorts by one field ("first_name"); the column of that field
 * may name the keys that break its ties ("first_name,last_name"), and the
 * list starts in the order a click on that header gives. */
static const char *
default_sort_keys (KtRecordPane *self,
                   const char   *field)
{
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  gsize len = strlen (field);

  for (guint i = 0; spec->columns[i].field != NULL; i++)
    {
      const char *keys = spec->columns[i].sort_field;

      if (keys != NULL && strncmp (keys, field, len) == 0 && keys[len] == ',')
        return keys;
    }

  return field;
}

/* The query of what the pane shows: the search, the filters, the order. */
static KtQuery *
build_query (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  g_autoptr(KtQuery) query = NULL;
  const char *search;

  query = kt_query_new (spec->entity);
  search = gtk_editable_get_text (GTK_EDITABLE (priv->search_entry));

  if (*search != '\0')
    kt_query_set_search (query, search);
  kt_record_pane_add_filters (self, query);

  /* The store sorts, so 100,000 rows never pass through a GtkSortListModel. */
  if (priv->sort_field != NULL)
    kt_query_set_sort (query, priv->sort_field, priv->sort_descending);
  else if (spec->entity->default_sort != NULL)
    {
      const char *sort = spec->entity->default_sort;
      gboolean descending = sort[0] == '-';

      kt_query_set_sort (query, default_sort_keys (self, descending ? sort + 1 : sort), descending);
    }

  return g_steal_pointer (&query);
}

void
kt_record_pane_apply_query (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autoptr(KtQuery) query = NULL;

  /* Entries still emit while the pane is being disposed. */
  if (priv->list == NULL)
    return;

  query = build_query (self);
  kt_record_list_set_query (priv->list, query);
  update_count (self);
}

static void
on_search_changed_cb (KtRecordPane   *self,
                      GtkSearchEntry *entry)
{
  kt_record_pane_apply_query (self);
}

static void
on_search_stopped_cb (KtRecordPane   *self,
                      GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

void
kt_record_pane_filters_changed (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);

  if (priv->list == NULL)
    return;

  if (has_filters (self) &&
      *gtk_editable_get_text (GTK_EDITABLE (priv->search_entry)) == '\0')
    gtk_widget_add_css_class (priv->filter_button, "accent");
  else
    gtk_widget_remove_css_class (priv->filter_button, "accent");

  kt_record_pane_apply_query (self);
}

static void
on_clear_filters_clicked_cb (KtRecordPane *self)
{
  kt_record_pane_clear_filters (self);
}

/* Which column the view wants to sort by. GTK 4.8 has no getter for it, so
 * every column's sorter writes its field here when asked to compare; the
 * view's sorter asks its primary column first. */
static const char *sort_probe;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      field)
{
  if (sort_probe == NULL)
    sort_probe = field;
  return GTK_ORDERING_LARGER;
}

static void
on_view_sorter_changed_cb (KtRecordPane *self,
                           int           change,
                           GtkSorter    *sorter)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  sort_probe = NULL;
  order = gtk_sorter_compare (sorter, a, b);

  g_clear_pointer (&priv->sort_field, g_free);
  priv->sort_field = g_strdup (sort_probe);
  priv->sort_descending = order == GTK_ORDERING_SMALLER;
  sort_probe = NULL;

  kt_record_pane_apply_query (self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KtRecordPane             *self)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kt-numeric"));

  /* Amounts line up on their last digit, in figures of one width. */
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KtRecordPane             *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  const char *field = g_object_get_data (G_OBJECT (factory), "kt-field");
  KtRecord *record = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  if (record != NULL && field[0] == '@' && !g_str_equal (field, KT_COLUMN_TITLE) &&
      kt_record_pane_spec (self)->cell_text != NULL)
    text = kt_record_pane_spec (self)->cell_text (kt_context_get_store (priv->context), record, field);
  else if (record != NULL && strchr (field, '|') != NULL)
    {
      g_auto(GStrv) choices = g_strsplit (field, "|", -1);

      for (guint i = 0; choices[i] != NULL && text == NULL; i++)
        text = kt_record_text_field (kt_context_get_store (priv->context), record, choices[i],
                                     priv->title_cache);
    }
  else if (record != NULL && spec->cell_text != NULL &&
           (text = spec->cell_text (kt_context_get_store (priv->context), record, field)) != NULL)
    ;
  else if (record != NULL)
    text = kt_record_text_field (kt_context_get_store (priv->context), record, field,
                                 priv->title_cache);
  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");

  if (spec->cell_class != NULL)
    {
      const char *old_class = g_object_get_data (G_OBJECT (label), "kt-class");
      const char *new_class = record != NULL ? spec->cell_class (record, field) : NULL;

      if (old_class != NULL)
        gtk_widget_remove_css_class (label, old_class);
      if (new_class != NULL)
        gtk_widget_add_css_class (label, new_class);
      g_object_set_data (G_OBJECT (label), "kt-class", (gpointer) new_class);
    }
}

/* GTK 4.8 draws every column title as a button that lights up under the
 * pointer, sortable or not; a title that cannot sort gets the style
 * class "unsortable", which style.css keeps still, so only the titles
 * that do something look like they do. The titles are the children of
 * the view's header, in the columns' order. */
static void
mark_unsortable_titles (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  GListModel *columns = gtk_column_view_get_columns (priv->column_view);
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (priv->column_view));
  guint i = 0;

  while (header != NULL && g_strcmp0 (gtk_widget_get_css_name (header), "header") != 0)
    header = gtk_widget_get_next_sibling (header);
  g_return_if_fail (header != NULL);

  for (GtkWidget *title = gtk_widget_get_first_child (header);
       title != NULL && i < g_list_model_get_n_items (columns);
       title = gtk_widget_get_next_sibling (title), i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_sorter (column) == NULL)
        gtk_widget_add_css_class (title, "unsortable");
      else
        gtk_widget_remove_css_class (title, "unsortable");
    }
}

static void
add_columns (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);

  for (guint i = 0; spec->columns[i].field != NULL; i++)
    {
      const KtRecordColumn *column = &spec->columns[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) view_column = NULL;

      g_object_set_data (G_OBJECT (factory), "kt-field", (gpointer) column->field);
      g_object_set_data (G_OBJECT (factory), "kt-numeric", GINT_TO_POINTER (column->numeric));
      g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cell_cb), self, 0);
      g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell_cb), self, 0);

      view_column = gtk_column_view_column_new (_(column->title), factory);
      if (column->width > 0)
        gtk_column_view_column_set_fixed_width (view_column, column->width);
      else
        gtk_column_view_column_set_expand (view_column, TRUE);
      gtk_column_view_column_set_resizable (view_column, TRUE);

      if (column->sort_field != NULL)
        {
          g_autoptr(GtkSorter) sorter =
            GTK_SORTER (gtk_custom_sorter_new (probe_compare, (gpointer) column->sort_field, NULL));

          gtk_column_view_column_set_sorter (view_column, sorter);
        }

      gtk_column_view_append_column (priv->column_view, view_column);
    }

  mark_unsortable_titles (self);
}

KtRecord *
kt_record_pane_dup_single_selected (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (priv->selection));

  if (gtk_bitset_get_size (selected) != 1)
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (priv->list), gtk_bitset_get_nth (selected, 0));
}

GPtrArray *
kt_record_pane_dup_selected_records (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (priv->selection));
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      KtRecord *record = g_list_model_get_item (G_LIST_MODEL (priv->list), position);

      if (record != NULL)
        g_ptr_array_add (records, record);
    }

  return records;
}

static void
on_selection_changed_cb (KtRecordPane      *self,
                         guint              position,
                         guint              n_items,
                         GtkSelectionModel *model)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (model);
  guint64 n = gtk_bitset_get_size (selected);

  if (n == 1)
    {
      g_autoptr(KtRecord) record = kt_record_pane_dup_single_selected (self);

      priv->shown_position = (guint) gtk_bitset_get_nth (selected, 0);

      kt_record_detail_set_record (priv->detail, record);
      gtk_revealer_set_reveal_child (priv->detail_revealer, record != NULL);
    }
  else
    {
      gtk_revealer_set_reveal_child (priv->detail_revealer, FALSE);
    }

  if (n > 1)
    {
      g_autofree char *text = spec->selected_text ((guint) n);

      gtk_label_set_label (priv->selection_label, text);
    }
  gtk_action_bar_set_revealed (priv->selection_bar, n > 1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.delete", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.tag", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.edit", n == 1);
}

/* Where the record @id is in the list now, or -1. The store counts, so a
 * record far down 100,000 rows is found without reading them. */
static gint64
find_position (KtRecordPane *self,
               const char   *id)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autoptr(KtQuery) query = kt_query_copy (kt_record_list_get_query (priv->list));
  g_autoptr(GError) error = NULL;
  gint64 position;

  position = kt_store_position (kt_context_get_store (priv->context), query, id, &error);
  if (position < -1)
    g_warning ("Could not find a record in the list: %s", error->message);
  return MAX (position, -1);
}

static void
hide_detail (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);

  gtk_revealer_set_reveal_child (priv->detail_revealer, FALSE);
  kt_record_detail_set_record (priv->detail, NULL);
}

/* A reload (a search, a filter, a change in the store) clears the list's
 * selection without a ::selection-changed: the detail must not go on
 * showing a record the list no longer has. One that is still there is
 * selected again, so an edit or a sync does not close it. */
static void
sync_detail_with_list (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  KtRecord *shown = kt_record_detail_get_record (priv->detail);
  gint64 position;

  if (shown == NULL || !gtk_revealer_get_reveal_child (priv->detail_revealer))
    return;

  /* Most reloads (an edit, a sync of other records) leave it where it
   * was: one page read instead of numbering the whole list. */
  position = -1;
  if (priv->shown_position < g_list_model_get_n_items (G_LIST_MODEL (priv->list)))
    {
      g_autoptr(KtRecord) there = g_list_model_get_item (G_LIST_MODEL (priv->list), priv->shown_position);

      if (there != NULL && g_strcmp0 (kt_record_get_id (there), kt_record_get_id (shown)) == 0)
        position = priv->shown_position;
    }
  if (position < 0)
    position = find_position (self, kt_record_get_id (shown));
  if (position < 0)
    hide_detail (self);
  else if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (priv->selection), (guint) position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (priv->selection), (guint) position, TRUE);
}

static void
on_items_changed_cb (KtRecordPane *self,
                     guint         position,
                     guint         removed,
                     guint         added,
                     GListModel   *model)
{
  update_count (self);
  sync_detail_with_list (self);
}

/* GTK 4.8 has no gtk_column_view_scroll_to(); its list view has the
 * action. */
static void
scroll_to_position (KtRecordPane *self,
                    guint         position)
{
  KtRecordPanePrivate *priv = PRIV (self);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (priv->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

/**
 * kt_record_pane_select_record:
 * @id: a record's id
 *
 * Selects the record @id, scrolls to it and shows it in the detail.
 *
 * Returns: FALSE when the list does not have it
 */
gboolean
kt_record_pane_select_record (KtRecordPane *self,
                              const char   *id)
{
  gint64 position;

  g_return_val_if_fail (KT_IS_RECORD_PANE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  position = find_position (self, id);
  if (position < 0)
    return FALSE;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (PRIV (self)->selection), (guint) position, TRUE);
  scroll_to_position (self, (guint) position);
  return TRUE;
}

/**
 * kt_record_pane_show_record:
 * @id: the record's id
 *
 * Selects the record, scrolls to it and shows its detail, clearing the
 * search and the filters if they hide it (a linked record opened from
 * another detail).
 */
void
kt_record_pane_show_record (KtRecordPane *self,
                            const char   *id)
{
  g_return_if_fail (KT_IS_RECORD_PANE (self));
  g_return_if_fail (id != NULL);

  if (kt_record_pane_select_record (self, id))
    return;

  kt_record_pane_search (self, "");
  kt_record_pane_clear_filters (self);
  kt_record_pane_select_record (self, id);
}

static void
on_store_changed_cb (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  KtRecord *shown = kt_record_detail_get_record (priv->detail);

  /* A renamed company must not keep its old name in the contact rows. */
  g_hash_table_remove_all (priv->title_cache);

  if (shown != NULL && gtk_revealer_get_reveal_child (priv->detail_revealer))
    {
      g_autoptr(KtRecord) fresh = kt_store_get (kt_context_get_store (priv->context),
                                                kt_record_pane_spec (self)->entity,
                                                kt_record_get_id (shown), NULL);

      kt_record_detail_set_record (priv->detail, fresh);
      gtk_revealer_set_reveal_child (priv->detail_revealer, fresh != NULL);
    }
}

/* Folded into one column, showing a record's detail means going to it,
 * and hiding it going back to the list. Side by side the leaflet's
 * visible child changes nothing on screen. */
static void
on_detail_revealer_reveal_cb (KtRecordPane *self,
                              GParamSpec   *pspec,
                              GtkRevealer  *revealer)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_ancestor (GTK_WIDGET (revealer), ADW_TYPE_LEAFLET));
  KtRecordPanePrivate *priv = PRIV (self);

  if (gtk_revealer_get_reveal_child (revealer))
    adw_leaflet_set_visible_child (leaflet, gtk_widget_get_parent (GTK_WIDGET (revealer)));
  else
    adw_leaflet_set_visible_child (leaflet, GTK_WIDGET (priv->list_stack));
}

/* A swipe back (or Alt+Left) to the list closes the detail too, so that
 * clicking the same row again opens it. */
static void
on_detail_leaflet_visible_child_cb (KtRecordPane *self,
                                    GParamSpec   *pspec,
                                    AdwLeaflet   *leaflet)
{
  KtRecordPanePrivate *priv = PRIV (self);

  if (adw_leaflet_get_folded (leaflet) &&
      adw_leaflet_get_visible_child (leaflet) == GTK_WIDGET (priv->list_stack) &&
      gtk_revealer_get_reveal_child (priv->detail_revealer))
    gtk_widget_activate_action (GTK_WIDGET (self), "pane.select-none", NULL);
}

static void
on_form_saved_cb (KtRecordPane *self,
                  KtRecord     *record,
                  gboolean      created,
                  GtkWindow    *form)
{
  g_autofree char *title = kt_record_text_title (record);
  g_autofree char *message = NULL;

  if (KT_RECORD_PANE_GET_CLASS (self)->record_saved != NULL)
    {
      if (created && !kt_record_pane_select_record (self, kt_record_get_id (record)))
        gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (PRIV (self)->selection));
      KT_RECORD_PANE_GET_CLASS (self)->record_saved (self, record, created);
      return;
    }

  if (created)
    {
      /* Translators: %s is a contact's or a company's name */
      message = g_strdup_printf (_("“%s” created"), title);
      /* Shown at once; a search or filter that hides it keeps the list
       * as the person set it. */
      if (!kt_record_pane_select_record (self, kt_record_get_id (record)))
        gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (PRIV (self)->selection));
    }
  else
    /* Translators: %s is a contact's or a company's name */
    message = g_strdup_printf (_("“%s” saved"), title);

  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

static void
on_column_view_activate_cb (KtRecordPane  *self,
                            guint          position,
                            GtkColumnView *view)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autoptr(KtRecord) record = g_list_model_get_item (G_LIST_MODEL (priv->list), position);

  if (record != NULL)
    kt_record_pane_open_form (self, record);
}

static void
on_map_cb (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);

  /* The Team pane may have fetched the team since: new names for the
   * owner filter and the Owner column. */
  if (kt_record_pane_reload_owners (self))
    {
      g_hash_table_remove_all (priv->title_cache);
      kt_record_pane_filters_changed (self);
    }
}

static void
kt_record_pane_constructed (GObject *object)
{
  KtRecordPane *self = KT_RECORD_PANE (object);
  KtRecordPanePrivate *priv = PRIV (self);
  const KtRecordPaneSpec *spec = kt_record_pane_spec (self);
  g_autoptr(KtQuery) query = NULL;
  KtStore *store;

  G_OBJECT_CLASS (kt_record_pane_parent_class)->constructed (object);

  g_assert (KT_IS_CONTEXT (priv->context));
  store = kt_context_get_store (priv->context);

  /* GTK 4.8 has the property but not yet its setter. */
  g_object_set (priv->search_entry, "placeholder-text", _(spec->search_placeholder), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(spec->search_placeholder),
                                  -1);
  adw_status_page_set_title (priv->empty_page, _(spec->empty_title));
  if (spec->empty_icon != NULL)
    adw_status_page_set_icon_name (priv->empty_page, spec->empty_icon);
  adw_status_page_set_description (priv->empty_page, _(spec->empty_description));
  gtk_button_set_label (GTK_BUTTON (priv->empty_new_button), _(spec->new_title));

  kt_record_pane_setup_filters (self);

  /* The list starts with the pane's own query: one made with the
   * entity's plain default order and replaced a moment later had the
   * view count and load its first 250 rows twice before the first frame
   * (docs/performance.md, "The client's memory"). */
  query = build_query (self);
  priv->list = kt_record_list_new (store, query);
  priv->selection = gtk_multi_selection_new (G_LIST_MODEL (kt_split_model_new (G_LIST_MODEL (priv->list))));
  g_signal_connect_object (priv->list, "items-changed",
                           G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);

  add_columns (self);
  kt_record_pane_setup_column_menu (self);
  kt_record_pane_watch_width (self);
  gtk_column_view_set_model (priv->column_view, GTK_SELECTION_MODEL (priv->selection));
  g_signal_connect_object (gtk_column_view_get_sorter (priv->column_view), "changed",
                           G_CALLBACK (on_view_sorter_changed_cb), self, G_CONNECT_SWAPPED);

  kt_record_detail_setup (priv->detail, priv->context, spec);

  update_count (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.delete", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.tag", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.edit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.undo", FALSE);
}

static void
kt_record_pane_dispose (GObject *object)
{
  KtRecordPane *self = (KtRecordPane *)object;
  KtRecordPanePrivate *priv = PRIV (self);
  GtkWidget *child;

  /* The column view may outlive us for a moment and keep the models. */
  if (priv->selection != NULL)
    g_signal_handlers_disconnect_by_data (priv->selection, self);
  if (priv->list != NULL)
    g_signal_handlers_disconnect_by_data (priv->list, self);
  g_clear_object (&priv->selection);
  g_clear_object (&priv->list);
  kt_narrow_unwatch (GTK_WIDGET (self));
  g_clear_object (&priv->column_actions);

  /* Not gtk_widget_dispose_template(): in GTK 4.8 it looks for the
   * template on the subclass (KtContactsPane), which has none. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&priv->context);
  g_clear_pointer (&priv->title_cache, g_hash_table_unref);
  g_clear_pointer (&priv->owner_ids, g_ptr_array_unref);
  g_clear_pointer (&priv->undo_ids, g_ptr_array_unref);
  g_clear_weak_pointer (&priv->undo_toast);
  g_clear_pointer (&priv->sort_field, g_free);

  G_OBJECT_CLASS (kt_record_pane_parent_class)->dispose (object);
}

static void
kt_record_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KtRecordPanePrivate *priv = PRIV (KT_RECORD_PANE (object));

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, priv->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_record_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KtRecordPanePrivate *priv = PRIV (KT_RECORD_PANE (object));

  switch (prop_id)
    {
    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_record_pane_class_init (KtRecordPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_record_pane_constructed;
  object_class->dispose = kt_record_pane_dispose;
  object_class->get_property = kt_record_pane_get_property;
  object_class->set_property = kt_record_pane_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KT_TYPE_RECORD_DETAIL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/records/kt-record-pane.ui");
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, toolbar);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, search_entry);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, filter_button);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, filter_popover);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, filter_list);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, tag_entry);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, owner_row);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, count_label);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, view_menu_button);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, list_stack);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, column_view);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, empty_page);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, empty_new_button);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, detail_revealer);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, detail);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, selection_bar);
  gtk_widget_class_bind_template_child_private (widget_class, KtRecordPane, selection_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_filter_changed_cb",
                                                G_CALLBACK (kt_record_pane_filters_changed));
  gtk_widget_class_bind_template_callback (widget_class, on_clear_filters_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_revealer_reveal_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_leaflet_visible_child_cb);

  kt_record_pane_install_actions (widget_class);
  kt_record_pane_install_view_actions (widget_class);
}

static void
kt_record_pane_init (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);

  priv->title_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

KtContext *
kt_record_pane_get_context (KtRecordPane *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);

  return PRIV (self)->context;
}

const KtRecordPaneSpec *
kt_record_pane_get_spec (KtRecordPane *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);

  return kt_record_pane_spec (self);
}

/**
 * kt_record_pane_get_list:
 *
 * Returns: (transfer none): the list model the view shows
 */
KtRecordList *
kt_record_pane_get_list (KtRecordPane *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);

  return PRIV (self)->list;
}

/**
 * kt_record_pane_get_selection:
 *
 * Returns: (transfer none): the view's selection model
 */
GtkSelectionModel *
kt_record_pane_get_selection (KtRecordPane *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);

  return GTK_SELECTION_MODEL (PRIV (self)->selection);
}

void
kt_record_pane_search (KtRecordPane *self,
                       const char   *text)
{
  KtRecordPanePrivate *priv;

  g_return_if_fail (KT_IS_RECORD_PANE (self));

  priv = PRIV (self);
  g_signal_handlers_block_by_func (priv->search_entry, on_search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (priv->search_entry), text != NULL ? text : "");
  g_signal_handlers_unblock_by_func (priv->search_entry, on_search_changed_cb, self);
  kt_record_pane_apply_query (self);
}

/**
 * kt_record_pane_open_form:
 * @record: (nullable): the record to edit, or %NULL for a new one
 *
 * Returns: (transfer none): the form window
 */
void
kt_record_pane_add_toolbar_widget (KtRecordPane *self,
                                   GtkWidget    *widget)
{
  g_return_if_fail (KT_IS_RECORD_PANE (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* Before the views menu, which stays last. */
  gtk_box_insert_child_after (PRIV (self)->toolbar, widget,
                              gtk_widget_get_prev_sibling (gtk_widget_get_last_child (GTK_WIDGET (PRIV (self)->toolbar))));
}

GtkWindow *
kt_record_pane_open_form (KtRecordPane *self,
                          KtRecord     *record)
{
  KtRecordPanePrivate *priv;
  GtkWindow *window;

  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);
  g_return_val_if_fail (record == NULL || KT_IS_RECORD (record), NULL);

  priv = PRIV (self);
  if (KT_RECORD_PANE_GET_CLASS (self)->open_form != NULL)
    window = KT_RECORD_PANE_GET_CLASS (self)->open_form (self, record);
  else
    window = GTK_WINDOW (kt_record_form_new (priv->context, kt_record_pane_spec (self), record));
  gtk_window_set_transient_for (window, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (window, "saved", G_CALLBACK (on_form_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (window);

  return window;
}
