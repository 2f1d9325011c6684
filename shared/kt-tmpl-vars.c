/* kt-tmpl-vars.c: the variables a document template can print
 *
 * One row per value of kt_tmpl_context_new()'s context; test-tmpl-vars
 * checks both ways that the table and the context agree, so a value added
 * to one and not the other fails the suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-tmpl"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-template.h"
#include "kt-tmpl-vars.h"

/* The fields every kind of document has, under its own name
 * ("invoice.number") and under "document". */
#define COMMON_FIELDS(p) \
  { p ".number", N_("Number of the document, empty while it is a draft"), "0000000123" }, \
  { p ".issue_date", N_("Issue date (print it with | date)"), "2026-11-25" }, \
  { p ".status", N_("Status: draft, issued, sent, paid…"), "issued" }, \
  { p ".notes", N_("Notes printed on the document"), N_("Thank you for your business!") }, \
  { p ".currency", N_("Currency code of the amounts"), "EUR" }, \
  { p ".language", N_("Language of the document: bg or en"), "bg" }, \
  { p ".kind", N_("Kind of document: invoice, credit_note or offer"), "invoice" }, \
  { p ".is_draft", N_("True while the document has no number"), "false" }, \
  { p ".is_invoice", N_("True for an invoice"), "true" }, \
  { p ".is_credit_note", N_("True for a credit note"), "false" }, \
  { p ".is_offer", N_("True for an offer"), "false" }

#define INVOICE_FIELDS(p) \
  { p ".due_date", N_("Due date of the payment"), "2026-12-09" }, \
  { p ".supply_date", N_("Date of the tax event (supply)"), "2026-11-25" }, \
  { p ".supply_place", N_("Place of the supply"), N_("Sofia") }, \
  { p ".payment_url", N_("Link to pay the invoice online"), "https://pay.example.com/i/123" }

static const KtTmplVariable variables[] = {
  { "language", N_("Language of the document: bg or en"), "bg" },
  { "currency", N_("Currency code of the amounts"), "EUR" },

  { "document", N_("The document, whatever its kind"), NULL },
  COMMON_FIELDS ("document"),
  INVOICE_FIELDS ("document"),
  { "document.valid_until", N_("Last day the offer is valid"), "2026-12-09" },

  { "invoice", N_("The invoice (also a credit note)"), NULL },
  COMMON_FIELDS ("invoice"),
  INVOICE_FIELDS ("invoice"),

  { "credit_note", N_("The credit note; empty on other documents"), NULL },
  COMMON_FIELDS ("credit_note"),
  INVOICE_FIELDS ("credit_note"),
  { "credited_invoice", N_("The invoice a credit note corrects"), NULL },
  { "credited_invoice.number", N_("Number of the corrected invoice"), "0000000117" },
  { "credited_invoice.issue_date", N_("Issue date of the corrected invoice"), "2026-11-02" },

  { "offer", N_("The offer; empty on other documents"), NULL },
  COMMON_FIELDS ("offer"),
  { "offer.valid_until", N_("Last day the offer is valid"), "2026-12-09" },

  { "client", N_("The buyer, as written on the document"), NULL },
  { "client.name", N_("Buyer’s name"), N_("Example Trading Ltd") },
  { "client.address", N_("Buyer’s address"), N_("100 Vitosha Blvd, 1000 Sofia, Bulgaria") },
  { "client.eik", N_("Buyer’s EIK (company number)"), "131468980" },
  { "client.vat_number", N_("Buyer’s VAT number"), "BG131468980" },
  { "client.mol", N_("Buyer’s responsible person (MOL)"), N_("Maria Georgieva") },

  { "organization", N_("The seller: your organization"), NULL },
  { "organization.name", N_("Seller’s name"), N_("Kantora Ltd") },
  { "organization.address", N_("Seller’s street address"), N_("15 Graf Ignatiev St, floor 3") },
  { "organization.city", N_("Seller’s city, with its postcode"), N_("1000 Sofia") },
  { "organization.country", N_("Seller’s country"), N_("Bulgaria") },
  { "organization.eik", N_("Seller’s EIK (company number)"), "206123451" },
  { "organization.vat_number", N_("Seller’s VAT number"), "BG206123451" },
  { "organization.mol", N_("Seller’s responsible person (MOL)"), N_("Ivan Petrov") },
  { "organization.iban", N_("Seller’s IBAN"), "BG80BNBG96611020345678" },
  { "organization.bic", N_("Seller’s BIC"), "BNBGBGSF" },
  { "organization.bank_name", N_("Seller’s bank"), N_("Bulgarian National Bank") },

  { "items", N_("The lines, in order: loop over them with {{#items}}…{{/items}}"), NULL },
  { "items.position", N_("Line number: 1, 2, 3…"), "1" },
  { "items.description", N_("What the line sells"), N_("Staff training (a group of up to 8)") },
  { "items.quantity", N_("Quantity, as the document prints it"), "12,5" },
  { "items.unit", N_("Unit of the quantity"), N_("pcs") },
  { "items.unit_price", N_("Unit price in minor units (| money or | number)"), "7500" },
  { "items.discount_rate", N_("Discount in percent; empty without a discount"), "10 %" },
  { "items.vat_rate", N_("VAT rate in percent"), "20 %" },
  { "items.gross", N_("Quantity times unit price, in minor units"), "93750" },
  { "items.discount", N_("Line discount in minor units"), "0" },
  { "items.net", N_("Line amount without VAT, in minor units"), "93750" },
  { "items.tax", N_("Line VAT in minor units"), "18750" },
  { "items.total", N_("Line amount with VAT, in minor units"), "112500" },
  { "items.vat_exemption", N_("Why the line has no VAT"), N_("Art. 21(2) of the Bulgarian VAT Act") },

  { "totals", N_("The document’s totals, computed from its lines"), NULL },
  { "totals.subtotal", N_("Sum of the lines before discounts"), "425760" },
  { "totals.discount", N_("Sum of the discounts"), "14250" },
  { "totals.net", N_("Taxable amount: subtotal less discounts"), "411510" },
  { "totals.tax", N_("VAT"), "80744" },
  { "totals.total", N_("Total with VAT (print it in words with | words)"), "492254" },
  { "totals.paid", N_("Amount paid so far"), "0" },
  { "totals.due", N_("Amount left to pay"), "492254" },
  { "totals.vat", N_("VAT breakdown, one entry per rate: loop over it"), NULL },
  { "totals.vat.rate", N_("VAT rate of the group"), "20 %" },
  { "totals.vat.net", N_("Taxable amount at this rate"), "393510" },
  { "totals.vat.tax", N_("VAT at this rate"), "78702" },
  { "totals.vat.exemption", N_("Why the zero-rate group has no VAT"), N_("Art. 21(2) of the Bulgarian VAT Act") },
  { NULL }
};

const KtTmplVariable *
kt_tmpl_variables (void)
{
  return variables;
}

const KtTmplVariable *
kt_tmpl_variables_lookup (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (const KtTmplVariable *v = variables; v->key != NULL; v++)
    if (strcmp (v->key, key) == 0)
      return v;
  return NULL;
}

const char *
kt_tmpl_variable_get_description (const KtTmplVariable *variable)
{
  g_return_val_if_fail (variable != NULL, NULL);

  return variable->description != NULL ? _(variable->description) : NULL;
}

const char *
kt_tmpl_variable_get_example (const KtTmplVariable *variable)
{
  g_return_val_if_fail (variable != NULL, NULL);

  /* Examples that are digits or codes are not in the catalogue of
   * messages, and gettext gives them back unchanged. */
  return variable->example != NULL ? _(variable->example) : NULL;
}

KtRecord *
kt_tmpl_variable_to_record (const KtTmplVariable *variable)
{
  KtRecord *record;
  const char *description;

  g_return_val_if_fail (variable != NULL, NULL);

  description = kt_tmpl_variable_get_description (variable);
  record = kt_record_new (KT_ENTITY_TEMPLATE_VARIABLE);
  kt_record_set_string (record, "key", variable->key);
  /* The palette shows the description as the label: it is short, and
   * the key itself is shown next to it. */
  kt_record_set_string (record, "label", description != NULL ? description : variable->key);
  kt_record_set_string (record, "description", description);
  kt_record_set_string (record, "example", kt_tmpl_variable_get_example (variable));
  return record;
}
