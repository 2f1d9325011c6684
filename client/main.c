/* main.c: the kantora desktop client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kt-application.h"
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KtApplication) app = NULL;
  int status;
  gint64 start = g_get_monotonic_time ();
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

  app = kt_application_new (APPLICATION_ID, G_APPLICATION_DEFAULT_FLAGS);
  kt_application_set_start_time (app, start);

  status = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_object (&app);
  kt_secrets_shutdown ();

  return status;
}
