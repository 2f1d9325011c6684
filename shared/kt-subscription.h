/* kt-subscription.h: billing subscriptions (server-owned)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_subscription_entity;
extern const KtEntity kt_subscription_history_entity;

#define KT_ENTITY_SUBSCRIPTION (&kt_subscription_entity)
#define KT_ENTITY_SUBSCRIPTION_HISTORY (&kt_subscription_history_entity)

G_END_DECLS
