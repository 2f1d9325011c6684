/* kt-ai-tasks-dialog.c: tasks the AI suggests for a contact or a deal
 *
 * The suggestions are kept as ai_suggestion records (status pending), so
 * they sync and what became of each is known. Apply creates the task and
 * marks the suggestion applied, Dismiss marks it dismissed: each in one
 * store transaction, each undone by its toast's Undo (the task
 * tombstoned, the suggestion pending again).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-tasks-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-actions.h"
#include "kt-ai-client.h"
#include "kt-ai-tasks-dialog.h"

struct _KtAiTasksDialog
{
  AdwWindow        parent_instance;

  KtContext       *context;
  KtRecord        *record;
  GCancellable    *cancellable;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  GtkLabel        *about_label;
  GtkListBox      *task_list;
};

G_DEFINE_FINAL_TYPE (KtAiTasksDialog, kt_ai_tasks_dialog, ADW_TYPE_WINDOW)

/* What a row keeps of its suggestion: the answer's priority and due
 * days, which the ai_suggestion record does not have fields for. */
typedef struct {
  char   *suggestion_id;
  char   *task_id;        /* the task Apply made, while undoable */
  char   *priority;
  gint64  due_in_days;
} Suggestion;

static void
suggestion_free (Suggestion *s)
{
  g_free (s->suggestion_id);
  g_free (s->task_id);
  g_free (s->priority);
  g_free (s);
}

static KtStore *
get_store (KtAiTasksDialog *self)
{
  return kt_context_get_store (self->context);
}

static void
show_problem (KtAiTasksDialog *self,
              const GError    *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_row_state (GtkWidget  *row,
               const char *status)
{
  GtkWidget *buttons = g_object_get_data (G_OBJECT (row), "buttons");
  GtkWidget *state = g_object_get_data (G_OBJECT (row), "state");
  gboolean pending = g_strcmp0 (status, "pending") == 0;

  gtk_widget_set_visible (buttons, pending);
  gtk_widget_set_visible (state, !pending);
  if (g_strcmp0 (status, "applied") == 0)
    gtk_label_set_text (GTK_LABEL (state), C_("suggestion", "Task created"));
  else if (g_strcmp0 (status, "dismissed") == 0)
    gtk_label_set_text (GTK_LABEL (state), C_("suggestion", "Dismissed"));
}

static KtRecord *
load_suggestion (KtAiTasksDialog *self,
                 Suggestion      *s,
                 GError         **error)
{
  return kt_store_get (get_store (self), KT_ENTITY_AI_SUGGESTION, s->suggestion_id, error);
}

static char *
due_at_in (gint64 days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, (gint) days);
  g_autoptr(GDateTime) nine = g_date_time_new_local (g_date_time_get_year (day),
                                                     g_date_time_get_month (day),
                                                     g_date_time_get_day_of_month (day), 9, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (nine);

  /* Nine in the morning of that day, where the person is. */
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z");
}

static void undo_row (KtAiTasksDialog *self, GtkWidget *row);

static void
on_undo_clicked_cb (AdwToast  *toast,
                    GtkWidget *row)
{
  KtAiTasksDialog *self = KT_AI_TASKS_DIALOG (gtk_widget_get_root (row));

  undo_row (self, row);
}

static void
toast_with_undo (KtAiTasksDialog *self,
                 GtkWidget       *row,
                 const char      *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), row, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
apply_row (KtAiTasksDialog *self,
           GtkWidget       *row)
{
  Suggestion *s = g_object_get_data (G_OBJECT (row), "suggestion");
  g_autoptr(KtRecord) suggestion = NULL;
  g_autoptr(KtRecord) task = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *due_at = due_at_in (s->due_in_days);
  const char *entity = kt_record_get_entity (self->record)->name;

  suggestion = load_suggestion (self, s, &error);
  if (suggestion == NULL)
    {
      show_problem (self, error);
      return;
    }

  task = kt_record_new (KT_ENTITY_TASK);
  kt_record_apply_defaults (task);
  kt_record_set_string (task, "title", kt_record_get_string (suggestion, "title"));
  if (kt_record_get_string (suggestion, "body") != NULL)
    kt_record_set_string (task, "description", kt_record_get_string (suggestion, "body"));
  kt_record_set_string (task, "priority", s->priority);
  kt_record_set_string (task, "due_at", due_at);
  kt_record_set_string (task, "assignee_id", kt_store_get_user_id (get_store (self)));
  /* The task goes where the suggestion was about, and with a deal to its
   * people too, as the deal's own Add Task does. */
  if (g_str_equal (entity, "contact"))
    kt_record_set_string (task, "contact_id", kt_record_get_id (self->record));
  else if (g_str_equal (entity, "deal"))
    {
      kt_record_set_string (task, "deal_id", kt_record_get_id (self->record));
      if (kt_record_get_string (self->record, "contact_id") != NULL)
        kt_record_set_string (task, "contact_id", kt_record_get_string (self->record, "contact_id"));
      if (kt_record_get_string (self->record, "company_id") != NULL)
        kt_record_set_string (task, "company_id", kt_record_get_string (self->record, "company_id"));
    }
  kt_record_set_string (suggestion, "status", "applied");
  g_ptr_array_add (records, task);
  g_ptr_array_add (records, suggestion);
  if (!kt_store_save_all (get_store (self), records, &error))
    {
      show_problem (self, error);
      return;
    }

  g_free (s->task_id);
  s->task_id = g_strdup (kt_record_get_id (task));
  set_row_state (row, "applied");
  toast_with_undo (self, row, _("Task created"));
}

static void
dismiss_row (KtAiTasksDialog *self,
             GtkWidget       *row)
{
  Suggestion *s = g_object_get_data (G_OBJECT (row), "suggestion");
  g_autoptr(KtRecord) suggestion = NULL;
  g_autoptr(GError) error = NULL;

  suggestion = load_suggestion (self, s, &error);
  if (suggestion != NULL)
    kt_record_set_string (suggestion, "status", "dismissed");
  if (suggestion == NULL || !kt_store_save (get_store (self), suggestion, &error))
    {
      show_problem (self, error);
      return;
    }
  set_row_state (row, "dismissed");
  toast_with_undo (self, row, _("Suggestion dismissed"));
}

static void
undo_row (KtAiTasksDialog *self,
          GtkWidget       *row)
{
  Suggestion *s = g_object_get_data (G_OBJECT (row), "suggestion");
  g_autoptr(KtRecord) suggestion = NULL;
  g_autoptr(GError) error = NULL;

  suggestion = load_suggestion (self, s, &error);
  if (suggestion == NULL)
    {
      show_problem (self, error);
      return;
    }
  if (s->task_id != NULL && !kt_store_delete (get_store (self), KT_ENTITY_TASK, s->task_id, &error))
    {
      show_problem (self, error);
      return;
    }
  g_clear_pointer (&s->task_id, g_free);
  kt_record_set_string (suggestion, "status", "pending");
  if (!kt_store_save (get_store (self), suggestion, &error))
    {
      show_problem (self, error);
      return;
    }
  set_row_state (row, "pending");
}

static void
on_apply_clicked_cb (GtkButton *button,
                     GtkWidget *row)
{
  apply_row (KT_AI_TASKS_DIALOG (gtk_widget_get_root (row)), row);
}

static void
on_dismiss_clicked_cb (GtkButton *button,
                       GtkWidget *row)
{
  dismiss_row (KT_AI_TASKS_DIALOG (gtk_widget_get_root (row)), row);
}

static const char *
priority_label (const char *priority)
{
  if (g_strcmp0 (priority, "low") == 0)
    return C_("priority", "Low");
  if (g_strcmp0 (priority, "high") == 0)
    return C_("priority", "High");
  if (g_strcmp0 (priority, "urgent") == 0)
    return C_("priority", "Urgent");
  return C_("priority", "Medium");
}

static GtkWidget *
new_row (KtRecord   *suggestion,
         Suggestion *s)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));
  GtkWidget *state = gtk_label_new (NULL);
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;

  when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "due in %d day", "due in %d days",
                                       (gulong) s->due_in_days),
                          (int) s->due_in_days);
  subtitle = g_strdup_printf ("%s · %s%s%s", priority_label (s->priority), when,
                              kt_record_get_string (suggestion, "body") != NULL ? "\n" : "",
                              kt_record_get_string (suggestion, "body") != NULL
                              ? kt_record_get_string (suggestion, "body") : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kt_record_get_string (suggestion, "title"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (apply, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), apply);
  gtk_box_append (GTK_BOX (buttons), dismiss);
  gtk_widget_add_css_class (state, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);

  g_object_set_data_full (G_OBJECT (row), "suggestion", s, (GDestroyNotify) suggestion_free);
  g_object_set_data (G_OBJECT (row), "buttons", buttons);
  g_object_set_data (G_OBJECT (row), "state", state);
  g_signal_connect (apply, "clicked", G_CALLBACK (on_apply_clicked_cb), row);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (on_dismiss_clicked_cb), row);
  set_row_state (row, "pending");
  return row;
}

/* Keeps every suggestion of @result as a pending ai_suggestion, all in
 * one transaction, then shows them. */
static void
show_result (KtAiTasksDialog *self,
             JsonObject      *result)
{
  JsonArray *tasks = json_object_get_array_member (result, "tasks");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) suggestion_free);
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->task_list))) != NULL)
    gtk_list_box_remove (self->task_list, child);

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *item = json_array_get_object_element (tasks, i);
      KtRecord *suggestion = kt_record_new (KT_ENTITY_AI_SUGGESTION);
      const char *reason = json_object_get_string_member_with_default (item, "reason", "");
      Suggestion *s = g_new0 (Suggestion, 1);

      kt_record_apply_defaults (suggestion);
      kt_record_set_string (suggestion, "kind", "task");
      kt_record_set_string (suggestion, "title", json_object_get_string_member (item, "title"));
      if (*reason != '\0')
        kt_record_set_string (suggestion, "body", reason);
      kt_record_set_string (suggestion, "related_entity", kt_record_get_entity (self->record)->name);
      kt_record_set_string (suggestion, "related_id", kt_record_get_id (self->record));
      kt_record_set_string (suggestion, "status", "pending");
      s->suggestion_id = g_strdup (kt_record_get_id (suggestion));
      s->priority = g_strdup (json_object_get_string_member (item, "priority"));
      s->due_in_days = json_object_get_int_member (item, "due_in_days");
      g_ptr_array_add (records, suggestion);
      g_ptr_array_add (suggestions, s);
    }

  if (!kt_store_save_all (get_store (self), records, &error))
    {
      kt_ai_actions_show_error (self->stack, self->error_page, error);
      return;
    }

  /* The rows own their suggestions from here on. */
  g_ptr_array_set_free_func (suggestions, NULL);
  for (guint i = 0; i < records->len; i++)
    gtk_list_box_append (self->task_list,
                         new_row (g_ptr_array_index (records, i), g_ptr_array_index (suggestions, i)));
  if (records->len == 0)
    gtk_label_set_text (self->about_label, _("The AI has no tasks to suggest."));
  gtk_stack_set_visible_child_name (self->stack, "result");
}

static void
on_suggested_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KtAiTasksDialog) self = user_data;
  g_autoptr(JsonObject) answer = kt_ai_actions_finish (source, result, self->stack, self->error_page);

  if (answer != NULL)
    show_result (self, answer);
}

static void
ask (KtAiTasksDialog *self)
{
  g_autoptr(JsonArray) context = kt_ai_actions_context_for (get_store (self), self->record);

  kt_ai_actions_show_busy (self->stack);
  kt_ai_structured_async (kt_context_get_sync_engine (self->context), KT_AI_ACTION_SUGGEST_TASKS,
                          NULL, context, self->cancellable, on_suggested_cb, g_object_ref (self));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ask (KT_AI_TASKS_DIALOG (widget));
}

static void
kt_ai_tasks_dialog_dispose (GObject *object)
{
  KtAiTasksDialog *self = KT_AI_TASKS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->record);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_ai_tasks_dialog_parent_class)->dispose (object);
}

static void
kt_ai_tasks_dialog_class_init (KtAiTasksDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_ai_tasks_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/ai-actions/kt-ai-tasks-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtAiTasksDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtAiTasksDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KtAiTasksDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, KtAiTasksDialog, about_label);
  gtk_widget_class_bind_template_child (widget_class, KtAiTasksDialog, task_list);
  gtk_widget_class_install_action (widget_class, "ai.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_ai_tasks_dialog_init (KtAiTasksDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

KtAiTasksDialog *
kt_ai_tasks_dialog_new (KtContext *context,
                        KtRecord  *record)
{
  KtAiTasksDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *about = NULL;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  self = g_object_new (KT_TYPE_AI_TASKS_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->record = g_object_ref (record);
  title = kt_record_dup_title (record);
  about = g_strdup_printf (_("For %s. Apply makes a task of a suggestion; Dismiss sets it aside. Both can be undone."),
                           title);
  gtk_label_set_text (self->about_label, about);
  ask (self);
  return self;
}
