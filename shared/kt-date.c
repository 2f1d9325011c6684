/* kt-date.c: strict calendar dates and UTC timestamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-date"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-date.h"

static gboolean
read_digits (const char *p,
             guint       n,
             int        *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }

  *out = v;
  return TRUE;
}

int
kt_days_in_month (int year,
                  int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  g_return_val_if_fail (month >= 1 && month <= 12, 0);

  return month == 2 && leap ? 29 : days[month - 1];
}

/* Howard Hinnant's days_from_civil: exact for every proleptic Gregorian
 * date, with no table and no time zone database. */
gint64
kt_days_from_civil (int year,
                    int month,
                    int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

void
kt_civil_from_days (gint64  days,
                    int    *year,
                    int    *month,
                    int    *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;

  *year = (int) (yoe + era * 400 + (m <= 2));
  *month = (int) m;
  *day = (int) d;
}

static gboolean
parse_date_prefix (const char *text,
                   int        *year,
                   int        *month,
                   int        *day)
{
  int y, m, d;

  if (!read_digits (text, 4, &y) || text[4] != '-' ||
      !read_digits (text + 5, 2, &m) || text[7] != '-' ||
      !read_digits (text + 8, 2, &d))
    return FALSE;

  if (m < 1 || m > 12 || d < 1 || d > kt_days_in_month (y, m))
    return FALSE;

  *year = y;
  *month = m;
  *day = d;
  return TRUE;
}

/**
 * kt_date_parse:
 * @text: "YYYY-MM-DD"
 *
 * Returns: %TRUE if @text is exactly a valid calendar date.
 */
gboolean
kt_date_parse (const char *text,
               int        *year,
               int        *month,
               int        *day)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || !parse_date_prefix (text, &y, &m, &d))
    return FALSE;

  if (year)
    *year = y;
  if (month)
    *month = m;
  if (day)
    *day = d;
  return TRUE;
}

gboolean
kt_date_is_valid (const char *text)
{
  return kt_date_parse (text, NULL, NULL, NULL);
}

/**
 * kt_datetime_parse:
 * @text: an ISO 8601 timestamp with a zone
 * @out_unix_ms: (out) (optional): the time in Unix milliseconds
 *
 * Returns: %TRUE if @text is a complete, valid timestamp.
 */
gboolean
kt_datetime_parse (const char *text,
                   gint64     *out_unix_ms)
{
  int y, mo, d, h, mi, s;
  gint64 ms = 0;
  gint64 offset_min = 0;
  const char *p;

  if (text == NULL || strlen (text) < 20)
    return FALSE;

  if (!parse_date_prefix (text, &y, &mo, &d) || text[10] != 'T' ||
      !read_digits (text + 11, 2, &h) || text[13] != ':' ||
      !read_digits (text + 14, 2, &mi) || text[16] != ':' ||
      !read_digits (text + 17, 2, &s))
    return FALSE;

  if (h > 23 || mi > 59 || s > 59)
    return FALSE;

  p = text + 19;
  if (*p == '.')
    {
      guint n = 0;
      gint64 scale = 100;

      for (p++; g_ascii_isdigit (*p); p++, n++)
        {
          ms += (*p - '0') * scale;
          scale /= 10;
        }
      if (n < 1 || n > 9)
        return FALSE;
    }

  if (*p == 'Z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      int oh, om;

      if (!read_digits (p + 1, 2, &oh) || p[3] != ':' ||
          !read_digits (p + 4, 2, &om) || oh > 23 || om > 59)
        return FALSE;
      offset_min = (gint64) oh * 60 + om;
      if (*p == '-')
        offset_min = -offset_min;
      p += 6;
    }
  else
    return FALSE;

  if (*p != '\0')
    return FALSE;

  if (out_unix_ms)
    *out_unix_ms = ((kt_days_from_civil (y, mo, d) * 86400 +
                     (gint64) h * 3600 + (gint64) mi * 60 + s -
                     offset_min * 60) * 1000) + ms;
  return TRUE;
}

gboolean
kt_datetime_is_valid (const char *text)
{
  return kt_datetime_parse (text, NULL);
}

/**
 * kt_iso_from_unix_ms:
 * @unix_ms: Unix time in milliseconds
 *
 * Returns: (transfer full): the UTC timestamp with milliseconds.
 */
char *
kt_iso_from_unix_ms (gint64 unix_ms)
{
  gint64 days = unix_ms >= 0 ? unix_ms / 86400000
                             : -((-unix_ms + 86399999) / 86400000);
  gint64 rem = unix_ms - days * 86400000;
  int y, m, d;

  kt_civil_from_days (days, &y, &m, &d);
  g_return_val_if_fail (y >= 0 && y <= 9999, NULL);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          y, m, d,
                          (int) (rem / 3600000),
                          (int) (rem / 60000 % 60),
                          (int) (rem / 1000 % 60),
                          (int) (rem % 1000));
}
