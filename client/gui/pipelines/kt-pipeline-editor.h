/* kt-pipeline-editor.h: create, rename, reorder and delete pipelines and
 * their stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_PIPELINE_EDITOR (kt_pipeline_editor_get_type ())
G_DECLARE_FINAL_TYPE (KtPipelineEditor, kt_pipeline_editor, KT, PIPELINE_EDITOR, AdwWindow)

/* @pipeline_id: the pipeline to show first, or NULL for the default. */
GtkWidget  *kt_pipeline_editor_new             (KtContext  *context,
                                                const char *pipeline_id);
const char *kt_pipeline_editor_get_pipeline_id (KtPipelineEditor *self);

G_END_DECLS
