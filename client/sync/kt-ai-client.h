/* kt-ai-client.h: the AI actions of the sync server, for the client
 *
 * POST /v1/ai/structured asks the server's AI for one named action
 * (docs/ai.md): a drafted email, a deal's analysis, suggested tasks, a
 * smart search's filter. The answer is checked here again against the
 * action's schema (shared/kt-ai-schema.c, the server's own) before
 * anyone sees it, so an answer that does not fit is an error and never
 * half applied. GET/PUT/DELETE /v1/ai/settings choose the organization's
 * provider (Owners and Admins).
 *
 * Errors are KT_AI_ERROR with a message meant for a person.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

#define KT_AI_ERROR (kt_ai_error_quark ())

/**
 * KtAiError:
 * @KT_AI_ERROR_INVALID_OUTPUT: the answer did not fit the action's schema
 *   (here or on the server): nothing of it was used
 * @KT_AI_ERROR_RATE_LIMITED: the provider asks to wait (see
 *   kt_ai_error_get_retry_after()), or its daily quota is spent
 * @KT_AI_ERROR_PLAN_LIMIT: the plan's AI requests of the month are used up
 * @KT_AI_ERROR_NOT_CONFIGURED: the server has no AI provider
 * @KT_AI_ERROR_OFFLINE: no server account, or the server cannot be reached
 * @KT_AI_ERROR_BLOCKED: the provider's safety filter refused
 * @KT_AI_ERROR_FORBIDDEN: the person may not do this (settings: Owners, Admins)
 * @KT_AI_ERROR_FAILED: anything else, in the server's words
 */
typedef enum {
  KT_AI_ERROR_INVALID_OUTPUT,
  KT_AI_ERROR_RATE_LIMITED,
  KT_AI_ERROR_PLAN_LIMIT,
  KT_AI_ERROR_NOT_CONFIGURED,
  KT_AI_ERROR_OFFLINE,
  KT_AI_ERROR_BLOCKED,
  KT_AI_ERROR_FORBIDDEN,
  KT_AI_ERROR_FAILED,
} KtAiError;

GQuark      kt_ai_error_quark      (void);

/* The structured actions (docs/ai.md). */
#define KT_AI_ACTION_DRAFT_EMAIL   "draft_email"
#define KT_AI_ACTION_ANALYSE_DEAL  "analyse_deal"
#define KT_AI_ACTION_SUGGEST_TASKS "suggest_tasks"
#define KT_AI_ACTION_SMART_SEARCH  "smart_search"

/* The context the person agreed to send: [{"label", "text"}], at most
 * 20 items (the server's limit). */
void        kt_ai_context_add      (JsonArray  *context,
                                    const char *label,
                                    const char *text);

/* Checks the server's answer {"action", "result", "attempts"} to
 * @action: the action matches and the result fits the action's schema.
 * Returns the result (transfer full) or NULL with
 * KT_AI_ERROR_INVALID_OUTPUT. Pure: the unit tests call it directly. */
JsonObject *kt_ai_check_answer     (const char  *action,
                                    JsonNode    *answer,
                                    GError     **error);

/* The server's error as a KT_AI_ERROR in plain words (takes @error). */
GError     *kt_ai_error_from_sync  (GError      *error);

void        kt_ai_structured_async  (KtSyncEngine        *engine,
                                     const char          *action,
                                     const char          *prompt,
                                     JsonArray           *context,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* Returns: (transfer full): the checked result of the action. */
JsonObject *kt_ai_structured_finish (KtSyncEngine        *engine,
                                     GAsyncResult        *result,
                                     GError             **error);

/* GET (@method "GET", @body NULL), PUT (@body the new settings) or
 * DELETE /v1/ai/settings. Finishes with the settings as the server
 * answers them (NULL after a DELETE, which answers 204). */
void        kt_ai_settings_async    (KtSyncEngine        *engine,
                                     const char          *method,
                                     JsonObject          *body,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
JsonObject *kt_ai_settings_finish   (KtSyncEngine        *engine,
                                     GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
