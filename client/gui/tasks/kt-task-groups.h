/* kt-task-groups.h: the task list split into Overdue, Today, Upcoming, Done
 *
 * The open tasks are one lazy KtRecordList sorted by due time, so each group
 * is a contiguous run of it: tasks without a due time (SQLite sorts NULL
 * first), then the overdue ones, then today's, then later ones. A binary
 * search finds the three borders with a handful of item lookups, and each
 * group is a GtkSliceListModel over the same list: with 100,000 tasks only
 * the pages a person looks at are ever read. Done tasks are a second list,
 * newest first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kt-store.h"

G_BEGIN_DECLS

typedef enum {
  KT_TASK_GROUP_OVERDUE,
  KT_TASK_GROUP_TODAY,
  KT_TASK_GROUP_UPCOMING,
  KT_TASK_GROUP_DONE,
  KT_TASK_N_GROUPS
} KtTaskGroup;

#define KT_TYPE_TASK_GROUPS (kt_task_groups_get_type ())
G_DECLARE_FINAL_TYPE (KtTaskGroups, kt_task_groups, KT, TASK_GROUPS, GObject)

KtTaskGroups *kt_task_groups_new          (KtStore      *store);
/* Items are KtRecord (tasks). */
GListModel   *kt_task_groups_get_model    (KtTaskGroups *self,
                                           KtTaskGroup   group);
/* Moves the borders to @now_unix_ms (0: the wall clock). The pane calls
 * it when a task falls due and at midnight. */
void          kt_task_groups_set_now      (KtTaskGroups *self,
                                           gint64        now_unix_ms);
/* Only the tasks whose title or notes match @text (NULL: all). */
void          kt_task_groups_set_search   (KtTaskGroups *self,
                                           const char   *text);
const char   *kt_task_group_get_title     (KtTaskGroup   group);

/* The borders of a local day around @now_unix_ms, as UTC ISO stamps that
 * compare with stored due_at values as text. */
void          kt_task_groups_day_bounds   (gint64        now_unix_ms,
                                           char        **out_start,
                                           char        **out_end);

G_END_DECLS
