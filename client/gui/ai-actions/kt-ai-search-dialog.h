/* kt-ai-search-dialog.h: smart search, a question in the person's words
 * turned into a filter that runs on the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-ai-filter.h"
#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_AI_SEARCH_DIALOG (kt_ai_search_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtAiSearchDialog, kt_ai_search_dialog, KT, AI_SEARCH_DIALOG, AdwWindow)

KtAiSearchDialog *kt_ai_search_dialog_new        (KtContext        *context);
/* Asks the AI for the filter of @question, as the question row's Enter
 * does. */
void              kt_ai_search_dialog_ask        (KtAiSearchDialog *self,
                                                  const char       *question);
/* The filter as shown and edited (NULL before an answer). */
KtAiFilter       *kt_ai_search_dialog_get_filter (KtAiSearchDialog *self);
/* Whether a search runs on the worker; the ids of the records the last
 * search found, in order. */
gboolean          kt_ai_search_dialog_get_busy   (KtAiSearchDialog *self);
GPtrArray        *kt_ai_search_dialog_get_found  (KtAiSearchDialog *self);

G_END_DECLS
