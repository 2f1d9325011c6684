/* kt-ai-analysis-dialog.c: the AI's analysis of a deal
 *
 * Health, risks (each with the facts it rests on), next steps and a
 * suggested win probability, read-only. A deal has no probability of its
 * own to set (its stage has one): the suggestion is shown, not applied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-analysis-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-actions.h"
#include "kt-ai-analysis-dialog.h"
#include "kt-ai-client.h"

struct _KtAiAnalysisDialog
{
  AdwWindow             parent_instance;

  KtContext            *context;
  KtRecord             *deal;
  GCancellable         *cancellable;
  GPtrArray            *added;     /* rows added to the groups, to remove again */

  GtkStack             *stack;
  AdwStatusPage        *error_page;
  AdwActionRow         *health_row;
  AdwActionRow         *probability_row;
  AdwPreferencesGroup  *risks_group;
  AdwPreferencesGroup  *steps_group;
  AdwPreferencesGroup  *facts_group;
};

G_DEFINE_FINAL_TYPE (KtAiAnalysisDialog, kt_ai_analysis_dialog, ADW_TYPE_WINDOW)

static void
add_row (KtAiAnalysisDialog  *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL && *subtitle != '\0')
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->added, g_object_ref (row));
  g_object_set_data (G_OBJECT (row), "group", group);
}

static char *
join_strings (JsonArray  *array,
              const char *separator)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, json_array_get_string_element (array, i));
    }
  return g_string_free (text, FALSE);
}

static void
clear_rows (KtAiAnalysisDialog *self)
{
  for (guint i = 0; i < self->added->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->added, i);

      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "group"), row);
    }
  g_ptr_array_set_size (self->added, 0);
}

static void
show_result (KtAiAnalysisDialog *self,
             JsonObject         *result)
{
  const char *health = json_object_get_string_member (result, "health");
  JsonArray *risks = json_object_get_array_member (result, "risks");
  JsonArray *steps = json_object_get_array_member (result, "next_steps");
  JsonArray *facts = json_object_get_array_member (result, "facts_used");
  g_autofree char *percent = NULL;

  clear_rows (self);
  if (g_str_equal (health, "good"))
    adw_action_row_set_subtitle (self->health_row, C_("deal health", "Good"));
  else if (g_str_equal (health, "at_risk"))
    adw_action_row_set_subtitle (self->health_row, C_("deal health", "At risk"));
  else
    adw_action_row_set_subtitle (self->health_row, C_("deal health", "Poor"));
  percent = g_strdup_printf ("%d %%", (int) (json_object_get_int_member (result, "win_probability_bps") / 100));
  adw_action_row_set_subtitle (self->probability_row, percent);

  for (guint i = 0; i < json_array_get_length (risks); i++)
    {
      JsonObject *risk = json_array_get_object_element (risks, i);
      g_autofree char *based_on = join_strings (json_object_get_array_member (risk, "facts"), "\n");

      add_row (self, self->risks_group, json_object_get_string_member (risk, "text"), based_on);
    }
  if (json_array_get_length (risks) == 0)
    add_row (self, self->risks_group, _("No risks named"), NULL);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    add_row (self, self->steps_group, json_array_get_string_element (steps, i), NULL);
  for (guint i = 0; i < json_array_get_length (facts); i++)
    add_row (self, self->facts_group, json_array_get_string_element (facts, i), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), json_array_get_length (steps) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->facts_group), json_array_get_length (facts) > 0);
  gtk_stack_set_visible_child_name (self->stack, "result");
}

static void
on_analysed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KtAiAnalysisDialog) self = user_data;
  g_autoptr(JsonObject) answer = kt_ai_actions_finish (source, result, self->stack, self->error_page);

  if (answer != NULL)
    show_result (self, answer);
}

static void
ask (KtAiAnalysisDialog *self)
{
  g_autoptr(JsonArray) context = kt_ai_actions_context_for (kt_context_get_store (self->context), self->deal);

  kt_ai_actions_show_busy (self->stack);
  kt_ai_structured_async (kt_context_get_sync_engine (self->context), KT_AI_ACTION_ANALYSE_DEAL,
                          NULL, context, self->cancellable, on_analysed_cb, g_object_ref (self));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ask (KT_AI_ANALYSIS_DIALOG (widget));
}

static void
kt_ai_analysis_dialog_dispose (GObject *object)
{
  KtAiAnalysisDialog *self = KT_AI_ANALYSIS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->added, g_ptr_array_unref);
  g_clear_object (&self->deal);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_ai_analysis_dialog_parent_class)->dispose (object);
}

static void
kt_ai_analysis_dialog_class_init (KtAiAnalysisDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_ai_analysis_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/ai-actions/kt-ai-analysis-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtAiAnalysisDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KtAiAnalysisDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, KtAiAnalysisDialog, health_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiAnalysisDialog, probability_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiAnalysisDialog, risks_group);
  gtk_widget_class_bind_template_child (widget_class, KtAiAnalysisDialog, steps_group);
  gtk_widget_class_bind_template_child (widget_class, KtAiAnalysisDialog, facts_group);
  gtk_widget_class_install_action (widget_class, "ai.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_ai_analysis_dialog_init (KtAiAnalysisDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->added = g_ptr_array_new_with_free_func (g_object_unref);
}

KtAiAnalysisDialog *
kt_ai_analysis_dialog_new (KtContext *context,
                           KtRecord  *deal)
{
  KtAiAnalysisDialog *self;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (KT_IS_RECORD (deal), NULL);

  self = g_object_new (KT_TYPE_AI_ANALYSIS_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->deal = g_object_ref (deal);
  ask (self);
  return self;
}
