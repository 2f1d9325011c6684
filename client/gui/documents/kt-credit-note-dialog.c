/* kt-credit-note-dialog.c: choose the lines and quantities a credit note
 * reverses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-credit-note-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-credit-note-dialog.h"
#include "kt-documents.h"
#include "kt-format.h"

struct _KtCreditNoteDialog
{
  AdwWindow        parent_instance;

  KtStore         *store;
  KtRecord        *invoice;
  GPtrArray       *items;       /* of KtRecord */
  GPtrArray       *checks;      /* of GtkCheckButton, by item */
  GPtrArray       *quantities;  /* of GtkEntry, by item */
  AdwToastOverlay *toasts;
};

G_DEFINE_FINAL_TYPE (KtCreditNoteDialog, kt_credit_note_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
kt_credit_note_dialog_create (KtCreditNoteDialog  *self,
                              GError             **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (KtCreditLine));
  g_autoptr(KtRecord) note = NULL;

  g_return_val_if_fail (KT_IS_CREDIT_NOTE_DIALOG (self), FALSE);

  for (guint i = 0; i < self->items->len; i++)
    {
      KtRecord *item = g_ptr_array_index (self->items, i);
      KtCreditLine line = { .item_id = kt_record_get_id (item) };
      const char *text = gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (self->quantities, i)));
      g_autoptr(GError) local_error = NULL;

      if (!gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
        continue;
      if (!kt_format_parse_decimal (text, 3, &line.quantity, &local_error))
        {
          /* Translators: "Line 2: “abc” is not a number…" */
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID, _("Line %u: %s"), i + 1, local_error->message);
          return FALSE;
        }
      g_array_append_val (lines, line);
    }

  note = kt_document_create_credit_note (self->store, self->invoice,
                                         (KtCreditLine *) lines->data, lines->len, error);
  if (note == NULL)
    return FALSE;

  g_signal_emit (self, signals[CREATED], 0, note);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_create_clicked_cb (KtCreditNoteDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!kt_credit_note_dialog_create (self, &error))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static void
on_check_toggled_cb (GtkCheckButton *check,
                     GtkWidget      *entry)
{
  gtk_widget_set_sensitive (entry, gtk_check_button_get_active (check));
}

static void
build (KtCreditNoteDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *create = gtk_button_new_with_mnemonic (_("C_reate"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *number = kt_document_dup_number (self->invoice);
  /* Translators: %s is the invoice number */
  g_autofree char *subtitle = g_strdup_printf (_("Invoice %s"), number);
  const char *currency = kt_record_get_string (self->invoice, "currency");

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("New Credit Note"), subtitle));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_widget_add_css_class (create, "suggested-action");
  g_signal_connect_swapped (create, "clicked", G_CALLBACK (on_create_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), create);
  gtk_box_append (GTK_BOX (box), header);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Lines to Credit"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The credit note reverses the chosen quantities at the invoice’s prices."));
  for (guint i = 0; i < self->items->len; i++)
    {
      KtRecord *item = g_ptr_array_index (self->items, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *entry = gtk_entry_new ();
      g_autofree char *quantity = kt_format_decimal (kt_record_get_int (item, "quantity"), 3);
      g_autofree char *price = kt_format_money (kt_record_get_int (item, "unit_price"),
                                                currency != NULL ? currency : KT_DEFAULT_CURRENCY);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kt_record_get_string (item, "description"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), price);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_editable_set_text (GTK_EDITABLE (entry), quantity);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
      gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Quantity to credit"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
      g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), entry);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (self->checks, check);
      g_ptr_array_add (self->quantities, entry);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}

static void
kt_credit_note_dialog_dispose (GObject *object)
{
  KtCreditNoteDialog *self = KT_CREDIT_NOTE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->invoice);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->quantities, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_credit_note_dialog_parent_class)->dispose (object);
}

static void
kt_credit_note_dialog_class_init (KtCreditNoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_credit_note_dialog_dispose;

  /**
   * KtCreditNoteDialog::created:
   * @note: the credit note, as saved
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, KT_TYPE_RECORD);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_credit_note_dialog_init (KtCreditNoteDialog *self)
{
  self->checks = g_ptr_array_new ();
  self->quantities = g_ptr_array_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 520);
}

KtCreditNoteDialog *
kt_credit_note_dialog_new (KtStore  *store,
                           KtRecord *invoice)
{
  KtCreditNoteDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (invoice), NULL);

  self = g_object_new (KT_TYPE_CREDIT_NOTE_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->invoice = g_object_ref (invoice);
  self->items = kt_document_load_items (store, invoice, &error);
  if (self->items == NULL)
    {
      g_warning ("Could not read an invoice's lines: %s", error->message);
      self->items = g_ptr_array_new_with_free_func (g_object_unref);
    }
  build (self);
  return self;
}

GtkWidget *
kt_credit_note_dialog_get_check (KtCreditNoteDialog *self,
                                 guint               index)
{
  g_return_val_if_fail (KT_IS_CREDIT_NOTE_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->checks->len, NULL);

  return g_ptr_array_index (self->checks, index);
}

GtkWidget *
kt_credit_note_dialog_get_quantity (KtCreditNoteDialog *self,
                                    guint               index)
{
  g_return_val_if_fail (KT_IS_CREDIT_NOTE_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->quantities->len, NULL);

  return g_ptr_array_index (self->quantities, index);
}
