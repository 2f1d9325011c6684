/* kt-json-guard.h: a bounded, non-recursive check of JSON text
 *
 * json-glib parses recursively on the caller's stack and accepts what
 * RFC 8259 does not (trailing data, integers outside 64 bits that it
 * silently wraps or clamps, "\u0000" that truncates a string). Every
 * JSON text that comes from outside (a request body on the server, a
 * server answer on the client) goes through kt_json_guard_check() first,
 * so the recursive parser only ever sees text it handles correctly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The nesting limit of request bodies and server answers: objects and
 * arrays together, the outermost one counting as level 1. */
#define KT_JSON_GUARD_MAX_DEPTH 64

/* The most JSON values (objects, arrays, strings, numbers, literals; keys
 * not counted) a request body may hold. json-glib spends about a hundred
 * bytes per value, so a 1 MiB body of "1," would cost a worker some 50 MiB
 * while it is parsed; the largest body a client sends (a push of 200
 * mutations) holds about 15,000. */
#define KT_JSON_GUARD_MAX_VALUES 50000

gboolean kt_json_guard_check      (const char *data,
                                   gsize       length,
                                   guint       max_depth,
                                   GError    **error);
gboolean kt_json_guard_check_full (const char *data,
                                   gsize       length,
                                   guint       max_depth,
                                   guint       max_values,
                                   GError    **error);

JsonNode *kt_json_guard_parse     (const char *data,
                                   gsize       length,
                                   guint       max_depth,
                                   GError    **error);

G_END_DECLS
