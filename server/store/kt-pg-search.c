/* kt-pg-search.c: the stored search text of synced records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-search"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-pg-sessions.h"
#include "kt-pg-search.h"

/* Rows per round trip of a refill: big enough to amortize the round
 * trips, small enough to keep the arrays in memory modest. */
#define REFILL_PAGE 2000

/* Bumped when kt_search_fold() changes what it makes, so stored texts are
 * folded again on the next start. */
#define SEARCH_FOLD_VERSION "2"

char *
kt_pg_search_text (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *latin = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  folded = kt_search_fold (text);
  latin = kt_search_latin (folded);
  if (latin == NULL)
    return g_steal_pointer (&folded);
  return g_strconcat (folded, KT_PG_SEARCH_LATIN_SEPARATOR, latin, NULL);
}

/* One element of a PostgreSQL array literal: quoted, with " and \
 * escaped. */
static void
append_array_element (GString    *array,
                      const char *text)
{
  if (array->len > 1)
    g_string_append_c (array, ',');
  g_string_append_c (array, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (array, '\\');
      g_string_append_c (array, *p);
    }
  g_string_append_c (array, '"');
}

/* Folds the texts of @res (id, unfolded text) and writes them back. */
static gboolean
write_folded (KtPg            *pg,
              const KtPgTable *table,
              const char      *relation,
              PGresult        *res,
              GError         **error)
{
  g_autoptr(GString) orgs = g_string_new ("{");
  g_autoptr(GString) ids = g_string_new ("{");
  g_autoptr(GString) texts = g_string_new ("{");
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  const char *params[3];

  if (PQntuples (res) == 0)
    return TRUE;

  for (int row = 0; row < PQntuples (res); row++)
    {
      const char *text = PQgetisnull (res, row, 2) ? "" : PQgetvalue (res, row, 2);
      g_autofree char *stored = kt_pg_search_text (text);

      append_array_element (orgs, PQgetvalue (res, row, 0));
      append_array_element (ids, PQgetvalue (res, row, 1));
      append_array_element (texts, stored);
    }
  g_string_append_c (orgs, '}');
  g_string_append_c (ids, '}');
  g_string_append_c (texts, '}');

  sql = g_strdup_printf ("UPDATE %s t SET kt_search = u.s "
                         "FROM unnest ($1::uuid[], $2::uuid[], $3::text[]) AS u (o, id, s) "
                         "WHERE t.org_id = u.o AND t.id = u.id AND t.kt_search IS DISTINCT FROM u.s",
                         relation != NULL ? relation : table->name);
  /* Prepared for the live table only: a staging table is used once. */
  if (relation == NULL)
    name = g_strdup_printf ("search_write_%s", table->entity->name);
  params[0] = orgs->str;
  params[1] = ids->str;
  params[2] = texts->str;
  {
    g_autoptr(PGresult) done = kt_pg_exec (pg, name, sql, 3, params, error);

    return done != NULL;
  }
}

gboolean
kt_pg_search_update (KtPg            *pg,
                     const KtPgTable *table,
                     const char      *org_id,
                     const KtField   *ref_field,
                     const char      *value,
                     GError         **error)
{
  g_autofree char *column = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, value };

  g_return_val_if_fail (pg != NULL && table != NULL, FALSE);

  if (table->search_expr == NULL)
    return TRUE;

  column = ref_field != NULL ? g_strdup_printf ("t.\"%s\"", ref_field->name) : g_strdup ("t.id");
  sql = g_strdup_printf ("SELECT t.org_id, t.id, %s FROM %s t "
                         "WHERE t.org_id = $1::uuid AND %s = $2::uuid",
                         table->search_expr, table->name, column);
  name = g_strdup_printf ("search_read_%s_%s", table->entity->name,
                          ref_field != NULL ? ref_field->name : "id");
  res = kt_pg_exec (pg, name, sql, 2, params, error);
  if (res == NULL)
    return FALSE;
  return write_folded (pg, table, NULL, res, error);
}

gboolean
kt_pg_search_refill_table (KtPg            *pg,
                           const KtPgTable *table,
                           const char      *relation,
                           const char      *org_id,
                           GError         **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *after_org = g_strdup ("00000000-0000-0000-0000-000000000000");
  g_autofree char *after_id = g_strdup ("00000000-0000-0000-0000-000000000000");
  g_autofree char *limit = g_strdup_printf ("%d", REFILL_PAGE);

  if (table->search_expr == NULL)
    return TRUE;

  /* Keyset pages over the primary key: each page is one index range. */
  sql = g_strdup_printf ("SELECT t.org_id, t.id, %s FROM %s t "
                         "WHERE ($1::uuid IS NULL OR t.org_id = $1::uuid) "
                         "AND (t.org_id, t.id) > ($2::uuid, $3::uuid) "
                         "ORDER BY t.org_id, t.id LIMIT $4::integer",
                         table->search_expr, relation != NULL ? relation : table->name);
  for (;;)
    {
      g_autoptr(PGresult) res = NULL;
      const char *params[] = { org_id, after_org, after_id, limit };
      int n;

      res = kt_pg_exec (pg, NULL, sql, 4, params, error);
      if (res == NULL || !write_folded (pg, table, relation, res, error))
        return FALSE;
      n = PQntuples (res);
      if (n < REFILL_PAGE)
        return TRUE;
      g_free (after_org);
      g_free (after_id);
      after_org = g_strdup (PQgetvalue (res, n - 1, 0));
      after_id = g_strdup (PQgetvalue (res, n - 1, 1));
    }
}

gboolean
kt_pg_search_refill (KtPg        *pg,
                     const char  *org_id,
                     GError     **error)
{
  GPtrArray *tables = kt_pg_schema_tables ();

  g_return_val_if_fail (pg != NULL, FALSE);

  for (guint i = 0; i < tables->len; i++)
    if (!kt_pg_search_refill_table (pg, g_ptr_array_index (tables, i), NULL, org_id, error))
      return FALSE;
  return TRUE;
}

gboolean
kt_pg_search_migrate (KtPg     *pg,
                      GError  **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { SEARCH_FOLD_VERSION };

  /* A marker of its own rather than a numbered migration: the fold needs
   * C code and the entity tables, which exist only after the numbered
   * steps. */
  if (!kt_pg_run (pg, "CREATE TABLE IF NOT EXISTS search_fold ("
                      " version integer NOT NULL,"
                      " applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL, error))
    return FALSE;
  res = kt_pg_exec (pg, NULL, "SELECT 1 FROM search_fold WHERE version >= $1::integer",
                    1, params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    return TRUE;

  if (!kt_pg_search_refill (pg, NULL, error) ||
      !kt_pg_run (pg, "INSERT INTO search_fold (version) VALUES ($1::integer)", 1, params, error))
    return FALSE;
  g_message ("folded the search text of every record (version %s)", SEARCH_FOLD_VERSION);
  return TRUE;
}

/* The walk (docs/performance.md, "Search on a covering walk"): the texts
 * of at most this many bytes are copied into kt_search_short, which the
 * walk index carries; a longer text leaves it NULL and its record is
 * checked against kt_search itself. Small enough that an index entry
 * (the sort value, which the text holds when it is searchable, the id
 * and this) stays far below B-tree's 2.7 kB, big enough for nearly every
 * record. */
#define SEARCH_SHORT_MAX 400

/* How many rows of the sort order a search walks per match it wants
 * before it asks the trigram index instead: a text in at least one record
 * in 40 is found by the walk. */
#define SEARCH_WALK_FACTOR 40

const char *
kt_pg_search_walk_column (const KtPgTable *table)
{
  const char *sort;
  const KtField *field;

  g_return_val_if_fail (table != NULL, NULL);

  if (table->search_expr == NULL || table->entity->default_sort == NULL)
    return NULL;
  sort = table->entity->default_sort;
  if (*sort == '-')
    sort++;
  if (g_str_equal (sort, KT_META_CREATED) || g_str_equal (sort, KT_META_UPDATED))
    return sort;
  field = kt_entity_get_field (table->entity, sort);
  if (field == NULL || (field->flags & KT_FIELD_SECRET) ||
      field->type == KT_FIELD_TAGS || field->type == KT_FIELD_JSON)
    return NULL;
  return field->name;
}

void
kt_pg_search_ddl (const KtPgTable *table,
                  GPtrArray       *ddl)
{
  const char *column = kt_pg_search_walk_column (table);
  const char *plural = table->entity->plural;

  if (column == NULL)
    return;
  /* Kept by a trigger, so the write path (and whatever else writes
   * kt_search, such as the demo seed's INSERT … SELECT *) keeps it in
   * step without knowing of it. Not a generated column: those refuse
   * the seed's copy of a table made with LIKE. */
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE OR REPLACE FUNCTION kt_search_short_fill () RETURNS trigger "
                                         "LANGUAGE plpgsql AS $$ BEGIN "
                                         "NEW.kt_search_short := CASE WHEN octet_length (NEW.kt_search) <= %d "
                                         "THEN NEW.kt_search END; RETURN NEW; END $$",
                                         SEARCH_SHORT_MAX));
  g_ptr_array_add (ddl, g_strdup_printf ("ALTER TABLE %s ADD COLUMN IF NOT EXISTS kt_search_short text",
                                         table->name));
  /* Only an update that writes kt_search runs it: the others (the
   * overdue job's status change of every late invoice, the write path's
   * upsert and its kt_json) leave the column, and so its short copy, as
   * it was, and a PL/pgSQL call per row is not free. */
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE OR REPLACE TRIGGER kt_search_short "
                                         "BEFORE INSERT OR UPDATE OF kt_search ON %s "
                                         "FOR EACH ROW EXECUTE FUNCTION kt_search_short_fill ()",
                                         table->name));
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE INDEX IF NOT EXISTS \"%s_search_walk_idx\" ON %s "
                                         "(org_id, \"%s\", id) INCLUDE (kt_search_short) WHERE NOT deleted",
                                         plural, table->name, column));
}

gboolean
kt_pg_search_fill_walks (KtPg      *pg,
                         GPtrArray *tables,
                         GError   **error)
{
  g_return_val_if_fail (pg != NULL && tables != NULL, FALSE);

  for (guint i = 0; i < tables->len; i++)
    {
      const KtPgTable *table = g_ptr_array_index (tables, i);
      /* A rewrite of the table with the column computed, which also
       * builds every index afresh. An UPDATE of every row instead (the
       * trigger computing it) left the table and the trigram index twice
       * their size on 100,000 contacts, and a rare word's trigram search
       * six times slower (2 → 12 ms), until a VACUUM FULL. */
      g_autofree char *sql = g_strdup_printf ("ALTER TABLE %s ALTER COLUMN kt_search_short TYPE text "
                                              "USING CASE WHEN octet_length (kt_search) <= %d "
                                              "THEN kt_search END",
                                              table->name, SEARCH_SHORT_MAX);

      if (!kt_pg_run (pg, sql, 0, NULL, error))
        return FALSE;
    }
  return TRUE;
}

char *
kt_pg_search_match_sql (const KtPgTable *table,
                        const char      *org_expr,
                        guint            pattern_param,
                        guint            latin_param)
{
  g_autoptr(GString) own = g_string_new (NULL);
  g_autoptr(GString) side = NULL;

  g_return_val_if_fail (table != NULL && org_expr != NULL, NULL);

  g_string_append_printf (own, "t.kt_search LIKE $%u", pattern_param);
  /* Implied by the first (the stored text holds the Latin spelling of
   * its Cyrillic letters), but it gives pg_trgm letters to index where a
   * C ctype hides the Cyrillic ones. */
  if (latin_param != 0)
    g_string_append_printf (own, " AND t.kt_search LIKE $%u", latin_param);
  if (table->search_table == NULL)
    return g_string_free (g_steal_pointer (&own), FALSE);

  /* Both: the row's own copy lets a plan that walks the sort order
   * filter the rows it reads without a look-up in the side table (a
   * common text: measured 1.7 ms for a page against 6.6 ms with the side
   * table alone), the side table's gives its trigram index to a plan that
   * starts from the matches (a rare one). */
  side = g_string_new (own->str);
  g_string_replace (side, "t.kt_search", "s.kt_search", 0);
  return g_strdup_printf ("%s AND t.id IN (SELECT s.id FROM %s s WHERE s.org_id = %s AND %s)",
                          own->str, table->search_table, org_expr, side->str);
}

char *
kt_pg_search_walk_sql (const KtPgTable *table,
                       const char      *sort,
                       gboolean         descending,
                       const char      *pattern,
                       const char      *latin_pattern,
                       guint            per_page,
                       guint            page,
                       GPtrArray       *params)
{
  const char *dir = descending ? " DESC" : "";
  guint64 offset = (guint64) (page - 1) * per_page;
  guint64 needed = offset + per_page + 1;
  g_autofree char *match = NULL;
  guint pattern_param, latin_param = 0, limit_param, offset_param, needed_param, walk_param;

  g_return_val_if_fail (table != NULL && sort != NULL && pattern != NULL, NULL);
  g_return_val_if_fail (params != NULL && params->len == 1, NULL);

  g_ptr_array_add (params, g_strdup (pattern));
  pattern_param = params->len;
  if (latin_pattern != NULL)
    {
      g_ptr_array_add (params, g_strdup (latin_pattern));
      latin_param = params->len;
    }
  match = kt_pg_search_match_sql (table, "a.org_id", pattern_param, latin_param);
  /* One row more than asked tells whether another page follows. */
  g_ptr_array_add (params, g_strdup_printf ("%u", per_page + 1));
  limit_param = params->len;
  g_ptr_array_add (params, g_strdup_printf ("%" G_GUINT64_FORMAT, offset));
  offset_param = params->len;
  g_ptr_array_add (params, g_strdup_printf ("%" G_GUINT64_FORMAT, needed));
  needed_param = params->len;
  g_ptr_array_add (params, g_strdup_printf ("%" G_GUINT64_FORMAT, needed * SEARCH_WALK_FACTOR));
  walk_param = params->len;

  /* One generic plan for every text (planning a search per text cost
   * about as much as running it). w walks the sort order in the walk
   * index alone (an index-only scan: no row is read for the rows that do
   * not match), at most SEARCH_WALK_FACTOR rows per row wanted, and reads
   * the rows of its candidates by primary key, which also checks the
   * long texts the index does not carry (kt_search_short IS NULL). The
   * OFFSET 0 keeps that read a lookup per candidate, and taking the
   * organization from a subquery rather than joining the session keeps
   * the walk outermost, so that it stops at the last row wanted instead
   * of walking its whole limit and sorting. When the walk finds
   * too few (a rare text), the second branch, gated by a one-time
   * filter, takes every match from the trigram index and sorts them.
   * Both list the first matches in (sort, id) order, so the page is the
   * same whichever answers. The page is not sorted again outside: the
   * lateral subquery is the inner side of a nested loop over the one
   * session row and emits its rows in their order (as a list's does,
   * kt-pg-records.c), and the session comes first as a row of its own
   * (KT_PG_SESSION_ROW_SQL). */
  return g_strdup_printf ("WITH a AS MATERIALIZED (" KT_PG_SESSION_SQL ("$1") "), "
                          "w AS (SELECT k.kt_json, c.kt_sort, c.kt_id FROM ("
                          "SELECT x.\"%s\" AS kt_sort, x.id AS kt_id, x.org_id AS kt_org, x.kt_search_short "
                          "FROM %s x WHERE x.org_id = (SELECT a.org_id FROM a WHERE a.role IS NOT NULL) "
                          "AND NOT x.deleted "
                          "ORDER BY x.\"%s\"%s, x.id%s LIMIT $%u::bigint) c, LATERAL ("
                          "SELECT t.kt_json FROM %s t WHERE t.org_id = c.kt_org AND t.id = c.kt_id "
                          "AND t.kt_search LIKE $%u OFFSET 0) k "
                          "WHERE (c.kt_search_short LIKE $%u OR c.kt_search_short IS NULL) "
                          "ORDER BY c.kt_sort%s, c.kt_id%s LIMIT $%u::bigint) "
                          KT_PG_SESSION_ROW_SQL
                          "SELECT NULL, NULL, NULL, l.kt_json FROM a CROSS JOIN LATERAL ("
                          "SELECT w.kt_json, w.kt_sort, w.kt_id FROM w "
                          "WHERE (SELECT count(*) FROM w) >= $%u::bigint "
                          "UNION ALL (SELECT f.kt_json, f.kt_sort, f.kt_id FROM ("
                          "SELECT t.kt_json, t.\"%s\" AS kt_sort, t.id AS kt_id FROM %s t "
                          "WHERE t.org_id = a.org_id AND NOT t.deleted AND %s"
                          " AND (SELECT count(*) FROM w) < $%u::bigint OFFSET 0) f"
                          " ORDER BY f.kt_sort%s, f.kt_id%s LIMIT $%u::bigint)"
                          " ORDER BY 2%s, 3%s LIMIT $%u::integer OFFSET $%u::bigint"
                          ") l WHERE a.role IS NOT NULL",
                          sort, table->name,
                          sort, dir, dir, walk_param,
                          table->name, pattern_param,
                          pattern_param,
                          dir, dir, needed_param,
                          needed_param,
                          sort, table->name, match,
                          needed_param, dir, dir, needed_param,
                          dir, dir, limit_param, offset_param);
}

GPtrArray *
kt_pg_search_walks_missing (KtPg    *pg,
                            GError **error)
{
  GPtrArray *tables = kt_pg_schema_tables ();
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  for (guint i = 0; i < tables->len; i++)
    {
      const KtPgTable *table = g_ptr_array_index (tables, i);
      const char *params[] = { table->entity->plural };
      g_autoptr(PGresult) res = NULL;

      if (kt_pg_search_walk_column (table) == NULL)
        continue;
      res = kt_pg_exec (pg, NULL, "SELECT 1 FROM pg_class c WHERE c.relname = $1 AND c.relkind = 'r' "
                                  "AND c.relnamespace = 'public'::regnamespace AND NOT EXISTS ("
                                  "SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid "
                                  "AND a.attname = 'kt_search_short' AND NOT a.attisdropped)",
                        1, params, error);
      if (res == NULL)
        return NULL;
      if (PQntuples (res) > 0)
        g_ptr_array_add (missing, (gpointer) table);
    }
  return g_steal_pointer (&missing);
}

void
kt_pg_search_vacuum (KtPg      *pg,
                     GPtrArray *tables)
{
  g_return_if_fail (pg != NULL && tables != NULL);

  /* Filling kt_search_short (or a migration) rewrote these tables,
   * which leaves their visibility maps empty: until a vacuum the walk's index-only scan
   * reads every row it passes, the cost it exists to avoid, and nothing
   * makes autovacuum visit a table that is only read. VACUUM cannot run
   * in the migration's transaction, hence after it. */
  for (guint i = 0; i < tables->len; i++)
    {
      const KtPgTable *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = g_strdup_printf ("VACUUM (ANALYZE) %s", table->name);
      g_autoptr(GError) error = NULL;

      if (!kt_pg_run (pg, sql, 0, NULL, &error))
        g_warning ("Could not vacuum %s after rewriting its rows: %s",
                   table->entity->plural, error->message);
    }
}
