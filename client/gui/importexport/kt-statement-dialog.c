/* kt-statement-dialog.c: a bank statement imported as payments, then
 * matched to invoices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-statement-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-import-mapping-page.h"
#include "kt-payment-match.h"
#include "kt-statement-dialog.h"

struct _KtStatementDialog
{
  AdwWindow            parent_instance;

  KtStore             *store;
  KtStatementImport   *import;
  char                *summary;
  const char          *page;

  AdwWindowTitle      *window_title;
  GtkWidget           *back_button;
  GtkWidget           *cancel_button;
  GtkWidget           *check_button;
  GtkWidget           *import_button;
  GtkWidget           *close_button;
  GtkWidget           *stack;
  KtImportMappingPage *mapping_page;
  AdwStatusPage       *status_page;
  GtkWidget           *summary_label;
  GtkWidget           *notes_list;
};

G_DEFINE_FINAL_TYPE (KtStatementDialog, kt_statement_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_page (KtStatementDialog *self,
           const char        *page)
{
  gboolean mapping = g_str_equal (page, "mapping");
  gboolean done = g_str_equal (page, "done");
  gboolean csv = kt_statement_import_is_csv (self->import);

  self->page = page;
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), mapping ? "mapping" : "check");
  gtk_widget_set_visible (self->back_button, !mapping && !done && csv);
  gtk_widget_set_visible (self->cancel_button, !done && (mapping || !csv));
  gtk_widget_set_visible (self->check_button, mapping);
  gtk_widget_set_visible (self->import_button, g_str_equal (page, "check"));
  gtk_widget_set_visible (self->close_button, done);
}

static void
set_summary (KtStatementDialog *self,
             const char        *icon_name,
             const char        *title,
             const char        *summary,
             GPtrArray         *notes)
{
  GtkWidget *child;

  g_free (self->summary);
  self->summary = g_strdup (summary);
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  gtk_label_set_label (GTK_LABEL (self->summary_label), summary);

  while ((child = gtk_widget_get_first_child (self->notes_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->notes_list), child);
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (notes->pdata[i], -1);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
      gtk_list_box_append (GTK_LIST_BOX (self->notes_list), row);
    }
  gtk_widget_set_visible (self->notes_list, notes != NULL && notes->len > 0);
}

static void
on_check_clicked_cb (KtStatementDialog *self)
{
  kt_statement_dialog_check (self);
}

static void
on_back_clicked_cb (KtStatementDialog *self)
{
  show_page (self, "mapping");
}

static void
on_import_clicked_cb (KtStatementDialog *self)
{
  g_autoptr(GError) error = NULL;

  kt_statement_dialog_confirm (self, &error);
}

static void
kt_statement_dialog_dispose (GObject *object)
{
  KtStatementDialog *self = (KtStatementDialog *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->import);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (kt_statement_dialog_parent_class)->dispose (object);
}

static void
kt_statement_dialog_class_init (KtStatementDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_statement_dialog_dispose;

  /**
   * KtStatementDialog::imported:
   * @n_payments: how many payments were saved
   */
  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (KT_TYPE_IMPORT_MAPPING_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/importexport/kt-statement-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, mapping_page);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, status_page);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KtStatementDialog, notes_list);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_statement_dialog_init (KtStatementDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kt_statement_dialog_new:
 * @import: the statement, read
 * @file_name: (nullable): the file's name for the title
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
KtStatementDialog *
kt_statement_dialog_new (KtStore           *store,
                         KtStatementImport *import,
                         const char        *file_name)
{
  KtStatementDialog *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_STATEMENT_IMPORT (import), NULL);

  self = g_object_new (KT_TYPE_STATEMENT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->import = g_object_ref (import);
  adw_window_title_set_subtitle (self->window_title, file_name ? file_name : "");

  if (kt_statement_import_is_csv (import))
    {
      kt_import_mapping_page_set_mapping (self->mapping_page, KT_IMPORT_MAPPING (import));
      show_page (self, "mapping");
    }
  else
    kt_statement_dialog_check (self);
  return self;
}

AdwComboRow *
kt_statement_dialog_get_column_row (KtStatementDialog *self,
                                    guint              column)
{
  g_return_val_if_fail (KT_IS_STATEMENT_DIALOG (self), NULL);
  return kt_import_mapping_page_get_column_row (self->mapping_page, column);
}

gboolean
kt_statement_dialog_check (KtStatementDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *credits = NULL;
  g_autofree char *debits = NULL;
  g_autofree char *summary = NULL;
  KtBankStatement *statement;

  g_return_val_if_fail (KT_IS_STATEMENT_DIALOG (self), FALSE);

  if (!kt_statement_import_prepare (self->import, &error))
    {
      kt_import_mapping_page_set_error (self->mapping_page, error->message);
      return FALSE;
    }
  statement = kt_statement_import_get_statement (self->import);
  credits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u payment received to import.",
                                          "%u payments received to import.",
                                          statement->entries->len),
                             statement->entries->len);
  debits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u debit (money paid out) will be skipped.",
                                         "%u debits (money paid out) will be skipped.",
                                         statement->n_debits),
                            statement->n_debits);
  summary = g_strconcat (credits, " ", debits, " ",
                         _("Lines imported before are recognised by their bank reference "
                           "and skipped."), NULL);
  set_summary (self, "document-open-symbolic", _("Ready to Import"), summary, NULL);
  gtk_widget_set_sensitive (self->import_button, statement->entries->len > 0);
  show_page (self, "check");
  return TRUE;
}

gboolean
kt_statement_dialog_confirm (KtStatementDialog  *self,
                             GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) match_error = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *matched = NULL;
  g_autofree char *summary = NULL;
  KtPaymentImportSummary result;
  KtPaymentMatchSummary match = { 0 };

  g_return_val_if_fail (KT_IS_STATEMENT_DIALOG (self), FALSE);

  if (!kt_statement_import_commit (self->import, &result, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("Nothing was imported: %s"), local_error->message);

      set_summary (self, "dialog-error-symbolic", _("Could Not Import"), message, NULL);
      gtk_widget_set_sensitive (self->import_button, FALSE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  imported = kt_payment_import_summary_to_string (&result);
  /* The payments are saved whatever the matcher says: its error is told,
   * not a reason to call the import failed. */
  if (result.payment_ids->len == 0)
    matched = g_strdup ("");
  else if (!kt_payment_match_run (self->store, result.payment_ids, &match, &match_error))
    matched = g_strdup_printf (_("Matching failed: %s"), match_error->message);
  else
    /* Translators: the invoice matching after a statement import */
    matched = g_strdup_printf (_("Matched to invoices: %u, proposed for review: %u, "
                                 "unmatched: %u."), match.applied, match.proposed,
                               match.unmatched);
  summary = g_strconcat (imported, ". ", matched, NULL);
  set_summary (self, "emblem-ok-symbolic", _("Statement Imported"), summary, result.skipped);
  show_page (self, "done");
  g_signal_emit (self, signals[IMPORTED], 0, result.imported);
  kt_payment_import_summary_clear (&result);
  return TRUE;
}

const char *
kt_statement_dialog_get_summary (KtStatementDialog *self)
{
  g_return_val_if_fail (KT_IS_STATEMENT_DIALOG (self), NULL);
  return self->summary;
}

const char *
kt_statement_dialog_get_page (KtStatementDialog *self)
{
  g_return_val_if_fail (KT_IS_STATEMENT_DIALOG (self), NULL);
  return self->page;
}
