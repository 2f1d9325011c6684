/* test-sse.c: the Server-Sent Events reader (shared/kt-sse.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"

/* Every event as "type|id|data", in order. */
typedef struct {
  GPtrArray *events;
  guint      stop_after;   /* 0 = never stop */
} Collect;

static gboolean
collect_cb (const KtSseEvent *event,
            gpointer          user_data)
{
  Collect *c = user_data;

  g_assert_cmpuint (strlen (event->data), ==, event->data_length);
  g_assert_true (g_utf8_validate (event->data, -1, NULL));
  g_ptr_array_add (c->events, g_strdup_printf ("%s|%s|%s", event->type,
                                               event->id ? event->id : "-", event->data));
  return c->stop_after == 0 || c->events->len < c->stop_after;
}

static void
collect_init (Collect *c)
{
  c->events = g_ptr_array_new_with_free_func (g_free);
  c->stop_after = 0;
}

/* Feeds @text in pieces of @step bytes (0: all at once) and finishes. */
static gboolean
read_all (const char *text,
          gsize       length,
          gsize       step,
          Collect    *c)
{
  g_autoptr(KtSseReader) reader = kt_sse_reader_new (0, 0, collect_cb, c);
  g_autoptr(GError) error = NULL;

  if (step == 0)
    step = MAX (length, 1);
  for (gsize i = 0; i < length; i += step)
    {
      g_assert_true (kt_sse_reader_feed (reader, text + i, MIN (step, length - i), &error));
      g_assert_no_error (error);
    }
  return kt_sse_reader_finish (reader);
}

static void
assert_events (Collect            *c,
               const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (n, c->events->len); i++)
    g_assert_cmpstr (c->events->pdata[i], ==, expected[i]);
  g_assert_cmpuint (c->events->len, ==, n);
}

static const char *fixture =
  "\xEF\xBB\xBF: a comment\r\n"
  "data: one\r\n"
  "\r\n"
  "event: delta\n"
  "id: 7\n"
  "data: two\n"
  "data:  three\n"
  "\n"
  "retry: 1500\r"
  "data:four\r"
  "\r"
  "event: ignored\n"
  "\n"
  "unknown: field\n"
  "data\n"
  "\n";

static const char * const fixture_events[] = {
  "message|-|one",
  "delta|7|two\n three",
  "message|7|four",
  "message|7|",
  NULL
};

/* Every split of the stream gives the same events: an event, a line and
 * the CRLF pair cut between two reads included. */
static void
test_sse_splits (void)
{
  gsize length = strlen (fixture);

  for (gsize step = 0; step <= length; step++)
    {
      Collect c;

      collect_init (&c);
      g_assert_true (read_all (fixture, length, step, &c));
      assert_events (&c, fixture_events);
      g_ptr_array_unref (c.events);
    }
}

/* Cut once at every position: two feeds, the split anywhere. */
static void
test_sse_two_pieces (void)
{
  gsize length = strlen (fixture);

  for (gsize cut = 0; cut <= length; cut++)
    {
      g_autoptr(KtSseReader) reader = NULL;
      g_autoptr(GError) error = NULL;
      Collect c;

      collect_init (&c);
      reader = kt_sse_reader_new (0, 0, collect_cb, &c);
      g_assert_true (kt_sse_reader_feed (reader, fixture, cut, &error));
      g_assert_true (kt_sse_reader_feed (reader, fixture + cut, length - cut, &error));
      g_assert_no_error (error);
      g_assert_true (kt_sse_reader_finish (reader));
      assert_events (&c, fixture_events);
      g_assert_cmpint (kt_sse_reader_get_retry (reader), ==, 1500);
      g_ptr_array_unref (c.events);
    }
}

/* A CR at the end of one read and an LF at the start of the next are
 * one line end, not a line end and an empty line (which would dispatch). */
static void
test_sse_crlf_split (void)
{
  g_autoptr(KtSseReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  Collect c;

  collect_init (&c);
  reader = kt_sse_reader_new (0, 0, collect_cb, &c);
  g_assert_true (kt_sse_reader_feed (reader, "data: a\r", 8, &error));
  g_assert_true (kt_sse_reader_feed (reader, "\ndata: b\r", 9, &error));
  g_assert_cmpuint (c.events->len, ==, 0);
  g_assert_true (kt_sse_reader_feed (reader, "\n\r\n", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpstr (c.events->pdata[0], ==, "message|-|a\nb");
  g_ptr_array_unref (c.events);
}

/* The spec discards an event the stream ends inside; finish says so. */
static void
test_sse_eof (void)
{
  static const char * const first[] = { "message|-|done", NULL };
  Collect c;

  collect_init (&c);
  g_assert_false (read_all ("data: done\n\ndata: half\n", 23, 0, &c));
  assert_events (&c, first);
  g_ptr_array_unref (c.events);

  collect_init (&c);
  g_assert_false (read_all ("data: done\n\ndata: no line end", 29, 0, &c));
  assert_events (&c, first);
  g_ptr_array_unref (c.events);

  /* A comment after the last event leaves nothing unfinished. */
  collect_init (&c);
  g_assert_true (read_all ("data: done\n\n: bye\n", 18, 0, &c));
  assert_events (&c, first);
  g_ptr_array_unref (c.events);
}

static void
test_sse_limits (void)
{
  g_autoptr(KtSseReader) lines = NULL;
  g_autoptr(KtSseReader) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_line = g_strnfill (100, 'x');
  Collect c;

  collect_init (&c);
  lines = kt_sse_reader_new (64, 0, collect_cb, &c);
  /* Fed in small pieces: the limit counts the whole line. */
  for (guint i = 0; i < 100 && error == NULL; i += 10)
    kt_sse_reader_feed (lines, long_line + i, 10, &error);
  g_assert_error (error, KT_SSE_ERROR, KT_SSE_ERROR_LINE_TOO_LONG);
  g_clear_error (&error);
  /* A failed reader takes nothing more. */
  g_assert_false (kt_sse_reader_feed (lines, "\n\n", 2, &error));
  g_assert_error (error, KT_SSE_ERROR, KT_SSE_ERROR_FAILED);
  g_clear_error (&error);

  events = kt_sse_reader_new (64, 30, collect_cb, &c);
  g_assert_true (kt_sse_reader_feed (events, "data: 0123456789\ndata: 0123456789\n", 34, &error));
  g_assert_false (kt_sse_reader_feed (events, "data: 0123456789\n", 17, &error));
  g_assert_error (error, KT_SSE_ERROR, KT_SSE_ERROR_EVENT_TOO_LARGE);
  g_assert_cmpuint (c.events->len, ==, 0);
  g_ptr_array_unref (c.events);
}

/* The BOM does not count against the line limit, however the stream is
 * cut (fuzz-sse found a stream that read in pieces but failed at once). */
static void
test_sse_bom_limit (void)
{
  static const char text[] = "\xEF\xBB\xBF" "data: 12\n\n";
  gsize steps[] = { sizeof text - 1, 1, 2, 4 };

  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autoptr(KtSseReader) reader = NULL;
      g_autoptr(GError) error = NULL;
      Collect c;

      collect_init (&c);
      reader = kt_sse_reader_new (8, 0, collect_cb, &c);
      for (gsize i = 0; i < sizeof text - 1; i += steps[s])
        g_assert_true (kt_sse_reader_feed (reader, text + i, MIN (steps[s], sizeof text - 1 - i), &error));
      g_assert_no_error (error);
      g_assert_cmpuint (c.events->len, ==, 1);
      g_assert_cmpstr (c.events->pdata[0], ==, "message|-|12");
      g_ptr_array_unref (c.events);
    }
}

/* Invalid UTF-8 and NUL bytes become U+FFFD; an id with a NUL is
 * ignored, as the spec says. */
static void
test_sse_invalid_utf8 (void)
{
  static const char text[] = "id: 1\nid: x\0y\ndata: a\xFF" "b\0c\n\n";
  static const char * const expected[] = {
    "message|1|a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c", NULL
  };
  Collect c;

  collect_init (&c);
  g_assert_true (read_all (text, sizeof text - 1, 1, &c));
  assert_events (&c, expected);
  g_ptr_array_unref (c.events);
}

static void
test_sse_stop (void)
{
  g_autoptr(KtSseReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  Collect c;

  collect_init (&c);
  c.stop_after = 1;
  reader = kt_sse_reader_new (0, 0, collect_cb, &c);
  g_assert_false (kt_sse_reader_feed (reader, "data: 1\n\ndata: 2\n\n", 18, &error));
  g_assert_error (error, KT_SSE_ERROR, KT_SSE_ERROR_STOPPED);
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpuint (kt_sse_reader_get_n_events (reader), ==, 1);
  g_ptr_array_unref (c.events);
}

/* What kt_sse_append_event() writes reads back the same. */
static void
test_sse_write (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  static const char * const expected[] = {
    "delta|-|{\"text\": \"a\"}", "message|-|two\nlines\n", NULL
  };
  Collect c;

  kt_sse_append_event (out, "delta", "{\"text\": \"a\"}");
  kt_sse_append_event (out, NULL, "two\nlines\n");
  g_assert_cmpstr (out->str, ==,
                   "event: delta\ndata: {\"text\": \"a\"}\n\n"
                   "data: two\ndata: lines\ndata: \n\n");
  collect_init (&c);
  g_assert_true (read_all (out->str, out->len, 3, &c));
  assert_events (&c, expected);
  g_ptr_array_unref (c.events);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sse/splits", test_sse_splits);
  g_test_add_func ("/sse/two-pieces", test_sse_two_pieces);
  g_test_add_func ("/sse/crlf-split", test_sse_crlf_split);
  g_test_add_func ("/sse/eof", test_sse_eof);
  g_test_add_func ("/sse/limits", test_sse_limits);
  g_test_add_func ("/sse/bom-limit", test_sse_bom_limit);
  g_test_add_func ("/sse/invalid-utf8", test_sse_invalid_utf8);
  g_test_add_func ("/sse/stop", test_sse_stop);
  g_test_add_func ("/sse/write", test_sse_write);

  return g_test_run ();
}
