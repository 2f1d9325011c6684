/* kt-cli.h: what the parts of kantora-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"
#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* Exit codes scripts can rely on (docs/cli.md). */
typedef enum {
  KT_CLI_OK            = 0,
  KT_CLI_FAILED        = 1,  /* anything else: the message says what */
  KT_CLI_USAGE         = 2,  /* wrong command line */
  KT_CLI_NOT_FOUND     = 3,  /* no such record or entity */
  KT_CLI_INVALID       = 4,  /* the input failed validation or is not JSON */
  KT_CLI_NETWORK       = 5,  /* the server could not be reached, or failed */
  KT_CLI_AUTH          = 6,  /* not signed in, sign-in expired, wrong password, removed */
  KT_CLI_REFUSED       = 7,  /* refused: unsynced changes, another organization... */
  KT_CLI_NEEDS_UPDATE  = 8,  /* the server needs a newer Kantora */
  KT_CLI_REJECTED      = 9,  /* synced, but the server rejected changes (reverted) */
  KT_CLI_BUSY          = 10, /* another program kept the store busy: try again */
  KT_CLI_SUPERSEDED    = 11, /* synced, but local edits lost to newer ones made elsewhere */
} KtCliExit;

typedef struct {
  KtStore      *store;
  KtSecrets    *secrets;
  KtSyncEngine *engine;
  gboolean      json;       /* --json for status */
} KtCli;

/* Prints "kantora-cli: <message>" to stderr and returns the exit code
 * that fits @error. */
int  kt_cli_fail          (const GError *error);
int  kt_cli_usage         (const char *message);
/* Runs the main loop until @done is set. */
void kt_cli_wait          (gboolean *done);

/* kt-cli-records.c */
int  kt_cli_create        (KtCli *cli, int argc, char **argv);
int  kt_cli_update        (KtCli *cli, int argc, char **argv);
int  kt_cli_delete        (KtCli *cli, int argc, char **argv);
int  kt_cli_get           (KtCli *cli, int argc, char **argv);
int  kt_cli_list          (KtCli *cli, int argc, char **argv);
int  kt_cli_import        (KtCli *cli, int argc, char **argv);
int  kt_cli_export        (KtCli *cli, int argc, char **argv);

/* kt-cli-archive.c: the organization as a ZIP (argv[0] is "--zip") */
int  kt_cli_export_zip    (KtCli *cli, int argc, char **argv);
int  kt_cli_import_zip    (KtCli *cli, int argc, char **argv);

/* kt-cli-payments.c */
int  kt_cli_import_payments (KtCli *cli, int argc, char **argv);

/* kt-cli-sync.c */
int  kt_cli_login         (KtCli *cli, int argc, char **argv);
int  kt_cli_register      (KtCli *cli, int argc, char **argv);
int  kt_cli_logout        (KtCli *cli, int argc, char **argv);
int  kt_cli_sync          (KtCli *cli, int argc, char **argv);
int  kt_cli_status        (KtCli *cli, int argc, char **argv);

/* kt-cli-team.c */
int  kt_cli_team          (KtCli *cli, int argc, char **argv);
int  kt_cli_profile       (KtCli *cli, int argc, char **argv);

G_END_DECLS
