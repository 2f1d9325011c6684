/* kantora-cli.c: the command-line companion
 *
 * Drives the same store and sync engine as the desktop client, without a
 * window: for administrators, scripts and cron. docs/cli.md documents the
 * commands, their JSON and the exit codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kt-cli.h"
#include "kt-context.h"
#include "kt-paths.h"

typedef int (*CommandFunc) (KtCli *cli, int argc, char **argv);

static const struct {
  const char  *name;
  CommandFunc  func;
  gboolean     needs_engine;
  const char  *summary;
} commands[] = {
  { "login",    kt_cli_login,    TRUE,  N_("Sign in: login --server URL --email EMAIL [--password-stdin]") },
  { "register", kt_cli_register, TRUE,  N_("Create an account: register --server URL --email EMAIL --name NAME --organization ORG [--password-stdin]") },
  { "logout",   kt_cli_logout,   TRUE,  N_("Sign out and forget the account's data here: logout [--force]") },
  { "sync",     kt_cli_sync,     TRUE,  N_("Push and pull until up to date") },
  { "status",   kt_cli_status,   TRUE,  N_("Pending changes, cursor, last sync, last error: status [--json]") },
  { "team",     kt_cli_team,     TRUE,  N_("Members: team list | invite EMAIL ROLE | role MEMBER ROLE | remove MEMBER") },
  { "profile",  kt_cli_profile,  TRUE,  N_("Your account: profile [show] | set FIELD=VALUE...") },
  { "create",   kt_cli_create,   FALSE, N_("Create a record: create ENTITY [JSON|-]") },
  { "update",   kt_cli_update,   FALSE, N_("Change fields: update ENTITY ID [JSON|-]") },
  { "delete",   kt_cli_delete,   FALSE, N_("Delete a record: delete ENTITY ID") },
  { "get",      kt_cli_get,      FALSE, N_("Print a record: get ENTITY ID") },
  { "list",     kt_cli_list,     FALSE, N_("Print records as JSON lines: list ENTITY [--search TEXT] [--filter FIELD=VALUE] [--tag TAG] [--sort [-]FIELD] [--limit N] [--offset N]") },
  { "import",   kt_cli_import,   FALSE, N_("Save records in one transaction: import ENTITY [FILE|-] [--format jsonl|csv|vcard] | import --zip FILE") },
  { "export",   kt_cli_export,   FALSE, N_("Write every record: export ENTITY [FILE|-] [--format jsonl|csv|vcard] | export --zip FILE") },
  { "import-payments", kt_cli_import_payments, FALSE, N_("Import a bank statement as payments and match them: import-payments FILE|- [--format csv|camt] [--map TARGET=COLUMN,...] [--currency CODE]") },
};

int
kt_cli_fail (const GError *error)
{
  g_printerr ("kantora-cli: %s\n", error->message);

  if (error->domain == KT_SYNC_ERROR)
    switch ((KtSyncError) error->code)
      {
      case KT_SYNC_ERROR_NETWORK:
      case KT_SYNC_ERROR_SERVER:
        return KT_CLI_NETWORK;
      case KT_SYNC_ERROR_UNAUTHORIZED:
      case KT_SYNC_ERROR_NOT_A_MEMBER:
      case KT_SYNC_ERROR_NOT_CONNECTED:
        return KT_CLI_AUTH;
      case KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL:
        return KT_CLI_NEEDS_UPDATE;
      case KT_SYNC_ERROR_REFUSED:
      case KT_SYNC_ERROR_OUTBOX_NOT_EMPTY:
      case KT_SYNC_ERROR_OTHER_ORGANIZATION:
        return KT_CLI_REFUSED;
      case KT_SYNC_ERROR_PROTOCOL:
      default:
        return KT_CLI_FAILED;
      }

  if (error->domain == KT_ERROR)
    switch ((KtError) error->code)
      {
      case KT_ERROR_NOT_FOUND:
      case KT_ERROR_UNKNOWN_ENTITY:
        return KT_CLI_NOT_FOUND;
      case KT_ERROR_INVALID:
      case KT_ERROR_UNKNOWN_FIELD:
      case KT_ERROR_WRONG_TYPE:
      case KT_ERROR_MALFORMED:
      case KT_ERROR_OVERFLOW:
      case KT_ERROR_CLOCK_DRIFT:
      default:
        return KT_CLI_INVALID;
      }

  if (error->domain == JSON_PARSER_ERROR)
    return KT_CLI_INVALID;

  if (g_error_matches (error, KT_STORE_ERROR, KT_STORE_ERROR_BUSY))
    return KT_CLI_BUSY;

  return KT_CLI_FAILED;
}

int
kt_cli_usage (const char *message)
{
  g_printerr ("kantora-cli: %s\n", message);
  g_printerr ("%s\n", _("Run “kantora-cli --help” for the commands."));
  return KT_CLI_USAGE;
}

void
kt_cli_wait (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

/* The desktop client's store: where its "store-path" setting says, as
 * the client itself opens it, else the default. Without the installed
 * schema (a bare copy of the binary on a server) there is no setting to
 * read, and g_settings_new() would abort. */
static char *
dup_client_store_path (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, KT_SETTINGS_SCHEMA_ID, TRUE);
  if (schema != NULL)
    settings = g_settings_new_full (schema, NULL, NULL);

  return kt_context_dup_store_path (settings, NULL);
}

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: kantora-cli [--store DIR] COMMAND [ARGUMENTS...]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-9s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("ENTITY is an entity name such as contact, company, deal, invoice."));
  g_print ("%s\n", _("--store DIR uses DIR/kantora.db instead of the desktop client's store."));
  g_print ("%s\n", _("See docs/cli.md for the JSON formats and the exit codes."));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr (KtStore) store = NULL;
  g_autoptr (KtSecrets) secrets = NULL;
  g_autoptr (KtSyncEngine) engine = NULL;
  KtCli cli = { 0 };
  int first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command; the command parses its own. */
  while (first < argc && g_str_has_prefix (argv[first], "--"))
    {
      if (g_str_equal (argv[first], "--help"))
        {
          print_help ();
          return KT_CLI_OK;
        }
      else if (g_str_equal (argv[first], "--version"))
        {
          g_print ("kantora-cli %s (sync protocol %d)\n", PACKAGE_VERSION, KT_SYNC_PROTOCOL_VERSION);
          return KT_CLI_OK;
        }
      else if (g_str_equal (argv[first], "--store") && first + 1 < argc)
        {
          g_free (store_dir);
          store_dir = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--store="))
        {
          g_free (store_dir);
          store_dir = g_strdup (argv[first] + strlen ("--store="));
          first++;
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("Unknown option “%s”"), argv[first]);

          return kt_cli_usage (message);
        }
    }

  if (first >= argc)
    return kt_cli_usage (_("A command is missing"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[first], commands[i].name))
        continue;

      if (store_dir != NULL)
        {
          if (!kt_paths_ensure_dir (store_dir, &error))
            return kt_cli_fail (error);
          store_path = g_build_filename (store_dir, "kantora.db", NULL);
        }
      else
        store_path = dup_client_store_path ();

      store = kt_store_open (store_path, &error);
      if (store == NULL)
        return kt_cli_fail (error);

      cli.store = store;
      if (commands[i].needs_engine)
        {
          secrets = kt_secrets_new_default ();
          engine = kt_sync_engine_new (store, secrets);
          /* A script decides when to sync; no timers, no debounce. */
          kt_sync_engine_set_auto_sync (engine, FALSE);
          cli.secrets = secrets;
          cli.engine = engine;
        }

      return commands[i].func (&cli, argc - first - 1, argv + first + 1);
    }

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), argv[first]);

    return kt_cli_usage (message);
  }
}
