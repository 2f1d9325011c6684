/* kt-org-archive-job.c: Export Organization… and Import Organization…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-org-archive-job"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-org-archive-job.h"
#include "kt-org-archive.h"

typedef struct {
  GtkWindow    *parent;
  KtStore      *store;       /* the window's, main thread only */
  char         *store_path;  /* the worker opens its own connection */
  GFile        *file;
  gboolean      import;
  GCancellable *cancellable;
  GtkWidget    *dialog;      /* weak: Cancel closes it */
  GtkWidget    *progress;
  guint         n_records;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->parent);
  g_clear_object (&job->store);
  g_free (job->store_path);
  g_clear_object (&job->file);
  g_clear_object (&job->cancellable);
  g_clear_weak_pointer (&job->dialog);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

typedef struct {
  GtkWidget *progress;
  double     fraction;
} Progress;

static gboolean
set_progress_cb (gpointer data)
{
  Progress *progress = data;

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (progress->progress), progress->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->progress);
  g_free (progress);
}

/* On the worker: hands the fraction to the main thread. */
static void
on_progress (double   fraction,
             gpointer user_data)
{
  Job *job = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->progress = g_object_ref (job->progress);
  progress->fraction = fraction;
  kt_main_context_post (NULL, set_progress_cb, progress, progress_free);
}

static void
run_in_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(KtStore) store = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  store = kt_store_open (job->store_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (job->import)
    {
      data = g_file_load_bytes (job->file, cancellable, NULL, &error);
      ok = data != NULL &&
           kt_org_archive_import (store, data, &job->n_records, cancellable, &error);
    }
  else
    ok = kt_org_archive_export_file (store, job->file, on_progress, job, cancellable, &error);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GtkWidget *message;

  if (job->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (job->dialog));
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = adw_message_dialog_new (job->parent,
                                        job->import ? _("Import Failed") : _("Export Failed"),
                                        error->message);
    }
  else if (job->import)
    {
      g_autofree char *body =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record was imported.",
                                      "%u records were imported.", job->n_records),
                         job->n_records);

      /* The worker wrote through its own connection: let the window's
       * connection notice now rather than on its next timer tick. */
      kt_store_check_external_changes (job->store);
      message = adw_message_dialog_new (job->parent, _("Organization Imported"), body);
    }
  else
    return;

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (message));
}

static void
on_progress_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  GCancellable *cancellable = user_data;

  /* The button or Escape: the worker stops between entities or rows, and
   * nothing of a cancelled import or export is kept. */
  if (g_str_equal (response, "cancel"))
    g_cancellable_cancel (cancellable);
}

static void
start (Job *job)
{
  g_autoptr(GTask) task = NULL;

  job->cancellable = g_cancellable_new ();
  job->dialog = adw_message_dialog_new (job->parent,
                                        job->import ? _("Importing Organization…")
                                                    : _("Exporting Organization…"),
                                        NULL);
  g_object_add_weak_pointer (G_OBJECT (job->dialog), (gpointer *) &job->dialog);
  job->progress = gtk_progress_bar_new ();
  if (job->import)
    gtk_progress_bar_pulse (GTK_PROGRESS_BAR (job->progress));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (job->dialog), job->progress);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (job->dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (job->dialog), "cancel");
  g_signal_connect_data (job->dialog, "response", G_CALLBACK (on_progress_response_cb),
                         g_object_ref (job->cancellable), (GClosureNotify) (void (*)(void))g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (job->dialog));

  task = g_task_new (NULL, job->cancellable, on_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_in_thread);
}

void
kt_org_archive_job_start (GtkWindow *parent,
                          KtStore   *store,
                          GFile     *file,
                          gboolean   import)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (KT_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  job->parent = parent ? g_object_ref (parent) : NULL;
  job->store = g_object_ref (store);
  job->store_path = g_strdup (kt_store_get_path (store));
  job->import = import;
  job->file = g_object_ref (file);
  start (job);
}

static void
on_file_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(Job) job = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (job->file != NULL)
    start (g_steal_pointer (&job));
}

static void
run (GtkWindow *parent,
     KtStore   *store,
     gboolean   import)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  Job *job = g_new0 (Job, 1);

  job->parent = parent ? g_object_ref (parent) : NULL;
  job->store = g_object_ref (store);
  job->store_path = g_strdup (kt_store_get_path (store));
  job->import = import;

  /* GtkFileChooserNative: GTK 4.8 has no GtkFileDialog, and the portal's
   * chooser is what Flatpak needs. */
  chooser = gtk_file_chooser_native_new (import ? _("Import Organization") : _("Export Organization"),
                                         parent,
                                         import ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE,
                                         import ? _("_Import") : _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("ZIP archives"));
  gtk_file_filter_add_mime_type (filter, "application/zip");
  gtk_file_filter_add_pattern (filter, "*.zip");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (!import)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("organization.zip"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
kt_org_archive_job_run_export (GtkWindow *parent,
                               KtStore   *store)
{
  g_return_if_fail (KT_IS_STORE (store));
  run (parent, store, FALSE);
}

void
kt_org_archive_job_run_import (GtkWindow *parent,
                               KtStore   *store)
{
  g_return_if_fail (KT_IS_STORE (store));
  run (parent, store, TRUE);
}
