/* test-time-zone-days.c: the Tasks pane's days and the task row's due
 * time follow the profile's time zone, not the machine's
 *
 * The machine runs in UTC; the person is in Sofia (UTC+2 in December).
 * At 22:30 UTC it is already 00:30 on the 8th for them: "today" starts
 * at 22:00 UTC, and a task due 23:30 UTC is due today at 01:30.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"
#include "kt-format.h"
#include "kt-task-groups.h"

static void
test_day_bounds (void)
{
  gint64 now_ms = 0;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *machine_start = NULL;
  g_autofree char *machine_end = NULL;
  g_autofree char *shown = NULL;

  g_assert_true (kt_datetime_parse ("2026-12-07T22:30:00.000Z", &now_ms));

  kt_format_set_time_zone (NULL);
  kt_task_groups_day_bounds (now_ms, &machine_start, &machine_end);
  g_assert_cmpstr (machine_start, ==, "2026-12-07T00:00:00.000Z");
  g_assert_cmpstr (machine_end, ==, "2026-12-08T00:00:00.000Z");

  kt_format_set_time_zone ("Europe/Sofia");
  kt_task_groups_day_bounds (now_ms, &start, &end);
  g_assert_cmpstr (start, ==, "2026-12-07T22:00:00.000Z");
  g_assert_cmpstr (end, ==, "2026-12-08T22:00:00.000Z");
  shown = kt_format_datetime_string ("2026-12-07T23:30:00.000Z");
  g_assert_cmpstr (shown, ==, "08.12.2026 01:30");
  kt_format_set_time_zone (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  kt_format_set_language ("bg");

  g_test_add_func ("/gui/time-zone/day-bounds", test_day_bounds);

  return g_test_run ();
}
