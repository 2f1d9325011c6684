/* kt-ai-standin.h: a stand-in AI provider for the tests
 *
 * A small SoupServer on loopback that speaks Gemini's REST API
 * (/v1beta/models/M:generateContent, :streamGenerateContent?alt=sse) or
 * an OpenAI-compatible server's (/v1/chat/completions), in their exact
 * wire formats, with the answers a test queues: a streamed answer (its
 * bytes written in small pieces, one TCP write each, so that events and
 * even CRLF pairs are split across reads), a whole answer, any status
 * and body (a 429 with RetryInfo, a safety block, a malformed or
 * truncated stream), a provider that never answers, or one that streams
 * until the client goes away. It records what it was asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _KtAiStandin KtAiStandin;

/* @gemini: Gemini's format, else OpenAI's. */
KtAiStandin *kt_ai_standin_new          (gboolean     gemini);
void         kt_ai_standin_free         (KtAiStandin *standin);
/* http://127.0.0.1:PORT, the base URL to configure. */
const char  *kt_ai_standin_get_base     (KtAiStandin *standin);

/* A streamed answer of @pieces (NULL-terminated), each one chunk event;
 * with @finish the last chunk says STOP (Gemini) or stop and [DONE]
 * (OpenAI), without it the stream just ends (truncated). */
void         kt_ai_standin_push_stream  (KtAiStandin        *standin,
                                         const char * const *pieces,
                                         gboolean            finish);
/* A whole (not streamed) answer whose text is @text. */
void         kt_ai_standin_push_text    (KtAiStandin *standin,
                                         const char  *text);
/* Exactly this answer; a text/event-stream body is written in pieces. */
void         kt_ai_standin_push_raw     (KtAiStandin *standin,
                                         guint        status,
                                         const char  *content_type,
                                         const char  *body,
                                         const char  *retry_after);
/* Headers never come. */
void         kt_ai_standin_push_hang    (KtAiStandin *standin);
/* Headers, then one chunk every 20 ms, until the client goes away. */
void         kt_ai_standin_push_endless (KtAiStandin *standin);

/* The size of the pieces a streamed body is written in (0: one write
 * per event) and the pause between two (0: none, the next main loop
 * turn). */
void         kt_ai_standin_set_pieces   (KtAiStandin *standin,
                                         gsize        size,
                                         guint        interval_ms);

guint        kt_ai_standin_get_n_requests (KtAiStandin *standin);
/* When each piece of the last streamed answer was handed to libsoup
 * (g_get_monotonic_time()), for the proxy's benchmark. */
GArray      *kt_ai_standin_get_sent_times (KtAiStandin *standin);
/* The last request's path, body (parsed) and key header. */
const char  *kt_ai_standin_get_last_path (KtAiStandin *standin);
JsonObject  *kt_ai_standin_get_last_body (KtAiStandin *standin);
const char  *kt_ai_standin_get_last_key  (KtAiStandin *standin);
/* Streams the client left before their end (the connection closed). */
guint        kt_ai_standin_get_n_aborted (KtAiStandin *standin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtAiStandin, kt_ai_standin_free)

G_END_DECLS
