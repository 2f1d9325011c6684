/* kt-import-export.c: the file choosers around import and export
 *
 * GtkFileChooserNative (GTK 4.8 has no GtkFileDialog) so that the portal's
 * chooser is used inside Flatpak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-import-export"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-export.h"
#include "kt-import-dialog.h"
#include "kt-import-export.h"
#include "kt-org-archive-job.h"
#include "kt-statement-dialog.h"
#include "kt-window.h"

typedef struct {
  GtkWindow      *parent;
  KtStore        *store;
  const KtEntity *entity;
  KtExportFormat  format;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->parent);
  g_clear_object (&job->store);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (GtkWindow      *parent,
         KtStore        *store,
         const KtEntity *entity,
         KtExportFormat  format)
{
  Job *job = g_new0 (Job, 1);

  job->parent = parent ? g_object_ref (parent) : NULL;
  job->store = g_object_ref (store);
  job->entity = entity;
  job->format = format;
  return job;
}

static void
show_message (GtkWindow  *parent,
              const char *heading,
              const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_file_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtImport) import = NULL;
  g_autoptr(KtStatementImport) statement = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (file);
  GtkWindow *dialog;
  gsize length;
  gboolean payments = job->entity == KT_ENTITY_PAYMENT;

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error) ||
      (payments &&
       (statement = kt_statement_import_new (job->store, contents, length, &error)) == NULL) ||
      (!payments &&
       (import = kt_import_new_from_data (job->store, job->entity, name, contents, length,
                                          &error)) == NULL))
    {
      g_autofree char *heading = g_strdup_printf (_("Could Not Read “%s”"), name);

      show_message (job->parent, heading, error->message);
      return;
    }

  if (payments)
    dialog = GTK_WINDOW (kt_statement_dialog_new (job->store, statement, name));
  else
    dialog = GTK_WINDOW (kt_import_dialog_new (import, name));
  if (job->parent != NULL)
    gtk_window_set_transient_for (dialog, job->parent);
  gtk_window_present (dialog);
}

static void
on_import_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  g_file_load_contents_async (file, NULL, on_file_loaded_cb, g_steal_pointer (&job));
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

void
kt_import_export_run_import (GtkWindow      *parent,
                             KtStore        *store,
                             const KtEntity *entity)
{
  GtkFileChooserNative *chooser;
  gboolean contacts;

  g_return_if_fail (KT_IS_STORE (store));
  g_return_if_fail (entity != NULL);

  contacts = g_str_equal (entity->name, "contact");
  chooser = gtk_file_chooser_native_new (entity == KT_ENTITY_PAYMENT ? _("Import Statement")
                                         : contacts ? _("Import Contacts") : _("Import Companies"),
                                         parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  if (entity == KT_ENTITY_PAYMENT)
    add_filter (GTK_FILE_CHOOSER (chooser), _("CAMT.053 statements"), "*.xml", "application/xml");
  add_filter (GTK_FILE_CHOOSER (chooser), _("CSV files"), "*.csv", "text/csv");
  if (contacts)
    add_filter (GTK_FILE_CHOOSER (chooser), _("vCard files"), "*.vcf", "text/vcard");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response_cb),
                    job_new (parent, store, entity, KT_EXPORT_FORMAT_CSV));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;
  gboolean ok;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  /* The store's connection belongs to the main thread; building the text
   * for 100,000 contacts takes about a second (docs/performance.md). */
  if (job->format == KT_EXPORT_FORMAT_CSV)
    ok = kt_export_csv (job->store, job->entity, file, &n, &error);
  else
    ok = kt_export_vcard (job->store,
                          job->format == KT_EXPORT_FORMAT_VCARD_3 ? KT_VCARD_VERSION_3_0
                                                                  : KT_VCARD_VERSION_4_0,
                          file, &n, &error);
  if (!ok)
    {
      show_message (job->parent, _("Export Failed"), error->message);
      return;
    }
  g_debug ("Exported %u records", n);
}

void
kt_import_export_run_export (GtkWindow      *parent,
                             KtStore        *store,
                             const KtEntity *entity,
                             KtExportFormat  format)
{
  GtkFileChooserNative *chooser;
  gboolean contacts;
  const char *name;

  g_return_if_fail (KT_IS_STORE (store));
  g_return_if_fail (entity != NULL);

  contacts = g_str_equal (entity->name, "contact");
  g_return_if_fail (contacts || format == KT_EXPORT_FORMAT_CSV);

  if (format == KT_EXPORT_FORMAT_CSV)
    name = contacts ? _("contacts.csv") : _("companies.csv");
  else
    name = _("contacts.vcf");

  chooser = gtk_file_chooser_native_new (contacts ? _("Export Contacts") : _("Export Companies"),
                                         parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb),
                    job_new (parent, store, entity, format));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static KtStore *
active_store (GtkApplication  *app,
              GtkWindow      **out_window)
{
  GtkWindow *window = gtk_application_get_active_window (app);
  KtContext *context;

  *out_window = window;
  if (!KT_IS_WINDOW (window))
    return NULL;
  context = kt_window_get_context (KT_WINDOW (window));
  return context ? kt_context_get_store (context) : NULL;
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GtkWindow *window;
  KtStore *store = active_store (GTK_APPLICATION (user_data), &window);
  const char *what = g_variant_get_string (parameter, NULL);
  const KtEntity *entity = kt_entity_lookup (what);

  if (store != NULL && g_str_equal (what, "organization"))
    kt_org_archive_job_run_import (window, store);
  else if (store != NULL && entity != NULL)
    kt_import_export_run_import (window, store, entity);
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GtkWindow *window;
  KtStore *store = active_store (GTK_APPLICATION (user_data), &window);
  const char *what = g_variant_get_string (parameter, NULL);

  if (store == NULL)
    return;
  if (g_str_equal (what, "contact-csv"))
    kt_import_export_run_export (window, store, kt_entity_lookup ("contact"), KT_EXPORT_FORMAT_CSV);
  else if (g_str_equal (what, "contact-vcard"))
    kt_import_export_run_export (window, store, kt_entity_lookup ("contact"), KT_EXPORT_FORMAT_VCARD_4);
  else if (g_str_equal (what, "company-csv"))
    kt_import_export_run_export (window, store, kt_entity_lookup ("company"), KT_EXPORT_FORMAT_CSV);
  else if (g_str_equal (what, "organization"))
    kt_org_archive_job_run_export (window, store);
}

void
kt_import_export_add_actions (GtkApplication *app)
{
  static const GActionEntry actions[] = {
    { "import", import_action, "s" },
    { "export", export_action, "s" },
  };

  g_return_if_fail (GTK_IS_APPLICATION (app));

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
}
