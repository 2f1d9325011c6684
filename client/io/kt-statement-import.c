/* kt-statement-import.c: one bank statement file on its way into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-statement-import"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-bank-csv.h"
#include "kt-camt.h"
#include "kt-import-mapping.h"
#include "kt-statement-import.h"

struct _KtStatementImport
{
  GObject          parent_instance;

  KtStore         *store;
  KtCsvTable      *table;       /* CSV only */
  GPtrArray       *targets;     /* CSV only: of char*, one per column */
  char            *currency;
  KtBankStatement *statement;   /* CAMT: read at once; CSV: by prepare */
};

static void kt_statement_import_mapping_init (KtImportMappingInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtStatementImport, kt_statement_import, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KT_TYPE_IMPORT_MAPPING,
                                                      kt_statement_import_mapping_init))

static guint
get_n_columns (KtImportMapping *mapping)
{
  KtStatementImport *self = KT_STATEMENT_IMPORT (mapping);

  return self->targets ? self->targets->len : 0;
}

static const char *
get_column_header (KtImportMapping *mapping,
                   guint            column)
{
  KtStatementImport *self = KT_STATEMENT_IMPORT (mapping);

  g_return_val_if_fail (column < get_n_columns (mapping), NULL);
  return kt_csv_table_get_row (self->table, 0)[column];
}

static const char *
get_column_target (KtImportMapping *mapping,
                   guint            column)
{
  KtStatementImport *self = KT_STATEMENT_IMPORT (mapping);

  g_return_val_if_fail (column < get_n_columns (mapping), NULL);
  return self->targets->pdata[column];
}

static void
set_column_target (KtImportMapping *mapping,
                   guint            column,
                   const char      *target)
{
  KtStatementImport *self = KT_STATEMENT_IMPORT (mapping);

  g_return_if_fail (column < get_n_columns (mapping));
  g_free (self->targets->pdata[column]);
  self->targets->pdata[column] = g_strdup (target);
}

static GStrv
list_targets (KtImportMapping *mapping)
{
  return g_strdupv ((char **) kt_bank_csv_list_targets ());
}

static char *
dup_target_label (KtImportMapping *mapping,
                  const char      *target)
{
  return g_strdup (kt_bank_csv_target_label (target));
}

static guint
get_n_rows (KtImportMapping *mapping)
{
  KtStatementImport *self = KT_STATEMENT_IMPORT (mapping);

  return self->table ? kt_csv_table_get_n_rows (self->table) - 1 : 0;
}

static const char *
get_cell (KtImportMapping *mapping,
          guint            row,
          guint            column)
{
  KtStatementImport *self = KT_STATEMENT_IMPORT (mapping);

  g_return_val_if_fail (row < get_n_rows (mapping), NULL);
  if (column >= kt_csv_table_get_n_fields (self->table, row + 1))
    return "";
  return kt_csv_table_get_row (self->table, row + 1)[column];
}

static void
kt_statement_import_mapping_init (KtImportMappingInterface *iface)
{
  iface->get_n_columns = get_n_columns;
  iface->get_column_header = get_column_header;
  iface->get_column_target = get_column_target;
  iface->set_column_target = set_column_target;
  iface->list_targets = list_targets;
  iface->dup_target_label = dup_target_label;
  iface->get_n_rows = get_n_rows;
  iface->get_cell = get_cell;
}

static void
kt_statement_import_finalize (GObject *object)
{
  KtStatementImport *self = (KtStatementImport *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->table, kt_csv_table_free);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->statement, kt_bank_statement_free);

  G_OBJECT_CLASS (kt_statement_import_parent_class)->finalize (object);
}

static void
kt_statement_import_class_init (KtStatementImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kt_statement_import_finalize;
}

static void
kt_statement_import_init (KtStatementImport *self)
{
  self->currency = g_strdup (KT_DEFAULT_CURRENCY);
}

KtStatementImport *
kt_statement_import_new (KtStore     *store,
                         const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(KtStatementImport) self = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  self = g_object_new (KT_TYPE_STATEMENT_IMPORT, NULL);
  self->store = g_object_ref (store);

  if (kt_camt_sniff (data, length))
    {
      self->statement = kt_camt_parse (data, length, error);
      if (self->statement == NULL)
        return NULL;
      return g_steal_pointer (&self);
    }

  self->table = kt_csv_parse (data, (gssize) length, 0, error);
  if (self->table == NULL)
    return NULL;
  if (kt_csv_table_get_n_rows (self->table) < 2)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("The file has no rows to import below its header line"));
      return NULL;
    }
  self->targets = kt_bank_csv_guess_targets (self->table);
  return g_steal_pointer (&self);
}

gboolean
kt_statement_import_is_csv (KtStatementImport *self)
{
  g_return_val_if_fail (KT_IS_STATEMENT_IMPORT (self), FALSE);
  return self->table != NULL;
}

void
kt_statement_import_set_currency (KtStatementImport *self,
                                  const char        *currency)
{
  g_return_if_fail (KT_IS_STATEMENT_IMPORT (self));
  g_return_if_fail (kt_currency_is_valid (currency));

  g_free (self->currency);
  self->currency = g_strdup (currency);
}

gboolean
kt_statement_import_prepare (KtStatementImport  *self,
                             GError            **error)
{
  KtBankStatement *statement;

  g_return_val_if_fail (KT_IS_STATEMENT_IMPORT (self), FALSE);

  if (self->table == NULL)
    return TRUE;
  statement = kt_bank_csv_read (self->table, self->targets, self->currency, error);
  if (statement == NULL)
    return FALSE;
  g_clear_pointer (&self->statement, kt_bank_statement_free);
  self->statement = statement;
  return TRUE;
}

KtBankStatement *
kt_statement_import_get_statement (KtStatementImport *self)
{
  g_return_val_if_fail (KT_IS_STATEMENT_IMPORT (self), NULL);
  return self->statement;
}

gboolean
kt_statement_import_commit (KtStatementImport       *self,
                            KtPaymentImportSummary  *summary,
                            GError                 **error)
{
  g_return_val_if_fail (KT_IS_STATEMENT_IMPORT (self), FALSE);

  if (self->statement == NULL && !kt_statement_import_prepare (self, error))
    return FALSE;
  return kt_payment_import_commit (self->store, self->statement, summary, error);
}
