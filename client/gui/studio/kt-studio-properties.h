/* kt-studio-properties.h: a template's look, bound to its fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kt-record.h"

G_BEGIN_DECLS

#define KT_TYPE_STUDIO_PROPERTIES (kt_studio_properties_get_type ())
G_DECLARE_FINAL_TYPE (KtStudioProperties, kt_studio_properties, KT, STUDIO_PROPERTIES, GtkWidget)

/* The largest logo file accepted, in bytes; its data: URI (base64) must
 * stay under the field's 512 KiB. */
#define KT_STUDIO_LOGO_MAX_BYTES (380 * 1024)

GtkWidget *kt_studio_properties_new        (void);
/* Shows @record's fields and writes every change into it (the editor's
 * working copy), then emits ::changed. */
void       kt_studio_properties_set_record (KtStudioProperties *self,
                                            KtRecord           *record);
/* Reads a logo file: a data: URI of its bytes, or NULL with @error when
 * it is not PNG, JPEG or SVG or larger than KT_STUDIO_LOGO_MAX_BYTES. */
char      *kt_studio_logo_from_file        (GFile              *file,
                                            GError            **error);

G_END_DECLS
