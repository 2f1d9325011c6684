/* cli-test-util.h: running the built kantora-cli as a person would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  int   status;   /* the exit code */
  char *out;      /* stdout */
  char *err;      /* stderr */
} CliResult;

void       cli_result_free (CliResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

/* Runs kantora-cli (KT_TEST_CLI) with --store @store_dir (unless NULL)
 * and the NULL-terminated arguments, feeding @input (or nothing) to its
 * standard input, and waits for it. */
CliResult *cli_run         (const char *store_dir,
                            const char *input,
                            ...) G_GNUC_NULL_TERMINATED;
CliResult *cli_runv        (const char          *store_dir,
                            const char          *input,
                            const char * const  *args);

/* Sets (or with %NULL unsets) a variable in the environment of every
 * kantora-cli the test starts from now on. */
void        cli_setenv       (const char *key,
                              const char *value);
/* A launcher with that environment (transfer full). */
GSubprocessLauncher *cli_launcher_new (GSubprocessFlags flags);

/* The path of the kantora-cli binary under test. */
const char *cli_path       (void);

/* A new temporary directory, and removing one with what is in it. */
char      *cli_make_tmp_dir (void);
void       cli_remove_tree  (const char *dir);

G_END_DECLS
