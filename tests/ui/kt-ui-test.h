/* kt-ui-test.h: the harness of the UI tests
 *
 * Starts the real KtApplication on a store in a temporary directory, lets
 * a test drive it through its actions and widgets, and looks at what the
 * widgets show. Run under Xvfb (tools/test does; so does `xvfb-run -a
 * meson test --suite ui`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-application.h"
#include "kt-window.h"

G_BEGIN_DECLS

typedef struct
{
  char          *tmpdir;
  char          *store_path;
  KtApplication *app;
  KtWindow      *window;
} KtUiFixture;

/* Fills the fresh store before the application opens it. */
typedef void (*KtUiFillFunc) (KtStore *store);

/* g_test_init() plus gettext (KANTORA_LOCALEDIR) and the test settings. */
void        kt_ui_test_init          (int    *argc,
                                      char ***argv);

/* A KtUiFillFunc: the generator's demo, with a fixed "now" so that the
 * pictures compare from run to run. */
void        kt_ui_fill_demo          (KtStore *store);

/* g_test_add() setup and teardown. @data may be a KtUiFillFunc. */
void        kt_ui_fixture_setup      (KtUiFixture   *fixture,
                                      gconstpointer  data);
void        kt_ui_fixture_teardown   (KtUiFixture   *fixture,
                                      gconstpointer  data);

/* Runs the main loop for @ms milliseconds (timeouts, search delays,
 * frames), then until nothing is pending. */
void        kt_ui_iterate            (guint ms);
/* Runs the main loop until @window has drawn a frame. */
void        kt_ui_wait_for_frame     (GtkWidget *window);
/* Asks @window for @width × @height, as a person resizing it would, and
 * runs the main loop until it is allocated that wide (or 10 s pass: a
 * window whose content needs more stays wider, for the test to see). */
void        kt_ui_resize             (GtkWindow *window,
                                      int        width,
                                      int        height);
/* Asked for 360 px, @window is no wider and nothing in it asks for
 * more (test-ui-narrow's rule). */
void        kt_ui_assert_narrow      (GtkWindow *window);

/* The first widget of @type under @root (depth first), or NULL. */
GtkWidget  *kt_ui_find_widget        (GtkWidget  *root,
                                      GType       type);
/* TRUE if a mapped GtkLabel under @root shows exactly @text. */
gboolean    kt_ui_has_label          (GtkWidget  *root,
                                      const char *text);
/* The mapped GtkLabel under @root that shows exactly @text, or NULL. */
GtkWidget  *kt_ui_find_label         (GtkWidget  *root,
                                      const char *text);
/* The mapped AdwPreferencesRow (an action or entry row) titled @title. */
GtkWidget  *kt_ui_find_row           (GtkWidget  *root,
                                      const char *title);
/* The mapped widget whose action is @action ("detail.open-uri"). */
GtkWidget  *kt_ui_find_actionable    (GtkWidget  *root,
                                      const char *action);
/* The newest toplevel window of @type other than the main window. */
GtkWindow  *kt_ui_find_toplevel      (GType       type);

/* The mapped GtkButton or GtkMenuButton under @root whose label is @label, mnemonic
 * underscores left out of both ("Save" and "_Save" find "_Save": pass
 * the msgid, _("_Save"), for a test that runs translated too), or whose
 * tooltip is @label for an icon button; NULL if there is none. */
GtkWidget  *kt_ui_find_button        (GtkWidget  *root,
                                      const char *label);
/* Clicks @widget as a person does: moves the pointer to its centre and
 * presses and releases the first button, as real X events (XTest) that
 * go through GDK and GTK's gestures. Fails the test when @widget is not
 * mapped and sensitive, or when the click never arrived. */
void        kt_ui_click              (GtkWidget  *widget);
/* Moves the pointer onto @widget as real X events (XTest) and waits
 * until GTK shows it hovered (GTK_STATE_FLAG_PRELIGHT). */
void        kt_ui_hover              (GtkWidget  *widget);
/* Clicks the button labelled @label in @window (checking it is on) and
 * waits until the window closed, as a form's Save does on success. */
void        kt_ui_click_to_close     (GtkWindow  *window,
                                      const char *label);
/* Gives @widget's window the keyboard focus and types @accel
 * ("<Control>Down", "Return", "<Control>s": gtk_accelerator_parse()) as
 * real X key events (XTest), so the focused widget gets them the way it
 * gets a person's keys: key bindings, shortcuts and all. */
void        kt_ui_send_keys          (GtkWidget  *widget,
                                      const char *accel);
/* Waits (at most 5 s) for a toplevel of @type and its first frame. */
GtkWindow  *kt_ui_wait_for_toplevel  (GType       type);
/* Asserts the keyboard is in @row (a form's first field, where a person
 * types, not on Cancel) and @window has no default widget, so Enter
 * never presses a button by surprise. */
void        kt_ui_assert_focus_in    (GtkWindow  *window,
                                      GtkWidget  *row);
/* Puts the keyboard into @row and presses Tab until it is out of the
 * row, as a person leaving a form's field does: a form shows a field's
 * problem only then. */
void        kt_ui_leave_field        (GtkWidget  *row);

/* TRUE if the record pane @pane has its detail slid in, showing a record. */
gboolean    kt_ui_record_detail_shown (GtkWidget *pane);

/* Waits (at most 5 s) until the Deals board @board shows a deal's detail
 * beside it, slid in, and returns the KtDealDetail. */
GtkWidget  *kt_ui_wait_for_deal_detail (GtkWidget *board);

/* Renders @widget into <build>/tests/ui/screenshots/@name.png and
 * returns the path. */
char       *kt_ui_screenshot         (GtkWidget  *widget,
                                      const char *name);

G_END_DECLS
