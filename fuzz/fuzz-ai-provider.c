/* fuzz-ai-provider.c: what an AI provider answers the server
 * (server/ai/kt-ai-provider.c)
 *
 * The provider is on the network, and an organization may point the
 * server at a provider of its own: every byte of its answers is input.
 * The first byte picks the format and the reader:
 *
 *   bit 0      Gemini (0) or an OpenAI-compatible server (1)
 *   bits 1-2   0: one streamed event's data (kt_ai_parse_chunk());
 *              1: a whole answer (kt_ai_parse_response());
 *              2, 3: an answer with an error status (kt_ai_parse_error())
 *   bits 3-5   the status of an error answer (400, 401, 403, 404, 429,
 *              429, 500 or 503)
 *
 * The rest is the data. For an error answer it is the Retry-After
 * header, a newline and the body (no newline: the body alone, without
 * the header).
 *
 * Beyond not crashing: a refusal is a KT_SERVER_ERROR of the codes the
 * header names, with a UTF-8 message; an accepted answer has its text (UTF-8),
 * a finish reason that is lower case or none, and token counts of -1 when
 * not said, never below; the end marker only in OpenAI's stream. An error
 * answer is always an error, 429 a rate limit or a spent quota, and a
 * delay is -1 or within a day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kt-ai-provider.h"
#include "kt-server-error.h"

static const guint statuses[] = { 400, 401, 403, 404, 429, 429, 500, 503 };

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

static void
check_message (const GError *error)
{
  if (error == NULL)
    g_error ("refused without an error");
  if (error->domain != KT_SERVER_ERROR)
    g_error ("refused with an error of another domain: %s", error->message);
  if (error->message[0] == '\0' || !g_utf8_validate (error->message, -1, NULL))
    g_error ("refused without a message, or one that is not UTF-8");
}

static void
check_answer (KtAiProviderKind  kind,
              gboolean          streamed,
              const char       *data,
              gsize             length)
{
  g_auto(KtAiChunk) chunk = { NULL, NULL, FALSE, -1, -1 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (streamed)
    ok = kt_ai_parse_chunk (kind, data, length, &chunk, &error);
  else
    ok = kt_ai_parse_response (kind, data, length, &chunk, &error);

  if (!ok)
    {
      check_message (error);
      if (error->code != KT_SERVER_ERROR_AI_UPSTREAM && error->code != KT_SERVER_ERROR_AI_BLOCKED)
        g_error ("an answer refused with code %d: %s", error->code, error->message);
      if (chunk.text != NULL || chunk.finish_reason != NULL)
        g_error ("a refused answer left text or a finish reason behind");
      return;
    }
  if (error != NULL)
    g_error ("accepted with an error: %s", error->message);
  if (chunk.text == NULL || !g_utf8_validate (chunk.text, -1, NULL))
    g_error ("accepted without text, or with text that is not UTF-8");
  if (chunk.finish_reason != NULL)
    {
      if (chunk.finish_reason[0] == '\0')
        g_error ("an empty finish reason");
      for (const char *c = chunk.finish_reason; *c != '\0'; c++)
        if (g_ascii_isupper (*c))
          g_error ("a finish reason not in lower case: %s", chunk.finish_reason);
      if (!g_utf8_validate (chunk.finish_reason, -1, NULL))
        g_error ("a finish reason that is not UTF-8");
    }
  if (chunk.prompt_tokens < -1 || chunk.output_tokens < -1)
    g_error ("token counts %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
             chunk.prompt_tokens, chunk.output_tokens);
  if (chunk.done && (!streamed || kind != KT_AI_PROVIDER_OPENAI || chunk.text[0] != '\0'))
    g_error ("the end marker where there is none");
}

static void
check_error_answer (KtAiProviderKind  kind,
                    guint             status,
                    const uint8_t    *data,
                    size_t            size)
{
  const uint8_t *newline = memchr (data, '\n', size);
  g_autofree char *header = NULL;
  g_autoptr(GError) error = NULL;
  const char *body = (const char *) data;
  gsize length = size;
  gint64 delay = 12345;

  if (newline != NULL)
    {
      if (newline > data)
        header = kt_fuzz_strdup (data, (size_t) (newline - data));
      body = (const char *) newline + 1;
      length = size - (gsize) (newline - data) - 1;
    }

  kt_ai_parse_error (kind, status, body, length, header, &delay, &error);
  check_message (error);
  if (status == 429 && error->code != KT_SERVER_ERROR_AI_RATE_LIMITED && error->code != KT_SERVER_ERROR_AI_QUOTA)
    g_error ("a 429 that is neither a rate limit nor a quota: %d", error->code);
  if (status != 429 && error->code != KT_SERVER_ERROR_AI_UPSTREAM)
    g_error ("a %u that is not an upstream error: %d", status, error->code);
  if (delay < -1 || delay > 86400)
    g_error ("a delay of %" G_GINT64_FORMAT " s", delay);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  KtAiProviderKind kind;
  guint function;

  if (size < 1)
    return 0;
  kind = (data[0] & 1) ? KT_AI_PROVIDER_OPENAI : KT_AI_PROVIDER_GEMINI;
  function = (data[0] >> 1) & 3;
  if (function >= 2)
    {
      check_error_answer (kind, statuses[(data[0] >> 3) & 7], data + 1, size - 1);
      return 0;
    }
  /* Not NUL-terminated, as the SSE reader and libsoup hand it over:
   * libFuzzer's buffer ends where the input does, so ASan sees any read
   * past it. */
  check_answer (kind, function == 0, (const char *) data + 1, size - 1);
  return 0;
}
