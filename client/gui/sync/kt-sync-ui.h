/* kt-sync-ui.h: sync in the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

/* Adds the window actions win.sync-now (Ctrl+R), win.sign-in and
 * win.log-out to @window, shows a toast for every change the server
 * rejects, and opens the sign-in screen on a first start when
 * @ask_sign_in. Returns the sync indicator (transfer floating) for the
 * caller to put into the window's header. KtApplication calls it once
 * per window that has a context. */
GtkWidget *kt_sync_ui_install (GtkApplicationWindow *window,
                               KtContext            *context,
                               gboolean              ask_sign_in);

G_END_DECLS
