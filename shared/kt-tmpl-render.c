/* kt-tmpl-render.c: expanding a parsed template over a JSON context
 *
 * The renderer walks the syntax tree with a stack of scopes (the context,
 * then each section's value), looks names up from the innermost scope
 * out, as Mustache does, and runs each value through its filters. Money,
 * dates and words come from the shared formatters (kt-money.h,
 * kt-words.h), so a template prints amounts exactly as the rest of
 * Kantora does. The output and the loop turns are counted, so no template
 * and no context can make it run away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-tmpl"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-money.h"
#include "kt-tmpl-private.h"
#include "kt-words.h"

typedef enum {
  VALUE_MISSING,
  VALUE_STRING,
  VALUE_INT,
  VALUE_DOUBLE,
  VALUE_BOOL,
  VALUE_NODE,                 /* an object or an array */
} ValueType;

typedef struct {
  ValueType   type;
  const char *string;         /* borrowed, or owned below */
  char       *owned;
  gint64      integer;
  double      number;
  JsonNode   *node;
} Value;

typedef struct {
  JsonNode *node;
  /* For a loop's turn: its place and the array's length. */
  gboolean  in_loop;
  guint     index;
  guint     count;
} Scope;

typedef struct {
  const char *lang;
  const char *currency;
  gboolean    strict;
  gboolean    plain_text;
  gsize       max_output;
  guint       max_iterations;
  guint       iterations;
  GString    *out;
  GPtrArray  *errors;
  gboolean    stopped;
  Scope       scopes[KT_TMPL_MAX_DEPTH + 2];
  guint       n_scopes;
} Render;

/* Document words, not interface messages: an English invoice prints its
 * months in English whatever the language of the person printing it
 * (the same rule as render/'s labels). */
static const char * const months_en[] = {
  "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December",
};

static void render_nodes (Render    *r,
                          GPtrArray *nodes);

static void
value_clear (Value *v)
{
  g_clear_pointer (&v->owned, g_free);
  memset (v, 0, sizeof *v);
}

static void
value_take_string (Value *v,
                   char  *text)
{
  value_clear (v);
  if (text == NULL)
    return;
  v->type = VALUE_STRING;
  v->owned = text;
  v->string = text;
}

static void
value_from_node (Value    *v,
                 JsonNode *node)
{
  memset (v, 0, sizeof *v);
  if (node == NULL)
    return;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
      v->type = VALUE_NODE;
      v->node = node;
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          v->type = VALUE_STRING;
          v->string = json_node_get_string (node);
          break;
        case G_TYPE_INT64:
          v->type = VALUE_INT;
          v->integer = json_node_get_int (node);
          break;
        case G_TYPE_DOUBLE:
          v->type = VALUE_DOUBLE;
          v->number = json_node_get_double (node);
          break;
        case G_TYPE_BOOLEAN:
          v->type = VALUE_BOOL;
          v->integer = json_node_get_boolean (node);
          break;
        default:
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static gboolean
value_is_truthy (const Value *v)
{
  switch (v->type)
    {
    case VALUE_STRING:
      return v->string[0] != '\0';
    case VALUE_INT:
    case VALUE_BOOL:
      return v->integer != 0;
    case VALUE_DOUBLE:
      return v->number != 0.0;
    case VALUE_NODE:
      return !JSON_NODE_HOLDS_ARRAY (v->node) ||
             json_array_get_length (json_node_get_array (v->node)) > 0;
    case VALUE_MISSING:
    default:
      return FALSE;
    }
}

/* A whole number of minor units: an integer, or text that is one (a
 * context built from strings). */
static gboolean
value_get_minor (const Value *v,
                 gint64      *minor)
{
  if (v->type == VALUE_INT)
    {
      *minor = v->integer;
      return TRUE;
    }
  return v->type == VALUE_STRING &&
         g_ascii_string_to_signed (v->string, 10, G_MININT64, G_MAXINT64, minor, NULL);
}

/* The value as text, for the string filters and for printing; NULL for
 * a missing value, a list or a group. */
static char *
value_to_string (const Value *v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (v->type)
    {
    case VALUE_STRING:
      return g_strdup (v->string);
    case VALUE_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, v->integer);
    case VALUE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, v->number));
    case VALUE_BOOL:
      return g_strdup (v->integer ? "true" : "false");
    case VALUE_MISSING:
    case VALUE_NODE:
    default:
      return NULL;
    }
}

static void
stop (Render           *r,
      const KtTmplNode *node,
      KtTmplErrorKind   kind,
      const char       *message)
{
  kt_tmpl_add_error (r->errors, kind, node->line, node->column, node->offset, "%s", message);
  if (kind != KT_TMPL_ERROR_MISSING)
    r->stopped = TRUE;
}

/* Appends @text to the output, escaped unless @raw, with bad UTF-8
 * replaced; stops the rendering when the output grows past the limit. */
static void
emit (Render           *r,
      const KtTmplNode *node,
      const char       *text,
      gsize             length,
      gboolean          raw)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate_len (text, length, NULL))
    {
      valid = g_utf8_make_valid (text, length);
      text = valid;
      length = strlen (valid);
    }
  if (raw)
    g_string_append_len (r->out, text, length);
  else
    kt_tmpl_escape_markup (r->out, text, length);

  if (r->out->len > r->max_output)
    {
      g_autofree char *message =
        g_strdup_printf (_("The text would be longer than %u KiB"),
                         (guint) MIN (r->max_output / 1024, G_MAXUINT));

      stop (r, node, KT_TMPL_ERROR_LIMIT, message);
    }
}

static JsonNode *
lookup_member (JsonNode            *node,
               const KtTmplSegment *segment)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_member (json_node_get_object (node), segment->name);
  if (JSON_NODE_HOLDS_ARRAY (node) && segment->index >= 0)
    {
      JsonArray *array = json_node_get_array (node);

      if ((guint64) segment->index < json_array_get_length (array))
        return json_array_get_element (array, (guint) segment->index);
    }
  return NULL;
}

static const Scope *
innermost_loop (Render *r)
{
  for (guint i = r->n_scopes; i > 0; i--)
    if (r->scopes[i - 1].in_loop)
      return &r->scopes[i - 1];
  return NULL;
}

/* The value of @node's path: the first name is looked up from the
 * innermost scope out, the rest inside what it found. Returns the JSON
 * node it found, if any (a loop counter and a literal have none). */
static JsonNode *
lookup (Render           *r,
        const KtTmplNode *node,
        Value            *v)
{
  const Scope *loop;
  JsonNode *found = NULL;

  memset (v, 0, sizeof *v);
  if (node->literal != NULL)
    {
      v->type = VALUE_STRING;
      v->string = node->literal;
      return NULL;
    }

  switch (node->path_kind)
    {
    case KT_TMPL_PATH_THIS:
      found = r->scopes[r->n_scopes - 1].node;
      value_from_node (v, found);
      return found;
    case KT_TMPL_PATH_INDEX:
    case KT_TMPL_PATH_NUMBER:
    case KT_TMPL_PATH_FIRST:
    case KT_TMPL_PATH_LAST:
      loop = innermost_loop (r);
      if (loop == NULL)
        return NULL;
      v->type = node->path_kind == KT_TMPL_PATH_INDEX ||
                node->path_kind == KT_TMPL_PATH_NUMBER ? VALUE_INT : VALUE_BOOL;
      v->integer = node->path_kind == KT_TMPL_PATH_INDEX ? loop->index
                 : node->path_kind == KT_TMPL_PATH_NUMBER ? loop->index + 1
                 : node->path_kind == KT_TMPL_PATH_FIRST ? loop->index == 0
                 : loop->index + 1 == loop->count;
      return NULL;
    case KT_TMPL_PATH_NAME:
    default:
      break;
    }

  for (guint i = r->n_scopes; i > 0 && found == NULL; i--)
    found = lookup_member (r->scopes[i - 1].node, &node->segments[0]);
  for (guint i = 1; i < node->n_segments && found != NULL; i++)
    found = lookup_member (found, &node->segments[i]);
  value_from_node (v, found);
  return found;
}

static char *
format_date (const char *text,
             const char *lang)
{
  int y, m, d;
  gint64 ms;

  if (!kt_date_parse (text, &y, &m, &d))
    {
      g_autoptr(GDateTime) dt = NULL;

      if (!kt_datetime_parse (text, &ms))
        return NULL;
      dt = g_date_time_new_from_unix_utc (ms / 1000);
      if (dt == NULL)
        return NULL;
      g_date_time_get_ymd (dt, &y, &m, &d);
    }
  if (strcmp (lang, "en") == 0)
    return g_strdup_printf ("%d %s %d", d, months_en[m - 1], y);
  /* Bulgarian documents: "25.11.2026 г.", as render/ prints them. */
  return g_strdup_printf ("%02d.%02d.%04d г.", d, m, y);
}

static void
apply_filter (Render             *r,
              const KtTmplFilter *filter,
              Value              *v)
{
  const char *currency = filter->arg != NULL ? filter->arg : r->currency;
  g_autofree char *text = NULL;
  gint64 minor;

  switch (filter->kind)
    {
    case KT_TMPL_FILTER_DEFAULT:
      if (!value_is_truthy (v) && !(v->type == VALUE_INT || v->type == VALUE_DOUBLE))
        {
          value_clear (v);
          v->type = VALUE_STRING;
          v->string = filter->arg;
        }
      return;
    case KT_TMPL_FILTER_MONEY:
    case KT_TMPL_FILTER_NUMBER:
      if (!value_get_minor (v, &minor))
        break;
      value_take_string (v, filter->kind == KT_TMPL_FILTER_MONEY
                            ? kt_money_format (minor, currency, r->lang)
                            : kt_money_format_number (minor, currency, r->lang));
      return;
    case KT_TMPL_FILTER_WORDS:
    case KT_TMPL_FILTER_WORDS_BG:
    case KT_TMPL_FILTER_WORDS_EN:
      if (!value_get_minor (v, &minor))
        break;
      value_take_string (v, kt_money_in_words (minor, currency,
                                               filter->kind == KT_TMPL_FILTER_WORDS ? r->lang
                                               : filter->kind == KT_TMPL_FILTER_WORDS_BG ? "bg"
                                               : "en"));
      return;
    case KT_TMPL_FILTER_DATE:
      if (v->type != VALUE_STRING)
        break;
      value_take_string (v, format_date (v->string, r->lang));
      return;
    case KT_TMPL_FILTER_UPPER:
    case KT_TMPL_FILTER_LOWER:
      text = value_to_string (v);
      if (text == NULL)
        return;
      if (!g_utf8_validate (text, -1, NULL))
        {
          char *valid = g_utf8_make_valid (text, -1);

          g_free (text);
          text = valid;
        }
      value_take_string (v, filter->kind == KT_TMPL_FILTER_UPPER ? g_utf8_strup (text, -1)
                                                                 : g_utf8_strdown (text, -1));
      return;
    case KT_TMPL_FILTER_RAW:
    default:
      return;
    }

  /* A value the filter cannot read (money of a name, the date of a
   * number) is missing from then on, so | default can still fill in. */
  value_clear (v);
}

static void
render_value (Render           *r,
              const KtTmplNode *node)
{
  Value v;
  g_autofree char *text = NULL;

  lookup (r, node, &v);
  for (guint i = 0; i < node->n_filters; i++)
    apply_filter (r, &node->filters[i], &v);

  text = value_to_string (&v);
  if (text == NULL && r->strict)
    {
      g_autofree char *message =
        v.type == VALUE_NODE ? g_strdup_printf (_("“%s” is a list or a group, not a value to print"),
                                                node->path_text)
                             : g_strdup_printf (_("“%s” has no value"), node->path_text);

      stop (r, node, KT_TMPL_ERROR_MISSING, message);
    }
  if (text != NULL)
    emit (r, node, text, strlen (text), node->raw || r->plain_text);
  value_clear (&v);
}

static void
push_scope (Render   *r,
            JsonNode *node,
            gboolean  in_loop,
            guint     index,
            guint     count)
{
  Scope *scope;

  /* The parser limits nesting to KT_TMPL_MAX_DEPTH, so this holds. */
  g_assert (r->n_scopes < G_N_ELEMENTS (r->scopes));
  scope = &r->scopes[r->n_scopes++];
  scope->node = node;
  scope->in_loop = in_loop;
  scope->index = index;
  scope->count = count;
}

static void
render_section (Render           *r,
                const KtTmplNode *node)
{
  Value v;
  JsonNode *found;
  gboolean truthy;

  found = lookup (r, node, &v);
  truthy = value_is_truthy (&v);

  if (node->kind == KT_TMPL_NODE_INVERTED)
    {
      if (!truthy)
        render_nodes (r, node->children);
    }
  else if (truthy && v.type == VALUE_NODE && JSON_NODE_HOLDS_ARRAY (v.node))
    {
      JsonArray *array = json_node_get_array (v.node);
      guint count = json_array_get_length (array);

      for (guint i = 0; i < count && !r->stopped; i++)
        {
          if (++r->iterations > r->max_iterations)
            {
              g_autofree char *message =
                g_strdup_printf (_("Lists repeat more than %u times in all"), r->max_iterations);

              stop (r, node, KT_TMPL_ERROR_LIMIT, message);
              break;
            }
          push_scope (r, json_array_get_element (array, i), TRUE, i, count);
          render_nodes (r, node->children);
          r->n_scopes--;
        }
    }
  else if (truthy)
    {
      /* A group or a value becomes the scope ({{.}} prints it); a loop
       * counter such as @first has no node and leaves the scope as is. */
      if (found != NULL)
        push_scope (r, found, FALSE, 0, 0);
      render_nodes (r, node->children);
      if (found != NULL)
        r->n_scopes--;
    }
  value_clear (&v);
}

static void
render_nodes (Render    *r,
              GPtrArray *nodes)
{
  for (guint i = 0; i < nodes->len && !r->stopped; i++)
    {
      const KtTmplNode *node = g_ptr_array_index (nodes, i);

      switch (node->kind)
        {
        case KT_TMPL_NODE_TEXT:
          emit (r, node, node->text, node->length, TRUE);
          break;
        case KT_TMPL_NODE_VALUE:
          render_value (r, node);
          break;
        case KT_TMPL_NODE_SECTION:
        case KT_TMPL_NODE_INVERTED:
          render_section (r, node);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static const char *
context_string (JsonObject *context,
                const char *member)
{
  JsonNode *node = context != NULL ? json_object_get_member (context, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
kt_tmpl_render (const KtTmpl               *tmpl,
                JsonObject                 *context,
                const KtTmplRenderOptions  *options,
                GPtrArray                 **errors)
{
  static const KtTmplRenderOptions defaults = { 0 };
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_tmpl_error_free);
  g_autoptr(JsonNode) root = NULL;
  const char *lang, *currency;
  Render *r;
  char *text;

  g_return_val_if_fail (tmpl != NULL, NULL);

  if (errors != NULL)
    *errors = NULL;
  if (options == NULL)
    options = &defaults;

  lang = options->language != NULL ? options->language : context_string (context, "language");
  currency = options->currency != NULL ? options->currency : context_string (context, "currency");

  r = g_new0 (Render, 1);
  r->lang = lang != NULL && g_str_has_prefix (lang, "en") ? "en" : "bg";
  r->currency = currency != NULL && kt_currency_is_valid (currency) ? currency : KT_DEFAULT_CURRENCY;
  r->strict = options->strict;
  r->plain_text = options->plain_text;
  r->max_output = options->max_output > 0 ? options->max_output : KT_TMPL_MAX_OUTPUT;
  r->max_iterations = options->max_iterations > 0 ? options->max_iterations
                                                  : KT_TMPL_MAX_ITERATIONS;
  r->out = g_string_sized_new (strlen (tmpl->source) + 256);
  r->errors = found;

  if (context != NULL)
    {
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (root, context);
    }
  push_scope (r, root, FALSE, 0, 0);
  render_nodes (r, tmpl->nodes);

  text = g_string_free (r->out, found->len > 0);
  g_free (r);
  if (found->len > 0 && errors != NULL)
    *errors = g_steal_pointer (&found);
  return text;
}

void
kt_tmpl_escape_markup (GString    *out,
                       const char *text,
                       gssize      length)
{
  const char *end, *run;

  if (length < 0)
    length = strlen (text);
  end = text + length;

  /* Runs without a special character are copied whole: most values
   * have none. */
  for (run = text; text < end; text++)
    {
      const char *entity;

      switch (*text)
        {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }
      g_string_append_len (out, run, text - run);
      g_string_append (out, entity);
      run = text + 1;
    }
  g_string_append_len (out, run, end - run);
}
