/* kt-chart.h: a small bar or line chart of money per label, drawn with cairo
 *
 * Colours come from the libadwaita palette of the current style, so the
 * chart follows light and dark; hovering a bar or point shows its exact
 * value, and the accessible description lists every value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  KT_CHART_BARS,
  KT_CHART_LINE,
} KtChartKind;

#define KT_TYPE_CHART (kt_chart_get_type ())
G_DECLARE_FINAL_TYPE (KtChart, kt_chart, KT, CHART, GtkDrawingArea)

GtkWidget   *kt_chart_new          (KtChartKind kind);
KtChartKind  kt_chart_get_kind     (KtChart    *self);
void         kt_chart_set_kind     (KtChart    *self,
                                    KtChartKind kind);
/* @labels and @values have @n entries; amounts in minor units of
 * @currency. Copies everything. */
void         kt_chart_set_data     (KtChart            *self,
                                    const char * const *labels,
                                    const gint64       *values,
                                    guint               n,
                                    const char         *currency);
guint        kt_chart_get_n_values (KtChart    *self);
gint64       kt_chart_get_value    (KtChart    *self,
                                    guint       index);
/* The bar or point under @x (widget coordinates), or -1. */
int          kt_chart_index_at     (KtChart    *self,
                                    double      x);
/* "Mar 2026: €1,234.56", what the tooltip shows for @index. */
char        *kt_chart_dup_value_text (KtChart  *self,
                                      guint     index);

G_END_DECLS
