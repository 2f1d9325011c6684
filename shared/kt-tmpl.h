/* kt-tmpl.h: the template language of documents and mails
 *
 * A small Mustache-like language over a JSON context (docs/templates.md):
 *
 *   {{invoice.number}}                 a value, escaped for Pango markup
 *   {{{organization.name}}}            a value, unescaped (also | raw)
 *   {{totals.total | money}}           filters, chained left to right
 *   {{client.mol | default:"—"}}       a filter with an argument
 *   {{#items}}…{{@number}}…{{/items}}  a loop over an array
 *   {{#invoice.due_date}}…{{/invoice.due_date}}   a section on a truthy value
 *   {{^totals.discount}}…{{/totals.discount}}     its negation
 *   {{! a comment }}
 *
 * A template is parsed once into a KtTmpl (its syntax tree) and rendered
 * many times. Parsing and rendering never fail silently and never crash or
 * hang on any input: every problem is a KtTmplError with a line and a
 * column, and the size, depth, output and loop limits below refuse what
 * would otherwise run away. No I/O, no GTK: the client's studio and the
 * server's mails and PDFs share it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A template's size in bytes (a document_template's body holds at most
 * 200,000 characters, up to 4 bytes each in UTF-8). */
#define KT_TMPL_MAX_SIZE (1024 * 1024)
/* Sections inside sections. */
#define KT_TMPL_MAX_DEPTH 32
/* Default limits of one rendering (KtTmplRenderOptions overrides them). */
#define KT_TMPL_MAX_OUTPUT (4 * 1024 * 1024)
#define KT_TMPL_MAX_ITERATIONS 100000
/* Errors collected before parsing gives up listing more. */
#define KT_TMPL_MAX_ERRORS 100

typedef enum {
  KT_TMPL_ERROR_SYNTAX,           /* a malformed tag */
  KT_TMPL_ERROR_UNKNOWN_FILTER,
  KT_TMPL_ERROR_UNKNOWN_VARIABLE, /* only when a catalogue is given */
  KT_TMPL_ERROR_SECTION,          /* unclosed or mismatched sections */
  KT_TMPL_ERROR_ENCODING,         /* the template is not UTF-8 */
  KT_TMPL_ERROR_LIMIT,            /* size, depth, output or loops */
  KT_TMPL_ERROR_MISSING,          /* strict rendering: a value is missing */
} KtTmplErrorKind;

/**
 * KtTmplError:
 * @kind: what went wrong, for programs
 * @line: 1-based line of the tag (or of the byte) at fault
 * @column: 1-based column, in characters (not bytes) from the line start
 * @offset: the same place as a byte offset into the template
 * @message: a translated sentence for a person, naming the problem
 */
typedef struct {
  KtTmplErrorKind kind;
  guint           line;
  guint           column;
  gsize           offset;
  char           *message;
} KtTmplError;

void kt_tmpl_error_free (KtTmplError *error);

/**
 * KtTmplVariable:
 * @key: the dotted path, "invoice.number"; a loop's fields are under the
 *   array's key, "items.description"
 * @description: (nullable): untranslated text marked for gettext: what
 *   it is, short enough to label
 * @example: an example value as the template prints it; marked where it
 *   is words, plain where digits, dates or codes read the same in bg
 *
 * One entry of a catalogue of variables (kt-tmpl-vars.h has Kantora's).
 * The parser only reads @key.
 */
typedef struct {
  const char *key;
  const char *description;
  const char *example;
} KtTmplVariable;

typedef struct _KtTmpl KtTmpl;

/**
 * kt_tmpl_parse:
 * @text: the template, UTF-8
 * @length: its length in bytes, or -1 when NUL-terminated
 * @catalogue: (nullable): a table ending with a %NULL key; when given,
 *   every variable must be one of it (or a prefix of one, or a field of
 *   the array a loop is over)
 * @errors: (out) (optional) (element-type KtTmplError): every problem
 *   found, in the order of the text
 *
 * Parses @text. Literal text is kept as written: it is Pango markup the
 * author wrote. Errors are collected (up to %KT_TMPL_MAX_ERRORS) rather
 * than stopping at the first, so an editor can mark them all.
 *
 * Returns: (transfer full) (nullable): the compiled template, or %NULL
 *   when there is any error
 */
KtTmpl *kt_tmpl_parse (const char            *text,
                       gssize                 length,
                       const KtTmplVariable  *catalogue,
                       GPtrArray            **errors);
void    kt_tmpl_free  (KtTmpl *tmpl);

typedef struct {
  /* "bg" or "en" for money, dates and words; NULL: the context's
   * "language", then "bg". */
  const char *language;
  /* The currency of | money; NULL: the context's "currency", then EUR. */
  const char *currency;
  /* Report every variable that is missing (KT_TMPL_ERROR_MISSING)
   * instead of printing it empty. */
  gboolean    strict;
  /* Print values as they are, without escaping for Pango markup: for
   * plain text such as a mail's subject. */
  gboolean    plain_text;
  /* 0: KT_TMPL_MAX_OUTPUT bytes, KT_TMPL_MAX_ITERATIONS loop turns. */
  gsize       max_output;
  guint       max_iterations;
} KtTmplRenderOptions;

/**
 * kt_tmpl_render:
 * @tmpl: a compiled template
 * @context: (nullable): the values (kt-tmpl-context.h builds a document's)
 * @options: (nullable): %NULL for the defaults
 * @errors: (out) (optional) (element-type KtTmplError): why it failed
 *
 * Expands @tmpl over @context. Values that are not valid UTF-8 print with
 * U+FFFD in place of the bad bytes. A KtTmpl may be rendered from several
 * threads at once, each over a context of its own.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when a limit
 *   stopped it or, in strict mode, a value was missing
 */
char   *kt_tmpl_render (const KtTmpl               *tmpl,
                        JsonObject                 *context,
                        const KtTmplRenderOptions  *options,
                        GPtrArray                 **errors);

/* Appends @text (@length bytes, -1 for NUL-terminated) to @out escaped
 * for Pango markup: & < > " ' as entities. What {{x}} does to a value. */
void    kt_tmpl_escape_markup (GString    *out,
                               const char *text,
                               gssize      length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtTmpl, kt_tmpl_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtTmplError, kt_tmpl_error_free)

G_END_DECLS
