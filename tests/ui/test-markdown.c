/* test-markdown.c: the Assistant's markdown into a GtkTextBuffer's tags
 *
 * No display needed: the buffer and its tags are plain objects. Each case
 * renders a piece of markdown and reads back the text and the tags at
 * given places; the stream is checked against a whole render, piece by
 * piece, and for how much it parses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-markdown.h"

static GtkTextBuffer *
render (const char *markdown,
        gssize      length)
{
  GtkTextBuffer *buffer = gtk_text_buffer_new (NULL);

  kt_markdown_append (buffer, markdown, length);
  return buffer;
}

static char *
text_of (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Whether the first occurrence of @needle in the buffer carries @tag on
 * each of its characters. */
static gboolean
has_tag (GtkTextBuffer *buffer,
         const char    *needle,
         const char    *tag_name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter start, match_start, match_end;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, needle, 0, &match_start, &match_end, NULL));
  for (GtkTextIter i = match_start; !gtk_text_iter_equal (&i, &match_end); gtk_text_iter_forward_char (&i))
    if (!gtk_text_iter_has_tag (&i, tag))
      return FALSE;
  return TRUE;
}

/* The text with every tag change written in, for comparing two buffers. */
static char *
describe (GtkTextBuffer *buffer)
{
  GString *out = g_string_new (NULL);
  GtkTextIter iter;
  g_autofree char *last = g_strdup ("");

  for (gtk_text_buffer_get_start_iter (buffer, &iter); !gtk_text_iter_is_end (&iter);
       gtk_text_iter_forward_char (&iter))
    {
      g_autoptr (GSList) tags = gtk_text_iter_get_tags (&iter);
      g_autoptr (GString) names = g_string_new (NULL);

      for (GSList *l = tags; l != NULL; l = l->next)
        {
          g_autofree char *name = NULL;

          g_object_get (l->data, "name", &name, NULL);
          g_string_append_printf (names, "%s,", name);
        }
      if (!g_str_equal (names->str, last))
        {
          g_string_append_printf (out, "[%s]", names->str);
          g_free (last);
          last = g_strdup (names->str);
        }
      g_string_append_unichar (out, gtk_text_iter_get_char (&iter));
    }
  return g_string_free (out, FALSE);
}

static void
test_headings (void)
{
  g_autoptr (GtkTextBuffer) buffer = render ("# Title\n\nSome text.\n\n## Part\n\n#### Deep", -1);
  g_autofree char *text = text_of (buffer);

  g_assert_cmpstr (text, ==, "Title\nSome text.\nPart\nDeep\n");
  g_assert_true (has_tag (buffer, "Title", "h1"));
  g_assert_true (has_tag (buffer, "Part", "h2"));
  g_assert_true (has_tag (buffer, "Deep", "h3"));
  g_assert_false (has_tag (buffer, "Some", "h1"));
  g_assert_true (has_tag (buffer, "Some text.", "paragraph"));
}

static void
test_nesting (void)
{
  g_autoptr (GtkTextBuffer) buffer = render ("**bold *both* bold** and *it `code` it*", -1);
  g_autoptr (GtkTextBuffer) list = render ("- one\n  - two **b**\n    1. three\n- four\n\n3. x\n4. y", -1);
  g_autofree char *text = text_of (buffer);
  g_autofree char *list_text = text_of (list);

  g_assert_cmpstr (text, ==, "bold both bold and it code it\n");
  g_assert_true (has_tag (buffer, "bold both bold", "bold"));
  g_assert_true (has_tag (buffer, "both", "italic"));
  g_assert_false (has_tag (buffer, "bold both", "italic"));
  g_assert_false (has_tag (buffer, "and", "bold"));
  g_assert_true (has_tag (buffer, "code", "code"));
  g_assert_true (has_tag (buffer, "code", "italic"));

  g_assert_cmpstr (list_text, ==, "• one\n• two b\n1. three\n• four\n3. x\n4. y\n");
  g_assert_true (has_tag (list, "one", "indent-1"));
  g_assert_false (has_tag (list, "one", "indent-2"));
  g_assert_true (has_tag (list, "two", "indent-2"));
  g_assert_true (has_tag (list, "three", "indent-3"));
  g_assert_true (has_tag (list, "b\n1.", "indent-2"));
  g_assert_true (has_tag (list, "four", "indent-1"));
  g_assert_false (has_tag (list, "four", "indent-2"));
  g_assert_true (has_tag (list, "x", "indent-1"));
}

static void
test_code (void)
{
  g_autoptr (GtkTextBuffer) buffer = render ("Before\n\n```c\nint *a = **b**;\n\nreturn `x`;\n```\n\n    indented *code*\n\nAfter `a*b*c`", -1);
  g_autofree char *text = text_of (buffer);

  g_assert_cmpstr (text, ==, "Before\nint *a = **b**;\n\nreturn `x`;\nindented *code*\nAfter a*b*c\n");
  g_assert_true (has_tag (buffer, "int *a = **b**;\n\nreturn `x`;", "code-block"));
  g_assert_false (has_tag (buffer, "**b**", "bold"));
  g_assert_true (has_tag (buffer, "indented *code*", "code-block"));
  g_assert_false (has_tag (buffer, "Before", "code-block"));
  g_assert_true (has_tag (buffer, "a*b*c", "code"));
  g_assert_false (has_tag (buffer, "a*b*c", "italic"));
}

static void
test_links (void)
{
  g_autoptr (GtkTextBuffer) buffer =
    render ("See [the site](https://example.org/a?b=1) or <mailto:ivan@example.bg>, "
            "not [this](javascript:alert(1)) nor <b>raw</b>.", -1);
  g_autofree char *text = text_of (buffer);
  GtkTextIter start, match, match_end;

  g_assert_cmpstr (text, ==, "See the site or mailto:ivan@example.bg, not this nor <b>raw</b>.\n");
  g_assert_true (has_tag (buffer, "the site", "link"));
  g_assert_false (has_tag (buffer, "this", "link"));

  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, "site", 0, &match, &match_end, NULL));
  g_assert_cmpstr (kt_markdown_get_link (&match), ==, "https://example.org/a?b=1");
  g_assert_true (gtk_text_iter_forward_search (&start, "ivan", 0, &match, &match_end, NULL));
  g_assert_cmpstr (kt_markdown_get_link (&match), ==, "mailto:ivan@example.bg");
  g_assert_true (gtk_text_iter_forward_search (&start, "this", 0, &match, &match_end, NULL));
  g_assert_null (kt_markdown_get_link (&match));
  g_assert_true (gtk_text_iter_forward_search (&start, "See", 0, &match, &match_end, NULL));
  g_assert_null (kt_markdown_get_link (&match));
}

static void
test_invalid_utf8 (void)
{
  /* Invalid bytes, a truncated sequence and a NUL: the buffer takes only
   * valid UTF-8 (a critical would fail the test under fatal-warnings). */
  static const char bad[] = "**a\xff\xfe" "b** \xd0 c\0d \xe2\x82";
  g_autoptr (GtkTextBuffer) buffer = render (bad, sizeof bad - 1);
  g_autofree char *text = text_of (buffer);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, "a\xef\xbf\xbd"));
  g_assert_nonnull (strstr (text, "c\xef\xbf\xbd" "d"));
  g_assert_true (has_tag (buffer, "a", "bold"));
}

static void
test_stream (void)
{
  g_autoptr (GString) source = g_string_new (NULL);
  g_autoptr (GtkTextBuffer) whole = NULL;
  g_autoptr (GtkTextBuffer) streamed = gtk_text_buffer_new (NULL);
  g_autoptr (KtMarkdownStream) stream = kt_markdown_stream_new (streamed);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  const gsize piece = 7;
  guint updates = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_string_append_printf (source, "## Part %u\n\nSome *text* with `code` and **Кирилица** %u,\n"
                              "a second line.\n\n- item\n- item **%u**\n\n", i, i, i);
      if (i % 10 == 0)
        g_string_append (source, "```\ncode\n\nmore code\n```\n\n");
    }
  whole = render (source->str, (gssize) source->len);

  /* Pieces cut anywhere, even inside "**" and in the middle of a
   * Cyrillic letter's bytes: only whole characters reach the stream, as
   * from the server's JSON deltas, so cut at character boundaries. */
  for (gsize end = 0; end < source->len;)
    {
      const char *next = source->str + MIN (end + piece, source->len);

      while (next < source->str + source->len && (*next & 0xc0) == 0x80)
        next++;
      end = (gsize) (next - source->str);
      kt_markdown_stream_update (stream, source->str, end, FALSE);
      updates++;
    }
  kt_markdown_stream_update (stream, source->str, source->len, TRUE);
  updates++;

  expected = describe (whole);
  got = describe (streamed);
  g_assert_cmpstr (got, ==, expected);

  /* Each update parses from the last block's start: at most the two last
   * blocks (under 100 bytes here) and the new piece, never the whole. */
  g_assert_cmpuint (kt_markdown_stream_get_parsed_bytes (stream), <=, (guint64) updates * (2 * 100 + piece));
  g_assert_cmpuint (kt_markdown_stream_get_parsed_bytes (stream), <, (guint64) updates * source->len / 10);
}

/* How many tags each character has, "2,0,1,…". */
static void
append_tag_counts (GtkTextBuffer *buffer,
                   GString       *out)
{
  GtkTextIter iter;

  for (gtk_text_buffer_get_start_iter (buffer, &iter); !gtk_text_iter_is_end (&iter);
       gtk_text_iter_forward_char (&iter))
    {
      g_autoptr (GSList) tags = gtk_text_iter_get_tags (&iter);

      g_string_append_printf (out, "%u,", g_slist_length (tags));
    }
}

/* A long answer drawn in several buffers, each sealed once its final
 * blocks pass a size (as KtAssistantMessage does): the buffers together
 * show exactly what one buffer would. */
static void
test_stream_sealed (void)
{
  g_autoptr (GString) source = g_string_new (NULL);
  g_autoptr (GtkTextBuffer) whole = NULL;
  g_autoptr (GPtrArray) buffers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GString) got = g_string_new (NULL);
  g_autofree char *expected = NULL;
  KtMarkdownStream *stream;
  gsize base = 0;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (source, "### %u\n\nText *%u* and `x`\n\n1. a\n2. **b**\n\n```\nc %u\n\nd\n```\n\n", i, i, i);
  whole = render (source->str, (gssize) source->len);
  expected = describe (whole);

  g_ptr_array_add (buffers, gtk_text_buffer_new (NULL));
  stream = kt_markdown_stream_new (g_ptr_array_index (buffers, 0));
  for (gsize end = 5; end < source->len + 5; end += 5)
    {
      gsize length = MIN (end, source->len);

      kt_markdown_stream_update (stream, source->str + base, length - base, FALSE);
      if (kt_markdown_stream_get_stable_length (stream) > 120)
        {
          GtkTextBuffer *next = gtk_text_buffer_new (NULL);

          base += kt_markdown_stream_get_stable_length (stream);
          kt_markdown_stream_seal (stream);
          kt_markdown_stream_free (stream);
          g_ptr_array_add (buffers, next);
          stream = kt_markdown_stream_new (next);
          kt_markdown_stream_update (stream, source->str + base, length - base, FALSE);
        }
    }
  kt_markdown_stream_update (stream, source->str + base, source->len - base, TRUE);
  kt_markdown_stream_free (stream);

  g_assert_cmpuint (buffers->len, >, 5);
  for (guint i = 0; i < buffers->len; i++)
    {
      g_autofree char *part = describe (g_ptr_array_index (buffers, i));

      g_string_append (got, part);
    }
  /* The text, without the tag marks (a buffer starts afresh, so its
   * first tags are written again). */
  {
    g_autofree char *flat_got = NULL;
    g_autofree char *flat_expected = NULL;
    g_autoptr (GRegex) marks = g_regex_new ("\\[[^]]*\\]", 0, 0, NULL);

    flat_got = g_regex_replace_literal (marks, got->str, -1, 0, "", 0, NULL);
    flat_expected = g_regex_replace_literal (marks, expected, -1, 0, "", 0, NULL);
    g_assert_cmpstr (flat_got, ==, flat_expected);
  }
  /* The tags, character by character, are the same too. */
  {
    g_autoptr (GString) per_char_got = g_string_new (NULL);
    g_autoptr (GString) per_char_expected = g_string_new (NULL);

    for (guint i = 0; i < buffers->len; i++)
      append_tag_counts (g_ptr_array_index (buffers, i), per_char_got);
    append_tag_counts (whole, per_char_expected);
    g_assert_cmpstr (per_char_got->str, ==, per_char_expected->str);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/headings", test_headings);
  g_test_add_func ("/markdown/nesting", test_nesting);
  g_test_add_func ("/markdown/code", test_code);
  g_test_add_func ("/markdown/links", test_links);
  g_test_add_func ("/markdown/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/markdown/stream", test_stream);
  g_test_add_func ("/markdown/stream-sealed", test_stream_sealed);
  return g_test_run ();
}
