/* kt-name-dialog.h: asking for a name (a saved view's, …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Called with the trimmed name, never empty, when the person accepts. */
typedef void (*KtNameDialogFunc) (GtkWidget  *owner,
                                  const char *name,
                                  gpointer    user_data);

/* A dialog over @owner's window with an entry holding @initial; its
 * responses are "cancel" and "accept" (labelled @accept_label), and the
 * entry is the dialog's "kt-entry" data, for tests. @func is not called
 * once @owner is gone; @destroy frees @user_data with the dialog.
 * Returns the dialog. (transfer none) */
GtkWidget *kt_name_dialog_present (GtkWidget        *owner,
                                   const char       *heading,
                                   const char       *body,
                                   const char       *initial,
                                   const char       *accept_label,
                                   KtNameDialogFunc  func,
                                   gpointer          user_data,
                                   GDestroyNotify    destroy);

G_END_DECLS
