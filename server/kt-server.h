/* kt-server.h: the HTTP front of kantora-server
 *
 * Requests are parsed on the main loop, paused, handled on a pool of
 * worker threads that each own a PostgreSQL connection, and answered back
 * on the main loop. Nothing that matters lives in memory between requests:
 * several instances on one database behave as one (the PDF cache holds
 * renderings keyed by the exact version they show, never state).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <libsoup/soup.h>

#include "kantora-shared.h"
#include "kt-auth.h"
#include "kt-pdf-cache.h"
#include "kt-pdf-prerender.h"
#include "kt-request.h"
#include "kt-server-config.h"
#include "kt-billing.h"
#include "kt-smtp.h"

G_BEGIN_DECLS

#define KT_TYPE_SERVER (kt_server_get_type ())
G_DECLARE_FINAL_TYPE (KtServer, kt_server, KT, SERVER, GObject)

/* Takes a copy of nothing: @config must outlive the server. Connects
 * once and runs the migrations before returning. */
KtServer   *kt_server_new          (const KtServerConfig *config,
                                    GError              **error);
/* Listens on config->address:config->port, with TLS when configured. */
gboolean    kt_server_listen       (KtServer  *server,
                                    GError   **error);
/* Loopback, @port 0 picks a free one (tests). */
gboolean    kt_server_listen_local (KtServer  *server,
                                    guint      port,
                                    GError   **error);
guint       kt_server_get_port     (KtServer *server);
SoupServer *kt_server_get_soup_server (KtServer *server);
/* The next stamp of the server's hybrid logical clock (thread-safe). */
char       *kt_server_tick_hlc     (KtServer *server);
/* The rendered PDFs of the PDF routes (kt-pdf-cache.h). */
KtPdfCache *kt_server_get_pdf_cache (KtServer *server);
/* The background renders of issued documents (kt-pdf-prerender.h);
 * NULL after kt_server_shutdown(). */
KtPdfPrerender *kt_server_get_pdf_prerender (KtServer *server);
/* The organizations of the tokens seen (kt-auth.h). */
KtSessionOrgs *kt_server_get_session_orgs (KtServer *server);
/* The clock itself and its lock, for the write path. */
void        kt_server_get_clock    (KtServer *server,
                                    KtHlc   **clock,
                                    GMutex  **lock);
/* The mail sender (thread-safe), or NULL when no SMTP host is
 * configured: then what would be mailed goes to the log. */
KtSmtp     *kt_server_get_smtp     (KtServer *server);
KtBilling  *kt_server_get_billing  (KtServer *server);
/* Stops taking requests and waits for the ones in flight. */
void        kt_server_shutdown     (KtServer *server);

G_END_DECLS
