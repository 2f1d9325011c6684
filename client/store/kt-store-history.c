/* kt-store-history.c: the values a pulled change overwrote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store-history"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-private.h"
#include "kt-store-history.h"

void
kt_history_entry_free (KtHistoryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->entity);
  g_free (entry->record_id);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry->old_hlc);
  g_free (entry->new_hlc);
  g_free (entry->recorded_at);
  g_free (entry);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * kt_store_history_add:
 * @self: a #KtStore
 * @entity: the entity name
 * @record_id: the record's id
 * @field: the field's key
 * @old_value: (nullable): the overwritten value as JSON text
 * @new_value: (nullable): the new value as JSON text
 * @old_hlc: (nullable): the overwritten value's clock
 * @new_hlc: (nullable): the new value's clock
 * @error: return location for a #GError
 */
gboolean
kt_store_history_add (KtStore     *self,
                      const char  *entity,
                      const char  *record_id,
                      const char  *field,
                      const char  *old_value,
                      const char  *new_value,
                      const char  *old_hlc,
                      const char  *new_hlc,
                      GError     **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && record_id != NULL && field != NULL, FALSE);

  stmt = kt_store_prepare (self,
                           "INSERT INTO record_history (entity, record_id, field, old_value,"
                           " new_value, old_hlc, new_hlc, recorded_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;

  now = kt_now_iso ();
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 4, old_value);
  bind_text_or_null (stmt, 5, new_value);
  bind_text_or_null (stmt, 6, old_hlc);
  bind_text_or_null (stmt, 7, new_hlc);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not keep the overwritten value in the change history"));
      return FALSE;
    }

  return TRUE;
}

/**
 * kt_store_history_list:
 * @self: a #KtStore
 * @entity: the record's entity
 * @record_id: the record's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type KtHistoryEntry): the entries,
 *   newest first, or %NULL on error
 */
GPtrArray *
kt_store_history_list (KtStore        *self,
                       const KtEntity *entity,
                       const char     *record_id,
                       GError        **error)
{
  g_autoptr (GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  stmt = kt_store_prepare (self,
                           "SELECT id, entity, record_id, field, old_value, new_value, old_hlc,"
                           " new_hlc, recorded_at FROM record_history "
                           "WHERE entity = ?1 AND record_id = ?2 ORDER BY id DESC",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_history_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KtHistoryEntry *entry = g_new0 (KtHistoryEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->entity = dup_column (stmt, 1);
      entry->record_id = dup_column (stmt, 2);
      entry->field = dup_column (stmt, 3);
      entry->old_value = dup_column (stmt, 4);
      entry->new_value = dup_column (stmt, 5);
      entry->old_hlc = dup_column (stmt, 6);
      entry->new_hlc = dup_column (stmt, 7);
      entry->recorded_at = dup_column (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not read the change history"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/**
 * kt_store_history_merge:
 * @self: a #KtStore
 * @local: the record as the store holds it; merged in place
 * @remote: the pulled record
 * @out_changed: (out): whether @local changed
 * @error: return location for a #GError
 *
 * Compares the values before and after the merge rather than redoing the
 * merge's clock rule here: whatever kt_record_merge() decides, a value it
 * replaced is kept.
 */
gboolean
kt_store_history_merge (KtStore   *self,
                        KtRecord  *local,
                        KtRecord  *remote,
                        gboolean  *out_changed,
                        GError   **error)
{
  const KtEntity *entity;
  g_autoptr (KtRecord) before = NULL;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (local) && KT_IS_RECORD (remote), FALSE);
  g_return_val_if_fail (out_changed != NULL, FALSE);

  before = kt_record_copy (local);
  *out_changed = kt_record_merge (local, remote);
  if (!*out_changed)
    return TRUE;

  entity = kt_record_get_entity (local);
  for (const KtField *f = entity->fields; f->name != NULL; f++)
    {
      g_autofree char *old_value = NULL;
      g_autofree char *new_value = NULL;

      /* An unset field had no earlier value to keep. */
      if (!kt_record_has (before, f->name))
        continue;

      old_value = kt_store_value_to_json (before, f->name);
      new_value = kt_store_value_to_json (local, f->name);
      if (g_strcmp0 (old_value, new_value) == 0)
        continue;

      if (!kt_store_history_add (self, entity->name, kt_record_get_id (local), f->name,
                                 old_value,
                                 kt_record_has (local, f->name) ? new_value : NULL,
                                 kt_record_get_field_hlc (before, f->name),
                                 kt_record_get_field_hlc (local, f->name),
                                 error))
        return FALSE;
    }

  return TRUE;
}

gboolean
kt_store_history_clear (KtStore  *self,
                        GError  **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  return kt_store_exec (self, "DELETE FROM record_history", error);
}
