/* kt-store-sync-apply.c: applying pulled pages
 *
 * A page and its cursor are one transaction, merged by per-field
 * last-writer-wins (docs/sync.md). Most records of a large pull are new
 * to the store (a fresh client's initial sync), and for those there is
 * nothing to merge: the bulk path binds the pulled JSON straight to one
 * prepared INSERT per row, skipping the KtRecord, the existence query and
 * the history. Only a row that is already there (the INSERT does nothing)
 * takes the merge path, which keeps the values it replaces through
 * kt_store_history_merge().
 *
 * An initial sync into an empty store also leaves the secondary indexes
 * to the end (kt-store-sync-defer.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-date.h"
#include "kt-record.h"
#include "kt-store-history.h"
#include "kt-store-sync-private.h"

#define META_HLC_LAST "hlc_last"

/* The meta columns before an entity's fields in every row statement
 * (kt_store_select_columns(), kt_store_bind_record()). */
enum {
  PARAM_ID = 1,
  PARAM_ORG,
  PARAM_OWNER,
  PARAM_CREATED,
  PARAM_UPDATED,
  PARAM_HLC,
  PARAM_DELETED,
  PARAM_CLOCKS,
  PARAM_FIRST_FIELD
};

void
kt_sync_applied_free (KtSyncApplied *applied)
{
  if (applied == NULL)
    return;

  g_clear_pointer (&applied->entities, g_ptr_array_unref);
  g_clear_pointer (&applied->stamps, g_ptr_array_unref);
  g_free (applied);
}

/* Row SQL, made once per entity for the process. @kind is "upsert" (the
 * same upsert as kt-store-write.c) or "insert" (the bulk path: a row that
 * exists already is left alone and reported by sqlite3_changes()). */
static const char *
row_sql (const KtEntity *entity,
         gboolean        upsert)
{
  static GHashTable *cache[2];   /* KtEntity* -> SQL */
  G_LOCK_DEFINE_STATIC (cache);
  GHashTable **table = &cache[upsert ? 1 : 0];
  const char *sql;

  G_LOCK (cache);
  if (*table == NULL)
    *table = g_hash_table_new (NULL, NULL);
  sql = g_hash_table_lookup (*table, entity);
  if (sql == NULL)
    {
      GString *s = g_string_new (NULL);
      guint n = PARAM_FIRST_FIELD - 1;

      g_string_append_printf (s, "INSERT INTO \"%s\" (id, org_id, owner_id, created_at, "
                              "updated_at, hlc, deleted, clocks", entity->plural);
      for (const KtField *f = entity->fields; f->name != NULL; f++, n++)
        g_string_append_printf (s, ", \"%s\"", f->name);
      g_string_append (s, ") VALUES (?1");
      for (guint i = 2; i <= n; i++)
        g_string_append_printf (s, ", ?%u", i);
      if (upsert)
        {
          g_string_append (s, ") ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, "
                           "owner_id = excluded.owner_id, created_at = excluded.created_at, "
                           "updated_at = excluded.updated_at, hlc = excluded.hlc, "
                           "deleted = excluded.deleted, clocks = excluded.clocks");
          for (const KtField *f = entity->fields; f->name != NULL; f++)
            g_string_append_printf (s, ", \"%s\" = excluded.\"%s\"", f->name, f->name);
        }
      else
        g_string_append (s, ") ON CONFLICT (id) DO NOTHING");

      sql = g_string_free (s, FALSE);
      g_hash_table_insert (*table, (gpointer) entity, (gpointer) sql);
    }
  G_UNLOCK (cache);

  return sql;
}

gboolean
kt_store_sync_write_row (KtStore   *self,
                         KtRecord  *record,
                         GError   **error)
{
  sqlite3_stmt *stmt;

  stmt = kt_store_prepare (self, row_sql (kt_record_get_entity (record), TRUE), error);
  if (stmt == NULL || !kt_store_bind_record (stmt, record, error))
    return FALSE;

  return kt_store_sync_step_done (self, stmt, _("Could not write a synced record"), error);
}

static void
note_entity (GPtrArray      *entities,
             const KtEntity *entity)
{
  if (!g_ptr_array_find (entities, entity, NULL))
    g_ptr_array_add (entities, (gpointer) entity);
}

/* Merges @remote into the row the store has (or writes it when there is
 * none), keeping replaced values in the history. */
static gboolean
merge_one (KtStore     *self,
           KtRecord    *remote,
           gboolean    *out_changed,
           GError     **error)
{
  const KtEntity *entity = kt_record_get_entity (remote);
  g_autoptr (KtRecord) local = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean merged = FALSE;

  *out_changed = FALSE;
  local = kt_store_load (self, entity, kt_record_get_id (remote), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (local == NULL)
    {
      if (!kt_store_sync_write_row (self, remote, error))
        return FALSE;
      *out_changed = TRUE;
      return TRUE;
    }

  /* The same per-field rule as the server: a local field with a newer
   * clock (an edit not pushed yet) stays as it is. Merging through the
   * history keeps the values the merge replaces (kt-store-history.c). */
  if (!kt_store_history_merge (self, local, remote, &merged, error))
    return FALSE;
  if (!merged)
    return TRUE;

  if (!kt_store_sync_write_row (self, local, error))
    return FALSE;
  *out_changed = TRUE;
  return TRUE;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A meta string that is NULL, JSON null, or a string @check accepts. */
static gboolean
meta_string (JsonNode     *node,
             gboolean    (*check) (const char *text),
             const char  **out)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (!is_string (node))
    return FALSE;
  *out = json_node_get_string (node);
  return check == NULL || check (*out);
}

static gboolean
is_hlc_text (const char *text)
{
  return kt_hlc_parse (text, NULL, NULL);
}

/* The bulk path's view of one pulled record, checked as strictly as
 * kt_record_from_json() checks it. */
typedef struct {
  const char *meta[PARAM_CLOCKS];    /* by PARAM_*, [0] unused */
  gboolean    deleted;
  JsonNode   *values[128];        /* a value from a tree */
  const KtSyncMember *flat[128];  /* or one the page reader read */
  const char *clocks[128];
  const char *deleted_clock;
  const char *owner_clock;
  const char *created_clock;
} RowView;

/* One member of a record's clocks, by name. */
static gboolean
note_clock (const KtEntity *entity,
            const char     *name,
            const char     *clock,
            RowView        *row)
{
  int index;

  if (strcmp (name, KT_META_DELETED) == 0)
    row->deleted_clock = clock;
  /* A reassigned record carries the owner's clock: the bulk path keeps
   * it as the codec does, rather than leaving the record to it. */
  else if (strcmp (name, KT_META_OWNER) == 0)
    row->owner_clock = clock;
  else if (strcmp (name, KT_META_CREATED) == 0)
    row->created_clock = clock;
  else
    {
      index = kt_entity_get_field_index (entity, name);
      if (index < 0 || (entity->fields[index].flags & KT_FIELD_SECRET))
        return FALSE;
      row->clocks[index] = clock;
    }
  return TRUE;
}

/* The meta strings of a record: its member, where the row keeps it, and
 * the syntax it must have. */
static const struct {
  const char *name;
  int         param;
  gboolean  (*check) (const char *text);
} meta_strings[] = {
  { KT_META_ID, PARAM_ID, kt_uuid_is_valid },
  { KT_META_ORG, PARAM_ORG, kt_uuid_is_valid },
  { KT_META_OWNER, PARAM_OWNER, kt_uuid_is_valid },
  { KT_META_CREATED, PARAM_CREATED, kt_datetime_is_valid },
  { KT_META_UPDATED, PARAM_UPDATED, kt_datetime_is_valid },
  { KT_META_HLC, PARAM_HLC, is_hlc_text },
};

static int
meta_string_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (meta_strings); i++)
    if (strcmp (name, meta_strings[i].name) == 0)
      return (int) i;
  return -1;
}

static gboolean
read_clocks (const KtEntity *entity,
             JsonNode       *node,
             RowView        *row)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    {
      const char *clock;

      if (!meta_string (value, is_hlc_text, &clock) || !note_clock (entity, name, clock, row))
        return FALSE;
    }

  return TRUE;
}

/* Fills @row from @node. FALSE means "not for the bulk path": the record
 * then goes through kt_record_from_json(), which accepts it or names the
 * problem in its own words. */
static gboolean
read_row (const KtEntity *entity,
          JsonNode       *node,
          RowView        *row)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node) || kt_entity_n_fields (entity) > G_N_ELEMENTS (row->values))
    return FALSE;

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    {
      int meta = meta_string_index (name);
      gboolean ok;
      int index;

      if (meta >= 0)
        ok = meta_string (value, meta_strings[meta].check, &row->meta[meta_strings[meta].param]);
      else if (strcmp (name, KT_META_DELETED) == 0)
        {
          ok = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN;
          if (ok)
            row->deleted = json_node_get_boolean (value);
        }
      else if (strcmp (name, KT_META_CLOCKS) == 0)
        ok = read_clocks (entity, value, row);
      else
        {
          /* The codec's own checks: the JSON type the column needs, and
           * the syntax of dates, date-times and reference ids. */
          index = kt_entity_get_field_index (entity, name);
          ok = index >= 0 && (entity->fields[index].flags & KT_FIELD_SECRET) == 0 &&
               kt_field_check_node_syntax (&entity->fields[index], value, NULL);
          if (ok)
            row->values[index] = JSON_NODE_HOLDS_NULL (value) ? NULL : value;
        }

      if (!ok)
        return FALSE;
    }

  /* A record without an id would get a fresh one from the codec. */
  return row->meta[PARAM_ID] != NULL;
}

/* A meta string of the page reader's: NULL, null, or a string @check
 * accepts (meta_string()'s rule). */
static gboolean
meta_string_flat (const KtSyncMember  *member,
                  gboolean           (*check) (const char *text),
                  const char         **out)
{
  if (member->kind == KT_SYNC_VALUE_NULL)
    {
      *out = NULL;
      return TRUE;
    }
  if (member->kind != KT_SYNC_VALUE_STRING)
    return FALSE;
  *out = member->text;
  return check == NULL || check (*out);
}

static gboolean
read_clocks_flat (const KtEntity     *entity,
                  const KtSyncMember *member,
                  RowView            *row)
{
  if (member->kind == KT_SYNC_VALUE_NULL)
    return TRUE;
  if (member->kind != KT_SYNC_VALUE_OBJECT)
    return FALSE;

  for (guint i = 0; i < member->n_members; i++)
    {
      const char *clock;

      if (!meta_string_flat (&member->members[i], is_hlc_text, &clock) ||
          !note_clock (entity, member->members[i].name, clock, row))
        return FALSE;
    }

  return TRUE;
}

/* kt_field_check_node_syntax() for a scalar of the page reader's: the
 * JSON type the column needs, then the syntax of dates, date-times and
 * reference ids. (UTF-8 and number ranges were checked on the whole
 * page by kt_json_guard_check().) */
static gboolean
field_scalar_fits (const KtField      *field,
                   const KtSyncMember *member)
{
  switch (field->type)
    {
    case KT_FIELD_TEXT:
    case KT_FIELD_EMAIL:
    case KT_FIELD_PHONE:
    case KT_FIELD_URL:
    case KT_FIELD_CURRENCY:
    case KT_FIELD_ENUM:
      return member->kind == KT_SYNC_VALUE_STRING;

    case KT_FIELD_DATE:
      return member->kind == KT_SYNC_VALUE_STRING && kt_date_is_valid (member->text);

    case KT_FIELD_DATETIME:
      return member->kind == KT_SYNC_VALUE_STRING && kt_datetime_is_valid (member->text);

    case KT_FIELD_REF:
      return member->kind == KT_SYNC_VALUE_STRING && kt_uuid_is_valid (member->text);

    case KT_FIELD_INT:
    case KT_FIELD_MONEY:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      return member->kind == KT_SYNC_VALUE_INT;

    case KT_FIELD_BOOL:
      return member->kind == KT_SYNC_VALUE_TRUE || member->kind == KT_SYNC_VALUE_FALSE;

    case KT_FIELD_TAGS:
    case KT_FIELD_JSON:
    default:
      return FALSE;
    }
}

/* read_row() over the members the page reader read. A value that is not
 * a scalar (tags, a JSON field) is read by json-glib into a tree kept in
 * @nodes until the page is done, and checked as read_row() checks it. */
static gboolean
read_row_flat (const KtEntity     *entity,
               const KtSyncChange *change,
               GPtrArray          *nodes,
               RowView            *row)
{
  if (kt_entity_n_fields (entity) > G_N_ELEMENTS (row->values))
    return FALSE;

  for (guint i = 0; i < change->n_members; i++)
    {
      const KtSyncMember *member = &change->members[i];
      const char *name = member->name;
      int meta = meta_string_index (name);
      gboolean ok;
      int index;

      if (meta >= 0)
        ok = meta_string_flat (member, meta_strings[meta].check, &row->meta[meta_strings[meta].param]);
      else if (strcmp (name, KT_META_DELETED) == 0)
        {
          ok = member->kind == KT_SYNC_VALUE_TRUE || member->kind == KT_SYNC_VALUE_FALSE;
          row->deleted = member->kind == KT_SYNC_VALUE_TRUE;
        }
      else if (strcmp (name, KT_META_CLOCKS) == 0)
        ok = read_clocks_flat (entity, member, row);
      else
        {
          const KtField *field;

          index = kt_entity_get_field_index (entity, name);
          if (index < 0 || (entity->fields[index].flags & KT_FIELD_SECRET) != 0)
            return FALSE;
          field = &entity->fields[index];
          /* A later member of the same name wins, as in a tree. */
          row->values[index] = NULL;
          row->flat[index] = NULL;
          if (member->kind == KT_SYNC_VALUE_NULL)
            ok = TRUE;
          else if (member->kind == KT_SYNC_VALUE_OBJECT || member->kind == KT_SYNC_VALUE_JSON)
            {
              JsonNode *node = kt_store_sync_parse_json (member->text, member->len);

              if (node == NULL)
                return FALSE;
              g_ptr_array_add (nodes, node);
              ok = kt_field_check_node_syntax (field, node, NULL);
              row->values[index] = JSON_NODE_HOLDS_NULL (node) ? NULL : node;
            }
          else
            {
              ok = field_scalar_fits (field, member);
              row->flat[index] = member;
            }
        }

      if (!ok)
        return FALSE;
    }

  return row->meta[PARAM_ID] != NULL;
}

/* The clocks column as kt_store_bind_record() writes it: only the clocks
 * that differ from the record's HLC, fields in entity order, then the
 * tombstone's, then the owner's and the creation time's (always, as
 * clocks_to_json() does). */
static void
append_clocks (GString        *json,
               const KtEntity *entity,
               const RowView  *row)
{
  const char *hlc = row->meta[PARAM_HLC];
  guint i = 0;

  g_string_append_c (json, '{');
  for (const KtField *f = entity->fields; f->name != NULL; f++, i++)
    {
      const char *clock = row->clocks[i];

      if (clock == NULL || g_strcmp0 (clock, hlc) == 0)
        continue;
      /* Field names are identifiers and stamps are [0-9a-fTZ:.-]. */
      g_string_append_printf (json, "%s\"%s\":\"%s\"", json->len > 1 ? "," : "", f->name, clock);
    }
  if (row->deleted_clock != NULL && g_strcmp0 (row->deleted_clock, hlc) != 0)
    g_string_append_printf (json, "%s\"%s\":\"%s\"", json->len > 1 ? "," : "",
                            KT_META_DELETED, row->deleted_clock);
  if (row->owner_clock != NULL)
    g_string_append_printf (json, "%s\"%s\":\"%s\"", json->len > 1 ? "," : "",
                            KT_META_OWNER, row->owner_clock);
  if (row->created_clock != NULL)
    g_string_append_printf (json, "%s\"%s\":\"%s\"", json->len > 1 ? "," : "",
                            KT_META_CREATED, row->created_clock);
  g_string_append_c (json, '}');
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           param,
                   const char   *text)
{
  /* The tree outlives the step: no copy. */
  if (text != NULL)
    sqlite3_bind_text (stmt, param, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, param);
}

static void
bind_row (sqlite3_stmt   *stmt,
          const KtEntity *entity,
          const RowView  *row,
          GString        *clocks)
{
  int param = PARAM_FIRST_FIELD;
  guint i = 0;

  for (int p = PARAM_ID; p < PARAM_DELETED; p++)
    bind_text_or_null (stmt, p, row->meta[p]);
  sqlite3_bind_int (stmt, PARAM_DELETED, row->deleted ? 1 : 0);
  sqlite3_bind_text (stmt, PARAM_CLOCKS, clocks->str, (int) clocks->len, SQLITE_STATIC);

  for (const KtField *f = entity->fields; f->name != NULL; f++, i++, param++)
    {
      JsonNode *value = row->values[i];
      const KtSyncMember *flat = row->flat[i];

      if (flat != NULL)
        {
          /* field_scalar_fits() matched the kind to the column. */
          if (flat->kind == KT_SYNC_VALUE_INT)
            sqlite3_bind_int64 (stmt, param, flat->number);
          else if (flat->kind == KT_SYNC_VALUE_STRING)
            sqlite3_bind_text (stmt, param, flat->text, -1, SQLITE_STATIC);
          else
            sqlite3_bind_int (stmt, param, flat->kind == KT_SYNC_VALUE_TRUE ? 1 : 0);
          continue;
        }
      if (value == NULL)
        {
          sqlite3_bind_null (stmt, param);
          continue;
        }

      switch (f->type)
        {
        case KT_FIELD_BOOL:
          sqlite3_bind_int (stmt, param, json_node_get_boolean (value) ? 1 : 0);
          break;

        case KT_FIELD_INT:
        case KT_FIELD_MONEY:
        case KT_FIELD_QUANTITY:
        case KT_FIELD_BPS:
          sqlite3_bind_int64 (stmt, param, json_node_get_int (value));
          break;

        case KT_FIELD_TAGS:
        case KT_FIELD_JSON:
          sqlite3_bind_text (stmt, param, json_to_string (value, FALSE), -1, g_free);
          break;

        case KT_FIELD_TEXT:
        case KT_FIELD_EMAIL:
        case KT_FIELD_PHONE:
        case KT_FIELD_URL:
        case KT_FIELD_CURRENCY:
        case KT_FIELD_DATE:
        case KT_FIELD_DATETIME:
        case KT_FIELD_ENUM:
        case KT_FIELD_REF:
        default:
          bind_text_or_null (stmt, param, json_node_get_string (value));
          break;
        }
    }
}

/* The bulk INSERT of each entity met in a page, prepared once a page. */
typedef struct {
  const KtEntity *entity;
  sqlite3_stmt   *stmt;
} EntityInsert;

static sqlite3_stmt *
insert_stmt (KtStore         *self,
             GArray          *inserts,
             const KtEntity  *entity,
             GError         **error)
{
  EntityInsert entry;

  for (guint i = 0; i < inserts->len; i++)
    if (g_array_index (inserts, EntityInsert, i).entity == entity)
      return g_array_index (inserts, EntityInsert, i).stmt;

  entry.entity = entity;
  entry.stmt = kt_store_prepare (self, row_sql (entity, FALSE), error);
  if (entry.stmt == NULL)
    return NULL;
  g_array_append_val (inserts, entry);
  return entry.stmt;
}

/* One pulled record. @out_inserted is TRUE when it was new and went in
 * by the bulk path. */
static gboolean
apply_one (KtStore             *self,
           GArray              *inserts,
           GString             *clocks,
           GPtrArray           *nodes,
           const KtSyncChange  *change,
           const char         **out_hlc,
           gboolean            *out_changed,
           GError             **error)
{
  g_autoptr (KtRecord) remote = NULL;
  JsonNode *record = change->record;
  RowView row = { 0 };

  *out_changed = FALSE;
  *out_hlc = NULL;

  if (record == NULL ? read_row_flat (change->entity, change, nodes, &row)
                     : read_row (change->entity, record, &row))
    {
      sqlite3_stmt *stmt = insert_stmt (self, inserts, change->entity, error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      g_string_truncate (clocks, 0);
      append_clocks (clocks, change->entity, &row);
      bind_row (stmt, change->entity, &row, clocks);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                     _("Could not write a synced record"));
          return FALSE;
        }
      *out_hlc = row.meta[PARAM_HLC];
      if (sqlite3_changes (kt_store_get_db (self)) > 0)
        {
          *out_changed = TRUE;
          return TRUE;
        }
      /* The store has this record: merge it below. */
    }

  /* The page reader's record as a tree, for the codec and the merge
   * (and its words for what is wrong with it). */
  if (record == NULL)
    {
      record = kt_store_sync_parse_json (change->text, change->len);
      if (record == NULL)
        {
          g_set_error_literal (error, KT_ERROR, KT_ERROR_MALFORMED,
                               _("The server sent a record that is not JSON"));
          return FALSE;
        }
      g_ptr_array_add (nodes, record);
    }

  remote = kt_record_from_json (change->entity, record, error);
  if (remote == NULL)
    return FALSE;
  *out_hlc = NULL;
  if (!merge_one (self, remote, out_changed, error))
    return FALSE;

  /* The stamp lives in @remote, which goes away: look it up again in the
   * tree, which lives as long as the caller's page. */
  if (kt_record_get_hlc (remote) != NULL)
    {
      JsonNode *hlc = json_object_get_member (json_node_get_object (record), KT_META_HLC);

      *out_hlc = hlc != NULL && is_string (hlc) ? json_node_get_string (hlc) : NULL;
    }
  return TRUE;
}

static int
compare_stamps_desc (gconstpointer a,
                     gconstpointer b)
{
  return -kt_hlc_compare (*(const char * const *) a, *(const char * const *) b);
}

JsonNode *
kt_store_sync_parse_json (const char *text,
                          gsize       len)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  if (len > G_MAXSSIZE || !json_parser_load_from_data (parser, text, (gssize) len, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

/**
 * kt_store_sync_apply_changes:
 * @self: a #KtStore (a worker's own store is fine: nothing here touches
 *   the main thread's objects)
 * @changes: (array length=n_changes): the page's records
 * @n_changes: how many
 * @cursor: the cursor after the page
 * @out_applied: (out) (transfer full) (optional): what changed, for
 *   kt_store_sync_announce() on the thread that owns the UI's store
 * @error: return location for a #GError
 *
 * The page and @cursor in one transaction. Emits nothing: the caller
 * announces the page with kt_store_sync_announce().
 */
gboolean
kt_store_sync_apply_changes (KtStore             *self,
                             const KtSyncChange  *changes,
                             guint                n_changes,
                             gint64               cursor,
                             KtSyncApplied      **out_applied,
                             GError             **error)
{
  g_autoptr (GArray) inserts = g_array_new (FALSE, FALSE, sizeof (EntityInsert));
  g_autoptr (GString) clocks = g_string_sized_new (256);
  g_autoptr (GPtrArray) stamps = g_ptr_array_new ();
  /* Trees read for the page reader's records, which the stamps point into. */
  g_autoptr (GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *cursor_text = NULL;
  g_autofree char *last = NULL;
  KtSyncApplied *applied;
  GPtrArray *entities;
  guint n_changed = 0;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL || n_changes == 0, FALSE);
  g_return_val_if_fail (cursor >= 0, FALSE);

  entities = g_ptr_array_new ();
  if (!kt_store_sync_begin (self, error))
    {
      g_ptr_array_unref (entities);
      return FALSE;
    }

  for (guint i = 0; i < n_changes; i++)
    {
      const char *hlc = NULL;
      gboolean changed = FALSE;

      if (!apply_one (self, inserts, clocks, nodes, &changes[i], &hlc, &changed, error))
        goto failed;
      if (changed)
        {
          n_changed++;
          note_entity (entities, changes[i].entity);
        }
      if (hlc != NULL)
        g_ptr_array_add (stamps, (gpointer) hlc);
    }

  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
  if (!kt_store_set_meta (self, KT_STORE_SYNC_META_CURSOR, cursor_text, error))
    goto failed;

  /* Newest first, each once: the announcer observes from the top. */
  g_ptr_array_sort (stamps, compare_stamps_desc);
  applied = g_new0 (KtSyncApplied, 1);
  applied->n_changed = n_changed;
  applied->entities = g_steal_pointer (&entities);
  applied->stamps = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < stamps->len; i++)
    {
      const char *stamp = g_ptr_array_index (stamps, i);

      if (i == 0 || strcmp (stamp, g_ptr_array_index (stamps, i - 1)) != 0)
        g_ptr_array_add (applied->stamps, g_strdup (stamp));
    }

  /* The clock resumes after the newest stamp it has seen, also after a
   * restart (kt_store_open()). */
  last = kt_store_get_meta (self, META_HLC_LAST);
  if (applied->stamps->len > 0 &&
      kt_hlc_compare (g_ptr_array_index (applied->stamps, 0), last) > 0 &&
      !kt_store_set_meta (self, META_HLC_LAST, g_ptr_array_index (applied->stamps, 0), error))
    {
      kt_sync_applied_free (applied);
      kt_store_sync_rollback (self);
      return FALSE;
    }

  if (!kt_store_sync_commit (self, error))
    {
      kt_sync_applied_free (applied);
      kt_store_sync_rollback (self);
      return FALSE;
    }

  if (out_applied != NULL)
    *out_applied = applied;
  else
    kt_sync_applied_free (applied);
  return TRUE;

failed:
  g_clear_pointer (&entities, g_ptr_array_unref);
  kt_store_sync_rollback (self);
  return FALSE;
}

/**
 * kt_store_sync_announce:
 * @self: the store the UI reads (its thread)
 * @applied: what a page changed
 *
 * The clock of @self observes the page's stamps (local edits made after
 * seeing these records sort after them), and ::changed is emitted once
 * per entity the page changed.
 */
void
kt_store_sync_announce (KtStore       *self,
                        KtSyncApplied *applied)
{
  KtHlc *clock;

  g_return_if_fail (KT_IS_STORE (self));
  g_return_if_fail (applied != NULL);

  /* Observing the newest stamp is enough: the clock then runs after
   * every older one. The server bounded each stamp against its own clock
   * when it took it, so even one far ahead of ours is observed: a local
   * edit of a value pulled here must sort after it, or the edit loses to
   * the value it overwrote (an hour-slow client lost every such edit). */
  clock = kt_store_get_clock (self);
  if (applied->stamps->len > 0)
    {
      g_autoptr (GError) clock_error = NULL;

      if (!kt_hlc_observe_accepted (clock, g_ptr_array_index (applied->stamps, 0), &clock_error))
        g_debug ("Not observing a pulled stamp: %s", clock_error->message);
    }

  for (guint i = 0; i < applied->entities->len; i++)
    kt_store_emit_changed (self, ((const KtEntity *) g_ptr_array_index (applied->entities, i))->name,
                           NULL);
}

/**
 * kt_store_sync_apply_page:
 * @self: a #KtStore
 * @records: (element-type KtRecord): the page's records
 * @cursor: the cursor after the page
 * @out_n_changed: (out) (optional): how many records changed
 * @error: return location for a #GError
 */
gboolean
kt_store_sync_apply_page (KtStore    *self,
                          GPtrArray  *records,
                          gint64      cursor,
                          guint      *out_n_changed,
                          GError    **error)
{
  g_autoptr (GArray) changes = NULL;
  g_autoptr (GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  KtSyncApplied *applied = NULL;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (cursor >= 0, FALSE);

  /* Records come as the JSON the server sends, so both entry points
   * share one path. */
  changes = g_array_sized_new (FALSE, FALSE, sizeof (KtSyncChange), records->len);
  for (guint i = 0; i < records->len; i++)
    {
      KtRecord *record = g_ptr_array_index (records, i);
      KtSyncChange change = {
        kt_record_get_entity (record),
        kt_record_to_json (record, KT_JSON_CLOCKS),
      };

      g_ptr_array_add (nodes, change.record);
      g_array_append_val (changes, change);
    }

  if (!kt_store_sync_apply_changes (self, (KtSyncChange *) (gpointer) changes->data, changes->len,
                                    cursor, &applied, error))
    return FALSE;

  kt_store_sync_announce (self, applied);
  if (out_n_changed != NULL)
    *out_n_changed = applied->n_changed;
  kt_sync_applied_free (applied);
  return TRUE;
}
