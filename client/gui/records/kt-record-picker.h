/* kt-record-picker.h: a row that links to one record, found by searching
 *
 * Shows the linked record's title; its button opens a popover with a search
 * entry over a lazy list of the store's matches (full-text prefix search,
 * KtRecordList), so it works the same with ten companies or a hundred
 * thousand. The record forms, the task editor, the deal form and the
 * contacts' company filter use it.
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
 * matches there are. */
guint       kt_record_picker_search        (KtRecordPicker *self,
                                            const char     *text);
/* What the row says when nothing is linked: "None" unless set (the
 * company filter says "Any company"). */
void        kt_record_picker_set_empty_text (KtRecordPicker *self,
                                             const char     *text);
/* The matches the popover lists, a lazy list of KtRecord: empty until
 * the popover was first opened or kt_record_picker_search() ran. */
GListModel *kt_record_picker_get_matches   (KtRecordPicker *self);
/* The popover's search entry and list view (tests type and click). */
GtkWidget  *kt_record_picker_get_search_entry (KtRecordPicker *self);
GtkWidget  *kt_record_picker_get_list_view (KtRecordPicker *self);

G_END_DECLS
