/* test-format.c: dates, numbers and money for the UI language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-format.h"

#define NNBSP "\xe2\x80\xaf"

static void
test_language_from_environment (void)
{
  const char *saved = g_getenv ("LANGUAGE");
  g_autofree char *copy = g_strdup (saved);

  kt_format_set_language (NULL);

  g_setenv ("LANGUAGE", "bg", TRUE);
  g_assert_cmpstr (kt_format_get_language (), ==, "bg");
  g_setenv ("LANGUAGE", "en_GB:bg", TRUE);
  g_assert_cmpstr (kt_format_get_language (), ==, "en");
  g_setenv ("LANGUAGE", "bg_BG:en", TRUE);
  g_assert_cmpstr (kt_format_get_language (), ==, "bg");

  kt_format_set_language ("en");
  g_assert_cmpstr (kt_format_get_language (), ==, "en");

  if (copy != NULL)
    g_setenv ("LANGUAGE", copy, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  kt_format_set_language (NULL);
}

static void
test_numbers (void)
{
  g_autofree char *bg_big = NULL;
  g_autofree char *bg_small = NULL;
  g_autofree char *en_big = NULL;
  g_autofree char *en_negative = NULL;
  g_autofree char *en_min = NULL;

  kt_format_set_language ("bg");
  bg_big = kt_format_number (1234567);
  bg_small = kt_format_number (999);
  g_assert_cmpstr (bg_big, ==, "1" NNBSP "234" NNBSP "567");
  g_assert_cmpstr (bg_small, ==, "999");
  g_assert_cmpint (kt_format_get_decimal_mark (), ==, ',');

  kt_format_set_language ("en");
  en_big = kt_format_number (1234);
  en_negative = kt_format_number (-1234567);
  en_min = kt_format_number (G_MININT64);
  g_assert_cmpstr (en_big, ==, "1,234");
  g_assert_cmpstr (en_negative, ==, "-1,234,567");
  g_assert_cmpstr (en_min, ==, "-9,223,372,036,854,775,808");
  g_assert_cmpint (kt_format_get_decimal_mark (), ==, '.');

  kt_format_set_language (NULL);
}

static void
test_money (void)
{
  g_autofree char *bg = NULL;
  g_autofree char *en = NULL;
  g_autofree char *direct_bg = NULL;
  g_autofree char *direct_en = NULL;

  /* The UI formats money exactly as the shared library does for the UI
   * language; the shared tests pin the exact shapes. */
  kt_format_set_language ("bg");
  bg = kt_format_money (123456, "BGN");
  direct_bg = kt_money_format (123456, "BGN", "bg");
  g_assert_cmpstr (bg, ==, direct_bg);
  g_assert_nonnull (strstr (bg, "234,56"));

  kt_format_set_language ("en");
  en = kt_format_money (123456, "EUR");
  direct_en = kt_money_format (123456, "EUR", "en");
  g_assert_cmpstr (en, ==, direct_en);
  g_assert_nonnull (strstr (en, "1,234.56"));

  kt_format_set_language (NULL);
}

static void
test_dates (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 11, 5, 10, 0, 0);
  g_autofree char *bg = NULL;
  g_autofree char *en = NULL;
  g_autofree char *from_string = NULL;
  g_autofree char *bad = NULL;

  kt_format_set_language ("bg");
  bg = kt_format_date (date);
  g_assert_cmpstr (bg, ==, "05.11.2026");
  from_string = kt_format_date_string ("2026-02-28");
  g_assert_cmpstr (from_string, ==, "28.02.2026");
  bad = kt_format_date_string ("2026-02-30");
  g_assert_null (bad);

  kt_format_set_language ("en");
  en = kt_format_date (date);
  g_assert_cmpstr (en, ==, "Nov 5, 2026");

  kt_format_set_language (NULL);
}

static void
test_datetime (void)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 11, 25, 18, 4, 30);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *expected = NULL;

  kt_format_set_language ("bg");
  text = kt_format_datetime_string ("2026-11-25T18:04:30.123Z");
  expected = g_strdup_printf ("%02d.%02d.%04d %02d:%02d",
                              g_date_time_get_day_of_month (local),
                              g_date_time_get_month (local),
                              g_date_time_get_year (local),
                              g_date_time_get_hour (local),
                              g_date_time_get_minute (local));
  g_assert_cmpstr (text, ==, expected);
  g_assert_null (kt_format_datetime_string ("yesterday"));

  kt_format_set_language (NULL);
}

static void
test_relative (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 1, 12, 0, 0);
  g_autoptr(GDateTime) today = g_date_time_new_local (2026, 3, 1, 8, 0, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_new_local (2026, 2, 28, 23, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_new_local (2026, 3, 2, 1, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new_local (2026, 3, 9, 1, 0, 0);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  kt_format_set_language ("bg");
  a = kt_format_relative_day (today, now);
  b = kt_format_relative_day (yesterday, now);
  c = kt_format_relative_day (tomorrow, now);
  d = kt_format_relative_day (later, now);

  g_assert_cmpstr (a, ==, _("Today"));
  g_assert_cmpstr (b, ==, _("Yesterday"));
  g_assert_cmpstr (c, ==, _("Tomorrow"));
  g_assert_cmpstr (d, ==, "09.03.2026");

  kt_format_set_language (NULL);
}

static void
test_parse_date (void)
{
  static const struct { const char *text; const char *iso; } good[] = {
    { "25.11.2026", "2026-11-25" },
    { "5.1.2026", "2026-01-05" },
    { " 2026-11-25 ", "2026-11-25" },
    { "29.02.2028", "2028-02-29" },
  };
  static const char *bad[] = {
    "30.02.2026", "2026-13-01", "25.11.26", "25/11/2026", "", "abc", "2026-1-5", "1.2.3.2026",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = NULL;

      g_assert_true (kt_format_parse_date (good[i].text, &iso, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (iso, ==, good[i].iso);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = NULL;

      g_assert_false (kt_format_parse_date (bad[i], &iso, &error));
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      g_assert_null (iso);
    }
}

/* A date is shown as the very day in any zone, also one that the zone
 * skipped (found by fuzz/fuzz-typed-text.c: 31.12.1994 was shown as
 * 01.01.1995 in Pacific/Kiritimati, whose midnight that day never was). */
static void
test_date_skipped_day (void)
{
  static const struct { const char *zone, *iso, *bg, *en; } cases[] = {
    { "Pacific/Kiritimati", "1994-12-31", "31.12.1994", "Dec 31, 1994" },
    { "Pacific/Apia", "2011-12-30", "30.12.2011", "Dec 30, 2011" },
    { "America/Los_Angeles", "2026-03-08", "08.03.2026", "Mar 8, 2026" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bg = NULL;
      g_autofree char *en = NULL;

      kt_format_set_time_zone (cases[i].zone);
      kt_format_set_language ("bg");
      bg = kt_format_date_string (cases[i].iso);
      kt_format_set_language ("en");
      en = kt_format_date_string (cases[i].iso);
      g_assert_cmpstr (bg, ==, cases[i].bg);
      g_assert_cmpstr (en, ==, cases[i].en);
    }
  kt_format_set_time_zone (NULL);
  kt_format_set_language (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/language", test_language_from_environment);
  g_test_add_func ("/format/numbers", test_numbers);
  g_test_add_func ("/format/money", test_money);
  g_test_add_func ("/format/dates", test_dates);
  g_test_add_func ("/format/datetime", test_datetime);
  g_test_add_func ("/format/relative", test_relative);
  g_test_add_func ("/format/parse-date", test_parse_date);
  g_test_add_func ("/format/date-skipped-day", test_date_skipped_day);

  return g_test_run ();
}
