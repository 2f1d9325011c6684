/* kt-store-query.c: KtQuery, full-text search, kt_store_query/count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-search.h"

typedef struct {
  char    *field;
  char       *value;   /* NULL: IS NULL */
  const char *op;      /* "=", "<", "<=", ">", ">=", "<>" (NULL counts as a
                        * value) or "LIKE" (contains, escaped here) */
} Filter;

struct _KtQuery
{
  const KtEntity *entity;
  char           *search;
  GArray         *filters;   /* of Filter */
  char           *tag;
  char           *sort;      /* NULL: the entity's default sort */
  gboolean        descending;
  gboolean        include_deleted;
};

static void
filter_clear (gpointer data)
{
  Filter *filter = data;

  g_clear_pointer (&filter->field, g_free);
  g_clear_pointer (&filter->value, g_free);
}

static void
append_filter (KtQuery    *query,
               const char *field,
               const char *value,
               const char *op)
{
  Filter filter;

  filter.field = g_strdup (field);
  filter.value = g_strdup (value);
  filter.op = op;
  g_array_append_val (query->filters, filter);
}

/**
 * kt_query_new:
 * @entity: the entity to query
 *
 * Returns: (transfer full): a query for every live record of @entity in
 *   its default order
 */
KtQuery *
kt_query_new (const KtEntity *entity)
{
  KtQuery *query;

  g_return_val_if_fail (entity != NULL, NULL);

  query = g_new0 (KtQuery, 1);
  query->entity = entity;
  query->filters = g_array_new (FALSE, TRUE, sizeof (Filter));
  g_array_set_clear_func (query->filters, filter_clear);

  return query;
}

/**
 * kt_query_copy:
 *
 * Returns: (transfer full): a copy of @query
 */
KtQuery *
kt_query_copy (const KtQuery *query)
{
  KtQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = kt_query_new (query->entity);
  copy->search = g_strdup (query->search);
  copy->tag = g_strdup (query->tag);
  copy->sort = g_strdup (query->sort);
  copy->descending = query->descending;
  copy->include_deleted = query->include_deleted;
  for (guint i = 0; i < query->filters->len; i++)
    {
      const Filter *f = &g_array_index (query->filters, Filter, i);

      append_filter (copy, f->field, f->value, f->op);
    }

  return copy;
}

void
kt_query_free (KtQuery *query)
{
  if (query == NULL)
    return;

  g_array_unref (query->filters);
  g_free (query->search);
  g_free (query->tag);
  g_free (query->sort);
  g_free (query);
}

const KtEntity *
kt_query_get_entity (const KtQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  return query->entity;
}

void
kt_query_set_search (KtQuery    *query,
                     const char *text)
{
  g_return_if_fail (query != NULL);

  g_free (query->search);
  query->search = g_strdup (text);
}

void
kt_query_add_filter (KtQuery    *query,
                     const char *field,
                     const char *value)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (field != NULL);

  append_filter (query, field, value, "=");
}

void
kt_query_add_filter_before (KtQuery    *query,
                            const char *field,
                            const char *value)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (value != NULL);

  append_filter (query, field, value, "<");
}

void
kt_query_add_filter_from (KtQuery    *query,
                          const char *field,
                          const char *value)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (value != NULL);

  append_filter (query, field, value, ">=");
}

void
kt_query_add_filter_after (KtQuery    *query,
                           const char *field,
                           const char *value)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (value != NULL);

  append_filter (query, field, value, ">");
}

void
kt_query_add_filter_upto (KtQuery    *query,
                          const char *field,
                          const char *value)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (value != NULL);

  append_filter (query, field, value, "<=");
}

void
kt_query_add_filter_contains (KtQuery    *query,
                              const char *field,
                              const char *value)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (value != NULL);

  append_filter (query, field, value, "LIKE");
}

void
kt_query_add_filter_not (KtQuery    *query,
                         const char *field,
                         const char *value)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (value != NULL);

  append_filter (query, field, value, "<>");
}

void
kt_query_set_tag (KtQuery    *query,
                  const char *tag)
{
  g_return_if_fail (query != NULL);

  g_free (query->tag);
  query->tag = g_strdup (tag);
}

void
kt_query_set_sort (KtQuery    *query,
                   const char *field,
                   gboolean    descending)
{
  g_return_if_fail (query != NULL);

  g_free (query->sort);
  query->sort = g_strdup (field);
  query->descending = !!descending;
}

void
kt_query_set_include_deleted (KtQuery  *query,
                              gboolean  include)
{
  g_return_if_fail (query != NULL);

  query->include_deleted = !!include;
}

/**
 * kt_store_search_match_expression:
 * @text: what the user typed
 *
 * Turns @text into an FTS5 MATCH expression in which every word is a
 * quoted prefix term, so nothing the user types is read as FTS syntax:
 * `iv "pet` becomes `"iv"* """pet"*`. Words without a letter or digit
 * are dropped.
 *
 * Returns: (transfer full) (nullable): the expression, or %NULL when
 *   @text has no word to search for
 */
char *
kt_store_search_match_expression (const char *text)
{
  g_autoptr(GString) match = NULL;
  g_auto(GStrv) words = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  match = g_string_new (NULL);
  words = g_strsplit_set (text, " \t\n\r\f\v", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has_alnum = FALSE;

      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isalnum (g_utf8_get_char (p)))
          {
            has_alnum = TRUE;
            break;
          }
      if (!has_alnum)
        continue;

      if (match->len > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append (match, "\"*");
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

/**
 * kt_store_search_subquery:
 * @entity: an entity with searchable fields
 *
 * Returns: (transfer full): "SELECT rowid FROM <plural>_fts WHERE ...
 *   MATCH :match", to use as `t.rowid IN (...)` with the expression of
 *   kt_store_search_match_expression() bound to :match
 */
char *
kt_store_search_subquery (const KtEntity *entity)
{
  g_return_val_if_fail (entity != NULL, NULL);

  return g_strdup_printf ("SELECT rowid FROM \"%s_fts\" WHERE \"%s_fts\" MATCH :match",
                          entity->plural, entity->plural);
}

/* A parameter value waiting to be bound. */
typedef struct {
  gboolean is_int;
  gint64   int_value;
  char    *text;
} Param;

static void
param_clear (gpointer data)
{
  g_free (((Param *)data)->text);
}

static gboolean
lookup_column (const KtEntity  *entity,
               const char      *name,
               KtFieldType     *out_type,
               GError         **error)
{
  const KtField *field;

  if (g_strcmp0 (name, KT_META_DELETED) == 0)
    {
      *out_type = KT_FIELD_BOOL;
      return TRUE;
    }
  if (kt_field_is_meta (name) && g_strcmp0 (name, KT_META_CLOCKS) != 0)
    {
      *out_type = KT_FIELD_TEXT;
      return TRUE;
    }

  field = kt_entity_get_field (entity, name);
  if (field == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_UNKNOWN_FIELD,
                   _("The field “%s” does not exist in %s."),
                   name != NULL ? name : "", entity->name);
      *out_type = KT_FIELD_TEXT;
      return FALSE;
    }

  *out_type = field->type;
  return TRUE;
}

static gboolean
parse_filter_value (const char   *field,
                    KtFieldType   type,
                    const char   *value,
                    Param        *out,
                    GError      **error)
{
  if (type == KT_FIELD_BOOL)
    {
      out->is_int = TRUE;
      if (g_str_equal (value, "true") || g_str_equal (value, "1"))
        out->int_value = 1;
      else if (g_str_equal (value, "false") || g_str_equal (value, "0"))
        out->int_value = 0;
      else
        goto bad;
      return TRUE;
    }

  if (kt_store_field_is_integer (type))
    {
      char *end = NULL;

      out->is_int = TRUE;
      out->int_value = g_ascii_strtoll (value, &end, 10);
      if (value[0] == '\0' || end == NULL || *end != '\0')
        goto bad;
      return TRUE;
    }

  out->text = g_strdup (value);
  return TRUE;

bad:
  g_set_error (error, KT_ERROR, KT_ERROR_WRONG_TYPE,
               _("“%s” is not a valid value to filter the field “%s” by."),
               value, field);
  return FALSE;
}

/* Builds "FROM ... WHERE ..." for @query into @sql, with the values it
 * needs in @params (bound as ?1, ?2, ... in order). */
static gboolean
build_where (const KtQuery  *query,
             GString        *sql,
             GArray         *params,
             GError        **error)
{
  const KtEntity *entity = query->entity;
  g_autofree char *match = kt_store_search_match_expression (query->search);

  if (match != NULL && !kt_store_entity_has_fts (entity))
    {
      g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_FAILED,
                   _("Records of the kind “%s” cannot be searched."),
                   entity->name);
      return FALSE;
    }

  if (match != NULL)
    {
      Param p = { .text = g_steal_pointer (&match) };

      /* Driven from the index: the matches are looked up by rowid, then
       * filtered and sorted. CROSS JOIN keeps SQLite from walking a sort
       * index and probing the matches instead, which reads the whole
       * index when the matches sort late. */
      g_array_append_val (params, p);
      g_string_append_printf (sql,
                              " FROM \"%s_fts\" f CROSS JOIN \"%s\" t"
                              " ON t.kt_rowid = f.rowid"
                              " WHERE \"%s_fts\" MATCH ?%u",
                              entity->plural, entity->plural, entity->plural, params->len);
    }
  else
    g_string_append_printf (sql, " FROM \"%s\" t WHERE 1", entity->plural);

  if (!query->include_deleted)
    g_string_append (sql, " AND t.deleted = 0");

  for (guint i = 0; i < query->filters->len; i++)
    {
      const Filter *f = &g_array_index (query->filters, Filter, i);
      KtFieldType type;
      Param p = { 0 };

      if (!lookup_column (entity, f->field, &type, error))
        return FALSE;
      if (type == KT_FIELD_TAGS || type == KT_FIELD_JSON)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_WRONG_TYPE,
                       _("The field “%s” cannot be filtered by equality."),
                       f->field);
          return FALSE;
        }

      if (f->value == NULL)
        {
          g_string_append_printf (sql, " AND t.\"%s\" IS NULL", f->field);
          continue;
        }

      if (g_str_equal (f->op, "LIKE"))
        {
          GString *pattern = g_string_new ("%");

          if (kt_store_field_is_integer (type) || type == KT_FIELD_BOOL)
            {
              g_string_free (pattern, TRUE);
              g_set_error (error, KT_ERROR, KT_ERROR_WRONG_TYPE,
                           _("The field “%s” holds no text to look in."), f->field);
              return FALSE;
            }
          /* The value is text to find, not a pattern: its own % and _
           * match only themselves. */
          for (const char *c = f->value; *c != '\0'; c++)
            {
              if (*c == '%' || *c == '_' || *c == '\\')
                g_string_append_c (pattern, '\\');
              g_string_append_c (pattern, *c);
            }
          g_string_append_c (pattern, '%');
          p.text = g_string_free (pattern, FALSE);
          g_array_append_val (params, p);
          g_string_append_printf (sql, " AND t.\"%s\" LIKE ?%u ESCAPE '\\'", f->field, params->len);
          continue;
        }

      if (!parse_filter_value (f->field, type, f->value, &p, error))
        return FALSE;
      g_array_append_val (params, p);
      /* Text compares byte-wise (the column's own collation): dates and
       * times are ISO 8601, which sorts that way. */
      if (g_str_equal (f->op, "<>"))
        /* An unset field differs from every value. */
        g_string_append_printf (sql, " AND t.\"%s\" IS NOT ?%u", f->field, params->len);
      else
        g_string_append_printf (sql, " AND t.\"%s\" %s ?%u", f->field, f->op, params->len);
    }

  if (query->tag != NULL)
    {
      const KtField *tags = NULL;
      Param p = { .text = g_strdup (query->tag) };

      for (const KtField *f = entity->fields; f->name != NULL; f++)
        if (f->type == KT_FIELD_TAGS)
          {
            tags = f;
            break;
          }
      if (tags == NULL)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_UNKNOWN_FIELD,
                       _("Records of the kind “%s” have no tags."), entity->name);
          g_free (p.text);
          return FALSE;
        }

      g_array_append_val (params, p);
      g_string_append_printf (sql,
                              " AND EXISTS (SELECT 1 FROM json_each(t.\"%s\")"
                              " WHERE json_each.value = ?%u)",
                              tags->name, params->len);
    }

  return TRUE;
}

static gboolean
append_order (const KtQuery  *query,
              GString        *sql,
              GError        **error)
{
  const char *sort = query->sort;
  gboolean descending = query->descending;
  g_auto(GStrv) keys = NULL;
  KtFieldType type;

  if (sort == NULL)
    {
      sort = query->entity->default_sort;
      descending = FALSE;
      if (sort != NULL && sort[0] == '-')
        {
          sort++;
          descending = TRUE;
        }
    }
  if (sort == NULL || sort[0] == '\0')
    sort = KT_META_ID;

  keys = g_strsplit (sort, ",", -1);
  g_string_append (sql, " ORDER BY");
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (!lookup_column (query->entity, keys[i], &type, error))
        return FALSE;
      if (type == KT_FIELD_TAGS || type == KT_FIELD_JSON)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_WRONG_TYPE,
                       _("Records cannot be sorted by the field “%s”."), keys[i]);
          return FALSE;
        }

      /* The same expressions as the sort indexes, so SQLite walks an
       * index instead of sorting; later keys ("first_name,last_name")
       * only sort the rows the first key ties. */
      g_string_append_printf (sql, " t.\"%s\"%s%s,", keys[i],
                              kt_store_field_is_integer (type) ? "" : " COLLATE " KT_STORE_COLLATION,
                              descending ? " DESC" : "");
    }
  /* The id makes the order total. */
  g_string_append_printf (sql, " t.id%s", descending ? " DESC" : "");
  return TRUE;
}

static void
bind_params (sqlite3_stmt *stmt,
             GArray       *params)
{
  for (guint i = 0; i < params->len; i++)
    {
      const Param *p = &g_array_index (params, Param, i);

      if (p->is_int)
        sqlite3_bind_int64 (stmt, i + 1, p->int_value);
      else
        sqlite3_bind_text (stmt, i + 1, p->text, -1, SQLITE_TRANSIENT);
    }
}

static GArray *
new_params (void)
{
  GArray *params = g_array_new (FALSE, TRUE, sizeof (Param));

  g_array_set_clear_func (params, param_clear);
  return params;
}

static gboolean
search_only (const KtQuery *query)
{
  g_autofree char *match = NULL;

  if (query->include_deleted || query->filters->len > 0 || query->tag != NULL ||
      !kt_store_entity_has_fts (query->entity))
    return FALSE;

  match = kt_store_search_match_expression (query->search);
  return match != NULL;
}

/* Every live record, in some order: what a list shows before anyone
 * types. */
static gboolean
plain_list (const KtQuery *query)
{
  g_autofree char *match = NULL;

  if (query->include_deleted || query->filters->len > 0 || query->tag != NULL)
    return FALSE;

  match = kt_store_search_match_expression (query->search);
  return match == NULL;
}

/**
 * kt_store_query_prefetch:
 * @self: a #KtStore
 * @query: a list's query
 *
 * Tells the store that a view will page through @query at any position
 * (a scrolling list): for a plain list of many rows it reads the order
 * on a worker thread, so that a jump far down does not wait for it.
 * Does nothing for other queries.
 */
void
kt_store_query_prefetch (KtStore *self,
                         KtQuery *query)
{
  g_autoptr(GString) order = g_string_new (NULL);

  g_return_if_fail (KT_IS_STORE (self));
  g_return_if_fail (query != NULL);

  if (plain_list (query) && append_order (query, order, NULL))
    kt_store_order_prefetch (self, query->entity, order->str);
}

/**
 * kt_store_query:
 * @self: a #KtStore
 * @query: what to read
 * @offset: the first row
 * @limit: how many rows at most (0: no limit)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type KtRecord) (nullable): the records
 */
GPtrArray *
kt_store_query (KtStore   *self,
                KtQuery   *query,
                guint      offset,
                guint      limit,
                GError   **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GArray) params = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (search_only (query))
    {
      g_autofree char *match = kt_store_search_match_expression (query->search);
      g_autoptr(GString) order = g_string_new (NULL);
      KtSearchResult result;

      if (!append_order (query, order, error))
        return NULL;
      result = kt_store_search_read (self, query->entity, match, order->str,
                                     offset, limit, &records, error);
      if (result == KT_SEARCH_SERVED)
        return g_steal_pointer (&records);
      if (result == KT_SEARCH_FAILED)
        return NULL;
    }
  else if (plain_list (query))
    {
      g_autoptr(GString) order = g_string_new (NULL);
      KtSearchResult result;

      if (!append_order (query, order, error))
        return NULL;
      result = kt_store_order_read (self, query->entity, order->str,
                                    offset, limit, &records, error);
      if (result == KT_SEARCH_SERVED)
        return g_steal_pointer (&records);
      if (result == KT_SEARCH_FAILED)
        return NULL;
    }

  /* Two steps: the page's rowids are found first (from the sort index
   * or the search matches, carrying only the sort key through the
   * sorter), then only those rows are read in full. */
  sql = g_string_new ("SELECT ");
  g_string_append_printf (sql, "%s FROM \"%s\" t WHERE t.kt_rowid IN (SELECT t.kt_rowid",
                          kt_store_select_columns (query->entity), query->entity->plural);
  params = new_params ();
  if (!build_where (query, sql, params, error) ||
      !append_order (query, sql, error))
    return NULL;
  g_string_append_printf (sql, " LIMIT ?%u OFFSET ?%u)", params->len + 1, params->len + 2);
  if (!append_order (query, sql, error))
    return NULL;

  stmt = kt_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_params (stmt, params);
  sqlite3_bind_int64 (stmt, params->len + 1, limit > 0 ? (gint64)limit : -1);
  sqlite3_bind_int64 (stmt, params->len + 2, offset);

  records = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KtRecord *record = kt_store_record_from_row (query->entity, stmt, error);

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
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not read the records"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* The live rows of @entity from live_counts, which the table's triggers
 * keep (schema version 12): a list's length without a walk over its
 * index. NOT_SERVED when the store has no row for it. */
static KtSearchResult
live_count (KtStore         *self,
            const KtEntity  *entity,
            gint64          *out_count,
            GError         **error)
{
  sqlite3_stmt *stmt = kt_store_prepare (self, "SELECT live FROM live_counts WHERE entity = ?1", error);
  int rc;

  if (stmt == NULL)
    return KT_SEARCH_FAILED;

  sqlite3_bind_text (stmt, 1, entity->plural, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not count the records"));
      return KT_SEARCH_FAILED;
    }

  return rc == SQLITE_ROW ? KT_SEARCH_SERVED : KT_SEARCH_NOT_SERVED;
}

/**
 * kt_store_count:
 * @self: a #KtStore
 * @query: what to count
 * @error: return location for a #GError
 *
 * Returns: how many records @query matches, or -1 on error
 */
gint64
kt_store_count (KtStore   *self,
                KtQuery   *query,
                GError   **error)
{
  g_autoptr(GString) sql = NULL;
  g_autoptr(GArray) params = NULL;
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), -1);
  g_return_val_if_fail (query != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  params = new_params ();
  if (search_only (query))
    {
      /* Tombstones are not in the full-text index, so the index alone
       * answers a plain search's count. */
      g_autofree char *match = kt_store_search_match_expression (query->search);
      const char *plural = query->entity->plural;
      KtSearchResult result;
      Param p;

      result = kt_store_search_count (self, query->entity, match, &count, error);
      if (result == KT_SEARCH_SERVED)
        return count;
      if (result == KT_SEARCH_FAILED)
        return -1;

      p = (Param) { .text = g_steal_pointer (&match) };
      g_array_append_val (params, p);
      sql = g_string_new (NULL);
      g_string_append_printf (sql, "SELECT count(*) FROM \"%s_fts\" WHERE \"%s_fts\" MATCH ?1",
                              plural, plural);
    }
  else
    {
      if (plain_list (query))
        {
          g_autoptr(GString) order = g_string_new (NULL);
          KtSearchResult result = KT_SEARCH_NOT_SERVED;

          /* A count does not need the sort: one it cannot use only
           * means there is no order to ask. */
          if (append_order (query, order, NULL))
            result = kt_store_order_count (self, query->entity, order->str, &count, error);
          if (result == KT_SEARCH_NOT_SERVED)
            result = live_count (self, query->entity, &count, error);
          if (result == KT_SEARCH_SERVED)
            return count;
          if (result == KT_SEARCH_FAILED)
            return -1;
        }

      sql = g_string_new ("SELECT count(*)");
      if (!build_where (query, sql, params, error))
        return -1;
    }

  stmt = kt_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_params (stmt, params);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                               _("Could not count the records"));
  sqlite3_reset (stmt);

  return count;
}

/**
 * kt_store_position:
 * @self: a #KtStore
 * @query: the list's query, with its sort
 * @id: the record to find
 * @error: return location for a #GError
 *
 * Where the record @id is in the rows @query returns, so a list can
 * select and scroll to a record it did not read (a new contact among
 * 100,000). The rows are numbered by SQLite in the query's own order,
 * which never makes a KtRecord of them.
 *
 * Returns: the record's index, -1 when @query does not return it (with
 * no error set), or -2 on error
 */
gint64
kt_store_position (KtStore     *self,
                   KtQuery     *query,
                   const char  *id,
                   GError     **error)
{
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) order = NULL;
  g_autoptr(GArray) params = NULL;
  sqlite3_stmt *stmt;
  gint64 position = -1;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), -2);
  g_return_val_if_fail (query != NULL, -2);
  g_return_val_if_fail (id != NULL, -2);
  g_return_val_if_fail (error == NULL || *error == NULL, -2);

  order = g_string_new (NULL);
  if (!append_order (query, order, error))
    return -2;

  /* A plain list's order, once known, has every row's rank; SQL numbers
   * every row before the one asked for. */
  if (plain_list (query))
    {
      KtSearchResult result = kt_store_order_position (self, query->entity, order->str,
                                                       id, &position, error);

      if (result == KT_SEARCH_SERVED)
        return position;
      if (result == KT_SEARCH_FAILED)
        return -2;
    }

  params = new_params ();
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "SELECT kt_position FROM (SELECT t.id AS kt_id,"
                          " row_number() OVER (%s) - 1 AS kt_position",
                          order->str);
  if (!build_where (query, sql, params, error))
    return -2;
  g_string_append_printf (sql, ") WHERE kt_id = ?%u", params->len + 1);

  stmt = kt_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return -2;
  bind_params (stmt, params);
  sqlite3_bind_text (stmt, params->len + 1, id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not read the records"));
      position = -2;
    }
  sqlite3_reset (stmt);

  return position;
}
