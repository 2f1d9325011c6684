/* kt-document-sample.c: a sample document for previews, tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-document-sample"

#include "config.h"

#include <string.h>
#include <cairo.h>

#include "kt-document-sample.h"
#include "kt-invoice.h"

typedef struct {
  const char *bg, *en;
  const char *unit_bg, *unit_en;
  gint64      quantity;        /* thousandths */
  gint64      unit_price;      /* cents */
  gint64      discount_bps;
  gint64      vat_bps;
} SampleLine;

static const SampleLine lines[] = {
  { "Внедряване на CRM система: анализ на процесите и настройка",
    "CRM implementation: process analysis and configuration",
    "ч", "h", 12500, 7500, 0, 2000 },
  { "Лиценз Kantora Team, 12 месеца, за един потребител",
    "Kantora Team licence, 12 months, one user",
    "бр.", "pcs", 5000, 24000, 1000, 2000 },
  { "Обучение на служители (група до 8 души)",
    "Staff training (a group of up to 8)",
    "ден", "day", 1000, 60000, 0, 2000 },
  { "Пренос на данни от стара система (контакти, сделки, фактури)",
    "Data migration from the old system (contacts, deals, invoices)",
    "бр.", "pcs", 1000, 45000, 500, 2000 },
  { "Хотелско настаняване на консултант, 2 нощувки",
    "Hotel accommodation for the consultant, 2 nights",
    "нощ.", "night", 2000, 8900, 0, 900 },
  { "Поддръжка и актуализации, месечен абонамент",
    "Support and updates, monthly subscription",
    "мес.", "month", 3000, 4990, 0, 2000 },
  { "Консултация от разстояние за клиент в ЕС",
    "Remote consulting for an EU client",
    "ч", "h", 2250, 8000, 0, 0 },
  { "Настройка на шаблони за фактури и оферти",
    "Invoice and offer template set-up",
    "бр.", "pcs", 2000, 12000, 0, 2000 },
  { "Интеграция с банкови извлечения (CAMT.053)",
    "Bank statement integration (CAMT.053)",
    "бр.", "pcs", 1000, 35000, 0, 2000 },
  { "Пътни разходи, София – Пловдив – София",
    "Travel, Sofia – Plovdiv – Sofia",
    "км", "km", 290500, 45, 0, 2000 },
};

/* Sets @field when the entity has it: the sample runs on schemas from
 * before and after the document fields came. */
static void
set_string (KtRecord   *record,
            const char *field,
            const char *value)
{
  if (kt_entity_get_field (kt_record_get_entity (record), field) != NULL)
    kt_record_set_string (record, field, value);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A small logo: a blue rounded square with a white "K", as a data URI. */
static char *
sample_logo (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 80);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autofree char *b64 = NULL;

  cairo_set_source_rgb (cr, 0.12, 0.31, 0.47);
  cairo_new_sub_path (cr);
  cairo_arc (cr, 68, 12, 12, -G_PI / 2, 0);
  cairo_arc (cr, 68, 68, 12, 0, G_PI / 2);
  cairo_arc (cr, 12, 68, 12, G_PI / 2, G_PI);
  cairo_arc (cr, 12, 12, 12, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 9);
  cairo_move_to (cr, 28, 18);
  cairo_line_to (cr, 28, 62);
  cairo_move_to (cr, 56, 18);
  cairo_line_to (cr, 32, 40);
  cairo_line_to (cr, 56, 62);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.12, 0.31, 0.47);
  cairo_rectangle (cr, 96, 30, 130, 8);
  cairo_rectangle (cr, 96, 46, 90, 6);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);

  b64 = g_base64_encode (png->data, png->len);
  return g_strconcat ("data:image/png;base64,", b64, NULL);
}

static JsonObject *
sample_seller (gboolean bg)
{
  JsonObject *org = json_object_new ();
  g_autofree char *logo = sample_logo ();

  json_object_set_string_member (org, "name", bg ? "Кантора ООД" : "Kantora Ltd");
  json_object_set_string_member (org, "address",
                                 bg ? "ул. „Граф Игнатиев“ 15, ет. 3"
                                    : "15 Graf Ignatiev St, floor 3");
  json_object_set_string_member (org, "city", bg ? "1000 София" : "1000 Sofia");
  json_object_set_string_member (org, "country", bg ? "България" : "Bulgaria");
  json_object_set_string_member (org, "eik", "206123451");
  json_object_set_string_member (org, "vat_number", "BG206123451");
  json_object_set_string_member (org, "mol", bg ? "Иван Петров" : "Ivan Petrov");
  json_object_set_string_member (org, "iban", "BG80BNBG96611020345678");
  json_object_set_string_member (org, "bic", "BNBGBGSF");
  json_object_set_string_member (org, "bank_name", bg ? "Българска народна банка"
                                                      : "Bulgarian National Bank");
  json_object_set_string_member (org, "logo", logo);
  return org;
}

static KtRecord *
sample_document (KtDocumentKind kind,
                 gboolean       bg)
{
  gboolean offer = kind == KT_DOCUMENT_KIND_OFFER;
  KtRecord *doc = kt_record_new (offer ? KT_ENTITY_OFFER : KT_ENTITY_INVOICE);

  kt_record_set_string (doc, "number", kind == KT_DOCUMENT_KIND_CREDIT_NOTE ? "0000000131"
                                       : offer ? "0000000045" : "0000000123");
  kt_record_set_string (doc, "issue_date", "2026-11-25");
  kt_record_set_string (doc, "currency", "EUR");
  kt_record_set_string (doc, offer ? "valid_until" : "due_date", "2026-12-09");
  kt_record_set_string (doc, "client_name", bg ? "Примерна Търговия ЕООД" : "Example Trading Ltd");
  kt_record_set_string (doc, "client_address",
                        bg ? "бул. „Витоша“ 100, 1000 София, България"
                           : "100 Vitosha Blvd, 1000 Sofia, Bulgaria");
  kt_record_set_string (doc, "client_vat", "BG131468980");
  set_string (doc, "client_eik", "131468980");
  set_string (doc, "client_mol", bg ? "Мария Георгиева" : "Maria Georgieva");
  set_string (doc, "language", bg ? "bg" : "en");
  set_string (doc, "supply_date", "2026-11-25");
  set_string (doc, "supply_place", bg ? "София" : "Sofia");
  if (kind == KT_DOCUMENT_KIND_CREDIT_NOTE)
    set_string (doc, "kind", "credit_note");
  kt_record_set_string (doc, "notes",
                        bg ? "Благодарим ви за доверието!\n"
                             "Моля, посочете номера на фактурата като основание за плащане."
                           : "Thank you for your business!\n"
                             "Please quote the invoice number with your payment.");
  return doc;
}

void
kt_document_sample_init (KtDocumentSample *sample,
                         KtDocumentKind    kind,
                         const char       *lang,
                         guint             n_lines)
{
  gboolean bg = lang == NULL || !g_str_has_prefix (lang, "en");
  gboolean offer = kind == KT_DOCUMENT_KIND_OFFER;

  memset (sample, 0, sizeof *sample);
  sample->document = sample_document (kind, bg);
  sample->seller = sample_seller (bg);
  sample->items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_lines; i++)
    {
      const SampleLine *l = &lines[i % G_N_ELEMENTS (lines)];
      KtRecord *item = kt_record_new (offer ? KT_ENTITY_OFFER_ITEM : KT_ENTITY_INVOICE_ITEM);

      kt_record_set_string (item, offer ? "offer_id" : "invoice_id",
                            kt_record_get_id (sample->document));
      kt_record_set_int (item, "position", i + 1);
      kt_record_set_string (item, "description", bg ? l->bg : l->en);
      kt_record_set_string (item, "unit", bg ? l->unit_bg : l->unit_en);
      kt_record_set_int (item, "quantity", l->quantity);
      kt_record_set_int (item, "unit_price", l->unit_price);
      kt_record_set_int (item, "discount_bps", l->discount_bps);
      kt_record_set_int (item, "vat_bps", l->vat_bps);
      if (l->vat_bps == 0)
        set_string (item, "vat_exemption", bg ? "чл. 21, ал. 2 от ЗДДС"
                                              : "Art. 21(2) of the Bulgarian VAT Act");
      g_ptr_array_add (sample->items, item);
    }
  kt_invoice_apply_totals (sample->document, sample->items, NULL);

  if (kind == KT_DOCUMENT_KIND_CREDIT_NOTE)
    {
      sample->credited_invoice = sample_document (KT_DOCUMENT_KIND_INVOICE, bg);
      kt_record_set_string (sample->credited_invoice, "issue_date", "2026-11-02");
      kt_record_set_string (sample->credited_invoice, "number", "0000000117");
    }
}

void
kt_document_sample_clear (KtDocumentSample *sample)
{
  g_clear_object (&sample->document);
  g_clear_pointer (&sample->items, g_ptr_array_unref);
  g_clear_pointer (&sample->seller, json_object_unref);
  g_clear_object (&sample->credited_invoice);
}

void
kt_document_sample_source (KtDocumentSample *sample,
                           KtDocumentSource *source)
{
  memset (source, 0, sizeof *source);
  source->document = sample->document;
  source->items = sample->items;
  source->seller = sample->seller;
  source->credited_invoice = sample->credited_invoice;
}
