/* kt-task-row.c: one task in the task list
 *
 * A check button to mark it done, its title, and a subtitle that says when
 * it is due, what kind of task it is and what it is about (contact, company,
 * deal). Pressing the check button emits ::toggle-done; the pane saves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-task-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-format.h"
#include "kt-task-row.h"

struct _KtTaskRow
{
  AdwActionRow  parent_instance;

  KtRecord     *task;
  GtkWidget    *check;
  GtkWidget    *priority;
};

G_DEFINE_FINAL_TYPE (KtTaskRow, kt_task_row, ADW_TYPE_ACTION_ROW)

enum {
  TOGGLE_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
kt_task_priority_label (const char *priority)
{
  if (g_strcmp0 (priority, "low") == 0)
    return C_("task priority", "Low");
  if (g_strcmp0 (priority, "high") == 0)
    return C_("task priority", "High");
  if (g_strcmp0 (priority, "urgent") == 0)
    return C_("task priority", "Urgent");
  return C_("task priority", "Medium");
}

const char *
kt_task_type_label (const char *type)
{
  if (g_strcmp0 (type, "call") == 0)
    return C_("task type", "Call");
  if (g_strcmp0 (type, "email") == 0)
    return C_("task type", "Email");
  if (g_strcmp0 (type, "meeting") == 0)
    return C_("task type", "Meeting");
  if (g_strcmp0 (type, "follow_up") == 0)
    return C_("task type", "Follow-up");
  if (g_strcmp0 (type, "deadline") == 0)
    return C_("task type", "Deadline");
  return C_("task type", "To-do");
}

static void
append_link (GString        *out,
             KtStore        *store,
             KtRecord       *task,
             const char     *field,
             const char     *entity_name)
{
  const char *id = kt_record_get_string (task, field);
  g_autoptr(KtRecord) linked = NULL;
  g_autofree char *title = NULL;

  if (id == NULL)
    return;
  linked = kt_store_get (store, kt_entity_lookup (entity_name), id, NULL);
  if (linked == NULL)
    return;
  title = kt_record_dup_title (linked);
  g_string_append (out, " · ");
  g_string_append (out, title);
}

static void
on_check_toggled_cb (KtTaskRow      *self,
                     GtkCheckButton *check)
{
  g_signal_emit (self, signals[TOGGLE_DONE], 0,
                 gtk_check_button_get_active (check));
}

static void
kt_task_row_dispose (GObject *object)
{
  KtTaskRow *self = (KtTaskRow *) object;

  g_clear_object (&self->task);

  G_OBJECT_CLASS (kt_task_row_parent_class)->dispose (object);
}

static void
kt_task_row_class_init (KtTaskRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kt_task_row_dispose;

  /**
   * KtTaskRow::toggle-done:
   * @done: the new state
   */
  signals[TOGGLE_DONE] =
    g_signal_new ("toggle-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
kt_task_row_init (KtTaskRow *self)
{
  self->check = gtk_check_button_new ();
  gtk_widget_set_valign (self->check, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->check, "selection-mode");
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), self->check);

  self->priority = gtk_label_new (NULL);
  gtk_widget_set_valign (self->priority, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->priority, "caption");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->priority);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
}

/**
 * kt_task_row_new:
 * @store: the store, to name the linked records
 * @task: the task
 *
 * Returns: (transfer floating): a row for @task
 */
GtkWidget *
kt_task_row_new (KtStore  *store,
                 KtRecord *task)
{
  KtTaskRow *self;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = NULL;
  const char *due = kt_record_get_string (task, "due_at");
  const char *priority = kt_record_get_string (task, "priority");
  gboolean done = kt_record_get_bool (task, "done");

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (task), NULL);

  self = g_object_new (KT_TYPE_TASK_ROW, NULL);
  self->task = g_object_ref (task);

  title = g_markup_escape_text (kt_record_get_string (task, "title") != NULL ? kt_record_get_string (task, "title") : "", -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);

  if (due != NULL)
    {
      g_autofree char *when = kt_format_datetime_string (due);

      /* Translators: the due time of a task, e.g. "Due 25.11.2026 18:00" */
      g_string_append_printf (subtitle, _("Due %s"), when ? when : due);
    }
  else
    g_string_append (subtitle, _("No due date"));
  g_string_append (subtitle, " · ");
  g_string_append (subtitle, kt_task_type_label (kt_record_get_string (task, "type")));
  append_link (subtitle, store, task, "contact_id", "contact");
  append_link (subtitle, store, task, "company_id", "company");
  append_link (subtitle, store, task, "deal_id", "deal");
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), escaped);
  }

  gtk_label_set_label (GTK_LABEL (self->priority), kt_task_priority_label (priority));
  if (g_strcmp0 (priority, "urgent") == 0 || g_strcmp0 (priority, "high") == 0)
    gtk_widget_add_css_class (self->priority, "error");
  else
    gtk_widget_add_css_class (self->priority, "dim-label");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->check), done);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  done ? _("Mark as not done") : _("Mark as done"), -1);
  if (done)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
  /* Connected after the initial state so building the row emits nothing. */
  g_signal_connect_object (self->check, "toggled", G_CALLBACK (on_check_toggled_cb),
                           self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

KtRecord *
kt_task_row_get_task (KtTaskRow *self)
{
  g_return_val_if_fail (KT_IS_TASK_ROW (self), NULL);
  return self->task;
}

GtkWidget *
kt_task_row_get_check (KtTaskRow *self)
{
  g_return_val_if_fail (KT_IS_TASK_ROW (self), NULL);
  return self->check;
}
