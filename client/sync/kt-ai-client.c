/* kt-ai-client.c: the AI actions of the sync server, for the client
 *
 * Every call goes through kt-http-client (the engine's token, the JSON
 * guard) without retries: a person waits for the answer and may ask
 * again, and each request counts against the plan. The server already
 * checked the answer; it is checked again here with the same schema
 * (shared/kt-ai-schema.c) because what the client applies must be what
 * the schema says, whatever server or proxy answered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-client.h"
#include "kt-ai-schema.h"
#include "kt-http-client.h"

#define MAX_CONTEXT_ITEMS 20
#define MAX_LABEL_CHARS   200
#define MAX_TEXT_CHARS    20000

G_DEFINE_QUARK (kt-ai-error-quark, kt_ai_error)

static char *
truncate_chars (const char *text,
                glong       max_chars)
{
  const char *end;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  end = g_utf8_offset_to_pointer (text, max_chars);
  return g_strndup (text, (gsize) (end - text));
}

/**
 * kt_ai_context_add:
 * @context: the array to add to
 * @label: what the person sees it called ("Contact: Иван Петров")
 * @text: what is sent, as the person sees it
 *
 * Adds one item, cut to the server's limits; beyond 20 items, nothing.
 */
void
kt_ai_context_add (JsonArray  *context,
                   const char *label,
                   const char *text)
{
  JsonObject *item;
  g_autofree char *short_label = NULL;
  g_autofree char *short_text = NULL;

  g_return_if_fail (context != NULL);
  g_return_if_fail (label != NULL && text != NULL);

  if (json_array_get_length (context) >= MAX_CONTEXT_ITEMS)
    return;
  short_label = truncate_chars (label, MAX_LABEL_CHARS);
  short_text = truncate_chars (text, MAX_TEXT_CHARS);
  item = json_object_new ();
  json_object_set_string_member (item, "label", short_label);
  json_object_set_string_member (item, "text", short_text);
  json_array_add_object_element (context, item);
}

/**
 * kt_ai_check_answer:
 *
 * Returns: (transfer full) (nullable): the answer's result, which fits
 *   @action's schema
 */
JsonObject *
kt_ai_check_answer (const char  *action,
                    JsonNode    *answer,
                    GError     **error)
{
  const KtAiAction *known = kt_ai_action_find (action);
  g_autoptr(JsonObject) schema = NULL;
  g_autoptr(GError) invalid = NULL;
  JsonObject *root;
  JsonNode *result;

  g_return_val_if_fail (known != NULL, NULL);

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    goto incomplete;
  root = json_node_get_object (answer);
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "action", NULL), action) != 0)
    goto incomplete;
  result = json_object_get_member (root, "result");
  if (result == NULL)
    goto incomplete;

  schema = kt_ai_action_schema (known);
  if (!kt_ai_schema_validate (schema, result, &invalid))
    {
      g_set_error (error, KT_AI_ERROR, KT_AI_ERROR_INVALID_OUTPUT,
                   _("The AI answered something Kantora cannot use, so nothing was changed. "
                     "Please try again. (%s)"), invalid->message);
      return NULL;
    }
  return json_object_ref (json_node_get_object (result));

incomplete:
  g_set_error_literal (error, KT_AI_ERROR, KT_AI_ERROR_INVALID_OUTPUT,
                       _("The server's answer is incomplete, so nothing was changed. Please try again."));
  return NULL;
}

/**
 * kt_ai_error_from_sync:
 * @error: (transfer full): an error of kt_http_request_finish()
 *
 * Returns: (transfer full): the same failure as a KT_AI_ERROR, worded
 *   for a person; a cancellation stays G_IO_ERROR_CANCELLED
 */
GError *
kt_ai_error_from_sync (GError *error)
{
  g_autoptr(GError) owned = error;
  const char *code = kt_sync_error_get_code (error);
  gint64 after = kt_sync_error_get_retry_after (error);

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != KT_SYNC_ERROR)
    return g_steal_pointer (&owned);

  if (g_strcmp0 (code, "ai_invalid_output") == 0)
    return g_error_new_literal (KT_AI_ERROR, KT_AI_ERROR_INVALID_OUTPUT,
                                _("The AI answered twice with something Kantora cannot use, so "
                                  "nothing was changed. Please try again or rephrase."));
  if (g_strcmp0 (code, "ai_rate_limited") == 0)
    {
      if (after > 0)
        return g_error_new (KT_AI_ERROR, KT_AI_ERROR_RATE_LIMITED,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "The AI is busy. Please try again in %d second.",
                                         "The AI is busy. Please try again in %d seconds.",
                                         (gulong) after),
                            (int) MIN (after, G_MAXINT));
      return g_error_new_literal (KT_AI_ERROR, KT_AI_ERROR_RATE_LIMITED,
                                  _("The AI is busy. Please try again in a moment."));
    }
  if (g_strcmp0 (code, "ai_quota") == 0)
    return g_error_new_literal (KT_AI_ERROR, KT_AI_ERROR_RATE_LIMITED,
                                _("The AI provider's quota for today is used up. Please try again tomorrow."));
  if (g_strcmp0 (code, "plan_limit") == 0)
    return g_error_new_literal (KT_AI_ERROR, KT_AI_ERROR_PLAN_LIMIT,
                                _("Your plan's AI requests for this month are used up. "
                                  "An Owner can choose a larger plan under Billing."));
  if (g_strcmp0 (code, "ai_not_configured") == 0)
    return g_error_new_literal (KT_AI_ERROR, KT_AI_ERROR_NOT_CONFIGURED,
                                _("The AI is not set up on this server. An Owner or Admin can set "
                                  "it up under AI Settings."));
  if (g_strcmp0 (code, "ai_blocked") == 0)
    return g_error_new_literal (KT_AI_ERROR, KT_AI_ERROR_BLOCKED,
                                _("The AI provider declined to answer this. Please rephrase it."));
  if (g_strcmp0 (code, "forbidden") == 0 || g_strcmp0 (code, "permission") == 0)
    return g_error_new_literal (KT_AI_ERROR, KT_AI_ERROR_FORBIDDEN,
                                _("Only Owners and Admins can change the AI settings."));
  if (error->code == KT_SYNC_ERROR_NETWORK || error->code == KT_SYNC_ERROR_NOT_CONNECTED)
    return g_error_new_literal (KT_AI_ERROR, KT_AI_ERROR_OFFLINE,
                                _("The AI needs a connection to the server. Please try again when "
                                  "you are online."));
  return g_error_new_literal (KT_AI_ERROR, KT_AI_ERROR_FAILED, error->message);
}

static gboolean
fail_offline (KtSyncEngine *engine,
              GTask        *task)
{
  if (kt_sync_engine_is_connected (engine))
    return FALSE;
  g_task_return_new_error (task, KT_AI_ERROR, KT_AI_ERROR_OFFLINE,
                           _("The AI needs a connection to a Kantora server. Sign in to a "
                             "server to use it."));
  g_object_unref (task);
  return TRUE;
}

static void
on_structured_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *checked;

  answer = kt_http_request_finish (KT_SYNC_ENGINE (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, kt_ai_error_from_sync (g_steal_pointer (&error)));
      return;
    }

  checked = kt_ai_check_answer (g_task_get_name (task), answer, &error);
  if (checked == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, checked, (GDestroyNotify) json_object_unref);
}

void
kt_ai_structured_async (KtSyncEngine        *engine,
                        const char          *action,
                        const char          *prompt,
                        JsonArray           *context,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (kt_ai_action_find (action) != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_ai_structured_async);
  /* The action, for on_structured_cb(): interned, so it outlives the task. */
  g_task_set_name (task, g_intern_string (action));
  if (fail_offline (engine, task))
    return;

  json_object_set_string_member (body, "action", action);
  if (prompt != NULL && *prompt != '\0')
    json_object_set_string_member (body, "prompt", prompt);
  if (context != NULL && json_array_get_length (context) > 0)
    json_object_set_array_member (body, "context", json_array_ref (context));
  json_node_set_object (node, body);

  kt_http_request_async (engine, "POST", "/v1/ai/structured", node, KT_HTTP_NO_RETRY,
                         cancellable, on_structured_cb, task);
}

/**
 * kt_ai_structured_finish:
 *
 * Returns: (transfer full): the action's result, checked
 */
JsonObject *
kt_ai_structured_finish (KtSyncEngine  *engine,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_settings_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = kt_http_request_finish (KT_SYNC_ENGINE (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, kt_ai_error_from_sync (g_steal_pointer (&error)));
      return;
    }
  if (JSON_NODE_HOLDS_NULL (answer))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_task_return_new_error (task, KT_AI_ERROR, KT_AI_ERROR_FAILED,
                               _("The server's answer about the AI settings is incomplete"));
      return;
    }
  g_task_return_pointer (task, json_object_ref (json_node_get_object (answer)),
                         (GDestroyNotify) json_object_unref);
}

void
kt_ai_settings_async (KtSyncEngine        *engine,
                      const char          *method,
                      JsonObject          *body,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(JsonNode) node = NULL;
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (g_strv_contains ((const char *[]) { "GET", "PUT", "DELETE", NULL }, method));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_ai_settings_async);
  if (fail_offline (engine, task))
    return;
  if (body != NULL)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, body);
    }
  kt_http_request_async (engine, method, "/v1/ai/settings", node, KT_HTTP_NO_RETRY,
                         cancellable, on_settings_cb, task);
}

/**
 * kt_ai_settings_finish:
 *
 * Returns: (transfer full) (nullable): the settings; %NULL after a
 *   DELETE, or with @error set
 */
JsonObject *
kt_ai_settings_finish (KtSyncEngine  *engine,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
