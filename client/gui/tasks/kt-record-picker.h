/* kt-record-picker.h: a row that links to one record, found by searching
 *
 * Shows the linked record's title; its button opens a popover with a search
 * entry and the first matches from the store's full-text search, so it
 * works the same with ten contacts or a hundred thousand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_RECORD_PICKER (kt_record_picker_get_type ())
G_DECLARE_FINAL_TYPE (KtRecordPicker, kt_record_picker, KT, RECORD_PICKER, AdwActionRow)

GtkWidget  *kt_record_picker_new           (KtStore        *store,
                                            const KtEntity *entity,
                                            const char     *title);
/* NULL: nothing linked. */
const char *kt_record_picker_get_record_id (KtRecordPicker *self);
void        kt_record_picker_set_record_id (KtRecordPicker *self,
                                            const char     *record_id);
/* Runs a search as if typed into the popover (tests). Returns how many
 * matches are listed. */
guint       kt_record_picker_search        (KtRecordPicker *self,
                                            const char     *text);

G_END_DECLS
