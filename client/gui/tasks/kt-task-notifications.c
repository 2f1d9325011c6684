/* kt-task-notifications.c: a desktop notification when a task falls due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-task-notifications"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-task-notifications.h"
#include "kt-task-notifier.h"

static void
on_task_due_cb (KtTaskNotifier *notifier,
                KtRecord       *task,
                GApplication   *application)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = g_strconcat ("task-", kt_record_get_id (task), NULL);
  const char *title = kt_record_get_string (task, "title");
  const char *description = kt_record_get_string (task, "description");

  notification = g_notification_new (title ? title : _("A task is due"));
  g_notification_set_body (notification, description ? description : _("This task is due now."));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-task", "s",
                                                kt_record_get_id (task));
  g_application_send_notification (application, id, notification);
}

void
kt_task_notifications_install (KtContext    *context,
                               GApplication *application)
{
  KtTaskNotifier *notifier;

  g_return_if_fail (KT_IS_CONTEXT (context));
  g_return_if_fail (G_IS_APPLICATION (application));

  if (g_object_get_data (G_OBJECT (context), "kt-task-notifications") != NULL)
    return;

  notifier = kt_task_notifier_ensure (context);
  /* The notifier lives as long as the context, which the application
   * holds: connect_object drops the handler if the application goes
   * first (tests), instead of a weak pointer checked on every task. */
  g_signal_connect_object (notifier, "task-due", G_CALLBACK (on_task_due_cb),
                           application, 0);
  g_object_set_data (G_OBJECT (context), "kt-task-notifications", GINT_TO_POINTER (TRUE));
}
