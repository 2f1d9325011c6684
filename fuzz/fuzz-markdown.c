/* fuzz-markdown.c: the Assistant's markdown into text tags
 * (client/gui/assistant/kt-markdown.c)
 *
 * What a model answers is arbitrary text, so it is a parser's input. The
 * first byte of the input picks the size of the pieces the stream is fed
 * in (as the answer arrives), the rest is the answer. Beyond not crashing:
 * the whole render and the streamed one both end with text (GtkTextBuffer
 * would refuse invalid UTF-8 with a critical, which stops the run), every
 * link tag's URL is http, https or mailto, and the stream parses each byte
 * a bounded number of times (it re-parses only the last block).
 *
 * The whole and the streamed renders are not compared: markdown lets a
 * later line change an earlier block (a link reference defined at the
 * end), which a stream that shows blocks as they arrive cannot foresee;
 * tests/ui/test-markdown.c compares them on answers as models write them.
 *
 * No display is needed: a text buffer and its tags are plain objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kt-markdown.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

static void
check_links (GtkTextBuffer *buffer)
{
  GtkTextIter iter;

  for (gtk_text_buffer_get_start_iter (buffer, &iter); !gtk_text_iter_is_end (&iter);
       gtk_text_iter_forward_char (&iter))
    {
      const char *url = kt_markdown_get_link (&iter);

      /* Schemes are case-insensitive ("MAILTO:" is a mailto link). */
      if (url != NULL && g_ascii_strncasecmp (url, "http://", 7) != 0 &&
          g_ascii_strncasecmp (url, "https://", 8) != 0 && g_ascii_strncasecmp (url, "mailto:", 7) != 0)
        g_error ("a clickable link to %s", url);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GtkTextBuffer) whole = NULL;
  g_autoptr(GtkTextBuffer) streamed = NULL;
  g_autoptr(KtMarkdownStream) stream = NULL;
  const char *text;
  gsize length, piece;
  guint updates = 0;

  if (size < 1)
    return 0;
  piece = 1 + data[0] % 64;
  text = (const char *) data + 1;
  length = size - 1;

  whole = gtk_text_buffer_new (NULL);
  kt_markdown_append (whole, text, (gssize) length);
  check_links (whole);

  /* The stream takes whole characters, as the client's JSON deltas give
   * them; cut where a piece would split one. */
  streamed = gtk_text_buffer_new (NULL);
  stream = kt_markdown_stream_new (streamed);
  for (gsize end = 0; end < length;)
    {
      gsize next = MIN (end + piece, length);

      while (next < length && (text[next] & 0xc0) == 0x80)
        next++;
      end = next;
      kt_markdown_stream_update (stream, text, end, FALSE);
      updates++;
    }
  kt_markdown_stream_update (stream, text, length, TRUE);
  updates++;
  check_links (streamed);

  /* Re-parsing from the last block's start: never the whole answer on
   * every update (that would be quadratic in the answer's length). */
  if (length > 4096 && kt_markdown_stream_get_parsed_bytes (stream) > (guint64) updates * length / 2)
    g_error ("%" G_GUINT64_FORMAT " bytes parsed for %zu bytes in %u updates",
             kt_markdown_stream_get_parsed_bytes (stream), length, updates);
  return 0;
}
