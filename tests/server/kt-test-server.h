/* kt-test-server.h: a throwaway PostgreSQL cluster and in-process servers
 *
 * Each test binary starts one cluster (initdb into a temp dir, fsync off,
 * a free port). A watchdog process stops it and removes the directory when
 * the test process ends, however it ends (a failed assertion aborts).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kt-server.h"

G_BEGIN_DECLS

/* Starts the cluster on first use; returns the conninfo of a new empty
 * database named @db. */
char       *kt_test_pg_new_database (const char *db);
/* libpq conninfo of database @db. */
char       *kt_test_pg_conninfo     (const char *db);
void        kt_test_pg_restart      (void);
/* Stops the cluster (@mode: "fast" or "immediate") and starts it again
 * on the same port, for outage tests. */
void        kt_test_pg_stop         (const char *mode);
void        kt_test_pg_start        (void);
/* Runs @sql and returns the first column of the first row (or NULL). */
char       *kt_test_pg_query        (const char *conninfo,
                                     const char *sql);

typedef struct {
  KtServerConfig *config;
  KtServer       *server;
  SoupSession    *session;
  char           *base;
  const char     *language;  /* sent as Accept-Language when set */
} KtTestServer;

/* A server on loopback port 0 over @conninfo, with the cheapest Argon2
 * limits. */
KtTestServer *kt_test_server_new    (const char *conninfo);
/* Its configuration, for a test to add settings to (such as [mail])
 * before kt_test_server_new_with_config(), which takes it. */
KtServerConfig *kt_test_server_config_new   (const char     *conninfo);
KtTestServer   *kt_test_server_new_with_config (KtServerConfig *config);
void          kt_test_server_free   (KtTestServer *ts);

/* Sends a request and waits for the answer, running the main loop
 * meanwhile (the server lives on it). @body may be NULL. Returns the
 * parsed JSON answer (NULL for an empty body) and the status. */
JsonNode     *kt_test_request       (KtTestServer *ts,
                                     const char   *method,
                                     const char   *path,
                                     const char   *token,
                                     const char   *body,
                                     guint        *status);
/* Same, with a content type of choice (NULL: none) and a body of
 * @length bytes. */
JsonNode     *kt_test_request_full  (KtTestServer *ts,
                                     const char   *method,
                                     const char   *path,
                                     const char   *token,
                                     const char   *content_type,
                                     const char   *body,
                                     gsize         length,
                                     guint        *status);
/* The raw answer of a GET or HEAD-like request (no body), with one extra
 * request header when @header is not NULL ("If-None-Match"): its body
 * (empty, never NULL) and, in @out_msg, the message for the status and
 * the headers. */
GBytes       *kt_test_request_raw   (KtTestServer  *ts,
                                     const char    *method,
                                     const char    *path,
                                     const char    *token,
                                     const char    *header,
                                     const char    *value,
                                     SoupMessage  **out_msg);
/* Same, with a printf-style body. */
JsonNode     *kt_test_requestf      (KtTestServer *ts,
                                     const char   *method,
                                     const char   *path,
                                     const char   *token,
                                     guint        *status,
                                     const char   *format,
                                     ...) G_GNUC_PRINTF (6, 7);

/* The built kantora-server ($KANTORA_SERVER_BIN) as a subprocess on a
 * free loopback port, once /v1/health answers. */
GSubprocess  *kt_test_spawn_server  (const char *conninfo,
                                     char      **out_base);
/* A blocking request to a server in another process (or NULL on a
 * transport error, with @status 0). */
JsonNode     *kt_test_http          (SoupSession *session,
                                     const char  *base,
                                     const char  *method,
                                     const char  *path,
                                     const char  *token,
                                     const char  *body,
                                     guint       *status);

/* POST /v1/@plural with @body; asserts 201 and returns the new id. */
char         *kt_test_create        (KtTestServer *ts,
                                     const char   *token,
                                     const char   *plural,
                                     const char   *body);
/* PATCH /v1/@plural/@id with @body; asserts 200. */
void          kt_test_patch_ok      (KtTestServer *ts,
                                     const char   *token,
                                     const char   *plural,
                                     const char   *id,
                                     const char   *body);

typedef struct {
  char *token;
  char *user_id;
  char *org_id;
  char *email;
} KtTestAccount;

/* Registers a fresh account (unique email); asserts success. */
void          kt_test_register      (KtTestServer  *ts,
                                     const char    *name,
                                     KtTestAccount *out);
/* Invites a new person to @owner's organization with @role and accepts
 * as a new account; asserts success. */
void          kt_test_add_member    (KtTestServer  *ts,
                                     KtTestAccount *owner,
                                     const char    *role,
                                     KtTestAccount *out);
void          kt_test_account_clear (KtTestAccount *account);

/* The member of JSON object @node at @path ("error.code"), as a string. */
const char   *kt_test_json_string   (JsonNode   *node,
                                     const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtTestServer, kt_test_server_free)

G_END_DECLS
