/* kt-dashboard.c: the Dashboard pane, where a sales team stands
 *
 * Every figure and chart comes from an aggregate query in kt-store-stats;
 * the pane redoes them a moment after the store changes, coalescing a burst
 * of writes (an import, a sync) into one refresh. The queries run in a
 * worker thread on a read-only connection of their own (KtDashboardReader),
 * so the window never waits for them; a refresh cancels the one before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-chart.h"
#include "kt-dashboard-data.h"
#include "kt-dashboard.h"
#include "kt-format.h"
#include "kt-pipelines.h"

#define MONTHS 12
#define REFRESH_DELAY_MS 300
/* The pane widths from which the eight figure cards go two and four a
 * row (a card needs about 220 px, plus spacing and margins). */
#define TWO_COLUMNS_WIDTH 480
#define FOUR_COLUMNS_WIDTH 940

struct _KtDashboard
{
  GtkWidget         parent_instance;

  KtContext        *context;
  KtStore          *store;
  KtDashboardReader *reader;
  GCancellable     *cancellable;   /* the refresh under way */
  KtDashboardData  *data;          /* what is shown */
  char             *currency;
  GHashTable       *figures;   /* name -> GtkLabel (value) */
  GHashTable       *details;   /* name -> GtkLabel (detail line) */
  GHashTable       *charts;    /* name -> KtChart */
  guint             refresh_timeout;
  guint             columns;   /* figure cards a row: 1, 2 or 4 */

  GtkStack         *stack;
  GtkFlowBox       *figures_box;
  GtkFlowBox       *charts_box;
};

G_DEFINE_FINAL_TYPE (KtDashboard, kt_dashboard, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_figure (KtDashboard *self,
            const char  *name,
            const char  *title)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value = gtk_label_new ("—");
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "figure-card");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "caption-heading");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  /* Sums in several currencies take a line each; a long one wraps
   * rather than being cut. */
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD);
  gtk_widget_add_css_class (value, "title-2");
  gtk_widget_add_css_class (value, "numeric");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (card), title_label);
  gtk_box_append (GTK_BOX (card), value);
  gtk_box_append (GTK_BOX (card), detail);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title_label, NULL, -1);
  gtk_widget_set_hexpand (card, TRUE);

  gtk_flow_box_append (self->figures_box, card);
  gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
  g_hash_table_insert (self->figures, (gpointer) name, value);
  g_hash_table_insert (self->details, (gpointer) name, detail);
}

static void
add_chart (KtDashboard *self,
           const char  *name,
           const char  *title,
           KtChartKind  kind)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *chart = kt_chart_new (kind);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *empty = gtk_label_new (_("Nothing in this period yet"));

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "chart-card");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_widget_set_vexpand (chart, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
  gtk_label_set_justify (GTK_LABEL (empty), GTK_JUSTIFY_CENTER);
  /* Axes of zeros say nothing: an empty chart says so instead. The stack
   * is the chart's parent, so the chart finds it (update_chart_page). */
  gtk_stack_add_named (GTK_STACK (stack), chart, "chart");
  gtk_stack_add_named (GTK_STACK (stack), empty, "empty");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "empty");
  gtk_box_append (GTK_BOX (card), title_label);
  gtk_box_append (GTK_BOX (card), stack);
  gtk_flow_box_append (self->charts_box, card);
  gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
  g_hash_table_insert (self->charts, (gpointer) name, chart);
}

static void
set_figure (KtDashboard *self,
            const char  *name,
            const char  *value,
            const char  *detail)
{
  gtk_label_set_label (g_hash_table_lookup (self->figures, name), value);
  if (detail != NULL)
    gtk_label_set_label (g_hash_table_lookup (self->details, name), detail);
}

/* "€12,000.00" for the main currency, other currencies after it, each
 * after @separator (a new line in a card's value, where a long "+" chain
 * would not fit); the sums are never converted into one another. */
static char *
format_sums (GArray     *sums,
             const char *main_currency,
             gboolean    weighted,
             const char *separator)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 main_value = 0;

  for (guint i = 0; sums != NULL && i < sums->len; i++)
    {
      const KtCurrencySum *sum = &g_array_index (sums, KtCurrencySum, i);

      if (g_strcmp0 (sum->currency, main_currency) == 0)
        main_value = weighted ? sum->weighted : sum->value;
    }
  {
    g_autofree char *main_text = kt_format_money (main_value, main_currency);

    g_string_append (text, main_text);
  }
  for (guint i = 0; sums != NULL && i < sums->len; i++)
    {
      const KtCurrencySum *sum = &g_array_index (sums, KtCurrencySum, i);
      g_autofree char *other = NULL;

      if (g_strcmp0 (sum->currency, main_currency) == 0)
        continue;
      other = kt_format_money (weighted ? sum->weighted : sum->value, sum->currency);
      g_string_append (text, separator);
      g_string_append (text, other);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_figures (KtDashboard *self)
{
  KtDashboardStats *stats = self->data->stats;
  g_autofree char *open = format_sums (stats->open, self->currency, FALSE, "\n");
  g_autofree char *forecast = format_sums (stats->open, self->currency, TRUE, "\n");
  g_autofree char *forecast_detail = NULL;
  g_autofree char *won = NULL, *won_detail = NULL, *won_value = NULL;
  g_autofree char *lost = NULL, *lost_detail = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *overdue = NULL, *today = NULL;
  g_autofree char *invoices = NULL, *unpaid = NULL, *unpaid_detail = NULL;
  g_autofree char *number = NULL;
  gint64 open_count = 0;

  for (guint i = 0; i < stats->open->len; i++)
    open_count += g_array_index (stats->open, KtCurrencySum, i).count;
  {
    g_autofree char *count = kt_format_number (open_count);
    /* Translators: %s is a number with thousands separators ("13,456") */
    g_autofree char *detail = g_strdup_printf (ngettext ("%s open deal", "%s open deals",
                                                         (unsigned long) open_count),
                                               count);

    set_figure (self, "open", open, detail);
  }
  forecast_detail = g_strdup (_("Value × win probability of each stage"));
  set_figure (self, "forecast", forecast, forecast_detail);

  won = kt_format_number (stats->won_this_month);
  won_value = format_sums (stats->won_this_month_value, self->currency, FALSE, " + ");
  number = kt_format_number (stats->won_last_month);
  /* Translators: under "Won this month": its value, then last month's count
   * (a number with thousands separators). */
  won_detail = g_strdup_printf (_("%s · last month %s"), won_value, number);
  set_figure (self, "won", won, won_detail);

  lost = kt_format_number (stats->lost_this_month);
  g_free (number);
  number = kt_format_number (stats->lost_last_month);
  /* Translators: %s is a number with thousands separators */
  lost_detail = g_strdup_printf (_("Last month %s"), number);
  set_figure (self, "lost", lost, lost_detail);

  if (stats->win_rate_bps >= 0)
    /* Translators: a percentage; English writes "53%", Bulgarian "53 %"
     * (with a no-break space) */
    rate = g_strdup_printf (_("%d%%"), (int) ((stats->win_rate_bps + 50) / 100));
  set_figure (self, "win-rate", rate != NULL ? rate : "—",
              _("Won of the deals closed in the last 12 months"));

  overdue = kt_format_number (stats->tasks_overdue);
  g_free (number);
  number = kt_format_number (stats->tasks_due_today);
  /* Translators: %s is a number with thousands separators */
  today = g_strdup_printf (ngettext ("%s more due today", "%s more due today",
                                     (unsigned long) stats->tasks_due_today),
                           number);
  set_figure (self, "tasks-overdue", overdue, today);
  set_figure (self, "tasks-today", today, NULL);

  invoices = kt_format_number (stats->invoices_overdue);
  set_figure (self, "invoices-overdue", invoices, _("Past their due date and not paid"));
  unpaid = format_sums (stats->unpaid, self->currency, FALSE, "\n");
  {
    gint64 n = 0;

    for (guint i = 0; i < stats->unpaid->len; i++)
      n += g_array_index (stats->unpaid, KtCurrencySum, i).count;
    g_free (number);
    number = kt_format_number (n);
    /* Translators: %s is a number with thousands separators */
    unpaid_detail = g_strdup_printf (ngettext ("%s invoice sent and not yet paid",
                                               "%s invoices sent and not yet paid",
                                               (unsigned long) n), number);
  }
  set_figure (self, "unpaid", unpaid, unpaid_detail);
}

/* The chart, or "nothing yet" when every value is zero. */
static void
update_chart_page (GtkWidget    *chart,
                   const gint64 *values,
                   guint         n)
{
  gboolean any = FALSE;

  for (guint i = 0; i < n && !any; i++)
    any = values[i] != 0;
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (chart)), any ? "chart" : "empty");
}

static void
update_stage_chart (KtDashboard *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; i < self->data->stage_labels->len; i++)
    g_ptr_array_add (labels, g_ptr_array_index (self->data->stage_labels, i));
  g_ptr_array_add (labels, NULL);
  kt_chart_set_data (g_hash_table_lookup (self->charts, "by-stage"),
                     (const char * const *) labels->pdata,
                     (const gint64 *) self->data->stage_values->data,
                     self->data->stage_values->len, self->currency);
  update_chart_page (g_hash_table_lookup (self->charts, "by-stage"),
                     (const gint64 *) self->data->stage_values->data,
                     self->data->stage_values->len);
}

static void
update_month_chart (KtDashboard *self,
                    const char  *name,
                    GArray      *values,
                    GDateTime   *now)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  if (values == NULL)
    return;
  for (int i = 0; i < (int) values->len; i++)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
      g_autoptr(GDateTime) first = g_date_time_new_utc (g_date_time_get_year (utc),
                                                        g_date_time_get_month (utc), 1, 0, 0, 0);
      g_autoptr(GDateTime) month = g_date_time_add_months (first, i - (int) values->len + 1);

      /* The UI language's names, not the C library's locale. */
      g_ptr_array_add (labels, g_strdup (kt_format_month_abbreviation (g_date_time_get_month (month))));
    }
  kt_chart_set_data (g_hash_table_lookup (self->charts, name),
                     (const char * const *) labels->pdata, (const gint64 *) values->data,
                     values->len, self->currency);
  update_chart_page (g_hash_table_lookup (self->charts, name),
                     (const gint64 *) values->data, values->len);
}

/* A store with no deal, task, invoice or payment to count: a page of
 * zeros would only look broken. */
static gboolean
is_empty (const KtDashboardData *data)
{
  const KtDashboardStats *stats = data->stats;
  GArray *series[] = { data->stage_values, data->won, data->collected };

  if (stats->open->len > 0 || stats->won_this_month_value->len > 0 || stats->unpaid->len > 0 ||
      stats->won_this_month > 0 || stats->won_last_month > 0 ||
      stats->lost_this_month > 0 || stats->lost_last_month > 0 || stats->win_rate_bps >= 0 ||
      stats->tasks_overdue > 0 || stats->tasks_due_today > 0 || stats->invoices_overdue > 0)
    return FALSE;

  for (guint s = 0; s < G_N_ELEMENTS (series); s++)
    for (guint i = 0; series[s] != NULL && i < series[s]->len; i++)
      if (g_array_index (series[s], gint64, i) != 0)
        return FALSE;

  return TRUE;
}

typedef struct {
  KtDashboard *dashboard;
  GDateTime   *now;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_object_unref (refresh->dashboard);
  g_date_time_unref (refresh->now);
  g_free (refresh);
}

static void
on_computed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Refresh *refresh = user_data;
  KtDashboard *self = refresh->dashboard;
  g_autoptr(KtDashboardData) data = NULL;
  g_autoptr(GError) error = NULL;

  data = kt_dashboard_data_compute_finish (result, &error);
  /* A newer refresh took over, or the pane went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    {
      refresh_free (refresh);
      return;
    }
  g_clear_object (&self->cancellable);
  if (data == NULL)
    {
      g_warning ("Could not compute the dashboard: %s", error->message);
      refresh_free (refresh);
      return;
    }

  g_clear_pointer (&self->data, kt_dashboard_data_free);
  self->data = g_steal_pointer (&data);
  g_free (self->currency);
  self->currency = g_strdup (self->data->currency);

  update_figures (self);
  update_stage_chart (self);
  update_month_chart (self, "won-by-month", self->data->won, refresh->now);
  update_month_chart (self, "collected-by-month", self->data->collected, refresh->now);
  gtk_stack_set_visible_child_name (self->stack, is_empty (self->data) ? "empty" : "figures");
  refresh_free (refresh);
}

void
kt_dashboard_refresh (KtDashboard *self,
                      GDateTime   *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  Refresh *refresh;

  g_return_if_fail (KT_IS_DASHBOARD (self));

  g_clear_handle_id (&self->refresh_timeout, g_source_remove);
  if (now == NULL)
    now = local_now = kt_format_now ();

  /* Only the newest refresh is shown: the one under way stops. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  refresh = g_new0 (Refresh, 1);
  refresh->dashboard = g_object_ref (self);
  refresh->now = g_date_time_ref (now);
  kt_dashboard_data_compute_async (self->reader, now, MONTHS, self->cancellable,
                                   on_computed_cb, refresh);
}

gboolean
kt_dashboard_is_refreshing (KtDashboard *self)
{
  g_return_val_if_fail (KT_IS_DASHBOARD (self), FALSE);
  return self->cancellable != NULL;
}

static gboolean
refresh_timeout_cb (gpointer data)
{
  KtDashboard *self = data;

  self->refresh_timeout = 0;
  kt_dashboard_refresh (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (KtStore     *store,
                     const char  *entity,
                     const char  *record_id,
                     KtDashboard *self)
{
  static const char * const watched[] = {
    "deal", "stage", "pipeline", "task", "invoice", "payment", NULL
  };

  if (entity != NULL && !g_strv_contains (watched, entity))
    return;
  if (self->refresh_timeout == 0)
    self->refresh_timeout = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
kt_dashboard_constructed (GObject *object)
{
  KtDashboard *self = KT_DASHBOARD (object);

  G_OBJECT_CLASS (kt_dashboard_parent_class)->constructed (object);

  g_return_if_fail (KT_IS_CONTEXT (self->context));
  self->store = g_object_ref (kt_context_get_store (self->context));
  self->reader = kt_dashboard_reader_new (kt_store_get_path (self->store));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  kt_pipelines_ensure_default (self->store, NULL);
  kt_dashboard_refresh (self, NULL);
}

static void
kt_dashboard_dispose (GObject *object)
{
  KtDashboard *self = KT_DASHBOARD (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_timeout, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_DASHBOARD);
  /* GTK 4.8 only drops the template children bound to fields; the
   * unbound top-level children are unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->data, kt_dashboard_data_free);
  g_clear_pointer (&self->reader, kt_dashboard_reader_unref);
  g_clear_pointer (&self->figures, g_hash_table_unref);
  g_clear_pointer (&self->details, g_hash_table_unref);
  g_clear_pointer (&self->charts, g_hash_table_unref);
  g_clear_pointer (&self->currency, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_dashboard_parent_class)->dispose (object);
}

static void
kt_dashboard_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KtDashboard *self = KT_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_dashboard_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KtDashboard *self = KT_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  kt_dashboard_refresh (KT_DASHBOARD (widget), NULL);
}

static void
kt_dashboard_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  KtDashboard *self = KT_DASHBOARD (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural,
                        minimum_baseline, natural_baseline);

  /* With two or four cards a row the flow box asks for room for all of
   * them, which would hold the window at that width: what the dashboard
   * needs is one card a row, the count it goes to when narrower
   * (size_allocate). */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && self->columns > 1)
    {
      int flow_min = 0, charts_min = 0, card_max = 0;

      gtk_widget_measure (GTK_WIDGET (self->figures_box), orientation, -1, &flow_min, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (self->charts_box), orientation, -1, &charts_min, NULL, NULL, NULL);
      for (GtkWidget *card = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box));
           card != NULL;
           card = gtk_widget_get_next_sibling (card))
        {
          int card_min = 0;

          gtk_widget_measure (card, orientation, -1, &card_min, NULL, NULL, NULL);
          card_max = MAX (card_max, card_min);
        }
      *minimum = MIN (*minimum, *minimum - MAX (flow_min, charts_min) + MAX (card_max, charts_min));
    }
}

/* The figure cards go one, two or four a row, never three: eight cards in
 * rows of three would leave a hole. A flow box alone would pick three
 * wherever three fit, so the count follows the width here. */
static void
kt_dashboard_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  KtDashboard *self = KT_DASHBOARD (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);
  guint columns = width >= FOUR_COLUMNS_WIDTH ? 4 : width >= TWO_COLUMNS_WIDTH ? 2 : 1;

  if (columns != self->columns)
    {
      self->columns = columns;
      gtk_flow_box_set_min_children_per_line (self->figures_box, columns);
      gtk_flow_box_set_max_children_per_line (self->figures_box, columns);
    }
  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
kt_dashboard_class_init (KtDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_dashboard_constructed;
  object_class->dispose = kt_dashboard_dispose;
  object_class->get_property = kt_dashboard_get_property;
  object_class->set_property = kt_dashboard_set_property;
  widget_class->measure = kt_dashboard_measure;
  widget_class->size_allocate = kt_dashboard_size_allocate;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/dashboard/kt-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, KtDashboard, stack);
  gtk_widget_class_bind_template_child (widget_class, KtDashboard, figures_box);
  gtk_widget_class_bind_template_child (widget_class, KtDashboard, charts_box);
  /* F5, as in every pane; nothing to add or search here, so the window
   * hides its New and Search buttons (no pane.new, no pane.search). */
  gtk_widget_class_install_action (widget_class, "pane.reload", NULL, refresh_action);
  gtk_widget_class_set_css_name (widget_class, "dashboard");
}

static void
ensure_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded || gdk_display_get_default () == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/kantora/Kantora/dashboard/dashboard.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
kt_dashboard_init (KtDashboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_css ();
  self->figures = g_hash_table_new (g_str_hash, g_str_equal);
  self->details = g_hash_table_new (g_str_hash, g_str_equal);
  self->charts = g_hash_table_new (g_str_hash, g_str_equal);

  add_figure (self, "open", _("Open Pipeline"));
  add_figure (self, "forecast", _("Weighted Forecast"));
  add_figure (self, "won", _("Won This Month"));
  add_figure (self, "lost", _("Lost This Month"));
  add_figure (self, "win-rate", _("Win Rate"));
  add_figure (self, "tasks-overdue", _("Tasks Overdue"));
  add_figure (self, "invoices-overdue", _("Invoices Overdue"));
  add_figure (self, "unpaid", _("Unpaid Invoices"));
  /* "tasks-today" shares the tasks card: its detail line. */
  g_hash_table_insert (self->figures, (gpointer) "tasks-today",
                       g_hash_table_lookup (self->details, "tasks-overdue"));

  add_chart (self, "by-stage", _("Open Value by Stage"), KT_CHART_BARS);
  add_chart (self, "won-by-month", _("Won per Month"), KT_CHART_BARS);
  add_chart (self, "collected-by-month", _("Revenue Collected per Month"), KT_CHART_LINE);
}

GtkWidget *
kt_dashboard_new (KtContext *context)
{
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_DASHBOARD, "context", context, NULL);
}

const KtDashboardStats *
kt_dashboard_get_stats (KtDashboard *self)
{
  g_return_val_if_fail (KT_IS_DASHBOARD (self), NULL);
  return self->data != NULL ? self->data->stats : NULL;
}

const char *
kt_dashboard_get_figure (KtDashboard *self,
                         const char  *name)
{
  GtkLabel *label;

  g_return_val_if_fail (KT_IS_DASHBOARD (self), NULL);

  label = g_hash_table_lookup (self->figures, name);
  return label != NULL ? gtk_label_get_label (label) : NULL;
}

const char *
kt_dashboard_get_detail (KtDashboard *self,
                         const char  *name)
{
  GtkLabel *label;

  g_return_val_if_fail (KT_IS_DASHBOARD (self), NULL);

  label = g_hash_table_lookup (self->details, name);
  return label != NULL ? gtk_label_get_label (label) : NULL;
}

gboolean
kt_dashboard_is_empty (KtDashboard *self)
{
  g_return_val_if_fail (KT_IS_DASHBOARD (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;
}

GtkWidget *
kt_dashboard_get_chart (KtDashboard *self,
                        const char  *name)
{
  g_return_val_if_fail (KT_IS_DASHBOARD (self), NULL);
  return g_hash_table_lookup (self->charts, name);
}

const char *
kt_dashboard_get_currency (KtDashboard *self)
{
  g_return_val_if_fail (KT_IS_DASHBOARD (self), NULL);
  return self->currency;
}
