/* kt-studio-completion.h: variable and filter names as you type a tag
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define KT_TYPE_STUDIO_COMPLETION (kt_studio_completion_get_type ())
G_DECLARE_FINAL_TYPE (KtStudioCompletion, kt_studio_completion, KT, STUDIO_COMPLETION, GObject)

KtStudioCompletion *kt_studio_completion_new (void);

/* What the completion would insert for @prefix at @iter: the proposals'
 * texts in order (for tests and the palette's search, which match the
 * same way). Transfer full. */
GListModel         *kt_studio_completion_match (const char *prefix,
                                                gboolean    filters);

G_END_DECLS
