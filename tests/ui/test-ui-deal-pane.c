/* test-ui-deal-pane.c: a deal's detail beside the board, as a person uses it
 *
 * Issue 12: the deal detail was a modal whose header held Won, Lost, the
 * title (cut to "Annual sup…" in Bulgarian), Edit and Delete, with the
 * keyboard on Won, and "Closed —" rows on open deals. It is now the
 * board's side pane, laid out like a contact's detail. A card opens it
 * with a real click; Escape closes it and the card has the keyboard
 * again; Won, Lost (with its reason) and Reopen are buttons in the pane
 * that toast with Undo; Delete is at the bottom. Runs again as
 * ui-deal-pane-bg with LANGUAGE=bg, whose long words wrap the title.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-board-column.h"
#include "kt-deal-board.h"
#include "kt-deal-card.h"
#include "kt-pipelines.h"
#include "kt-ui-test.h"

#define RESELLER_ID "01900000-0000-7000-8000-00000000d0a1"

/* The example: a title no header had room for. */
#define LONG_TITLE "Годишен договор за поддръжка на складовата система и обучение на персонала"

static void
fill (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtRecord) company = kt_record_new (KT_ENTITY_COMPANY);
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) deal = kt_record_new (KT_ENTITY_DEAL);
  g_autoptr(KtRecord) other = kt_record_new (KT_ENTITY_DEAL);
  g_autoptr(KtRecord) partners = NULL;
  g_autoptr(KtRecord) reseller = kt_record_new_with_id (KT_ENTITY_DEAL, RESELLER_ID);
  g_autoptr(KtRecord) partners_lead = NULL;
  KtRecord *lead;

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  pipelines = kt_pipelines_load (store, &error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)), &error);
  g_assert_no_error (error);
  lead = g_ptr_array_index (stages, 0);

  kt_record_set_string (company, "name", "Черноморски склад ООД");
  g_assert_true (kt_store_save (store, company, &error));
  kt_record_set_string (contact, "first_name", "Ivan");
  kt_record_set_string (contact, "last_name", "Petrov");
  kt_record_set_string (contact, "company_id", kt_record_get_id (company));
  g_assert_true (kt_store_save (store, contact, &error));

  kt_record_set_string (other, "title", "Support contract");
  kt_record_set_string (other, "pipeline_id", kt_record_get_string (lead, "pipeline_id"));
  kt_record_set_string (other, "stage_id", kt_record_get_id (lead));
  kt_record_set_string (other, "status", "open");
  kt_record_set_int (other, "position", 1024);
  g_assert_true (kt_store_save (store, other, &error));

  kt_record_set_string (deal, "title", LONG_TITLE);
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (lead, "pipeline_id"));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (lead));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_int (deal, "value", 1850000);
  kt_record_set_string (deal, "currency", "BGN");
  kt_record_set_int (deal, "position", 2048);
  kt_record_set_string (deal, "expected_close_date", "2026-12-15");
  kt_record_set_string (deal, "contact_id", kt_record_get_id (contact));
  g_assert_true (kt_store_save (store, deal, &error));
  g_assert_no_error (error);

  /* A deal in a second pipeline, which the board does not show first. */
  partners = kt_pipelines_create (store, "Partners", &error);
  g_assert_no_error (error);
  partners_lead = kt_pipelines_find_stage (store, kt_record_get_id (partners), "open");
  g_assert_nonnull (partners_lead);
  kt_record_set_string (reseller, "title", "Reseller agreement");
  kt_record_set_string (reseller, "pipeline_id", kt_record_get_id (partners));
  kt_record_set_string (reseller, "stage_id", kt_record_get_id (partners_lead));
  kt_record_set_string (reseller, "status", "open");
  kt_record_set_int (reseller, "position", 1024);
  kt_record_set_string (reseller, "contact_id", kt_record_get_id (contact));
  g_assert_true (kt_store_save (store, reseller, &error));
  g_assert_no_error (error);
}

static KtStore *
app_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_window_get_context (fixture->window));
}

static KtDealBoard *
show_board (KtUiFixture *fixture)
{
  KtDealBoard *board;

  gtk_window_present (GTK_WINDOW (fixture->window));
  kt_ui_resize (GTK_WINDOW (fixture->window), 1280, 800);
  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  kt_ui_iterate (200);
  board = KT_DEAL_BOARD (kt_window_get_pane (fixture->window, "deals"));
  kt_ui_wait_for_frame (GTK_WIDGET (board));
  return board;
}

static GtkWidget *
find_card (GtkWidget  *root,
           const char *title)
{
  if (KT_IS_DEAL_CARD (root) && gtk_widget_get_mapped (root) &&
      kt_deal_card_get_deal (KT_DEAL_CARD (root)) != NULL &&
      g_strcmp0 (kt_record_get_string (kt_deal_card_get_deal (KT_DEAL_CARD (root)), "title"), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = find_card (child, title);

      if (card != NULL)
        return card;
    }
  return NULL;
}

static KtRecord *
load_deal (KtUiFixture *fixture,
           const char  *title)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_DEAL);
  g_autoptr(GPtrArray) deals = NULL;

  kt_query_add_filter (query, "title", title);
  deals = kt_store_query (app_store (fixture), query, 0, 1, NULL);
  g_assert_nonnull (deals);
  g_assert_cmpuint (deals->len, ==, 1);
  return g_object_ref (g_ptr_array_index (deals, 0));
}

/* Opens the long deal with a real click on its card. */
static GtkWidget *
open_by_click (KtDealBoard *board)
{
  GtkWidget *card = find_card (GTK_WIDGET (board), LONG_TITLE);

  g_assert_nonnull (card);
  kt_ui_click (card);
  return kt_ui_wait_for_deal_detail (GTK_WIDGET (board));
}

/* TRUE when @button lies whole inside its window: a toast's button
 * slides in from below the window's edge. */
static gboolean
inside_window (GtkWidget *button)
{
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (button));
  graphene_rect_t bounds;

  return gtk_widget_get_mapped (button) &&
         gtk_widget_compute_bounds (button, native, &bounds) &&
         bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (native);
}

/* Waits for a button labelled @label under @root, and for it to have
 * arrived where a click reaches it: with the board's sums off the main
 * loop, an Undo toast's button is found while it still slides in. */
static GtkWidget *
wait_for_button (GtkWidget  *root,
                 const char *label)
{
  GtkWidget *button = NULL;

  for (guint i = 0; i < 100 && (button == NULL || !inside_window (button)); i++)
    {
      kt_ui_iterate (20);
      button = kt_ui_find_button (root, label);
    }
  g_assert_nonnull (button);
  return button;
}

static char *
deal_status (KtUiFixture *fixture)
{
  g_autoptr(KtRecord) deal = load_deal (fixture, LONG_TITLE);

  return g_strdup (kt_record_get_string (deal, "status"));
}

/* The keyboard, in the board, on the card of @title. */
static gboolean
focus_on_card (KtUiFixture *fixture,
               KtDealBoard *board,
               const char  *title)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  GPtrArray *columns = kt_deal_board_get_columns (board);

  for (guint i = 0; focus != NULL && i < columns->len; i++)
    {
      KtBoardColumn *column = g_ptr_array_index (columns, i);
      guint position = kt_board_column_get_focused_position (column);
      g_autoptr(KtRecord) deal = NULL;

      if (position == GTK_INVALID_LIST_POSITION)
        continue;
      deal = g_list_model_get_item (kt_board_column_get_model (column), position);
      return deal != NULL && g_strcmp0 (kt_record_get_string (deal, "title"), title) == 0;
    }
  return FALSE;
}

static void
test_open_focus_escape (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  GtkWidget *detail = open_by_click (board);
  GtkWidget *focus, *title;
  PangoLayout *layout;

  /* In the main window, not one of its own. */
  g_assert_true (gtk_widget_get_root (detail) == GTK_ROOT (fixture->window));
  /* Side by side: the board stays in view, the card selected. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (g_ptr_array_index (kt_deal_board_get_columns (board), 0))));
  g_assert_cmpuint (kt_board_column_get_selected (g_ptr_array_index (kt_deal_board_get_columns (board), 0)), ==, 1);

  /* The keyboard is in the deal's rows, not on Won, Lost or Delete, and
   * nothing is the window's default. */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, detail));
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus));
  g_assert_false (focus == kt_ui_find_button (detail, _("_Won")));
  g_assert_false (focus == kt_ui_find_button (detail, _("_Lost…")));
  g_assert_false (focus == kt_ui_find_button (detail, _("_Delete Deal")));
  g_assert_null (gtk_window_get_default_widget (GTK_WINDOW (fixture->window)));

  /* The whole title, wrapped within the pane. */
  g_assert_cmpstr (kt_deal_detail_get_title (KT_DEAL_DETAIL (detail)), ==, LONG_TITLE);
  title = kt_ui_find_label (detail, LONG_TITLE);
  g_assert_nonnull (title);
  layout = gtk_label_get_layout (GTK_LABEL (title));
  g_assert_false (pango_layout_is_ellipsized (layout));
  g_assert_cmpint (pango_layout_get_line_count (layout), >, 1);
  g_assert_cmpint (gtk_widget_get_width (title), <=, gtk_widget_get_width (detail));

  /* Escape closes it; the card it came from has the keyboard again. */
  kt_ui_send_keys (detail, "Escape");
  kt_ui_iterate (300);
  g_assert_false (kt_deal_board_get_detail_shown (board));
  g_assert_true (focus_on_card (fixture, board, LONG_TITLE));

  /* Enter on that card opens it again. */
  kt_ui_send_keys (GTK_WIDGET (board), "Return");
  detail = kt_ui_wait_for_deal_detail (GTK_WIDGET (board));
  g_assert_cmpstr (kt_deal_detail_get_title (KT_DEAL_DETAIL (detail)), ==, LONG_TITLE);
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, detail));
}

/* Every row shows a value and its label; an open deal has no closing
 * date or lost reason, so those rows are not there at all. */
static void
test_no_empty_rows (KtUiFixture   *fixture,
                    gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  GtkWidget *detail = open_by_click (board);
  guint properties = 0;

  /* A walk over every property row (label under value). */
  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, detail);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (ADW_IS_ACTION_ROW (w) && gtk_widget_has_css_class (w, "property"))
          {
            const char *value = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w));
            const char *label = adw_action_row_get_subtitle (ADW_ACTION_ROW (w));

            g_assert_nonnull (value);
            g_assert_cmpstr (value, !=, "");
            g_assert_cmpstr (value, !=, "—");
            g_assert_nonnull (label);
            g_assert_cmpstr (label, !=, "");
            g_assert_cmpstr (label, !=, _("Closed"));
            g_assert_cmpstr (label, !=, _("Reason lost"));
            properties++;
          }
        for (GtkWidget *child = gtk_widget_get_first_child (w); child != NULL;
             child = gtk_widget_get_next_sibling (child))
          g_ptr_array_add (stack, child);
      }
  }
  /* Value, stage, pipeline, expected close, owner; the contact and the
   * contact's company. */
  g_assert_cmpuint (kt_deal_detail_count_rows (KT_DEAL_DETAIL (detail), "fields"), ==, 5);
  g_assert_cmpuint (kt_deal_detail_count_rows (KT_DEAL_DETAIL (detail), "party"), ==, 2);
  g_assert_cmpuint (properties, ==, 7);
  g_assert_true (kt_ui_has_label (detail, _("Stage")));
  g_assert_true (kt_ui_has_label (detail, _("Pipeline")));
  g_assert_true (kt_ui_has_label (detail, "Черноморски склад ООД"));
}

static void
test_won_lost_reopen (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  GtkWidget *detail = open_by_click (board);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWindow *dialog;
  GtkWidget *focus;
  g_autoptr(KtRecord) lost = NULL;
  g_autofree char *status = NULL;

  /* Won, with a real click: the deal is won, the board says so with
   * Undo, and the pane shows how it ended and Reopen. */
  kt_ui_click (kt_ui_find_button (detail, _("_Won")));
  status = deal_status (fixture);
  g_assert_cmpstr (status, ==, "won");
  kt_ui_click (wait_for_button (window, _("_Undo")));
  g_free (status);
  status = deal_status (fixture);
  g_assert_cmpstr (status, ==, "open");
  wait_for_button (detail, _("_Won"));

  kt_ui_click (kt_ui_find_button (detail, _("_Won")));
  wait_for_button (detail, _("_Reopen"));
  g_assert_null (kt_ui_find_button (detail, _("_Won")));
  g_assert_true (kt_ui_has_label (detail, _("Closed")));
  /* The keyboard stayed in the pane, on the row that says it is won. */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, detail));
  {
    const char *suffix = g_getenv ("KT_SCREENSHOT_SUFFIX");
    g_autofree char *name = g_strconcat ("deal-pane-won", suffix, NULL);

    g_free (kt_ui_screenshot (window, name));
  }

  /* Reopen, then Ctrl+Z undoes it as it undoes a move on the board. */
  kt_ui_click (kt_ui_find_button (detail, _("_Reopen")));
  g_free (status);
  status = deal_status (fixture);
  g_assert_cmpstr (status, ==, "open");
  wait_for_button (detail, _("_Won"));
  kt_ui_send_keys (detail, "<Control>z");
  kt_ui_iterate (100);
  g_free (status);
  status = deal_status (fixture);
  g_assert_cmpstr (status, ==, "won");
  kt_ui_click (wait_for_button (detail, _("_Reopen")));
  wait_for_button (detail, _("_Lost…"));

  /* Lost asks why, and the reason is kept and shown. */
  kt_ui_click (kt_ui_find_button (detail, _("_Lost…")));
  dialog = kt_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (kt_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY)),
                         "Цената");
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (dialog), _("Mark as _Lost")));
  kt_ui_iterate (100);
  lost = load_deal (fixture, LONG_TITLE);
  g_assert_cmpstr (kt_record_get_string (lost, "status"), ==, "lost");
  g_assert_cmpstr (kt_record_get_string (lost, "lost_reason"), ==, "Цената");
  wait_for_button (detail, _("_Reopen"));
  g_assert_true (kt_ui_has_label (detail, "Цената"));
  g_assert_true (kt_ui_has_label (detail, _("Reason lost")));
  g_assert_nonnull (wait_for_button (window, _("_Undo")));
}

/* Delete is the pane's last button, below Won and Lost; it closes the
 * pane and the board offers Undo. */
static void
test_delete (KtUiFixture   *fixture,
             gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  GtkWidget *detail = open_by_click (board);
  GtkWidget *won = kt_ui_find_button (detail, _("_Won"));
  GtkWidget *delete = kt_ui_find_button (detail, _("_Delete Deal"));
  graphene_rect_t won_bounds, delete_bounds;
  GtkScrolledWindow *scroller;

  g_assert_nonnull (won);
  g_assert_nonnull (delete);
  g_assert_true (gtk_widget_has_css_class (delete, "destructive-action"));
  g_assert_true (gtk_widget_compute_bounds (won, detail, &won_bounds));
  g_assert_true (gtk_widget_compute_bounds (delete, detail, &delete_bounds));
  g_assert_cmpfloat (delete_bounds.origin.y, >, won_bounds.origin.y + won_bounds.size.height + 200);

  scroller = GTK_SCROLLED_WINDOW (kt_ui_find_widget (detail, GTK_TYPE_SCROLLED_WINDOW));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller),
                            gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (scroller)));
  kt_ui_iterate (100);
  kt_ui_wait_for_frame (detail);
  kt_ui_click (delete);
  kt_ui_iterate (300);
  g_assert_false (kt_deal_board_get_detail_shown (board));
  g_assert_null (find_card (GTK_WIDGET (board), LONG_TITLE));
  kt_ui_click (wait_for_button (GTK_WIDGET (fixture->window), _("_Undo")));
  kt_ui_iterate (300);
  g_assert_nonnull (find_card (GTK_WIDGET (board), LONG_TITLE));

  /* The Delete key in the pane deletes the deal it shows; Ctrl+Z brings
   * it back. */
  detail = open_by_click (board);
  kt_ui_send_keys (detail, "Delete");
  kt_ui_iterate (300);
  g_assert_false (kt_deal_board_get_detail_shown (board));
  g_assert_null (find_card (GTK_WIDGET (board), LONG_TITLE));
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>z");
  kt_ui_iterate (300);
  g_assert_nonnull (find_card (GTK_WIDGET (board), LONG_TITLE));
}

/* A deal of another pipeline, opened from elsewhere (win.show-record, as
 * a contact's deals do), brings its pipeline onto the board with its
 * card; choosing another pipeline closes its detail. */
static void
test_other_pipeline (KtUiFixture   *fixture,
                     gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  g_autofree char *first_pipeline = g_strdup (kt_deal_board_get_pipeline_id (board));
  g_autoptr(KtRecord) reseller = load_deal (fixture, "Reseller agreement");
  GtkWidget *detail;

  g_assert_null (find_card (GTK_WIDGET (board), "Reseller agreement"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-record", "(ss)",
                                             "deal", RESELLER_ID));
  detail = kt_ui_wait_for_deal_detail (GTK_WIDGET (board));
  g_assert_cmpstr (kt_deal_detail_get_deal_id (KT_DEAL_DETAIL (detail)), ==, RESELLER_ID);
  g_assert_cmpstr (kt_deal_board_get_pipeline_id (board), ==, kt_record_get_string (reseller, "pipeline_id"));
  kt_ui_iterate (200);
  g_assert_nonnull (find_card (GTK_WIDGET (board), "Reseller agreement"));
  g_assert_cmpuint (kt_board_column_get_selected (g_ptr_array_index (kt_deal_board_get_columns (board), 0)), ==, 0);
  /* The keyboard is in the detail, not on the card. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), detail));

  kt_deal_board_set_pipeline_id (board, first_pipeline);
  kt_ui_iterate (200);
  g_assert_false (kt_deal_board_get_detail_shown (board));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/deal-pane/open-focus-escape", KtUiFixture, fill,
              kt_ui_fixture_setup, test_open_focus_escape, kt_ui_fixture_teardown);
  g_test_add ("/ui/deal-pane/no-empty-rows", KtUiFixture, fill,
              kt_ui_fixture_setup, test_no_empty_rows, kt_ui_fixture_teardown);
  g_test_add ("/ui/deal-pane/won-lost-reopen", KtUiFixture, fill,
              kt_ui_fixture_setup, test_won_lost_reopen, kt_ui_fixture_teardown);
  g_test_add ("/ui/deal-pane/delete", KtUiFixture, fill,
              kt_ui_fixture_setup, test_delete, kt_ui_fixture_teardown);
  g_test_add ("/ui/deal-pane/other-pipeline", KtUiFixture, fill,
              kt_ui_fixture_setup, test_other_pipeline, kt_ui_fixture_teardown);

  return g_test_run ();
}
