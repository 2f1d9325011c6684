/* test-ui-cli.c: kantora-cli beside the open window
 *
 * The real window on its store, the dashboard shown once (its own
 * connection on the same file), and the real kantora-cli (KT_TEST_CLI)
 * writing to that store as a person's script or cron job would. The
 * window must keep its -wal and -shm, show the CLI's contact within a few
 * seconds, and save its own changes without error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kt-dashboard.h"
#include "kt-store-private.h"
#include "kt-ui-test.h"

static void
wait_refreshed (KtDashboard *dashboard)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (kt_dashboard_is_refreshing (dashboard) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (kt_dashboard_is_refreshing (dashboard));
}

static void
run_cli (const char *dir,
         const char *command,
         const char *entity,
         const char *json)
{
  const char *argv[] = { g_getenv ("KT_TEST_CLI"), "--store", dir, command, entity, json, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("kantora-cli %s: %s", command, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
}

static guint64
inode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (guint64) st.st_ino;
}

static void
test_cli_beside_window (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_application_get_context (fixture->app));
  g_autoptr (KtRecord) first = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) after = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->store_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->store_path, "-shm", NULL);
  sqlite3_stmt *stmt = NULL;
  GtkWidget *pane;
  guint64 wal_inode, shm_inode;

  kt_record_set_string (first, "first_name", "Window");
  kt_record_set_string (first, "last_name", "Before");
  g_assert_true (kt_store_save (store, first, &error));
  g_assert_no_error (error);

  /* The dashboard once: a second connection on the file. */
  g_assert_true (kt_window_show_section (fixture->window, "dashboard"));
  kt_ui_iterate (50);
  wait_refreshed (KT_DASHBOARD (kt_window_get_pane (fixture->window, "dashboard")));

  wal_inode = inode_of (wal);
  shm_inode = inode_of (shm);

  run_cli (fixture->tmpdir, "list", "contact", NULL);
  run_cli (fixture->tmpdir, "create", "contact", "{\"first_name\": \"Cli\", \"last_name\": \"Made\"}");

  g_assert_cmpuint (inode_of (wal), ==, wal_inode);
  g_assert_cmpuint (inode_of (shm), ==, shm_inode);

  /* The contacts list shows the CLI's contact without a restart. */
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  pane = GTK_WIDGET (kt_window_get_pane (fixture->window, "contacts"));
  kt_ui_iterate (2600);
  g_assert_true (kt_ui_has_label (pane, "Window Before"));
  g_assert_true (kt_ui_has_label (pane, "Cli Made"));

  /* The window's next save works, and the file is sound. */
  kt_record_set_string (after, "first_name", "Window");
  kt_record_set_string (after, "last_name", "After");
  g_assert_true (kt_store_save (store, after, &error));
  g_assert_no_error (error);
  kt_ui_iterate (100);
  g_assert_true (kt_ui_has_label (pane, "Window After"));

  g_assert_cmpint (sqlite3_prepare_v2 (kt_store_get_db (store), "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
}

int
main (int    argc,
      char **argv)
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/cli/beside-window", KtUiFixture, NULL,
              kt_ui_fixture_setup, test_cli_beside_window, kt_ui_fixture_teardown);

  return g_test_run ();
}
