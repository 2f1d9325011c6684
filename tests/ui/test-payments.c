/* test-payments.c: the Payments pane, the statement import and matching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-form.h"
#include "kt-invoice-chooser.h"
#include "kt-payments-pane.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-statement-dialog.h"
#include "kt-ui-test.h"
#include "../io/bank-samples.h"

static KtRecord *
save_invoice (KtStore    *store,
              const char *number,
              const char *currency,
              gint64      total,
              const char *client)
{
  g_autoptr(GError) error = NULL;
  KtRecord *invoice = kt_record_new (KT_ENTITY_INVOICE);

  kt_record_set_string (invoice, "number", number);
  kt_record_set_string (invoice, "status", "issued");
  kt_record_set_string (invoice, "currency", currency);
  kt_record_set_string (invoice, "issue_date", "2026-11-20");
  kt_record_set_string (invoice, "due_date", "2026-12-20");
  kt_record_set_string (invoice, "client_name", client);
  kt_record_set_int (invoice, "subtotal", total);
  kt_record_set_int (invoice, "net", total);
  kt_record_set_int (invoice, "total", total);
  g_assert_true (kt_store_save (store, invoice, &error));
  g_assert_no_error (error);
  return invoice;
}

static void
fill_invoices (KtStore *store)
{
  g_autoptr(KtRecord) first = save_invoice (store, "0000000042", "BGN", 123456, "Стройинвест ООД");
  g_autoptr(KtRecord) second = save_invoice (store, "0000000043", "EUR", 50000, "Acme Ltd");
  g_autoptr(KtRecord) proposed = kt_record_new (KT_ENTITY_PAYMENT);
  g_autoptr(KtRecord) unmatched = kt_record_new (KT_ENTITY_PAYMENT);
  g_autoptr(GError) error = NULL;

  /* A payment the matcher proposed invoice 43 for. */
  kt_record_set_int (proposed, "amount", 50000);
  kt_record_set_string (proposed, "currency", "EUR");
  kt_record_set_string (proposed, "received_at", "2026-11-28T12:00:00.000Z");
  kt_record_set_string (proposed, "payer_name", "Acme Ltd");
  kt_record_set_string (proposed, "reference", "Order 77");
  kt_record_set_string (proposed, "proposed_invoice_id", kt_record_get_id (second));
  g_assert_true (kt_store_save (store, proposed, &error));
  g_assert_no_error (error);

  kt_record_set_int (unmatched, "amount", 2000);
  kt_record_set_string (unmatched, "currency", "EUR");
  kt_record_set_string (unmatched, "received_at", "2026-11-29T12:00:00.000Z");
  kt_record_set_string (unmatched, "payer_name", "Bob");
  g_assert_true (kt_store_save (store, unmatched, &error));
  g_assert_no_error (error);
}

static KtStore *
window_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_record_pane_get_context (
    KT_RECORD_PANE (kt_window_get_pane (fixture->window, "payments"))));
}

static KtRecordPane *
payments_pane (KtUiFixture *fixture)
{
  g_assert_true (kt_window_show_section (fixture->window, "payments"));
  gtk_window_present (GTK_WINDOW (fixture->window));
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  kt_ui_iterate (100);
  return KT_RECORD_PANE (kt_window_get_pane (fixture->window, "payments"));
}

static KtRecord *
find_one (KtStore    *store,
          const KtEntity *entity,
          const char *field,
          const char *value)
{
  g_autoptr(KtQuery) query = kt_query_new (entity);
  g_autoptr(GPtrArray) found = NULL;

  kt_query_add_filter (query, field, value);
  found = kt_store_query (store, query, 0, 2, NULL);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);
  return g_object_ref (found->pdata[0]);
}

static gint64
count_payments (KtStore *store)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_PAYMENT);

  return kt_store_count (store, query, NULL);
}

static KtStatementDialog *
open_statement (KtUiFixture *fixture,
                const char  *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStatementImport) import =
    kt_statement_import_new (window_store (fixture), text, strlen (text), &error);
  KtStatementDialog *dialog;

  g_assert_no_error (error);
  dialog = kt_statement_dialog_new (window_store (fixture), import, "statement");
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (dialog));
  kt_ui_wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

/* A CAMT statement with a debit and a repeated line: the summary says so,
 * the credit whose reference is invoice 42's number pays it, and the list
 * shows the match. */
static void
test_import_camt (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  KtRecordPane *pane = payments_pane (fixture);
  KtStore *store = window_store (fixture);
  KtStatementDialog *dialog = open_statement (fixture, BANK_SAMPLE_CAMT);
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(KtRecord) payment = NULL;
  const char *summary;

  g_assert_cmpstr (kt_statement_dialog_get_page (dialog), ==, "check");
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (dialog), _("_Import")));
  kt_ui_iterate (200);
  g_assert_cmpstr (kt_statement_dialog_get_page (dialog), ==, "done");
  summary = kt_statement_dialog_get_summary (dialog);
  g_assert_nonnull (strstr (summary, "2 payments imported, 1 duplicate skipped, 1 debit skipped"));
  g_assert_nonnull (strstr (summary, "Matched to invoices: 1, proposed for review: 0, unmatched: 1."));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (dialog),
                                  "Line 9: bank reference “REF-003” repeats in the file"));
  g_free (kt_ui_screenshot (GTK_WIDGET (dialog), "payments-import-summary"));
  kt_ui_click_to_close (GTK_WINDOW (dialog), _("_Close"));
  g_assert_cmpint (count_payments (store), ==, 4);

  invoice = find_one (store, KT_ENTITY_INVOICE, "number", "0000000042");
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, "paid");
  g_assert_cmpint (kt_record_get_int (invoice, "paid_amount"), ==, 123456);
  payment = find_one (store, KT_ENTITY_PAYMENT, "bank_reference", "REF-001");
  g_assert_true (kt_record_get_bool (payment, "matched"));

  kt_ui_iterate (200);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Matched: 0000000042"));

  /* The same file again: nothing twice. */
  dialog = open_statement (fixture, BANK_SAMPLE_CAMT);
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (dialog), _("_Import")));
  kt_ui_iterate (200);
  g_assert_nonnull (strstr (kt_statement_dialog_get_summary (dialog),
                            "0 payments imported, 3 duplicates skipped, 1 debit skipped"));
  kt_ui_click_to_close (GTK_WINDOW (dialog), _("_Close"));
  g_assert_cmpint (count_payments (store), ==, 4);
}

/* A CSV export with a bad line: Check names it on the mapping page and
 * nothing is saved; fixing the mapping is not enough for a bad amount, so
 * the person cancels with nothing half imported. */
static void
test_import_csv_bad_line (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  const char *text = "Дата;Сума;Референция\n01.12.2026;10,00;A-1\n02.12.2026;десет;A-2\n";
  KtStatementDialog *dialog;

  payments_pane (fixture);
  dialog = open_statement (fixture, text);
  g_assert_cmpstr (kt_statement_dialog_get_page (dialog), ==, "mapping");
  g_assert_cmpuint (adw_combo_row_get_selected (kt_statement_dialog_get_column_row (dialog, 1)), ==, 2);
  g_free (kt_ui_screenshot (GTK_WIDGET (dialog), "payments-import-mapping"));
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (dialog), _("C_heck")));
  kt_ui_iterate (100);
  g_assert_cmpstr (kt_statement_dialog_get_page (dialog), ==, "mapping");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (dialog), "Line 3, Сума: “десет” is not an amount in EUR"));
  kt_ui_click_to_close (GTK_WINDOW (dialog), _("_Cancel"));
  g_assert_cmpint (count_payments (window_store (fixture)), ==, 2);
}

static void
select_payer (KtRecordPane *pane,
              const char   *payer)
{
  GListModel *list = G_LIST_MODEL (kt_record_pane_get_list (pane));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(KtRecord) record = g_list_model_get_item (list, i);

      if (g_strcmp0 (kt_record_get_string (record, "payer_name"), payer) == 0)
        {
          gtk_selection_model_select_item (kt_record_pane_get_selection (pane), i, TRUE);
          kt_ui_iterate (400);
          return;
        }
    }
  g_assert_not_reached ();
}

/* A proposal accepted from the detail, then undone from the toast. */
static void
test_accept_and_undo (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  KtRecordPane *pane = payments_pane (fixture);
  KtStore *store = window_store (fixture);
  GtkWidget *detail = kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL);
  g_autoptr(KtRecord) payment = NULL;
  g_autoptr(KtRecord) invoice = NULL;

  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Proposed: 0000000043"));
  select_payer (pane, "Acme Ltd");
  g_assert_true (kt_ui_record_detail_shown (GTK_WIDGET (pane)));
  g_assert_nonnull (kt_ui_find_row (detail, "Proposed: invoice 0000000043"));
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), "payments-proposal"));

  kt_ui_click (kt_ui_find_button (detail, _("_Accept")));
  kt_ui_iterate (400);
  payment = find_one (store, KT_ENTITY_PAYMENT, "payer_name", "Acme Ltd");
  g_assert_true (kt_record_get_bool (payment, "matched"));
  invoice = find_one (store, KT_ENTITY_INVOICE, "number", "0000000043");
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, "paid");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (fixture->window), "Payment matched to invoice 0000000043"));
  g_assert_nonnull (kt_ui_find_row (detail, "Matched to invoice 0000000043"));

  kt_ui_click (kt_ui_find_button (GTK_WIDGET (fixture->window), _("_Undo")));
  kt_ui_iterate (400);
  g_clear_object (&payment);
  g_clear_object (&invoice);
  payment = find_one (store, KT_ENTITY_PAYMENT, "payer_name", "Acme Ltd");
  g_assert_false (kt_record_get_bool (payment, "matched"));
  g_assert_nonnull (kt_record_get_string (payment, "proposed_invoice_id"));
  invoice = find_one (store, KT_ENTITY_INVOICE, "number", "0000000043");
  g_assert_cmpint (kt_record_get_int (invoice, "paid_amount"), ==, 0);
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), !=, "paid");
  g_assert_nonnull (kt_ui_find_row (detail, "Proposed: invoice 0000000043"));

  /* The state filter. */
  adw_combo_row_set_selected (kt_payments_pane_get_state_filter (KT_PAYMENTS_PANE (pane)), 3);
  kt_ui_iterate (200);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kt_record_pane_get_list (pane))), ==, 1);
  adw_combo_row_set_selected (kt_payments_pane_get_state_filter (KT_PAYMENTS_PANE (pane)), 2);
  kt_ui_iterate (200);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kt_record_pane_get_list (pane))), ==, 1);
}

/* Keyboard only: "Match to invoice…" from the detail, the chooser lists
 * the open invoice of the payment's currency, Down and Enter pick it. */
static void
test_match_by_keyboard (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  KtRecordPane *pane = payments_pane (fixture);
  KtStore *store = window_store (fixture);
  GtkWidget *detail = kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL);
  GtkWidget *button;
  KtInvoiceChooser *chooser;
  g_autoptr(KtRecord) payment = NULL;

  select_payer (pane, "Bob");
  button = kt_ui_find_button (detail, _("_Match to Invoice…"));
  g_assert_nonnull (button);
  gtk_widget_grab_focus (button);
  kt_ui_send_keys (button, "Return");
  chooser = KT_INVOICE_CHOOSER (kt_ui_wait_for_toplevel (KT_TYPE_INVOICE_CHOOSER));
  g_assert_cmpuint (kt_invoice_chooser_get_n_invoices (chooser), ==, 1);
  g_free (kt_ui_screenshot (GTK_WIDGET (chooser), "payments-invoice-chooser"));
  kt_ui_send_keys (GTK_WIDGET (chooser), "Tab");
  kt_ui_send_keys (GTK_WIDGET (chooser), "Return");
  kt_ui_iterate (400);
  payment = find_one (store, KT_ENTITY_PAYMENT, "payer_name", "Bob");
  g_assert_true (kt_record_get_bool (payment, "matched"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (fixture->window), "Payment matched to invoice 0000000043"));
}

/* New Payment: a payment whose reference is an open invoice's number is
 * matched on save, the toast says so, and the invoice is paid. */
static void
test_new_payment_matches (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  KtRecordPane *pane = payments_pane (fixture);
  KtStore *store = window_store (fixture);
  KtRecordForm *form;
  g_autoptr(KtRecord) payment = NULL;
  g_autoptr(KtRecord) invoice = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  form = KT_RECORD_FORM (kt_ui_wait_for_toplevel (KT_TYPE_RECORD_FORM));
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "amount")), "500");
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "received_at")), "2026-11-30");
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "payer_name")), "Acme Ltd");
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "reference")),
                         "Invoice 0000000043");
  kt_ui_iterate (20);
  g_assert_true (kt_form_is_valid (KT_FORM (form)));
  g_free (kt_ui_screenshot (GTK_WIDGET (form), "payments-new"));
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  kt_ui_iterate (300);

  payment = find_one (store, KT_ENTITY_PAYMENT, "reference", "Invoice 0000000043");
  g_assert_cmpstr (kt_record_get_string (payment, "received_at"), ==, "2026-11-30T12:00:00.000Z");
  g_assert_true (kt_record_get_bool (payment, "matched"));
  invoice = find_one (store, KT_ENTITY_INVOICE, "number", "0000000043");
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, "paid");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (fixture->window),
                                  "Payment saved and matched to invoice 0000000043"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Matched: 0000000043"));
}

/* 1280 and 360 px wide, in the language of the run. */
static void
test_screenshots (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  KtRecordPane *pane = payments_pane (fixture);
  const char *suffix = g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "";
  g_autofree char *wide = g_strconcat ("payments-1280", suffix, NULL);
  g_autofree char *narrow = g_strconcat ("payments-360", suffix, NULL);
  int width;

  kt_ui_resize (GTK_WINDOW (fixture->window), 1280, 800);
  select_payer (pane, "Acme Ltd");
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), wide));
  kt_ui_resize (GTK_WINDOW (fixture->window), 360, 720);
  kt_ui_iterate (300);
  width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  g_assert_cmpint (width, <=, 360);
  g_free (kt_ui_screenshot (GTK_WIDGET (fixture->window), narrow));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, KtUiFixture, fill_invoices, kt_ui_fixture_setup, func, kt_ui_fixture_teardown)
  if (g_getenv ("KT_SCREENSHOT_SUFFIX") == NULL)
    {
      ADD ("/ui/payments/import-camt", test_import_camt);
      ADD ("/ui/payments/import-csv-bad-line", test_import_csv_bad_line);
      ADD ("/ui/payments/accept-and-undo", test_accept_and_undo);
      ADD ("/ui/payments/match-by-keyboard", test_match_by_keyboard);
      ADD ("/ui/payments/new-payment-matches", test_new_payment_matches);
    }
  ADD ("/ui/payments/screenshots", test_screenshots);

  return g_test_run ();
}
