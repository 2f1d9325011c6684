/* kt-import-mapping.c: a file's columns and what each one is imported as
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-import-mapping.h"

G_DEFINE_INTERFACE (KtImportMapping, kt_import_mapping, G_TYPE_OBJECT)

static void
kt_import_mapping_default_init (KtImportMappingInterface *iface)
{
}

#define IFACE(self) (KT_IMPORT_MAPPING_GET_IFACE (self))

guint
kt_import_mapping_get_n_columns (KtImportMapping *self)
{
  g_return_val_if_fail (KT_IS_IMPORT_MAPPING (self), 0);
  return IFACE (self)->get_n_columns (self);
}

const char *
kt_import_mapping_get_column_header (KtImportMapping *self,
                                     guint            column)
{
  g_return_val_if_fail (KT_IS_IMPORT_MAPPING (self), NULL);
  return IFACE (self)->get_column_header (self, column);
}

const char *
kt_import_mapping_get_column_target (KtImportMapping *self,
                                     guint            column)
{
  g_return_val_if_fail (KT_IS_IMPORT_MAPPING (self), NULL);
  return IFACE (self)->get_column_target (self, column);
}

void
kt_import_mapping_set_column_target (KtImportMapping *self,
                                     guint            column,
                                     const char      *target)
{
  g_return_if_fail (KT_IS_IMPORT_MAPPING (self));
  IFACE (self)->set_column_target (self, column, target);
}

GStrv
kt_import_mapping_list_targets (KtImportMapping *self)
{
  g_return_val_if_fail (KT_IS_IMPORT_MAPPING (self), NULL);
  return IFACE (self)->list_targets (self);
}

char *
kt_import_mapping_dup_target_label (KtImportMapping *self,
                                    const char      *target)
{
  g_return_val_if_fail (KT_IS_IMPORT_MAPPING (self), NULL);
  return IFACE (self)->dup_target_label (self, target);
}

guint
kt_import_mapping_get_n_rows (KtImportMapping *self)
{
  g_return_val_if_fail (KT_IS_IMPORT_MAPPING (self), 0);
  return IFACE (self)->get_n_rows (self);
}

const char *
kt_import_mapping_get_cell (KtImportMapping *self,
                            guint            row,
                            guint            column)
{
  g_return_val_if_fail (KT_IS_IMPORT_MAPPING (self), NULL);
  return IFACE (self)->get_cell (self, row, column);
}
