/* kt-uuid.h: UUIDv7 record ids, generated on the client so records can be
 * created offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Length of the canonical text form, without the NUL. */
#define KT_UUID_STRLEN 36

/* A new UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.
 * Ids made later sort after earlier ones as strings, and ids made within the
 * same millisecond in one process still increase. Lower-case text form. */
char     *kt_uuid_new          (void);
/* The same, for a given time: for deterministic generators and tests. */
char     *kt_uuid_new_at       (gint64 unix_ms, GRand *rand);
/* TRUE for a canonical lower-case 8-4-4-4-12 hex UUID (any version). */
gboolean  kt_uuid_is_valid     (const char *text);

G_END_DECLS
