/* kt-assistant-pane.h: the Assistant section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-assistant-message.h"
#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_ASSISTANT_PANE (kt_assistant_pane_get_type ())
G_DECLARE_FINAL_TYPE (KtAssistantPane, kt_assistant_pane, KT, ASSISTANT_PANE, GtkWidget)

GtkWidget          *kt_assistant_pane_new             (KtContext       *context);
/* Shares @entity's record @id with the next question (a chip), as the
 * records' "Ask Assistant" does (assistant.add-record). */
gboolean            kt_assistant_pane_add_record      (KtAssistantPane *self,
                                                       const char      *entity,
                                                       const char      *id);
/* TRUE while an answer streams. */
gboolean            kt_assistant_pane_get_busy        (KtAssistantPane *self);
/* The message the pane shows about the last request (offline, an error),
 * or NULL. */
const char         *kt_assistant_pane_get_status      (KtAssistantPane *self);
/* The question being written. */
char               *kt_assistant_pane_dup_draft       (KtAssistantPane *self);
void                kt_assistant_pane_set_draft       (KtAssistantPane *self,
                                                       const char      *text);
/* The current conversation's id, or NULL before its first question. */
const char         *kt_assistant_pane_get_conversation_id (KtAssistantPane *self);
/* The last message shown, or NULL. */
KtAssistantMessage *kt_assistant_pane_get_last_message (KtAssistantPane *self);
/* The chips shown (of KtContextChip, transfer none). */
GPtrArray          *kt_assistant_pane_get_chips       (KtAssistantPane *self);

G_END_DECLS
