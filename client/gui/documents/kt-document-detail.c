/* kt-document-detail.c: the part of an invoice's or offer's detail that
 * its fields alone do not give
 *
 * Rebuilt with the record detail whenever the document changes (a sync
 * bringing its number, a status action), so it holds no state of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-document-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-document-detail.h"
#include "kt-document-pane.h"
#include "kt-documents.h"
#include "kt-format.h"
#include "kt-record-text.h"
#include "kt-send-invoice-dialog.h"

struct _KtDocumentDetail
{
  GtkWidget  parent_instance;

  KtStore   *store;
  KtRecord  *doc;
  GtkWidget *box;
};

G_DEFINE_FINAL_TYPE (KtDocumentDetail, kt_document_detail, GTK_TYPE_WIDGET)

static const char *
currency (KtDocumentDetail *self)
{
  const char *code = kt_record_get_string (self->doc, "currency");

  return code != NULL ? code : KT_DEFAULT_CURRENCY;
}

static char *
money (KtDocumentDetail *self,
       gint64            minor)
{
  return kt_format_money (minor, currency (self));
}

static GtkWidget *
add_group (KtDocumentDetail *self,
           const char       *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (GTK_BOX (self->box), group);
  return group;
}

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_button (GtkWidget  *flow,
            const char *label,
            const char *action,
            const char *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
}

/* Off, with the reason as its tooltip, for an invoice that cannot be
 * mailed yet: a draft has no number for the server to print. */
static void
add_send_button (GtkWidget *flow,
                 KtRecord  *invoice)
{
  const char *why = kt_send_invoice_blocked_reason (invoice);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Send by _Email…"));

  if (why == NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "invoice.send-email");
  else
    {
      gtk_widget_set_sensitive (button, FALSE);
      gtk_widget_set_tooltip_text (button, why);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      why, -1);
    }
  gtk_widget_set_name (button, "send-email");
  gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
}

static gboolean
status_is (KtRecord   *doc,
           const char *status)
{
  return g_strcmp0 (kt_record_get_string (doc, "status"), status) == 0;
}

/* The actions that fit the status, in a row of their own below Edit and
 * Delete, wrapping in a narrow window. */
static void
add_actions (KtDocumentDetail *self)
{
  GtkWidget *flow = gtk_flow_box_new ();
  gboolean invoice = kt_record_get_entity (self->doc) == KT_ENTITY_INVOICE;
  gboolean credit_note = kt_document_is_credit_note (self->doc);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), FALSE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_widget_add_css_class (flow, "document-actions");

  if (invoice)
    {
      if (status_is (self->doc, "draft"))
        add_button (flow, credit_note ? _("_Issue Credit Note") : _("_Issue Invoice"),
                    "document.issue", "suggested-action");
      if (status_is (self->doc, "issued"))
        add_button (flow, _("Mark as _Sent"), "document.send", NULL);
      if (!credit_note && !status_is (self->doc, "draft") && !status_is (self->doc, "cancelled"))
        add_button (flow, _("C_redit Note…"), "document.credit", NULL);
      if (!credit_note && !status_is (self->doc, "draft") && !status_is (self->doc, "cancelled") &&
          !status_is (self->doc, "paid"))
        add_button (flow, _("Ca_ncel Invoice…"), "document.cancel", NULL);
      if (!status_is (self->doc, "cancelled"))
        add_send_button (flow, self->doc);
    }
  else
    {
      if (status_is (self->doc, "draft"))
        add_button (flow, _("Mark as _Sent"), "document.send", "suggested-action");
      if (status_is (self->doc, "sent") || status_is (self->doc, "draft"))
        {
          add_button (flow, _("_Accepted"), "document.accept", NULL);
          add_button (flow, _("_Rejected"), "document.reject", NULL);
        }
      if (status_is (self->doc, "accepted"))
        add_button (flow, _("C_onvert to Invoice"), "document.convert", "suggested-action");
    }

  /* Every document prints, saves as PDF and shows as it prints. */
  add_button (flow, _("Pre_view…"), "document.preview", NULL);

  /* A cancelled or paid document may have nothing left to do. */
  gtk_box_append (GTK_BOX (self->box), flow);
  gtk_widget_set_visible (flow, gtk_widget_get_first_child (flow) != NULL);
}

static void
add_notice (KtDocumentDetail *self)
{
  const char *text = NULL;
  const char *number = kt_record_get_string (self->doc, "number");
  GtkWidget *label;

  if (kt_record_get_entity (self->doc) == KT_ENTITY_INVOICE && !status_is (self->doc, "draft") &&
      (number == NULL || *number == '\0'))
    text = _("Issued: the number comes from the server at the next sync.");
  else if (kt_record_get_entity (self->doc) == KT_ENTITY_INVOICE && !kt_document_is_editable (self->doc))
    text = _("An issued invoice cannot be changed. To correct it, issue a credit note.");

  if (text == NULL)
    return;

  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (self->box), label);
}

/* As the record detail shows a field: the value is what people scan
 * for, the label under it says what it is. */
static void
add_text_row (GtkWidget  *group,
              const char *label,
              const char *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;

  row = add_row (group, value, NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), label);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
}

static const char *
org_string (JsonObject *org,
            const char *member)
{
  return org != NULL ? json_object_get_string_member_with_default (org, member, NULL) : NULL;
}

static void
add_parties (KtDocumentDetail *self)
{
  g_autoptr(JsonObject) org = kt_document_load_organization (self->store);
  GtkWidget *group = add_group (self, _("Seller"));

  if (org == NULL)
    add_row (group, _("The organization’s details come with the first sync"), NULL);
  else
    {
      add_text_row (group, _("Name"), org_string (org, "name"));
      add_text_row (group, _("Address"), org_string (org, "address"));
      add_text_row (group, _("EIK"), org_string (org, "eik"));
      add_text_row (group, _("VAT number"), org_string (org, "vat_number"));
      add_text_row (group, _("Responsible person"), org_string (org, "mol"));
      add_text_row (group, _("IBAN"), org_string (org, "iban"));
    }

  group = add_group (self, _("Client"));
  add_text_row (group, _("Name"), kt_record_get_string (self->doc, "client_name"));
  add_text_row (group, _("Address"), kt_record_get_string (self->doc, "client_address"));
  add_text_row (group, _("EIK"), kt_record_get_string (self->doc, "client_eik"));
  add_text_row (group, _("VAT number"), kt_record_get_string (self->doc, "client_vat"));
  add_text_row (group, _("Responsible person"), kt_record_get_string (self->doc, "client_mol"));
  if (!kt_record_has (self->doc, "client_name"))
    add_row (group, _("No client yet"), NULL);
}

static void
add_lines (KtDocumentDetail *self,
           GPtrArray        *items)
{
  GtkWidget *group = add_group (self, _("Lines"));

  if (items->len == 0)
    add_row (group, _("No lines yet"), NULL);

  for (guint i = 0; i < items->len; i++)
    {
      KtRecord *item = g_ptr_array_index (items, i);
      g_autofree char *quantity = kt_record_text_field (self->store, item, "quantity", NULL);
      g_autofree char *price = money (self, kt_record_get_int (item, "unit_price"));
      g_autofree char *vat = kt_record_text_field (self->store, item, "vat_bps", NULL);
      const char *unit = kt_record_get_string (item, "unit");
      g_autoptr(GString) subtitle = g_string_new (NULL);
      KtLineInput input = {
        .quantity = kt_record_get_int (item, "quantity"),
        .unit_price = kt_record_get_int (item, "unit_price"),
        .discount_bps = (gint32) kt_record_get_int (item, "discount_bps"),
        .vat_bps = (gint32) kt_record_get_int (item, "vat_bps"),
      };
      KtLineTotals line = { 0 };
      g_autofree char *amount = NULL;
      GtkWidget *row;

      /* Translators: a line's quantity, unit and price: "2,5 h × 100,00 €" */
      g_string_append_printf (subtitle, _("%s %s × %s"), quantity, unit != NULL ? unit : "", price);
      if (input.discount_bps > 0)
        {
          g_autofree char *discount = kt_record_text_field (self->store, item, "discount_bps", NULL);

          /* Translators: a line's discount, "−10 %" */
          g_string_append_printf (subtitle, _(" · −%s"), discount);
        }
      /* Translators: a line's VAT rate, "VAT 20 %" */
      g_string_append_printf (subtitle, _(" · VAT %s"), vat);
      if (input.vat_bps == 0 && kt_record_get_string (item, "vat_exemption") != NULL)
        g_string_append_printf (subtitle, " (%s)", kt_record_get_string (item, "vat_exemption"));

      if (kt_totals_line (&input, &line, NULL))
        amount = money (self, line.net);
      row = add_row (group, kt_record_get_string (item, "description"), amount);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
    }
}

static void
add_totals (KtDocumentDetail *self,
            GPtrArray        *items)
{
  GtkWidget *group = add_group (self, _("Totals"));
  KtDocumentTotals totals = { 0 };
  g_autofree char *subtotal = NULL;
  g_autofree char *total = NULL;

  if (!kt_invoice_compute_totals (self->doc, items, &totals, NULL))
    return;

  subtotal = money (self, totals.subtotal);
  add_row (group, _("Subtotal"), subtotal);
  if (totals.discount != 0)
    {
      g_autofree char *discount = money (self, -totals.discount);

      add_row (group, _("Discount"), discount);
    }
  for (guint i = 0; i < totals.n_vat_groups; i++)
    {
      const KtVatGroup *vat = &totals.vat_groups[i];
      g_autofree char *title = NULL;
      g_autofree char *tax = money (self, vat->tax);
      g_autofree char *base = money (self, vat->net);
      g_autofree char *on = NULL;
      GtkWidget *row;

      /* Translators: the VAT of one rate, "VAT 20 %" */
      title = g_strdup_printf (_("VAT %d %%"), vat->vat_bps / 100);
      row = add_row (group, title, tax);
      /* Translators: the amount a VAT rate applies to */
      on = g_strdup_printf (_("on %s"), base);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), on);
    }
  total = money (self, totals.total);
  gtk_widget_add_css_class (add_row (group, _("Total"), total), "document-total");

  if (kt_document_owes (self->doc))
    {
      g_autofree char *paid = money (self, kt_record_get_int (self->doc, "paid_amount"));
      g_autofree char *credited = money (self, kt_record_get_int (self->doc, "credited_amount"));
      g_autofree char *open = money (self, kt_invoice_open_amount (self->doc));

      if (kt_record_get_int (self->doc, "paid_amount") != 0)
        add_row (group, _("Paid"), paid);
      if (kt_record_get_int (self->doc, "credited_amount") != 0)
        add_row (group, _("Credited"), credited);
      gtk_widget_add_css_class (add_row (group, _("Open amount"), open), "document-open");
    }

  kt_document_totals_clear (&totals);
}

static void
add_link_row (GtkWidget  *group,
              KtRecord   *linked,
              const char *kind_label)
{
  g_autofree char *number = kt_document_dup_number (linked);
  g_autofree char *title = g_strdup_printf ("%s %s", kind_label, number);
  const char *status = kt_document_status_label (kt_record_get_string (linked, "status"));
  GtkWidget *row = add_row (group, title, NULL);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), status != NULL ? status : "");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)",
                                    kt_record_get_entity (linked)->name, kt_record_get_id (linked));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-record");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

static void
add_linked_ref (GtkWidget     **group,
                KtDocumentDetail *self,
                const KtEntity  *entity,
                const char      *field,
                const char      *kind_label)
{
  const char *id = kt_record_get_string (self->doc, field);
  g_autoptr(KtRecord) linked = NULL;

  if (id == NULL || (linked = kt_store_get (self->store, entity, id, NULL)) == NULL)
    return;
  if (*group == NULL)
    *group = add_group (self, _("Linked Documents"));
  add_link_row (*group, linked, kind_label);
}

static void
add_links (KtDocumentDetail *self)
{
  GtkWidget *group = NULL;

  if (kt_record_get_entity (self->doc) == KT_ENTITY_INVOICE)
    {
      g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_INVOICE);
      g_autoptr(GPtrArray) notes = NULL;

      add_linked_ref (&group, self, KT_ENTITY_OFFER, "offer_id", _("Offer"));
      add_linked_ref (&group, self, KT_ENTITY_INVOICE, "credited_invoice_id", _("Credits invoice"));
      add_linked_ref (&group, self, KT_ENTITY_INVOICE, "repeated_from_id", _("Repeats invoice"));

      kt_query_add_filter (query, "credited_invoice_id", kt_record_get_id (self->doc));
      notes = kt_store_query (self->store, query, 0, 50, NULL);
      for (guint i = 0; notes != NULL && i < notes->len; i++)
        {
          if (group == NULL)
            group = add_group (self, _("Linked Documents"));
          add_link_row (group, g_ptr_array_index (notes, i), _("Credit note"));
        }
    }
  else
    add_linked_ref (&group, self, KT_ENTITY_INVOICE, "converted_invoice_id", _("Invoice"));
}

/* "Repeats every month until 31 Dec 2027": whole sentences, so that
 * each language can say them its own way. */
static char *
repeat_text (const char *every,
             const char *until)
{
  g_autofree char *date = until != NULL ? kt_format_date_string (until) : NULL;

  if (g_strcmp0 (every, "month") == 0)
    /* Translators: %s is a date, "31 Dec 2027" */
    return date != NULL ? g_strdup_printf (_("Repeats every month until %s"), date)
                        : g_strdup (_("Repeats every month"));
  if (g_strcmp0 (every, "quarter") == 0)
    /* Translators: %s is a date, "31 Dec 2027" */
    return date != NULL ? g_strdup_printf (_("Repeats every quarter until %s"), date)
                        : g_strdup (_("Repeats every quarter"));
  if (g_strcmp0 (every, "year") == 0)
    /* Translators: %s is a date, "31 Dec 2027" */
    return date != NULL ? g_strdup_printf (_("Repeats every year until %s"), date)
                        : g_strdup (_("Repeats every year"));
  return NULL;
}

static void
add_repeat (KtDocumentDetail *self)
{
  g_autofree char *text = NULL;
  GtkWidget *row;

  if (kt_record_get_entity (self->doc) != KT_ENTITY_INVOICE)
    return;

  text = repeat_text (kt_record_get_string (self->doc, "repeat_every"),
                      kt_record_get_string (self->doc, "repeat_until"));
  if (text == NULL)
    return;

  row = add_row (add_group (self, _("Schedule")), text, NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("The server issues each copy with its own number on the day"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("view-refresh-symbolic"));
  gtk_widget_set_name (row, "repeat");
}

static void
kt_document_detail_dispose (GObject *object)
{
  KtDocumentDetail *self = KT_DOCUMENT_DETAIL (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_object (&self->doc);

  G_OBJECT_CLASS (kt_document_detail_parent_class)->dispose (object);
}

static void
kt_document_detail_class_init (KtDocumentDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_document_detail_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "documentdetail");
}

static void
kt_document_detail_init (KtDocumentDetail *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
kt_document_detail_new (KtContext *context,
                        KtRecord  *record)
{
  KtDocumentDetail *self;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  self = g_object_new (KT_TYPE_DOCUMENT_DETAIL, NULL);
  self->store = g_object_ref (kt_context_get_store (context));
  self->doc = g_object_ref (record);

  items = kt_document_load_items (self->store, record, &error);
  if (items == NULL)
    {
      g_warning ("Could not read a document's lines: %s", error->message);
      items = g_ptr_array_new_with_free_func (g_object_unref);
    }

  add_actions (self);
  add_notice (self);
  add_parties (self);
  add_lines (self, items);
  add_totals (self, items);
  add_repeat (self);
  add_links (self);

  return GTK_WIDGET (self);
}
