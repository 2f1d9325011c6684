/* kt-bench-tmpl.c: the template language's speed (tools/bench tmpl)
 *
 * Expands a one-page invoice template (every block of the classic page as
 * template text: titles, parties, the items table, the VAT breakdown,
 * totals, the amount in words, payment, signatures) over the 10-line
 * sample invoice's context, as the studio's preview and the PDF route
 * will. Prints "name: value unit" lines, by the wall clock and per
 * second of the process's CPU time (the machine is shared). Not a test:
 * it asserts nothing about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <time.h>

#include "kantora-shared.h"
#include "kt-document-sample.h"

#define SECONDS 1.0

static const char invoice_template[] =
  "<span size=\"x-large\" weight=\"bold\">"
  "{{#document.is_credit_note}}КРЕДИТНО ИЗВЕСТИЕ{{/document.is_credit_note}}"
  "{{^document.is_credit_note}}ФАКТУРА{{/document.is_credit_note}}</span>\n"
  "№ {{invoice.number | default:\"Чернова\"}} · ОРИГИНАЛ\n"
  "Дата на издаване: {{invoice.issue_date | date}}"
  "{{#invoice.supply_date}} · Дата на данъчното събитие: {{invoice.supply_date | date}}{{/invoice.supply_date}}"
  "{{#invoice.supply_place}} · Място на сделката: {{.}}{{/invoice.supply_place}}"
  "{{#invoice.due_date}} · Падеж: {{invoice.due_date | date}}{{/invoice.due_date}}\n"
  "<b>Доставчик</b>\n{{organization.name}}\n{{organization.address}}, {{organization.city}}, "
  "{{organization.country}}\nЕИК: {{organization.eik}}"
  "{{#organization.vat_number}} · ДДС №: {{.}}{{/organization.vat_number}}\n"
  "МОЛ: {{organization.mol | default:\"—\"}}\n"
  "<b>Получател</b>\n{{client.name}}\n{{client.address}}\n"
  "{{#client.eik}}ЕИК: {{.}}{{/client.eik}}{{#client.vat_number}} · ДДС №: {{.}}{{/client.vat_number}}\n"
  "МОЛ: {{client.mol | default:\"—\"}}\n"
  "№\tОписание\tК-во\tМярка\tЕд. цена, {{currency}}\tОтстъпка\tДДС\tСтойност, {{currency}}\n"
  "{{#items}}{{@number}}\t{{description}}\t{{quantity}}\t{{unit | default:\"бр.\"}}\t"
  "{{unit_price | number}}\t{{discount_rate | default:\"\"}}\t{{vat_rate}}\t{{net | number}}\n{{/items}}"
  "<b>Разбивка на ДДС</b>\n"
  "{{#totals.vat}}{{rate}}\t{{net | money}}\t{{tax | money}}"
  "{{#exemption}}\nОснование за неначисляване на ДДС: {{.}}{{/exemption}}\n{{/totals.vat}}"
  "Сума: {{totals.subtotal | money}}\n"
  "{{#totals.discount}}Отстъпка: {{totals.discount | money}}\n{{/totals.discount}}"
  "Данъчна основа: {{totals.net | money}}\nДДС: {{totals.tax | money}}\n"
  "<b>Сума за плащане: {{totals.total | money}}</b>\n"
  "Словом: {{totals.total | words}}\n"
  "По банков път, IBAN {{organization.iban}}, BIC {{organization.bic}}, {{organization.bank_name}}\n"
  "{{#invoice.notes}}{{invoice.notes}}\n{{/invoice.notes}}"
  "Получател: ______________ ({{client.mol}})\tСъставител: ______________ ({{organization.mol}})\n";

static double
cpu_seconds (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int
main (int argc, char **argv)
{
  KtDocumentSample sample;
  g_autoptr(JsonObject) context = NULL;
  g_autoptr(KtTmpl) tmpl = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *first = NULL;
  guint64 n = 0;
  double cpu0;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
  context = kt_tmpl_context_new (sample.document, sample.items, sample.seller, NULL, NULL, NULL);
  g_assert (context != NULL);
  tmpl = kt_tmpl_parse (invoice_template, -1, kt_tmpl_variables (), &errors);
  if (tmpl == NULL)
    g_error ("the invoice template: %s", ((KtTmplError *) errors->pdata[0])->message);
  first = kt_tmpl_render (tmpl, context, NULL, NULL);
  g_assert (first != NULL);

  /* Expanding the parsed template: what every keystroke's preview and
   * every PDF costs. */
  timer = g_timer_new ();
  cpu0 = cpu_seconds ();
  do
    {
      for (guint i = 0; i < 100; i++)
        g_free (kt_tmpl_render (tmpl, context, NULL, NULL));
      n += 100;
    }
  while (g_timer_elapsed (timer, NULL) < SECONDS);
  g_print ("expansions_per_s: %.0f /s\n", n / g_timer_elapsed (timer, NULL));
  g_print ("expansions_per_cpu_s: %.0f /s\n", n / (cpu_seconds () - cpu0));

  /* Parsing with the catalogue, and building the context from the
   * records: the rest of a preview's template work. */
  n = 0;
  g_timer_start (timer);
  cpu0 = cpu_seconds ();
  do
    {
      for (guint i = 0; i < 100; i++)
        kt_tmpl_free (kt_tmpl_parse (invoice_template, -1, kt_tmpl_variables (), NULL));
      n += 100;
    }
  while (g_timer_elapsed (timer, NULL) < SECONDS);
  g_print ("parses_per_cpu_s: %.0f /s\n", n / (cpu_seconds () - cpu0));

  n = 0;
  g_timer_start (timer);
  cpu0 = cpu_seconds ();
  do
    {
      for (guint i = 0; i < 100; i++)
        json_object_unref (kt_tmpl_context_new (sample.document, sample.items, sample.seller,
                                                NULL, NULL, NULL));
      n += 100;
    }
  while (g_timer_elapsed (timer, NULL) < SECONDS);
  g_print ("contexts_per_cpu_s: %.0f /s\n", n / (cpu_seconds () - cpu0));
  g_print ("output_bytes: %" G_GSIZE_FORMAT " bytes\n", strlen (first));

  kt_document_sample_clear (&sample);
  return 0;
}
