/* kt-sign-in-dialog.h: sign in, create an account, or work offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_SIGN_IN_DIALOG (kt_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtSignInDialog, kt_sign_in_dialog, KT, SIGN_IN_DIALOG, AdwWindow)

KtSignInDialog *kt_sign_in_dialog_new       (KtContext      *context);

/* "login" or "register". */
void            kt_sign_in_dialog_set_mode  (KtSignInDialog *self,
                                             const char     *mode);
/* The inline error shown, or NULL (for tests). */
const char     *kt_sign_in_dialog_get_error (KtSignInDialog *self);
/* TRUE while a request runs. */
gboolean        kt_sign_in_dialog_get_busy  (KtSignInDialog *self);

G_END_DECLS
