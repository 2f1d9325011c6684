/* kt-deal.h: deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_deal_entity;

#define KT_ENTITY_DEAL (&kt_deal_entity)

/* Cross-record rule: the stage must be @deal's stage_id and belong to the
 * deal's pipeline. Fails with KT_ERROR_INVALID naming "stage_id". */
gboolean kt_deal_check_stage (KtRecord  *deal,
                              KtRecord  *stage,
                              GError   **error);
G_END_DECLS
