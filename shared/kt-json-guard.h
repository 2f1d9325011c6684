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

G_BEGIN_DECLS

/* The nesting limit of request bodies and server answers: objects and
 * arrays together, the outermost one counting as level 1. */
#define KT_JSON_GUARD_MAX_DEPTH 64

gboolean kt_json_guard_check (const char *data,
                              gsize       length,
                              guint       max_depth,
                              GError    **error);

G_END_DECLS
