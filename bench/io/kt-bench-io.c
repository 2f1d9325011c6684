/* kt-bench-io.c: import and export figures for tools/bench
 *
 *   kt-bench-io DIR N_CONTACTS
 *
 * Writes a CSV of N contacts (names, email, phone, one of N/50 company
 * names, notes with a quoted comma) into DIR, then times parsing it,
 * checking every row, committing the valid ones in one transaction into a
 * fresh store, and exporting them again as CSV and vCard 4.0. Prints one
 * "name: value unit" a line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdlib.h>

#include "kt-export.h"
#include "kt-import.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("\xEF\xBB\xBF" "Име;Фамилия;Имейл;Телефон;Фирма;Бележки\r\n");
  g_autoptr(KtStore) store = NULL;
  g_autoptr(KtCsvTable) table = NULL;
  g_autoptr(KtImport) import = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *text = NULL;
  guint n, n_out = 0;
  gint64 start;

  if (argc != 3)
    {
      g_printerr ("usage: %s DIR N_CONTACTS\n", argv[0]);
      return 2;
    }
  n = (guint) strtoul (argv[2], NULL, 10);
  store_path = g_build_filename (argv[1], "bench-io.db", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "Иван%u;Петров%u;ivan%u@example.com;+359 88 %03u %04u;"
                            "Фирма %u ООД;\"Бележка, номер %u\"\r\n",
                            i, i, i, i % 1000, i % 10000, i % MAX (n / 50, 1), i);

  store = kt_store_open (store_path, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  table = kt_csv_parse (csv->str, csv->len, 0, &error);
  g_assert_no_error (error);
  g_print ("io.csv_parse_%u: %.1f ms\n", n, ms_since (start));

  start = g_get_monotonic_time ();
  import = kt_import_new_csv (store, kt_entity_lookup ("contact"), table);
  g_assert_true (kt_import_prepare (import, &error));
  g_assert_cmpuint (kt_import_get_n_valid (import), ==, n);
  g_print ("io.import_check_%u: %.1f ms\n", n, ms_since (start));

  start = g_get_monotonic_time ();
  g_assert_true (kt_import_commit (import, &error));
  g_assert_no_error (error);
  g_print ("io.import_commit_%u: %.1f ms\n", n, ms_since (start));

  start = g_get_monotonic_time ();
  text = kt_export_csv_text (store, kt_entity_lookup ("contact"), &n_out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_out, ==, n);
  g_print ("io.export_csv_%u: %.1f ms\n", n, ms_since (start));
  g_clear_pointer (&text, g_free);

  start = g_get_monotonic_time ();
  text = kt_export_vcard_text (store, KT_VCARD_VERSION_4_0, &n_out, &error);
  g_assert_no_error (error);
  g_print ("io.export_vcard_%u: %.1f ms\n", n, ms_since (start));

  return 0;
}
