/* kt-team-pane.h: the Team section: members, roles, invitations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_TEAM_PANE (kt_team_pane_get_type ())
G_DECLARE_FINAL_TYPE (KtTeamPane, kt_team_pane, KT, TEAM_PANE, GtkWidget)

GtkWidget  *kt_team_pane_new            (KtContext  *context);
/* Fetches the team from the server again (the pane does on first show
 * and after each sync that changed something). */
void        kt_team_pane_refresh        (KtTeamPane *self);

/* For tests: the number of member rows, whether the person may manage
 * the team here and now, the notice shown above the list (NULL if none),
 * and whether a refresh runs. */
guint       kt_team_pane_get_n_members  (KtTeamPane *self);
gboolean    kt_team_pane_get_can_manage (KtTeamPane *self);
const char *kt_team_pane_get_notice     (KtTeamPane *self);
gboolean    kt_team_pane_get_busy       (KtTeamPane *self);
/* The invitation link of the last invitation, or NULL. */
const char *kt_team_pane_get_invitation_link (KtTeamPane *self);
/* Invites @email as @role, as the invite form does. */
void        kt_team_pane_invite         (KtTeamPane *self,
                                         const char *email,
                                         const char *role);

G_END_DECLS
