/* kt-timezone.h: the IANA time zone names Kantora accepts
 *
 * A fixed, compiled-in list (tzdata's Zone and Link names): a time zone
 * given by a person or a program is checked against it and never opened
 * as a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean            kt_timezone_is_valid  (const char *name);
const char * const *kt_timezone_get_names (guint *n_names);

G_END_DECLS
