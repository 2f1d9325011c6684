/* kt-import-mapping-page.h: a file's columns, each with the field it goes
 * into, over a preview of the first rows
 *
 * The first page of both import dialogs: contacts and companies
 * (KtImportDialog) and bank statements (KtStatementDialog). It shows any
 * KtImportMapping and sets the column targets as a person chooses them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-import-mapping.h"

G_BEGIN_DECLS

#define KT_TYPE_IMPORT_MAPPING_PAGE (kt_import_mapping_page_get_type ())
G_DECLARE_FINAL_TYPE (KtImportMappingPage, kt_import_mapping_page, KT, IMPORT_MAPPING_PAGE, AdwBin)

/* Fills the page once, from the targets @mapping guessed. */
void         kt_import_mapping_page_set_mapping    (KtImportMappingPage *self,
                                                    KtImportMapping     *mapping);
/* The combo row that maps @column. */
AdwComboRow *kt_import_mapping_page_get_column_row (KtImportMappingPage *self,
                                                    guint                column);
/* Shows why the mapping cannot work; NULL hides it. A choice hides it too. */
void         kt_import_mapping_page_set_error      (KtImportMappingPage *self,
                                                    const char          *message);

G_END_DECLS
