/* kt-assistant-message.h: one message of an Assistant conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KT_TYPE_ASSISTANT_MESSAGE (kt_assistant_message_get_type ())
G_DECLARE_FINAL_TYPE (KtAssistantMessage, kt_assistant_message, KT, ASSISTANT_MESSAGE, GtkWidget)

/* @role: "user" or "assistant"; @id: the ai_message's id, the target of
 * the buttons' actions (assistant.copy, .edit, .retry). */
KtAssistantMessage *kt_assistant_message_new         (const char         *role,
                                                      const char         *id);
const char         *kt_assistant_message_get_id      (KtAssistantMessage *self);
const char         *kt_assistant_message_get_role    (KtAssistantMessage *self);
/* The source text (markdown for an answer) shown so far. */
const char         *kt_assistant_message_get_text    (KtAssistantMessage *self);
/* Replaces the whole text (a stored message). */
void                kt_assistant_message_set_text    (KtAssistantMessage *self,
                                                      const char         *text);
/* Appends a piece of a streamed answer; it shows by the next frame. */
void                kt_assistant_message_append      (KtAssistantMessage *self,
                                                      const char         *piece);
/* The answer is complete (or stopped): renders what is left at once and
 * shows the buttons. */
void                kt_assistant_message_finish      (KtAssistantMessage *self,
                                                      gboolean            stopped);
/* A line under a question: the records sent with it. */
void                kt_assistant_message_set_note    (KtAssistantMessage *self,
                                                      const char         *note);
/* Whether Retry is offered (the last answer only). */
void                kt_assistant_message_set_can_retry (KtAssistantMessage *self,
                                                        gboolean            can_retry);
GtkTextView        *kt_assistant_message_get_view    (KtAssistantMessage *self);
/* The bytes of markdown parsed for this answer so far (the benchmark). */
guint64             kt_assistant_message_get_parsed_bytes (KtAssistantMessage *self);

G_END_DECLS
