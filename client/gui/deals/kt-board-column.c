/* kt-board-column.c: one stage of the board, a lazy list of deal cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-board-column"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-board-column.h"
#include "kt-column-model.h"
#include "kt-date.h"
#include "kt-format.h"
#include "kt-record-list.h"

struct _KtBoardColumn
{
  GtkWidget           parent_instance;

  KtStore            *store;
  KtRecord           *stage;
  char               *status;
  KtRecordList       *deals;
  KtColumnModel      *model;
  GtkSingleSelection *selection;
  KtDealDescribeFunc  describe;
  gpointer            describe_data;
  gint64              count;
  int                 drop_slot;   /* where a dragged card would land; -1: no drag */
  guint               grow_tick;   /* growing the model a frame at a time; 0: not */
  guint               grow_frames;

  /* The deal the selection follows across reloads (a move, a sync
   * change): its id, where it was last seen, whether the keyboard focus
   * goes back to it, and the idle that selects it again. */
  char               *follow_id;
  guint               follow_hint;
  gboolean            follow_focus;
  gboolean            in_change;
  guint               follow_idle;

  GtkWidget          *header;
  GtkLabel           *name_label;
  GtkLabel           *count_label;
  GtkWidget          *add_button;
  GtkLabel           *sum_label;
  GtkLabel           *forecast_label;
  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (KtBoardColumn, kt_board_column, GTK_TYPE_WIDGET)

#define POSITION_KEY "kt-board-position"
#define LIST_ITEM_KEY "kt-board-list-item"

/* How far from where the followed deal was last seen a reload looks for
 * it: the rows around a focused card, never the whole of a long column. */
#define FOLLOW_WINDOW 64

/* A long column shows this many deals in its first frame (more than a
 * tall screen holds), then GROW_STEP more each frame until GTK 4.8's list
 * view has made all its rows, then all of them: the board's first frame
 * builds a few cards per column instead of 200, and the rest of the cards
 * are made a few frames later, never in one long frame. */
#define FIRST_DEALS 30
#define GROW_STEP   10

/* The columns of a window take turns to grow, one a frame: six long
 * columns growing together made 240 cards a frame, 100 ms and more on
 * this machine, where one column's step is a few milliseconds. The frame
 * clock remembers which frame a column last grew in. */
#define GROWN_FRAME_KEY "kt-board-grown-frame"

static gboolean
grow_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  KtBoardColumn *self = user_data;
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);
  gint64 *grown = g_object_get_data (G_OBJECT (clock), GROWN_FRAME_KEY);

  /* The first tick comes before the first frame is painted. */
  if (self->grow_frames++ == 0)
    return G_SOURCE_CONTINUE;
  if (grown == NULL)
    {
      grown = g_new0 (gint64, 1);
      *grown = -1;
      g_object_set_data_full (G_OBJECT (clock), GROWN_FRAME_KEY, grown, g_free);
    }
  if (*grown == frame)
    return G_SOURCE_CONTINUE;
  *grown = frame;
  if (!kt_column_model_grow (self->model, GROW_STEP))
    return G_SOURCE_CONTINUE;
  self->grow_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
stop_growing (KtBoardColumn *self)
{
  if (self->grow_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->grow_tick);
  self->grow_tick = 0;
}

/* Every deal, for anything but the list view itself. */
static GListModel *
full_model (KtBoardColumn *self)
{
  if (kt_column_model_is_limited (self->model))
    {
      stop_growing (self);
      kt_column_model_grow (self->model, G_MAXUINT);
    }
  return G_LIST_MODEL (self->model);
}

/* The time before which a deal entered this stage to be stale at
 * @stale_at, written as the deals' times are (kt_iso_from_unix_ms), so
 * the store compares them as text. A stage that never rots gets "",
 * which no time sorts before. */
static char *
stale_cutoff (KtBoardColumn *self,
              const char    *stale_at)
{
  gint64 days = kt_record_get_int (self->stage, "rotting_days");
  gint64 at_ms;

  if (days <= 0 || !kt_datetime_parse (stale_at, &at_ms))
    return g_strdup ("");
  return kt_iso_from_unix_ms (at_ms - days * 86400000);
}

static KtQuery *
make_query (KtBoardColumn      *self,
            const KtDealFilter *filter)
{
  KtQuery *query = kt_query_new (kt_entity_lookup ("deal"));

  kt_query_add_filter (query, "stage_id", kt_record_get_id (self->stage));
  kt_query_add_filter (query, "status", self->status);
  if (filter != NULL && filter->owner_id != NULL)
    kt_query_add_filter (query, "owner_id", filter->owner_id);
  if (filter != NULL && filter->search != NULL && *filter->search != '\0')
    kt_query_set_search (query, filter->search);
  /* Only open deals are overdue or stale: in a won or lost column the
   * second status filter keeps nothing. */
  if (filter != NULL && (filter->overdue_before != NULL || filter->stale_at != NULL) &&
      g_strcmp0 (self->status, "open") != 0)
    kt_query_add_filter (query, "status", "open");
  if (filter != NULL && filter->overdue_before != NULL)
    kt_query_add_filter_before (query, "expected_close_date", filter->overdue_before);
  if (filter != NULL && filter->stale_at != NULL)
    {
      g_autofree char *cutoff = stale_cutoff (self, filter->stale_at);

      kt_query_add_filter_before (query, "stage_changed_at", cutoff);
    }
  kt_query_set_sort (query, "position", FALSE);
  return query;
}

static void update_summary (KtBoardColumn *self);

/* The header's count is the column's own list's, known as soon as the
 * list is (one COUNT over the board's index), and right after every
 * change; the sums come later from the board (kt_board_column_set_totals). */
static void
update_count (KtBoardColumn *self)
{
  g_autofree char *count = NULL;

  self->count = g_list_model_get_n_items (G_LIST_MODEL (self->deals));
  count = kt_format_number (self->count);
  gtk_label_set_label (self->count_label, count);
  update_summary (self);
}

static void
on_deals_n_items_cb (KtRecordList  *deals,
                     GParamSpec    *pspec,
                     KtBoardColumn *self)
{
  update_count (self);
}

static void
open_deal (KtBoardColumn *self,
           KtRecord      *deal)
{
  if (deal != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "board.open-deal", "s",
                                kt_record_get_id (deal));
}

static void
on_card_clicked_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    KtBoardColumn   *self)
{
  GtkWidget *card = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  if (n_press == 1)
    open_deal (self, kt_deal_card_get_deal (KT_DEAL_CARD (card)));
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             KtBoardColumn            *self)
{
  GtkWidget *card = kt_deal_card_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_card_clicked_cb), self, 0);
  gtk_widget_add_controller (card, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (item, card);
  /* The row owns both: the card never outlives its list item. */
  g_object_set_data (G_OBJECT (card), LIST_ITEM_KEY, item);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            KtBoardColumn            *self)
{
  GtkWidget *card = gtk_list_item_get_child (item);
  KtRecord *deal = gtk_list_item_get_item (item);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  KtDealCardInfo info = { NULL, NULL, 0 };

  if (self->describe != NULL && deal != NULL)
    self->describe (deal, &info, owned, self->describe_data);
  if (self->stage != NULL)
    info.rotting_days = (guint) MAX (kt_record_get_int (self->stage, "rotting_days"), 0);
  kt_deal_card_set_deal (KT_DEAL_CARD (card), deal, &info);
  g_object_set_data (G_OBJECT (card), POSITION_KEY,
                     GUINT_TO_POINTER (gtk_list_item_get_position (item) + 1));
}

static void
on_unbind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KtBoardColumn            *self)
{
  GtkWidget *card = gtk_list_item_get_child (item);

  kt_deal_card_set_deal (KT_DEAL_CARD (card), NULL, NULL);
  g_object_set_data (G_OBJECT (card), POSITION_KEY, NULL);
}

static void
on_list_activate_cb (GtkListView   *list_view,
                     guint          position,
                     KtBoardColumn *self)
{
  g_autoptr(KtRecord) deal = g_list_model_get_item (full_model (self), position);

  open_deal (self, deal);
}

/* The position of @deal_id within FOLLOW_WINDOW of @hint, or
 * GTK_INVALID_LIST_POSITION. Reads only the pages around @hint. */
static guint
find_near (KtBoardColumn *self,
           const char    *deal_id,
           guint          hint)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint n = g_list_model_get_n_items (model);

  if (n == 0)
    return GTK_INVALID_LIST_POSITION;
  hint = MIN (hint, n - 1);
  for (guint distance = 0; distance <= FOLLOW_WINDOW; distance++)
    {
      guint candidates[2] = { GTK_INVALID_LIST_POSITION, GTK_INVALID_LIST_POSITION };

      if (hint >= distance)
        candidates[0] = hint - distance;
      if (distance > 0 && hint + distance < n)
        candidates[1] = hint + distance;
      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autoptr(KtRecord) deal = NULL;

          if (candidates[i] == GTK_INVALID_LIST_POSITION)
            continue;
          deal = g_list_model_get_item (model, candidates[i]);
          if (deal != NULL && g_strcmp0 (kt_record_get_id (deal), deal_id) == 0)
            return candidates[i];
        }
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The list view's row showing the deal at @position, if it has one. */
static GtkWidget *
row_at (KtBoardColumn *self,
        guint          position)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);
      GtkListItem *item = card != NULL && KT_IS_DEAL_CARD (card)
        ? g_object_get_data (G_OBJECT (card), LIST_ITEM_KEY) : NULL;

      if (item != NULL && gtk_list_item_get_item (item) != NULL &&
          gtk_list_item_get_position (item) == position)
        return row;
    }
  return NULL;
}

/* The card holding the keyboard focus, if any. */
static KtDealCard *
focused_card (KtBoardColumn *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* The focus is on a row of the list view (or inside one). */
  for (; focus != NULL; focus = gtk_widget_get_parent (focus))
    if (gtk_widget_get_parent (focus) == GTK_WIDGET (self->list_view))
      {
        GtkWidget *card = gtk_widget_get_first_child (focus);

        return card != NULL && KT_IS_DEAL_CARD (card) ? KT_DEAL_CARD (card) : NULL;
      }
  return NULL;
}

static gboolean
follow_idle_cb (gpointer data)
{
  KtBoardColumn *self = data;
  guint position;

  self->follow_idle = 0;
  if (self->follow_id == NULL)
    return G_SOURCE_REMOVE;
  position = find_near (self, self->follow_id, self->follow_hint);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* The deal left the column: nothing to select here any more. */
      g_clear_pointer (&self->follow_id, g_free);
      self->follow_focus = FALSE;
      return G_SOURCE_REMOVE;
    }
  self->follow_hint = position;
  if (self->follow_focus)
    {
      GtkWidget *row = row_at (self, position);

      kt_board_column_focus_position (self, position);
      /* GTK 4.8's list view gives its own focus to the row it last
       * tracked, which a reload forgot: the row itself takes it. */
      if (row != NULL)
        gtk_widget_grab_focus (row);
    }
  else if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  self->follow_focus = FALSE;
  return G_SOURCE_REMOVE;
}

static void
queue_follow (KtBoardColumn *self)
{
  if (self->follow_id != NULL && self->follow_idle == 0)
    self->follow_idle = g_idle_add (follow_idle_cb, self);
}

/* Before GTK hears of a change of the deals: the rows about to go may
 * hold the selection and the focus, which the list view drops with them
 * (a reload replaces every row), so remember to give them back. */
static void
on_model_changing_cb (GListModel    *model,
                      guint          position,
                      guint          removed,
                      guint          added,
                      KtBoardColumn *self)
{
  KtDealCard *card;
  KtRecord *focused;

  /* The card still shows its deal: the model may already be empty. */
  self->in_change = TRUE;
  if (self->follow_id != NULL && removed > 0 &&
      (card = focused_card (self)) != NULL &&
      (focused = kt_deal_card_get_deal (card)) != NULL &&
      g_strcmp0 (kt_record_get_id (focused), self->follow_id) == 0)
    self->follow_focus = TRUE;
}

static void
on_model_changed_cb (GListModel    *model,
                     guint          position,
                     guint          removed,
                     guint          added,
                     KtBoardColumn *self)
{
  self->in_change = FALSE;
  queue_follow (self);
}

/* The person's selection (Space, a click, Ctrl+arrows) is what the
 * column follows; a change of the deals only loses it for a moment. */
static void
on_selected_cb (GtkSingleSelection *selection,
                GParamSpec         *pspec,
                KtBoardColumn      *self)
{
  KtRecord *deal;

  if (self->in_change)
    return;
  deal = gtk_single_selection_get_selected_item (selection);
  g_free (self->follow_id);
  self->follow_id = deal != NULL ? g_strdup (kt_record_get_id (deal)) : NULL;
  self->follow_hint = gtk_single_selection_get_selected (selection);
}

/* The y, in the column's coordinates, of the line between the cards
 * around @slot: the middle of the gap, or just above the first card and
 * below the last. FALSE when no card around it is on screen. */
static gboolean
slot_line_y (KtBoardColumn *self,
             guint          slot,
             float         *out_y)
{
  GtkWidget *above = NULL, *below = NULL;
  graphene_rect_t bounds;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);
      guint position;

      if (card == NULL || !KT_IS_DEAL_CARD (card) || !gtk_widget_get_mapped (card) ||
          (position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (card), POSITION_KEY))) == 0)
        continue;
      if (position - 1 == slot)
        below = card;
      else if (position == slot)
        above = card;
    }

  if (above != NULL && below != NULL &&
      gtk_widget_compute_bounds (above, GTK_WIDGET (self), &bounds))
    {
      graphene_rect_t next;

      if (!gtk_widget_compute_bounds (below, GTK_WIDGET (self), &next))
        return FALSE;
      *out_y = (bounds.origin.y + bounds.size.height + next.origin.y) / 2;
      return TRUE;
    }
  if (below != NULL && gtk_widget_compute_bounds (below, GTK_WIDGET (self), &bounds))
    {
      *out_y = bounds.origin.y - 3;
      return TRUE;
    }
  if (above != NULL && gtk_widget_compute_bounds (above, GTK_WIDGET (self), &bounds))
    {
      *out_y = bounds.origin.y + bounds.size.height + 3;
      return TRUE;
    }
  /* An empty column: under its header. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0 &&
      gtk_widget_compute_bounds (GTK_WIDGET (self->scroller), GTK_WIDGET (self), &bounds))
    {
      *out_y = bounds.origin.y + 4;
      return TRUE;
    }
  return FALSE;
}

static void
set_drop_slot (KtBoardColumn *self,
               int            slot)
{
  if (self->drop_slot == slot)
    return;
  self->drop_slot = slot;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GdkDragAction
on_drop_motion_cb (GtkDropTarget *target,
                   double         x,
                   double         y,
                   KtBoardColumn *self)
{
  set_drop_slot (self, (int) kt_board_column_slot_at (self, x, y));
  return GDK_ACTION_MOVE;
}

static void
on_drop_leave_cb (GtkDropTarget *target,
                  KtBoardColumn *self)
{
  set_drop_slot (self, -1);
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            KtBoardColumn *self)
{
  KtRecord *deal;
  guint slot;
  graphene_point_t point;

  set_drop_slot (self, -1);
  if (!G_VALUE_HOLDS (value, KT_TYPE_RECORD))
    return FALSE;
  deal = g_value_get_object (value);
  if (deal == NULL || kt_record_get_entity (deal) != kt_entity_lookup ("deal"))
    return FALSE;

  if (!gtk_widget_compute_point (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)),
                                 GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (x, y);
  slot = kt_board_column_slot_at (self, point.x, point.y);

  /* The same action keyboard moves use: one code path writes the store. */
  gtk_widget_activate_action (GTK_WIDGET (self), "board.move-deal", "(ssi)",
                              kt_record_get_id (deal),
                              kt_record_get_id (self->stage),
                              (int) slot);
  return TRUE;
}

static void
kt_board_column_dispose (GObject *object)
{
  KtBoardColumn *self = KT_BOARD_COLUMN (object);
  GtkWidget *child;

  if (self->list_view != NULL)
    stop_growing (self);
  g_clear_handle_id (&self->follow_idle, g_source_remove);
  g_clear_pointer (&self->follow_id, g_free);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_BOARD_COLUMN);
  /* GTK 4.8 only drops the template children bound to fields; the
   * unbound top-level children are unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->deals != NULL)
    g_signal_handlers_disconnect_by_data (self->deals, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->deals);
  g_clear_object (&self->stage);
  g_clear_object (&self->store);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (kt_board_column_parent_class)->dispose (object);
}

/* The cards, then the insertion line where a dragged card would land. */
static void
kt_board_column_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  KtBoardColumn *self = KT_BOARD_COLUMN (widget);
  graphene_rect_t line;
  GdkRGBA color;

  GTK_WIDGET_CLASS (kt_board_column_parent_class)->snapshot (widget, snapshot);

  if (!kt_board_column_get_drop_line (self, &line))
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_bg_color", &color))
    gdk_rgba_parse (&color, "#3584e4");
  G_GNUC_END_IGNORE_DEPRECATIONS
  {
    GskRoundedRect rounded;

    gsk_rounded_rect_init_from_rect (&rounded, &line, line.size.height / 2);
    gtk_snapshot_push_rounded_clip (snapshot, &rounded);
    gtk_snapshot_append_color (snapshot, &color, &line);
    gtk_snapshot_pop (snapshot);
  }
}

static void
kt_board_column_class_init (KtBoardColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_board_column_dispose;
  widget_class->snapshot = kt_board_column_snapshot;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/deals/kt-board-column.ui");
  gtk_widget_class_bind_template_child (widget_class, KtBoardColumn, header);
  gtk_widget_class_bind_template_child (widget_class, KtBoardColumn, name_label);
  gtk_widget_class_bind_template_child (widget_class, KtBoardColumn, count_label);
  gtk_widget_class_bind_template_child (widget_class, KtBoardColumn, add_button);
  gtk_widget_class_bind_template_child (widget_class, KtBoardColumn, sum_label);
  gtk_widget_class_bind_template_child (widget_class, KtBoardColumn, forecast_label);
  gtk_widget_class_bind_template_child (widget_class, KtBoardColumn, scroller);
  gtk_widget_class_bind_template_child (widget_class, KtBoardColumn, list_view);
  gtk_widget_class_set_css_name (widget_class, "boardcolumn");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kt_board_column_init (KtBoardColumn *self)
{
  GtkListItemFactory *factory;
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_list_activate_cb), self);

  self->drop_slot = -1;
  target = gtk_drop_target_new (KT_TYPE_RECORD, GDK_ACTION_MOVE);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop_cb), self);
  g_signal_connect (target, "motion", G_CALLBACK (on_drop_motion_cb), self);
  g_signal_connect (target, "leave", G_CALLBACK (on_drop_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
update_summary (KtBoardColumn *self)
{
  g_autofree char *summary = kt_board_column_dup_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);
}

GtkWidget *
kt_board_column_new (KtStore            *store,
                     KtRecord           *stage,
                     const KtDealFilter *filter,
                     KtDealDescribeFunc  describe,
                     gpointer            user_data)
{
  KtBoardColumn *self;
  const char *kind;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (stage), NULL);

  self = g_object_new (KT_TYPE_BOARD_COLUMN, NULL);
  self->store = g_object_ref (store);
  self->stage = g_object_ref (stage);
  self->describe = describe;
  self->describe_data = user_data;
  kind = kt_record_get_string (stage, "kind");
  self->status = g_strdup (kind != NULL ? kind : "open");

  kt_board_column_set_filter (self, filter);

  gtk_label_set_label (self->name_label, kt_record_get_string (stage, "name"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->add_button), "s", kt_record_get_id (stage));
  {
    /* Translators: the tooltip of the "+" in a board column's header. */
    g_autofree char *tip = g_strdup_printf (_("New Deal in %s"), kt_record_get_string (stage, "name"));

    gtk_widget_set_tooltip_text (self->add_button, tip);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  }
  /* The sums wait for the board's totals from its worker thread
   * (kt-deal-board.c): a zero would be wrong meanwhile, and a line of
   * the same height keeps the cards where they are when they come. */
  gtk_label_set_label (self->sum_label, "…");
  gtk_label_set_label (self->forecast_label, "…");
  return GTK_WIDGET (self);
}

/**
 * kt_board_column_get_stage:
 *
 * Returns: (transfer none): the stage this column shows
 */
/**
 * kt_board_column_get_add_button:
 *
 * Returns: (transfer none): the header's "+" (new deal in this stage)
 */
GtkWidget *
kt_board_column_get_add_button (KtBoardColumn *self)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), NULL);
  return self->add_button;
}

KtRecord *
kt_board_column_get_stage (KtBoardColumn *self)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), NULL);
  return self->stage;
}

const char *
kt_board_column_get_stage_id (KtBoardColumn *self)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), NULL);
  return kt_record_get_id (self->stage);
}

const char *
kt_board_column_get_status (KtBoardColumn *self)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), NULL);
  return self->status;
}

/**
 * kt_board_column_get_model:
 *
 * Every deal of the column: one still growing after its first frame
 * (see FIRST_DEALS) shows all of them at once.
 *
 * Returns: (transfer none): the column's deals, as the list view shows them
 */
GListModel *
kt_board_column_get_model (KtBoardColumn *self)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), NULL);
  return full_model (self);
}

void
kt_board_column_expect (KtBoardColumn *self,
                        guint          remove_at,
                        guint          insert_at)
{
  g_return_if_fail (KT_IS_BOARD_COLUMN (self));
  kt_column_model_expect (KT_COLUMN_MODEL (full_model (self)), remove_at, insert_at);
}

guint
kt_board_column_find_position (KtBoardColumn *self,
                               const char    *deal_id)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), GTK_INVALID_LIST_POSITION);

  /* Only the bound cards are looked at: a card being moved is on screen. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);
      guint position;
      KtRecord *deal;

      if (card == NULL || !KT_IS_DEAL_CARD (card) ||
          (deal = kt_deal_card_get_deal (KT_DEAL_CARD (card))) == NULL ||
          g_strcmp0 (kt_record_get_id (deal), deal_id) != 0)
        continue;
      position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (card), POSITION_KEY));
      if (position > 0)
        return position - 1;
    }
  return GTK_INVALID_LIST_POSITION;
}

void
kt_board_column_set_filter (KtBoardColumn      *self,
                            const KtDealFilter *filter)
{
  g_autoptr(KtQuery) query = NULL;

  g_return_if_fail (KT_IS_BOARD_COLUMN (self));

  /* A new list rather than kt_record_list_set_query(): GTK 4.8 walks every
   * item of a model whose items are all replaced, but not of a new one. */
  query = make_query (self, filter);
  stop_growing (self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->deals != NULL)
    g_signal_handlers_disconnect_by_data (self->deals, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->deals);
  self->deals = kt_record_list_new (self->store, query);
  g_signal_connect (self->deals, "notify::n-items", G_CALLBACK (on_deals_n_items_cb), self);
  update_count (self);
  self->model = kt_column_model_new (self->deals, FIRST_DEALS);
  /* Connected before the selection and the list view are, so it runs
   * before they drop the rows; the other one after them. */
  g_signal_connect (self->model, "items-changed", G_CALLBACK (on_model_changing_cb), self);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_after (self->model, "items-changed", G_CALLBACK (on_model_changed_cb), self);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selected_cb), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  /* A filter keeps the selected deal selected while it still matches. */
  queue_follow (self);
  if (kt_column_model_is_limited (self->model))
    {
      self->grow_frames = 0;
      self->grow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view),
                                                      grow_tick_cb, self, NULL);
    }
}

void
kt_board_column_set_totals (KtBoardColumn       *self,
                            const KtStageTotals *totals)
{
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autoptr(GString) weighted = g_string_new (NULL);

  g_return_if_fail (KT_IS_BOARD_COLUMN (self));

  for (guint i = 0; totals != NULL && i < totals->sums->len; i++)
    {
      const KtCurrencySum *sum = &g_array_index (totals->sums, KtCurrencySum, i);
      g_autofree char *value = kt_format_money (sum->value, sum->currency);
      g_autofree char *forecast = kt_format_money (sum->weighted, sum->currency);

      g_string_append_printf (sums, "%s%s", sums->len > 0 ? " · " : "", value);
      g_string_append_printf (weighted, "%s%s", weighted->len > 0 ? " · " : "", forecast);
    }
  if (sums->len == 0)
    {
      g_autofree char *zero = kt_format_money (0, KT_DEFAULT_CURRENCY);

      g_string_assign (sums, zero);
      g_string_assign (weighted, zero);
    }
  gtk_label_set_label (self->sum_label, sums->str);
  {
    /* Translators: the weighted forecast under a column's total. */
    g_autofree char *text = g_strdup_printf (_("Forecast %s"), weighted->str);

    gtk_label_set_label (self->forecast_label, text);
  }
}

gint64
kt_board_column_get_count (KtBoardColumn *self)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), 0);
  return self->count;
}

guint
kt_board_column_get_selected (KtBoardColumn *self)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->selection);
}

guint
kt_board_column_get_focused_position (KtBoardColumn *self)
{
  KtDealCard *card;
  GtkListItem *item;

  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), GTK_INVALID_LIST_POSITION);

  /* The card knows its list item, and so its position now. */
  if ((card = focused_card (self)) == NULL ||
      (item = g_object_get_data (G_OBJECT (card), LIST_ITEM_KEY)) == NULL ||
      gtk_list_item_get_item (item) == NULL)
    return GTK_INVALID_LIST_POSITION;
  return gtk_list_item_get_position (item);
}

guint
kt_board_column_get_target_position (KtBoardColumn *self)
{
  guint position;

  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), GTK_INVALID_LIST_POSITION);

  position = kt_board_column_get_focused_position (self);
  if (position == GTK_INVALID_LIST_POSITION)
    position = gtk_single_selection_get_selected (self->selection);
  return position;
}

void
kt_board_column_follow (KtBoardColumn *self,
                        const char    *deal_id,
                        guint          position,
                        gboolean       focus)
{
  g_return_if_fail (KT_IS_BOARD_COLUMN (self));
  g_return_if_fail (deal_id != NULL);

  g_free (self->follow_id);
  self->follow_id = g_strdup (deal_id);
  self->follow_hint = position;
  self->follow_focus = focus;
}

void
kt_board_column_focus_position (KtBoardColumn *self,
                                guint          position)
{
  guint n;

  g_return_if_fail (KT_IS_BOARD_COLUMN (self));

  n = g_list_model_get_n_items (full_model (self));
  if (n == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
      return;
    }
  position = MIN (position, n - 1);
  /* GTK 4.8 has no gtk_list_view_scroll_to(): the list's own actions move
   * its cursor (and so the focus) and scroll. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.select-item", "(ubb)",
                              position, FALSE, FALSE);
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

guint
kt_board_column_slot_at (KtBoardColumn *self,
                         double         x,
                         double         y)
{
  GtkWidget *picked;
  graphene_point_t point;
  graphene_rect_t bounds;
  guint position;

  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), 0);

  if (!gtk_widget_compute_point (GTK_WIDGET (self), GTK_WIDGET (self->list_view),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    return g_list_model_get_n_items (full_model (self));

  picked = gtk_widget_pick (GTK_WIDGET (self->list_view), point.x, point.y, GTK_PICK_DEFAULT);
  while (picked != NULL && !KT_IS_DEAL_CARD (picked) && picked != GTK_WIDGET (self->list_view))
    picked = gtk_widget_get_parent (picked);

  if (picked == NULL || !KT_IS_DEAL_CARD (picked) ||
      (position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (picked), POSITION_KEY))) == 0 ||
      !gtk_widget_compute_bounds (picked, GTK_WIDGET (self->list_view), &bounds))
    {
      /* Over the header, a gap or the empty space below the cards: the
       * header means the top, anything else the end of the column. */
      if (y < gtk_widget_get_height (self->header))
        return 0;
      return g_list_model_get_n_items (full_model (self));
    }
  position -= 1;
  return point.y < bounds.origin.y + bounds.size.height / 2 ? position : position + 1;
}

char *
kt_board_column_dup_summary (KtBoardColumn *self)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), NULL);

  /* Translators: a board column's accessible name: stage name and deals. */
  return g_strdup_printf (ngettext ("Stage %s, %d deal", "Stage %s, %d deals",
                                    (unsigned long) self->count),
                          kt_record_get_string (self->stage, "name"), (int) self->count);
}

int
kt_board_column_get_drop_slot (KtBoardColumn *self)
{
  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), -1);
  return self->drop_slot;
}

gboolean
kt_board_column_get_drop_line (KtBoardColumn   *self,
                               graphene_rect_t *out_line)
{
  float y;

  g_return_val_if_fail (KT_IS_BOARD_COLUMN (self), FALSE);
  g_return_val_if_fail (out_line != NULL, FALSE);

  if (self->drop_slot < 0 || !slot_line_y (self, (guint) self->drop_slot, &y))
    return FALSE;
  /* Three pixels high, as wide as the cards. */
  graphene_rect_init (out_line, 10, y - 1.5f, gtk_widget_get_width (GTK_WIDGET (self)) - 20, 3);
  return TRUE;
}
