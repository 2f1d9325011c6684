/* kt-invoice-chooser.c: pick one of the open invoices in a currency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-invoice-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-format.h"
#include "kt-invoice-chooser.h"

/* A person picks from a screenful, not from thousands: the newest. */
#define MAX_INVOICES 200

struct _KtInvoiceChooser
{
  AdwWindow       parent_instance;

  guint           n_invoices;

  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (KtInvoiceChooser, kt_invoice_chooser, ADW_TYPE_WINDOW)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_row_activated_cb (KtInvoiceChooser *self,
                     GtkListBoxRow    *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "invoice-id");

  g_signal_emit (self, signals[CHOSEN], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
kt_invoice_chooser_class_init (KtInvoiceChooserClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * KtInvoiceChooser::chosen:
   * @invoice_id: the invoice picked
   */
  signals[CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/payments/kt-invoice-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, KtInvoiceChooser, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtInvoiceChooser, stack);
  gtk_widget_class_bind_template_child (widget_class, KtInvoiceChooser, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_invoice_chooser_init (KtInvoiceChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static gboolean
is_open (KtRecord *invoice)
{
  static const char * const waiting[] = { "issued", "sent", "partially_paid", "overdue", NULL };

  return g_strv_contains (waiting, kt_record_get_string (invoice, "status") ?: "") &&
         g_strcmp0 (kt_record_get_string (invoice, "kind"), "credit_note") != 0 &&
         kt_invoice_open_amount (invoice) > 0;
}

/**
 * kt_invoice_chooser_new:
 *
 * Returns: (transfer full): the window, not yet shown
 */
KtInvoiceChooser *
kt_invoice_chooser_new (KtStore    *store,
                        const char *currency)
{
  KtInvoiceChooser *self;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_INVOICE);
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (currency != NULL, NULL);

  self = g_object_new (KT_TYPE_INVOICE_CHOOSER, NULL);
  adw_window_title_set_subtitle (self->window_title, currency);

  kt_query_add_filter (query, "currency", currency);
  kt_query_set_sort (query, "issue_date", TRUE);
  invoices = kt_store_query (store, query, 0, MAX_INVOICES * 4, &error);
  if (invoices == NULL)
    g_warning ("Could not list the open invoices: %s", error->message);

  for (guint i = 0; invoices != NULL && i < invoices->len && self->n_invoices < MAX_INVOICES; i++)
    {
      KtRecord *invoice = invoices->pdata[i];
      GtkWidget *row;
      g_autofree char *open = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;
      const char *client;

      if (!is_open (invoice))
        continue;
      open = kt_format_money (kt_invoice_open_amount (invoice), currency);
      client = kt_record_get_string (invoice, "client_name");
      /* Translators: an invoice to match a payment to: "0000000042 · Acme Ltd" */
      title = g_markup_printf_escaped (_("%s · %s"), kt_record_get_string (invoice, "number"),
                                       client ? client : "");
      /* Translators: %s is the amount an invoice still waits for */
      subtitle = g_markup_printf_escaped (_("Open: %s"), open);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "invoice-id",
                              g_strdup (kt_record_get_id (invoice)), g_free);
      gtk_list_box_append (self->list, row);
      self->n_invoices++;
    }
  gtk_stack_set_visible_child_name (self->stack, self->n_invoices > 0 ? "list" : "empty");
  return self;
}

GtkListBox *
kt_invoice_chooser_get_list (KtInvoiceChooser *self)
{
  g_return_val_if_fail (KT_IS_INVOICE_CHOOSER (self), NULL);
  return self->list;
}

guint
kt_invoice_chooser_get_n_invoices (KtInvoiceChooser *self)
{
  g_return_val_if_fail (KT_IS_INVOICE_CHOOSER (self), 0);
  return self->n_invoices;
}
