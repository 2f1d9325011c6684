/* kt-toast.h: showing a toast from any widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void kt_widget_add_toast (GtkWidget *widget,
                          AdwToast  *toast);

G_END_DECLS
