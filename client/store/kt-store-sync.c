/* kt-store-sync.c: the store operations the sync engine needs
 *
 * What sync writes came from the server (or is the server's verdict), so
 * it never goes to the outbox. Each public function is one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-record.h"
#include "kt-store-history.h"
#include "kt-store-members.h"
#include "kt-store-sync-private.h"

#define META_CLIENT_ID "sync.client_id"
#define META_CURSOR    KT_STORE_SYNC_META_CURSOR

/* Meta rows that belong to the server account, forgotten on log out. */
static const char * const account_meta[] = {
  META_CLIENT_ID, META_CURSOR, "sync.org_id", "sync.user_id", "sync.email",
  "sync.last_sync", "sync.last_error", NULL,
};

gboolean
kt_store_sync_begin (KtStore  *self,
                     GError  **error)
{
  int rc = sqlite3_exec (kt_store_get_db (self), "BEGIN IMMEDIATE", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not start writing synced changes"));
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_store_sync_commit (KtStore  *self,
                      GError  **error)
{
  int rc = sqlite3_exec (kt_store_get_db (self), "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not save synced changes"));
      return FALSE;
    }
  return TRUE;
}

void
kt_store_sync_rollback (KtStore *self)
{
  if (!sqlite3_get_autocommit (kt_store_get_db (self)))
    sqlite3_exec (kt_store_get_db (self), "ROLLBACK", NULL, NULL, NULL);
}

gboolean
kt_store_sync_step_done (KtStore       *self,
                         sqlite3_stmt  *stmt,
                         const char    *what,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc, what);
      return FALSE;
    }
  return TRUE;
}

static void
note_entity (GPtrArray      *entities,
             const KtEntity *entity)
{
  if (!g_ptr_array_find (entities, entity, NULL))
    g_ptr_array_add (entities, (gpointer) entity);
}

static void
emit_changed (KtStore   *self,
              GPtrArray *entities)
{
  for (guint i = 0; i < entities->len; i++)
    kt_store_emit_changed (self, ((const KtEntity *) g_ptr_array_index (entities, i))->name, NULL);
}

/**
 * kt_store_sync_dup_client_id:
 * @self: a #KtStore
 *
 * Returns: (transfer full): the client id this store pushes as
 */
char *
kt_store_sync_dup_client_id (KtStore *self)
{
  g_autoptr (GError) error = NULL;
  char *id;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);

  id = kt_store_get_meta (self, META_CLIENT_ID);
  if (id != NULL)
    return id;

  id = kt_uuid_new ();
  if (!kt_store_set_meta (self, META_CLIENT_ID, id, &error))
    g_warning ("Could not keep the sync client id: %s", error->message);
  return id;
}

gboolean
kt_store_sync_reset_client (KtStore  *self,
                            GError  **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  return kt_store_set_meta (self, META_CLIENT_ID, NULL, error);
}

gint64
kt_store_sync_get_cursor (KtStore  *self,
                          gboolean *out_was_bad)
{
  g_autofree char *text = NULL;
  gint64 cursor = 0;

  g_return_val_if_fail (KT_IS_STORE (self), 0);

  if (out_was_bad != NULL)
    *out_was_bad = FALSE;

  text = kt_store_get_meta (self, META_CURSOR);
  if (text == NULL)
    return 0;

  if (!g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &cursor, NULL))
    {
      if (out_was_bad != NULL)
        *out_was_bad = TRUE;
      return 0;
    }

  return cursor;
}

/**
 * kt_store_sync_revert:
 * @self: a #KtStore
 * @entity: the record's entity
 * @record_id: its id
 * @server_state: (nullable): the server's version, or %NULL if it has none
 * @error: return location for a #GError
 */
gboolean
kt_store_sync_revert (KtStore        *self,
                      const KtEntity *entity,
                      const char     *record_id,
                      KtRecord       *server_state,
                      GError        **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && record_id != NULL, FALSE);

  if (!kt_store_sync_begin (self, error))
    return FALSE;

  if (server_state != NULL)
    {
      if (!kt_store_sync_write_row (self, server_state, error))
        {
          kt_store_sync_rollback (self);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?1", entity->plural);
      sqlite3_stmt *stmt = kt_store_prepare (self, sql, error);

      if (stmt == NULL)
        {
          kt_store_sync_rollback (self);
          return FALSE;
        }
      sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
      if (!kt_store_sync_step_done (self, stmt, _("Could not remove a rejected record"), error))
        {
          kt_store_sync_rollback (self);
          return FALSE;
        }
    }

  if (!kt_store_sync_commit (self, error))
    {
      kt_store_sync_rollback (self);
      return FALSE;
    }

  kt_store_emit_changed (self, entity->name, record_id);
  return TRUE;
}

/**
 * kt_store_sync_assign_mutation_ids:
 * @self: a #KtStore
 * @entries: (element-type KtOutboxEntry): outbox entries, oldest first
 * @out_ids: (out) (transfer full): their client mutation ids
 * @error: return location for a #GError
 *
 * The outbox's seq is an AUTOINCREMENT key: it increases with every local
 * write and is never reused, even after the rows are removed, and an
 * entry keeps it across retries. That is exactly what the protocol asks
 * of a mutation id, so the seq is the id.
 */
gboolean
kt_store_sync_assign_mutation_ids (KtStore   *self,
                                   GPtrArray *entries,
                                   GArray   **out_ids,
                                   GError   **error)
{
  g_autoptr (GArray) ids = NULL;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (entries != NULL && out_ids != NULL, FALSE);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      KtOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_array_append_val (ids, entry->seq);
    }

  *out_ids = g_steal_pointer (&ids);
  return TRUE;
}

gboolean
kt_store_sync_mark_sent (KtStore  *self,
                         gint64    up_to_seq,
                         GError  **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  return kt_store_outbox_remove (self, up_to_seq, error);
}

static gboolean
enqueue_record (KtStore     *self,
                KtRecord    *record,
                const char  *user_id,
                GError     **error)
{
  const char *owner = kt_record_get_owner_id (record);
  g_autoptr (JsonNode) fields = kt_record_to_json (record, KT_JSON_NO_META);
  g_autoptr (JsonBuilder) clocks = json_builder_new ();
  g_autoptr (JsonNode) clocks_node = NULL;
  g_autoptr (GPtrArray) names = kt_record_list_fields (record);
  g_autofree char *fields_json = NULL;
  g_autofree char *clocks_json = NULL;
  g_autofree char *now = kt_now_iso ();
  sqlite3_stmt *stmt;

  /* The fields object carries values only; their clocks go beside it. */
  if (JSON_NODE_HOLDS_OBJECT (fields))
    json_object_remove_member (json_node_get_object (fields), KT_META_CLOCKS);

  json_builder_begin_object (clocks);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      json_builder_set_member_name (clocks, name);
      json_builder_add_string_value (clocks, kt_record_get_field_hlc (record, name));
    }
  /* The server makes the pusher the owner of a record pushed without
   * one: a record someone else owns (a re-bound store), or one that was
   * reassigned, sends its owner and the owner's clock as a create in
   * kt-store-write.c does. */
  if (owner != NULL && JSON_NODE_HOLDS_OBJECT (fields) &&
      (kt_record_peek_owner_clock (record) != NULL || g_strcmp0 (owner, user_id) != 0))
    {
      json_object_set_string_member (json_node_get_object (fields), KT_META_OWNER, owner);
      json_builder_set_member_name (clocks, KT_META_OWNER);
      json_builder_add_string_value (clocks, kt_record_get_field_hlc (record, KT_META_OWNER));
    }
  /* The creation time too, so the server keeps this store's rather than
   * the time of the upload. */
  if (kt_record_get_created_at (record) != NULL && JSON_NODE_HOLDS_OBJECT (fields))
    {
      json_object_set_string_member (json_node_get_object (fields), KT_META_CREATED,
                                     kt_record_get_created_at (record));
      json_builder_set_member_name (clocks, KT_META_CREATED);
      json_builder_add_string_value (clocks, kt_record_get_field_hlc (record, KT_META_CREATED));
    }
  json_builder_end_object (clocks);
  clocks_node = json_builder_get_root (clocks);

  fields_json = json_to_string (fields, FALSE);
  clocks_json = json_to_string (clocks_node, FALSE);

  stmt = kt_store_prepare (self,
                           "INSERT INTO outbox (entity, record_id, deleted, fields, "
                           "clocks, created_at) VALUES (?1, ?2, 0, ?3, ?4, ?5)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, kt_record_get_entity (record)->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kt_record_get_id (record), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, fields_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, clocks_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  return kt_store_sync_step_done (self, stmt, _("Could not queue a record for upload"), error);
}

static gboolean
adopt_entity (KtStore         *self,
              const KtEntity  *entity,
              const char      *org_id,
              const char      *user_id,
              const char      *local_user_id,
              GError         **error)
{
  g_autofree char *update = NULL;
  g_autofree char *select = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* Records made offline belong to the local user: they become the
   * account's; records of other owners (there are none in an offline
   * store, but a re-bound one may have some) keep theirs. */
  update = g_strdup_printf ("UPDATE \"%s\" SET org_id = ?1, "
                            "owner_id = CASE WHEN owner_id IS NULL OR owner_id = ?3 "
                            "THEN ?2 ELSE owner_id END",
                            entity->plural);
  stmt = kt_store_prepare (self, update, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, org_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, local_user_id, -1, SQLITE_TRANSIENT);
  if (!kt_store_sync_step_done (self, stmt, _("Could not move records into the organization"), error))
    return FALSE;

  /* Tombstones of records the server never saw need not travel. */
  select = g_strdup_printf ("SELECT %s FROM \"%s\" t WHERE t.deleted = 0 ORDER BY t.id",
                            kt_store_select_columns (entity), entity->plural);
  stmt = kt_store_prepare (self, select, error);
  if (stmt == NULL)
    return FALSE;

  /* Records are collected first: the cached statement must be reset
   * before the inserts run other statements. */
  {
    g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        KtRecord *record = kt_store_record_from_row (entity, stmt, error);

        if (record == NULL)
          {
            sqlite3_reset (stmt);
            return FALSE;
          }
        g_ptr_array_add (records, record);
      }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      {
        kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                   _("Could not read records to upload"));
        return FALSE;
      }

    for (guint i = 0; i < records->len; i++)
      if (!enqueue_record (self, g_ptr_array_index (records, i), user_id, error))
        return FALSE;
  }

  return TRUE;
}

/**
 * kt_store_sync_adopt_org:
 * @self: a #KtStore
 * @org_id: the server organization's id
 * @user_id: the signed-in user's id
 * @error: return location for a #GError
 */
gboolean
kt_store_sync_adopt_org (KtStore     *self,
                         const char  *org_id,
                         const char  *user_id,
                         GError     **error)
{
  const KtEntity * const *entities = kt_entity_all ();
  g_autofree char *local_user_id = NULL;
  g_autoptr (GPtrArray) touched = g_ptr_array_new ();

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (org_id != NULL && user_id != NULL, FALSE);

  local_user_id = g_strdup (kt_store_get_user_id (self));

  if (!kt_store_sync_begin (self, error))
    return FALSE;

  /* Whatever the outbox holds is contained in the full upload below. */
  if (!kt_store_exec (self, "DELETE FROM outbox", error))
    {
      kt_store_sync_rollback (self);
      return FALSE;
    }

  for (guint i = 0; entities[i] != NULL; i++)
    {
      if ((entities[i]->flags & KT_ENTITY_SYNCED) == 0)
        continue;
      if (!adopt_entity (self, entities[i], org_id, user_id, local_user_id, error))
        {
          kt_store_sync_rollback (self);
          return FALSE;
        }
      note_entity (touched, entities[i]);
    }

  if (!kt_store_set_identity (self, org_id, user_id, error) ||
      !kt_store_sync_commit (self, error))
    {
      kt_store_sync_rollback (self);
      return FALSE;
    }

  emit_changed (self, touched);
  return TRUE;
}

gboolean
kt_store_sync_forget_account (KtStore  *self,
                              GError  **error)
{
  const KtEntity * const *entities = kt_entity_all ();
  g_autoptr (GPtrArray) touched = g_ptr_array_new ();

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  /* In an initial sync the FTS index lacks the pulled rows: their
   * deletes must not touch it (kt_store_sync_end_pull() below fills it
   * again). */
  if (kt_store_sync_is_deferred (self))
    kt_store_sync_set_fts_deferred (self, TRUE);

  if (!kt_store_sync_begin (self, error))
    return FALSE;

  if (!kt_store_exec (self, "DELETE FROM outbox", error) ||
      !kt_store_history_clear (self, error) ||
      !kt_store_members_clear (self, error))
    {
      kt_store_sync_rollback (self);
      return FALSE;
    }

  for (guint i = 0; entities[i] != NULL; i++)
    {
      g_autofree char *sql = NULL;

      if ((entities[i]->flags & KT_ENTITY_SYNCED) == 0)
        continue;
      sql = g_strdup_printf ("DELETE FROM \"%s\"", entities[i]->plural);
      if (!kt_store_exec (self, sql, error))
        {
          kt_store_sync_rollback (self);
          return FALSE;
        }
      note_entity (touched, entities[i]);
    }

  for (guint i = 0; account_meta[i] != NULL; i++)
    if (!kt_store_set_meta (self, account_meta[i], NULL, error))
      {
        kt_store_sync_rollback (self);
        return FALSE;
      }

  if (!kt_store_sync_commit (self, error))
    {
      kt_store_sync_rollback (self);
      return FALSE;
    }

  /* An initial sync interrupted before its indexes were built: build
   * them now, over the empty tables. */
  if (!kt_store_sync_end_pull (self, error))
    return FALSE;

  emit_changed (self, touched);
  return TRUE;
}

/**
 * kt_store_sync_dump:
 * @self: a #KtStore
 * @entity: an entity
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type KtRecord): every record, by id
 */
GPtrArray *
kt_store_sync_dump (KtStore         *self,
                    const KtEntity  *entity,
                    GError         **error)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM \"%s\" t ORDER BY t.id",
                         kt_store_select_columns (entity), entity->plural);
  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KtRecord *record = kt_store_record_from_row (entity, stmt, error);

      if (record == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (records, record);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc, _("Could not read records"));
      return NULL;
    }

  return g_steal_pointer (&records);
}
