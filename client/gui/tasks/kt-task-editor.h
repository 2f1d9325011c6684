/* kt-task-editor.h: the form that creates or edits a task
 *
 * It validates as the person types: the first problem is named under the
 * form, its row turns red, and Save stays off until the task is valid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_TASK_EDITOR (kt_task_editor_get_type ())
G_DECLARE_FINAL_TYPE (KtTaskEditor, kt_task_editor, KT, TASK_EDITOR, AdwWindow)

/* @task NULL: a new task. Edits a copy; the store changes only on Save,
 * which writes only the fields the person changed (docs/ui.md). */
KtTaskEditor *kt_task_editor_new             (KtStore      *store,
                                              KtRecord     *task);
/* Links a new task to a contact, company or deal ("contact_id", id). */
void          kt_task_editor_set_link        (KtTaskEditor *self,
                                              const char   *field,
                                              const char   *record_id);
/* The row editing @field: "title", "priority", "type", "due_date",
 * "due_time", "assignee_id", "contact_id", "company_id", "deal_id". */
GtkWidget    *kt_task_editor_get_row         (KtTaskEditor *self,
                                              const char   *field);
/* The field the form currently complains about, or NULL when valid. */
const char   *kt_task_editor_get_error_field (KtTaskEditor *self);
const char   *kt_task_editor_get_error       (KtTaskEditor *self);
/* Saves like the Save button; on success emits ::saved and closes. */
gboolean      kt_task_editor_save            (KtTaskEditor *self,
                                              GError      **error);

G_END_DECLS
