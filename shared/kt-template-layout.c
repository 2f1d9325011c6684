/* kt-template-layout.c: a document template's "layout" field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-template-layout"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "kt-error.h"
#include "kt-json-guard.h"
#include "kt-record.h"
#include "kt-template-layout.h"

static const char * const block_names[] = {
  "parties", "items", "vat", "totals", "words", "qr", "notes", "body", "signatures", "text",
};
G_STATIC_ASSERT (G_N_ELEMENTS (block_names) == KT_TEMPLATE_N_BLOCKS);

static const char * const column_names[] = {
  "position", "description", "quantity", "unit", "unit_price", "discount", "vat", "amount",
};
G_STATIC_ASSERT (G_N_ELEMENTS (column_names) == KT_TEMPLATE_N_COLUMNS);

static const char * const style_names[] = { "classic", "modern", "minimal", NULL };
static const char * const page_names[] = { "A4", "Letter", "A5", NULL };
static const char * const align_names[] = { "left", "center", "right", NULL };

const char *
kt_template_block_kind_to_string (KtTemplateBlockKind kind)
{
  return (guint) kind < KT_TEMPLATE_N_BLOCKS ? block_names[kind] : NULL;
}

const char *
kt_template_column_kind_to_string (KtTemplateColumnKind kind)
{
  return (guint) kind < KT_TEMPLATE_N_COLUMNS ? column_names[kind] : NULL;
}

const char *
kt_template_style_to_string (KtTemplateStyle style)
{
  return (guint) style < G_N_ELEMENTS (style_names) - 1 ? style_names[style] : NULL;
}

const char *
kt_template_page_size_to_string (KtTemplatePageSize size)
{
  return (guint) size < G_N_ELEMENTS (page_names) - 1 ? page_names[size] : NULL;
}

/* ---- Defaults ----------------------------------------------------------- */

/* The classic columns, widths in mm (the render's points / 72 * 25.4,
 * rounded to what reads well). */
static const KtTemplateColumn classic_columns[] = {
  { KT_TEMPLATE_COLUMN_POSITION, 7.0, KT_TEMPLATE_ALIGN_RIGHT },
  { KT_TEMPLATE_COLUMN_DESCRIPTION, 0, KT_TEMPLATE_ALIGN_LEFT },
  { KT_TEMPLATE_COLUMN_QUANTITY, 14.0, KT_TEMPLATE_ALIGN_RIGHT },
  { KT_TEMPLATE_COLUMN_UNIT, 13.5, KT_TEMPLATE_ALIGN_LEFT },
  { KT_TEMPLATE_COLUMN_UNIT_PRICE, 20.0, KT_TEMPLATE_ALIGN_RIGHT },
  { KT_TEMPLATE_COLUMN_DISCOUNT, 12.5, KT_TEMPLATE_ALIGN_RIGHT },
  { KT_TEMPLATE_COLUMN_VAT, 11.5, KT_TEMPLATE_ALIGN_RIGHT },
  { KT_TEMPLATE_COLUMN_AMOUNT, 22.5, KT_TEMPLATE_ALIGN_RIGHT },
};

static const KtTemplateBlockKind default_blocks[] = {
  KT_TEMPLATE_BLOCK_PARTIES,
  KT_TEMPLATE_BLOCK_ITEMS,
  KT_TEMPLATE_BLOCK_VAT,
  KT_TEMPLATE_BLOCK_TOTALS,
  KT_TEMPLATE_BLOCK_WORDS,
  KT_TEMPLATE_BLOCK_QR,
  KT_TEMPLATE_BLOCK_NOTES,
  KT_TEMPLATE_BLOCK_BODY,
  KT_TEMPLATE_BLOCK_SIGNATURES,
};

KtTemplateLayout *
kt_template_layout_new_default (KtTemplateStyle style)
{
  KtTemplateLayout *l = g_new0 (KtTemplateLayout, 1);

  l->style = style;
  l->page_size = KT_TEMPLATE_PAGE_A4;
  l->margin_top = 14;
  l->margin_right = 15;
  l->margin_bottom = 16;
  l->margin_left = 15;
  l->font_size = 8.5;
  l->small_size = 7.5;
  l->title_size = 20;
  l->total_size = 11;
  l->text_color = l->muted_color = l->rule_color = l->fill_color = l->stripe_color = -1;
  l->logo_width = 55;
  l->logo_height = 17;
  memcpy (l->columns, classic_columns, sizeof classic_columns);
  l->n_columns = G_N_ELEMENTS (classic_columns);
  l->n_blocks = G_N_ELEMENTS (default_blocks);
  l->blocks = g_new0 (KtTemplateBlock, l->n_blocks);
  for (guint i = 0; i < l->n_blocks; i++)
    l->blocks[i].kind = default_blocks[i];
  l->page_numbers = TRUE;
  return l;
}

KtTemplateLayout *
kt_template_layout_copy (const KtTemplateLayout *layout)
{
  KtTemplateLayout *l = g_memdup2 (layout, sizeof *layout);

  l->language = g_strdup (layout->language);
  l->blocks = g_memdup2 (layout->blocks, sizeof (KtTemplateBlock) * layout->n_blocks);
  for (guint i = 0; i < l->n_blocks; i++)
    l->blocks[i].text = g_strdup (layout->blocks[i].text);
  return l;
}

void
kt_template_layout_free (KtTemplateLayout *layout)
{
  if (layout == NULL)
    return;
  for (guint i = 0; i < layout->n_blocks; i++)
    g_free (layout->blocks[i].text);
  g_free (layout->blocks);
  g_free (layout->language);
  g_free (layout);
}

/* ---- Parsing ------------------------------------------------------------ */

static gboolean
fail (GError    **error,
      const char *path,
      const char *message)
{
  kt_record_set_field_error (error, "layout", "%s: %s", path, message);
  return FALSE;
}

static int
lookup (const char * const *names,
        guint               n,
        const char         *name)
{
  for (guint i = 0; i < n && names[i] != NULL; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return (int) i;
  return -1;
}

/* Members of @object that @allowed (NULL-terminated) does not name are an
 * error: a misspelt "colour" would otherwise do nothing, silently. */
static gboolean
check_members (JsonObject         *object,
               const char         *path,
               const char * const *allowed,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *m = members; m != NULL; m = m->next)
    if (!g_strv_contains (allowed, m->data))
      {
        g_autofree char *at = *path != '\0' ? g_strdup_printf ("%s.%s", path, (char *) m->data)
                                            : g_strdup (m->data);

        return fail (error, at, _("not a member of a layout"));
      }
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *parent,
            const char  *member,
            const char  *path,
            gboolean    *ok,
            GError     **error)
{
  JsonNode *node = json_object_get_member (parent, member);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *ok = fail (error, path, _("must be an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

static const char *
get_string (JsonObject  *parent,
            const char  *member,
            const char  *path,
            gboolean    *ok,
            GError     **error)
{
  JsonNode *node = json_object_get_member (parent, member);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = fail (error, path, _("must be text"));
      return NULL;
    }
  return json_node_get_string (node);
}

/* A number in [@min, @max] into *@out, when the member is there. */
static gboolean
get_number (JsonObject  *parent,
            const char  *member,
            const char  *path,
            double       min,
            double       max,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (parent, member);
  double v;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    return fail (error, path, _("must be a number"));
  v = json_node_get_double (node);
  if (!isfinite (v) || v < min || v > max)
    {
      g_autofree char *msg = g_strdup_printf (_("must be between %g and %g"), min, max);

      return fail (error, path, msg);
    }
  *out = v;
  return TRUE;
}

static gboolean
get_enum (JsonObject         *parent,
          const char         *member,
          const char         *path,
          const char * const *names,
          guint               n,
          int                *out,
          GError            **error)
{
  gboolean ok = TRUE;
  const char *s = get_string (parent, member, path, &ok, error);
  int v;

  if (!ok || s == NULL)
    return ok;
  v = lookup (names, n, s);
  if (v < 0)
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not one of the choices"), s);

      return fail (error, path, msg);
    }
  *out = v;
  return TRUE;
}

static gboolean
parse_color (const char *s,
             gint64     *out)
{
  if (s == NULL || s[0] != '#' || strlen (s) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  *out = (gint64) g_ascii_strtoull (s + 1, NULL, 16);
  return TRUE;
}

static gboolean
parse_page (JsonObject       *page,
            KtTemplateLayout *l,
            GError          **error)
{
  static const char * const members[] = { "size", "margins", NULL };
  static const char * const margins_members[] = { "top", "right", "bottom", "left", NULL };
  gboolean ok = TRUE;
  int size = l->page_size;
  JsonObject *margins;

  if (!check_members (page, "page", members, error) ||
      !get_enum (page, "size", "page.size", page_names, 3, &size, error))
    return FALSE;
  l->page_size = size;
  margins = get_object (page, "margins", "page.margins", &ok, error);
  if (!ok)
    return FALSE;
  if (margins == NULL)
    return TRUE;
  /* At most 50 mm a side: an A5 page still has room for the table. */
  return check_members (margins, "page.margins", margins_members, error) &&
         get_number (margins, "top", "page.margins.top", 0, 50, &l->margin_top, error) &&
         get_number (margins, "right", "page.margins.right", 0, 50, &l->margin_right, error) &&
         get_number (margins, "bottom", "page.margins.bottom", 0, 50, &l->margin_bottom, error) &&
         get_number (margins, "left", "page.margins.left", 0, 50, &l->margin_left, error);
}

static gboolean
parse_colors (JsonObject       *colors,
              KtTemplateLayout *l,
              GError          **error)
{
  static const char * const members[] = { "text", "muted", "rule", "fill", "stripe", NULL };
  gint64 *slots[] = { &l->text_color, &l->muted_color, &l->rule_color, &l->fill_color,
                      &l->stripe_color };

  if (!check_members (colors, "colors", members, error))
    return FALSE;
  for (guint i = 0; members[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("colors.%s", members[i]);
      gboolean ok = TRUE;
      const char *s = get_string (colors, members[i], path, &ok, error);

      if (!ok)
        return FALSE;
      if (s != NULL && !parse_color (s, slots[i]))
        {
          g_autofree char *msg = g_strdup_printf (_("“%s” is not a color such as #1c71d8"), s);

          return fail (error, path, msg);
        }
    }
  return TRUE;
}

static gboolean
parse_columns (JsonArray        *columns,
               KtTemplateLayout *l,
               GError          **error)
{
  static const char * const members[] = { "kind", "width", "align", NULL };
  guint n = json_array_get_length (columns);
  gboolean seen[KT_TEMPLATE_N_COLUMNS] = { FALSE };
  double fixed = 0;

  if (n == 0 || n > KT_TEMPLATE_LAYOUT_MAX_COLUMNS)
    return fail (error, "columns", _("must list from one to eight columns"));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (columns, i);
      g_autofree char *path = g_strdup_printf ("columns[%u]", i);
      g_autofree char *kind_path = g_strdup_printf ("columns[%u].kind", i);
      g_autofree char *width_path = g_strdup_printf ("columns[%u].width", i);
      g_autofree char *align_path = g_strdup_printf ("columns[%u].align", i);
      KtTemplateColumn *c = &l->columns[i];
      JsonObject *o;
      int kind = -1, align = KT_TEMPLATE_ALIGN_LEFT;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, path, _("must be an object"));
      o = json_node_get_object (node);
      if (!check_members (o, path, members, error) ||
          !get_enum (o, "kind", kind_path, column_names, KT_TEMPLATE_N_COLUMNS, &kind, error))
        return FALSE;
      if (kind < 0)
        return fail (error, kind_path, _("is missing"));
      if (seen[kind])
        return fail (error, kind_path, _("is there twice"));
      seen[kind] = TRUE;
      c->kind = kind;
      c->width = 0;
      /* Money and numbers read best right-aligned: that is the default. */
      if (kind != KT_TEMPLATE_COLUMN_DESCRIPTION && kind != KT_TEMPLATE_COLUMN_UNIT)
        align = KT_TEMPLATE_ALIGN_RIGHT;
      if (!get_number (o, "width", width_path, 0, 200, &c->width, error) ||
          !get_enum (o, "align", align_path, align_names, 3, &align, error))
        return FALSE;
      c->align = align;
      fixed += c->width;
    }
  /* The narrowest page (A5, 105 mm of content with no margins) less a
   * little for the flexible columns. */
  if (fixed > 190)
    return fail (error, "columns", _("the widths add up to more than 190 mm"));
  l->n_columns = n;
  return TRUE;
}

static gboolean
parse_blocks (JsonArray        *blocks,
              KtTemplateLayout *l,
              GError          **error)
{
  static const char * const members[] = { "kind", "text", NULL };
  guint n = json_array_get_length (blocks);

  if (n > KT_TEMPLATE_LAYOUT_MAX_BLOCKS)
    return fail (error, "blocks", _("must list at most 40 blocks"));
  for (guint i = 0; i < l->n_blocks; i++)
    g_free (l->blocks[i].text);
  g_free (l->blocks);
  l->blocks = g_new0 (KtTemplateBlock, MAX (n, 1));
  l->n_blocks = 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (blocks, i);
      g_autofree char *path = g_strdup_printf ("blocks[%u]", i);
      g_autofree char *kind_path = g_strdup_printf ("blocks[%u].kind", i);
      g_autofree char *text_path = g_strdup_printf ("blocks[%u].text", i);
      KtTemplateBlock *b = &l->blocks[i];
      JsonObject *o;
      int kind = -1;
      gboolean ok = TRUE;
      const char *text;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, path, _("must be an object"));
      o = json_node_get_object (node);
      if (!check_members (o, path, members, error) ||
          !get_enum (o, "kind", kind_path, block_names, KT_TEMPLATE_N_BLOCKS, &kind, error))
        return FALSE;
      if (kind < 0)
        return fail (error, kind_path, _("is missing"));
      text = get_string (o, "text", text_path, &ok, error);
      if (!ok)
        return FALSE;
      if (kind == KT_TEMPLATE_BLOCK_TEXT && text == NULL)
        return fail (error, text_path, _("is missing"));
      if (kind != KT_TEMPLATE_BLOCK_TEXT && text != NULL)
        return fail (error, text_path, _("only a text block has a text"));
      b->kind = kind;
      b->text = g_strdup (text);
      l->n_blocks++;
    }
  return TRUE;
}

static gboolean
parse_root (JsonObject       *root,
            KtTemplateLayout *l,
            GError          **error)
{
  static const char * const members[] = {
    "version", "style", "language", "page", "fonts", "colors", "logo", "columns", "blocks",
    "footer", NULL
  };
  static const char * const font_members[] = { "size", "small", "title", "total", NULL };
  static const char * const logo_members[] = { "width", "height", NULL };
  static const char * const footer_members[] = { "page_numbers", NULL };
  static const char * const languages[] = { "bg", "en", NULL };
  gboolean ok = TRUE;
  double version = KT_TEMPLATE_LAYOUT_VERSION;
  int style = l->style, lang = -1;
  JsonObject *o;
  JsonNode *node;

  if (!check_members (root, "", members, error) ||
      !get_number (root, "version", "version", 1, KT_TEMPLATE_LAYOUT_VERSION, &version, error) ||
      !get_enum (root, "style", "style", style_names, 3, &style, error) ||
      !get_enum (root, "language", "language", languages, 2, &lang, error))
    return FALSE;
  l->style = style;
  if (lang >= 0)
    l->language = g_strdup (languages[lang]);

  if ((o = get_object (root, "page", "page", &ok, error)) != NULL && !parse_page (o, l, error))
    return FALSE;
  if (!ok)
    return FALSE;

  if ((o = get_object (root, "fonts", "fonts", &ok, error)) != NULL &&
      !(check_members (o, "fonts", font_members, error) &&
        get_number (o, "size", "fonts.size", 5, 16, &l->font_size, error) &&
        get_number (o, "small", "fonts.small", 5, 16, &l->small_size, error) &&
        get_number (o, "title", "fonts.title", 8, 40, &l->title_size, error) &&
        get_number (o, "total", "fonts.total", 6, 24, &l->total_size, error)))
    return FALSE;
  if (!ok)
    return FALSE;

  if ((o = get_object (root, "colors", "colors", &ok, error)) != NULL &&
      !parse_colors (o, l, error))
    return FALSE;
  if (!ok)
    return FALSE;

  if ((o = get_object (root, "logo", "logo", &ok, error)) != NULL &&
      !(check_members (o, "logo", logo_members, error) &&
        get_number (o, "width", "logo.width", 5, 120, &l->logo_width, error) &&
        get_number (o, "height", "logo.height", 5, 60, &l->logo_height, error)))
    return FALSE;
  if (!ok)
    return FALSE;

  if ((o = get_object (root, "footer", "footer", &ok, error)) != NULL)
    {
      JsonNode *pn;

      if (!check_members (o, "footer", footer_members, error))
        return FALSE;
      pn = json_object_get_member (o, "page_numbers");
      if (pn != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (pn) || json_node_get_value_type (pn) != G_TYPE_BOOLEAN)
            return fail (error, "footer.page_numbers", _("must be true or false"));
          l->page_numbers = json_node_get_boolean (pn);
        }
    }
  if (!ok)
    return FALSE;

  if ((node = json_object_get_member (root, "columns")) != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (error, "columns", _("must be a list"));
      if (!parse_columns (json_node_get_array (node), l, error))
        return FALSE;
    }
  if ((node = json_object_get_member (root, "blocks")) != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (error, "blocks", _("must be a list"));
      if (!parse_blocks (json_node_get_array (node), l, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * kt_template_layout_parse:
 * @json: (nullable): the "layout" field
 * @length: its length in bytes, -1 when NUL-terminated
 * @error: KT_ERROR_INVALID with the field "layout"
 *
 * Returns: (transfer full) (nullable): the layout
 */
KtTemplateLayout *
kt_template_layout_parse (const char *json,
                          gssize      length,
                          GError    **error)
{
  g_autoptr(KtTemplateLayout) l = kt_template_layout_new_default (KT_TEMPLATE_STYLE_CLASSIC);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root;
  gsize len;

  if (json == NULL)
    return g_steal_pointer (&l);
  len = length < 0 ? strlen (json) : (gsize) length;
  if (len == 0)
    return g_steal_pointer (&l);
  if (len > KT_TEMPLATE_LAYOUT_MAX_SIZE)
    {
      kt_record_set_field_error (error, "layout", _("The layout is larger than 128 KiB"));
      return NULL;
    }
  /* Bounded before the recursive parser sees it; a layout has a few
   * hundred values, text blocks included. */
  if (!g_utf8_validate (json, len, NULL) ||
      !kt_json_guard_check_full (json, len, KT_TEMPLATE_LAYOUT_MAX_DEPTH, 4000, &local))
    {
      kt_record_set_field_error (error, "layout", _("The layout is not valid JSON: %s"),
                                 local != NULL ? local->message : _("it is not UTF-8"));
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, len, &local))
    {
      kt_record_set_field_error (error, "layout", _("The layout is not valid JSON: %s"),
                                 local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      kt_record_set_field_error (error, "layout", _("The layout must be a JSON object"));
      return NULL;
    }
  /* The style's own defaults first, then what the layout says. */
  {
    JsonNode *style = json_object_get_member (json_node_get_object (root), "style");

    if (style != NULL && JSON_NODE_HOLDS_VALUE (style) &&
        json_node_get_value_type (style) == G_TYPE_STRING)
      {
        int s = lookup (style_names, 3, json_node_get_string (style));

        if (s >= 0)
          {
            kt_template_layout_free (l);
            l = kt_template_layout_new_default (s);
          }
      }
  }
  if (!parse_root (json_node_get_object (root), l, error))
    return NULL;
  return g_steal_pointer (&l);
}

static void
add_color (JsonBuilder *b,
           const char  *name,
           gint64       color)
{
  g_autofree char *s = NULL;

  if (color < 0)
    return;
  s = g_strdup_printf ("#%06x", (guint) color);
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, s);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, v);
}

char *
kt_template_layout_to_json (const KtTemplateLayout *l)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, KT_TEMPLATE_LAYOUT_VERSION);
  json_builder_set_member_name (b, "style");
  json_builder_add_string_value (b, style_names[l->style]);
  if (l->language != NULL)
    {
      json_builder_set_member_name (b, "language");
      json_builder_add_string_value (b, l->language);
    }

  json_builder_set_member_name (b, "page");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "size");
  json_builder_add_string_value (b, page_names[l->page_size]);
  json_builder_set_member_name (b, "margins");
  json_builder_begin_object (b);
  add_number (b, "top", l->margin_top);
  add_number (b, "right", l->margin_right);
  add_number (b, "bottom", l->margin_bottom);
  add_number (b, "left", l->margin_left);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "fonts");
  json_builder_begin_object (b);
  add_number (b, "size", l->font_size);
  add_number (b, "small", l->small_size);
  add_number (b, "title", l->title_size);
  add_number (b, "total", l->total_size);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "colors");
  json_builder_begin_object (b);
  add_color (b, "text", l->text_color);
  add_color (b, "muted", l->muted_color);
  add_color (b, "rule", l->rule_color);
  add_color (b, "fill", l->fill_color);
  add_color (b, "stripe", l->stripe_color);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "logo");
  json_builder_begin_object (b);
  add_number (b, "width", l->logo_width);
  add_number (b, "height", l->logo_height);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->n_columns; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, column_names[l->columns[i].kind]);
      add_number (b, "width", l->columns[i].width);
      json_builder_set_member_name (b, "align");
      json_builder_add_string_value (b, align_names[l->columns[i].align]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "blocks");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->n_blocks; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, block_names[l->blocks[i].kind]);
      if (l->blocks[i].text != NULL)
        {
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, l->blocks[i].text);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "footer");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "page_numbers");
  json_builder_add_boolean_value (b, l->page_numbers);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}
