/* test-ui-invoice-send.c: "Send by Email…" on an invoice the server numbered
 *
 * A real kantora-server on a throwaway PostgreSQL numbers the invoice
 * (created, issued and synced from the window), then the send dialog
 * talks to a server on loopback that records what it gets and answers as
 * docs/api.md says POST /v1/invoices/{id}/send answers: 202 with the job
 * and the address, or 422 naming the field. The recorder stands in for
 * the route because the server side of the mail (issue #14) is built in
 * parallel; the request is the one the client sends either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "kt-documents.h"
#include "kt-record-pane.h"
#include "kt-send-invoice-dialog.h"
#include "kt-ui-sync-test.h"

typedef struct
{
  SoupServer *server;
  char       *url;
  GPtrArray  *requests;   /* of Request */
} Recorder;

typedef struct
{
  char *method;
  char *path;
  char *authorization;
  char *body;
} Request;

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->authorization);
  g_free (request->body);
  g_free (request);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Recorder *recorder = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  Request *request = g_new0 (Request, 1);
  const char *to = NULL;
  g_autofree char *answer = NULL;

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->authorization = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                   "Authorization"));
  request->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_ptr_array_add (recorder->requests, request);

  if (json_parser_load_from_data (parser, request->body, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    to = json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                     "to", NULL);

  if (to == NULL || strchr (to, '@') == NULL)
    {
      static const char refusal[] = "{\"error\": {\"code\": \"validation\", \"field\": \"to\", "
                                    "\"message\": \"“to” is not an email address\"}}";

      soup_server_message_set_status (msg, 422, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        refusal, strlen (refusal));
      return;
    }

  answer = g_strdup_printf ("{\"job_id\": \"0190cccc-0000-7000-8000-000000000001\", \"to\": \"%s\"}", to);
  soup_server_message_set_status (msg, 202, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

static void
recorder_start (Recorder *recorder)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *text = NULL;

  recorder->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  recorder->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (recorder->server, "/v1/invoices", on_request_cb, recorder, NULL);
  g_assert_true (soup_server_listen_local (recorder->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (recorder->server);
  text = g_uri_to_string (uris->data);
  recorder->url = g_strndup (text, strlen (text) - (g_str_has_suffix (text, "/") ? 1 : 0));
}

static void
recorder_stop (Recorder *recorder)
{
  soup_server_disconnect (recorder->server);
  g_clear_object (&recorder->server);
  g_clear_pointer (&recorder->url, g_free);
  g_clear_pointer (&recorder->requests, g_ptr_array_unref);
}

static gboolean
has_requests (gpointer data)
{
  Recorder *recorder = data;

  return recorder->requests->len > 0;
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
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *today = kt_document_today ();
  g_autofree char *path = NULL;
  g_autofree char *toast = NULL;
  Recorder recorder = { 0 };
  KtSendInvoiceDialog *dialog;
  KtRecordPane *pane;
  GtkWidget *to_row;
  JsonObject *body;
  Request *request;
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

  /* From here the recorder answers for the server (see the top). The
   * engine keeps its token. */
  recorder_start (&recorder);
  kt_sync_engine_set_server_url (kt_sync_ui_engine (f), recorder.url);

  /* An address the server refuses: its words, and the dialog stays. */
  gtk_editable_set_text (GTK_EDITABLE (to_row), "ivan");
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (dialog), _("_Send")));
  g_assert_true (kt_sync_ui_wait_for (has_requests, &recorder, 5000));
  kt_ui_iterate (200);
  g_assert_cmpstr (gtk_label_get_label (kt_send_invoice_dialog_get_message (dialog)), ==,
                   "“to” is not an email address");
  g_assert_nonnull (kt_ui_find_toplevel (KT_TYPE_SEND_INVOICE_DIALOG));
  g_ptr_array_set_size (recorder.requests, 0);

  /* Enter in the address sends. */
  gtk_editable_set_text (GTK_EDITABLE (to_row), "ivan@example.bg");
  kt_ui_send_keys (to_row, "Return");
  g_assert_true (kt_sync_ui_wait_for (has_requests, &recorder, 5000));
  g_assert_true (kt_sync_ui_wait_for (dialog_closed, NULL, 5000));

  request = g_ptr_array_index (recorder.requests, 0);
  path = g_strdup_printf ("/v1/invoices/%s/send", kt_record_get_id (invoice));
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, path);
  g_assert_true (g_str_has_prefix (request->authorization, "Bearer "));
  g_assert_true (json_parser_load_from_data (parser, request->body, -1, &error));
  g_assert_no_error (error);
  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (body, "to"), ==, "ivan@example.bg");
  g_assert_cmpstr (json_object_get_string_member (body, "language"), ==, "bg");

  /* The toast waits its turn behind the Undo. */
  toast = g_strdup_printf (_("Invoice %s will be sent to %s"), number, "ivan@example.bg");
  {
    LabelWait wait = { GTK_WIDGET (f->window), toast };

    g_assert_true (kt_sync_ui_wait_for (shows_label, &wait, 10000));
  }

  kt_sync_engine_set_server_url (kt_sync_ui_engine (f), kt_sync_ui_server->url);
  recorder_stop (&recorder);
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/invoice-send/send", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_send, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
