/* test-import.c: a CSV with one bad row through the import dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-import-dialog.h"
#include "kt-import.h"
#include "kt-ui-test.h"

static const char csv[] =
  "\xEF\xBB\xBFИме;Фамилия;Имейл;Телефон;Фирма;Любим цвят\r\n"
  "Иван;Петров;ivan@example.com;+359 88 111 2222;Acme;син\r\n"
  "Мария;Иванова;maria(at)example.com;;Acme;зелен\r\n"
  "Георги;Димитров;georgi@example.com;;Бета ООД;\r\n";

static gint64
count (KtStore    *store,
       const char *entity)
{
  g_autoptr(KtQuery) query = kt_query_new (kt_entity_lookup (entity));

  return kt_store_count (store, query, NULL);
}

static void
on_imported_cb (KtImportDialog *dialog,
                guint           n,
                guint          *out)
{
  *out = n;
}

static void
test_import_one_bad_row (KtUiFixture   *fixture,
                         gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  g_autoptr(GError) error = NULL;
  g_autoptr(KtImport) import = NULL;
  KtImportDialog *dialog;
  AdwComboRow *colour_row;
  g_auto(GStrv) report = NULL;
  guint imported = 0;

  import = kt_import_new_from_data (store, kt_entity_lookup ("contact"), "people.csv",
                                    csv, strlen (csv), &error);
  g_assert_no_error (error);
  dialog = kt_import_dialog_new (import, "people.csv");
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported_cb), &imported);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (dialog));
  kt_ui_wait_for_frame (GTK_WIDGET (dialog));

  /* The guesses show in the combo rows; an unknown column is skipped. */
  g_assert_cmpuint (adw_combo_row_get_selected (kt_import_dialog_get_column_row (dialog, 5)), ==, 0);
  g_assert_cmpstr (kt_import_get_column_target (import, 2), ==, "email");
  /* The preview shows the first rows as the file has them. */
  g_assert_true (kt_ui_has_label (GTK_WIDGET (dialog), "maria(at)example.com"));
  g_free (kt_ui_screenshot (GTK_WIDGET (dialog), "import-mapping"));

  /* Choosing "Notes" for the colour column, as a person would. */
  colour_row = kt_import_dialog_get_column_row (dialog, 5);
  {
    GListModel *labels = adw_combo_row_get_model (colour_row);

    for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), _("Notes")) == 0)
        adw_combo_row_set_selected (colour_row, i);
  }
  g_assert_cmpstr (kt_import_get_column_target (import, 5), ==, "notes");

  g_assert_true (kt_import_dialog_check (dialog));
  kt_ui_iterate (20);
  report = kt_import_dialog_dup_report (dialog);
  g_assert_cmpuint (g_strv_length (report), ==, 1);
  g_assert_true (g_str_has_prefix (report[0], "Line 3, Имейл: "));
  g_assert_nonnull (strstr (kt_import_dialog_get_summary (dialog), "2 rows are valid"));
  g_assert_nonnull (strstr (kt_import_dialog_get_summary (dialog), "2 new companies"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (dialog), "_Import 2 Rows, Skip 1") ||
                 kt_ui_has_label (GTK_WIDGET (dialog), "Import 2 Rows, Skip 1"));
  /* Let the page slide in completely before the screenshot. */
  kt_ui_iterate (600);
  kt_ui_wait_for_frame (GTK_WIDGET (dialog));
  g_free (kt_ui_screenshot (GTK_WIDGET (dialog), "import-report"));

  /* Nothing is written before the person confirms. */
  g_assert_cmpint (count (store, "contact"), ==, 0);
  g_assert_true (kt_import_dialog_confirm (dialog, &error));
  g_assert_no_error (error);
  kt_ui_iterate (50);

  g_assert_cmpuint (imported, ==, 2);
  g_assert_cmpint (count (store, "contact"), ==, 2);
  g_assert_cmpint (count (store, "company"), ==, 2);
}

/* A row with the email of a stored contact: the report offers to update
 * it, and with the switch on the import updates instead of adding. */
static void
test_import_updates_duplicates (KtUiFixture   *fixture,
                                gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  g_autoptr(GError) error = NULL;
  g_autoptr(KtImport) import = NULL;
  g_autoptr(KtRecord) ivan = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) stored = NULL;
  g_autofree char *repeats = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *updates = NULL;
  KtImportDialog *dialog;
  GtkWidget *toggle;
  guint imported = 0;

  kt_record_set_string (ivan, "first_name", "Ivan");
  kt_record_set_string (ivan, "email", "IVAN@example.com");
  g_assert_true (kt_store_save (store, ivan, &error));
  import = kt_import_new_from_data (store, kt_entity_lookup ("contact"), "people.csv",
                                    csv, strlen (csv), &error);
  g_assert_no_error (error);
  dialog = kt_import_dialog_new (import, "people.csv");
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported_cb), &imported);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (dialog));
  kt_ui_wait_for_frame (GTK_WIDGET (dialog));

  g_assert_true (kt_import_dialog_check (dialog));
  kt_ui_iterate (20);
  /* In the UI's language, so that LANGUAGE=bg takes the Bulgarian picture. */
  repeats = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u row repeats a stored record and will be a second copy.",
                                          "%u rows repeat stored records and will be second copies.", 1), 1);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u row has the email, phone or EIK of a stored record",
                                           "%u rows have the email, phone or EIK of a stored record", 1), 1);
  updates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u row updates the stored record it repeats.",
                                          "%u rows update the stored records they repeat.", 1), 1);
  g_assert_nonnull (strstr (kt_import_dialog_get_summary (dialog), repeats));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (dialog), subtitle));

  /* The person turns the switch on, as a click would. */
  toggle = kt_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH);
  g_assert_nonnull (toggle);
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  kt_ui_iterate (20);
  g_assert_nonnull (strstr (kt_import_dialog_get_summary (dialog), updates));
  kt_ui_iterate (600);
  kt_ui_wait_for_frame (GTK_WIDGET (dialog));
  {
    const char *suffix = g_getenv ("KT_SCREENSHOT_SUFFIX");
    g_autofree char *name = g_strconcat ("import-duplicates", suffix != NULL ? suffix : "", NULL);

    g_free (kt_ui_screenshot (GTK_WIDGET (dialog), name));
  }

  g_assert_true (kt_import_dialog_confirm (dialog, &error));
  g_assert_no_error (error);
  kt_ui_iterate (50);

  /* Ivan updated, Georgi added: two contacts, not three. */
  g_assert_cmpint (count (store, "contact"), ==, 2);
  stored = kt_store_get (store, KT_ENTITY_CONTACT, kt_record_get_id (ivan), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (stored, "last_name"), ==, "Петров");
}

static void
test_refuses_a_broken_file (KtUiFixture   *fixture,
                            gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  const char *broken = "name,email\n\"Acme,info@acme.example\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(KtImport) import = kt_import_new_from_data (store, kt_entity_lookup ("company"),
                                                        "broken.csv", broken, strlen (broken),
                                                        &error);

  g_assert_null (import);
  g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "Line 2"));
}

static void
test_menu_actions (KtUiFixture   *fixture,
                   gconstpointer  data)
{
  GActionGroup *app = G_ACTION_GROUP (fixture->app);

  /* The primary menu's Import and Export items reach these. */
  g_assert_true (g_action_group_has_action (app, "import"));
  g_assert_true (g_action_group_has_action (app, "export"));
  g_assert_true (g_variant_type_equal (g_action_group_get_action_parameter_type (app, "import"),
                                       G_VARIANT_TYPE_STRING));
  g_assert_true (g_action_group_get_action_enabled (app, "export"));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, KtUiFixture, NULL, kt_ui_fixture_setup, func, kt_ui_fixture_teardown)

  ADD ("/ui/import/one-bad-row", test_import_one_bad_row);
  ADD ("/ui/import/updates-duplicates", test_import_updates_duplicates);
  ADD ("/ui/import/refuses-a-broken-file", test_refuses_a_broken_file);
  ADD ("/ui/import/menu-actions", test_menu_actions);

#undef ADD

  return g_test_run ();
}
