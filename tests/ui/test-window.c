/* test-window.c: the main window, its sections, shortcuts and settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kt-preferences-window.h"
#include "kt-record-pane.h"
#include "kt-toast.h"
#include "kt-ui-test.h"
#include "kt-window-sections.h"

/* The sidebar: the list box styled as one (panes have list boxes too). */
static GtkWidget *
find_sidebar (GtkWidget *root)
{
  if (GTK_IS_LIST_BOX (root) && gtk_widget_has_css_class (root, "navigation-sidebar"))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_sidebar (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_sections_listed (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  GtkWidget *sidebar = find_sidebar (GTK_WIDGET (fixture->window));
  guint n_sections;
  const KtSection *sections = kt_sections_get (&n_sections);
  guint n_rows = 0;

  /* The built sections (the first ten reached by Ctrl+1 … Ctrl+9 and
   * Ctrl+0, then Templates and the Assistant). */
  g_assert_cmpuint (n_sections, ==, 12);
  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      n_rows++;
  g_assert_cmpuint (n_rows, ==, n_sections);

  for (guint i = 0; i < n_sections; i++)
    g_assert_true (kt_ui_has_label (sidebar, _(sections[i].title)));

  /* The fixture's last section is contacts: the window opened there. */
  g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "contacts");
  g_assert_true (KT_IS_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts")));
}

static void
test_section_shortcuts (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  g_autofree char *last = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.show-section", "s", "companies"));
  kt_ui_iterate (20);
  g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "companies");
  last = g_settings_get_string (settings, "last-section");
  g_assert_cmpstr (last, ==, "companies");

  /* Choosing a sidebar row does the same. */
  {
    GtkListBox *sidebar = GTK_LIST_BOX (find_sidebar (GTK_WIDGET (fixture->window)));
    guint position;

    kt_sections_lookup ("team", &position);
    gtk_list_box_select_row (sidebar, gtk_list_box_get_row_at_index (sidebar, (int) position));
    kt_ui_iterate (20);
    g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "team");
  }

  /* Ctrl+1 … Ctrl+9 and Ctrl+0 reach the first ten sections by keyboard,
   * Team and Billing included, as real key presses; the rows after them
   * (Templates, the Assistant) have no key, and their tooltips promise
   * none. Each row's tooltip names its key: the tenth's is Ctrl+0, not
   * Ctrl+10. */
  {
    guint n_sections;
    const KtSection *sections = kt_sections_get (&n_sections);
    GtkListBox *sidebar = GTK_LIST_BOX (find_sidebar (GTK_WIDGET (fixture->window)));

    for (guint i = 0; i < n_sections; i++)
      {
        g_autofree char *tooltip = i < 10 ? g_strdup_printf (_("Ctrl+%u"), (i + 1) % 10) : NULL;
        const char *shown = gtk_widget_get_tooltip_text (GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar, (int) i)));

        g_assert_cmpstr (shown, ==, tooltip);
      }
    for (guint i = MIN (n_sections, 10); i > 0; i--)
      {
        g_autofree char *accel = g_strdup_printf ("<Control>%u", i % 10);

        kt_ui_send_keys (GTK_WIDGET (fixture->window), accel);
        kt_ui_iterate (50);
        g_assert_cmpstr (kt_window_get_section (fixture->window), ==, sections[i - 1].id);
      }
  }
}

/* The shortcuts window lists each section's key in its General group,
 * by the section's name, in sidebar order. */
static void
test_section_keys_listed (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  GtkWindow *overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));
  guint n_sections;
  const KtSection *sections = kt_sections_get (&n_sections);
  GtkWidget *general = NULL;

  g_assert_nonnull (overlay);
  for (GtkWidget *w = kt_ui_find_widget (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_GROUP); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      g_autofree char *title = NULL;

      if (!GTK_IS_SHORTCUTS_GROUP (w))
        continue;
      g_object_get (w, "title", &title, NULL);
      if (g_strcmp0 (title, g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "General")) == 0)
        general = w;
    }
  g_assert_nonnull (general);

  for (guint i = 0; i < MIN (n_sections, 10); i++)
    {
      g_autofree char *accel = g_strdup_printf ("<Primary>%u", (i + 1) % 10);
      gboolean found = FALSE;

      for (GtkWidget *w = gtk_widget_get_first_child (general); w != NULL; w = gtk_widget_get_next_sibling (w))
        {
          g_autofree char *title = NULL;
          g_autofree char *accelerator = NULL;

          if (!GTK_IS_SHORTCUTS_SHORTCUT (w))
            continue;
          g_object_get (w, "title", &title, "accelerator", &accelerator, NULL);
          if (g_strcmp0 (accelerator, accel) == 0)
            {
              g_assert_cmpstr (title, ==, _(sections[i].title));
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
}

/* + and Search are shown only where they do something, and there they
 * do it: Contacts' + opens its form. */
static void
test_header_buttons (KtUiFixture   *fixture,
                     gconstpointer  data)
{
  static const struct {
    const char *section;
    gboolean    new_shown;
    gboolean    search_shown;
  } expected[] = {
    { "dashboard", FALSE, FALSE },
    { "contacts", TRUE, TRUE },
    { "companies", TRUE, TRUE },
    { "deals", TRUE, TRUE },
    { "tasks", TRUE, TRUE },
    { "invoices", TRUE, TRUE },
    { "offers", TRUE, TRUE },
    { "payments", TRUE, TRUE },
    { "team", FALSE, FALSE },
    { "billing", FALSE, FALSE },
    { "templates", TRUE, TRUE },
    { "assistant", TRUE, FALSE },
  };
  GtkWidget *window = GTK_WIDGET (fixture->window);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (kt_window_show_section (fixture->window, expected[i].section));
      kt_ui_iterate (50);
      g_assert_true ((kt_ui_find_button (window, _("New (Ctrl+N)")) != NULL) == expected[i].new_shown);
      g_assert_true ((kt_ui_find_button (window, _("Search (Ctrl+F)")) != NULL) == expected[i].search_shown);
    }
}

/* Every sidebar icon is in Adwaita and symbolic in one colour: no
 * coloured accent among grey icons (task-due-symbolic has an orange one). */
static void
test_sidebar_icons (KtUiFixture   *fixture,
                    gconstpointer  data)
{
  static const char * const contexts[] = {
    "actions", "apps", "categories", "devices", "emblems", "legacy", "mimetypes",
    "places", "status", "ui",
  };
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (fixture->window)));
  guint n_sections;
  const KtSection *sections = kt_sections_get (&n_sections);

  for (guint i = 0; i < n_sections; i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GHashTable) colours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      g_assert_true (g_str_has_suffix (sections[i].icon_name, "-symbolic"));
      g_assert_true (gtk_icon_theme_has_icon (theme, sections[i].icon_name));
      for (guint c = 0; c < G_N_ELEMENTS (contexts) && contents == NULL; c++)
        {
          g_autofree char *file = g_strdup_printf ("%s.svg", sections[i].icon_name);
          g_autofree char *path = g_build_filename ("/usr/share/icons/Adwaita/scalable", contexts[c], file, NULL);

          g_file_get_contents (path, &contents, NULL, NULL);
        }
      g_assert_nonnull (contents);
      for (const char *p = strstr (contents, "fill=\"#"); p != NULL; p = strstr (p + 1, "fill=\"#"))
        g_hash_table_add (colours, g_strndup (p + strlen ("fill=\"#"), 6));
      g_assert_cmpuint (g_hash_table_size (colours), <=, 1);
    }
}

/* Every section is built: each opens its own pane, none a page that
 * promises something for later. */
static void
test_every_section_built (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  guint n_sections;
  const KtSection *sections = kt_sections_get (&n_sections);

  for (guint i = 0; i < n_sections; i++)
    {
      GtkWidget *pane;

      g_assert_nonnull (sections[i].get_type);
      g_assert_true (kt_window_show_section (fixture->window, sections[i].id));
      kt_ui_iterate (50);
      pane = kt_window_get_pane (fixture->window, sections[i].id);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (pane, sections[i].get_type ()));
    }

  kt_window_show_section (fixture->window, "team");
  kt_ui_iterate (20);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (fixture->window), _("Work Together")));
}

static void
test_size_remembered (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  kt_ui_iterate (50);
  gtk_window_close (GTK_WINDOW (fixture->window));
  kt_ui_iterate (20);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_preferences (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWindow *prefs;
  GtkWidget *dark_button = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  kt_ui_iterate (50);
  prefs = kt_ui_find_toplevel (KT_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (prefs) == GTK_WINDOW (fixture->window));

  /* The Dark toggle switches the whole application to the dark style. */
  /* Look in the visible page: with several pages the header's view
   * switcher has toggle buttons too. */
  for (GtkWidget *w = kt_ui_find_widget (GTK_WIDGET (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (prefs))),
                                         GTK_TYPE_TOGGLE_BUTTON);
       w != NULL; w = gtk_widget_get_next_sibling (w))
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), C_("color scheme", "_Dark")) == 0)
      dark_button = w;
  g_assert_nonnull (dark_button);
  g_signal_emit_by_name (dark_button, "clicked");
  kt_ui_iterate (20);
  {
    g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");
    g_assert_cmpstr (scheme, ==, "dark");
  }
  g_assert_true (adw_style_manager_get_dark (style));

  g_settings_set_string (settings, "color-scheme", "light");
  kt_ui_iterate (20);
  g_assert_false (adw_style_manager_get_dark (style));
  g_settings_set_string (settings, "color-scheme", "follow");

  /* The language combo writes the setting main.c reads on the next start. */
  {
    AdwComboRow *language = ADW_COMBO_ROW (kt_ui_find_widget (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW));
    g_autofree char *value = NULL;

    adw_combo_row_set_selected (language, 1);
    value = g_settings_get_string (settings, "language");
    g_assert_cmpstr (value, ==, "bg");
    adw_combo_row_set_selected (language, 0);
    g_free (value);
    value = g_settings_get_string (settings, "language");
    g_assert_cmpstr (value, ==, "");
  }

  gtk_window_destroy (prefs);
}

static void
test_about_and_shortcuts (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "about", NULL);
  kt_ui_iterate (50);
  about = kt_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  /* Run from the build tree, with nothing installed: the icon comes from
   * the resources, not a missing-image placeholder. */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about))),
                                          adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about))));
  kt_ui_iterate (200);
  g_free (kt_ui_screenshot (GTK_WIDGET (about), "about"));
  gtk_window_destroy (about);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "shortcuts", NULL);
  kt_ui_iterate (50);
  shortcuts = kt_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  gtk_window_destroy (shortcuts);
}

/* Toasts go through kt_widget_add_toast() only: from a pane they show in
 * the window's overlay, and from a dialog, which has no overlay of its
 * own, in the overlay of the window it is transient for (the sign-in
 * dialog's "Signed in as" as it closes). */
static void
test_toasts (KtUiFixture   *fixture,
             gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *pane = kt_window_get_pane (fixture->window, "contacts");
  GtkWidget *dialog = adw_window_new ();
  GtkWidget *button = gtk_button_new_with_label ("In the dialog");
  AdwToast *toast;

  kt_widget_add_toast (pane, adw_toast_new ("From the pane"));
  kt_ui_iterate (50);
  g_assert_true (kt_ui_has_label (window, "From the pane"));

  adw_window_set_content (ADW_WINDOW (dialog), button);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  kt_ui_wait_for_frame (dialog);

  /* High priority: shown at once instead of after the pane's toast. */
  toast = adw_toast_new ("From the dialog");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  kt_widget_add_toast (button, toast);
  kt_ui_iterate (50);
  g_assert_true (kt_ui_has_label (window, "From the dialog"));
  g_assert_false (kt_ui_has_label (dialog, "From the dialog"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_store_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("kantora-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmpdir, "broken.db", NULL);
  const char garbage[] = "this is not a database, and it must stay as it is\n";
  g_autofree char *after = NULL;
  gsize length;
  g_autoptr(KtApplication) app = NULL;
  KtWindow *window;
  AdwStatusPage *page;

  g_assert_no_error (error);
  g_file_set_contents (path, garbage, -1, &error);
  g_assert_no_error (error);

  app = kt_application_new ("org.kantora.Kantora.TestError", G_APPLICATION_NON_UNIQUE);
  kt_application_set_store_path (app, path);
  kt_application_set_demo (app, FALSE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_null (kt_window_get_context (window));
  kt_ui_wait_for_frame (GTK_WIDGET (window));

  page = ADW_STATUS_PAGE (kt_ui_find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (page);
  /* The error page names the file... */
  {
    GtkStack *stack = GTK_STACK (kt_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_STACK));
    GtkWidget *error_child = gtk_stack_get_visible_child (stack);
    AdwStatusPage *error_page = ADW_STATUS_PAGE (kt_ui_find_widget (error_child, ADW_TYPE_STATUS_PAGE));

    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
    g_assert_nonnull (strstr (adw_status_page_get_description (error_page), path));
    kt_ui_screenshot (GTK_WIDGET (window), "store-error");
  }

  /* ...and leaves it as it was. */
  gtk_window_destroy (GTK_WINDOW (window));
  kt_ui_iterate (10);
  g_file_get_contents (path, &after, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, garbage);

  g_unlink (path);
  g_rmdir (tmpdir);
}

static void
on_fraction_cb (GtkProgressBar *bar,
                GParamSpec     *pspec,
                GArray         *fractions)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  g_array_append_val (fractions, fraction);
}

/* Watches the loading page's progress bar from the moment the window
 * exists, before the demo fill starts: the fill runs in a worker, and on
 * a loaded machine most of its steps reached the bar before a handler
 * connected after activation could see them (0 to 4 of about 45). */
static void
on_window_added_cb (GtkApplication *app,
                    GtkWindow      *window,
                    GArray         *fractions)
{
  /* The loading page's bar is the main window's only one; the sign-in
   * dialog comes too, without one. */
  GtkWidget *bar = kt_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR);

  if (KT_IS_WINDOW (window) && bar != NULL)
    g_signal_connect (bar, "notify::fraction", G_CALLBACK (on_fraction_cb), fractions);
}

static void
test_demo_on_first_start (void)
{
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  GtkProgressBar *bar;
  guint between = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("kantora-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmpdir, "new.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  g_autoptr(KtApplication) app = NULL;
  GtkStack *stack;
  KtWindow *window;
  KtRecordPane *pane;
  gint64 deadline;

  g_assert_no_error (error);
  g_settings_set_string (settings, "last-section", "contacts");

  app = kt_application_new ("org.kantora.Kantora.TestDemo", G_APPLICATION_NON_UNIQUE);
  kt_application_set_store_path (app, path);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added_cb), fractions);
  g_application_activate (G_APPLICATION (app));

  /* A newcomer's empty store: the welcome page while the demo goes in... */
  window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  stack = GTK_STACK (kt_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_STACK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");
  /* The progress bar follows the generator (it reports as it writes). */
  bar = GTK_PROGRESS_BAR (kt_ui_find_widget (gtk_stack_get_child_by_name (stack, "loading"),
                                             GTK_TYPE_PROGRESS_BAR));
  g_assert_nonnull (bar);
  kt_ui_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (window), _("Welcome to Kantora")));

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "content") != 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* ...then a living CRM. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "content");
  g_signal_handlers_disconnect_by_func (bar, on_fraction_cb, fractions);
  g_signal_handlers_disconnect_by_func (app, on_window_added_cb, fractions);
  g_assert_cmpuint (fractions->len, >=, 5);
  for (guint i = 0; i < fractions->len; i++)
    {
      double fraction = g_array_index (fractions, double, i);

      if (i > 0)
        g_assert_cmpfloat (fraction, >=, g_array_index (fractions, double, i - 1));
      if (fraction > 0.0 && fraction < 1.0)
        between++;
    }
  g_assert_cmpuint (between, >=, 3);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  kt_ui_iterate (50);
  pane = KT_RECORD_PANE (kt_window_get_pane (window, "contacts"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kt_record_pane_get_list (pane))), >, 100);

  gtk_window_destroy (GTK_WINDOW (window));
  kt_ui_iterate (10);
  g_clear_object (&app);

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (path);
  g_rmdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, KtUiFixture, NULL, kt_ui_fixture_setup, func, kt_ui_fixture_teardown)

  ADD ("/ui/window/sections", test_sections_listed);
  ADD ("/ui/window/section-shortcuts", test_section_shortcuts);
  ADD ("/ui/window/every-section-built", test_every_section_built);
  ADD ("/ui/window/section-keys-listed", test_section_keys_listed);
  ADD ("/ui/window/header-buttons", test_header_buttons);
  ADD ("/ui/window/sidebar-icons", test_sidebar_icons);
  ADD ("/ui/window/size-remembered", test_size_remembered);
  ADD ("/ui/window/preferences", test_preferences);
  ADD ("/ui/window/about-and-shortcuts", test_about_and_shortcuts);
  ADD ("/ui/window/toasts", test_toasts);
  g_test_add_func ("/ui/window/store-error", test_store_error);
  g_test_add_func ("/ui/window/demo-on-first-start", test_demo_on_first_start);

#undef ADD

  return g_test_run ();
}
