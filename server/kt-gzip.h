/* kt-gzip.h: gzip for JSON answers (libsoup 3.2's SoupServer has none)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bodies below this stay plain: gzip's header and the extra CPU cost more
 * than they save on an error or a single record. */
#define KT_GZIP_MIN_BYTES 1024

/* Whether an Accept-Encoding header value accepts gzip: "gzip" or "*"
 * listed without q=0 (RFC 9110 12.5.3). NULL accepts nothing. */
gboolean  kt_gzip_accepted (const char *accept_encoding);
/* @data as a gzip member, or NULL if zlib fails. Level 1: on a page of
 * 100 contacts it costs half the CPU of zlib's default level 6 for 15 %
 * more bytes (docs/performance.md, "Bytes per record"). */
GBytes   *kt_gzip_compress (const char *data,
                            gsize       length);

G_END_DECLS
