/* kt-markdown.h: the Assistant's answers, markdown into a GtkTextBuffer
 *
 * A model answers in CommonMark. cmark parses it; the tree becomes text
 * with tags of the buffer (tag names in the table below), so the answer
 * shows headings, emphasis, lists, code and links in a GtkTextView that
 * can be selected and copied like any text. Nothing of the answer is
 * interpreted beyond that: raw HTML shows as the text it is, and only
 * http, https and mailto links are clickable.
 *
 * | tag           | from                         |
 * |---------------|------------------------------|
 * | h1, h2, h3    | headings (4 to 6 show as h3) |
 * | bold, italic  | strong, emphasis             |
 * | code          | inline code                  |
 * | code-block    | fenced and indented code     |
 * | quote         | block quotes                 |
 * | indent-1…6    | list items by depth          |
 * | link          | a link's text (its URL: kt_markdown_get_link()) |
 * | paragraph     | the space after a block      |
 *
 * KtMarkdownStream renders an answer while it grows: only the last
 * top-level block is parsed and drawn again on an update, the blocks
 * before it are final and stay in the buffer untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Creates the tags above in @buffer's tag table, once. */
void         kt_markdown_ensure_tags  (GtkTextBuffer *buffer);
/* Renders @text (@length bytes, or -1) at the end of @buffer. Invalid
 * UTF-8 shows as U+FFFD. */
void         kt_markdown_append       (GtkTextBuffer *buffer,
                                       const char    *text,
                                       gssize         length);
/* The URL of the link at @iter, or NULL. */
const char  *kt_markdown_get_link     (const GtkTextIter *iter);

typedef struct _KtMarkdownStream KtMarkdownStream;

/* Renders into @buffer, which it owns the end of from now on. */
KtMarkdownStream *kt_markdown_stream_new    (GtkTextBuffer    *buffer);
void              kt_markdown_stream_free   (KtMarkdownStream *stream);
/* @text is the whole answer so far (it only grows: pieces are appended
 * to it between updates); @complete when it is the end. */
void              kt_markdown_stream_update (KtMarkdownStream *stream,
                                             const char       *text,
                                             gsize             length,
                                             gboolean          complete);
/* The bytes of source (from the start of the text given to updates) whose
 * blocks are final and drawn for good. */
gsize             kt_markdown_stream_get_stable_length (KtMarkdownStream *stream);
/* Ends the stream at its final blocks: removes what the open (last)
 * block drew, so that a new stream, on another buffer, can go on from
 * kt_markdown_stream_get_stable_length() of the text. A long answer is
 * drawn in several views this way, and only the last one changes. */
void              kt_markdown_stream_seal   (KtMarkdownStream *stream);
/* The bytes of source parsed since the stream began, for the tests and
 * the benchmark: an answer's updates parse each block about once. */
guint64           kt_markdown_stream_get_parsed_bytes (KtMarkdownStream *stream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtMarkdownStream, kt_markdown_stream_free)

G_END_DECLS
