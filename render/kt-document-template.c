/* kt-document-template.c: a document_template record compiled for the
 * renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-document-template"

#include "config.h"

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "kt-document-template.h"
#include "kt-render-resources.h"
#include "kt-template.h"
#include "kt-tmpl-vars.h"

#define MM(x) ((x) * 72.0 / 25.4)

struct _KtDocumentTemplate {
  gatomicrefcount   ref_count;
  KtDocumentLayout  layout;
  KtTemplateLayout *spec;
  /* What the layout points into. */
  KtDocumentColumn *columns;
  KtDocumentBlock  *blocks;
  GPtrArray        *tmpls;           /* KtTmpl, owned */
  char             *font_family;
  char             *name;
  char             *version;
};

/* The style's colours: text, muted, accent, rule, fill, stripe. */
static const guint32 style_colors[][6] = {
  [KT_TEMPLATE_STYLE_CLASSIC] = { 0x1c2430, 0x5f6b7a, 0x1f4e79, 0xc5ccd6, 0xe9eef4, 0xf6f8fa },
  [KT_TEMPLATE_STYLE_MODERN] = { 0x202124, 0x6b7280, 0x0f766e, 0xd1d5db, 0xecfdf5, 0xf9fafb },
  [KT_TEMPLATE_STYLE_MINIMAL] = { 0x111111, 0x6e6e6e, 0x111111, 0xbdbdbd, 0xffffff, 0xffffff },
};

static const struct {
  double width, height;
} page_sizes[] = {
  [KT_TEMPLATE_PAGE_A4] = { 595.276, 841.890 },
  [KT_TEMPLATE_PAGE_LETTER] = { 612, 792 },
  [KT_TEMPLATE_PAGE_A5] = { 419.528, 595.276 },
};

void
kt_document_template_error_free (KtDocumentTemplateError *error)
{
  if (error == NULL)
    return;
  g_free (error->field);
  g_free (error->path);
  g_free (error->message);
  g_free (error);
}

static void
add_error (GPtrArray  *errors,
           const char *field,
           const char *path,
           guint       line,
           guint       column,
           const char *message)
{
  KtDocumentTemplateError *e = g_new0 (KtDocumentTemplateError, 1);

  e->field = g_strdup (field);
  e->path = g_strdup (path);
  e->line = line;
  e->column = column;
  e->message = g_strdup (message);
  g_ptr_array_add (errors, e);
}

/* The catalogue and, for the footer, the page it is printed on. */
static const KtTmplVariable *
footer_variables (void)
{
  static KtTmplVariable *table;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      const KtTmplVariable *vars = kt_tmpl_variables ();
      guint n = 0;
      KtTmplVariable *t;

      while (vars[n].key != NULL)
        n++;
      t = g_new0 (KtTmplVariable, n + 3);
      memcpy (t, vars, n * sizeof *t);
      t[n] = (KtTmplVariable) { "page", N_("Number of the page"), "1" };
      t[n + 1] = (KtTmplVariable) { "pages", N_("Number of pages"), "2" };
      table = t;
      g_once_init_leave (&once, 1);
    }
  return table;
}

/* Parses @text of @field (and @path) against the catalogue; NULL for an
 * empty text or on errors, which go into @errors with their places. */
static KtTmpl *
compile_text (KtDocumentTemplate *t,
              GPtrArray          *errors,
              const char         *field,
              const char         *path,
              const char         *text)
{
  g_autoptr(GPtrArray) tmpl_errors = NULL;
  KtTmpl *tmpl;

  if (text == NULL || *text == '\0')
    return NULL;
  tmpl = kt_tmpl_parse (text, -1,
                        g_strcmp0 (field, "footer") == 0 ? footer_variables () : kt_tmpl_variables (),
                        &tmpl_errors);
  if (tmpl == NULL)
    {
      for (guint i = 0; tmpl_errors != NULL && i < tmpl_errors->len; i++)
        {
          KtTmplError *e = g_ptr_array_index (tmpl_errors, i);

          add_error (errors, field, path, e->line, e->column, e->message);
        }
      return NULL;
    }
  g_ptr_array_add (t->tmpls, tmpl);
  return tmpl;
}

/* Whether @family is installed and draws Cyrillic: documents are in
 * Bulgarian, and a font without it would fall back glyph by glyph to
 * whatever fontconfig finds, different on every machine. */
static gboolean
font_has_cyrillic (const char *family)
{
  static GMutex lock;
  static GHashTable *known;      /* family → GINT_TO_POINTER (1 + answer) */
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  g_autoptr(GObject) context = NULL;
  g_autoptr(PangoFont) font = NULL;
  PangoFontDescription *desc;
  PangoFontFamily **families = NULL;
  gboolean found = FALSE, answer = FALSE;
  int n = 0;
  gpointer cached;

  g_mutex_lock (&lock);
  if (known == NULL)
    known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cached = g_hash_table_lookup (known, family);
  g_mutex_unlock (&lock);
  if (cached != NULL)
    return GPOINTER_TO_INT (cached) - 1;

  pango_font_map_list_families (map, &families, &n);
  for (int i = 0; i < n && !found; i++)
    found = g_ascii_strcasecmp (pango_font_family_get_name (families[i]), family) == 0;
  g_free (families);
  if (found)
    {
      context = G_OBJECT (pango_font_map_create_context (map));
      desc = pango_font_description_new ();
      pango_font_description_set_family (desc, family);
      pango_font_description_set_absolute_size (desc, 10 * PANGO_SCALE);
      font = pango_font_map_load_font (map, PANGO_CONTEXT (context), desc);
      pango_font_description_free (desc);
      /* Ж, щ and ъ: capitals, and two letters Russian-only fonts lack
       * nothing of, but Latin fonts with a few Cyrillic do. */
      answer = font != NULL && pango_font_has_char (font, 0x0416) &&
               pango_font_has_char (font, 0x0449) && pango_font_has_char (font, 0x044a);
    }
  g_mutex_lock (&lock);
  g_hash_table_replace (known, g_strdup (family), GINT_TO_POINTER (1 + answer));
  g_mutex_unlock (&lock);
  return answer;
}

/* ---- The logo ----------------------------------------------------------- */

typedef struct {
  double  box_width, box_height;     /* points */
  gboolean too_large;
} LogoSize;

/* Asks the loader for the size the logo prints at, at 300 dpi: an SVG
 * is drawn at it, a large bitmap scaled down to it. */
static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         data)
{
  LogoSize *size = data;
  g_autofree char *format = NULL;
  double scale;

  if (width <= 0 || height <= 0)
    return;
  if (width > KT_DOCUMENT_TEMPLATE_MAX_LOGO_PIXELS * 4 ||
      height > KT_DOCUMENT_TEMPLATE_MAX_LOGO_PIXELS * 4)
    {
      size->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  scale = MIN (size->box_width * 300 / 72 / width, size->box_height * 300 / 72 / height);
  /* A bitmap is not scaled up (it would only blur); an SVG is. The
   * format's name is a copy, ours to free. */
  format = gdk_pixbuf_format_get_name (gdk_pixbuf_loader_get_format (loader));
  if (scale < 1 || g_strcmp0 (format, "svg") == 0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale)),
                                MAX (1, (int) (height * scale)));
}

static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *src = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  guchar *dst;
  int dst_stride;

  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    {
      const guchar *s = src + y * src_stride;
      guint32 *d = (guint32 *) (dst + y * dst_stride);

      for (int x = 0; x < w; x++, s += channels)
        {
          guint a = channels == 4 ? s[3] : 255;
          /* Cairo wants premultiplied alpha. */
          guint r = (s[0] * a + 127) / 255, g = (s[1] * a + 127) / 255, b = (s[2] * a + 127) / 255;

          d[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* The "logo" field, a data: URL of a PNG, JPEG or SVG, as an image
 * scaled to the layout's box; NULL with a message in @errors otherwise. */
static cairo_surface_t *
load_logo (const char *uri,
           double      box_width,
           double      box_height,
           GPtrArray  *errors)
{
  static const char * const types[] = { "image/png", "image/jpeg", "image/svg+xml", NULL };
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *data = NULL;
  g_autofree char *mime = NULL;
  const char *comma, *semi;
  LogoSize size = { box_width, box_height, FALSE };
  GdkPixbuf *pixbuf;
  gsize len = 0;

  comma = strchr (uri, ',');
  semi = comma != NULL ? g_strstr_len (uri, comma - uri, ";base64") : NULL;
  if (!g_str_has_prefix (uri, "data:") || comma == NULL || semi == NULL)
    {
      add_error (errors, "logo", NULL, 0, 0, _("The logo must be an image as a data: URL"));
      return NULL;
    }
  mime = g_ascii_strdown (uri + 5, semi - uri - 5);
  if (!g_strv_contains (types, mime))
    {
      add_error (errors, "logo", NULL, 0, 0, _("The logo must be a PNG, JPEG or SVG image"));
      return NULL;
    }
  /* base64 is 4 characters for 3 bytes: refuse before decoding. */
  if (strlen (comma + 1) / 4 * 3 > KT_DOCUMENT_TEMPLATE_MAX_LOGO_BYTES)
    {
      add_error (errors, "logo", NULL, 0, 0, _("The logo is larger than 384 KiB"));
      return NULL;
    }
  data = g_base64_decode (comma + 1, &len);
  loader = gdk_pixbuf_loader_new_with_mime_type (mime, &error);
  if (loader != NULL)
    {
      g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &size);
      if (gdk_pixbuf_loader_write (loader, data, len, &error))
        gdk_pixbuf_loader_close (loader, &error);
      else
        gdk_pixbuf_loader_close (loader, NULL);
    }
  if (size.too_large)
    {
      add_error (errors, "logo", NULL, 0, 0, _("The logo is larger than 16384 pixels a side"));
      return NULL;
    }
  pixbuf = loader != NULL && error == NULL ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("The logo cannot be read: %s"),
                                              error != NULL ? error->message : _("no image"));

      add_error (errors, "logo", NULL, 0, 0, msg);
      return NULL;
    }
  return surface_from_pixbuf (pixbuf);
}

/* ---- Compiling ---------------------------------------------------------- */

static void
make_version (KtDocumentTemplate *t,
              const char         *header,
              const char         *body,
              const char         *footer,
              const char         *accent,
              const char         *logo)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *json = kt_template_layout_to_json (t->spec);
  const char *parts[] = { KT_DOCUMENT_RENDER_VERSION, json, header, body, footer, accent,
                          t->font_family, logo };

  /* Each part with its length, so that moving text between two fields
   * changes the digest too. */
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *len = g_strdup_printf ("%zu:", parts[i] != NULL ? strlen (parts[i]) : 0);

      g_checksum_update (sum, (const guchar *) len, -1);
      if (parts[i] != NULL)
        g_checksum_update (sum, (const guchar *) parts[i], -1);
    }
  t->version = g_strndup (g_checksum_get_string (sum), 16);
}

static gboolean
parse_accent (const char *text,
              guint32    *out)
{
  if (text == NULL || text[0] != '#' || strlen (text) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  *out = (guint32) g_ascii_strtoull (text + 1, NULL, 16);
  return TRUE;
}

/**
 * kt_document_template_new_full:
 *
 * Returns: (transfer full) (nullable): the template, %NULL on errors
 */
KtDocumentTemplate *
kt_document_template_new_full (const KtTemplateLayout *spec,
                               const char             *header,
                               const char             *body,
                               const char             *footer,
                               const char             *accent_color,
                               const char             *font_family,
                               const char             *logo,
                               GPtrArray             **errors)
{
  g_autoptr(KtDocumentTemplate) t = g_new0 (KtDocumentTemplate, 1);
  g_autoptr(GPtrArray) errs = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_document_template_error_free);
  const KtDocumentLayout *classic = kt_document_layout_classic ();
  KtDocumentLayout *L = &t->layout;
  const guint32 *colors;
  double content_width;

  g_return_val_if_fail (spec != NULL, NULL);

  g_atomic_ref_count_init (&t->ref_count);
  t->spec = kt_template_layout_copy (spec);
  t->tmpls = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_tmpl_free);
  t->font_family = g_strdup (font_family != NULL && *font_family != '\0'
                             ? font_family : classic->font_family);
  t->name = g_strdup (kt_template_style_to_string (spec->style));
  colors = style_colors[spec->style];

  /* The classic layout's labels and QR size; the rest from the spec. */
  *L = *classic;
  L->name = t->name;
  L->style = (KtDocumentStyle) spec->style;
  L->page_width = page_sizes[spec->page_size].width;
  L->page_height = page_sizes[spec->page_size].height;
  L->margin_top = MM (spec->margin_top);
  L->margin_right = MM (spec->margin_right);
  L->margin_bottom = MM (spec->margin_bottom);
  L->margin_left = MM (spec->margin_left);
  L->font_family = t->font_family;
  L->font_size = spec->font_size;
  L->small_size = spec->small_size;
  L->title_size = spec->title_size;
  L->total_size = spec->total_size;
  L->text_color = spec->text_color >= 0 ? (guint32) spec->text_color : colors[0];
  L->muted_color = spec->muted_color >= 0 ? (guint32) spec->muted_color : colors[1];
  L->accent_color = colors[2];
  L->rule_color = spec->rule_color >= 0 ? (guint32) spec->rule_color : colors[3];
  L->fill_color = spec->fill_color >= 0 ? (guint32) spec->fill_color : colors[4];
  L->stripe_color = spec->stripe_color >= 0 ? (guint32) spec->stripe_color : colors[5];
  L->logo_width = MM (spec->logo_width);
  L->logo_height = MM (spec->logo_height);
  /* The copy's: the caller's spec may go once this returns. */
  L->language = t->spec->language;
  L->no_page_numbers = !spec->page_numbers;

  if (accent_color != NULL && *accent_color != '\0' && !parse_accent (accent_color, &L->accent_color))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not a color such as #1c71d8"), accent_color);

      add_error (errs, "primary_color", NULL, 0, 0, msg);
    }
  if (!font_has_cyrillic (t->font_family))
    {
      g_autofree char *msg = g_strdup_printf (_("The font “%s” is not installed or has no Cyrillic letters"),
                                              t->font_family);

      add_error (errs, "font_family", NULL, 0, 0, msg);
    }

  /* The columns must leave room for the flexible ones on this page. */
  content_width = L->page_width - L->margin_left - L->margin_right;
  t->columns = g_new0 (KtDocumentColumn, MAX (spec->n_columns, 1));
  {
    double fixed = 0;

    for (guint i = 0; i < spec->n_columns; i++)
      {
        static const PangoAlignment aligns[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT };

        t->columns[i].kind = (KtDocumentColumnKind) spec->columns[i].kind;
        t->columns[i].width = MM (spec->columns[i].width);
        t->columns[i].align = aligns[spec->columns[i].align];
        fixed += t->columns[i].width;
      }
    if (fixed > content_width - 40)
      add_error (errs, "layout", "columns", 0, 0,
                 _("The columns are wider than the page between its margins"));
  }
  L->columns = t->columns;
  L->n_columns = spec->n_columns;
  if (content_width < 200 || L->page_height - L->margin_top - L->margin_bottom < 300)
    add_error (errs, "layout", "page.margins", 0, 0, _("The margins leave too little of the page"));

  L->header = compile_text (t, errs, "header", NULL, header);
  L->body = compile_text (t, errs, "body", NULL, body);
  L->footer = compile_text (t, errs, "footer", NULL, footer);
  t->blocks = g_new0 (KtDocumentBlock, MAX (spec->n_blocks, 1));
  for (guint i = 0; i < spec->n_blocks; i++)
    {
      t->blocks[i].kind = spec->blocks[i].kind;
      if (spec->blocks[i].kind == KT_TEMPLATE_BLOCK_TEXT)
        {
          g_autofree char *path = g_strdup_printf ("blocks[%u].text", i);

          t->blocks[i].text = compile_text (t, errs, "layout", path, spec->blocks[i].text);
        }
    }
  L->blocks = t->blocks;
  L->n_blocks = spec->n_blocks;

  if (logo != NULL && *logo != '\0')
    L->logo = load_logo (logo, L->logo_width, L->logo_height, errs);

  make_version (t, header, body, footer, accent_color, logo);

  if (errs->len > 0)
    {
      if (errors != NULL)
        *errors = g_steal_pointer (&errs);
      return NULL;
    }
  if (errors != NULL)
    *errors = NULL;
  return g_steal_pointer (&t);
}

static const char *
record_string (KtRecord   *record,
               const char *field)
{
  if (kt_entity_get_field (kt_record_get_entity (record), field) == NULL)
    return NULL;
  return kt_record_get_string (record, field);
}

/**
 * kt_document_template_new:
 *
 * Returns: (transfer full) (nullable): the template, %NULL on errors
 */
KtDocumentTemplate *
kt_document_template_new (KtRecord   *record,
                          GPtrArray **errors)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtTemplateLayout) spec = NULL;
  const char *layout;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (kt_record_get_entity (record) == &kt_document_template_entity, NULL);

  layout = record_string (record, "layout");
  spec = kt_template_layout_parse (layout, -1, &error);
  if (spec == NULL)
    {
      if (errors != NULL)
        {
          /* "blocks[2].kind: …": the member before the first ": ". */
          const char *sep = strstr (error->message, ": ");
          g_autofree char *path = sep != NULL ? g_strndup (error->message, sep - error->message) : NULL;

          *errors = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_document_template_error_free);
          add_error (*errors, "layout", path != NULL && strchr (path, ' ') == NULL ? path : NULL,
                     0, 0, error->message);
        }
      return NULL;
    }
  return kt_document_template_new_full (spec,
                                        record_string (record, "header"),
                                        record_string (record, "body"),
                                        record_string (record, "footer"),
                                        record_string (record, "primary_color"),
                                        record_string (record, "font_family"),
                                        record_string (record, "logo"),
                                        errors);
}

KtDocumentTemplate *
kt_document_template_ref (KtDocumentTemplate *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  g_atomic_ref_count_inc (&t->ref_count);
  return t;
}

void
kt_document_template_unref (KtDocumentTemplate *t)
{
  if (t == NULL || !g_atomic_ref_count_dec (&t->ref_count))
    return;
  g_clear_pointer (&t->layout.logo, cairo_surface_destroy);
  g_clear_pointer (&t->tmpls, g_ptr_array_unref);
  kt_template_layout_free (t->spec);
  g_free (t->columns);
  g_free (t->blocks);
  g_free (t->font_family);
  g_free (t->name);
  g_free (t->version);
  g_free (t);
}

const KtDocumentLayout *
kt_document_template_get_layout (KtDocumentTemplate *t)
{
  return &t->layout;
}

const char *
kt_document_template_get_version (KtDocumentTemplate *t)
{
  return t->version;
}

/**
 * kt_document_template_render:
 * @tmpl: (nullable): a template; %NULL for the built-in classic layout
 *
 * Returns: (transfer full) (nullable): the laid-out document
 */
KtDocumentRender *
kt_document_template_render (KtDocumentTemplate     *t,
                             const KtDocumentSource *source,
                             GError                **error)
{
  return kt_document_render_new (source, t != NULL ? &t->layout : NULL, error);
}

/**
 * kt_document_template_for:
 * @document: an invoice or an offer
 * @templates: (nullable) (element-type KtRecord): document_template records
 *
 * Returns: (transfer full) (nullable): the compiled template
 */
KtDocumentTemplate *
kt_document_template_for (KtRecord  *document,
                          GPtrArray *templates)
{
  g_autoptr(GPtrArray) errors = NULL;
  KtRecord *record;
  KtDocumentTemplate *tmpl;

  g_return_val_if_fail (document != NULL, NULL);

  record = templates != NULL
           ? kt_document_template_pick_default (templates, kt_document_template_kind_for (document))
           : NULL;
  if (record == NULL)
    return NULL;
  tmpl = kt_document_template_new (record, &errors);
  if (tmpl == NULL)
    g_message ("Template %s does not compile (%s): the built-in layout draws the page",
               kt_record_get_id (record),
               ((KtDocumentTemplateError *) g_ptr_array_index (errors, 0))->message);
  return tmpl;
}

/* ---- Built-ins ---------------------------------------------------------- */

static const KtDocumentTemplateBuiltin builtins[] = {
  { "classic-bg", "classic", "bg" },
  { "classic-en", "classic", "en" },
  { "modern-bg", "modern", "bg" },
  { "modern-en", "modern", "en" },
  { "minimal-bg", "minimal", "bg" },
  { "minimal-en", "minimal", "en" },
};

const KtDocumentTemplateBuiltin *
kt_document_template_list_builtins (guint *n_builtins)
{
  if (n_builtins != NULL)
    *n_builtins = G_N_ELEMENTS (builtins);
  return builtins;
}

/**
 * kt_document_template_dup_builtin_fields:
 * @id: "classic-bg"…
 *
 * Returns: (transfer full) (nullable): the fields
 */
JsonObject *
kt_document_template_dup_builtin_fields (const char *id)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *fields;
  JsonNode *layout;
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    known |= g_strcmp0 (builtins[i].id, id) == 0;
  if (!known)
    return NULL;
  path = g_strdup_printf ("/org/kantora/render/templates/%s.json", id);
  /* Looked up in the library's own resource: the linker drops a static
   * library's constructor that would register it globally. */
  bytes = g_resource_lookup_data (kt_render_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                  &error);
  /* Compiled into the library: a missing one is a broken build. */
  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   &error))
    g_error ("The built-in template %s: %s", id, error->message);
  fields = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  /* The file keeps the layout as an object, to read; the field is text. */
  layout = json_object_get_member (fields, "layout");
  if (layout != NULL && JSON_NODE_HOLDS_OBJECT (layout))
    {
      g_autofree char *text = json_to_string (layout, FALSE);

      json_object_set_string_member (fields, "layout", text);
    }
  return fields;
}

static const char *
builtin_string (JsonObject *fields,
                const char *member)
{
  return json_object_get_string_member_with_default (fields, member, NULL);
}

/**
 * kt_document_template_new_builtin:
 * @id: "classic-bg"…
 *
 * Returns: (transfer full) (nullable): the template
 */
KtDocumentTemplate *
kt_document_template_new_builtin (const char *id)
{
  g_autoptr(JsonObject) fields = kt_document_template_dup_builtin_fields (id);
  g_autoptr(KtTemplateLayout) spec = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  KtDocumentTemplate *t;

  if (fields == NULL)
    return NULL;
  spec = kt_template_layout_parse (builtin_string (fields, "layout"), -1, &error);
  if (spec == NULL)
    g_error ("The built-in template %s: %s", id, error->message);
  t = kt_document_template_new_full (spec, builtin_string (fields, "header"),
                                     builtin_string (fields, "body"),
                                     builtin_string (fields, "footer"),
                                     builtin_string (fields, "primary_color"),
                                     builtin_string (fields, "font_family"),
                                     NULL, &errors);
  if (t == NULL)
    g_error ("The built-in template %s: %s", id,
             ((KtDocumentTemplateError *) g_ptr_array_index (errors, 0))->message);
  return t;
}
