/* kt-markdown.c: the Assistant's answers, markdown into a GtkTextBuffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-markdown"

#include "config.h"

#include <cmark.h>

#include "kt-markdown.h"

#define MAX_DEPTH 6
#define LINK_PREFIX "link:"

struct _KtMarkdownStream
{
  GtkTextBuffer *buffer;
  GtkTextMark   *stable;      /* the end of the final blocks' text */
  gsize          stable_src;  /* the bytes of source they came from */
  guint64        parsed;
};

typedef struct {
  GtkTextBuffer *buffer;
  GArray        *starts;      /* buffer offsets where open nodes began */
} Render;

/* Helpers */

static void
add_tag (GtkTextTagTable *table,
         const char      *name,
         const char      *first_property,
         ...)
{
  GtkTextTag *tag;
  va_list args;

  if (gtk_text_tag_table_lookup (table, name) != NULL)
    return;
  tag = gtk_text_tag_new (name);
  va_start (args, first_property);
  g_object_set_valist (G_OBJECT (tag), first_property, args);
  va_end (args);
  gtk_text_tag_table_add (table, tag);
  g_object_unref (tag);
}

void
kt_markdown_ensure_tags (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table;
  /* Grey with alpha reads on light and dark styles alike. */
  GdkRGBA shade = { 0.5, 0.5, 0.5, 0.15 };
  GdkRGBA blue = { 0.21, 0.52, 0.89, 1.0 };

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  table = gtk_text_buffer_get_tag_table (buffer);
  if (gtk_text_tag_table_lookup (table, "paragraph") != NULL)
    return;

  /* Created in order of priority: a later tag wins, so a deeper indent
   * beats the one of the list around it. */
  add_tag (table, "paragraph", "pixels-below-lines", 8, NULL);
  add_tag (table, "h1", "weight", PANGO_WEIGHT_BOLD, "scale", 1.5, "pixels-below-lines", 6, NULL);
  add_tag (table, "h2", "weight", PANGO_WEIGHT_BOLD, "scale", 1.3, "pixels-below-lines", 6, NULL);
  add_tag (table, "h3", "weight", PANGO_WEIGHT_BOLD, "scale", 1.15, "pixels-below-lines", 4, NULL);
  add_tag (table, "quote", "left-margin", 16, "style", PANGO_STYLE_ITALIC, NULL);
  for (guint depth = 1; depth <= MAX_DEPTH; depth++)
    {
      g_autofree char *name = g_strdup_printf ("indent-%u", depth);

      /* A hanging indent: the bullet stands out, wrapped lines align
       * with the text after it. */
      add_tag (table, name, "left-margin", 8 + 20 * (int) depth, "indent", -14,
               "pixels-below-lines", 2, NULL);
    }
  add_tag (table, "code-block", "family", "monospace", "paragraph-background-rgba", &shade,
           "left-margin", 12, "right-margin", 12, "pixels-below-lines", 8, NULL);
  add_tag (table, "bold", "weight", PANGO_WEIGHT_BOLD, NULL);
  add_tag (table, "italic", "style", PANGO_STYLE_ITALIC, NULL);
  add_tag (table, "code", "family", "monospace", "background-rgba", &shade, NULL);
  add_tag (table, "link", "foreground-rgba", &blue, "underline", PANGO_UNDERLINE_SINGLE, NULL);
}

static int
end_offset (Render *r)
{
  return gtk_text_buffer_get_char_count (r->buffer);
}

static void
insert (Render     *r,
        const char *text,
        gssize      length)
{
  GtkTextIter end;

  if (text == NULL || length == 0)
    return;
  gtk_text_buffer_get_end_iter (r->buffer, &end);
  gtk_text_buffer_insert (r->buffer, &end, text, length);
}

/* Ends a block with a line end unless the text already ends with one. */
static void
end_line (Render *r)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (r->buffer, &end);
  if (gtk_text_iter_is_start (&end) || !gtk_text_iter_backward_char (&end) ||
      gtk_text_iter_get_char (&end) != '\n')
    insert (r, "\n", 1);
}

static void
apply (Render     *r,
       const char *tag,
       int         start)
{
  GtkTextIter from, to;

  gtk_text_buffer_get_iter_at_offset (r->buffer, &from, start);
  gtk_text_buffer_get_end_iter (r->buffer, &to);
  gtk_text_buffer_apply_tag_by_name (r->buffer, tag, &from, &to);
}

static gboolean
is_clickable (const char *url)
{
  return url != NULL && (g_ascii_strncasecmp (url, "https://", 8) == 0 ||
                         g_ascii_strncasecmp (url, "http://", 7) == 0 ||
                         g_ascii_strncasecmp (url, "mailto:", 7) == 0);
}

/* A link's URL is the name of a tag of its own ("link:URL"), looked up
 * before it is made: a stream that draws its last block again and again
 * reuses the tag instead of adding one per frame. */
static void
apply_link (Render     *r,
            const char *url,
            int         start)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (r->buffer);
  g_autofree char *name = NULL;

  if (!is_clickable (url))
    return;
  name = g_strconcat (LINK_PREFIX, url, NULL);
  if (gtk_text_tag_table_lookup (table, name) == NULL)
    {
      g_autoptr (GtkTextTag) tag = gtk_text_tag_new (name);

      gtk_text_tag_table_add (table, tag);
    }
  apply (r, "link", start);
  apply (r, name, start);
}

static guint
list_depth (cmark_node *node)
{
  guint depth = 0;

  for (cmark_node *n = cmark_node_parent (node); n != NULL; n = cmark_node_parent (n))
    if (cmark_node_get_type (n) == CMARK_NODE_LIST)
      depth++;
  return MIN (MAX (depth, 1), MAX_DEPTH);
}

static void
insert_bullet (Render     *r,
               cmark_node *item)
{
  cmark_node *list = cmark_node_parent (item);

  if (cmark_node_get_list_type (list) == CMARK_ORDERED_LIST)
    {
      int number = cmark_node_get_list_start (list);
      g_autofree char *text = NULL;

      for (cmark_node *n = cmark_node_previous (item); n != NULL; n = cmark_node_previous (n))
        number++;
      text = g_strdup_printf ("%d%s ", number,
                              cmark_node_get_list_delim (list) == CMARK_PAREN_DELIM ? ")" : ".");
      insert (r, text, -1);
    }
  else
    insert (r, "• ", -1);
}

static void
render_enter (Render     *r,
              cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_ITEM:
      insert_bullet (r, node);
      break;

    case CMARK_NODE_TEXT:
    case CMARK_NODE_HTML_INLINE:
      insert (r, cmark_node_get_literal (node), -1);
      break;

    case CMARK_NODE_CODE:
      {
        int start = end_offset (r);

        insert (r, cmark_node_get_literal (node), -1);
        apply (r, "code", start);
      }
      break;

    case CMARK_NODE_SOFTBREAK:
      insert (r, " ", 1);
      break;

    case CMARK_NODE_LINEBREAK:
      insert (r, "\n", 1);
      break;

    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
      {
        int start = end_offset (r);
        const char *literal = cmark_node_get_literal (node);
        gsize length = literal != NULL ? strlen (literal) : 0;

        /* A code block's last line end is the block's own. */
        if (length > 0 && literal[length - 1] == '\n')
          length--;
        insert (r, literal, (gssize) length);
        end_line (r);
        apply (r, cmark_node_get_type (node) == CMARK_NODE_CODE_BLOCK ? "code-block" : "paragraph", start);
      }
      break;

    case CMARK_NODE_THEMATIC_BREAK:
      insert (r, "⸻\n", -1);
      break;

    default:
      break;
    }
}

static void
render_exit (Render     *r,
             cmark_node *node,
             int         start)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_PARAGRAPH:
      end_line (r);
      /* In a tight list the items' paragraphs sit close together. */
      if (cmark_node_get_type (cmark_node_parent (node)) != CMARK_NODE_ITEM ||
          !cmark_node_get_list_tight (cmark_node_parent (cmark_node_parent (node))))
        apply (r, "paragraph", start);
      break;

    case CMARK_NODE_HEADING:
      {
        int level = cmark_node_get_heading_level (node);

        end_line (r);
        apply (r, level <= 1 ? "h1" : level == 2 ? "h2" : "h3", start);
      }
      break;

    case CMARK_NODE_ITEM:
      {
        g_autofree char *tag = g_strdup_printf ("indent-%u", list_depth (node));

        end_line (r);
        apply (r, tag, start);
      }
      break;

    case CMARK_NODE_BLOCK_QUOTE:
      apply (r, "quote", start);
      break;

    case CMARK_NODE_STRONG:
      apply (r, "bold", start);
      break;

    case CMARK_NODE_EMPH:
      apply (r, "italic", start);
      break;

    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
      apply_link (r, cmark_node_get_url (node), start);
      break;

    default:
      break;
    }
}

/* cmark's leaves: the iterator gives them no exit event. */
static gboolean
is_leaf (cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Renders @root's subtree at the end of the buffer. */
static void
render_node (Render     *r,
             cmark_node *root)
{
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event == CMARK_EVENT_ENTER)
        {
          /* A leaf has no exit event; a container's start is kept for its
           * exit. */
          if (!is_leaf (node))
            {
              int start = end_offset (r);

              g_array_append_val (r->starts, start);
            }
          render_enter (r, node);
        }
      else
        {
          int start;

          g_assert (r->starts->len > 0);
          start = g_array_index (r->starts, int, r->starts->len - 1);
          g_array_set_size (r->starts, r->starts->len - 1);
          render_exit (r, node, start);
        }
    }
  cmark_iter_free (iter);
}

static cmark_node *
parse (const char *text,
       gsize       length)
{
  /* cmark replaces invalid UTF-8 and NUL bytes with U+FFFD itself
   * (CMARK_OPT_VALIDATE_UTF8), so the buffer only sees valid text. */
  return cmark_parse_document (text, length, CMARK_OPT_VALIDATE_UTF8);
}

/* Public API */

void
kt_markdown_append (GtkTextBuffer *buffer,
                    const char    *text,
                    gssize         length)
{
  Render r = { buffer, NULL };
  cmark_node *document;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (text != NULL || length == 0);

  kt_markdown_ensure_tags (buffer);
  document = parse (text, length < 0 ? strlen (text) : (gsize) length);
  r.starts = g_array_new (FALSE, FALSE, sizeof (int));
  for (cmark_node *block = cmark_node_first_child (document); block != NULL;
       block = cmark_node_next (block))
    render_node (&r, block);
  g_array_unref (r.starts);
  cmark_node_free (document);
}

const char *
kt_markdown_get_link (const GtkTextIter *iter)
{
  g_autoptr (GSList) tags = NULL;

  g_return_val_if_fail (iter != NULL, NULL);

  tags = gtk_text_iter_get_tags (iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      g_autofree char *name = NULL;

      g_object_get (l->data, "name", &name, NULL);
      if (name != NULL && g_str_has_prefix (name, LINK_PREFIX))
        {
          /* The name is owned by the tag, which the table keeps. */
          GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_iter_get_buffer (iter));
          GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);
          const char *kept = g_object_get_data (G_OBJECT (tag), "kt-markdown-url");

          if (kept == NULL)
            {
              g_object_set_data_full (G_OBJECT (tag), "kt-markdown-url",
                                      g_strdup (name + strlen (LINK_PREFIX)), g_free);
              kept = g_object_get_data (G_OBJECT (tag), "kt-markdown-url");
            }
          return kept;
        }
    }
  return NULL;
}

KtMarkdownStream *
kt_markdown_stream_new (GtkTextBuffer *buffer)
{
  KtMarkdownStream *stream;
  GtkTextIter end;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  kt_markdown_ensure_tags (buffer);
  stream = g_new0 (KtMarkdownStream, 1);
  stream->buffer = g_object_ref (buffer);
  gtk_text_buffer_get_end_iter (buffer, &end);
  /* Left gravity: text inserted at the mark's place goes after it. */
  stream->stable = gtk_text_buffer_create_mark (buffer, NULL, &end, TRUE);
  return stream;
}

void
kt_markdown_stream_free (KtMarkdownStream *stream)
{
  if (stream == NULL)
    return;
  gtk_text_buffer_delete_mark (stream->buffer, stream->stable);
  g_object_unref (stream->buffer);
  g_free (stream);
}

/* The byte offset of the start of @line (1-based) in @text. */
static gsize
line_offset (const char *text,
             gsize       length,
             int         line)
{
  gsize offset = 0;

  for (int l = 1; l < line && offset < length; l++)
    {
      const char *newline = memchr (text + offset, '\n', length - offset);

      if (newline == NULL)
        return length;
      offset = (gsize) (newline - text) + 1;
    }
  return offset;
}

void
kt_markdown_stream_update (KtMarkdownStream *stream,
                           const char       *text,
                           gsize             length,
                           gboolean          complete)
{
  Render r = { stream->buffer, NULL };
  const char *source;
  gsize source_length;
  cmark_node *document;
  cmark_node *last = NULL;
  int last_start = 0;
  GtkTextIter from, to;

  g_return_if_fail (stream != NULL);
  g_return_if_fail (length >= stream->stable_src);

  source = text + stream->stable_src;
  source_length = length - stream->stable_src;
  document = parse (source, source_length);
  stream->parsed += source_length;

  /* The open part is drawn again from scratch. */
  gtk_text_buffer_get_iter_at_mark (stream->buffer, &from, stream->stable);
  gtk_text_buffer_get_end_iter (stream->buffer, &to);
  gtk_text_buffer_delete (stream->buffer, &from, &to);

  r.starts = g_array_new (FALSE, FALSE, sizeof (int));
  for (cmark_node *block = cmark_node_first_child (document); block != NULL;
       block = cmark_node_next (block))
    {
      last = block;
      last_start = end_offset (&r);
      render_node (&r, block);
    }
  g_array_unref (r.starts);

  /* Every block but the last is final: text that comes later cannot
   * change it (only the last block can still grow, become a heading by
   * its underline, or take another list item). The next update starts
   * at the last block. */
  if (complete)
    {
      stream->stable_src = length;
      gtk_text_buffer_get_end_iter (stream->buffer, &to);
      gtk_text_buffer_move_mark (stream->buffer, stream->stable, &to);
    }
  else if (last != NULL && last != cmark_node_first_child (document))
    {
      stream->stable_src += line_offset (source, source_length, cmark_node_get_start_line (last));
      gtk_text_buffer_get_iter_at_offset (stream->buffer, &to, last_start);
      gtk_text_buffer_move_mark (stream->buffer, stream->stable, &to);
    }
  cmark_node_free (document);
}

gsize
kt_markdown_stream_get_stable_length (KtMarkdownStream *stream)
{
  g_return_val_if_fail (stream != NULL, 0);

  return stream->stable_src;
}

void
kt_markdown_stream_seal (KtMarkdownStream *stream)
{
  GtkTextIter from, to;

  g_return_if_fail (stream != NULL);

  gtk_text_buffer_get_iter_at_mark (stream->buffer, &from, stream->stable);
  gtk_text_buffer_get_end_iter (stream->buffer, &to);
  gtk_text_buffer_delete (stream->buffer, &from, &to);
}

guint64
kt_markdown_stream_get_parsed_bytes (KtMarkdownStream *stream)
{
  g_return_val_if_fail (stream != NULL, 0);

  return stream->parsed;
}
