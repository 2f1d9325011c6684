/* kt-fuzz.h: what every libFuzzer target of Kantora shares
 *
 * A target gets arbitrary bytes. Anything our code treats as a programmer
 * error (g_return_if_fail, g_critical) or warns about is a finding too: the
 * input reached a path that only bugs should reach, so it stops the run
 * like a crash and libFuzzer keeps the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* GLib ends a fatal message with a breakpoint (SIGTRAP), which libFuzzer
 * does not catch: the run would die without saving its input. abort()
 * instead, which libFuzzer handles like any crash. */
static inline GLogWriterOutput
kt_fuzz_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  if (log_level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return G_LOG_WRITER_HANDLED;
}

static inline void
kt_fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (kt_fuzz_log_writer, NULL, NULL);
  /* GLib's debug output would only slow the run. */
  g_setenv ("G_MESSAGES_DEBUG", "", TRUE);
}

/* The input as a C string: the parsers that take NUL-terminated text see
 * everything up to the first NUL, as they would from a file or a header. */
static inline char *
kt_fuzz_strdup (const uint8_t *data,
                size_t         size)
{
  char *text = g_malloc (size + 1);

  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';
  return text;
}
