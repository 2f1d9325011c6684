/* kt-tasks-pane.h: the Tasks section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kt-context.h"
#include "kt-task-groups.h"

G_BEGIN_DECLS

#define KT_TYPE_TASKS_PANE (kt_tasks_pane_get_type ())
G_DECLARE_FINAL_TYPE (KtTasksPane, kt_tasks_pane, KT, TASKS_PANE, GtkWidget)

GtkWidget    *kt_tasks_pane_new           (KtContext   *context);
KtTaskGroups *kt_tasks_pane_get_groups    (KtTasksPane *self);
/* The list box showing @group (tests look at its rows). */
GtkListBox   *kt_tasks_pane_get_list      (KtTasksPane *self,
                                           KtTaskGroup  group);
/* Marks @task done or not done and saves it, as the row's check button does. */
gboolean      kt_tasks_pane_set_done      (KtTasksPane *self,
                                           KtRecord    *task,
                                           gboolean     done,
                                           GError     **error);

G_END_DECLS
