/* test-ui-dashboard.c: the dashboard's figures and charts against SQL
 *
 * A generated data set goes into the store; what the dashboard shows is
 * compared with figures computed here by separate SQL over the same file.
 * Screenshots, light and dark, are saved for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-chart.h"
#include "kt-dashboard.h"
#include "kt-format.h"
#include "kt-pipelines.h"
#include "kt-store-private.h"
#include "kt-ui-test.h"

static char *
iso_at (GDateTime *now,
        double     days)
{
  g_autoptr(GDateTime) time = g_date_time_add_seconds (now, days * 86400);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z");
}

/* The figures are computed in a worker thread: wait for them. */
static void
wait_refreshed (KtDashboard *dashboard)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (kt_dashboard_is_refreshing (dashboard) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (kt_dashboard_is_refreshing (dashboard));
  kt_ui_iterate (10);
}

static void
fill_dashboard (KtStore *store)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  static const char * const currencies[] = { "EUR", "EUR", "EUR", "BGN" };

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  pipelines = kt_pipelines_load (store, &error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (g_ptr_array_index (pipelines, 0)), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 400; i++)
    {
      KtRecord *deal = kt_record_new (KT_ENTITY_DEAL);
      KtRecord *stage = g_ptr_array_index (stages, g_rand_int_range (rand, 0, stages->len));
      const char *kind = kt_record_get_string (stage, "kind");
      g_autofree char *title = g_strdup_printf ("Deal %u", i);

      kt_record_set_string (deal, "title", title);
      kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
      kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
      kt_record_set_string (deal, "status", kind);
      kt_record_set_string (deal, "currency", currencies[g_rand_int_range (rand, 0, 4)]);
      kt_record_set_int (deal, "value", g_rand_int_range (rand, 10000, 3000000));
      kt_record_set_int (deal, "position", i);
      if (!g_str_equal (kind, "open"))
        {
          g_autofree char *closed = iso_at (now, -g_rand_double_range (rand, 0, 360));

          kt_record_set_string (deal, "closed_at", closed);
        }
      g_ptr_array_add (records, deal);
    }
  for (guint i = 0; i < 120; i++)
    {
      KtRecord *task = kt_record_new (kt_entity_lookup ("task"));
      g_autofree char *due = iso_at (now, g_rand_double_range (rand, -4, 2));
      g_autofree char *title = g_strdup_printf ("Task %u", i);

      kt_record_set_string (task, "title", title);
      kt_record_set_string (task, "due_at", due);
      if (i % 4 == 0)
        {
          kt_record_set_bool (task, "done", TRUE);
          kt_record_set_string (task, "done_at", due);
        }
      g_ptr_array_add (records, task);
    }
  for (guint i = 0; i < 150; i++)
    {
      static const char * const statuses[] = { "draft", "sent", "partially_paid", "paid", "overdue" };
      KtRecord *invoice = kt_record_new (kt_entity_lookup ("invoice"));
      KtRecord *payment = kt_record_new (kt_entity_lookup ("payment"));
      g_autofree char *number = g_strdup_printf ("INV-%04u", i);
      g_autofree char *due = iso_at (now, g_rand_double_range (rand, -30, 30));
      g_autofree char *received = iso_at (now, -g_rand_double_range (rand, 0, 360));
      const char *status = statuses[g_rand_int_range (rand, 0, 5)];
      gint64 total = g_rand_int_range (rand, 1000, 900000);

      due[10] = '\0';
      kt_record_set_string (invoice, "number", number);
      kt_record_set_string (invoice, "status", status);
      kt_record_set_string (invoice, "issue_date", "2020-01-01");
      kt_record_set_string (invoice, "due_date", due);
      kt_record_set_string (invoice, "currency", "EUR");
      kt_record_set_int (invoice, "total", total);
      if (g_str_equal (status, "partially_paid"))
        kt_record_set_int (invoice, "paid_amount", total / 2);
      g_ptr_array_add (records, invoice);

      kt_record_set_int (payment, "amount", g_rand_int_range (rand, 1000, 500000));
      kt_record_set_string (payment, "currency", "EUR");
      kt_record_set_string (payment, "received_at", received);
      g_ptr_array_add (records, payment);
    }
  g_assert_true (kt_store_save_all (store, records, &error));
  g_assert_no_error (error);
}

/* One integer from independent SQL over the application's store. */
static gint64
sql_int (KtStore    *store,
         const char *sql,
         const char *a,
         const char *b)
{
  sqlite3 *db = kt_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (a != NULL)
    sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
assert_figure (KtDashboard *dashboard,
               const char  *name,
               gint64       expected)
{
  g_autofree char *text = kt_format_number (expected);

  g_assert_cmpstr (kt_dashboard_get_figure (dashboard, name), ==, text);
}

static void
test_dashboard_figures (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_application_get_context (fixture->app));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) month = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr(GDateTime) next_month = g_date_time_add_months (month, 1);
  g_autofree char *from = g_date_time_format (month, "%Y-%m-%dT00:00:00.000Z");
  g_autofree char *to = g_date_time_format (next_month, "%Y-%m-%dT00:00:00.000Z");
  g_autofree char *now_iso = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.000Z");
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  KtDashboard *dashboard;
  KtChart *by_stage, *collected;
  gint64 open_eur, weighted_eur;

  g_assert_true (kt_window_show_section (fixture->window, "dashboard"));
  kt_ui_iterate (50);
  dashboard = KT_DASHBOARD (kt_window_get_pane (fixture->window, "dashboard"));
  g_assert_nonnull (dashboard);
  /* An older refresh, replaced at once by the one that counts: only the
   * newest is ever shown. */
  {
    g_autoptr(GDateTime) long_ago = g_date_time_new_utc (2001, 1, 1, 0, 0, 0);

    kt_dashboard_refresh (dashboard, long_ago);
  }
  kt_dashboard_refresh (dashboard, now);
  g_assert_true (kt_dashboard_is_refreshing (dashboard));
  wait_refreshed (dashboard);
  g_assert_cmpstr (kt_dashboard_get_currency (dashboard), ==, "EUR");

  open_eur = sql_int (store, "SELECT SUM(value) FROM deals WHERE deleted = 0 AND status = 'open' AND currency = 'EUR'",
                      NULL, NULL);
  weighted_eur = sql_int (store,
                          "SELECT (SUM(d.value * s.probability_bps) + 5000) / 10000 FROM deals d "
                          "JOIN stages s ON s.id = d.stage_id "
                          "WHERE d.deleted = 0 AND d.status = 'open' AND d.currency = 'EUR'", NULL, NULL);
  {
    g_autofree char *open_text = kt_format_money (open_eur, "EUR");
    g_autofree char *weighted_text = kt_format_money (weighted_eur, "EUR");

    /* The main currency first; BGN deals follow, never converted. */
    g_assert_true (g_str_has_prefix (kt_dashboard_get_figure (dashboard, "open"), open_text));
    g_assert_nonnull (strstr (kt_dashboard_get_figure (dashboard, "open"), "BGN") ?
                      strstr (kt_dashboard_get_figure (dashboard, "open"), "BGN") :
                      strstr (kt_dashboard_get_figure (dashboard, "open"), "лв"));
    g_assert_true (g_str_has_prefix (kt_dashboard_get_figure (dashboard, "forecast"), weighted_text));
  }

  assert_figure (dashboard, "won",
                 sql_int (store, "SELECT COUNT(*) FROM deals WHERE deleted = 0 AND status = 'won' "
                                 "AND closed_at >= ?1 AND closed_at < ?2", from, to));
  assert_figure (dashboard, "lost",
                 sql_int (store, "SELECT COUNT(*) FROM deals WHERE deleted = 0 AND status = 'lost' "
                                 "AND closed_at >= ?1 AND closed_at < ?2", from, to));
  assert_figure (dashboard, "tasks-overdue",
                 sql_int (store, "SELECT COUNT(*) FROM tasks WHERE deleted = 0 AND COALESCE(done, 0) = 0 "
                                 "AND due_at < ?1", now_iso, NULL));
  g_assert_cmpint (kt_dashboard_get_stats (dashboard)->tasks_overdue, >, 0);
  assert_figure (dashboard, "invoices-overdue",
                 sql_int (store, "SELECT COUNT(*) FROM invoices WHERE deleted = 0 AND (status = 'overdue' "
                                 "OR (status IN ('sent', 'partially_paid') AND due_date < ?1))", today, NULL));
  {
    g_autofree char *unpaid = kt_format_money (sql_int (store,
        "SELECT SUM(total - COALESCE(paid_amount, 0)) FROM invoices WHERE deleted = 0 "
        "AND status IN ('sent', 'partially_paid', 'overdue')", NULL, NULL), "EUR");

    g_assert_cmpstr (kt_dashboard_get_figure (dashboard, "unpaid"), ==, unpaid);
  }
  {
    g_autofree char *year_ago = kt_stats_month_start_iso (now, -11);
    gint64 won = sql_int (store, "SELECT COUNT(*) FROM deals WHERE deleted = 0 AND status = 'won' "
                                 "AND closed_at >= ?1", year_ago, NULL);
    gint64 lost = sql_int (store, "SELECT COUNT(*) FROM deals WHERE deleted = 0 AND status = 'lost' "
                                  "AND closed_at >= ?1", year_ago, NULL);
    /* English writes "53%", without a space. */
    g_autofree char *rate = g_strdup_printf ("%d%%", (int) (((won * 10000 + (won + lost) / 2) / (won + lost) + 50) / 100));

    g_assert_cmpstr (kt_dashboard_get_figure (dashboard, "win-rate"), ==, rate);
  }

  /* Value by stage: the open stages, in EUR. */
  by_stage = KT_CHART (kt_dashboard_get_chart (dashboard, "by-stage"));
  g_assert_cmpuint (kt_chart_get_n_values (by_stage), ==, 4);
  {
    gint64 sum = 0;

    for (guint i = 0; i < 4; i++)
      sum += kt_chart_get_value (by_stage, i);
    g_assert_cmpint (sum, ==, open_eur);
    g_assert_cmpint (kt_chart_get_value (by_stage, 0), ==,
                     sql_int (store, "SELECT COALESCE(SUM(d.value), 0) FROM deals d JOIN stages s ON s.id = d.stage_id "
                                     "WHERE d.deleted = 0 AND d.status = 'open' AND d.currency = 'EUR' "
                                     "AND s.position = 0", NULL, NULL));
  }

  collected = KT_CHART (kt_dashboard_get_chart (dashboard, "collected-by-month"));
  g_assert_cmpuint (kt_chart_get_n_values (collected), ==, 12);
  g_assert_cmpint (kt_chart_get_value (collected, 11), ==,
                   sql_int (store, "SELECT COALESCE(SUM(amount), 0) FROM payments WHERE deleted = 0 "
                                   "AND currency = 'EUR' AND received_at >= ?1 AND received_at < ?2", from, to));

  /* The tooltip text of a bar names its exact value. */
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  {
    int width = gtk_widget_get_width (GTK_WIDGET (by_stage));
    int index = kt_chart_index_at (by_stage, width - 10);
    g_autofree char *text = NULL;
    g_autofree char *value = NULL;

    g_assert_cmpint (index, ==, 3);
    text = kt_chart_dup_value_text (by_stage, (guint) index);
    value = kt_format_money (kt_chart_get_value (by_stage, 3), "EUR");
    g_assert_true (g_str_has_suffix (text, value));
    g_assert_true (g_str_has_prefix (text, "Negotiation"));
  }

  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "dashboard"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  kt_ui_iterate (100);
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "dashboard-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_dashboard_follows_store (KtUiFixture   *fixture,
                              gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_application_get_context (fixture->app));
  g_autoptr(KtRecord) task = kt_record_new (kt_entity_lookup ("task"));
  g_autoptr(GError) error = NULL;
  KtDashboard *dashboard;
  gint64 before;

  g_assert_true (kt_window_show_section (fixture->window, "dashboard"));
  kt_ui_iterate (50);
  dashboard = KT_DASHBOARD (kt_window_get_pane (fixture->window, "dashboard"));
  wait_refreshed (dashboard);
  before = kt_dashboard_get_stats (dashboard)->tasks_overdue;

  kt_record_set_string (task, "title", "Overdue now");
  kt_record_set_string (task, "due_at", "2020-01-01T00:00:00.000Z");
  g_assert_true (kt_store_save (store, task, &error));
  g_assert_no_error (error);
  /* A moment later the pane has refreshed by itself. */
  kt_ui_iterate (400);
  wait_refreshed (dashboard);
  g_assert_cmpint (kt_dashboard_get_stats (dashboard)->tasks_overdue, ==, before + 1);
  assert_figure (dashboard, "tasks-overdue", before + 1);
}

static void
collect_cards (GtkWidget *root,
               GPtrArray *cards)
{
  if (gtk_widget_has_css_class (root, "figure-card"))
    g_ptr_array_add (cards, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_cards (child, cards);
}

/* The number of figure cards on each row, top to bottom. */
static GArray *
cards_per_row (KtDashboard *dashboard)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  g_autoptr(GArray) tops = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *counts = g_array_new (FALSE, TRUE, sizeof (guint));

  collect_cards (GTK_WIDGET (dashboard), cards);
  g_assert_cmpuint (cards->len, ==, 8);
  for (guint i = 0; i < cards->len; i++)
    {
      graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0), point;
      int top;
      guint row;

      g_assert_true (gtk_widget_compute_point (g_ptr_array_index (cards, i), GTK_WIDGET (dashboard),
                                               &origin, &point));
      top = (int) point.y;
      for (row = 0; row < tops->len && g_array_index (tops, int, row) != top; row++)
        ;
      if (row == tops->len)
        {
          guint zero = 0;

          g_array_append_val (tops, top);
          g_array_append_val (counts, zero);
        }
      g_array_index (counts, guint, row)++;
    }
  return counts;
}

static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static KtDashboard *
show_dashboard (KtUiFixture *fixture)
{
  KtDashboard *dashboard;

  g_assert_true (kt_window_show_section (fixture->window, "dashboard"));
  kt_ui_iterate (50);
  dashboard = KT_DASHBOARD (kt_window_get_pane (fixture->window, "dashboard"));
  wait_refreshed (dashboard);
  return dashboard;
}

/* An empty store: a page that says so, not axes of zeros; once there is
 * a deal, the charts with nothing in them still say so one by one. */
static void
test_dashboard_empty (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_application_get_context (fixture->app));
  KtDashboard *dashboard = show_dashboard (fixture);
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(KtRecord) deal = kt_record_new (KT_ENTITY_DEAL);
  g_autoptr(GError) error = NULL;
  GtkWidget *chart;

  g_assert_true (kt_dashboard_is_empty (dashboard));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (dashboard), _("Nothing to Measure Yet")));
  g_assert_nonnull (kt_ui_find_button (GTK_WIDGET (dashboard), _("Go to _Deals")));
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "dashboard-empty"));

  pipelines = kt_pipelines_load (store, &error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (g_ptr_array_index (pipelines, 0)), &error);
  g_assert_no_error (error);
  kt_record_set_string (deal, "title", "The first deal");
  kt_record_set_string (deal, "pipeline_id", kt_record_get_id (g_ptr_array_index (pipelines, 0)));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (g_ptr_array_index (stages, 0)));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_string (deal, "currency", "EUR");
  kt_record_set_int (deal, "value", 120000);
  g_assert_true (kt_store_save (store, deal, &error));
  g_assert_no_error (error);
  kt_ui_iterate (400);
  wait_refreshed (dashboard);

  g_assert_false (kt_dashboard_is_empty (dashboard));
  chart = kt_dashboard_get_chart (dashboard, "by-stage");
  g_assert_true (gtk_widget_get_mapped (chart));
  /* Nothing won yet: the month chart says so instead of drawing zeros. */
  chart = kt_dashboard_get_chart (dashboard, "won-by-month");
  g_assert_false (gtk_widget_get_mapped (chart));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (dashboard), _("Nothing in this period yet")));
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "dashboard-first-deal"));
}

static void
fill_many_open (KtStore *store)
{
  static const char * const currencies[] = { "EUR", "BGN", "USD", "GBP" };
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  pipelines = kt_pipelines_load (store, &error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (g_ptr_array_index (pipelines, 0)), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 1234; i++)
    {
      KtRecord *deal = kt_record_new (KT_ENTITY_DEAL);
      KtRecord *stage = g_ptr_array_index (stages, i % 4);
      g_autofree char *title = g_strdup_printf ("Deal %u", i);

      kt_record_set_string (deal, "title", title);
      kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
      kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
      kt_record_set_string (deal, "status", "open");
      kt_record_set_string (deal, "currency", currencies[i % 4]);
      kt_record_set_int (deal, "value", 98765);
      kt_record_set_int (deal, "position", i);
      g_ptr_array_add (records, deal);
    }
  g_assert_true (kt_store_save_all (store, records, &error));
  g_assert_no_error (error);
}

/* Counts have thousands separators; sums in four currencies take a line
 * each and are never cut, down to a narrow window; the eight cards fill
 * their rows at every width (one, two or four a row, never three). */
static void
test_dashboard_counts_and_layout (KtUiFixture   *fixture,
                                  gconstpointer  data)
{
  static const int widths[] = { 1600, 1280, 1000, 800, 600, 360 };
  KtDashboard *dashboard = show_dashboard (fixture);
  g_autofree char *count = kt_format_number (1234);
  g_autofree char *detail = g_strdup_printf (ngettext ("%s open deal", "%s open deals", 1234), count);
  const char *open = kt_dashboard_get_figure (dashboard, "open");
  g_auto(GStrv) lines = g_strsplit (open, "\n", -1);
  GtkLabel *label = find_label (GTK_WIDGET (dashboard), open);

  g_assert_cmpstr (kt_dashboard_get_detail (dashboard, "open"), ==, detail);
  if (g_str_equal (kt_format_get_language (), "en"))
    g_assert_cmpstr (kt_dashboard_get_detail (dashboard, "open"), ==, "1,234 open deals");
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_nonnull (label);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autoptr(GArray) rows = NULL;
      g_autofree char *name = g_strdup_printf ("dashboard-%d", widths[i]);

      gtk_window_set_default_size (GTK_WINDOW (fixture->window), widths[i], 900);
      kt_ui_iterate (300);
      kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
      rows = cards_per_row (dashboard);
      for (guint r = 0; r < rows->len; r++)
        g_assert_cmpuint (g_array_index (rows, guint, r), ==, g_array_index (rows, guint, 0));
      g_assert_true (g_array_index (rows, guint, 0) != 3);
      g_assert_true (8 % g_array_index (rows, guint, 0) == 0);
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
      g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), name));
    }

  /* Sums in four currencies do not make the pane wider than a 360 px
   * window. */
  {
    int min_w, nat_w;

    gtk_widget_measure (GTK_WIDGET (dashboard), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
    g_assert_cmpint (min_w, <=, 360);
  }
}

/* Month names and percentages in the UI language, whatever the C
 * library's locale: "ное" and "53 %" in Bulgarian, "Nov" and "53%" in
 * English. */
static void
test_dashboard_language (KtUiFixture   *fixture,
                         gconstpointer  data)
{
  static const char * const english[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };
  KtDashboard *dashboard = show_dashboard (fixture);
  KtChart *won = KT_CHART (kt_dashboard_get_chart (dashboard, "won-by-month"));
  gboolean bg = g_str_equal (kt_format_get_language (), "bg");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *rate = kt_dashboard_get_figure (dashboard, "win-rate");

  g_assert_cmpuint (kt_chart_get_n_values (won), ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *text = kt_chart_dup_value_text (won, i);
      g_autofree char *name = g_strndup (text, strcspn (text, ":"));
      gboolean cyrillic = FALSE;

      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        cyrillic |= g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_CYRILLIC;
      g_assert_true (cyrillic == bg);
      if (!bg)
        g_assert_cmpstr (name, ==, english[(g_date_time_get_month (now) - 1 + 1 + i) % 12]);
    }

  g_assert_true (g_ascii_isdigit (rate[0]));
  if (bg)
    g_assert_true (g_str_has_suffix (rate, "\u00a0%"));
  else
    g_assert_true (g_str_has_suffix (rate, "%") && g_ascii_isdigit (rate[strlen (rate) - 2]));
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), bg ? "dashboard-language-bg" : "dashboard-language"));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/dashboard/language", KtUiFixture, fill_dashboard,
              kt_ui_fixture_setup, test_dashboard_language, kt_ui_fixture_teardown);
  /* The Bulgarian run (ui-dashboard-bg) is about the language only. */
  if (g_str_equal (kt_format_get_language (), "bg"))
    return g_test_run ();

  g_test_add ("/ui/dashboard/empty", KtUiFixture, NULL,
              kt_ui_fixture_setup, test_dashboard_empty, kt_ui_fixture_teardown);
  g_test_add ("/ui/dashboard/counts-and-layout", KtUiFixture, fill_many_open,
              kt_ui_fixture_setup, test_dashboard_counts_and_layout, kt_ui_fixture_teardown);

  g_test_add ("/ui/dashboard/figures", KtUiFixture, fill_dashboard,
              kt_ui_fixture_setup, test_dashboard_figures, kt_ui_fixture_teardown);
  g_test_add ("/ui/dashboard/follows-store", KtUiFixture, fill_dashboard,
              kt_ui_fixture_setup, test_dashboard_follows_store, kt_ui_fixture_teardown);

  return g_test_run ();
}
