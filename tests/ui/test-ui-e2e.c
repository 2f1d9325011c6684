/* test-ui-e2e.c: from an offer to a paid invoice, as a person does it
 *
 * One flow against a real kantora-server on a throwaway PostgreSQL, in a
 * real window under Xvfb (runs in English and Bulgarian, e2e-bg): an
 * offer typed with two lines, marked sent and accepted, converted; the
 * invoice issued while the server is down (it stays "Draft"); the next
 * sync (Ctrl+R) brings the server's number into the list and the detail; a
 * payment typed in the New Payment form with that number as its
 * reference is matched on save, and the invoice is paid with nothing
 * open. A last sync, and the server says the same through its REST API.
 *
 * The pieces have their own tests (test-documents, test-ui-documents-sync,
 * test-payments); this one catches what breaks between them: a converted
 * invoice the server refuses, a number that does not reach the matcher,
 * a client match the server does not keep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-document-editor.h"
#include "kt-document-pane.h"
#include "kt-documents.h"
#include "kt-form.h"
#include "kt-format.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-ui-sync-test.h"

static KtStore *
fixture_store (KtSyncUiFixture *f)
{
  return kt_context_get_store (kt_application_get_context (f->app));
}

/* "99,90" in Bulgarian, "99.90" in English: typed as the person would. */
static char *
decimal (gint64 minor)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "%c%02" G_GINT64_FORMAT,
                          minor / 100, kt_format_get_decimal_mark (), minor % 100);
}

/* Fills one line as typed: description, quantity, price, VAT choice. */
static void
set_line (KtLineItems *lines,
          guint        line,
          const char  *texts[3],
          guint        vat_choice)
{
  const char *columns[] = { KT_LINE_DESCRIPTION, KT_LINE_QUANTITY, KT_LINE_PRICE };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    gtk_editable_set_text (GTK_EDITABLE (kt_line_items_get_entry (lines, line, columns[i])), texts[i]);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kt_line_items_get_entry (lines, line, "vat")), vat_choice);
}

static gboolean
not_syncing (gpointer data)
{
  return kt_sync_engine_get_state (KT_SYNC_ENGINE (data)) != KT_SYNC_STATE_SYNCING;
}

/* Ctrl+R, as a person syncs: the cycle runs to its end. The caller checks
 * the state it ended in, which tells that the key did start one. */
static KtSyncState
sync_by_keys (KtSyncUiFixture *f)
{
  KtSyncEngine *engine = kt_sync_ui_engine (f);

  kt_ui_send_keys (GTK_WIDGET (f->window), "<Control>r");
  g_assert_true (kt_sync_ui_wait_for (not_syncing, engine, 60000));
  kt_ui_iterate (50);
  return kt_sync_engine_get_state (engine);
}

/* Clicks the window's "New" button in @section's pane: a real click. */
static GtkWindow *
click_new (KtSyncUiFixture *f,
           const char      *section,
           GType            type)
{
  GtkWidget *button;

  g_assert_true (kt_window_show_section (f->window, section));
  kt_ui_iterate (100);
  button = kt_ui_find_actionable (GTK_WIDGET (f->window), "win.new");
  g_assert_nonnull (button);
  kt_ui_click (button);
  return kt_ui_wait_for_toplevel (type);
}

static void
click_action (GtkWidget  *pane,
              const char *action)
{
  GtkWidget *button = kt_ui_find_actionable (pane, action);

  if (button == NULL)
    g_error ("no button for %s is shown", action);
  kt_ui_click (button);
  kt_ui_iterate (200);
}

/* <name><suffix>.png: each language's run keeps its own pictures. */
static void
screenshot (KtSyncUiFixture *f,
            const char      *name)
{
  g_autofree char *full = g_strconcat (name, g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "", NULL);

  g_free (kt_ui_screenshot (GTK_WIDGET (f->window), full));
}

/* TRUE if the detail's row titled @title shows @value. */
static gboolean
row_shows (GtkWidget  *detail,
           const char *title,
           const char *value)
{
  GtkWidget *row = kt_ui_find_row (detail, title);

  return row != NULL && kt_ui_has_label (row, value);
}

static JsonObject *
server_get (const char *token,
            const char *collection,
            const char *id)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/%s/%s", kt_sync_ui_server->url, collection, id);
  g_autoptr (JsonNode) answer = NULL;
  guint status = 0;

  answer = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
  return json_object_ref (json_node_get_object (answer));
}

static void
test_offer_to_paid_invoice (KtSyncUiFixture *f,
                            gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autoptr (KtStore) owner_store = NULL;
  g_autoptr (KtSyncEngine) owner = NULL;
  g_autofree char *token = kt_sync_ui_register_elsewhere (email, &owner_store, &owner);
  g_autoptr (GError) error = NULL;
  g_autoptr (KtQuery) offers_query = kt_query_new (KT_ENTITY_OFFER);
  g_autoptr (KtQuery) payments_query = kt_query_new (KT_ENTITY_PAYMENT);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) found_payments = NULL;
  g_autoptr (KtRecord) offer = NULL;
  g_autoptr (KtRecord) invoice = NULL;
  g_autoptr (KtRecord) payment = NULL;
  g_autoptr (JsonObject) on_server = NULL;
  g_autoptr (JsonObject) payment_on_server = NULL;
  g_autofree char *price = NULL;
  g_autofree char *number = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *toast = NULL;
  g_autofree char *zero = NULL;
  g_autofree char *matched = NULL;
  g_autofree char *today = kt_document_today ();
  g_autofree char *invoice_id = NULL;
  KtSyncEngine *engine;
  KtStore *store;
  KtDocumentEditor *editor;
  KtLineItems *lines;
  GtkWidget *offers;
  GtkWidget *invoices;
  GtkWidget *payments;
  GtkWidget *detail;
  GtkWidget *list;
  KtRecordForm *form;
  gint64 total;

  kt_sync_ui_start_app (f, FALSE);
  engine = kt_sync_ui_engine (f);
  store = fixture_store (f);
  g_assert_true (kt_test_login (engine, kt_sync_ui_server->url, email, KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  kt_sync_ui_sync_now (f);
  g_assert_cmpint (kt_sync_engine_get_state (engine), ==, KT_SYNC_STATE_IDLE);

  /* The offer: two lines, saved with a click. */
  editor = KT_DOCUMENT_EDITOR (click_new (f, "offers", KT_TYPE_DOCUMENT_EDITOR));
  g_assert_nonnull (editor);
  lines = kt_document_editor_get_lines (editor);
  price = decimal (9990);
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (editor), "client_name")), "Acme Ltd");
  set_line (lines, 0, (const char *[]) { "Workshop", "2", price }, 0);
  kt_line_items_add_line (lines, -1);
  set_line (lines, 1, (const char *[]) { "Travel", "1", "35" }, 1);
  kt_ui_iterate (20);
  kt_ui_click_to_close (GTK_WINDOW (editor), _("_Save"));
  kt_ui_iterate (400);

  found = kt_store_query (store, offers_query, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  offer = g_object_ref (found->pdata[0]);
  offers = kt_window_get_pane (f->window, "offers");
  g_assert_true (kt_ui_record_detail_shown (offers));

  /* Sent, accepted, converted: the window shows the new draft invoice. */
  click_action (offers, "document.send");
  click_action (offers, "document.accept");
  click_action (offers, "document.convert");
  kt_ui_iterate (300);
  g_assert_cmpstr (kt_window_get_section (f->window), ==, "invoices");
  invoices = kt_window_get_pane (f->window, "invoices");
  g_assert_true (kt_ui_record_detail_shown (invoices));
  detail = kt_ui_find_widget (invoices, KT_TYPE_RECORD_DETAIL);
  invoice = g_object_ref (kt_record_detail_get_record (KT_RECORD_DETAIL (detail)));
  invoice_id = g_strdup (kt_record_get_id (invoice));
  g_assert_cmpstr (kt_record_get_string (invoice, "offer_id"), ==, kt_record_get_id (offer));
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, "draft");
  total = kt_record_get_int (invoice, "total");
  g_assert_cmpint (total, ==, kt_record_get_int (offer, "total"));
  g_assert_cmpint (total, >, 0);

  /* The server goes away; the invoice is issued all the same, and stays
   * "Draft" until the server numbers it. */
  kt_test_server_kill (kt_sync_ui_server);
  click_action (invoices, "document.issue");
  g_clear_object (&invoice);
  invoice = kt_store_get (store, KT_ENTITY_INVOICE, invoice_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, "issued");
  g_assert_false (kt_record_has (invoice, "number"));
  g_assert_cmpstr (kt_record_detail_get_title (KT_RECORD_DETAIL (detail)), ==,
                   C_("document number", "Draft"));
  g_assert_cmpint (sync_by_keys (f), ==, KT_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (kt_record_detail_get_title (KT_RECORD_DETAIL (detail)), ==,
                   C_("document number", "Draft"));
  screenshot (f, "e2e-issued-offline");

  /* Back online: the sync brings the number into the list and detail. */
  kt_test_server_start (kt_sync_ui_server);
  g_assert_cmpint (sync_by_keys (f), ==, KT_SYNC_STATE_IDLE);
  kt_ui_iterate (300);
  g_clear_object (&invoice);
  invoice = kt_store_get (store, KT_ENTITY_INVOICE, invoice_id, &error);
  g_assert_no_error (error);
  number = g_strdup (kt_record_get_string (invoice, "number"));
  g_assert_nonnull (number);
  g_assert_cmpstr (number, !=, "");
  g_test_message ("the server numbered the invoice %s", number);
  g_assert_cmpstr (kt_record_detail_get_title (KT_RECORD_DETAIL (detail)), ==, number);
  g_assert_true (kt_ui_has_label (invoices, number));
  g_assert_cmpint (kt_record_get_int (invoice, "total"), ==, total);

  /* New Payment: the whole total, with the number as its reference. */
  form = KT_RECORD_FORM (click_new (f, "payments", KT_TYPE_RECORD_FORM));
  g_assert_nonnull (form);
  payments = kt_window_get_pane (f->window, "payments");
  amount = decimal (total);
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "amount")), amount);
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "received_at")), today);
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "payer_name")), "Acme Ltd");
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "reference")), number);
  kt_ui_iterate (20);
  g_assert_true (kt_form_is_valid (KT_FORM (form)));
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  kt_ui_iterate (300);

  toast = g_strdup_printf (_("Payment saved and matched to invoice %s"), number);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (f->window), toast));
  screenshot (f, "e2e-payment-matched");
  found_payments = kt_store_query (store, payments_query, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found_payments->len, ==, 1);
  payment = g_object_ref (found_payments->pdata[0]);
  g_assert_true (kt_record_get_bool (payment, "matched"));
  g_assert_cmpstr (kt_record_get_string (payment, "invoice_id"), ==, invoice_id);
  g_assert_cmpint (kt_record_get_int (payment, "amount"), ==, total);
  g_assert_cmpstr (kt_record_get_string (payment, "currency"), ==,
                   kt_record_get_string (invoice, "currency"));
  /* The list: the State column says matched, and the other columns show
   * the payment's own fields, not the state again. */
  list = kt_ui_find_widget (payments, GTK_TYPE_COLUMN_VIEW);
  matched = g_strdup_printf (_("Matched: %s"), number);
  g_assert_true (kt_ui_has_label (list, matched));
  g_assert_true (kt_ui_has_label (list, number));
  g_assert_true (kt_ui_has_label (list, "Acme Ltd"));

  /* The invoice: paid, nothing open, in the store and on screen. */
  g_clear_object (&invoice);
  invoice = kt_store_get (store, KT_ENTITY_INVOICE, invoice_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, "paid");
  g_assert_cmpint (kt_record_get_int (invoice, "paid_amount"), ==, total);
  g_assert_true (kt_window_show_section (f->window, "invoices"));
  kt_ui_iterate (100);
  g_assert_true (kt_record_pane_select_record (KT_RECORD_PANE (invoices), invoice_id));
  kt_ui_iterate (400);
  detail = kt_ui_find_widget (invoices, KT_TYPE_RECORD_DETAIL);
  list = kt_ui_find_widget (invoices, GTK_TYPE_COLUMN_VIEW);
  g_assert_true (kt_ui_has_label (list, kt_document_status_label ("paid")));
  zero = kt_format_money (0, kt_record_get_string (invoice, "currency"));
  g_assert_true (row_shows (detail, _("Open amount"), zero));
  screenshot (f, "e2e-invoice-paid");

  /* The server keeps the client's match: paid, paid_amount = total. */
  g_assert_cmpint (sync_by_keys (f), ==, KT_SYNC_STATE_IDLE);
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);
  on_server = server_get (token, "invoices", invoice_id);
  g_assert_cmpstr (json_object_get_string_member (on_server, "number"), ==, number);
  g_assert_cmpstr (json_object_get_string_member (on_server, "status"), ==, "paid");
  g_assert_cmpint (json_object_get_int_member (on_server, "total"), ==, total);
  g_assert_cmpint (json_object_get_int_member (on_server, "paid_amount"), ==, total);
  payment_on_server = server_get (token, "payments", kt_record_get_id (payment));
  g_assert_true (json_object_get_boolean_member (payment_on_server, "matched"));
  g_assert_cmpstr (json_object_get_string_member (payment_on_server, "invoice_id"), ==, invoice_id);
  g_assert_cmpint (json_object_get_int_member (payment_on_server, "amount"), ==, total);
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/e2e/offer-to-paid-invoice", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_offer_to_paid_invoice, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
