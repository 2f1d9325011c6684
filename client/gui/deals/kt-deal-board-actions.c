/* kt-deal-board-actions.c: moving deals on the board
 *
 * A drop and the keyboard (Ctrl+arrows) both end in the "board.move-deal"
 * action, so there is one path that writes the store: kt_deal_move(), which
 * saves through kt_store_save() (and so queues the change for sync). A move
 * into a lost stage asks for the reason first. Every move can be undone
 * from its toast or with Ctrl+Z.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-deal-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-deal-board-private.h"
#include "kt-deal-form.h"
#include "kt-pipeline-editor.h"
#include "kt-pipelines.h"

typedef struct
{
  KtDealBoard *board;
  char        *deal_id;
  char        *stage_id;
  int          slot;
  GtkEditable *entry;
} PendingMove;

static void
pending_move_free (PendingMove *pending)
{
  g_clear_object (&pending->board);
  g_free (pending->deal_id);
  g_free (pending->stage_id);
  g_free (pending);
}

/* The ids of the deals around @slot in @model, skipping @deal_id itself so
 * that dropping a card where it already is stays put. */
static void
slot_neighbours (GListModel *model,
                 const char *deal_id,
                 int         slot,
                 char      **out_prev,
                 char      **out_next)
{
  guint n = g_list_model_get_n_items (model);
  int prev = slot - 1;
  int next = slot;
  g_autoptr(KtRecord) prev_deal = NULL;
  g_autoptr(KtRecord) next_deal = NULL;

  if (prev >= 0 && (guint) prev < n)
    {
      prev_deal = g_list_model_get_item (model, prev);
      if (g_strcmp0 (kt_record_get_id (prev_deal), deal_id) == 0)
        {
          g_clear_object (&prev_deal);
          if (prev >= 1)
            prev_deal = g_list_model_get_item (model, prev - 1);
        }
    }
  if (next >= 0 && (guint) next < n)
    {
      next_deal = g_list_model_get_item (model, next);
      if (g_strcmp0 (kt_record_get_id (next_deal), deal_id) == 0)
        {
          g_clear_object (&next_deal);
          if ((guint) next + 1 < n)
            next_deal = g_list_model_get_item (model, next + 1);
        }
    }
  *out_prev = prev_deal != NULL ? g_strdup (kt_record_get_id (prev_deal)) : NULL;
  *out_next = next_deal != NULL ? g_strdup (kt_record_get_id (next_deal)) : NULL;
}

/* Tells each column what the coming move will change in it, so its list
 * updates the rows concerned instead of reloading (see KtColumnModel). */
static void
expect_move (KtDealBoard   *self,
             KtRecord      *deal,
             KtBoardColumn *target,
             int            slot)
{
  KtBoardColumn *source = kt_deal_board_find_column (self, kt_record_get_string (deal, "stage_id"));
  guint old_index = GTK_INVALID_LIST_POSITION;
  guint new_index;

  if (source != NULL &&
      g_strcmp0 (kt_board_column_get_status (source), kt_record_get_string (deal, "status")) != 0)
    source = NULL;
  if (source != NULL)
    old_index = kt_board_column_find_position (source, kt_record_get_id (deal));
  new_index = (guint) MAX (slot, 0);
  if (target != NULL)
    new_index = MIN (new_index, g_list_model_get_n_items (kt_board_column_get_model (target)));
  if (source == target && old_index != GTK_INVALID_LIST_POSITION && old_index < new_index)
    new_index--;

  for (guint i = 0; i < self->columns->len; i++)
    {
      KtBoardColumn *column = g_ptr_array_index (self->columns, i);
      guint remove_at = GTK_INVALID_LIST_POSITION, insert_at = GTK_INVALID_LIST_POSITION;

      /* Where the card left is unknown when it is not on screen: that
       * column then reloads whole, which is still correct. */
      if (column == source && old_index == GTK_INVALID_LIST_POSITION)
        continue;
      if (column == source)
        remove_at = old_index;
      if (column == target)
        insert_at = new_index;
      kt_board_column_expect (column, remove_at, insert_at);
    }
}

static void
on_undo_clicked_cb (AdwToast    *toast,
                    KtDealBoard *self)
{
  g_autoptr(GError) error = NULL;

  if (!kt_deal_board_undo (self, &error) && error != NULL)
    kt_deal_board_show_error (self, error);
}

gboolean
kt_deal_board_move_deal (KtDealBoard  *self,
                         const char   *deal_id,
                         const char   *stage_id,
                         int           slot,
                         const char   *lost_reason,
                         GError      **error)
{
  g_autofree char *prev_id = NULL;
  g_autofree char *next_id = NULL;
  g_autoptr(KtRecord) deal = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  KtBoardColumn *column;
  KtDealMove *move;
  AdwToast *toast;

  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), FALSE);
  g_return_val_if_fail (deal_id != NULL && stage_id != NULL, FALSE);

  column = kt_deal_board_find_column (self, stage_id);
  if (column != NULL)
    slot_neighbours (kt_board_column_get_model (column), deal_id, slot, &prev_id, &next_id);
  if ((deal = kt_store_get (self->store, kt_entity_lookup ("deal"), deal_id, error)) == NULL)
    return FALSE;
  expect_move (self, deal, column, slot);
  g_clear_object (&deal);

  if (!(move = kt_deal_move (self->store, deal_id, stage_id, prev_id, next_id, lost_reason, error)))
    return FALSE;
  g_clear_pointer (&self->last_move, kt_deal_move_free);
  g_clear_pointer (&self->deleted_id, g_free);
  self->last_move = move;
  kt_deal_board_refresh_totals (self);

  deal = kt_store_get (self->store, kt_entity_lookup ("deal"), deal_id, NULL);
  title = deal != NULL ? kt_record_dup_title (deal) : g_strdup ("");
  /* Translators: a toast after a deal moved on the board: "Big deal moved to Proposal". */
  message = g_strdup_printf (_("“%s” moved to %s"), title,
                             column != NULL
                               ? kt_record_get_string (kt_board_column_get_stage (column), "name")
                               : _("another stage"));
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  return TRUE;
}

gboolean
kt_deal_board_undo (KtDealBoard  *self,
                    GError      **error)
{
  g_autoptr(KtDealMove) move = NULL;

  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), FALSE);

  if (self->deleted_id != NULL)
    {
      g_autofree char *deal_id = g_steal_pointer (&self->deleted_id);

      if (!kt_store_undelete (self->store, KT_ENTITY_DEAL, deal_id, error))
        return FALSE;
      kt_deal_board_refresh_totals (self);
      return TRUE;
    }
  if (self->last_move == NULL)
    return FALSE;
  move = g_steal_pointer (&self->last_move);
  if (!kt_deal_move_undo (move, error))
    return FALSE;
  kt_deal_board_refresh_totals (self);
  return TRUE;
}

static void
on_lost_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PendingMove      *pending)
{
  if (g_strcmp0 (response, "lose") == 0)
    {
      g_autoptr(GError) error = NULL;
      const char *reason = gtk_editable_get_text (pending->entry);

      if (!kt_deal_board_move_deal (pending->board, pending->deal_id, pending->stage_id,
                                    pending->slot, reason, &error))
        kt_deal_board_show_error (pending->board, error);
    }
}

/* A lost deal keeps why it was lost: the reason is asked for first. */
static void
ask_lost_reason (KtDealBoard *self,
                 const char  *deal_id,
                 const char  *stage_id,
                 int          slot)
{
  PendingMove *pending = g_new0 (PendingMove, 1);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Mark the Deal as Lost?"),
                                   _("Say why it was lost: the reasons tell the team what to change."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. price, timing, competitor"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason lost"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "lose", _("Mark as _Lost"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "lose",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "lose");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  pending->board = g_object_ref (self);
  pending->deal_id = g_strdup (deal_id);
  pending->stage_id = g_strdup (stage_id);
  pending->slot = slot;
  pending->entry = GTK_EDITABLE (entry);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_lost_response_cb), pending,
                         (GClosureNotify) (void (*) (void)) pending_move_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
move_deal_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KtDealBoard *self = KT_DEAL_BOARD (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) deal = NULL;
  g_autofree char *kind = NULL;
  const char *deal_id, *stage_id;
  int slot;

  g_variant_get (param, "(&s&si)", &deal_id, &stage_id, &slot);
  if (!(deal = kt_store_get (self->store, kt_entity_lookup ("deal"), deal_id, &error)))
    {
      kt_deal_board_show_error (self, error);
      return;
    }
  kind = kt_deal_move_stage_kind (self->store, stage_id);
  if (g_strcmp0 (kind, "lost") == 0 &&
      g_strcmp0 (kt_record_get_string (deal, "status"), "lost") != 0)
    {
      ask_lost_reason (self, deal_id, stage_id, slot);
      return;
    }
  if (!kt_deal_board_move_deal (self, deal_id, stage_id, slot, NULL, &error))
    kt_deal_board_show_error (self, error);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtDealBoard *self = KT_DEAL_BOARD (widget);
  g_autoptr(GError) error = NULL;

  if (!kt_deal_board_undo (self, &error) && error != NULL)
    kt_deal_board_show_error (self, error);
}

/* The column holding the keyboard focus, and its index. */
static KtBoardColumn *
focused_column (KtDealBoard *self,
                guint       *out_index)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL; focus = gtk_widget_get_parent (focus))
    if (KT_IS_BOARD_COLUMN (focus))
      break;
  if (focus == NULL || !g_ptr_array_find (self->columns, focus, out_index))
    return NULL;
  return KT_BOARD_COLUMN (focus);
}

static void
keyboard_move_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KtDealBoard *self = KT_DEAL_BOARD (widget);
  g_autoptr(KtRecord) deal = NULL;
  KtBoardColumn *column, *target;
  guint index, position, n, target_index;
  int slot, new_position;

  /* The card with the keyboard focus moves, selected or not (Space is
   * not needed first); the selected one when the focus is elsewhere in
   * the column. */
  if (!(column = focused_column (self, &index)) ||
      (position = kt_board_column_get_target_position (column)) == GTK_INVALID_LIST_POSITION)
    return;
  deal = g_list_model_get_item (kt_board_column_get_model (column), position);
  if (deal == NULL)
    return;
  n = g_list_model_get_n_items (kt_board_column_get_model (column));

  target_index = index;
  if (g_str_equal (action_name, "board.move-left") && index > 0)
    target_index = index - 1;
  else if (g_str_equal (action_name, "board.move-right") && index + 1 < self->columns->len)
    target_index = index + 1;
  target = g_ptr_array_index (self->columns, target_index);

  if (target != column)
    {
      guint target_n = g_list_model_get_n_items (kt_board_column_get_model (target));

      slot = (int) MIN (position, target_n);
      new_position = slot;
    }
  else if (g_str_equal (action_name, "board.move-up") && position > 0)
    {
      slot = (int) position - 1;
      new_position = slot;
    }
  else if (g_str_equal (action_name, "board.move-down") && position + 1 < n)
    {
      slot = (int) position + 2;
      new_position = (int) position + 1;
    }
  else
    {
      gtk_widget_error_bell (widget);
      return;
    }

  /* The lists reload after the store's ::changed, dropping the card's
   * row: the target column selects and focuses it in its new place once
   * it has (also after a move that asks for a lost reason first). */
  kt_board_column_follow (target, kt_record_get_id (deal), (guint) new_position, TRUE);
  gtk_widget_activate_action (widget, "board.move-deal", "(ssi)",
                              kt_record_get_id (deal),
                              kt_board_column_get_stage_id (target), slot);
}

/* After a deletion (the detail's Delete or the Delete key), the toast
 * offers Undo, and so does Ctrl+Z until the next move or deletion. */
static void
deal_deleted (KtDealBoard *self,
              const char  *deal_id,
              const char  *title)
{
  g_autofree char *message = NULL;
  AdwToast *toast;

  g_clear_pointer (&self->last_move, kt_deal_move_free);
  g_free (self->deleted_id);
  self->deleted_id = g_strdup (deal_id);
  kt_deal_board_refresh_totals (self);

  /* Translators: a toast after deleting a deal: "“Big deal” deleted". */
  message = g_strdup_printf (_("“%s” deleted"), title);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
kt_deal_board_delete_deal (KtDealBoard  *self,
                           const char   *deal_id,
                           GError      **error)
{
  g_autoptr(KtRecord) deal = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), FALSE);
  g_return_val_if_fail (deal_id != NULL, FALSE);

  if (!(deal = kt_store_get (self->store, KT_ENTITY_DEAL, deal_id, error)))
    return FALSE;
  /* Its detail closes first, while its card is still there to take the
   * keyboard back. */
  if (kt_deal_board_get_detail_shown (self) &&
      g_strcmp0 (kt_deal_detail_get_deal_id (self->detail), deal_id) == 0)
    kt_deal_board_close_deal (self);
  if (!kt_store_delete (self->store, KT_ENTITY_DEAL, deal_id, error))
    return FALSE;
  title = kt_record_dup_title (deal);
  deal_deleted (self, deal_id, title);
  return TRUE;
}

static gboolean
has_focus_in (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The column holding the card of @deal_id and its position there, or
 * NULL when the board does not show it. */
static KtBoardColumn *
find_card (KtDealBoard *self,
           const char  *deal_id,
           guint       *out_position)
{
  g_autoptr(KtRecord) deal = NULL;
  KtBoardColumn *column;
  guint position;

  if (!(deal = kt_store_get (self->store, KT_ENTITY_DEAL, deal_id, NULL)) ||
      !(column = kt_deal_board_find_column (self, kt_record_get_string (deal, "stage_id"))))
    return NULL;
  position = kt_board_column_find_position (column, deal_id);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      GListModel *model = kt_board_column_get_model (column);
      /* Scrolled out of view: looked for in the column's first rows,
       * which the lazy list pages in. */
      guint n = MIN (g_list_model_get_n_items (model), 500);

      for (guint i = 0; i < n && position == GTK_INVALID_LIST_POSITION; i++)
        {
          g_autoptr(KtRecord) item = g_list_model_get_item (model, i);

          if (item != NULL && g_strcmp0 (kt_record_get_id (item), deal_id) == 0)
            position = i;
        }
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  *out_position = position;
  return column;
}

/* The keyboard back on the card of @deal_id, where it was before its
 * detail opened. */
static void
focus_card (KtDealBoard *self,
            const char  *deal_id)
{
  KtBoardColumn *column;
  guint position;

  if (g_strcmp0 (kt_deal_board_get_view (self), "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  else if ((column = find_card (self, deal_id, &position)) != NULL)
    kt_board_column_focus_position (column, position);
}

void
kt_deal_board_open_deal (KtDealBoard *self,
                         const char  *deal_id)
{
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(GError) error = NULL;
  const char *pipeline_id;
  KtBoardColumn *column;
  guint position;

  g_return_if_fail (KT_IS_DEAL_BOARD (self));
  g_return_if_fail (deal_id != NULL);

  if (!(deal = kt_store_get (self->store, KT_ENTITY_DEAL, deal_id, &error)))
    {
      kt_deal_board_show_error (self, error);
      return;
    }
  /* Opened from elsewhere (a contact's deals), the board shows the deal's
   * pipeline, so its card is there to come back to. */
  pipeline_id = kt_record_get_string (deal, "pipeline_id");
  if (pipeline_id != NULL && g_strcmp0 (pipeline_id, self->pipeline_id) != 0)
    kt_deal_board_set_pipeline_id (self, pipeline_id);
  /* Its card is selected and scrolled to, as a contact's row is while
   * its detail shows. */
  if (g_strcmp0 (kt_deal_board_get_view (self), "board") == 0 &&
      (column = find_card (self, deal_id, &position)) != NULL)
    kt_board_column_focus_position (column, position);
  kt_deal_detail_set_deal_id (self->detail, deal_id);
  gtk_revealer_set_reveal_child (self->detail_revealer, TRUE);
  /* Left alone, the keyboard would stay on the card or go to the first
   * button, Won, where Enter closes the deal: it starts in the rows. */
  kt_deal_detail_focus_first (self->detail);
}

void
kt_deal_board_close_deal (KtDealBoard *self)
{
  g_autofree char *deal_id = NULL;
  GtkRoot *root;
  gboolean refocus;

  g_return_if_fail (KT_IS_DEAL_BOARD (self));

  deal_id = g_strdup (kt_deal_detail_get_deal_id (self->detail));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  /* Only the keyboard that was in the detail (or lost with it) comes
   * back: a card deleted with its own Delete key keeps its column's. */
  refocus = has_focus_in (self->detail_page) || (root != NULL && gtk_root_get_focus (root) == NULL);
  gtk_revealer_set_reveal_child (self->detail_revealer, FALSE);
  kt_deal_detail_set_deal_id (self->detail, NULL);
  if (deal_id != NULL && refocus)
    focus_card (self, deal_id);
}

KtDealDetail *
kt_deal_board_get_detail (KtDealBoard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), NULL);
  return self->detail;
}

gboolean
kt_deal_board_get_detail_shown (KtDealBoard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_BOARD (self), FALSE);
  return gtk_revealer_get_reveal_child (self->detail_revealer) &&
         kt_deal_detail_get_deal_id (self->detail) != NULL;
}

static void
open_deal_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  kt_deal_board_open_deal (KT_DEAL_BOARD (widget), g_variant_get_string (param, NULL));
}

static void
close_deal_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  kt_deal_board_close_deal (KT_DEAL_BOARD (widget));
}

static void
delete_deal_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KtDealBoard *self = KT_DEAL_BOARD (widget);
  g_autoptr(GError) error = NULL;

  if (!kt_deal_board_delete_deal (self, g_variant_get_string (param, NULL), &error))
    kt_deal_board_show_error (self, error);
}

static void
edit_pipelines_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KtDealBoard *self = KT_DEAL_BOARD (widget);
  GtkWidget *editor = kt_pipeline_editor_new (self->context, self->pipeline_id);

  gtk_window_set_transient_for (GTK_WINDOW (editor),
                                GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtDealBoard *self = KT_DEAL_BOARD (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The deal form for a new deal in @stage_id (NULL: the first column). */
static void
new_deal (KtDealBoard *self,
          const char  *stage_id)
{
  KtDealForm *form;

  if (self->pipeline_id == NULL)
    return;
  if (stage_id == NULL && self->columns->len > 0)
    stage_id = kt_board_column_get_stage_id (g_ptr_array_index (self->columns, 0));
  form = kt_deal_form_new (self->context, NULL, self->pipeline_id, stage_id);
  gtk_window_set_transient_for (GTK_WINDOW (form),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (form));
}

static void
new_deal_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  new_deal (KT_DEAL_BOARD (widget), NULL);
}

static void
new_deal_in_stage_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  new_deal (KT_DEAL_BOARD (widget), g_variant_get_string (param, NULL));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtDealBoard *self = KT_DEAL_BOARD (widget);
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(GError) error = NULL;
  KtBoardColumn *column;
  guint position;

  /* In the detail, Delete means the deal it shows. */
  if (kt_deal_board_get_detail_shown (self) && has_focus_in (self->detail_page))
    {
      g_autofree char *deal_id = g_strdup (kt_deal_detail_get_deal_id (self->detail));

      if (!kt_deal_board_delete_deal (self, deal_id, &error))
        kt_deal_board_show_error (self, error);
      return;
    }
  if (!(column = focused_column (self, NULL)) ||
      (position = kt_board_column_get_target_position (column)) == GTK_INVALID_LIST_POSITION ||
      !(deal = g_list_model_get_item (kt_board_column_get_model (column), position)))
    return;
  if (!kt_deal_board_delete_deal (self, kt_record_get_id (deal), &error))
    kt_deal_board_show_error (self, error);
}

void
kt_deal_board_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "board.move-deal", "(ssi)", move_deal_action);
  gtk_widget_class_install_action (widget_class, "board.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "pane.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "board.move-left", NULL, keyboard_move_action);
  gtk_widget_class_install_action (widget_class, "board.move-right", NULL, keyboard_move_action);
  gtk_widget_class_install_action (widget_class, "board.move-up", NULL, keyboard_move_action);
  gtk_widget_class_install_action (widget_class, "board.move-down", NULL, keyboard_move_action);
  gtk_widget_class_install_action (widget_class, "board.open-deal", "s", open_deal_action);
  gtk_widget_class_install_action (widget_class, "board.close-deal", NULL, close_deal_action);
  gtk_widget_class_install_action (widget_class, "board.delete-deal", "s", delete_deal_action);
  gtk_widget_class_install_action (widget_class, "board.edit-pipelines", NULL, edit_pipelines_action);
  gtk_widget_class_install_action (widget_class, "pane.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "pane.new", NULL, new_deal_action);
  gtk_widget_class_install_action (widget_class, "board.new-deal", "s", new_deal_in_stage_action);
  gtk_widget_class_install_action (widget_class, "pane.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "board.undo", NULL);
}

void
kt_deal_board_add_shortcuts (KtDealBoard *self)
{
  static const struct { guint key; const char *action; } moves[] = {
    { GDK_KEY_Left, "board.move-left" },
    { GDK_KEY_Right, "board.move-right" },
    { GDK_KEY_Up, "board.move-up" },
    { GDK_KEY_Down, "board.move-down" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* In the capture phase: the columns' list views bind Ctrl+arrows to
   * moving their own focus, and a card move must win over that. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (moves[i].key, GDK_CONTROL_MASK),
                                                            gtk_named_action_new (moves[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
