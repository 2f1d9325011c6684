/* kantora-gen.c: fills a store with demo data
 *
 *   kantora-gen --store PATH --contacts N --companies N --deals N
 *               --invoices N --tasks N --activities N --seed S
 *               [--lang bg|en|mixed] [--now ISO8601]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora-gen"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kt-gen.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = NULL;
  g_autofree char *path = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *now = NULL;
  gint contacts = 0, companies = 0, deals = 0, invoices = 0, tasks = 0, activities = 0;
  gint64 seed = 1;
  gboolean data_version = FALSE;
  KtGenParams params = { 0 };
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &path, N_("The store file to fill, or a directory to hold kantora.db (created if missing)"), N_("PATH") },
    { "contacts", 0, 0, G_OPTION_ARG_INT, &contacts, N_("How many contacts"), "N" },
    { "companies", 0, 0, G_OPTION_ARG_INT, &companies, N_("How many companies"), "N" },
    { "deals", 0, 0, G_OPTION_ARG_INT, &deals, N_("How many deals"), "N" },
    { "invoices", 0, 0, G_OPTION_ARG_INT, &invoices, N_("How many invoices"), "N" },
    { "tasks", 0, 0, G_OPTION_ARG_INT, &tasks, N_("How many tasks"), "N" },
    { "activities", 0, 0, G_OPTION_ARG_INT, &activities, N_("How many activities"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The random seed: the same seed gives the same data"), "S" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("bg, en or mixed (the default)"), N_("LANG") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now, N_("The date the data is made around, ISO 8601 (default: now)"), N_("TIME") },
    { "data-version", 0, 0, G_OPTION_ARG_NONE, &data_version, N_("Print the version of the data this program makes, and exit"), NULL },
    { NULL }
  };
  gint64 start;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Fill a Kantora store with realistic demo data."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;

  if (data_version)
    {
      g_print ("%d\n", KT_GEN_DATA_VERSION);
      return 0;
    }

  if (path == NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("--store is required"));
      goto fail;
    }
  if (contacts < 0 || companies < 0 || deals < 0 || invoices < 0 || tasks < 0 || activities < 0)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("Counts cannot be negative"));
      goto fail;
    }

  params.contacts = contacts;
  params.companies = companies;
  params.deals = deals;
  params.invoices = invoices;
  params.tasks = tasks;
  params.activities = activities;
  params.seed = (guint64)seed;
  if (lang != NULL && !kt_gen_lang_from_string (lang, &params.lang, &error))
    goto fail;
  if (now != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (now, g_time_zone_new_utc ());

      if (dt == NULL)
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not an ISO 8601 time (2026-11-25T12:00:00Z)"), now);
          goto fail;
        }
      params.now_ms = g_date_time_to_unix (dt) * 1000;
    }

  /* A directory means the store file inside it, the way the client lays
   * out its data dir, so `--store DIR` and `--store DIR/kantora.db` agree. */
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      char *file = g_build_filename (path, "kantora.db", NULL);

      g_free (path);
      path = file;
    }

  start = g_get_monotonic_time ();
  store = kt_store_open (path, &error);
  if (store == NULL || !kt_gen_fill (store, &params, &error))
    goto fail;

  g_print (_("Wrote the demo data in %.2f s\n"), (g_get_monotonic_time () - start) / 1e6);
  return 0;

fail:
  g_printerr ("kantora-gen: %s\n", error->message);
  return 1;
}
