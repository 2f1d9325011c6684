/* test-org-archive.c: Export and Import Organization through the dialogs
 *
 * The window's demo store is exported on the worker thread, then imported
 * into an empty store (the same records arrive) and into the window's own
 * store (refused: it is not empty), each time through the progress dialog
 * and the message that follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-org-archive-job.h"
#include "kt-ui-test.h"

static gint64
count (KtStore    *store,
       const char *entity)
{
  g_autoptr(KtQuery) query = kt_query_new (kt_entity_lookup (entity));

  return kt_store_count (store, query, NULL);
}

/* The open AdwMessageDialog whose heading is @heading, or NULL. */
static AdwMessageDialog *
find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Waits, at most 60 s, for the job to end in a dialog headed @heading. */
static AdwMessageDialog *
wait_for_dialog (const char *heading)
{
  for (guint i = 0; i < 600; i++)
    {
      AdwMessageDialog *dialog = find_dialog (heading);

      if (dialog != NULL)
        return dialog;
      kt_ui_iterate (100);
    }
  g_error ("no dialog “%s”", heading);
  return NULL;
}

static void
test_export_then_import (KtUiFixture   *fixture,
                         gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  g_autofree char *zip_path = g_build_filename (fixture->tmpdir, "org.zip", NULL);
  g_autofree char *empty_path = g_build_filename (fixture->tmpdir, "empty.db", NULL);
  g_autoptr(GFile) zip = g_file_new_for_path (zip_path);
  g_autoptr(KtStore) empty = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  g_assert_cmpint (count (store, "contact"), >, 0);

  kt_org_archive_job_start (GTK_WINDOW (fixture->window), store, zip, FALSE);
  /* The progress dialog is up while the worker writes. */
  g_assert_nonnull (find_dialog (_("Exporting Organization…")));
  for (guint i = 0; i < 600 && find_dialog (_("Exporting Organization…")) != NULL; i++)
    kt_ui_iterate (100);
  g_assert_null (find_dialog (_("Exporting Organization…")));
  g_assert_true (g_file_test (zip_path, G_FILE_TEST_IS_REGULAR));

  empty = kt_store_open (empty_path, &error);
  g_assert_no_error (error);
  kt_org_archive_job_start (GTK_WINDOW (fixture->window), empty, zip, TRUE);
  dialog = wait_for_dialog (_("Organization Imported"));
  g_assert_cmpint (count (empty, "contact"), ==, count (store, "contact"));
  g_assert_cmpint (count (empty, "invoice"), ==, count (store, "invoice"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Into the window's store, which has data: refused, nothing added. */
  {
    gint64 before = count (store, "contact");

    kt_org_archive_job_start (GTK_WINDOW (fixture->window), store, zip, TRUE);
    dialog = wait_for_dialog (_("Import Failed"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "empty organization"));
    g_assert_cmpint (count (store, "contact"), ==, before);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/org-archive/export-then-import", KtUiFixture, kt_ui_fill_demo,
              kt_ui_fixture_setup, test_export_then_import, kt_ui_fixture_teardown);

  return g_test_run ();
}
