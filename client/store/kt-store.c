/* kt-store.c: opening the store, its meta rows and statement cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-paths.h"
#include "kt-store-private.h"

/* Dynamic queries (search + filters + sort) are cached by their SQL text
 * too; past this many distinct statements the cache starts over. */
#define MAX_CACHED_STATEMENTS 256

struct _KtStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt */
  KtHlc      *clock;
  char       *org_id;
  char       *user_id;
  gint64      data_version;  /* PRAGMA data_version when last looked */
};

G_DEFINE_FINAL_TYPE (KtStore, kt_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (kt-store-error-quark, kt_store_error)

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/* What a person reads for an SQLite result: what happened and what to do,
 * never SQLite's own English (that goes to the debug log). */
static const char *
describe_result (int           rc,
                 KtStoreError *out_code)
{
  *out_code = KT_STORE_ERROR_FAILED;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      *out_code = KT_STORE_ERROR_IO;
      return _("the disk is full. Free some space and try again.");

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      *out_code = KT_STORE_ERROR_BUSY;
      return _("the store is busy with another program (Kantora or kantora-cli). "
               "Try again in a moment.");

    case SQLITE_READONLY:
      *out_code = KT_STORE_ERROR_IO;
      return _("the store cannot be written to. Check that its file and folder "
               "are writable, and that the disk is not mounted read-only.");

    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      *out_code = KT_STORE_ERROR_IO;
      return _("the store’s file cannot be opened. Check that its folder exists "
               "and that you may read and write it.");

    case SQLITE_IOERR:
      *out_code = KT_STORE_ERROR_IO;
      return _("reading or writing the disk failed. Check the disk and try again.");

    case SQLITE_CORRUPT:
      *out_code = KT_STORE_ERROR_CORRUPT;
      return _("the store is damaged. Quit Kantora and restore the store from a "
               "backup; what was synced can be pulled from the server again.");

    case SQLITE_NOTADB:
      *out_code = KT_STORE_ERROR_NOT_A_STORE;
      return _("the file is not a Kantora store. Check the store’s path.");

    case SQLITE_CONSTRAINT:
      return _("the change conflicts with what is already in the store. "
               "Reload the record and try again.");

    case SQLITE_TOOBIG:
      return _("a value is too large to store. Shorten it and try again.");

    case SQLITE_NOMEM:
      return _("there is not enough memory. Close other programs and try again.");

    case SQLITE_INTERRUPT:
      return _("it was interrupted. Try again.");

    default:
      return _("the store failed unexpectedly. Try again; if it keeps "
               "happening, please report a bug.");
    }
}

void
kt_store_set_sqlite_error (GError     **error,
                           sqlite3     *db,
                           int          rc,
                           const char  *what)
{
  KtStoreError code;
  const char *sentence = describe_result (rc, &code);

  /* SQLite's own words are for developers: run with
   * G_MESSAGES_DEBUG=kt-store to see them. */
  g_debug ("%s: %s (SQLite result %d)", what,
           db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc), rc);
  g_set_error (error, KT_STORE_ERROR, code, "%s: %s", what, sentence);
}

sqlite3 *
kt_store_get_db (KtStore *self)
{
  g_return_val_if_fail (KT_IS_STORE (self), NULL);

  return self->db;
}

sqlite3_stmt *
kt_store_prepare (KtStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (KT_IS_STORE (self));
  g_assert (sql != NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (g_hash_table_size (self->statements) >= MAX_CACHED_STATEMENTS)
    g_hash_table_remove_all (self->statements);

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                           &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, self->db, rc,
                                 _("Could not prepare a query"));
      g_debug ("Failed SQL: %s", sql);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

sqlite3_stmt *
kt_store_prepare_once (sqlite3     *db,
                       const char  *sql,
                       const char  *what,
                       GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert (db != NULL);
  g_assert (sql != NULL);

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, db, rc, what);
      return NULL;
    }
  return stmt;
}

void
kt_store_bind_text_named (sqlite3_stmt *stmt,
                          const char   *name,
                          const char   *value)
{
  int idx = sqlite3_bind_parameter_index (stmt, name);

  if (idx > 0)
    sqlite3_bind_text (stmt, idx, value, -1, SQLITE_TRANSIENT);
}

gboolean
kt_store_read_stamp (KtStore     *self,
                     gint64      *out_changes,
                     gint64      *out_data_version,
                     const char  *what,
                     GError     **error)
{
  if (!kt_store_read_int64 (self, "PRAGMA data_version", out_data_version, what, error))
    return FALSE;

  *out_changes = sqlite3_total_changes64 (self->db);
  return TRUE;
}

/* The first column of the first row of @sql (a statement without
 * parameters, kept prepared); @what names the failure. */
gboolean
kt_store_read_int64 (KtStore     *self,
                     const char  *sql,
                     gint64      *out_value,
                     const char  *what,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kt_store_set_sqlite_error (error, self->db, rc, what);
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_store_exec (KtStore     *self,
               const char  *sql,
               GError     **error)
{
  int rc;

  g_assert (KT_IS_STORE (self));

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, self->db, rc, _("Database error"));
      return FALSE;
    }

  return TRUE;
}

void
kt_store_emit_changed (KtStore    *self,
                       const char *entity_name,
                       const char *record_id)
{
  g_signal_emit (self, signals[CHANGED], 0, entity_name, record_id);
}

static void
kt_store_finalize (GObject *object)
{
  KtStore *self = (KtStore *)object;

  /* What the lists learnt of their orders this session, for the next
   * process that opens them (kt-store-search-saved.c). */
  if (self->db != NULL)
    kt_store_save_orders (self);

  /* Statements first: sqlite3_close() refuses while any are alive. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      if (sqlite3_close (self->db) != SQLITE_OK)
        g_warning ("Could not close the store: %s", sqlite3_errmsg (self->db));
      self->db = NULL;
    }
  g_clear_pointer (&self->clock, kt_hlc_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->org_id, g_free);
  g_clear_pointer (&self->user_id, g_free);

  G_OBJECT_CLASS (kt_store_parent_class)->finalize (object);
}

static void
kt_store_class_init (KtStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kt_store_finalize;

  /**
   * KtStore::changed:
   * @entity_name: the entity's name, e.g. "contact"
   * @record_id: (nullable): the record, or %NULL for a bulk change
   *
   * Emitted after a write has been committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
kt_store_init (KtStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            g_free, finalize_statement);
}

static gboolean
ensure_meta (KtStore     *self,
             const char  *key,
             char       **out_value,
             char      *(*make) (void),
             GError     **error)
{
  g_autofree char *value = kt_store_get_meta (self, key);

  if (value == NULL)
    {
      g_autofree char *made = make ();
      sqlite3_stmt *stmt;
      int rc;

      /* Two processes may open a new store at once (kantora-cli runs from
       * cron): the first value written wins and both read it back, so
       * they never work as two different organizations. */
      stmt = kt_store_prepare (self,
                               "INSERT INTO kt_meta (key, value) VALUES (?1, ?2) "
                               "ON CONFLICT (key) DO NOTHING",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, made, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          kt_store_set_sqlite_error (error, self->db, rc, _("Could not save a setting"));
          return FALSE;
        }

      value = kt_store_get_meta (self, key);
      if (value == NULL)
        {
          g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_FAILED,
                       _("Could not save a setting: the store failed unexpectedly. "
                         "Try again; if it keeps happening, please report a bug."));
          return FALSE;
        }
    }

  *out_value = g_steal_pointer (&value);
  return TRUE;
}

static char *
make_node_id (void)
{
  /* Eight random bytes as 16 hex digits: the HLC node of this replica. */
  return g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
}

int
kt_store_busy_timeout_ms (void)
{
  const char *text = g_getenv ("KT_STORE_BUSY_TIMEOUT_MS");
  guint64 value;

  /* The tests shorten the wait to see the error without waiting long. */
  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    return (int) value;
  return KT_STORE_BUSY_TIMEOUT_MS;
}

static int
set_wal_mode (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean is_wal = FALSE;
  int rc;

  /* Reading the mode first reads the file's header: a store that is
   * already WAL (every store after its first open) then needs no write
   * at all, and asking for WAL again would take a write lock that
   * another process's commit or checkpoint may hold. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      is_wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK || is_wal)
    return rc;

  return sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
}

/* With KT_STORE_TRACE set, every statement the store runs is logged with
 * its wall time and virtual machine steps: how one finds what a screen
 * costs (docs/performance.md). */
static int
trace_statement (unsigned int  type,
                 void         *user_data,
                 void         *p,
                 void         *x)
{
  sqlite3_stmt *stmt = p;
  int misses = 0, high = 0;

  if (type != SQLITE_TRACE_PROFILE)
    return 0;
  /* Pages read from the file since the last statement of this
   * connection (with memory mapping on, mapped pages are not counted). */
  sqlite3_db_status (sqlite3_db_handle (stmt), SQLITE_DBSTATUS_CACHE_MISS, &misses, &high, TRUE);
  /* The text as prepared, without the bound values: a person's data never
   * reaches the log. */
  g_printerr ("kt-store: %.3f ms, %d steps, %d pages read: %s\n",
              (double) *(sqlite3_int64 *) x / 1e6,
              sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_VM_STEP, FALSE),
              misses, sqlite3_sql (stmt));
  return 0;
}

static gboolean
configure_connection (sqlite3     *db,
                      GError     **error)
{
  /* NORMAL is durable across application crashes and only risks the
   * last transactions on power loss. Foreign keys stay off: sync may
   * deliver a child before its parent. */
  static const char pragmas[] =
    "PRAGMA synchronous = NORMAL;"
    "PRAGMA foreign_keys = OFF;"
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA cache_size = -32000;"
    /* No memory-mapped reads: a mapped page costs no read(), but every
     * fault maps its neighbours too, so on a 100,000-contact store the
     * first screen held 80 MiB of the file in the client's memory and a
     * search run 140 MiB, for 0.15 ms a search (docs/performance.md,
     * "The client's memory"). */
    "PRAGMA mmap_size = 0;";
  gint64 deadline;
  gulong pause_us = 1000;
  int rc;

  sqlite3_busy_timeout (db, kt_store_busy_timeout_ms ());
  kt_store_register_functions (db);
  if (g_getenv ("KT_STORE_TRACE") != NULL)
    sqlite3_trace_v2 (db, SQLITE_TRACE_PROFILE, trace_statement, NULL);

  /* WAL lets readers go on while a save commits. SQLite does not call
   * the busy handler everywhere on the way to it: while the last
   * connection of another process checkpoints and removes its WAL file,
   * or while a connection recovers the WAL index, opening answers
   * SQLITE_BUSY at once. Such a moment is short, so wait for it as the
   * busy timeout would, rather than tell the person the store is busy. */
  deadline = g_get_monotonic_time () + (gint64) kt_store_busy_timeout_ms () * 1000;
  while ((rc = set_wal_mode (db)) != SQLITE_OK &&
         ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) &&
         g_get_monotonic_time () < deadline)
    {
      g_usleep (pause_us);
      pause_us = MIN (pause_us * 2, 50 * 1000);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, pragmas, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, db, rc, _("Could not configure the store"));
      return FALSE;
    }

  return TRUE;
}

/* Changes whenever another connection (another process such as
 * kantora-cli, or a worker's own KtStore) commits; never for this
 * connection's own writes. -1 when it cannot be read. */
static gint64
read_data_version (KtStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/**
 * kt_store_open:
 * @path: the store's file name
 * @error: return location for a #GError
 *
 * Opens the store at @path, creating it if it does not exist and
 * migrating it if an older version of Kantora made it. An existing file
 * is inspected read-only first: one that is not SQLite, not a Kantora
 * store, damaged, or made by a newer version is refused and left exactly
 * as it was.
 *
 * Returns: (transfer full) (nullable): the store
 */
KtStore *
kt_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(KtStore) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *node = NULL;
  g_autofree char *last_hlc = NULL;
  int version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!kt_store_inspect_file (path, &version, error))
        return NULL;
    }
  else
    {
      dir = g_path_get_dirname (path);
      if (!kt_paths_ensure_dir (dir, error))
        return NULL;
    }

  self = g_object_new (KT_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Could not open the store “%s”"), path);

      kt_store_set_sqlite_error (error, self->db, rc, what);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);

  if (!configure_connection (self->db, error))
    return NULL;

  if (version < KT_STORE_SCHEMA_VERSION &&
      !kt_store_migrate (self->db, version, error))
    return NULL;

  if (!ensure_meta (self, "org_id", &self->org_id, kt_uuid_new, error) ||
      !ensure_meta (self, "user_id", &self->user_id, kt_uuid_new, error) ||
      !ensure_meta (self, "hlc_node", &node, make_node_id, error))
    return NULL;

  self->clock = kt_hlc_new (node);
  self->data_version = read_data_version (self);

  /* The clock must never run backwards across restarts, even if the wall
   * clock did: resume after the last stamp this store handed out or
   * observed, however far ahead of this computer's clock it is (a slow
   * clock would otherwise stamp the next edit before a value it saw). */
  last_hlc = kt_store_get_meta (self, "hlc_last");
  if (last_hlc != NULL)
    {
      g_autoptr(GError) clock_error = NULL;

      if (!kt_hlc_observe_accepted (self->clock, last_hlc, &clock_error))
        g_debug ("Not resuming the clock: %s", clock_error->message);
    }

  return g_steal_pointer (&self);
}

/**
 * kt_store_default_path:
 *
 * Returns: (transfer full): $XDG_DATA_HOME/kantora/kantora.db
 */
char *
kt_store_default_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kt_paths_get_data_dir (&error);

  /* A missing folder is reported again, with its reason, when the store
   * is opened; the path itself is still well defined. */
  if (dir == NULL)
    {
      g_debug ("%s", error->message);
      return g_build_filename (g_get_user_data_dir (), "kantora", "kantora.db", NULL);
    }

  return g_build_filename (dir, "kantora.db", NULL);
}

const char *
kt_store_get_path (KtStore *self)
{
  g_return_val_if_fail (KT_IS_STORE (self), NULL);

  return self->path;
}

const char *
kt_store_get_org_id (KtStore *self)
{
  g_return_val_if_fail (KT_IS_STORE (self), NULL);

  return self->org_id;
}

const char *
kt_store_get_user_id (KtStore *self)
{
  g_return_val_if_fail (KT_IS_STORE (self), NULL);

  return self->user_id;
}

KtHlc *
kt_store_get_clock (KtStore *self)
{
  g_return_val_if_fail (KT_IS_STORE (self), NULL);

  return self->clock;
}

/**
 * kt_store_get_meta:
 * @self: a #KtStore
 * @key: the setting's key
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if unset
 */
char *
kt_store_get_meta (KtStore    *self,
                   const char *key)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = kt_store_prepare (self, "SELECT value FROM kt_meta WHERE key = ?1", &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

/**
 * kt_store_set_meta:
 * @self: a #KtStore
 * @key: the setting's key
 * @value: (nullable): the value; %NULL removes the key
 * @error: return location for a #GError
 */
gboolean
kt_store_set_meta (KtStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value != NULL)
    stmt = kt_store_prepare (self,
                             "INSERT INTO kt_meta (key, value) VALUES (?1, ?2) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             error);
  else
    stmt = kt_store_prepare (self, "DELETE FROM kt_meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, self->db, rc, _("Could not save a setting"));
      return FALSE;
    }

  return TRUE;
}

gboolean
kt_store_set_identity (KtStore     *self,
                       const char  *org_id,
                       const char  *user_id,
                       GError     **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (org_id != NULL && user_id != NULL, FALSE);

  if (!kt_store_set_meta (self, "org_id", org_id, error) ||
      !kt_store_set_meta (self, "user_id", user_id, error))
    return FALSE;

  g_free (self->org_id);
  self->org_id = g_strdup (org_id);
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  return TRUE;
}

/**
 * kt_store_check_external_changes:
 * @self: a #KtStore
 *
 * Looks whether another connection committed since the last look (or
 * since the store was opened): kantora-cli or cron on the same file, or
 * a worker thread's own store. If so, emits ::changed with a %NULL
 * record for every synced entity, so lists and the dashboard reload.
 * Costs one PRAGMA that reads shared memory, so a window may call it
 * every few seconds.
 *
 * Returns: %TRUE if something changed
 */
gboolean
kt_store_check_external_changes (KtStore *self)
{
  gint64 version;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  version = read_data_version (self);
  if (version == self->data_version || version < 0)
    return FALSE;

  self->data_version = version;
  for (const KtEntity * const *entity = kt_entity_all (); *entity != NULL; entity++)
    if ((*entity)->flags & KT_ENTITY_SYNCED)
      kt_store_emit_changed (self, (*entity)->name, NULL);
  return TRUE;
}
