/* kt-ai-client.h: talking to an AI provider over HTTP
 *
 * Two ways: kt_ai_complete() waits for a whole answer (the structured
 * actions, on a worker thread), and KtAiStream reads a streamed answer
 * on the main loop, handing on each piece of text as it arrives, so
 * that the proxy forwards it at once and holds no worker meanwhile.
 * Both honour a 429's retry delay once when it is short
 * ([ai] max-retry-delay-seconds), and time out cleanly: until the
 * provider's headers ([ai] connect-timeout-seconds), between two chunks
 * (idle-timeout-seconds) and for the whole answer (total-timeout-seconds).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-ai-provider.h"
#include "kt-server-config.h"

G_BEGIN_DECLS

/* The whole answer's text. On failure @retry_after (may be NULL) holds
 * the seconds a 429 asked to wait, or -1. Blocks: call it off the main
 * loop. */
char *kt_ai_complete (const KtAiSettings   *settings,
                      const KtAiRequest    *request,
                      const KtServerConfig *config,
                      GCancellable         *cancellable,
                      gint64               *retry_after,
                      GError              **error);

typedef struct _KtAiStream KtAiStream;

typedef struct {
  /* The provider answered 2xx: text follows. */
  void (*started)  (gpointer data);
  /* A piece of the answer, in order; never empty. */
  void (*delta)    (const char *text,
                    gsize       length,
                    gpointer    data);
  /* The end: why it stopped ("stop", "max_tokens") and the tokens used
   * (-1 when the provider did not say). */
  void (*finished) (const char *finish_reason,
                    gint64      prompt_tokens,
                    gint64      output_tokens,
                    gpointer    data);
  /* Before or after started(); a 429's delay in @retry_after, else -1. */
  void (*failed)   (const GError *error,
                    gint64        retry_after,
                    gpointer      data);
} KtAiStreamCallbacks;

/* Starts the request on the thread-default main context. Exactly one of
 * finished() and failed() is called, unless kt_ai_stream_cancel() comes
 * first. The stream copies @settings and @request. */
KtAiStream *kt_ai_stream_start  (const KtAiSettings        *settings,
                                 const KtAiRequest         *request,
                                 const KtServerConfig      *config,
                                 const KtAiStreamCallbacks *callbacks,
                                 gpointer                   data);
/* Stops the request upstream (the connection is closed) and calls back
 * no more; releases the caller's reference. Call it at most once, and
 * not after finished() or failed(), which release it themselves. */
void        kt_ai_stream_cancel (KtAiStream *stream);
/* Upstream requests cancelled so far, in this process (tests). */
guint       kt_ai_stream_get_n_cancelled (void);

G_END_DECLS
