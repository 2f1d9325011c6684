/* kt-pdf-writer.c: a small PDF writer for what documents draw
 *
 * See kt-pdf-writer.h. The file is PDF 1.5: a catalog, one page tree, a
 * resource dictionary shared by every page (the fonts and images used
 * anywhere in the document), a deflated content stream a page and a
 * classic cross-reference table.
 *
 * Fonts: each glyph drawn gets a CID of its font for the pair (glyph,
 * text it stands for), so that a glyph drawn for two texts (a space and
 * a no-break space) still extracts as what was typed; the CIDToGIDMap
 * maps the CIDs back to glyph ids of a subset that keeps the font's ids
 * (HB_SUBSET_FLAGS_RETAIN_GIDS). A font's CIDs, subset, widths, ToUnicode
 * CMap and CIDToGIDMap are kept process-wide and made again only when a
 * PDF draws a pair not seen before, so most PDFs copy finished, deflated
 * streams. Past MAX_CIDS pairs a font starts over (a server that printed
 * every script of a font must not keep all of them in every PDF).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pdf-writer"

#include "config.h"

#include <string.h>
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <pango/pangofc-font.h>
#include <zlib.h>

#include "kt-pdf-writer.h"

#define MAX_CIDS 4000
/* Deflate level of the content streams, made for every PDF: the fastest.
 * The cached streams (fonts, images) are made once, at the default. */
#define CONTENT_LEVEL 1

/* Fixed object numbers. */
#define OBJ_CATALOG 1
#define OBJ_PAGES 2
#define OBJ_RESOURCES 3
#define OBJ_INFO 4
#define N_FIXED 4

/* ---- Process-wide font cache ------------------------------------------- */

typedef struct {
  guint32  gid;
  int      width;             /* advance in thousandths of the size, as in W */
  char    *text;              /* what the glyph stands for; "" for none */
} Cid;

typedef struct {
  grefcount   ref;
  hb_face_t  *face;
  guint       upem;
  guint       n_glyphs;
  char       *ps_name;
  char       *descriptor;     /* the FontDescriptor's metrics */
  hb_font_t  *font;           /* at the em's size, for the widths */
  GArray     *cids;           /* Cid, CID i + 1 at index i */
  guint      *first_cid;      /* by glyph id: its first CID, 0 none */
  GHashTable *more;           /* "gid\ttext" -> CID, for a glyph's other texts */

  /* The finished streams for the first built_n CIDs. */
  guint       built_n;
  GBytes     *font_file;      /* deflated TrueType subset */
  gsize       font_file_length;
  GBytes     *to_unicode;     /* deflated */
  GBytes     *cid_to_gid;     /* deflated */
  char       *widths;         /* the W array */
  char        tag[7];
} FontState;

static GMutex cache_lock;
static GHashTable *font_cache;   /* "file\tindex" -> FontState, or no value: unsupported */

static void
cid_clear (gpointer data)
{
  Cid *cid = data;

  g_free (cid->text);
}

static void
font_state_unref (FontState *f)
{
  if (f == NULL || !g_ref_count_dec (&f->ref))
    return;
  hb_font_destroy (f->font);
  hb_face_destroy (f->face);
  g_free (f->ps_name);
  g_free (f->descriptor);
  g_array_unref (f->cids);
  g_free (f->first_cid);
  g_hash_table_unref (f->more);
  g_clear_pointer (&f->font_file, g_bytes_unref);
  g_clear_pointer (&f->to_unicode, g_bytes_unref);
  g_clear_pointer (&f->cid_to_gid, g_bytes_unref);
  g_free (f->widths);
  g_free (f);
}

static gboolean
has_table (hb_face_t *face,
           hb_tag_t   tag)
{
  hb_blob_t *blob = hb_face_reference_table (face, tag);
  gboolean has = hb_blob_get_length (blob) > 0;

  hb_blob_destroy (blob);
  return has;
}

/* A PostScript name without the characters a PDF name must not carry. */
static char *
font_ps_name (hb_face_t *face)
{
  char name[128];
  unsigned int len = sizeof name;
  GString *out = g_string_new (NULL);

  if (hb_ot_name_get_utf8 (face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                           name) == 0)
    g_strlcpy (name, "Font", sizeof name);
  for (const char *p = name; *p != '\0'; p++)
    if (*p > 0x20 && *p < 0x7f && strchr ("()<>[]{}/%#", *p) == NULL)
      g_string_append_c (out, *p);
  if (out->len == 0)
    g_string_append (out, "Font");
  return g_string_free (out, FALSE);
}

static char *
font_descriptor (hb_face_t *face,
                 guint      upem)
{
  hb_font_t *font = hb_font_create (face);
  hb_position_t ascent = 0, descent = 0, cap = 0;
  hb_blob_t *head = hb_face_reference_table (face, HB_TAG ('h', 'e', 'a', 'd'));
  unsigned int len;
  const guint8 *d = (const guint8 *) hb_blob_get_data (head, &len);
  int bbox[4] = { 0, 0, 0, 0 };
  double k = 1000.0 / upem;
  char *out;

  hb_ot_metrics_get_position (font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &ascent);
  hb_ot_metrics_get_position (font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &descent);
  if (!hb_ot_metrics_get_position (font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap))
    cap = ascent;
  /* head: xMin, yMin, xMax, yMax as int16 at offset 36. */
  if (d != NULL && len >= 44)
    for (guint i = 0; i < 4; i++)
      bbox[i] = (gint16) (d[36 + 2 * i] << 8 | d[37 + 2 * i]);
  out = g_strdup_printf ("/Flags 4 /FontBBox [%d %d %d %d] /ItalicAngle 0 /Ascent %d "
                         "/Descent %d /CapHeight %d /StemV 80",
                         (int) (bbox[0] * k), (int) (bbox[1] * k), (int) (bbox[2] * k),
                         (int) (bbox[3] * k), (int) (ascent * k), (int) (descent * k),
                         (int) (cap * k));
  hb_blob_destroy (head);
  hb_font_destroy (font);
  return out;
}

static FontState *
font_state_new (hb_face_t *face)
{
  FontState *f = g_new0 (FontState, 1);

  g_ref_count_init (&f->ref);
  f->face = hb_face_reference (face);
  f->upem = hb_face_get_upem (face);
  f->font = hb_font_create (face);
  f->n_glyphs = hb_face_get_glyph_count (face);
  f->ps_name = font_ps_name (face);
  f->descriptor = font_descriptor (face, f->upem);
  f->cids = g_array_new (FALSE, FALSE, sizeof (Cid));
  g_array_set_clear_func (f->cids, cid_clear);
  f->first_cid = g_new0 (guint, f->n_glyphs);
  f->more = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return f;
}

/* The font of @font's file, a new reference, or NULL when the writer does
 * not handle it: not a file of fontconfig's, synthetic bold or slant, a
 * font of CFF outlines or of variations. Called with cache_lock held. */
static FontState *
font_state_for (PangoFont *font)
{
  FcPattern *pattern;
  FcChar8 *file = NULL;
  FcMatrix *matrix = NULL;
  FcBool embolden = FcFalse;
  int index = 0;
  g_autofree char *key = NULL;
  FontState *f = NULL;
  gpointer value;

  if (font == NULL || !PANGO_IS_FC_FONT (font))
    return NULL;
  pattern = pango_fc_font_get_pattern (PANGO_FC_FONT (font));
  if (FcPatternGetString (pattern, FC_FILE, 0, &file) != FcResultMatch)
    return NULL;
  if (FcPatternGetBool (pattern, FC_EMBOLDEN, 0, &embolden) == FcResultMatch && embolden)
    return NULL;
  if (FcPatternGetMatrix (pattern, FC_MATRIX, 0, &matrix) == FcResultMatch &&
      (matrix->xx != 1 || matrix->xy != 0 || matrix->yx != 0 || matrix->yy != 1))
    return NULL;
  FcPatternGetInteger (pattern, FC_INDEX, 0, &index);
  key = g_strdup_printf ("%s\t%d", (const char *) file, index);

  if (font_cache == NULL)
    font_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) font_state_unref);
  if (g_hash_table_lookup_extended (font_cache, key, NULL, &value))
    {
      f = value;
      if (f != NULL && f->cids->len > MAX_CIDS)
        {
          /* Start over; PDFs being written on it keep their reference. */
          f = font_state_new (f->face);
          g_hash_table_replace (font_cache, g_strdup (key), f);
        }
    }
  else
    {
      hb_face_t *face = hb_font_get_face (pango_font_get_hb_font (font));

      if (has_table (face, HB_TAG ('g', 'l', 'y', 'f')) &&
          !has_table (face, HB_TAG ('f', 'v', 'a', 'r')))
        f = font_state_new (face);
      g_hash_table_insert (font_cache, g_strdup (key), f);
    }
  if (f != NULL)
    g_ref_count_inc (&f->ref);
  return f;
}

/* The CID of (@gid, @text), made when new. Called with cache_lock held. */
static guint
font_state_cid (FontState  *f,
                guint32     gid,
                const char *text,
                gsize       len)
{
  guint cid = f->first_cid[gid];
  g_autofree char *key = NULL;
  hb_position_t adv;
  Cid c;

  if (cid != 0)
    {
      const Cid *have = &g_array_index (f->cids, Cid, cid - 1);

      if (strlen (have->text) == len && memcmp (have->text, text, len) == 0)
        return cid;
      key = g_strdup_printf ("%u\t%.*s", gid, (int) len, text);
      cid = GPOINTER_TO_UINT (g_hash_table_lookup (f->more, key));
      if (cid != 0)
        return cid;
    }
  adv = hb_font_get_glyph_h_advance (f->font, gid);
  c.gid = gid;
  c.width = (int) ((double) adv * 1000.0 / f->upem + (adv >= 0 ? 0.5 : -0.5));
  c.text = g_strndup (text, len);
  g_array_append_val (f->cids, c);
  cid = f->cids->len;
  if (f->first_cid[gid] == 0)
    f->first_cid[gid] = cid;
  else
    g_hash_table_insert (f->more, g_steal_pointer (&key), GUINT_TO_POINTER (cid));
  return cid;
}

static GBytes *
deflate_bytes (const void *data,
               gsize       len,
               int         level)
{
  uLongf out_len = compressBound (len);
  guint8 *out = g_malloc (out_len);

  if (compress2 (out, &out_len, data, len, level) != Z_OK)
    g_error ("deflate failed");
  return g_bytes_new_take (g_realloc (out, out_len), out_len);
}

/* The content streams' z_stream, kept per thread: setting zlib up (its
 * window and hash tables, some 270 KiB) was a fifth of deflating a page
 * (docs/performance.md). deflateReset() gives the bytes a fresh stream
 * gives. */
static void
content_zstream_free (gpointer data)
{
  z_stream *z = data;

  deflateEnd (z);
  g_free (z);
}

static GPrivate content_zstream = G_PRIVATE_INIT (content_zstream_free);

static GBytes *
deflate_content (const void *data,
                 gsize       len)
{
  z_stream *z = g_private_get (&content_zstream);
  uLong out_len;
  guint8 *out;

  if (z == NULL)
    {
      z = g_new0 (z_stream, 1);
      if (deflateInit (z, CONTENT_LEVEL) != Z_OK)
        g_error ("deflate failed");
      g_private_set (&content_zstream, z);
    }
  else if (deflateReset (z) != Z_OK)
    g_error ("deflate failed");

  out_len = deflateBound (z, len);
  out = g_malloc (out_len);
  z->next_in = (Bytef *) data;
  z->avail_in = len;
  z->next_out = out;
  z->avail_out = out_len;
  if (deflate (z, Z_FINISH) != Z_STREAM_END)
    g_error ("deflate failed");
  out_len = z->total_out;
  return g_bytes_new_take (g_realloc (out, out_len), out_len);
}

static void
append_hex16 (GString *s,
              guint    v)
{
  static const char hex[] = "0123456789ABCDEF";

  g_string_append_c (s, hex[(v >> 12) & 15]);
  g_string_append_c (s, hex[(v >> 8) & 15]);
  g_string_append_c (s, hex[(v >> 4) & 15]);
  g_string_append_c (s, hex[v & 15]);
}

/* Makes @f's streams for all its CIDs. Called with cache_lock held. */
static gboolean
font_state_build (FontState *f)
{
  guint n = f->cids->len;
  hb_subset_input_t *input;
  hb_set_t *glyphs, *drop;
  hb_face_t *subset;
  hb_blob_t *blob;
  GString *w, *cmap;
  guint8 *map;
  const char *data;
  unsigned int len;
  static const hb_tag_t dropped[] = {
    HB_TAG ('G', 'S', 'U', 'B'), HB_TAG ('G', 'P', 'O', 'S'), HB_TAG ('G', 'D', 'E', 'F'),
    HB_TAG ('B', 'A', 'S', 'E'), HB_TAG ('J', 'S', 'T', 'F'), HB_TAG ('M', 'A', 'T', 'H'),
    HB_TAG ('k', 'e', 'r', 'n'), HB_TAG ('n', 'a', 'm', 'e'), HB_TAG ('D', 'S', 'I', 'G'),
    HB_TAG ('m', 'o', 'r', 'x'), HB_TAG ('k', 'e', 'r', 'x'), HB_TAG ('F', 'F', 'T', 'M'),
  };

  if (f->built_n == n && f->font_file != NULL)
    return TRUE;

  input = hb_subset_input_create_or_fail ();
  if (input == NULL)
    return FALSE;
  glyphs = hb_subset_input_glyph_set (input);
  hb_set_add (glyphs, 0);
  for (guint i = 0; i < n; i++)
    hb_set_add (glyphs, g_array_index (f->cids, Cid, i).gid);
  drop = hb_subset_input_set (input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    hb_set_add (drop, dropped[i]);
  hb_subset_input_set_flags (input, HB_SUBSET_FLAGS_RETAIN_GIDS);
  subset = hb_subset_or_fail (f->face, input);
  hb_subset_input_destroy (input);
  if (subset == NULL)
    return FALSE;
  blob = hb_face_reference_blob (subset);
  data = hb_blob_get_data (blob, &len);
  g_clear_pointer (&f->font_file, g_bytes_unref);
  f->font_file = deflate_bytes (data, len, Z_DEFAULT_COMPRESSION);
  f->font_file_length = len;
  hb_blob_destroy (blob);
  hb_face_destroy (subset);

  /* Widths, in thousandths of the size, CIDs 1..n in one run. */
  w = g_string_new ("[1 [");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (w, "%s%d", i > 0 ? " " : "", g_array_index (f->cids, Cid, i).width);
  g_string_append (w, "]]");
  g_free (f->widths);
  f->widths = g_string_free (w, FALSE);

  /* CIDToGIDMap: two bytes a CID from 0. */
  map = g_malloc0 (2 * (n + 1));
  for (guint i = 0; i < n; i++)
    {
      guint32 gid = g_array_index (f->cids, Cid, i).gid;

      map[2 * (i + 1)] = gid >> 8;
      map[2 * (i + 1) + 1] = gid & 0xff;
    }
  g_clear_pointer (&f->cid_to_gid, g_bytes_unref);
  f->cid_to_gid = deflate_bytes (map, 2 * (n + 1), Z_DEFAULT_COMPRESSION);
  g_free (map);

  /* ToUnicode, at most 100 entries a bfchar block. */
  cmap = g_string_new ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                       "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                       "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                       "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  for (guint i = 0; i < n;)
    {
      guint count = 0, end;

      for (end = i; end < n && count < 100; end++)
        if (*g_array_index (f->cids, Cid, end).text != '\0')
          count++;
      if (count == 0)
        {
          i = end;
          continue;
        }
      g_string_append_printf (cmap, "%u beginbfchar\n", count);
      for (; i < end; i++)
        {
          const char *text = g_array_index (f->cids, Cid, i).text;
          glong n16 = 0;
          g_autofree gunichar2 *u16 = NULL;

          if (*text == '\0')
            continue;
          u16 = g_utf8_to_utf16 (text, -1, NULL, &n16, NULL);
          g_string_append_c (cmap, '<');
          append_hex16 (cmap, i + 1);
          g_string_append (cmap, "> <");
          for (glong k = 0; u16 != NULL && k < n16; k++)
            append_hex16 (cmap, u16[k]);
          if (u16 == NULL || n16 == 0)
            append_hex16 (cmap, 0xFFFD);
          g_string_append (cmap, ">\n");
        }
      g_string_append (cmap, "endbfchar\n");
    }
  g_string_append (cmap, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
  g_clear_pointer (&f->to_unicode, g_bytes_unref);
  f->to_unicode = deflate_bytes (cmap->str, cmap->len, Z_DEFAULT_COMPRESSION);
  g_string_free (cmap, TRUE);

  /* A subset tag that changes with the subset. */
  {
    guint h = g_str_hash (f->ps_name) ^ (n * 2654435761u);

    for (guint i = 0; i < 6; i++, h /= 26)
      f->tag[i] = 'A' + h % 26;
    f->tag[6] = '\0';
  }
  f->built_n = n;
  return TRUE;
}

/* ---- Images ------------------------------------------------------------ */

typedef struct {
  int     width, height;
  GBytes *rgb;                /* deflated */
  GBytes *alpha;              /* deflated, NULL when opaque */
} ImageData;

static const cairo_user_data_key_t image_key;

static void
image_data_free (gpointer data)
{
  ImageData *d = data;

  g_clear_pointer (&d->rgb, g_bytes_unref);
  g_clear_pointer (&d->alpha, g_bytes_unref);
  g_free (d);
}

/* @image's streams, made once and kept on it. Called with cache_lock. */
static ImageData *
image_data_for (cairo_surface_t *image)
{
  ImageData *d = cairo_surface_get_user_data (image, &image_key);
  cairo_format_t format;
  int w, h, stride;
  const guint8 *src;
  guint8 *rgb, *alpha;
  gboolean opaque = TRUE;

  if (d != NULL)
    return d;
  format = cairo_image_surface_get_format (image);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return NULL;
  cairo_surface_flush (image);
  w = cairo_image_surface_get_width (image);
  h = cairo_image_surface_get_height (image);
  stride = cairo_image_surface_get_stride (image);
  src = cairo_image_surface_get_data (image);
  rgb = g_malloc ((gsize) w * h * 3);
  alpha = g_malloc ((gsize) w * h);
  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (src + (gsize) y * stride);

      for (int x = 0; x < w; x++)
        {
          guint32 p = row[x];
          guint a = format == CAIRO_FORMAT_ARGB32 ? p >> 24 : 255;
          guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
          gsize i = (gsize) y * w + x;

          /* cairo's pixels are premultiplied. */
          if (a != 255 && a != 0)
            {
              r = (r * 255 + a / 2) / a;
              g = (g * 255 + a / 2) / a;
              b = (b * 255 + a / 2) / a;
            }
          rgb[3 * i] = MIN (r, 255u);
          rgb[3 * i + 1] = MIN (g, 255u);
          rgb[3 * i + 2] = MIN (b, 255u);
          alpha[i] = a;
          opaque = opaque && a == 255;
        }
    }
  d = g_new0 (ImageData, 1);
  d->width = w;
  d->height = h;
  d->rgb = deflate_bytes (rgb, (gsize) w * h * 3, Z_DEFAULT_COMPRESSION);
  if (!opaque)
    d->alpha = deflate_bytes (alpha, (gsize) w * h, Z_DEFAULT_COMPRESSION);
  g_free (rgb);
  g_free (alpha);
  cairo_surface_set_user_data (image, &image_key, d, image_data_free);
  return d;
}

/* ---- The writer -------------------------------------------------------- */

typedef struct {
  PangoFont *font;            /* not a reference: only compared */
  FontState *state;           /* NULL: unsupported */
} FontLookup;

typedef struct {
  FontState *state;
  guint      id;              /* /F<id> */
} FontUse;

typedef struct {
  gboolean   stencil;
  ImageData *data;            /* an image's; NULL for a stencil */
  GBytes    *bits;            /* a stencil's */
  guint      columns, rows;
  guint      id;              /* /I<id> */
} ImageUse;

struct _KtPdfWriter {
  double      width, height;
  char       *title, *creator;
  GString    *out;
  GArray     *offsets;        /* gsize by object number, 0: not yet */
  GArray     *page_objs;      /* guint */
  GString    *content;
  GArray     *lookups;        /* FontLookup */
  GArray     *fonts;          /* FontUse */
  GArray     *images;         /* ImageUse */
  GString    *scratch;
  /* The content stream's graphics state. */
  guint32     fill, stroke;
  double      line_width;
};

static guint
new_object (KtPdfWriter *w)
{
  gsize zero = 0;

  g_array_append_val (w->offsets, zero);
  return w->offsets->len - 1;
}

static void
begin_object (KtPdfWriter *w,
              guint        obj)
{
  g_array_index (w->offsets, gsize, obj) = w->out->len;
  g_string_append_printf (w->out, "%u 0 obj\n", obj);
}

/* Appends @v with at most three decimals, without exponent. */
static void
num (GString *s,
     double   v)
{
  gint64 m = (gint64) (v * 1000.0 + (v >= 0 ? 0.5 : -0.5));
  char buf[32];
  int i = sizeof buf;
  guint64 a;
  int frac;

  if (m < 0)
    {
      g_string_append_c (s, '-');
      m = -m;
    }
  a = (guint64) m / 1000;
  frac = (int) ((guint64) m % 1000);
  do
    {
      buf[--i] = '0' + a % 10;
      a /= 10;
    }
  while (a > 0);
  g_string_append_len (s, buf + i, sizeof buf - i);
  if (frac != 0)
    {
      g_string_append_c (s, '.');
      g_string_append_c (s, '0' + frac / 100);
      if (frac % 100 != 0)
        {
          g_string_append_c (s, '0' + frac / 10 % 10);
          if (frac % 10 != 0)
            g_string_append_c (s, '0' + frac % 10);
        }
    }
}

static void
nums (GString *s,
      int      n,
      ...)
{
  va_list ap;

  va_start (ap, n);
  for (int i = 0; i < n; i++)
    {
      num (s, va_arg (ap, double));
      g_string_append_c (s, ' ');
    }
  va_end (ap);
}

static void
color (GString *s,
       guint32  rgb)
{
  nums (s, 3, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

static void
set_fill (KtPdfWriter *w,
          guint32      rgb)
{
  if (w->fill == rgb)
    return;
  color (w->content, rgb);
  g_string_append (w->content, "rg\n");
  w->fill = rgb;
}

static void
set_stroke (KtPdfWriter *w,
            guint32      rgb,
            double       width)
{
  if (w->stroke != rgb)
    {
      color (w->content, rgb);
      g_string_append (w->content, "RG\n");
      w->stroke = rgb;
    }
  if (w->line_width != width)
    {
      num (w->content, width);
      g_string_append (w->content, " w\n");
      w->line_width = width;
    }
}

/* A PDF text string of UTF-8 @text: UTF-16BE with its byte order mark. */
static void
text_string (GString    *s,
             const char *text)
{
  glong n = 0;
  g_autofree gunichar2 *u16 = g_utf8_to_utf16 (text != NULL ? text : "", -1, NULL, &n, NULL);

  g_string_append (s, "<FEFF");
  for (glong i = 0; u16 != NULL && i < n; i++)
    append_hex16 (s, u16[i]);
  g_string_append_c (s, '>');
}

KtPdfWriter *
kt_pdf_writer_new (double      page_width,
                   double      page_height,
                   const char *title,
                   const char *creator)
{
  KtPdfWriter *w = g_new0 (KtPdfWriter, 1);

  w->width = page_width;
  w->height = page_height;
  w->title = g_strdup (title);
  w->creator = g_strdup (creator);
  w->out = g_string_sized_new (48 * 1024);
  w->offsets = g_array_new (FALSE, TRUE, sizeof (gsize));
  for (guint i = 0; i <= N_FIXED; i++)
    new_object (w);
  w->page_objs = g_array_new (FALSE, FALSE, sizeof (guint));
  w->lookups = g_array_new (FALSE, FALSE, sizeof (FontLookup));
  w->fonts = g_array_new (FALSE, FALSE, sizeof (FontUse));
  w->images = g_array_new (FALSE, FALSE, sizeof (ImageUse));
  w->scratch = g_string_new (NULL);
  /* Binary bytes in the comment: the file is binary for transfer tools. */
  g_string_append (w->out, "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n");
  return w;
}

void
kt_pdf_writer_free (KtPdfWriter *w)
{
  if (w == NULL)
    return;
  for (guint i = 0; i < w->lookups->len; i++)
    font_state_unref (g_array_index (w->lookups, FontLookup, i).state);
  for (guint i = 0; i < w->images->len; i++)
    g_clear_pointer (&g_array_index (w->images, ImageUse, i).bits, g_bytes_unref);
  g_array_unref (w->lookups);
  g_array_unref (w->fonts);
  g_array_unref (w->images);
  g_array_unref (w->offsets);
  g_array_unref (w->page_objs);
  if (w->content != NULL)
    g_string_free (w->content, TRUE);
  g_string_free (w->scratch, TRUE);
  g_string_free (w->out, TRUE);
  g_free (w->title);
  g_free (w->creator);
  g_free (w);
}

void
kt_pdf_writer_begin_page (KtPdfWriter *w)
{
  g_return_if_fail (w->content == NULL);
  w->content = g_string_sized_new (16 * 1024);
  /* y down from the top left, as on the cairo_t. */
  g_string_append (w->content, "1 0 0 -1 0 ");
  num (w->content, w->height);
  g_string_append (w->content, " cm\n");
  /* PDF's initial colours and line width, so the first ones are set. */
  w->fill = w->stroke = 0;
  w->line_width = 1.0;
}

static void
write_stream (KtPdfWriter *w,
              guint        obj,
              const char  *dict,
              const void  *data,
              gsize        len)
{
  begin_object (w, obj);
  g_string_append_printf (w->out, "<< %s /Length %" G_GSIZE_FORMAT " >>\nstream\n", dict, len);
  g_string_append_len (w->out, data, len);
  g_string_append (w->out, "\nendstream\nendobj\n");
}

static void
write_bytes_stream (KtPdfWriter *w,
                    guint        obj,
                    const char  *dict,
                    GBytes      *bytes)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  write_stream (w, obj, dict, data, len);
}

void
kt_pdf_writer_end_page (KtPdfWriter *w)
{
  guint page = new_object (w);
  guint contents = new_object (w);
  g_autoptr(GBytes) z = NULL;

  g_return_if_fail (w->content != NULL);
  g_array_append_val (w->page_objs, page);
  begin_object (w, page);
  /* Spaced as cairo wrote it: tests/server looks for the page's size. */
  g_string_append_printf (w->out, "<< /Type /Page /Parent %u 0 R /MediaBox [ 0 0 ", OBJ_PAGES);
  nums (w->out, 2, w->width, w->height);
  g_string_append_printf (w->out, "] /Resources %u 0 R /Contents %u 0 R >>\nendobj\n",
                          OBJ_RESOURCES, contents);
  z = deflate_content (w->content->str, w->content->len);
  write_bytes_stream (w, contents, "/Filter /FlateDecode", z);
  g_string_free (w->content, TRUE);
  w->content = NULL;
}

void
kt_pdf_writer_fill_rect (KtPdfWriter *w,
                         double x, double y, double width, double height,
                         guint32 rgb)
{
  set_fill (w, rgb);
  nums (w->content, 4, x, y, width, height);
  g_string_append (w->content, "re f\n");
}

void
kt_pdf_writer_stroke_rect (KtPdfWriter *w,
                           double x, double y, double width, double height,
                           double line_width, guint32 rgb)
{
  set_stroke (w, rgb, line_width);
  nums (w->content, 4, x, y, width, height);
  g_string_append (w->content, "re S\n");
}

void
kt_pdf_writer_line (KtPdfWriter *w,
                    double x0, double y0, double x1, double y1,
                    double line_width, guint32 rgb)
{
  set_stroke (w, rgb, line_width);
  nums (w->content, 2, x0, y0);
  g_string_append (w->content, "m ");
  nums (w->content, 2, x1, y1);
  g_string_append (w->content, "l S\n");
}

/* The font of a run, looked up once per PangoFont and PDF. */
static FontState *
lookup_font (KtPdfWriter *w,
             PangoFont   *font,
             guint       *id)
{
  FontLookup look = { font, NULL };

  for (guint i = 0; i < w->lookups->len; i++)
    if (g_array_index (w->lookups, FontLookup, i).font == font)
      {
        look = g_array_index (w->lookups, FontLookup, i);
        goto found;
      }
  look.state = font_state_for (font);
  g_array_append_val (w->lookups, look);

found:
  if (look.state == NULL)
    return NULL;
  for (guint i = 0; i < w->fonts->len; i++)
    if (g_array_index (w->fonts, FontUse, i).state == look.state)
      {
        *id = g_array_index (w->fonts, FontUse, i).id;
        return look.state;
      }
  {
    FontUse use = { look.state, w->fonts->len + 1 };

    g_array_append_val (w->fonts, use);
    *id = use.id;
  }
  return look.state;
}

/* TRUE when the writer draws @item as pango would: its attributes set
 * nothing but the font and the colour, upright. */
static gboolean
item_supported (const PangoItem *item,
                guint32         *rgb)
{
  if (item->analysis.gravity != PANGO_GRAVITY_SOUTH ||
      (item->analysis.flags & PANGO_ANALYSIS_FLAG_CENTERED_BASELINE) != 0)
    return FALSE;
  for (GSList *l = item->analysis.extra_attrs; l != NULL; l = l->next)
    {
      const PangoAttribute *attr = l->data;

      switch ((int) attr->klass->type)
        {
        case PANGO_ATTR_FOREGROUND:
          {
            const PangoColor *c = &((const PangoAttrColor *) attr)->color;

            *rgb = (guint32) (c->red >> 8) << 16 | (guint32) (c->green >> 8) << 8 | (c->blue >> 8);
          }
          break;
        case PANGO_ATTR_LANGUAGE:
        case PANGO_ATTR_FAMILY:
        case PANGO_ATTR_STYLE:
        case PANGO_ATTR_WEIGHT:
        case PANGO_ATTR_VARIANT:
        case PANGO_ATTR_STRETCH:
        case PANGO_ATTR_SIZE:
        case PANGO_ATTR_FONT_DESC:
        case PANGO_ATTR_ABSOLUTE_SIZE:
        case PANGO_ATTR_SCALE:
        case PANGO_ATTR_LETTER_SPACING:
        case PANGO_ATTR_FALLBACK:
        case PANGO_ATTR_FONT_FEATURES:
        case PANGO_ATTR_ALLOW_BREAKS:
        case PANGO_ATTR_INSERT_HYPHENS:
        case PANGO_ATTR_LINE_HEIGHT:
        case PANGO_ATTR_ABSOLUTE_LINE_HEIGHT:
        case PANGO_ATTR_TEXT_TRANSFORM:
        case PANGO_ATTR_WORD:
        case PANGO_ATTR_SENTENCE:
          break;
        default:
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct {
  KtPdfWriter *w;
  GString     *s;             /* the layout's text operators */
  guint        font_id;
  double       size;
  gboolean     in_array;      /* inside "[...] TJ" */
  gboolean     in_hex;        /* inside "<...>" of it */
  double       pen;           /* where the next glyph goes, as the PDF has it */
  double       y;             /* the baseline of the last Tm */
} TextOut;

static void
text_close (TextOut *t)
{
  if (t->in_hex)
    g_string_append_c (t->s, '>');
  if (t->in_array)
    g_string_append (t->s, "] TJ\n");
  t->in_hex = t->in_array = FALSE;
}

static void
text_move (TextOut *t,
           double   x,
           double   y)
{
  text_close (t);
  g_string_append (t->s, "1 0 0 -1 ");
  nums (t->s, 2, x, y);
  g_string_append (t->s, "Tm\n");
  t->pen = x;
  t->y = y;
}

/* The text of glyph @i's cluster for its first glyph (in logical order),
 * "" for the others: pango's log_clusters[] are byte offsets into the
 * item, increasing along a left-to-right run, decreasing along a
 * right-to-left one. */
static void
cluster_text (const PangoGlyphItem *run,
              int                   i,
              int                  *start,
              int                  *end)
{
  const PangoGlyphString *glyphs = run->glyphs;
  gboolean rtl = run->item->analysis.level % 2 != 0;
  int step = rtl ? -1 : 1;
  int j;

  *start = glyphs->log_clusters[i];
  *end = run->item->length;
  j = i - step;
  if (j >= 0 && j < glyphs->num_glyphs && glyphs->log_clusters[j] == *start)
    {
      *end = *start;
      return;
    }
  for (j = i + step; j >= 0 && j < glyphs->num_glyphs; j += step)
    if (glyphs->log_clusters[j] != *start)
      {
        *end = MAX (glyphs->log_clusters[j], *start);
        return;
      }
}

/* Writes one run's glyphs. Called with cache_lock held. */
static gboolean
show_run (TextOut        *t,
          const char     *text,
          PangoGlyphItem *run,
          double          x,
          double          baseline)
{
  PangoItem *item = run->item;
  PangoGlyphString *glyphs = run->glyphs;
  guint id = 0;
  FontState *f = lookup_font (t->w, item->analysis.font, &id);
  PangoFontDescription *desc;
  double size, gx = x;

  if (f == NULL)
    return FALSE;
  desc = pango_font_describe_with_absolute_size (item->analysis.font);
  size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;
  pango_font_description_free (desc);
  if (size <= 0)
    return FALSE;
  if (t->font_id != id || t->size != size)
    {
      text_close (t);
      g_string_append_printf (t->s, "/F%u ", id);
      num (t->s, size);
      g_string_append (t->s, " Tf\n");
      t->font_id = id;
      t->size = size;
    }
  text_move (t, x, baseline);

  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      const PangoGlyphInfo *gi = &glyphs->glyphs[i];
      double target = gx + (double) gi->geometry.x_offset / PANGO_SCALE;
      double y = baseline + (double) gi->geometry.y_offset / PANGO_SCALE;
      int start, end;
      guint cid;

      gx += (double) gi->geometry.width / PANGO_SCALE;
      if (gi->glyph == PANGO_GLYPH_EMPTY)
        continue;
      /* cairo draws a box with the code point for these. */
      if ((gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 || gi->glyph >= f->n_glyphs)
        return FALSE;
      cluster_text (run, i, &start, &end);
      cid = font_state_cid (f, gi->glyph, text + item->offset + start, end - start);

      if (y != t->y || (!t->in_array && ABS (t->pen - target) > 0.0005))
        text_move (t, target, y);
      if (!t->in_array)
        {
          g_string_append_c (t->s, '[');
          t->in_array = TRUE;
        }
      if (ABS (t->pen - target) > 0.0005)
        {
          /* The PDF's pen is where the W array's widths put it; a number
           * in TJ moves it left by thousandths of the size. */
          if (t->in_hex)
            g_string_append_c (t->s, '>');
          t->in_hex = FALSE;
          num (t->s, (t->pen - target) * 1000.0 / size);
          t->pen = target;
        }
      if (!t->in_hex)
        {
          g_string_append_c (t->s, '<');
          t->in_hex = TRUE;
        }
      append_hex16 (t->s, cid);
      t->pen += g_array_index (f->cids, Cid, cid - 1).width * size / 1000.0;
    }
  text_close (t);
  return TRUE;
}

gboolean
kt_pdf_writer_show_layout (KtPdfWriter *w,
                           PangoLayout *layout,
                           double       x,
                           double       y,
                           guint32      rgb)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  const char *text = pango_layout_get_text (layout);
  TextOut t = { w, w->scratch, 0, 0, FALSE, FALSE, 0, 0 };
  gboolean ok = TRUE;
  guint32 fill = w->fill;

  g_string_truncate (w->scratch, 0);
  g_string_append (t.s, "BT\n");
  g_mutex_lock (&cache_lock);
  do
    {
      PangoGlyphItem *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle logical;
      double baseline;
      guint32 run_rgb = rgb;

      if (run == NULL)
        continue;
      if (!item_supported (run->item, &run_rgb))
        {
          ok = FALSE;
          break;
        }
      if (run_rgb != fill)
        {
          text_close (&t);
          color (t.s, run_rgb);
          g_string_append (t.s, "rg\n");
          fill = run_rgb;
        }
      pango_layout_iter_get_run_extents (iter, NULL, &logical);
      baseline = y + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      if (!show_run (&t, text, run, x + (double) logical.x / PANGO_SCALE, baseline))
        {
          ok = FALSE;
          break;
        }
    }
  while (pango_layout_iter_next_run (iter));
  g_mutex_unlock (&cache_lock);
  pango_layout_iter_free (iter);
  if (!ok)
    return FALSE;
  g_string_append (t.s, "ET\n");
  g_string_append_len (w->content, t.s->str, t.s->len);
  w->fill = fill;
  return TRUE;
}

gboolean
kt_pdf_writer_image (KtPdfWriter     *w,
                     cairo_surface_t *image,
                     double x, double y, double width, double height)
{
  ImageUse use = { FALSE };

  g_mutex_lock (&cache_lock);
  use.data = image_data_for (image);
  g_mutex_unlock (&cache_lock);
  if (use.data == NULL)
    return FALSE;
  /* Keep the surface's data alive as long as the writer: the caller's
   * render holds the surface until the PDF is finished. */
  use.id = w->images->len + 1;
  g_array_append_val (w->images, use);
  g_string_append (w->content, "q ");
  nums (w->content, 6, width, 0.0, 0.0, -height, x, y + height);
  g_string_append_printf (w->content, "cm /I%u Do Q\n", use.id);
  return TRUE;
}

void
kt_pdf_writer_stencil (KtPdfWriter  *w,
                       const guint8 *bits,
                       guint         columns,
                       guint         rows,
                       guint         stride,
                       double x, double y, double width, double height,
                       guint32 rgb)
{
  ImageUse use = { TRUE };
  guint row_bytes = (columns + 7) / 8;
  guint8 *packed = g_malloc ((gsize) row_bytes * rows);

  for (guint r = 0; r < rows; r++)
    memcpy (packed + (gsize) r * row_bytes, bits + (gsize) r * stride, row_bytes);
  use.bits = g_bytes_new_take (packed, (gsize) row_bytes * rows);
  use.columns = columns;
  use.rows = rows;
  use.id = w->images->len + 1;
  g_array_append_val (w->images, use);
  set_fill (w, rgb);
  g_string_append (w->content, "q ");
  nums (w->content, 6, width, 0.0, 0.0, -height, x, y + height);
  g_string_append_printf (w->content, "cm /I%u Do Q\n", use.id);
}

static void
write_font (KtPdfWriter *w,
            FontUse     *use,
            guint        obj)
{
  FontState *f = use->state;
  guint cid_font = new_object (w), descriptor = new_object (w), file = new_object (w);
  guint to_unicode = new_object (w), map = new_object (w);
  g_autofree char *dict = NULL;

  begin_object (w, obj);
  g_string_append_printf (w->out, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s "
                          "/Encoding /Identity-H /DescendantFonts [%u 0 R] /ToUnicode %u 0 R >>\n"
                          "endobj\n", f->tag, f->ps_name, cid_font, to_unicode);
  begin_object (w, cid_font);
  g_string_append_printf (w->out, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s "
                          "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                          "/FontDescriptor %u 0 R /CIDToGIDMap %u 0 R /W %s >>\nendobj\n",
                          f->tag, f->ps_name, descriptor, map, f->widths);
  begin_object (w, descriptor);
  g_string_append_printf (w->out, "<< /Type /FontDescriptor /FontName /%s+%s %s "
                          "/FontFile2 %u 0 R >>\nendobj\n", f->tag, f->ps_name, f->descriptor, file);
  dict = g_strdup_printf ("/Filter /FlateDecode /Length1 %" G_GSIZE_FORMAT, f->font_file_length);
  write_bytes_stream (w, file, dict, f->font_file);
  write_bytes_stream (w, to_unicode, "/Filter /FlateDecode", f->to_unicode);
  write_bytes_stream (w, map, "/Filter /FlateDecode", f->cid_to_gid);
}

static void
write_image (KtPdfWriter *w,
             ImageUse    *use,
             guint        obj)
{
  g_autofree char *dict = NULL;

  if (use->stencil)
    {
      dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %u /Height %u "
                              "/ImageMask true /BitsPerComponent 1 /Decode [1 0] "
                              "/Interpolate false", use->columns, use->rows);
      write_bytes_stream (w, obj, dict, use->bits);
      return;
    }
  if (use->data->alpha != NULL)
    {
      guint smask = new_object (w);
      g_autofree char *mask_dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d "
                                                    "/Height %d /ColorSpace /DeviceGray "
                                                    "/BitsPerComponent 8 /Interpolate true "
                                                    "/Filter /FlateDecode",
                                                    use->data->width, use->data->height);

      dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d "
                              "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Interpolate true "
                              "/SMask %u 0 R /Filter /FlateDecode",
                              use->data->width, use->data->height, smask);
      write_bytes_stream (w, smask, mask_dict, use->data->alpha);
    }
  else
    dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d "
                            "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Interpolate true "
                            "/Filter /FlateDecode", use->data->width, use->data->height);
  write_bytes_stream (w, obj, dict, use->data->rgb);
}

GBytes *
kt_pdf_writer_finish (KtPdfWriter *w)
{
  GString *res = g_string_new ("<< /ProcSet [/PDF /Text /ImageB /ImageC]");
  gsize xref;
  gboolean ok = TRUE;

  g_return_val_if_fail (w->content == NULL, NULL);

  /* The fonts' streams, brought up to date for the CIDs this PDF drew. */
  g_mutex_lock (&cache_lock);
  for (guint i = 0; i < w->fonts->len && ok; i++)
    ok = font_state_build (g_array_index (w->fonts, FontUse, i).state);
  if (ok && w->fonts->len > 0)
    {
      g_string_append (res, " /Font <<");
      for (guint i = 0; i < w->fonts->len; i++)
        {
          FontUse *use = &g_array_index (w->fonts, FontUse, i);
          guint obj = new_object (w);

          g_string_append_printf (res, " /F%u %u 0 R", use->id, obj);
          write_font (w, use, obj);
        }
      g_string_append (res, " >>");
    }
  g_mutex_unlock (&cache_lock);
  if (!ok)
    {
      g_string_free (res, TRUE);
      return NULL;
    }
  if (w->images->len > 0)
    {
      g_string_append (res, " /XObject <<");
      for (guint i = 0; i < w->images->len; i++)
        {
          ImageUse *use = &g_array_index (w->images, ImageUse, i);
          guint obj = new_object (w);

          g_string_append_printf (res, " /I%u %u 0 R", use->id, obj);
          write_image (w, use, obj);
        }
      g_string_append (res, " >>");
    }
  g_string_append (res, " >>\nendobj\n");
  begin_object (w, OBJ_RESOURCES);
  g_string_append_len (w->out, res->str, res->len);
  g_string_free (res, TRUE);

  begin_object (w, OBJ_PAGES);
  g_string_append (w->out, "<< /Type /Pages /Kids [");
  for (guint i = 0; i < w->page_objs->len; i++)
    g_string_append_printf (w->out, "%s%u 0 R", i > 0 ? " " : "",
                            g_array_index (w->page_objs, guint, i));
  g_string_append_printf (w->out, "] /Count %u >>\nendobj\n", w->page_objs->len);

  begin_object (w, OBJ_CATALOG);
  g_string_append_printf (w->out, "<< /Type /Catalog /Pages %u 0 R >>\nendobj\n", OBJ_PAGES);

  begin_object (w, OBJ_INFO);
  g_string_append (w->out, "<< /Title ");
  text_string (w->out, w->title);
  g_string_append (w->out, " /Creator ");
  text_string (w->out, w->creator);
  g_string_append (w->out, " /Producer (Kantora) >>\nendobj\n");

  xref = w->out->len;
  g_string_append_printf (w->out, "xref\n0 %u\n0000000000 65535 f \n", w->offsets->len);
  for (guint i = 1; i < w->offsets->len; i++)
    g_string_append_printf (w->out, "%010" G_GSIZE_FORMAT " 00000 n \n",
                            g_array_index (w->offsets, gsize, i));
  g_string_append_printf (w->out, "trailer\n<< /Size %u /Root %u 0 R /Info %u 0 R >>\n"
                          "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          w->offsets->len, OBJ_CATALOG, OBJ_INFO, xref);
  return g_bytes_new (w->out->str, w->out->len);
}
