/* kt-studio-palette.h: the variables a template can print, to insert
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KT_TYPE_STUDIO_PALETTE (kt_studio_palette_get_type ())
G_DECLARE_FINAL_TYPE (KtStudioPalette, kt_studio_palette, KT, STUDIO_PALETTE, GtkWidget)

GtkWidget *kt_studio_palette_new        (void);
/* The tag inserted for the variable @key: "{{client.name}}", a section
 * for a list, the bare field for a list's field. Transfer full. */
char      *kt_studio_palette_tag_for    (const char *key);
/* The list's model after the search (of KtRecord template_variable). */
GListModel *kt_studio_palette_get_model (KtStudioPalette *self);
GtkWidget *kt_studio_palette_get_search_entry (KtStudioPalette *self);

G_END_DECLS
