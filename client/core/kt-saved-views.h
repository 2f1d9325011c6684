/* kt-saved-views.h: the store's user's saved views of the list panes
 *
 * A saved view (shared/kt-saved-view.h) is a pane's search, filters,
 * sort and visible columns under a name. These are the reads and writes
 * the sidebar and the panes make; the pane turns its widgets into the
 * state and back (client/gui/records/kt-record-pane-view.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-store.h"

G_BEGIN_DECLS

/* The user's live views of @section ("contacts"), or of every section
 * when @section is NULL, by section and then by name. (transfer full, of
 * KtRecord) */
GPtrArray *kt_saved_views_load   (KtStore     *store,
                                  const char  *section,
                                  GError     **error);
/* Saves a new view; the name is trimmed. (transfer full) */
KtRecord  *kt_saved_views_create (KtStore     *store,
                                  const char  *section,
                                  const char  *name,
                                  JsonObject  *state,
                                  GError     **error);
gboolean   kt_saved_views_rename (KtStore     *store,
                                  const char  *id,
                                  const char  *name,
                                  GError     **error);
/* The view's state, or NULL when it is gone or not an object.
 * (transfer full) */
JsonObject *kt_saved_views_dup_state (KtStore    *store,
                                      const char *id,
                                      char      **section);

G_END_DECLS
