/* kt-import-dialog.c: choose the columns, check every row, then import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-import-dialog.h"
#include "kt-import-mapping-page.h"

struct _KtImportDialog
{
  AdwWindow       parent_instance;

  KtImport       *import;
  GPtrArray      *report;       /* of char*, the issue lines shown */
  char           *summary;

  AdwWindowTitle *window_title;
  GtkWidget      *back_button;
  GtkWidget      *cancel_button;
  GtkWidget      *check_button;
  GtkWidget      *import_button;
  GtkWidget      *stack;
  KtImportMappingPage *mapping_page;
  GtkWidget      *summary_label;
  GtkWidget      *duplicates_group;
  GtkWidget      *update_row;
  GtkWidget      *update_switch;
  GtkWidget      *commit_error_label;
  GtkWidget      *issues_group;
  GtkWidget      *issues_list;
};

G_DEFINE_FINAL_TYPE (KtImportDialog, kt_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_page (KtImportDialog *self,
           const char     *page)
{
  gboolean report = g_str_equal (page, "report");

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page);
  gtk_widget_set_visible (self->back_button, report);
  gtk_widget_set_visible (self->cancel_button, !report);
  gtk_widget_set_visible (self->check_button, !report);
  gtk_widget_set_visible (self->import_button, report);
}

static void
fill_report (KtImportDialog *self)
{
  GPtrArray *issues = kt_import_get_issues (self->import);
  guint n_valid = kt_import_get_n_valid (self->import);
  guint n_new = kt_import_get_n_new_companies (self->import);
  guint n_duplicates = kt_import_get_n_duplicates (self->import);
  g_autofree char *button = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->issues_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->issues_list), child);
  g_ptr_array_set_size (self->report, 0);

  for (guint i = 0; i < issues->len; i++)
    {
      g_autofree char *line = kt_import_issue_to_string (issues->pdata[i]);
      g_autofree char *escaped = g_markup_escape_text (line, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
      gtk_list_box_append (GTK_LIST_BOX (self->issues_list), row);
      g_ptr_array_add (self->report, g_steal_pointer (&line));
    }
  gtk_widget_set_visible (self->issues_group, issues->len > 0);

  g_free (self->summary);
  if (issues->len == 0)
    self->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "The row is valid and ready to import.",
                                                  "All %u rows are valid and ready to import.",
                                                  n_valid), n_valid);
  else
    {
      g_autofree char *valid = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u row is valid.",
                                                             "%u rows are valid.", n_valid), n_valid);
      g_autofree char *skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u row has a problem and will be skipped; nothing of it is imported.",
                                                               "%u rows have problems and will be skipped; nothing of them is imported.",
                                                               issues->len), issues->len);

      self->summary = g_strconcat (valid, " ", skipped, NULL);
    }
  if (n_new > 0)
    {
      g_autofree char *companies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%u new company will be created for the company names.",
                                                                 "%u new companies will be created for the company names.",
                                                                 n_new), n_new);
      g_autofree char *joined = g_strconcat (self->summary, " ", companies, NULL);

      g_free (self->summary);
      self->summary = g_steal_pointer (&joined);
    }
  if (n_duplicates > 0)
    {
      g_autofree char *duplicates = NULL;

      if (gtk_switch_get_active (GTK_SWITCH (self->update_switch)))
        duplicates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u row updates the stored record it repeats.",
                                                   "%u rows update the stored records they repeat.",
                                                   n_duplicates), n_duplicates);
      else
        duplicates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u row repeats a stored record and will be a second copy.",
                                                   "%u rows repeat stored records and will be second copies.",
                                                   n_duplicates), n_duplicates);
      {
        g_autofree char *joined = g_strconcat (self->summary, " ", duplicates, NULL);

        g_free (self->summary);
        self->summary = g_steal_pointer (&joined);
      }
    }
  gtk_label_set_label (GTK_LABEL (self->summary_label), self->summary);
  /* The choice stays offered once made, even if no row repeats any more. */
  gtk_widget_set_visible (self->duplicates_group,
                          n_duplicates > 0 || gtk_switch_get_active (GTK_SWITCH (self->update_switch)));
  {
    g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%u row has the email, phone or EIK of a stored record",
                                                              "%u rows have the email, phone or EIK of a stored record",
                                                              n_duplicates), n_duplicates);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->update_row), subtitle);
  }

  if (issues->len == 0)
    button = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Row", "_Import %u Rows", n_valid),
                              n_valid);
  else
    button = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Row, Skip %u",
                                           "_Import %u Rows, Skip %u", n_valid),
                              n_valid, issues->len);
  gtk_button_set_label (GTK_BUTTON (self->import_button), button);
  gtk_widget_set_sensitive (self->import_button, n_valid > 0);
  gtk_widget_set_visible (self->commit_error_label, FALSE);
}

/* Rows that repeat stored records update them, or not: the rows are
 * built again for the choice. */
static void
on_update_switch_active_cb (KtImportDialog *self)
{
  g_autoptr(GError) error = NULL;

  kt_import_set_update_duplicates (self->import, gtk_switch_get_active (GTK_SWITCH (self->update_switch)));
  if (!g_str_equal (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "report"))
    return;
  if (!kt_import_prepare (self->import, &error))
    {
      gtk_label_set_label (GTK_LABEL (self->commit_error_label), error->message);
      gtk_widget_set_visible (self->commit_error_label, TRUE);
      return;
    }
  fill_report (self);
}

static void
on_check_clicked_cb (KtImportDialog *self)
{
  kt_import_dialog_check (self);
}

static void
on_back_clicked_cb (KtImportDialog *self)
{
  show_page (self, "mapping");
}

static void
on_import_clicked_cb (KtImportDialog *self)
{
  g_autoptr(GError) error = NULL;

  kt_import_dialog_confirm (self, &error);
}

static void
kt_import_dialog_dispose (GObject *object)
{
  KtImportDialog *self = (KtImportDialog *) object;

  g_clear_object (&self->import);
  g_clear_pointer (&self->report, g_ptr_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (kt_import_dialog_parent_class)->dispose (object);
}

static void
kt_import_dialog_class_init (KtImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_import_dialog_dispose;

  /**
   * KtImportDialog::imported:
   * @n_records: how many rows were imported
   */
  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (KT_TYPE_IMPORT_MAPPING_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/importexport/kt-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, mapping_page);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, update_row);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, update_switch);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, commit_error_label);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, issues_group);
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, issues_list);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_update_switch_active_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_import_dialog_init (KtImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->report = g_ptr_array_new_with_free_func (g_free);
}

/**
 * kt_import_dialog_new:
 * @import: the import to run, its columns guessed
 * @file_name: (nullable): the file's name for the title
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
KtImportDialog *
kt_import_dialog_new (KtImport   *import,
                      const char *file_name)
{
  KtImportDialog *self;
  g_autofree char *subtitle = NULL;
  const KtEntity *entity;
  guint n_rows;

  g_return_val_if_fail (KT_IS_IMPORT (import), NULL);

  self = g_object_new (KT_TYPE_IMPORT_DIALOG, NULL);
  self->import = g_object_ref (import);
  entity = kt_import_get_entity (import);
  n_rows = kt_import_get_n_rows (import);

  adw_window_title_set_title (self->window_title,
                              g_str_equal (entity->name, "company") ? _("Import Companies")
                                                                    : _("Import Contacts"));
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u row", "%s: %u rows", n_rows),
                              file_name ? file_name : "", n_rows);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  kt_import_mapping_page_set_mapping (self->mapping_page, KT_IMPORT_MAPPING (import));
  show_page (self, "mapping");
  return self;
}

KtImport *
kt_import_dialog_get_import (KtImportDialog *self)
{
  g_return_val_if_fail (KT_IS_IMPORT_DIALOG (self), NULL);
  return self->import;
}

AdwComboRow *
kt_import_dialog_get_column_row (KtImportDialog *self,
                                 guint           column)
{
  g_return_val_if_fail (KT_IS_IMPORT_DIALOG (self), NULL);
  return kt_import_mapping_page_get_column_row (self->mapping_page, column);
}

gboolean
kt_import_dialog_check (KtImportDialog *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KT_IS_IMPORT_DIALOG (self), FALSE);

  if (!kt_import_prepare (self->import, &error))
    {
      kt_import_mapping_page_set_error (self->mapping_page, error->message);
      return FALSE;
    }
  fill_report (self);
  show_page (self, "report");
  return TRUE;
}

GStrv
kt_import_dialog_dup_report (KtImportDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (KT_IS_IMPORT_DIALOG (self), NULL);

  for (guint i = 0; i < self->report->len; i++)
    g_strv_builder_add (builder, self->report->pdata[i]);
  return g_strv_builder_end (builder);
}

const char *
kt_import_dialog_get_summary (KtImportDialog *self)
{
  g_return_val_if_fail (KT_IS_IMPORT_DIALOG (self), NULL);
  return self->summary;
}

gboolean
kt_import_dialog_confirm (KtImportDialog  *self,
                          GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  guint n;

  g_return_val_if_fail (KT_IS_IMPORT_DIALOG (self), FALSE);

  n = kt_import_get_n_valid (self->import);
  if (!kt_import_commit (self->import, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("Nothing was imported: %s"), local_error->message);

      gtk_label_set_label (GTK_LABEL (self->commit_error_label), message);
      gtk_widget_set_visible (self->commit_error_label, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_signal_emit (self, signals[IMPORTED], 0, n);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
