/* kt-http-guard.h: the limits of the HTTP front, before any handler runs
 *
 * libsoup 3.2 reads a whole request body into memory before the handler
 * sees it, waits for slow clients forever, and answers requests it cannot
 * parse with an empty body. The guard watches every message from its
 * start and:
 *
 * - refuses a Content-Length over [http] max-body-bytes from the headers
 *   (413), and a chunked body as soon as it passes the limit, without
 *   reading further: the connection is taken from libsoup, the answer
 *   written, unread bytes discarded for at most a second, then closed;
 * - closes a connection whose request has not fully arrived within
 *   [http] read-timeout-seconds (408 when its headers had arrived);
 * - gives the answers libsoup writes on its own (a request line or header
 *   it cannot parse) the JSON error shape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "kt-server-config.h"

G_BEGIN_DECLS

/* Watches every request of @soup from now on. @config must outlive it. */
void kt_http_guard_attach (SoupServer           *soup,
                           const KtServerConfig *config);

G_END_DECLS
