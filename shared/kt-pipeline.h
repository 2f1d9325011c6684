/* kt-pipeline.h: sales pipelines and their stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_pipeline_entity;
extern const KtEntity kt_stage_entity;

#define KT_ENTITY_PIPELINE (&kt_pipeline_entity)
#define KT_ENTITY_STAGE (&kt_stage_entity)

/* The default "Sales" pipeline for a new organization, as new records:
 * the pipeline first, then its stages in order (Lead 10 %, Qualified 25 %,
 * Proposal 50 %, Negotiation 75 %, Won 100 %, Lost 0 %), named in the
 * current language. Returns a GPtrArray of KtRecord (transfer full). */
GPtrArray *kt_pipeline_new_default (const char *org_id);
G_END_DECLS
