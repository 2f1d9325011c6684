/* kt-ai-search-dialog.c: smart search
 *
 * The AI answers a filter (smart_search, docs/ai.md); it is shown as one
 * row per condition, "Field is more than [value]", whose value the person
 * can edit and which they can remove, and it runs on the local store
 * through KtQuery (kt_ai_filter_to_query()): the model never writes SQL,
 * and a field the entity does not have, or cannot be compared that way,
 * is refused with a message naming it. The query runs on a worker with a
 * store connection of its own (a filter on 100,000 contacts took 250 ms
 * in its default order: too long for the main loop). The found records
 * open in their section (win.show-record).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-search-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-actions.h"
#include "kt-ai-client.h"
#include "kt-ai-search-dialog.h"

/* The rows a search shows; the count says how many there are in all. */
#define MAX_SHOWN 50

struct _KtAiSearchDialog
{
  AdwWindow            parent_instance;

  KtContext           *context;
  GCancellable        *cancellable;
  GCancellable        *search_cancellable;  /* the search running on the worker */
  KtAiFilter          *filter;
  GPtrArray           *condition_rows;  /* of GtkWidget, in the filter's order */
  GPtrArray           *found;           /* of char *, record ids */

  GtkStack            *stack;
  AdwStatusPage       *error_page;
  AdwEntryRow         *question_row;
  AdwPreferencesGroup *filter_group;
  GtkLabel            *problem_label;
  AdwPreferencesGroup *results_group;
  GtkListBox          *results_list;
};

G_DEFINE_FINAL_TYPE (KtAiSearchDialog, kt_ai_search_dialog, ADW_TYPE_WINDOW)

static void run_search (KtAiSearchDialog *self);

static void
show_problem (KtAiSearchDialog *self,
              const char       *message)
{
  gtk_label_set_text (self->problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), message != NULL);
}

static char *
condition_title (const KtEntity *entity,
                 KtAiCondition  *condition)
{
  const KtField *field = kt_entity_get_field (entity, condition->field);

  /* Translators: a smart search condition, "Value is more than". */
  return g_strdup_printf (C_("filter", "%s %s"),
                          field != NULL ? _(field->label) : condition->field,
                          kt_ai_filter_op_label (condition->op));
}

static void
clear_results (KtAiSearchDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  g_ptr_array_set_size (self->found, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), FALSE);
}

static void
on_value_changed_cb (GtkEditable      *editable,
                     KtAiSearchDialog *self)
{
  guint index;

  if (!g_ptr_array_find (self->condition_rows, editable, &index))
    return;
  g_free (((KtAiCondition *) g_ptr_array_index (self->filter->conditions, index))->value);
  ((KtAiCondition *) g_ptr_array_index (self->filter->conditions, index))->value =
    g_strdup (gtk_editable_get_text (editable));
}

static void
on_remove_clicked_cb (GtkButton        *button,
                      KtAiSearchDialog *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");
  guint index;

  if (!g_ptr_array_find (self->condition_rows, row, &index))
    return;
  g_ptr_array_remove_index (self->filter->conditions, index);
  g_ptr_array_remove_index (self->condition_rows, index);
  adw_preferences_group_remove (self->filter_group, row);
  run_search (self);
}

static void
show_filter (KtAiSearchDialog *self)
{
  g_autofree char *description = NULL;

  for (guint i = 0; i < self->condition_rows->len; i++)
    adw_preferences_group_remove (self->filter_group, g_ptr_array_index (self->condition_rows, i));
  g_ptr_array_set_size (self->condition_rows, 0);

  /* Translators: smart search, which records it looks in: "Deals". */
  description = g_strdup_printf (_("Looking in: %s"), kt_ai_filter_entity_label (self->filter->entity));
  adw_preferences_group_set_description (self->filter_group, description);

  for (guint i = 0; i < self->filter->conditions->len; i++)
    {
      KtAiCondition *condition = g_ptr_array_index (self->filter->conditions, i);
      g_autofree char *title = condition_title (self->filter->entity, condition);
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *tooltip = g_strdup_printf (_("Remove “%s”"), title);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), condition->value);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, tooltip);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data (G_OBJECT (remove), "row", row);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
      g_signal_connect (row, "changed", G_CALLBACK (on_value_changed_cb), self);
      g_signal_connect_swapped (row, "apply", G_CALLBACK (run_search), self);
      g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (run_search), self);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
      adw_preferences_group_add (self->filter_group, row);
      g_ptr_array_add (self->condition_rows, row);
    }
}

typedef struct {
  char     *path;
  KtQuery  *query;
  GPtrArray *records;
  gint64    count;
} Search;

static void
search_free (Search *search)
{
  g_free (search->path);
  g_clear_pointer (&search->query, kt_query_free);
  g_clear_pointer (&search->records, g_ptr_array_unref);
  g_free (search);
}

/* On the worker: a connection of its own, as the store asks of threads. */
static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Search *search = data;
  g_autoptr(KtStore) store = NULL;
  GError *error = NULL;

  store = kt_store_open (search->path, &error);
  if (store != NULL)
    search->records = kt_store_query (store, search->query, 0, MAX_SHOWN, &error);
  if (search->records != NULL)
    search->count = kt_store_count (store, search->query, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  KtAiSearchDialog *self = KT_AI_SEARCH_DIALOG (source);
  Search *search = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (self, error->message);
      return;
    }
  g_clear_object (&self->search_cancellable);

  for (guint i = 0; i < search->records->len; i++)
    {
      KtRecord *record = g_ptr_array_index (search->records, i);
      g_autofree char *name = kt_record_dup_title (record);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_append (self->results_list, row);
      g_ptr_array_add (self->found, g_strdup (kt_record_get_id (record)));
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Found %d record", "Found %d records",
                                        (gulong) MAX (search->count, 0)),
                           (int) MAX (search->count, 0));
  adw_preferences_group_set_title (self->results_group, title);
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), TRUE);
}

/* Runs the filter as it stands on the local store. */
static void
run_search (KtAiSearchDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Search *search;
  KtQuery *query;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  clear_results (self);
  if (self->filter == NULL)
    return;

  query = kt_ai_filter_to_query (self->filter, &error);
  if (query == NULL)
    {
      show_problem (self, error->message);
      return;
    }
  show_problem (self, NULL);

  search = g_new0 (Search, 1);
  search->path = g_strdup (kt_store_get_path (kt_context_get_store (self->context)));
  search->query = query;
  self->search_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->search_cancellable, on_search_done_cb, NULL);
  g_task_set_source_tag (task, run_search);
  g_task_set_task_data (task, search, (GDestroyNotify) search_free);
  g_task_run_in_thread (task, search_thread);
}

/**
 * kt_ai_search_dialog_get_busy:
 *
 * Returns: whether a search is running (for tests)
 */
gboolean
kt_ai_search_dialog_get_busy (KtAiSearchDialog *self)
{
  g_return_val_if_fail (KT_IS_AI_SEARCH_DIALOG (self), FALSE);

  return self->search_cancellable != NULL;
}

static void
on_result_activated_cb (KtAiSearchDialog *self,
                        GtkListBoxRow    *row)
{
  int index = gtk_list_box_row_get_index (row);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (index < 0 || (guint) index >= self->found->len || parent == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-record", "(ss)",
                              self->filter->entity->name, g_ptr_array_index (self->found, index));
}

static void
on_searched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KtAiSearchDialog) self = user_data;
  g_autoptr(JsonObject) answer = kt_ai_actions_finish (source, result, self->stack, self->error_page);
  g_autoptr(GError) error = NULL;
  KtAiFilter *filter;

  if (answer == NULL)
    return;
  filter = kt_ai_filter_new_from_json (answer, &error);
  if (filter == NULL)
    {
      kt_ai_actions_show_error (self->stack, self->error_page, error);
      return;
    }
  g_clear_pointer (&self->filter, kt_ai_filter_free);
  self->filter = filter;
  show_filter (self);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_group), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "result");
  run_search (self);
}

void
kt_ai_search_dialog_ask (KtAiSearchDialog *self,
                         const char       *question)
{
  g_return_if_fail (KT_IS_AI_SEARCH_DIALOG (self));
  g_return_if_fail (question != NULL);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->question_row)), question) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->question_row), question);
  if (*question == '\0')
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  kt_ai_actions_show_busy (self->stack);
  kt_ai_structured_async (kt_context_get_sync_engine (self->context), KT_AI_ACTION_SMART_SEARCH,
                          question, NULL, self->cancellable, on_searched_cb, g_object_ref (self));
}

static void
on_question_apply_cb (KtAiSearchDialog *self)
{
  kt_ai_search_dialog_ask (self, gtk_editable_get_text (GTK_EDITABLE (self->question_row)));
}

KtAiFilter *
kt_ai_search_dialog_get_filter (KtAiSearchDialog *self)
{
  g_return_val_if_fail (KT_IS_AI_SEARCH_DIALOG (self), NULL);

  return self->filter;
}

GPtrArray *
kt_ai_search_dialog_get_found (KtAiSearchDialog *self)
{
  g_return_val_if_fail (KT_IS_AI_SEARCH_DIALOG (self), NULL);

  return self->found;
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  run_search (KT_AI_SEARCH_DIALOG (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  on_question_apply_cb (KT_AI_SEARCH_DIALOG (widget));
}

static void
kt_ai_search_dialog_dispose (GObject *object)
{
  KtAiSearchDialog *self = KT_AI_SEARCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->filter, kt_ai_filter_free);
  g_clear_pointer (&self->condition_rows, g_ptr_array_unref);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_ai_search_dialog_parent_class)->dispose (object);
}

static void
kt_ai_search_dialog_class_init (KtAiSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_ai_search_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/ai-actions/kt-ai-search-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtAiSearchDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KtAiSearchDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, KtAiSearchDialog, question_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiSearchDialog, filter_group);
  gtk_widget_class_bind_template_child (widget_class, KtAiSearchDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, KtAiSearchDialog, results_group);
  gtk_widget_class_bind_template_child (widget_class, KtAiSearchDialog, results_list);
  gtk_widget_class_bind_template_callback (widget_class, on_question_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated_cb);
  gtk_widget_class_install_action (widget_class, "ai.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "ai.run", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_ai_search_dialog_init (KtAiSearchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->condition_rows = g_ptr_array_new ();
  self->found = g_ptr_array_new_with_free_func (g_free);
}

KtAiSearchDialog *
kt_ai_search_dialog_new (KtContext *context)
{
  KtAiSearchDialog *self;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  self = g_object_new (KT_TYPE_AI_SEARCH_DIALOG, NULL);
  self->context = g_object_ref (context);
  /* Nothing asked yet: the (empty) result page, the question focused. */
  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_set_visible (GTK_WIDGET (self->filter_group), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->question_row));
  return self;
}
