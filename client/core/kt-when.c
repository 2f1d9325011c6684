/* kt-when.c: a date and a time typed by a person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-when"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kantora-shared.h"
#include "kt-date.h"
#include "kt-format.h"
#include "kt-when.h"

gboolean
kt_when_parse (const char  *date,
               const char  *time,
               int          default_hour,
               int          default_minute,
               const char  *date_label,
               const char  *time_label,
               char       **out_iso,
               const char **out_field,
               GError     **error)
{
  g_autofree char *iso_date = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) utc = NULL;
  int y, mo, d, h = default_hour, mi = default_minute;
  char tail;

  g_return_val_if_fail (date != NULL && time != NULL, FALSE);

  if (!kt_format_parse_date (date, &iso_date, &local_error))
    {
      *out_field = "date";
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID, "%s: %s", date_label, local_error->message);
      return FALSE;
    }
  if (*time != '\0' &&
      (sscanf (time, "%d:%d%c", &h, &mi, &tail) != 2 || h < 0 || h > 23 || mi < 0 || mi > 59))
    {
      *out_field = "time";
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("%s: “%s” is not a time; write it as 14:30"), time_label, time);
      return FALSE;
    }

  kt_date_parse (iso_date, &y, &mo, &d);
  when = g_date_time_new (kt_format_get_time_zone (), y, mo, d, h, mi, 0);
  /* GLib and the stored stamps hold the years 1 to 9999 in UTC: at the
   * calendar's ends a local time can lie outside them (31.12.9999 23:59
   * in Los Angeles is in the year 10000), and to_utc() says so with NULL. */
  utc = when != NULL ? g_date_time_to_utc (when) : NULL;
  if (utc == NULL)
    {
      *out_field = "date";
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   /* Translators: %s is the field's label, then the date typed */
                   _("%s: “%s” is too close to the first or the last day of the calendar"),
                   date_label, date);
      return FALSE;
    }
  *out_iso = kt_iso_from_unix_ms (g_date_time_to_unix (utc) * 1000);
  return TRUE;
}

gboolean
kt_when_format (const char  *iso,
                char       **out_date,
                char       **out_time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 ms;

  if (iso == NULL || !kt_datetime_parse (iso, &ms))
    return FALSE;
  /* A stamp in the year 0 parses, but GLib holds none before the year 1. */
  utc = g_date_time_new_from_unix_utc (ms / 1000);
  local = utc != NULL ? g_date_time_to_timezone (utc, kt_format_get_time_zone ()) : NULL;
  if (local == NULL)
    return FALSE;
  /* Written the way kt_format_parse_date() reads it back, so that an
   * untouched field stays valid: "25.11.2026" in Bulgarian, ISO in English.
   * The year always has four digits (GLib's %Y writes 266, which does not
   * read back). */
  if (g_str_equal (kt_format_get_language (), "bg"))
    *out_date = g_strdup_printf ("%02d.%02d.%04d", g_date_time_get_day_of_month (local),
                                 g_date_time_get_month (local), g_date_time_get_year (local));
  else
    *out_date = g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (local),
                                 g_date_time_get_month (local), g_date_time_get_day_of_month (local));
  *out_time = g_date_time_format (local, "%H:%M");
  return TRUE;
}
