/* kt-invoices-pane.c: the Invoices section, credit notes included
 *
 * The list, filters, detail and actions come from KtDocumentPane and
 * KtRecordPane; this file says which columns and groups an invoice has.
 * Credit notes are invoices of the kind "credit_note": the Kind filter
 * shows them alone, and each says so in its status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-invoices-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-document-detail.h"
#include "kt-documents.h"
#include "kt-format.h"
#include "kt-invoices-pane.h"
#include "kt-send-invoice-dialog.h"
#include "kt-toast.h"

struct _KtInvoicesPane
{
  KtDocumentPane parent_instance;
};

G_DEFINE_FINAL_TYPE (KtInvoicesPane, kt_invoices_pane, KT_TYPE_DOCUMENT_PANE)

static const KtRecordColumn columns[] = {
  { "number", N_("Number"), "number", 120, TRUE },
  { "client_name", N_("Client"), "client_name", 0, TRUE },
  { "issue_date", N_("Issued"), "issue_date", 110 },
  { "due_date", N_("Due"), "due_date", 110 },
  { "total", N_("Total"), "total", 120, TRUE, TRUE },
  { KT_DOCUMENT_COLUMN_OPEN, N_("Outstanding"), NULL, 120, FALSE, TRUE },
  { "status", N_("Status"), NULL, 150 },
  { NULL }
};

static const KtRecordGroup groups[] = {
  { N_("Dates"), "issue_date,due_date,supply_date,supply_place" },
  { N_("More"), "currency,language,notes," KT_META_OWNER },
  { NULL }
};

static const KtRecordLink links[] = {
  { "payment", N_("Payments"), N_("No payments yet"), "-received_at", "amount,received_at" },
  { NULL }
};

static char *
count_text (guint n)
{
  g_autofree char *number = kt_format_number (n);

  /* Translators: %s is a formatted number such as "1 234" */
  return g_strdup_printf (ngettext ("%s invoice", "%s invoices", n), number);
}

static char *
selected_text (guint n)
{
  g_autofree char *number = kt_format_number (n);

  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s invoice selected", "%s invoices selected", n), number);
}

static char *
deleted_text (guint       n,
              const char *title)
{
  g_autofree char *number = NULL;

  if (n == 1)
    /* Translators: %s is the invoice's number, or "Draft" */
    return g_strdup_printf (_("Invoice “%s” deleted"), title);

  number = kt_format_number (n);
  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s invoice deleted", "%s invoices deleted", n), number);
}

static const KtRecordPaneSpec spec = {
  .entity = &kt_invoice_entity,
  .link_field = "invoice_id",
  .search_placeholder = N_("Search invoices"),
  .empty_title = N_("No Invoices Yet"),
  .empty_icon = "x-office-document-symbolic",
  .empty_description = N_("Invoices and credit notes go here. Create one, or convert an accepted offer."),
  .new_title = N_("New Invoice"),
  .edit_title = N_("Edit Invoice"),
  .subtitle_fields = "client_name,total",
  .filter_by_company = FALSE,
  .columns = columns,
  .groups = groups,
  .links = links,
  .count_text = count_text,
  .deleted_text = deleted_text,
  .selected_text = selected_text,
  .cell_text = kt_document_cell_text,
  .cell_class = kt_document_cell_class,
  .detail_extra = kt_document_detail_new,
  .hide_avatar = TRUE,
  .can_delete = kt_document_can_delete,
};

static void
on_sent_cb (KtInvoicesPane      *self,
            const char          *to,
            KtSendInvoiceDialog *dialog)
{
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  KtRecord *invoice = g_object_get_data (G_OBJECT (dialog), "kt-invoice");

  number = kt_document_dup_number (invoice);
  /* Translators: "Invoice 0000000012 will be sent to ivan@example.bg" */
  text = g_strdup_printf (_("Invoice %s will be sent to %s"), number, to);
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (text));
}

/* The detail's "Send by Email…" and its shortcut. The button is off for
 * an invoice that cannot go yet; the shortcut says why instead. */
static void
send_email_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  KtRecordPane *pane = KT_RECORD_PANE (widget);
  KtContext *context = kt_record_pane_get_context (pane);
  g_autoptr(KtRecord) selected = kt_record_pane_dup_single_selected (pane);
  g_autoptr(KtRecord) invoice = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *why;
  KtSendInvoiceDialog *dialog;

  if (selected == NULL ||
      (invoice = kt_store_get (kt_context_get_store (context), KT_ENTITY_INVOICE,
                               kt_record_get_id (selected), NULL)) == NULL)
    return;

  why = kt_send_invoice_blocked_reason (invoice);
  if (why != NULL)
    {
      kt_widget_add_toast (widget, adw_toast_new (why));
      return;
    }

  dialog = kt_send_invoice_dialog_new (context, invoice);
  g_object_set_data_full (G_OBJECT (dialog), "kt-invoice", g_object_ref (invoice), g_object_unref);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "sent", G_CALLBACK (on_sent_cb), widget, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
kt_invoices_pane_class_init (KtInvoicesPaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KtRecordPaneClass *pane_class = KT_RECORD_PANE_CLASS (klass);

  pane_class->spec = &spec;

  gtk_widget_class_install_action (widget_class, "invoice.send-email", NULL, send_email_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "invoice.send-email", NULL);
}

static void
kt_invoices_pane_init (KtInvoicesPane *self)
{
}
