/* test-ui-board.c: the deals kanban, driven as a person uses it
 *
 * A card is dragged through the board's real drag source and drop target
 * (the content the card offers, dropped on a column at a point), the store
 * and its outbox are checked, undo is taken, the totals followed; keyboard
 * moves, filters, the list view and the deal detail too. Screenshots of the
 * board, light and dark, are saved for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-board-column.h"
#include "kt-deal-board.h"
#include "kt-deal-card.h"
#include "kt-deal-detail.h"
#include "kt-format.h"
#include "kt-pipelines.h"
#include "kt-ui-test.h"

#define OTHER_OWNER "0190aaaa-0000-7000-8000-0000000000aa"
#define MANY_DEALS 10000

static KtRecord *
save_deal (KtStore    *store,
           GPtrArray  *stages,
           guint       stage,
           const char *title,
           gint64      value,
           const char *currency,
           gint64      position,
           const char *contact_id,
           const char *owner_id)
{
  g_autoptr(GError) error = NULL;
  KtRecord *deal = kt_record_new (KT_ENTITY_DEAL);
  KtRecord *stage_record = g_ptr_array_index (stages, stage);

  kt_record_set_string (deal, "title", title);
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage_record, "pipeline_id"));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (stage_record));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_int (deal, "value", value);
  kt_record_set_string (deal, "currency", currency);
  kt_record_set_int (deal, "position", position);
  kt_record_set_string (deal, "expected_close_date", "2026-12-15");
  if (contact_id != NULL)
    kt_record_set_string (deal, "contact_id", contact_id);
  if (owner_id != NULL)
    kt_record_set_owner_id (deal, owner_id);
  g_assert_true (kt_store_save (store, deal, &error));
  g_assert_no_error (error);
  return deal;
}

static GPtrArray *
default_stages (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  GPtrArray *stages;

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  g_assert_no_error (error);
  pipelines = kt_pipelines_load (store, &error);
  g_assert_no_error (error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)), &error);
  g_assert_no_error (error);
  return stages;
}

static void
fill_board (KtStore *store)
{
  g_autoptr(GPtrArray) stages = default_stages (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) company = kt_record_new (KT_ENTITY_COMPANY);
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) task = kt_record_new (kt_entity_lookup ("task"));
  g_autoptr(KtRecord) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL;
  KtRecord *negotiation = g_ptr_array_index (stages, 3);

  kt_record_set_string (company, "name", "Acme Ltd");
  g_assert_true (kt_store_save (store, company, &error));
  kt_record_set_string (contact, "first_name", "Ivan");
  kt_record_set_string (contact, "last_name", "Petrov");
  kt_record_set_string (contact, "company_id", kt_record_get_id (company));
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);

  /* A rotting period, so an old deal shows as stale. */
  kt_record_set_int (negotiation, "rotting_days", 14);
  g_assert_true (kt_store_save (store, negotiation, &error));

  a = save_deal (store, stages, 0, "Website redesign", 1200000, "EUR", 1024, kt_record_get_id (contact), NULL);
  b = save_deal (store, stages, 0, "Support contract", 350000, "EUR", 2048, NULL, NULL);
  c = save_deal (store, stages, 0, "Gamma licences", 90000, "BGN", 3072, NULL, OTHER_OWNER);
  d = save_deal (store, stages, 1, "CRM rollout", 2500000, "EUR", 1024, kt_record_get_id (contact), NULL);
  e = save_deal (store, stages, 3, "Old negotiation", 700000, "EUR", 1024, NULL, NULL);
  kt_record_set_string (e, "stage_changed_at", "2026-01-05T09:00:00.000Z");
  g_assert_true (kt_store_save (store, e, &error));

  kt_record_set_string (task, "title", "Call about the redesign");
  kt_record_set_string (task, "deal_id", kt_record_get_id (a));
  g_assert_true (kt_store_save (store, task, &error));
  g_assert_no_error (error);
}

static void
fill_many (KtStore *store)
{
  g_autoptr(GPtrArray) stages = default_stages (store);
  g_autoptr(GPtrArray) deals = g_ptr_array_new_with_free_func (g_object_unref);
  KtRecord *lead = g_ptr_array_index (stages, 0);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < MANY_DEALS; i++)
    {
      KtRecord *deal = kt_record_new (KT_ENTITY_DEAL);
      g_autofree char *title = g_strdup_printf ("Deal %05u", i);

      kt_record_set_string (deal, "title", title);
      kt_record_set_string (deal, "pipeline_id", kt_record_get_string (lead, "pipeline_id"));
      kt_record_set_string (deal, "stage_id", kt_record_get_id (lead));
      kt_record_set_string (deal, "status", "open");
      kt_record_set_int (deal, "value", 1000 + i);
      kt_record_set_string (deal, "currency", "EUR");
      kt_record_set_int (deal, "position", (gint64) i * 1024);
      g_ptr_array_add (deals, deal);
    }
  g_assert_true (kt_store_save_all (store, deals, &error));
  g_assert_no_error (error);
}

static KtDealBoard *
show_board (KtUiFixture *fixture)
{
  GtkWidget *pane;

  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  /* Past the stack's crossfade, so screenshots show the board alone. */
  kt_ui_iterate (400);
  pane = kt_window_get_pane (fixture->window, "deals");
  g_assert_true (KT_IS_DEAL_BOARD (pane));
  return KT_DEAL_BOARD (pane);
}

static KtBoardColumn *
column (KtDealBoard *board,
        guint        index)
{
  GPtrArray *columns = kt_deal_board_get_columns (board);

  g_assert_cmpuint (index, <, columns->len);
  return g_ptr_array_index (columns, index);
}

static guint
n_deals (KtBoardColumn *col)
{
  return g_list_model_get_n_items (kt_board_column_get_model (col));
}

/* The column sums come from a worker thread: until they are back. */
static void
wait_for_totals (KtDealBoard *board)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (kt_deal_board_get_totals_pending (board) && g_get_monotonic_time () < deadline)
    kt_ui_iterate (5);
  g_assert_false (kt_deal_board_get_totals_pending (board));
  kt_ui_iterate (5);
}

static KtStore *
app_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_application_get_context (fixture->app));
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  return NULL;
}

/* The mapped card showing @title under @root. */
static KtDealCard *
find_card (GtkWidget  *root,
           const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KtDealCard *found;

      if (KT_IS_DEAL_CARD (child) && gtk_widget_get_mapped (child) &&
          kt_deal_card_get_deal (KT_DEAL_CARD (child)) != NULL &&
          g_strcmp0 (kt_record_get_string (kt_deal_card_get_deal (KT_DEAL_CARD (child)), "title"), title) == 0)
        return KT_DEAL_CARD (child);
      if ((found = find_card (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static GtkToggleButton *
find_toggle (GtkWidget  *root,
             const char *icon_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkToggleButton *found;

      if (GTK_IS_TOGGLE_BUTTON (child) &&
          g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), icon_name) == 0)
        return GTK_TOGGLE_BUTTON (child);
      if ((found = find_toggle (child, icon_name)) != NULL)
        return found;
    }
  return NULL;
}

static KtRecord *
load_deal (KtUiFixture *fixture,
           const char  *id)
{
  g_autoptr(GError) error = NULL;
  KtRecord *deal = kt_store_get (app_store (fixture), KT_ENTITY_DEAL, id, &error);

  g_assert_no_error (error);
  return deal;
}

static void
test_board_columns (KtUiFixture   *fixture,
                    gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  g_autofree char *summary = NULL;
  g_autofree char *lead_eur = kt_format_money (1550000, "EUR");
  KtDealCard *stale, *fresh;

  /* Screenshots first, so a failure below still leaves them to look at. */
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "board"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  kt_ui_iterate (100);
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "board-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  kt_ui_iterate (50);

  g_assert_cmpuint (kt_deal_board_get_columns (board)->len, ==, 6);
  g_assert_cmpuint (n_deals (column (board, 0)), ==, 3);
  g_assert_cmpuint (n_deals (column (board, 1)), ==, 1);
  g_assert_cmpint (kt_board_column_get_count (column (board, 0)), ==, 3);

  /* The header: count, sums per currency and the weighted forecast. */
  wait_for_totals (board);
  summary = kt_board_column_dup_summary (column (board, 0));
  g_assert_cmpstr (summary, ==, "Stage Lead, 3 deals");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (column (board, 0)), "3"));
  {
    g_autofree char *bgn = kt_format_money (90000, "BGN");
    g_autofree char *sums = g_strdup_printf ("%s · %s", bgn, lead_eur);
    /* Lead is 10 %: 155,000.00 EUR weighs 15,500.00, 900.00 BGN 90.00. */
    g_autofree char *forecast_bgn = kt_format_money (9000, "BGN");
    g_autofree char *forecast_eur = kt_format_money (155000, "EUR");
    g_autofree char *forecast = g_strdup_printf (_("Forecast %s"), "");
    g_autofree char *forecast_text = g_strdup_printf ("%s%s · %s", forecast, forecast_bgn, forecast_eur);

    g_assert_true (kt_ui_has_label (GTK_WIDGET (column (board, 0)), sums));
    g_assert_true (kt_ui_has_label (GTK_WIDGET (column (board, 0)), forecast_text));
  }

  /* Cards: the contact and company, the stale marker. */
  g_assert_true (kt_ui_has_label (GTK_WIDGET (board), "Ivan Petrov · Acme Ltd"));
  stale = find_card (GTK_WIDGET (board), "Old negotiation");
  fresh = find_card (GTK_WIDGET (board), "Website redesign");
  g_assert_nonnull (stale);
  g_assert_nonnull (fresh);
  g_assert_true (kt_deal_card_get_stale (stale));
  g_assert_false (kt_deal_card_get_stale (fresh));

}

static void
test_drag_card (KtUiFixture   *fixture,
                gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  KtBoardColumn *lead = column (board, 0), *qualified = column (board, 1);
  KtStore *store = app_store (fixture);
  KtDealCard *card = find_card (GTK_WIDGET (lead), "Website redesign");
  GtkEventController *source, *target;
  g_autoptr(GdkContentProvider) content = NULL;
  g_autoptr(KtRecord) moved = NULL;
  g_autoptr(KtRecord) restored = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *deal_id = NULL;
  g_autofree char *lead_summary = NULL;
  KtOutboxEntry *last;
  gint64 outbox_before = kt_store_outbox_count (store);
  gboolean dropped = FALSE;

  g_assert_nonnull (card);
  deal_id = g_strdup (kt_record_get_id (kt_deal_card_get_deal (card)));

  /* What the card offers when a drag starts... */
  source = find_controller (GTK_WIDGET (card), GTK_TYPE_DRAG_SOURCE);
  g_assert_nonnull (source);
  g_signal_emit_by_name (source, "prepare", 10.0, 10.0, &content);
  g_assert_nonnull (content);
  g_value_init (&value, KT_TYPE_RECORD);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);

  /* ...dragged over Qualified: a line shows where it would land. */
  target = find_controller (GTK_WIDGET (qualified), GTK_TYPE_DROP_TARGET);
  g_assert_nonnull (target);
  {
    KtDealCard *crm = find_card (GTK_WIDGET (qualified), "CRM rollout");
    graphene_rect_t card_bounds, line;
    GdkDragAction action = 0;

    g_assert_nonnull (crm);
    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (crm), GTK_WIDGET (qualified), &card_bounds));
    g_assert_cmpint (kt_board_column_get_drop_slot (qualified), ==, -1);
    g_assert_false (kt_board_column_get_drop_line (qualified, &line));

    /* Over the card's upper half: above it. */
    g_signal_emit_by_name (target, "motion", 40.0,
                           (double) card_bounds.origin.y + card_bounds.size.height / 4, &action);
    g_assert_cmpint (action, ==, GDK_ACTION_MOVE);
    g_assert_cmpint (kt_board_column_get_drop_slot (qualified), ==, 0);
    g_assert_true (kt_board_column_get_drop_line (qualified, &line));
    g_assert_cmpfloat (line.origin.y + line.size.height, <=, card_bounds.origin.y);

    /* Below the cards: after the last one. */
    g_signal_emit_by_name (target, "motion", 40.0,
                           (double) gtk_widget_get_height (GTK_WIDGET (qualified)) - 5, &action);
    g_assert_cmpint (kt_board_column_get_drop_slot (qualified), ==, 1);
    g_assert_true (kt_board_column_get_drop_line (qualified, &line));
    g_assert_cmpfloat (line.origin.y, >=, card_bounds.origin.y + card_bounds.size.height);
    kt_ui_iterate (20);
    g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "board-drag-line"));

    /* Gone when the drag leaves the column. */
    g_signal_emit_by_name (target, "leave");
    g_assert_cmpint (kt_board_column_get_drop_slot (qualified), ==, -1);
    g_assert_false (kt_board_column_get_drop_line (qualified, &line));
    g_signal_emit_by_name (target, "motion", 40.0,
                           (double) gtk_widget_get_height (GTK_WIDGET (qualified)) - 5, &action);
  }

  /* ...and dropped there, below its only card. */
  g_signal_emit_by_name (target, "drop", &value, 40.0,
                         (double) gtk_widget_get_height (GTK_WIDGET (qualified)) - 5, &dropped);
  g_assert_true (dropped);
  /* The line goes with the drop. */
  g_assert_cmpint (kt_board_column_get_drop_slot (qualified), ==, -1);
  kt_ui_iterate (50);

  /* The store changed at once... */
  moved = load_deal (fixture, deal_id);
  g_assert_cmpstr (kt_record_get_string (moved, "stage_id"), ==, kt_board_column_get_stage_id (qualified));
  g_assert_nonnull (kt_record_get_string (moved, "stage_changed_at"));
  /* ...and the outbox holds the mutation for sync. */
  g_assert_cmpint (kt_store_outbox_count (store), ==, outbox_before + 1);
  outbox = kt_store_outbox_peek (store, 10000, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (outbox, outbox->len - 1);
  g_assert_cmpstr (last->entity, ==, "deal");
  g_assert_cmpstr (last->record_id, ==, deal_id);
  g_assert_nonnull (strstr (last->fields_json, "stage_id"));

  /* The columns and their totals follow; the card went to the bottom. */
  g_assert_cmpuint (n_deals (lead), ==, 2);
  g_assert_cmpuint (n_deals (qualified), ==, 2);
  g_assert_cmpint (kt_board_column_get_count (lead), ==, 2);
  g_assert_cmpint (kt_board_column_get_count (qualified), ==, 2);
  {
    g_autoptr(KtRecord) last_in_column = g_list_model_get_item (kt_board_column_get_model (qualified), 1);

    g_assert_cmpstr (kt_record_get_id (last_in_column), ==, deal_id);
  }
  lead_summary = kt_board_column_dup_summary (lead);
  g_assert_cmpstr (lead_summary, ==, "Stage Lead, 2 deals");
  wait_for_totals (board);
  {
    g_autofree char *qualified_eur = kt_format_money (3700000, "EUR");

    g_assert_true (kt_ui_has_label (GTK_WIDGET (qualified), qualified_eur));
  }

  /* Undo, as the toast's button does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.undo", NULL));
  kt_ui_iterate (50);
  restored = load_deal (fixture, deal_id);
  g_assert_cmpstr (kt_record_get_string (restored, "stage_id"), ==, kt_board_column_get_stage_id (lead));
  g_assert_cmpuint (n_deals (lead), ==, 3);
  g_assert_cmpint (kt_board_column_get_count (qualified), ==, 1);
  {
    g_autoptr(KtRecord) first = g_list_model_get_item (kt_board_column_get_model (lead), 0);

    g_assert_cmpstr (kt_record_get_id (first), ==, deal_id);
  }
  /* Nothing more to undo. */
  g_assert_false (kt_deal_board_undo (board, NULL));
}

static void
test_keyboard_moves (KtUiFixture   *fixture,
                     gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  KtBoardColumn *lead = column (board, 0), *qualified = column (board, 1);
  g_autoptr(KtRecord) first = g_list_model_get_item (kt_board_column_get_model (lead), 0);
  g_autoptr(KtRecord) moved = NULL;
  g_autoptr(KtRecord) second = NULL;
  const char *id = kt_record_get_id (first);

  /* Ctrl+Down: the focused card goes one down in its column. */
  kt_board_column_focus_position (lead, 0);
  kt_ui_iterate (20);
  g_assert_cmpuint (kt_board_column_get_selected (lead), ==, 0);
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>Down");
  kt_ui_iterate (50);
  second = g_list_model_get_item (kt_board_column_get_model (lead), 1);
  g_assert_cmpstr (kt_record_get_id (second), ==, id);
  g_assert_cmpuint (kt_board_column_get_selected (lead), ==, 1);

  /* Ctrl+Right: into the next stage, keeping the focus on it. */
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>Right");
  kt_ui_iterate (50);
  moved = load_deal (fixture, id);
  g_assert_cmpstr (kt_record_get_string (moved, "stage_id"), ==, kt_board_column_get_stage_id (qualified));
  g_assert_cmpuint (n_deals (qualified), ==, 2);
  g_assert_cmpuint (kt_board_column_get_selected (qualified), !=, GTK_INVALID_LIST_POSITION);

  /* Ctrl+Z takes it back to Lead. */
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>z");
  kt_ui_iterate (20);
  g_assert_cmpuint (n_deals (lead), ==, 3);
}

static void
test_lost_with_reason (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  KtBoardColumn *lead = column (board, 0), *lost = column (board, 5);
  g_autoptr(KtRecord) deal = g_list_model_get_item (kt_board_column_get_model (lead), 0);
  g_autoptr(KtRecord) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (kt_record_get_id (deal));

  g_assert_true (kt_deal_board_move_deal (board, id, kt_board_column_get_stage_id (lost), 0,
                                          "Went with a competitor", &error));
  g_assert_no_error (error);
  kt_ui_iterate (20);
  closed = load_deal (fixture, id);
  g_assert_cmpstr (kt_record_get_string (closed, "status"), ==, "lost");
  g_assert_cmpstr (kt_record_get_string (closed, "lost_reason"), ==, "Went with a competitor");
  g_assert_nonnull (kt_record_get_string (closed, "closed_at"));
  g_assert_cmpuint (n_deals (lost), ==, 1);
  g_assert_cmpuint (n_deals (lead), ==, 2);
}

static void
test_filters_and_views (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  KtBoardColumn *lead = column (board, 0);
  KtStore *store = app_store (fixture);
  GtkColumnView *list;

  kt_deal_board_set_search (board, "gamm");
  kt_ui_iterate (20);
  g_assert_cmpuint (n_deals (lead), ==, 1);
  g_assert_cmpint (kt_board_column_get_count (lead), ==, 1);
  g_assert_cmpuint (n_deals (column (board, 1)), ==, 0);
  kt_deal_board_set_search (board, NULL);

  /* "My deals": the store's own user owns all but one. */
  kt_deal_board_set_owner (board, kt_store_get_user_id (store));
  kt_ui_iterate (20);
  g_assert_cmpuint (n_deals (lead), ==, 2);
  g_assert_cmpint (kt_board_column_get_count (lead), ==, 2);
  kt_deal_board_set_owner (board, OTHER_OWNER);
  kt_ui_iterate (20);
  g_assert_cmpuint (n_deals (lead), ==, 1);
  kt_deal_board_set_owner (board, NULL);
  kt_ui_iterate (20);
  g_assert_cmpuint (n_deals (lead), ==, 3);

  kt_deal_board_set_view (board, "list");
  kt_ui_iterate (50);
  g_assert_cmpstr (kt_deal_board_get_view (board), ==, "list");
  {
    /* The view buttons follow: the list one is the one pressed. */
    GtkToggleButton *list_toggle = find_toggle (GTK_WIDGET (board), "view-list-symbolic");
    GtkToggleButton *board_toggle = find_toggle (GTK_WIDGET (board), "view-grid-symbolic");

    g_assert_nonnull (list_toggle);
    g_assert_nonnull (board_toggle);
    g_assert_true (gtk_toggle_button_get_active (list_toggle));
    g_assert_false (gtk_toggle_button_get_active (board_toggle));
  }
  list = GTK_COLUMN_VIEW (kt_ui_find_widget (GTK_WIDGET (board), GTK_TYPE_COLUMN_VIEW));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (list))), ==, 5);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (list), "Old negotiation"));
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "board-list"));
  kt_deal_board_set_view (board, "board");
  g_assert_cmpstr (kt_deal_board_get_view (board), ==, "board");
}

static void
test_deal_detail (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  g_autoptr(KtRecord) deal = g_list_model_get_item (kt_board_column_get_model (column (board, 0)), 0);
  g_autoptr(KtRecord) won = NULL;
  KtDealDetail *detail;

  g_assert_cmpstr (kt_record_get_string (deal, "title"), ==, "Website redesign");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.open-deal", "s",
                                             kt_record_get_id (deal)));
  /* Beside the board, not in a window of its own. */
  detail = KT_DEAL_DETAIL (kt_ui_wait_for_deal_detail (GTK_WIDGET (board)));
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_DEAL_DETAIL));
  g_assert_cmpstr (kt_deal_detail_get_deal_id (detail), ==, kt_record_get_id (deal));
  /* Value, stage, pipeline, expected close and owner: the set fields
   * only, so no "Closed" or "Reason lost" on an open deal. */
  g_assert_cmpuint (kt_deal_detail_count_rows (detail, "fields"), ==, 5);
  g_assert_false (kt_ui_has_label (GTK_WIDGET (detail), _("Closed")));
  g_assert_false (kt_ui_has_label (GTK_WIDGET (detail), _("Reason lost")));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), _("Stage")));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), _("Pipeline")));
  /* The contact, and the company through the contact. */
  g_assert_cmpuint (kt_deal_detail_count_rows (detail, "party"), ==, 2);
  g_assert_cmpuint (kt_deal_detail_count_rows (detail, "tasks"), ==, 1);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), "Call about the redesign"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), "Acme Ltd"));
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "deal-detail"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "deal.won", NULL));
  won = load_deal (fixture, kt_record_get_id (deal));
  g_assert_cmpstr (kt_record_get_string (won, "status"), ==, "won");
  kt_ui_iterate (20);
  g_assert_cmpuint (n_deals (column (board, 4)), ==, 1);
  /* Won, the deal shows how it ended and Reopen, and when it closed. */
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), _("Closed")));
  g_assert_nonnull (kt_ui_find_button (GTK_WIDGET (detail), _("_Reopen")));
  g_assert_null (kt_ui_find_button (GTK_WIDGET (detail), _("_Won")));
  kt_deal_board_close_deal (board);
  g_assert_false (kt_deal_board_get_detail_shown (board));
}

static void
test_ten_thousand_deals (KtUiFixture   *fixture,
                         gconstpointer  data)
{
  KtDealBoard *board;
  KtBoardColumn *lead;
  GtkWidget *list;
  guint rows = 0;
  gint64 start = g_get_monotonic_time ();

  board = show_board (fixture);
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  g_test_message ("board with %d deals: first frame after %.1f ms", MANY_DEALS,
                  (g_get_monotonic_time () - start) / 1000.0);
  lead = column (board, 0);
  g_assert_cmpuint (n_deals (lead), ==, MANY_DEALS);
  g_assert_cmpint (kt_board_column_get_count (lead), ==, MANY_DEALS);

  /* The column is a recycling list: GTK 4.8's list view keeps about 200
   * rows around what is in view, never one widget per deal. */
  list = kt_ui_find_widget (GTK_WIDGET (lead), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rows++;
  g_assert_cmpuint (rows, <=, 256);
  g_assert_cmpuint (rows, >, 0);

  /* A drop into the long column is written and shown promptly. */
  {
    g_autoptr(KtRecord) first = g_list_model_get_item (kt_board_column_get_model (lead), 0);
    g_autoptr(GError) error = NULL;
    g_autofree char *id = g_strdup (kt_record_get_id (first));

    start = g_get_monotonic_time ();
    g_assert_true (kt_deal_board_move_deal (board, id, kt_board_column_get_stage_id (lead), 5000,
                                            NULL, &error));
    g_assert_no_error (error);
    kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
    g_test_message ("move within %d deals: %.1f ms to the next frame", MANY_DEALS,
                    (g_get_monotonic_time () - start) / 1000.0);
    g_clear_object (&first);
    first = g_list_model_get_item (kt_board_column_get_model (lead), 4999);
    g_assert_cmpstr (kt_record_get_id (first), ==, id);
  }
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "board-10k"));
}

/* The sums are computed in a worker thread; the count beside them is the
 * column's own, there before the sums are. A refresh that a newer one
 * replaces never shows: the last change's sums do. */
static void
test_totals_in_worker (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  KtStore *store = app_store (fixture);
  g_autoptr(GPtrArray) stages = default_stages (store);
  g_autoptr(KtRecord) deal = NULL;
  g_autofree char *before = kt_format_money (2500000, "EUR");
  g_autofree char *after = kt_format_money (2500000 + 4200000, "EUR");
  KtBoardColumn *qualified = column (board, 1);

  wait_for_totals (board);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (qualified), before));

  kt_deal_board_refresh_totals (board);
  g_assert_true (kt_deal_board_get_totals_pending (board));
  deal = save_deal (store, stages, 1, "Late deal", 4200000, "EUR", 4096, NULL, NULL);
  /* The count follows the store at once, the sums do not yet. */
  g_assert_cmpint (kt_board_column_get_count (qualified), ==, 2);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (qualified), "2"));
  kt_deal_board_refresh_totals (board);
  wait_for_totals (board);
  /* (The card of the column's first deal shows @before too.) */
  g_assert_true (kt_ui_has_label (GTK_WIDGET (qualified), after));
}

/* How many deals each column's list view shows. */
static void
shown_counts (KtDealBoard *board,
              GArray      *out)
{
  GPtrArray *columns = kt_deal_board_get_columns (board);

  g_array_set_size (out, 0);
  for (guint i = 0; i < columns->len; i++)
    {
      GtkWidget *list = kt_ui_find_widget (g_ptr_array_index (columns, i), GTK_TYPE_LIST_VIEW);
      GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list));
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

      g_array_append_val (out, n);
    }
}

typedef struct {
  KtDealBoard *board;
  GArray      *last;
  guint        most_growing;  /* columns that grew in one frame, at most */
  guint        frames;
} GrowthLog;

static void
on_growth_frame_cb (GdkFrameClock *clock,
                    GrowthLog     *log)
{
  g_autoptr(GArray) now = g_array_new (FALSE, FALSE, sizeof (guint));
  guint growing = 0;

  shown_counts (log->board, now);
  for (guint i = 0; i < now->len; i++)
    growing += g_array_index (now, guint, i) != g_array_index (log->last, guint, i);
  log->most_growing = MAX (log->most_growing, growing);
  log->frames++;
  g_array_set_size (log->last, 0);
  g_array_append_vals (log->last, now->data, now->len);
}

static void
fill_two_long (KtStore *store)
{
  g_autoptr(GPtrArray) stages = default_stages (store);
  g_autoptr(GPtrArray) deals = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 600; i++)
    {
      KtRecord *deal = kt_record_new (KT_ENTITY_DEAL);
      KtRecord *stage = g_ptr_array_index (stages, i % 2);
      g_autofree char *title = g_strdup_printf ("Deal %03u", i);

      kt_record_set_string (deal, "title", title);
      kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
      kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
      kt_record_set_string (deal, "status", "open");
      kt_record_set_int (deal, "position", (gint64) i * 1024);
      g_ptr_array_add (deals, deal);
    }
  g_assert_true (kt_store_save_all (store, deals, &error));
  g_assert_no_error (error);
}

/* Two long columns fill a frame at a time, taking turns: no frame makes
 * the cards of two columns (six long columns made 240 cards in a frame,
 * over 100 ms), and both end with all their deals. */
static void
test_columns_take_turns (KtUiFixture   *fixture,
                         gconstpointer  data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  GrowthLog log = { NULL, g_array_new (FALSE, FALSE, sizeof (guint)), 0, 0 };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gulong id;

  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  log.board = KT_DEAL_BOARD (kt_window_get_pane (fixture->window, "deals"));
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  shown_counts (log.board, log.last);
  /* The first frame shows the first deals of both. */
  g_assert_cmpuint (g_array_index (log.last, guint, 0), <, 300);
  g_assert_cmpuint (g_array_index (log.last, guint, 1), <, 300);
  g_assert_cmpuint (g_array_index (log.last, guint, 0), >, 0);
  g_assert_cmpuint (g_array_index (log.last, guint, 1), >, 0);

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_growth_frame_cb), &log);
  while ((g_array_index (log.last, guint, 0) < 300 || g_array_index (log.last, guint, 1) < 300) &&
         g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (GTK_WIDGET (fixture->window));
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, id);
  g_test_message ("filled in %u frames", log.frames);
  g_assert_cmpuint (g_array_index (log.last, guint, 0), ==, 300);
  g_assert_cmpuint (g_array_index (log.last, guint, 1), ==, 300);
  g_assert_cmpuint (log.most_growing, ==, 1);
  g_array_unref (log.last);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/board/columns", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_board_columns, kt_ui_fixture_teardown);
  g_test_add ("/ui/board/drag-card", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_drag_card, kt_ui_fixture_teardown);
  g_test_add ("/ui/board/keyboard-moves", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_keyboard_moves, kt_ui_fixture_teardown);
  g_test_add ("/ui/board/lost-with-reason", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_lost_with_reason, kt_ui_fixture_teardown);
  g_test_add ("/ui/board/filters-and-views", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_filters_and_views, kt_ui_fixture_teardown);
  g_test_add ("/ui/board/deal-detail", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_deal_detail, kt_ui_fixture_teardown);
  g_test_add ("/ui/board/totals-in-worker", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_totals_in_worker, kt_ui_fixture_teardown);
  g_test_add ("/ui/board/columns-take-turns", KtUiFixture, fill_two_long,
              kt_ui_fixture_setup, test_columns_take_turns, kt_ui_fixture_teardown);
  g_test_add ("/ui/board/ten-thousand-deals", KtUiFixture, fill_many,
              kt_ui_fixture_setup, test_ten_thousand_deals, kt_ui_fixture_teardown);

  return g_test_run ();
}
