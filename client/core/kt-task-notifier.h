/* kt-task-notifier.h: a signal when a task falls due
 *
 * One timer, set for the due time of the next open task, not a poll: when
 * it fires, every task that fell due since the last check is announced with
 * ::task-due, and the timer is set again. Any change to the tasks sets it
 * again too. The desktop notification is the UI's business
 * (client/gui/tasks/kt-task-notifications.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-context.h"
#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_TASK_NOTIFIER (kt_task_notifier_get_type ())
G_DECLARE_FINAL_TYPE (KtTaskNotifier, kt_task_notifier, KT, TASK_NOTIFIER, GObject)

KtTaskNotifier *kt_task_notifier_new          (KtStore        *store);
/* The one notifier of @context, made on first use and kept on it, so
 * that the application's reminders and the Tasks section share its
 * timer. (transfer none) */
KtTaskNotifier *kt_task_notifier_ensure       (KtContext      *context);
/* The due time the timer waits for, or NULL when no open task is due
 * later. */
const char     *kt_task_notifier_get_next_due (KtTaskNotifier *self);
/* Checks now, as if the timer had fired (tests, resume from suspend). */
void            kt_task_notifier_check        (KtTaskNotifier *self);

G_END_DECLS
