/* kt-store-row.c: rows to records and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-json-scan.h"
#include "kt-record.h"
#include "kt-store-private.h"

/* The meta columns, in the order every SELECT and the upsert use. */
enum {
  COL_ID,
  COL_ORG,
  COL_OWNER,
  COL_CREATED,
  COL_UPDATED,
  COL_HLC,
  COL_DELETED,
  COL_CLOCKS,
  N_META_COLUMNS
};

G_LOCK_DEFINE_STATIC (columns);
static GHashTable *columns_by_entity;   /* KtEntity* -> char* */

/**
 * kt_store_select_columns:
 *
 * Returns: the SELECT list for @entity's rows, qualified with "t."
 */
const char *
kt_store_select_columns (const KtEntity *entity)
{
  const char *columns;

  g_assert (entity != NULL);

  G_LOCK (columns);
  if (columns_by_entity == NULL)
    columns_by_entity = g_hash_table_new (NULL, NULL);

  columns = g_hash_table_lookup (columns_by_entity, entity);
  if (columns == NULL)
    {
      GString *s = g_string_new ("t.id, t.org_id, t.owner_id, t.created_at, "
                                 "t.updated_at, t.hlc, t.deleted, t.clocks");

      for (const KtField *f = entity->fields; f->name != NULL; f++)
        g_string_append_printf (s, ", t.\"%s\"", f->name);

      /* Kept for the life of the process: one string per entity. */
      columns = g_string_free (s, FALSE);
      g_hash_table_insert (columns_by_entity, (gpointer)entity, (gpointer)columns);
    }
  G_UNLOCK (columns);

  return columns;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  return (const char *)sqlite3_column_text (stmt, col);
}

/* Reading a page of rows parsed two JSON texts a row with json-glib, a
 * parser object each time: a fifth of a search's page at a million
 * contacts (docs/performance.md). What the store writes is mostly the
 * flat kind kt_json_scan_*() reads, a clocks object of strings and a
 * tags array of strings; anything else (other values, nesting) still
 * goes to json-glib, which gives the same values for these
 * (fuzz/fuzz-json-scan.c). */

static gboolean
add_string (const char         *name,
            const KtJsonScalar *value,
            gpointer            array)
{
  json_array_add_string_element (array, value->string);
  return TRUE;
}

/* @json as a JsonNode when it is a flat array of strings, or NULL. */
static JsonNode *
flat_string_array (const char *json,
                   gsize       len)
{
  g_autoptr(JsonArray) array = json_array_new ();

  if (!kt_json_scan_array (json, len, KT_JSON_SCAN_MASK (KT_JSON_SCAN_STRING), add_string, array))
    return NULL;
  return json_node_init_array (json_node_alloc (), array);
}

static gboolean
set_clock (const char         *name,
           const KtJsonScalar *value,
           gpointer            record)
{
  kt_record_set_field_hlc (record, name, value->string);
  return TRUE;
}

static gboolean
apply_clocks (KtRecord    *record,
              const char  *json,
              gsize        len,
              GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (json == NULL || len == 0)
    return TRUE;

  /* The flat object of strings the store writes: no parser. A name
   * twice is set twice, the last one staying, as json-glib keeps it. */
  if (kt_json_scan_object (json, len, KT_JSON_SCAN_MASK (KT_JSON_SCAN_STRING), set_clock, record))
    return TRUE;

  node = json_from_string (json, error);
  if (node == NULL)
    {
      /* json-glib reads text of only white space as no value, no error. */
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, KT_ERROR, KT_ERROR_MALFORMED, _("The JSON text is empty"));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *hlc = json_object_get_string_member_with_default (object, l->data, NULL);

      if (hlc != NULL)
        kt_record_set_field_hlc (record, l->data, hlc);
    }

  return TRUE;
}

/**
 * kt_store_record_from_row:
 *
 * Builds the record of the row @stmt stands on, which was selected with
 * kt_store_select_columns().
 *
 * Returns: (transfer full) (nullable): the record
 */
KtRecord *
kt_store_record_from_row (const KtEntity  *entity,
                          sqlite3_stmt    *stmt,
                          GError         **error)
{
  g_autoptr(KtRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *clocks;
  int col = N_META_COLUMNS;

  record = kt_record_new_with_id (entity, column_text (stmt, COL_ID));
  kt_record_set_org_id (record, column_text (stmt, COL_ORG));
  kt_record_set_owner_id (record, column_text (stmt, COL_OWNER));
  kt_record_set_created_at (record, column_text (stmt, COL_CREATED));
  kt_record_set_updated_at (record, column_text (stmt, COL_UPDATED));
  kt_record_set_hlc (record, column_text (stmt, COL_HLC));
  kt_record_set_deleted (record, sqlite3_column_int (stmt, COL_DELETED) != 0);

  for (const KtField *f = entity->fields; f->name != NULL; f++, col++)
    {
      if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        continue;

      switch (f->type)
        {
        case KT_FIELD_BOOL:
          kt_record_set_bool (record, f->name, sqlite3_column_int64 (stmt, col) != 0);
          break;

        case KT_FIELD_INT:
        case KT_FIELD_MONEY:
        case KT_FIELD_QUANTITY:
        case KT_FIELD_BPS:
          kt_record_set_int (record, f->name, sqlite3_column_int64 (stmt, col));
          break;

        case KT_FIELD_TAGS:
        case KT_FIELD_JSON:
          {
            const char *text = column_text (stmt, col);
            g_autoptr(JsonNode) node = flat_string_array (text, (gsize) sqlite3_column_bytes (stmt, col));

            if (node == NULL)
              node = json_from_string (text, &local_error);

            if (node == NULL || !kt_record_set_node (record, f->name, node, &local_error))
              {
                g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_CORRUPT,
                             _("The stored value of “%s” in %s %s is damaged: %s"),
                             f->name, entity->name, kt_record_get_id (record),
                             local_error ? local_error->message : "");
                return NULL;
              }
          }
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
          kt_record_set_string (record, f->name, column_text (stmt, col));
          break;
        }
    }

  /* Clocks last: setting values must not disturb them. */
  clocks = column_text (stmt, COL_CLOCKS);
  if (!apply_clocks (record, clocks, (gsize) sqlite3_column_bytes (stmt, COL_CLOCKS), &local_error))
    {
      g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_CORRUPT,
                   _("The stored clocks of %s %s are damaged: %s"),
                   entity->name, kt_record_get_id (record), local_error->message);
      return NULL;
    }

  return g_steal_pointer (&record);
}

/**
 * kt_store_value_to_json:
 *
 * Returns: (transfer full): @field's value in @record as JSON text,
 *   "null" when it is unset
 */
char *
kt_store_value_to_json (KtRecord   *record,
                        const char *field)
{
  JsonNode *node = kt_record_get_node (record, field);

  if (node == NULL)
    return g_strdup ("null");

  return json_to_string (node, FALSE);
}

/* The clocks column holds only the clocks that differ from the record's
 * HLC: a missing clock reads back as the record's HLC (see
 * kt_record_get_field_hlc()), so nothing is lost, and a freshly written
 * record (every field stamped with its HLC) stores "{}" instead of a
 * stamp per field. The owner's clock is the exception: an owner without
 * one was never reassigned, which the merge treats differently from a
 * reassignment at the record's HLC (the usual case: reassigning stamps
 * both), so it is kept whenever there is one. apply_clocks() reads it
 * back like the others. */
static char *
clocks_to_json (KtRecord *record)
{
  const KtEntity *entity = kt_record_get_entity (record);
  const char *hlc = kt_record_get_hlc (record);
  GString *json = g_string_new ("{");
  const char *clock;

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    {
      clock = kt_record_get_field_hlc (record, f->name);
      if (clock == NULL || g_strcmp0 (clock, hlc) == 0)
        continue;
      /* Field names are identifiers and stamps are [0-9a-fTZ:.-]: no
       * escaping needed. */
      g_string_append_printf (json, "%s\"%s\":\"%s\"", json->len > 1 ? "," : "", f->name, clock);
    }

  clock = kt_record_get_field_hlc (record, KT_META_DELETED);
  if (clock != NULL && g_strcmp0 (clock, hlc) != 0)
    g_string_append_printf (json, "%s\"%s\":\"%s\"", json->len > 1 ? "," : "",
                            KT_META_DELETED, clock);

  clock = kt_record_peek_owner_clock (record);
  if (clock != NULL)
    g_string_append_printf (json, "%s\"%s\":\"%s\"", json->len > 1 ? "," : "",
                            KT_META_OWNER, clock);

  /* Likewise the creation time's: without one it was never synced, and
   * the merge only fills it in where missing. */
  clock = kt_record_peek_created_clock (record);
  if (clock != NULL)
    g_string_append_printf (json, "%s\"%s\":\"%s\"", json->len > 1 ? "," : "",
                            KT_META_CREATED, clock);

  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           param,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, param, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, param);
}

/**
 * kt_store_bind_record:
 *
 * Binds @record to a statement whose parameters are the meta columns
 * (1..8, in the order of kt_store_select_columns()) then the entity's
 * fields in order.
 */
gboolean
kt_store_bind_record (sqlite3_stmt  *stmt,
                      KtRecord      *record,
                      GError       **error)
{
  const KtEntity *entity = kt_record_get_entity (record);
  g_autofree char *clocks = clocks_to_json (record);
  int param = N_META_COLUMNS + 1;

  bind_text_or_null (stmt, COL_ID + 1, kt_record_get_id (record));
  bind_text_or_null (stmt, COL_ORG + 1, kt_record_get_org_id (record));
  bind_text_or_null (stmt, COL_OWNER + 1, kt_record_get_owner_id (record));
  bind_text_or_null (stmt, COL_CREATED + 1, kt_record_get_created_at (record));
  bind_text_or_null (stmt, COL_UPDATED + 1, kt_record_get_updated_at (record));
  bind_text_or_null (stmt, COL_HLC + 1, kt_record_get_hlc (record));
  sqlite3_bind_int (stmt, COL_DELETED + 1, kt_record_get_deleted (record) ? 1 : 0);
  sqlite3_bind_text (stmt, COL_CLOCKS + 1, clocks, -1, SQLITE_TRANSIENT);

  for (const KtField *f = entity->fields; f->name != NULL; f++, param++)
    {
      if (!kt_record_has (record, f->name))
        {
          sqlite3_bind_null (stmt, param);
          continue;
        }

      switch (f->type)
        {
        case KT_FIELD_BOOL:
          sqlite3_bind_int (stmt, param, kt_record_get_bool (record, f->name) ? 1 : 0);
          break;

        case KT_FIELD_INT:
        case KT_FIELD_MONEY:
        case KT_FIELD_QUANTITY:
        case KT_FIELD_BPS:
          sqlite3_bind_int64 (stmt, param, kt_record_get_int (record, f->name));
          break;

        case KT_FIELD_TAGS:
        case KT_FIELD_JSON:
          {
            char *json = kt_store_value_to_json (record, f->name);

            sqlite3_bind_text (stmt, param, json, -1, g_free);
          }
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
          bind_text_or_null (stmt, param, kt_record_get_string (record, f->name));
          break;
        }
    }

  return TRUE;
}

/**
 * kt_store_load:
 *
 * Reads a record whether or not it is a tombstone.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL (and no
 *   error) when there is none with @id
 */
KtRecord *
kt_store_load (KtStore         *self,
               const KtEntity  *entity,
               const char      *id,
               GError         **error)
{
  g_autofree char *sql = NULL;
  KtRecord *record = NULL;
  sqlite3_stmt *stmt;
  int rc;

  sql = g_strdup_printf ("SELECT %s FROM \"%s\" t WHERE t.id = ?1",
                         kt_store_select_columns (entity), entity->plural);
  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = kt_store_record_from_row (entity, stmt, error);
  else if (rc != SQLITE_DONE)
    kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                               _("Could not read a record"));
  sqlite3_reset (stmt);

  return record;
}

/**
 * kt_store_get:
 * @self: a #KtStore
 * @entity: the record's entity
 * @id: the record's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the record; %NULL with
 *   %KT_ERROR_NOT_FOUND when it is missing or deleted
 */
KtRecord *
kt_store_get (KtStore         *self,
              const KtEntity  *entity,
              const char      *id,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KtRecord) record = NULL;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  record = kt_store_load (self, entity, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (record == NULL || kt_record_get_deleted (record))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_NOT_FOUND,
                   _("There is no %s with the id “%s”."),
                   entity->name, id);
      return NULL;
    }

  return g_steal_pointer (&record);
}
