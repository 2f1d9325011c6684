/* kt-store-write.c: saves, tombstones and the outbox
 *
 * A write is one transaction: BEGIN IMMEDIATE, compare with the stored
 * row, stamp the fields that changed with one tick of the store's clock,
 * upsert, append the outbox row, COMMIT. Any failure rolls everything
 * back, and the caller's record is only updated (stamps, timestamps)
 * once the commit succeeded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-record.h"
#include "kt-store-private.h"
#include "kt-store-sync.h"

/* One record's write in progress. */
typedef struct {
  KtRecord  *record;    /* the caller's, updated after the commit */
  KtRecord  *work;      /* the copy that is stamped and written */
  gboolean   written;
} Pending;

static void
pending_clear (gpointer data)
{
  Pending *p = data;

  g_clear_object (&p->record);
  g_clear_object (&p->work);
}

static gboolean
begin (KtStore  *self,
       GError  **error)
{
  int rc = sqlite3_exec (kt_store_get_db (self), "BEGIN IMMEDIATE", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not start saving"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
commit (KtStore  *self,
        GError  **error)
{
  int rc = sqlite3_exec (kt_store_get_db (self), "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not save the changes"));
      return FALSE;
    }

  return TRUE;
}

static void
rollback (KtStore *self)
{
  /* Harmless when SQLite already rolled back on its own (SQLITE_FULL). */
  if (!sqlite3_get_autocommit (kt_store_get_db (self)))
    sqlite3_exec (kt_store_get_db (self), "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
values_equal (KtRecord   *a,
              KtRecord   *b,
              const char *field)
{
  JsonNode *na = kt_record_get_node (a, field);
  JsonNode *nb = kt_record_get_node (b, field);

  if (na == NULL || nb == NULL)
    return na == nb;

  return json_node_equal (na, nb);
}

static const char *
upsert_sql (KtStore        *self,
            const KtEntity *entity)
{
  static GHashTable *cache;   /* KtEntity* -> SQL, for the process */
  G_LOCK_DEFINE_STATIC (cache);
  const char *sql;

  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new (NULL, NULL);
  sql = g_hash_table_lookup (cache, entity);
  if (sql == NULL)
    {
      GString *s = g_string_new (NULL);
      guint n = 8;

      g_string_append_printf (s, "INSERT INTO \"%s\" (id, org_id, owner_id, created_at, "
                              "updated_at, hlc, deleted, clocks", entity->plural);
      for (const KtField *f = entity->fields; f->name != NULL; f++, n++)
        g_string_append_printf (s, ", \"%s\"", f->name);
      g_string_append (s, ") VALUES (?1");
      for (guint i = 2; i <= n; i++)
        g_string_append_printf (s, ", ?%u", i);
      g_string_append (s, ") ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, "
                       "owner_id = excluded.owner_id, created_at = excluded.created_at, "
                       "updated_at = excluded.updated_at, hlc = excluded.hlc, "
                       "deleted = excluded.deleted, clocks = excluded.clocks");
      for (const KtField *f = entity->fields; f->name != NULL; f++)
        g_string_append_printf (s, ", \"%s\" = excluded.\"%s\"", f->name, f->name);

      sql = g_string_free (s, FALSE);
      g_hash_table_insert (cache, (gpointer)entity, (gpointer)sql);
    }
  G_UNLOCK (cache);

  return sql;
}

static gboolean
upsert (KtStore   *self,
        KtRecord  *record,
        GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kt_store_prepare (self, upsert_sql (self, kt_record_get_entity (record)), error);
  if (stmt == NULL || !kt_store_bind_record (stmt, record, error))
    return FALSE;

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf (_("Could not save %s %s"),
                                               kt_record_get_entity (record)->name,
                                               kt_record_get_id (record));

      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc, what);
      return FALSE;
    }

  return TRUE;
}

static gboolean
append_outbox (KtStore            *self,
               KtRecord           *work,
               const char * const *changed,
               const char         *stamp,
               const char         *now,
               GError            **error)
{
  g_autoptr(JsonBuilder) fields = json_builder_new ();
  g_autoptr(JsonBuilder) clocks = json_builder_new ();
  g_autoptr(JsonNode) fields_node = NULL;
  g_autoptr(JsonNode) clocks_node = NULL;
  g_autofree char *fields_json = NULL;
  g_autofree char *clocks_json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  json_builder_begin_object (fields);
  json_builder_begin_object (clocks);
  for (guint i = 0; changed[i] != NULL; i++)
    {
      json_builder_set_member_name (clocks, changed[i]);
      /* A resend of a whole record keeps each field's own clock. */
      json_builder_add_string_value (clocks, stamp != NULL ? stamp : kt_record_get_field_hlc (work, changed[i]));

      /* The tombstone travels as the row's deleted flag. */
      if (g_str_equal (changed[i], KT_META_DELETED))
        continue;

      json_builder_set_member_name (fields, changed[i]);
      if (g_str_equal (changed[i], KT_META_OWNER))
        json_builder_add_string_value (fields, kt_record_get_owner_id (work));
      else if (g_str_equal (changed[i], KT_META_CREATED))
        json_builder_add_string_value (fields, kt_record_get_created_at (work));
      else if (kt_record_get_node (work, changed[i]) != NULL)
        json_builder_add_value (fields, json_node_copy (kt_record_get_node (work, changed[i])));
      else
        json_builder_add_null_value (fields);
    }
  json_builder_end_object (fields);
  json_builder_end_object (clocks);
  fields_node = json_builder_get_root (fields);
  clocks_node = json_builder_get_root (clocks);
  fields_json = json_to_string (fields_node, FALSE);
  clocks_json = json_to_string (clocks_node, FALSE);

  stmt = kt_store_prepare (self,
                           "INSERT INTO outbox (entity, record_id, deleted, fields, "
                           "clocks, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, kt_record_get_entity (work)->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kt_record_get_id (work), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, kt_record_get_deleted (work) ? 1 : 0);
  sqlite3_bind_text (stmt, 4, fields_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, clocks_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not record the change for syncing"));
      return FALSE;
    }

  return TRUE;
}

/* Whether this write gives the record an owner, to be stamped and synced
 * like a field. On an edit, an owner the caller set that differs from the
 * stored one; a copy with no owner at all (an import row, a record built
 * from an id) means "leave it", never "nobody". On a create, an owner
 * other than the store's user: the server makes the pusher the owner of
 * a record that arrives without one, so a record made for someone else
 * must say so, or the replicas disagree about it for good. A record made
 * for oneself keeps no owner clock, as docs/sync.md says of an owner
 * nobody reassigned. */
static gboolean
owner_changed (KtStore  *self,
               KtRecord *old,
               KtRecord *record)
{
  const char *owner = kt_record_get_owner_id (record);

  if (owner == NULL)
    return FALSE;
  if (old != NULL)
    return g_strcmp0 (owner, kt_record_get_owner_id (old)) != 0;

  return g_strcmp0 (owner, kt_store_get_user_id (self)) != 0;
}

/* Writes one record inside the open transaction. */
static gboolean
write_one (KtStore            *self,
           Pending            *p,
           KtStoreWriteFlags   flags,
           const char         *now,
           GError            **error)
{
  const KtEntity *entity = kt_record_get_entity (p->record);
  g_autoptr(KtRecord) old = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree char *stamp = NULL;
  KtRecord *work;

  if ((flags & KT_STORE_WRITE_NEW) == 0)
    {
      g_autoptr(GError) local_error = NULL;

      old = kt_store_load (self, entity, kt_record_get_id (p->record), &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    {
      if (old != NULL ? !values_equal (old, p->record, f->name)
                      : kt_record_has (p->record, f->name))
        g_ptr_array_add (changed, (gpointer)f->name);
    }
  if (old != NULL ? kt_record_get_deleted (old) != kt_record_get_deleted (p->record)
                  : kt_record_get_deleted (p->record))
    g_ptr_array_add (changed, (gpointer)KT_META_DELETED);
  if (owner_changed (self, old, p->record))
    g_ptr_array_add (changed, (gpointer)KT_META_OWNER);
  /* The creation time goes with the create, stamped like its fields, so
   * the server and every other device keep this one instead of the time
   * the create happened to reach the server (a week later after a week
   * offline). */
  if (old == NULL)
    g_ptr_array_add (changed, (gpointer)KT_META_CREATED);

  /* Saving what is already stored is not a change: no stamp, no outbox. */
  if (old != NULL && changed->len == 0)
    return TRUE;
  g_ptr_array_add (changed, NULL);

  p->work = work = kt_record_copy (p->record);

  /* Unchanged fields keep the clocks they have in the store, whatever the
   * caller's copy says: only what changed now is newer. */
  if (old != NULL)
    {
      for (const KtField *f = entity->fields; f->name != NULL; f++)
        if (!g_strv_contains ((const char * const *)changed->pdata, f->name) &&
            kt_record_has (old, f->name))
          kt_record_set_field_hlc (work, f->name, kt_record_get_field_hlc (old, f->name));
      kt_record_set_hlc (work, kt_record_get_hlc (old));
    }
  /* The owner likewise, and whether it has a clock at all matters to the
   * merge (a reassignment beats an owner nobody reassigned): an unchanged
   * owner keeps exactly what the store has, which on a create is none. */
  if (!g_strv_contains ((const char * const *)changed->pdata, KT_META_OWNER))
    kt_record_set_field_hlc (work, KT_META_OWNER,
                             old != NULL ? kt_record_peek_owner_clock (old) : NULL);

  /* The owner is stamped like the fields when it changed, so a local
   * reassignment not pushed yet beats an older one pulled meanwhile. */
  stamp = kt_hlc_tick (kt_store_get_clock (self));
  kt_record_stamp (work, (const char * const *)changed->pdata, stamp);

  kt_record_set_updated_at (work, now);
  /* The creation time is the create's: an edit keeps the stored one and
   * its clock, whatever the caller's copy says. */
  if (old != NULL && kt_record_get_created_at (old) != NULL)
    {
      kt_record_set_created_at (work, kt_record_get_created_at (old));
      kt_record_set_field_hlc (work, KT_META_CREATED, kt_record_peek_created_clock (old));
    }
  else if (kt_record_get_created_at (work) == NULL)
    {
      g_autofree char *created = kt_iso_from_unix_ms (kt_hlc_now_ms (kt_store_get_clock (self)));

      kt_record_set_created_at (work, created);
    }
  if (kt_record_get_org_id (work) == NULL)
    kt_record_set_org_id (work, old != NULL && kt_record_get_org_id (old) != NULL
                                ? kt_record_get_org_id (old) : kt_store_get_org_id (self));
  if (kt_record_get_owner_id (work) == NULL)
    kt_record_set_owner_id (work, old != NULL && kt_record_get_owner_id (old) != NULL
                                  ? kt_record_get_owner_id (old) : kt_store_get_user_id (self));

  if (!upsert (self, work, error))
    return FALSE;

  if ((flags & KT_STORE_WRITE_NO_OUTBOX) == 0 &&
      !append_outbox (self, work, (const char * const *)changed->pdata, stamp, now, error))
    return FALSE;

  p->written = TRUE;
  return TRUE;
}

/* Copies what the write decided (stamps, timestamps, owner) back onto
 * the caller's record, after the commit. */
static void
apply_back (Pending *p)
{
  const KtEntity *entity = kt_record_get_entity (p->record);

  if (!p->written)
    return;

  kt_record_set_org_id (p->record, kt_record_get_org_id (p->work));
  kt_record_set_owner_id (p->record, kt_record_get_owner_id (p->work));
  kt_record_set_created_at (p->record, kt_record_get_created_at (p->work));
  kt_record_set_updated_at (p->record, kt_record_get_updated_at (p->work));
  for (const KtField *f = entity->fields; f->name != NULL; f++)
    if (kt_record_has (p->work, f->name))
      kt_record_set_field_hlc (p->record, f->name, kt_record_get_field_hlc (p->work, f->name));
  kt_record_set_field_hlc (p->record, KT_META_DELETED,
                           kt_record_get_field_hlc (p->work, KT_META_DELETED));
  kt_record_set_field_hlc (p->record, KT_META_OWNER, kt_record_peek_owner_clock (p->work));
  kt_record_set_field_hlc (p->record, KT_META_CREATED, kt_record_peek_created_clock (p->work));
  kt_record_set_hlc (p->record, kt_record_get_hlc (p->work));
}

static gboolean
write_all (KtStore            *self,
           GPtrArray          *records,
           KtStoreWriteFlags   flags,
           GError            **error)
{
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GPtrArray) entities = g_ptr_array_new ();
  g_autofree char *now = kt_now_iso ();
  g_autofree char *last_stamp = NULL;
  gboolean any_written = FALSE;

  /* Validation first: a record that is not valid writes nothing, and
   * no transaction is even started. */
  for (guint i = 0; i < records->len; i++)
    if (!kt_record_validate (g_ptr_array_index (records, i), error))
      return FALSE;

  pending = g_array_sized_new (FALSE, TRUE, sizeof (Pending), records->len);
  g_array_set_clear_func (pending, pending_clear);
  g_array_set_size (pending, records->len);

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      Pending *p = &g_array_index (pending, Pending, i);

      p->record = g_object_ref (g_ptr_array_index (records, i));
      if (!write_one (self, p, flags, now, error))
        {
          rollback (self);
          return FALSE;
        }
      if (p->written)
        {
          const KtEntity *entity = kt_record_get_entity (p->record);

          any_written = TRUE;
          g_free (last_stamp);
          last_stamp = g_strdup (kt_record_get_hlc (p->work));
          if (!g_ptr_array_find (entities, entity, NULL))
            g_ptr_array_add (entities, (gpointer)entity);
        }
    }

  /* The newest stamp is kept so the clock resumes after it on the next
   * start, even if the wall clock went back meanwhile. */
  if (any_written && !kt_store_set_meta (self, "hlc_last", last_stamp, error))
    {
      rollback (self);
      return FALSE;
    }

  if (!commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  for (guint i = 0; i < pending->len; i++)
    apply_back (&g_array_index (pending, Pending, i));

  if (records->len == 1 && any_written)
    kt_store_emit_changed (self, kt_record_get_entity (g_ptr_array_index (records, 0))->name,
                           kt_record_get_id (g_ptr_array_index (records, 0)));
  else
    for (guint i = 0; i < entities->len; i++)
      kt_store_emit_changed (self, ((const KtEntity *)g_ptr_array_index (entities, i))->name, NULL);

  return TRUE;
}

/**
 * kt_store_sync_requeue:
 * @entity: the record's entity
 * @record_id: the record's id
 *
 * Appends an outbox row carrying the whole stored record, every field
 * with its own clock, as its create did: for a record the server refused
 * and this store kept (a change over the plan's limit), to be sent again
 * whole when the plan may allow it. The record itself is not touched.
 *
 * Returns: %FALSE with @error set on failure, or if there is no such record
 */
gboolean
kt_store_sync_requeue (KtStore         *self,
                       const KtEntity  *entity,
                       const char      *record_id,
                       GError         **error)
{
  g_autoptr(KtRecord) record = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree char *now = kt_now_iso ();

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && record_id != NULL, FALSE);

  record = kt_store_get (self, entity, record_id, error);
  if (record == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_FAILED,
                     _("No %s with id %s"), entity->name, record_id);
      return FALSE;
    }

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    if (kt_record_has (record, f->name))
      g_ptr_array_add (changed, (gpointer)f->name);
  if (kt_record_get_deleted (record))
    g_ptr_array_add (changed, (gpointer)KT_META_DELETED);
  if (kt_record_get_owner_id (record) != NULL)
    g_ptr_array_add (changed, (gpointer)KT_META_OWNER);
  if (kt_record_get_created_at (record) != NULL)
    g_ptr_array_add (changed, (gpointer)KT_META_CREATED);
  g_ptr_array_add (changed, NULL);

  if (!begin (self, error))
    return FALSE;
  if (!append_outbox (self, record, (const char * const *)changed->pdata, NULL, now, error) ||
      !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  kt_store_emit_changed (self, entity->name, record_id);
  return TRUE;
}

/**
 * kt_store_save:
 * @self: a #KtStore
 * @record: the record to write
 * @error: return location for a #GError
 *
 * Validates and writes @record with its outbox row in one transaction.
 * On success @record carries its new stamps and timestamps.
 */
gboolean
kt_store_save (KtStore   *self,
               KtRecord  *record,
               GError   **error)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  records = g_ptr_array_new ();
  g_ptr_array_add (records, record);
  return write_all (self, records, KT_STORE_WRITE_DEFAULT, error);
}

/**
 * kt_store_save_all:
 * @self: a #KtStore
 * @records: (element-type KtRecord): the records to write
 * @error: return location for a #GError
 *
 * Writes every record of @records in one transaction, or none.
 */
gboolean
kt_store_save_all (KtStore   *self,
                   GPtrArray *records,
                   GError   **error)
{
  return kt_store_save_all_full (self, records, KT_STORE_WRITE_DEFAULT, error);
}

/**
 * kt_store_save_all_full:
 * @self: a #KtStore
 * @records: (element-type KtRecord): the records to write
 * @flags: how to write them
 * @error: return location for a #GError
 *
 * kt_store_save_all() with @flags: the demo generator writes local-only
 * new records with %KT_STORE_WRITE_NO_OUTBOX | %KT_STORE_WRITE_NEW.
 */
gboolean
kt_store_save_all_full (KtStore            *self,
                        GPtrArray          *records,
                        KtStoreWriteFlags   flags,
                        GError            **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (records->len == 0)
    return TRUE;

  return write_all (self, records, flags, error);
}

static gboolean
set_deleted (KtStore         *self,
             const KtEntity  *entity,
             const char      *id,
             gboolean         deleted,
             GError         **error)
{
  g_autoptr(KtRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;

  record = kt_store_load (self, entity, id, &local_error);
  if (record == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KT_ERROR, KT_ERROR_NOT_FOUND,
                     _("There is no %s with the id “%s”."), entity->name, id);
      return FALSE;
    }

  kt_record_set_deleted (record, deleted);
  return kt_store_save (self, record, error);
}

/**
 * kt_store_delete:
 *
 * Tombstones the record: it disappears from reads and lists, and the
 * deletion syncs like any other change. kt_store_undelete() undoes it.
 */
gboolean
kt_store_delete (KtStore         *self,
                 const KtEntity  *entity,
                 const char      *id,
                 GError         **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_deleted (self, entity, id, TRUE, error);
}

gboolean
kt_store_undelete (KtStore         *self,
                   const KtEntity  *entity,
                   const char      *id,
                   GError         **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_deleted (self, entity, id, FALSE, error);
}

void
kt_outbox_entry_free (KtOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->entity);
  g_free (entry->record_id);
  g_free (entry->fields_json);
  g_free (entry->clocks_json);
  g_free (entry->created_at);
  g_free (entry);
}

gint64
kt_store_outbox_count (KtStore *self)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (KT_IS_STORE (self), -1);

  stmt = kt_store_prepare (self, "SELECT count(*) FROM outbox", &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return -1;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return count;
}

/**
 * kt_store_outbox_peek:
 * @self: a #KtStore
 * @limit: how many entries at most
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type KtOutboxEntry) (nullable): the
 *   oldest @limit entries
 */
GPtrArray *
kt_store_outbox_peek (KtStore  *self,
                      guint     limit,
                      GError  **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = kt_store_prepare (self,
                           "SELECT seq, entity, record_id, deleted, fields, clocks, "
                           "created_at FROM outbox ORDER BY seq LIMIT ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)kt_outbox_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KtOutboxEntry *entry = g_new0 (KtOutboxEntry, 1);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->entity = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      entry->record_id = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      entry->deleted = sqlite3_column_int (stmt, 3) != 0;
      entry->fields_json = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      entry->clocks_json = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      entry->created_at = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not read the outbox"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

gboolean
kt_store_outbox_remove (KtStore  *self,
                        gint64    up_to_seq,
                        GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = kt_store_prepare (self, "DELETE FROM outbox WHERE seq <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, up_to_seq);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not clear the outbox"));
      return FALSE;
    }

  return TRUE;
}
