/* kt-format.h: dates, numbers and money formatted for the UI language
 *
 * The client speaks Bulgarian or English. Formats are explicit patterns
 * rather than the C library's locale, so a machine without the bg_BG locale
 * installed still shows "25.11.2026" and "1 234,56 лв.".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "bg" or "en": the language the translations are shown in, derived from
 * g_get_language_names() unless kt_format_set_language() forced one. */
const char *kt_format_get_language       (void);
/* Force "bg" or "en" (tests, the preferences); NULL derives it again. */
void        kt_format_set_language       (const char *lang);

/* The time zone dates and times are shown and typed in: the profile's
 * (the "time-zone" setting, which KtContext follows), so that a person in
 * Sofia on a machine set to UTC sees Sofia's times. NULL or a name that
 * is not an IANA zone Kantora knows (shared/kt-timezone.h) means the
 * machine's own. */
void        kt_format_set_time_zone      (const char *identifier);
/* (transfer none): the zone set, or the machine's. */
GTimeZone  *kt_format_get_time_zone      (void);
/* Now, and a Unix time in seconds, in that zone. (transfer full) */
GDateTime  *kt_format_now                (void);
GDateTime  *kt_format_from_unix          (gint64      seconds);
/* @time in that zone. (transfer full) */
GDateTime  *kt_format_to_shown           (GDateTime  *time);

/* ',' for Bulgarian, '.' for English. */
char        kt_format_get_decimal_mark   (void);

/* "1 234 567" (bg, narrow no-break spaces) or "1,234,567" (en). */
char       *kt_format_number             (gint64 value);
/* "1 234,56 лв." / "BGN 1,234.56": kt_money_format() in the UI language. */
char       *kt_format_money              (gint64      minor,
                                          const char *currency);

/* "ное" (bg) or "Nov" (en) for @month 1…12, from the translations, not
 * the C library's locale. */
const char *kt_format_month_abbreviation (int month);
/* "25.11.2026" (bg) or "Nov 25, 2026" (en). */
char       *kt_format_date               (GDateTime *date);
/* The same for a KT_FIELD_DATE value "YYYY-MM-DD"; NULL if it does not parse. */
char       *kt_format_date_string        (const char *iso_date);
/* A KT_FIELD_DATETIME value in the shown time zone (kt_format_set_time_zone()):
 * "25.11.2026 18:04" / "Nov 25, 2026 18:04". */
char       *kt_format_datetime_string    (const char *iso_datetime);
/* "Today", "Yesterday", "Tomorrow", else kt_format_date(); @now may be NULL. */
char       *kt_format_relative_day       (GDateTime *date,
                                          GDateTime *now);

/* @value scaled by 10^@decimals ("2500", 3) as "2,5" (bg) or "2.5" (en):
 * trailing zeros dropped, no thousands separators, for an entry. */
char       *kt_format_decimal            (gint64       value,
                                          guint        decimals);
/* Parses what a person types in a quantity or a percentage: a number in
 * the UI language's decimal mark with at most @decimals decimals ("2,5"
 * in Bulgarian, "2.5" in English; spaces are ignored), into @out scaled
 * by 10^@decimals. A translated error otherwise. */
gboolean    kt_format_parse_decimal      (const char  *text,
                                          guint        decimals,
                                          gint64      *out,
                                          GError     **error);

/* Parses what a person types in a date field: "25.11.2026", "5.1.2026" or
 * "2026-11-25", into "YYYY-MM-DD". A translated error otherwise. */
gboolean    kt_format_parse_date         (const char  *text,
                                          char       **out_iso,
                                          GError     **error);

G_END_DECLS
