/* kt-view-save.h: "Save View…" of any pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "kt-store.h"

G_BEGIN_DECLS

/* Asks for a name (kt-name-dialog.h) and saves @state, what @pane shows
 * now, as the user's view of @section ("tasks"); a toast over @pane says
 * it was saved, or why not. Returns the dialog. (transfer none) */
GtkWidget *kt_view_save_present (GtkWidget   *pane,
                                 KtStore     *store,
                                 const char  *section,
                                 JsonObject  *state);

G_END_DECLS
