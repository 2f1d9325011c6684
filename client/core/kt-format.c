/* kt-format.c: dates, numbers and money formatted for the UI language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-format"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-format.h"

/* U+202F NARROW NO-BREAK SPACE: the Bulgarian group separator, the same one
 * kt_money_format() uses, so numbers and amounts line up. */
#define GROUP_SEP_BG "\xe2\x80\xaf"

static char *forced_language;
static GTimeZone *shown_zone;

const char *
kt_format_get_language (void)
{
  const char * const *names;

  if (forced_language != NULL)
    return forced_language;

  /* The first language that we have a translation for, or that is English
   * or C, decides; gettext walks the same list. */
  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "bg"))
        return "bg";
      if (g_str_has_prefix (names[i], "en") || g_str_equal (names[i], "C"))
        return "en";
    }

  return "en";
}

void
kt_format_set_language (const char *lang)
{
  g_return_if_fail (lang == NULL || g_str_equal (lang, "bg") || g_str_equal (lang, "en"));

  g_clear_pointer (&forced_language, g_free);
  forced_language = g_strdup (lang);
}

static gboolean
is_bulgarian (void)
{
  return g_str_equal (kt_format_get_language (), "bg");
}

void
kt_format_set_time_zone (const char *identifier)
{
  g_clear_pointer (&shown_zone, g_time_zone_unref);
  if (identifier != NULL && kt_timezone_is_valid (identifier))
    shown_zone = g_time_zone_new_identifier (identifier);
}

GTimeZone *
kt_format_get_time_zone (void)
{
  static GTimeZone *machine_zone;

  if (shown_zone != NULL)
    return shown_zone;
  /* GLib reads TZ once as well; the machine's zone does not change under
   * a running client. */
  if (g_once_init_enter (&machine_zone))
    g_once_init_leave (&machine_zone, g_time_zone_new_local ());
  return machine_zone;
}

GDateTime *
kt_format_now (void)
{
  return g_date_time_new_now (kt_format_get_time_zone ());
}

GDateTime *
kt_format_from_unix (gint64 seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);

  return utc != NULL ? g_date_time_to_timezone (utc, kt_format_get_time_zone ()) : NULL;
}

GDateTime *
kt_format_to_shown (GDateTime *time)
{
  return g_date_time_to_timezone (time, kt_format_get_time_zone ());
}

char
kt_format_get_decimal_mark (void)
{
  return is_bulgarian () ? ',' : '.';
}

char *
kt_format_number (gint64 value)
{
  const char *sep = is_bulgarian () ? GROUP_SEP_BG : ",";
  g_autofree char *digits = NULL;
  GString *out = g_string_new (NULL);
  guint64 magnitude;
  gsize len;

  /* Work on the unsigned magnitude so G_MININT64 does not overflow. */
  magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  len = strlen (digits);

  if (value < 0)
    g_string_append_c (out, '-');

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

char *
kt_format_money (gint64      minor,
                 const char *currency)
{
  g_return_val_if_fail (currency != NULL, NULL);

  return kt_money_format (minor, currency, kt_format_get_language ());
}

static const char *
month_abbreviation (int month)
{
  /* Explicit names so an English date does not depend on the C library's
   * locale data; they go through gettext like every other string. */
  static const char * const months[] = {
    NC_("month abbreviation", "Jan"), NC_("month abbreviation", "Feb"),
    NC_("month abbreviation", "Mar"), NC_("month abbreviation", "Apr"),
    NC_("month abbreviation", "May"), NC_("month abbreviation", "Jun"),
    NC_("month abbreviation", "Jul"), NC_("month abbreviation", "Aug"),
    NC_("month abbreviation", "Sep"), NC_("month abbreviation", "Oct"),
    NC_("month abbreviation", "Nov"), NC_("month abbreviation", "Dec"),
  };

  g_assert (month >= 1 && month <= 12);

  return g_dpgettext2 (GETTEXT_PACKAGE, "month abbreviation", months[month - 1]);
}

char *
kt_format_date (GDateTime *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (is_bulgarian ())
    return g_strdup_printf ("%02d.%02d.%04d",
                            g_date_time_get_day_of_month (date),
                            g_date_time_get_month (date),
                            g_date_time_get_year (date));

  return g_strdup_printf ("%s %d, %04d",
                          month_abbreviation (g_date_time_get_month (date)),
                          g_date_time_get_day_of_month (date),
                          g_date_time_get_year (date));
}

static gboolean
parse_ymd (const char *text,
           int        *y,
           int        *m,
           int        *d)
{
  char *end;
  gint64 year, month, day;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  year = g_ascii_strtoll (text, &end, 10);
  if (*end != '-' || end - text != 4)
    return FALSE;
  text = end + 1;
  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  month = g_ascii_strtoll (text, &end, 10);
  if (*end != '-' || end - text != 2)
    return FALSE;
  text = end + 1;
  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  day = g_ascii_strtoll (text, &end, 10);
  if (end - text != 2 || (*end != '\0' && *end != 'T'))
    return FALSE;

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  *y = (int) year;
  *m = (int) month;
  *d = (int) day;
  return TRUE;
}

char *
kt_format_date_string (const char *iso_date)
{
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (iso_date == NULL || !parse_ymd (iso_date, &y, &m, &d))
    return NULL;

  /* A date has no zone. Midnight of the shown one may not exist: the
   * zone may have skipped the whole day (Kiritimati 1994-12-31, Samoa
   * 2011-12-30), and GLib then moved it to the next. */
  date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return kt_format_date (date);
}

char *
kt_format_datetime_string (const char *iso_datetime)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;

  if (iso_datetime == NULL)
    return NULL;

  utc = g_date_time_new_from_iso8601 (iso_datetime, NULL);
  if (utc == NULL)
    return NULL;

  local = g_date_time_to_timezone (utc, kt_format_get_time_zone ());
  day = kt_format_date (local);
  return g_strdup_printf ("%s %02d:%02d", day,
                          g_date_time_get_hour (local),
                          g_date_time_get_minute (local));
}

char *
kt_format_relative_day (GDateTime *date,
                        GDateTime *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  GDate a, b;
  int diff;

  g_return_val_if_fail (date != NULL, NULL);

  local_now = now != NULL ? g_date_time_ref (now) : kt_format_now ();

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, g_date_time_get_day_of_month (date),
                  g_date_time_get_month (date), g_date_time_get_year (date));
  g_date_set_dmy (&b, g_date_time_get_day_of_month (local_now),
                  g_date_time_get_month (local_now), g_date_time_get_year (local_now));
  diff = g_date_days_between (&b, &a);

  switch (diff)
    {
    case 0:
      return g_strdup (_("Today"));
    case -1:
      return g_strdup (_("Yesterday"));
    case 1:
      return g_strdup (_("Tomorrow"));
    default:
      return kt_format_date (date);
    }
}

char *
kt_format_decimal (gint64 value,
                   guint  decimals)
{
  gint64 scale = 1;
  g_autoptr(GString) out = g_string_new (NULL);
  guint64 magnitude;
  guint64 fraction;
  int width = (int) decimals;

  g_return_val_if_fail (decimals <= 6, NULL);

  for (guint i = 0; i < decimals; i++)
    scale *= 10;

  magnitude = value < 0 ? -(guint64) value : (guint64) value;
  fraction = magnitude % (guint64) scale;
  if (value < 0)
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, magnitude / (guint64) scale);

  if (fraction != 0)
    {
      while (fraction % 10 == 0)
        {
          fraction /= 10;
          width--;
        }
      g_string_append_printf (out, "%c%0*" G_GUINT64_FORMAT, kt_format_get_decimal_mark (),
                              width, fraction);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
kt_format_parse_decimal (const char  *text,
                         guint        decimals,
                         gint64      *out,
                         GError     **error)
{
  char mark = kt_format_get_decimal_mark ();
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean negative = FALSE;
  gboolean seen_mark = FALSE;
  guint n_fraction = 0;
  guint64 value;
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (decimals <= 6, FALSE);

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F)
        continue;
      if (c == '-' && digits->len == 0 && !negative && !seen_mark)
        negative = TRUE;
      else if (c == (gunichar) mark && !seen_mark)
        seen_mark = TRUE;
      else if (c >= '0' && c <= '9' && (!seen_mark || n_fraction < decimals))
        {
          g_string_append_c (digits, (char) c);
          n_fraction += seen_mark ? 1 : 0;
        }
      else
        goto bad;
    }

  if (digits->len == 0)
    goto bad;
  for (; n_fraction < decimals; n_fraction++)
    g_string_append_c (digits, '0');
  if (!g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64, &value, NULL))
    goto bad;

  *out = negative ? -(gint64) value : (gint64) value;
  return TRUE;

bad:
  g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
               /* Translators: %s is what the person typed, %u the most
                * decimals allowed */
               ngettext ("“%s” is not a number with at most %u decimal",
                         "“%s” is not a number with at most %u decimals", decimals),
               text, decimals);
  return FALSE;
}

gboolean
kt_format_parse_date (const char  *text,
                      char       **out_iso,
                      GError     **error)
{
  g_autofree char *stripped = NULL;
  int y = 0, m = 0, d = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_iso != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));

  if (strchr (stripped, '-') != NULL)
    {
      ok = parse_ymd (stripped, &y, &m, &d) && strlen (stripped) == 10;
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (stripped, ".", -1);

      if (g_strv_length (parts) == 3)
        {
          char *end_d, *end_m, *end_y;
          gint64 dd = g_ascii_strtoll (parts[0], &end_d, 10);
          gint64 mm = g_ascii_strtoll (parts[1], &end_m, 10);
          gint64 yy = g_ascii_strtoll (parts[2], &end_y, 10);

          ok = *parts[0] && *end_d == '\0' && strlen (parts[0]) <= 2 &&
               *parts[1] && *end_m == '\0' && strlen (parts[1]) <= 2 &&
               strlen (parts[2]) == 4 && *end_y == '\0' &&
               g_date_valid_dmy ((GDateDay) dd, (GDateMonth) mm, (GDateYear) yy);
          d = (int) dd;
          m = (int) mm;
          y = (int) yy;
        }
    }

  if (!ok)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   /* Translators: %s is what the person typed; the example
                    * is a date as people write it in your language (both
                    * 25.11.2026 and 2026-11-25 are read) */
                   _("“%s” is not a date: write it as 2026-11-25"),
                   stripped);
      return FALSE;
    }

  *out_iso = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  return TRUE;
}

/**
 * kt_format_month_abbreviation:
 * @month: 1 (January) to 12
 *
 * Returns: (transfer none): "Nov" or "ное", the month's short name in the
 *   UI language, as dates show it
 */
const char *
kt_format_month_abbreviation (int month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  return month_abbreviation (month);
}
