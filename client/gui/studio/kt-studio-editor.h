/* kt-studio-editor.h: one document template being edited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "kt-record.h"
#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_STUDIO_EDITOR (kt_studio_editor_get_type ())
G_DECLARE_FINAL_TYPE (KtStudioEditor, kt_studio_editor, KT, STUDIO_EDITOR, GtkWidget)

GtkWidget     *kt_studio_editor_new          (void);
void           kt_studio_editor_set_store    (KtStudioEditor *self,
                                              KtStore        *store);
/* Edits @record (a stored template, or a new one not saved yet); NULL
 * shows nothing. The editor works on a copy until Save. */
void           kt_studio_editor_set_template (KtStudioEditor *self,
                                              KtRecord       *record);
/* The template as edited (its id is the stored one's), or NULL. */
KtRecord      *kt_studio_editor_get_template (KtStudioEditor *self);
/* Sets @field of the template as stored already (a rename, the default
 * changed from the list): the edits stay, and the field is not a change
 * to save. "is_default" takes "true" or "false". */
void           kt_studio_editor_set_stored_field (KtStudioEditor *self,
                                                  const char     *field,
                                                  const char     *value);
/* Whether the text or a property changed since the last save or load. */
gboolean       kt_studio_editor_is_modified  (KtStudioEditor *self);
/* Stores the edited template: its validation's error otherwise. */
gboolean       kt_studio_editor_save         (KtStudioEditor *self,
                                              GError        **error);
/* Inserts @text at the cursor of the text being edited, as one step of
 * undo, and gives the text the keyboard. */
void           kt_studio_editor_insert_text  (KtStudioEditor *self,
                                              const char     *text);
/* "header", "body" or "footer": which text the editor shows. */
void           kt_studio_editor_show_field   (KtStudioEditor *self,
                                              const char     *field);
/* Shows the variable palette (unfolding to it in a narrow window) and
 * gives its search the keyboard. */
void           kt_studio_editor_search_variables (KtStudioEditor *self);
GtkSourceView *kt_studio_editor_get_view     (KtStudioEditor *self);
GtkWidget     *kt_studio_editor_get_preview  (KtStudioEditor *self);
GtkWidget     *kt_studio_editor_get_palette  (KtStudioEditor *self);
/* The inline message of the template's errors ("" when none). */
const char    *kt_studio_editor_get_error_text (KtStudioEditor *self);

G_END_DECLS
