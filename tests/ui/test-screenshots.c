/* test-screenshots.c: every main pane on demo data, light and dark
 *
 * Saves <build>/tests/ui/screenshots/<pane>-<style><suffix>.png; the
 * 'ui-screenshots-bg' run sets LANGUAGE=bg and the suffix "-bg". Each
 * picture is also checked for being more than a blank window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-gen.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-record-pane.h"
#include "kt-ui-test.h"
#include "kt-window-sections.h"

static void
fill_demo (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  KtGenParams params;

  kt_gen_params_init_demo (&params);
  /* A fixed "now" keeps the pictures comparable from run to run. */
  params.now_ms = G_GINT64_CONSTANT (1795600000000);
  g_assert_true (kt_gen_fill (store, &params, &error));
  g_assert_no_error (error);
}

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

static void
shoot (KtUiFixture *fixture,
       const char  *name,
       const char  *style)
{
  const char *suffix = g_getenv ("KT_SCREENSHOT_SUFFIX");
  g_autofree char *file = g_strdup_printf ("%s-%s%s", name, style, suffix != NULL ? suffix : "");
  g_autofree char *path = kt_ui_screenshot (GTK_WIDGET (fixture->window), file);

  assert_not_blank (path);
}

static void
shoot_style (KtUiFixture *fixture,
             const char  *style)
{
  static const char * const panes[] = {
    "dashboard", "contacts", "companies", "deals", "tasks", "invoices", "team",
  };
  KtRecordPane *contacts;

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      g_assert_true (kt_window_show_section (fixture->window, panes[i]));
      /* Past the stack's crossfade. */
      kt_ui_iterate (500);
      shoot (fixture, panes[i], style);
    }

  /* The contacts pane with a contact's detail open. */
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  contacts = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
  gtk_selection_model_select_item (kt_record_pane_get_selection (contacts), 2, TRUE);
  kt_ui_iterate (400);
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

  /* The form, with a mistake being pointed out. */
  {
    GtkWindow *form = kt_record_pane_open_form (contacts, NULL);
    const char *suffix = g_getenv ("KT_SCREENSHOT_SUFFIX");
    g_autofree char *file = g_strdup_printf ("contact-form-%s%s", style, suffix != NULL ? suffix : "");
    g_autofree char *path = NULL;

    gtk_editable_set_text (GTK_EDITABLE (kt_record_form_get_row (KT_RECORD_FORM (form), "first_name")), "Елена");
    gtk_editable_set_text (GTK_EDITABLE (kt_record_form_get_row (KT_RECORD_FORM (form), "email")), "elena@");
    kt_ui_iterate (300);
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

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  kt_ui_iterate (100);
  shoot_style (fixture, "light");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  kt_ui_iterate (100);
  g_assert_true (adw_style_manager_get_dark (manager));
  shoot_style (fixture, "dark");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/screenshots/panes", KtUiFixture, fill_demo,
              kt_ui_fixture_setup, test_screenshots, kt_ui_fixture_teardown);

  return g_test_run ();
}
