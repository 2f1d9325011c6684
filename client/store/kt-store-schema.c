/* kt-store-schema.c: the generated schema, migrations, the collation
 *
 * The schema is generated from the entity registry, so a field is added
 * in one place. Generated means it must be frozen per version: the SQL
 * of every released schema version is committed under
 * tests/store/fixtures/vN.sql, and the tests check that a fresh store
 * matches the newest fixture and that every older fixture migrates to
 * the same schema. Changing the registry therefore fails the tests until
 * the change gets a version bump, an explicit migration below and a new
 * fixture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-store-private.h"


/* Exactly g_ascii_tolower() (A-Z only), inlined. */
static inline gunichar
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (gunichar) (c + ('a' - 'A')) : (gunichar) c;
}

/* The locale-independent collation behind name sorting. It compares by
 * lower-cased code points (Latin and Cyrillic alike), then by bytes so
 * that only equal strings compare equal. It must not depend on the
 * locale: an index sorted under one LC_COLLATE and read under another
 * would be corrupt. */
static int
collate_unicode (void       *data,
                 int         len_a,
                 const void *a,
                 int         len_b,
                 const void *b)
{
  const char *pa = a, *ea = pa + len_a;
  const char *pb = b, *eb = pb + len_b;
  int bytes;

  while (pa < ea && pb < eb)
    {
      gunichar ca, cb;

      if ((guchar)*pa < 0x80 && (guchar)*pb < 0x80)
        {
          /* g_ascii_tolower() without its two calls a character: an
           * initial sync's end sorts a million rows per index through
           * here (docs/performance.md, "Initial sync: the end"). */
          ca = ascii_lower (*pa++);
          cb = ascii_lower (*pb++);
        }
      else
        {
          ca = g_utf8_get_char_validated (pa, ea - pa);
          cb = g_utf8_get_char_validated (pb, eb - pb);
          if (ca >= (gunichar)-2 || cb >= (gunichar)-2)
            break;   /* not UTF-8: fall back to the byte order */
          ca = g_unichar_tolower (ca);
          cb = g_unichar_tolower (cb);
          pa = g_utf8_next_char (pa);
          pb = g_utf8_next_char (pb);
        }

      if (ca != cb)
        return ca < cb ? -1 : 1;
    }

  if (pa >= ea && pb < eb)
    return -1;
  if (pb >= eb && pa < ea)
    return 1;

  bytes = memcmp (a, b, MIN (len_a, len_b));
  if (bytes != 0)
    return bytes;
  return len_a < len_b ? -1 : (len_a > len_b ? 1 : 0);
}

/* kt_collect_rowids(rowid, array): appends every rowid to the GArray of
 * gint64 bound as a pointer of type KT_STORE_ROWIDS_POINTER, and answers
 * how many it took. Handing rows to the caller one sqlite3_step() at a
 * time costs about 20 ns a row more than this, a third of what FTS5 takes
 * to give a prefix's matches (docs/performance.md). */
static void
collect_rowids_step (sqlite3_context  *ctx,
                     int               argc,
                     sqlite3_value   **argv)
{
  GArray *rowids = sqlite3_value_pointer (argv[1], KT_STORE_ROWIDS_POINTER);
  gint64 rowid = sqlite3_value_int64 (argv[0]);

  if (rowids == NULL)
    {
      sqlite3_result_error (ctx, "kt_collect_rowids() needs its array", -1);
      return;
    }
  g_array_append_val (rowids, rowid);
}

static void
collect_rowids_final (sqlite3_context *ctx)
{
  /* The rows went to the array; the result is only a row to step to. */
  sqlite3_result_null (ctx);
}

void
kt_store_register_functions (sqlite3 *db)
{
  sqlite3_create_collation (db, KT_STORE_COLLATION, SQLITE_UTF8, NULL,
                            collate_unicode);
  sqlite3_create_function (db, "kt_collect_rowids", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
                           NULL, collect_rowids_step, collect_rowids_final);
}

gboolean
kt_store_field_is_integer (KtFieldType type)
{
  switch (type)
    {
    case KT_FIELD_INT:
    case KT_FIELD_MONEY:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
    case KT_FIELD_BOOL:
      return TRUE;

    case KT_FIELD_TEXT:
    case KT_FIELD_EMAIL:
    case KT_FIELD_PHONE:
    case KT_FIELD_URL:
    case KT_FIELD_CURRENCY:
    case KT_FIELD_DATE:
    case KT_FIELD_DATETIME:
    case KT_FIELD_ENUM:
    case KT_FIELD_REF:
    case KT_FIELD_TAGS:
    case KT_FIELD_JSON:
    default:
      return FALSE;
    }
}

static gboolean
field_in_fts (const KtField *field)
{
  /* Tag words are searchable wherever an entity has tags: the JSON array
   * text tokenizes to its words. */
  return (field->flags & KT_FIELD_SEARCHABLE) != 0 || field->type == KT_FIELD_TAGS;
}

gboolean
kt_store_entity_has_fts (const KtEntity *entity)
{
  for (const KtField *f = entity->fields; f->name != NULL; f++)
    if ((f->flags & KT_FIELD_SEARCHABLE) != 0)
      return TRUE;

  return FALSE;
}

static void
append_sort_index (GString        *sql,
                   const KtEntity *entity,
                   const char     *column,
                   gboolean        text)
{
  /* `deleted` leads so "WHERE deleted = 0 ORDER BY column, id" walks the
   * index in order, and `id` makes the order total (stable paging). */
  g_string_append_printf (sql,
                          "CREATE INDEX \"%s_sort_%s\" ON \"%s\" "
                          "(deleted, \"%s\"%s, id);\n",
                          entity->plural, column, entity->plural, column,
                          text ? " COLLATE " KT_STORE_COLLATION : "");
}

/* An entity sorted by the first field of a title of several ("first_name"
 * of "first_name,last_name") is listed by the whole title, the later
 * fields breaking ties (the Name column). Its index makes that order a
 * walk: without it SQLite sorts every tie group up to the page, 0.3 s
 * for a page at the end of 100,000 contacts. */
static void
append_title_sort_index (GString        *sql,
                         const KtEntity *entity)
{
  const char *sort = entity->default_sort;
  g_auto(GStrv) fields = NULL;

  if (sort == NULL || entity->title_fields == NULL || strchr (entity->title_fields, ',') == NULL)
    return;
  fields = g_strsplit (entity->title_fields, ",", -1);
  if (!g_str_equal (fields[0], sort))
    return;

  g_string_append_printf (sql, "CREATE INDEX \"%s_sort_title\" ON \"%s\" (deleted",
                          entity->plural, entity->plural);
  for (guint i = 0; fields[i] != NULL; i++)
    g_string_append_printf (sql, ", \"%s\" COLLATE " KT_STORE_COLLATION, fields[i]);
  g_string_append (sql, ", id);\n");
}

/* The narrowest index of the table: a list's "how many live rows" is
 * counted from it alone. Without it SQLite counts over the narrowest sort
 * index, which for 100,000 contacts is 1,700 pages read (7 MiB the client
 * then holds in its page cache) where this one is 210 (docs/performance.md,
 * "The client's memory"). */
static void
append_live_index (GString        *sql,
                   const KtEntity *entity)
{
  g_string_append_printf (sql, "CREATE INDEX \"%s_live\" ON \"%s\" (deleted);\n",
                          entity->plural, entity->plural);
}

static void
append_fts_columns (GString        *sql,
                    const KtEntity *entity,
                    const char     *prefix)
{
  gboolean first = TRUE;

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    {
      if (!field_in_fts (f))
        continue;
      g_string_append_printf (sql, "%s%s\"%s\"", first ? "" : ", ",
                              prefix, f->name);
      first = FALSE;
    }
}

/* The FTS5 index over @entity's searchable fields. External content
 * (the entity's table) so the text is stored once; a prefix index for
 * every prefix length the list searches as the user types, one letter
 * included: without one, a one-letter prefix merges the doclists of
 * every word starting with it (docs/performance.md). */
static void
append_fts_table (GString        *sql,
                  const KtEntity *entity)
{
  g_string_append_printf (sql, "CREATE VIRTUAL TABLE \"%s_fts\" USING fts5 (", entity->plural);
  append_fts_columns (sql, entity, "");
  g_string_append_printf (sql,
                          ", content='%s', content_rowid='kt_rowid', "
                          "tokenize='unicode61 remove_diacritics 2', "
                          "prefix='1 2 3 4');\n", entity->plural);
}

static void append_fts_triggers (GString        *sql,
                                 const KtEntity *entity);

/* Version 12: how many live rows each entity table has, kept by its
 * triggers, so a list's length is one row read. Counting them walked the
 * table's whole `_live` index: 24 ms CPU at a million contacts, before a
 * list could show its first screen (docs/performance.md). */
/* Version 14 adds `changes`, moved by every write that can change the
 * order of the live rows (a row in or out of them, an UPDATE of a live
 * row), in the same transaction as the write, whichever connection or
 * process makes it: a list's order saved in the file (list_orders,
 * kt-store-search-saved.c) is valid while it has not moved. */
#define LIVE_COUNTS_SQL \
  "CREATE TABLE live_counts (\n" \
  "  entity TEXT PRIMARY KEY NOT NULL,\n" \
  "  live INTEGER NOT NULL,\n" \
  "  changes INTEGER NOT NULL DEFAULT 0\n" \
  ");\n"
/* What version 12 made, which its migration must still make. */
#define LIVE_COUNTS_V12_SQL \
  "CREATE TABLE live_counts (\n" \
  "  entity TEXT PRIMARY KEY NOT NULL,\n" \
  "  live INTEGER NOT NULL\n" \
  ");\n"

/* Version 14: the live rows of long lists in their order, saved so that
 * a far page of a list opened cold is a read of one chunk, not a walk of
 * the whole sort index (kt-store-search-saved.c). A chunk's id is the
 * list's id shifted left by 32 bits plus the chunk's number. */
#define LIST_ORDERS_SQL \
  "CREATE TABLE list_orders (\n" \
  "  id INTEGER PRIMARY KEY,\n" \
  "  entity TEXT NOT NULL,\n" \
  "  order_sql TEXT NOT NULL,\n" \
  "  format INTEGER NOT NULL,\n" \
  "  changes INTEGER NOT NULL,\n" \
  "  n_rows INTEGER NOT NULL,\n" \
  "  UNIQUE (entity, order_sql)\n" \
  ");\n" \
  "CREATE TABLE list_order_chunks (\n" \
  "  id INTEGER PRIMARY KEY,\n" \
  "  rowids BLOB NOT NULL\n" \
  ");\n"

/* @entity's row in live_counts, counted from its table (a fresh one is
 * empty), and the triggers that keep it: a row in or out of the live
 * ones (deleted = 0) by INSERT, DELETE or an UPDATE of `deleted`, and
 * `changes` moved by those and by any UPDATE of a live row (one that
 * renames it moves it in a list; telling which columns a list sorts by
 * is not worth a trigger's time). Not in
 * append_entity(): version 10 made a table with that text, before
 * live_counts was there. */
static void
append_live_count (GString        *sql,
                   const KtEntity *entity,
                   gboolean        changes)
{
  const char *t = entity->plural;
  const char *bump = changes ? ", changes = changes + 1" : "";

  g_string_append_printf (sql,
                          "INSERT INTO live_counts (entity, live) "
                          "SELECT '%s', count(*) FROM \"%s\" WHERE deleted = 0;\n"
                          "CREATE TRIGGER \"%s_count_insert\" AFTER INSERT ON \"%s\" "
                          "WHEN new.deleted = 0 BEGIN\n"
                          "  UPDATE live_counts SET live = live + 1%s WHERE entity = '%s';\n"
                          "END;\n"
                          "CREATE TRIGGER \"%s_count_delete\" AFTER DELETE ON \"%s\" "
                          "WHEN old.deleted = 0 BEGIN\n"
                          "  UPDATE live_counts SET live = live - 1%s WHERE entity = '%s';\n"
                          "END;\n"
                          "CREATE TRIGGER \"%s_count_update\" AFTER UPDATE OF deleted ON \"%s\" "
                          "WHEN (old.deleted = 0) <> (new.deleted = 0) BEGIN\n"
                          "  UPDATE live_counts SET live = live + "
                          "(CASE WHEN new.deleted = 0 THEN 1 ELSE -1 END)%s WHERE entity = '%s';\n"
                          "END;\n",
                          t, t, t, t, bump, t, t, t, bump, t, t, t, bump, t);
  if (changes)
    g_string_append_printf (sql,
                            "CREATE TRIGGER \"%s_order_update\" AFTER UPDATE ON \"%s\" "
                            "WHEN old.deleted = 0 AND new.deleted = 0 BEGIN\n"
                            "  UPDATE live_counts SET changes = changes + 1 WHERE entity = '%s';\n"
                            "END;\n",
                            t, t, t);
}

/* The table and its triggers as version 14 makes them, or as version 12
 * did (without @changes). */
static void
append_live_counts (GString  *sql,
                    gboolean  changes)
{
  const KtEntity * const *entities = kt_entity_all ();

  g_string_append (sql, changes ? LIVE_COUNTS_SQL : LIVE_COUNTS_V12_SQL);
  for (guint i = 0; entities[i] != NULL; i++)
    append_live_count (sql, entities[i], changes);
}

static void
append_entity (GString        *sql,
               const KtEntity *entity)
{
  const char *default_sort = entity->default_sort;
  const char *t = entity->plural;

  /* kt_rowid is an explicit INTEGER PRIMARY KEY because the FTS index
   * refers to rows by rowid, and VACUUM renumbers implicit rowids. */
  g_string_append_printf (sql,
                          "CREATE TABLE \"%s\" (\n"
                          "  kt_rowid INTEGER PRIMARY KEY,\n"
                          "  id TEXT NOT NULL UNIQUE,\n"
                          "  org_id TEXT,\n"
                          "  owner_id TEXT,\n"
                          "  created_at TEXT,\n"
                          "  updated_at TEXT,\n"
                          "  hlc TEXT,\n"
                          "  deleted INTEGER NOT NULL DEFAULT 0,\n"
                          "  clocks TEXT",
                          t);
  for (const KtField *f = entity->fields; f->name != NULL; f++)
    g_string_append_printf (sql, ",\n  \"%s\" %s", f->name,
                            kt_store_field_is_integer (f->type) ? "INTEGER" : "TEXT");
  g_string_append (sql, "\n);\n");

  append_live_index (sql, entity);
  append_title_sort_index (sql, entity);

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    {
      /* An index on JSON text (tags, custom values) would serve no
       * query: tags are filtered with json_each() and searched by FTS. */
      if ((f->flags & KT_FIELD_INDEXED) != 0 &&
          f->type != KT_FIELD_TAGS && f->type != KT_FIELD_JSON)
        g_string_append_printf (sql, "CREATE INDEX \"%s_by_%s\" ON \"%s\" (\"%s\");\n",
                                t, f->name, t, f->name);
      if ((f->flags & KT_FIELD_SORTABLE) != 0)
        append_sort_index (sql, entity, f->name, !kt_store_field_is_integer (f->type));
    }

  /* The default sort may be a meta column (e.g. "-updated_at"); it needs
   * its index as much as a sortable field does. */
  if (default_sort != NULL && default_sort[0] == '-')
    default_sort++;
  if (default_sort != NULL && kt_field_is_meta (default_sort) &&
      g_strcmp0 (default_sort, KT_META_ID) != 0)
    append_sort_index (sql, entity, default_sort, TRUE);

  if (!kt_store_entity_has_fts (entity))
    return;

  append_fts_table (sql, entity);
  append_fts_triggers (sql, entity);
}

/* Kept in step by triggers, so every write path (saves, imports, sync)
 * updates the index in its own transaction. Tombstones are left out of
 * the index: a search COUNT is then answered by the index alone. */
static void
append_fts_triggers (GString        *sql,
                     const KtEntity *entity)
{
  const char *t = entity->plural;

  g_string_append_printf (sql,
                          "CREATE TRIGGER \"%s_fts_insert\" AFTER INSERT ON \"%s\" "
                          "WHEN new.deleted = 0 BEGIN\n"
                          "  INSERT INTO \"%s_fts\" (rowid, ", t, t, t);
  append_fts_columns (sql, entity, "");
  g_string_append (sql, ") VALUES (new.kt_rowid, ");
  append_fts_columns (sql, entity, "new.");
  g_string_append (sql, ");\nEND;\n");

  g_string_append_printf (sql,
                          "CREATE TRIGGER \"%s_fts_delete\" AFTER DELETE ON \"%s\" "
                          "WHEN old.deleted = 0 BEGIN\n"
                          "  INSERT INTO \"%s_fts\" (\"%s_fts\", rowid, ", t, t, t, t);
  append_fts_columns (sql, entity, "");
  g_string_append (sql, ") VALUES ('delete', old.kt_rowid, ");
  append_fts_columns (sql, entity, "old.");
  g_string_append (sql, ");\nEND;\n");

  g_string_append_printf (sql, "CREATE TRIGGER \"%s_fts_update\" AFTER UPDATE OF deleted, ", t);
  append_fts_columns (sql, entity, "");
  g_string_append_printf (sql, " ON \"%s\" BEGIN\n"
                          "  INSERT INTO \"%s_fts\" (\"%s_fts\", rowid, ", t, t, t);
  append_fts_columns (sql, entity, "");
  g_string_append (sql, ") SELECT 'delete', old.kt_rowid, ");
  append_fts_columns (sql, entity, "old.");
  g_string_append_printf (sql, " WHERE old.deleted = 0;\n  INSERT INTO \"%s_fts\" (rowid, ", t);
  append_fts_columns (sql, entity, "");
  g_string_append (sql, ") SELECT new.kt_rowid, ");
  append_fts_columns (sql, entity, "new.");
  g_string_append (sql, " WHERE new.deleted = 0;\nEND;\n");
}

/* Version 2: the values pulled changes overwrote (kt-store-history.c).
 * Not generated from the registry, so the same text serves a fresh store
 * and the migration. */
#define RECORD_HISTORY_SQL \
  "CREATE TABLE record_history (\n" \
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n" \
  "  entity TEXT NOT NULL,\n" \
  "  record_id TEXT NOT NULL,\n" \
  "  field TEXT NOT NULL,\n" \
  "  old_value TEXT,\n" \
  "  new_value TEXT,\n" \
  "  old_hlc TEXT,\n" \
  "  new_hlc TEXT,\n" \
  "  recorded_at TEXT NOT NULL\n" \
  ");\n" \
  "CREATE INDEX record_history_record_idx ON record_history (entity, record_id, id);\n"

/* Version 13: the deals board's own indexes (issue #19). A column is one
 * stage's deals of one status in board order: its COUNT and its pages
 * are a range of deals_board, read without the rows, where SQLite
 * otherwise counted every live deal through deals_live (its planner
 * takes that one for a plain count whatever the other terms). The owner
 * filter's list of owners walks deals_owners instead of every deal.
 * `deleted` leads, as in the sort indexes, so that the equality on it
 * counts for these indexes too. Not generated from the registry, so the
 * same text serves a fresh store and the migration. */
#define DEAL_BOARD_INDEXES_SQL \
  "CREATE INDEX deals_board ON deals (deleted, stage_id, status, position, id);\n" \
  "CREATE INDEX deals_owners ON deals (deleted, owner_id, pipeline_id);\n"

/**
 * kt_store_generate_schema:
 *
 * Returns: (transfer full): the SQL creating the current schema, the same
 *   text for the same registry
 */
char *
kt_store_generate_schema (void)
{
  const KtEntity * const *entities = kt_entity_all ();
  GString *sql = g_string_new (NULL);

  g_string_append (sql,
                   "CREATE TABLE schema_version (\n"
                   "  version INTEGER PRIMARY KEY,\n"
                   "  applied_at TEXT NOT NULL\n"
                   ");\n"
                   "CREATE TABLE kt_meta (\n"
                   "  key TEXT PRIMARY KEY NOT NULL,\n"
                   "  value TEXT\n"
                   ");\n"
                   "CREATE TABLE outbox (\n"
                   "  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                   "  entity TEXT NOT NULL,\n"
                   "  record_id TEXT NOT NULL,\n"
                   "  deleted INTEGER NOT NULL DEFAULT 0,\n"
                   "  fields TEXT NOT NULL,\n"
                   "  clocks TEXT NOT NULL,\n"
                   "  created_at TEXT NOT NULL\n"
                   ");\n"
                   RECORD_HISTORY_SQL);

  for (guint i = 0; entities[i] != NULL; i++)
    append_entity (sql, entities[i]);
  append_live_counts (sql, TRUE);
  g_string_append (sql, DEAL_BOARD_INDEXES_SQL);
  g_string_append (sql, LIST_ORDERS_SQL);

  return g_string_free (sql, FALSE);
}

/* Migrations from version N-1 to N, each run in its own transaction.
 * Version 1 is the generated schema; a fresh store is created from the
 * generated (current) schema directly. To change the schema: bump
 * KT_STORE_SCHEMA_VERSION, add { N, "ALTER TABLE ...", NULL } here (or a
 * function generating the step), and commit
 * tests/store/fixtures/vN.sql (see tests/store/README). */
/* The entities whose table a later version creates whole (with every
 * index), which the steps before it must leave alone: their table is not
 * there yet. */
static const struct {
  const char *entity;
  int         version;
} later_tables[] = {
  { "saved_view", 10 },
};

static gboolean
table_exists_before (const KtEntity *entity,
                     int             version)
{
  for (guint i = 0; i < G_N_ELEMENTS (later_tables); i++)
    if (g_str_equal (later_tables[i].entity, entity->name))
      return version > later_tables[i].version;
  return TRUE;
}

/* Version 3: the FTS tables gain the one-letter prefix index. A table's
 * options cannot be altered, so each is dropped and created again (its
 * triggers live on the entity's table and stay) and filled from the live
 * rows: not with 'rebuild', which would index the tombstones too. */
static char *
migrate_fts_prefixes (void)
{
  const KtEntity * const *entities = kt_entity_all ();
  GString *sql = g_string_new (NULL);

  for (guint i = 0; entities[i] != NULL; i++)
    {
      const KtEntity *entity = entities[i];

      if (!kt_store_entity_has_fts (entity) || !table_exists_before (entity, 3))
        continue;

      g_string_append_printf (sql, "DROP TABLE \"%s_fts\";\n", entity->plural);
      append_fts_table (sql, entity);
      g_string_append_printf (sql, "INSERT INTO \"%s_fts\" (rowid, ", entity->plural);
      append_fts_columns (sql, entity, "");
      g_string_append (sql, ") SELECT kt_rowid, ");
      append_fts_columns (sql, entity, "");
      g_string_append_printf (sql, " FROM \"%s\" WHERE deleted = 0;\n", entity->plural);
    }

  return g_string_free (sql, FALSE);
}

/* Version 4: custom field values are searched too (the `custom` JSON
 * column joins the FTS index of contacts, companies and deals). The
 * columns change, so the triggers that feed the index are dropped and made
 * again with the table, and the index is filled from the live rows. */
static char *
migrate_fts_custom (void)
{
  const KtEntity * const *entities = kt_entity_all ();
  GString *sql = g_string_new (NULL);

  for (guint i = 0; entities[i] != NULL; i++)
    {
      const KtEntity *entity = entities[i];
      const char *t = entity->plural;

      if (!kt_store_entity_has_fts (entity) || !table_exists_before (entity, 4))
        continue;

      g_string_append_printf (sql,
                              "DROP TRIGGER IF EXISTS \"%s_fts_insert\";\n"
                              "DROP TRIGGER IF EXISTS \"%s_fts_delete\";\n"
                              "DROP TRIGGER IF EXISTS \"%s_fts_update\";\n"
                              "DROP TABLE IF EXISTS \"%s_fts\";\n", t, t, t, t);
      append_fts_table (sql, entity);
      append_fts_triggers (sql, entity);
      g_string_append_printf (sql, "INSERT INTO \"%s_fts\" (rowid, ", t);
      append_fts_columns (sql, entity, "");
      g_string_append (sql, ") SELECT kt_rowid, ");
      append_fts_columns (sql, entity, "");
      g_string_append_printf (sql, " FROM \"%s\" WHERE deleted = 0;\n", t);
    }

  return g_string_free (sql, FALSE);
}

/* Version 5: every table gets its narrow index of live rows, for counts. */
static char *
migrate_live_indexes (void)
{
  const KtEntity * const *entities = kt_entity_all ();
  GString *sql = g_string_new (NULL);

  for (guint i = 0; entities[i] != NULL; i++)
    if (table_exists_before (entities[i], 5))
      append_live_index (sql, entities[i]);

  return g_string_free (sql, FALSE);
}

/* Version 6: the index of the title order (contacts by first, then last
 * name). */
static char *
migrate_title_sort_indexes (void)
{
  const KtEntity * const *entities = kt_entity_all ();
  GString *sql = g_string_new (NULL);

  for (guint i = 0; entities[i] != NULL; i++)
    if (table_exists_before (entities[i], 6))
      append_title_sort_index (sql, entities[i]);

  return g_string_free (sql, FALSE);
}

/* The FTS index of @entity made again for a new set of searchable
 * columns: triggers, table, then the live rows (as version 4 did for all). */
static void
append_fts_rebuild (GString        *sql,
                    const KtEntity *entity)
{
  const char *t = entity->plural;

  g_string_append_printf (sql,
                          "DROP TRIGGER IF EXISTS \"%s_fts_insert\";\n"
                          "DROP TRIGGER IF EXISTS \"%s_fts_delete\";\n"
                          "DROP TRIGGER IF EXISTS \"%s_fts_update\";\n"
                          "DROP TABLE IF EXISTS \"%s_fts\";\n", t, t, t, t);
  append_fts_table (sql, entity);
  append_fts_triggers (sql, entity);
  g_string_append_printf (sql, "INSERT INTO \"%s_fts\" (rowid, ", t);
  append_fts_columns (sql, entity, "");
  g_string_append (sql, ") SELECT kt_rowid, ");
  append_fts_columns (sql, entity, "");
  g_string_append_printf (sql, " FROM \"%s\" WHERE deleted = 0;\n", t);
}

typedef struct {
  const char *entity;
  const char *fields;
} AddedFields;

/* ALTER TABLE for fields the registry gained, with their indexes, and a
 * rebuilt FTS table where one of them is searched. */
static void
append_added_fields (GString           *sql,
                     const AddedFields *added,
                     guint              n_added)
{
  for (guint i = 0; i < n_added; i++)
    {
      const KtEntity *entity = kt_entity_lookup (added[i].entity);
      g_auto(GStrv) names = g_strsplit (added[i].fields, ",", -1);
      gboolean searchable = FALSE;

      g_assert (entity != NULL);
      for (guint j = 0; names[j] != NULL; j++)
        {
          const KtField *f = kt_entity_get_field (entity, names[j]);

          g_assert (f != NULL);
          g_string_append_printf (sql, "ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s;\n",
                                  entity->plural, f->name,
                                  kt_store_field_is_integer (f->type) ? "INTEGER" : "TEXT");
          if ((f->flags & KT_FIELD_INDEXED) != 0)
            g_string_append_printf (sql, "CREATE INDEX \"%s_by_%s\" ON \"%s\" (\"%s\");\n",
                                    entity->plural, f->name, entity->plural, f->name);
          if ((f->flags & KT_FIELD_SORTABLE) != 0)
            append_sort_index (sql, entity, f->name, !kt_store_field_is_integer (f->type));
          searchable |= field_in_fts (f);
        }
      if (searchable)
        append_fts_rebuild (sql, entity);
    }
}

/* Version 7: invoicing (issue #13). Documents gain their kind, credit
 * notes, the supply date and place, the client's EIK and МОЛ, the
 * language; lines their VAT exemption reason; payments what matching and
 * bank imports need; the organization its seller details. The list is
 * frozen here: the registry grows, this step does not. */
static char *
migrate_documents (void)
{
  static const AddedFields added[] = {
    { "invoice", "kind,credited_invoice_id,offer_id,supply_date,supply_place,"
      "client_eik,client_mol,language,credited_amount" },
    { "offer", "client_eik,client_mol,language" },
    { "invoice_item", "vat_exemption,credited_item_id" },
    { "offer_item", "vat_exemption" },
    { "organization", "eik,mol,iban,bic,bank_name" },
    { "payment", "description,bank_reference,proposed_invoice_id,credit_amount,"
      "contact_id,company_id,payer_iban" },
  };
  GString *sql = g_string_new (NULL);

  append_added_fields (sql, added, G_N_ELEMENTS (added));

  /* Existing documents are invoices in Bulgarian, as the defaults say. */
  g_string_append (sql,
                   "UPDATE invoices SET kind = 'invoice' WHERE kind IS NULL;\n"
                   "UPDATE invoices SET language = 'bg' WHERE language IS NULL;\n"
                   "UPDATE offers SET language = 'bg' WHERE language IS NULL;\n");

  return g_string_free (sql, FALSE);
}

/* Version 8: scheduled jobs and mail (issue #14). Clients may opt out of
 * payment reminders; an activity can be an invoice's mail log entry; an
 * invoice can repeat (and a copy names the invoice it repeats); the
 * organization has a time zone, a sender name and reply-to, and reminder
 * steps. Frozen like version 7. */
static char *
migrate_reminders (void)
{
  static const AddedFields added[] = {
    { "contact", "reminders_opt_out" },
    { "company", "reminders_opt_out" },
    { "activity", "invoice_id" },
    { "invoice", "repeat_every,repeat_until,repeated_from_id" },
    { "organization", "time_zone,mail_sender_name,mail_reply_to,reminder_steps" },
  };
  GString *sql = g_string_new (NULL);

  /* Existing rows stay NULL: an unset field reads as its default. */
  append_added_fields (sql, added, G_N_ELEMENTS (added));

  return g_string_free (sql, FALSE);
}

/* Version 9: a merge of duplicates leaves the loser a tombstone that
 * names the survivor (issue #18). Frozen like version 7. */
static char *
migrate_merged_into (void)
{
  static const AddedFields added[] = {
    { "contact", "merged_into_id" },
    { "company", "merged_into_id" },
  };
  GString *sql = g_string_new (NULL);

  append_added_fields (sql, added, G_N_ELEMENTS (added));

  return g_string_free (sql, FALSE);
}

/* Version 10: saved views (issue #18), a new entity's table made as a
 * fresh store makes it. A later change to saved_view must freeze this
 * step's text first, as versions 7 to 9 are. */
static char *
migrate_saved_views (void)
{
  GString *sql = g_string_new (NULL);

  append_entity (sql, KT_ENTITY_SAVED_VIEW);
  return g_string_free (sql, FALSE);
}

/* Version 11: a document template's page, columns and blocks as JSON
 * (issue #15, render/kt-document-template.h). Frozen like version 7. */
static char *
migrate_template_layout (void)
{
  static const AddedFields added[] = {
    { "document_template", "layout" },
  };
  GString *sql = g_string_new (NULL);

  append_added_fields (sql, added, G_N_ELEMENTS (added));

  return g_string_free (sql, FALSE);
}

/* Version 12: the live rows' counts (LIVE_COUNTS_SQL), counted once. */
static char *
migrate_live_counts (void)
{
  GString *sql = g_string_new (NULL);

  append_live_counts (sql, FALSE);
  return g_string_free (sql, FALSE);
}

/* Version 14: live_counts again, with `changes` and the trigger for
 * updates of live rows (counted again: a few ms a 100,000 rows), and the
 * saved orders' tables. */
static char *
migrate_list_orders (void)
{
  const KtEntity * const *entities = kt_entity_all ();
  GString *sql = g_string_new (NULL);

  for (guint i = 0; entities[i] != NULL; i++)
    g_string_append_printf (sql,
                            "DROP TRIGGER \"%s_count_insert\";\n"
                            "DROP TRIGGER \"%s_count_delete\";\n"
                            "DROP TRIGGER \"%s_count_update\";\n",
                            entities[i]->plural, entities[i]->plural, entities[i]->plural);
  g_string_append (sql, "DROP TABLE live_counts;\n");
  append_live_counts (sql, TRUE);
  g_string_append (sql, LIST_ORDERS_SQL);
  return g_string_free (sql, FALSE);
}

/* A step's SQL is either fixed text or generated from the registry (for
 * changes to generated tables). */
static const struct {
  int         version;
  const char *sql;
  char     *(*generate) (void);
} migrations[] = {
  { 1, NULL, NULL },  /* the base schema: nothing to migrate from */
  { 2, RECORD_HISTORY_SQL, NULL },
  { 3, NULL, migrate_fts_prefixes },
  { 4, NULL, migrate_fts_custom },
  { 5, NULL, migrate_live_indexes },
  { 6, NULL, migrate_title_sort_indexes },
  { 7, NULL, migrate_documents },
  { 8, NULL, migrate_reminders },
  { 9, NULL, migrate_merged_into },
  { 10, NULL, migrate_saved_views },
  { 11, NULL, migrate_template_layout },
  { 12, NULL, migrate_live_counts },
  { 13, DEAL_BOARD_INDEXES_SQL, NULL },
  { 14, NULL, migrate_list_orders },
};

static gboolean
record_version (sqlite3     *db,
                int          version,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO schema_version (version, applied_at) "
                           "VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, version);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, db, rc, _("Could not record the schema version"));
      return FALSE;
    }

  return TRUE;
}

/* The schema version the file holds now (0 for an empty file), read
 * inside the caller's write transaction. */
static int
stored_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_prepare_v2 (db,
                          "SELECT 1 FROM sqlite_master "
                          "WHERE type = 'table' AND name = 'schema_version'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      stmt = NULL;
      if (sqlite3_prepare_v2 (db, "SELECT max(version) FROM schema_version",
                              -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int (stmt, 0);
    }
  sqlite3_finalize (stmt);

  return version;
}

static gboolean
run_step (sqlite3     *db,
          const char  *sql,
          int          version,
          GError     **error)
{
  int rc;

  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

  /* Another process (a second kantora-cli from cron, the client) may have
   * made this step between our look at the file and our write lock. */
  if (rc == SQLITE_OK && stored_version (db) >= version)
    {
      g_debug ("The store is at version %d already", version);
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      return TRUE;
    }

  if (rc == SQLITE_OK && sql != NULL)
    rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Could not upgrade the store to version %d"),
                                               version);

      kt_store_set_sqlite_error (error, db, rc, what);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  if (!record_version (db, version, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, db, rc, _("Could not upgrade the store"));
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

gboolean
kt_store_migrate (sqlite3     *db,
                  int          from_version,
                  GError     **error)
{
  g_assert (db != NULL);
  g_assert (from_version >= 0 && from_version <= KT_STORE_SCHEMA_VERSION);

  if (from_version == 0)
    {
      g_autofree char *schema = kt_store_generate_schema ();
      g_autoptr(GString) sql = g_string_new (NULL);

      /* The application id marks the file as ours (a constant, not a
       * value from outside). */
      g_string_append_printf (sql, "PRAGMA application_id = %d;\n%s",
                              KT_STORE_APPLICATION_ID, schema);
      g_debug ("Creating a version %d store", KT_STORE_SCHEMA_VERSION);
      return run_step (db, sql->str, KT_STORE_SCHEMA_VERSION, error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *generated = NULL;

      if (migrations[i].version <= from_version)
        continue;

      if (migrations[i].generate != NULL)
        generated = migrations[i].generate ();
      g_debug ("Migrating the store to version %d", migrations[i].version);
      if (!run_step (db, generated != NULL ? generated : migrations[i].sql,
                     migrations[i].version, error))
        return FALSE;
    }

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static gboolean
append_pragma_rows (GString     *out,
                    sqlite3     *db,
                    const char  *pragma,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s(?1)", pragma);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          GString *row = g_string_new ("  ");

          for (int i = 0; i < sqlite3_column_count (stmt); i++)
            {
              const char *col = sqlite3_column_name (stmt, i);
              const char *text = (const char *)sqlite3_column_text (stmt, i);

              /* Column positions differ between a fresh table and one
               * grown by ALTER TABLE ADD COLUMN; positions do not matter
               * to the store, names and types do. */
              if (g_str_equal (col, "cid") || g_str_equal (col, "seq"))
                continue;
              g_string_append_printf (row, "%s=%s ", col, text ? text : "NULL");
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, db, rc, _("Could not read the schema"));
      return FALSE;
    }

  /* Key order matters inside an index, not in a table or index list. */
  if (!g_str_equal (pragma, "pragma_index_xinfo"))
    g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s\n", (const char *)g_ptr_array_index (rows, i));

  return TRUE;
}

char *
kt_store_dump_schema (sqlite3     *db,
                      GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert (db != NULL);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT type, name, tbl_name, sql FROM sqlite_master "
                           "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *)sqlite3_column_text (stmt, 0);
      const char *name = (const char *)sqlite3_column_text (stmt, 1);
      const char *table = (const char *)sqlite3_column_text (stmt, 2);
      const char *sql = (const char *)sqlite3_column_text (stmt, 3);
      gboolean ok = TRUE;

      g_string_append_printf (out, "%s %s on %s\n", type, name, table);

      if (g_str_equal (type, "table") && !g_str_has_prefix (sql, "CREATE VIRTUAL"))
        ok = append_pragma_rows (out, db, "pragma_table_xinfo", name, error) &&
             append_pragma_rows (out, db, "pragma_index_list", name, error);
      else if (g_str_equal (type, "index"))
        ok = append_pragma_rows (out, db, "pragma_index_xinfo", name, error);
      else if (sql != NULL)
        {
          g_auto(GStrv) words = g_strsplit_set (sql, " \t\n", -1);
          g_autofree char *joined = NULL;
          GPtrArray *kept = g_ptr_array_new ();

          /* Whitespace is not part of the schema. */
          for (guint i = 0; words[i] != NULL; i++)
            if (words[i][0] != '\0')
              g_ptr_array_add (kept, words[i]);
          g_ptr_array_add (kept, NULL);
          joined = g_strjoinv (" ", (char **)kept->pdata);
          g_ptr_array_free (kept, TRUE);
          g_string_append_printf (out, "  %s\n", joined);
        }

      if (!ok)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }

      /* Back to SQLITE_OK so the loop steps on. */
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, db, rc, _("Could not read the schema"));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
