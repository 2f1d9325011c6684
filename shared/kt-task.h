/* kt-task.h: tasks and the activity log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_task_entity;
extern const KtEntity kt_activity_entity;

#define KT_ENTITY_TASK (&kt_task_entity)
#define KT_ENTITY_ACTIVITY (&kt_activity_entity)

G_END_DECLS
