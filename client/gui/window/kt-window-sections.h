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
 * @get_type: the pane's get_type function. A pane is a #GtkWidget with a
 *   construct-only "context" property (a #KtContext); see docs/ui.md for
 *   the "pane.*" actions it may install to answer Ctrl+N, Ctrl+F, Delete,
 *   Ctrl+Z and F5.
 *
 * Every section has a row in the sidebar; the first ten have a shortcut,
 * Ctrl+1 … Ctrl+9 and Ctrl+0.
 */
typedef struct
{
  const char  *id;
  const char  *title;
  const char  *icon_name;
  GType      (*get_type) (void);
} KtSection;

/* The sections in sidebar order; @n_sections receives their number. */
const KtSection *kt_sections_get    (guint      *n_sections);
/* The section with @id and its position, or NULL. */
const KtSection *kt_sections_lookup (const char *id,
                                     guint      *position);

G_END_DECLS
