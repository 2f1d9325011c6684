/* kt-bench-archive.c: the organization archive's figures for tools/bench
 *
 *   kt-bench-archive DIR N_CONTACTS
 *
 * Fills a fresh store in DIR with kantora-gen's data (N contacts, N/10
 * companies, N/5 deals, N/10 invoices, N/5 tasks and activities, seed 1),
 * then times exporting it as an organization ZIP and importing that ZIP
 * into a second, empty store. Prints one "name: value unit" a line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdlib.h>

#include "kt-gen.h"
#include "kt-org-archive.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = NULL;
  g_autoptr(KtStore) target = NULL;
  g_autoptr(GBytes) zip = NULL;
  g_autofree char *path = NULL;
  g_autofree char *target_path = NULL;
  KtGenParams params = { 0 };
  guint n, n_in = 0;
  gint64 start;

  if (argc != 3)
    {
      g_printerr ("usage: %s DIR N_CONTACTS\n", argv[0]);
      return 2;
    }
  n = (guint) strtoul (argv[2], NULL, 10);
  path = g_build_filename (argv[1], "source.db", NULL);
  target_path = g_build_filename (argv[1], "target.db", NULL);

  params.contacts = n;
  params.companies = n / 10;
  params.deals = n / 5;
  params.invoices = n / 10;
  params.tasks = n / 5;
  params.activities = n / 5;
  params.seed = 1;
  if ((store = kt_store_open (path, &error)) == NULL ||
      !kt_gen_fill (store, &params, &error))
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  zip = kt_org_archive_export (store, NULL, NULL, NULL, &error);
  if (zip == NULL)
    g_error ("%s", error->message);
  g_print ("io.archive_export_%u: %.1f ms\n", n, ms_since (start));
  g_print ("io.archive_size_%u: %" G_GSIZE_FORMAT " bytes\n", n, g_bytes_get_size (zip));

  if ((target = kt_store_open (target_path, &error)) == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  if (!kt_org_archive_import (target, zip, &n_in, NULL, &error))
    g_error ("%s", error->message);
  g_print ("io.archive_import_%u: %.1f ms\n", n, ms_since (start));
  g_print ("io.archive_records_%u: %u records\n", n, n_in);
  return 0;
}
