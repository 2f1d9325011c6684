/* test-documents.c: the Invoices and Offers panes, their editor and actions
 *
 * Real windows under Xvfb: documents are typed into the editor (keys as
 * real X events where the keyboard is what is tested), saved, issued,
 * credited and converted through the pane's actions, and checked in the
 * store and on screen. Runs in English and Bulgarian (documents-bg),
 * where amounts are typed with a decimal comma.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kt-credit-note-dialog.h"
#include "kt-document-editor.h"
#include "kt-document-pane.h"
#include "kt-document-preview.h"
#include "kt-documents.h"
#include "kt-format.h"
#include "kt-record-detail.h"
#include "kt-ui-test.h"

#define COMPANY_ID "0190aaaa-0000-7000-8000-000000000d01"
#define INVOICE_ID "0190aaaa-0000-7000-8000-000000000d02"
#define ITEM_A_ID  "0190aaaa-0000-7000-8000-000000000d03"
#define ITEM_B_ID  "0190aaaa-0000-7000-8000-000000000d04"

static void
save (KtStore  *store,
      KtRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_store_save (store, record, &error));
  g_assert_no_error (error);
}

static KtRecord *
make_item (const char *id,
           const char *description,
           gint64      quantity,
           gint64      price,
           gint64      vat)
{
  KtRecord *item = kt_record_new_with_id (KT_ENTITY_INVOICE_ITEM, id);

  kt_record_apply_defaults (item);
  kt_record_set_string (item, "description", description);
  kt_record_set_int (item, "quantity", quantity);
  kt_record_set_int (item, "unit_price", price);
  kt_record_set_int (item, "vat_bps", vat);
  kt_record_set_string (item, "unit", "h");
  if (vat == 0)
    kt_record_set_string (item, "vat_exemption", "Art. 113(9) VAT Act");
  return item;
}

/* A company and a draft invoice to it with two lines (2 × 100.00 at 20 %,
 * 1.5 × 40.00 at 9 %). */
static void
fill_invoice (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) company = kt_record_new_with_id (KT_ENTITY_COMPANY, COMPANY_ID);
  g_autoptr(KtRecord) invoice = kt_record_new_with_id (KT_ENTITY_INVOICE, INVOICE_ID);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  kt_record_apply_defaults (company);
  kt_record_set_string (company, "name", "Балкан Софт ООД");
  kt_record_set_string (company, "address", "ул. Витоша 1");
  kt_record_set_string (company, "city", "София");
  kt_record_set_string (company, "registration_number", "121100421");
  kt_record_set_string (company, "vat_number", "BG121100421");
  save (store, company);

  kt_record_apply_defaults (invoice);
  kt_record_set_string (invoice, "issue_date", "2026-11-02");
  kt_record_set_string (invoice, "due_date", "2026-11-16");
  kt_document_fill_client (store, invoice, company);
  g_ptr_array_add (items, make_item (ITEM_A_ID, "Consulting", 2000, 10000, 2000));
  g_ptr_array_add (items, make_item (ITEM_B_ID, "Books", 1500, 4000, 900));
  g_assert_true (kt_document_save (store, invoice, items, NULL, &error));
  g_assert_no_error (error);
}

static KtDocumentPane *
show_pane (KtUiFixture *fixture,
           const char  *section)
{
  g_assert_true (kt_window_show_section (fixture->window, section));
  kt_ui_iterate (50);
  return KT_DOCUMENT_PANE (kt_window_get_pane (fixture->window, section));
}

static KtStore *
fixture_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_application_get_context (fixture->app));
}

static KtDocumentEditor *
open_new_editor (KtUiFixture *fixture,
                 const char  *section)
{
  KtDocumentEditor *editor;

  show_pane (fixture, section);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  editor = KT_DOCUMENT_EDITOR (kt_ui_wait_for_toplevel (KT_TYPE_DOCUMENT_EDITOR));
  g_assert_nonnull (editor);
  return editor;
}

/* "2,5" in Bulgarian, "2.5" in English. */
static char *
decimal (const char *whole,
         const char *fraction)
{
  return g_strdup_printf ("%s%c%s", whole, kt_format_get_decimal_mark (), fraction);
}

static void
set_line (KtLineItems *lines,
          guint        line,
          const char  *description,
          const char  *quantity,
          const char  *price,
          const char  *discount,
          guint        vat_choice)
{
  gtk_editable_set_text (GTK_EDITABLE (kt_line_items_get_entry (lines, line, KT_LINE_DESCRIPTION)), description);
  gtk_editable_set_text (GTK_EDITABLE (kt_line_items_get_entry (lines, line, KT_LINE_QUANTITY)), quantity);
  gtk_editable_set_text (GTK_EDITABLE (kt_line_items_get_entry (lines, line, KT_LINE_PRICE)), price);
  gtk_editable_set_text (GTK_EDITABLE (kt_line_items_get_entry (lines, line, KT_LINE_DISCOUNT)), discount);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kt_line_items_get_entry (lines, line, "vat")), vat_choice);
}

static void
assert_total (KtDocumentEditor *editor,
              const char       *name,
              gint64            minor)
{
  g_autofree char *expected = kt_format_money (minor, "EUR");

  g_assert_cmpstr (kt_document_editor_get_total (editor, name), ==, expected);
}

/* Three lines at 20 %, 9 % and 0 %: the editor's totals, as the person
 * types, are kt-totals' numbers; saved, the invoice and its lines hold
 * them. */
static void
test_live_totals (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  KtDocumentEditor *editor = open_new_editor (fixture, "invoices");
  KtLineItems *lines = kt_document_editor_get_lines (editor);
  g_autofree char *q1 = decimal ("2", "5");
  g_autofree char *p1 = decimal ("120", "40");
  g_autofree char *q2 = decimal ("3", "125");
  g_autofree char *p2 = decimal ("19", "99");
  g_autofree char *d2 = decimal ("12", "5");
  KtLineInput inputs[] = {
    { 2500, 12040, 0, 2000 },
    { 3125, 1999, 1250, 900 },
    { 1000, 5000, 0, 0 },
  };
  KtDocumentTotals expected = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_INVOICE);
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_assert_true (kt_totals_document (inputs, 3, KT_ROUNDING_PER_DOCUMENT, &expected, &error));
  g_assert_no_error (error);

  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (editor), "client_name")), "Acme Ltd");
  g_assert_cmpuint (kt_line_items_get_n_lines (lines), ==, 1);
  set_line (lines, 0, "Design", q1, p1, "", 0);
  kt_ui_iterate (10);
  /* Live: one line, before the others exist. */
  assert_total (editor, "total", 30100 + 6020);

  kt_line_items_add_line (lines, -1);
  set_line (lines, 1, "Paper", q2, p2, d2, 1);
  kt_line_items_add_line (lines, -1);
  set_line (lines, 2, "Export service", "1", "50", "", 2);
  gtk_editable_set_text (GTK_EDITABLE (kt_line_items_get_entry (lines, 2, KT_LINE_EXEMPTION)),
                         "Art. 28 VAT Act");
  kt_ui_iterate (10);

  assert_total (editor, "subtotal", expected.subtotal);
  assert_total (editor, "discount", -expected.discount);
  assert_total (editor, "vat-2000", expected.vat_groups[2].tax);
  assert_total (editor, "vat-900", expected.vat_groups[1].tax);
  assert_total (editor, "vat-0", 0);
  assert_total (editor, "total", expected.total);
  g_assert_cmpstr (kt_form_get_error (KT_FORM (editor)), ==, NULL);

  kt_ui_click_to_close (GTK_WINDOW (editor), _("_Save"));
  kt_ui_iterate (50);

  invoices = kt_store_query (store, query, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invoices->len, ==, 1);
  g_assert_cmpint (kt_record_get_int (invoices->pdata[0], "total"), ==, expected.total);
  g_assert_cmpint (kt_record_get_int (invoices->pdata[0], "tax"), ==, expected.tax);
  g_assert_cmpstr (kt_record_get_string (invoices->pdata[0], "status"), ==, "draft");
  items = kt_document_load_items (store, invoices->pdata[0], &error);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpstr (kt_record_get_string (items->pdata[1], "description"), ==, "Paper");
  g_assert_cmpint (kt_record_get_int (items->pdata[1], "quantity"), ==, 3125);
  g_assert_cmpint (kt_record_get_int (items->pdata[1], "discount_bps"), ==, 1250);
  g_assert_cmpint (kt_record_get_int (items->pdata[2], "vat_bps"), ==, 0);
  g_assert_cmpstr (kt_record_get_string (items->pdata[2], "vat_exemption"), ==, "Art. 28 VAT Act");

  /* The list shows it as a draft, not with an empty number. */
  g_assert_true (kt_ui_has_label (GTK_WIDGET (fixture->window), C_("document number", "Draft")));
  kt_document_totals_clear (&expected);
}

/* An offer typed with two lines, marked sent, accepted and converted: the
 * invoice shown has the same lines and totals and links back, and Undo
 * takes the conversion back. */
static void
test_offer_to_invoice (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  KtDocumentEditor *editor = open_new_editor (fixture, "offers");
  KtLineItems *lines = kt_document_editor_get_lines (editor);
  KtDocumentPane *offers;
  KtDocumentPane *invoices;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_OFFER);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(KtRecord) offer = NULL;
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GPtrArray) offer_items = NULL;
  g_autoptr(GPtrArray) invoice_items = NULL;
  g_autofree char *price = decimal ("99", "90");
  KtRecordDetail *detail;

  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (editor), "client_name")), "Acme Ltd");
  set_line (lines, 0, "Workshop", "2", price, "10", 0);
  kt_line_items_add_line (lines, -1);
  set_line (lines, 1, "Travel", "1", "35", "", 1);
  kt_ui_iterate (10);
  kt_ui_click_to_close (GTK_WINDOW (editor), _("_Save"));
  kt_ui_iterate (400);

  found = kt_store_query (store, query, 0, 10, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  offer = g_object_ref (found->pdata[0]);
  offers = KT_DOCUMENT_PANE (kt_window_get_pane (fixture->window, "offers"));
  g_assert_true (kt_ui_record_detail_shown (GTK_WIDGET (offers)));

  kt_ui_click (kt_ui_find_actionable (GTK_WIDGET (offers), "document.send"));
  kt_ui_iterate (100);
  kt_ui_click (kt_ui_find_actionable (GTK_WIDGET (offers), "document.accept"));
  kt_ui_iterate (100);
  kt_ui_click (kt_ui_find_actionable (GTK_WIDGET (offers), "document.convert"));
  kt_ui_iterate (500);

  /* The window shows the invoice, with the offer's lines and totals. */
  g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "invoices");
  invoices = KT_DOCUMENT_PANE (kt_window_get_pane (fixture->window, "invoices"));
  g_assert_true (kt_ui_record_detail_shown (GTK_WIDGET (invoices)));
  detail = KT_RECORD_DETAIL (kt_ui_find_widget (GTK_WIDGET (invoices), KT_TYPE_RECORD_DETAIL));
  invoice = g_object_ref (kt_record_detail_get_record (detail));
  g_assert_cmpstr (kt_record_get_string (invoice, "offer_id"), ==, kt_record_get_id (offer));
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, "draft");
  g_clear_object (&offer);
  offer = kt_store_get (store, KT_ENTITY_OFFER, kt_record_get_string (invoice, "offer_id"), NULL);
  g_assert_cmpstr (kt_record_get_string (offer, "status"), ==, "converted");
  g_assert_cmpstr (kt_record_get_string (offer, "converted_invoice_id"), ==, kt_record_get_id (invoice));
  g_assert_cmpint (kt_record_get_int (invoice, "total"), ==, kt_record_get_int (offer, "total"));
  g_assert_cmpint (kt_record_get_int (invoice, "tax"), ==, kt_record_get_int (offer, "tax"));
  g_assert_cmpint (kt_record_get_int (invoice, "total"), >, 0);

  offer_items = kt_document_load_items (store, offer, NULL);
  invoice_items = kt_document_load_items (store, invoice, NULL);
  g_assert_cmpuint (invoice_items->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpstr (kt_record_get_string (invoice_items->pdata[i], "description"), ==,
                       kt_record_get_string (offer_items->pdata[i], "description"));
      g_assert_cmpint (kt_record_get_int (invoice_items->pdata[i], "unit_price"), ==,
                       kt_record_get_int (offer_items->pdata[i], "unit_price"));
      g_assert_cmpint (kt_record_get_int (invoice_items->pdata[i], "discount_bps"), ==,
                       kt_record_get_int (offer_items->pdata[i], "discount_bps"));
    }
  g_assert_true (kt_ui_has_label (GTK_WIDGET (invoices), "Workshop"));
  {
    g_autofree char *total = kt_format_money (kt_record_get_int (offer, "total"), "EUR");

    g_assert_true (kt_ui_has_label (GTK_WIDGET (invoices), total));
  }

  /* Undo: the offer is accepted again, the invoice and its lines gone. */
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (fixture->window), _("_Undo")));
  kt_ui_iterate (200);
  g_clear_object (&offer);
  offer = kt_store_get (store, KT_ENTITY_OFFER, kt_record_get_string (invoice, "offer_id"), NULL);
  g_assert_cmpstr (kt_record_get_string (offer, "status"), ==, "accepted");
  g_assert_false (kt_record_has (offer, "converted_invoice_id"));
  g_assert_null (kt_store_get (store, KT_ENTITY_INVOICE, kt_record_get_id (invoice), NULL));
  g_clear_pointer (&invoice_items, g_ptr_array_unref);
  invoice_items = kt_document_load_items (store, invoice, NULL);
  g_assert_cmpuint (invoice_items->len, ==, 0);
}

/* Lines are added, moved and removed with the keyboard alone. */
static void
test_keyboard_lines (KtUiFixture   *fixture,
                     gconstpointer  data)
{
  KtDocumentEditor *editor = open_new_editor (fixture, "invoices");
  KtLineItems *lines = kt_document_editor_get_lines (editor);
  GtkWidget *description = kt_line_items_get_entry (lines, 0, KT_LINE_DESCRIPTION);
  GtkRoot *root = GTK_ROOT (editor);

  gtk_widget_grab_focus (description);
  gtk_editable_set_text (GTK_EDITABLE (description), "First");
  /* Tab goes from the description to the quantity, not to a button. */
  kt_ui_send_keys (description, "Tab");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root),
                                         kt_line_items_get_entry (lines, 0, KT_LINE_QUANTITY)));

  kt_ui_send_keys (description, "<Control>Return");
  g_assert_cmpuint (kt_line_items_get_n_lines (lines), ==, 2);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root),
                                         kt_line_items_get_entry (lines, 1, KT_LINE_DESCRIPTION)));
  gtk_editable_set_text (GTK_EDITABLE (kt_line_items_get_entry (lines, 1, KT_LINE_DESCRIPTION)), "Second");

  kt_ui_send_keys (GTK_WIDGET (editor), "<Alt>Up");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_line_items_get_entry (lines, 0, KT_LINE_DESCRIPTION))),
                   ==, "Second");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root),
                                         kt_line_items_get_entry (lines, 0, KT_LINE_DESCRIPTION)));

  kt_ui_send_keys (GTK_WIDGET (editor), "<Alt>Down");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_line_items_get_entry (lines, 1, KT_LINE_DESCRIPTION))),
                   ==, "Second");

  kt_ui_send_keys (GTK_WIDGET (editor), "<Alt>Delete");
  g_assert_cmpuint (kt_line_items_get_n_lines (lines), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_line_items_get_entry (lines, 0, KT_LINE_DESCRIPTION))),
                   ==, "First");
  gtk_window_close (GTK_WINDOW (editor));
}

/* Saving an unchanged draft writes nothing: no new change for the server. */
static void
test_unchanged_save (KtUiFixture   *fixture,
                     gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  g_autoptr(KtRecord) invoice = kt_store_get (store, KT_ENTITY_INVOICE, INVOICE_ID, NULL);
  KtRecordPane *pane = KT_RECORD_PANE (show_pane (fixture, "invoices"));
  gint64 outbox = kt_store_outbox_count (store);
  GtkWindow *editor;

  editor = kt_record_pane_open_form (pane, invoice);
  kt_ui_wait_for_frame (GTK_WIDGET (editor));
  g_assert_cmpuint (kt_line_items_get_n_lines (kt_document_editor_get_lines (KT_DOCUMENT_EDITOR (editor))), ==, 2);
  kt_ui_click_to_close (editor, _("_Save"));
  kt_ui_iterate (50);
  g_assert_cmpint (kt_store_outbox_count (store), ==, outbox);
}

static void
select_invoice (KtDocumentPane *pane)
{
  g_assert_true (kt_record_pane_select_record (KT_RECORD_PANE (pane), INVOICE_ID));
  kt_ui_iterate (400);
  g_assert_true (kt_ui_record_detail_shown (GTK_WIDGET (pane)));
}

/* Issue: the status becomes "issued", and the number stays "Draft" until
 * the server's number arrives; the invoice no longer opens for editing. */
static void
test_issue (KtUiFixture   *fixture,
            gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  KtDocumentPane *pane = show_pane (fixture, "invoices");
  g_autoptr(KtRecord) invoice = NULL;
  KtRecordDetail *detail;
  GtkWidget *issue;

  select_invoice (pane);
  detail = KT_RECORD_DETAIL (kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL));
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, C_("document number", "Draft"));
  issue = kt_ui_find_actionable (GTK_WIDGET (pane), "document.issue");
  g_assert_nonnull (issue);
  kt_ui_click (issue);
  kt_ui_iterate (100);

  invoice = kt_store_get (store, KT_ENTITY_INVOICE, INVOICE_ID, NULL);
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, "issued");
  g_assert_false (kt_record_has (invoice, "number"));
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, C_("document number", "Draft"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), _("Issued")));
  g_assert_null (kt_ui_find_actionable (GTK_WIDGET (pane), "document.issue"));
  g_assert_nonnull (kt_ui_find_actionable (GTK_WIDGET (pane), "document.credit"));

  /* The server's number arrives with a sync. */
  kt_record_set_string (invoice, "number", "0000000042");
  save (store, invoice);
  kt_ui_iterate (100);
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, "0000000042");

  /* Delete refuses an issued invoice: the numbers have no gaps. The
   * detail offers no Delete button for it. */
  {
    GtkWidget *button = kt_ui_find_actionable (GTK_WIDGET (detail), "pane.delete");

    g_assert_true (button == NULL || !gtk_widget_get_visible (button));
  }
  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.delete", NULL);
  kt_ui_iterate (50);
  g_clear_object (&invoice);
  invoice = kt_store_get (store, KT_ENTITY_INVOICE, INVOICE_ID, NULL);
  g_assert_nonnull (invoice);
}

/* A credit note for one line, part of its quantity: a draft credit note
 * with a positive copy of that line, linked to the line and the invoice. */
static void
test_credit_note (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  KtDocumentPane *pane = show_pane (fixture, "invoices");
  g_autoptr(KtRecord) invoice = kt_store_get (store, KT_ENTITY_INVOICE, INVOICE_ID, NULL);
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_INVOICE);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) items = NULL;
  KtCreditNoteDialog *dialog;
  g_autofree char *one = decimal ("1", "5");

  kt_record_set_string (invoice, "status", "issued");
  kt_record_set_string (invoice, "number", "0000000007");
  save (store, invoice);
  kt_ui_iterate (50);

  select_invoice (pane);
  kt_ui_click (kt_ui_find_actionable (GTK_WIDGET (pane), "document.credit"));
  dialog = KT_CREDIT_NOTE_DIALOG (kt_ui_wait_for_toplevel (KT_TYPE_CREDIT_NOTE_DIALOG));
  g_assert_nonnull (dialog);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (kt_credit_note_dialog_get_check (dialog, 1)), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (kt_credit_note_dialog_get_quantity (dialog, 0)), one);
  kt_ui_click_to_close (GTK_WINDOW (dialog), _("C_reate"));
  kt_ui_iterate (400);

  kt_query_add_filter (query, "kind", "credit_note");
  notes = kt_store_query (store, query, 0, 10, NULL);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (kt_record_get_string (notes->pdata[0], "credited_invoice_id"), ==, INVOICE_ID);
  g_assert_cmpstr (kt_record_get_string (notes->pdata[0], "status"), ==, "draft");
  g_assert_cmpstr (kt_record_get_string (notes->pdata[0], "client_name"), ==, "Балкан Софт ООД");
  items = kt_document_load_items (store, notes->pdata[0], NULL);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (kt_record_get_string (items->pdata[0], "credited_item_id"), ==, ITEM_A_ID);
  g_assert_cmpint (kt_record_get_int (items->pdata[0], "quantity"), ==, 1500);
  g_assert_cmpint (kt_record_get_int (items->pdata[0], "unit_price"), ==, 10000);
  /* 1.5 × 100.00 + 20 % */
  g_assert_cmpint (kt_record_get_int (notes->pdata[0], "total"), ==, 18000);

  /* The pane shows the new credit note, which links to the invoice. */
  {
    g_autofree char *link = g_strdup_printf ("%s %s", _("Credits invoice"), "0000000007");

    g_assert_nonnull (kt_ui_find_row (GTK_WIDGET (pane), link));
  }
}

/* Preview: the pages drawn on a worker and shown; Save as PDF writes the
 * same layout, with the lines in it. */
static void
test_preview (KtUiFixture   *fixture,
              gconstpointer  data)
{
  KtDocumentPane *pane = show_pane (fixture, "invoices");
  KtDocumentPreview *preview;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_autofree char *dir = g_dir_make_tmp ("kt-preview-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "invoice.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  int status = 0;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  select_invoice (pane);
  kt_ui_click (kt_ui_find_actionable (GTK_WIDGET (pane), "document.preview"));
  preview = KT_DOCUMENT_PREVIEW (kt_ui_wait_for_toplevel (KT_TYPE_DOCUMENT_PREVIEW));
  g_assert_nonnull (preview);
  g_assert_cmpuint (kt_document_preview_get_n_pages (preview), >=, 1);
  while (kt_document_preview_get_n_shown (preview) == 0 && g_get_monotonic_time () < deadline)
    kt_ui_iterate (50);
  g_assert_cmpuint (kt_document_preview_get_n_shown (preview), ==, kt_document_preview_get_n_pages (preview));
  g_assert_nonnull (kt_ui_find_widget (GTK_WIDGET (preview), GTK_TYPE_PICTURE));
  g_free (kt_ui_screenshot (GTK_WIDGET (preview), "document-preview"));

  g_assert_true (kt_document_preview_save_pdf (preview, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* poppler-utils: the words are in the PDF, in Cyrillic too. */
  if (pdftotext != NULL)
    {
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &text, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, "Consulting"));
      g_assert_nonnull (strstr (text, "Балкан Софт ООД"));
    }
  gtk_window_destroy (GTK_WINDOW (preview));
  g_unlink (path);
  g_rmdir (dir);
}

/* The Kind filter shows credit notes alone; Overdue the open invoices due
 * before today. */
static void
test_filters (KtUiFixture   *fixture,
              gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  KtDocumentPane *pane = show_pane (fixture, "invoices");
  GListModel *list = G_LIST_MODEL (kt_record_pane_get_list (KT_RECORD_PANE (pane)));
  g_autoptr(KtRecord) invoice = kt_store_get (store, KT_ENTITY_INVOICE, INVOICE_ID, NULL);
  KtCreditLine line = { ITEM_B_ID, 1000 };
  g_autoptr(KtRecord) note = NULL;
  g_autoptr(GError) error = NULL;

  kt_record_set_string (invoice, "status", "issued");
  save (store, invoice);
  note = kt_document_create_credit_note (store, invoice, &line, 1, &error);
  g_assert_no_error (error);
  kt_ui_iterate (50);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  adw_combo_row_set_selected (ADW_COMBO_ROW (kt_document_pane_get_kind_filter (pane)), 2);
  kt_ui_iterate (50);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kt_document_pane_get_kind_filter (pane)), 1);
  kt_ui_iterate (50);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kt_document_pane_get_kind_filter (pane)), 0);

  /* Due 2026-11-16, open: overdue from then on (the test clock is now). */
  gtk_switch_set_active (GTK_SWITCH (kt_document_pane_get_overdue_filter (pane)), TRUE);
  kt_ui_iterate (50);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  kt_record_set_string (invoice, "status", "paid");
  save (store, invoice);
  kt_ui_iterate (50);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
}

/* The Outstanding column: the open amount of an issued invoice, a dash
 * where nothing can be owed (it showed a cancelled invoice's total). */
static void
test_outstanding_cell (void)
{
  g_autoptr(KtRecord) invoice = kt_record_new_with_id (KT_ENTITY_INVOICE, INVOICE_ID);
  static const struct {
    const char *status;
    const char *kind;
    gboolean    owes;
  } cases[] = {
    { "draft", "invoice", FALSE },
    { "cancelled", "invoice", FALSE },
    { "issued", "credit_note", FALSE },
    { "issued", "invoice", TRUE },
    { "partially_paid", "invoice", TRUE },
    { "paid", "invoice", TRUE },
  };

  kt_record_apply_defaults (invoice);
  kt_record_set_string (invoice, "currency", "EUR");
  kt_record_set_int (invoice, "total", 12050);
  kt_record_set_int (invoice, "paid_amount", 2050);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *open = kt_format_money (10000, "EUR");

      kt_record_set_string (invoice, "status", cases[i].status);
      kt_record_set_string (invoice, "kind", cases[i].kind);
      text = kt_document_cell_text (NULL, invoice, KT_DOCUMENT_COLUMN_OPEN);
      g_assert_cmpstr (text, ==, cases[i].owes ? open : "—");
    }
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/documents/outstanding-cell", test_outstanding_cell);
  g_test_add ("/ui/documents/live-totals", KtUiFixture, NULL,
              kt_ui_fixture_setup, test_live_totals, kt_ui_fixture_teardown);
  g_test_add ("/ui/documents/offer-to-invoice", KtUiFixture, NULL,
              kt_ui_fixture_setup, test_offer_to_invoice, kt_ui_fixture_teardown);
  g_test_add ("/ui/documents/keyboard-lines", KtUiFixture, NULL,
              kt_ui_fixture_setup, test_keyboard_lines, kt_ui_fixture_teardown);
  g_test_add ("/ui/documents/unchanged-save", KtUiFixture, fill_invoice,
              kt_ui_fixture_setup, test_unchanged_save, kt_ui_fixture_teardown);
  g_test_add ("/ui/documents/issue", KtUiFixture, fill_invoice,
              kt_ui_fixture_setup, test_issue, kt_ui_fixture_teardown);
  g_test_add ("/ui/documents/credit-note", KtUiFixture, fill_invoice,
              kt_ui_fixture_setup, test_credit_note, kt_ui_fixture_teardown);
  g_test_add ("/ui/documents/preview", KtUiFixture, fill_invoice,
              kt_ui_fixture_setup, test_preview, kt_ui_fixture_teardown);
  g_test_add ("/ui/documents/filters", KtUiFixture, fill_invoice,
              kt_ui_fixture_setup, test_filters, kt_ui_fixture_teardown);

  return g_test_run ();
}
