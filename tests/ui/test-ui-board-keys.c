/* test-ui-board-keys.c: the deals board by keyboard, its marks and a drag
 *
 * Real X key events move the card that has the keyboard focus (selected
 * or not) and keep it focused and selected after the move and after its
 * column reloads; Escape clears the Deals search; the shortcuts window
 * lists the board's keys; overdue and rotting deals are marked and
 * filtered; a real pointer drag survives the columns being rebuilt under
 * it (UI tests run with fatal criticals).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "kt-board-column.h"
#include "kt-deal-board.h"
#include "kt-deal-card.h"
#include "kt-format.h"
#include "kt-pipelines.h"
#include "kt-ui-test.h"

/* Lead, Qualified, Proposal, Negotiation, Won, Lost. */
enum { LEAD, QUALIFIED, PROPOSAL };

typedef struct
{
  guint       stage;
  const char *title;
  const char *close_date;        /* NULL: none */
  int         days_in_stage;     /* how long ago the deal entered it */
} DealSpec;

static const DealSpec board_deals[] = {
  { LEAD, "Alpha", "2099-01-10", 1 },
  { LEAD, "Bravo", "2099-01-10", 1 },
  { LEAD, "Charlie", "2020-03-01", 1 },        /* overdue */
  { QUALIFIED, "Delta", NULL, 90 },            /* rotting: Qualified rots after 30 days */
  { QUALIFIED, "Echo", "2099-01-10", 2 },
};

static GPtrArray *
load_stages (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  GPtrArray *stages;

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  pipelines = kt_pipelines_load (store, &error);
  g_assert_no_error (error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)),
                                     &error);
  g_assert_no_error (error);
  return stages;
}

static void
add_deal (KtStore        *store,
          GPtrArray      *stages,
          const DealSpec *spec,
          gint64          position)
{
  KtRecord *stage = g_ptr_array_index (stages, spec->stage);
  g_autoptr(KtRecord) deal = kt_record_new (KT_ENTITY_DEAL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) entered = g_date_time_add_days (now, -spec->days_in_stage);
  g_autofree char *entered_iso = g_date_time_format (entered, "%Y-%m-%dT%H:%M:%S.000Z");
  g_autoptr(GError) error = NULL;

  kt_record_set_string (deal, "title", spec->title);
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_int (deal, "value", 100000);
  kt_record_set_string (deal, "currency", "EUR");
  kt_record_set_int (deal, "position", position);
  kt_record_set_string (deal, "stage_changed_at", entered_iso);
  if (spec->close_date != NULL)
    kt_record_set_string (deal, "expected_close_date", spec->close_date);
  g_assert_true (kt_store_save (store, deal, &error));
  g_assert_no_error (error);
}

static void
fill_board (KtStore *store)
{
  g_autoptr(GPtrArray) stages = load_stages (store);
  KtRecord *qualified = g_ptr_array_index (stages, QUALIFIED);
  g_autoptr(GError) error = NULL;

  kt_record_set_int (qualified, "rotting_days", 30);
  g_assert_true (kt_store_save (store, qualified, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (board_deals); i++)
    add_deal (store, stages, &board_deals[i], (gint64) (i + 1) * 1024);
}

static KtStore *
app_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_application_get_context (fixture->app));
}

static KtDealBoard *
open_board (KtUiFixture *fixture)
{
  GtkWidget *pane;

  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  kt_ui_iterate (400);
  pane = kt_window_get_pane (fixture->window, "deals");
  g_assert_true (KT_IS_DEAL_BOARD (pane));
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  return KT_DEAL_BOARD (pane);
}

static KtBoardColumn *
board_column (KtDealBoard *board,
              guint        index)
{
  GPtrArray *columns = kt_deal_board_get_columns (board);

  g_assert_cmpuint (index, <, columns->len);
  return g_ptr_array_index (columns, index);
}

/* The title of the deal at @position of @column. */
static char *
dup_title_at (KtBoardColumn *column,
              guint          position)
{
  g_autoptr(KtRecord) deal = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  deal = g_list_model_get_item (kt_board_column_get_model (column), position);
  return deal != NULL ? g_strdup (kt_record_get_string (deal, "title")) : NULL;
}

/* The card showing @title under @root, mapped. */
static KtDealCard *
card_titled (GtkWidget  *root,
             const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KtDealCard *found;
      KtRecord *deal;

      if (KT_IS_DEAL_CARD (child) && gtk_widget_get_mapped (child) &&
          (deal = kt_deal_card_get_deal (KT_DEAL_CARD (child))) != NULL &&
          g_strcmp0 (kt_record_get_string (deal, "title"), title) == 0)
        return KT_DEAL_CARD (child);
      if ((found = card_titled (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static char *
dup_stage_of (KtUiFixture *fixture,
              const char  *title)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_DEAL);
  g_autoptr(GPtrArray) deals = NULL;
  g_autoptr(GError) error = NULL;

  kt_query_add_filter (query, "title", title);
  deals = kt_store_query (app_store (fixture), query, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deals->len, ==, 1);
  return g_strdup (kt_record_get_string (g_ptr_array_index (deals, 0), "stage_id"));
}

/* @title is the selected card of @column and has the keyboard focus. */
static void
assert_focused_and_selected (KtBoardColumn *column,
                             const char    *title)
{
  g_autofree char *selected = dup_title_at (column, kt_board_column_get_selected (column));
  g_autofree char *focused = dup_title_at (column, kt_board_column_get_focused_position (column));

  g_assert_cmpstr (selected, ==, title);
  g_assert_cmpstr (focused, ==, title);
}

static void
test_move_focused_card (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  KtDealBoard *board = open_board (fixture);
  KtBoardColumn *lead = board_column (board, LEAD);
  KtBoardColumn *qualified = board_column (board, QUALIFIED);
  KtBoardColumn *proposal = board_column (board, PROPOSAL);
  KtDealCard *bravo = card_titled (GTK_WIDGET (lead), "Bravo");
  g_autofree char *stage = NULL;

  /* Tab puts the focus on a card without selecting it: so here. */
  g_assert_nonnull (bravo);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (bravo))));
  kt_ui_iterate (20);
  g_assert_cmpuint (kt_board_column_get_selected (lead), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (kt_board_column_get_focused_position (lead), ==, 1);

  /* Ctrl+Right moves it at once, and it stays focused and selected. */
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>Right");
  kt_ui_iterate (100);
  stage = dup_stage_of (fixture, "Bravo");
  g_assert_cmpstr (stage, ==, kt_board_column_get_stage_id (qualified));
  assert_focused_and_selected (qualified, "Bravo");
  g_assert_cmpuint (kt_board_column_get_selected (lead), ==, GTK_INVALID_LIST_POSITION);

  /* A change arriving from elsewhere (sync) reloads the column whole:
   * the card keeps the focus and the selection. */
  {
    g_autoptr(GPtrArray) stages = load_stages (app_store (fixture));
    const DealSpec foxtrot = { QUALIFIED, "Foxtrot", NULL, 0 };

    add_deal (app_store (fixture), stages, &foxtrot, 1);
  }
  kt_ui_iterate (100);
  g_assert_cmpuint (g_list_model_get_n_items (kt_board_column_get_model (qualified)), ==, 4);
  assert_focused_and_selected (qualified, "Bravo");

  /* So the next keys go on moving it: down, then right, then back. */
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>Down");
  kt_ui_iterate (100);
  assert_focused_and_selected (qualified, "Bravo");
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>Right");
  kt_ui_iterate (100);
  g_clear_pointer (&stage, g_free);
  stage = dup_stage_of (fixture, "Bravo");
  g_assert_cmpstr (stage, ==, kt_board_column_get_stage_id (proposal));
  assert_focused_and_selected (proposal, "Bravo");
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>Left");
  kt_ui_iterate (100);
  assert_focused_and_selected (qualified, "Bravo");
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "board-keyboard-move"));
}

static void
test_escape_clears_search (KtUiFixture   *fixture,
                           gconstpointer  data)
{
  KtDealBoard *board = open_board (fixture);
  KtBoardColumn *lead = board_column (board, LEAD);
  GtkWidget *entry;

  /* Ctrl+F, as in Contacts, then a search that keeps one deal. */
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>f");
  entry = gtk_widget_get_ancestor (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (board))),
                                   GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_ancestor (entry, GTK_WIDGET (board)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "charl");
  kt_ui_iterate (400);
  g_assert_cmpuint (g_list_model_get_n_items (kt_board_column_get_model (lead)), ==, 1);

  kt_ui_send_keys (entry, "Escape");
  kt_ui_iterate (400);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (kt_board_column_get_model (lead)), ==, 3);
}

/* Every accelerator the shortcuts window lists, space-separated. */
static void
collect_accels (GtkWidget *root,
                GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SHORTCUTS_SHORTCUT (child))
        {
          g_autofree char *accel = NULL;

          g_object_get (child, "accelerator", &accel, NULL);
          g_string_append_printf (out, " %s ", accel != NULL ? accel : "");
        }
      collect_accels (child, out);
    }
}

static void
test_shortcuts_window (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  static const char * const board_keys[] = {
    "space", "<Primary>Left", "<Primary>Right", "<Primary>Up", "<Primary>Down",
    "Return", "Escape",
  };
  g_autoptr(GString) accels = g_string_new (NULL);
  GtkWindow *help;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-help-overlay", NULL));
  kt_ui_iterate (200);
  help = kt_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (help);
  collect_accels (GTK_WIDGET (help), accels);
  for (guint i = 0; i < G_N_ELEMENTS (board_keys); i++)
    {
      g_autofree char *key = g_strdup_printf (" %s ", board_keys[i]);

      if (strstr (accels->str, key) == NULL)
        g_error ("the shortcuts window does not list %s:%s", board_keys[i], accels->str);
    }
  g_object_set (help, "section-name", "deals", NULL);
  kt_ui_iterate (100);
  g_free (kt_ui_screenshot (GTK_WIDGET (help), "shortcuts-board"));
  gtk_window_destroy (help);
}

/* The centre of @widget on the X screen. */
static void
screen_point (GtkWidget *widget,
              int       *out_x,
              int       *out_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0f,
                                                 gtk_widget_get_height (widget) / 2.0f);
  graphene_point_t point;
  double dx, dy;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &centre, &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  XTranslateCoordinates (display, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (display), (int) (point.x + dx), (int) (point.y + dy),
                         out_x, out_y, &child);
}

/* Moves the X pointer to @x,@y in a few steps, as a hand does. */
static void
glide_pointer (Display *display,
               int      from_x,
               int      from_y,
               int      x,
               int      y)
{
  for (int step = 1; step <= 8; step++)
    {
      XTestFakeMotionEvent (display, -1, from_x + (x - from_x) * step / 8,
                            from_y + (y - from_y) * step / 8, CurrentTime);
      XSync (display, False);
      kt_ui_iterate (30);
    }
}

static gboolean
any_card_dragging (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((KT_IS_DEAL_CARD (child) && gtk_widget_has_css_class (child, "dragging")) ||
        any_card_dragging (child))
      return TRUE;
  return FALSE;
}

/* Drags the card @title to the column @to with the real X pointer and
 * drops it there; with @rebuild, a sync change rebuilds every column
 * while the card is over @to, so the card being dragged and the column
 * under the pointer are destroyed and made anew mid-drag. */
static void
drag_card (KtUiFixture *fixture,
           KtDealBoard *board,
           const char  *title,
           guint        to,
           gboolean     rebuild)
{
  KtDealCard *card = card_titled (GTK_WIDGET (board), title);
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (board)));
  int x0, y0, x1, y1;

  g_assert_nonnull (card);
  g_object_add_weak_pointer (G_OBJECT (card), (gpointer *) &card);
  /* The window has the pointer and the keyboard (no window manager). */
  kt_ui_send_keys (GTK_WIDGET (board), "Shift_L");
  screen_point (GTK_WIDGET (card), &x0, &y0);
  screen_point (GTK_WIDGET (board_column (board, to)), &x1, &y1);

  XTestFakeMotionEvent (display, -1, x0, y0, CurrentTime);
  XSync (display, False);
  kt_ui_iterate (50);
  XTestFakeButtonEvent (display, 1, True, CurrentTime);
  XSync (display, False);
  kt_ui_iterate (50);
  glide_pointer (display, x0, y0, x0 + 30, y0 + 10);
  glide_pointer (display, x0 + 30, y0 + 10, x1, y1);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (card), "dragging"));

  if (rebuild)
    {
      g_autoptr(GPtrArray) stages = load_stages (app_store (fixture));
      KtRecord *stage = g_ptr_array_index (stages, to);
      g_autofree char *name = g_strconcat (kt_record_get_string (stage, "name"), " (renamed)", NULL);
      g_autoptr(GError) error = NULL;

      /* A stage renamed elsewhere: the board rebuilds its columns. */
      kt_record_set_string (stage, "name", name);
      g_assert_true (kt_store_save (app_store (fixture), stage, &error));
      g_assert_no_error (error);
      kt_ui_iterate (100);
      g_assert_null (card);
      g_assert_true (kt_ui_has_label (GTK_WIDGET (board), name));
      screen_point (GTK_WIDGET (board_column (board, to)), &x1, &y1);
      glide_pointer (display, x1, y1 - 20, x1, y1);
    }

  XTestFakeButtonEvent (display, 1, False, CurrentTime);
  XSync (display, False);
  kt_ui_iterate (300);
  if (card != NULL)
    g_object_remove_weak_pointer (G_OBJECT (card), (gpointer *) &card);
}

/* The drop reloads the column the card left, which destroys the card's
 * row before GTK ends the drag: "invalid unclassed pointer in cast to
 * GtkWidget" and a gtk_widget_remove_css_class() assertion, fatal here. */
static void
test_drag_between_columns (KtUiFixture   *fixture,
                           gconstpointer  data)
{
  KtDealBoard *board = open_board (fixture);
  g_autofree char *stage = NULL;

  drag_card (fixture, board, "Alpha", QUALIFIED, FALSE);
  stage = dup_stage_of (fixture, "Alpha");
  g_assert_cmpstr (stage, ==, kt_board_column_get_stage_id (board_column (board, QUALIFIED)));
  g_assert_false (any_card_dragging (GTK_WIDGET (board)));

  /* Again, with the columns rebuilt under the pointer mid-drag. */
  drag_card (fixture, board, "Bravo", PROPOSAL, TRUE);
  g_clear_pointer (&stage, g_free);
  stage = dup_stage_of (fixture, "Bravo");
  g_assert_cmpstr (stage, ==, kt_board_column_get_stage_id (board_column (board, PROPOSAL)));
  g_assert_cmpuint (kt_deal_board_get_columns (board)->len, ==, 6);
  g_assert_false (any_card_dragging (GTK_WIDGET (board)));
}

static guint
n_cards (KtBoardColumn *column)
{
  return g_list_model_get_n_items (kt_board_column_get_model (column));
}

static GtkWidget *
attention_dropdown (KtDealBoard *board)
{
  GtkWidget *dropdown = NULL;

  for (GtkWidget *w = kt_ui_find_widget (GTK_WIDGET (board), GTK_TYPE_DROP_DOWN); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_DROP_DOWN (w) &&
        g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (w))) == 3)
      {
        GtkStringObject *first = g_list_model_get_item (gtk_drop_down_get_model (GTK_DROP_DOWN (w)), 0);

        if (g_strcmp0 (gtk_string_object_get_string (first), C_("deal filter", "All Deals")) == 0)
          dropdown = w;
        g_object_unref (first);
      }
  g_assert_nonnull (dropdown);
  return dropdown;
}

/* The popover of @dropdown, which must be open. */
static GtkWidget *
open_popover (GtkWidget *dropdown)
{
  GtkWidget *popover = kt_ui_find_widget (dropdown, GTK_TYPE_POPOVER);

  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_mapped (popover));
  kt_ui_wait_for_frame (popover);
  return popover;
}

/* Opens the "All Deals" dropdown from the keyboard and picks the row
 * @downs below the one selected, as a person does after tabbing to it.
 * The keys go to the list in the dropdown's popover, a surface of its
 * own, and the harness waits until that surface got each one. */
static void
pick_attention (KtDealBoard *board,
                guint        downs)
{
  GtkWidget *dropdown = attention_dropdown (board);
  GtkWidget *popover;
  GtkWidget *list;

  g_assert_true (gtk_widget_grab_focus (dropdown));
  kt_ui_send_keys (dropdown, "space");
  kt_ui_iterate (200);
  popover = open_popover (dropdown);
  list = kt_ui_find_widget (popover, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);
  for (guint i = 0; i < downs; i++)
    kt_ui_send_keys (list, "Down");
  kt_ui_send_keys (list, "Return");
  kt_ui_iterate (200);
  g_assert_false (gtk_widget_get_visible (popover));
}

/* The same by the pointer: a click on the dropdown, one on @label. */
static void
click_attention (KtDealBoard *board,
                 const char  *label)
{
  GtkWidget *dropdown = attention_dropdown (board);
  GtkWidget *popover;
  GtkWidget *row;

  kt_ui_click (dropdown);
  kt_ui_iterate (200);
  popover = open_popover (dropdown);
  row = kt_ui_find_label (popover, label);
  g_assert_nonnull (row);
  kt_ui_click (row);
  kt_ui_iterate (200);
  g_assert_false (gtk_widget_get_visible (popover));
}

static void
test_overdue_and_stale (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  KtDealBoard *board = open_board (fixture);
  KtBoardColumn *lead = board_column (board, LEAD);
  KtBoardColumn *qualified = board_column (board, QUALIFIED);
  KtDealCard *charlie = card_titled (GTK_WIDGET (board), "Charlie");
  KtDealCard *alpha = card_titled (GTK_WIDGET (board), "Alpha");
  KtDealCard *delta = card_titled (GTK_WIDGET (board), "Delta");
  KtDealCard *echo = card_titled (GTK_WIDGET (board), "Echo");

  /* The marks: the date line or a badge, a style class, the accessible
   * name's words. */
  g_assert_true (kt_deal_card_get_overdue (charlie));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (charlie), "overdue"));
  {
    g_autofree char *date = kt_format_date_string ("2020-03-01");
    g_autofree char *since = g_strdup_printf (_("Overdue since %s"), date);

    g_assert_true (kt_ui_has_label (GTK_WIDGET (charlie), since));
  }
  g_assert_false (kt_deal_card_get_stale (charlie));
  g_assert_false (kt_deal_card_get_overdue (alpha));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (alpha), "overdue"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (alpha), "stale"));
  g_assert_true (kt_deal_card_get_stale (delta));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (delta), "stale"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (delta), _("Stale")));
  g_assert_false (kt_deal_card_get_stale (echo));
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "board-overdue-stale"));

  /* Overdue, picked by keyboard: the lists and the column totals. */
  pick_attention (board, 1);
  g_assert_cmpstr (kt_deal_board_get_attention (board), ==, "overdue");
  g_assert_cmpuint (n_cards (lead), ==, 1);
  g_assert_cmpint (kt_board_column_get_count (lead), ==, 1);
  g_assert_cmpuint (n_cards (qualified), ==, 0);
  g_assert_cmpint (kt_board_column_get_count (qualified), ==, 0);
  g_assert_nonnull (card_titled (GTK_WIDGET (board), "Charlie"));
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "board-filter-overdue"));

  /* Stale: the stage's rotting period, 30 days in Qualified; picked by
   * the pointer. */
  click_attention (board, C_("deal filter", "Stale"));
  g_assert_cmpstr (kt_deal_board_get_attention (board), ==, "stale");
  g_assert_cmpuint (n_cards (lead), ==, 0);
  g_assert_cmpint (kt_board_column_get_count (lead), ==, 0);
  g_assert_cmpuint (n_cards (qualified), ==, 1);
  g_assert_cmpint (kt_board_column_get_count (qualified), ==, 1);
  g_assert_nonnull (card_titled (GTK_WIDGET (board), "Delta"));

  kt_deal_board_set_attention (board, NULL);
  kt_ui_iterate (50);
  g_assert_cmpuint (n_cards (lead), ==, 3);
  g_assert_cmpint (kt_board_column_get_count (qualified), ==, 2);
}

/* Delete acts on the focused card too, selected or not, with Undo. */
static void
test_delete_focused_card (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  KtDealBoard *board = open_board (fixture);
  KtBoardColumn *lead = board_column (board, LEAD);
  KtDealCard *alpha = card_titled (GTK_WIDGET (lead), "Alpha");

  g_assert_nonnull (alpha);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (alpha))));
  kt_ui_iterate (20);
  g_assert_cmpuint (kt_board_column_get_selected (lead), ==, GTK_INVALID_LIST_POSITION);
  kt_ui_send_keys (GTK_WIDGET (board), "Delete");
  kt_ui_iterate (100);
  g_assert_cmpuint (n_cards (lead), ==, 2);
  g_assert_null (card_titled (GTK_WIDGET (lead), "Alpha"));

  kt_ui_send_keys (GTK_WIDGET (board), "<Control>z");
  kt_ui_iterate (100);
  g_assert_cmpuint (n_cards (lead), ==, 3);
}

/* Stale on a pipeline whose stages never rot says why the board is empty
 * and offers the pipeline editor, where a period is set. */
static void
test_stale_without_rotting (KtUiFixture   *fixture,
                            gconstpointer  data)
{
  KtDealBoard *board = open_board (fixture);

  kt_deal_board_set_attention (board, "stale");
  kt_ui_iterate (200);
  g_assert_cmpuint (n_cards (board_column (board, QUALIFIED)), ==, 0);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (fixture->window),
                                  _("No stage of this pipeline has a rotting period yet")));
}

static void
fill_board_never_rotting (KtStore *store)
{
  g_autoptr(GPtrArray) stages = load_stages (store);

  for (guint i = 0; i < G_N_ELEMENTS (board_deals); i++)
    add_deal (store, stages, &board_deals[i], (gint64) (i + 1) * 1024);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/board-keys/move-focused-card", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_move_focused_card, kt_ui_fixture_teardown);
  g_test_add ("/ui/board-keys/delete-focused-card", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_delete_focused_card, kt_ui_fixture_teardown);
  g_test_add ("/ui/board-keys/escape-clears-search", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_escape_clears_search, kt_ui_fixture_teardown);
  g_test_add ("/ui/board-keys/shortcuts-window", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_shortcuts_window, kt_ui_fixture_teardown);

  g_test_add ("/ui/board-keys/overdue-and-stale", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_overdue_and_stale, kt_ui_fixture_teardown);
  g_test_add ("/ui/board-keys/stale-without-rotting", KtUiFixture, fill_board_never_rotting,
              kt_ui_fixture_setup, test_stale_without_rotting, kt_ui_fixture_teardown);
  g_test_add ("/ui/board-keys/drag-between-columns", KtUiFixture, fill_board,
              kt_ui_fixture_setup, test_drag_between_columns, kt_ui_fixture_teardown);

  return g_test_run ();
}
