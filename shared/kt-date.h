/* kt-date.h: strict calendar dates and UTC timestamps, without time zones
 *
 * Dates are "YYYY-MM-DD"; timestamps are ISO 8601 in UTC with milliseconds,
 * "2026-11-25T18:04:30.123Z". The parsers refuse impossible dates such as
 * 2026-02-30, so a value that passes is safe to compare as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Length of "2026-11-25T18:04:30.123Z". */
#define KT_ISO_MS_STRLEN 24

gboolean kt_date_parse          (const char *text,
                                 int        *year,
                                 int        *month,
                                 int        *day);
gboolean kt_date_is_valid       (const char *text);
/* Accepts "YYYY-MM-DDTHH:MM:SS", an optional fraction of 1 to 9 digits,
 * then "Z" or an offset "+HH:MM"/"-HH:MM". */
gboolean kt_datetime_parse      (const char *text,
                                 gint64     *out_unix_ms);
gboolean kt_datetime_is_valid   (const char *text);

/* Days since 1970-01-01 for a proleptic Gregorian date, and back. */
gint64   kt_days_from_civil     (int year, int month, int day);
void     kt_civil_from_days     (gint64 days, int *year, int *month, int *day);
int      kt_days_in_month       (int year, int month);

/* "2026-11-25T18:04:30.123Z" for a Unix time in milliseconds, years
 * 0000..9999. */
char    *kt_iso_from_unix_ms    (gint64 unix_ms);

G_END_DECLS
