/* kt-ai-schema.h: the structured actions and the check of their output
 *
 * A structured action (draft_email, analyse_deal, suggest_tasks,
 * smart_search) asks the provider for JSON that a schema describes. The
 * provider is told the schema (responseSchema, response_format), and is
 * not trusted to keep it: kt_ai_schema_validate() checks the answer
 * against the same schema before anything is handed on, so that a
 * client never applies half of an answer. The check knows the part of
 * JSON Schema the actions use: type, properties, required,
 * additionalProperties false, items, enum, minimum, maximum, minLength,
 * maxLength, minItems, maxItems.
 *
 * Here in shared/ because both sides check: the server before it answers,
 * the client again before it applies anything (client/sync/kt-ai-client.c),
 * so a server of another version or a proxy in between cannot make the
 * client apply half an answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;
  const char *system;       /* the instruction that goes with it */
  const char *schema_json;  /* its JSON schema */
} KtAiAction;

/* NULL when there is no action of that name. */
const KtAiAction *kt_ai_action_find   (const char       *name);
/* The action's schema, parsed (a new reference). */
JsonObject       *kt_ai_action_schema (const KtAiAction *action);
/* The names, NULL-terminated, for docs and errors. */
const char * const *kt_ai_action_names (void);

/* Whether @value satisfies @schema; the error (KT_ERROR_INVALID; the
 * server answers it as ai_invalid_output) names the first place that does not, as a JSON
 * pointer ("/tasks/2/priority"). */
gboolean          kt_ai_schema_validate (JsonObject *schema,
                                         JsonNode   *value,
                                         GError    **error);

G_END_DECLS
