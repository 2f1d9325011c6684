/* kt-ui-test.c: the harness of the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ui-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "kt-deal-board.h"
#include "kt-gen.h"
#include "kt-record-detail.h"
#include "kt-ui-test.h"

void
kt_ui_test_init (int    *argc,
                 char ***argv)
{
  const char *localedir = g_getenv ("KANTORA_LOCALEDIR");

  /* LANGUAGE=bg picks the translation, as in main.c. */
  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

void
kt_ui_iterate (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

void
kt_ui_wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (window);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (window);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  g_assert_true (painted);
}

void
kt_ui_fill_demo (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  KtGenParams params;

  kt_gen_params_init_demo (&params);
  params.now_ms = G_GINT64_CONSTANT (1795600000000);
  g_assert_true (kt_gen_fill (store, &params, &error));
  g_assert_no_error (error);
}

void
kt_ui_assert_narrow (GtkWindow *window)
{
  int min = 0;

  gtk_widget_measure (gtk_window_get_child (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
}

static int
surface_width (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return surface != NULL ? gdk_surface_get_width (surface) : 0;
}

void
kt_ui_resize (GtkWindow *window,
              int        width,
              int        height)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gint64 settled = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  int last = gtk_widget_get_width (GTK_WIDGET (window));

  gtk_window_set_default_size (window, width, height);
  /* A window whose minimum is wider never reaches @width (the caller's
   * assertion says so): stop once its width has held still for 2 s
   * rather than wait out the deadline. A dialog's default size counts
   * its shadow, so the widget of a dialog that reached @width is a few
   * pixels narrower: its surface is the one that is @width wide. */
  while (gtk_widget_get_width (GTK_WIDGET (window)) != width &&
         surface_width (window) != width &&
         g_get_monotonic_time () < MIN (deadline, settled))
    {
      int now;

      kt_ui_iterate (50);
      now = gtk_widget_get_width (GTK_WIDGET (window));
      if (now != last)
        {
          last = now;
          settled = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
        }
    }
  /* A frame at the new size before anything looks at the window (a
   * screenshot renders it), then past folding, transitions and what a
   * new width shows or hides. */
  kt_ui_wait_for_frame (GTK_WIDGET (window));
  kt_ui_iterate (300);
}

static void
fill_and_close (const char   *path,
                KtUiFillFunc  fill)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = kt_store_open (path, &error);

  g_assert_no_error (error);
  fill (store);
}

void
kt_ui_fixture_setup (KtUiFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *app_id = NULL;
  static guint n_apps;

  /* The memory settings backend lives as long as the process: start every
   * test from the defaults. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_string (settings, "last-section", "contacts");

  fixture->tmpdir = g_dir_make_tmp ("kantora-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->tmpdir, "kantora.db", NULL);

  if (data != NULL)
    fill_and_close (fixture->store_path, (KtUiFillFunc) data);

  /* A fresh id per test: a GApplication stays exported on the session bus
   * under its id's object path until the process ends. */
  app_id = g_strdup_printf ("org.kantora.Kantora.Test%u", ++n_apps);
  fixture->app = kt_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  kt_application_set_store_path (fixture->app, fixture->store_path);
  kt_application_set_demo (fixture->app, FALSE);
  /* The sign-in screen of a first start is tests/ui/test-ui-account's. */
  kt_application_set_ask_sign_in (fixture->app, FALSE);

  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture->app));

  fixture->window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_true (KT_IS_WINDOW (fixture->window));
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
kt_ui_fixture_teardown (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app));

  /* Forms and dialogs first, then the main window. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  /* Windows only transient for the main one (a deal's detail) are not
   * the application's: a modal one left over would take the next test's
   * pointer and keys. */
  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), 0);

      gtk_window_destroy (window);
    }
  kt_ui_iterate (10);

  g_clear_object (&fixture->app);
  kt_ui_iterate (10);

  remove_tree (fixture->tmpdir);
  g_clear_pointer (&fixture->store_path, g_free);
  g_clear_pointer (&fixture->tmpdir, g_free);
}

GtkWidget *
kt_ui_find_widget (GtkWidget *root,
                   GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kt_ui_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef gboolean (*MatchFunc) (GtkWidget *widget, const char *text);

/* The first mapped widget under @root (depth first) that @match takes. */
static GtkWidget *
find_mapped (GtkWidget  *root,
             MatchFunc   match,
             const char *text)
{
  if (gtk_widget_get_mapped (root) && match (root, text))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, match, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_label (GtkWidget  *widget,
          const char *text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_row (GtkWidget  *widget,
        const char *title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_actionable (GtkWidget  *widget,
               const char *action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

GtkWidget *
kt_ui_find_label (GtkWidget  *root,
                  const char *text)
{
  return find_mapped (root, is_label, text);
}

gboolean
kt_ui_has_label (GtkWidget  *root,
                 const char *text)
{
  return kt_ui_find_label (root, text) != NULL;
}

GtkWidget *
kt_ui_find_row (GtkWidget  *root,
                const char *title)
{
  return find_mapped (root, is_row, title);
}

GtkWidget *
kt_ui_find_actionable (GtkWidget  *root,
                       const char *action)
{
  return find_mapped (root, is_actionable, action);
}

GtkWindow *
kt_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        found = window;
    }

  return found;
}

char *
kt_ui_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *out = g_getenv ("KT_TEST_OUTPUT_DIR");
  g_autofree char *dir = g_build_filename (out != NULL ? out : ".", "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  kt_ui_wait_for_frame (GTK_WIDGET (gtk_widget_get_root (widget)));

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return path;
}

static char *
without_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      /* "__" is a literal underscore. */
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if ((GTK_IS_BUTTON (root) || GTK_IS_MENU_BUTTON (root)) && gtk_widget_get_mapped (root))
    {
      gboolean menu = GTK_IS_MENU_BUTTON (root);
      const char *text = menu ? gtk_menu_button_get_label (GTK_MENU_BUTTON (root))
                              : gtk_button_get_label (GTK_BUTTON (root));
      const char *icon = menu ? gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (root))
                              : gtk_button_get_icon_name (GTK_BUTTON (root));
      g_autofree char *shown = NULL;

      /* An icon button says what it does in its tooltip. */
      if (text == NULL || icon != NULL)
        text = gtk_widget_get_tooltip_text (root);
      shown = text != NULL ? without_mnemonic (text) : NULL;
      if (g_strcmp0 (shown, label) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
kt_ui_find_button (GtkWidget  *root,
                   const char *label)
{
  g_autofree char *wanted = without_mnemonic (label);

  return find_button (root, wanted);
}

static Display *
x_display (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

static Window
x_window (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);

  g_assert_nonnull (native);
  return gdk_x11_surface_get_xid (gtk_native_get_surface (native));
}

/* Gives @widget's toplevel the X input focus (there is no window manager
 * under Xvfb to do it) and waits until GTK knows it is active. The wait
 * runs the main loop, where the app may rebuild what holds @widget (a
 * sync's answer rebuilds a record's detail): only the window is used
 * after it. */
static void
focus_window (GtkWidget *widget)
{
  g_autoptr(GtkWindow) window = g_object_ref (GTK_WINDOW (gtk_widget_get_root (widget)));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  Display *display;

  kt_ui_wait_for_frame (GTK_WIDGET (window));
  /* Always: GTK may think the window active while the X focus still
   * follows the pointer (PointerRoot, the server's default). The
   * toplevel's X window, also for a widget in a popover: an open popover
   * holds the keyboard grab itself, and X focus on its surface would
   * only make the toplevel inactive. */
  display = x_display (GTK_WIDGET (window));
  XSetInputFocus (display, x_window (GTK_WIDGET (window)), RevertToParent, CurrentTime);
  XSync (display, False);
  while (!gtk_window_is_active (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_window_is_active (window));
}

/* @gone, taken out of @window while it took the focus: the button the
 * app put in its place for the same action (a person clicks what is
 * there now), or NULL. */
static GtkWidget *
replacement_for (GtkWidget *gone,
                 GtkWindow *window)
{
  const char *action = GTK_IS_ACTIONABLE (gone) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (gone)) : NULL;

  if (action == NULL)
    return NULL;
  g_test_message ("%s for %s was replaced while the window took the focus", G_OBJECT_TYPE_NAME (gone), action);
  return kt_ui_find_actionable (GTK_WIDGET (window), action);
}

typedef struct
{
  GdkEventType type;
  guint        count;
  guint        wanted;
} Seen;

static gboolean
on_event_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             Seen                     *seen)
{
  if (gdk_event_get_event_type (event) == seen->type)
    seen->count++;
  return GDK_EVENT_PROPAGATE;
}

/* Watches the surface @widget is on (its window, or the popover it is
 * in: GTK hands a popover's events to the popover, never through the
 * window), before any of its widgets, for events of @type. */
static GtkEventController *
watch_events (GtkWidget *widget,
              Seen      *seen)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (on_event_cb), seen);
  gtk_widget_add_controller (GTK_WIDGET (gtk_widget_get_native (widget)), controller);
  return controller;
}

/* Waits until @seen counts an event, or the window or popover closed (a
 * click on Save, Escape, a dialog's or a calendar's Enter: then the
 * closing is what arrived). */
static void
wait_for_events (GtkWidget          *widget,
                 GtkEventController *controller,
                 Seen               *seen)
{
  GtkWidget *native = gtk_event_controller_get_widget (controller);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (native), (gpointer *) &native);
  while (seen->count < seen->wanted && native != NULL && gtk_widget_get_mapped (native) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (native != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (native), (gpointer *) &native);
      if (gtk_widget_get_mapped (native))
        g_assert_cmpuint (seen->count, >=, seen->wanted);
      gtk_widget_remove_controller (native, controller);
    }
  kt_ui_iterate (20);
}

/* Scrolls every scrolled window around @widget until it is in view, as
 * a person scrolls to what they want to click. */
static void
scroll_into_view (GtkWidget *widget)
{
  g_autoptr(GPtrArray) scrolled = g_ptr_array_new_with_free_func (g_object_unref);

  /* Held, and the walk stops when @widget leaves the window: waiting for
   * a frame runs the main loop, where the app may rebuild them. */
  for (GtkWidget *parent = gtk_widget_get_parent (widget);
       parent != NULL;
       parent = gtk_widget_get_parent (parent))
    if (GTK_IS_SCROLLED_WINDOW (parent))
      g_ptr_array_add (scrolled, g_object_ref (parent));

  for (guint i = 0; i < scrolled->len && gtk_widget_get_root (widget) != NULL; i++)
    {
      GtkWidget *parent = g_ptr_array_index (scrolled, i);
      graphene_point_t top = GRAPHENE_POINT_INIT (0, 0);
      graphene_point_t at;
      GtkAdjustment *adjustment;
      double width, height;

      if (!gtk_widget_is_ancestor (widget, parent) ||
          !gtk_widget_compute_point (widget, parent, &top, &at))
        continue;
      width = gtk_widget_get_width (parent);
      height = gtk_widget_get_height (parent);
      if (at.y < 0 || at.y + gtk_widget_get_height (widget) > height)
        {
          adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (parent));
          gtk_adjustment_set_value (adjustment,
                                    gtk_adjustment_get_value (adjustment) + at.y -
                                    (height - gtk_widget_get_height (widget)) / 2);
        }
      if (at.x < 0 || at.x + gtk_widget_get_width (widget) > width)
        {
          adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (parent));
          gtk_adjustment_set_value (adjustment,
                                    gtk_adjustment_get_value (adjustment) + at.x -
                                    (width - gtk_widget_get_width (widget)) / 2);
        }
      kt_ui_wait_for_frame (GTK_WIDGET (gtk_widget_get_root (widget)));
    }
}

/* Moves the pointer (XTest) to @widget's centre, after checking it is
 * where a person can reach it; returns the X display. */
static Display *
move_pointer_to (GtkWidget **inout_widget)
{
  GtkWidget *widget = *inout_widget;
  g_autoptr(GtkWidget) held = NULL;
  g_autoptr(GtkWindow) window = NULL;
  Display *display;
  GtkNative *native;
  graphene_point_t centre;
  graphene_point_t point;
  double dx, dy;
  int root_x, root_y;
  Window child;

  g_assert_true (GTK_IS_WIDGET (widget));
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));

  held = g_object_ref (widget);
  window = g_object_ref (GTK_WINDOW (gtk_widget_get_root (widget)));
  focus_window (widget);
  for (guint tries = 0; ; tries++)
    {
      scroll_into_view (widget);
      if (gtk_widget_get_root (widget) != NULL)
        break;
      g_assert_cmpuint (tries, <, 3);
      widget = replacement_for (widget, window);
      g_assert_nonnull (widget);
      g_assert_true (gtk_widget_is_sensitive (widget));
      g_object_unref (held);
      held = g_object_ref (widget);
    }
  *inout_widget = widget;
  centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0f, gtk_widget_get_height (widget) / 2.0f);
  display = x_display (widget);
  native = gtk_widget_get_native (widget);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &centre, &point));
  /* The surface includes the window's shadow and margins. */
  gtk_native_get_surface_transform (native, &dx, &dy);
  XTranslateCoordinates (display, x_window (widget), DefaultRootWindow (display),
                         (int) (point.x + dx), (int) (point.y + dy), &root_x, &root_y, &child);

  g_test_message ("pointer: %s at %d,%d of the screen", G_OBJECT_TYPE_NAME (widget), root_x, root_y);
  /* Out of the window (or the screen) the click would go elsewhere. */
  g_assert_cmpfloat (point.x, >=, 0);
  g_assert_cmpfloat (point.y, >=, 0);
  g_assert_cmpfloat (point.x, <, gtk_widget_get_width (GTK_WIDGET (native)));
  g_assert_cmpfloat (point.y, <, gtk_widget_get_height (GTK_WIDGET (native)));
  XTestFakeMotionEvent (display, -1, root_x, root_y, CurrentTime);
  return display;
}

void
kt_ui_click (GtkWidget *widget)
{
  Display *display;
  Seen seen = { GDK_BUTTON_RELEASE, 0, 1 };
  GtkEventController *controller;

  controller = watch_events (widget, &seen);
  display = move_pointer_to (&widget);
  XTestFakeButtonEvent (display, 1, True, CurrentTime);
  XTestFakeButtonEvent (display, 1, False, CurrentTime);
  XSync (display, False);
  wait_for_events (widget, controller, &seen);
}

void
kt_ui_hover (GtkWidget *widget)
{
  Display *display;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  display = move_pointer_to (&widget);
  XSync (display, False);
  while (!(gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_PRELIGHT) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_PRELIGHT);
  kt_ui_wait_for_frame (GTK_WIDGET (gtk_widget_get_root (widget)));
}

void
kt_ui_click_to_close (GtkWindow  *window,
                      const char *label)
{
  GtkWidget *button = kt_ui_find_button (GTK_WIDGET (window), label);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  kt_ui_click (button);
  while (window != NULL && gtk_widget_get_visible (GTK_WIDGET (window)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (window == NULL || !gtk_widget_get_visible (GTK_WIDGET (window)));
  kt_ui_iterate (50);
}

static void
fake_key (Display *display,
          KeySym   keysym,
          gboolean press)
{
  KeyCode code = XKeysymToKeycode (display, keysym);

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (display, code, press, CurrentTime);
}

void
kt_ui_send_keys (GtkWidget  *widget,
                 const char *accel)
{
  static const struct { GdkModifierType mask; KeySym keysym; } modifiers[] = {
    { GDK_CONTROL_MASK, XK_Control_L },
    { GDK_SHIFT_MASK, XK_Shift_L },
    { GDK_ALT_MASK, XK_Alt_L },
    { GDK_SUPER_MASK, XK_Super_L },
  };
  g_autoptr(GtkWidget) held = NULL;
  g_autoptr(GtkWindow) window = NULL;
  guint keyval = 0;
  GdkModifierType mods = 0;
  Display *display;
  /* The presses: a shortcut may open a window that gets the releases. */
  Seen seen = { GDK_KEY_PRESS, 0, 1 };
  GtkEventController *controller;

  g_assert_true (gtk_accelerator_parse (accel, &keyval, &mods));
  g_assert_cmpuint (keyval, !=, 0);

  held = g_object_ref (widget);
  window = g_object_ref (GTK_WINDOW (gtk_widget_get_root (widget)));
  focus_window (widget);
  /* Rebuilt meanwhile: the keys go to whatever has the focus anyway. */
  if (gtk_widget_get_root (widget) == NULL)
    widget = GTK_WIDGET (window);
  display = x_display (widget);
  controller = watch_events (widget, &seen);

  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (mods & modifiers[i].mask)
      {
        fake_key (display, modifiers[i].keysym, TRUE);
        seen.wanted++;
      }
  fake_key (display, keyval, TRUE);
  fake_key (display, keyval, FALSE);
  for (guint i = G_N_ELEMENTS (modifiers); i-- > 0;)
    if (mods & modifiers[i].mask)
      fake_key (display, modifiers[i].keysym, FALSE);
  XSync (display, False);

  wait_for_events (widget, controller, &seen);
}

void
kt_ui_leave_field (GtkWidget *row)
{
  GtkWidget *focus;

  g_assert_true (gtk_widget_grab_focus (row));
  kt_ui_iterate (10);
  /* A row may hold a button after its text (a date row's calendar):
   * Tab goes there first, still inside the row. */
  for (guint i = 0; i < 3; i++)
    {
      kt_ui_send_keys (row, "Tab");
      kt_ui_iterate (20);
      focus = gtk_root_get_focus (gtk_widget_get_root (row));
      if (focus == NULL || (focus != row && !gtk_widget_is_ancestor (focus, row)))
        return;
    }
  g_assert_not_reached ();
}

GtkWindow *
kt_ui_wait_for_toplevel (GType type)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GtkWindow *window;

  while ((window = kt_ui_find_toplevel (type)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (window);
  kt_ui_wait_for_frame (GTK_WIDGET (window));
  kt_ui_iterate (20);
  return window;
}

void
kt_ui_assert_focus_in (GtkWindow *window,
                       GtkWidget *row)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  g_assert_nonnull (row);
  g_assert_nonnull (focus);
  g_assert_true (focus == row || gtk_widget_is_ancestor (focus, row));
  g_assert_null (gtk_window_get_default_widget (window));
}

gboolean
kt_ui_record_detail_shown (GtkWidget *pane)
{
  GtkWidget *detail = kt_ui_find_widget (pane, KT_TYPE_RECORD_DETAIL);
  GtkWidget *revealer = gtk_widget_get_ancestor (detail, GTK_TYPE_REVEALER);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) &&
         kt_record_detail_get_record (KT_RECORD_DETAIL (detail)) != NULL;
}

GtkWidget *
kt_ui_wait_for_deal_detail (GtkWidget *board)
{
  GtkRevealer *revealer;
  AdwLeaflet *leaflet;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (KT_IS_DEAL_BOARD (board));
  revealer = GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (kt_deal_board_get_detail (KT_DEAL_BOARD (board))),
                                                    GTK_TYPE_REVEALER));
  leaflet = ADW_LEAFLET (gtk_widget_get_ancestor (GTK_WIDGET (revealer), ADW_TYPE_LEAFLET));
  /* Past the slide in (and, folded, the leaflet's), so that a click
   * lands where the button is. */
  while ((!kt_deal_board_get_detail_shown (KT_DEAL_BOARD (board)) ||
          !gtk_revealer_get_child_revealed (revealer) ||
          adw_leaflet_get_child_transition_running (leaflet)) &&
         g_get_monotonic_time () < deadline)
    kt_ui_iterate (20);
  g_assert_true (kt_deal_board_get_detail_shown (KT_DEAL_BOARD (board)));
  kt_ui_wait_for_frame (board);
  return GTK_WIDGET (kt_deal_board_get_detail (KT_DEAL_BOARD (board)));
}
