/* kt-task-editor.h: the form that creates or edits a task
 *
 * A KtForm: it validates as the person types and shows a problem under
 * its row once the person left the row or pressed Save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-form.h"

G_BEGIN_DECLS

#define KT_TYPE_TASK_EDITOR (kt_task_editor_get_type ())
G_DECLARE_FINAL_TYPE (KtTaskEditor, kt_task_editor, KT, TASK_EDITOR, KtForm)

/* @task NULL: a new task. Edits a copy; the store changes only on Save,
 * which writes only the fields the person changed (docs/ui.md).
 * kt_form_get_row() knows "title", "priority", "type", "due_date",
 * "due_time", "assignee_id", "contact_id", "company_id", "deal_id" and
 * "description". */
KtTaskEditor *kt_task_editor_new      (KtStore      *store,
                                       KtRecord     *task);
/* Links a new task to a contact, company or deal ("contact_id", id). */
void          kt_task_editor_set_link (KtTaskEditor *self,
                                       const char   *field,
                                       const char   *record_id);

G_END_DECLS
