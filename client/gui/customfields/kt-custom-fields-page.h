/* kt-custom-fields-page.h: the "Custom Fields" page of the preferences
 *
 * Add it to the preferences window with one line:
 *
 *   adw_preferences_window_add (prefs, ADW_PREFERENCES_PAGE (kt_custom_fields_page_new (store)));
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_CUSTOM_FIELDS_PAGE (kt_custom_fields_page_get_type ())
G_DECLARE_FINAL_TYPE (KtCustomFieldsPage, kt_custom_fields_page, KT, CUSTOM_FIELDS_PAGE, AdwPreferencesPage)

GtkWidget *kt_custom_fields_page_new       (KtStore            *store);
/* The rows listed for @entity_name, one per field, in order (tests). */
guint      kt_custom_fields_page_n_rows    (KtCustomFieldsPage *self,
                                            const char         *entity_name);
/* Moves the field at @index of @entity_name one place up (-1) or down
 * (+1), as its arrow buttons do. */
gboolean   kt_custom_fields_page_move      (KtCustomFieldsPage *self,
                                            const char         *entity_name,
                                            guint               index,
                                            int                 direction,
                                            GError            **error);

G_END_DECLS
