/* kt-task-row.h: one task in the task list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_TASK_ROW (kt_task_row_get_type ())
G_DECLARE_FINAL_TYPE (KtTaskRow, kt_task_row, KT, TASK_ROW, AdwActionRow)

GtkWidget  *kt_task_row_new        (KtStore  *store,
                                    KtRecord *task);
KtRecord   *kt_task_row_get_task   (KtTaskRow *self);
/* The check button that marks the task done (tests press it). */
GtkWidget  *kt_task_row_get_check  (KtTaskRow *self);

/* The translated label of a priority or type value. */
const char *kt_task_priority_label (const char *priority);
const char *kt_task_type_label     (const char *type);

G_END_DECLS
