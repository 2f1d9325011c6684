/* kt-assistant-pane.c: the Assistant section
 *
 * Conversations on the left (ai_conversation records, synced like any
 * other), the selected one's messages on the right, the question at the
 * bottom with the records shared with it as chips. A question goes to
 * POST /v1/ai/chat (kt-ai-chat-client.h), and the answer shows piece by
 * piece as the server streams it.
 *
 * What is stored, and when:
 * - The conversation and the question are saved when the server accepts
 *   the question (its first piece of answer, or its end). A question
 *   the server refused, or that never left this computer, is not saved:
 *   it goes back into the question box with the reason, so nothing the
 *   person wrote is lost, offline included.
 * - The answer is saved whole when it ends. An answer the person stopped
 *   is saved with what had arrived and `context` `{"stopped": true}`,
 *   shown with "Stopped" under it, and sent as it is with the next
 *   question (docs/ai.md). An answer that broke off is not saved; Try
 *   Again asks once more.
 * - The records shared with a question are saved with it (`context`,
 *   {"records": [{label, text}...]}): what was sent, exactly, for later
 *   reading and for Edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-assistant-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-assistant-pane-private.h"
#include "kt-entities.h"
#include "kt-toast.h"
#include "kt-uuid.h"

/* docs/api.md: at most 20 context items a request. */
#define MAX_CHIPS 20

G_DEFINE_FINAL_TYPE (KtAssistantPane, kt_assistant_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

KtSyncEngine *
kt_assistant_pane_engine (KtAssistantPane *self)
{
  return kt_context_get_sync_engine (self->context);
}

void
kt_assistant_pane_show_status (KtAssistantPane *self,
            const char      *status,
            gboolean         can_try_again)
{
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_text (self->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (self->status_box, status != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.try-again", can_try_again);
}

void
kt_assistant_pane_update_actions (KtAssistantPane *self)
{
  gboolean busy = self->request != NULL;

  gtk_stack_set_visible_child_name (self->send_stack, busy ? "stop" : "send");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.send", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.stop", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.retry", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.edit", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.new", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.new", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.delete", !busy && self->conversation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.delete", !busy && self->conversation != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conversation_list), !busy);
  if (busy)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.try-again", FALSE);
}



gboolean
kt_assistant_pane_save (KtAssistantPane *self,
      KtRecord        *record)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  self->writing = TRUE;
  ok = kt_store_save (self->store, record, &error);
  self->writing = FALSE;
  if (!ok)
    {
      g_warning ("Could not save the %s: %s", kt_record_get_entity (record)->name, error->message);
      kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
    }
  return ok;
}

gboolean
kt_assistant_pane_is_stored (KtAssistantPane *self,
           KtRecord        *record)
{
  g_autoptr (KtRecord) stored = kt_store_get (self->store, kt_record_get_entity (record),
                                              kt_record_get_id (record), NULL);

  return stored != NULL;
}

void
kt_assistant_pane_delete_record (KtAssistantPane *self,
               KtRecord        *record)
{
  g_autoptr (GError) error = NULL;

  self->writing = TRUE;
  if (!kt_store_delete (self->store, kt_record_get_entity (record), kt_record_get_id (record), &error))
    g_warning ("Could not delete a message: %s", error->message);
  self->writing = FALSE;
}

/* The records a question carried: its `context` is an object (a JSON
 * field holds objects only), {"records": [{label, text}...]}. */
JsonArray *
kt_assistant_pane_sent_records (KtRecord *message)
{
  JsonNode *context = kt_record_get_node (message, "context");
  JsonNode *records;

  if (context == NULL || !JSON_NODE_HOLDS_OBJECT (context))
    return NULL;
  records = json_object_get_member (json_node_get_object (context), "records");
  return records != NULL && JSON_NODE_HOLDS_ARRAY (records) ? json_node_get_array (records) : NULL;
}


static void
scroll_to_end (KtAssistantPane *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
}

KtAssistantMessage *
kt_assistant_pane_add_message (KtAssistantPane *self,
                    KtRecord        *message)
{
  const char *role = kt_record_get_string (message, "role");
  KtAssistantMessage *widget = kt_assistant_message_new (role, kt_record_get_id (message));
  JsonNode *context = kt_record_get_node (message, "context");
  JsonArray *items = kt_assistant_pane_sent_records (message);

  kt_assistant_message_set_text (widget, kt_record_get_string (message, "content"));
  if (items != NULL && json_array_get_length (items) > 0)
    {
      g_autoptr (GString) note = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);
          const char *label = JSON_NODE_HOLDS_OBJECT (item)
            ? json_object_get_string_member_with_default (json_node_get_object (item), "label", NULL) : NULL;

          if (label == NULL)
            continue;
          if (note->len > 0)
            g_string_append (note, ", ");
          g_string_append (note, label);
        }
      if (note->len > 0)
        {
          /* TRANSLATORS: under a question: the records sent with it. */
          g_autofree char *text = g_strdup_printf (_("Shared: %s"), note->str);

          kt_assistant_message_set_note (widget, text);
        }
    }
  else if (context != NULL && JSON_NODE_HOLDS_OBJECT (context) &&
           json_object_get_boolean_member_with_default (json_node_get_object (context), "stopped", FALSE))
    kt_assistant_message_set_note (widget, _("Stopped"));

  gtk_box_append (self->messages_box, GTK_WIDGET (widget));
  gtk_stack_set_visible_child_name (self->chat_stack, "messages");
  return widget;
}

/* Retry is offered on the last answer only: an older one has answers
 * after it that a new one would not know. */
void
kt_assistant_pane_update_retry (KtAssistantPane *self)
{
  GtkWidget *last = gtk_widget_get_last_child (GTK_WIDGET (self->messages_box));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kt_assistant_message_set_can_retry (KT_ASSISTANT_MESSAGE (child), child == last);
}

static void
clear_message_widgets (KtAssistantPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box))) != NULL)
    gtk_box_remove (self->messages_box, child);
}

static void
load_messages (KtAssistantPane *self)
{
  g_autoptr (KtQuery) query = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_set_size (self->messages, 0);
  if (self->conversation != NULL)
    {
      query = kt_query_new (&kt_ai_message_entity);
      kt_query_add_filter (query, "conversation_id", kt_record_get_id (self->conversation));
      kt_query_set_sort (query, "created_at", FALSE);
      rows = kt_store_query (self->store, query, 0, 1000, &error);
      if (rows == NULL)
        g_warning ("Could not load the conversation: %s", error->message);
      else
        for (guint i = 0; i < rows->len; i++)
          g_ptr_array_add (self->messages, g_object_ref (g_ptr_array_index (rows, i)));
    }
  kt_assistant_pane_show_messages (self);
}

void
kt_assistant_pane_show_messages (KtAssistantPane *self)
{
  const char *title = self->conversation != NULL ? kt_record_get_string (self->conversation, "title") : NULL;

  clear_message_widgets (self);
  for (guint i = 0; i < self->messages->len; i++)
    kt_assistant_pane_add_message (self, g_ptr_array_index (self->messages, i));
  kt_assistant_pane_update_retry (self);
  gtk_stack_set_visible_child_name (self->chat_stack, self->messages->len > 0 ? "messages" : "empty");
  gtk_editable_set_text (GTK_EDITABLE (self->title_label), title != NULL ? title : _("New Conversation"));
  self->follow = TRUE;
  kt_assistant_pane_update_actions (self);
}

static void
open_conversation (KtAssistantPane *self,
                   KtRecord        *conversation)
{
  if (conversation == self->conversation)
    return;
  g_set_object (&self->conversation, conversation);
  g_clear_pointer (&self->edit_from, g_free);
  gtk_widget_set_visible (self->editing_box, FALSE);
  kt_assistant_pane_show_status (self, NULL, FALSE);
  load_messages (self);
}

static void
select_current_row (KtAssistantPane *self)
{
  const char *id = self->conversation != NULL ? kt_record_get_id (self->conversation) : NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->conversation_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), id) == 0)
        {
          gtk_list_box_select_row (self->conversation_list, GTK_LIST_BOX_ROW (row));
          return;
        }
    }
  gtk_list_box_unselect_all (self->conversation_list);
}

void
kt_assistant_pane_load_conversations (KtAssistantPane *self)
{
  g_autoptr (KtQuery) query = kt_query_new (&kt_ai_conversation_entity);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  kt_query_set_sort (query, "updated_at", TRUE);
  rows = kt_store_query (self->store, query, 0, 500, &error);
  if (rows == NULL)
    {
      g_warning ("Could not list the conversations: %s", error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conversation_list))) != NULL)
    gtk_list_box_remove (self->conversation_list, child);
  for (guint i = 0; i < rows->len; i++)
    {
      KtRecord *conversation = g_ptr_array_index (rows, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (kt_record_get_string (conversation, "title"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_name (row, kt_record_get_id (conversation));
      g_object_set_data_full (G_OBJECT (row), "kt-record", g_object_ref (conversation), g_object_unref);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_append (self->conversation_list, row);
    }
  select_current_row (self);
}

void
kt_assistant_pane_clear_chips (KtAssistantPane *self)
{
  GtkWidget *child;

  /* GTK 4.8 has no gtk_flow_box_remove_all(). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box))) != NULL)
    gtk_flow_box_remove (self->chips_box, child);
  g_ptr_array_set_size (self->chips, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), FALSE);
}

void
kt_assistant_pane_add_chip (KtAssistantPane *self,
          KtContextChip   *chip)
{
  g_object_ref_sink (chip);
  for (guint i = 0; i < self->chips->len; i++)
    {
      if (g_str_equal (kt_context_chip_get_key (g_ptr_array_index (self->chips, i)), kt_context_chip_get_key (chip)))
        {
          g_object_unref (chip);
          return;
        }
    }
  if (self->chips->len >= MAX_CHIPS)
    {
      kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("A question can carry at most 20 records")));
      g_object_unref (chip);
      return;
    }
  g_ptr_array_add (self->chips, chip);
  gtk_flow_box_append (self->chips_box, GTK_WIDGET (chip));
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), TRUE);
}









static void
on_row_selected_cb (GtkListBox    *box,
                    GtkListBoxRow *row,
                    gpointer       user_data)
{
  KtAssistantPane *self = user_data;
  KtRecord *conversation;

  if (row == NULL || self->request != NULL)
    return;
  conversation = g_object_get_data (G_OBJECT (row), "kt-record");
  if (self->conversation != NULL && g_strcmp0 (kt_record_get_id (conversation), kt_record_get_id (self->conversation)) == 0)
    return;
  open_conversation (self, conversation);
}

static void
on_row_activated_cb (GtkListBox    *box,
                     GtkListBoxRow *row,
                     gpointer       user_data)
{
  KtAssistantPane *self = user_data;

  adw_leaflet_set_visible_child (self->leaflet, self->chat_page);
  gtk_widget_grab_focus (GTK_WIDGET (self->draft_view));
}

static void
on_store_changed_cb (KtStore    *store,
                     const char *entity,
                     const char *id,
                     gpointer    user_data)
{
  KtAssistantPane *self = user_data;

  /* Our own writes are shown already; a pull's are read again, but not
   * under an answer that is streaming. */
  if (self->writing || self->request != NULL)
    return;
  if (entity == NULL || g_str_equal (entity, kt_ai_conversation_entity.name))
    kt_assistant_pane_load_conversations (self);
  if (entity == NULL || g_str_equal (entity, kt_ai_message_entity.name))
    load_messages (self);
}

static void
on_title_editing_cb (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  KtAssistantPane *self = user_data;
  g_autofree char *title = NULL;

  if (gtk_editable_label_get_editing (self->title_label))
    return;
  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_label))));
  if (self->conversation == NULL || *title == '\0' ||
      g_strcmp0 (title, kt_record_get_string (self->conversation, "title")) == 0)
    {
      kt_assistant_pane_show_messages (self);
      return;
    }
  kt_record_set_string (self->conversation, "title", title);
  if (kt_assistant_pane_is_stored (self, self->conversation))
    kt_assistant_pane_save (self, self->conversation);
  kt_assistant_pane_load_conversations (self);
}

static void
on_adjustment_changed_cb (GtkAdjustment *adj,
                          gpointer       user_data)
{
  KtAssistantPane *self = user_data;

  /* The text grew: stay at its end if the person was there. */
  if (self->follow)
    scroll_to_end (self);
}

static void
on_adjustment_value_cb (GtkAdjustment *adj,
                        gpointer       user_data)
{
  KtAssistantPane *self = user_data;

  self->follow = gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
                 gtk_adjustment_get_upper (adj) - 24;
}

static void
on_folded_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  KtAssistantPane *self = user_data;

  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
}

/* Actions */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);

  g_clear_object (&self->conversation);
  g_clear_pointer (&self->edit_from, g_free);
  gtk_widget_set_visible (self->editing_box, FALSE);
  kt_assistant_pane_show_status (self, NULL, FALSE);
  g_ptr_array_set_size (self->messages, 0);
  kt_assistant_pane_show_messages (self);
  gtk_list_box_unselect_all (self->conversation_list);
  adw_leaflet_set_visible_child (self->leaflet, self->chat_page);
  gtk_widget_grab_focus (GTK_WIDGET (self->draft_view));
}









static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);
  const char *id = g_variant_get_string (param, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KtAssistantMessage *message = KT_ASSISTANT_MESSAGE (child);

      if (g_str_equal (kt_assistant_message_get_id (message), id))
        {
          /* The markdown as written: it pastes well into mail and notes. */
          gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), kt_assistant_message_get_text (message));
          kt_widget_add_toast (widget, adw_toast_new (_("Copied")));
          return;
        }
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (self->request != NULL || self->conversation == NULL)
    return;
  if (!kt_assistant_pane_is_stored (self, self->conversation))
    {
      new_action (widget, NULL, NULL);
      return;
    }
  self->writing = TRUE;
  if (!kt_store_delete (self->store, &kt_ai_conversation_entity, kt_record_get_id (self->conversation), &error))
    {
      self->writing = FALSE;
      kt_widget_add_toast (widget, adw_toast_new (error->message));
      return;
    }
  self->writing = FALSE;
  g_free (self->deleted_id);
  self->deleted_id = g_strdup (kt_record_get_id (self->conversation));
  title = g_strdup_printf (_("“%s” deleted"), kt_record_get_string (self->conversation, "title"));
  new_action (widget, NULL, NULL);
  kt_assistant_pane_load_conversations (self);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  kt_widget_add_toast (widget, toast);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) conversation = NULL;

  if (self->deleted_id == NULL || self->request != NULL)
    return;
  self->writing = TRUE;
  if (!kt_store_undelete (self->store, &kt_ai_conversation_entity, self->deleted_id, &error))
    g_warning ("Could not bring the conversation back: %s", error->message);
  self->writing = FALSE;
  conversation = kt_store_get (self->store, &kt_ai_conversation_entity, self->deleted_id, NULL);
  g_clear_pointer (&self->deleted_id, g_free);
  if (conversation != NULL)
    {
      open_conversation (self, conversation);
      kt_assistant_pane_load_conversations (self);
    }
}

static void
remove_context_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);
  const char *key = g_variant_get_string (param, NULL);

  for (guint i = 0; i < self->chips->len; i++)
    {
      KtContextChip *chip = g_ptr_array_index (self->chips, i);

      if (g_str_equal (kt_context_chip_get_key (chip), key))
        {
          gtk_flow_box_remove (self->chips_box, gtk_widget_get_parent (GTK_WIDGET (chip)));
          g_ptr_array_remove_index (self->chips, i);
          break;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), self->chips->len > 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->draft_view));
}

static void
add_record_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  const char *entity, *id;

  g_variant_get (param, "(&s&s)", &entity, &id);
  kt_assistant_pane_add_record (KT_ASSISTANT_PANE (widget), entity, id);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_page);
}

/* Overrides */

static void
kt_assistant_pane_constructed (GObject *object)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (object);

  G_OBJECT_CLASS (kt_assistant_pane_parent_class)->constructed (object);

  self->store = g_object_ref (kt_context_get_store (self->context));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  kt_assistant_pane_load_conversations (self);
  kt_assistant_pane_show_messages (self);
}

/* The request holds the pane until its answer ends, so dispose would
 * wait for an answer that may never end: a pane leaving its window (the
 * window closed) stops the answer, which is stored as stopped. */
static void
kt_assistant_pane_unroot (GtkWidget *widget)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (kt_assistant_pane_parent_class)->unroot (widget);
}

static void
kt_assistant_pane_dispose (GObject *object)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (object);

  /* An answer still coming is dropped: its callback finds no request of
   * ours and leaves the widgets, gone with the template, alone. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->request);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->question);
  g_clear_object (&self->answer);
  self->question_widget = NULL;
  self->answer_widget = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_ASSISTANT_PANE);
  g_clear_object (&self->conversation);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_assistant_pane_parent_class)->dispose (object);
}

static void
kt_assistant_pane_finalize (GObject *object)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (object);

  g_ptr_array_unref (self->messages);
  g_ptr_array_unref (self->chips);
  g_free (self->edit_from);
  g_free (self->status);
  g_free (self->deleted_id);

  G_OBJECT_CLASS (kt_assistant_pane_parent_class)->finalize (object);
}

static void
kt_assistant_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->request != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_assistant_pane_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KtAssistantPane *self = KT_ASSISTANT_PANE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_assistant_pane_class_init (KtAssistantPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_assistant_pane_constructed;
  object_class->dispose = kt_assistant_pane_dispose;
  object_class->finalize = kt_assistant_pane_finalize;
  object_class->get_property = kt_assistant_pane_get_property;
  object_class->set_property = kt_assistant_pane_set_property;
  widget_class->unroot = kt_assistant_pane_unroot;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "assistant.new", NULL, new_action);
  kt_assistant_pane_install_chat_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "assistant.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "assistant.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "assistant.remove-context", "s", remove_context_action);
  gtk_widget_class_install_action (widget_class, "assistant.add-record", "(ss)", add_record_action);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, back_action);
  /* The window's New, Delete and Undo (Ctrl+N, Delete, Ctrl+Z). */
  gtk_widget_class_install_action (widget_class, "pane.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "pane.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "pane.undo", NULL, undo_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/assistant/kt-assistant-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, list_page);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, chat_page);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, conversation_list);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, back_button);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, chat_stack);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, messages_box);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, status_box);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, editing_box);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, chips_box);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, draft_view);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantPane, send_stack);
}

static void
kt_assistant_pane_init (KtAssistantPane *self)
{
  GtkEventController *keys;
  GtkAdjustment *adj;

  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
  self->chips = g_ptr_array_new_with_free_func (g_object_unref);
  self->follow = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+Enter sends, Escape stops: caught before the text view, which
   * would take Enter as a new line. */
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("assistant.send")));
  gtk_widget_add_controller (GTK_WIDGET (self->draft_view), keys);
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("assistant.stop")));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect (self->conversation_list, "row-selected", G_CALLBACK (on_row_selected_cb), self);
  g_signal_connect (self->conversation_list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  g_signal_connect (self->title_label, "notify::editing", G_CALLBACK (on_title_editing_cb), self);
  g_signal_connect (self->leaflet, "notify::folded", G_CALLBACK (on_folded_cb), self);
  on_folded_cb (NULL, NULL, self);
  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect (adj, "changed", G_CALLBACK (on_adjustment_changed_cb), self);
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_adjustment_value_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.try-again", FALSE);
}

void
kt_assistant_pane_notify_busy (KtAssistantPane *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Public API */

GtkWidget *
kt_assistant_pane_new (KtContext *context)
{
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_ASSISTANT_PANE, "context", context, NULL);
}

gboolean
kt_assistant_pane_add_record (KtAssistantPane *self,
                              const char      *entity,
                              const char      *id)
{
  const KtEntity *kind;
  g_autoptr (KtRecord) record = NULL;

  g_return_val_if_fail (KT_IS_ASSISTANT_PANE (self), FALSE);
  g_return_val_if_fail (entity != NULL && id != NULL, FALSE);

  kind = kt_entity_lookup (entity);
  if (kind == NULL)
    return FALSE;
  record = kt_store_get (self->store, kind, id, NULL);
  if (record == NULL)
    return FALSE;
  kt_assistant_pane_add_chip (self, kt_context_chip_new_for_record (self->store, record));
  adw_leaflet_set_visible_child (self->leaflet, self->chat_page);
  gtk_widget_grab_focus (GTK_WIDGET (self->draft_view));
  return TRUE;
}

gboolean
kt_assistant_pane_get_busy (KtAssistantPane *self)
{
  g_return_val_if_fail (KT_IS_ASSISTANT_PANE (self), FALSE);

  return self->request != NULL;
}

const char *
kt_assistant_pane_get_status (KtAssistantPane *self)
{
  g_return_val_if_fail (KT_IS_ASSISTANT_PANE (self), NULL);

  return self->status;
}

char *
kt_assistant_pane_dup_draft (KtAssistantPane *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (KT_IS_ASSISTANT_PANE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->draft_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
kt_assistant_pane_set_draft (KtAssistantPane *self,
                             const char      *text)
{
  g_return_if_fail (KT_IS_ASSISTANT_PANE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->draft_view), text != NULL ? text : "", -1);
}

const char *
kt_assistant_pane_get_conversation_id (KtAssistantPane *self)
{
  g_return_val_if_fail (KT_IS_ASSISTANT_PANE (self), NULL);

  return self->conversation != NULL ? kt_record_get_id (self->conversation) : NULL;
}

KtAssistantMessage *
kt_assistant_pane_get_last_message (KtAssistantPane *self)
{
  GtkWidget *last;

  g_return_val_if_fail (KT_IS_ASSISTANT_PANE (self), NULL);

  last = gtk_widget_get_last_child (GTK_WIDGET (self->messages_box));
  return last != NULL ? KT_ASSISTANT_MESSAGE (last) : NULL;
}

GPtrArray *
kt_assistant_pane_get_chips (KtAssistantPane *self)
{
  g_return_val_if_fail (KT_IS_ASSISTANT_PANE (self), NULL);

  return self->chips;
}
