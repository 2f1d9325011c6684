/* kt-ai.h: the AI assistant's conversations and suggestions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_ai_conversation_entity;
extern const KtEntity kt_ai_message_entity;
extern const KtEntity kt_ai_suggestion_entity;

#define KT_ENTITY_AI_CONVERSATION (&kt_ai_conversation_entity)
#define KT_ENTITY_AI_MESSAGE (&kt_ai_message_entity)
#define KT_ENTITY_AI_SUGGESTION (&kt_ai_suggestion_entity)

G_END_DECLS
