/* kt-deal-board.c: the Deals pane, a kanban board of a pipeline
 *
 * One KtBoardColumn per stage, each a lazy list over the store; the column
 * headers' totals come from one aggregate query (kt-store-stats), redone at
 * idle after the store changes. Moving deals lives in
 * kt-deal-board-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-deal-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-deal-board-private.h"
#include "kt-format.h"
#include "kt-owners.h"
#include "kt-pipelines.h"
#include "kt-record-list.h"
#include "kt-saved-views.h"
#include "kt-store-owners.h"
#include "kt-view-save.h"

G_DEFINE_FINAL_TYPE (KtDealBoard, kt_deal_board, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The owner dropdown's first two rows; colleagues follow. */
enum {
  OWNER_ANYONE,
  OWNER_ME,
  OWNER_FIRST_OTHER,
};

/* The attention dropdown's rows, in order. */
static const char * const attentions[] = { NULL, "overdue", "stale" };

static void rebuild_columns (KtDealBoard *self);

void
kt_deal_board_show_error (KtDealBoard  *self,
                          const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const char *
lookup_title (KtDealBoard    *self,
              const KtEntity *entity,
              const char     *id)
{
  const char *title;

  if (id == NULL)
    return NULL;
  /* Cards are bound as they scroll into view; the cache keeps that to one
   * store read per contact or company, cleared when they change. */
  if (!g_hash_table_lookup_extended (self->names, id, NULL, (gpointer *) &title))
    {
      g_autoptr(KtRecord) record = kt_store_get (self->store, entity, id, NULL);

      title = record != NULL ? kt_record_dup_title (record) : NULL;
      g_hash_table_insert (self->names, g_strdup (id), (char *) title);
    }
  return title;
}

/* The company of a contact, cached beside the titles under a prefixed
 * key so that a change to the contact clears both. */
static const char *
contact_company_id (KtDealBoard *self,
                    const char  *contact_id)
{
  g_autofree char *key = g_strconcat ("company-of:", contact_id, NULL);
  const char *company_id;

  if (!g_hash_table_lookup_extended (self->names, key, NULL, (gpointer *) &company_id))
    {
      g_autoptr(KtRecord) contact = kt_store_get (self->store, kt_entity_lookup ("contact"),
                                                  contact_id, NULL);

      company_id = contact != NULL ? g_strdup (kt_record_get_string (contact, "company_id")) : NULL;
      g_hash_table_insert (self->names, g_steal_pointer (&key), (char *) company_id);
    }
  return company_id;
}

static const char *
owner_name (KtDealBoard *self,
            const char  *owner_id)
{
  g_autofree char *key = NULL;
  const char *name;

  if (owner_id == NULL)
    return NULL;
  if (g_strcmp0 (owner_id, kt_store_get_user_id (self->store)) == 0)
    return _("You");
  /* Named as everywhere else ("Name (former member)" once removed),
   * cached beside the titles under a prefixed key. */
  key = g_strconcat ("owner-name:", owner_id, NULL);
  name = g_hash_table_lookup (self->names, key);
  if (name == NULL)
    {
      char *dup = kt_owners_dup_name (self->store, owner_id, self->names);

      g_hash_table_insert (self->names, g_steal_pointer (&key), dup);
      name = dup;
    }
  return name;
}

static void
describe_deal (KtRecord       *deal,
               KtDealCardInfo *info,
               GPtrArray      *owned,
               gpointer        user_data)
{
  KtDealBoard *self = user_data;
  const char *contact = lookup_title (self, kt_entity_lookup ("contact"),
                                      kt_record_get_string (deal, "contact_id"));
  const char *company_id = kt_record_get_string (deal, "company_id");
  const char *company;

  /* A deal made for a contact is with the contact's company. */
  if (company_id == NULL && kt_record_get_string (deal, "contact_id") != NULL)
    company_id = contact_company_id (self, kt_record_get_string (deal, "contact_id"));
  company = lookup_title (self, kt_entity_lookup ("company"), company_id);

  if (contact != NULL && company != NULL)
    {
      char *party = g_strdup_printf ("%s · %s", contact, company);

      g_ptr_array_add (owned, party);
      info->party = party;
    }
  else
    info->party = contact != NULL ? contact : company;
  info->owner = owner_name (self, kt_record_get_owner_id (deal));
}

static KtDealFilter
current_filter (KtDealBoard *self)
{
  KtDealFilter filter = { self->owner_id, self->search, self->overdue_before, self->stale_at };

  return filter;
}

/* The clock the Overdue and Stale filters read, taken when they are
 * applied: "today" in the person's time zone, "now" in UTC. */
static void
update_attention_clock (KtDealBoard *self)
{
  g_autoptr(GDateTime) today = kt_format_now ();

  g_clear_pointer (&self->overdue_before, g_free);
  g_clear_pointer (&self->stale_at, g_free);
  if (g_strcmp0 (self->attention, "overdue") == 0)
    self->overdue_before = g_date_time_format (today, "%Y-%m-%d");
  else if (g_strcmp0 (self->attention, "stale") == 0)
    self->stale_at = kt_now_iso ();
}

static void
on_totals_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GHashTable) totals = NULL;
  g_autoptr(GError) error = NULL;
  KtDealBoard *self;

  /* A cancelled refresh (a newer one, or the board gone) may come after
   * the board is finalized: @user_data is looked at only otherwise. */
  totals = kt_dashboard_stage_totals_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KT_DEAL_BOARD (user_data);
  g_clear_object (&self->totals_cancellable);
  if (totals == NULL)
    {
      g_warning ("Could not compute the board totals: %s", error->message);
      return;
    }
  for (guint i = 0; i < self->columns->len; i++)
    {
      KtBoardColumn *column = g_ptr_array_index (self->columns, i);

      kt_board_column_set_totals (column,
                                  g_hash_table_lookup (totals, kt_board_column_get_stage_id (column)));
    }
}

void
kt_deal_board_refresh_totals (KtDealBoard *self)
{
  KtDealFilter filter;

  g_return_if_fail (KT_IS_DEAL_BOARD (self));

  g_clear_handle_id (&self->totals_idle, g_source_remove);
  g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  if (self->pipeline_id == NULL)
    return;
  /* The sums read every deal of the pipeline (a tenth of a second at
   * 100,000 deals): never on the main loop. The counts beside them are
   * the columns' own. */
  filter = current_filter (self);
  self->totals_cancellable = g_cancellable_new ();
  kt_dashboard_stage_totals_async (self->reader, self->pipeline_id, &filter,
                                   self->totals_cancellable, on_totals_cb, self);
}

gboolean
kt_deal_board_get_totals_pending (KtDealBoard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), FALSE);
  return self->totals_cancellable != NULL || self->totals_idle != 0;
}

static gboolean
refresh_totals_idle_cb (gpointer data)
{
  KtDealBoard *self = data;

  self->totals_idle = 0;
  kt_deal_board_refresh_totals (self);
  return G_SOURCE_REMOVE;
}

static void
queue_totals (KtDealBoard *self)
{
  if (self->totals_idle == 0)
    self->totals_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_totals_idle_cb, self, NULL);
}

/* The list view shows the pipeline's deals of every status, filtered like
 * the board. Its model is made only while the list is shown, and made
 * anew rather than re-queried: GTK 4.8 walks every item of a list model
 * whose items are all replaced, which costs a 10,000-deal pipeline a
 * quarter of a second. */
static void
update_list_view (KtDealBoard *self)
{
  g_autoptr(KtQuery) query = NULL;
  GtkSingleSelection *selection;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "list") != 0)
    {
      gtk_column_view_set_model (self->list_view, NULL);
      return;
    }
  query = kt_query_new (kt_entity_lookup ("deal"));
  if (self->pipeline_id != NULL)
    kt_query_add_filter (query, "pipeline_id", self->pipeline_id);
  if (self->owner_id != NULL)
    kt_query_add_filter (query, "owner_id", self->owner_id);
  if (self->search != NULL)
    kt_query_set_search (query, self->search);
  selection = gtk_single_selection_new (G_LIST_MODEL (kt_record_list_new (self->store, query)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

static void
apply_filters (KtDealBoard *self)
{
  KtDealFilter filter;

  update_attention_clock (self);
  filter = current_filter (self);

  for (guint i = 0; i < self->columns->len; i++)
    kt_board_column_set_filter (g_ptr_array_index (self->columns, i), &filter);
  update_list_view (self);
  kt_deal_board_refresh_totals (self);
}

static void
load_owners (KtDealBoard *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_auto(GStrv) owners = NULL;
  const char *me = kt_store_get_user_id (self->store);

  gtk_string_list_append (names, _("Everyone"));
  gtk_string_list_append (names, _("My Deals"));
  owners = kt_store_owners_of_deals (self->store, NULL, 50, NULL);
  for (guint i = 0; owners != NULL && owners[i] != NULL; i++)
    {
      if (g_strcmp0 (owners[i], me) == 0)
        continue;
      gtk_string_list_append (names, owner_name (self, owners[i]));
    }
  g_object_set_data_full (G_OBJECT (self->owner_dropdown), "kt-owner-ids",
                          g_steal_pointer (&owners), (GDestroyNotify) g_strfreev);
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (names));
}

static void
load_pipelines (KtDealBoard *self)
{
  g_autoptr(GError) error = NULL;
  KtRecord *pick = NULL;
  guint selected = 0;

  g_clear_pointer (&self->pipelines, g_ptr_array_unref);
  if (!kt_pipelines_ensure_default (self->store, &error) ||
      !(self->pipelines = kt_pipelines_load (self->store, &error)))
    {
      g_warning ("Could not load the pipelines: %s", error->message);
      return;
    }

  self->updating_pipelines = TRUE;
  gtk_string_list_splice (self->pipeline_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->pipeline_names)), NULL);
  for (guint i = 0; i < self->pipelines->len; i++)
    {
      KtRecord *pipeline = g_ptr_array_index (self->pipelines, i);

      gtk_string_list_append (self->pipeline_names, kt_record_get_string (pipeline, "name"));
      if (g_strcmp0 (kt_record_get_id (pipeline), self->pipeline_id) == 0)
        pick = pipeline, selected = i;
    }
  if (pick == NULL && (pick = kt_pipelines_pick_default (self->pipelines)) != NULL)
    g_ptr_array_find (self->pipelines, pick, &selected);
  gtk_drop_down_set_selected (self->pipeline_dropdown, selected);
  self->updating_pipelines = FALSE;

  g_free (self->pipeline_id);
  self->pipeline_id = pick != NULL ? g_strdup (kt_record_get_id (pick)) : NULL;
}

static void
rebuild_columns (KtDealBoard *self)
{
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GError) error = NULL;
  KtDealFilter filter;
  GtkWidget *child;

  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  update_attention_clock (self);
  filter = current_filter (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box))) != NULL)
    gtk_box_remove (self->columns_box, child);
  g_ptr_array_set_size (self->columns, 0);

  if (self->pipeline_id == NULL ||
      !(stages = kt_pipelines_load_stages (self->store, self->pipeline_id, &error)))
    {
      if (error != NULL)
        g_warning ("Could not load the stages: %s", error->message);
      gtk_stack_set_visible_child_name (self->view_stack, "empty");
      return;
    }

  for (guint i = 0; i < stages->len; i++)
    {
      GtkWidget *column = kt_board_column_new (self->store, g_ptr_array_index (stages, i),
                                               &filter, describe_deal, self);

      gtk_box_append (self->columns_box, column);
      g_ptr_array_add (self->columns, column);
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "empty") == 0)
    gtk_stack_set_visible_child_name (self->view_stack, "board");
  kt_deal_board_refresh_totals (self);
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  KtDealBoard *self = data;

  self->rebuild_idle = 0;
  load_pipelines (self);
  rebuild_columns (self);
  update_list_view (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (KtStore     *store,
                     const char  *entity,
                     const char  *record_id,
                     KtDealBoard *self)
{
  if (g_strcmp0 (entity, "deal") == 0)
    queue_totals (self);
  /* A team change (sync's members) renames owners on cards anywhere:
   * rebuilt like a pipeline change, which is as rare. */
  else if (g_strcmp0 (entity, "stage") == 0 || g_strcmp0 (entity, "pipeline") == 0 ||
           g_strcmp0 (entity, "user") == 0)
    {
      if (g_strcmp0 (entity, "user") == 0)
        g_hash_table_remove_all (self->names);
      if (self->rebuild_idle == 0)
        self->rebuild_idle = g_idle_add (rebuild_idle_cb, self);
    }
  else if (g_strcmp0 (entity, "contact") == 0 || g_strcmp0 (entity, "company") == 0)
    {
      g_autofree char *company_key = record_id != NULL
        ? g_strconcat ("company-of:", record_id, NULL) : NULL;

      if (record_id != NULL)
        {
          g_hash_table_remove (self->names, record_id);
          g_hash_table_remove (self->names, company_key);
        }
      else
        g_hash_table_remove_all (self->names);
    }
}

static void
on_pipeline_selected_cb (KtDealBoard *self)
{
  guint selected = gtk_drop_down_get_selected (self->pipeline_dropdown);
  KtRecord *pipeline;

  if (self->updating_pipelines || self->pipelines == NULL || selected >= self->pipelines->len)
    return;
  pipeline = g_ptr_array_index (self->pipelines, selected);
  kt_deal_board_set_pipeline_id (self, kt_record_get_id (pipeline));
}

static void
on_search_changed_cb (KtDealBoard *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  kt_deal_board_set_search (self, text);
}

/* Escape in the search entry clears it, as in Contacts. */
static void
on_search_stopped_cb (KtDealBoard *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_owner_selected_cb (KtDealBoard *self)
{
  guint selected = gtk_drop_down_get_selected (self->owner_dropdown);
  const char * const *owners = g_object_get_data (G_OBJECT (self->owner_dropdown), "kt-owner-ids");
  const char *me = kt_store_get_user_id (self->store);
  const char *owner = NULL;

  if (selected == OWNER_ME)
    owner = me;
  else if (selected >= OWNER_FIRST_OTHER && owners != NULL)
    {
      guint n = OWNER_FIRST_OTHER;

      /* The dropdown lists the owners without "me", in the same order. */
      for (guint i = 0; owners[i] != NULL; i++)
        {
          if (g_strcmp0 (owners[i], me) == 0)
            continue;
          if (n++ == selected)
            {
              owner = owners[i];
              break;
            }
        }
    }
  kt_deal_board_set_owner (self, owner);
}

static void
on_attention_selected_cb (KtDealBoard *self)
{
  guint selected = gtk_drop_down_get_selected (self->attention_dropdown);

  kt_deal_board_set_attention (self, selected < G_N_ELEMENTS (attentions) ? attentions[selected] : NULL);
}

static void
on_view_toggled_cb (KtDealBoard     *self,
                    GtkToggleButton *button)
{
  /* Both buttons of the group toggle; the one turned on decides. */
  if (gtk_toggle_button_get_active (button))
    kt_deal_board_set_view (self, button == self->list_toggle ? "list" : "board");
}

/* The list view: one GtkColumnView column per shown field, text cells. */
static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 KtDealBoard              *self)
{
  const char *field = g_object_get_data (G_OBJECT (factory), "kt-field");
  KtRecord *deal = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  if (deal == NULL)
    return;
  if (g_str_equal (field, "value"))
    text = kt_record_has (deal, "value")
      ? kt_format_money (kt_record_get_int (deal, "value"),
                         kt_record_get_string (deal, "currency") ?: KT_DEFAULT_CURRENCY)
      : NULL;
  else if (g_str_equal (field, "stage_id"))
    text = g_strdup (lookup_title (self, kt_entity_lookup ("stage"),
                                   kt_record_get_string (deal, "stage_id")));
  else if (g_str_equal (field, "owner_id"))
    text = g_strdup (owner_name (self, kt_record_get_owner_id (deal)));
  else if (g_str_equal (field, "expected_close_date"))
    text = kt_format_date_string (kt_record_get_string (deal, "expected_close_date"));
  else if (g_str_equal (field, "status"))
    {
      const char *status = kt_record_get_string (deal, "status");

      text = g_strdup (g_strcmp0 (status, "won") == 0 ? _("Won")
                       : g_strcmp0 (status, "lost") == 0 ? _("Lost") : _("Open"));
    }
  else
    text = g_strdup (kt_record_get_string (deal, field));
  gtk_label_set_label (label, text != NULL ? text : "");
}

static void
add_list_column (KtDealBoard *self,
                 const char  *title,
                 const char  *field,
                 gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "kt-field", (gpointer) field);
  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->list_view, column);
  g_object_unref (column);
}

static void
on_list_activate_cb (GtkColumnView *view,
                     guint          position,
                     KtDealBoard   *self)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(KtRecord) deal = g_list_model_get_item (model, position);

  if (deal != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "board.open-deal", "s",
                                kt_record_get_id (deal));
}

static void
setup_list_view (KtDealBoard *self)
{
  add_list_column (self, _("Title"), "title", TRUE);
  add_list_column (self, _("Stage"), "stage_id", FALSE);
  add_list_column (self, _("Value"), "value", FALSE);
  add_list_column (self, _("Owner"), "owner_id", FALSE);
  add_list_column (self, _("Expected Close"), "expected_close_date", FALSE);
  add_list_column (self, _("Status"), "status", FALSE);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_list_activate_cb), self);
}

/* Folded into one column, showing a deal's detail means going to it,
 * and hiding it going back to the board. Side by side the leaflet's
 * visible child changes nothing on screen. */
static void
on_detail_revealer_reveal_cb (KtDealBoard *self,
                              GParamSpec  *pspec,
                              GtkRevealer *revealer)
{
  adw_leaflet_set_visible_child (self->detail_leaflet,
                                 gtk_revealer_get_reveal_child (revealer)
                                   ? self->detail_page : GTK_WIDGET (self->view_stack));
}

/* A swipe back (or Alt+Left) to the board closes the detail too, so
 * that clicking the same card again opens it. */
static void
on_detail_leaflet_visible_child_cb (KtDealBoard *self,
                                    GParamSpec  *pspec,
                                    AdwLeaflet  *leaflet)
{
  if (adw_leaflet_get_folded (leaflet) &&
      adw_leaflet_get_visible_child (leaflet) == GTK_WIDGET (self->view_stack) &&
      gtk_revealer_get_reveal_child (self->detail_revealer))
    kt_deal_board_close_deal (self);
}

static void
ensure_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded || gdk_display_get_default () == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/kantora/Kantora/deals/deals.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
kt_deal_board_constructed (GObject *object)
{
  KtDealBoard *self = KT_DEAL_BOARD (object);

  G_OBJECT_CLASS (kt_deal_board_parent_class)->constructed (object);

  g_return_if_fail (KT_IS_CONTEXT (self->context));
  self->store = g_object_ref (kt_context_get_store (self->context));
  self->reader = kt_dashboard_reader_new (kt_store_get_path (self->store));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);

  kt_deal_detail_setup (self->detail, self->context);
  setup_list_view (self);
  load_pipelines (self);
  load_owners (self);
  rebuild_columns (self);
  update_list_view (self);
}

static void
kt_deal_board_dispose (GObject *object)
{
  KtDealBoard *self = KT_DEAL_BOARD (object);
  GtkWidget *child;

  g_clear_handle_id (&self->totals_idle, g_source_remove);
  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  g_clear_pointer (&self->reader, kt_dashboard_reader_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_DEAL_BOARD);
  /* GTK 4.8 only drops the template children bound to fields; the
   * unbound top-level children are unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->pipelines, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->last_move, kt_deal_move_free);
  g_clear_pointer (&self->deleted_id, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_deal_board_parent_class)->dispose (object);
}

static void
kt_deal_board_finalize (GObject *object)
{
  KtDealBoard *self = KT_DEAL_BOARD (object);

  g_free (self->pipeline_id);
  g_free (self->search);
  g_free (self->owner_id);
  g_free (self->attention);
  g_free (self->overdue_before);
  g_free (self->stale_at);

  G_OBJECT_CLASS (kt_deal_board_parent_class)->finalize (object);
}

static void
kt_deal_board_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KtDealBoard *self = KT_DEAL_BOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_deal_board_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KtDealBoard *self = KT_DEAL_BOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Saved views of the board (docs/ui.md): the pipeline, the search and
 * the filter bar (owner, attention) and whether the board or the list is
 * shown, as "search" and "filters" like the record panes' views. */
static void
save_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KtDealBoard *self = KT_DEAL_BOARD (widget);
  g_autoptr(JsonObject) state = json_object_new ();
  JsonObject *filters = json_object_new ();
  const char *view = kt_deal_board_get_view (self);

  if (self->search != NULL)
    json_object_set_string_member (state, "search", self->search);
  if (self->pipeline_id != NULL)
    json_object_set_string_member (filters, "pipeline_id", self->pipeline_id);
  if (self->owner_id != NULL)
    json_object_set_string_member (filters, "owner_id", self->owner_id);
  if (self->attention != NULL)
    json_object_set_string_member (filters, "attention", self->attention);
  /* The stack shows neither while there is no pipeline at all. */
  if (g_strcmp0 (view, "board") == 0 || g_strcmp0 (view, "list") == 0)
    json_object_set_string_member (filters, "view", view);
  json_object_set_object_member (state, "filters", filters);
  kt_view_save_present (widget, self->store, "deals", state);
}

/* A state's string member, or NULL when it is missing or not a string:
 * a newer client's or a hand-edited view still opens. */
static const char *
state_string (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Picks @owner_id in the owner dropdown, whose handler filters; an owner
 * no longer listed (a gone member) leaves the board showing everyone. */
static void
select_owner (KtDealBoard *self,
              const char  *owner_id)
{
  const char * const *owners = g_object_get_data (G_OBJECT (self->owner_dropdown), "kt-owner-ids");
  const char *me = kt_store_get_user_id (self->store);
  guint selected = OWNER_ANYONE;

  if (owner_id != NULL && g_strcmp0 (owner_id, me) == 0)
    selected = OWNER_ME;
  else if (owner_id != NULL && owners != NULL)
    {
      guint n = OWNER_FIRST_OTHER;

      for (guint i = 0; owners[i] != NULL; i++)
        {
          if (g_strcmp0 (owners[i], me) == 0)
            continue;
          if (g_strcmp0 (owners[i], owner_id) == 0)
            {
              selected = n;
              break;
            }
          n++;
        }
    }
  gtk_drop_down_set_selected (self->owner_dropdown, selected);
  on_owner_selected_cb (self);
}

static void
open_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KtDealBoard *self = KT_DEAL_BOARD (widget);
  g_autoptr(JsonObject) state = kt_saved_views_dup_state (self->store, g_variant_get_string (parameter, NULL), NULL);
  JsonNode *node = state != NULL ? json_object_get_member (state, "filters") : NULL;
  JsonObject *filters = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *pipeline_id = state_string (filters, "pipeline_id");
  const char *attention = state_string (filters, "attention");
  const char *view = state_string (filters, "view");
  const char *search = state_string (state, "search");
  KtRecord *pick = NULL;

  if (state == NULL)
    return;
  /* A pipeline deleted since falls back to the default one. */
  for (guint i = 0; pipeline_id != NULL && self->pipelines != NULL && i < self->pipelines->len; i++)
    if (g_strcmp0 (kt_record_get_id (g_ptr_array_index (self->pipelines, i)), pipeline_id) == 0)
      pick = g_ptr_array_index (self->pipelines, i);
  if (pick == NULL && self->pipelines != NULL)
    pick = kt_pipelines_pick_default (self->pipelines);
  if (pick != NULL)
    kt_deal_board_set_pipeline_id (self, kt_record_get_id (pick));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search != NULL ? search : "");
  /* The entry reports the change only after its delay. */
  kt_deal_board_set_search (self, search);
  select_owner (self, state_string (filters, "owner_id"));
  if (g_strcmp0 (attention, "overdue") != 0 && g_strcmp0 (attention, "stale") != 0)
    attention = NULL;
  kt_deal_board_set_attention (self, attention);
  if (g_strcmp0 (view, "board") == 0 || g_strcmp0 (view, "list") == 0)
    kt_deal_board_set_view (self, view);
}

static void
kt_deal_board_class_init (KtDealBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_deal_board_constructed;
  object_class->dispose = kt_deal_board_dispose;
  object_class->finalize = kt_deal_board_finalize;
  object_class->get_property = kt_deal_board_get_property;
  object_class->set_property = kt_deal_board_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KT_TYPE_DEAL_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/deals/kt-deal-board.ui");
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, pipeline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, attention_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, board_toggle);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, list_toggle);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, columns_box);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, list_view);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, detail_leaflet);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, detail_page);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, detail_revealer);
  gtk_widget_class_bind_template_child (widget_class, KtDealBoard, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_pipeline_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_owner_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_attention_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_revealer_reveal_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_leaflet_visible_child_cb);
  gtk_widget_class_set_css_name (widget_class, "dealboard");

  kt_deal_board_install_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "pane.save-view", NULL, save_view_action);
  gtk_widget_class_install_action (widget_class, "pane.open-view", "s", open_view_action);
}

static void
kt_deal_board_init (KtDealBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The dropdown owns its string list; GTK 4.8's dispose_template() would
   * drop a reference it never took if the list were a bound child. */
  self->pipeline_names = GTK_STRING_LIST (gtk_drop_down_get_model (self->pipeline_dropdown));
  kt_deal_board_add_shortcuts (self);
  ensure_css ();
  self->columns = g_ptr_array_new ();
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GtkWidget *
kt_deal_board_new (KtContext *context)
{
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_DEAL_BOARD, "context", context, NULL);
}

/**
 * kt_deal_board_get_context:
 *
 * Returns: (transfer none): the context
 */
KtContext *
kt_deal_board_get_context (KtDealBoard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), NULL);
  return self->context;
}

const char *
kt_deal_board_get_pipeline_id (KtDealBoard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), NULL);
  return self->pipeline_id;
}

void
kt_deal_board_set_pipeline_id (KtDealBoard *self,
                               const char  *pipeline_id)
{
  g_return_if_fail (KT_IS_DEAL_BOARD (self));

  if (g_strcmp0 (self->pipeline_id, pipeline_id) == 0)
    return;
  g_free (self->pipeline_id);
  self->pipeline_id = g_strdup (pipeline_id);
  g_clear_pointer (&self->last_move, kt_deal_move_free);
  load_pipelines (self);
  rebuild_columns (self);
  update_list_view (self);
  /* A deal of another pipeline has no card here to come back to: its
   * detail closes, as a contact's does when a filter hides it. */
  if (kt_deal_board_get_detail_shown (self))
    {
      g_autoptr(KtRecord) deal = kt_store_get (self->store, KT_ENTITY_DEAL,
                                               kt_deal_detail_get_deal_id (self->detail), NULL);

      if (deal == NULL || g_strcmp0 (kt_record_get_string (deal, "pipeline_id"), self->pipeline_id) != 0)
        kt_deal_board_close_deal (self);
    }
}

GPtrArray *
kt_deal_board_get_columns (KtDealBoard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), NULL);
  return self->columns;
}

KtBoardColumn *
kt_deal_board_find_column (KtDealBoard *self,
                           const char  *stage_id)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      KtBoardColumn *column = g_ptr_array_index (self->columns, i);

      if (g_strcmp0 (kt_board_column_get_stage_id (column), stage_id) == 0)
        return column;
    }
  return NULL;
}

void
kt_deal_board_set_search (KtDealBoard *self,
                          const char  *text)
{
  g_return_if_fail (KT_IS_DEAL_BOARD (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  apply_filters (self);
}

void
kt_deal_board_set_owner (KtDealBoard *self,
                         const char  *owner_id)
{
  g_return_if_fail (KT_IS_DEAL_BOARD (self));

  if (g_strcmp0 (self->owner_id, owner_id) == 0)
    return;
  g_free (self->owner_id);
  self->owner_id = g_strdup (owner_id);
  apply_filters (self);
}

const char *
kt_deal_board_get_owner (KtDealBoard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), NULL);
  return self->owner_id;
}

static gboolean
any_stage_rots (KtDealBoard *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    if (kt_record_get_int (kt_board_column_get_stage (g_ptr_array_index (self->columns, i)),
                           "rotting_days") > 0)
      return TRUE;
  return FALSE;
}

void
kt_deal_board_set_attention (KtDealBoard *self,
                             const char  *attention)
{
  g_return_if_fail (KT_IS_DEAL_BOARD (self));
  g_return_if_fail (attention == NULL || g_str_equal (attention, "overdue") ||
                    g_str_equal (attention, "stale"));

  if (g_strcmp0 (self->attention, attention) == 0)
    return;
  g_free (self->attention);
  self->attention = g_strdup (attention);
  for (guint i = 0; i < G_N_ELEMENTS (attentions); i++)
    if (g_strcmp0 (attentions[i], attention) == 0)
      gtk_drop_down_set_selected (self->attention_dropdown, i);
  apply_filters (self);
  if (g_strcmp0 (attention, "stale") == 0 && !any_stage_rots (self))
    {
      AdwToast *toast;

      /* Stages never rot until given a period: an empty board would
       * otherwise look like a filter that does not work. */
      toast = adw_toast_new (_("No stage of this pipeline has a rotting period yet"));
      adw_toast_set_button_label (toast, _("_Edit Pipelines"));
      adw_toast_set_action_name (toast, "board.edit-pipelines");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

const char *
kt_deal_board_get_attention (KtDealBoard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), NULL);
  return self->attention;
}

void
kt_deal_board_set_view (KtDealBoard *self,
                        const char  *view)
{
  g_return_if_fail (KT_IS_DEAL_BOARD (self));
  g_return_if_fail (g_strcmp0 (view, "board") == 0 || g_strcmp0 (view, "list") == 0);

  if (self->pipeline_id == NULL)
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), view) == 0)
    return;
  gtk_stack_set_visible_child_name (self->view_stack, view);
  /* The Stale rule is each stage's own: the board's filter only. */
  gtk_widget_set_visible (GTK_WIDGET (self->attention_dropdown), g_str_equal (view, "board"));
  gtk_toggle_button_set_active (g_str_equal (view, "list") ? self->list_toggle : self->board_toggle,
                                TRUE);
  update_list_view (self);
}

const char *
kt_deal_board_get_view (KtDealBoard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), NULL);
  return gtk_stack_get_visible_child_name (self->view_stack);
}
