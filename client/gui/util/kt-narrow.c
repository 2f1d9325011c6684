/* kt-narrow.c: whether a pane's list is narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-narrow.h"

typedef struct
{
  GtkWidget     *owner;       /* owns this, as qdata */
  GtkAdjustment *adjustment;
  gulong         handler;
  guint          idle;
  int            threshold;
  int            narrow;      /* -1 until the width is known */
  KtNarrowFunc   func;
} Watch;

static GQuark
watch_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("kt-narrow-watch");
  return quark;
}

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  g_clear_signal_handler (&watch->handler, watch->adjustment);
  g_clear_handle_id (&watch->idle, g_source_remove);
  g_clear_object (&watch->adjustment);
  g_free (watch);
}

static gboolean
is_narrow (Watch *watch,
           int   *narrow)
{
  double width = gtk_adjustment_get_page_size (watch->adjustment);

  /* 0 before the first allocation, and while the list is hidden. */
  if (width <= 0)
    return FALSE;
  *narrow = width < watch->threshold;
  return TRUE;
}

static gboolean
on_idle_cb (gpointer data)
{
  Watch *watch = data;
  int narrow;

  watch->idle = 0;
  if (is_narrow (watch, &narrow) && narrow != watch->narrow)
    {
      watch->narrow = narrow;
      watch->func (watch->owner, narrow);
    }
  return G_SOURCE_REMOVE;
}

static void
on_page_size_cb (GtkAdjustment *adjustment,
                 GParamSpec    *pspec,
                 Watch         *watch)
{
  int narrow;

  if (is_narrow (watch, &narrow) && narrow != watch->narrow && watch->idle == 0)
    watch->idle = g_idle_add (on_idle_cb, watch);
}

void
kt_narrow_watch (GtkWidget     *owner,
                 GtkAdjustment *adjustment,
                 int            threshold,
                 KtNarrowFunc   func)
{
  Watch *watch;

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (GTK_IS_ADJUSTMENT (adjustment));
  g_return_if_fail (func != NULL);

  watch = g_new0 (Watch, 1);
  watch->owner = owner;
  watch->adjustment = g_object_ref (adjustment);
  watch->threshold = threshold;
  watch->narrow = -1;
  watch->func = func;
  watch->handler = g_signal_connect (adjustment, "notify::page-size", G_CALLBACK (on_page_size_cb), watch);
  g_object_set_qdata_full (G_OBJECT (owner), watch_quark (), watch, watch_free);
}

void
kt_narrow_unwatch (GtkWidget *owner)
{
  g_return_if_fail (GTK_IS_WIDGET (owner));

  g_object_set_qdata (G_OBJECT (owner), watch_quark (), NULL);
}
