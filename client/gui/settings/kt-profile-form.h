/* kt-profile-form.h: my profile (name, phone, language, time zone) and
 * the way to my password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-form.h"

G_BEGIN_DECLS

#define KT_TYPE_PROFILE_FORM (kt_profile_form_get_type ())
G_DECLARE_FINAL_TYPE (KtProfileForm, kt_profile_form, KT, PROFILE_FORM, KtRecordForm)

/* A form on @user, the "user" object of GET /v1/me. Save sends PATCH
 * /v1/me with the keys the person changed, and nothing when they changed
 * none. The email is shown but not edited: it is the login name and the
 * server has no route to change it. */
KtProfileForm *kt_profile_form_new            (KtContext     *context,
                                               JsonObject    *user);
/* How many PATCH requests the form sent (for tests). */
guint          kt_profile_form_get_n_requests (KtProfileForm *self);

/* Opens my profile from @parent's window: fetches it, then shows the
 * form, or a toast that says why not (no server, no connection). */
void           kt_profile_open                (GtkWidget     *parent,
                                               KtContext     *context);

G_END_DECLS
