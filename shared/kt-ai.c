/* kt-ai.c: the AI assistant's conversations, messages and suggestions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai.h"
#include "kt-error.h"
#include "kt-uuid.h"

#define S KT_FIELD_SEARCHABLE
#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED

/* A conversation or suggestion may point at a record of any entity, so the
 * pointer is a pair of text fields (entity name, id) checked here rather
 * than a KT_FIELD_REF to one entity. */
static gboolean
check_related (KtRecord    *record,
               const char  *entity_field,
               const char  *id_field,
               GError     **error)
{
  const char *entity_name = kt_record_get_string (record, entity_field);
  const char *id = kt_record_get_string (record, id_field);

  if (entity_name != NULL && kt_entity_lookup (entity_name) == NULL)
    {
      kt_record_set_field_error (error, entity_field,
                                 _("“%s” is not a kind of record"), entity_name);
      return FALSE;
    }

  if (id != NULL && !kt_uuid_is_valid (id))
    {
      kt_record_set_field_error (error, id_field, _("“%s” is not a record id"), id);
      return FALSE;
    }

  if ((entity_name == NULL) != (id == NULL))
    {
      kt_record_set_field_error (error, entity_name == NULL ? entity_field : id_field,
                                 _("A related record needs both its kind and its id"));
      return FALSE;
    }

  return TRUE;
}

static const KtField ai_conversation_fields[] = {
  { "title", KT_FIELD_TEXT, R | S | O, N_("Title"), .max_length = 200 },
  { "context_entity", KT_FIELD_TEXT, I, N_("About (kind)"), .max_length = 64 },
  { "context_id", KT_FIELD_TEXT, I, N_("About (record)"), .max_length = 36 },
  { NULL }
};

static gboolean
validate_ai_conversation (const KtEntity *entity,
                          KtRecord       *record,
                          GError        **error)
{
  return check_related (record, "context_entity", "context_id", error);
}

const KtEntity kt_ai_conversation_entity = {
  .name = "ai_conversation",
  .plural = "ai_conversations",
  .label = N_("Conversation"),
  .flags = KT_ENTITY_SYNCED,
  .fields = ai_conversation_fields,
  .title_fields = "title",
  .default_sort = "-updated_at",
  .validate = validate_ai_conversation,
};

static const char * const message_roles[] = { "user", "assistant", "system", NULL };

static const KtField ai_message_fields[] = {
  { "conversation_id", KT_FIELD_REF, R | I, N_("Conversation"), .ref_entity = "ai_conversation" },
  { "role", KT_FIELD_ENUM, R, N_("Role"), .choices = message_roles },
  { "content", KT_FIELD_TEXT, R | S, N_("Message"), .max_length = 100000 },
  { "context", KT_FIELD_JSON, 0, N_("Context") },
  { "tokens_used", KT_FIELD_INT, 0, N_("Tokens used"), .min = 0, .max = G_MAXINT32 },
  { NULL }
};

const KtEntity kt_ai_message_entity = {
  .name = "ai_message",
  .plural = "ai_messages",
  .label = N_("Message"),
  .flags = KT_ENTITY_SYNCED | KT_ENTITY_CHILD,
  .fields = ai_message_fields,
  .parent_field = "conversation_id",
  .title_fields = "content",
  .default_sort = "created_at",
};

static const char * const suggestion_kinds[] = { "task", "email", "deal_insight", "follow_up", NULL };
static const char * const suggestion_statuses[] = { "pending", "applied", "dismissed", NULL };

static const KtField ai_suggestion_fields[] = {
  { "kind", KT_FIELD_ENUM, R | I, N_("Kind"), .choices = suggestion_kinds },
  { "title", KT_FIELD_TEXT, R | S | O, N_("Title"), .max_length = 200 },
  { "body", KT_FIELD_TEXT, S, N_("Details"), .max_length = 100000 },
  { "related_entity", KT_FIELD_TEXT, I, N_("About (kind)"), .max_length = 64 },
  { "related_id", KT_FIELD_TEXT, I, N_("About (record)"), .max_length = 36 },
  { "status", KT_FIELD_ENUM, I, N_("Status"), .choices = suggestion_statuses,
    .default_value = "\"pending\"" },
  { NULL }
};

static gboolean
validate_ai_suggestion (const KtEntity *entity,
                        KtRecord       *record,
                        GError        **error)
{
  return check_related (record, "related_entity", "related_id", error);
}

const KtEntity kt_ai_suggestion_entity = {
  .name = "ai_suggestion",
  .plural = "ai_suggestions",
  .label = N_("Suggestion"),
  .flags = KT_ENTITY_SYNCED,
  .fields = ai_suggestion_fields,
  .title_fields = "title",
  .default_sort = "-created_at",
  .validate = validate_ai_suggestion,
};
