/* kt-account.h: the person's choice of account, and logging out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

/* Store meta key: "offline" once the person chose to work offline only,
 * "server" once they signed in. Unset: never asked, or never answered. */
#define KT_ACCOUNT_META_CHOICE "ui.account_choice"

/* TRUE when the sign-in screen should open by itself: the store is not
 * connected to a server and the person never made a choice. */
gboolean kt_account_should_ask      (KtContext  *context);
/* Remembers @choice ("offline" or "server") in the store. */
void     kt_account_set_choice      (KtContext  *context,
                                     const char *choice);

/* Asks (AdwMessageDialog) before logging out, saying how many changes
 * have not been synced and would be lost, then logs out. */
void     kt_account_confirm_log_out (GtkWindow  *parent,
                                     KtContext  *context);

G_END_DECLS
