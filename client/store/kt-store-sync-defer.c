/* kt-store-sync-defer.c: an initial sync's secondary indexes, built at the end
 *
 * A fresh client pulls the whole organization into empty tables. Kept up
 * row by row, page after page, the secondary indexes (a dozen per table:
 * the list sorts and lookups) were most of that time: every row goes
 * into a dozen B-trees at random places, and every page's commit
 * rewrites most of their pages. Built once at the end, an index is one
 * sort of the finished table.
 *
 * So a pull that starts from cursor 0 into a store without records drops
 * the secondary indexes of the synced tables, keeping their SQL in a
 * meta row, in the same transaction that sets the flag
 * "sync.indexes_pending"; at the end it recreates them, one transaction
 * each, skipping those that exist, so an interrupted end is simply run
 * again. The flag survives a crash: the next pull resumes in the same
 * mode and ends the same way, and the engine also ends it when a pull
 * fails, so the indexes are complete whenever no pull runs. Meanwhile
 * every query still works (by scanning tables that are still filling),
 * and UNIQUE indexes stay.
 *
 * The FTS index (with its prefix indexes) is left behind the same way
 * and filled once from the live rows at the end, the way the schema
 * migration fills it: the connections of this process skip its triggers
 * while the flag is set (kt_store_sync_begin_pull() on each), and the
 * fill starts with 'delete-all'. The UI's writes in the short time
 * between the fill and the moment its connection runs the triggers again
 * are caught by kt_store_sync_refill_fts().
 *
 * The index builds let SQLite's sorter use helper threads, on their own
 * connection and only while they run (tune_for_builds()); nothing about
 * durability changes: every build still commits on its own, so a crash
 * in the middle is resumed as above.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#include "kt-store-sync-private.h"

/* JSON array of {"name", "sql"}: the indexes an initial sync dropped. */
#define META_DEFERRED_INDEXES "sync.deferred_indexes"

/* FTS5's own default for 'hashsize', and the one for a whole-table fill
 * (the memory it holds only while the fill runs). */
#define FTS5_DEFAULT_HASH_BYTES (1024 * 1024)
#define FILL_HASH_BYTES (16 * 1024 * 1024)

/* Installed on every connection of the process to a store whose initial
 * sync runs (the worker's and the UI's): the FTS triggers' INSERTs into
 * "<table>_fts" are compiled out of every statement prepared meanwhile
 * (SQLITE_IGNORE makes SQLite leave an INSERT out of the program instead
 * of failing it). Top-level statements, the final fill's included, are
 * untouched. On the UI's connection too: its triggers would otherwise
 * take out of the index rows that were never put in, which FTS5 reports
 * as a damaged index. */
static int
skip_fts_triggers_cb (void       *data,
                      int         action,
                      const char *table,
                      const char *unused,
                      const char *database,
                      const char *trigger)
{
  if (action == SQLITE_INSERT && trigger != NULL && table != NULL && g_str_has_suffix (table, "_fts"))
    return SQLITE_IGNORE;
  return SQLITE_OK;
}

static int
allow_all_cb (void       *data,
              int         action,
              const char *a,
              const char *b,
              const char *database,
              const char *trigger)
{
  return SQLITE_OK;
}

void
kt_store_sync_set_fts_deferred (KtStore  *self,
                                gboolean  deferred)
{
  /* Setting an authorizer expires every prepared statement, so cached
   * statements are compiled again under the new rule. */
  sqlite3_set_authorizer (kt_store_get_db (self),
                          deferred ? skip_fts_triggers_cb : allow_all_cb, NULL);
}


/* The process's CPU time: the sorter's helper threads (PRAGMA threads)
 * count too. */
static gint64
process_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
is_synced_table (const char *table)
{
  const KtEntity *entity = kt_entity_lookup_plural (table);

  return entity != NULL && (entity->flags & KT_ENTITY_SYNCED) != 0;
}

/* TRUE when no synced entity has a row. */
static gboolean
synced_tables_empty (KtStore  *self,
                     gboolean *out_empty,
                     GError  **error)
{
  const KtEntity * const *entities = kt_entity_all ();

  *out_empty = TRUE;
  for (guint i = 0; entities[i] != NULL && *out_empty; i++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if ((entities[i]->flags & KT_ENTITY_SYNCED) == 0)
        continue;
      sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM \"%s\")", entities[i]->plural);
      stmt = kt_store_prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *out_empty = sqlite3_column_int (stmt, 0) == 0;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          kt_store_set_sqlite_error (error, kt_store_get_db (self), rc, _("Could not read records"));
          return FALSE;
        }
    }

  return TRUE;
}

/* Drops the secondary indexes of the synced tables (inside the caller's
 * transaction), keeping their SQL in META_DEFERRED_INDEXES. UNIQUE
 * indexes stay (the one on id serves the pull's INSERTs; a constraint
 * must hold all along). */
static gboolean
drop_indexes (KtStore  *self,
              GError  **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = kt_store_prepare (self,
                           "SELECT name, tbl_name, sql FROM sqlite_master "
                           "WHERE type = 'index' AND sql IS NOT NULL "
                           "AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
                           error);
  if (stmt == NULL)
    return FALSE;

  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (!is_synced_table ((const char *) sqlite3_column_text (stmt, 1)))
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "sql");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 2));
      json_builder_end_object (builder);
      g_ptr_array_add (names, g_strdup (name));
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc, _("Could not read the schema"));
      return FALSE;
    }

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  if (!kt_store_set_meta (self, META_DEFERRED_INDEXES, json, error))
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      /* Names come from sqlite_master; quoted as identifiers. */
      g_autofree char *sql = g_strdup_printf ("DROP INDEX \"%s\"", (const char *) g_ptr_array_index (names, i));

      if (!kt_store_exec (self, sql, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
index_exists (KtStore     *self,
              const char  *name,
              gboolean    *out_exists,
              GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kt_store_prepare (self, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc, _("Could not read the schema"));
      return FALSE;
    }
  *out_exists = rc == SQLITE_ROW;
  return TRUE;
}

/* Recreates the dropped indexes, one transaction each so the UI's writes
 * never wait long; an index that exists (a restore cut short) is
 * skipped. */
static gboolean
restore_indexes (KtStore  *self,
                 GError  **error)
{
  g_autofree char *json = kt_store_get_meta (self, META_DEFERRED_INDEXES);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) parse_error = NULL;
  JsonArray *array;

  if (json == NULL)
    return TRUE;

  root = json_from_string (json, &parse_error);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_CORRUPT,
                   _("The store's list of indexes to rebuild (%s) is damaged: %s"),
                   META_DEFERRED_INDEXES, parse_error != NULL ? parse_error->message : "");
      return FALSE;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *index;
      const char *name, *sql;
      gboolean exists = FALSE;
      gint64 started, cpu;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      index = json_node_get_object (element);
      name = json_object_get_string_member_with_default (index, "name", NULL);
      sql = json_object_get_string_member_with_default (index, "sql", NULL);
      if (name == NULL || sql == NULL)
        continue;

      /* The SQL is SQLite's own text of an index this store had. */
      started = g_get_monotonic_time ();
      cpu = process_cpu_us ();
      if (!kt_store_sync_begin (self, error))
        return FALSE;
      if (!index_exists (self, name, &exists, error) ||
          (!exists && !kt_store_exec (self, sql, error)) ||
          !kt_store_sync_commit (self, error))
        {
          kt_store_sync_rollback (self);
          return FALSE;
        }
      g_debug ("Built the index %s in %" G_GINT64_FORMAT " ms (CPU %" G_GINT64_FORMAT " ms)", name,
               (g_get_monotonic_time () - started) / 1000, (process_cpu_us () - cpu) / 1000);
    }

  return TRUE;
}

gboolean
kt_store_sync_is_deferred (KtStore *self)
{
  g_autofree char *pending = NULL;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  pending = kt_store_get_meta (self, KT_STORE_SYNC_META_INDEXES_PENDING);
  return pending != NULL;
}

/**
 * kt_store_sync_plan_pull:
 * @self: the UI's store, before the pull starts
 * @out_deferred: (out): whether the pull defers the indexes
 * @error: return location for a #GError
 *
 * Decides as kt_store_sync_begin_pull() does, but only reads: the flag
 * and the dropped indexes are written by kt_store_sync_begin_deferred_pull()
 * on the pull's own store, off the main loop (dropping a few hundred
 * indexes and committing took 8-9 ms of the main thread's CPU and 20-40 ms
 * of its wall clock at the start of an initial sync). Its connection
 * skips the FTS triggers from now on when the pull defers.
 */
gboolean
kt_store_sync_plan_pull (KtStore   *self,
                         gboolean  *out_deferred,
                         GError   **error)
{
  gboolean deferred = FALSE;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_deferred != NULL, FALSE);

  if (kt_store_sync_is_deferred (self))
    deferred = TRUE;
  else if (kt_store_sync_get_cursor (self, NULL) == 0 &&
           !synced_tables_empty (self, &deferred, error))
    return FALSE;

  if (deferred)
    kt_store_sync_set_fts_deferred (self, TRUE);
  *out_deferred = deferred;
  return TRUE;
}

/* Sets the flag and drops the indexes unless the flag is set already:
 * when @force, whatever the tables hold (the plan was made on another
 * connection, and the UI may have written since). */
static gboolean
begin_pull (KtStore   *self,
            gboolean   force,
            gboolean  *out_deferred,
            GError   **error)
{
  gboolean deferred = FALSE;

  if (kt_store_sync_is_deferred (self))
    deferred = TRUE;
  else if (force || kt_store_sync_get_cursor (self, NULL) == 0)
    {
      gboolean empty = force;

      if (!kt_store_sync_begin (self, error))
        return FALSE;
      /* The flag and the dropped indexes commit together, before the
       * first page: from then on a crash anywhere leaves a store that
       * knows its indexes are behind. */
      if ((!force && !synced_tables_empty (self, &empty, error)) ||
          (empty && (!drop_indexes (self, error) ||
                     !kt_store_set_meta (self, KT_STORE_SYNC_META_INDEXES_PENDING, "1", error))) ||
          !kt_store_sync_commit (self, error))
        {
          kt_store_sync_rollback (self);
          return FALSE;
        }
      deferred = empty;
    }

  if (deferred)
    kt_store_sync_set_fts_deferred (self, TRUE);
  if (out_deferred != NULL)
    *out_deferred = deferred;
  return TRUE;
}

/**
 * kt_store_sync_begin_pull:
 * @self: the store the pull writes through, or the UI's store (then
 *   before the pull starts)
 * @out_deferred: (out) (optional): whether this pull defers the indexes
 * @error: return location for a #GError
 */
gboolean
kt_store_sync_begin_pull (KtStore   *self,
                          gboolean  *out_deferred,
                          GError   **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  return begin_pull (self, FALSE, out_deferred, error);
}

/**
 * kt_store_sync_begin_deferred_pull:
 * @self: the store the pull writes through
 * @error: return location for a #GError
 *
 * kt_store_sync_begin_pull() for a pull that kt_store_sync_plan_pull()
 * deferred: defers whatever the tables hold now.
 */
gboolean
kt_store_sync_begin_deferred_pull (KtStore  *self,
                                   GError  **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  return begin_pull (self, TRUE, NULL, error);
}

gboolean
kt_store_sync_fill_fts (KtStore         *self,
                        const KtEntity  *entity,
                        GError         **error)
{
  g_autoptr (GString) columns = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* The index's columns as the file has them (kt-store-schema.c makes
   * them), so this follows the schema wherever it goes. */
  sql = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s_fts')", entity->plural);
  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (columns, "%s\"%s\"", columns->len > 0 ? ", " : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc, _("Could not read the schema"));
      return FALSE;
    }
  if (columns->len == 0)
    return TRUE;

  /* As the migration to version 3 fills it: live rows only, never
   * 'rebuild', which would index the tombstones too. FTS5 writes its
   * in-memory terms out as a new segment whenever they pass 'hashsize'
   * (1 MiB by default) and merges those segments as it goes; for a fill
   * of a million rows a larger buffer means far fewer segments to merge
   * (30 % less CPU for the fill, docs/performance.md). The setting is
   * stored with the index, so it goes back to the default after. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO \"%s_fts\" (\"%s_fts\") VALUES ('delete-all');\n"
                         "INSERT INTO \"%s_fts\" (\"%s_fts\", rank) VALUES ('hashsize', %d);\n"
                         "INSERT INTO \"%s_fts\" (rowid, %s) SELECT kt_rowid, %s FROM \"%s\" "
                         "WHERE deleted = 0;\n"
                         "INSERT INTO \"%s_fts\" (\"%s_fts\", rank) VALUES ('hashsize', %d);",
                         entity->plural, entity->plural,
                         entity->plural, entity->plural, FILL_HASH_BYTES,
                         entity->plural, columns->str, columns->str, entity->plural,
                         entity->plural, entity->plural, FTS5_DEFAULT_HASH_BYTES);
  return kt_store_exec (self, sql, error);
}


/* The most helper threads the sorter of a CREATE INDEX may use: it sorts
 * and writes a full batch on a helper while the scan goes on, when a core
 * is free for it. (Reading the file through a memory map instead of
 * pread() cut the builds' CPU by about a fifth, but unmapping 700 MiB at
 * the end held the process's memory map lock for 200 ms, stalling the
 * main loop, and the map counted in the client's RSS: measured and left
 * out, docs/performance.md, "Initial sync: the end".) */
#define BUILD_MAX_SORT_THREADS 4

/* The sorter's batch while the indexes are built: a quarter of the
 * connection's 32 MiB cache. The sorter holds keys in memory up to the
 * cache's size, then sorts and writes them as one batch; smaller batches
 * hand more of the sorting to the helper while the scan goes on (the
 * contacts' 13 builds at a million rows: 28.5 s by the wall clock with
 * 32 MiB, 22.3 s with 8, 24.1 with 4, 27.0 with 16;
 * docs/performance.md, "Initial sync: the sorter's threads"). */
#define BUILD_CACHE_KIB 8192

/* SQLite's values of PRAGMA temp_store. */
#define TEMP_STORE_FILE 1

/* The connection settings the builds change, as they were. */
typedef struct {
  gint64 threads;
  gint64 temp_store;
  gint64 cache_size;
} BuildPragmas;

static gboolean
set_build_pragmas (KtStore             *self,
                   const BuildPragmas  *pragmas,
                   GError             **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA threads = %" G_GINT64_FORMAT ";"
                                          "PRAGMA temp_store = %" G_GINT64_FORMAT ";"
                                          "PRAGMA cache_size = %" G_GINT64_FORMAT ";",
                                          pragmas->threads, pragmas->temp_store, pragmas->cache_size);

  return kt_store_exec (self, sql, error);
}

/* Only the connection's settings: nothing the file keeps, so a crash in
 * the middle leaves nothing to undo.
 *
 * temp_store goes from MEMORY (kt-store.c) to FILE because SQLite's
 * sorter runs no helper thread at all on a connection whose temporary
 * storage is in memory (vdbesort.c: sqlite3TempInMemory() sets its
 * workers to 0): PRAGMA threads alone did nothing. The price is that a
 * sort larger than a batch writes its batches to a temporary file
 * (/var/tmp on Linux; they stayed in memory before), up to the size of
 * the index's keys: if that fails (no space, no temporary directory),
 * build_indexes() builds the rest as before. The worker's connection
 * has no temporary tables for the change to drop. */
static gboolean
tune_for_builds (KtStore      *self,
                 BuildPragmas *saved,
                 GError      **error)
{
  BuildPragmas tuned = {
    CLAMP ((gint64) g_get_num_processors () - 1, 0, BUILD_MAX_SORT_THREADS),
    TEMP_STORE_FILE,
    -BUILD_CACHE_KIB,
  };
  const char *what = _("Could not read the store’s settings");

  if (!kt_store_read_int64 (self, "PRAGMA threads", &saved->threads, what, error) ||
      !kt_store_read_int64 (self, "PRAGMA temp_store", &saved->temp_store, what, error) ||
      !kt_store_read_int64 (self, "PRAGMA cache_size", &saved->cache_size, what, error))
    return FALSE;
  if (tuned.threads == 0)
    {
      /* One core: nothing to hand the sorts to. */
      tuned.temp_store = saved->temp_store;
      tuned.cache_size = saved->cache_size;
    }
  return set_build_pragmas (self, &tuned, error);
}

/* The deferred indexes, built with the sorter tuned, and the connection's
 * settings back as they were whether the builds failed or not: this
 * connection goes on writing pages. */
static gboolean
build_indexes (KtStore  *self,
               GError  **error)
{
  g_autoptr (GError) build_error = NULL;
  g_autoptr (GError) restore_error = NULL;
  BuildPragmas saved;
  gboolean ok;

  if (!tune_for_builds (self, &saved, error))
    return FALSE;
  ok = restore_indexes (self, &build_error);
  if (!ok && g_error_matches (build_error, KT_STORE_ERROR, KT_STORE_ERROR_IO))
    {
      /* Most likely the sorter's temporary file (a full /var/tmp): the
       * rest in memory, one thread, as the connection is set up. What
       * was built stays built. */
      g_debug ("Building the indexes with the sorter in memory after: %s", build_error->message);
      g_clear_error (&build_error);
      ok = set_build_pragmas (self, &saved, &build_error) &&
           restore_indexes (self, &build_error);
    }
  if (!set_build_pragmas (self, &saved, &restore_error))
    {
      if (ok)
        {
          g_propagate_error (error, g_steal_pointer (&restore_error));
          return FALSE;
        }
      g_warning ("Could not restore the store's settings after an initial sync: %s", restore_error->message);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&build_error));
  return ok;
}

/* Builds the deferred indexes, fills the FTS and clears the flag. */
static gboolean
end_pull (KtStore  *self,
          GError  **error)
{
  const KtEntity * const *entities = kt_entity_all ();
  gint64 started = g_get_monotonic_time ();

  if (!build_indexes (self, error))
    return FALSE;

  /* One transaction per FTS index; the flags go with the last. */
  for (guint i = 0; ; i++)
    {
      gboolean last = entities[i] == NULL;

      gint64 fill_started = g_get_monotonic_time ();
      gint64 fill_cpu = process_cpu_us ();

      if (!last && !kt_store_entity_has_fts (entities[i]))
        continue;
      if (!kt_store_sync_begin (self, error))
        return FALSE;
      if ((!last && !kt_store_sync_fill_fts (self, entities[i], error)) ||
          (last && (!kt_store_set_meta (self, META_DEFERRED_INDEXES, NULL, error) ||
                    !kt_store_set_meta (self, KT_STORE_SYNC_META_INDEXES_PENDING, NULL, error))) ||
          !kt_store_sync_commit (self, error))
        {
          kt_store_sync_rollback (self);
          return FALSE;
        }
      if (!last)
        g_debug ("Filled the FTS index of %s in %" G_GINT64_FORMAT " ms (CPU %" G_GINT64_FORMAT " ms)",
                 entities[i]->plural, (g_get_monotonic_time () - fill_started) / 1000,
                 (process_cpu_us () - fill_cpu) / 1000);
      if (last)
        break;
    }

  g_debug ("Built the indexes an initial sync deferred in %" G_GINT64_FORMAT " ms",
           (g_get_monotonic_time () - started) / 1000);
  return TRUE;
}

/**
 * kt_store_sync_end_pull:
 * @self: a #KtStore
 * @error: return location for a #GError
 */
gboolean
kt_store_sync_end_pull (KtStore  *self,
                        GError  **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  kt_store_sync_set_fts_deferred (self, FALSE);
  if (!kt_store_sync_is_deferred (self))
    return TRUE;
  return end_pull (self, error);
}

void
kt_store_sync_resume_fts (KtStore *self)
{
  g_return_if_fail (KT_IS_STORE (self));

  kt_store_sync_set_fts_deferred (self, FALSE);
}

gboolean
kt_store_sync_refill_fts (KtStore  *self,
                          GError  **error)
{
  const KtEntity * const *entities = kt_entity_all ();

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  for (guint i = 0; entities[i] != NULL; i++)
    {
      if (!kt_store_entity_has_fts (entities[i]))
        continue;
      if (!kt_store_sync_begin (self, error))
        return FALSE;
      if (!kt_store_sync_fill_fts (self, entities[i], error) ||
          !kt_store_sync_commit (self, error))
        {
          kt_store_sync_rollback (self);
          return FALSE;
        }
    }

  return TRUE;
}
