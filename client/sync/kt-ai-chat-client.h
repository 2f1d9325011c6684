/* kt-ai-chat-client.h: the Assistant's chat, streamed from the server
 *
 * POST /v1/ai/chat answers text/event-stream (docs/api.md, "AI"): delta
 * events as the provider writes, then done, or an error event. A
 * KtAiChatRequest sends one question with the engine's session and reads
 * the answer as it arrives, a read at a time on the main loop, through
 * the SSE reader of shared/: each delta is emitted at once, nothing waits
 * for the whole answer. Cancelling closes the connection, which makes the
 * server cancel the provider's request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

#define KT_AI_CHAT_ERROR (kt_ai_chat_error_quark ())

/**
 * KtAiChatError:
 * @KT_AI_CHAT_ERROR_OFFLINE: no session, or the server could not be reached
 * @KT_AI_CHAT_ERROR_RATE_LIMITED: the provider asks to wait (Retry-After)
 * @KT_AI_CHAT_ERROR_QUOTA: the provider's daily quota is used up
 * @KT_AI_CHAT_ERROR_BLOCKED: the provider's safety filter refused
 * @KT_AI_CHAT_ERROR_TIMEOUT: the provider took too long
 * @KT_AI_CHAT_ERROR_PLAN_LIMIT: the plan's AI messages are used up
 * @KT_AI_CHAT_ERROR_NOT_CONFIGURED: the server has no AI provider
 * @KT_AI_CHAT_ERROR_UNAUTHORIZED: the session expired: sign in again
 * @KT_AI_CHAT_ERROR_FAILED: anything else (a broken-off stream, a 5xx)
 *
 * The error's message is the server's, for a log; the Assistant pane
 * words each code itself, in the person's language.
 */
typedef enum {
  KT_AI_CHAT_ERROR_OFFLINE,
  KT_AI_CHAT_ERROR_RATE_LIMITED,
  KT_AI_CHAT_ERROR_QUOTA,
  KT_AI_CHAT_ERROR_BLOCKED,
  KT_AI_CHAT_ERROR_TIMEOUT,
  KT_AI_CHAT_ERROR_PLAN_LIMIT,
  KT_AI_CHAT_ERROR_NOT_CONFIGURED,
  KT_AI_CHAT_ERROR_UNAUTHORIZED,
  KT_AI_CHAT_ERROR_FAILED,
} KtAiChatError;

GQuark kt_ai_chat_error_quark (void);

#define KT_TYPE_AI_CHAT_REQUEST (kt_ai_chat_request_get_type ())
G_DECLARE_FINAL_TYPE (KtAiChatRequest, kt_ai_chat_request, KT, AI_CHAT_REQUEST, GObject)

/* @body: {"messages": [...], "context": [...]} as docs/api.md has it. */
KtAiChatRequest *kt_ai_chat_request_new         (KtSyncEngine        *engine,
                                                 JsonNode            *body);
/* Sends the request and reads the answer; ::delta (const char *text) is
 * emitted for every piece as it arrives. Finishes TRUE at the server's
 * done event; FALSE with a KT_AI_CHAT_ERROR, or G_IO_ERROR_CANCELLED
 * when @cancellable was cancelled (Stop). Once per request. */
void             kt_ai_chat_request_run_async   (KtAiChatRequest     *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         kt_ai_chat_request_run_finish  (KtAiChatRequest     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The done event's finish reason ("stop", "max_tokens"...), or NULL. */
const char      *kt_ai_chat_request_get_finish_reason (KtAiChatRequest *self);
/* The done event's output tokens, or -1 when the provider gave none. */
gint64           kt_ai_chat_request_get_output_tokens (KtAiChatRequest *self);
/* After KT_AI_CHAT_ERROR_RATE_LIMITED: the seconds Retry-After asked
 * for, or 0 when none. */
guint            kt_ai_chat_request_get_retry_after   (KtAiChatRequest *self);

G_END_DECLS
