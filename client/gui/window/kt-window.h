/* kt-window.h: the main window: a sidebar of sections and their panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_WINDOW (kt_window_get_type ())
G_DECLARE_FINAL_TYPE (KtWindow, kt_window, KT, WINDOW, AdwApplicationWindow)

/* @context may be NULL for a window that only reports an error. */
KtWindow   *kt_window_new               (GtkApplication *application,
                                         KtContext     *context);
KtContext  *kt_window_get_context       (KtWindow      *self);

/* Shows the section with @id (see kt-window-sections.c); FALSE if there
 * is no such section. */
gboolean    kt_window_show_section      (KtWindow      *self,
                                         const char    *id);
const char *kt_window_get_section       (KtWindow      *self);
/* Shows the section of the "last-section" setting (contacts if unknown).
 * Sections are made when first shown, so the application calls this or
 * kt_window_show_section() once the window exists. */
void        kt_window_restore_section   (KtWindow      *self);
/* The pane widget of a section, created on first use. */
GtkWidget  *kt_window_get_pane          (KtWindow      *self,
                                         const char    *id);

/* While TRUE the window shows the demo data progress instead of panes. */
void        kt_window_set_loading       (KtWindow      *self,
                                         gboolean       loading);
/* Replaces the panes by a page saying why the store at @path cannot be
 * opened. */
void        kt_window_show_store_error  (KtWindow      *self,
                                         const char    *path,
                                         const GError  *error);

/* Puts @widget at the end of the content header (the sync indicator,
 * which KtApplication installs). */
void        kt_window_pack_end          (KtWindow      *self,
                                         GtkWidget     *widget);

G_END_DECLS
