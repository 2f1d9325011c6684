/* kt-send-invoice-dialog.c: mail an invoice to its client through the server
 *
 * The server, not this computer, sends the mail: it holds the SMTP
 * settings, renders the PDF the client gets and logs the email on the
 * invoice. So the dialog needs a connection, and says so when there is
 * none rather than queueing anything here: an invoice that was not sent
 * is nothing lost, it can be sent later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-send-invoice-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-documents.h"
#include "kt-invoice-mail-client.h"
#include "kt-send-invoice-dialog.h"

struct _KtSendInvoiceDialog
{
  AdwWindow       parent_instance;

  KtContext      *context;
  KtRecord       *invoice;
  GCancellable   *cancellable;
  gboolean        sending;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkWidget      *send_button;
  GtkWidget      *to_row;
  GtkWidget      *language_row;
  GtkLabel       *message;
};

G_DEFINE_FINAL_TYPE (KtSendInvoiceDialog, kt_send_invoice_dialog, ADW_TYPE_WINDOW)

enum {
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The order of the language row's items. */
static const char * const languages[] = { "bg", "en", NULL };

static KtSyncEngine *
engine (KtSendInvoiceDialog *self)
{
  return kt_context_get_sync_engine (self->context);
}

static void
show_message (KtSendInvoiceDialog *self,
              const char          *text,
              gboolean             is_error)
{
  gtk_label_set_label (self->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
    }
}

static const char *
recipient (KtSendInvoiceDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->to_row));
}

/* Send is offered when there is an address, a connection, and no
 * request already on its way. */
static void
update_state (KtSendInvoiceDialog *self)
{
  gboolean online = kt_invoice_mail_can_send (engine (self));
  g_autofree char *to = g_strstrip (g_strdup (recipient (self)));

  if (!online)
    show_message (self, _("Sending needs a connection to the server. Nothing is lost: "
                          "send the invoice when you are online and signed in."), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "send.send",
                                 online && !self->sending && *to != '\0');
}

static void
on_engine_state_cb (KtSendInvoiceDialog *self)
{
  /* The offline note goes when the connection comes back; an error from
   * the server stays until the next try. */
  if (!self->sending && kt_invoice_mail_can_send (engine (self)) &&
      gtk_widget_has_css_class (GTK_WIDGET (self->message), "dim-label"))
    show_message (self, NULL, FALSE);
  update_state (self);
}

static void
on_to_changed_cb (KtSendInvoiceDialog *self)
{
  update_state (self);
}

static void
on_to_activated_cb (KtSendInvoiceDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "send.send", NULL);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KtSendInvoiceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *to = kt_invoice_mail_send_finish (KT_SYNC_ENGINE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sending = FALSE;
  if (to == NULL)
    {
      g_debug ("The server did not queue the invoice: %s", error->message);
      if (g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK) ||
          g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED))
        show_message (self, _("The server cannot be reached, so the invoice was not sent. "
                              "Nothing is lost: try again when you are online."), TRUE);
      else if (g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED))
        show_message (self, _("Your sign-in has expired, so the invoice was not sent. "
                              "Sign in again, then send it: nothing is lost."), TRUE);
      else
        /* The server's own words: a bad address, a draft, mail not set up. */
        show_message (self, error->message, TRUE);
      update_state (self);
      gtk_widget_grab_focus (self->to_row);
      return;
    }

  g_signal_emit (self, signals[SENT], 0, to);
  gtk_window_close (GTK_WINDOW (self));
}

void
kt_send_invoice_dialog_send (KtSendInvoiceDialog *self)
{
  g_autofree char *to = NULL;
  guint language;

  g_return_if_fail (KT_IS_SEND_INVOICE_DIALOG (self));

  to = g_strstrip (g_strdup (recipient (self)));
  if (self->sending || *to == '\0')
    return;

  language = adw_combo_row_get_selected (ADW_COMBO_ROW (self->language_row));
  self->sending = TRUE;
  show_message (self, _("Sending…"), FALSE);
  update_state (self);
  kt_invoice_mail_send_async (engine (self), kt_record_get_id (self->invoice), to,
                              languages[MIN (language, 1)], self->cancellable,
                              on_sent_cb, g_object_ref (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  kt_send_invoice_dialog_send (KT_SEND_INVOICE_DIALOG (widget));
}

static void
kt_send_invoice_dialog_dispose (GObject *object)
{
  KtSendInvoiceDialog *self = KT_SEND_INVOICE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_object (&self->invoice);

  G_OBJECT_CLASS (kt_send_invoice_dialog_parent_class)->dispose (object);
}

static void
kt_send_invoice_dialog_class_init (KtSendInvoiceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_send_invoice_dialog_dispose;

  /**
   * KtSendInvoiceDialog::sent:
   * @to: the address the server sends the invoice to
   */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/documents/kt-send-invoice-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtSendInvoiceDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtSendInvoiceDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, KtSendInvoiceDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, KtSendInvoiceDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, KtSendInvoiceDialog, message);
  gtk_widget_class_bind_template_callback (widget_class, on_to_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_to_activated_cb);

  gtk_widget_class_install_action (widget_class, "send.send", NULL, send_action);
}

static void
kt_send_invoice_dialog_init (KtSendInvoiceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

const char *
kt_send_invoice_blocked_reason (KtRecord *invoice)
{
  const char *status;
  const char *number;

  g_return_val_if_fail (KT_IS_RECORD (invoice), NULL);

  status = kt_record_get_string (invoice, "status");
  number = kt_record_get_string (invoice, "number");
  /* The server refuses a draft too ("status"): the client reads the PDF
   * with its number, which a draft does not have. */
  if (status == NULL || g_str_equal (status, "draft"))
    return _("A draft has no number yet: issue it before sending it");
  if (g_str_equal (status, "cancelled"))
    return _("A cancelled invoice is not sent");
  if (number == NULL || *number == '\0')
    return _("The invoice gets its number at the next sync: send it after that");
  return NULL;
}

/**
 * kt_send_invoice_dialog_dup_client_email:
 * @store: the store
 * @invoice: an invoice
 *
 * Returns: (transfer full) (nullable): the email of the invoice's
 *   contact, else of its company
 */
char *
kt_send_invoice_dialog_dup_client_email (KtStore  *store,
                                         KtRecord *invoice)
{
  const KtEntity *entities[] = { KT_ENTITY_CONTACT, KT_ENTITY_COMPANY };
  const char *fields[] = { "contact_id", "company_id" };

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (invoice), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *id = kt_record_get_string (invoice, fields[i]);
      g_autoptr(KtRecord) party = id != NULL ? kt_store_get (store, entities[i], id, NULL) : NULL;
      const char *email = party != NULL ? kt_record_get_string (party, "email") : NULL;

      if (email != NULL && *email != '\0')
        return g_strdup (email);
    }

  return NULL;
}

/**
 * kt_send_invoice_dialog_new:
 * @context: the context, whose sync engine talks to the server
 * @invoice: an invoice with a number
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
KtSendInvoiceDialog *
kt_send_invoice_dialog_new (KtContext *context,
                            KtRecord  *invoice)
{
  KtSendInvoiceDialog *self;
  g_autofree char *email = NULL;
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (KT_IS_RECORD (invoice), NULL);

  self = g_object_new (KT_TYPE_SEND_INVOICE_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->invoice = g_object_ref (invoice);

  number = kt_document_dup_number (invoice);
  /* Translators: %s is the invoice number */
  subtitle = g_strdup_printf (kt_document_is_credit_note (invoice) ? _("Credit note %s") : _("Invoice %s"),
                              number);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  email = kt_send_invoice_dialog_dup_client_email (kt_context_get_store (context), invoice);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), email != NULL ? email : "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->language_row),
                              g_strcmp0 (kt_record_get_string (invoice, "language"), "en") == 0 ? 1 : 0);

  g_signal_connect_object (engine (self), "notify::state", G_CALLBACK (on_engine_state_cb), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
  /* The address first, as in every form: Enter there sends. */
  gtk_widget_grab_focus (self->to_row);
  return self;
}

GtkWidget *
kt_send_invoice_dialog_get_to_row (KtSendInvoiceDialog *self)
{
  g_return_val_if_fail (KT_IS_SEND_INVOICE_DIALOG (self), NULL);
  return self->to_row;
}

GtkWidget *
kt_send_invoice_dialog_get_language_row (KtSendInvoiceDialog *self)
{
  g_return_val_if_fail (KT_IS_SEND_INVOICE_DIALOG (self), NULL);
  return self->language_row;
}

GtkLabel *
kt_send_invoice_dialog_get_message (KtSendInvoiceDialog *self)
{
  g_return_val_if_fail (KT_IS_SEND_INVOICE_DIALOG (self), NULL);
  return self->message;
}
