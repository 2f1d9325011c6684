/* kt-route-records.c: /v1/<plural>[/<id>] for every synced entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-records"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-auth.h"
#include "kt-pg-change.h"
#include "kt-pg-records.h"
#include "kt-routes.h"
#include "kt-server-error.h"

static const KtPgTable *
lookup_table (KtRequest  *req,
              GError    **error)
{
  const KtEntity *entity = kt_entity_lookup_plural (req->segments[0]);
  const KtPgTable *table = entity ? kt_pg_schema_lookup_entity (entity) : NULL;

  if (table == NULL)
    g_set_error (error, KT_ERROR, KT_ERROR_UNKNOWN_ENTITY,
                 _("There is no resource called “%s”"), req->segments[0]);
  return table;
}

static gboolean
parse_count (KtRequest   *req,
             const char  *key,
             guint        max,
             guint       *out,
             GError     **error)
{
  const char *text = kt_request_get_query (req, key);
  guint64 value;

  *out = 0;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, key,
                                 _("“%s” must be a number from 1 to %u"), key, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

/* ?include=clocks,nulls: the per-field clocks that sync keeps, and the
 * unset fields as nulls, both left out by default (docs/api.md, Lean
 * answers). Other names are refused, so that a typo does not silently
 * answer without what was asked. */
static gboolean
parse_include (KtRequest        *req,
               KtRecordInclude  *include,
               GError          **error)
{
  const char *value = kt_request_get_query (req, "include");
  g_auto(GStrv) names = NULL;

  *include = 0;
  if (value == NULL)
    return TRUE;
  names = g_strsplit (value, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (g_str_equal (name, "clocks"))
        *include |= KT_RECORD_INCLUDE_CLOCKS;
      else if (g_str_equal (name, "nulls"))
        *include |= KT_RECORD_INCLUDE_NULLS;
      else if (*name != '\0')
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, "include",
                                     _("“%s” cannot be included; only “clocks” and “nulls” can"), name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
kt_route_records_parse_query (KtRequest    *req,
                              KtListQuery  *query,
                              GError      **error)
{
  GHashTable *filters;

  /* libsoup decodes %FF into a byte that is not UTF-8. Such text would
   * reach g_utf8_strdown() (the search pattern), which reads past the end
   * of invalid input, and PostgreSQL, which refuses it; so it ends here
   * as a 400. */
  if (req->query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, req->query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (!g_utf8_validate (key, -1, NULL))
            {
              g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_REQUEST,
                           _("The name of a query parameter is not valid UTF-8 text"));
              return FALSE;
            }
          if (value != NULL && !g_utf8_validate (value, -1, NULL))
            {
              kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, key,
                                         _("The query parameter “%s” is not valid UTF-8 text"),
                                         (const char *) key);
              return FALSE;
            }
        }
    }

  if (!parse_count (req, "page", 1000000, &query->page, error) ||
      !parse_count (req, "per_page", KT_LIST_MAX_PER_PAGE, &query->per_page, error) ||
      !parse_include (req, &query->include, error))
    return FALSE;
  query->sort = kt_request_get_query (req, "sort");
  query->search = kt_request_get_query (req, "search");

  if (req->query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      filters = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_iter_init (&iter, req->query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (g_str_equal (key, "page") || g_str_equal (key, "per_page") ||
              g_str_equal (key, "sort") || g_str_equal (key, "search") ||
              g_str_equal (key, "include"))
            continue;
          g_hash_table_insert (filters, key, value);
        }
      query->filters = filters;
    }
  return TRUE;
}

gboolean
kt_route_records_list (KtRequest *req,
                       GError   **error)
{
  const KtPgTable *table;
  g_autoptr(GHashTable) filters = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *json = NULL;
  KtListQuery query = { 0, };
  KtPgSession session = { 0, };
  gsize len = 0;
  gboolean ok;

  /* This route authenticates inside its list query (see the table in
   * kt-routes.c), so the token comes first, as everywhere else. */
  token_hash = kt_auth_token_hash (req->authorization, error);
  if (token_hash == NULL)
    return FALSE;
  table = lookup_table (req, error);
  if (table == NULL)
    return FALSE;

  if (!kt_route_records_parse_query (req, &query, error))
    return FALSE;
  filters = query.filters;

  json = kt_pg_records_list (req->pg, table, token_hash, &query, &session, &len, error);
  if (json == NULL)
    return FALSE;
  ok = kt_auth_set_context (&req->auth, session.found ? session.user_id : NULL, session.org_id, session.role, error);
  kt_pg_session_clear (&session);
  if (!ok)
    return FALSE;
  kt_request_respond_text_len (req, 200, g_steal_pointer (&json), len);
  return TRUE;
}

/**
 * kt_route_records_check_visible:
 *
 * Whether the member may see the record @id of @entity: always, but for
 * a private entity's (a saved view) of another member, which is answered
 * 404 as a missing one is (docs/model.md).
 */
gboolean
kt_route_records_check_visible (KtRequest       *req,
                                const KtEntity  *entity,
                                const char      *id,
                                GError         **error)
{
  g_autoptr(KtRecord) stored = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(entity->flags & KT_ENTITY_PRIVATE) || !kt_uuid_is_valid (id))
    return TRUE;
  stored = kt_pg_load_record (req->pg, entity, req->auth.org_id, id, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (stored != NULL && g_strcmp0 (kt_record_get_owner_id (stored), req->auth.user_id) != 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("There is no %s with this id"), entity->name);
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_route_records_get (KtRequest *req,
                      GError   **error)
{
  const KtPgTable *table = lookup_table (req, error);
  KtRecordInclude include;
  char *json;

  if (table == NULL || !parse_include (req, &include, error) ||
      !kt_route_records_check_visible (req, table->entity, req->segments[1], error))
    return FALSE;
  json = kt_pg_records_get_full (req->pg, table, req->auth.org_id, req->segments[1], include, error);
  if (json == NULL)
    return FALSE;
  kt_request_respond_text (req, 200, json);
  return TRUE;
}

/* The write routes share one transaction body, parametrized here. */
typedef struct {
  const KtPgTable *table;
  KtChangeKind     kind;
  const char      *id;
  JsonObject      *fields;
} WriteData;

static gboolean
write_in_transaction (KtRequest *req,
                      gpointer   user_data,
                      GError   **error)
{
  WriteData *data = user_data;
  KtChangeContext ctx;
  KtChangeResult result = { 0, };
  g_autoptr(KtDocuments) documents = kt_documents_new (FALSE, 0);
  char *json;

  kt_routes_change_context (req, &ctx);
  ctx.documents = documents;
  if (!kt_pg_apply_change (req->pg, &ctx, data->table->entity, data->kind, data->id,
                           data->fields, NULL, &result, error))
    return FALSE;
  kt_change_result_clear (&result);
  /* The document rules see the write before it commits: totals, status
   * and number computed, sent totals checked (kt-pg-documents.h). */
  if (!kt_pg_documents_settle (req->pg, &ctx, documents, error))
    return FALSE;
  kt_routes_keep_issued (req, documents);

  if (data->kind == KT_CHANGE_DELETE)
    {
      kt_request_respond_empty (req, 204);
      return TRUE;
    }

  /* Answer with the row as stored, in the same shape as GET. */
  json = kt_pg_records_get (req->pg, data->table, req->auth.org_id, data->id, error);
  if (json == NULL)
    return FALSE;
  kt_request_respond_text (req, data->kind == KT_CHANGE_CREATE ? 201 : 200, json);
  return TRUE;
}

static gboolean
run_write (KtRequest    *req,
           KtChangeKind  kind,
           GError      **error)
{
  const KtPgTable *table = lookup_table (req, error);
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *new_id = NULL;
  WriteData data = { 0, };

  if (table == NULL)
    return FALSE;

  if (kind == KT_CHANGE_DELETE)
    {
      fields = json_object_new ();
      json_object_set_boolean_member (fields, KT_META_DELETED, TRUE);
    }
  else
    {
      fields = kt_request_read_object (req, error);
      if (fields == NULL)
        return FALSE;
      /* Deleting goes through DELETE, where the role rules are the same
       * but the intent is plain. */
      if (json_object_has_member (fields, KT_META_DELETED))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, KT_META_DELETED,
                                     _("Use DELETE to delete a record"));
          return FALSE;
        }
    }

  if (kind == KT_CHANGE_CREATE)
    data.id = new_id = kt_uuid_new ();
  else
    {
      data.id = req->segments[1];
      if (!kt_uuid_is_valid (data.id))
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                       _("There is no %s with this id"), table->entity->name);
          return FALSE;
        }
    }
  data.table = table;
  data.kind = kind;
  data.fields = fields;

  return kt_routes_in_transaction (req, write_in_transaction, &data, error);
}

gboolean
kt_route_records_create (KtRequest *req,
                         GError   **error)
{
  return run_write (req, KT_CHANGE_CREATE, error);
}

gboolean
kt_route_records_update (KtRequest *req,
                         GError   **error)
{
  return run_write (req, KT_CHANGE_UPDATE, error);
}

gboolean
kt_route_records_delete (KtRequest *req,
                         GError   **error)
{
  return run_write (req, KT_CHANGE_DELETE, error);
}
