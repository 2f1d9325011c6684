/* kt-pg-search.c: the stored search text of synced records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-search"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
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
