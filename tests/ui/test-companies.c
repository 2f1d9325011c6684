/* test-companies.c: the Companies pane and its links to contacts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-deal-board.h"
#include "kt-pipelines.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-record-pane.h"
#include "kt-ui-test.h"

static void
fill_linked (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) company = kt_record_new (KT_ENTITY_COMPANY);
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);

  kt_record_set_string (company, "name", "Балкан Софт ООД");
  kt_record_set_string (company, "city", "Пловдив");
  kt_record_set_int (company, "employee_count", 1234);
  g_assert_true (kt_store_save (store, company, &error));
  g_assert_no_error (error);

  kt_record_set_string (contact, "first_name", "Мария");
  kt_record_set_string (contact, "last_name", "Георгиева");
  kt_record_set_string (contact, "job_title", "Управител");
  kt_record_set_string (contact, "email", "maria@balkan.example");
  kt_record_set_string (contact, "phone", "+359 (2) 123-45");
  kt_record_set_string (contact, "company_id", kt_record_get_id (company));
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
}

static void
test_company_detail_links (KtUiFixture   *fixture,
                           gconstpointer  data)
{
  KtRecordPane *pane;
  KtRecordDetail *detail;
  KtRecordPane *contacts;

  g_assert_true (kt_window_show_section (fixture->window, "companies"));
  kt_ui_iterate (50);
  pane = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "companies"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kt_record_pane_get_list (pane))), ==, 1);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Балкан Софт ООД"));

  gtk_selection_model_select_item (kt_record_pane_get_selection (pane), 0, TRUE);
  /* The detail slides in. */
  kt_ui_iterate (400);
  detail = KT_RECORD_DETAIL (kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL));
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, "Балкан Софт ООД");
  /* The people of the company are listed in its detail. */
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), "Мария Георгиева"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), _("No deals yet")));

  /* The contact's row names its company, not its id. */
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (50);
  contacts = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (contacts), "Балкан Софт ООД"));
}

static void
test_company_form_rejects_bad_number (KtUiFixture   *fixture,
                                      gconstpointer  data)
{
  KtRecordForm *form;
  GtkWidget *row;
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_window_show_section (fixture->window, "companies"));
  kt_ui_iterate (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  kt_ui_iterate (50);
  form = KT_RECORD_FORM (kt_ui_find_toplevel (KT_TYPE_RECORD_FORM));
  g_assert_nonnull (form);

  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "name")), "Acme Ltd");
  row = kt_form_get_row (KT_FORM (form), "employee_count");
  gtk_editable_set_text (GTK_EDITABLE (row), "twelve");
  kt_ui_iterate (10);
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (form)), ==, "employee_count");
  kt_ui_leave_field (row);
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  gtk_editable_set_text (GTK_EDITABLE (row), "12");
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "website")), "acme.example");
  kt_ui_iterate (10);
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (form)), ==, "website");

  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "website")), "https://acme.example");
  kt_ui_iterate (10);
  g_assert_true (kt_form_is_valid (KT_FORM (form)));
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  kt_ui_iterate (50);

  g_assert_true (kt_ui_has_label (GTK_WIDGET (fixture->window), "Acme Ltd"));
}

/* Companies share the record pane: a new one is selected and shown, a
 * search that leaves it out closes its detail. */
static void
test_company_created_is_shown (KtUiFixture   *fixture,
                               gconstpointer  data)
{
  KtRecordPane *pane;
  KtRecordDetail *detail;
  KtRecordForm *form;
  GtkWidget *entry;

  g_assert_true (kt_window_show_section (fixture->window, "companies"));
  kt_ui_iterate (20);
  pane = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "companies"));
  detail = KT_RECORD_DETAIL (kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL));
  gtk_selection_model_select_item (kt_record_pane_get_selection (pane), 0, TRUE);
  kt_ui_iterate (400);
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, "Балкан Софт ООД");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  kt_ui_iterate (50);
  form = KT_RECORD_FORM (kt_ui_find_toplevel (KT_TYPE_RECORD_FORM));
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "name")), "Acme Ltd");
  kt_ui_iterate (10);
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  kt_ui_iterate (400);
  g_assert_true (kt_ui_record_detail_shown (GTK_WIDGET (pane)));
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, "Acme Ltd");
  /* Latin sorts before Cyrillic (docs/ui.md, "Sorting"). */
  g_assert_true (gtk_selection_model_is_selected (kt_record_pane_get_selection (pane), 0));

  entry = kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "балкан");
  kt_ui_iterate (400);
  g_assert_false (kt_ui_record_detail_shown (GTK_WIDGET (pane)));
}

/* A linked person in a company's detail opens that person, by a click;
 * the person's company row opens the company again, by the keyboard. The
 * email and phone rows offer mail and call. */
static void
test_linked_records_open (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  KtRecordPane *companies;
  KtRecordPane *contacts;
  GtkWidget *detail;
  GtkWidget *row;
  GtkWidget *button;
  GVariant *target;

  gtk_window_present (GTK_WINDOW (fixture->window));
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_true (kt_window_show_section (fixture->window, "companies"));
  kt_ui_iterate (50);
  companies = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "companies"));
  gtk_selection_model_select_item (kt_record_pane_get_selection (companies), 0, TRUE);
  kt_ui_iterate (400);

  detail = kt_ui_find_widget (GTK_WIDGET (companies), KT_TYPE_RECORD_DETAIL);
  row = kt_ui_find_row (detail, "Мария Георгиева");
  g_assert_nonnull (row);
  kt_ui_click (row);
  kt_ui_iterate (400);

  contacts = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (contacts)));
  detail = kt_ui_find_widget (GTK_WIDGET (contacts), KT_TYPE_RECORD_DETAIL);
  g_assert_cmpstr (kt_record_detail_get_title (KT_RECORD_DETAIL (detail)), ==, "Мария Георгиева");
  g_assert_true (gtk_selection_model_is_selected (kt_record_pane_get_selection (contacts), 0));

  button = kt_ui_find_actionable (kt_ui_find_row (detail, "maria@balkan.example"), "detail.open-uri");
  g_assert_nonnull (button);
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "mailto:maria@balkan.example");
  button = kt_ui_find_actionable (kt_ui_find_row (detail, "+359 (2) 123-45"), "detail.open-uri");
  g_assert_nonnull (button);
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "tel:+359212345");

  /* Back to the company with the keyboard: Enter on its row. */
  gtk_selection_model_unselect_all (kt_record_pane_get_selection (companies));
  g_assert_false (kt_ui_record_detail_shown (GTK_WIDGET (companies)));
  row = kt_ui_find_row (detail, "Балкан Софт ООД");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (row));
  kt_ui_send_keys (row, "Return");
  kt_ui_iterate (400);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (companies)));
  g_assert_true (kt_ui_record_detail_shown (GTK_WIDGET (companies)));
  detail = kt_ui_find_widget (GTK_WIDGET (companies), KT_TYPE_RECORD_DETAIL);
  g_assert_cmpstr (kt_record_detail_get_title (KT_RECORD_DETAIL (detail)), ==, "Балкан Софт ООД");
}

static void
fill_deal (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) deal = kt_record_new_with_id (KT_ENTITY_DEAL, "01900000-0000-7000-8000-00000000d001");
  KtRecord *stage;

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  pipelines = kt_pipelines_load (store, &error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)), &error);
  g_assert_no_error (error);
  stage = g_ptr_array_index (stages, 0);

  kt_record_set_string (contact, "first_name", "Ivan");
  kt_record_set_string (contact, "last_name", "Petrov");
  g_assert_true (kt_store_save (store, contact, &error));

  kt_record_set_string (deal, "title", "Support contract");
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_int (deal, "value", 100000);
  kt_record_set_string (deal, "currency", "EUR");
  kt_record_set_int (deal, "position", 1024);
  kt_record_set_string (deal, "contact_id", kt_record_get_id (contact));
  g_assert_true (kt_store_save (store, deal, &error));
  g_assert_no_error (error);
}

/* A deal listed in a contact's detail opens its detail beside the
 * board, and the deal's contact row leads back to the contact. */
static void
test_linked_deal_opens (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  KtRecordPane *contacts;
  KtDealBoard *board;
  GtkWidget *row;
  KtDealDetail *deal;

  gtk_window_present (GTK_WINDOW (fixture->window));
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (50);
  contacts = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
  gtk_selection_model_select_item (kt_record_pane_get_selection (contacts), 0, TRUE);
  kt_ui_iterate (400);

  row = kt_ui_find_row (kt_ui_find_widget (GTK_WIDGET (contacts), KT_TYPE_RECORD_DETAIL), "Support contract");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (row));
  kt_ui_send_keys (row, "space");
  kt_ui_iterate (300);
  g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "deals");
  board = KT_DEAL_BOARD (kt_window_get_pane (fixture->window, "deals"));
  g_assert_true (kt_deal_board_get_detail_shown (board));
  deal = kt_deal_board_get_detail (board);
  g_assert_cmpstr (kt_deal_detail_get_deal_id (deal), ==, "01900000-0000-7000-8000-00000000d001");

  /* The deal's contact opens the contact again, as win.show-record does
   * from a contact's detail. */
  row = kt_ui_find_row (GTK_WIDGET (deal), "Ivan Petrov");
  g_assert_nonnull (row);
  kt_ui_click (row);
  kt_ui_iterate (300);
  g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "contacts");
  g_assert_true (kt_ui_record_detail_shown (GTK_WIDGET (contacts)));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/companies/detail-links", KtUiFixture, fill_linked,
              kt_ui_fixture_setup, test_company_detail_links, kt_ui_fixture_teardown);
  g_test_add ("/ui/companies/form-rejects-bad-number", KtUiFixture, NULL,
              kt_ui_fixture_setup, test_company_form_rejects_bad_number, kt_ui_fixture_teardown);
  g_test_add ("/ui/companies/created-is-shown", KtUiFixture, fill_linked,
              kt_ui_fixture_setup, test_company_created_is_shown, kt_ui_fixture_teardown);
  g_test_add ("/ui/companies/linked-records-open", KtUiFixture, fill_linked,
              kt_ui_fixture_setup, test_linked_records_open, kt_ui_fixture_teardown);
  g_test_add ("/ui/companies/linked-deal-opens", KtUiFixture, fill_deal,
              kt_ui_fixture_setup, test_linked_deal_opens, kt_ui_fixture_teardown);

  return g_test_run ();
}
