/* kt-when.h: a date and a time typed by a person, to and from a stored
 * UTC date-time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @date as kt_format_parse_date() reads it ("25.11.2026", "2026-11-25"),
 * @time as "14:30" or empty for @default_hour:@default_minute, both local
 * time; @out_iso receives the UTC ISO stamp. On failure @out_field is
 * "date" or "time" and the error (KT_ERROR_INVALID) is translated and
 * starts with @date_label or @time_label. */
gboolean kt_when_parse  (const char  *date,
                         const char  *time,
                         int          default_hour,
                         int          default_minute,
                         const char  *date_label,
                         const char  *time_label,
                         char       **out_iso,
                         const char **out_field,
                         GError     **error);
/* The local date (as kt_format_parse_date() reads it) and "HH:MM" of a
 * stored stamp. */
gboolean kt_when_format (const char  *iso,
                         char       **out_date,
                         char       **out_time);

G_END_DECLS
