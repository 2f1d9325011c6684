/* kt-account.h: accounts and teams (server-owned)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_user_entity;
extern const KtEntity kt_organization_entity;
extern const KtEntity kt_team_member_entity;

#define KT_ENTITY_USER (&kt_user_entity)
#define KT_ENTITY_ORGANIZATION (&kt_organization_entity)
#define KT_ENTITY_TEAM_MEMBER (&kt_team_member_entity)

#define KT_REMINDER_STEPS_MAX 10

guint *kt_organization_parse_reminder_steps (const char *text,
                                             guint      *n_steps,
                                             GError    **error);

G_END_DECLS
