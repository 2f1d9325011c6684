/* kt-saved-view.h: a person's saved views of a list pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_saved_view_entity;

#define KT_ENTITY_SAVED_VIEW (&kt_saved_view_entity)

/* The most bytes a view's state takes as compact JSON text. */
#define KT_SAVED_VIEW_STATE_MAX 4096

/* The sections a view may belong to, NULL-terminated. */
const char * const *kt_saved_view_sections (void);

gboolean kt_saved_view_check_state (JsonNode  *state,
                                    GError   **error);

G_END_DECLS
