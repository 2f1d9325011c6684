/* kt-document-pane.c: what the invoices and offers panes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-document-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-credit-note-dialog.h"
#include "kt-document-editor.h"
#include "kt-document-pane.h"
#include "kt-document-preview.h"
#include "kt-documents.h"
#include "kt-format.h"
#include "kt-record-picker.h"
#include "kt-record-text.h"
#include "kt-toast.h"

typedef struct
{
  GtkWidget *status_row;
  GtkWidget *client_picker;
  GtkWidget *period_row;
  GtkWidget *kind_row;
  GtkWidget *overdue_row;
  GtkWidget *overdue_switch;

  /* What the last state action's Undo puts back: copies of the records
   * as they were, and the ids of the records it created. */
  GPtrArray *undo_restore;   /* of KtRecord */
  GPtrArray *undo_created;   /* of KtRecord */
} KtDocumentPanePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KtDocumentPane, kt_document_pane, KT_TYPE_RECORD_PANE)

static const struct {
  const char *status;
  const char *label;
} status_labels[] = {
  { "draft", N_("Draft") },
  { "issued", N_("Issued") },
  { "sent", N_("Sent") },
  { "partially_paid", N_("Partially paid") },
  { "paid", N_("Paid") },
  { "overdue", N_("Overdue") },
  { "cancelled", N_("Cancelled") },
  { "accepted", N_("Accepted") },
  { "rejected", N_("Rejected") },
  { "expired", N_("Expired") },
  { "converted", N_("Converted") },
};

enum {
  PERIOD_ANY,
  PERIOD_THIS_MONTH,
  PERIOD_LAST_MONTH,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
};

enum {
  KIND_ANY,
  KIND_INVOICES,
  KIND_CREDIT_NOTES,
};

const char *
kt_document_status_label (const char *status)
{
  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (status_labels); i++)
    if (g_str_equal (status_labels[i].status, status))
      return _(status_labels[i].label);

  return status;
}

char *
kt_document_cell_text (KtStore    *store,
                       KtRecord   *record,
                       const char *field)
{
  if (g_str_equal (field, "number"))
    return kt_document_dup_number (record);

  if (g_str_equal (field, KT_DOCUMENT_COLUMN_OPEN))
    {
      /* Nothing is owed on a draft, a cancelled invoice or a credit
       * note: the list said a cancelled invoice's whole total was
       * outstanding. */
      if (!kt_document_owes (record))
        return g_strdup ("—");
      return kt_format_money (kt_invoice_open_amount (record),
                              kt_record_get_string (record, "currency"));
    }

  if (g_str_equal (field, "status"))
    {
      g_autofree char *today = kt_document_today ();
      const char *status = kt_record_get_string (record, "status");
      const char *label;

      /* Overdue is a matter of the date: the list says so the day after
       * the due date, before the server's daily job does. */
      if (kt_record_get_entity (record) == KT_ENTITY_INVOICE && kt_document_is_overdue (record, today))
        status = "overdue";
      label = kt_document_status_label (status);

      if (kt_document_is_credit_note (record))
        /* Translators: a credit note's status in the invoices list, e.g.
         * "Credit note · Draft" */
        return g_strdup_printf (_("Credit note · %s"), label);
      return g_strdup (label);
    }

  return NULL;
}

const char *
kt_document_cell_class (KtRecord   *record,
                        const char *field)
{
  g_autofree char *today = NULL;
  const char *status;

  if (!g_str_equal (field, "status"))
    return NULL;

  status = kt_record_get_string (record, "status");
  today = kt_document_today ();
  if (g_strcmp0 (status, "overdue") == 0 ||
      (kt_record_get_entity (record) == KT_ENTITY_INVOICE && kt_document_is_overdue (record, today)))
    return "document-status-overdue";
  if (g_strcmp0 (status, "paid") == 0 || g_strcmp0 (status, "accepted") == 0 ||
      g_strcmp0 (status, "converted") == 0)
    return "document-status-done";
  if (g_strcmp0 (status, "cancelled") == 0 || g_strcmp0 (status, "rejected") == 0 ||
      g_strcmp0 (status, "expired") == 0)
    return "document-status-stopped";
  if (g_strcmp0 (status, "draft") == 0)
    return "document-status-draft";

  return "document-status-open";
}

gboolean
kt_document_can_delete (KtRecord  *record,
                        char     **why)
{
  if (kt_document_is_editable (record))
    return TRUE;

  /* Numbers are gap-free: a document the server may have numbered stays. */
  *why = g_strdup (kt_record_get_entity (record) == KT_ENTITY_INVOICE
                   ? _("An issued invoice cannot be deleted: cancel it or issue a credit note")
                   : _("A sent offer cannot be deleted: mark it as rejected"));
  return FALSE;
}

static KtDocumentPanePrivate *
get_priv (KtDocumentPane *self)
{
  return kt_document_pane_get_instance_private (self);
}

static const KtEntity *
pane_entity (KtDocumentPane *self)
{
  return kt_record_pane_get_spec (KT_RECORD_PANE (self))->entity;
}

static KtStore *
pane_store (KtDocumentPane *self)
{
  return kt_context_get_store (kt_record_pane_get_context (KT_RECORD_PANE (self)));
}

static const char * const *
status_choices (KtDocumentPane *self)
{
  return kt_entity_get_field (pane_entity (self), "status")->choices;
}

static GtkWidget *
add_combo_row (KtDocumentPane     *self,
               GtkListBox         *list,
               const char         *title,
               const char * const *labels)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  gtk_list_box_append (list, row);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (kt_record_pane_filters_changed),
                           self, G_CONNECT_SWAPPED);
  return row;
}

static void
kt_document_pane_setup_filters (KtRecordPane *pane,
                                GtkListBox   *list)
{
  KtDocumentPane *self = KT_DOCUMENT_PANE (pane);
  KtDocumentPanePrivate *priv = get_priv (self);
  const char * const *choices = status_choices (self);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char *periods[] = {
    C_("period filter", "Any time"), _("This month"), _("Last month"), _("This year"),
    _("Last year"), NULL
  };

  g_ptr_array_add (labels, (gpointer) C_("status filter", "Any status"));
  for (guint i = 0; choices[i] != NULL; i++)
    g_ptr_array_add (labels, (gpointer) kt_document_status_label (choices[i]));
  g_ptr_array_add (labels, NULL);
  priv->status_row = add_combo_row (self, list, _("Status"), (const char * const *) labels->pdata);

  if (pane_entity (self) == KT_ENTITY_INVOICE)
    {
      const char *kinds[] = {
        _("Invoices and credit notes"), _("Invoices"), _("Credit notes"), NULL
      };

      priv->kind_row = add_combo_row (self, list, _("Kind"), kinds);
    }

  priv->client_picker = kt_record_picker_new (pane_store (self), KT_ENTITY_COMPANY, _("Client"));
  kt_record_picker_set_empty_text (KT_RECORD_PICKER (priv->client_picker), _("Any client"));
  gtk_list_box_append (list, priv->client_picker);
  g_signal_connect_object (priv->client_picker, "notify::record-id",
                           G_CALLBACK (kt_record_pane_filters_changed), self, G_CONNECT_SWAPPED);

  priv->period_row = add_combo_row (self, list, _("Issued"), periods);

  if (pane_entity (self) == KT_ENTITY_INVOICE)
    {
      priv->overdue_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (priv->overdue_row), _("Overdue only"));
      priv->overdue_switch = gtk_switch_new ();
      gtk_widget_set_valign (priv->overdue_switch, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (priv->overdue_row), priv->overdue_switch);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (priv->overdue_row), priv->overdue_switch);
      gtk_list_box_append (list, priv->overdue_row);
      g_signal_connect_object (priv->overdue_switch, "notify::active",
                               G_CALLBACK (kt_record_pane_filters_changed), self, G_CONNECT_SWAPPED);
    }
}

static gboolean
kt_document_pane_filters_active (KtRecordPane *pane)
{
  KtDocumentPanePrivate *priv = get_priv (KT_DOCUMENT_PANE (pane));

  if (priv->status_row == NULL)
    return FALSE;

  return adw_combo_row_get_selected (ADW_COMBO_ROW (priv->status_row)) != 0 ||
         adw_combo_row_get_selected (ADW_COMBO_ROW (priv->period_row)) != PERIOD_ANY ||
         (priv->kind_row != NULL &&
          adw_combo_row_get_selected (ADW_COMBO_ROW (priv->kind_row)) != KIND_ANY) ||
         kt_record_picker_get_record_id (KT_RECORD_PICKER (priv->client_picker)) != NULL ||
         (priv->overdue_switch != NULL && gtk_switch_get_active (GTK_SWITCH (priv->overdue_switch)));
}

/* The first day of the period and of the one after, "YYYY-MM-DD". */
static void
period_bounds (guint   period,
               char  **from,
               char  **to)
{
  g_autoptr(GDateTime) now = kt_format_now ();
  int year = g_date_time_get_year (now);
  int month = g_date_time_get_month (now);

  switch (period)
    {
    case PERIOD_THIS_MONTH:
      *from = g_strdup_printf ("%04d-%02d-01", year, month);
      *to = month == 12 ? g_strdup_printf ("%04d-01-01", year + 1)
                        : g_strdup_printf ("%04d-%02d-01", year, month + 1);
      break;
    case PERIOD_LAST_MONTH:
      *from = month == 1 ? g_strdup_printf ("%04d-12-01", year - 1)
                         : g_strdup_printf ("%04d-%02d-01", year, month - 1);
      *to = g_strdup_printf ("%04d-%02d-01", year, month);
      break;
    case PERIOD_THIS_YEAR:
      *from = g_strdup_printf ("%04d-01-01", year);
      *to = g_strdup_printf ("%04d-01-01", year + 1);
      break;
    case PERIOD_LAST_YEAR:
      *from = g_strdup_printf ("%04d-01-01", year - 1);
      *to = g_strdup_printf ("%04d-01-01", year);
      break;
    default:
      *from = *to = NULL;
    }
}

static void
kt_document_pane_add_filters (KtRecordPane *pane,
                              KtQuery      *query)
{
  KtDocumentPane *self = KT_DOCUMENT_PANE (pane);
  KtDocumentPanePrivate *priv = get_priv (self);
  guint status;
  const char *client;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (priv->status_row == NULL)
    return;

  status = adw_combo_row_get_selected (ADW_COMBO_ROW (priv->status_row));
  client = kt_record_picker_get_record_id (KT_RECORD_PICKER (priv->client_picker));
  if (status != 0 && status != GTK_INVALID_LIST_POSITION)
    kt_query_add_filter (query, "status", status_choices (self)[status - 1]);

  if (priv->kind_row != NULL)
    switch (adw_combo_row_get_selected (ADW_COMBO_ROW (priv->kind_row)))
      {
      case KIND_INVOICES:
        /* Invoices made before kinds existed have none. */
        kt_query_add_filter_not (query, "kind", "credit_note");
        break;
      case KIND_CREDIT_NOTES:
        kt_query_add_filter (query, "kind", "credit_note");
        break;
      default:
        break;
      }

  if (client != NULL)
    kt_query_add_filter (query, "company_id", client);

  period_bounds (adw_combo_row_get_selected (ADW_COMBO_ROW (priv->period_row)), &from, &to);
  if (from != NULL)
    {
      kt_query_add_filter_from (query, "issue_date", from);
      kt_query_add_filter_before (query, "issue_date", to);
    }

  /* Overdue: due before today and still waiting for money. The store
   * filters by the status; an invoice credited in full has an open
   * amount of zero and no status of its own, and is left in. */
  if (priv->overdue_switch != NULL && gtk_switch_get_active (GTK_SWITCH (priv->overdue_switch)))
    {
      g_autofree char *today = kt_document_today ();

      kt_query_add_filter_before (query, "due_date", today);
      kt_query_add_filter_not (query, "status", "draft");
      kt_query_add_filter_not (query, "status", "paid");
      kt_query_add_filter_not (query, "status", "cancelled");
      kt_query_add_filter_not (query, "kind", "credit_note");
    }
}

static void
kt_document_pane_clear_filters (KtRecordPane *pane)
{
  KtDocumentPanePrivate *priv = get_priv (KT_DOCUMENT_PANE (pane));

  adw_combo_row_set_selected (ADW_COMBO_ROW (priv->status_row), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (priv->period_row), PERIOD_ANY);
  if (priv->kind_row != NULL)
    adw_combo_row_set_selected (ADW_COMBO_ROW (priv->kind_row), KIND_ANY);
  kt_record_picker_set_record_id (KT_RECORD_PICKER (priv->client_picker), NULL);
  if (priv->overdue_switch != NULL)
    gtk_switch_set_active (GTK_SWITCH (priv->overdue_switch), FALSE);
}

/* A saved view names the choices, not their rows: "status": "sent",
 * "kind": "credit_note", "issued": "this_year", "overdue": true, and the
 * client as "client_id". */
static const char * const period_names[] = {
  "any", "this_month", "last_month", "this_year", "last_year", NULL
};
static const char * const kind_names[] = { "any", "invoice", "credit_note", NULL };

static void
kt_document_pane_save_filters (KtRecordPane *pane,
                               JsonObject   *filters)
{
  KtDocumentPane *self = KT_DOCUMENT_PANE (pane);
  KtDocumentPanePrivate *priv = get_priv (self);
  guint status, period;
  const char *client;

  if (priv->status_row == NULL)
    return;
  status = adw_combo_row_get_selected (ADW_COMBO_ROW (priv->status_row));
  period = adw_combo_row_get_selected (ADW_COMBO_ROW (priv->period_row));
  client = kt_record_picker_get_record_id (KT_RECORD_PICKER (priv->client_picker));
  if (status != 0 && status != GTK_INVALID_LIST_POSITION)
    json_object_set_string_member (filters, "status", status_choices (self)[status - 1]);
  if (period != PERIOD_ANY && period < G_N_ELEMENTS (period_names) - 1)
    json_object_set_string_member (filters, "issued", period_names[period]);
  if (priv->kind_row != NULL && adw_combo_row_get_selected (ADW_COMBO_ROW (priv->kind_row)) != KIND_ANY &&
      adw_combo_row_get_selected (ADW_COMBO_ROW (priv->kind_row)) < G_N_ELEMENTS (kind_names) - 1)
    json_object_set_string_member (filters, "kind",
                                   kind_names[adw_combo_row_get_selected (ADW_COMBO_ROW (priv->kind_row))]);
  if (client != NULL)
    json_object_set_string_member (filters, "client_id", client);
  if (priv->overdue_switch != NULL && gtk_switch_get_active (GTK_SWITCH (priv->overdue_switch)))
    json_object_set_boolean_member (filters, "overdue", TRUE);
}

/* The position of @name among @names, or -1 (also for a non-string). */
static int
name_index (JsonObject         *filters,
            const char         *member,
            const char * const *names)
{
  JsonNode *node = json_object_get_member (filters, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return -1;
  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], json_node_get_string (node)))
      return i;
  return -1;
}

static void
kt_document_pane_restore_filters (KtRecordPane *pane,
                                  JsonObject   *filters)
{
  KtDocumentPane *self = KT_DOCUMENT_PANE (pane);
  KtDocumentPanePrivate *priv = get_priv (self);
  int status = name_index (filters, "status", status_choices (self));
  int period = name_index (filters, "issued", period_names);
  int kind = name_index (filters, "kind", kind_names);
  JsonNode *client = json_object_get_member (filters, "client_id");
  JsonNode *overdue = json_object_get_member (filters, "overdue");

  if (priv->status_row == NULL)
    return;
  if (status >= 0)
    adw_combo_row_set_selected (ADW_COMBO_ROW (priv->status_row), (guint) status + 1);
  if (period >= 0)
    adw_combo_row_set_selected (ADW_COMBO_ROW (priv->period_row), (guint) period);
  if (kind >= 0 && priv->kind_row != NULL)
    adw_combo_row_set_selected (ADW_COMBO_ROW (priv->kind_row), (guint) kind);
  if (client != NULL && JSON_NODE_HOLDS_VALUE (client) && json_node_get_value_type (client) == G_TYPE_STRING &&
      kt_uuid_is_valid (json_node_get_string (client)))
    kt_record_picker_set_record_id (KT_RECORD_PICKER (priv->client_picker), json_node_get_string (client));
  if (overdue != NULL && priv->overdue_switch != NULL && JSON_NODE_HOLDS_VALUE (overdue) &&
      json_node_get_value_type (overdue) == G_TYPE_BOOLEAN)
    gtk_switch_set_active (GTK_SWITCH (priv->overdue_switch), json_node_get_boolean (overdue));
}

static GtkWindow *
kt_document_pane_open_form (KtRecordPane *pane,
                            KtRecord     *record)
{
  return GTK_WINDOW (kt_document_editor_new (kt_record_pane_get_context (pane),
                                             kt_record_pane_get_spec (pane)->entity, record));
}

/* Undo */

static void
clear_undo (KtDocumentPane *self)
{
  KtDocumentPanePrivate *priv = get_priv (self);

  g_clear_pointer (&priv->undo_restore, g_ptr_array_unref);
  g_clear_pointer (&priv->undo_created, g_ptr_array_unref);
}

static void
undo (KtDocumentPane *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  KtDocumentPanePrivate *priv = get_priv (self);
  KtStore *store = pane_store (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) restore = g_steal_pointer (&priv->undo_restore);
  g_autoptr(GPtrArray) created = g_steal_pointer (&priv->undo_created);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  if (restore == NULL && created == NULL)
    return;

  /* One transaction: the restored documents and the tombstones of what
   * the action made (a credit note and its lines, a converted invoice). */
  for (guint i = 0; restore != NULL && i < restore->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (restore, i));
  for (guint i = 0; created != NULL && i < created->len; i++)
    {
      KtRecord *record = g_ptr_array_index (created, i);

      kt_record_set_deleted (record, TRUE);
      g_ptr_array_add (all, record);
    }

  if (!kt_store_save_all (store, all, &error))
    kt_widget_add_toast (widget, adw_toast_new (error->message));
  else
    kt_widget_add_toast (widget, adw_toast_new (_("Undone")));
}

static void
show_undo_toast (KtDocumentPane *self,
                 const char     *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* The toast lives in the window's overlay, above the pane, where the
   * pane's actions cannot be reached. */
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo), self, G_CONNECT_SWAPPED);
  kt_widget_add_toast (GTK_WIDGET (self), toast);
}

/* Remembers a copy of @record as it is now, for Undo. */
static void
remember (KtDocumentPane *self,
          KtRecord       *record)
{
  KtDocumentPanePrivate *priv = get_priv (self);

  if (priv->undo_restore == NULL)
    priv->undo_restore = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (priv->undo_restore, kt_record_copy (record));
}

static void
remember_created (KtDocumentPane *self,
                  KtRecord       *record)
{
  KtDocumentPanePrivate *priv = get_priv (self);

  if (priv->undo_created == NULL)
    priv->undo_created = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (priv->undo_created, kt_record_copy (record));
}

/* The document the detail shows, as the store holds it now. */
static KtRecord *
dup_shown (KtDocumentPane *self)
{
  g_autoptr(KtRecord) selected = kt_record_pane_dup_single_selected (KT_RECORD_PANE (self));

  if (selected == NULL)
    return NULL;
  return kt_store_get (pane_store (self), pane_entity (self), kt_record_get_id (selected), NULL);
}

static void
change_status (KtDocumentPane *self,
               const char     *status,
               const char     *message)
{
  g_autoptr(KtRecord) doc = dup_shown (self);
  g_autoptr(GError) error = NULL;

  if (doc == NULL)
    return;

  clear_undo (self);
  remember (self, doc);
  kt_record_set_string (doc, "status", status);
  if (!kt_store_save (pane_store (self), doc, &error))
    {
      clear_undo (self);
      kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  show_undo_toast (self, message);
}

static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  /* The server gives the number when it first sees the issued invoice;
   * until then the list and the detail say "Draft". */
  change_status (KT_DOCUMENT_PANE (widget), "issued",
                 _("Invoice issued: it gets its number at the next sync"));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  change_status (KT_DOCUMENT_PANE (widget), "sent", _("Marked as sent"));
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  change_status (KT_DOCUMENT_PANE (widget), "accepted", _("Offer accepted"));
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  change_status (KT_DOCUMENT_PANE (widget), "rejected", _("Offer rejected"));
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       KtDocumentPane   *self)
{
  if (g_str_equal (response, "cancel-document"))
    change_status (self, "cancelled", _("Invoice cancelled"));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtDocumentPane *self = KT_DOCUMENT_PANE (widget);
  g_autoptr(KtRecord) doc = dup_shown (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *number = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (doc == NULL)
    return;

  number = kt_document_dup_number (doc);
  /* Translators: %s is the invoice number (or "Draft") */
  body = g_strdup_printf (_("Invoice %s stays in the list with its number, marked as cancelled. "
                            "To correct an invoice that was paid or sent, issue a credit note instead."),
                          number);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Cancel This Invoice?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep It"),
                                    "cancel-document", _("Cancel _Invoice"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-document",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_credit_note_created_cb (KtDocumentPane      *self,
                           KtRecord            *note,
                           KtCreditNoteDialog  *dialog)
{
  g_autoptr(GPtrArray) items = kt_document_load_items (pane_store (self), note, NULL);

  clear_undo (self);
  remember_created (self, note);
  for (guint i = 0; items != NULL && i < items->len; i++)
    remember_created (self, g_ptr_array_index (items, i));

  kt_record_pane_show_record (KT_RECORD_PANE (self), kt_record_get_id (note));
  show_undo_toast (self, _("Credit note created as a draft"));
}

static void
credit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtDocumentPane *self = KT_DOCUMENT_PANE (widget);
  g_autoptr(KtRecord) doc = dup_shown (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *dialog;

  if (doc == NULL)
    return;

  dialog = GTK_WINDOW (kt_credit_note_dialog_new (pane_store (self), doc));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_credit_note_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
}

static void
convert_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KtDocumentPane *self = KT_DOCUMENT_PANE (widget);
  g_autoptr(KtRecord) offer = dup_shown (self);
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (offer == NULL)
    return;

  invoice = kt_document_convert_offer (pane_store (self), offer, &items, &error);
  if (invoice == NULL)
    {
      kt_widget_add_toast (widget, adw_toast_new (error->message));
      return;
    }

  clear_undo (self);
  remember (self, offer);
  remember_created (self, invoice);
  for (guint i = 0; i < items->len; i++)
    remember_created (self, g_ptr_array_index (items, i));

  show_undo_toast (self, _("Offer converted into a draft invoice"));
  /* The person's next step is the invoice: show it. */
  gtk_widget_activate_action (widget, "win.show-record", "(ss)", "invoice", kt_record_get_id (invoice));
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KtDocumentPane *self = KT_DOCUMENT_PANE (widget);
  g_autoptr(KtRecord) doc = dup_shown (self);
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  KtDocumentPreview *preview;

  if (doc == NULL)
    return;

  preview = kt_document_preview_new (pane_store (self), doc, &error);
  if (preview == NULL)
    {
      kt_widget_add_toast (widget, adw_toast_new (error->message));
      return;
    }
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (preview), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (preview));
}

static void
kt_document_pane_dispose (GObject *object)
{
  clear_undo (KT_DOCUMENT_PANE (object));

  G_OBJECT_CLASS (kt_document_pane_parent_class)->dispose (object);
}

static void
kt_document_pane_class_init (KtDocumentPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KtRecordPaneClass *pane_class = KT_RECORD_PANE_CLASS (klass);

  object_class->dispose = kt_document_pane_dispose;

  pane_class->setup_filters = kt_document_pane_setup_filters;
  pane_class->filters_active = kt_document_pane_filters_active;
  pane_class->add_filters = kt_document_pane_add_filters;
  pane_class->clear_filters = kt_document_pane_clear_filters;
  pane_class->save_filters = kt_document_pane_save_filters;
  pane_class->restore_filters = kt_document_pane_restore_filters;
  pane_class->open_form = kt_document_pane_open_form;

  gtk_widget_class_install_action (widget_class, "document.issue", NULL, issue_action);
  gtk_widget_class_install_action (widget_class, "document.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "document.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "document.credit", NULL, credit_action);
  gtk_widget_class_install_action (widget_class, "document.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "document.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "document.convert", NULL, convert_action);
  gtk_widget_class_install_action (widget_class, "document.preview", NULL, preview_action);
}

static void
kt_document_pane_init (KtDocumentPane *self)
{
}

GtkWidget *
kt_document_pane_get_status_filter (KtDocumentPane *self)
{
  g_return_val_if_fail (KT_IS_DOCUMENT_PANE (self), NULL);

  return get_priv (self)->status_row;
}

GtkWidget *
kt_document_pane_get_period_filter (KtDocumentPane *self)
{
  g_return_val_if_fail (KT_IS_DOCUMENT_PANE (self), NULL);

  return get_priv (self)->period_row;
}

GtkWidget *
kt_document_pane_get_kind_filter (KtDocumentPane *self)
{
  g_return_val_if_fail (KT_IS_DOCUMENT_PANE (self), NULL);

  return get_priv (self)->kind_row;
}

GtkWidget *
kt_document_pane_get_client_filter (KtDocumentPane *self)
{
  g_return_val_if_fail (KT_IS_DOCUMENT_PANE (self), NULL);

  return get_priv (self)->client_picker;
}

GtkWidget *
kt_document_pane_get_overdue_filter (KtDocumentPane *self)
{
  g_return_val_if_fail (KT_IS_DOCUMENT_PANE (self), NULL);

  return get_priv (self)->overdue_switch;
}
