/* test-cli-store.c: kantora-cli on a store the client has open
 *
 * The client keeps its store open for as long as it runs, with a second
 * connection for the dashboard; people run kantora-cli beside it, from a
 * terminal or from cron. Whatever the CLI does must leave the client's
 * connections intact: its -wal and -shm files in place, its view of the
 * data current, its next write successful and the file sound. And writers
 * in several processes at once must all succeed, with nothing lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cli-test-util.h"
#include "kt-store-private.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = cli_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "kantora.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cli_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static KtRecord *
new_contact (const char *first,
             const char *last)
{
  KtRecord *record = kt_record_new (KT_ENTITY_CONTACT);

  kt_record_set_string (record, "first_name", first);
  kt_record_set_string (record, "last_name", last);
  return record;
}

static gint64
count_rows (KtStore    *store,
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

static void
assert_integrity_ok (KtStore *store)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (kt_store_get_db (store), "PRAGMA integrity_check",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
}

/* Counts this process's descriptors of files under @dir that were
 * deleted while open ("/path (deleted)" in /proc/self/fd). */
static guint
count_deleted_open_files (const char *dir)
{
  g_autoptr (GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (fds);
  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, dir) &&
          g_str_has_suffix (target, " (deleted)"))
        {
          g_test_message ("deleted while open: %s", target);
          n++;
        }
    }
  return n;
}

static guint64
inode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (guint64) st.st_ino;
}

static char *
id_of_printed_record (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "id"));
}

static void
on_changed_cb (KtStore    *store,
               const char *entity,
               const char *record_id,
               gpointer    user_data)
{
  guint *n = user_data;

  /* A bulk change: the store cannot know which records the other
   * program touched. */
  g_assert_null (record_id);
  (*n)++;
}

/* Defect 2: a plain fopen()/fclose() of the database in the client's
 * process (the second connection's header check) dropped every POSIX
 * lock of its first connection; the next kantora-cli then thought it was
 * alone, checkpointed and deleted the client's -wal and -shm, and the
 * client's next save failed or damaged the file. */
static void
test_client_open (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtStore) client = NULL;
  g_autoptr (KtStore) dashboard = NULL;
  g_autoptr (KtRecord) mine = new_contact ("Window", "First");
  g_autoptr (KtRecord) later = new_contact ("Window", "Second");
  g_autoptr (KtRecord) seen = NULL;
  g_autoptr (CliResult) listed = NULL;
  g_autoptr (CliResult) created = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *cli_id = NULL;
  guint64 wal_inode, shm_inode;
  guint n_changed = 0;

  /* The client: its store, a first save, then the dashboard's own
   * connection on the same file. */
  client = kt_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_store_save (client, mine, &error));
  g_assert_no_error (error);
  dashboard = kt_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (dashboard, "SELECT count(*) FROM contacts"), ==, 1);

  wal_inode = inode_of (wal);
  shm_inode = inode_of (shm);

  listed = cli_run (f->dir, NULL, "list", "contact", NULL);
  g_assert_cmpint (listed->status, ==, 0);
  g_assert_nonnull (strstr (listed->out, "\"Window\""));
  created = cli_run (f->dir, NULL, "create", "contact",
                     "{\"first_name\": \"From\", \"last_name\": \"Cli\"}", NULL);
  g_assert_cmpint (created->status, ==, 0);
  g_assert_cmpstr (created->err, ==, "");
  cli_id = id_of_printed_record (created->out);

  /* The client's files are where they were, and none of its descriptors
   * points at a deleted file. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (inode_of (wal), ==, wal_inode);
  g_assert_cmpuint (inode_of (shm), ==, shm_inode);
  g_assert_cmpuint (count_deleted_open_files (f->dir), ==, 0);

  /* The client learns that another program wrote (its lists reload on
   * ::changed), once. */
  g_signal_connect (client, "changed", G_CALLBACK (on_changed_cb), &n_changed);
  g_assert_true (kt_store_check_external_changes (client));
  g_assert_cmpuint (n_changed, >, 0);
  n_changed = 0;
  g_assert_false (kt_store_check_external_changes (client));
  g_assert_cmpuint (n_changed, ==, 0);
  g_signal_handlers_disconnect_by_func (client, on_changed_cb, &n_changed);

  /* Both connections see the CLI's contact, and the client's next write
   * succeeds. */
  seen = kt_store_get (client, KT_ENTITY_CONTACT, cli_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (seen, "last_name"), ==, "Cli");
  g_assert_true (kt_store_save (client, later, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (dashboard, "SELECT count(*) FROM contacts"), ==, 3);
  g_assert_cmpint (count_rows (client, "SELECT count(*) FROM outbox"), ==, 3);

  /* And a CLI run after that sees the client's write. */
  {
    g_autoptr (CliResult) again = cli_run (f->dir, NULL, "list", "contact", "--search", "Second", NULL);

    g_assert_cmpint (again->status, ==, 0);
    g_assert_nonnull (strstr (again->out, "\"Second\""));
  }

  assert_integrity_ok (client);
  g_clear_object (&dashboard);
  g_clear_object (&client);

  /* The file is sound after everyone closed it. */
  client = kt_store_open (f->path, &error);
  g_assert_no_error (error);
  assert_integrity_ok (client);
  g_assert_cmpint (count_rows (client, "SELECT count(*) FROM contacts"), ==, 3);
}

#define N_ROUNDS 15

static GSubprocess *
spawn_cli_loop (Fixture    *f,
                const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *script = NULL;
  GSubprocess *process;

  /* A shell loop, as cron or a script would run it: one process per
   * write, each with a list in between. */
  script = g_strdup_printf ("i=0; while [ $i -lt %d ]; do i=$((i+1)); "
                            "\"$0\" --store \"$1\" create contact "
                            "\"{\\\"first_name\\\": \\\"%s\\\", \\\"last_name\\\": \\\"$i\\\"}\" >/dev/null || exit 1; "
                            "\"$0\" --store \"$1\" list contact --limit 5 >/dev/null || exit 1; "
                            "done", N_ROUNDS, name);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "sh", "-c", script, cli_path (), f->dir, NULL);
  g_assert_no_error (error);
  return process;
}

static void
wait_cli_loop (GSubprocess *process)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_test_message ("loop stderr: %s", err);
  /* No error, not even a retried one, reached the person. */
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static gint64
count_named (KtStore    *store,
             const char *first_name)
{
  g_autoptr (KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;
  gint64 n;

  kt_query_add_filter (query, "first_name", first_name);
  n = kt_store_count (store, query, &error);
  g_assert_no_error (error);
  return n;
}

/* The client library and two CLIs write the same store at the same time:
 * every write lands, nobody sees an error, everybody sees everything. */
static void
test_concurrent_writers (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtStore) client = NULL;
  g_autoptr (KtStore) dashboard = NULL;
  g_autoptr (GSubprocess) first = NULL;
  g_autoptr (GSubprocess) second = NULL;
  g_autoptr (CliResult) listed = NULL;
  guint lines = 0;

  client = kt_store_open (f->path, &error);
  g_assert_no_error (error);
  dashboard = kt_store_open (f->path, &error);
  g_assert_no_error (error);

  first = spawn_cli_loop (f, "Alpha");
  second = spawn_cli_loop (f, "Beta");

  for (guint i = 0; i < 3 * N_ROUNDS; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      g_autoptr (KtRecord) record = new_contact ("Client", number);

      g_assert_true (kt_store_save (client, record, &error));
      g_assert_no_error (error);
      /* The dashboard reads while the others write. */
      g_assert_cmpint (count_rows (dashboard, "SELECT count(*) FROM contacts"), >=, i + 1);
      g_usleep (20 * 1000);
    }

  wait_cli_loop (first);
  wait_cli_loop (second);

  g_assert_cmpint (count_named (client, "Client"), ==, 3 * N_ROUNDS);
  g_assert_cmpint (count_named (client, "Alpha"), ==, N_ROUNDS);
  g_assert_cmpint (count_named (dashboard, "Beta"), ==, N_ROUNDS);
  g_assert_cmpint (count_rows (client, "SELECT count(*) FROM outbox"), ==, 5 * N_ROUNDS);

  /* The CLI sees the client's writes. */
  listed = cli_run (f->dir, NULL, "list", "contact", "--limit", "1000", NULL);
  g_assert_cmpint (listed->status, ==, 0);
  for (const char *p = listed->out; (p = strchr (p, '\n')) != NULL; p++)
    lines++;
  g_assert_cmpuint (lines, ==, 5 * N_ROUNDS);

  assert_integrity_ok (client);
  g_assert_cmpuint (count_deleted_open_files (f->dir), ==, 0);
}

/* Two CLIs create a store that does not exist yet, at the same moment:
 * one creates it, the other waits and uses it, and both work as the same
 * organization. */
static void
test_first_open_race (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtStore) store = NULL;
  GSubprocess *processes[4];

  for (guint i = 0; i < G_N_ELEMENTS (processes); i++)
    {
      processes[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                       &error, cli_path (), "--store", f->dir, "create", "contact",
                                       "{\"first_name\": \"Racer\"}", NULL);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (processes); i++)
    {
      wait_cli_loop (processes[i]);
      g_object_unref (processes[i]);
    }

  store = kt_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_named (store, "Racer"), ==, G_N_ELEMENTS (processes));
  g_assert_cmpint (count_rows (store, "SELECT count(DISTINCT org_id) FROM contacts"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM kt_meta WHERE key = 'org_id'"), ==, 1);
}

/* Errors of the store are sentences for a person, with SQLite's own
 * words kept out of them. */
static void
test_error_sentences (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtStore) client = NULL;
  g_autoptr (CliResult) blocked = NULL;
  sqlite3 *db;

  client = kt_store_open (f->path, &error);
  g_assert_no_error (error);
  db = kt_store_get_db (client);

  /* A writer that never lets go (a stuck process): the CLI waits, then
   * says what happened and what to do, with its own exit code. */
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE; "
                                 "INSERT INTO kt_meta (key, value) VALUES ('test.lock', 'x')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  cli_setenv ("KT_STORE_BUSY_TIMEOUT_MS", "300");
  blocked = cli_run (f->dir, NULL, "create", "contact", "{\"first_name\": \"Blocked\"}", NULL);
  cli_setenv ("KT_STORE_BUSY_TIMEOUT_MS", NULL);
  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (blocked->status, ==, 10);
  g_assert_nonnull (strstr (blocked->err, "busy with another program"));
  g_assert_nonnull (strstr (blocked->err, "Try again"));
  g_assert_null (strstr (blocked->err, "database is locked"));
  g_assert_cmpint (count_named (client, "Blocked"), ==, 0);
}

/* Without --store the CLI opens the desktop client's store, and that is
 * the one its "store-path" setting names when a person moved it, not the
 * default file next to it. */
static void
test_client_store_setting (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *moved = g_build_filename (f->dir, "moved.db", NULL);
  g_autofree char *config = g_build_filename (f->dir, "config", NULL);
  g_autofree char *settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *contents = g_strdup_printf ("[org/kantora/Kantora]\nstore-path='%s'\n", moved);
  g_autoptr (GError) error = NULL;
  g_autoptr (CliResult) created = NULL;
  g_autoptr (KtStore) store = NULL;

  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  g_file_set_contents (keyfile, contents, -1, &error);
  g_assert_no_error (error);

  /* Settings that persist between processes, as dconf does for a
   * person. */
  cli_setenv ("GSETTINGS_BACKEND", "keyfile");
  cli_setenv ("XDG_CONFIG_HOME", config);
  created = cli_run (NULL, NULL, "create", "contact", "{\"first_name\": \"Moved\"}", NULL);
  cli_setenv ("GSETTINGS_BACKEND", NULL);
  cli_setenv ("XDG_CONFIG_HOME", NULL);

  g_assert_cmpint (created->status, ==, 0);
  store = kt_store_open (moved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_named (store, "Moved"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/store/client-open", Fixture, NULL,
              fixture_setup, test_client_open, fixture_teardown);
  g_test_add ("/cli/store/concurrent-writers", Fixture, NULL,
              fixture_setup, test_concurrent_writers, fixture_teardown);
  g_test_add ("/cli/store/first-open-race", Fixture, NULL,
              fixture_setup, test_first_open_race, fixture_teardown);
  g_test_add ("/cli/store/error-sentences", Fixture, NULL,
              fixture_setup, test_error_sentences, fixture_teardown);
  g_test_add ("/cli/store/client-store-setting", Fixture, NULL,
              fixture_setup, test_client_store_setting, fixture_teardown);

  return g_test_run ();
}
