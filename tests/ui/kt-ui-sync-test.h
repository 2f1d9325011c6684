/* kt-ui-sync-test.h: UI tests against a real kantora-server
 *
 * The account, sync and team UI tests run the real application on a
 * store in a temporary directory, with an in-memory keyring, against the
 * kantora-server of tests/sync's harness (a throwaway PostgreSQL).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-pane.h"
#include "kt-test-harness.h"
#include "kt-ui-test.h"

G_BEGIN_DECLS

#define KT_SYNC_UI_PASSWORD "correct horse battery"

typedef struct
{
  char          *tmpdir;
  char          *store_path;
  KtSecrets     *secrets;      /* outlives an application: a keyring */
  KtApplication *app;
  KtWindow      *window;
} KtSyncUiFixture;

/* A screenshot of the fixture's window named @name plus
 * $KT_SCREENSHOT_SUFFIX ("-bg" in the Bulgarian runs). */
void          kt_sync_ui_screenshot    (KtSyncUiFixture *f,
                                        const char      *name);
/* Registers a new account on the app's engine. */
void          kt_sync_ui_register      (KtSyncUiFixture *f);

/* Writes @config (the server's INI) to a private temporary file and
 * points KANTORA_SERVER_CONFIG at it, before kt_sync_ui_test_init()
 * starts the server. Returns the path, to unlink at the end. */
char         *kt_sync_ui_write_server_config (const char *config);

/* The server of the test binary (started by kt_sync_ui_test_init). */
extern KtTestServer *kt_sync_ui_server;

void          kt_sync_ui_test_init     (int    *argc,
                                        char ***argv);
/* Stops the server; returns @ret. */
int           kt_sync_ui_test_finish   (int     ret);

void          kt_sync_ui_setup         (KtSyncUiFixture *f,
                                        gconstpointer    data);
void          kt_sync_ui_teardown      (KtSyncUiFixture *f,
                                        gconstpointer    data);

/* Starts the application on the fixture's store; automatic sync is
 * turned off so the test decides when to sync. */
void          kt_sync_ui_start_app     (KtSyncUiFixture *f,
                                        gboolean         ask_sign_in);
void          kt_sync_ui_stop_app      (KtSyncUiFixture *f);
KtSyncEngine *kt_sync_ui_engine        (KtSyncUiFixture *f);

/* Runs the main loop until @cond (@data) is TRUE or @timeout_ms pass. */
gboolean      kt_sync_ui_wait_for      (gboolean (*cond) (gpointer data),
                                        gpointer  data,
                                        guint     timeout_ms);
/* The token of the app's signed-in store, from the test's keyring. */
char         *kt_sync_ui_token         (KtSyncUiFixture *f);
/* Runs the window's win.sync-now and waits for the cycle's end. */
void          kt_sync_ui_sync_now      (KtSyncUiFixture *f);

char         *kt_sync_ui_new_email     (void);
/* The toasts the window shows are not readable through AdwToastOverlay:
 * the tests look for the toast's title among the labels under @root. */
gboolean      kt_sync_ui_has_label_containing (GtkWidget  *root,
                                               const char *text);

/* Registers an account on a plain engine (not the UI) and returns the
 * token; for setting up teams. */
char         *kt_sync_ui_register_elsewhere (const char *email,
                                             KtStore   **out_store,
                                             KtSyncEngine **out_engine);
/* Invites @email as @role with @owner_token and accepts as a new account
 * with the test password. Returns the member id. */
char         *kt_sync_ui_add_member    (const char *owner_token,
                                        const char *email,
                                        const char *role);

/* Saves the draft @invoice with one line (2 × 100.00), shows it in the
 * Invoices section and returns the pane. */
KtRecordPane *kt_sync_ui_show_new_invoice (KtSyncUiFixture *f,
                                           KtRecord        *invoice);

G_END_DECLS
