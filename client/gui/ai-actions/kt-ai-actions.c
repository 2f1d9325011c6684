/* kt-ai-actions.c: where the AI's actions are opened from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-actions.h"
#include "kt-ai-analysis-dialog.h"
#include "kt-ai-client.h"
#include "kt-ai-draft-dialog.h"
#include "kt-ai-filter.h"
#include "kt-ai-search-dialog.h"
#include "kt-ai-tasks-dialog.h"

GtkWindow *
kt_ai_actions_open (GtkWidget  *parent,
                    KtContext  *context,
                    const char *action,
                    KtRecord   *record)
{
  GtkWindow *dialog;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  if (g_str_equal (action, KT_AI_ACTION_DRAFT_EMAIL) && record != NULL)
    dialog = GTK_WINDOW (kt_ai_draft_dialog_new (context, record));
  else if (g_str_equal (action, KT_AI_ACTION_TEXT_BLOCK))
    dialog = GTK_WINDOW (kt_ai_draft_dialog_new (context, NULL));
  else if (g_str_equal (action, KT_AI_ACTION_ANALYSE_DEAL) && record != NULL)
    dialog = GTK_WINDOW (kt_ai_analysis_dialog_new (context, record));
  else if (g_str_equal (action, KT_AI_ACTION_SUGGEST_TASKS) && record != NULL)
    dialog = GTK_WINDOW (kt_ai_tasks_dialog_new (context, record));
  else if (g_str_equal (action, KT_AI_ACTION_SMART_SEARCH))
    dialog = GTK_WINDOW (kt_ai_search_dialog_new (context));
  else
    g_return_val_if_reached (NULL);

  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  gtk_window_present (dialog);
  return dialog;
}

static void
add_record (JsonArray *context,
            KtStore   *store,
            KtRecord  *record)
{
  g_autofree char *label = kt_ai_record_context_label (record);
  g_autofree char *text = kt_ai_record_context_text (store, record);

  kt_ai_context_add (context, label, text);
}

JsonArray *
kt_ai_actions_context_for (KtStore  *store,
                           KtRecord *record)
{
  static const char * const links[][2] = {
    { "contact_id", "contact" }, { "company_id", "company" }, { "deal_id", "deal" },
  };
  JsonArray *context = json_array_new ();

  g_return_val_if_fail (KT_IS_RECORD (record), context);

  add_record (context, store, record);
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      const char *id = kt_entity_get_field (kt_record_get_entity (record), links[i][0]) != NULL
                       ? kt_record_get_string (record, links[i][0]) : NULL;
      g_autoptr(KtRecord) other = NULL;

      if (id != NULL)
        other = kt_store_get (store, kt_entity_lookup (links[i][1]), id, NULL);
      if (other != NULL)
        add_record (context, store, other);
    }
  return context;
}

void
kt_ai_actions_show_busy (GtkStack *stack)
{
  gtk_stack_set_visible_child_name (stack, "busy");
}

void
kt_ai_actions_show_error (GtkStack      *stack,
                          AdwStatusPage *error_page,
                          const GError  *error)
{
  adw_status_page_set_description (error_page, error->message);
  gtk_stack_set_visible_child_name (stack, "error");
}

JsonObject *
kt_ai_actions_finish (GObject       *source,
                      GAsyncResult  *result,
                      GtkStack      *stack,
                      AdwStatusPage *error_page)
{
  g_autoptr(GError) error = NULL;
  JsonObject *answer = kt_ai_structured_finish (KT_SYNC_ENGINE (source), result, &error);

  if (answer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    kt_ai_actions_show_error (stack, error_page, error);
  return answer;
}
