/* kt-chart.c: a small bar or line chart of money per label, drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "kantora-shared.h"
#include "kt-chart.h"
#include "kt-format.h"

#define MARGIN_TOP    8.0
#define MARGIN_RIGHT  8.0
#define LABEL_GAP     6.0
#define GRID_LINES    4

struct _KtChart
{
  GtkDrawingArea  parent_instance;

  KtChartKind     kind;
  GStrv           labels;
  GArray         *values;     /* gint64 */
  char            currency[4];
  int             hover;

  /* The plot area of the last draw, for hit tests. */
  double          plot_left;
  double          plot_width;
};

G_DEFINE_FINAL_TYPE (KtChart, kt_chart, GTK_TYPE_DRAWING_AREA)

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *out)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  /* libadwaita 1.2 defines its palette as named colours (accent_bg_color,
   * ...) that change with the dark style; GTK 4.8 reads them here. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
foreground_color (GtkWidget *widget,
                  GdkRGBA   *out)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), out);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* Axis labels stay short ("12k", "1.5M" in major units); the exact amount
 * is in the tooltip and the accessible description. */
static char *
compact_amount (gint64      minor,
                const char *currency)
{
  const KtCurrency *info = kt_currency_lookup (currency);
  double major = (double) minor;

  for (guint i = 0; info != NULL && i < info->digits; i++)
    major /= 10.0;
  if (fabs (major) >= 1e6)
    return g_strdup_printf ("%.1fM", major / 1e6);
  if (fabs (major) >= 1e3)
    return g_strdup_printf ("%.0fk", major / 1e3);
  return g_strdup_printf ("%.0f", major);
}

/* The smallest 1, 2 or 5 x 10^k step that fits @max in GRID_LINES steps. */
static gint64
nice_step (gint64 max)
{
  gint64 magnitude = 1;

  if (max <= 0)
    return 1;
  while (magnitude <= G_MAXINT64 / 10 && magnitude * 10 * GRID_LINES <= max)
    magnitude *= 10;
  for (;;)
    {
      if (magnitude * GRID_LINES >= max)
        return magnitude;
      if (magnitude * 2 * GRID_LINES >= max)
        return magnitude * 2;
      if (magnitude * 5 * GRID_LINES >= max)
        return magnitude * 5;
      magnitude *= 10;
    }
}

static PangoLayout *
make_layout (GtkWidget  *widget,
             const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  KtChart *self = KT_CHART (area);
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg, accent;
  guint n = self->values->len;
  gint64 max = 0, step;
  double left = 0, bottom, plot_h, slot;
  int label_h = 0;

  foreground_color (widget, &fg);
  lookup_color (widget, "accent_bg_color", "#3584e4", &accent);

  for (guint i = 0; i < n; i++)
    max = MAX (max, g_array_index (self->values, gint64, i));
  step = nice_step (max);

  /* The widest axis label decides the left margin. */
  for (int g = 0; g <= GRID_LINES; g++)
    {
      g_autofree char *text = compact_amount (step * g, self->currency);
      g_autoptr(PangoLayout) layout = make_layout (widget, text);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      left = MAX (left, w + LABEL_GAP);
      label_h = MAX (label_h, h);
    }
  bottom = height - label_h - LABEL_GAP;
  plot_h = bottom - MARGIN_TOP;
  self->plot_left = left;
  self->plot_width = MAX (width - left - MARGIN_RIGHT, 1);
  if (plot_h <= 0 || n == 0)
    return;
  slot = self->plot_width / n;

  /* Grid and axis labels, dim. */
  cairo_set_line_width (cr, 1);
  for (int g = 0; g <= GRID_LINES; g++)
    {
      double y = round (bottom - plot_h * g / GRID_LINES) + 0.5;
      g_autofree char *text = compact_amount (step * g, self->currency);
      g_autoptr(PangoLayout) layout = make_layout (widget, text);
      int w, h;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, g == 0 ? 0.3 : 0.1);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, width - MARGIN_RIGHT, y);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
      cairo_move_to (cr, left - LABEL_GAP - w, y - h / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  /* Category labels under the plot. A few named categories (stages) are
   * each shortened to their slot; many short ones (months) skip some when
   * they would touch. */
  {
    gboolean ellipsize = n <= 8;
    guint every = 1;

    for (guint i = 0; i < n && !ellipsize; i++)
      {
        g_autoptr(PangoLayout) layout = make_layout (widget, self->labels[i]);
        int w, h;

        pango_layout_get_pixel_size (layout, &w, &h);
        while (every < n && w + 4 > slot * every)
          every++;
      }
    for (guint i = 0; i < n; i += every)
      {
        g_autoptr(PangoLayout) layout = make_layout (widget, self->labels[i]);
        int w, h;

        if (ellipsize)
          {
            pango_layout_set_width (layout, (int) MAX (slot - 4, 1) * PANGO_SCALE);
            pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          }
        pango_layout_get_pixel_size (layout, &w, &h);
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
        cairo_move_to (cr, left + slot * i + (slot - w) / 2.0, bottom + LABEL_GAP / 2);
        pango_cairo_show_layout (cr, layout);
      }
  }

  if (self->kind == KT_CHART_BARS)
    {
      double bar_w = MAX (slot * 0.6, 1);

      for (guint i = 0; i < n; i++)
        {
          gint64 value = g_array_index (self->values, gint64, i);
          double h = plot_h * (double) MAX (value, 0) / (double) (step * GRID_LINES);
          double x = left + slot * i + (slot - bar_w) / 2;

          cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue,
                                 (int) i == self->hover ? 1.0 : 0.8);
          cairo_rectangle (cr, x, bottom - h, bar_w, h);
          cairo_fill (cr);
        }
    }
  else
    {
      cairo_set_line_width (cr, 2);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint i = 0; i < n; i++)
        {
          gint64 value = g_array_index (self->values, gint64, i);
          double x = left + slot * i + slot / 2;
          double y = bottom - plot_h * (double) MAX (value, 0) / (double) (step * GRID_LINES);

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
      cairo_stroke_preserve (cr);
      /* A light fill under the line. */
      cairo_line_to (cr, left + slot * (n - 1) + slot / 2, bottom);
      cairo_line_to (cr, left + slot / 2, bottom);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.15);
      cairo_fill (cr);
      for (guint i = 0; i < n; i++)
        {
          gint64 value = g_array_index (self->values, gint64, i);
          double x = left + slot * i + slot / 2;
          double y = bottom - plot_h * (double) MAX (value, 0) / (double) (step * GRID_LINES);

          cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
          cairo_arc (cr, x, y, (int) i == self->hover ? 5 : 3, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     KtChart    *self)
{
  g_autofree char *text = NULL;
  int index = kt_chart_index_at (self, x);

  if (index < 0)
    return FALSE;
  text = kt_chart_dup_value_text (self, (guint) index);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              KtChart                  *self)
{
  int index = kt_chart_index_at (self, x);

  if (index != self->hover)
    {
      self->hover = index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave_cb (GtkEventControllerMotion *motion,
             KtChart                  *self)
{
  self->hover = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_dark_changed_cb (AdwStyleManager *manager,
                    GParamSpec      *pspec,
                    KtChart         *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_description (KtChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->values->len; i++)
    {
      g_autofree char *value = kt_chart_dup_value_text (self, i);

      g_string_append_printf (text, "%s%s", i > 0 ? "; " : "", value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

static void
kt_chart_finalize (GObject *object)
{
  KtChart *self = KT_CHART (object);

  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->values, g_array_unref);

  G_OBJECT_CLASS (kt_chart_parent_class)->finalize (object);
}

static void
kt_chart_class_init (KtChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kt_chart_finalize;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kt_chart_init (KtChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->values = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->labels = g_new0 (char *, 1);
  self->hover = -1;
  g_strlcpy (self->currency, KT_DEFAULT_CURRENCY, sizeof self->currency);

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 180);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_chart, NULL, NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, 0);
}

GtkWidget *
kt_chart_new (KtChartKind kind)
{
  KtChart *self = g_object_new (KT_TYPE_CHART, NULL);

  self->kind = kind;
  return GTK_WIDGET (self);
}

KtChartKind
kt_chart_get_kind (KtChart *self)
{
  g_return_val_if_fail (KT_IS_CHART (self), KT_CHART_BARS);
  return self->kind;
}

void
kt_chart_set_kind (KtChart     *self,
                   KtChartKind  kind)
{
  g_return_if_fail (KT_IS_CHART (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kt_chart_set_data (KtChart            *self,
                   const char * const *labels,
                   const gint64       *values,
                   guint               n,
                   const char         *currency)
{
  g_return_if_fail (KT_IS_CHART (self));
  g_return_if_fail (n == 0 || (labels != NULL && values != NULL));

  g_strfreev (self->labels);
  self->labels = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    self->labels[i] = g_strdup (labels[i] != NULL ? labels[i] : "");
  g_array_set_size (self->values, 0);
  g_array_append_vals (self->values, values, n);
  g_strlcpy (self->currency, currency != NULL ? currency : KT_DEFAULT_CURRENCY,
             sizeof self->currency);
  self->hover = -1;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
kt_chart_get_n_values (KtChart *self)
{
  g_return_val_if_fail (KT_IS_CHART (self), 0);
  return self->values->len;
}

gint64
kt_chart_get_value (KtChart *self,
                    guint    index)
{
  g_return_val_if_fail (KT_IS_CHART (self), 0);
  g_return_val_if_fail (index < self->values->len, 0);
  return g_array_index (self->values, gint64, index);
}

int
kt_chart_index_at (KtChart *self,
                   double   x)
{
  double slot;
  int index;

  g_return_val_if_fail (KT_IS_CHART (self), -1);

  if (self->values->len == 0 || self->plot_width <= 0 || x < self->plot_left)
    return -1;
  slot = self->plot_width / self->values->len;
  index = (int) ((x - self->plot_left) / slot);
  return index < (int) self->values->len ? index : -1;
}

char *
kt_chart_dup_value_text (KtChart *self,
                         guint    index)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (KT_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->values->len, NULL);

  value = kt_format_money (g_array_index (self->values, gint64, index), self->currency);
  return g_strdup_printf ("%s: %s", self->labels[index], value);
}
