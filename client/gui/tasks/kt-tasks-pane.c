/* kt-tasks-pane.c: the Tasks section
 *
 * Four groups, each a boxed GtkListBox bound to a slice of its group's
 * model: a group shows its first PAGE_SIZE tasks and a "Show more" button
 * grows the slice, so the pane builds rows only for what is on screen even
 * with thousands of tasks (GTK 4.8's GtkListView has no section headers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-tasks-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-task-editor.h"
#include "kt-task-notifier.h"
#include "kt-task-row.h"
#include "kt-tasks-pane.h"

#define PAGE_SIZE 50

typedef struct {
  KtTasksPane       *pane;
  KtTaskGroup        group;
  GtkWidget         *box;
  GtkWidget         *title;
  GtkWidget         *list;
  GtkWidget         *more;
  GListModel        *model;   /* the whole group */
  GtkSliceListModel *shown;   /* its first rows */
} Section;

struct _KtTasksPane
{
  GtkWidget       parent_instance;

  KtContext      *context;
  KtTaskGroups   *groups;
  KtTaskNotifier *notifier;
  Section         sections[KT_TASK_N_GROUPS];
  guint           midnight_id;

  GtkWidget      *search_entry;
  GtkWidget      *summary_label;
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
  guint shown = gtk_slice_list_model_get_size (section->shown);
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
  update_section (section);
  update_summary (section->pane);
}

static void
on_more_clicked_cb (Section   *section,
                    GtkButton *button)
{
  gtk_slice_list_model_set_size (section->shown,
                                 gtk_slice_list_model_get_size (section->shown) + PAGE_SIZE);
  update_section (section);
}

static void
open_editor (KtTasksPane *self,
             KtRecord    *task)
{
  KtTaskEditor *editor = kt_task_editor_new (get_store (self), task);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_row_toggle_done_cb (KtTasksPane *self,
                       gboolean     done,
                       KtTaskRow   *row)
{
  g_autoptr(GError) error = NULL;

  if (!kt_tasks_pane_set_done (self, kt_task_row_get_task (row), done, &error))
    g_warning ("Could not save the task: %s", error->message);
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
  section->shown = gtk_slice_list_model_new (g_object_ref (section->model), 0, PAGE_SIZE);

  section->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  section->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (section->title), 0);
  gtk_widget_add_css_class (section->title, "heading");
  if (group == KT_TASK_GROUP_OVERDUE)
    gtk_widget_add_css_class (section->title, "error");

  section->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (section->list), GTK_SELECTION_NONE);
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
  g_signal_connect_swapped (section->more, "clicked", G_CALLBACK (on_more_clicked_cb), section);
  g_signal_connect_swapped (section->model, "items-changed",
                            G_CALLBACK (on_group_items_changed_cb), section);
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
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
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
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped_cb);
  gtk_widget_class_bind_template_child (widget_class, KtTasksPane, stack);
  gtk_widget_class_bind_template_child (widget_class, KtTasksPane, groups_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "pane.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "pane.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "pane.reload", NULL, reload_action);
}

static void
kt_tasks_pane_init (KtTasksPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

  g_return_val_if_fail (KT_IS_TASKS_PANE (self), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (task), FALSE);

  copy = kt_record_copy (task);
  now = kt_now_iso ();
  kt_record_set_bool (copy, "done", done);
  kt_record_set_string (copy, "done_at", done ? now : NULL);
  return kt_store_save (get_store (self), copy, error);
}
