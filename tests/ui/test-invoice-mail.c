/* test-invoice-mail.c: an invoice's mail log, its schedule, the send
 * dialog without a server, and the clients' reminder opt-out
 *
 * Real windows under Xvfb on a store of this computer only (no server:
 * test-ui-invoice-send.c sends through one). Runs in English and
 * Bulgarian (invoice-mail-bg), with screenshots of the invoice detail
 * with its mail log and of the send dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-document-editor.h"
#include "kt-document-pane.h"
#include "kt-documents.h"
#include "kt-format.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-send-invoice-dialog.h"
#include "kt-ui-test.h"

#define COMPANY_ID "0190bbbb-0000-7000-8000-000000000e01"
#define CONTACT_ID "0190bbbb-0000-7000-8000-000000000e02"
#define INVOICE_ID "0190bbbb-0000-7000-8000-000000000e03"
#define DRAFT_ID   "0190bbbb-0000-7000-8000-000000000e04"
#define COPY_ID    "0190bbbb-0000-7000-8000-000000000e05"
#define ITEM_ID    "0190bbbb-0000-7000-8000-000000000e06"
#define ITEM2_ID   "0190bbbb-0000-7000-8000-000000000e07"

static void
save (KtStore  *store,
      KtRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_store_save (store, record, &error));
  g_assert_no_error (error);
}

static void
save_invoice (KtStore    *store,
              KtRecord   *invoice,
              const char *item_id)
{
  g_autoptr(KtRecord) item = kt_record_new_with_id (KT_ENTITY_INVOICE_ITEM, item_id);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  kt_record_apply_defaults (item);
  kt_record_set_string (item, "description", "Consulting");
  kt_record_set_int (item, "quantity", 2000);
  kt_record_set_int (item, "unit_price", 10000);
  g_ptr_array_add (items, item);
  g_assert_true (kt_document_save (store, invoice, items, NULL, &error));
  g_assert_no_error (error);
}

static void
add_mail (KtStore    *store,
          const char *occurred_at,
          const char *subject)
{
  g_autoptr(KtRecord) activity = kt_record_new (KT_ENTITY_ACTIVITY);

  kt_record_apply_defaults (activity);
  kt_record_set_string (activity, "type", "email");
  kt_record_set_string (activity, "occurred_at", occurred_at);
  kt_record_set_string (activity, "subject", subject);
  kt_record_set_string (activity, "invoice_id", INVOICE_ID);
  save (store, activity);
}

/* A company with an address, its contact with one, an issued invoice
 * with its number to both (in English) with two emails in its log, and
 * a draft. */
static void
fill (KtStore *store)
{
  g_autoptr(KtRecord) company = kt_record_new_with_id (KT_ENTITY_COMPANY, COMPANY_ID);
  g_autoptr(KtRecord) contact = kt_record_new_with_id (KT_ENTITY_CONTACT, CONTACT_ID);
  g_autoptr(KtRecord) invoice = kt_record_new_with_id (KT_ENTITY_INVOICE, INVOICE_ID);
  g_autoptr(KtRecord) draft = kt_record_new_with_id (KT_ENTITY_INVOICE, DRAFT_ID);

  kt_record_apply_defaults (company);
  kt_record_set_string (company, "name", "Балкан Софт ООД");
  kt_record_set_string (company, "email", "office@balkansoft.bg");
  save (store, company);

  kt_record_apply_defaults (contact);
  kt_record_set_string (contact, "first_name", "Иван");
  kt_record_set_string (contact, "last_name", "Петров");
  kt_record_set_string (contact, "email", "ivan@example.bg");
  kt_record_set_string (contact, "company_id", COMPANY_ID);
  save (store, contact);

  kt_record_apply_defaults (invoice);
  kt_record_set_string (invoice, "issue_date", "2026-11-02");
  kt_record_set_string (invoice, "due_date", "2026-11-16");
  kt_record_set_string (invoice, "language", "en");
  kt_document_fill_client (store, invoice, contact);
  kt_record_set_string (invoice, "status", "issued");
  kt_record_set_string (invoice, "number", "0000000012");
  save_invoice (store, invoice, ITEM_ID);

  kt_record_apply_defaults (draft);
  kt_record_set_string (draft, "issue_date", "2026-11-20");
  kt_document_fill_client (store, draft, company);
  save_invoice (store, draft, ITEM2_ID);

  add_mail (store, "2026-11-03T09:15:00Z", "Invoice 0000000012 sent to ivan@example.bg");
  add_mail (store, "2026-11-19T08:00:00Z", "Reminder 1 sent to ivan@example.bg");
}

/* One picture per language (invoice-mail-bg sets the suffix). */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *full = g_strconcat (name, g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "", NULL);
  g_autofree char *path = kt_ui_screenshot (widget, full);

  g_test_message ("screenshot %s", path);
}

static KtStore *
fixture_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_application_get_context (fixture->app));
}

static KtRecordPane *
show_record (KtUiFixture *fixture,
             const char  *section,
             const char  *id)
{
  KtRecordPane *pane;

  g_assert_true (kt_window_show_section (fixture->window, section));
  kt_ui_iterate (50);
  pane = KT_RECORD_PANE (kt_window_get_pane (fixture->window, section));
  g_assert_true (kt_record_pane_select_record (pane, id));
  kt_ui_iterate (400);
  g_assert_true (kt_ui_record_detail_shown (GTK_WIDGET (pane)));
  return pane;
}

/* The label of the row titled @title, as the mail log shows it, or NULL. */
static GtkWidget *
mail_row (KtRecordPane *pane,
          const char   *subject)
{
  return kt_ui_find_row (GTK_WIDGET (pane), subject);
}

/* The invoice's emails, newest first with their dates, under "Emails";
 * one that sync brings shows at once; an invoice without any says so. */
static void
test_mail_log (KtUiFixture   *fixture,
               gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  KtRecordPane *pane = show_record (fixture, "invoices", INVOICE_ID);
  GtkWidget *first;
  GtkWidget *second;
  g_autofree char *sent_at = kt_format_datetime_string ("2026-11-03T09:15:00Z");

  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), _("Emails")));
  first = mail_row (pane, "Reminder 1 sent to ivan@example.bg");
  second = mail_row (pane, "Invoice 0000000012 sent to ivan@example.bg");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  /* Newest first. */
  g_assert_true (gtk_widget_get_next_sibling (first) == second);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (second)), ==, sent_at);
  /* The server wrote them: nothing to log by hand here. */
  g_assert_null (kt_ui_find_button (GTK_WIDGET (pane), "_Log Activity…"));
  /* The log is at the end of the detail: scrolled to, as a person would. */
  {
    GtkWidget *detail = kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL);
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (kt_ui_find_widget (detail, GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

    kt_ui_iterate (100);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    kt_ui_iterate (100);
  }
  screenshot (GTK_WIDGET (fixture->window), "invoice-mail-log");

  /* A reminder the server's job sent arrives with a sync. */
  add_mail (store, "2026-11-26T08:00:00Z", "Reminder 2 sent to ivan@example.bg");
  kt_ui_iterate (200);
  first = mail_row (pane, "Reminder 2 sent to ivan@example.bg");
  g_assert_nonnull (first);
  g_assert_true (gtk_widget_get_next_sibling (first) == mail_row (pane, "Reminder 1 sent to ivan@example.bg"));

  /* The draft has none. */
  g_assert_true (kt_record_pane_select_record (pane, DRAFT_ID));
  kt_ui_iterate (400);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), _("No emails sent yet.")));
  g_assert_null (mail_row (pane, "Reminder 1 sent to ivan@example.bg"));
}

/* Send by Email is off for a draft, with the reason; for the issued
 * invoice its shortcut opens the dialog with the contact's address and
 * the invoice's language. With no server, the dialog says sending needs
 * a connection, and Send stays off. */
static void
test_send_dialog_offline (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  KtRecordPane *pane = show_record (fixture, "invoices", DRAFT_ID);
  GtkWidget *button = kt_ui_find_button (GTK_WIDGET (pane), _("Send by _Email…"));
  KtSendInvoiceDialog *dialog;
  g_autoptr(KtRecord) draft = NULL;
  g_autofree char *email = NULL;
  GtkLabel *message;

  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==,
                   _("A draft has no number yet: issue it before sending it"));
  /* Its shortcut, typed in the detail, says why too and opens nothing. */
  gtk_widget_grab_focus (kt_ui_find_actionable (GTK_WIDGET (pane), "document.preview"));
  kt_ui_send_keys (GTK_WIDGET (pane), "<Control><Shift>e");
  kt_ui_iterate (100);
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_SEND_INVOICE_DIALOG));

  /* The draft's client has no contact: its company's address. */
  draft = kt_store_get (store, KT_ENTITY_INVOICE, DRAFT_ID, NULL);
  email = kt_send_invoice_dialog_dup_client_email (store, draft);
  g_assert_cmpstr (email, ==, "office@balkansoft.bg");

  g_assert_true (kt_record_pane_select_record (pane, INVOICE_ID));
  kt_ui_iterate (400);
  button = kt_ui_find_button (GTK_WIDGET (pane), _("Send by _Email…"));
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_grab_focus (kt_ui_find_actionable (GTK_WIDGET (pane), "document.preview"));
  kt_ui_send_keys (GTK_WIDGET (pane), "<Control><Shift>e");
  dialog = KT_SEND_INVOICE_DIALOG (kt_ui_wait_for_toplevel (KT_TYPE_SEND_INVOICE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_send_invoice_dialog_get_to_row (dialog))), ==,
                   "ivan@example.bg");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kt_send_invoice_dialog_get_language_row (dialog))),
                    ==, 1);

  message = kt_send_invoice_dialog_get_message (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_cmpstr (gtk_label_get_label (message), ==,
                   _("Sending needs a connection to the server. Nothing is lost: "
                     "send the invoice when you are online and signed in."));
  g_assert_false (gtk_widget_get_sensitive (kt_ui_find_button (GTK_WIDGET (dialog), _("_Send"))));

  /* 360 px wide, the narrowest window. */
  kt_ui_resize (GTK_WINDOW (dialog), 360, 420);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, 360);
  screenshot (GTK_WIDGET (dialog), "invoice-send-offline");

  /* Escape leaves; nothing was sent or changed. */
  kt_ui_send_keys (kt_send_invoice_dialog_get_to_row (dialog), "Escape");
  kt_ui_iterate (100);
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_SEND_INVOICE_DIALOG));
}

static char *
date_text (const char *iso)
{
  /* As the editor writes dates for editing. */
  if (kt_format_get_decimal_mark () == ',')
    return kt_format_date_string (iso);
  return g_strdup (iso);
}

/* The schedule: "until" before the issue date is refused under its
 * field; a valid one saves with the period, and the detail says it. */
static void
test_repeat_schedule (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  KtRecordPane *pane = show_record (fixture, "invoices", DRAFT_ID);
  KtDocumentEditor *editor;
  GtkWidget *repeat_row;
  GtkWidget *until_row;
  g_autofree char *early = date_text ("2026-11-01");
  g_autofree char *until = date_text ("2027-12-31");
  g_autofree char *until_shown = kt_format_date_string ("2027-12-31");
  g_autofree char *sentence = NULL;
  g_autoptr(KtRecord) saved = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.edit", NULL));
  editor = KT_DOCUMENT_EDITOR (kt_ui_wait_for_toplevel (KT_TYPE_DOCUMENT_EDITOR));
  g_assert_nonnull (editor);
  repeat_row = kt_form_get_row (KT_FORM (editor), "repeat_every");
  until_row = kt_form_get_row (KT_FORM (editor), "repeat_until");
  g_assert_nonnull (repeat_row);
  g_assert_nonnull (until_row);
  g_assert_true (gtk_widget_is_visible (repeat_row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (repeat_row)), ==, 0);

  adw_combo_row_set_selected (ADW_COMBO_ROW (repeat_row), 1);
  gtk_editable_set_text (GTK_EDITABLE (until_row), early);
  kt_ui_leave_field (until_row);
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (editor)), ==, "repeat_until");
  g_assert_true (kt_form_is_error_shown (KT_FORM (editor), "repeat_until"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (editor),
                                  _("An invoice cannot stop repeating before its issue date")));
  g_assert_false (kt_form_save (KT_FORM (editor), &error));
  g_clear_error (&error);

  gtk_editable_set_text (GTK_EDITABLE (until_row), until);
  kt_ui_iterate (50);
  g_assert_true (kt_form_is_valid (KT_FORM (editor)));
  kt_ui_click_to_close (GTK_WINDOW (editor), _("_Save"));
  kt_ui_iterate (200);

  saved = kt_store_get (store, KT_ENTITY_INVOICE, DRAFT_ID, NULL);
  g_assert_cmpstr (kt_record_get_string (saved, "repeat_every"), ==, "month");
  g_assert_cmpstr (kt_record_get_string (saved, "repeat_until"), ==, "2027-12-31");

  sentence = g_strdup_printf (_("Repeats every month until %s"), until_shown);
  g_assert_nonnull (kt_ui_find_row (GTK_WIDGET (pane), sentence));
}

/* An issued invoice's lines are locked, its schedule is not; a copy the
 * server issued links to the invoice it repeats; a credit note has no
 * schedule. */
static void
test_repeat_issued_and_copy (KtUiFixture   *fixture,
                             gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  KtRecordPane *pane = show_record (fixture, "invoices", INVOICE_ID);
  g_autoptr(KtRecord) copy = kt_record_new_with_id (KT_ENTITY_INVOICE, COPY_ID);
  g_autoptr(KtRecord) original = kt_store_get (store, KT_ENTITY_INVOICE, INVOICE_ID, NULL);
  g_autoptr(KtRecord) saved = NULL;
  g_autoptr(KtRecord) note = NULL;
  g_autofree char *link = NULL;
  KtDocumentEditor *editor;
  GtkWidget *repeat_row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.edit", NULL));
  editor = KT_DOCUMENT_EDITOR (kt_ui_wait_for_toplevel (KT_TYPE_DOCUMENT_EDITOR));
  repeat_row = kt_form_get_row (KT_FORM (editor), "repeat_every");
  g_assert_true (gtk_widget_is_sensitive (repeat_row));
  g_assert_false (gtk_widget_is_sensitive (kt_form_get_row (KT_FORM (editor), "issue_date")));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (editor),
                                  _("An issued invoice cannot be changed, only its schedule. "
                                    "To correct it, issue a credit note from its detail.")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (repeat_row), 3);
  kt_ui_iterate (50);
  kt_ui_click_to_close (GTK_WINDOW (editor), _("_Save"));
  kt_ui_iterate (200);
  saved = kt_store_get (store, KT_ENTITY_INVOICE, INVOICE_ID, NULL);
  g_assert_cmpstr (kt_record_get_string (saved, "repeat_every"), ==, "year");
  g_assert_cmpstr (kt_record_get_string (saved, "number"), ==, "0000000012");
  g_assert_nonnull (kt_ui_find_row (GTK_WIDGET (pane), _("Repeats every year")));

  kt_record_apply_defaults (copy);
  kt_record_set_string (copy, "issue_date", "2027-11-02");
  kt_record_set_string (copy, "client_name", kt_record_get_string (original, "client_name"));
  kt_record_set_string (copy, "repeated_from_id", INVOICE_ID);
  save_invoice (store, copy, "0190bbbb-0000-7000-8000-000000000e08");
  g_assert_true (kt_record_pane_select_record (pane, COPY_ID));
  kt_ui_iterate (400);
  link = g_strdup_printf ("%s %s", _("Repeats invoice"), "0000000012");
  g_assert_nonnull (kt_ui_find_row (GTK_WIDGET (pane), link));

  {
    KtCreditLine line = { .item_id = ITEM_ID, .quantity = 1000 };
    g_autoptr(GError) error = NULL;

    note = kt_document_create_credit_note (store, saved, &line, 1, &error);
    g_assert_no_error (error);
  }
  g_assert_true (kt_record_pane_select_record (pane, kt_record_get_id (note)));
  kt_ui_iterate (400);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.edit", NULL));
  editor = KT_DOCUMENT_EDITOR (kt_ui_wait_for_toplevel (KT_TYPE_DOCUMENT_EDITOR));
  kt_ui_iterate (100);
  g_assert_nonnull (kt_ui_find_row (GTK_WIDGET (editor), _("Document language")));
  g_assert_null (kt_ui_find_row (GTK_WIDGET (editor), _("Repeats")));
  gtk_window_close (GTK_WINDOW (editor));
  kt_ui_iterate (100);
}

/* "No payment reminders": a switch with its reason in the contact and
 * company forms, saved, and shown in the detail only when on. */
static void
check_opt_out (KtUiFixture    *fixture,
               const char     *section,
               const KtEntity *entity,
               const char     *id)
{
  KtStore *store = fixture_store (fixture);
  KtRecordPane *pane = show_record (fixture, section, id);
  g_autoptr(KtRecord) saved = NULL;
  KtRecordForm *form;
  GtkWidget *row;
  GtkWidget *toggle;

  g_assert_null (kt_ui_find_row (GTK_WIDGET (pane), _("No payment reminders")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.edit", NULL));
  form = KT_RECORD_FORM (kt_ui_wait_for_toplevel (KT_TYPE_RECORD_FORM));
  row = kt_form_get_row (KT_FORM (form), "reminders_opt_out");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   _("Overdue invoices to this client get no reminder emails"));
  toggle = kt_ui_find_widget (row, GTK_TYPE_SWITCH);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  /* By keyboard: Space on the focused row, once the form has put the
   * keyboard in its first field. */
  kt_ui_iterate (200);
  g_assert_true (gtk_widget_grab_focus (row));
  g_assert_true (gtk_widget_is_focus (row));
  kt_ui_send_keys (row, "space");
  /* The switch turns on at the end of its slide. */
  for (guint i = 0; i < 40 && !gtk_switch_get_active (GTK_SWITCH (toggle)); i++)
    kt_ui_iterate (50);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  kt_ui_iterate (200);

  saved = kt_store_get (store, entity, id, NULL);
  g_assert_true (kt_record_get_bool (saved, "reminders_opt_out"));
  g_assert_nonnull (kt_ui_find_row (GTK_WIDGET (pane), _("No payment reminders")));
}

static void
test_opt_out (KtUiFixture   *fixture,
              gconstpointer  data)
{
  check_opt_out (fixture, "contacts", KT_ENTITY_CONTACT, CONTACT_ID);
  check_opt_out (fixture, "companies", KT_ENTITY_COMPANY, COMPANY_ID);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/invoice-mail/mail-log", KtUiFixture, fill,
              kt_ui_fixture_setup, test_mail_log, kt_ui_fixture_teardown);
  g_test_add ("/ui/invoice-mail/send-dialog-offline", KtUiFixture, fill,
              kt_ui_fixture_setup, test_send_dialog_offline, kt_ui_fixture_teardown);
  g_test_add ("/ui/invoice-mail/repeat-schedule", KtUiFixture, fill,
              kt_ui_fixture_setup, test_repeat_schedule, kt_ui_fixture_teardown);
  g_test_add ("/ui/invoice-mail/repeat-issued-and-copy", KtUiFixture, fill,
              kt_ui_fixture_setup, test_repeat_issued_and_copy, kt_ui_fixture_teardown);
  g_test_add ("/ui/invoice-mail/opt-out", KtUiFixture, fill,
              kt_ui_fixture_setup, test_opt_out, kt_ui_fixture_teardown);

  return g_test_run ();
}
