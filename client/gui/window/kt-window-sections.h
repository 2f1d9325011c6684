/* kt-window-sections.h: the sections of the main window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * KtSection:
 * @id: a stable id: the "last-section" setting and the tests use it
 * @title: the sidebar label, N_() marked
 * @icon_name: a symbolic icon of the Adwaita theme
 * @get_type: the pane's get_type function, or %NULL while the section has
 *   no pane yet. A pane is a #GtkWidget with a construct-only "context"
 *   property (a #KtContext); see docs/ui.md for the "pane.*" actions it may
 *   install to answer Ctrl+N, Ctrl+F, Delete, Ctrl+Z and F5.
 * @empty_title: the status page title shown while @get_type is %NULL
 * @empty_description: what the section will do and when, said honestly
 *
 * Every section has a row in the sidebar and a shortcut, Ctrl+1 for the
 * first: keep them at nine or fewer.
 */
typedef struct
{
  const char  *id;
  const char  *title;
  const char  *icon_name;
  GType      (*get_type) (void);
  const char  *empty_title;
  const char  *empty_description;
} KtSection;

/**
 * KtUpcoming:
 * @title: the planned part's name, N_() marked
 * @icon_name: a symbolic icon of the Adwaita theme
 * @description: what it will do, N_() marked
 *
 * A part of Kantora that is planned and not built yet: the "later"
 * section lists them all on one page.
 */
typedef struct
{
  const char  *title;
  const char  *icon_name;
  const char  *description;
} KtUpcoming;

/* The sections in sidebar order; @n_sections receives their number. */
const KtSection *kt_sections_get    (guint      *n_sections);
/* The section with @id and its position, or NULL. */
const KtSection *kt_sections_lookup (const char *id,
                                     guint      *position);
/* The planned parts the "later" section lists. */
const KtUpcoming *kt_sections_get_upcoming (guint *n_upcoming);

G_END_DECLS
