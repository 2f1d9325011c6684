/* kt-task-notifications.h: a desktop notification when a task falls due
 *
 * The context's KtTaskNotifier (client/core) knows when a task falls due;
 * this turns its ::task-due into a notification of the application, whose
 * default action opens the task ("app.show-task").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-context.h"

G_BEGIN_DECLS

/* Sends a notification through @application for every task that falls due
 * in @context's store, from now on. The application calls it at startup so
 * reminders come even before the Tasks section is opened; a second call
 * for the same context does nothing. */
void kt_task_notifications_install (KtContext    *context,
                                    GApplication *application);

G_END_DECLS
