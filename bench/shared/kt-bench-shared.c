/* kt-bench-shared.c: throughput of the shared library's hot paths
 *
 * Prints one figure a line, "name: value unit"; `tools/bench shared` runs
 * it five times and prints the medians as "shared.<name>", which
 * docs/performance.md records. Not a test: it asserts nothing about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

#define SECONDS 0.3

typedef void (*BenchFunc) (gpointer data);

/* Runs @func for about SECONDS and prints its rate in operations/s. */
static void
bench (const char *name,
       BenchFunc   func,
       gpointer    data)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  guint64 n = 0;

  do
    {
      for (guint i = 0; i < 100; i++)
        func (data);
      n += 100;
    }
  while (g_timer_elapsed (timer, NULL) < SECONDS);

  g_print ("%s: %.0f ops/s\n", name, n / g_timer_elapsed (timer, NULL));
}

static void
do_uuid (gpointer data)
{
  g_free (kt_uuid_new ());
}

static void
do_hlc_tick (gpointer data)
{
  g_free (kt_hlc_tick (data));
}

static void
do_encode (gpointer data)
{
  g_free (kt_record_to_json_string (data, KT_JSON_CLOCKS));
}

static void
do_decode (gpointer data)
{
  g_autoptr(KtRecord) record = kt_record_from_json_string (KT_ENTITY_CONTACT, data, NULL);

  g_assert (record != NULL);
}

static void
do_validate (gpointer data)
{
  gboolean ok = kt_record_validate (data, NULL);

  g_assert (ok);
}

static void
do_totals (gpointer data)
{
  KtDocumentTotals totals;
  gboolean ok = kt_totals_document (data, 100, KT_ROUNDING_PER_DOCUMENT, &totals, NULL);

  g_assert (ok);
  kt_document_totals_clear (&totals);
}

static void
do_money_parse (gpointer data)
{
  gint64 minor;
  gboolean ok = kt_money_parse ("1 234 567,89", "BGN", ',', &minor, NULL);

  g_assert (ok);
}

static void
do_money_format (gpointer data)
{
  g_free (kt_money_format (123456789, "BGN", "bg"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KtHlc) clock = kt_hlc_new (NULL);
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  const char *tags[] = { "vip", "Пловдив", NULL };
  g_autofree char *json = NULL;
  KtLineInput lines[100];

  kt_record_set_string (contact, "first_name", "Иван");
  kt_record_set_string (contact, "last_name", "Петров");
  kt_record_set_string (contact, "email", "ivan.petrov@example.bg");
  kt_record_set_string (contact, "phone", "+359 88 123 4567");
  kt_record_set_string (contact, "city", "Пловдив");
  kt_record_set_string (contact, "website", "https://example.bg");
  kt_record_set_string (contact, "birthday", "1980-02-29");
  kt_record_set_tags (contact, "tags", tags);
  kt_record_set_string (contact, "notes", "Met at the Sofia trade fair; wants a quote for 40 seats.");
  kt_record_stamp (contact, NULL, "2026-11-25T18:04:30.123Z-0001-00000000000000aa");
  json = kt_record_to_json_string (contact, KT_JSON_CLOCKS);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    lines[i] = (KtLineInput) { 1000 + i * 250, 1999 + i * 37, (i % 4) * 500, i % 3 == 0 ? 900 : 2000 };

  bench ("uuid_new", do_uuid, NULL);
  bench ("hlc_tick", do_hlc_tick, clock);
  bench ("contact_to_json", do_encode, contact);
  bench ("contact_from_json", do_decode, json);
  bench ("contact_validate", do_validate, contact);
  bench ("totals_100_lines", do_totals, lines);
  bench ("money_parse", do_money_parse, NULL);
  bench ("money_format", do_money_format, NULL);

  return 0;
}
