/* kt-account-ui.h: the person's choice of account, logging out, and what
 * joining a team does to this computer's data
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

/* Before joining a team: the question to ask, or NULL when there is
 * nothing to ask (an empty store that syncs with nobody). A connected
 * store is asked to leave its organization (responses "cancel", "leave");
 * an offline store with records whether to bring them along ("cancel",
 * "remove", "add"). */
GtkWidget *kt_account_join_question (GtkWindow *parent,
                                     KtContext *context);

G_END_DECLS
