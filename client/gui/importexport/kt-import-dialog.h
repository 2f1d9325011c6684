/* kt-import-dialog.h: choose the columns, check every row, then import
 *
 * The first page maps columns to fields (guessed, changeable) over a
 * preview of the first rows. "Check Rows" validates every row without
 * writing anything; the second page reports the rows that would be
 * skipped (line, column, reason) and offers "Import N Rows", which saves
 * all of them in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-import.h"

G_BEGIN_DECLS

#define KT_TYPE_IMPORT_DIALOG (kt_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtImportDialog, kt_import_dialog, KT, IMPORT_DIALOG, AdwWindow)

KtImportDialog *kt_import_dialog_new          (KtImport       *import,
                                               const char     *file_name);
KtImport       *kt_import_dialog_get_import   (KtImportDialog *self);
/* The combo row that maps @column. */
AdwComboRow    *kt_import_dialog_get_column_row (KtImportDialog *self,
                                                 guint           column);
/* "Check Rows": FALSE (and the mapping page shows why) when the mapping
 * cannot work. */
gboolean        kt_import_dialog_check        (KtImportDialog *self);
/* The report lines shown, e.g. "Line 3, Email: ..." (transfer full). */
GStrv           kt_import_dialog_dup_report   (KtImportDialog *self);
const char     *kt_import_dialog_get_summary  (KtImportDialog *self);
/* "Import N Rows": emits ::imported (guint n) and closes on success. */
gboolean        kt_import_dialog_confirm      (KtImportDialog *self,
                                               GError        **error);

G_END_DECLS
