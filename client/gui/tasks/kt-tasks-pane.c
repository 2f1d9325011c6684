/* kt-tasks-pane.c: the Tasks section
 *
 * Four groups, each a boxed GtkListBox bound to a copy of the first tasks
 * of its group's model: a group shows its first PAGE_SIZE tasks and a
 * "Show more" button shows more, so the pane builds rows only for what is
 * on screen even with thousands of tasks (GTK 4.8's GtkListView has no
 * section headers).
 *
 * The store's lists reload whole on every change of a task (items-changed
 * over all of them), and a list box rebuilds every row on such a change:
 * completing one task rebuilt all 200 rows, each reading its linked
 * records, and the list jumped while it was empty. So each group's rows
 * are a GListStore that sync_section() brings up to date by comparing ids
 * and clocks: a completed task removes one row and adds one, and the rows
 * around it, the focus and the scroll position stay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-tasks-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-format.h"
#include "kt-narrow.h"
#include "kt-saved-views.h"
#include "kt-task-editor.h"
#include "kt-toast.h"
#include "kt-task-notifier.h"
#include "kt-task-row.h"
#include "kt-tasks-pane.h"
#include "kt-view-save.h"

#define PAGE_SIZE 50

typedef struct {
  KtTasksPane       *pane;
  KtTaskGroup        group;
  GtkWidget         *box;
  GtkWidget         *title;
  GtkWidget         *list;
  GtkWidget         *more;
  GListModel        *model;   /* the whole group */
  GListStore        *shown;   /* of KtRecord: its first @limit tasks */
  guint              limit;
} Section;

/* What Undo (the toast's button, Ctrl+Z) does: one step, the last. */
typedef enum {
  UNDO_NONE,
  UNDO_RESTORE,    /* save @before again: a completion or reopening */
  UNDO_DELETE,     /* a task created */
  UNDO_UNDELETE,   /* a task deleted */
} UndoKind;

struct _KtTasksPane
{
  GtkWidget       parent_instance;

  KtContext      *context;
  KtTaskGroups   *groups;
  KtTaskNotifier *notifier;
  Section         sections[KT_TASK_N_GROUPS];
  guint           midnight_id;
  guint           sync_id;

  UndoKind        undo_kind;
  KtRecord       *undo_before;
  char           *undo_id;
  AdwToast       *undo_toast;     /* weak */
  char           *select_id;      /* a created task, selected once shown */

  GtkWidget      *search_entry;
  GtkWidget      *summary_label;
  GtkWidget      *new_button;
  GtkWidget      *new_icon_button;
  GtkWidget      *scroller;
  GtkWidget      *stack;
  GtkWidget      *groups_box;
};

G_DEFINE_FINAL_TYPE (KtTasksPane, kt_tasks_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_midnight (KtTasksPane *self);

static KtStore *
get_store (KtTasksPane *self)
{
  return kt_context_get_store (self->context);
}

static void
update_section (Section *section)
{
  guint n = g_list_model_get_n_items (section->model);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (section->shown));
  g_autofree char *title = g_strdup_printf ("%s · %u", kt_task_group_get_title (section->group), n);

  gtk_label_set_label (GTK_LABEL (section->title), title);
  gtk_widget_set_visible (section->box, n > 0);
  gtk_widget_set_visible (section->more, n > shown);
}

static void
update_summary (KtTasksPane *self)
{
  guint open = 0, total = 0;
  g_autofree char *text = NULL;

  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    {
      guint n = g_list_model_get_n_items (self->sections[g].model);

      total += n;
      if (g != KT_TASK_GROUP_DONE)
        open += n;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open task", "%u open tasks", open), open);
  gtk_label_set_label (GTK_LABEL (self->summary_label), text);
  if (total > 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
  else if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "no-results");
  else
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
}

static gboolean
same_task (KtRecord *a,
           KtRecord *b)
{
  return g_strcmp0 (kt_record_get_id (a), kt_record_get_id (b)) == 0;
}

static gboolean
row_has_focus (Section *section,
               guint    position)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (section->list), (int) position);
  GtkRoot *root = gtk_widget_get_root (section->list);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return row != NULL && focus != NULL &&
         (focus == GTK_WIDGET (row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row)));
}

/* The row at @position is about to go while it has the keyboard (its
 * check button was just clicked): give the keyboard to the row that
 * takes its place, or the one above, rather than let GTK hand it to the
 * list's first row, which scrolled the list there. */
static void
hand_over_focus (Section *section,
                 guint    position)
{
  GtkListBox *list = GTK_LIST_BOX (section->list);
  GtkListBoxRow *next;

  if (!row_has_focus (section, position))
    return;
  next = gtk_list_box_get_row_at_index (list, (int) position + 1);
  if (next == NULL && position > 0)
    next = gtk_list_box_get_row_at_index (list, (int) position - 1);
  if (next != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (next));
}

/* Brings @section's rows up to the first tasks of its group with as few
 * changes as the list box sees: a row stays while its task is unchanged
 * (same id and clock), a changed task replaces its row only, and a task
 * that left or arrived removes or inserts one row. */
static void
sync_section (Section *section)
{
  GListModel *shown = G_LIST_MODEL (section->shown);
  guint n = MIN (g_list_model_get_n_items (section->model), section->limit);
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  guint i = 0, j = 0;

  for (guint k = 0; k < n; k++)
    {
      KtRecord *task = g_list_model_get_item (section->model, k);

      if (task == NULL)
        break;
      g_ptr_array_add (next, task);
      g_hash_table_insert (index, (gpointer) kt_record_get_id (task), GUINT_TO_POINTER (k + 1));
    }

  while (j < next->len)
    {
      KtRecord *want = next->pdata[j];
      g_autoptr(KtRecord) have = g_list_model_get_item (shown, i);
      guint later;

      if (have == NULL)
        {
          g_list_store_splice (section->shown, i, 0, next->pdata + j, next->len - j);
          i += next->len - j;
          break;
        }
      if (same_task (have, want))
        {
          if (g_strcmp0 (kt_record_get_hlc (have), kt_record_get_hlc (want)) != 0)
            {
              gboolean focused = row_has_focus (section, i);

              g_list_store_splice (section->shown, i, 1, (gpointer *) &want, 1);
              if (focused)
                gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (section->list),
                                                                                   (int) i)));
            }
          i++, j++;
          continue;
        }
      later = GPOINTER_TO_UINT (g_hash_table_lookup (index, kt_record_get_id (have)));
      if (later == 0 || later - 1 < j)
        {
          /* Gone from the group, or already placed above. */
          hand_over_focus (section, i);
          g_list_store_remove (section->shown, i);
          continue;
        }
      g_list_store_insert (section->shown, i, want);
      i++, j++;
    }
  while (g_list_model_get_n_items (shown) > i)
    {
      hand_over_focus (section, g_list_model_get_n_items (shown) - 1);
      g_list_store_remove (section->shown, g_list_model_get_n_items (shown) - 1);
    }
}

static void select_pending (KtTasksPane *self);

static void
sync_all (KtTasksPane *self)
{
  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    {
      sync_section (&self->sections[g]);
      update_section (&self->sections[g]);
    }
  update_summary (self);
  select_pending (self);
}

static gboolean
on_sync_idle_cb (gpointer data)
{
  KtTasksPane *self = data;

  self->sync_id = 0;
  sync_all (self);
  return G_SOURCE_REMOVE;
}

/* One save makes the groups' models change several times (both lists
 * reload, then the borders between the groups move, each slice telling
 * on its own), and in between a group can hold another group's tasks for
 * a moment. The rows follow once, when the models have settled, before
 * the next frame is laid out. */
static void
queue_sync (KtTasksPane *self)
{
  if (self->sync_id == 0)
    self->sync_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_sync_idle_cb, self, NULL);
}

static void
on_search_changed_cb (KtTasksPane    *self,
                      GtkSearchEntry *entry)
{
  kt_task_groups_set_search (self->groups, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_summary (self);
}

/* Escape in the entry clears the search, as in the other panes. */
static void
on_search_stopped_cb (KtTasksPane    *self,
                      GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_group_items_changed_cb (Section    *section,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  queue_sync (section->pane);
}

static void
on_more_clicked_cb (Section   *section,
                    GtkButton *button)
{
  section->limit += PAGE_SIZE;
  sync_section (section);
  update_section (section);
}

static void
clear_undo (KtTasksPane *self)
{
  self->undo_kind = UNDO_NONE;
  g_clear_object (&self->undo_before);
  g_clear_pointer (&self->undo_id, g_free);
  if (self->undo_toast != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *) &self->undo_toast);
      self->undo_toast = NULL;
    }
}

static void
undo (KtTasksPane *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) before = g_steal_pointer (&self->undo_before);
  g_autofree char *id = g_steal_pointer (&self->undo_id);
  AdwToast *toast = self->undo_toast;
  UndoKind kind = self->undo_kind;
  gboolean ok = TRUE;

  /* The toast offers an undo that is no longer there (Ctrl+Z did it). */
  if (toast != NULL)
    {
      g_object_ref (toast);
      clear_undo (self);
      adw_toast_dismiss (toast);
      g_object_unref (toast);
    }
  clear_undo (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.undo", FALSE);

  switch (kind)
    {
    case UNDO_RESTORE:
      ok = kt_store_save (get_store (self), before, &error);
      break;
    case UNDO_DELETE:
      ok = kt_store_delete (get_store (self), KT_ENTITY_TASK, id, &error);
      break;
    case UNDO_UNDELETE:
      ok = kt_store_undelete (get_store (self), KT_ENTITY_TASK, id, &error);
      break;
    case UNDO_NONE:
    default:
      break;
    }
  if (!ok)
    kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
on_undo_clicked_cb (KtTasksPane *self,
                    AdwToast    *toast)
{
  /* Only the newest toast's Undo is live: an older one's step is gone. */
  if (toast == self->undo_toast)
    undo (self);
}

/* A task's title for a toast, whose title is markup. */
static char *
toast_title (KtRecord *task)
{
  const char *title = kt_record_get_string (task, "title");

  return g_markup_escape_text (title != NULL ? title : "", -1);
}

/* Remembers how to take back what was just done to @task, and says so
 * with a toast (@text) whose Undo does it. */
static void
offer_undo (KtTasksPane *self,
            UndoKind     kind,
            KtRecord    *task,
            const char  *text)
{
  AdwToast *toast;

  clear_undo (self);
  self->undo_kind = kind;
  self->undo_id = g_strdup (kt_record_get_id (task));
  if (kind == UNDO_RESTORE)
    self->undo_before = kt_record_copy (task);

  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  self->undo_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &self->undo_toast);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.undo", TRUE);
  kt_widget_add_toast (GTK_WIDGET (self), toast);
}

static KtTaskRow *
find_row (KtTasksPane *self,
          const char  *id)
{
  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    for (GtkWidget *row = gtk_widget_get_first_child (self->sections[g].list);
         row != NULL; row = gtk_widget_get_next_sibling (row))
      if (KT_IS_TASK_ROW (row) &&
          g_strcmp0 (kt_record_get_id (kt_task_row_get_task (KT_TASK_ROW (row))), id) == 0)
        return KT_TASK_ROW (row);
  return NULL;
}

/* Shows the more rows of the group holding @id that it takes to reach
 * it; FALSE if no group has it (not in the search, or not read yet). */
static gboolean
reveal_task (KtTasksPane *self,
             const char  *id)
{
  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    {
      Section *section = &self->sections[g];
      guint n = g_list_model_get_n_items (section->model);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(KtRecord) task = g_list_model_get_item (section->model, i);

          if (task != NULL && g_strcmp0 (kt_record_get_id (task), id) == 0)
            {
              if (i >= section->limit)
                {
                  section->limit = (i / PAGE_SIZE + 1) * PAGE_SIZE;
                  sync_section (section);
                  update_section (section);
                }
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* Scrolls the list to @row once it has a place: the viewport follows the
 * focus only into rows laid out already, and a new row is not yet. */
static gboolean
scroll_to_row_cb (GtkWidget     *row,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t top = GRAPHENE_POINT_INIT (0, 0);
  graphene_point_t at;
  GtkAdjustment *vadj;
  double height, row_height;

  if (scrolled == NULL)
    return G_SOURCE_REMOVE;
  row_height = gtk_widget_get_height (row);
  if (row_height <= 0 || !gtk_widget_compute_point (row, scrolled, &top, &at))
    return G_SOURCE_CONTINUE;
  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  height = gtk_widget_get_height (scrolled);
  if (row_height >= height)
    return G_SOURCE_REMOVE;
  /* Into the middle, so the rows around it show too; and again on the
   * next frame if rows laid out meanwhile (the group's next page, shown
   * to reach it) moved it. */
  if (at.y < 0 || at.y + row_height > height)
    {
      gtk_adjustment_set_value (vadj, gtk_adjustment_get_value (vadj) + at.y - (height - row_height) / 2);
      return G_SOURCE_CONTINUE;
    }
  return G_SOURCE_REMOVE;
}

/* Selects the task created last, gives its row the keyboard and scrolls
 * the list to it. */
static void
select_pending (KtTasksPane *self)
{
  KtTaskRow *row;

  if (self->select_id == NULL || !reveal_task (self, self->select_id))
    return;
  row = find_row (self, self->select_id);
  g_clear_pointer (&self->select_id, g_free);
  if (row == NULL)
    return;
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row))),
                           GTK_LIST_BOX_ROW (row));
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_widget_add_tick_callback (GTK_WIDGET (row), scroll_to_row_cb, NULL, NULL);
}

static void
on_editor_saved_cb (KtTasksPane *self,
                    KtRecord    *task,
                    gboolean     created)
{
  g_autofree char *title = toast_title (task);
  g_autofree char *text = NULL;

  if (!created)
    return;
  g_free (self->select_id);
  self->select_id = g_strdup (kt_record_get_id (task));
  /* Translators: a toast after a new task was saved; %s is its title */
  text = g_strdup_printf (_("Task “%s” created"), title);
  offer_undo (self, UNDO_DELETE, task, text);
  queue_sync (self);
}

static void
open_editor (KtTasksPane *self,
             KtRecord    *task)
{
  KtTaskEditor *editor = kt_task_editor_new (get_store (self), task);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_row_toggle_done_cb (KtTasksPane *self,
                       gboolean     done,
                       KtTaskRow   *row)
{
  g_autoptr(GError) error = NULL;

  if (!kt_tasks_pane_set_done (self, kt_task_row_get_task (row), done, &error))
    kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

/* Only one row of all the groups is selected at a time. */
static void
on_row_selected_cb (KtTasksPane   *self,
                    GtkListBoxRow *row,
                    GtkListBox    *list)
{
  if (row == NULL)
    return;
  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    if (self->sections[g].list != GTK_WIDGET (list))
      gtk_list_box_unselect_all (GTK_LIST_BOX (self->sections[g].list));
}

/* The selected task, else the one whose row has the keyboard. */
static KtTaskRow *
current_row (KtTasksPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->sections[g].list));

      if (KT_IS_TASK_ROW (row))
        return KT_TASK_ROW (row);
    }
  if (focus != NULL && !KT_IS_TASK_ROW (focus))
    focus = gtk_widget_get_ancestor (focus, KT_TYPE_TASK_ROW);
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return KT_TASK_ROW (focus);
  return NULL;
}

static void
on_row_activated_cb (KtTasksPane   *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list)
{
  if (KT_IS_TASK_ROW (row))
    open_editor (self, kt_task_row_get_task (KT_TASK_ROW (row)));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  KtTasksPane *self = user_data;
  GtkWidget *row = kt_task_row_new (get_store (self), item);

  g_signal_connect_object (row, "toggle-done", G_CALLBACK (on_row_toggle_done_cb),
                           self, G_CONNECT_SWAPPED);
  return row;
}

static void
build_section (KtTasksPane *self,
               KtTaskGroup  group)
{
  Section *section = &self->sections[group];

  section->pane = self;
  section->group = group;
  section->model = kt_task_groups_get_model (self->groups, group);
  section->shown = g_list_store_new (KT_TYPE_RECORD);
  section->limit = PAGE_SIZE;

  section->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  section->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (section->title), 0);
  gtk_widget_add_css_class (section->title, "heading");
  if (group == KT_TASK_GROUP_OVERDUE)
    gtk_widget_add_css_class (section->title, "error");

  section->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (section->list), GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (section->list, "boxed-list");
  gtk_list_box_bind_model (GTK_LIST_BOX (section->list), G_LIST_MODEL (section->shown),
                           create_row_cb, self, NULL);

  section->more = gtk_button_new_with_mnemonic (_("Show _More"));
  gtk_widget_set_halign (section->more, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (section->more, "pill");

  gtk_box_append (GTK_BOX (section->box), section->title);
  gtk_box_append (GTK_BOX (section->box), section->list);
  gtk_box_append (GTK_BOX (section->box), section->more);
  gtk_box_append (GTK_BOX (self->groups_box), section->box);

  g_signal_connect_object (section->list, "row-activated",
                           G_CALLBACK (on_row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (section->list, "row-selected",
                           G_CALLBACK (on_row_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (section->more, "clicked", G_CALLBACK (on_more_clicked_cb), section);
  g_signal_connect_swapped (section->model, "items-changed",
                            G_CALLBACK (on_group_items_changed_cb), section);
  sync_section (section);
  update_section (section);
}

static void
on_task_due_cb (KtTasksPane *self)
{
  /* The task that fell due moves from Today to Overdue. */
  kt_task_groups_set_now (self->groups, 0);
}

static gboolean
on_midnight_cb (gpointer data)
{
  KtTasksPane *self = data;

  self->midnight_id = 0;
  kt_task_groups_set_now (self->groups, 0);
  schedule_midnight (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_midnight (KtTasksPane *self)
{
  g_autoptr(GDateTime) now = kt_format_now ();
  g_autoptr(GDateTime) today = g_date_time_new (kt_format_get_time_zone (),
                                                g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now),
                                                0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  gint64 seconds = g_date_time_difference (tomorrow, now) / G_USEC_PER_SEC + 1;

  self->midnight_id = g_timeout_add_seconds ((guint) CLAMP (seconds, 1, 24 * 60 * 60),
                                             on_midnight_cb, self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (KT_TASKS_PANE (widget), NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KtTasksPane *self = KT_TASKS_PANE (widget);

  gtk_widget_grab_focus (self->search_entry);
}

/* Saved views of the tasks: the search, which is all the pane filters
 * by; a view's other keys are ignored (docs/ui.md). */
static void
save_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KtTasksPane *self = KT_TASKS_PANE (widget);
  g_autoptr(JsonObject) state = json_object_new ();
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (*search != '\0')
    json_object_set_string_member (state, "search", search);
  kt_view_save_present (widget, get_store (self), "tasks", state);
}

static void
open_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KtTasksPane *self = KT_TASKS_PANE (widget);
  g_autoptr(JsonObject) state = kt_saved_views_dup_state (get_store (self), g_variant_get_string (parameter, NULL),
                                                          NULL);
  JsonNode *search = state != NULL ? json_object_get_member (state, "search") : NULL;

  if (state == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                         search != NULL && JSON_NODE_HOLDS_VALUE (search) &&
                         json_node_get_value_type (search) == G_TYPE_STRING ? json_node_get_string (search) : "");
  kt_task_groups_set_search (self->groups, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KtTasksPane *self = KT_TASKS_PANE (widget);
  KtTaskRow *row = current_row (self);
  g_autoptr(KtRecord) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (row == NULL)
    return;
  task = g_object_ref (kt_task_row_get_task (row));
  if (!kt_store_delete (get_store (self), KT_ENTITY_TASK, kt_record_get_id (task), &error))
    {
      kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }
  title = toast_title (task);
  /* Translators: a toast after a task was deleted; %s is its title */
  text = g_strdup_printf (_("Task “%s” deleted"), title);
  offer_undo (self, UNDO_UNDELETE, task, text);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  undo (KT_TASKS_PANE (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kt_task_groups_set_now (KT_TASKS_PANE (widget)->groups, 0);
}

static void
kt_tasks_pane_constructed (GObject *object)
{
  KtTasksPane *self = (KtTasksPane *) object;

  G_OBJECT_CLASS (kt_tasks_pane_parent_class)->constructed (object);

  g_assert (KT_IS_CONTEXT (self->context));

  self->groups = kt_task_groups_new (get_store (self));
  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    build_section (self, g);
  update_summary (self);

  self->notifier = g_object_ref (kt_task_notifier_ensure (self->context));
  g_signal_connect_object (self->notifier, "task-due", G_CALLBACK (on_task_due_cb),
                           self, G_CONNECT_SWAPPED);
  schedule_midnight (self);
}

static void
kt_tasks_pane_dispose (GObject *object)
{
  KtTasksPane *self = (KtTasksPane *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  kt_narrow_unwatch (GTK_WIDGET (self));
  clear_undo (self);
  g_clear_pointer (&self->select_id, g_free);
  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    {
      Section *section = &self->sections[g];

      if (section->model != NULL)
        g_signal_handlers_disconnect_by_data (section->model, section);
      g_clear_object (&section->shown);
      section->model = NULL;
    }
  /* The template's root box is not bound to a field, so
   * gtk_widget_dispose_template() would leave it behind. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->notifier);
  g_clear_object (&self->groups);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_tasks_pane_parent_class)->dispose (object);
}

static void
kt_tasks_pane_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KtTasksPane *self = KT_TASKS_PANE (object);

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
kt_tasks_pane_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KtTasksPane *self = KT_TASKS_PANE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_tasks_pane_class_init (KtTasksPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_tasks_pane_constructed;
  object_class->dispose = kt_tasks_pane_dispose;
  object_class->get_property = kt_tasks_pane_get_property;
  object_class->set_property = kt_tasks_pane_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/tasks/kt-tasks-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, KtTasksPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KtTasksPane, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KtTasksPane, new_button);
  gtk_widget_class_bind_template_child (widget_class, KtTasksPane, new_icon_button);
  gtk_widget_class_bind_template_child (widget_class, KtTasksPane, scroller);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped_cb);
  gtk_widget_class_bind_template_child (widget_class, KtTasksPane, stack);
  gtk_widget_class_bind_template_child (widget_class, KtTasksPane, groups_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "pane.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "pane.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "pane.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "pane.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "pane.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "pane.save-view", NULL, save_view_action);
  gtk_widget_class_install_action (widget_class, "pane.open-view", "s", open_view_action);
}

/* Under 600 px of list the search entry gets the room of the summary
 * and of New Task's words: at 360 px in Bulgarian the entry showed one
 * letter of its placeholder beside a three-line summary. */
#define NARROW_WIDTH 600

static void
on_narrow_cb (GtkWidget *owner,
              gboolean   narrow)
{
  KtTasksPane *self = KT_TASKS_PANE (owner);
  gboolean focused = gtk_widget_has_focus (self->new_button) || gtk_widget_has_focus (self->new_icon_button);

  gtk_widget_set_visible (self->summary_label, !narrow);
  gtk_widget_set_visible (self->new_button, !narrow);
  gtk_widget_set_visible (self->new_icon_button, narrow);
  /* Keyboard focus stays on New Task when it changes its look. */
  if (focused)
    gtk_widget_grab_focus (narrow ? self->new_icon_button : self->new_button);
}

static void
kt_tasks_pane_init (KtTasksPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.undo", FALSE);
  kt_narrow_watch (GTK_WIDGET (self), gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller)),
                   NARROW_WIDTH, on_narrow_cb);
}

GtkWidget *
kt_tasks_pane_new (KtContext *context)
{
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_TASKS_PANE, "context", context, NULL);
}

KtTaskGroups *
kt_tasks_pane_get_groups (KtTasksPane *self)
{
  g_return_val_if_fail (KT_IS_TASKS_PANE (self), NULL);
  return self->groups;
}

GtkListBox *
kt_tasks_pane_get_list (KtTasksPane *self,
                        KtTaskGroup  group)
{
  g_return_val_if_fail (KT_IS_TASKS_PANE (self), NULL);
  g_return_val_if_fail (group < KT_TASK_N_GROUPS, NULL);
  return GTK_LIST_BOX (self->sections[group].list);
}

gboolean
kt_tasks_pane_set_done (KtTasksPane  *self,
                        KtRecord     *task,
                        gboolean      done,
                        GError      **error)
{
  g_autoptr(KtRecord) copy = NULL;
  g_autofree char *now = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KT_IS_TASKS_PANE (self), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (task), FALSE);

  copy = kt_record_copy (task);
  now = kt_now_iso ();
  kt_record_set_bool (copy, "done", done);
  kt_record_set_string (copy, "done_at", done ? now : NULL);
  if (!kt_store_save (get_store (self), copy, error))
    return FALSE;
  title = toast_title (task);
  if (done)
    /* Translators: a toast after a task was ticked off; %s is its title */
    text = g_strdup_printf (_("“%s” done"), title);
  else
    /* Translators: a toast after a done task was unticked; %s is its title */
    text = g_strdup_printf (_("“%s” is open again"), title);
  /* Undo saves the task as it was, done time and all. */
  offer_undo (self, UNDO_RESTORE, task, text);
  return TRUE;
}
