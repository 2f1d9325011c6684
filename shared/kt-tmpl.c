/* kt-tmpl.c: parsing templates into their syntax tree
 *
 * One pass over the text: literal text between tags is kept as slices of
 * a copy of the source, every tag becomes a node, sections nest through a
 * stack. Errors do not stop the pass (an editor marks them all); the
 * position of each is tracked incrementally, so a long line with many
 * tags costs linear time. kt-tmpl-render.c walks the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-tmpl"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-money.h"
#include "kt-tmpl-private.h"

typedef struct {
  const char *name;
  KtTmplFilterKind kind;
  gboolean needs_arg;
  gboolean takes_arg;
} FilterSpec;

static const FilterSpec filter_specs[] = {
  { "money", KT_TMPL_FILTER_MONEY, FALSE, TRUE },
  { "number", KT_TMPL_FILTER_NUMBER, FALSE, TRUE },
  { "date", KT_TMPL_FILTER_DATE, FALSE, FALSE },
  { "upper", KT_TMPL_FILTER_UPPER, FALSE, FALSE },
  { "lower", KT_TMPL_FILTER_LOWER, FALSE, FALSE },
  { "words", KT_TMPL_FILTER_WORDS, FALSE, TRUE },
  { "words_bg", KT_TMPL_FILTER_WORDS_BG, FALSE, TRUE },
  { "words_en", KT_TMPL_FILTER_WORDS_EN, FALSE, TRUE },
  { "default", KT_TMPL_FILTER_DEFAULT, TRUE, TRUE },
  { "raw", KT_TMPL_FILTER_RAW, FALSE, FALSE },
};

typedef struct {
  const char           *text;
  gsize                 length;
  const KtTmplVariable *catalogue;
  GPtrArray            *errors;
  /* The position tracker: where the last asked-for offset was. */
  gsize                 cursor;
  guint                 line;
  guint                 column;
  /* Open sections, innermost last; sections deeper than the limit are
   * only counted, so their closing tags still pair up. */
  GPtrArray            *stack;
  guint                 too_deep;
  GPtrArray            *nodes;
  /* The text run being read, and its place. */
  gsize                 text_start;
  guint                 text_line;
  guint                 text_column;
} Parser;

static void parser_error (Parser          *p,
                          gsize            offset,
                          KtTmplErrorKind  kind,
                          const char      *format,
                          ...) G_GNUC_PRINTF (4, 5);

void
kt_tmpl_error_free (KtTmplError *error)
{
  if (error == NULL)
    return;
  g_free (error->message);
  g_free (error);
}

void
kt_tmpl_add_error (GPtrArray       *errors,
                   KtTmplErrorKind  kind,
                   guint            line,
                   guint            column,
                   gsize            offset,
                   const char      *format,
                   ...)
{
  KtTmplError *error;
  va_list args;

  if (errors == NULL || errors->len >= KT_TMPL_MAX_ERRORS)
    return;

  error = g_new0 (KtTmplError, 1);
  error->kind = kind;
  error->line = line;
  error->column = column;
  error->offset = offset;
  va_start (args, format);
  error->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (errors, error);
}

static void
node_free (gpointer data)
{
  KtTmplNode *node = data;

  for (guint i = 0; i < node->n_segments; i++)
    g_free (node->segments[i].name);
  g_free (node->segments);
  for (guint i = 0; i < node->n_filters; i++)
    g_free (node->filters[i].arg);
  g_free (node->filters);
  g_free (node->path_text);
  g_free (node->literal);
  g_free (node->scope_key);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

void
kt_tmpl_free (KtTmpl *tmpl)
{
  if (tmpl == NULL)
    return;
  g_clear_pointer (&tmpl->nodes, g_ptr_array_unref);
  g_free (tmpl->source);
  g_free (tmpl);
}

/* Moves the tracker forward to @offset: lines count '\n', columns count
 * characters (bytes that do not continue a UTF-8 sequence). Offsets are
 * asked for in increasing order, except the stored ones of open
 * sections, which keep their own line and column. */
static void
parser_seek (Parser *p,
             gsize   offset)
{
  g_assert (offset >= p->cursor);

  for (gsize i = p->cursor; i < offset; i++)
    {
      guchar c = (guchar) p->text[i];

      if (c == '\n')
        {
          p->line++;
          p->column = 1;
        }
      else if ((c & 0xc0) != 0x80)
        p->column++;
    }
  p->cursor = offset;
}

static void
parser_error (Parser          *p,
              gsize            offset,
              KtTmplErrorKind  kind,
              const char      *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  parser_seek (p, offset);
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  kt_tmpl_add_error (p->errors, kind, p->line, p->column, offset, "%s", message);
}

static GPtrArray *
parser_children (Parser *p)
{
  if (p->stack->len > 0)
    return ((KtTmplNode *) g_ptr_array_index (p->stack, p->stack->len - 1))->children;
  return p->nodes;
}

static KtTmplNode *
node_new (Parser         *p,
          KtTmplNodeKind  kind,
          gsize           offset)
{
  KtTmplNode *node = g_new0 (KtTmplNode, 1);

  parser_seek (p, offset);
  node->kind = kind;
  node->line = p->line;
  node->column = p->column;
  node->offset = offset;
  return node;
}

/* Where the text run starting at @start is: asked for when the run
 * starts, before anything inside it (a stray "}}") moves the tracker
 * past it. */
static void
start_text (Parser *p,
            gsize   start)
{
  parser_seek (p, start);
  p->text_start = start;
  p->text_line = p->line;
  p->text_column = p->column;
}

/* The text run from its start up to @end. It needs its place too: the
 * output limit may be crossed by a text. */
static void
add_text (Parser *p,
          gsize   end)
{
  KtTmplNode *node;

  if (end <= p->text_start)
    return;
  node = g_new0 (KtTmplNode, 1);
  node->kind = KT_TMPL_NODE_TEXT;
  node->line = p->text_line;
  node->column = p->text_column;
  node->offset = p->text_start;
  node->text = p->text + p->text_start;
  node->length = end - p->text_start;
  g_ptr_array_add (parser_children (p), node);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '@';
}

static gboolean
is_identifier (const char *s)
{
  if (!(g_ascii_isalpha (*s) || *s == '_'))
    return FALSE;
  for (s++; *s != '\0'; s++)
    if (!(g_ascii_isalnum (*s) || *s == '_'))
      return FALSE;
  return TRUE;
}

/* Fills @node's path from @text: names and indices joined by dots, or
 * one of the specials. FALSE when it is none of them. */
static gboolean
set_path (KtTmplNode *node,
          const char *text)
{
  static const struct {
    const char *name;
    KtTmplPathKind kind;
  } specials[] = {
    { ".", KT_TMPL_PATH_THIS },
    { "this", KT_TMPL_PATH_THIS },
    { "@index", KT_TMPL_PATH_INDEX },
    { "@number", KT_TMPL_PATH_NUMBER },
    { "@first", KT_TMPL_PATH_FIRST },
    { "@last", KT_TMPL_PATH_LAST },
  };
  g_auto(GStrv) parts = NULL;
  guint n;

  node->path_text = g_strdup (text);
  for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
    if (strcmp (text, specials[i].name) == 0)
      {
        node->path_kind = specials[i].kind;
        return TRUE;
      }

  parts = g_strsplit (text, ".", -1);
  n = g_strv_length (parts);
  node->path_kind = KT_TMPL_PATH_NAME;
  node->segments = g_new0 (KtTmplSegment, n);
  node->n_segments = n;
  for (guint i = 0; i < n; i++)
    {
      guint64 index;

      node->segments[i].index = -1;
      if (i > 0 && g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXINT32, &index, NULL))
        node->segments[i].index = (gint64) index;
      else if (!is_identifier (parts[i]))
        return FALSE;
      node->segments[i].name = g_strdup (parts[i]);
    }
  return TRUE;
}

/* The path with its numeric segments left out ("items.0.unit" is
 * "items.unit"): what a catalogue lists. */
static char *
catalogue_form (const KtTmplNode *node)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < node->n_segments; i++)
    {
      if (node->segments[i].index >= 0)
        continue;
      if (key->len > 0)
        g_string_append_c (key, '.');
      g_string_append (key, node->segments[i].name);
    }
  return g_string_free (key, FALSE);
}

static gboolean
catalogue_has (const KtTmplVariable *catalogue,
               const char           *key)
{
  gsize len = strlen (key);

  for (const KtTmplVariable *v = catalogue; v->key != NULL; v++)
    if (strncmp (v->key, key, len) == 0 && (v->key[len] == '\0' || v->key[len] == '.'))
      return TRUE;
  return FALSE;
}

/* The catalogue key @node stands for, looking through the sections it is
 * in, innermost first, as the renderer looks values up; NULL when the
 * catalogue has none. */
static char *
resolve_key (Parser           *p,
             const KtTmplNode *node)
{
  g_autofree char *key = catalogue_form (node);

  for (guint i = p->stack->len; i > 0; i--)
    {
      KtTmplNode *section = g_ptr_array_index (p->stack, i - 1);
      g_autofree char *scoped = NULL;

      if (section->scope_key == NULL)
        continue;
      scoped = g_strconcat (section->scope_key, ".", key, NULL);
      if (catalogue_has (p->catalogue, scoped))
        return g_steal_pointer (&scoped);
    }
  if (catalogue_has (p->catalogue, key))
    return g_steal_pointer (&key);
  return NULL;
}

static void
check_variable (Parser     *p,
                KtTmplNode *node)
{
  g_autofree char *key = NULL;

  if (p->catalogue == NULL || node->literal != NULL || node->path_kind != KT_TMPL_PATH_NAME)
    return;
  key = resolve_key (p, node);
  if (key == NULL)
    kt_tmpl_add_error (p->errors, KT_TMPL_ERROR_UNKNOWN_VARIABLE, node->line, node->column,
                       node->offset, _("Unknown variable “%s”"), node->path_text);
  else if (node->kind != KT_TMPL_NODE_VALUE)
    node->scope_key = g_steal_pointer (&key);
}

/* Reads a "…" literal starting at @s (on the quote), with \" and \\ as
 * the only escapes; returns the end (after the closing quote) or NULL. */
static const char *
read_string (const char  *s,
             const char  *end,
             char       **out)
{
  GString *value = g_string_new (NULL);

  g_assert (*s == '"');
  for (s++; s < end; s++)
    {
      if (*s == '"')
        {
          *out = g_string_free (value, FALSE);
          return s + 1;
        }
      if (*s == '\\' && s + 1 < end && (s[1] == '"' || s[1] == '\\'))
        s++;
      g_string_append_c (value, *s);
    }
  g_string_free (value, TRUE);
  return NULL;
}

static const char *
skip_spaces (const char *s,
             const char *end)
{
  while (s < end && is_space (*s))
    s++;
  return s;
}

/* The name of a path or filter at @s: up to the first character that
 * cannot be part of one. */
static char *
read_name (const char **s,
           const char  *end)
{
  const char *start = *s;

  while (*s < end && is_name_char (**s))
    (*s)++;
  return g_strndup (start, *s - start);
}

static const FilterSpec *
lookup_filter (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (filter_specs); i++)
    if (strcmp (filter_specs[i].name, name) == 0)
      return &filter_specs[i];
  return NULL;
}

/* The part of a tag after its path: "| name" or "| name:"arg"", repeated.
 * FALSE when there was an error (already reported). */
static gboolean
parse_filters (Parser     *p,
               KtTmplNode *node,
               const char *s,
               const char *end)
{
  g_autoptr(GArray) filters = g_array_new (FALSE, TRUE, sizeof (KtTmplFilter));
  gboolean failed = FALSE;

  for (s = skip_spaces (s, end); s < end; s = skip_spaces (s, end))
    {
      g_autofree char *name = NULL;
      const FilterSpec *spec;
      const char *name_at;
      KtTmplFilter filter = { 0 };

      if (*s != '|')
        {
          g_autofree char *rest = g_utf8_make_valid (s, MIN (end - s, 20));

          parser_error (p, s - p->text, KT_TMPL_ERROR_SYNTAX,
                        _("Unexpected “%s” in the tag: filters follow a “|”"), rest);
          failed = TRUE;
          break;
        }
      s = skip_spaces (s + 1, end);
      name_at = s;
      name = read_name (&s, end);
      if (*name == '\0')
        {
          parser_error (p, name_at - p->text, KT_TMPL_ERROR_SYNTAX,
                        _("A filter name is missing after “|”"));
          failed = TRUE;
          break;
        }
      spec = lookup_filter (name);
      if (spec == NULL)
        {
          parser_error (p, name_at - p->text, KT_TMPL_ERROR_UNKNOWN_FILTER,
                        _("Unknown filter “%s”"), name);
          failed = TRUE;
          /* On to the next "|", so that its filters are checked too. */
          while (s < end && *s != '|')
            s++;
          continue;
        }
      filter.kind = spec->kind;
      s = skip_spaces (s, end);
      if (s < end && *s == ':')
        {
          s = skip_spaces (s + 1, end);
          if (s >= end || *s != '"' || (s = read_string (s, end, &filter.arg)) == NULL)
            {
              parser_error (p, name_at - p->text, KT_TMPL_ERROR_SYNTAX,
                            _("The value of the filter “%s” must be in double quotes, as in %s:\"—\""),
                            name, name);
              failed = TRUE;
              break;
            }
        }
      if ((filter.arg == NULL && spec->needs_arg) ||
          (filter.arg != NULL && !spec->takes_arg) ||
          (filter.arg != NULL && spec->kind != KT_TMPL_FILTER_DEFAULT &&
           !kt_currency_is_valid (filter.arg)))
        failed = TRUE;
      if (filter.arg == NULL && spec->needs_arg)
        parser_error (p, name_at - p->text, KT_TMPL_ERROR_SYNTAX,
                      _("The filter “%s” needs a value, as in %s:\"—\""), name, name);
      else if (filter.arg != NULL && !spec->takes_arg)
        parser_error (p, name_at - p->text, KT_TMPL_ERROR_SYNTAX,
                      _("The filter “%s” takes no value"), name);
      else if (filter.arg != NULL && spec->kind != KT_TMPL_FILTER_DEFAULT &&
               !kt_currency_is_valid (filter.arg))
        parser_error (p, name_at - p->text, KT_TMPL_ERROR_SYNTAX,
                      _("“%s” is not a currency code such as EUR"), filter.arg);
      if (spec->kind == KT_TMPL_FILTER_RAW)
        {
          node->raw = TRUE;
          g_free (filter.arg);
        }
      else
        g_array_append_val (filters, filter);
    }

  if (failed)
    {
      for (guint i = 0; i < filters->len; i++)
        g_free (g_array_index (filters, KtTmplFilter, i).arg);
      return FALSE;
    }
  node->n_filters = filters->len;
  node->filters = (KtTmplFilter *) (void *) g_array_free (g_steal_pointer (&filters), FALSE);
  return TRUE;
}

/* A value tag's inside: a path or a "…" literal, then filters. */
static void
parse_value (Parser     *p,
             gsize       tag_offset,
             const char *s,
             const char *end,
             gboolean    raw)
{
  KtTmplNode *node = node_new (p, KT_TMPL_NODE_VALUE, tag_offset);
  g_autofree char *name = NULL;
  const char *start = s;

  node->raw = raw;
  if (*s == '"')
    {
      s = read_string (s, end, &node->literal);
      if (s == NULL)
        {
          parser_error (p, start - p->text, KT_TMPL_ERROR_SYNTAX,
                        _("The text in double quotes is not closed"));
          node_free (node);
          return;
        }
      node->path_text = g_strdup (node->literal);
    }
  else
    {
      name = read_name (&s, end);
      if (*name == '\0' || !set_path (node, name))
        {
          g_autofree char *shown = g_utf8_make_valid (start, MIN (end - start, 40));

          parser_error (p, start - p->text, KT_TMPL_ERROR_SYNTAX,
                        _("“%s” is not a variable name"), *name != '\0' ? name : shown);
          node_free (node);
          return;
        }
    }

  if (!parse_filters (p, node, s, end))
    {
      node_free (node);
      return;
    }
  check_variable (p, node);
  g_ptr_array_add (parser_children (p), node);
}

static void
open_section (Parser     *p,
              gsize       tag_offset,
              const char *s,
              const char *end,
              gboolean    inverted)
{
  KtTmplNode *node;
  g_autofree char *name = NULL;
  const char *start = s;

  if (p->stack->len >= KT_TMPL_MAX_DEPTH || p->too_deep > 0)
    {
      if (p->too_deep++ == 0)
        parser_error (p, tag_offset, KT_TMPL_ERROR_LIMIT,
                      _("Sections are nested more than %d deep"), KT_TMPL_MAX_DEPTH);
      return;
    }

  node = node_new (p, inverted ? KT_TMPL_NODE_INVERTED : KT_TMPL_NODE_SECTION, tag_offset);
  node->children = g_ptr_array_new_with_free_func (node_free);
  name = read_name (&s, end);
  if (*name == '\0' || !set_path (node, name) || skip_spaces (s, end) != end)
    {
      g_autofree char *shown = g_utf8_make_valid (start, MIN (end - start, 40));

      parser_error (p, start - p->text, KT_TMPL_ERROR_SYNTAX,
                    _("A section opens on one variable name, not “%s”"), shown);
      /* Kept open anyway, under all it says, so that the closing tag
       * written the same way does not cause a second error. */
      g_free (node->path_text);
      node->path_text = g_strndup (start, end - start);
    }
  else
    check_variable (p, node);
  g_ptr_array_add (parser_children (p), node);
  g_ptr_array_add (p->stack, node);
}

static void
close_section (Parser     *p,
               gsize       tag_offset,
               const char *s,
               const char *end)
{
  g_autofree char *name = g_strndup (s, end - s);
  KtTmplNode *top;

  g_strstrip (name);
  if (p->too_deep > 0)
    {
      p->too_deep--;
      return;
    }
  if (p->stack->len == 0)
    {
      parser_error (p, tag_offset, KT_TMPL_ERROR_SECTION,
                    _("“{{/%s}}” closes no section"), name);
      return;
    }

  top = g_ptr_array_index (p->stack, p->stack->len - 1);
  if (g_strcmp0 (top->path_text, name) == 0)
    {
      g_ptr_array_set_size (p->stack, p->stack->len - 1);
      return;
    }

  /* When it closes a section further out, the ones in between were left
   * open; otherwise the tag is wrong and is dropped. */
  for (guint i = p->stack->len - 1; i > 0; i--)
    {
      KtTmplNode *outer = g_ptr_array_index (p->stack, i - 1);

      if (g_strcmp0 (outer->path_text, name) != 0)
        continue;
      for (guint j = p->stack->len; j > i; j--)
        {
          KtTmplNode *open = g_ptr_array_index (p->stack, j - 1);

          kt_tmpl_add_error (p->errors, KT_TMPL_ERROR_SECTION, open->line, open->column,
                             open->offset,
                             _("Unclosed section “%s” opened at line %u, column %u"),
                             open->path_text, open->line, open->column);
        }
      g_ptr_array_set_size (p->stack, i - 1);
      return;
    }
  parser_error (p, tag_offset, KT_TMPL_ERROR_SECTION,
                _("“{{/%s}}” does not close “%s”, opened at line %u, column %u"),
                name, top->path_text, top->line, top->column);
}

/* The end of the tag that starts at @start ("{{" or "{{{"): the first
 * "}}" outside double quotes. G_MAXSIZE when there is none. */
static gsize
find_tag_end (Parser *p,
              gsize   start)
{
  gboolean quoted = FALSE;

  for (gsize i = start; i + 1 < p->length; i++)
    {
      char c = p->text[i];

      if (quoted && c == '\\')
        i++;
      else if (c == '"')
        quoted = !quoted;
      else if (!quoted && c == '}' && p->text[i + 1] == '}')
        return i;
      /* A tag does not run on past the next "{{": such a "{{" was
       * probably meant to open the next tag, and the error is more
       * useful at the unclosed one. */
      else if (!quoted && c == '{' && p->text[i + 1] == '{')
        return G_MAXSIZE;
    }
  return G_MAXSIZE;
}

static void
parse_tag (Parser *p,
           gsize   offset,
           gsize   inner,
           gsize   inner_end,
           gboolean raw)
{
  const char *s = skip_spaces (p->text + inner, p->text + inner_end);
  const char *end = p->text + inner_end;

  while (end > s && is_space (end[-1]))
    end--;

  if (s == end)
    {
      parser_error (p, offset, KT_TMPL_ERROR_SYNTAX, _("The tag is empty"));
      return;
    }
  if (raw)
    {
      parse_value (p, offset, s, end, TRUE);
      return;
    }

  switch (*s)
    {
    case '!':
      break;
    case '#':
      open_section (p, offset, skip_spaces (s + 1, end), end, FALSE);
      break;
    case '^':
      open_section (p, offset, skip_spaces (s + 1, end), end, TRUE);
      break;
    case '/':
      close_section (p, offset, skip_spaces (s + 1, end), end);
      break;
    default:
      parse_value (p, offset, s, end, FALSE);
      break;
    }
}

static void
parse (Parser *p)
{
  gboolean after_unclosed = FALSE;
  gsize i = 0;

  start_text (p, 0);

  while (i < p->length)
    {
      gsize open, inner, close, next;
      gboolean raw;

      if (p->text[i] == '}' && i + 1 < p->length && p->text[i + 1] == '}')
        {
          /* After an unclosed "{{", its "}}" (past a stray quote) is
           * not a second mistake. */
          if (!after_unclosed)
            parser_error (p, i, KT_TMPL_ERROR_SYNTAX, _("“}}” without “{{”"));
          i += 2;
          continue;
        }
      if (p->text[i] != '{' || i + 1 >= p->length || p->text[i + 1] != '{')
        {
          i++;
          continue;
        }

      open = i;
      after_unclosed = FALSE;
      add_text (p, open);
      raw = open + 2 < p->length && p->text[open + 2] == '{';
      inner = open + (raw ? 3 : 2);
      close = find_tag_end (p, inner);
      if (close == G_MAXSIZE)
        {
          parser_error (p, open, KT_TMPL_ERROR_SYNTAX,
                        _("“%s” is not closed by “%s”"), raw ? "{{{" : "{{", raw ? "}}}" : "}}");
          /* The rest is text from the next "{{" on, which is tried as
           * a tag again. */
          after_unclosed = TRUE;
          i = inner;
          start_text (p, inner);
          continue;
        }
      next = close + 2;
      parse_tag (p, open, inner, close, raw);
      if (raw)
        {
          if (next < p->length && p->text[next] == '}')
            next++;
          else
            parser_error (p, close, KT_TMPL_ERROR_SYNTAX, _("“{{{” must be closed by “}}}”"));
        }
      i = next;
      start_text (p, next);
    }
  add_text (p, p->length);

  for (guint j = 0; j < p->stack->len; j++)
    {
      KtTmplNode *open = g_ptr_array_index (p->stack, j);

      kt_tmpl_add_error (p->errors, KT_TMPL_ERROR_SECTION, open->line, open->column,
                         open->offset,
                         _("Unclosed section “%s” opened at line %u, column %u"),
                         open->path_text, open->line, open->column);
    }
}

KtTmpl *
kt_tmpl_parse (const char            *text,
               gssize                 length,
               const KtTmplVariable  *catalogue,
               GPtrArray            **errors)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_tmpl_error_free);
  g_autoptr(KtTmpl) tmpl = g_new0 (KtTmpl, 1);
  const char *bad = NULL;
  Parser p = { 0 };

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (errors != NULL)
    *errors = NULL;
  if (length < 0)
    length = strlen (text);

  p.text = text;
  p.length = length;
  p.catalogue = catalogue;
  p.errors = found;
  p.line = 1;
  p.column = 1;

  if ((gsize) length > KT_TMPL_MAX_SIZE)
    parser_error (&p, 0, KT_TMPL_ERROR_LIMIT, _("The template is larger than %d KiB"),
                  KT_TMPL_MAX_SIZE / 1024);
  /* Positions count characters, so the text must be UTF-8 before
   * anything else; a NUL is refused too, as it would end the text early
   * wherever it is stored. */
  else if (!g_utf8_validate_len (text, length, &bad))
    parser_error (&p, bad - text, KT_TMPL_ERROR_ENCODING,
                  _("The template is not valid UTF-8 here"));
  else
    {
      tmpl->source = g_strndup (text, length);
      tmpl->nodes = g_ptr_array_new_with_free_func (node_free);
      p.text = tmpl->source;
      p.stack = g_ptr_array_new ();
      p.nodes = tmpl->nodes;
      parse (&p);
      g_ptr_array_unref (p.stack);
    }

  if (found->len > 0)
    {
      if (errors != NULL)
        *errors = g_steal_pointer (&found);
      return NULL;
    }
  return g_steal_pointer (&tmpl);
}
