/* kt-invoice.c: invoices, offers, their items, and payments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-invoice"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-company-id.h"
#include "kt-error.h"
#include "kt-invoice.h"
#include "kt-money.h"

#define S KT_FIELD_SEARCHABLE
#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED
#define G KT_FIELD_GUARDED

static const char * const rounding_rules[] = { "per_document", "per_line", NULL };
static const char * const invoice_statuses[] = {
  "draft", "issued", "sent", "partially_paid", "paid", "overdue", "cancelled", NULL
};
static const char * const invoice_kinds[] = { "invoice", "credit_note", NULL };
static const char * const repeat_periods[] = { "month", "quarter", "year", NULL };
static const char * const document_languages[] = { "bg", "en", NULL };
static const char * const offer_statuses[] = {
  "draft", "sent", "accepted", "rejected", "expired", "converted", NULL
};
static const char * const payment_methods[] = {
  "bank_transfer", "card", "cash", "stripe", "other", NULL
};

/* The totals are written by kt_invoice_apply_totals(), never typed. */
#define TOTAL_FIELDS \
  { "subtotal", KT_FIELD_MONEY, 0, N_("Subtotal"), .currency_field = "currency" }, \
  { "discount", KT_FIELD_MONEY, 0, N_("Discount"), .currency_field = "currency" }, \
  { "net", KT_FIELD_MONEY, 0, N_("Net amount"), .currency_field = "currency" }, \
  { "tax", KT_FIELD_MONEY, 0, N_("VAT"), .currency_field = "currency" }, \
  { "total", KT_FIELD_MONEY, O, N_("Total"), .currency_field = "currency" }

#define PARTY_FIELDS \
  { "contact_id", KT_FIELD_REF, I, N_("Contact"), .ref_entity = "contact" }, \
  { "company_id", KT_FIELD_REF, I, N_("Company"), .ref_entity = "company" }, \
  { "deal_id", KT_FIELD_REF, I, N_("Deal"), .ref_entity = "deal" }, \
  { "template_id", KT_FIELD_REF, I, N_("Template"), .ref_entity = "document_template" }

#define CLIENT_FIELDS \
  { "currency", KT_FIELD_CURRENCY, R, N_("Currency"), .default_value = "\"EUR\"" }, \
  { "rounding", KT_FIELD_ENUM, 0, N_("VAT rounding"), .choices = rounding_rules, \
    .default_value = "\"per_document\"" }, \
  { "client_name", KT_FIELD_TEXT, S | O, N_("Client name"), .max_length = 200 }, \
  { "client_address", KT_FIELD_TEXT, 0, N_("Client address"), .max_length = 1000 }, \
  { "client_vat", KT_FIELD_TEXT, S, N_("Client VAT number"), .max_length = 32 }, \
  { "client_eik", KT_FIELD_TEXT, S, N_("Client EIK"), .max_length = 13 }, \
  { "client_mol", KT_FIELD_TEXT, 0, N_("Client’s responsible person"), .max_length = 200 }, \
  { "language", KT_FIELD_ENUM, 0, N_("Document language"), .choices = document_languages, \
    .default_value = "\"bg\"" }

/* The number is empty until the document is issued: the server assigns
 * it, gap-free per organization and kind (docs/money.md, "Numbering").
 * A document without a kind is an invoice. */
static const KtField invoice_fields[] = {
  { "number", KT_FIELD_TEXT, S | O | I | G, N_("Number"), .max_length = 64 },
  { "kind", KT_FIELD_ENUM, I, N_("Kind"), .choices = invoice_kinds,
    .default_value = "\"invoice\"" },
  { "status", KT_FIELD_ENUM, R | I | G, N_("Status"), .choices = invoice_statuses,
    .default_value = "\"draft\"" },
  PARTY_FIELDS,
  { "credited_invoice_id", KT_FIELD_REF, I, N_("Credited invoice"), .ref_entity = "invoice" },
  { "offer_id", KT_FIELD_REF, I, N_("Offer"), .ref_entity = "offer" },
  { "issue_date", KT_FIELD_DATE, R | I | O, N_("Issue date") },
  { "due_date", KT_FIELD_DATE, I | O, N_("Due date") },
  { "supply_date", KT_FIELD_DATE, 0, N_("Date of supply") },
  { "supply_place", KT_FIELD_TEXT, 0, N_("Place of supply"), .max_length = 200 },
  CLIENT_FIELDS,
  TOTAL_FIELDS,
  { "paid_amount", KT_FIELD_MONEY, 0, N_("Amount paid"), .currency_field = "currency" },
  { "credited_amount", KT_FIELD_MONEY, 0, N_("Amount credited"), .currency_field = "currency" },
  { "payment_url", KT_FIELD_URL, 0, N_("Payment link") },
  { "notes", KT_FIELD_TEXT, S, N_("Notes"), .max_length = 20000 },
  { "repeat_every", KT_FIELD_ENUM, I, N_("Repeats every"), .choices = repeat_periods },
  { "repeat_until", KT_FIELD_DATE, 0, N_("Repeats until") },
  { "repeated_from_id", KT_FIELD_REF, I, N_("Repeats invoice"), .ref_entity = "invoice" },
  { NULL }
};

/* Dates are checked as text: valid YYYY-MM-DD strings sort like dates. */
static gboolean
check_date_order (KtRecord    *record,
                  const char  *later_field,
                  const char  *message,
                  GError     **error)
{
  const char *issue = kt_record_get_string (record, "issue_date");
  const char *later = kt_record_get_string (record, later_field);

  if (issue != NULL && later != NULL && *later != '\0' && strcmp (later, issue) < 0)
    {
      kt_record_set_field_error (error, later_field, "%s", message);
      return FALSE;
    }

  return TRUE;
}

/* The client's EIK and VAT number when given: a typo in them makes the
 * document wrong in the eyes of the tax office. */
static gboolean
check_client_ids (KtRecord  *record,
                  GError   **error)
{
  return kt_company_id_check_field (record, "client_eik", kt_eik_validate, error) &&
         kt_company_id_check_field (record, "client_vat", kt_vat_number_validate_lenient, error);
}

static gboolean
validate_invoice (const KtEntity *entity,
                  KtRecord       *record,
                  GError        **error)
{
  if (!check_client_ids (record, error))
    return FALSE;

  if (g_strcmp0 (kt_record_get_string (record, "kind"), "credit_note") == 0 &&
      !kt_record_has (record, "credited_invoice_id"))
    {
      kt_record_set_field_error (error, "credited_invoice_id",
                                 _("A credit note needs the invoice it corrects"));
      return FALSE;
    }

  if (kt_record_has (record, "repeat_every") &&
      g_strcmp0 (kt_record_get_string (record, "kind"), "credit_note") == 0)
    {
      kt_record_set_field_error (error, "repeat_every", _("A credit note cannot repeat"));
      return FALSE;
    }

  return check_date_order (record, "due_date",
                           _("The due date cannot be before the issue date"), error) &&
         check_date_order (record, "repeat_until",
                           _("An invoice cannot stop repeating before its issue date"), error);
}

const KtEntity kt_invoice_entity = {
  .name = "invoice",
  .plural = "invoices",
  .label = N_("Invoice"),
  .flags = KT_ENTITY_SYNCED,
  .fields = invoice_fields,
  .title_fields = "number",
  .default_sort = "-issue_date",
  .validate = validate_invoice,
};

#define ITEM_FIELDS \
  { "position", KT_FIELD_INT, O, N_("Position"), .min = 0, .max = G_MAXINT32 }, \
  { "description", KT_FIELD_TEXT, R | S, N_("Description"), .max_length = 1000 }, \
  { "quantity", KT_FIELD_QUANTITY, R, N_("Quantity"), .min = 0, .max = G_MAXINT64, \
    .default_value = "1000" }, \
  { "unit_price", KT_FIELD_MONEY, R, N_("Unit price") }, \
  { "discount_bps", KT_FIELD_BPS, 0, N_("Discount"), .default_value = "0" }, \
  { "vat_bps", KT_FIELD_BPS, 0, N_("VAT rate"), .default_value = "2000" }, \
  { "unit", KT_FIELD_TEXT, 0, N_("Unit"), .max_length = 32 }, \
  { "vat_exemption", KT_FIELD_TEXT, 0, N_("VAT exemption reason"), .max_length = 500 }

static const KtField invoice_item_fields[] = {
  { "invoice_id", KT_FIELD_REF, R | I, N_("Invoice"), .ref_entity = "invoice" },
  ITEM_FIELDS,
  { "credited_item_id", KT_FIELD_REF, I, N_("Credited line"), .ref_entity = "invoice_item" },
  { NULL }
};

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* A line without VAT must say why (Bulgarian VAT Act, art. 114(1)(12)):
 * the reason is printed on the document. */
static gboolean
validate_item (const KtEntity *entity,
               KtRecord       *record,
               GError        **error)
{
  const char *reason = kt_record_get_string (record, "vat_exemption");

  if (kt_record_has (record, "vat_bps") && kt_record_get_int (record, "vat_bps") == 0 &&
      is_blank (reason))
    {
      kt_record_set_field_error (error, "vat_exemption", "%s",
                                 _("A line without VAT needs the reason it is exempt"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_invoice_item_entity = {
  .name = "invoice_item",
  .plural = "invoice_items",
  .label = N_("Invoice line"),
  .flags = KT_ENTITY_SYNCED | KT_ENTITY_CHILD,
  .fields = invoice_item_fields,
  .parent_field = "invoice_id",
  .title_fields = "description",
  .default_sort = "position",
  .validate = validate_item,
};

static const KtField offer_fields[] = {
  { "number", KT_FIELD_TEXT, S | O | I | G, N_("Number"), .max_length = 64 },
  { "status", KT_FIELD_ENUM, R | I | G, N_("Status"), .choices = offer_statuses,
    .default_value = "\"draft\"" },
  PARTY_FIELDS,
  { "issue_date", KT_FIELD_DATE, R | I | O, N_("Issue date") },
  { "valid_until", KT_FIELD_DATE, I | O, N_("Valid until") },
  CLIENT_FIELDS,
  TOTAL_FIELDS,
  { "converted_invoice_id", KT_FIELD_REF, I, N_("Invoice"), .ref_entity = "invoice" },
  { "notes", KT_FIELD_TEXT, S, N_("Notes"), .max_length = 20000 },
  { NULL }
};

static gboolean
validate_offer (const KtEntity *entity,
                KtRecord       *record,
                GError        **error)
{
  if (!check_client_ids (record, error))
    return FALSE;

  return check_date_order (record, "valid_until",
                           _("An offer cannot expire before its issue date"), error);
}

const KtEntity kt_offer_entity = {
  .name = "offer",
  .plural = "offers",
  .label = N_("Offer"),
  .flags = KT_ENTITY_SYNCED,
  .fields = offer_fields,
  .title_fields = "number",
  .default_sort = "-issue_date",
  .validate = validate_offer,
};

static const KtField offer_item_fields[] = {
  { "offer_id", KT_FIELD_REF, R | I, N_("Offer"), .ref_entity = "offer" },
  ITEM_FIELDS,
  { NULL }
};

const KtEntity kt_offer_item_entity = {
  .name = "offer_item",
  .plural = "offer_items",
  .label = N_("Offer line"),
  .flags = KT_ENTITY_SYNCED | KT_ENTITY_CHILD,
  .fields = offer_item_fields,
  .parent_field = "offer_id",
  .title_fields = "description",
  .default_sort = "position",
  .validate = validate_item,
};

static const KtField payment_fields[] = {
  { "amount", KT_FIELD_MONEY, R | O, N_("Amount"), .currency_field = "currency" },
  { "currency", KT_FIELD_CURRENCY, R, N_("Currency"), .default_value = "\"EUR\"" },
  { "received_at", KT_FIELD_DATETIME, R | I | O, N_("Received") },
  { "method", KT_FIELD_ENUM, I, N_("Method"), .choices = payment_methods },
  { "reference", KT_FIELD_TEXT, S | I, N_("Reference"), .max_length = 200 },
  { "description", KT_FIELD_TEXT, S, N_("Description"), .max_length = 1000 },
  { "bank_reference", KT_FIELD_TEXT, I, N_("Bank reference"), .max_length = 200 },
  { "invoice_id", KT_FIELD_REF, I | G, N_("Invoice"), .ref_entity = "invoice" },
  { "matched", KT_FIELD_BOOL, I, N_("Matched"), .default_value = "false" },
  { "proposed_invoice_id", KT_FIELD_REF, I, N_("Proposed invoice"), .ref_entity = "invoice" },
  { "credit_amount", KT_FIELD_MONEY, 0, N_("Credit left"), .currency_field = "currency" },
  { "contact_id", KT_FIELD_REF, I, N_("Contact"), .ref_entity = "contact" },
  { "company_id", KT_FIELD_REF, I, N_("Company"), .ref_entity = "company" },
  { "payer_iban", KT_FIELD_TEXT, 0, N_("Payer IBAN"), .max_length = 34 },
  { "stripe_payment_id", KT_FIELD_TEXT, I, N_("Stripe payment"), .max_length = 255 },
  { "payer_name", KT_FIELD_TEXT, S | O, N_("Payer"), .max_length = 200 },
  { "notes", KT_FIELD_TEXT, S, N_("Notes"), .max_length = 20000 },
  { NULL }
};

static gboolean
validate_payment (const KtEntity *entity,
                  KtRecord       *record,
                  GError        **error)
{
  if (kt_record_get_int (record, "amount") <= 0)
    {
      kt_record_set_field_error (error, "amount", _("A payment amount must be more than zero"));
      return FALSE;
    }

  if (kt_record_get_bool (record, "matched") && !kt_record_has (record, "invoice_id"))
    {
      kt_record_set_field_error (error, "invoice_id",
                                 _("A matched payment needs its invoice"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_payment_entity = {
  .name = "payment",
  .plural = "payments",
  .label = N_("Payment"),
  .flags = KT_ENTITY_SYNCED,
  .fields = payment_fields,
  .title_fields = "payer_name,reference",
  .default_sort = "-received_at",
  .validate = validate_payment,
};

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  KtRecord *ra = *(KtRecord * const *) a;
  KtRecord *rb = *(KtRecord * const *) b;
  gint64 pa = kt_record_get_int (ra, "position");
  gint64 pb = kt_record_get_int (rb, "position");

  return (pa > pb) - (pa < pb);
}

/**
 * kt_invoice_compute_totals:
 * @doc: an invoice or offer
 * @items: (element-type KtRecord): its items
 * @out: (out caller-allocates): the totals (clear with
 *   kt_document_totals_clear())
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success.
 */
gboolean
kt_invoice_compute_totals (KtRecord          *doc,
                           GPtrArray         *items,
                           KtDocumentTotals  *out,
                           GError           **error)
{
  const KtEntity *doc_entity;
  const KtEntity *item_entity;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autofree KtLineInput *lines = NULL;
  KtRoundingRule rule;

  g_return_val_if_fail (KT_IS_RECORD (doc), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  doc_entity = kt_record_get_entity (doc);
  g_return_val_if_fail (doc_entity == KT_ENTITY_INVOICE || doc_entity == KT_ENTITY_OFFER, FALSE);
  item_entity = doc_entity == KT_ENTITY_INVOICE ? KT_ENTITY_INVOICE_ITEM : KT_ENTITY_OFFER_ITEM;

  rule = g_strcmp0 (kt_record_get_string (doc, "rounding"), "per_line") == 0
    ? KT_ROUNDING_PER_LINE : KT_ROUNDING_PER_DOCUMENT;

  sorted = g_ptr_array_new ();
  for (guint i = 0; i < items->len; i++)
    {
      KtRecord *item = g_ptr_array_index (items, i);

      g_return_val_if_fail (KT_IS_RECORD (item), FALSE);
      g_return_val_if_fail (kt_record_get_entity (item) == item_entity, FALSE);

      if (!kt_record_get_deleted (item))
        g_ptr_array_add (sorted, item);
    }
  /* g_ptr_array_sort is not stable; equal positions keep no promised
   * order, which changes only the line numbers in messages. */
  g_ptr_array_sort (sorted, compare_positions);

  lines = g_new0 (KtLineInput, MAX (sorted->len, 1));
  for (guint i = 0; i < sorted->len; i++)
    {
      KtRecord *item = g_ptr_array_index (sorted, i);
      gint64 discount = kt_record_get_int (item, "discount_bps");
      gint64 vat = kt_record_get_int (item, "vat_bps");

      lines[i].quantity = kt_record_get_int (item, "quantity");
      lines[i].unit_price = kt_record_get_int (item, "unit_price");
      /* Out-of-range rates are clamped to -1 so kt_totals_document() reports
       * them with the line number instead of wrapping in the gint32. */
      lines[i].discount_bps = (discount >= 0 && discount <= KT_BPS_SCALE) ? (gint32) discount : -1;
      lines[i].vat_bps = (vat >= 0 && vat <= KT_BPS_SCALE) ? (gint32) vat : -1;
    }

  return kt_totals_document (lines, sorted->len, rule, out, error);
}

/**
 * kt_invoice_apply_totals:
 * @doc: an invoice or offer
 * @items: (element-type KtRecord): its items
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the totals were computed and set.
 */
gboolean
kt_invoice_apply_totals (KtRecord   *doc,
                         GPtrArray  *items,
                         GError    **error)
{
  KtDocumentTotals totals;

  g_return_val_if_fail (KT_IS_RECORD (doc), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kt_invoice_compute_totals (doc, items, &totals, error))
    return FALSE;

  kt_record_set_int (doc, "subtotal", totals.subtotal);
  kt_record_set_int (doc, "discount", totals.discount);
  kt_record_set_int (doc, "net", totals.net);
  kt_record_set_int (doc, "tax", totals.tax);
  kt_record_set_int (doc, "total", totals.total);

  kt_document_totals_clear (&totals);
  return TRUE;
}

/**
 * kt_invoice_open_amount:
 * @invoice: an invoice
 *
 * What the client still owes: the total less the payments applied and the
 * credit notes issued against it. Negative when more was paid than owed.
 *
 * Returns: the open amount in minor units of the invoice's currency
 */
gint64
kt_invoice_open_amount (KtRecord *invoice)
{
  gint64 open;

  g_return_val_if_fail (KT_IS_RECORD (invoice), 0);

  /* Each stored amount fits in 64 bits; their difference might not. */
  if (__builtin_sub_overflow (kt_record_get_int (invoice, "total"),
                              kt_record_get_int (invoice, "paid_amount"), &open) ||
      __builtin_sub_overflow (open, kt_record_get_int (invoice, "credited_amount"), &open))
    return G_MININT64;

  return open;
}

/**
 * kt_invoice_settle_status:
 * @invoice: an invoice whose paid_amount and credited_amount are current
 *
 * Sets the status an issued invoice's amounts call for: paid when nothing
 * is open, partially paid when something was paid or credited, and back
 * to sent when every payment was unmatched again (an invoice somebody paid
 * had reached them). Overdue stays overdue until it is paid; marking by
 * date is the daily job's. Drafts, cancelled invoices and statuses this
 * does not know are left alone. The client and the server both call it,
 * so an unmatch offline and the server's recount agree.
 *
 * Returns: %TRUE if the status changed
 */
gboolean
kt_invoice_settle_status (KtRecord *invoice)
{
  static const char * const settled[] = { "issued", "sent", "overdue", "partially_paid", "paid", NULL };
  const char *status;
  const char *next;

  g_return_val_if_fail (KT_IS_RECORD (invoice), FALSE);

  status = kt_record_get_string (invoice, "status");
  if (status == NULL || !g_strv_contains (settled, status))
    return FALSE;

  if (kt_record_get_int (invoice, "paid_amount") == 0 &&
      kt_record_get_int (invoice, "credited_amount") == 0)
    next = g_str_equal (status, "partially_paid") || g_str_equal (status, "paid") ? "sent" : status;
  else if (kt_invoice_open_amount (invoice) <= 0)
    next = "paid";
  else if (g_str_equal (status, "overdue"))
    next = status;
  else
    next = "partially_paid";

  if (g_str_equal (next, status))
    return FALSE;
  kt_record_set_string (invoice, "status", next);
  return TRUE;
}
