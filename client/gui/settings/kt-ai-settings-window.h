/* kt-ai-settings-window.h: the organization's AI provider, for Owners
 * and Admins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_AI_SETTINGS_WINDOW (kt_ai_settings_window_get_type ())
G_DECLARE_FINAL_TYPE (KtAiSettingsWindow, kt_ai_settings_window, KT, AI_SETTINGS_WINDOW, AdwWindow)

KtAiSettingsWindow *kt_ai_settings_window_new  (KtContext          *context);
/* Opens the window over @parent's and loads the settings. */
void                kt_ai_settings_open        (GtkWidget          *parent,
                                                KtContext          *context);
/* "busy", "error" or "settings": what the window shows (tests). */
const char         *kt_ai_settings_window_get_page (KtAiSettingsWindow *self);

G_END_DECLS
