/* kt-password-form.h: changing my password (current, new twice)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-form.h"

G_BEGIN_DECLS

#define KT_TYPE_PASSWORD_FORM (kt_password_form_get_type ())
G_DECLARE_FINAL_TYPE (KtPasswordForm, kt_password_form, KT, PASSWORD_FORM, KtForm)

/* The rows are "current_password", "new_password" and
 * "new_password_again" (kt_form_get_row()). Save sends POST
 * /v1/me/password; a wrong current password is shown under its row. */
KtPasswordForm *kt_password_form_new (KtContext  *context,
                                      JsonObject *user);

G_END_DECLS
