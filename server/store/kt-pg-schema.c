/* kt-pg-schema.c: the PostgreSQL layout of the synced entities
 *
 * Identifiers in the SQL built here come from the compiled-in entity
 * registry, never from requests; values always travel as parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-schema"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-pg-schema.h"
#include "kt-pg-search.h"

static GPtrArray  *tables;      /* of KtPgTable, registry order */
static GHashTable *by_plural;   /* plural and name -> KtPgTable */

const char *
kt_pg_column_type (KtFieldType type)
{
  switch (type)
    {
    case KT_FIELD_INT:
    case KT_FIELD_MONEY:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      return "bigint";
    case KT_FIELD_BOOL:
      return "boolean";
    case KT_FIELD_REF:
      return "uuid";
    case KT_FIELD_TAGS:
    case KT_FIELD_JSON:
      return "jsonb";
    case KT_FIELD_TEXT:
    case KT_FIELD_EMAIL:
    case KT_FIELD_PHONE:
    case KT_FIELD_URL:
    case KT_FIELD_CURRENCY:
    case KT_FIELD_DATE:       /* canonical ISO text sorts like the date */
    case KT_FIELD_DATETIME:
    case KT_FIELD_ENUM:
    default:
      return "text";
    }
}

gboolean
kt_pg_field_filterable (const KtField *field)
{
  if (field->flags & KT_FIELD_SECRET)
    return FALSE;
  return field->type == KT_FIELD_ENUM || field->type == KT_FIELD_REF ||
         field->type == KT_FIELD_BOOL || field->type == KT_FIELD_CURRENCY ||
         (field->flags & (KT_FIELD_INDEXED | KT_FIELD_SORTABLE)) != 0;
}

static char *
quote_ident (const char *name)
{
  /* Registry names are lower-case identifiers; quoting keeps words like
   * "position" or "type" from clashing with SQL keywords. */
  return g_strdup_printf ("\"%s\"", name);
}

static char *
build_title_expr (const KtEntity *entity)
{
  g_autoptr(GString) expr = g_string_new ("concat_ws(' '");
  g_auto(GStrv) parts = NULL;

  if (entity->title_fields == NULL || !*entity->title_fields)
    return NULL;

  parts = g_strsplit (entity->title_fields, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const KtField *field = kt_entity_get_field (entity, g_strstrip (parts[i]));

      if (field == NULL || (field->flags & KT_FIELD_SECRET))
        continue;
      g_string_append_printf (expr, ", r.\"%s\"", field->name);
    }
  g_string_append (expr, ")");
  return g_string_free (g_steal_pointer (&expr), FALSE);
}

static KtPgTable *
table_new (const KtEntity *entity)
{
  KtPgTable *table = g_new0 (KtPgTable, 1);
  /* What REST answers with: org_id (the token's organization), hlc and
   * deleted (sync's, and always false in an answer) come only with
   * ?include=clocks (kt-pg-records.c; docs/api.md, "Lean answers"). */
  g_autoptr(GString) out = g_string_new ("t.id, t.owner_id, t.created_at, t.updated_at");
  g_autoptr(GString) rec = g_string_new ("t.id, t.org_id, t.owner_id, t.created_at, t.updated_at, t.hlc, t.deleted, t.clocks");
  g_autoptr(GString) cols = g_string_new ("org_id, id, owner_id, created_at, updated_at, hlc, deleted, clocks");
  g_autoptr(GString) vals = g_string_new ("$1, $2, $3, $4, $5, $6, $7, $8");
  /* created_at merges like a field (docs/sync.md): the row takes the
   * merged record's. */
  g_autoptr(GString) sets = g_string_new ("owner_id = EXCLUDED.owner_id, created_at = EXCLUDED.created_at, "
                                          "updated_at = EXCLUDED.updated_at, "
                                          "hlc = EXCLUDED.hlc, deleted = EXCLUDED.deleted, clocks = EXCLUDED.clocks");
  guint n = 8;

  table->entity = entity;
  table->name = quote_ident (entity->plural);
  table->dependents = g_ptr_array_new_with_free_func (g_free);

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    {
      n++;
      if (!(f->flags & KT_FIELD_SECRET))
        g_string_append_printf (out, ", t.\"%s\"", f->name);
      g_string_append_printf (rec, ", t.\"%s\"", f->name);
      g_string_append_printf (cols, ", \"%s\"", f->name);
      g_string_append_printf (vals, ", $%u::%s", n, kt_pg_column_type (f->type));
      g_string_append_printf (sets, ", \"%s\" = EXCLUDED.\"%s\"", f->name, f->name);
      if (g_str_equal (f->name, "assignee_id") && f->type == KT_FIELD_REF)
        table->has_assignee = TRUE;
    }

  table->output_columns = g_string_free (g_steal_pointer (&out), FALSE);
  /* Unset fields are left out, as the shared JSON codec does; a field
   * added to the registry later is NULL in old rows, so their stored JSON
   * stays right without a rewrite. */
  table->json_expr = g_strdup_printf ("(SELECT json_strip_nulls(row_to_json(x))::text FROM (SELECT %s) x)",
                                      table->output_columns);
  table->record_columns = g_string_free (g_steal_pointer (&rec), FALSE);
  table->upsert_sql = g_strdup_printf ("INSERT INTO %s AS t (%s) VALUES (%s) "
                                       "ON CONFLICT (org_id, id) DO UPDATE SET %s",
                                       table->name, cols->str, vals->str, sets->str);
  table->title_expr = build_title_expr (entity);
  /* The overdue job marks invoices by the thousand; offers expire in the
   * same statement, but a few at a time. */
  table->marked_in_bulk = entity == KT_ENTITY_INVOICE;
  return table;
}

/* The search text: the entity's searchable fields plus the titles of the
 * records it refers to (a contact is found by its company's name), as
 * written. kt-pg-search.c folds it in C (kt_search_fold()) before it is
 * stored: PostgreSQL's lower() depends on the cluster's locale and leaves
 * Cyrillic alone under --no-locale. */
static void
build_search_expr (KtPgTable *table)
{
  g_autoptr(GString) expr = g_string_new ("concat_ws(' '");
  gboolean any = FALSE;

  for (const KtField *f = table->entity->fields; f->name != NULL; f++)
    {
      if ((f->flags & KT_FIELD_SEARCHABLE) && !(f->flags & KT_FIELD_SECRET))
        {
          if (f->type == KT_FIELD_TAGS || f->type == KT_FIELD_JSON)
            g_string_append_printf (expr, ", t.\"%s\"::text", f->name);
          else
            g_string_append_printf (expr, ", t.\"%s\"", f->name);
          any = TRUE;
        }
    }

  for (const KtField *f = table->entity->fields; f->name != NULL; f++)
    {
      KtPgTable *ref;
      KtPgDependent *dep;

      if (f->type != KT_FIELD_REF || f->ref_entity == NULL ||
          g_strcmp0 (f->ref_entity, "company") != 0)
        continue;
      ref = g_hash_table_lookup (by_plural, f->ref_entity);
      if (ref == NULL || ref->title_expr == NULL)
        continue;
      g_string_append_printf (expr, ", (SELECT %s FROM %s r WHERE r.org_id = t.org_id AND r.id = t.\"%s\")",
                              ref->title_expr, ref->name, f->name);
      dep = g_new0 (KtPgDependent, 1);
      dep->table = table;
      dep->ref_field = f;
      g_ptr_array_add (ref->dependents, dep);
      any = TRUE;
    }

  g_string_append (expr, ")");
  if (!any)
    return;
  table->search_expr = g_string_free (g_steal_pointer (&expr), FALSE);
  if (table->marked_in_bulk)
    table->search_table = g_strdup_printf ("\"%s_search\"", table->entity->plural);
}

void
kt_pg_schema_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const KtEntity * const *all = kt_entity_all ();

      tables = g_ptr_array_new ();
      by_plural = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; all[i] != NULL; i++)
        {
          KtPgTable *table;

          if (!(all[i]->flags & KT_ENTITY_SYNCED))
            continue;
          table = table_new (all[i]);
          g_ptr_array_add (tables, table);
          g_hash_table_insert (by_plural, (gpointer) all[i]->plural, table);
          g_hash_table_insert (by_plural, (gpointer) all[i]->name, table);
        }
      for (guint i = 0; i < tables->len; i++)
        build_search_expr (g_ptr_array_index (tables, i));

      g_once_init_leave (&initialized, 1);
    }
}

const KtPgTable *
kt_pg_schema_lookup (const char *plural)
{
  g_return_val_if_fail (plural != NULL, NULL);
  kt_pg_schema_init ();
  return g_hash_table_lookup (by_plural, plural);
}

const KtPgTable *
kt_pg_schema_lookup_entity (const KtEntity *entity)
{
  g_return_val_if_fail (entity != NULL, NULL);
  return kt_pg_schema_lookup (entity->name);
}

GPtrArray *
kt_pg_schema_tables (void)
{
  kt_pg_schema_init ();
  return tables;
}

static void
add_index (GPtrArray  *ddl,
           const char *plural,
           const char *suffix,
           const char *columns)
{
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE INDEX IF NOT EXISTS \"%s_%s_idx\" ON \"%s\" (%s)",
                                         plural, suffix, plural, columns));
}

static void
drop_index (GPtrArray  *ddl,
            const char *plural,
            const char *suffix)
{
  g_ptr_array_add (ddl, g_strdup_printf ("DROP INDEX IF EXISTS \"%s_%s_idx\"", plural, suffix));
}

/* The index of one field. Each index costs every write that is not a HOT
 * update (the overdue job's status change on 20,000 invoices is one such
 * write per row, docs/performance.md), so a field gets the least index
 * that still answers its queries:
 *
 *  - none when the search walk (kt-pg-search.c) is an index on the same
 *    column: every list has NOT deleted, the walk's predicate, so it
 *    serves the sort and the filters as well;
 *  - none for an enum that lists only filter by (status, kind) in a table
 *    marked in bulk (invoices): the lists' generic plan walks the search
 *    walk and filters, with or without an index (docs/performance.md),
 *    and each index cost the overdue job an entry per marked row;
 *  - a partial index of the rows where the field is set ("_set_idx") when
 *    lists may only filter by it, never sort (references, and indexed
 *    fields that are neither sortable nor required): a filter is an
 *    equality, which an empty field never meets, and empty references
 *    (a template, a credited invoice, a repeat) are the common case;
 *  - (org_id, field, id) otherwise; the id breaks ties so pages are
 *    stable;
 *  - for a reference, the column of the default order goes before the
 *    id (below).
 *
 * An index of an older server under another name is dropped, so the
 * change reaches existing databases on their next start. */
/* The column of the entity's default order, or NULL. */
static const char *
default_sort_column (const KtEntity *entity)
{
  const char *sort = entity->default_sort;
  const KtField *field;

  if (sort == NULL)
    return NULL;
  if (*sort == '-')
    sort++;
  if (g_str_equal (sort, KT_META_CREATED) || g_str_equal (sort, KT_META_UPDATED))
    return sort;
  field = kt_entity_get_field (entity, sort);
  if (field == NULL || (field->flags & KT_FIELD_SECRET) ||
      field->type == KT_FIELD_TAGS || field->type == KT_FIELD_JSON)
    return NULL;
  return field->name;
}

static void
add_field_index (GPtrArray       *ddl,
                 const KtPgTable *table,
                 const KtField   *field)
{
  const char *plural = table->entity->plural;
  const char *sort = default_sort_column (table->entity);
  g_autofree char *cols = NULL;
  g_autofree char *name = NULL;
  g_autofree char *set_name = NULL;
  g_autofree char *set_suffix = g_strdup_printf ("%s_set", field->name);
  g_autofree char *sorted_suffix = g_strdup_printf ("%s_sorted", field->name);
  g_autofree char *set_sorted_suffix = g_strdup_printf ("%s_set_sorted", field->name);

  if (g_strcmp0 (kt_pg_search_walk_column (table), field->name) == 0 ||
      (table->marked_in_bulk && field->type == KT_FIELD_ENUM && !(field->flags & KT_FIELD_SORTABLE)))
    {
      drop_index (ddl, plural, field->name);
      drop_index (ddl, plural, set_suffix);
      return;
    }
  /* A reference is what a list of the records under a parent filters by
   * (a pipeline's deals, an invoice's lines, a company's contacts), in
   * the default order: with that order's column before the id its first
   * page is one ordered range of the index. With (org_id, ref, id) a
   * generic plan either sorted every record of the parent per page or
   * walked the whole organization's order filtering by the parent. An
   * equality on the reference alone uses the index as well. */
  if (field->type == KT_FIELD_REF && sort != NULL && !g_str_equal (sort, field->name))
    {
      cols = g_strdup_printf ("org_id, \"%s\", \"%s\", id", field->name, sort);
      name = g_strdup (sorted_suffix);
      set_name = g_strdup (set_sorted_suffix);
      drop_index (ddl, plural, field->name);
      drop_index (ddl, plural, set_suffix);
    }
  else
    {
      cols = g_strdup_printf ("org_id, \"%s\", id", field->name);
      name = g_strdup (field->name);
      set_name = g_strdup (set_suffix);
      drop_index (ddl, plural, sorted_suffix);
      drop_index (ddl, plural, set_sorted_suffix);
    }
  if (!(field->flags & (KT_FIELD_SORTABLE | KT_FIELD_REQUIRED)))
    {
      g_ptr_array_add (ddl, g_strdup_printf ("CREATE INDEX IF NOT EXISTS \"%s_%s_idx\" ON \"%s\" (%s) "
                                             "WHERE \"%s\" IS NOT NULL",
                                             plural, set_name, plural, cols, field->name));
      drop_index (ddl, plural, name);
      return;
    }
  add_index (ddl, plural, name, cols);
  drop_index (ddl, plural, set_name);
}

/* The side table of a table marked in bulk (migration 14 makes the
 * invoices' and fills it): a copy of each row's kt_search under its own
 * trigram index. Triggers keep it, so every writer of kt_search (the
 * write path, the fold of kt-pg-search.c, the demo seed's copies) keeps it
 * too without knowing of it; an update that does not write kt_search,
 * such as the overdue job's, runs none of them and writes no trigram. The
 * inserts and deletes are statement triggers, one statement for a bulk
 * copy; an update is a row trigger, since a statement trigger with a
 * transition table cannot name its columns and would copy every row the
 * overdue job marks. */
static void
search_table_ddl (GPtrArray       *ddl,
                  const KtPgTable *table)
{
  const char *name = table->entity->name;

  g_ptr_array_add (ddl, g_strdup_printf ("DROP INDEX IF EXISTS \"%s_search_idx\"", table->entity->plural));
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE OR REPLACE FUNCTION kt_%s_search_insert () RETURNS trigger "
                                         "LANGUAGE plpgsql AS $$ BEGIN "
                                         "INSERT INTO %s (org_id, id, kt_search) "
                                         "SELECT n.org_id, n.id, n.kt_search FROM kt_new n "
                                         "ON CONFLICT (org_id, id) DO UPDATE SET kt_search = EXCLUDED.kt_search; "
                                         "RETURN NULL; END $$",
                                         name, table->search_table));
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE OR REPLACE FUNCTION kt_%s_search_update () RETURNS trigger "
                                         "LANGUAGE plpgsql AS $$ BEGIN "
                                         "INSERT INTO %s (org_id, id, kt_search) VALUES (NEW.org_id, NEW.id, NEW.kt_search) "
                                         "ON CONFLICT (org_id, id) DO UPDATE SET kt_search = EXCLUDED.kt_search; "
                                         "RETURN NULL; END $$",
                                         name, table->search_table));
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE OR REPLACE FUNCTION kt_%s_search_delete () RETURNS trigger "
                                         "LANGUAGE plpgsql AS $$ BEGIN "
                                         "DELETE FROM %s s USING kt_old o WHERE s.org_id = o.org_id AND s.id = o.id; "
                                         "RETURN NULL; END $$",
                                         name, table->search_table));
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE OR REPLACE TRIGGER kt_search_side_insert AFTER INSERT ON %s "
                                         "REFERENCING NEW TABLE AS kt_new FOR EACH STATEMENT "
                                         "EXECUTE FUNCTION kt_%s_search_insert ()",
                                         table->name, name));
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE OR REPLACE TRIGGER kt_search_side_update AFTER UPDATE OF kt_search ON %s "
                                         "FOR EACH ROW WHEN (OLD.kt_search IS DISTINCT FROM NEW.kt_search) "
                                         "EXECUTE FUNCTION kt_%s_search_update ()",
                                         table->name, name));
  g_ptr_array_add (ddl, g_strdup_printf ("CREATE OR REPLACE TRIGGER kt_search_side_delete AFTER DELETE ON %s "
                                         "REFERENCING OLD TABLE AS kt_old FOR EACH STATEMENT "
                                         "EXECUTE FUNCTION kt_%s_search_delete ()",
                                         table->name, name));
}

GPtrArray *
kt_pg_schema_ddl (void)
{
  GPtrArray *ddl = g_ptr_array_new_with_free_func (g_free);

  kt_pg_schema_init ();

  for (guint i = 0; i < tables->len; i++)
    {
      const KtPgTable *table = g_ptr_array_index (tables, i);
      const char *plural = table->entity->plural;

      g_ptr_array_add (ddl, g_strdup_printf (
        "CREATE TABLE IF NOT EXISTS %s ("
        " org_id uuid NOT NULL,"
        " id uuid NOT NULL,"
        " owner_id uuid,"
        " created_at text NOT NULL,"
        " updated_at text NOT NULL,"
        " hlc text NOT NULL,"
        " deleted boolean NOT NULL DEFAULT false,"
        " clocks jsonb NOT NULL DEFAULT '{}',"
        " kt_search text NOT NULL DEFAULT '',"
        " kt_json text,"
        " PRIMARY KEY (org_id, id))", table->name));

      /* New fields in the registry become new columns on the next start. */
      for (const KtField *f = table->entity->fields; f->name != NULL; f++)
        g_ptr_array_add (ddl, g_strdup_printf ("ALTER TABLE %s ADD COLUMN IF NOT EXISTS \"%s\" %s",
                                               table->name, f->name, kt_pg_column_type (f->type)));
      /* Lists answer with the stored JSON of each row instead of building
       * it per request (ten times cheaper for a page of 100). */
      g_ptr_array_add (ddl, g_strdup_printf ("ALTER TABLE %s ADD COLUMN IF NOT EXISTS kt_json text", table->name));
      g_ptr_array_add (ddl, g_strdup_printf ("UPDATE %s t SET kt_json = %s WHERE t.kt_json IS NULL",
                                             table->name, table->json_expr));

      for (const KtField *f = table->entity->fields; f->name != NULL; f++)
        {
          if (f->type == KT_FIELD_TAGS || f->type == KT_FIELD_JSON)
            continue;
          if (!(f->flags & (KT_FIELD_INDEXED | KT_FIELD_SORTABLE)) && f->type != KT_FIELD_REF)
            continue;
          add_field_index (ddl, table, f);
        }
      /* The owner filter of a table marked in bulk walks, as its enums'
       * (add_field_index()). */
      if (table->marked_in_bulk)
        drop_index (ddl, plural, "owner");
      else
        add_index (ddl, plural, "owner", "org_id, owner_id");
      /* The walk of a list sorted by its time (kt_pg_search_walk_column())
       * serves that sort as well. */
      if (g_strcmp0 (kt_pg_search_walk_column (table), KT_META_UPDATED) == 0)
        drop_index (ddl, plural, "updated");
      else
        add_index (ddl, plural, "updated", "org_id, updated_at, id");
      if (g_strcmp0 (kt_pg_search_walk_column (table), KT_META_CREATED) == 0)
        drop_index (ddl, plural, "created");
      else
        add_index (ddl, plural, "created", "org_id, created_at, id");

      if (table->search_table != NULL)
        search_table_ddl (ddl, table);
      else if (table->search_expr != NULL)
        g_ptr_array_add (ddl, g_strdup_printf ("CREATE INDEX IF NOT EXISTS \"%s_search_idx\" ON %s "
                                               "USING gin (org_id, kt_search gin_trgm_ops)",
                                               plural, table->name));
      /* The walk of a common word (kt-pg-search.c). */
      kt_pg_search_ddl (table, ddl);
    }

  /* A record's history (kt-pg-history.c) walks its entries by seq. */
  g_ptr_array_add (ddl, g_strdup ("CREATE INDEX IF NOT EXISTS change_log_history_idx "
                                  "ON change_log (org_id, entity, record_id, seq)"));

  return ddl;
}
