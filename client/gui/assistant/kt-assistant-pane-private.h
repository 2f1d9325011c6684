/* kt-assistant-pane-private.h: what the parts of KtAssistantPane share
 *
 * KtAssistantPane is split by concern: kt-assistant-pane.c (the widget,
 * conversations, messages, chips, the actions on stored things) and
 * kt-assistant-pane-chat.c (a question's request: send, stop, retry,
 * edit, and what is stored when the answer ends).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-ai-chat-client.h"
#include "kt-assistant-pane.h"
#include "kt-context-chip.h"

G_BEGIN_DECLS

struct _KtAssistantPane
{
  GtkWidget           parent_instance;

  KtContext          *context;
  KtStore            *store;
  KtRecord           *conversation;  /* NULL: a new one, saved with its first question */
  GPtrArray          *messages;      /* of KtRecord (ai_message), saved, oldest first */
  GPtrArray          *chips;         /* of KtContextChip */
  char               *edit_from;     /* the question being edited, or NULL */
  char               *status;
  char               *deleted_id;    /* the conversation Undo brings back */
  gboolean            writing;       /* our own store writes: no reload */
  gboolean            follow;        /* the view sticks to the newest text */

  /* The request in flight. */
  KtAiChatRequest    *request;
  GCancellable       *cancellable;
  KtRecord           *question;      /* saved once the server accepted it */
  KtRecord           *answer;
  KtAssistantMessage *question_widget;
  KtAssistantMessage *answer_widget;
  gboolean            accepted;
  gboolean            resend;        /* Try Again or Retry: the question is stored */

  /* Template children */
  AdwLeaflet         *leaflet;
  GtkWidget          *list_page;
  GtkWidget          *chat_page;
  GtkListBox         *conversation_list;
  GtkWidget          *back_button;
  GtkEditableLabel   *title_label;
  GtkWidget          *delete_button;
  GtkStack           *chat_stack;
  GtkScrolledWindow  *scroller;
  GtkBox             *messages_box;
  GtkWidget          *status_box;
  GtkLabel           *status_label;
  GtkWidget          *editing_box;
  GtkFlowBox         *chips_box;
  GtkTextView        *draft_view;
  GtkStack           *send_stack;
};

/* kt-assistant-pane.c */
KtSyncEngine       *kt_assistant_pane_engine          (KtAssistantPane *self);
void                kt_assistant_pane_show_status     (KtAssistantPane *self,
                                                       const char      *status,
                                                       gboolean         can_try_again);
void                kt_assistant_pane_update_actions  (KtAssistantPane *self);
void                kt_assistant_pane_notify_busy     (KtAssistantPane *self);
gboolean            kt_assistant_pane_save            (KtAssistantPane *self,
                                                       KtRecord        *record);
gboolean            kt_assistant_pane_is_stored       (KtAssistantPane *self,
                                                       KtRecord        *record);
void                kt_assistant_pane_delete_record   (KtAssistantPane *self,
                                                       KtRecord        *record);
/* The records a question carried ({"records": [...]} in its context). */
JsonArray          *kt_assistant_pane_sent_records    (KtRecord        *message);
KtAssistantMessage *kt_assistant_pane_add_message     (KtAssistantPane *self,
                                                       KtRecord        *message);
void                kt_assistant_pane_update_retry    (KtAssistantPane *self);
void                kt_assistant_pane_show_messages   (KtAssistantPane *self);
void                kt_assistant_pane_load_conversations (KtAssistantPane *self);
void                kt_assistant_pane_clear_chips     (KtAssistantPane *self);
/* Takes @chip (floating). */
void                kt_assistant_pane_add_chip        (KtAssistantPane *self,
                                                       KtContextChip   *chip);

/* kt-assistant-pane-chat.c: assistant.send, .stop, .try-again, .retry,
 * .edit and .cancel-edit. */
void                kt_assistant_pane_install_chat_actions (GtkWidgetClass *widget_class);

G_END_DECLS
