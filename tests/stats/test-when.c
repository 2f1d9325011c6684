/* test-when.c: a date and a time typed by a person, to and from a stored
 * UTC stamp, in a zone with summer time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-format.h"
#include "kt-when.h"

static char *
parse (const char  *date,
       const char  *time,
       const char **out_field,
       GError     **error)
{
  char *iso = NULL;

  if (!kt_when_parse (date, time, 9, 0, "Due date", "Due time", &iso, out_field, error))
    return NULL;
  return iso;
}

static void
test_parse (void)
{
  static const struct { const char *date, *time, *iso; } good[] = {
    /* Sofia is UTC+2 in winter and UTC+3 in summer. */
    { "25.11.2026", "14:30", "2026-11-25T12:30:00.000Z" },
    { "2026-11-25", "0:05", "2026-11-24T22:05:00.000Z" },
    { "1.7.2026", "09:00", "2026-07-01T06:00:00.000Z" },
    /* No time: the default hour the caller gives. */
    { "25.11.2026", "", "2026-11-25T07:00:00.000Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *field = NULL;
      g_autofree char *iso = parse (good[i].date, good[i].time, &field, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (iso, ==, good[i].iso);
      g_assert_null (field);
    }
}

static void
test_parse_refuses (void)
{
  static const struct { const char *date, *time, *field, *label; } bad[] = {
    { "30.02.2026", "14:30", "date", "Due date: " },
    { "tomorrow", "", "date", "Due date: " },
    { "25.11.2026", "24:00", "time", "Due time: " },
    { "25.11.2026", "14:60", "time", "Due time: " },
    { "25.11.2026", "14:30pm", "time", "Due time: " },
    { "25.11.2026", "noon", "time", "Due time: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *field = NULL;
      g_autofree char *iso = parse (bad[i].date, bad[i].time, &field, &error);

      g_assert_null (iso);
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      g_assert_cmpstr (field, ==, bad[i].field);
      /* The form shows the message under the field: it names it. */
      g_assert_true (g_str_has_prefix (error->message, bad[i].label));
    }
}

static void
test_format_round_trip (void)
{
  const char *stamp = "2026-07-01T06:00:00.000Z";
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *bg_date = NULL;
  g_autofree char *bg_time = NULL;
  g_autofree char *back = NULL;
  g_autofree char *bg_back = NULL;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;

  kt_format_set_language ("en");
  g_assert_true (kt_when_format (stamp, &date, &time));
  g_assert_cmpstr (date, ==, "2026-07-01");
  g_assert_cmpstr (time, ==, "09:00");
  back = parse (date, time, &field, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, stamp);

  /* In Bulgarian the date is written as a Bulgarian types it, and it
   * still reads back. */
  kt_format_set_language ("bg");
  g_assert_true (kt_when_format (stamp, &bg_date, &bg_time));
  g_assert_cmpstr (bg_date, ==, "01.07.2026");
  g_assert_cmpstr (bg_time, ==, "09:00");
  bg_back = parse (bg_date, bg_time, &field, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bg_back, ==, stamp);
  kt_format_set_language (NULL);
}

static void
test_format_refuses (void)
{
  char *date = NULL;
  char *time = NULL;

  g_assert_false (kt_when_format (NULL, &date, &time));
  g_assert_false (kt_when_format ("not a stamp", &date, &time));
  /* A stamp of the year 0 parses, but GLib holds no such time. */
  g_assert_false (kt_when_format ("0000-12-31T23:00:00.000Z", &date, &time));
  g_assert_null (date);
  g_assert_null (time);
}

/* Years before 1000 are written with four digits, which read back
 * (fuzz-typed-text found 0266-12-31 written as "266-12-31"). */
static void
test_format_early_year (void)
{
  g_autofree char *stamp = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *bg_date = NULL;
  g_autofree char *bg_time = NULL;
  g_autofree char *back = NULL;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;

  stamp = parse ("0266-12-31", "12:00", &field, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stamp);

  kt_format_set_language ("en");
  g_assert_true (kt_when_format (stamp, &date, &time));
  g_assert_cmpstr (date, ==, "0266-12-31");
  g_assert_cmpstr (time, ==, "12:00");
  back = parse (date, time, &field, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, stamp);

  kt_format_set_language ("bg");
  g_assert_true (kt_when_format (stamp, &bg_date, &bg_time));
  g_assert_cmpstr (bg_date, ==, "31.12.0266");
  kt_format_set_language (NULL);
}

/* A local time whose UTC lies outside the years 1 to 9999 (which GLib
 * and the stored stamps hold) is refused under the date, not a critical
 * warning and a NULL stamp. So early, the zones keep their local mean
 * time: Los Angeles -7:52:58, Sofia +1:33:16. */
static void
test_parse_calendar_ends (void)
{
  static const struct { const char *zone, *date, *time; gboolean ok; } cases[] = {
    { "America/Los_Angeles", "31.12.9999", "23:59", FALSE },
    { "America/Los_Angeles", "31.12.9999", "12:00", TRUE },
    { "Europe/Sofia", "01.01.0001", "00:00", FALSE },
    { "Europe/Sofia", "01.01.0001", "12:00", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = NULL;
      const char *field = NULL;

      kt_format_set_time_zone (cases[i].zone);
      iso = parse (cases[i].date, cases[i].time, &field, &error);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_true (kt_datetime_is_valid (iso));
          continue;
        }
      g_assert_null (iso);
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      g_assert_cmpstr (field, ==, "date");
      g_assert_true (g_str_has_prefix (error->message, "Due date: "));
    }
  kt_format_set_time_zone (NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything reads the local zone. */
  g_setenv ("TZ", "Europe/Sofia", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/when/parse", test_parse);
  g_test_add_func ("/when/parse-refuses", test_parse_refuses);
  g_test_add_func ("/when/format-round-trip", test_format_round_trip);
  g_test_add_func ("/when/format-refuses", test_format_refuses);
  g_test_add_func ("/when/format-early-year", test_format_early_year);
  g_test_add_func ("/when/parse-calendar-ends", test_parse_calendar_ends);

  return g_test_run ();
}
