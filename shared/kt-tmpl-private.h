/* kt-tmpl-private.h: the syntax tree the parser builds and the renderer walks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-tmpl.h"

G_BEGIN_DECLS

typedef enum {
  KT_TMPL_NODE_TEXT,
  KT_TMPL_NODE_VALUE,
  KT_TMPL_NODE_SECTION,
  KT_TMPL_NODE_INVERTED,
} KtTmplNodeKind;

typedef enum {
  KT_TMPL_FILTER_MONEY,
  KT_TMPL_FILTER_NUMBER,
  KT_TMPL_FILTER_DATE,
  KT_TMPL_FILTER_UPPER,
  KT_TMPL_FILTER_LOWER,
  KT_TMPL_FILTER_WORDS,
  KT_TMPL_FILTER_WORDS_BG,
  KT_TMPL_FILTER_WORDS_EN,
  KT_TMPL_FILTER_DEFAULT,
  KT_TMPL_FILTER_RAW,
} KtTmplFilterKind;

typedef struct {
  KtTmplFilterKind kind;
  char            *arg;           /* the "…" after a colon, or NULL */
} KtTmplFilter;

/* What a path starts from: a name looked up through the open sections,
 * the current value, or a loop's counter. */
typedef enum {
  KT_TMPL_PATH_NAME,
  KT_TMPL_PATH_THIS,              /* "." or "this" */
  KT_TMPL_PATH_INDEX,             /* "@index": 0, 1, 2… */
  KT_TMPL_PATH_NUMBER,            /* "@number": 1, 2, 3… */
  KT_TMPL_PATH_FIRST,             /* "@first" */
  KT_TMPL_PATH_LAST,              /* "@last" */
} KtTmplPathKind;

typedef struct {
  char  *name;
  gint64 index;                   /* >= 0 for a numeric segment */
} KtTmplSegment;

typedef struct _KtTmplNode KtTmplNode;

struct _KtTmplNode {
  KtTmplNodeKind  kind;
  guint           line;
  guint           column;
  gsize           offset;

  /* KT_TMPL_NODE_TEXT: a slice of KtTmpl.source. */
  const char     *text;
  gsize           length;

  /* The other kinds: the path as written ("invoice.number"), or a string
   * literal when literal is set. */
  char           *path_text;
  KtTmplPathKind  path_kind;
  KtTmplSegment  *segments;
  guint           n_segments;
  char           *literal;
  KtTmplFilter   *filters;
  guint           n_filters;
  gboolean        raw;

  /* Sections: what is between the opening and closing tags. */
  GPtrArray      *children;
  /* The catalogue key this section stands for ("items"), so the names
   * inside it can be checked as its fields. */
  char           *scope_key;
};

struct _KtTmpl {
  char      *source;
  GPtrArray *nodes;
};

void kt_tmpl_add_error (GPtrArray       *errors,
                        KtTmplErrorKind  kind,
                        guint            line,
                        guint            column,
                        gsize            offset,
                        const char      *format,
                        ...) G_GNUC_PRINTF (6, 7);

G_END_DECLS
