/* kt-view-list.h: the user's saved views in the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_VIEW_LIST (kt_view_list_get_type ())
G_DECLARE_FINAL_TYPE (KtViewList, kt_view_list, KT, VIEW_LIST, GtkWidget)

GtkWidget *kt_view_list_new         (void);
void       kt_view_list_set_context (KtViewList *self,
                                     KtContext  *context);
/* The list's rows (tests): each is named "view-<id>". */
GtkListBox *kt_view_list_get_list   (KtViewList *self);
/* Shows @id as the open view, or none. */
void       kt_view_list_select      (KtViewList *self,
                                     const char *id);

G_END_DECLS
