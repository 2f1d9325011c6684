/* test-contacts.c: the Contacts pane, used as a person uses it
 *
 * Create a contact through the form, find it by typing in search, edit it,
 * delete it and undo, sort by a column, filter by tag, tag in bulk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-record-pane.h"
#include "kt-ui-test.h"

static KtRecordPane *
contacts_pane (KtUiFixture *fixture)
{
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (20);
  return KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
}

static guint
n_rows (KtRecordPane *pane)
{
  return g_list_model_get_n_items (G_LIST_MODEL (kt_record_pane_get_list (pane)));
}

static void
type_into (GtkWidget  *row,
           const char *text)
{
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  kt_ui_iterate (10);
}

static KtRecordForm *
open_new_form (KtUiFixture *fixture)
{
  KtRecordForm *form;

  /* Ctrl+N's action, through the window as the shortcut goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  kt_ui_iterate (50);
  form = KT_RECORD_FORM (kt_ui_find_toplevel (KT_TYPE_RECORD_FORM));
  g_assert_nonnull (form);

  return form;
}

static void
type_search (KtRecordPane *pane,
             const char   *text)
{
  GtkWidget *entry = kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* The search entry waits for typing to pause before it searches. */
  kt_ui_iterate (400);
}

static void
create_contact (KtUiFixture *fixture,
                const char  *first,
                const char  *last,
                const char  *email)
{
  KtRecordForm *form = open_new_form (fixture);
  g_autoptr(GError) error = NULL;

  type_into (kt_record_form_get_row (form, "first_name"), first);
  type_into (kt_record_form_get_row (form, "last_name"), last);
  if (email != NULL)
    type_into (kt_record_form_get_row (form, "email"), email);
  g_assert_true (kt_record_form_is_valid (form));
  g_assert_true (kt_record_form_save (form, &error));
  g_assert_no_error (error);
  kt_ui_iterate (50);
}

static void
test_create_through_form (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  KtRecordPane *pane = contacts_pane (fixture);
  KtRecordForm *form;
  GtkWidget *email_row;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n_rows (pane), ==, 0);
  /* An empty store says so and offers the first step. */
  g_assert_true (kt_ui_has_label (GTK_WIDGET (fixture->window), _("No Contacts Yet")));

  form = open_new_form (fixture);

  /* Nothing typed yet: Save is off, and nobody is scolded. */
  g_assert_false (kt_record_form_is_valid (form));
  email_row = kt_record_form_get_row (form, "email");
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));

  /* A wrong address is named as the person types it. */
  type_into (email_row, "ivan.petrov@");
  g_assert_cmpstr (kt_record_form_get_error_field (form), ==, "email");
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (form), kt_record_form_get_error_message (form)));
  g_assert_false (kt_record_form_save (form, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_clear_error (&error);

  type_into (email_row, "ivan.petrov@example.com");
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  /* Still no name: the model's own rule keeps Save off. */
  g_assert_false (kt_record_form_is_valid (form));
  g_assert_cmpstr (kt_record_form_get_error_field (form), ==, "first_name");

  type_into (kt_record_form_get_row (form, "first_name"), "Иван");
  type_into (kt_record_form_get_row (form, "last_name"), "Петров");
  type_into (kt_record_form_get_row (form, "birthday"), "31.02.1990");
  g_assert_cmpstr (kt_record_form_get_error_field (form), ==, "birthday");
  type_into (kt_record_form_get_row (form, "birthday"), "28.02.1990");
  g_assert_true (kt_record_form_is_valid (form));

  g_assert_true (kt_record_form_save (form, &error));
  g_assert_no_error (error);
  kt_ui_iterate (50);

  g_assert_null (kt_ui_find_toplevel (KT_TYPE_RECORD_FORM));
  g_assert_cmpuint (n_rows (pane), ==, 1);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Иван Петров"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "ivan.petrov@example.com"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "1 contact"));
}

static void
test_search_edit_delete_undo (KtUiFixture   *fixture,
                              gconstpointer  data)
{
  KtRecordPane *pane = contacts_pane (fixture);
  GtkSelectionModel *selection = kt_record_pane_get_selection (pane);
  KtRecordDetail *detail;
  KtRecordForm *form;
  g_autoptr(GError) error = NULL;

  create_contact (fixture, "Иван", "Петров", "ivan@example.com");
  create_contact (fixture, "Maria", "Ivanova", "maria@example.com");
  create_contact (fixture, "George", "Smith", NULL);
  g_assert_cmpuint (n_rows (pane), ==, 3);

  /* Found as the person types, by a prefix of any word. */
  type_search (pane, "пет");
  g_assert_cmpuint (n_rows (pane), ==, 1);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Иван Петров"));
  g_assert_false (kt_ui_has_label (GTK_WIDGET (pane), "George Smith"));

  type_search (pane, "nobody-by-this-name");
  g_assert_cmpuint (n_rows (pane), ==, 0);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), _("No Results Found")));

  type_search (pane, "пет");

  /* Selecting the row shows its detail. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  /* The detail slides in. */
  kt_ui_iterate (400);
  detail = KT_RECORD_DETAIL (kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL));
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, "Иван Петров");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), "ivan@example.com"));

  /* Edit: the form opens filled in. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.edit", NULL));
  kt_ui_iterate (50);
  form = KT_RECORD_FORM (kt_ui_find_toplevel (KT_TYPE_RECORD_FORM));
  g_assert_nonnull (form);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_record_form_get_row (form, "last_name"))), ==, "Петров");
  type_into (kt_record_form_get_row (form, "last_name"), "Петров-Стоянов");
  type_into (kt_record_form_get_row (form, "job_title"), "Търговски директор");
  g_assert_true (kt_record_form_save (form, &error));
  g_assert_no_error (error);
  kt_ui_iterate (50);

  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Иван Петров-Стоянов"));
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, "Иван Петров-Стоянов");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), "Търговски директор"));

  /* Delete (the Delete key's action), then undo (Ctrl+Z's). */
  gtk_selection_model_select_item (selection, 0, TRUE);
  kt_ui_iterate (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL));
  kt_ui_iterate (50);
  g_assert_cmpuint (n_rows (pane), ==, 0);
  type_search (pane, "");
  g_assert_cmpuint (n_rows (pane), ==, 2);
  g_assert_false (kt_ui_has_label (GTK_WIDGET (pane), "Иван Петров-Стоянов"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  kt_ui_iterate (50);
  g_assert_cmpuint (n_rows (pane), ==, 3);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Иван Петров-Стоянов"));
}

static void
test_sort_and_filter (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  KtRecordPane *pane = contacts_pane (fixture);
  GtkColumnView *view;
  GtkColumnViewColumn *name_column;
  GListModel *columns;
  g_autoptr(KtRecord) first = NULL;
  g_autoptr(KtRecord) last_first = NULL;
  g_autofree char *title = NULL;
  g_autofree char *title2 = NULL;
  GtkWidget *tag_entry;

  create_contact (fixture, "Anna", "Black", NULL);
  create_contact (fixture, "Zoe", "White", NULL);
  create_contact (fixture, "Mila", "Green", NULL);

  view = GTK_COLUMN_VIEW (kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_COLUMN_VIEW));
  columns = gtk_column_view_get_columns (view);
  name_column = g_list_model_get_item (columns, 0);
  g_object_unref (name_column);

  /* Clicking the Name header twice: the store sorts, descending. */
  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_DESCENDING);
  kt_ui_iterate (50);
  first = g_list_model_get_item (G_LIST_MODEL (kt_record_pane_get_list (pane)), 0);
  title = kt_record_dup_title (first);
  g_assert_cmpstr (title, ==, "Zoe White");

  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_ASCENDING);
  kt_ui_iterate (50);
  last_first = g_list_model_get_item (G_LIST_MODEL (kt_record_pane_get_list (pane)), 0);
  title2 = kt_record_dup_title (last_first);
  g_assert_cmpstr (title2, ==, "Anna Black");

  /* Bulk tag two of them in one transaction, then filter by the tag. */
  {
    GtkSelectionModel *selection = kt_record_pane_get_selection (pane);
    AdwMessageDialog *dialog;
    GtkWidget *entry;

    gtk_selection_model_select_item (selection, 0, TRUE);
    gtk_selection_model_select_item (selection, 1, FALSE);
    /* The selection bar slides in. */
    kt_ui_iterate (400);
    g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "2 contacts selected"));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.tag", NULL));
    kt_ui_iterate (50);
    dialog = ADW_MESSAGE_DIALOG (kt_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_nonnull (dialog);
    entry = adw_message_dialog_get_extra_child (dialog);
    gtk_editable_set_text (GTK_EDITABLE (entry), "vip");
    adw_message_dialog_response (dialog, "add");
    kt_ui_iterate (50);
  }

  /* The tag filter is the entry row of the filter popover. */
  tag_entry = kt_ui_find_widget (kt_record_pane_get_filter_popover (pane), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (tag_entry);
  gtk_editable_set_text (GTK_EDITABLE (tag_entry), "vip");
  kt_ui_iterate (50);
  g_assert_cmpuint (n_rows (pane), ==, 2);

  gtk_editable_set_text (GTK_EDITABLE (tag_entry), "nonexistent");
  kt_ui_iterate (50);
  g_assert_cmpuint (n_rows (pane), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (tag_entry), "");
  kt_ui_iterate (50);
  g_assert_cmpuint (n_rows (pane), ==, 3);
}

static void
test_bulk_delete_undo (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  KtRecordPane *pane = contacts_pane (fixture);
  GtkSelectionModel *selection = kt_record_pane_get_selection (pane);

  create_contact (fixture, "One", "A", NULL);
  create_contact (fixture, "Two", "B", NULL);
  create_contact (fixture, "Three", "C", NULL);

  gtk_selection_model_select_all (selection);
  kt_ui_iterate (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL));
  kt_ui_iterate (50);
  g_assert_cmpuint (n_rows (pane), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  kt_ui_iterate (50);
  g_assert_cmpuint (n_rows (pane), ==, 3);
}

static void
test_search_shortcut_focuses_entry (KtUiFixture   *fixture,
                                    gconstpointer  data)
{
  KtRecordPane *pane = contacts_pane (fixture);
  GtkWidget *entry = kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *focus;

  gtk_window_present (GTK_WINDOW (fixture->window));
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));

  /* Ctrl+F's action, through the window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  kt_ui_iterate (20);
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, KtUiFixture, NULL, kt_ui_fixture_setup, func, kt_ui_fixture_teardown)

  ADD ("/ui/contacts/create-through-form", test_create_through_form);
  ADD ("/ui/contacts/search-edit-delete-undo", test_search_edit_delete_undo);
  ADD ("/ui/contacts/sort-and-filter", test_sort_and_filter);
  ADD ("/ui/contacts/bulk-delete-undo", test_bulk_delete_undo);
  ADD ("/ui/contacts/search-shortcut", test_search_shortcut_focuses_entry);

#undef ADD

  return g_test_run ();
}
