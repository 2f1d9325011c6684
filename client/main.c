/* main.c: the kantora desktop client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kt-application.h"
#include "kt-gpu.h"
#include "kt-secrets.h"

/* The "language" setting overrides the system language. It is read before
 * GTK starts, so a change takes effect on the next start. */
static void
apply_language_setting (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *language = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, KT_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    return;

  settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  language = g_settings_get_string (settings, "language");
  if (g_strcmp0 (language, "bg") == 0 || g_strcmp0 (language, "en") == 0)
    g_setenv ("LANGUAGE", language, TRUE);
}

/* When the process started, on GLib's monotonic clock: --measure-first-frame
 * counts from there, so that the figure includes the loading and dynamic
 * linking before main(). The kernel keeps the start in clock ticks since
 * boot (/proc/self/stat, field 22; 10 ms resolution), on the clock
 * CLOCK_BOOTTIME reads. Falls back to now. */
static gint64
process_start_monotonic_us (void)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  struct timespec boot;
  long ticks_per_s = sysconf (_SC_CLK_TCK);
  guint64 start_ticks;
  gint64 age_us;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL || ticks_per_s <= 0 ||
      clock_gettime (CLOCK_BOOTTIME, &boot) != 0)
    return now;
  /* After the name: field 3 (state) is fields[0], so starttime is [19]. */
  fields = g_strsplit (after_name + 2, " ", 21);
  if (g_strv_length (fields) < 21 ||
      !g_ascii_string_to_unsigned (fields[19], 10, 0, G_MAXUINT64, &start_ticks, NULL))
    return now;
  age_us = (gint64) boot.tv_sec * G_USEC_PER_SEC + boot.tv_nsec / 1000 -
           (gint64) (start_ticks * G_USEC_PER_SEC / (guint64) ticks_per_s);
  if (age_us < 0 || age_us > 60 * G_USEC_PER_SEC)
    return now;
  return now - age_us;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KtApplication) app = NULL;
  int status;
  gint64 start = process_start_monotonic_us ();
  const char *localedir;

  apply_language_setting ();

  /* gettext ignores LANGUAGE under the plain "C" locale, which is what a
   * machine without locales (a container, a fresh server) gives us; C.UTF-8
   * keeps the same formats and lets the chosen language through. */
  if (g_strcmp0 (setlocale (LC_ALL, ""), "C") == 0)
    setlocale (LC_ALL, "C.UTF-8");
  localedir = g_getenv ("KANTORA_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before GTK picks a renderer for the first window. */
  kt_gpu_choose_renderer ();

  app = kt_application_new (APPLICATION_ID, G_APPLICATION_DEFAULT_FLAGS);
  kt_application_set_start_time (app, start);

  status = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_object (&app);
  kt_secrets_shutdown ();

  return status;
}
