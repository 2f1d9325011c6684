/* test-time-zone.c: dates and times shown in the profile's time zone,
 * not the machine's
 *
 * The machine runs in UTC here; the person lives in Sofia (UTC+2 in
 * December). A task due at 23:30 UTC is due at 01:30 the next day for
 * them, and that is what every format shows and what typing reads back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kantora-shared.h"
#include "kt-context.h"
#include "kt-format.h"
#include "kt-when.h"

#define DUE "2026-12-07T23:30:00.000Z"

static void
test_machine_zone (void)
{
  g_autofree char *shown = NULL;

  kt_format_set_time_zone (NULL);
  shown = kt_format_datetime_string (DUE);
  g_assert_cmpstr (shown, ==, "07.12.2026 23:30");
}

static void
test_profile_zone (void)
{
  g_autofree char *shown = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *day = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GDateTime) due_local = NULL;
  g_autoptr(GDateTime) now = NULL;
  const char *field = NULL;
  g_autoptr(GError) error = NULL;

  kt_format_set_time_zone ("Europe/Sofia");
  g_assert_cmpstr (g_time_zone_get_identifier (kt_format_get_time_zone ()), ==, "Europe/Sofia");

  shown = kt_format_datetime_string (DUE);
  g_assert_cmpstr (shown, ==, "08.12.2026 01:30");

  /* The task editor's fields, and what typing them back gives. */
  g_assert_true (kt_when_format (DUE, &date, &time));
  g_assert_cmpstr (date, ==, "08.12.2026");
  g_assert_cmpstr (time, ==, "01:30");
  g_assert_true (kt_when_parse (date, time, 9, 0, "Due date", "Due time", &typed, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (typed, ==, DUE);

  /* At 22:00 in Sofia (20:00 UTC) the task is due tomorrow, though the
   * machine's calendar says today. */
  due = g_date_time_new_from_iso8601 (DUE, NULL);
  due_local = g_date_time_to_timezone (due, kt_format_get_time_zone ());
  now = g_date_time_new (kt_format_get_time_zone (), 2026, 12, 7, 22, 0, 0);
  day = kt_format_relative_day (due_local, now);
  /* Untranslated unless the catalogue is installed. */
  g_assert_true (g_str_equal (day, "Tomorrow") || g_str_equal (day, "Утре"));

  kt_format_set_time_zone (NULL);
}

static void
test_unknown_zone (void)
{
  g_autofree char *shown = NULL;

  /* Not a zone Kantora knows: the machine's, never a crash or UTC by
   * accident of GLib's fallback. */
  kt_format_set_time_zone ("Mars/Olympus_Mons");
  shown = kt_format_datetime_string (DUE);
  g_assert_cmpstr (shown, ==, "07.12.2026 23:30");
  kt_format_set_time_zone (NULL);
}

/* The context follows the "time-zone" setting, which the profile form
 * writes: at once, not at the next start. */
static void
test_context_follows_setting (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kt-time-zone-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = kt_store_open (path, &error);
  g_autoptr(KtContext) context = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reset = NULL;

  g_assert_no_error (error);
  g_settings_set_string (settings, "time-zone", "");
  context = kt_context_new (settings, store);
  before = kt_format_datetime_string (DUE);
  g_assert_cmpstr (before, ==, "07.12.2026 23:30");

  g_settings_set_string (settings, "time-zone", "Europe/Sofia");
  after = kt_format_datetime_string (DUE);
  g_assert_cmpstr (after, ==, "08.12.2026 01:30");

  g_settings_set_string (settings, "time-zone", "");
  reset = kt_format_datetime_string (DUE);
  g_assert_cmpstr (reset, ==, "07.12.2026 23:30");

  g_clear_object (&context);
  g_clear_object (&store);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Before GLib first reads the machine's zone. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  kt_format_set_language ("bg");

  g_test_add_func ("/time-zone/machine", test_machine_zone);
  g_test_add_func ("/time-zone/profile", test_profile_zone);
  g_test_add_func ("/time-zone/unknown", test_unknown_zone);
  g_test_add_func ("/time-zone/context-follows-setting", test_context_follows_setting);

  return g_test_run ();
}
