/* kt-studio-pane.h: the Templates section, the template studio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_STUDIO_PANE (kt_studio_pane_get_type ())
G_DECLARE_FINAL_TYPE (KtStudioPane, kt_studio_pane, KT, STUDIO_PANE, GtkWidget)

GtkWidget *kt_studio_pane_new        (KtContext    *context);
/* The editor (a KtStudioEditor) and the list of templates. */
GtkWidget *kt_studio_pane_get_editor (KtStudioPane *self);
GtkWidget *kt_studio_pane_get_list   (KtStudioPane *self);
/* Opens the stored template @id in the editor, as selecting its row
 * does (asking first when the open one has unsaved changes). */
gboolean   kt_studio_pane_open       (KtStudioPane *self,
                                      const char   *id);

G_END_DECLS
