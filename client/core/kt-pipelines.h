/* kt-pipelines.h: reading and keeping the organization's pipelines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

/* A new organization has the default "Sales" pipeline: creates it (one
 * transaction) when the store has no pipeline at all. */
gboolean   kt_pipelines_ensure_default (KtStore     *store,
                                        GError     **error);
/* The pipelines, by position (transfer full, of KtRecord). */
GPtrArray *kt_pipelines_load           (KtStore     *store,
                                        GError     **error);
/* The stages of @pipeline_id, by position (transfer full, of KtRecord). */
GPtrArray *kt_pipelines_load_stages    (KtStore     *store,
                                        const char  *pipeline_id,
                                        GError     **error);
/* The pipeline to show first: the default one, else the first. */
KtRecord  *kt_pipelines_pick_default   (GPtrArray   *pipelines);
/* The first stage of @kind ("won", "lost") of @pipeline_id, or NULL. */
KtRecord  *kt_pipelines_find_stage     (KtStore     *store,
                                        const char  *pipeline_id,
                                        const char  *kind);
/* How many deals (any status) sit in @stage_id. */
gint64     kt_pipelines_count_deals    (KtStore     *store,
                                        const char  *stage_id);
/* Deletes @stage_id, first moving its deals into @target_stage_id (which
 * may be NULL only when the stage holds no deals), all in one transaction
 * for the moves. */
gboolean   kt_pipelines_delete_stage   (KtStore     *store,
                                        const char  *stage_id,
                                        const char  *target_stage_id,
                                        GError     **error);
/* Rewrites the "position" of @records (in their array order) to 0, 1, 2...
 * saving only the ones that change, in one transaction. */
gboolean   kt_pipelines_renumber       (KtStore     *store,
                                        GPtrArray   *records,
                                        GError     **error);

/* A new pipeline named @name, last in order, with the stages of the
 * default one (so it is usable at once); returns it (transfer full). */
KtRecord  *kt_pipelines_create         (KtStore     *store,
                                        const char  *name,
                                        GError     **error);
/* A new open stage at the end of @pipeline_id's open stages (before its
 * won and lost stages); returns it (transfer full). */
KtRecord  *kt_pipelines_add_stage      (KtStore     *store,
                                        const char  *pipeline_id,
                                        const char  *name,
                                        GError     **error);
/* Deletes @pipeline_id and its stages (tombstones, which sync carries);
 * refuses while the pipeline holds deals. */
gboolean   kt_pipelines_delete         (KtStore     *store,
                                        const char  *pipeline_id,
                                        GError     **error);
/* Swaps @records[@index] with its neighbour @delta (-1 or +1) and
 * renumbers; FALSE without error when there is no such neighbour. */
gboolean   kt_pipelines_move           (KtStore     *store,
                                        GPtrArray   *records,
                                        guint        index,
                                        int          delta,
                                        GError     **error);

G_END_DECLS
