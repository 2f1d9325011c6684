/* kt-studio-preview.h: the template studio's live PDF preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kt-record.h"
#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_STUDIO_PREVIEW (kt_studio_preview_get_type ())
G_DECLARE_FINAL_TYPE (KtStudioPreview, kt_studio_preview, KT, STUDIO_PREVIEW, GtkWidget)

/* Keys typed closer than this, in milliseconds, render once the typing
 * pauses that long; a key after a pause renders at once. */
#define KT_STUDIO_PREVIEW_DELAY_MS 60

GtkWidget  *kt_studio_preview_new          (void);
/* The store real invoices and offers are chosen from. */
void        kt_studio_preview_set_store    (KtStudioPreview *self,
                                            KtStore         *store);
/* Renders @template_record (the editor's copy, taken over: it must not
 * change afterwards), at once or when the typing pauses (see the delay
 * above); a newer call supersedes it and cancels a rendering in
 * progress. */
void        kt_studio_preview_render       (KtStudioPreview *self,
                                            KtRecord        *template_record);
/* The problems of the last rendering (of KtTemplateIssue), or NULL. */
GPtrArray  *kt_studio_preview_get_issues   (KtStudioPreview *self);
guint       kt_studio_preview_get_n_pages  (KtStudioPreview *self);
guint       kt_studio_preview_get_page     (KtStudioPreview *self);
/* The text of the shown page as poppler reads it from the PDF. */
char       *kt_studio_preview_dup_page_text (KtStudioPreview *self);
/* How many renderings finished, shown or not (tests wait on it). */
guint       kt_studio_preview_get_serial   (KtStudioPreview *self);

G_END_DECLS
