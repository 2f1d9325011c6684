/* test-ui-invoice-send.c: "Send by Email…" from the window to a mailbox
 *
 * A real kantora-server on a throwaway PostgreSQL, with a real SMTP sink
 * (tests/server/kt-smtp-sink) as its mail server: the invoice is created,
 * issued and synced from the window, the send dialog asks the server
 * (POST /v1/invoices/{id}/send), which refuses a bad address in its own
 * words and queues a good one; its job runner mails the PDF to the sink,
 * and the next sync brings the mail log's email and the status "sent".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-activity-timeline.h"
#include "kt-documents.h"
#include "kt-record-pane.h"
#include "kt-send-invoice-dialog.h"
#include "kt-smtp-sink.h"
#include "kt-ui-sync-test.h"

/* The server's SMTP host, started before the server (which reads its
 * address from the environment). */
static KtSmtpSink *sink;

static gboolean
mail_arrived (gpointer data)
{
  return kt_smtp_sink_count (sink) > 0;
}

static gboolean
message_is_error (gpointer data)
{
  GtkWidget *message = GTK_WIDGET (kt_send_invoice_dialog_get_message (data));

  return gtk_widget_get_visible (message) && gtk_widget_has_css_class (message, "error");
}

static gboolean
dialog_closed (gpointer data)
{
  return kt_ui_find_toplevel (KT_TYPE_SEND_INVOICE_DIALOG) == NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
shows_label (gpointer data)
{
  LabelWait *wait = data;

  return kt_sync_ui_has_label_containing (wait->root, wait->text);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *full = g_strconcat (name, g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "", NULL);

  g_free (kt_ui_screenshot (widget, full));
}

static void
test_send (KtSyncUiFixture *f,
           gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autoptr(KtStore) other_store = NULL;
  g_autoptr(KtSyncEngine) other = NULL;
  g_autofree char *token = kt_sync_ui_register_elsewhere (email, &other_store, &other);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) invoice = kt_record_new (KT_ENTITY_INVOICE);
  g_autoptr(KtRecord) issued = NULL;
  g_autofree char *today = kt_document_today ();
  g_autofree char *toast = NULL;
  g_autofree char *refusal = NULL;
  KtSendInvoiceDialog *dialog;
  KtRecordPane *pane;
  GtkWidget *to_row;
  const KtSmtpSinkMessage *mail;
  g_autoptr(KtRecord) sent = NULL;
  GtkWidget *timeline;
  GListModel *log;
  KtStore *store;
  const char *number;

  kt_sync_ui_start_app (f, FALSE);
  store = kt_context_get_store (kt_application_get_context (f->app));
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);

  kt_record_apply_defaults (contact);
  kt_record_set_string (contact, "first_name", "Иван");
  kt_record_set_string (contact, "last_name", "Петров");
  kt_record_set_string (contact, "email", "ivan@example.bg");
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);

  kt_record_apply_defaults (invoice);
  kt_record_set_string (invoice, "issue_date", today);
  kt_record_set_string (invoice, "language", "bg");
  kt_document_fill_client (store, invoice, contact);
  pane = kt_sync_ui_show_new_invoice (f, invoice);
  /* A draft has no number for the server to print. */
  g_assert_false (gtk_widget_get_sensitive (kt_ui_find_button (GTK_WIDGET (pane), _("Send by _Email…"))));
  kt_ui_click (kt_ui_find_actionable (GTK_WIDGET (pane), "document.issue"));
  kt_ui_iterate (100);
  kt_sync_ui_sync_now (f);
  kt_ui_iterate (300);
  issued = kt_store_get (store, KT_ENTITY_INVOICE, kt_record_get_id (invoice), &error);
  number = kt_record_get_string (issued, "number");
  g_assert_nonnull (number);
  g_test_message ("the server numbered the invoice %s", number);

  /* Keyboard: the shortcut from the detail. */
  gtk_widget_grab_focus (kt_ui_find_actionable (GTK_WIDGET (pane), "document.preview"));
  kt_ui_send_keys (GTK_WIDGET (pane), "<Control><Shift>e");
  dialog = KT_SEND_INVOICE_DIALOG (kt_ui_wait_for_toplevel (KT_TYPE_SEND_INVOICE_DIALOG));
  g_assert_nonnull (dialog);
  to_row = kt_send_invoice_dialog_get_to_row (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (to_row)), ==, "ivan@example.bg");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kt_send_invoice_dialog_get_language_row (dialog))),
                    ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (kt_send_invoice_dialog_get_message (dialog))));
  screenshot (GTK_WIDGET (dialog), "invoice-send-dialog");

  /* An address the server refuses: its words, and the dialog stays. */
  gtk_editable_set_text (GTK_EDITABLE (to_row), "ivan");
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (dialog), _("_Send")));
  g_assert_true (kt_sync_ui_wait_for (message_is_error, dialog, 5000));
  /* The server's words, in the UI's language (Accept-Language). */
  refusal = g_strdup_printf (_("“%s” is not a valid email address"), "to");
  g_assert_cmpstr (gtk_label_get_label (kt_send_invoice_dialog_get_message (dialog)), ==, refusal);
  g_assert_nonnull (kt_ui_find_toplevel (KT_TYPE_SEND_INVOICE_DIALOG));
  g_assert_cmpuint (kt_smtp_sink_count (sink), ==, 0);

  /* Enter in the address sends. */
  gtk_editable_set_text (GTK_EDITABLE (to_row), "ivan@example.bg");
  kt_ui_send_keys (to_row, "Return");
  g_assert_true (kt_sync_ui_wait_for (dialog_closed, NULL, 5000));

  /* The toast waits its turn behind the Undo. */
  toast = g_strdup_printf (_("Invoice %s will be sent to %s"), number, "ivan@example.bg");
  {
    LabelWait wait = { GTK_WIDGET (f->window), toast };

    g_assert_true (kt_sync_ui_wait_for (shows_label, &wait, 10000));
  }

  /* The server's job runner mails it, with the PDF. */
  g_assert_true (kt_sync_ui_wait_for (mail_arrived, NULL, 20000));
  mail = kt_smtp_sink_get (sink, 0);
  g_assert_cmpstr (mail->rcpt_to[0], ==, "ivan@example.bg");
  g_assert_null (mail->rcpt_to[1]);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (mail->data, NULL), g_bytes_get_size (mail->data),
                                  "application/pdf"));

  /* The next sync brings the mail log and the status. */
  kt_sync_ui_sync_now (f);
  kt_ui_iterate (300);
  sent = kt_store_get (store, KT_ENTITY_INVOICE, kt_record_get_id (invoice), &error);
  g_assert_cmpstr (kt_record_get_string (sent, "status"), ==, "sent");
  timeline = kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_ACTIVITY_TIMELINE);
  g_assert_nonnull (timeline);
  log = kt_activity_timeline_get_model (KT_ACTIVITY_TIMELINE (timeline));
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 1);
  {
    g_autoptr(KtRecord) email_activity = g_list_model_get_item (log, 0);
    const char *subject = kt_record_get_string (email_activity, "subject");

    g_test_message ("the mail log says: %s", subject);
    g_assert_nonnull (strstr (subject, number));
    g_assert_nonnull (strstr (subject, "ivan@example.bg"));
    g_assert_nonnull (kt_ui_find_row (GTK_WIDGET (pane), subject));
  }
  screenshot (timeline, "invoice-sent-mail-log");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *port = NULL;
  int ret;

  /* The server reads its mail settings when it starts. */
  sink = kt_smtp_sink_new ();
  port = g_strdup_printf ("%u", kt_smtp_sink_get_port (sink));
  g_setenv ("KANTORA_SMTP_HOST", "127.0.0.1", TRUE);
  g_setenv ("KANTORA_SMTP_PORT", port, TRUE);
  g_setenv ("KANTORA_SMTP_SECURITY", "none", TRUE);
  g_setenv ("KANTORA_MAIL_FROM", "billing@kantora.test", TRUE);
  g_setenv ("KANTORA_JOBS_POLL_INTERVAL_MS", "200", TRUE);
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/invoice-send/send", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_send, kt_sync_ui_teardown);

  ret = kt_sync_ui_test_finish (g_test_run ());
  g_clear_pointer (&sink, kt_smtp_sink_free);
  return ret;
}
