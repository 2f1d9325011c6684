/* kt-document-layout.c: the built-in "classic" layout
 *
 * The labels are the document's words, not the program's: an invoice in
 * Bulgarian reads the same whatever language the person who prints it
 * uses, so they are data here rather than gettext messages, and the
 * template studio will edit them as such.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-document-layout"

#include "config.h"

#include "kt-document-layout.h"

/* A4 in points, 15 mm side margins. */
#define A4_WIDTH 595.276
#define A4_HEIGHT 841.890
#define MM(x) ((x) * 72.0 / 25.4)

static const KtDocumentColumn classic_columns[] = {
  { KT_DOCUMENT_COLUMN_POSITION, 20, PANGO_ALIGN_RIGHT },
  { KT_DOCUMENT_COLUMN_DESCRIPTION, 0, PANGO_ALIGN_LEFT },
  { KT_DOCUMENT_COLUMN_QUANTITY, 40, PANGO_ALIGN_RIGHT },
  { KT_DOCUMENT_COLUMN_UNIT, 38, PANGO_ALIGN_LEFT },
  { KT_DOCUMENT_COLUMN_UNIT_PRICE, 56, PANGO_ALIGN_RIGHT },
  { KT_DOCUMENT_COLUMN_DISCOUNT, 36, PANGO_ALIGN_RIGHT },
  { KT_DOCUMENT_COLUMN_VAT, 32, PANGO_ALIGN_RIGHT },
  { KT_DOCUMENT_COLUMN_AMOUNT, 64, PANGO_ALIGN_RIGHT },
};

static const KtDocumentLabels classic_labels[] = {
  {
    .lang = "bg",
    .invoice = "ФАКТУРА",
    .credit_note = "КРЕДИТНО ИЗВЕСТИЕ",
    .offer = "ОФЕРТА",
    .number_sign = "№",
    .draft = "Чернова",
    .original = "ОРИГИНАЛ",
    .copy = "КОПИЕ",
    .issue_date = "Дата на издаване",
    .supply_date = "Дата на данъчно събитие",
    .supply_place = "Място на сделката",
    .due_date = "Срок за плащане",
    .valid_until = "Валидна до",
    .credits_invoice = "към фактура № {number} от {date}",
    .seller = "Доставчик",
    .buyer = "Получател",
    .address = "Адрес",
    .eik = "ЕИК",
    .vat_number = "ДДС №",
    .mol = "МОЛ",
    .iban = "IBAN",
    .bic = "BIC",
    .bank = "Банка",
    .col_position = "№",
    .col_description = "Описание на стоката / услугата",
    .col_quantity = "Кол.",
    .col_unit = "Мярка",
    .col_unit_price = "Ед. цена",
    .col_discount = "Отст.",
    .col_vat = "ДДС",
    .col_amount = "Стойност",
    .vat_breakdown = "ДДС по ставки",
    .vat_base = "Данъчна основа",
    .vat_rate = "Ставка",
    .vat_amount = "ДДС",
    .vat_exemption = "Основание за неначисляване на ДДС",
    .subtotal = "Сума",
    .discount = "Отстъпка",
    .net = "Данъчна основа",
    .vat = "ДДС",
    .total_invoice = "Сума за плащане",
    .total_other = "Общо",
    .in_words = "Словом",
    .payment = "Плащане",
    .bank_transfer = "По банков път",
    .scan_to_pay = "Сканирайте, за да платите",
    .notes = "Забележки",
    .received_by = "Получател",
    .issued_by = "Съставител",
    .signature = "(име, подпис)",
    .page_of = "Страница {page} от {pages}",
    .continued = "продължение",
    .year_suffix = "\u00a0г.",
  },
  {
    .lang = "en",
    .invoice = "INVOICE",
    .credit_note = "CREDIT NOTE",
    .offer = "OFFER",
    .number_sign = "No.",
    .draft = "Draft",
    .original = "ORIGINAL",
    .copy = "COPY",
    .issue_date = "Issue date",
    .supply_date = "Date of supply",
    .supply_place = "Place of supply",
    .due_date = "Due date",
    .valid_until = "Valid until",
    .credits_invoice = "to invoice No. {number} of {date}",
    .seller = "Seller",
    .buyer = "Buyer",
    .address = "Address",
    .eik = "Company ID (EIK)",
    .vat_number = "VAT No.",
    .mol = "Represented by",
    .iban = "IBAN",
    .bic = "BIC",
    .bank = "Bank",
    .col_position = "No.",
    .col_description = "Description",
    .col_quantity = "Qty",
    .col_unit = "Unit",
    .col_unit_price = "Unit price",
    .col_discount = "Disc.",
    .col_vat = "VAT",
    .col_amount = "Amount",
    .vat_breakdown = "VAT breakdown",
    .vat_base = "Taxable amount",
    .vat_rate = "Rate",
    .vat_amount = "VAT",
    .vat_exemption = "Reason for no VAT",
    .subtotal = "Subtotal",
    .discount = "Discount",
    .net = "Net amount",
    .vat = "VAT",
    .total_invoice = "Amount due",
    .total_other = "Total",
    .in_words = "In words",
    .payment = "Payment",
    .bank_transfer = "Bank transfer",
    .scan_to_pay = "Scan to pay",
    .notes = "Notes",
    .received_by = "Received by",
    .issued_by = "Issued by",
    .signature = "(name, signature)",
    .page_of = "Page {page} of {pages}",
    .continued = "continued",
    .months = { "January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December" },
  },
  { NULL }
};

static const KtDocumentLayout classic = {
  .name = "classic",
  .page_width = A4_WIDTH,
  .page_height = A4_HEIGHT,
  .margin_top = MM (14),
  .margin_right = MM (15),
  .margin_bottom = MM (16),
  .margin_left = MM (15),
  .font_family = "DejaVu Sans",
  .font_size = 8.5,
  .small_size = 7.5,
  .title_size = 20,
  .total_size = 11,
  .text_color = 0x1c2430,
  .muted_color = 0x5f6b7a,
  .accent_color = 0x1f4e79,
  .rule_color = 0xc5ccd6,
  .fill_color = 0xe9eef4,
  .stripe_color = 0xf6f8fa,
  .logo_width = MM (55),
  .logo_height = MM (17),
  .qr_size = MM (29),
  .columns = classic_columns,
  .n_columns = G_N_ELEMENTS (classic_columns),
  .labels = classic_labels,
};

const KtDocumentLayout *
kt_document_layout_classic (void)
{
  return &classic;
}

const KtDocumentLabels *
kt_document_layout_get_labels (const KtDocumentLayout *layout,
                               const char             *lang)
{
  g_return_val_if_fail (layout != NULL && layout->labels != NULL, NULL);

  for (const KtDocumentLabels *l = layout->labels; l->lang != NULL; l++)
    if (lang != NULL && g_str_has_prefix (lang, l->lang))
      return l;
  return &layout->labels[0];
}
