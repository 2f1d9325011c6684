/* kt-ai-analysis-dialog.h: the AI's analysis of a deal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_AI_ANALYSIS_DIALOG (kt_ai_analysis_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtAiAnalysisDialog, kt_ai_analysis_dialog, KT, AI_ANALYSIS_DIALOG, AdwWindow)

KtAiAnalysisDialog *kt_ai_analysis_dialog_new (KtContext *context,
                                               KtRecord  *deal);

G_END_DECLS
