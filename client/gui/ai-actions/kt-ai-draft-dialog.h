/* kt-ai-draft-dialog.h: an email the AI drafts for a contact or a deal,
 * or a text block for a template
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_AI_DRAFT_DIALOG (kt_ai_draft_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtAiDraftDialog, kt_ai_draft_dialog, KT, AI_DRAFT_DIALOG, AdwWindow)

/* @record NULL: a text block (no subject, no mail), written from what
 * the person asks for in the prompt row. */
KtAiDraftDialog *kt_ai_draft_dialog_new      (KtContext       *context,
                                              KtRecord        *record);
/* The text as the person left it, and the mailto: URI Open in Mail uses. */
char            *kt_ai_draft_dialog_dup_body (KtAiDraftDialog *self);
char            *kt_ai_draft_dialog_dup_mailto (KtAiDraftDialog *self);

G_END_DECLS
