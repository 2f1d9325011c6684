/* kt-application.h: the Kantora desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_APPLICATION (kt_application_get_type ())
G_DECLARE_FINAL_TYPE (KtApplication, kt_application, KT, APPLICATION, AdwApplication)

KtApplication *kt_application_new             (const char        *application_id,
                                               GApplicationFlags  flags);
/* What --store, --no-demo and --measure-first-frame set; tests call these
 * before g_application_register(). */
void           kt_application_set_store_path  (KtApplication *self,
                                               const char    *path);
void           kt_application_set_demo        (KtApplication *self,
                                               gboolean       demo);
/* The keyring stand-in of the tests (before activation). */
void           kt_application_set_secrets     (KtApplication *self,
                                               KtSecrets     *secrets);
/* Whether a first start opens the sign-in screen (default TRUE; the UI
 * tests of other areas turn it off). */
void           kt_application_set_ask_sign_in (KtApplication *self,
                                               gboolean       ask);
/* The context of the open store, or NULL before activation or when the
 * store could not be opened. */
KtContext     *kt_application_get_context     (KtApplication *self);
/* Records the process start for --measure-first-frame. */
void           kt_application_set_start_time  (KtApplication *self,
                                               gint64         monotonic_us);

G_END_DECLS
