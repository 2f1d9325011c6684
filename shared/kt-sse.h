/* kt-sse.h: an incremental reader of Server-Sent Events (text/event-stream)
 *
 * The reader follows the WHATWG HTML "event stream interpretation": it is
 * fed the bytes of a response in whatever pieces the network delivers
 * (an event, a line, even a CRLF pair may be split between two reads),
 * and calls back once per complete event. Lines end with CRLF, LF or CR;
 * lines starting with ":" are comments; "data:" lines of one event are
 * joined with "\n"; "event:" names the event type ("message" when absent);
 * "id:" sets the last event id, which stays for the following events;
 * "retry:" with digits only sets the reconnection time. An event is
 * dispatched at a blank line; at the end of the stream an unfinished
 * event is discarded, as the specification says, and
 * kt_sse_reader_finish() reports that something was left over so that a
 * caller can tell a truncated stream from a complete one.
 *
 * The server's AI proxy reads the upstream providers' streams with it,
 * and the client reads the proxy's stream with it: no HTTP, no GTK here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KT_SSE_ERROR (kt_sse_error_quark ())

/**
 * KtSseError:
 * @KT_SSE_ERROR_LINE_TOO_LONG: a line exceeded the reader's line limit
 * @KT_SSE_ERROR_EVENT_TOO_LARGE: an event's data exceeded the event limit
 * @KT_SSE_ERROR_STOPPED: the callback stopped the reader (it returned FALSE)
 * @KT_SSE_ERROR_FAILED: the reader failed earlier and takes no more input
 */
typedef enum {
  KT_SSE_ERROR_LINE_TOO_LONG,
  KT_SSE_ERROR_EVENT_TOO_LARGE,
  KT_SSE_ERROR_STOPPED,
  KT_SSE_ERROR_FAILED,
} KtSseError;

GQuark kt_sse_error_quark (void);

/* Limits a reader starts with: a provider's chunk is a few kilobytes of
 * JSON; a megabyte is far beyond any honest line. */
#define KT_SSE_DEFAULT_MAX_LINE  (256 * 1024)
#define KT_SSE_DEFAULT_MAX_EVENT (1024 * 1024)

/**
 * KtSseEvent:
 * @type: the event type ("message" unless the event named one)
 * @data: the data lines joined with "\n", valid UTF-8 (invalid bytes
 *   become U+FFFD, as the specification's UTF-8 decode does, and so does
 *   a NUL byte, which a C string cannot hold)
 * @data_length: the length of @data in bytes
 * @id: the last event id seen so far, or NULL
 *
 * Valid only during the callback.
 */
typedef struct {
  const char *type;
  const char *data;
  gsize       data_length;
  const char *id;
} KtSseEvent;

/* Returns FALSE to stop reading: the feed then fails with
 * KT_SSE_ERROR_STOPPED and the reader takes no more input. */
typedef gboolean (*KtSseEventFunc) (const KtSseEvent *event,
                                    gpointer          user_data);

typedef struct _KtSseReader KtSseReader;

/* @max_line and @max_event in bytes; 0 means the default. */
KtSseReader *kt_sse_reader_new        (gsize           max_line,
                                       gsize           max_event,
                                       KtSseEventFunc  func,
                                       gpointer        user_data);
void         kt_sse_reader_free       (KtSseReader    *reader);
/* Feeds @length bytes, calling back for every event they complete.
 * FALSE with an error when a limit is exceeded or the callback stopped. */
gboolean     kt_sse_reader_feed       (KtSseReader    *reader,
                                       const char     *bytes,
                                       gsize           length,
                                       GError        **error);
/* The end of the stream: discards an unfinished event (and a last line
 * without its line end). Returns TRUE when nothing was left over, FALSE
 * (without an error) when the stream stopped inside an event. */
gboolean     kt_sse_reader_finish     (KtSseReader    *reader);
/* The last "retry:" value in milliseconds, or -1 when none came. */
gint64       kt_sse_reader_get_retry  (KtSseReader    *reader);
/* The events dispatched so far. */
guint64      kt_sse_reader_get_n_events (KtSseReader  *reader);

/* Writes one event in the wire format: "event: @type" unless @type is
 * NULL, one "data: " line per line of @data, and the blank line. @data
 * must not hold "\r". Appends to @out. */
void         kt_sse_append_event      (GString        *out,
                                       const char     *type,
                                       const char     *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtSseReader, kt_sse_reader_free)

G_END_DECLS
