/* kt-bench-studio.c: a keystroke in the template studio to the preview
 *
 *   kt-bench-studio [--keys N]
 *
 * Builds the Templates pane (KtStudioPane) in a shown 1280x800 window on
 * a temporary store, makes a template from the built-in classic one and
 * waits for its first preview; then N times inserts one character at the
 * editor's cursor, through the text buffer as a typed key does, and
 * measures until the preview shows the new PDF page painted: the
 * debounce, the rendering on the worker (template, PDF, poppler's page
 * image) and the frame. Keys are 150 ms apart after each preview, a quick
 * typist's pace, so every one is measured on its own. Prints
 * "studio.keystroke_to_preview_p50: X ms" and "…_p95". Needs a display:
 * tools/bench runs it under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-bench-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "kt-context.h"
#include "kt-studio-editor.h"
#include "kt-studio-pane.h"
#include "kt-studio-preview.h"

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

/* Until the preview finished a rendering after @serial and a frame has
 * been painted since. */
static void
wait_for_preview (KtStudioPreview *preview,
                  GtkWidget       *window,
                  guint            serial)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong id;

  while (kt_studio_preview_get_serial (preview) <= serial)
    g_main_context_iteration (NULL, TRUE);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = NULL;
  g_autoptr(KtContext) context = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window, *pane, *editor, *preview;
  GtkTextBuffer *buffer;
  int keys = 60;
  GOptionEntry entries[] = {
    { "keys", 0, 0, G_OPTION_ARG_INT, &keys, "Keystrokes to measure", "N" },
    { NULL }
  };

  options = g_option_context_new ("- a keystroke in the template studio to its preview");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  gtk_init ();
  adw_init ();

  if (!(tmpdir = g_dir_make_tmp ("kantora-bench-studio-XXXXXX", &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  path = g_build_filename (tmpdir, "kantora.db", NULL);
  if (!(store = kt_store_open (path, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (KT_SETTINGS_SCHEMA_ID, backend);
  context = kt_context_new (settings, store);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  pane = kt_studio_pane_new (context);
  adw_window_set_content (ADW_WINDOW (window), pane);
  gtk_window_present (GTK_WINDOW (window));
  editor = kt_studio_pane_get_editor (KT_STUDIO_PANE (pane));
  preview = kt_studio_editor_get_preview (KT_STUDIO_EDITOR (editor));

  gtk_widget_activate_action (pane, "studio.new", "s", "classic-bg");
  wait_for_preview (KT_STUDIO_PREVIEW (preview), window, 0);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (kt_studio_editor_get_view (KT_STUDIO_EDITOR (editor))));
  gtk_text_buffer_insert_at_cursor (buffer, "{{invoice.number}} ", -1);

  /* Three keys untimed: the worker thread and the fonts warm up. */
  for (int i = -3; i < MAX (keys, 1); i++)
    {
      guint serial = kt_studio_preview_get_serial (KT_STUDIO_PREVIEW (preview));
      gint64 start;
      double ms;

      iterate_for (150);
      serial = kt_studio_preview_get_serial (KT_STUDIO_PREVIEW (preview));
      start = g_get_monotonic_time ();
      gtk_text_buffer_insert_at_cursor (buffer, i % 10 == 9 ? " " : "a", -1);
      wait_for_preview (KT_STUDIO_PREVIEW (preview), window, serial);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (i >= 0)
        g_array_append_val (times, ms);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_sort (times, compare_doubles);
  g_print ("studio.keystroke_to_preview_p50: %.1f ms\n", g_array_index (times, double, times->len / 2));
  g_print ("studio.keystroke_to_preview_p95: %.1f ms\n",
           g_array_index (times, double, MIN (times->len - 1, (times->len * 95 + 99) / 100 - 1)));

  g_clear_object (&context);
  g_clear_object (&store);
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (tmpdir);
  return 0;
}
