/* kt-pg-records.c: reading synced records as JSON for the REST API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-records"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-pg-records.h"
#include "kt-pg-search.h"
#include "kt-server-error.h"

static char *
statement_name (const char *sql)
{
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, sql, -1);

  /* Same SQL, same prepared statement: list shapes are few. */
  return g_strdup_printf ("q_%.20s", sum);
}

/* The stored text has no clocks, no nulls and none of sync's meta
 * columns: org_id (the token's organization, the same on every row),
 * hlc and deleted (always false here). ?include=clocks splices those and
 * the row's clocks column into the text, as sync's record holds them;
 * only ?include=nulls builds the JSON again, from every output column. */
#define CLOCKS_SQL "',\"org_id\":\"' || t.org_id || '\",\"hlc\":' || to_json(t.hlc)::text || " \
  "',\"deleted\":' || t.deleted || ',\"clocks\":' || coalesce(t.clocks, '{}'::jsonb)::text"

static char *
record_expr (const KtPgTable  *table,
             KtRecordInclude   include)
{
  if (include & KT_RECORD_INCLUDE_NULLS)
    return g_strdup_printf ("(SELECT row_to_json(x)::text FROM (SELECT %s%s) x)", table->output_columns,
                            (include & KT_RECORD_INCLUDE_CLOCKS) ? ", t.org_id, t.hlc, t.deleted, t.clocks" : "");
  if (include & KT_RECORD_INCLUDE_CLOCKS)
    return g_strdup ("(left(t.kt_json, -1) || " CLOCKS_SQL " || '}')");
  return g_strdup ("t.kt_json");
}

char *
kt_pg_records_get (KtPg            *pg,
                   const KtPgTable *table,
                   const char      *org_id,
                   const char      *id,
                   GError         **error)
{
  return kt_pg_records_get_full (pg, table, org_id, id, 0, error);
}

char *
kt_pg_records_get_full (KtPg            *pg,
                        const KtPgTable *table,
                        const char      *org_id,
                        const char      *id,
                        KtRecordInclude  include,
                        GError         **error)
{
  g_autofree char *expr = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, id };

  g_return_val_if_fail (table != NULL, NULL);

  if (!kt_uuid_is_valid (id))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("There is no %s with this id"), table->entity->name);
      return NULL;
    }

  expr = record_expr (table, include);
  sql = g_strdup_printf ("SELECT %s FROM %s t "
                         "WHERE t.org_id = $1::uuid AND t.id = $2::uuid AND NOT t.deleted",
                         expr, table->name);
  name = g_strdup_printf ("get_%s_%u", table->entity->name, (guint) include);
  res = kt_pg_exec (pg, name, sql, 2, params, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("There is no %s with this id"), table->entity->name);
      return NULL;
    }
  return g_strdup (kt_pg_value (res, 0, 0));
}

static gboolean
check_filter_value (const KtField *field,
                    const char    *value,
                    GError       **error)
{
  switch (field->type)
    {
    case KT_FIELD_INT:
    case KT_FIELD_MONEY:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      if (!g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, NULL, NULL))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, field->name,
                                     _("The filter “%s” needs a whole number"), field->name);
          return FALSE;
        }
      return TRUE;
    case KT_FIELD_BOOL:
      if (!g_str_equal (value, "true") && !g_str_equal (value, "false"))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, field->name,
                                     _("The filter “%s” needs true or false"), field->name);
          return FALSE;
        }
      return TRUE;
    case KT_FIELD_REF:
      if (!kt_uuid_is_valid (value))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, field->name,
                                     _("The filter “%s” needs a record id"), field->name);
          return FALSE;
        }
      return TRUE;
    default:
      return TRUE;
    }
}

/* "%text%" with LIKE's wildcards in @text made literal. */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* Whether a search of @query takes the walk of kt_pg_search_walk_sql():
 * sorted by the table's walk column and without filters. */
static gboolean
search_walks (const KtPgTable   *table,
              const KtListQuery *query)
{
  const char *walk = kt_pg_search_walk_column (table);
  const char *sort = query->sort ? query->sort : table->entity->default_sort;

  if (query->search == NULL || *query->search == '\0' || walk == NULL || sort == NULL ||
      (query->filters != NULL && g_hash_table_size (query->filters) > 0))
    return FALSE;
  return g_str_equal (*sort == '-' ? sort + 1 : sort, walk);
}

char *
kt_pg_records_list_sql (const KtPgTable   *table,
                        const char        *token_hash,
                        const KtListQuery *query,
                        GPtrArray         *params,
                        GError           **error)
{
  const KtEntity *entity;
  /* A list's statement is some 700 bytes: one allocation, not six. */
  g_autoptr(GString) sql = g_string_sized_new (1024);
  g_autofree char *expr = NULL;
  const char *sort;
  gboolean descending = FALSE;
  guint per_page, page;

  g_return_val_if_fail (table != NULL && query != NULL, NULL);
  entity = table->entity;
  expr = record_expr (table, query->include);

  per_page = query->per_page ? MIN (query->per_page, KT_LIST_MAX_PER_PAGE) : KT_LIST_DEFAULT_PER_PAGE;
  page = MAX (query->page, 1);

  sort = query->sort ? query->sort : (entity->default_sort ? entity->default_sort : "created_at");
  if (*sort == '-')
    {
      descending = TRUE;
      sort++;
    }
  if (!g_str_equal (sort, KT_META_CREATED) && !g_str_equal (sort, KT_META_UPDATED))
    {
      const KtField *field = kt_entity_get_field (entity, sort);

      if (field == NULL || (field->flags & KT_FIELD_SECRET) ||
          field->type == KT_FIELD_TAGS || field->type == KT_FIELD_JSON)
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, "sort",
                                     _("%s cannot be sorted by “%s”"), entity->plural, sort);
          return NULL;
        }
    }

  g_ptr_array_add (params, g_strdup (token_hash));
  /* The walk's statement reads the stored text only; a search that wants
   * more takes the plain plan, which is right, only not as fast. */
  if (query->include == 0 && search_walks (table, query))
    {
      g_autofree char *folded = kt_search_fold (query->search);
      g_autofree char *latin = kt_search_latin (folded);
      g_autofree char *pattern = like_pattern (folded);
      g_autofree char *latin_pattern = latin != NULL ? like_pattern (latin) : NULL;

      return kt_pg_search_walk_sql (table, sort, descending, pattern, latin_pattern, per_page, page, params);
    }
  g_string_append_printf (sql, "WITH a AS MATERIALIZED (" KT_PG_SESSION_SQL ("$1") ") "
                               KT_PG_SESSION_ROW_SQL
                               "SELECT NULL, NULL, NULL, l.kt_json FROM a CROSS JOIN LATERAL ("
                               "SELECT %s AS kt_json FROM %s t "
                               "WHERE t.org_id = a.org_id AND NOT t.deleted",
                          expr, table->name);
  /* A private entity lists its owner's records only, whatever the role. */
  if (entity->flags & KT_ENTITY_PRIVATE)
    g_string_append (sql, " AND t.owner_id = a.user_id");

  if (query->filters != NULL)
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (query->filters), (GCompareFunc) strcmp);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *key = l->data;
          const char *value = g_hash_table_lookup (query->filters, key);
          const KtField *field;

          if (g_str_equal (key, KT_META_OWNER))
            {
              if (!kt_uuid_is_valid (value))
                {
                  kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, key,
                                             _("The filter “%s” needs a record id"), key);
                  return NULL;
                }
              g_ptr_array_add (params, g_strdup (value));
              g_string_append_printf (sql, " AND t.owner_id = $%u::uuid", params->len);
              continue;
            }

          field = kt_entity_get_field (entity, key);
          if (field == NULL || !kt_pg_field_filterable (field))
            {
              kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, key,
                                         _("%s cannot be filtered by “%s”"), entity->plural, key);
              return NULL;
            }
          if (!check_filter_value (field, value, error))
            return NULL;
          g_ptr_array_add (params, g_strdup (value));
          g_string_append_printf (sql, " AND t.\"%s\" = $%u::%s", field->name, params->len,
                                  kt_pg_column_type (field->type));
        }
    }

  if (query->search != NULL && *query->search)
    {
      /* Folded as the stored text is (kt-pg-search.c). */
      g_autofree char *folded = kt_search_fold (query->search);
      g_autofree char *latin = kt_search_latin (folded);
      g_autofree char *match = NULL;
      guint pattern_param, latin_param = 0;

      if (table->search_expr == NULL)
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, "search",
                                     _("%s cannot be searched"), entity->plural);
          return NULL;
        }
      g_ptr_array_add (params, like_pattern (folded));
      pattern_param = params->len;
      if (latin != NULL)
        {
          g_ptr_array_add (params, like_pattern (latin));
          latin_param = params->len;
        }
      match = kt_pg_search_match_sql (table, "a.org_id", pattern_param, latin_param);
      g_string_append_printf (sql, " AND %s", match);
    }

  /* One row more than asked tells whether another page follows. */
  g_ptr_array_add (params, g_strdup_printf ("%u", per_page + 1));
  g_string_append_printf (sql, " ORDER BY t.\"%s\"%s, t.id%s LIMIT $%u::integer",
                          sort, descending ? " DESC" : "", descending ? " DESC" : "", params->len);
  g_ptr_array_add (params, g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) (page - 1) * per_page));
  /* No ORDER BY outside: a lateral subquery is always the inner side of
   * a nested loop, which emits its rows in their order for the one
   * session row (a token names one session, its user one membership).
   * Sorting the page again copied its 55 kB of JSON for nothing, about a
   * tenth of PostgreSQL's time for a page (docs/performance.md, "A
   * million contacts on the server"). */
  g_string_append_printf (sql, " OFFSET $%u::bigint) l WHERE a.role IS NOT NULL", params->len);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

char *
kt_pg_records_list (KtPg              *pg,
                    const KtPgTable   *table,
                    const char        *token_hash,
                    const KtListQuery *query,
                    KtPgSession     *session,
                    gsize            *out_len,
                    GError           **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *name = NULL;
  guint per_page, page, rows;
  gsize bytes;

  g_return_val_if_fail (table != NULL && query != NULL, NULL);

  sql = kt_pg_records_list_sql (table, token_hash, query, params, error);
  if (sql == NULL)
    return NULL;
  per_page = query->per_page ? MIN (query->per_page, KT_LIST_MAX_PER_PAGE) : KT_LIST_DEFAULT_PER_PAGE;
  page = MAX (query->page, 1);

  /* A search's best plan depends on its text (a common word: walk the
   * sort index; a rare one: the trigram index), so it is planned each
   * time, unless its statement holds both (search_walks()); a plain page
   * keeps its one generic plan. */
  if (!kt_pg_set_custom_plans (pg, query->search != NULL && *query->search != '\0' &&
                               (query->include != 0 || !search_walks (table, query)), error))
    return NULL;
  name = statement_name (sql);
  res = kt_pg_exec (pg, name, sql, (int) params->len, (const char * const *) params->pdata, error);
  if (res == NULL)
    return NULL;

  /* The session's row (none when the token has none) and the records'
   * (none when it is no member); the answer is sized once. */
  kt_pg_session_clear (session);
  rows = 0;
  bytes = 64;
  for (int i = 0; i < PQntuples (res); i++)
    {
      if (PQgetisnull (res, i, 3))
        {
          session->found = TRUE;
          session->user_id = g_strdup (kt_pg_value (res, i, 0));
          session->org_id = g_strdup (kt_pg_value (res, i, 1));
          session->role = g_strdup (kt_pg_value (res, i, 2));
          continue;
        }
      if (rows++ < per_page)
        bytes += (gsize) PQgetlength (res, i, 3) + 1;
    }
  out = g_string_sized_new (bytes);
  g_string_append (out, "{\"items\":[");
  for (int i = 0, shown = 0; i < PQntuples (res) && (guint) shown < per_page; i++)
    {
      if (PQgetisnull (res, i, 3))
        continue;
      if (shown++ > 0)
        g_string_append_c (out, ',');
      g_string_append_len (out, PQgetvalue (res, i, 3), PQgetlength (res, i, 3));
    }
  g_string_append_printf (out, "],\"page\":%u,\"per_page\":%u,\"has_more\":%s}",
                          page, per_page, rows > per_page ? "true" : "false");
  if (out_len != NULL)
    *out_len = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
