/* kt-assistant-pane-chat.c: a question and its streamed answer
 *
 * The request's life in the Assistant pane: Send builds the body from
 * the stored conversation, the question and the chips' texts, runs a
 * KtAiChatRequest, shows the pieces as they come, and stores what the
 * top of kt-assistant-pane.c says, when it says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-assistant-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-assistant-pane-private.h"
#include "kt-entities.h"
#include "kt-uuid.h"

/* docs/api.md: at most 100 turns a request. */
#define MAX_TURNS   100
#define TITLE_CHARS 60

/* The person's words for what went wrong, in their language. */
static char *
error_words (const GError *error,
             guint         retry_after)
{
  if (error->domain != KT_AI_CHAT_ERROR)
    return g_strdup (_("The answer broke off. Try again."));

  switch ((KtAiChatError) error->code)
    {
    case KT_AI_CHAT_ERROR_OFFLINE:
      return g_strdup (_("The Assistant needs a connection to your Kantora server. Your question is kept: send it when you are online."));
    case KT_AI_CHAT_ERROR_RATE_LIMITED:
      if (retry_after > 0)
        {
          g_autoptr (GDateTime) now = g_date_time_new_now_local ();
          g_autoptr (GDateTime) then = g_date_time_add_seconds (now, retry_after);
          g_autofree char *time = g_date_time_format (then, "%H:%M:%S");

          /* TRANSLATORS: %s is a time of day, "14:05:30". */
          return g_strdup_printf (_("The AI service is busy. Try again after %s."), time);
        }
      return g_strdup (_("The AI service is busy. Try again in a minute."));
    case KT_AI_CHAT_ERROR_QUOTA:
      return g_strdup (_("The AI service’s quota for today is used up. Try again tomorrow."));
    case KT_AI_CHAT_ERROR_BLOCKED:
      return g_strdup (_("The AI service declined to answer this. Try asking in other words."));
    case KT_AI_CHAT_ERROR_TIMEOUT:
      return g_strdup (_("The AI service took too long to answer. Try again."));
    case KT_AI_CHAT_ERROR_PLAN_LIMIT:
      return g_strdup (_("Your organization’s plan has no Assistant messages left this month. An owner or admin can change the plan in Billing."));
    case KT_AI_CHAT_ERROR_NOT_CONFIGURED:
      return g_strdup (_("The Assistant is not set up on your Kantora server. An owner or admin can choose an AI provider."));
    case KT_AI_CHAT_ERROR_UNAUTHORIZED:
      return g_strdup (_("Your sign-in has expired. Please sign in again to use the Assistant."));
    case KT_AI_CHAT_ERROR_FAILED:
    default:
      return g_strdup (_("The answer broke off. Try again."));
    }
}

/* The chips as the request's context: exactly their texts. */
static JsonArray *
chips_to_json (KtAssistantPane *self)
{
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < self->chips->len; i++)
    json_array_add_element (items, kt_context_chip_to_json (g_ptr_array_index (self->chips, i)));
  return items;
}

static char *
make_title (const char *question)
{
  g_autofree char *line = g_strndup (question, strcspn (question, "\n"));
  g_autofree char *stripped = g_strstrip (g_strdup (line));

  if (g_utf8_strlen (stripped, -1) <= TITLE_CHARS)
    return g_steal_pointer (&stripped);
  return g_strconcat (g_utf8_substring (stripped, 0, TITLE_CHARS - 1), "…", NULL);
}

static JsonNode *
build_body (KtAssistantPane *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GPtrArray) turns = g_ptr_array_new ();
  JsonArray *context = kt_assistant_pane_sent_records (self->question);
  guint first;

  for (guint i = 0; i < self->messages->len; i++)
    {
      KtRecord *message = g_ptr_array_index (self->messages, i);
      const char *role = kt_record_get_string (message, "role");

      if (message != self->question && (g_strcmp0 (role, "user") == 0 || g_strcmp0 (role, "assistant") == 0))
        g_ptr_array_add (turns, message);
    }
  g_ptr_array_add (turns, self->question);
  /* The newest turns when there are too many; the server wants the
   * first turn to be the person's. */
  first = turns->len > MAX_TURNS ? turns->len - MAX_TURNS : 0;
  while (first < turns->len - 1 &&
         g_strcmp0 (kt_record_get_string (g_ptr_array_index (turns, first), "role"), "user") != 0)
    first++;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = first; i < turns->len; i++)
    {
      KtRecord *message = g_ptr_array_index (turns, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, kt_record_get_string (message, "role"));
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, kt_record_get_string (message, "content"));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (context != NULL)
    {
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, context);
      json_builder_set_member_name (builder, "context");
      json_builder_add_value (builder, node);
    }
  json_builder_set_member_name (builder, "conversation_id");
  json_builder_add_string_value (builder, kt_record_get_string (self->question, "conversation_id"));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The server took the question: it and a new conversation are kept. */
static void
accept_question (KtAssistantPane *self)
{
  if (self->accepted)
    return;
  self->accepted = TRUE;
  if (self->resend)
    return;

  /* Saved again with each question: a conversation's place in the list
   * is its last question. */
  kt_assistant_pane_save (self, self->conversation);
  if (kt_assistant_pane_save (self, self->question))
    g_ptr_array_add (self->messages, g_object_ref (self->question));
  kt_assistant_pane_load_conversations (self);
}

static void
end_request (KtAssistantPane *self)
{
  g_clear_object (&self->request);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->question);
  g_clear_object (&self->answer);
  self->question_widget = NULL;
  self->answer_widget = NULL;
  kt_assistant_pane_update_retry (self);
  kt_assistant_pane_update_actions (self);
  kt_assistant_pane_notify_busy (self);
}

/* Callbacks */

static void
on_delta_cb (KtAiChatRequest *request,
             const char      *text,
             gpointer         user_data)
{
  KtAssistantPane *self = user_data;

  if (request != self->request)
    return;
  accept_question (self);
  if (self->answer_widget == NULL)
    {
      self->answer = kt_record_new (&kt_ai_message_entity);
      kt_record_set_string (self->answer, "conversation_id", kt_record_get_id (self->conversation));
      kt_record_set_string (self->answer, "role", "assistant");
      self->answer_widget = kt_assistant_message_new ("assistant", kt_record_get_id (self->answer));
      gtk_box_append (self->messages_box, GTK_WIDGET (self->answer_widget));
    }
  kt_assistant_message_append (self->answer_widget, text);
}

static void
on_run_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (KtAssistantPane) self = user_data;
  KtAiChatRequest *request = KT_AI_CHAT_REQUEST (source);
  g_autoptr (GError) error = NULL;
  gboolean stopped;
  const char *text;

  if (request != self->request)
    return;

  kt_ai_chat_request_run_finish (request, result, &error);
  stopped = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  text = self->answer_widget != NULL ? kt_assistant_message_get_text (self->answer_widget) : "";

  if (error == NULL || (stopped && *text != '\0'))
    {
      /* The answer is whole, or the person stopped it with some text. */
      accept_question (self);
      if (*text == '\0')
        kt_assistant_pane_show_status (self, _("The AI service gave an empty answer. Try again."), TRUE);
      else
        {
          gint64 tokens = kt_ai_chat_request_get_output_tokens (request);

          kt_assistant_message_finish (self->answer_widget, stopped);
          kt_record_set_string (self->answer, "content", text);
          if (tokens >= 0)
            kt_record_set_int (self->answer, "tokens_used", MIN (tokens, G_MAXINT32));
          if (stopped)
            {
              g_autoptr (JsonNode) context = json_from_string ("{\"stopped\":true}", NULL);

              kt_record_set_node (self->answer, "context", context, NULL);
            }
          if (kt_assistant_pane_save (self, self->answer))
            g_ptr_array_add (self->messages, g_object_ref (self->answer));
          kt_assistant_pane_show_status (self, NULL, FALSE);
        }
    }
  else
    {
      g_autofree char *words = NULL;

      if (self->answer_widget != NULL)
        gtk_box_remove (self->messages_box, GTK_WIDGET (self->answer_widget));
      if (!self->accepted && !self->resend)
        {
          /* Nothing was kept: the question goes back where it was
           * written, unless the person has begun another. */
          g_autofree char *draft = kt_assistant_pane_dup_draft (self);

          if (self->question_widget != NULL)
            gtk_box_remove (self->messages_box, GTK_WIDGET (self->question_widget));
          if (*g_strstrip (draft) == '\0')
            kt_assistant_pane_set_draft (self, kt_record_get_string (self->question, "content"));
          /* A conversation this question would have begun does not exist. */
          if (self->messages->len == 0 && !kt_assistant_pane_is_stored (self, self->conversation))
            g_clear_object (&self->conversation);
          kt_assistant_pane_show_messages (self);
        }
      if (stopped)
        kt_assistant_pane_show_status (self, NULL, FALSE);
      else
        {
          words = error_words (error, kt_ai_chat_request_get_retry_after (request));
          g_debug ("The Assistant's request failed: %s", error->message);
          kt_assistant_pane_show_status (self, words, TRUE);
        }
    }
  end_request (self);
}

static void
begin_request (KtAssistantPane *self)
{
  g_autoptr (JsonNode) body = build_body (self);

  self->request = kt_ai_chat_request_new (kt_assistant_pane_engine (self), body);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->request, "delta", G_CALLBACK (on_delta_cb), self, 0);
  kt_assistant_pane_show_status (self, NULL, FALSE);
  self->follow = TRUE;
  kt_assistant_pane_update_actions (self);
  kt_assistant_pane_notify_busy (self);
  kt_ai_chat_request_run_async (self->request, self->cancellable, on_run_cb, g_object_ref (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);
  g_autofree char *draft = kt_assistant_pane_dup_draft (self);
  KtSyncEngine *sync = kt_assistant_pane_engine (self);

  if (self->request != NULL || *g_strstrip (draft) == '\0')
    return;

  /* Without a session nothing can go out: say so, and keep the words. */
  if (kt_sync_engine_get_server_url (sync) == NULL || !kt_sync_engine_is_connected (sync))
    {
      g_autoptr (GError) offline = g_error_new_literal (KT_AI_CHAT_ERROR, KT_AI_CHAT_ERROR_OFFLINE, "");
      g_autofree char *words = error_words (offline, 0);

      kt_assistant_pane_show_status (self, words, FALSE);
      return;
    }

  /* Editing a question replaces it and everything after it. */
  if (self->edit_from != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < self->messages->len;)
        {
          KtRecord *message = g_ptr_array_index (self->messages, i);

          found = found || g_str_equal (kt_record_get_id (message), self->edit_from);
          if (!found)
            {
              i++;
              continue;
            }
          kt_assistant_pane_delete_record (self, message);
          g_ptr_array_remove_index (self->messages, i);
        }
      g_clear_pointer (&self->edit_from, g_free);
      gtk_widget_set_visible (self->editing_box, FALSE);
      kt_assistant_pane_show_messages (self);
    }

  if (self->conversation == NULL)
    {
      g_autofree char *title = make_title (draft);

      self->conversation = kt_record_new (&kt_ai_conversation_entity);
      kt_record_set_string (self->conversation, "title", title);
      gtk_editable_set_text (GTK_EDITABLE (self->title_label), title);
      if (self->chips->len > 0)
        {
          /* The first record shared says what the conversation is about. */
          g_auto (GStrv) parts = g_strsplit (kt_context_chip_get_key (g_ptr_array_index (self->chips, 0)), ":", 2);

          if (g_strv_length (parts) == 2 && kt_entity_lookup (parts[0]) != NULL && kt_uuid_is_valid (parts[1]))
            {
              kt_record_set_string (self->conversation, "context_entity", parts[0]);
              kt_record_set_string (self->conversation, "context_id", parts[1]);
            }
        }
    }

  self->question = kt_record_new (&kt_ai_message_entity);
  kt_record_set_string (self->question, "conversation_id", kt_record_get_id (self->conversation));
  kt_record_set_string (self->question, "role", "user");
  kt_record_set_string (self->question, "content", draft);
  if (self->chips->len > 0)
    {
      g_autoptr (JsonNode) context = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();
      g_autoptr (GError) error = NULL;

      json_object_set_array_member (object, "records", chips_to_json (self));
      json_node_take_object (context, object);
      if (!kt_record_set_node (self->question, "context", context, &error))
        g_critical ("The records shared could not be kept: %s", error->message);
    }
  self->accepted = FALSE;
  self->resend = FALSE;
  self->question_widget = kt_assistant_pane_add_message (self, self->question);
  kt_assistant_pane_set_draft (self, NULL);
  begin_request (self);
}

/* Asks again for the answer to the last question, which is stored. */
static void
resend (KtAssistantPane *self)
{
  KtRecord *last = self->messages->len > 0 ? g_ptr_array_index (self->messages, self->messages->len - 1) : NULL;

  if (last == NULL || g_strcmp0 (kt_record_get_string (last, "role"), "user") != 0)
    return;
  self->question = g_object_ref (last);
  self->accepted = TRUE;
  self->resend = TRUE;
  begin_request (self);
}

static void
try_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);
  KtRecord *last = self->messages->len > 0 ? g_ptr_array_index (self->messages, self->messages->len - 1) : NULL;

  if (self->request != NULL)
    return;
  if (last != NULL && g_strcmp0 (kt_record_get_string (last, "role"), "user") == 0)
    resend (self);
  else
    gtk_widget_activate_action (widget, "assistant.send", NULL);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);

  /* Closing the connection makes the server cancel the provider's
   * request (docs/ai.md). */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static KtRecord *
find_message (KtAssistantPane *self,
              const char      *id,
              guint           *index)
{
  for (guint i = 0; i < self->messages->len; i++)
    {
      KtRecord *message = g_ptr_array_index (self->messages, i);

      if (g_str_equal (kt_record_get_id (message), id))
        {
          if (index != NULL)
            *index = i;
          return message;
        }
    }
  return NULL;
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);
  guint index;
  KtRecord *answer = find_message (self, g_variant_get_string (param, NULL), &index);

  if (self->request != NULL || answer == NULL || index != self->messages->len - 1)
    return;
  kt_assistant_pane_delete_record (self, answer);
  g_ptr_array_remove_index (self->messages, index);
  kt_assistant_pane_show_messages (self);
  resend (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);
  KtRecord *question = find_message (self, g_variant_get_string (param, NULL), NULL);
  JsonArray *items;

  if (self->request != NULL || question == NULL)
    return;
  g_free (self->edit_from);
  self->edit_from = g_strdup (kt_record_get_id (question));
  kt_assistant_pane_set_draft (self, kt_record_get_string (question, "content"));

  /* The records it carried come back as chips, to keep or remove. */
  kt_assistant_pane_clear_chips (self);
  items = kt_assistant_pane_sent_records (question);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      const char *label, *text;
      g_autofree char *key = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      label = json_object_get_string_member_with_default (json_node_get_object (item), "label", NULL);
      text = json_object_get_string_member_with_default (json_node_get_object (item), "text", NULL);
      if (label == NULL || text == NULL)
        continue;
      key = g_strdup_printf ("sent:%u", i);
      kt_assistant_pane_add_chip (self, kt_context_chip_new (key, label, text));
    }
  gtk_widget_set_visible (self->editing_box, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->draft_view));
}

static void
cancel_edit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);

  g_clear_pointer (&self->edit_from, g_free);
  gtk_widget_set_visible (self->editing_box, FALSE);
  kt_assistant_pane_set_draft (self, NULL);
  kt_assistant_pane_clear_chips (self);
}

void
kt_assistant_pane_install_chat_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "assistant.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "assistant.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "assistant.try-again", NULL, try_again_action);
  gtk_widget_class_install_action (widget_class, "assistant.retry", "s", retry_action);
  gtk_widget_class_install_action (widget_class, "assistant.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "assistant.cancel-edit", NULL, cancel_edit_action);
}
