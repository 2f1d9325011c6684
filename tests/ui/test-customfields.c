/* test-customfields.c: define a custom field and see it in the contact form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-custom-field-dialog.h"
#include "kt-custom-fields-page.h"
#include "kt-custom-fields.h"
#include "kt-record-form.h"
#include "kt-ui-test.h"

static void
type_into (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  kt_ui_iterate (10);
}

static void
define_field (KtStore    *store,
              const char *entity,
              const char *label,
              guint       type,
              const char *choices)
{
  KtCustomFieldDialog *dialog = kt_custom_field_dialog_new (store, entity, NULL);
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  type_into (kt_form_get_row (KT_FORM (dialog), "label"), label);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (dialog), "field_type")), type);
  if (choices != NULL)
    type_into (kt_form_get_row (KT_FORM (dialog), "choices"), choices);
  kt_ui_click_to_close (GTK_WINDOW (dialog), _("_Save"));
  kt_ui_iterate (20);
}

static void
test_define_and_use (KtUiFixture   *fixture,
                     gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  AdwPreferencesWindow *prefs = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  GtkWidget *page = kt_custom_fields_page_new (store);
  KtCustomFieldDialog *dialog;
  KtRecordForm *form;
  g_autoptr(GPtrArray) defs = NULL;
  g_autoptr(GError) error = NULL;

  adw_preferences_window_add (prefs, ADW_PREFERENCES_PAGE (page));
  gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 560);
  gtk_window_present (GTK_WINDOW (prefs));
  kt_ui_wait_for_frame (GTK_WIDGET (prefs));
  g_assert_cmpuint (kt_custom_fields_page_n_rows (KT_CUSTOM_FIELDS_PAGE (page), "contact"), ==, 0);

  /* The key follows the label, transliterated; a choice field wants choices. */
  dialog = kt_custom_field_dialog_new (store, "contact", NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_nonnull (kt_form_get_error (KT_FORM (dialog)));
  type_into (kt_form_get_row (KT_FORM (dialog), "label"), "Любимо питие");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (dialog), "key"))),
                   ==, "lyubimo_pitie");
  g_assert_null (kt_form_get_error (KT_FORM (dialog)));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (dialog), "field_type")), 3);
  kt_ui_iterate (10);
  g_assert_nonnull (kt_form_get_error (KT_FORM (dialog)));
  kt_ui_leave_field (kt_form_get_row (KT_FORM (dialog), "choices"));
  g_assert_true (gtk_widget_has_css_class (kt_form_get_row (KT_FORM (dialog), "choices"), "error"));
  type_into (kt_form_get_row (KT_FORM (dialog), "choices"), "чай, кафе, вода");
  g_assert_null (kt_form_get_error (KT_FORM (dialog)));
  kt_ui_wait_for_frame (GTK_WIDGET (dialog));
  g_free (kt_ui_screenshot (GTK_WIDGET (dialog), "custom-field-dialog"));
  kt_ui_click_to_close (GTK_WINDOW (dialog), _("_Save"));
  kt_ui_iterate (20);

  /* A second field; the same key again is refused. */
  define_field (store, "contact", "Shoe size", 1, NULL);
  dialog = kt_custom_field_dialog_new (store, "contact", NULL);
  type_into (kt_form_get_row (KT_FORM (dialog), "label"), "Shoe size");
  g_assert_nonnull (kt_form_get_error (KT_FORM (dialog)));
  /* The key was filled in for the person: its problem shows on Save. */
  g_assert_false (kt_form_save (KT_FORM (dialog), NULL));
  g_assert_true (gtk_widget_has_css_class (kt_form_get_row (KT_FORM (dialog), "key"), "error"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpuint (kt_custom_fields_page_n_rows (KT_CUSTOM_FIELDS_PAGE (page), "contact"), ==, 2);
  g_assert_cmpuint (kt_custom_fields_page_n_rows (KT_CUSTOM_FIELDS_PAGE (page), "company"), ==, 0);

  /* Reorder: the shoe size goes first. */
  g_assert_true (kt_custom_fields_page_move (KT_CUSTOM_FIELDS_PAGE (page), "contact", 1, -1, &error));
  g_assert_no_error (error);
  kt_ui_iterate (20);
  defs = kt_custom_fields_for_entity (store, "contact");
  g_assert_cmpuint (defs->len, ==, 2);
  g_assert_cmpstr (kt_record_get_string (defs->pdata[0], "key"), ==, "shoe_size");
  g_assert_cmpstr (kt_record_get_string (defs->pdata[1], "key"), ==, "lyubimo_pitie");

  kt_ui_wait_for_frame (GTK_WIDGET (prefs));
  g_free (kt_ui_screenshot (GTK_WIDGET (prefs), "custom-fields-page"));
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* The contact form shows both, in that order's rows. */
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  kt_ui_iterate (50);
  form = KT_RECORD_FORM (kt_ui_find_toplevel (KT_TYPE_RECORD_FORM));
  g_assert_nonnull (form);
  g_assert_nonnull (kt_form_get_row (KT_FORM (form), "custom.lyubimo_pitie"));
  g_assert_nonnull (kt_form_get_row (KT_FORM (form), "custom.shoe_size"));
  kt_ui_wait_for_frame (GTK_WIDGET (form));
  g_free (kt_ui_screenshot (GTK_WIDGET (form), "contact-form-custom-fields"));
  gtk_window_destroy (GTK_WINDOW (form));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/customfields/define-and-use", KtUiFixture, NULL,
              kt_ui_fixture_setup, test_define_and_use, kt_ui_fixture_teardown);

  return g_test_run ();
}
