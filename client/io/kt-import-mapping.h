/* kt-import-mapping.h: a file's columns and what each one is imported as
 *
 * What the import dialogs' mapping page needs to show a CSV file's columns
 * with a choice of target each, over a preview of the first rows. The
 * contact and company import (KtImport) and the bank statement import
 * (KtStatementImport) both implement it, so one page serves both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KT_TYPE_IMPORT_MAPPING (kt_import_mapping_get_type ())
G_DECLARE_INTERFACE (KtImportMapping, kt_import_mapping, KT, IMPORT_MAPPING, GObject)

struct _KtImportMappingInterface
{
  GTypeInterface parent_iface;

  guint        (*get_n_columns)     (KtImportMapping *self);
  const char * (*get_column_header) (KtImportMapping *self, guint column);
  /* NULL: the column is not imported. */
  const char * (*get_column_target) (KtImportMapping *self, guint column);
  void         (*set_column_target) (KtImportMapping *self, guint column, const char *target);
  /* Every target a column may take, in form order. */
  GStrv        (*list_targets)      (KtImportMapping *self);
  char *       (*dup_target_label)  (KtImportMapping *self, const char *target);
  /* Data rows, without the header. */
  guint        (*get_n_rows)        (KtImportMapping *self);
  const char * (*get_cell)          (KtImportMapping *self, guint row, guint column);
};

guint       kt_import_mapping_get_n_columns     (KtImportMapping *self);
const char *kt_import_mapping_get_column_header (KtImportMapping *self, guint column);
const char *kt_import_mapping_get_column_target (KtImportMapping *self, guint column);
void        kt_import_mapping_set_column_target (KtImportMapping *self, guint column,
                                                 const char *target);
GStrv       kt_import_mapping_list_targets      (KtImportMapping *self);
char       *kt_import_mapping_dup_target_label  (KtImportMapping *self, const char *target);
guint       kt_import_mapping_get_n_rows        (KtImportMapping *self);
const char *kt_import_mapping_get_cell          (KtImportMapping *self, guint row, guint column);

G_END_DECLS
