/* kt-cli-archive.c: export --zip and import --zip, the organization archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-cli.h"
#include "kt-org-archive.h"

int
kt_cli_export_zip (KtCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;

  if (argc != 2)
    return kt_cli_usage (_("export --zip needs exactly one file"));

  file = g_file_new_for_commandline_arg (argv[1]);
  if (!kt_org_archive_export_file (cli->store, file, NULL, NULL, NULL, &error))
    return kt_cli_fail (error);
  return KT_CLI_OK;
}

int
kt_cli_import_zip (KtCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GBytes) data = NULL;
  guint n = 0;

  if (argc != 2)
    return kt_cli_usage (_("import --zip needs exactly one file"));

  file = g_file_new_for_commandline_arg (argv[1]);
  if ((data = g_file_load_bytes (file, NULL, NULL, &error)) == NULL)
    return kt_cli_fail (error);
  if (!kt_org_archive_import (cli->store, data, &n, NULL, &error))
    return kt_cli_fail (error);

  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Imported %u record\n", "Imported %u records\n", n), n);
  return KT_CLI_OK;
}
