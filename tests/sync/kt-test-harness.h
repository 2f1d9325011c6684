/* kt-test-harness.h: a real PostgreSQL and a real kantora-server for the
 * sync tests
 *
 * The cluster is a throwaway one (initdb into a temp dir, fsync off, a free
 * port); the server is the built binary run as a subprocess, so a test can
 * kill -9 it and start it again on the same port and database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

typedef struct {
  char  *dir;          /* temp dir: cluster, logs, client stores */
  guint  pg_port;
  char  *conninfo;
  guint  http_port;
  char  *url;          /* http://127.0.0.1:<http_port> */
  GPid   server_pid;   /* 0 while stopped */
  guint  n_starts;
} KtTestServer;

/* Starts a cluster and the server; a failure aborts the test. */
KtTestServer *kt_test_server_new      (void);
/* Stops the server and the cluster and removes every file. */
void          kt_test_server_free     (KtTestServer *server);
/* kill -9, and reaps the process. */
void          kt_test_server_kill     (KtTestServer *server);
/* Starts the server again on the same port and database. */
void          kt_test_server_start    (KtTestServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtTestServer, kt_test_server_free)

/* A fresh path for a client store under the test's dir. */
char         *kt_test_server_store_path (KtTestServer *server,
                                         const char   *name);

/* A blocking JSON request for setting up scenarios (REST). Returns the
 * parsed body (or NULL) and sets @out_status. */
JsonNode     *kt_test_http            (const char   *method,
                                       const char   *url,
                                       const char   *token,
                                       const char   *body,
                                       guint        *out_status);

/* Runs the main context until @done is TRUE or @timeout_ms passed;
 * returns @done. */
gboolean      kt_test_wait            (gboolean     *done,
                                       guint         timeout_ms);

/* Engine helpers that wait for the result. */
gboolean      kt_test_sync            (KtSyncEngine *engine,
                                       GError      **error);
gboolean      kt_test_register        (KtSyncEngine *engine,
                                       const char   *url,
                                       const char   *email,
                                       const char   *password,
                                       GError      **error);
gboolean      kt_test_login           (KtSyncEngine *engine,
                                       const char   *url,
                                       const char   *email,
                                       const char   *password,
                                       GError      **error);
gboolean      kt_test_logout          (KtSyncEngine *engine,
                                       gboolean      force,
                                       GError      **error);

/* A client of the tests: a store, in-memory secrets and an engine that
 * syncs only when asked. */
typedef struct {
  KtStore      *store;
  KtSecrets    *secrets;
  KtSyncEngine *engine;
  char         *email;
} KtTestClient;

/* Two accounts in one organization: a registers it (Owner), b is invited
 * as a User, accepts and signs in. */
typedef struct {
  KtTestClient a;
  KtTestClient b;
} KtTestTeam;

#define KT_TEST_PASSWORD "correct horse battery"

/* A new store named after @prefix and @name in @server's directory. */
void          kt_test_client_open     (KtTestServer *server,
                                       KtTestClient *client,
                                       const char   *prefix,
                                       const char   *name);
void          kt_test_client_close    (KtTestClient *client);
/* The client's token as its keyring holds it; asserts there is one. */
char         *kt_test_client_token    (KtTestServer *server,
                                       KtTestClient *client);
/* One sync cycle that must end idle with an empty outbox. */
void          kt_test_client_sync_ok  (KtTestClient *client);
/* A unique address such as "<prefix>3-12345@example.com". */
char         *kt_test_new_email       (const char   *prefix);
void          kt_test_team_setup      (KtTestServer *server,
                                       KtTestTeam   *team,
                                       const char   *prefix);
void          kt_test_team_teardown   (KtTestTeam   *team);

G_END_DECLS
