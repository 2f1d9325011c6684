/* kt-sync-ui.h: sync in the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-window.h"

G_BEGIN_DECLS

/* Puts the sync indicator into @header, adds the window actions
 * win.sync-now (Ctrl+R), win.sign-in and win.log-out, shows a toast for
 * every change the server rejects, and opens the sign-in screen on a
 * first start. Called once by the window, for a window with a context. */
void kt_sync_ui_install (KtWindow     *window,
                         AdwHeaderBar *header);

G_END_DECLS
