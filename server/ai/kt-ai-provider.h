/* kt-ai-provider.h: the AI providers' wire formats behind one interface
 *
 * Two kinds of provider: Gemini's REST API (generateContent,
 * streamGenerateContent?alt=sse) and any OpenAI-compatible server
 * (llama.cpp's server, Ollama, vLLM: /v1/chat/completions). This file
 * builds their requests and reads their answers, their stream chunks
 * and their error bodies, without any I/O, so that every rule of a
 * format is in one place and tested without a network (kt-ai-client.c
 * does the HTTP). docs/ai.md describes both formats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  KT_AI_PROVIDER_GEMINI,
  KT_AI_PROVIDER_OPENAI,
} KtAiProviderKind;

/* "gemini" or "openai"; FALSE for any other name. */
gboolean    kt_ai_provider_parse  (const char       *name,
                                   KtAiProviderKind *out);
const char *kt_ai_provider_name   (KtAiProviderKind  kind);

/* Where a request goes: the server's [ai] settings or an organization's
 * own. The key is secret: it is never logged nor answered. */
typedef struct {
  KtAiProviderKind kind;
  char            *base_url;   /* without the API path; never NULL */
  char            *model;      /* never NULL */
  char            *api_key;    /* may be NULL (a local server) */
} KtAiSettings;

KtAiSettings *kt_ai_settings_new  (KtAiProviderKind  kind,
                                   const char       *base_url,
                                   const char       *model,
                                   const char       *api_key);
void          kt_ai_settings_free (KtAiSettings     *settings);
/* The usual base URL and model of a kind. */
const char   *kt_ai_default_base_url (KtAiProviderKind kind);
const char   *kt_ai_default_model    (KtAiProviderKind kind);

/* One request: the conversation (objects {role: "user"|"assistant",
 * content}), a system instruction (may be NULL) and, for structured
 * output, a JSON schema (JSON Schema's lower-case types; converted for
 * Gemini) with its name. */
typedef struct {
  JsonArray  *messages;
  const char *system;
  JsonObject *schema;       /* NULL: free text */
  const char *schema_name;
  gboolean    stream;
} KtAiRequest;

/* The URL (key not in it: it goes in a header) and the JSON body. */
char       *kt_ai_request_url     (const KtAiSettings *settings,
                                   gboolean            stream);
char       *kt_ai_request_body    (const KtAiSettings *settings,
                                   const KtAiRequest  *request);
/* The header that carries the key, and its value (NULL: no key). */
void        kt_ai_request_auth    (const KtAiSettings *settings,
                                   const char        **name,
                                   char              **value);

/* What one streamed chunk, or a whole answer, says. */
typedef struct {
  char    *text;           /* the text it adds, "" when none */
  char    *finish_reason;  /* lower case ("stop", "max_tokens", "safety"), or NULL */
  gboolean done;           /* the stream's end marker (OpenAI's [DONE]) */
  gint64   prompt_tokens;  /* -1 when not said */
  gint64   output_tokens;
} KtAiChunk;

void        kt_ai_chunk_clear     (KtAiChunk *chunk);

/* One SSE event's data. A safety block (Gemini's promptFeedback or a
 * SAFETY finish) fails with KT_SERVER_ERROR_AI_BLOCKED, an error object
 * inside the stream and anything that is not the format with
 * KT_SERVER_ERROR_AI_UPSTREAM. */
gboolean    kt_ai_parse_chunk     (KtAiProviderKind  kind,
                                   const char       *data,
                                   gsize             length,
                                   KtAiChunk        *chunk,
                                   GError          **error);
/* A whole (not streamed) answer's body, the same way. */
gboolean    kt_ai_parse_response  (KtAiProviderKind  kind,
                                   const char       *data,
                                   gsize             length,
                                   KtAiChunk        *chunk,
                                   GError          **error);
/* An answer with a status other than 2xx: a KT_SERVER_ERROR with the
 * provider's message. 429 becomes AI_RATE_LIMITED with the delay the
 * provider asked for in @retry_after (Gemini's RetryInfo retryDelay, or
 * a Retry-After header's seconds passed in @retry_after_header), or
 * AI_QUOTA when a daily quota is spent (not worth retrying today);
 * other statuses AI_UPSTREAM. @retry_after is -1 when not said. */
void        kt_ai_parse_error     (KtAiProviderKind  kind,
                                   guint             status,
                                   const char       *body,
                                   gsize             length,
                                   const char       *retry_after_header,
                                   gint64           *retry_after,
                                   GError          **error);

/* Gemini's responseSchema from a JSON schema: upper-case types, and only
 * the keys Gemini knows (type, properties, required, items, enum,
 * description, nullable, format, minItems, maxItems). */
JsonNode   *kt_ai_gemini_schema   (JsonObject *schema);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtAiSettings, kt_ai_settings_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KtAiChunk, kt_ai_chunk_clear)

G_END_DECLS
