/* kt-payments-pane.c: the Payments section
 *
 * The list, detail and form come from KtRecordPane. This file adds what
 * is a payment's own: its match state (a column, a filter, and a group at
 * the top of the detail with Unmatch, Accept / Reject or "Match to
 * invoice…"), the period filter, New Payment running the matcher on
 * save, and Import Statement… (app.import). Every match decision shows
 * a toast whose Undo makes the opposite kt_payment_match_*() call
 * (client/core).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-payments-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-format.h"
#include "kt-invoice-chooser.h"
#include "kt-payment-match.h"
#include "kt-payments-pane.h"
#include "kt-toast.h"

struct _KtPaymentsPane
{
  KtRecordPane  parent_instance;

  AdwComboRow  *state_row;
  AdwComboRow  *period_row;
};

G_DEFINE_FINAL_TYPE (KtPaymentsPane, kt_payments_pane, KT_TYPE_RECORD_PANE)

typedef enum {
  STATE_ANY,
  STATE_MATCHED,
  STATE_PROPOSED,
  STATE_UNMATCHED,
} State;

typedef enum {
  PERIOD_ANY,
  PERIOD_THIS_MONTH,
  PERIOD_LAST_MONTH,
  PERIOD_THIS_YEAR,
} Period;

#define STATE_COLUMN "@state"

static const KtRecordColumn columns[] = {
  /* The State column must show an invoice number whole beside the
   * detail at 1280 px, in Bulgarian too ("Съпоставено: 2026-000025"),
   * and the amount a whole "14 830,80 лв." (190 and 100 px cut both).
   * The amount shows its currency, so it has no column of its own. */
  { "received_at", N_("Received"), "received_at", 130 },
  { "payer_name", N_("Payer"), "payer_name", 0, TRUE },
  { "amount", N_("Amount"), "amount", 125, TRUE, TRUE },
  { "reference", N_("Reference"), "reference", 110 },
  { STATE_COLUMN, N_("State"), NULL, 220 },
  { NULL }
};

static const KtRecordGroup groups[] = {
  { N_("Payment"), "amount,currency,received_at,method" },
  { N_("From"), "payer_name,payer_iban,reference,description" },
  { N_("More"), "bank_reference,notes" },
  { NULL }
};

static const KtRecordLink links[] = {
  { NULL }
};

static State
payment_state (KtRecord *payment)
{
  if (kt_record_get_bool (payment, "matched"))
    return STATE_MATCHED;
  if (kt_record_get_string (payment, "proposed_invoice_id") != NULL)
    return STATE_PROPOSED;
  return STATE_UNMATCHED;
}

/* An invoice's number as people know it; a draft has none yet. */
static char *
invoice_number (KtStore    *store,
                const char *invoice_id)
{
  g_autoptr(KtRecord) invoice = NULL;
  const char *number;

  if (invoice_id == NULL)
    return g_strdup ("");
  invoice = kt_store_get (store, KT_ENTITY_INVOICE, invoice_id, NULL);
  if (invoice == NULL)
    return g_strdup (_("a deleted invoice"));
  number = kt_record_get_string (invoice, "number");
  return g_strdup (number != NULL && *number != '\0' ? number : _("Draft"));
}

static char *
cell_text (KtStore    *store,
           KtRecord   *payment,
           const char *field)
{
  g_autofree char *number = NULL;

  /* The pane asks for every column: the others show their own field. */
  if (g_strcmp0 (field, STATE_COLUMN) != 0)
    return NULL;

  switch (payment_state (payment))
    {
    case STATE_MATCHED:
      number = invoice_number (store, kt_record_get_string (payment, "invoice_id"));
      /* Translators: a payment's state in the list; %s is an invoice number */
      return g_strdup_printf (_("Matched: %s"), number);
    case STATE_PROPOSED:
      number = invoice_number (store, kt_record_get_string (payment, "proposed_invoice_id"));
      /* Translators: a payment's state in the list; %s is an invoice number */
      return g_strdup_printf (_("Proposed: %s"), number);
    case STATE_UNMATCHED:
    case STATE_ANY:
    default:
      return g_strdup (_("Unmatched"));
    }
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *payment_id,
               gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", payment_id);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

/* The match at the top of the detail, with what a person can do about
 * it. The buttons name the pane's actions; the detail is inside the
 * pane, so they reach them. */
static GtkWidget *
detail_extra (KtContext *context,
              KtRecord  *payment)
{
  KtStore *store = kt_context_get_store (context);
  const char *id = kt_record_get_id (payment);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Invoice"));
  gtk_widget_add_css_class (buttons, "kt-match-buttons");

  switch (payment_state (payment))
    {
    case STATE_MATCHED:
      number = invoice_number (store, kt_record_get_string (payment, "invoice_id"));
      /* Translators: %s is an invoice number */
      title = g_strdup_printf (_("Matched to invoice %s"), number);
      if (kt_record_get_int (payment, "credit_amount") > 0)
        {
          g_autofree char *credit = kt_format_money (kt_record_get_int (payment, "credit_amount"),
                                                     kt_record_get_string (payment, "currency"));
          g_autofree char *subtitle = g_strdup_printf (_("Overpaid: %s left as credit"), credit);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      gtk_box_append (GTK_BOX (buttons), action_button (_("_Unmatch"), "payment.unmatch", id, FALSE));
      break;
    case STATE_PROPOSED:
      number = invoice_number (store, kt_record_get_string (payment, "proposed_invoice_id"));
      /* Translators: %s is an invoice number */
      title = g_strdup_printf (_("Proposed: invoice %s"), number);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("The payment may be for this invoice: accept or reject"));
      gtk_box_append (GTK_BOX (buttons), action_button (_("_Reject"), "payment.reject", id, FALSE));
      gtk_box_append (GTK_BOX (buttons), action_button (_("_Accept"), "payment.accept", id, TRUE));
      break;
    case STATE_UNMATCHED:
    case STATE_ANY:
    default:
      title = g_strdup (_("Not matched to an invoice"));
      gtk_box_append (GTK_BOX (buttons),
                      action_button (_("_Match to Invoice…"), "payment.choose-invoice", id, FALSE));
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  /* Under the row, not beside it: in Bulgarian and at 360 px the buttons
   * would squeeze the invoice's number into a column of syllables. */
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
  return group;
}

static char *
count_text (guint n)
{
  g_autofree char *number = kt_format_number (n);

  /* Translators: %s is a formatted number such as "1 234" */
  return g_strdup_printf (ngettext ("%s payment", "%s payments", n), number);
}

static char *
selected_text (guint n)
{
  g_autofree char *number = kt_format_number (n);

  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s payment selected", "%s payments selected", n), number);
}

static char *
deleted_text (guint       n,
              const char *title)
{
  g_autofree char *number = NULL;

  if (n == 1)
    /* Translators: %s is the payer or the reference */
    return g_strdup_printf (_("Payment “%s” deleted"), title);

  number = kt_format_number (n);
  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s payment deleted", "%s payments deleted", n), number);
}

static const KtRecordPaneSpec spec = {
  .entity = &kt_payment_entity,
  .link_field = "payment_id",
  .search_placeholder = N_("Search payments"),
  .empty_title = N_("No Payments Yet"),
  .empty_icon = "accessories-calculator-symbolic",
  .empty_description = N_("Money received goes here. Record a payment, or import a bank statement "
                          "(CAMT.053 or CSV) and Kantora matches it to your invoices."),
  .new_title = N_("New Payment"),
  .edit_title = N_("Edit Payment"),
  .subtitle_fields = "amount,received_at",
  .columns = columns,
  .groups = groups,
  .links = links,
  .count_text = count_text,
  .deleted_text = deleted_text,
  .selected_text = selected_text,
  .cell_text = cell_text,
  .detail_extra = detail_extra,
};

static KtStore *
pane_store (KtPaymentsPane *self)
{
  return kt_context_get_store (kt_record_pane_get_context (KT_RECORD_PANE (self)));
}

/* The first day of the month @months after @now's, "YYYY-MM-01". */
static char *
month_start (GDateTime *now,
             int        months)
{
  int month = g_date_time_get_month (now) - 1 + months;
  int year = g_date_time_get_year (now);

  year += month >= 0 ? month / 12 : (month - 11) / 12;
  month = ((month % 12) + 12) % 12;
  return g_strdup_printf ("%04d-%02d-01", year, month + 1);
}

static void
add_filters (KtRecordPane *pane,
             KtQuery      *query)
{
  KtPaymentsPane *self = KT_PAYMENTS_PANE (pane);
  g_autoptr(GDateTime) now = kt_format_now ();
  g_autofree char *from = NULL;
  g_autofree char *before = NULL;

  if (self->state_row == NULL)
    return;

  switch ((State) adw_combo_row_get_selected (self->state_row))
    {
    case STATE_MATCHED:
      kt_query_add_filter (query, "matched", "true");
      break;
    case STATE_PROPOSED:
      kt_query_add_filter (query, "matched", "false");
      kt_query_add_filter_from (query, "proposed_invoice_id", "");
      break;
    case STATE_UNMATCHED:
      kt_query_add_filter (query, "matched", "false");
      kt_query_add_filter (query, "proposed_invoice_id", NULL);
      break;
    case STATE_ANY:
    default:
      break;
    }

  /* received_at is UTC text; a date's text sorts before every time of
   * that day, so "from the 1st" and "before next month's 1st" bound it. */
  switch ((Period) adw_combo_row_get_selected (self->period_row))
    {
    case PERIOD_THIS_MONTH:
      from = month_start (now, 0);
      before = month_start (now, 1);
      break;
    case PERIOD_LAST_MONTH:
      from = month_start (now, -1);
      before = month_start (now, 0);
      break;
    case PERIOD_THIS_YEAR:
      from = g_strdup_printf ("%04d-01-01", g_date_time_get_year (now));
      before = g_strdup_printf ("%04d-01-01", g_date_time_get_year (now) + 1);
      break;
    case PERIOD_ANY:
    default:
      break;
    }
  if (from != NULL)
    {
      kt_query_add_filter_from (query, "received_at", from);
      kt_query_add_filter_before (query, "received_at", before);
    }
}

static void
clear_filters (KtRecordPane *pane)
{
  KtPaymentsPane *self = KT_PAYMENTS_PANE (pane);

  adw_combo_row_set_selected (self->state_row, STATE_ANY);
  adw_combo_row_set_selected (self->period_row, PERIOD_ANY);
}

/* Undo of a match decision: what to call, on which payment. */
typedef enum {
  UNDO_APPLY,       /* match @invoice_id again */
  UNDO_UNMATCH,     /* unmatch */
  UNDO_PROPOSE,     /* unmatch if matched, and propose @invoice_id again */
} UndoKind;

typedef struct {
  UndoKind  kind;
  char     *payment_id;
  char     *invoice_id;
} Undo;

static void
undo_free (Undo *undo)
{
  g_free (undo->payment_id);
  g_free (undo->invoice_id);
  g_free (undo);
}

static gboolean
set_proposal (KtStore     *store,
              const char  *payment_id,
              const char  *invoice_id,
              GError     **error)
{
  g_autoptr(KtRecord) payment = kt_store_get (store, KT_ENTITY_PAYMENT, payment_id, error);

  if (payment == NULL)
    return FALSE;
  kt_record_set_string (payment, "proposed_invoice_id", invoice_id);
  return kt_store_save (store, payment, error);
}

static void
on_undo_clicked_cb (KtPaymentsPane *self,
                    AdwToast       *toast)
{
  Undo *undo = g_object_get_data (G_OBJECT (toast), "kt-undo");
  KtStore *store = pane_store (self);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  switch (undo->kind)
    {
    case UNDO_APPLY:
      ok = kt_payment_match_apply (store, undo->payment_id, undo->invoice_id, &error);
      break;
    case UNDO_UNMATCH:
      ok = kt_payment_match_unmatch (store, undo->payment_id, &error);
      break;
    case UNDO_PROPOSE:
      {
        g_autoptr(KtRecord) payment = kt_store_get (store, KT_ENTITY_PAYMENT, undo->payment_id, &error);

        ok = payment != NULL &&
             (!kt_record_get_bool (payment, "matched") ||
              kt_payment_match_unmatch (store, undo->payment_id, &error)) &&
             set_proposal (store, undo->payment_id, undo->invoice_id, &error);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
show_undo_toast (KtPaymentsPane *self,
                 const char     *message,
                 UndoKind        kind,
                 const char     *payment_id,
                 const char     *invoice_id)
{
  AdwToast *toast = adw_toast_new (message);
  Undo *undo = g_new0 (Undo, 1);

  undo->kind = kind;
  undo->payment_id = g_strdup (payment_id);
  undo->invoice_id = g_strdup (invoice_id);
  g_object_set_data_full (G_OBJECT (toast), "kt-undo", undo, (GDestroyNotify) undo_free);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  kt_widget_add_toast (GTK_WIDGET (self), toast);
}

static KtRecord *
load_payment (KtPaymentsPane *self,
              GVariant       *param)
{
  g_autoptr(GError) error = NULL;
  KtRecord *payment = kt_store_get (pane_store (self), KT_ENTITY_PAYMENT,
                                    g_variant_get_string (param, NULL), &error);

  if (payment == NULL)
    kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
  return payment;
}

static void
report_error (KtPaymentsPane *self,
              GError         *error)
{
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

/* A person's decision on the payment @param names. */
typedef enum {
  DECIDE_UNMATCH,   /* its match with invoice_id */
  DECIDE_ACCEPT,    /* its proposal */
  DECIDE_REJECT,    /* its proposal */
} Decision;

static void
decide (KtPaymentsPane *self,
        GVariant       *param,
        Decision        decision)
{
  g_autoptr(KtRecord) payment = load_payment (self, param);
  g_autoptr(GError) error = NULL;
  g_autofree char *invoice_id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;
  KtStore *store = pane_store (self);
  const char *payment_id;
  gboolean ok;

  if (payment == NULL)
    return;
  payment_id = kt_record_get_id (payment);
  invoice_id = g_strdup (kt_record_get_string (payment, decision == DECIDE_UNMATCH
                                               ? "invoice_id" : "proposed_invoice_id"));
  /* A stale button (the state changed since it was drawn) does nothing. */
  if (invoice_id == NULL || (decision == DECIDE_UNMATCH) != kt_record_get_bool (payment, "matched"))
    return;
  number = invoice_number (store, invoice_id);

  if (decision == DECIDE_UNMATCH)
    ok = kt_payment_match_unmatch (store, payment_id, &error);
  else if (decision == DECIDE_ACCEPT)
    ok = kt_payment_match_apply (store, payment_id, invoice_id, &error);
  else
    ok = set_proposal (store, payment_id, NULL, &error);
  if (!ok)
    {
      report_error (self, error);
      return;
    }

  switch (decision)
    {
    case DECIDE_UNMATCH:
      /* Translators: %s is an invoice number */
      message = g_strdup_printf (_("Payment unmatched from invoice %s"), number);
      show_undo_toast (self, message, UNDO_APPLY, payment_id, invoice_id);
      break;
    case DECIDE_ACCEPT:
      /* Translators: %s is an invoice number */
      message = g_strdup_printf (_("Payment matched to invoice %s"), number);
      show_undo_toast (self, message, UNDO_PROPOSE, payment_id, invoice_id);
      break;
    case DECIDE_REJECT:
    default:
      /* Translators: %s is an invoice number */
      message = g_strdup_printf (_("Proposal of invoice %s rejected"), number);
      show_undo_toast (self, message, UNDO_PROPOSE, payment_id, invoice_id);
      break;
    }
}

static void
unmatch_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  decide (KT_PAYMENTS_PANE (widget), param, DECIDE_UNMATCH);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  decide (KT_PAYMENTS_PANE (widget), param, DECIDE_ACCEPT);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  decide (KT_PAYMENTS_PANE (widget), param, DECIDE_REJECT);
}

static void
on_invoice_chosen_cb (KtInvoiceChooser *chooser,
                      const char       *invoice_id,
                      KtPaymentsPane   *self)
{
  const char *payment_id = g_object_get_data (G_OBJECT (chooser), "payment-id");
  g_autoptr(GError) error = NULL;
  g_autofree char *number = invoice_number (pane_store (self), invoice_id);
  g_autofree char *message = NULL;

  if (!kt_payment_match_apply (pane_store (self), payment_id, invoice_id, &error))
    {
      report_error (self, error);
      return;
    }
  /* Translators: %s is an invoice number */
  message = g_strdup_printf (_("Payment matched to invoice %s"), number);
  show_undo_toast (self, message, UNDO_UNMATCH, payment_id, invoice_id);
}

static void
choose_invoice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KtPaymentsPane *self = KT_PAYMENTS_PANE (widget);
  g_autoptr(KtRecord) payment = load_payment (self, param);
  KtInvoiceChooser *chooser;

  if (payment == NULL)
    return;
  chooser = kt_invoice_chooser_new (pane_store (self), kt_record_get_string (payment, "currency"));
  g_object_set_data_full (G_OBJECT (chooser), "payment-id",
                          g_strdup (kt_record_get_id (payment)), g_free);
  g_signal_connect_object (chooser, "chosen", G_CALLBACK (on_invoice_chosen_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (chooser),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  /* The application's import action (importexport/, which includes the
   * window: calling it directly would make an include loop) on the store
   * of this window. */
  gtk_widget_activate_action (widget, "app.import", "s", "payment");
}

/* New Payment: the matcher looks at it at once, and the toast says what
 * it found. */
static void
record_saved (KtRecordPane *pane,
              KtRecord     *payment,
              gboolean      created)
{
  KtPaymentsPane *self = KT_PAYMENTS_PANE (pane);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) fresh = NULL;
  g_autofree char *message = NULL;
  g_autofree char *number = NULL;
  KtPaymentMatchSummary summary = { 0 };

  if (!created || kt_record_get_bool (payment, "matched"))
    {
      kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("Payment saved")));
      return;
    }

  g_ptr_array_add (ids, g_strdup (kt_record_get_id (payment)));
  if (!kt_payment_match_run (pane_store (self), ids, &summary, &error))
    {
      message = g_strdup_printf (_("Payment saved; matching failed: %s"), error->message);
      kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
      return;
    }
  fresh = kt_store_get (pane_store (self), KT_ENTITY_PAYMENT, kt_record_get_id (payment), NULL);
  if (fresh != NULL && summary.applied > 0)
    {
      number = invoice_number (pane_store (self), kt_record_get_string (fresh, "invoice_id"));
      /* Translators: %s is an invoice number */
      message = g_strdup_printf (_("Payment saved and matched to invoice %s"), number);
      show_undo_toast (self, message, UNDO_UNMATCH, kt_record_get_id (payment), NULL);
      return;
    }
  if (fresh != NULL && summary.proposed > 0)
    {
      number = invoice_number (pane_store (self), kt_record_get_string (fresh, "proposed_invoice_id"));
      /* Translators: %s is an invoice number */
      message = g_strdup_printf (_("Payment saved; invoice %s is proposed for it"), number);
    }
  else
    message = g_strdup (_("Payment saved; no open invoice matches it"));
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

static AdwComboRow *
filter_row (KtPaymentsPane     *self,
            const char         *title,
            const char * const *choices)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

  for (guint i = 0; choices[i] != NULL; i++)
    gtk_string_list_append (labels, choices[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (kt_record_pane_filters_changed), self,
                           G_CONNECT_SWAPPED);
  kt_record_pane_add_filter_row (KT_RECORD_PANE (self), GTK_WIDGET (row));
  return row;
}

static void
kt_payments_pane_constructed (GObject *object)
{
  KtPaymentsPane *self = KT_PAYMENTS_PANE (object);
  const char *states[] = {
    C_("payment state filter", "Any"), C_("payment state filter", "Matched"),
    C_("payment state filter", "Proposed"), C_("payment state filter", "Unmatched"), NULL
  };
  const char *periods[] = {
    _("Any time"), _("This month"), _("Last month"), _("This year"), NULL
  };
  GtkWidget *import_button;

  G_OBJECT_CLASS (kt_payments_pane_parent_class)->constructed (object);

  self->state_row = filter_row (self, _("State"), states);
  self->period_row = filter_row (self, _("Period"), periods);

  import_button = gtk_button_new_from_icon_name ("document-open-symbolic");
  gtk_widget_set_tooltip_text (import_button, _("Import Statement…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (import_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Import Statement…"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (import_button), "payment.import");
  kt_record_pane_add_toolbar_widget (KT_RECORD_PANE (self), import_button);
}

static void
kt_payments_pane_class_init (KtPaymentsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KtRecordPaneClass *pane_class = KT_RECORD_PANE_CLASS (klass);

  object_class->constructed = kt_payments_pane_constructed;

  pane_class->spec = &spec;
  pane_class->add_filters = add_filters;
  pane_class->clear_filters = clear_filters;
  pane_class->record_saved = record_saved;

  gtk_widget_class_install_action (widget_class, "payment.unmatch", "s", unmatch_action);
  gtk_widget_class_install_action (widget_class, "payment.accept", "s", accept_action);
  gtk_widget_class_install_action (widget_class, "payment.reject", "s", reject_action);
  gtk_widget_class_install_action (widget_class, "payment.choose-invoice", "s", choose_invoice_action);
  gtk_widget_class_install_action (widget_class, "payment.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "payment.import", NULL);
}

static void
kt_payments_pane_init (KtPaymentsPane *self)
{
}

AdwComboRow *
kt_payments_pane_get_state_filter (KtPaymentsPane *self)
{
  g_return_val_if_fail (KT_IS_PAYMENTS_PANE (self), NULL);
  return self->state_row;
}

AdwComboRow *
kt_payments_pane_get_period_filter (KtPaymentsPane *self)
{
  g_return_val_if_fail (KT_IS_PAYMENTS_PANE (self), NULL);
  return self->period_row;
}
