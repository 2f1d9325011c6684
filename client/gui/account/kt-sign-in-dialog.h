/* kt-sign-in-dialog.h: sign in, create an account, join a team, or work
 * offline
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

/* Presents @parent's sign-in dialog, made on first use (transfer none). */
KtSignInDialog *kt_sign_in_dialog_present   (GtkWindow      *parent,
                                             KtContext      *context);

/* "login", "register" or "join". */
void            kt_sign_in_dialog_set_mode  (KtSignInDialog *self,
                                             const char     *mode);
/* Shows "Join a Team" with @link, as pasted (its server fills the
 * address; a malformed link says why inline). */
void            kt_sign_in_dialog_set_invitation_link (KtSignInDialog *self,
                                                       const char     *link);
/* The inline error shown, or NULL (for tests). */
const char     *kt_sign_in_dialog_get_error (KtSignInDialog *self);
/* TRUE while a request runs. */
gboolean        kt_sign_in_dialog_get_busy  (KtSignInDialog *self);

G_END_DECLS
