/* fuzz-sse.c: the Server-Sent Events reader (shared/kt-sse.c)
 *
 * The AI proxy reads a provider's stream with it and the client reads the
 * proxy's; both come from the network in arbitrary pieces. The first
 * byte of the input picks the size of the pieces, the rest is the stream.
 * Whatever the pieces, the events must be the same as when the stream is
 * fed at once; every event's data must be valid UTF-8 of the length
 * given; and writing the events back with kt_sse_append_event() and
 * reading them again must give the same types and data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"

static gboolean
collect_cb (const KtSseEvent *event,
            gpointer          user_data)
{
  GPtrArray *events = user_data;

  if (strlen (event->data) != event->data_length)
    g_error ("event data of %zu bytes says %zu", strlen (event->data), event->data_length);
  if (!g_utf8_validate (event->data, -1, NULL) || !g_utf8_validate (event->type, -1, NULL))
    g_error ("event with invalid UTF-8");
  if (strchr (event->data, '\r') != NULL)
    g_error ("event data holds a CR");
  g_ptr_array_add (events, g_strdup (event->type));
  g_ptr_array_add (events, g_strdup (event->data));
  return TRUE;
}

/* Small limits, so that the fuzzer reaches them. */
static GPtrArray *
read_stream (const char *data,
             gsize       size,
             gsize       step,
             gboolean   *out_ok,
             gboolean   *out_clean)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KtSseReader) reader = kt_sse_reader_new (512, 2048, collect_cb, events);
  gboolean ok = TRUE;

  for (gsize i = 0; i < size && ok; i += step)
    {
      g_autoptr(GError) error = NULL;

      ok = kt_sse_reader_feed (reader, data + i, MIN (step, size - i), &error);
      if (!ok && error == NULL)
        g_error ("the feed failed without an error");
    }
  *out_clean = kt_sse_reader_finish (reader);
  *out_ok = ok;
  return events;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GString) written = NULL;
  const char *text;
  gboolean ok_whole, ok_pieces, ok_again, clean_whole, clean_pieces, clean_again;
  gsize step;

  if (size < 1)
    return 0;
  step = (data[0] % 17) + 1;
  text = (const char *) data + 1;
  size--;

  whole = read_stream (text, size, MAX (size, 1), &ok_whole, &clean_whole);
  pieces = read_stream (text, size, step, &ok_pieces, &clean_pieces);
  if (ok_whole != ok_pieces)
    g_error ("fed at once the stream %s, in pieces of %zu it %s",
             ok_whole ? "reads" : "fails", step, ok_pieces ? "reads" : "fails");
  if (!ok_whole)
    return 0;
  if (clean_whole != clean_pieces)
    g_error ("the end of the stream differs in pieces of %zu", step);
  if (whole->len != pieces->len)
    g_error ("%u events at once, %u in pieces of %zu", whole->len / 2, pieces->len / 2, step);
  for (guint i = 0; i < whole->len; i++)
    if (strcmp (whole->pdata[i], pieces->pdata[i]) != 0)
      g_error ("event %u differs in pieces of %zu", i / 2, step);

  written = g_string_new (NULL);
  for (guint i = 0; i < whole->len; i += 2)
    kt_sse_append_event (written, whole->pdata[i], whole->pdata[i + 1]);
  again = read_stream (written->str, written->len, 7, &ok_again, &clean_again);
  /* A written event may exceed the small line limit (one data line near
   * the event limit): then there is nothing to compare. */
  if (!ok_again)
    return 0;
  if (!clean_again || again->len != whole->len)
    g_error ("written back, %u events read as %u", whole->len / 2, again->len / 2);
  for (guint i = 0; i < whole->len; i++)
    if (strcmp (whole->pdata[i], again->pdata[i]) != 0)
      g_error ("event %u differs after writing it back", i / 2);
  return 0;
}
