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

G_END_DECLS
