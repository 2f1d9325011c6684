/* kt-pg-change.c: the one write path for synced records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-change"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-custom-field.h"
#include "kt-json-scan.h"
#include "kt-pg-billing.h"
#include "kt-pg-change.h"
#include "kt-pg-schema.h"
#include "kt-pg-search.h"
#include "kt-server-error.h"

/* The server's own writes: whoever caused them may. */
static gboolean
server_may_write (KtRole       role,
                  const char  *user_id,
                  gboolean     exists,
                  const char  *owner_id,
                  const char  *assignee_id,
                  GError     **error)
{
  return TRUE;
}

static gboolean
server_may_set_owner (KtRole       role,
                      const char  *previous,
                      const char  *owner,
                      GError     **error)
{
  return TRUE;
}

const KtChangePolicy *
kt_change_server_policy (void)
{
  static const KtChangePolicy policy = { server_may_write, server_may_set_owner };

  return &policy;
}

void
kt_change_result_clear (KtChangeResult *result)
{
  g_clear_object (&result->record);
  result->seq = 0;
  result->created = FALSE;
}

static JsonNode *
column_to_node (const char *text,
                KtFieldType type)
{
  switch (type)
    {
    case KT_FIELD_INT:
    case KT_FIELD_MONEY:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      return json_node_init_int (json_node_alloc (), g_ascii_strtoll (text, NULL, 10));
    case KT_FIELD_BOOL:
      return json_node_init_boolean (json_node_alloc (), text[0] == 't');
    case KT_FIELD_TAGS:
    case KT_FIELD_JSON:
      return json_from_string (text, NULL);
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
      return json_node_init_string (json_node_alloc (), text);
    }
}

/* The clocks column: PostgreSQL's text of a flat jsonb object of field
 * names and HLC strings, read without a JsonParser, whose objects and
 * signals cost more than the rest of the row (a PDF reads a dozen
 * records). Calls @func with each name and value; FALSE when the text is
 * anything else (a value that is not a string, a string json-glib is to
 * read) or @func says so, for the caller to read it through json-glib as
 * before. */
static gboolean
parse_plain_clocks (const char     *text,
                    KtJsonScanFunc  func,
                    gpointer        data)
{
  return kt_json_scan_object (text, strlen (text), KT_JSON_SCAN_MASK (KT_JSON_SCAN_STRING), func, data);
}

static gboolean
clock_to_object (const char         *name,
                 const KtJsonScalar *value,
                 gpointer            data)
{
  json_object_set_string_member (data, name, value->string);
  return TRUE;
}

/* The clocks column as a node, the same json-glib gives. */
static JsonNode *
clocks_to_node (const char *text)
{
  g_autoptr(JsonObject) object = json_object_new ();

  if (!parse_plain_clocks (text, clock_to_object, object))
    return json_from_string (text, NULL);
  return json_node_init_object (json_node_alloc (), object);
}

/* A clock kt_record_from_json() would take as it is: a field's (not a
 * secret one's), the tombstone's, the owner's or the creation's, and an
 * HLC; anything else goes the general way, which reports it. */
static gboolean
clock_to_record (const char         *name,
                 const KtJsonScalar *value,
                 gpointer            data)
{
  KtRecord *record = data;
  const KtField *field = kt_entity_get_field (kt_record_get_entity (record), name);

  if (strcmp (name, KT_META_DELETED) != 0 && strcmp (name, KT_META_OWNER) != 0 &&
      strcmp (name, KT_META_CREATED) != 0 && (field == NULL || (field->flags & KT_FIELD_SECRET)))
    return FALSE;
  if (!kt_hlc_parse (value->string, NULL, NULL))
    return FALSE;
  kt_record_set_field_hlc (record, name, value->string);
  return TRUE;
}

/* Row @row straight into a record, without the JsonObject that
 * kt_record_from_json() reads (building, copying and freeing it was most
 * of reading a row, docs/performance.md), with the same checks: NULL when
 * a value is not one the general way takes as it is, for it to report. */
static KtRecord *
row_to_record_direct (const KtEntity *entity,
                      PGresult       *res,
                      int             row)
{
  g_autoptr(KtRecord) record = NULL;
  const char *id = kt_pg_value (res, row, 0);
  const char *org = kt_pg_value (res, row, 1);
  const char *owner = kt_pg_value (res, row, 2);
  const char *created = kt_pg_value (res, row, 3);
  const char *updated = kt_pg_value (res, row, 4);
  const char *hlc = kt_pg_value (res, row, 5);
  const char *deleted = kt_pg_value (res, row, 6);
  const char *clocks = kt_pg_value (res, row, 7);
  int col = 8;

  if (id == NULL || !kt_uuid_is_valid (id) || org == NULL || !kt_uuid_is_valid (org) ||
      (owner != NULL && !kt_uuid_is_valid (owner)) ||
      created == NULL || !kt_datetime_is_valid (created) || updated == NULL || !kt_datetime_is_valid (updated) ||
      hlc == NULL || !kt_hlc_parse (hlc, NULL, NULL) || deleted == NULL || clocks == NULL)
    return NULL;

  record = kt_record_new_with_id (entity, id);
  kt_record_set_org_id (record, org);
  if (owner != NULL)
    kt_record_set_owner_id (record, owner);
  kt_record_set_created_at (record, created);
  kt_record_set_updated_at (record, updated);
  kt_record_set_hlc (record, hlc);
  kt_record_set_deleted (record, deleted[0] == 't');
  if (!parse_plain_clocks (clocks, clock_to_record, record))
    return NULL;

  for (const KtField *f = entity->fields; f->name != NULL; f++, col++)
    {
      const char *text = kt_pg_value (res, row, col);
      g_autoptr(JsonNode) value = NULL;

      if (text == NULL)
        continue;
      if (f->flags & KT_FIELD_SECRET)
        return NULL;
      value = column_to_node (text, f->type);
      if (value == NULL || JSON_NODE_HOLDS_NULL (value) || !kt_field_check_node_syntax (f, value, NULL) ||
          !kt_record_set_node (record, f->name, value, NULL))
        return NULL;
    }
  return g_steal_pointer (&record);
}

/* A record from row @row of a SELECT of table->record_columns. */
static KtRecord *
row_to_record (const KtEntity  *entity,
               PGresult        *res,
               int              row,
               GError         **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  KtRecord *record = row_to_record_direct (entity, res, row);
  int col = 0;

  if (record != NULL)
    return record;

  object = json_object_new ();
  /* The meta columns come first, in record_columns order. */
  json_object_set_string_member (object, KT_META_ID, kt_pg_value (res, row, col++));
  json_object_set_string_member (object, KT_META_ORG, kt_pg_value (res, row, col++));
  if (kt_pg_value (res, row, col) != NULL)
    json_object_set_string_member (object, KT_META_OWNER, kt_pg_value (res, row, col));
  col++;
  json_object_set_string_member (object, KT_META_CREATED, kt_pg_value (res, row, col++));
  json_object_set_string_member (object, KT_META_UPDATED, kt_pg_value (res, row, col++));
  json_object_set_string_member (object, KT_META_HLC, kt_pg_value (res, row, col++));
  json_object_set_boolean_member (object, KT_META_DELETED, kt_pg_value (res, row, col++)[0] == 't');
  json_object_set_member (object, KT_META_CLOCKS, clocks_to_node (kt_pg_value (res, row, col++)));

  for (const KtField *f = entity->fields; f->name != NULL; f++, col++)
    {
      const char *text = kt_pg_value (res, row, col);
      JsonNode *value;

      if (text == NULL)
        continue;
      value = column_to_node (text, f->type);
      if (value != NULL)
        json_object_set_member (object, f->name, value);
    }

  node = json_node_init_object (json_node_alloc (), object);
  return kt_record_from_json (entity, node, error);
}

KtRecord *
kt_pg_load_record (KtPg           *pg,
                   const KtEntity *entity,
                   const char     *org_id,
                   const char     *id,
                   gboolean        for_update,
                   GError        **error)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = kt_pg_load_record_sql (entity, for_update, &name);
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, id };

  g_return_val_if_fail (sql != NULL, NULL);

  res = kt_pg_exec (pg, name, sql, 2, params, error);
  if (res == NULL)
    return NULL;
  return kt_pg_record_from_result (entity, res, error);
}

GPtrArray *
kt_pg_load_live (KtPg           *pg,
                 const KtEntity *entity,
                 const char     *org_id,
                 const char     *field,
                 const char     *value,
                 GError        **error)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = kt_pg_load_live_sql (entity, field, &name);
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, value };

  g_return_val_if_fail (sql != NULL, NULL);

  res = kt_pg_exec (pg, name, sql, 2, params, error);
  if (res == NULL)
    return NULL;
  return kt_pg_records_from_result (entity, res, error);
}

char *
kt_pg_load_record_sql (const KtEntity  *entity,
                       gboolean         for_update,
                       char           **name)
{
  const KtPgTable *table = kt_pg_schema_lookup_entity (entity);

  g_return_val_if_fail (table != NULL, NULL);

  *name = g_strdup_printf ("load_%s%s", entity->name, for_update ? "_lock" : "");
  return g_strdup_printf ("SELECT %s FROM %s t WHERE t.org_id = $1::uuid AND t.id = $2::uuid%s",
                          table->record_columns, table->name, for_update ? " FOR UPDATE" : "");
}

char *
kt_pg_load_live_sql (const KtEntity  *entity,
                     const char      *field,
                     char           **name)
{
  const KtPgTable *table = kt_pg_schema_lookup_entity (entity);

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (kt_entity_get_field (entity, field) != NULL, NULL);

  *name = g_strdup_printf ("live_%s_%s", entity->name, field);
  /* @field comes from the static model, never from a request. */
  return g_strdup_printf ("SELECT %s FROM %s t WHERE t.org_id = $1::uuid AND t.\"%s\" = $2 "
                          "AND NOT t.deleted ORDER BY t.id", table->record_columns, table->name, field);
}

KtRecord *
kt_pg_record_from_result (const KtEntity  *entity,
                          PGresult        *res,
                          GError         **error)
{
  if (PQntuples (res) == 0)
    return NULL;
  return row_to_record (entity, res, 0, error);
}

GPtrArray *
kt_pg_records_from_result (const KtEntity  *entity,
                           PGresult        *res,
                           GError         **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  for (int row = 0; row < PQntuples (res); row++)
    {
      KtRecord *record = row_to_record (entity, res, row, error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (records, record);
    }
  return g_steal_pointer (&records);
}

GPtrArray *
kt_pg_load_custom_fields (KtPg        *pg,
                          const char  *org_id,
                          const char  *entity_name,
                          GError     **error)
{
  const KtEntity *entity = KT_ENTITY_CUSTOM_FIELD;
  const KtPgTable *table = kt_pg_schema_lookup_entity (entity);
  g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, entity_name };

  g_return_val_if_fail (table != NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM %s t WHERE t.org_id = $1::uuid AND t.target_entity = $2 "
                         "AND NOT t.deleted", table->record_columns, table->name);
  res = kt_pg_exec (pg, "load_custom_fields", sql, 2, params, error);
  if (res == NULL)
    return NULL;

  for (int row = 0; row < PQntuples (res); row++)
    {
      KtRecord *definition = row_to_record (entity, res, row, error);

      if (definition == NULL)
        return NULL;
      g_ptr_array_add (definitions, definition);
    }
  return g_steal_pointer (&definitions);
}

gint64
kt_pg_log_change (KtPg        *pg,
                  const char  *org_id,
                  const char  *entity,
                  const char  *record_id,
                  const char  *hlc,
                  gboolean     deleted,
                  JsonObject  *fields,
                  JsonObject  *clocks,
                  const char  *user_id,
                  GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(JsonNode) fields_node = json_node_init_object (json_node_alloc (), fields);
  g_autoptr(JsonNode) clocks_node = json_node_init_object (json_node_alloc (), clocks);
  g_autofree char *fields_text = json_to_string (fields_node, FALSE);
  g_autofree char *clocks_text = json_to_string (clocks_node, FALSE);
  const char *params[] = { org_id, entity, record_id, hlc, deleted ? "t" : "f",
                           fields_text, clocks_text, user_id };

  /* The counter row is locked until commit: writers of one organization
   * take their seq in commit order, so a reader never sees a gap fill in
   * later (which a bigserial would allow). */
  res = kt_pg_exec (pg, "log_change",
                    "WITH c AS ("
                    " INSERT INTO org_counters (org_id, seq) VALUES ($1::uuid, 1)"
                    " ON CONFLICT (org_id) DO UPDATE SET seq = org_counters.seq + 1"
                    " RETURNING seq) "
                    "INSERT INTO change_log (org_id, seq, entity, record_id, hlc, deleted, fields, clocks, user_id) "
                    "SELECT $1::uuid, c.seq, $2, $3::uuid, $4, $5::boolean, $6::jsonb, $7::jsonb, $8::uuid FROM c "
                    "RETURNING seq",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return 0;
  return g_ascii_strtoll (kt_pg_value (res, 0, 0), NULL, 10);
}

static char *
value_param (KtRecord      *record,
             const KtField *field)
{
  JsonNode *node = kt_record_get_node (record, field->name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  switch (field->type)
    {
    case KT_FIELD_INT:
    case KT_FIELD_MONEY:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case KT_FIELD_BOOL:
      return g_strdup (json_node_get_boolean (node) ? "t" : "f");
    case KT_FIELD_TAGS:
    case KT_FIELD_JSON:
      return json_to_string (node, FALSE);
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
      return g_strdup (json_node_get_string (node));
    }
}

static gboolean
write_row (KtPg            *pg,
           const KtPgTable *table,
           KtRecord        *record,
           GError         **error)
{
  const KtEntity *entity = table->entity;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) json = kt_record_to_json (record, KT_JSON_CLOCKS);
  JsonNode *clocks = json_object_get_member (json_node_get_object (json), KT_META_CLOCKS);
  g_autofree char *name = g_strdup_printf ("upsert_%s", entity->name);
  g_autoptr(PGresult) res = NULL;

  g_ptr_array_add (params, g_strdup (kt_record_get_org_id (record)));
  g_ptr_array_add (params, g_strdup (kt_record_get_id (record)));
  g_ptr_array_add (params, g_strdup (kt_record_get_owner_id (record)));
  g_ptr_array_add (params, g_strdup (kt_record_get_created_at (record)));
  g_ptr_array_add (params, g_strdup (kt_record_get_updated_at (record)));
  g_ptr_array_add (params, g_strdup (kt_record_get_hlc (record)));
  g_ptr_array_add (params, g_strdup (kt_record_get_deleted (record) ? "t" : "f"));
  g_ptr_array_add (params, clocks ? json_to_string (clocks, FALSE) : g_strdup ("{}"));
  for (const KtField *f = entity->fields; f->name != NULL; f++)
    g_ptr_array_add (params, value_param (record, f));

  res = kt_pg_exec (pg, name, table->upsert_sql, (int) params->len,
                    (const char * const *) params->pdata, error);
  if (res == NULL)
    return FALSE;

  {
    /* The derived columns, from the row just written: the JSON the API
     * answers with, and its search text (folded in C). */
    g_autofree char *sql = g_strdup_printf ("UPDATE %s t SET kt_json = %s "
                                            "WHERE t.org_id = $1::uuid AND t.id = $2::uuid",
                                            table->name, table->json_expr);
    g_autofree char *derived_name = g_strdup_printf ("derived_%s", entity->name);
    g_autoptr(PGresult) derived = kt_pg_exec (pg, derived_name, sql, 2,
                                              (const char * const *) params->pdata, error);
    if (derived == NULL)
      return FALSE;
  }
  return kt_pg_search_update (pg, table, kt_record_get_org_id (record), NULL,
                              kt_record_get_id (record), error);
}

/* A record's title changed: the search text of records naming it (the
 * contacts of a renamed company) changes too. */
static gboolean
refresh_dependents (KtPg            *pg,
                    const KtPgTable *table,
                    const char      *org_id,
                    const char      *id,
                    GError         **error)
{
  for (guint i = 0; i < table->dependents->len; i++)
    {
      const KtPgDependent *dep = g_ptr_array_index (table->dependents, i);

      if (!kt_pg_search_update (pg, dep->table, org_id, dep->ref_field, id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_reference (KtPg          *pg,
                 const char    *org_id,
                 const KtField *field,
                 const char    *value,
                 GError       **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, value };

  if (!kt_uuid_is_valid (value))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, field->name,
                                 _("“%s” must be a record id"), field->name);
      return FALSE;
    }

  if (g_strcmp0 (field->ref_entity, "user") == 0)
    {
      res = kt_pg_exec (pg, "ref_user",
                        "SELECT 1 FROM team_members WHERE org_id = $1::uuid AND user_id = $2::uuid "
                        "AND status = 'active'", 2, params, error);
    }
  else
    {
      const KtPgTable *target = kt_pg_schema_lookup (field->ref_entity ? field->ref_entity : "");
      g_autofree char *sql = NULL;
      g_autofree char *name = NULL;

      if (target == NULL)
        return TRUE;  /* not a synced entity: nothing to check here */
      /* A record merged into another (a contact, a company) is a
       * tombstone that redirects: a device that has not pulled the merge
       * yet may still link to it, and that link is kept rather than
       * refused (docs/sync.md, "Merged records"). */
      sql = g_strdup_printf ("SELECT 1 FROM %s WHERE org_id = $1::uuid AND id = $2::uuid AND %s",
                             target->name,
                             kt_entity_get_field (target->entity, "merged_into_id") != NULL
                             ? "(NOT deleted OR merged_into_id IS NOT NULL)" : "NOT deleted");
      name = g_strdup_printf ("ref_%s", target->entity->name);
      res = kt_pg_exec (pg, name, sql, 2, params, error);
    }

  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      /* Ids of another organization end here too: they do not exist. */
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, field->name,
                                 _("“%s” names a record that does not exist"), field->name);
      return FALSE;
    }
  return TRUE;
}

/* The new owner must be someone who can see the record: an active member
 * of the record's organization. */
static gboolean
check_owner (KtPg        *pg,
             const char  *org_id,
             const char  *owner,
             GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, owner };

  res = kt_pg_exec (pg, "owner_member",
                    "SELECT 1 FROM team_members WHERE org_id = $1::uuid AND user_id = $2::uuid "
                    "AND status = 'active'", 2, params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      /* A member of another organization ends here too. */
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, KT_META_OWNER,
                                 _("“%s” must name an active member of this organization"),
                                 KT_META_OWNER);
      return FALSE;
    }
  return TRUE;
}

/* The creation time comes with a client's create (docs/sync.md): it is
 * the creator's clock, bounded like a stamp, and it is set by creating,
 * not by a REST edit. */
static gboolean
check_created_at (const KtChangeContext *ctx,
                  KtRecord              *stored,
                  JsonObject            *clocks,
                  const char            *created_at,
                  GError               **error)
{
  gint64 created_ms = 0;
  gint64 now_ms;

  if (stored != NULL && clocks == NULL)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, KT_META_CREATED,
                                 _("“%s” is set when a record is created and cannot be changed"),
                                 KT_META_CREATED);
      return FALSE;
    }

  g_mutex_lock (ctx->clock_lock);
  now_ms = kt_hlc_now_ms (ctx->clock);
  g_mutex_unlock (ctx->clock_lock);
  if (!kt_datetime_parse (created_at, &created_ms) || created_ms > now_ms + KT_HLC_MAX_DRIFT_MS)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, KT_META_CREATED,
                                 _("“%s” is later than the server’s time; check the date and time settings"),
                                 KT_META_CREATED);
      return FALSE;
    }
  return TRUE;
}

static char *
tick (const KtChangeContext *ctx,
      KtRecord              *stored)
{
  char *stamp;

  g_mutex_lock (ctx->clock_lock);
  /* A client's clock may run ahead of ours (within the allowed drift):
   * observing the stored stamp makes our write the newer one. */
  if (stored != NULL && kt_record_get_hlc (stored) != NULL)
    kt_hlc_observe (ctx->clock, kt_record_get_hlc (stored), NULL);
  stamp = kt_hlc_tick (ctx->clock);
  g_mutex_unlock (ctx->clock_lock);
  return stamp;
}

static gboolean
stamp_changes (const KtChangeContext *ctx,
               KtRecord              *incoming,
               KtRecord              *stored,
               GPtrArray             *changed,
               JsonObject            *clocks,
               GError               **error)
{
  g_autofree char *fresh = NULL;

  if (clocks == NULL)
    fresh = tick (ctx, stored);

  for (guint i = 0; i < changed->len; i++)
    {
      const char *field = g_ptr_array_index (changed, i);
      const char *fields[] = { field, NULL };
      const char *stamp = fresh;

      if (clocks != NULL)
        {
          JsonNode *node = json_object_get_member (clocks, field);
          KtHlcStamp parsed;

          if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
              json_node_get_value_type (node) != G_TYPE_STRING ||
              !kt_hlc_parse (json_node_get_string (node), &parsed, NULL))
            {
              kt_server_set_field_error (error, KT_SERVER_ERROR_MALFORMED_JSON, field,
                                         _("“%s” needs a valid clock"), field);
              return FALSE;
            }
          g_mutex_lock (ctx->clock_lock);
          if (!kt_hlc_observe (ctx->clock, json_node_get_string (node), error))
            {
              g_mutex_unlock (ctx->clock_lock);
              return FALSE;
            }
          g_mutex_unlock (ctx->clock_lock);
          stamp = json_node_get_string (node);
        }
      kt_record_stamp (incoming, fields, stamp);
    }
  return TRUE;
}

/* One write as it goes through the steps below. */
typedef struct {
  KtPg                  *pg;
  const KtChangeContext *ctx;
  const KtEntity        *entity;
  const KtPgTable       *table;
  KtChangeKind           kind;
  const char            *id;
  JsonObject            *fields;
  JsonObject            *clocks;       /* NULL: a REST write */
  char                  *now;
  KtRecord              *stored;       /* NULL: a new record */
  KtRecord              *incoming;     /* the stored record with the write on it */
  KtRecord              *merged;       /* what gets written */
  GPtrArray             *changed;      /* the fields the write names */
  const char            *previous_owner;
  JsonObject            *log_fields;
  JsonObject            *log_clocks;
  gboolean               title_changed;
} Change;

static void
change_clear (Change *change)
{
  g_clear_pointer (&change->now, g_free);
  g_clear_object (&change->stored);
  g_clear_object (&change->incoming);
  g_clear_object (&change->merged);
  g_clear_pointer (&change->changed, g_ptr_array_unref);
  g_clear_pointer (&change->log_fields, json_object_unref);
  g_clear_pointer (&change->log_clocks, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Change, change_clear)

/* The record as stored, locked; whether the kind of write fits it; and
 * whether the writer may write it at all. */
static gboolean
load_target (Change  *change,
             GError **error)
{
  const KtChangeContext *ctx = change->ctx;
  const KtEntity *entity = change->entity;
  g_autoptr(GError) local_error = NULL;

  change->table = kt_pg_schema_lookup_entity (entity);
  if (change->table == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_UNKNOWN_ENTITY,
                   _("“%s” is not an entity that can be written"), entity->name);
      return FALSE;
    }
  if (!kt_uuid_is_valid (change->id))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, KT_META_ID,
                                 _("“%s” must be a record id"), KT_META_ID);
      return FALSE;
    }

  change->stored = kt_pg_load_record (change->pg, entity, ctx->org_id, change->id, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Another member's private record (a saved view) is not there for
   * this writer, whatever the role: the same answer as a missing id, so
   * that it cannot even be found out. The server's own writes name no
   * user and see everything. */
  if (change->stored != NULL && (entity->flags & KT_ENTITY_PRIVATE) && ctx->user_id != NULL &&
      g_strcmp0 (kt_record_get_owner_id (change->stored), ctx->user_id) != 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("There is no %s with this id"), entity->name);
      return FALSE;
    }

  if (change->kind == KT_CHANGE_CREATE && change->stored != NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_CONFLICT,
                   _("A record with this id already exists"));
      return FALSE;
    }
  if ((change->kind == KT_CHANGE_UPDATE || change->kind == KT_CHANGE_DELETE) &&
      (change->stored == NULL || kt_record_get_deleted (change->stored)))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("There is no %s with this id"), entity->name);
      return FALSE;
    }

  return ctx->policy->may_write (ctx->role, ctx->user_id, change->stored != NULL,
                                 change->stored != NULL ? kt_record_get_owner_id (change->stored) : NULL,
                                 change->stored != NULL && change->table->has_assignee
                                 ? kt_record_get_string (change->stored, "assignee_id") : NULL,
                                 error);
}

/* The stored record (or a new one) with the write's fields on it, and
 * the list of the fields the write names. */
static gboolean
apply_fields (Change  *change,
              GError **error)
{
  const KtChangeContext *ctx = change->ctx;

  change->now = kt_now_iso ();
  if (change->stored != NULL)
    change->incoming = kt_record_copy (change->stored);
  else
    {
      change->incoming = kt_record_new_with_id (change->entity, change->id);
      kt_record_set_org_id (change->incoming, ctx->org_id);
      kt_record_set_owner_id (change->incoming, ctx->user_id);
      kt_record_set_created_at (change->incoming, change->now);
    }

  if (!kt_record_set_from_json (change->incoming, change->fields, &change->changed, error))
    return FALSE;
  if (change->kind == KT_CHANGE_CREATE)
    {
      /* REST creates get the model's defaults, as a new client record
       * does; they are written (and stamped) like the given fields. */
      kt_record_apply_defaults (change->incoming);
      g_ptr_array_unref (change->changed);
      change->changed = kt_record_list_fields (change->incoming);
      if (json_object_has_member (change->fields, KT_META_OWNER))
        g_ptr_array_add (change->changed, (gpointer) KT_META_OWNER);
    }
  /* A record created here (REST) has its creation time stamped like its
   * fields, as a client's create has, so it merges the same way. */
  if (change->stored == NULL && change->clocks == NULL &&
      !g_ptr_array_find_with_equal_func (change->changed, KT_META_CREATED, g_str_equal, NULL))
    g_ptr_array_add (change->changed, (gpointer) KT_META_CREATED);
  return TRUE;
}

/* What the write may not do whatever it merges with: change the creation
 * time outside a create, give the record away without the role, write a
 * server-only field, delete a deleted record. */
static gboolean
check_write (Change  *change,
             GError **error)
{
  const KtChangeContext *ctx = change->ctx;

  if (json_object_has_member (change->fields, KT_META_CREATED) &&
      !check_created_at (ctx, change->stored, change->clocks, kt_record_get_created_at (change->incoming), error))
    return FALSE;

  /* The owner before this write: the stored one, or the writer for a new
   * record. */
  change->previous_owner = change->stored != NULL ? kt_record_get_owner_id (change->stored) : ctx->user_id;
  if (json_object_has_member (change->fields, KT_META_OWNER) &&
      !ctx->policy->may_set_owner (ctx->role, change->previous_owner,
                                   kt_record_get_owner_id (change->incoming), error))
    return FALSE;
  /* A private record stays its maker's: giving it away would show it to
   * the new owner and hide it from its maker. */
  if ((change->entity->flags & KT_ENTITY_PRIVATE) && ctx->user_id != NULL &&
      g_strcmp0 (kt_record_get_owner_id (change->incoming), change->previous_owner) != 0)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_PERMISSION, KT_META_OWNER,
                                 _("A %s belongs to the person who made it"), change->entity->name);
      return FALSE;
    }

  /* Server-only fields are the server's to write, never a client's. */
  for (guint i = 0; i < change->changed->len; i++)
    {
      const char *name = g_ptr_array_index (change->changed, i);
      const KtField *field = kt_entity_get_field (change->entity, name);

      if (field != NULL && (field->flags & KT_FIELD_SERVER) && json_object_has_member (change->fields, name))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, field->name,
                                     _("“%s” is set by the server"), field->name);
          return FALSE;
        }
    }

  if (change->stored != NULL && kt_record_get_deleted (change->stored) &&
      kt_record_get_deleted (change->incoming))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_DELETED,
                   _("This %s was deleted"), change->entity->name);
      return FALSE;
    }
  return TRUE;
}

/* Merges the stamped write onto the stored record per field. FALSE when
 * every field lost to a newer stored value: nothing to write. */
static gboolean
merge_write (Change *change)
{
  if (change->stored != NULL)
    {
      change->merged = kt_record_copy (change->stored);
      if (!kt_record_merge (change->merged, change->incoming))
        return FALSE;
    }
  else
    change->merged = g_object_ref (change->incoming);

  kt_record_set_org_id (change->merged, change->ctx->org_id);
  kt_record_set_updated_at (change->merged, change->now);
  return TRUE;
}

/* The merged record against the shared validators, the organization's
 * custom fields and, for a deal, its pipeline's stages. */
static gboolean
validate_merged (Change  *change,
                 GError **error)
{
  KtRecord *merged = change->merged;

  if (kt_record_get_deleted (merged))
    return TRUE;
  if (!kt_record_validate (merged, error))
    return FALSE;
  /* The custom values follow the organization's definitions, as in the
   * desktop forms, whenever a write creates the record or touches them;
   * a write of other fields does not trip over a definition added since. */
  if ((change->entity->flags & KT_ENTITY_CUSTOMIZE) &&
      (change->stored == NULL || json_object_has_member (change->fields, "custom")))
    {
      g_autoptr(GPtrArray) definitions = kt_pg_load_custom_fields (change->pg, change->ctx->org_id,
                                                                   change->entity->name, error);

      if (definitions == NULL ||
          !kt_custom_field_validate_change (definitions, merged, change->stored, error))
        return FALSE;
    }
  /* A deal's stage is a live stage of its pipeline, as the deal form
   * checks; a stage that does not exist is the reference check's. */
  if (change->entity == KT_ENTITY_DEAL &&
      (change->stored == NULL || json_object_has_member (change->fields, "stage_id") ||
       json_object_has_member (change->fields, "pipeline_id")))
    {
      g_autoptr(KtRecord) stage = NULL;
      g_autoptr(GError) load_error = NULL;

      stage = kt_pg_load_record (change->pg, KT_ENTITY_STAGE, change->ctx->org_id,
                                 kt_record_get_string (merged, "stage_id"), FALSE, &load_error);
      if (load_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&load_error));
          return FALSE;
        }
      if (stage != NULL && !kt_deal_check_stage (merged, stage, error))
        return FALSE;
    }
  return TRUE;
}

/* What won the merge goes into the log; references it introduces must
 * name live records of this organization, a new owner an active member. */
static gboolean
collect_log (Change  *change,
             GError **error)
{
  KtRecord *merged = change->merged;

  change->log_fields = json_object_new ();
  change->log_clocks = json_object_new ();
  for (guint i = 0; i < change->changed->len; i++)
    {
      const char *name = g_ptr_array_index (change->changed, i);
      const KtField *f;
      const char *won = kt_record_get_field_hlc (merged, name);
      JsonNode *value;

      if (change->stored != NULL && g_strcmp0 (won, kt_record_get_field_hlc (change->incoming, name)) != 0)
        continue;  /* a newer stored value kept this field */
      if (g_str_equal (name, KT_META_DELETED))
        {
          json_object_set_string_member (change->log_clocks, KT_META_DELETED, won);
          continue;
        }
      if (g_str_equal (name, KT_META_CREATED))
        {
          json_object_set_string_member (change->log_fields, KT_META_CREATED, kt_record_get_created_at (merged));
          json_object_set_string_member (change->log_clocks, KT_META_CREATED, won);
          continue;
        }
      if (g_str_equal (name, KT_META_OWNER))
        {
          const char *owner = kt_record_get_owner_id (merged);

          if (g_strcmp0 (owner, change->previous_owner) != 0 &&
              !check_owner (change->pg, change->ctx->org_id, owner, error))
            return FALSE;
          json_object_set_string_member (change->log_fields, KT_META_OWNER, owner);
          json_object_set_string_member (change->log_clocks, KT_META_OWNER, won);
          continue;
        }

      f = kt_entity_get_field (change->entity, name);
      value = kt_record_get_node (merged, name);
      if (f->type == KT_FIELD_REF && value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
          !check_reference (change->pg, change->ctx->org_id, f, json_node_get_string (value), error))
        return FALSE;

      if (!(f->flags & KT_FIELD_SECRET))
        json_object_set_member (change->log_fields, name,
                                value ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
      json_object_set_string_member (change->log_clocks, name, won);
      if (change->entity->title_fields != NULL && strstr (change->entity->title_fields, name) != NULL)
        change->title_changed = TRUE;
    }
  return TRUE;
}

/* A private entity's log entry is its owner's only (migration 12): the
 * pull sends it to no one else. Set apart from kt_pg_log_change(), which
 * every shared entity's write calls without an owner to name. */
static gboolean
mark_private (KtPg        *pg,
              const char  *org_id,
              gint64       seq,
              const char  *owner_id,
              GError     **error)
{
  g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  const char *params[] = { org_id, seq_text, owner_id };

  return kt_pg_run (pg, "UPDATE change_log SET visible_to = $3::uuid "
                        "WHERE org_id = $1::uuid AND seq = $2::bigint",
                    G_N_ELEMENTS (params), params, error);
}

/* The row, the search text of records naming it, and the log entry. */
static gboolean
store_change (Change          *change,
              KtChangeResult  *result,
              GError         **error)
{
  const KtChangeContext *ctx = change->ctx;
  KtRecord *merged = change->merged;

  if (!write_row (change->pg, change->table, merged, error))
    return FALSE;
  if (change->title_changed && change->stored != NULL &&
      !refresh_dependents (change->pg, change->table, ctx->org_id, change->id, error))
    return FALSE;

  result->seq = kt_pg_log_change (change->pg, ctx->org_id, change->entity->name, change->id,
                                  kt_record_get_hlc (merged), kt_record_get_deleted (merged),
                                  change->log_fields, change->log_clocks, ctx->user_id, error);
  if (result->seq == 0)
    return FALSE;
  if ((change->entity->flags & KT_ENTITY_PRIVATE) &&
      !mark_private (change->pg, ctx->org_id, result->seq, kt_record_get_owner_id (merged), error))
    return FALSE;

  result->created = change->stored == NULL;
  result->record = g_steal_pointer (&change->merged);
  return TRUE;
}

/* The entities a plan limits, and how. */
static const struct {
  const char *entity;
  KtLimit     limit;
  gboolean    monthly;   /* counts what is made in a month, never less */
} limited[] = {
  { "contact", KT_LIMIT_CONTACTS, FALSE },
  { "deal", KT_LIMIT_DEALS, FALSE },
  { "document_template", KT_LIMIT_TEMPLATES, FALSE },
  { "invoice", KT_LIMIT_INVOICES_PER_MONTH, TRUE },
};

/* Keeps the usage counter of a limited entity and, for a write that
 * grows it under a plan, refuses one over the limit. After the log
 * entry: see kt_pg_usage_add(). */
static gboolean
count_usage (Change          *change,
             KtChangeResult  *result,
             GError         **error)
{
  const KtChangeContext *ctx = change->ctx;
  gboolean was_live = change->stored != NULL && !kt_record_get_deleted (change->stored);
  gboolean is_live = !kt_record_get_deleted (result->record);
  g_auto(KtPgUsage) usage = { 0 };
  g_autofree char *month = NULL;
  gint64 now = ctx->now_seconds > 0 ? ctx->now_seconds : g_get_real_time () / G_USEC_PER_SEC;
  gint64 delta;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (limited); i++)
    if (g_str_equal (change->entity->name, limited[i].entity))
      break;
  if (i == G_N_ELEMENTS (limited))
    return TRUE;

  if (limited[i].monthly)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now);

      delta = change->stored == NULL && is_live ? 1 : 0;
      month = g_date_time_format (dt, "%Y-%m");
    }
  else
    delta = (gint64) is_live - (gint64) was_live;
  if (delta == 0)
    return TRUE;

  if (!kt_pg_usage_add (change->pg, ctx->org_id, change->entity, month, delta, &usage, error))
    return FALSE;
  if (delta < 0 || ctx->plans == NULL)
    return TRUE;

  return kt_pg_usage_check (ctx->plans, &usage, limited[i].limit, now, error);
}

gboolean
kt_pg_apply_change (KtPg                  *pg,
                    const KtChangeContext *ctx,
                    const KtEntity        *entity,
                    KtChangeKind           kind,
                    const char            *id,
                    JsonObject            *fields,
                    JsonObject            *clocks,
                    KtChangeResult        *result,
                    GError               **error)
{
  g_auto(Change) change = { 0, };

  g_return_val_if_fail (pg != NULL && ctx != NULL && ctx->policy != NULL && entity != NULL, FALSE);
  g_return_val_if_fail (id != NULL && fields != NULL && result != NULL, FALSE);

  change.pg = pg;
  change.ctx = ctx;
  change.entity = entity;
  change.kind = kind;
  change.id = id;
  change.fields = fields;
  change.clocks = clocks;

  if (!load_target (&change, error) ||
      !apply_fields (&change, error) ||
      !check_write (&change, error) ||
      !stamp_changes (ctx, change.incoming, change.stored, change.changed, clocks, error))
    return FALSE;

  if (!merge_write (&change))
    {
      /* Every field lost to a newer stored value: nothing to write. */
      result->record = g_steal_pointer (&change.merged);
      result->seq = 0;
      result->created = FALSE;
      return TRUE;
    }

  if (!validate_merged (&change, error) ||
      (ctx->documents != NULL &&
       !kt_pg_documents_check (pg, ctx, change.stored, change.merged, fields, error)) ||
      !collect_log (&change, error) ||
      !store_change (&change, result, error))
    return FALSE;
  /* Over the plan's limit after all: the caller gets no record (the
   * transaction is rolled back), so none is left in the result. */
  if (!count_usage (&change, result, error))
    {
      kt_change_result_clear (result);
      return FALSE;
    }

  if (ctx->documents != NULL)
    kt_pg_documents_note (ctx->documents, change.stored, result->record, fields, clocks);
  return TRUE;
}
