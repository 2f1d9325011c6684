/* kt-ai-tasks-dialog.h: tasks the AI suggests for a contact or a deal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_AI_TASKS_DIALOG (kt_ai_tasks_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtAiTasksDialog, kt_ai_tasks_dialog, KT, AI_TASKS_DIALOG, AdwWindow)

KtAiTasksDialog *kt_ai_tasks_dialog_new (KtContext *context,
                                         KtRecord  *record);

G_END_DECLS
