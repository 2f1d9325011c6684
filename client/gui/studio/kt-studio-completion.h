/* kt-studio-completion.h: variable and filter names as you type a tag
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The proposals (KtStudioProposal) for @prefix: the variables, or with
 * @filters the filters, that fit it, in the catalogue's order. Transfer
 * full. */
GListModel         *kt_studio_completion_match (const char *prefix,
                                                gboolean    filters);

/* The variable path (or, after a "|", the filter name) typed before
 * @iter inside a "{{ … }}", from @start; NULL when @iter is not in a
 * tag. */
char               *kt_studio_completion_prefix_at (const GtkTextIter *iter,
                                                    GtkTextIter       *start,
                                                    gboolean          *in_filters);

G_END_DECLS
