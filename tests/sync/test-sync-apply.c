/* test-sync-apply.c: applying pulled pages in the store (no server)
 *
 * The bulk path for new records, the merge path for records the store
 * has, and an initial sync's deferred indexes: built at the end, also
 * after a crash in the middle; the UI's own writes work all along and
 * search is complete at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kt-record.h"
#include "kt-store-sync-private.h"

typedef struct {
  char    *dir;
  char    *path;
  KtStore *store;   /* the UI's store */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kt-sync-apply-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = kt_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_assert_finalize_object (fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
count (KtStore    *store,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (kt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gint64
search (KtStore        *store,
        const KtEntity *entity,
        const char     *text)
{
  g_autoptr (KtQuery) query = kt_query_new (entity);
  g_autoptr (GError) error = NULL;
  gint64 n;

  kt_query_set_search (query, text);
  n = kt_store_count (store, query, &error);
  g_assert_no_error (error);
  return n;
}

static gint64
count_indexes (KtStore *store)
{
  return count (store, "SELECT count(*) FROM sqlite_master WHERE type = 'index'");
}

/* The contacts' FTS index passes FTS5's own check, and the fill's larger
 * write buffer is not kept: row-by-row writes go back to FTS5's default
 * of 1 MiB. */
static void
assert_fts_sound (KtStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kt_store_exec (store,
                                "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 0)",
                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "SELECT count(*) FROM contacts_fts_config "
                                 "WHERE k = 'hashsize' AND v <> 1048576"), ==, 0);
}

/* A contact as the server sends it: every field with its clock. */
static JsonNode *
contact_json (const char *id,
              const char *first,
              const char *last,
              const char *hlc)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"org_id\":\"0192f1c4-0000-7000-8000-000000000001\","
    "\"created_at\":\"2026-11-25T10:00:00.000Z\",\"updated_at\":\"2026-11-25T10:00:00.000Z\","
    "\"hlc\":\"%s\",\"deleted\":false,\"first_name\":\"%s\",\"last_name\":\"%s\","
    "\"tags\":[\"vip\"],\"clocks\":{\"first_name\":\"%s\",\"last_name\":\"%s\",\"tags\":\"%s\"}}",
    id, hlc, first, last, hlc, hlc, hlc);
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

/* Applies contacts named "<prefix> <i>" for i in [from, to), as one page. */
static void
apply_contacts (KtStore    *store,
                const char *prefix,
                guint       from,
                guint       to,
                gint64      cursor)
{
  g_autoptr (GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));
  g_autoptr (KtSyncApplied) applied = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = from; i < to; i++)
    {
      g_autofree char *id = g_strdup_printf ("0192f1c5-0000-7000-8000-%012u", i);
      g_autofree char *last = g_strdup_printf ("Number%u", i);
      KtSyncChange change = { KT_ENTITY_CONTACT,
                              contact_json (id, prefix, last, "2026-11-25T10:00:00.000Z-0000-00000000000000aa") };

      g_ptr_array_add (nodes, change.record);
      g_array_append_val (changes, change);
    }

  g_assert_true (kt_store_sync_apply_changes (store, (KtSyncChange *) (gpointer) changes->data,
                                              changes->len, cursor, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied->n_changed, ==, to - from);
  g_assert_cmpuint (applied->stamps->len, ==, 1);
}

static KtStore *
open_worker (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  KtStore *worker = kt_store_open (fixture->path, &error);

  g_assert_no_error (error);
  return worker;
}

/* A fresh store: the secondary and FTS indexes wait for the end of the
 * pull, then every one is back and complete. The UI may edit and delete
 * pulled records meanwhile, and what it writes between the end and its
 * connection running the FTS triggers again is caught up. */
static void
test_initial_sync_deferred (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr (KtStore) worker = open_worker (fixture);
  g_autoptr (GError) error = NULL;
  gint64 n_indexes = count_indexes (fixture->store);
  gboolean deferred = FALSE;

  /* The engine asks on the UI's store first, then on the worker's. */
  g_assert_true (kt_store_sync_begin_pull (fixture->store, &deferred, &error));
  g_assert_no_error (error);
  g_assert_true (deferred);
  g_assert_true (kt_store_sync_is_deferred (fixture->store));
  g_assert_cmpint (count_indexes (fixture->store), <, n_indexes);
  deferred = FALSE;
  g_assert_true (kt_store_sync_begin_pull (worker, &deferred, &error));
  g_assert_true (deferred);

  apply_contacts (worker, "Zoltan", 0, 300, 300);
  apply_contacts (worker, "Yvette", 300, 600, 600);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM contacts"), ==, 600);
  /* The FTS index is behind while the pull runs. */
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "zolt"), ==, 0);

  /* The UI edits and deletes pulled records while the pull runs. */
  {
    g_autoptr (KtRecord) record = kt_store_get (fixture->store, KT_ENTITY_CONTACT,
                                                "0192f1c5-0000-7000-8000-000000000007", &error);

    g_assert_no_error (error);
    kt_record_set_string (record, "first_name", "Wilhelmina");
    g_assert_true (kt_store_save (fixture->store, record, &error));
    g_assert_no_error (error);
    g_assert_true (kt_store_delete (fixture->store, KT_ENTITY_CONTACT,
                                    "0192f1c5-0000-7000-8000-000000000008", &error));
    g_assert_no_error (error);
  }
  apply_contacts (worker, "Vera", 600, 700, 700);

  g_assert_true (kt_store_sync_end_pull (worker, &error));
  g_assert_no_error (error);
  g_assert_false (kt_store_sync_is_deferred (fixture->store));

  /* The UI writes before its connection runs the triggers again: the
   * catch-up fill takes it in. */
  {
    g_autoptr (KtRecord) record = kt_record_new (KT_ENTITY_CONTACT);

    kt_record_set_string (record, "first_name", "Ulrike");
    g_assert_true (kt_store_save (fixture->store, record, &error));
    g_assert_no_error (error);
    g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "ulri"), ==, 0);
  }
  kt_store_sync_resume_fts (fixture->store);
  g_assert_true (kt_store_sync_refill_fts (worker, &error));
  g_assert_no_error (error);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "ulri"), ==, 1);

  g_assert_cmpint (count_indexes (fixture->store), ==, n_indexes);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "zolt"), ==, 298);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "wilhelm"), ==, 1);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "yvet num"), ==, 300);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "vip"), ==, 699);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "vera"), ==, 100);
  g_assert_cmpint (kt_store_sync_get_cursor (fixture->store, NULL), ==, 700);
  /* The lists' sort index is used again. */
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM sqlite_master "
                                          "WHERE name = 'contacts_sort_first_name'"), ==, 1);

  /* Back to the triggers: a local save is searchable at once. */
  {
    g_autoptr (KtRecord) record = kt_record_new (KT_ENTITY_CONTACT);

    kt_record_set_string (record, "first_name", "Xenia");
    g_assert_true (kt_store_save (fixture->store, record, &error));
    g_assert_no_error (error);
    g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "xen"), ==, 1);
  }
  assert_fts_sound (fixture->store);
}

/* A crash in the middle: the next pull resumes in the same mode, and its
 * end builds the indexes over everything, the first pull's pages too. */
static void
test_initial_sync_crash_resumes (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 n_indexes = count_indexes (fixture->store);
  gboolean deferred = FALSE;

  {
    g_autoptr (KtStore) worker = open_worker (fixture);

    g_assert_true (kt_store_sync_begin_pull (fixture->store, &deferred, &error));
    g_assert_true (deferred);
    g_assert_true (kt_store_sync_begin_pull (worker, &deferred, &error));
    g_assert_true (deferred);
    apply_contacts (worker, "Zoltan", 0, 200, 200);
    /* The process dies here: no end. */
  }

  {
    g_autoptr (KtStore) worker = open_worker (fixture);

    deferred = FALSE;
    g_assert_true (kt_store_sync_begin_pull (worker, &deferred, &error));
    g_assert_no_error (error);
    g_assert_true (deferred);
    apply_contacts (worker, "Yvette", 200, 400, 400);
    g_assert_true (kt_store_sync_end_pull (worker, &error));
    g_assert_no_error (error);
  }

  kt_store_sync_resume_fts (fixture->store);
  g_assert_cmpint (count_indexes (fixture->store), ==, n_indexes);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "zolt"), ==, 200);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "yvet"), ==, 200);
  g_assert_false (kt_store_sync_is_deferred (fixture->store));
}

/* The connection settings the end changes for its builds (the sorter's
 * threads, where it keeps temporary data, its batch size), and one it
 * leaves alone. */
static char *
end_pragmas (KtStore *store)
{
  return g_strdup_printf ("mmap_size %" G_GINT64_FORMAT ", threads %" G_GINT64_FORMAT
                          ", temp_store %" G_GINT64_FORMAT ", cache_size %" G_GINT64_FORMAT,
                          count (store, "PRAGMA mmap_size"), count (store, "PRAGMA threads"),
                          count (store, "PRAGMA temp_store"), count (store, "PRAGMA cache_size"));
}

typedef struct {
  guint    calls;
  guint    budget;
  gboolean fired;
} Interrupt;

/* sqlite3_progress_handler(): a non-zero answer interrupts the running
 * statement, the way a process killed in the middle of a CREATE INDEX or
 * an FTS fill leaves it (its transaction undone). Once: what follows the
 * failure (the rollback, the settings put back) runs as it would after a
 * disk-full error. */
static int
interrupt_after_cb (void *data)
{
  Interrupt *interrupt = data;

  if (interrupt->fired || ++interrupt->calls <= interrupt->budget)
    return 0;
  interrupt->fired = TRUE;
  return 1;
}

/* The end itself cut short, again and again at later points (inside an
 * index build, between two, inside an FTS fill): each time the store
 * still knows it is behind, the connection's settings are back as they
 * were, and the next end finishes the rest. */
static void
test_initial_sync_end_interrupted (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr (KtStore) worker = open_worker (fixture);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  gint64 n_indexes = count_indexes (fixture->store);
  gboolean deferred = FALSE;
  guint failures = 0;

  g_assert_true (kt_store_sync_begin_pull (worker, &deferred, &error));
  g_assert_true (deferred);
  apply_contacts (worker, "Zoltan", 0, 2000, 2000);
  before = end_pragmas (worker);

  for (guint budget = 1; ; budget *= 2)
    {
      Interrupt interrupt = { 0, budget, FALSE };
      g_autofree char *after = NULL;
      gboolean ended;

      sqlite3_progress_handler (kt_store_get_db (worker), 100, interrupt_after_cb, &interrupt);
      ended = kt_store_sync_end_pull (worker, &error);
      sqlite3_progress_handler (kt_store_get_db (worker), 0, NULL, NULL);
      after = end_pragmas (worker);
      g_assert_cmpstr (after, ==, before);
      if (ended)
        break;
      g_assert_error (error, KT_STORE_ERROR, KT_STORE_ERROR_FAILED);
      g_clear_error (&error);
      failures++;
      g_assert_true (kt_store_sync_is_deferred (fixture->store));
      /* As after a crash: the next pull resumes in the same mode. */
      g_assert_true (kt_store_sync_begin_pull (worker, &deferred, &error));
      g_assert_true (deferred);
    }
  g_assert_no_error (error);
  /* Cut short inside the builds and inside the fills, not only once. */
  g_assert_cmpuint (failures, >=, 5);

  kt_store_sync_resume_fts (fixture->store);
  g_assert_false (kt_store_sync_is_deferred (fixture->store));
  g_assert_cmpint (count_indexes (fixture->store), ==, n_indexes);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "zolt"), ==, 2000);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "number1999"), ==, 1);
  assert_fts_sound (fixture->store);
}

/* A VFS over the default one that refuses to create temporary files
 * while refuse_temp is set, as a full /var/tmp does: the index builds'
 * sorter writes its batches to such files. */
static sqlite3_vfs *real_vfs;
static sqlite3_vfs full_tmp_vfs;
static gboolean refuse_temp;
static guint refused_temp_opens;

static int
full_tmp_open (sqlite3_vfs  *vfs,
               const char   *name,
               sqlite3_file *file,
               int           flags,
               int          *out_flags)
{
  if (refuse_temp && (flags & SQLITE_OPEN_TEMP_JOURNAL) != 0)
    {
      refused_temp_opens++;
      file->pMethods = NULL;
      return SQLITE_FULL;
    }
  return real_vfs->xOpen (real_vfs, name, file, flags, out_flags);
}

/* The end when the sorter cannot write its temporary file: the builds
 * go on in memory, every index is built, the settings are back, and
 * nothing is reported to the user. */
static void
test_initial_sync_end_temp_full (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr (KtStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GString) first = g_string_new (NULL);
  gint64 n_indexes = count_indexes (fixture->store);
  gboolean deferred = FALSE;
  gboolean ended;

  if (g_get_num_processors () < 2)
    {
      /* One core: the builds keep the sorter in memory from the start. */
      g_test_skip ("the sorter's helper threads need two cores");
      return;
    }

  real_vfs = sqlite3_vfs_find (NULL);
  full_tmp_vfs = *real_vfs;
  full_tmp_vfs.zName = "kt-test-full-tmp";
  full_tmp_vfs.xOpen = full_tmp_open;
  g_assert_cmpint (sqlite3_vfs_register (&full_tmp_vfs, 1), ==, SQLITE_OK);
  worker = open_worker (fixture);

  g_assert_true (kt_store_sync_begin_pull (worker, &deferred, &error));
  g_assert_true (deferred);
  /* First names of 2 KB: 5,000 of them are more keys than the sorter's
   * batch holds in memory (8 MiB), so it wants a temporary file. */
  for (guint i = 0; i < 250; i++)
    g_string_append (first, "Zoltanovich");
  g_string_truncate (first, 2048);
  apply_contacts (worker, first->str, 0, 5000, 5000);
  before = end_pragmas (worker);

  refuse_temp = TRUE;
  ended = kt_store_sync_end_pull (worker, &error);
  refuse_temp = FALSE;
  g_assert_no_error (error);
  g_assert_true (ended);
  g_assert_cmpuint (refused_temp_opens, >, 0);
  after = end_pragmas (worker);
  g_assert_cmpstr (after, ==, before);

  kt_store_sync_resume_fts (fixture->store);
  g_assert_false (kt_store_sync_is_deferred (fixture->store));
  g_assert_cmpint (count_indexes (fixture->store), ==, n_indexes);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "number4999"), ==, 1);
  assert_fts_sound (fixture->store);

  g_clear_object (&worker);
  g_assert_cmpint (sqlite3_vfs_register (real_vfs, 1), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_vfs_unregister (&full_tmp_vfs), ==, SQLITE_OK);
}

/* A store with records defers nothing; a pulled record the store has is
 * merged field by field: an unpushed local edit (newer clock) stays, the
 * replaced value goes to the history, and new records go in too. */
static void
test_merge_keeps_local_edit (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (KtRecord) local = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) after = NULL;
  g_autoptr (KtStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) remote = NULL;
  g_autoptr (KtSyncApplied) applied = NULL;
  g_autofree char *remote_hlc = NULL;
  gint64 n_indexes = count_indexes (fixture->store);
  gint64 outbox;
  gboolean deferred = TRUE;
  KtSyncChange change = { 0 };

  /* The remote write happened before the local one. */
  remote_hlc = g_strdup ("2020-01-01T00:00:00.000Z-0000-00000000000000bb");
  kt_record_set_string (local, "first_name", "Local");
  kt_record_set_string (local, "last_name", "Edit");
  g_assert_true (kt_store_save (fixture->store, local, &error));
  g_assert_no_error (error);
  outbox = count (fixture->store, "SELECT count(*) FROM outbox");

  worker = open_worker (fixture);
  g_assert_true (kt_store_sync_begin_pull (worker, &deferred, &error));
  g_assert_false (deferred);
  g_assert_cmpint (count_indexes (fixture->store), ==, n_indexes);

  /* The server's older first_name loses; its job_title (never written
   * here) wins. */
  {
    g_autofree char *json = g_strdup_printf (
      "{\"id\":\"%s\",\"hlc\":\"%s\",\"deleted\":false,\"first_name\":\"Server\","
      "\"job_title\":\"Engineer\",\"clocks\":{\"first_name\":\"%s\",\"job_title\":\"%s\"}}",
      kt_record_get_id (local), remote_hlc, remote_hlc, remote_hlc);

    remote = json_from_string (json, &error);
    g_assert_no_error (error);
  }
  change.entity = KT_ENTITY_CONTACT;
  change.record = remote;
  g_assert_true (kt_store_sync_apply_changes (worker, &change, 1, 7, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied->n_changed, ==, 1);
  kt_store_sync_announce (fixture->store, applied);

  after = kt_store_get (fixture->store, KT_ENTITY_CONTACT, kt_record_get_id (local), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (after, "first_name"), ==, "Local");
  g_assert_cmpstr (kt_record_get_string (after, "last_name"), ==, "Edit");
  g_assert_cmpstr (kt_record_get_string (after, "job_title"), ==, "Engineer");
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM outbox"), ==, outbox);
  g_assert_cmpint (kt_store_sync_get_cursor (fixture->store, NULL), ==, 7);
  g_assert_true (kt_store_sync_end_pull (worker, &error));
  g_assert_no_error (error);
}

/* A value of the wrong type fails the page with an error naming the
 * field, and nothing of the page is kept. */
static void
test_wrong_type_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (JsonNode) good = contact_json ("0192f1c5-0000-7000-8000-000000000001", "Good", "One",
                                            "2026-11-25T10:00:00.000Z-0000-00000000000000aa");
  g_autoptr (JsonNode) bad = json_from_string ("{\"id\":\"0192f1c5-0000-7000-8000-000000000002\","
                                               "\"hlc\":\"2026-11-25T10:00:00.000Z-0000-00000000000000aa\","
                                               "\"deleted\":false,\"first_name\":42}", NULL);
  g_autoptr (GError) error = NULL;
  KtSyncChange changes[] = { { KT_ENTITY_CONTACT, good }, { KT_ENTITY_CONTACT, bad } };

  g_assert_false (kt_store_sync_apply_changes (fixture->store, changes, 2, 5, NULL, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "first_name"));
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (kt_store_sync_get_cursor (fixture->store, NULL), ==, 0);
}

/* Logging out in the middle of an initial sync leaves a store with every
 * index, like a fresh one. */
static void
test_forget_during_initial_sync (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr (KtStore) worker = open_worker (fixture);
  g_autoptr (GError) error = NULL;
  gint64 n_indexes = count_indexes (fixture->store);
  gboolean deferred = FALSE;

  g_assert_true (kt_store_sync_begin_pull (worker, &deferred, &error));
  g_assert_true (deferred);
  apply_contacts (worker, "Zoltan", 0, 50, 50);
  g_clear_object (&worker);

  g_assert_true (kt_store_sync_forget_account (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_false (kt_store_sync_is_deferred (fixture->store));
  g_assert_cmpint (count_indexes (fixture->store), ==, n_indexes);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "zolt"), ==, 0);
  g_assert_true (kt_store_exec (fixture->store,
                                "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 0)",
                                &error));
  g_assert_no_error (error);
}

/* Counts the contact upserts of the merge path, which the bulk path
 * never runs. */
static int
trace_upserts (unsigned  type,
               void     *data,
               void     *p,
               void     *x)
{
  const char *sql = sqlite3_sql (p);

  if (type == SQLITE_TRACE_STMT && sql != NULL &&
      g_str_has_prefix (sql, "INSERT INTO \"contacts\"") && strstr (sql, "DO UPDATE SET") != NULL)
    (*(guint *) data)++;
  return 0;
}

static char *
stored_clocks (KtStore    *store,
               const char *id)
{
  sqlite3_stmt *stmt = NULL;
  char *clocks;

  g_assert_cmpint (sqlite3_prepare_v2 (kt_store_get_db (store),
                                       "SELECT clocks FROM contacts WHERE id = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  clocks = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return clocks;
}

/* A reassigned record (clocks.owner_id) goes in by the bulk path, and its
 * clocks column is byte for byte what the merge path's writer
 * (kt-store-row.c) makes of the same record: fields in entity order,
 * then the tombstone, then the owner, even when its clock is the
 * record's. */
static void
test_owner_clock_bulk (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *id = "0192f1c5-0000-7000-8000-0000000000e1";
  const char *hlc = "2026-11-25T10:00:00.000Z-0000-00000000000000aa";
  const char *older = "2026-11-20T10:00:00.000Z-0000-00000000000000bb";
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"org_id\":\"0192f1c4-0000-7000-8000-000000000001\","
    "\"owner_id\":\"0192f1c4-0000-7000-8000-0000000000f2\","
    "\"created_at\":\"2026-11-25T10:00:00.000Z\",\"updated_at\":\"2026-11-25T10:00:00.000Z\","
    "\"hlc\":\"%s\",\"deleted\":false,\"first_name\":\"Owned\",\"last_name\":\"Elsewhere\","
    "\"clocks\":{\"owner_id\":\"%s\",\"last_name\":\"%s\",\"first_name\":\"%s\",\"deleted\":\"%s\"}}",
    id, hlc, hlc, older, hlc, older);
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (KtRecord) record = NULL;
  g_autoptr (KtRecord) loaded = NULL;
  g_autoptr (KtStore) other = NULL;
  g_autoptr (KtSyncApplied) applied = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *bulk = NULL;
  g_autofree char *expected = NULL;
  guint upserts = 0;
  KtSyncChange change = { 0 };

  node = json_from_string (json, &error);
  g_assert_no_error (error);

  sqlite3_trace_v2 (kt_store_get_db (fixture->store), SQLITE_TRACE_STMT, trace_upserts, &upserts);
  change.entity = KT_ENTITY_CONTACT;
  change.record = node;
  g_assert_true (kt_store_sync_apply_changes (fixture->store, &change, 1, 3, &applied, &error));
  g_assert_no_error (error);
  sqlite3_trace_v2 (kt_store_get_db (fixture->store), 0, NULL, NULL);
  g_assert_cmpuint (applied->n_changed, ==, 1);
  g_assert_cmpuint (upserts, ==, 0);

  bulk = stored_clocks (fixture->store, id);
  g_assert_cmpstr (bulk, ==, "{\"last_name\":\"2026-11-20T10:00:00.000Z-0000-00000000000000bb\","
                             "\"deleted\":\"2026-11-20T10:00:00.000Z-0000-00000000000000bb\","
                             "\"owner_id\":\"2026-11-25T10:00:00.000Z-0000-00000000000000aa\"}");

  /* The merge path's writer on a store of its own. */
  record = kt_record_from_json (KT_ENTITY_CONTACT, node, &error);
  g_assert_no_error (error);
  other = kt_store_open (other_path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_store_sync_begin (other, &error));
  g_assert_true (kt_store_sync_write_row (other, record, &error));
  g_assert_no_error (error);
  g_assert_true (kt_store_sync_commit (other, &error));
  g_assert_no_error (error);
  expected = stored_clocks (other, id);
  g_assert_cmpstr (bulk, ==, expected);

  /* And it reads back with the owner's clock. */
  loaded = kt_store_get (fixture->store, KT_ENTITY_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_owner_id (loaded), ==, "0192f1c4-0000-7000-8000-0000000000f2");
  g_assert_cmpstr (kt_record_peek_owner_clock (loaded), ==, hlc);

  g_assert_finalize_object (g_steal_pointer (&other));
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (other_path, suffixes[i], NULL);

        g_remove (file);
      }
  }
}

/* The outbox row the full upload queued for @id, as (fields, clocks). */
static void
outbox_row (KtStore     *store,
            const char  *id,
            JsonObject **out_fields,
            JsonObject **out_clocks)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr (JsonNode) fields = NULL;
  g_autoptr (JsonNode) clocks = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (kt_store_get_db (store),
                                       "SELECT fields, clocks FROM outbox WHERE record_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  fields = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
  clocks = json_from_string ((const char *) sqlite3_column_text (stmt, 1), NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (fields) && JSON_NODE_HOLDS_OBJECT (clocks));
  *out_fields = json_object_ref (json_node_get_object (fields));
  *out_clocks = json_object_ref (json_node_get_object (clocks));
}

/* Joining an account uploads every record; one owned by someone else
 * (reassigned here, or already someone else's in a re-bound store) says
 * so, or the server would make the pusher its owner. One's own records
 * send no owner. */
static void
test_adopt_sends_owner (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *other = "0192f1c4-0000-7000-8000-0000000000f3";
  const char *user = "0192f1c4-0000-7000-8000-0000000000f4";
  g_autoptr (KtRecord) mine = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) reassigned = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) foreign = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *fields, *clocks;

  kt_record_set_string (mine, "first_name", "Mine");
  kt_record_set_string (reassigned, "first_name", "Reassigned");
  kt_record_set_owner_id (reassigned, other);
  kt_record_set_string (foreign, "first_name", "Foreign");
  g_assert_true (kt_store_save (fixture->store, mine, &error));
  g_assert_true (kt_store_save (fixture->store, reassigned, &error));
  g_assert_true (kt_store_save (fixture->store, foreign, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kt_record_peek_owner_clock (reassigned));

  /* A row of another owner without an owner clock, as a re-bound store
   * holds. */
  g_assert_cmpint (sqlite3_prepare_v2 (kt_store_get_db (fixture->store),
                                       "UPDATE contacts SET owner_id = ?1 WHERE id = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, other, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kt_record_get_id (foreign), -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_true (kt_store_sync_adopt_org (fixture->store, "0192f1c4-0000-7000-8000-000000000001",
                                          user, &error));
  g_assert_no_error (error);

  outbox_row (fixture->store, kt_record_get_id (mine), &fields, &clocks);
  g_assert_false (json_object_has_member (fields, "owner_id"));
  g_assert_false (json_object_has_member (clocks, "owner_id"));
  json_object_unref (fields);
  json_object_unref (clocks);

  outbox_row (fixture->store, kt_record_get_id (reassigned), &fields, &clocks);
  g_assert_true (json_object_has_member (fields, "owner_id") && json_object_has_member (clocks, "owner_id"));
  g_assert_cmpstr (json_object_get_string_member (fields, "owner_id"), ==, other);
  g_assert_cmpstr (json_object_get_string_member (clocks, "owner_id"), ==,
                   kt_record_peek_owner_clock (reassigned));
  json_object_unref (fields);
  json_object_unref (clocks);

  outbox_row (fixture->store, kt_record_get_id (foreign), &fields, &clocks);
  g_assert_true (json_object_has_member (fields, "owner_id") && json_object_has_member (clocks, "owner_id"));
  g_assert_cmpstr (json_object_get_string_member (fields, "owner_id"), ==, other);
  g_assert_cmpstr (json_object_get_string_member (clocks, "owner_id"), ==, kt_record_get_hlc (foreign));
  json_object_unref (fields);
  json_object_unref (clocks);
}

/* The engine plans the pull on the UI's store (reading only: the main
 * loop drops nothing) and the worker's first job writes the plan. A
 * record the UI saves in between does not undo it: the UI's connection
 * already skips the FTS triggers, so the fill at the end must come. */
static void
test_initial_sync_planned (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (KtStore) worker = open_worker (fixture);
  g_autoptr (KtRecord) record = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;
  gint64 n_indexes = count_indexes (fixture->store);
  gboolean deferred = FALSE;

  g_assert_true (kt_store_sync_plan_pull (fixture->store, &deferred, &error));
  g_assert_no_error (error);
  g_assert_true (deferred);
  g_assert_false (kt_store_sync_is_deferred (fixture->store));
  g_assert_cmpint (count_indexes (fixture->store), ==, n_indexes);

  kt_record_set_string (record, "first_name", "Theodora");
  g_assert_true (kt_store_save (fixture->store, record, &error));
  g_assert_no_error (error);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "theod"), ==, 0);

  g_assert_true (kt_store_sync_begin_deferred_pull (worker, &error));
  g_assert_no_error (error);
  g_assert_true (kt_store_sync_is_deferred (fixture->store));
  g_assert_cmpint (count_indexes (fixture->store), <, n_indexes);

  apply_contacts (worker, "Zoltan", 0, 300, 300);
  g_assert_true (kt_store_sync_end_pull (worker, &error));
  g_assert_no_error (error);
  kt_store_sync_resume_fts (fixture->store);
  g_assert_cmpint (count_indexes (fixture->store), ==, n_indexes);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "theod"), ==, 1);
  g_assert_cmpint (search (fixture->store, KT_ENTITY_CONTACT, "zolt"), ==, 300);

  /* A store with records plans no deferral. */
  deferred = TRUE;
  g_assert_true (kt_store_sync_plan_pull (fixture->store, &deferred, &error));
  g_assert_false (deferred);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-apply/initial-sync-deferred", test_initial_sync_deferred);
  ADD ("/sync-apply/initial-sync-planned", test_initial_sync_planned);
  ADD ("/sync-apply/initial-sync-crash-resumes", test_initial_sync_crash_resumes);
  ADD ("/sync-apply/initial-sync-end-interrupted", test_initial_sync_end_interrupted);
  ADD ("/sync-apply/initial-sync-end-temp-full", test_initial_sync_end_temp_full);
  ADD ("/sync-apply/merge-keeps-local-edit", test_merge_keeps_local_edit);
  ADD ("/sync-apply/wrong-type-refused", test_wrong_type_refused);
  ADD ("/sync-apply/forget-during-initial-sync", test_forget_during_initial_sync);
  ADD ("/sync-apply/owner-clock-bulk", test_owner_clock_bulk);
  ADD ("/sync-apply/adopt-sends-owner", test_adopt_sends_owner);
#undef ADD

  return g_test_run ();
}
