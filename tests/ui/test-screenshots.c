/* test-screenshots.c: every main pane on demo data, light and dark
 *
 * Saves <build>/tests/ui/screenshots/<pane>-<style>-<width><suffix>.png,
 * with the window 1280 px wide (light and dark) and 360 px wide (light:
 * the narrowest the metainfo promises, list and detail folded); the
 * 'ui-screenshots-bg' run sets LANGUAGE=bg and the suffix "-bg". Each
 * picture is checked for being more than a blank window, and each pane
 * and the contact form for a few of their labels, read from the widgets:
 * the English text, or in the Bulgarian run the Bulgarian text written
 * out here, so an untranslated window or a missing catalogue fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-board-column.h"
#include "kt-deal-board.h"
#include "kt-document-editor.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-record-pane.h"
#include "kt-ui-test.h"
#include "kt-window-sections.h"

static void
assert_not_blank (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  int width, height;
  g_autofree guchar *pixels = NULL;
  guint32 first;
  guint different = 0;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  memcpy (&first, pixels, 4);

  for (gsize i = 0; i < (gsize) width * height; i += 97)
    {
      guint32 pixel;

      memcpy (&pixel, pixels + i * 4, 4);
      if (pixel != first)
        different++;
    }

  /* Text, rows and icons: a good share of sampled pixels differ. */
  g_assert_cmpuint (different, >, 100);
}

/* The Bulgarian run (LANGUAGE=bg) must show Bulgarian: a blank check
 * passes an English window just as well. */
static gboolean
in_bulgarian (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "bg");
}

static void
collect_labels (GtkWidget *root,
                GString   *shown)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_string_append_printf (shown, " «%s»", gtk_label_get_text (GTK_LABEL (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, shown);
}

/* A label as the window shows it: the message id in the English run, its
 * Bulgarian translation, written out here (not looked up through gettext,
 * which would return the English text when the catalogue is missing), in
 * the Bulgarian run. */
typedef struct {
  const char *english;
  const char *bulgarian;
} Label;

static gboolean
has_labels (GtkWidget   *root,
            const Label *labels,
            guint        n_labels)
{
  for (guint i = 0; i < n_labels; i++)
    if (!kt_ui_has_label (root, in_bulgarian () ? labels[i].bulgarian : labels[i].english))
      return FALSE;
  return TRUE;
}

/* Waits up to 10 s for the labels (a pane is built when first shown, and
 * the stack crossfades), then fails naming each missing one and listing
 * what is shown instead. */
static void
assert_labels (GtkWidget   *root,
               const char  *where,
               const Label *labels,
               guint        n_labels)
{
  /* Once the test has failed, the rest is only reported, not waited for. */
  gint64 deadline = g_get_monotonic_time () + (g_test_failed () ? 0 : 10 * G_USEC_PER_SEC);

  while (!has_labels (root, labels, n_labels) && g_get_monotonic_time () < deadline)
    kt_ui_iterate (50);

  for (guint i = 0; i < n_labels; i++)
    {
      const char *text = in_bulgarian () ? labels[i].bulgarian : labels[i].english;

      if (!kt_ui_has_label (root, text))
        {
          g_autoptr(GString) shown = g_string_new (NULL);

          collect_labels (root, shown);
          /* The first miss is the test's failure message; GLib keeps only
           * the last, so the others are logged. */
          if (!g_test_failed ())
            g_test_fail_printf ("%s: no label “%s” (for “%s”); the labels shown:%s",
                                where, text, labels[i].english, shown->str);
          else
            g_test_message ("%s: no label “%s” (for “%s”)", where, text, labels[i].english);
        }
    }
}

/* A few labels of each pane, read from the real widgets. */
static void
assert_pane_labels (KtUiFixture *fixture,
                    const char  *pane)
{
  static const Label sidebar[] = {
    { "Dashboard", "Табло" },
    { "Contacts", "Контакти" },
    { "Companies", "Фирми" },
    { "Deals", "Сделки" },
    { "Tasks", "Задачи" },
    { "Invoices", "Фактури" },
    { "Offers", "Оферти" },
    { "Payments", "Плащания" },
    { "Team", "Екип" },
    { "Billing", "Абонамент" },
    { "Templates", "Шаблони" },
    { "Assistant", "Асистент" },
  };
  static const struct {
    const char  *pane;
    Label        labels[4];
  } panes[] = {
    { "dashboard", { { "Open Pipeline", "Отворени сделки" },
                     { "Weighted Forecast", "Претеглена прогноза" },
                     { "Tasks Overdue", "Просрочени задачи" },
                     { "Open Value by Stage", "Отворена стойност по етапи" } } },
    { "contacts", { { "Search contacts", "Търсене в контактите" },
                    { "Email", "Имейл" },
                    { "Phone", "Телефон" },
                    { "Tags", "Етикети" } } },
    { "companies", { { "Search companies", "Търсене във фирмите" },
                     { "Industry", "Отрасъл" },
                     { "Country", "Държава" },
                     { "Filters", "Филтри" } } },
    { "deals", { { "Search deals", "Търсене в сделките" },
                 { "This computer only", "Само на този компютър" } } },
    { "tasks", { { "New Task", "Нова задача" } } },
    { "invoices", { { "Search invoices", "Търсене във фактурите" },
                    { "Client", "Клиент" },
                    { "Outstanding", "Остатък" } } },
    { "offers", { { "Search offers", "Търсене в офертите" },
                  { "No Offers Yet", "Още няма оферти" } } },
    { "payments", { { "Search payments", "Търсене на плащания" },
                    { "Payer", "Платец" } } },
    { "billing", { { "No Plan Needed Offline", "Без абонамент офлайн" } } },
    { "team", { { "Work Together", "Работете заедно" } } },
  };
  GtkWidget *window = GTK_WIDGET (fixture->window);

  /* At 360 px the sidebar is folded away (shoot_style() shows it alone). */
  if (gtk_widget_get_width (window) >= 600)
    assert_labels (window, "sidebar", sidebar, G_N_ELEMENTS (sidebar));
  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      guint n = 0;

      if (!g_str_equal (panes[i].pane, pane))
        continue;
      while (n < G_N_ELEMENTS (panes[i].labels) && panes[i].labels[n].english != NULL)
        n++;
      /* At 360 px the sync state (the deals pane's second label) is its
       * icon alone; test-ui-narrow checks that. */
      if (g_str_equal (pane, "deals") && gtk_widget_get_width (window) < 600)
        n = 1;
      /* A narrow list shows only its narrow columns (test-ui-narrow
       * checks which): the titles of the others are not looked for. */
      if (gtk_widget_get_width (window) < KT_RECORD_PANE_NARROW_WIDTH)
        {
          static const char * const wide_only[] = { "Email", "Tags", "Industry", "Country", "Outstanding",
                                                      "New Task", NULL };
          Label shown[G_N_ELEMENTS (panes[i].labels)];
          guint n_shown = 0;

          for (guint j = 0; j < n; j++)
            if (!g_strv_contains ((const char * const *) wide_only, panes[i].labels[j].english))
              shown[n_shown++] = panes[i].labels[j];
          assert_labels (window, pane, shown, n_shown);
        }
      else
        assert_labels (window, pane, panes[i].labels, n);
    }
}

/* The window's width for the pictures being taken, in their names. */
static int shot_width = 1280;

static void
shoot (KtUiFixture *fixture,
       const char  *name,
       const char  *style)
{
  const char *suffix = g_getenv ("KT_SCREENSHOT_SUFFIX");
  g_autofree char *file = g_strdup_printf ("%s-%s-%d%s", name, style, shot_width, suffix != NULL ? suffix : "");
  g_autofree char *path = kt_ui_screenshot (GTK_WIDGET (fixture->window), file);

  assert_not_blank (path);
}

static gboolean
transition_running (GtkWidget *root)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_transition_running (GTK_STACK (root)))
    return TRUE;
  if (ADW_IS_LEAFLET (root) && adw_leaflet_get_child_transition_running (ADW_LEAFLET (root)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

/* Past the stacks' crossfades, which a loaded machine draws slowly: a
 * picture taken during one shows two panes on top of each other. */
static void
wait_for_transitions (GtkWidget *window)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  kt_ui_iterate (100);
  while (transition_running (window) && g_get_monotonic_time () < deadline)
    kt_ui_iterate (50);
}

static void
shoot_style (KtUiFixture *fixture,
             const char  *style)
{
  static const char * const panes[] = {
    "dashboard", "contacts", "companies", "deals", "tasks", "invoices", "offers", "payments", "team", "billing",
    "templates", "assistant",
  };
  KtRecordPane *contacts;

  /* Folded, the sections are a page of their own, reached by Back. */
  if (shot_width < 600)
    {
      static const Label sections[] = {
        { "Dashboard", "Табло" },
        { "Team", "Екип" },
        { "Assistant", "Асистент" },
      };

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL));
      wait_for_transitions (GTK_WIDGET (fixture->window));
      assert_labels (GTK_WIDGET (fixture->window), "sections", sections, G_N_ELEMENTS (sections));
      shoot (fixture, "sections", style);
    }

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      g_assert_true (kt_window_show_section (fixture->window, panes[i]));
      wait_for_transitions (GTK_WIDGET (fixture->window));
      assert_pane_labels (fixture, panes[i]);
      shoot (fixture, panes[i], style);
    }

  /* The contacts pane with a contact's detail open. */
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  contacts = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
  gtk_selection_model_select_item (kt_record_pane_get_selection (contacts), 2, TRUE);
  kt_ui_iterate (400);
  wait_for_transitions (GTK_WIDGET (fixture->window));
  shoot (fixture, "contact-detail", style);

  /* The rest of the detail: linked records and the activity timeline. */
  {
    GtkWidget *detail = kt_ui_find_widget (GTK_WIDGET (contacts), KT_TYPE_RECORD_DETAIL);
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (kt_ui_find_widget (detail, GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    kt_ui_iterate (200);
    shoot (fixture, "contact-detail-links", style);
  }
  gtk_selection_model_unselect_all (kt_record_pane_get_selection (contacts));

  /* An invoice's detail: seller, client, lines, totals; then its editor. */
  {
    KtRecordPane *invoices;
    g_autoptr(KtRecord) invoice = NULL;
    GtkWindow *editor;
    const char *suffix = g_getenv ("KT_SCREENSHOT_SUFFIX");
    g_autofree char *file = g_strdup_printf ("invoice-editor-%s-%d%s", style, shot_width,
                                             suffix != NULL ? suffix : "");
    g_autofree char *path = NULL;

    g_assert_true (kt_window_show_section (fixture->window, "invoices"));
    invoices = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "invoices"));
    gtk_selection_model_select_item (kt_record_pane_get_selection (invoices), 0, TRUE);
    kt_ui_iterate (400);
    wait_for_transitions (GTK_WIDGET (fixture->window));
    shoot (fixture, "invoice-detail", style);

    invoice = kt_record_pane_dup_single_selected (invoices);
    g_assert_nonnull (invoice);
    editor = kt_record_pane_open_form (invoices, invoice);
    kt_ui_wait_for_frame (GTK_WIDGET (editor));
    kt_ui_resize (editor, MIN (shot_width, 640), 760);
    kt_ui_iterate (300);
    path = kt_ui_screenshot (GTK_WIDGET (editor), file);
    assert_not_blank (path);

    /* The lines and their totals, further down. */
    {
      GtkWidget *lines = kt_ui_find_widget (GTK_WIDGET (editor), KT_TYPE_LINE_ITEMS);
      GtkWidget *scroller = gtk_widget_get_ancestor (lines, GTK_TYPE_SCROLLED_WINDOW);
      GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
      graphene_point_t top;
      g_autofree char *lines_file = g_strdup_printf ("invoice-editor-lines-%s-%d%s", style, shot_width,
                                                     suffix != NULL ? suffix : "");
      g_autofree char *lines_path = NULL;

      g_assert_true (gtk_widget_compute_point (lines, content, &GRAPHENE_POINT_INIT (0, 0), &top));
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                                top.y - 60);
      kt_ui_iterate (200);
      lines_path = kt_ui_screenshot (GTK_WIDGET (editor), lines_file);
      assert_not_blank (lines_path);
    }
    gtk_window_destroy (editor);
    kt_ui_iterate (50);
    gtk_selection_model_unselect_all (kt_record_pane_get_selection (invoices));
  }

  /* The board with a deal's detail beside it (over it, folded, at 360
   * px), then the detail's end: its timeline, invoices and Delete. */
  {
    static const Label deal_labels[] = {
      { "Close the Deal", "Приключване на сделката" },
      { "Deal", "Сделка" },
      { "Stage", "Етап" },
      { "Pipeline", "Фуния на продажбите" },
    };
    GtkWidget *window = GTK_WIDGET (fixture->window);
    KtDealBoard *board;
    GtkWidget *detail;
    GtkAdjustment *adjustment;
    g_autoptr(KtRecord) deal = NULL;

    g_assert_true (kt_window_show_section (fixture->window, "deals"));
    wait_for_transitions (window);
    board = KT_DEAL_BOARD (kt_window_get_pane (fixture->window, "deals"));
    deal = g_list_model_get_item (kt_board_column_get_model (g_ptr_array_index (kt_deal_board_get_columns (board), 0)), 0);
    g_assert_nonnull (deal);
    kt_deal_board_open_deal (board, kt_record_get_id (deal));
    detail = kt_ui_wait_for_deal_detail (GTK_WIDGET (board));
    wait_for_transitions (window);
    assert_labels (detail, "deal detail", deal_labels, G_N_ELEMENTS (deal_labels));
    shoot (fixture, "deal-detail", style);

    adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (kt_ui_find_widget (detail, GTK_TYPE_SCROLLED_WINDOW)));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    kt_ui_iterate (200);
    shoot (fixture, "deal-detail-end", style);
    kt_deal_board_close_deal (board);
    wait_for_transitions (window);
  }

  /* The form, with a mistake being pointed out. */
  {
    static const Label form_labels[] = {
      { "New Contact", "Нов контакт" },
      { "Save", "Запазване" },
      { "Last name", "Фамилия" },
      { "Job title", "Длъжност" },
      { "“Email” is not a valid email address", "„Имейл“ не е валиден имейл адрес" },
    };
    GtkWindow *form = kt_record_pane_open_form (contacts, NULL);
    const char *suffix = g_getenv ("KT_SCREENSHOT_SUFFIX");
    g_autofree char *file = g_strdup_printf ("contact-form-%s-%d%s", style, shot_width,
                                             suffix != NULL ? suffix : "");
    g_autofree char *path = NULL;

    kt_ui_wait_for_frame (GTK_WIDGET (form));
    kt_ui_resize (form, MIN (shot_width, 520), 640);
    gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "first_name")), "Елена");
    gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "email")), "elena@");
    /* A problem is pointed out once the person leaves the field. */
    kt_ui_leave_field (kt_form_get_row (KT_FORM (form), "email"));
    kt_ui_iterate (300);
    assert_labels (GTK_WIDGET (form), "contact form", form_labels, G_N_ELEMENTS (form_labels));
    path = kt_ui_screenshot (GTK_WIDGET (form), file);
    assert_not_blank (path);
    gtk_window_destroy (form);
    kt_ui_iterate (50);
  }
}

static void
test_screenshots (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  shot_width = 1280;
  kt_ui_resize (GTK_WINDOW (fixture->window), shot_width, 800);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  kt_ui_iterate (100);
  shoot_style (fixture, "light");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  kt_ui_iterate (100);
  g_assert_true (adw_style_manager_get_dark (manager));
  shoot_style (fixture, "dark");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* At 360 px the sidebar and the contact's detail fold away: each pane
 * is shown alone (and, in the Bulgarian run, its longer words too). */
static void
test_screenshots_narrow (KtUiFixture   *fixture,
                         gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  shot_width = 360;
  kt_ui_resize (GTK_WINDOW (fixture->window), shot_width, 720);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, shot_width);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  kt_ui_iterate (100);
  shoot_style (fixture, "light");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* The Bulgarian run needs the built catalogue: without it gettext quietly
 * returns the English text, and that must be a failure, not a pass. */
static void
test_catalogue (void)
{
  const char *localedir = g_getenv ("KANTORA_LOCALEDIR");
  g_autofree char *mo = NULL;

  if (localedir == NULL)
    {
      g_test_fail_printf ("KANTORA_LOCALEDIR is not set: the Bulgarian run cannot find %s.mo", GETTEXT_PACKAGE);
      return;
    }
  mo = g_build_filename (localedir, "bg", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    {
      g_test_fail_printf ("the Bulgarian catalogue %s is missing", mo);
      return;
    }
  if (g_strcmp0 (_("Contacts"), "Контакти") != 0)
    g_test_fail_printf ("the Bulgarian catalogue %s is not used: “Contacts” stays “%s” (LANGUAGE=%s)",
                        mo, _("Contacts"), g_getenv ("LANGUAGE"));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  if (in_bulgarian ())
    g_test_add_func ("/ui/screenshots/catalogue", test_catalogue);

  g_test_add ("/ui/screenshots/panes", KtUiFixture, kt_ui_fill_demo,
              kt_ui_fixture_setup, test_screenshots, kt_ui_fixture_teardown);
  g_test_add ("/ui/screenshots/panes-narrow", KtUiFixture, kt_ui_fill_demo,
              kt_ui_fixture_setup, test_screenshots_narrow, kt_ui_fixture_teardown);

  return g_test_run ();
}
