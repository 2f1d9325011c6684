/* kt-toast.c: showing a toast from any widget
 *
 * Panes, dialogs and the sync and account code all show toasts, and none
 * of them should need the main window's header to do it: a pane that
 * includes kt-window.h makes the window's folder and the pane's folder
 * depend on each other (the window includes every pane). So the toast
 * finds its overlay by walking the widget tree instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-toast"

#include "config.h"

#include "kt-toast.h"

/* The shallowest AdwToastOverlay under @root, breadth first: a window's
 * own overlay (its content) comes before the overlays a pane keeps for
 * itself deeper down. */
static GtkWidget *
find_overlay_below (GtkWidget *root)
{
  g_autoptr(GQueue) queue = g_queue_new ();
  GtkWidget *widget;

  g_queue_push_tail (queue, root);
  while ((widget = g_queue_pop_head (queue)) != NULL)
    {
      if (ADW_IS_TOAST_OVERLAY (widget))
        return widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }

  return NULL;
}

/* The overlay that shows @widget's toasts: the nearest one above it; for
 * a window without one of its own (a dialog), the overlay of the window
 * it is transient for, as far up as that goes. */
static GtkWidget *
find_overlay (GtkWidget *widget)
{
  while (widget != NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
      GtkRoot *root;

      if (overlay != NULL)
        return overlay;

      root = gtk_widget_get_root (widget);
      if (!GTK_IS_WINDOW (root))
        return NULL;
      if ((overlay = find_overlay_below (GTK_WIDGET (root))) != NULL)
        return overlay;
      widget = GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (root)));
    }

  return NULL;
}

/**
 * kt_widget_add_toast:
 * @widget: a widget in a window, or a window
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the toast overlay nearest to @widget: the one above it,
 * else the one of its window, else the one of the window its dialog is
 * transient for. The one way Kantora shows a toast.
 */
void
kt_widget_add_toast (GtkWidget *widget,
                     AdwToast  *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = find_overlay (widget);
  if (overlay == NULL)
    {
      /* A pane outside a window (a test building it alone) has nowhere to
       * show the toast; drop it rather than leak it. */
      g_object_unref (toast);
      return;
    }

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
