/* kt-deal-detail.c: a deal with everything around it, beside the board
 *
 * The groups of fields and related records are rebuilt at idle after the
 * store changes; the activity timeline between them is made once and
 * follows the store by itself. Closing, reopening and deleting the deal
 * are the board's actions, reached through the widget tree: the board
 * asks for a lost reason, writes the move and offers Undo, whether the
 * card was dragged or the detail's button pressed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-deal-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-actions.h"
#include "kt-activity-timeline.h"
#include "kt-change-history-dialog.h"
#include "kt-deal-detail.h"
#include "kt-deal-form.h"
#include "kt-pipelines.h"
#include "kt-record-rows.h"
#include "kt-task-editor.h"
#include "kt-toast.h"

struct _KtDealDetail
{
  GtkWidget           parent_instance;

  KtContext          *context;
  KtStore            *store;
  char               *deal_id;
  char               *status;
  GHashTable         *groups;   /* name -> AdwPreferencesGroup, borrowed */
  guint               rebuild_idle;
  GtkWidget          *timeline;

  /* Template children */
  GtkWidget          *scroller;
  GtkBox             *content_box;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkBox             *groups_box;
  GtkBox             *bottom_box;
  GtkWidget          *edit_button;
  GtkWidget          *delete_button;
};

G_DEFINE_FINAL_TYPE (KtDealDetail, kt_deal_detail, GTK_TYPE_WIDGET)

/* The deal's own fields, as a contact's detail groups its own; status
 * has a group of its own, where the deal is closed or reopened. */
static const struct {
  const char    *name;
  KtRecordGroup  group;
} field_groups[] = {
  { "fields", { N_("Deal"), "value,stage_id,pipeline_id,expected_close_date,closed_at,lost_reason," KT_META_OWNER } },
  { "party", { N_("Contact and Company"), "contact_id,company_id" } },
  { "more", { N_("More"), "tags,notes,stage_changed_at" } },
};

static const KtRecordLink task_link =
  { "task", N_("Tasks"), N_("No tasks for this deal"), "due_at", "due_at,priority" };

static const struct {
  const char   *name;
  KtRecordLink  link;
} bottom_links[] = {
  { "invoices", { "invoice", N_("Invoices"), N_("No invoices"), "-issue_date", "total,status" } },
  { "offers", { "offer", N_("Offers"), N_("No offers"), "-issue_date", "total,status" } },
};

static void
show_error (KtDealDetail *self,
            const GError *error)
{
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
remember_group (KtDealDetail *self,
                const char   *name,
                GtkWidget    *group)
{
  if (group != NULL)
    g_hash_table_insert (self->groups, (gpointer) name, group);
}

/* The first row of @widget's descendants, where the keyboard goes. */
static GtkWidget *
find_first_row (GtkWidget *widget)
{
  if (widget == NULL)
    return NULL;
  if (GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_focusable (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_first_row (child);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = ADW_IS_PREFERENCES_ROW (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

/* Won and Lost for an open deal, side by side under the title; for a
 * closed one, how it ended and Reopen. */
static void
add_outcome (KtDealDetail *self,
             KtRecord     *deal)
{
  GtkWidget *group;

  if (g_strcmp0 (self->status, "won") == 0 || g_strcmp0 (self->status, "lost") == 0)
    {
      GtkWidget *row, *reopen;

      group = adw_preferences_group_new ();
      gtk_box_append (self->groups_box, group);
      row = kt_record_rows_add_value (group, _("Status"),
                                      g_str_equal (self->status, "won") ? _("Won") : _("Lost"));
      reopen = gtk_button_new_with_mnemonic (_("_Reopen"));
      gtk_widget_set_valign (reopen, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (reopen), "deal.reopen");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), reopen);
    }
  else
    {
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *won = gtk_button_new_with_mnemonic (_("_Won"));
      GtkWidget *lost = gtk_button_new_with_mnemonic (_("_Lost…"));

      group = kt_record_rows_add_group (self->groups_box, _("Close the Deal"));
      gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (won), "deal.won");
      gtk_widget_add_css_class (won, "suggested-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (lost), "deal.lost");
      gtk_widget_set_tooltip_text (lost, _("Asks why the deal was lost"));
      gtk_box_append (GTK_BOX (buttons), won);
      gtk_box_append (GTK_BOX (buttons), lost);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
    }
  remember_group (self, "outcome", group);
}

/* A deal made for a contact is with the contact's company, as on the
 * card: shown when the deal names no company itself. */
static void
add_contact_company (KtDealDetail *self,
                     KtRecord     *deal)
{
  g_autoptr(KtRecord) contact = NULL;
  g_autoptr(KtRecord) company = NULL;
  g_autofree char *title = NULL;
  const char *company_id;
  GtkWidget *group;

  if (kt_record_get_string (deal, "company_id") != NULL ||
      kt_record_get_string (deal, "contact_id") == NULL ||
      !(contact = kt_store_get (self->store, kt_entity_lookup ("contact"),
                                kt_record_get_string (deal, "contact_id"), NULL)) ||
      !(company_id = kt_record_get_string (contact, "company_id")) ||
      !(company = kt_store_get (self->store, kt_entity_lookup ("company"), company_id, NULL)))
    return;

  group = g_hash_table_lookup (self->groups, "party");
  g_assert (group != NULL);
  title = kt_record_dup_title (company);
  kt_record_rows_make_openable (kt_record_rows_add_value (group, _("Company"), title),
                                "company", company_id);
}

static void
clear_groups (KtDealDetail *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bottom_box))) != NULL)
    gtk_box_remove (self->bottom_box, child);
  g_hash_table_remove_all (self->groups);
}

static gboolean
has_focus_in (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
rebuild (KtDealDetail *self)
{
  g_autoptr(KtRecord) deal = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean had_focus;
  GtkWidget *group;

  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  /* The rows are made anew: the keyboard in one of them (or on Won,
   * gone once the deal is won) must land somewhere sensible again. */
  had_focus = has_focus_in (GTK_WIDGET (self->groups_box)) ||
              has_focus_in (GTK_WIDGET (self->bottom_box));
  clear_groups (self);
  g_clear_pointer (&self->status, g_free);

  if (self->deal_id == NULL || self->store == NULL ||
      !(deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, NULL)))
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->subtitle_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->content_box), FALSE);
      /* Deleted meanwhile (a sync, the Delete key on its card): the board
       * closes the pane. */
      if (self->deal_id != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "board.close-deal", NULL);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->content_box), TRUE);

  title = kt_record_dup_title (deal);
  gtk_label_set_label (self->title_label, title);
  subtitle = kt_record_rows_join_fields (self->store, deal, "value,stage_id");
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), *subtitle != '\0');
  self->status = g_strdup (kt_record_get_string (deal, "status"));

  add_outcome (self, deal);
  for (guint i = 0; i < G_N_ELEMENTS (field_groups); i++)
    {
      group = kt_record_rows_add_fields (self->groups_box, self->store, deal, &field_groups[i].group);
      /* The company through the contact needs the group even when the
       * deal names no one directly: it always has a contact then. */
      if (group == NULL && g_str_equal (field_groups[i].name, "party") &&
          kt_record_get_string (deal, "contact_id") != NULL)
        group = kt_record_rows_add_group (self->groups_box, _(field_groups[i].group.title));
      remember_group (self, field_groups[i].name, group);
    }
  if (g_hash_table_contains (self->groups, "party"))
    add_contact_company (self, deal);
  remember_group (self, "custom", kt_record_rows_add_custom_fields (self->groups_box, self->store, deal));

  group = kt_record_rows_add_link (self->groups_box, self->store, &task_link, "deal_id", self->deal_id);
  if (group != NULL)
    {
      GtkWidget *add_task = gtk_button_new_with_mnemonic (_("_Add Task…"));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (add_task), "deal.add-task");
      gtk_widget_set_valign (add_task, GTK_ALIGN_CENTER);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add_task);
    }
  remember_group (self, "tasks", group);
  for (guint i = 0; i < G_N_ELEMENTS (bottom_links); i++)
    remember_group (self, bottom_links[i].name,
                    kt_record_rows_add_link (self->bottom_box, self->store, &bottom_links[i].link,
                                             "deal_id", self->deal_id));

  if (had_focus)
    {
      /* After Won or Lost, where the buttons were: the row saying how
       * the deal ended. */
      GtkWidget *row = g_strcmp0 (self->status, "open") != 0
        ? find_first_row (g_hash_table_lookup (self->groups, "outcome")) : NULL;

      if (row == NULL || !gtk_widget_grab_focus (row))
        kt_deal_detail_focus_first (self);
    }
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  KtDealDetail *self = data;

  self->rebuild_idle = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (KtStore      *store,
                     const char   *entity,
                     const char   *record_id,
                     KtDealDetail *self)
{
  if (self->deal_id != NULL && self->rebuild_idle == 0)
    self->rebuild_idle = g_idle_add (rebuild_idle_cb, self);
}

/* The board moves the deal: it asks a lost reason, writes the move with
 * kt_deal_move() and shows the toast with Undo. */
static void
move_to_stage (KtDealDetail *self,
               const char   *stage_id)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "board.move-deal", "(ssi)",
                                   self->deal_id, stage_id, 0))
    g_warning ("The deal detail is not on a board: nothing moves the deal");
}

static void
close_deal (KtDealDetail *self,
            const char   *kind)
{
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(KtRecord) stage = NULL;
  g_autoptr(GError) error = NULL;

  if (self->deal_id == NULL ||
      !(deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, &error)))
    {
      if (error != NULL)
        show_error (self, error);
      return;
    }
  stage = kt_pipelines_find_stage (self->store, kt_record_get_string (deal, "pipeline_id"), kind);
  if (stage == NULL)
    {
      g_set_error (&error, KT_ERROR, KT_ERROR_NOT_FOUND, "%s",
                   g_str_equal (kind, "won")
                     ? _("The pipeline has no Won stage: add one in the pipeline editor")
                     : _("The pipeline has no Lost stage: add one in the pipeline editor"));
      show_error (self, error);
      return;
    }
  move_to_stage (self, kt_record_get_id (stage));
}

static void
won_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  close_deal (KT_DEAL_DETAIL (widget), "won");
}

static void
lost_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  close_deal (KT_DEAL_DETAIL (widget), "lost");
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GError) error = NULL;
  const char *target = NULL;

  if (self->deal_id == NULL ||
      !(deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, &error)) ||
      !(stages = kt_pipelines_load_stages (self->store, kt_record_get_string (deal, "pipeline_id"), &error)))
    {
      if (error != NULL)
        show_error (self, error);
      return;
    }
  /* Back into the last open stage: a reopened deal was usually close. */
  for (guint i = 0; i < stages->len; i++)
    {
      KtRecord *stage = g_ptr_array_index (stages, i);

      if (g_strcmp0 (kt_record_get_string (stage, "kind"), "open") == 0 ||
          !kt_record_has (stage, "kind"))
        target = kt_record_get_id (stage);
    }
  if (target != NULL)
    move_to_stage (self, target);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(GError) error = NULL;
  KtDealForm *form;

  if (self->deal_id == NULL ||
      !(deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, &error)))
    {
      if (error != NULL)
        show_error (self, error);
      return;
    }
  form = kt_deal_form_new (self->context, deal, NULL, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (form));
}

/* As a contact's Ask Assistant: the window opens the Assistant with the
 * deal as a chip. */
static void
ask_assistant_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);

  if (self->deal_id != NULL)
    gtk_widget_activate_action (widget, "win.ask-assistant", "(ss)", "deal", self->deal_id);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  g_autoptr(KtRecord) deal = NULL;
  KtChangeHistoryDialog *dialog;

  if (self->deal_id == NULL ||
      !(deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, NULL)))
    return;
  /* As a contact's History: what this computer knows at once, the
   * server's log with its authors as soon as it comes. */
  dialog = kt_change_history_dialog_new (self->store, deal);
  kt_change_history_dialog_load_server (dialog, kt_context_get_sync_engine (self->context));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_task_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  g_autoptr(KtRecord) deal = NULL;
  KtTaskEditor *editor;

  if (self->deal_id == NULL)
    return;
  deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, NULL);
  editor = kt_task_editor_new (self->store, NULL);
  kt_task_editor_set_link (editor, "deal_id", self->deal_id);
  /* The deal's people come along, so the task shows up with them too. */
  if (deal != NULL && kt_record_get_string (deal, "contact_id") != NULL)
    kt_task_editor_set_link (editor, "contact_id", kt_record_get_string (deal, "contact_id"));
  if (deal != NULL && kt_record_get_string (deal, "company_id") != NULL)
    kt_task_editor_set_link (editor, "company_id", kt_record_get_string (deal, "company_id"));
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (editor));
}

/* The AI's actions about this deal (client/gui/ai-actions). */
static void
ai_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  g_autoptr(KtRecord) deal = NULL;

  if (self->deal_id != NULL &&
      (deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, NULL)) != NULL)
    kt_ai_actions_open (widget, self->context, g_variant_get_string (param, NULL), deal);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  g_autofree char *deal_id = g_strdup (self->deal_id);

  /* The board deletes, closes the pane and offers Undo. */
  if (deal_id != NULL)
    gtk_widget_activate_action (widget, "board.delete-deal", "s", deal_id);
}

static void
kt_deal_detail_dispose (GObject *object)
{
  KtDealDetail *self = KT_DEAL_DETAIL (object);

  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_DEAL_DETAIL);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->deal_id, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (kt_deal_detail_parent_class)->dispose (object);
}

static void
kt_deal_detail_class_init (KtDealDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_deal_detail_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/deals/kt-deal-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, content_box);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, groups_box);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, bottom_box);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, edit_button);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, delete_button);

  gtk_widget_class_install_action (widget_class, "deal.won", NULL, won_action);
  gtk_widget_class_install_action (widget_class, "deal.lost", NULL, lost_action);
  gtk_widget_class_install_action (widget_class, "deal.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "deal.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "deal.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "deal.ask-assistant", NULL, ask_assistant_action);
  gtk_widget_class_install_action (widget_class, "deal.add-task", NULL, add_task_action);
  gtk_widget_class_install_action (widget_class, "deal.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "deal.ai", "s", ai_action);
  /* Escape closes the pane and gives the keyboard back to the card. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "board.close-deal", NULL);
}

static void
kt_deal_detail_init (KtDealDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_hash_table_new (g_str_hash, g_str_equal);
}

void
kt_deal_detail_setup (KtDealDetail *self,
                      KtContext    *context)
{
  g_return_if_fail (KT_IS_DEAL_DETAIL (self));
  g_return_if_fail (KT_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->store = g_object_ref (kt_context_get_store (context));
  g_signal_connect (self->store, "changed", G_CALLBACK (on_store_changed_cb), self);
  /* Between the deal's own groups and its invoices and offers. */
  self->timeline = kt_activity_timeline_new (self->store, "deal", NULL);
  gtk_box_insert_child_after (self->content_box, self->timeline, GTK_WIDGET (self->groups_box));
  rebuild (self);
}

void
kt_deal_detail_set_deal_id (KtDealDetail *self,
                            const char   *deal_id)
{
  g_return_if_fail (KT_IS_DEAL_DETAIL (self));

  if (g_strcmp0 (self->deal_id, deal_id) == 0)
    return;
  g_free (self->deal_id);
  self->deal_id = g_strdup (deal_id);
  if (self->timeline != NULL)
    kt_activity_timeline_set_record (KT_ACTIVITY_TIMELINE (self->timeline), "deal", deal_id);
  rebuild (self);
  /* Another deal starts at its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

const char *
kt_deal_detail_get_deal_id (KtDealDetail *self)
{
  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), NULL);
  return self->deal_id;
}

gboolean
kt_deal_detail_focus_first (KtDealDetail *self)
{
  GtkWidget *row;

  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), FALSE);

  row = find_first_row (g_hash_table_lookup (self->groups, "fields"));
  if (row != NULL && gtk_widget_grab_focus (row))
    return TRUE;
  /* Edit changes nothing by itself: a safe place for Enter. */
  return gtk_widget_grab_focus (self->edit_button);
}

const char *
kt_deal_detail_get_title (KtDealDetail *self)
{
  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), NULL);
  return gtk_label_get_label (self->title_label);
}

/**
 * kt_deal_detail_get_timeline:
 *
 * Returns: (transfer none): the deal's activity timeline
 */
GtkWidget *
kt_deal_detail_get_timeline (KtDealDetail *self)
{
  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), NULL);
  return self->timeline;
}

guint
kt_deal_detail_count_rows (KtDealDetail *self,
                           const char   *group)
{
  GtkWidget *widget;

  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), 0);

  widget = g_hash_table_lookup (self->groups, group);
  return widget != NULL ? count_rows (widget) : 0;
}
