/* kt-ai-actions.h: where the AI's actions are opened from
 *
 * The contact and deal panes and the main menu call these; each opens
 * the dialog of one action (docs/ui.md, "AI actions").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

/* The local actions that are not one of the server's: a text block is a
 * draft_email whose body alone is used (docs/ai.md). */
#define KT_AI_ACTION_TEXT_BLOCK "text_block"

/* Opens the dialog of @action ("draft_email", "analyse_deal",
 * "suggest_tasks", "smart_search", "text_block") over @parent's window,
 * about @record (NULL for smart search and a text block). */
GtkWindow  *kt_ai_actions_open        (GtkWidget   *parent,
                                       KtContext   *context,
                                       const char  *action,
                                       KtRecord    *record);

/* What an action about @record sends: the record, and the contact,
 * company and deal it points at, each as the person sees them. */
JsonArray  *kt_ai_actions_context_for (KtStore     *store,
                                       KtRecord    *record);

/* The dialogs' shared states: busy while asking, an error with Try
 * Again, or the answer. */
void        kt_ai_actions_show_busy   (GtkStack      *stack);
void        kt_ai_actions_show_error  (GtkStack      *stack,
                                       AdwStatusPage *error_page,
                                       const GError  *error);

/* Finishes a dialog's kt_ai_structured_async(): the checked result, or
 * NULL after a cancellation (the dialog closed: nothing to show) or an
 * error (shown on @error_page). */
JsonObject *kt_ai_actions_finish      (GObject       *source,
                                       GAsyncResult  *result,
                                       GtkStack      *stack,
                                       AdwStatusPage *error_page);

G_END_DECLS
