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
#include "kt-format.h"
#include "kt-invoices-pane.h"

struct _KtInvoicesPane
{
  KtDocumentPane parent_instance;
};

G_DEFINE_FINAL_TYPE (KtInvoicesPane, kt_invoices_pane, KT_TYPE_DOCUMENT_PANE)

static const KtRecordColumn columns[] = {
  { "number", N_("Number"), "number", 120 },
  { "client_name", N_("Client"), "client_name", 0 },
  { "issue_date", N_("Issued"), "issue_date", 110 },
  { "due_date", N_("Due"), "due_date", 110 },
  { "total", N_("Total"), "total", 120 },
  { KT_DOCUMENT_COLUMN_OPEN, N_("Outstanding"), NULL, 120 },
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
kt_invoices_pane_class_init (KtInvoicesPaneClass *klass)
{
  KtRecordPaneClass *pane_class = KT_RECORD_PANE_CLASS (klass);

  pane_class->spec = &spec;
}

static void
kt_invoices_pane_init (KtInvoicesPane *self)
{
}
