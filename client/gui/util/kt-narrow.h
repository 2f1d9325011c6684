/* kt-narrow.h: whether a pane's list is narrow
 *
 * libadwaita 1.2 has no breakpoints. A pane that shows less below some
 * width (a list's columns, a toolbar's count) watches the page size of
 * its list's horizontal adjustment, the width the viewport shows, and
 * changes on an idle after the allocation: a column or a label shown or
 * hidden during the allocation would make GTK allocate again inside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*KtNarrowFunc) (GtkWidget *owner,
                              gboolean   narrow);

/* Calls @func when the width @adjustment shows first becomes known and
 * whenever it crosses @threshold (narrow: less than @threshold). */
void kt_narrow_watch   (GtkWidget     *owner,
                        GtkAdjustment *adjustment,
                        int            threshold,
                        KtNarrowFunc   func);
/* Stops it; from the owner's dispose, before its children go. */
void kt_narrow_unwatch (GtkWidget     *owner);

G_END_DECLS
