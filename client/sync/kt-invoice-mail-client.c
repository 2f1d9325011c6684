/* kt-invoice-mail-client.c: asks the server to mail an invoice
 *
 * One request through the one HTTP client with the engine's token, not
 * retried: a person waits in the send dialog and can try again, and a
 * retried POST could queue the mail twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-invoice-mail"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-http-client.h"
#include "kt-invoice-mail-client.h"

gboolean
kt_invoice_mail_can_send (KtSyncEngine *engine)
{
  KtSyncState state;

  g_return_val_if_fail (KT_IS_SYNC_ENGINE (engine), FALSE);

  state = kt_sync_engine_get_state (engine);
  return kt_sync_engine_is_connected (engine) &&
         state != KT_SYNC_STATE_OFFLINE &&
         state != KT_SYNC_STATE_SIGNED_OUT &&
         state != KT_SYNC_STATE_NEEDS_UPDATE;
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *to = NULL;

  root = kt_http_request_finish (KT_SYNC_ENGINE (source), result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    to = json_object_get_string_member_with_default (json_node_get_object (root), "to", NULL);
  if (to == NULL)
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server’s answer to sending the invoice has no address"));
      return;
    }

  g_task_return_pointer (task, g_strdup (to), g_free);
}

/**
 * kt_invoice_mail_send_async:
 * @engine: a #KtSyncEngine
 * @invoice_id: the invoice
 * @to: the recipient's address
 * @language: "bg" or "en"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 */
void
kt_invoice_mail_send_async (KtSyncEngine        *engine,
                            const char          *invoice_id,
                            const char          *to,
                            const char          *language,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (invoice_id != NULL && to != NULL && language != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_invoice_mail_send_async);

  if (!kt_sync_engine_is_connected (engine))
    {
      g_task_return_new_error (task, KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED,
                               _("Sending needs a connection to the server. Sign in, then try again: "
                                 "nothing is lost."));
      g_object_unref (task);
      return;
    }

  json_object_set_string_member (obj, "to", to);
  json_object_set_string_member (obj, "language", language);
  body = json_node_init_object (json_node_alloc (), obj);
  escaped = g_uri_escape_string (invoice_id, NULL, FALSE);
  path = g_strconcat ("/v1/invoices/", escaped, "/send", NULL);
  kt_http_request_async (engine, "POST", path, body, KT_HTTP_NO_RETRY, cancellable,
                         on_sent_cb, task);
}

/**
 * kt_invoice_mail_send_finish:
 *
 * Returns: (transfer full): the address the server sends to
 */
char *
kt_invoice_mail_send_finish (KtSyncEngine  *engine,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
