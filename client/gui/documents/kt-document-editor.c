/* kt-document-editor.c: the editor of an invoice, credit note or offer
 *
 * The document's own fields are rows of the form, checked by the model's
 * rules as the person types (KtForm). The lines are a KtLineItems: every
 * change recomputes the totals with shared/kt-totals, the code the server
 * checks them with, so what the editor shows is what the document gets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-document-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-document-editor.h"
#include "kt-documents.h"
#include "kt-format.h"
#include "kt-record-picker.h"
#include "kt-record-text.h"

struct _KtDocumentEditor
{
  KtForm          parent_instance;

  const KtEntity *entity;
  GPtrArray      *currencies;   /* of const char *, the currency row's codes */
  GHashTable     *total_labels; /* name → GtkLabel */
  GPtrArray      *total_rows;
  gboolean        filling;

  GtkWidget      *company_picker;
  GtkWidget      *contact_picker;
  GtkWidget      *lines;

  /* Template children */
  GtkWidget      *locked_group;
  GtkWidget      *party_group;
  GtkWidget      *client_group;
  GtkWidget      *document_group;
  GtkWidget      *repeat_group;
  GtkWidget      *lines_group;
  GtkWidget      *totals_group;
  GtkWidget      *client_name_row;
  GtkWidget      *client_address_row;
  GtkWidget      *client_eik_row;
  GtkWidget      *client_vat_row;
  GtkWidget      *client_mol_row;
  GtkWidget      *issue_date_row;
  GtkWidget      *due_date_row;
  GtkWidget      *supply_date_row;
  GtkWidget      *supply_place_row;
  GtkWidget      *currency_row;
  GtkWidget      *language_row;
  GtkWidget      *repeat_row;
  GtkWidget      *repeat_until_row;
  GtkWidget      *notes_row;
};

G_DEFINE_FINAL_TYPE (KtDocumentEditor, kt_document_editor, KT_TYPE_FORM)

static const char * const languages[] = { "bg", "en", NULL };

/* The text fields and their rows, by offset into the struct. */
static const struct {
  const char *field;
  gsize       offset;
} text_rows[] = {
  { "client_name", G_STRUCT_OFFSET (KtDocumentEditor, client_name_row) },
  { "client_address", G_STRUCT_OFFSET (KtDocumentEditor, client_address_row) },
  { "client_eik", G_STRUCT_OFFSET (KtDocumentEditor, client_eik_row) },
  { "client_vat", G_STRUCT_OFFSET (KtDocumentEditor, client_vat_row) },
  { "client_mol", G_STRUCT_OFFSET (KtDocumentEditor, client_mol_row) },
  { "supply_place", G_STRUCT_OFFSET (KtDocumentEditor, supply_place_row) },
  { "notes", G_STRUCT_OFFSET (KtDocumentEditor, notes_row) },
};

static const struct {
  const char *field;
  gsize       offset;
} date_rows[] = {
  { "issue_date", G_STRUCT_OFFSET (KtDocumentEditor, issue_date_row) },
  { "due_date", G_STRUCT_OFFSET (KtDocumentEditor, due_date_row) },
  { "supply_date", G_STRUCT_OFFSET (KtDocumentEditor, supply_date_row) },
  { "repeat_until", G_STRUCT_OFFSET (KtDocumentEditor, repeat_until_row) },
};

/* The Repeats row's items after "Never", as the model has them. */
static const char * const *
repeat_choices (void)
{
  return kt_entity_get_field (KT_ENTITY_INVOICE, "repeat_every")->choices;
}

/* Only an invoice repeats: not an offer, and not a credit note. */
static gboolean
can_repeat (KtDocumentEditor *self)
{
  return self->entity == KT_ENTITY_INVOICE &&
         !kt_document_is_credit_note (kt_form_get_record (KT_FORM (self)));
}

#define ROW_AT(self, offset) (*(GtkWidget **) G_STRUCT_MEMBER_P ((self), (offset)))

static gboolean
is_offer (KtDocumentEditor *self)
{
  return self->entity == KT_ENTITY_OFFER;
}

/* "due_date" is "valid_until" on an offer. */
static const char *
date_field (KtDocumentEditor *self,
            const char       *field)
{
  if (is_offer (self) && g_str_equal (field, "due_date"))
    return "valid_until";
  return field;
}

static const char *
chosen_currency (KtDocumentEditor *self)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->currency_row));

  return selected < self->currencies->len ? g_ptr_array_index (self->currencies, selected)
                                          : KT_DEFAULT_CURRENCY;
}

static KtRoundingRule
rounding (KtDocumentEditor *self)
{
  KtRecord *doc = kt_form_get_record (KT_FORM (self));

  return g_strcmp0 (kt_record_get_string (doc, "rounding"), "per_line") == 0
         ? KT_ROUNDING_PER_LINE : KT_ROUNDING_PER_DOCUMENT;
}

static void
add_total_row (KtDocumentEditor *self,
               const char       *name,
               const char       *title,
               gint64            amount)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = kt_format_money (amount, chosen_currency (self));
  GtkWidget *label = gtk_label_new (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->totals_group), row);
  g_ptr_array_add (self->total_rows, row);
  g_hash_table_insert (self->total_labels, g_strdup (name), label);
  if (g_str_equal (name, "total"))
    gtk_widget_add_css_class (row, "document-total");
}

/* The totals as the lines are now; a line that does not parse leaves a
 * row that says which. */
static void
update_totals (KtDocumentEditor *self)
{
  KtDocumentTotals totals = { 0 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->total_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->totals_group),
                                  g_ptr_array_index (self->total_rows, i));
  g_ptr_array_set_size (self->total_rows, 0);
  g_hash_table_remove_all (self->total_labels);

  if (!kt_line_items_compute (KT_LINE_ITEMS (self->lines), rounding (self), &totals, &error))
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->totals_group), row);
      g_ptr_array_add (self->total_rows, row);
      return;
    }

  add_total_row (self, "subtotal", _("Subtotal"), totals.subtotal);
  if (totals.discount != 0)
    add_total_row (self, "discount", _("Discount"), -totals.discount);
  for (guint i = 0; i < totals.n_vat_groups; i++)
    {
      g_autofree char *name = g_strdup_printf ("vat-%d", totals.vat_groups[i].vat_bps);
      g_autofree char *rate = kt_format_decimal (totals.vat_groups[i].vat_bps, 2);
      /* Translators: the VAT of one rate, "VAT 20 %"; %s is the rate */
      g_autofree char *title = g_strdup_printf (_("VAT %s %%"), rate);

      add_total_row (self, name, title, totals.vat_groups[i].tax);
    }
  add_total_row (self, "total", _("Total"), totals.total);
  kt_document_totals_clear (&totals);
}

static void
on_lines_changed_cb (KtDocumentEditor *self)
{
  update_totals (self);
  kt_form_validate (KT_FORM (self));
}

static void
on_currency_selected_cb (KtDocumentEditor *self)
{
  kt_line_items_set_currency (KT_LINE_ITEMS (self->lines), chosen_currency (self));
  update_totals (self);
}

static void
set_row_text (GtkWidget  *row,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* A company or contact chosen: their details go into the client rows,
 * where the person may still correct them for this document. */
static void
on_party_changed_cb (KtDocumentEditor *self,
                     GParamSpec       *pspec,
                     KtRecordPicker   *picker)
{
  KtStore *store = kt_form_get_store (KT_FORM (self));
  const char *id = kt_record_picker_get_record_id (picker);
  const KtEntity *entity = GTK_WIDGET (picker) == self->company_picker ? KT_ENTITY_COMPANY
                                                                       : KT_ENTITY_CONTACT;
  g_autoptr(KtRecord) party = NULL;
  g_autoptr(KtRecord) scratch = NULL;

  if (self->filling || kt_form_is_loading (KT_FORM (self)) || id == NULL ||
      (party = kt_store_get (store, entity, id, NULL)) == NULL)
    return;

  scratch = kt_record_new (self->entity);
  kt_document_fill_client (store, scratch, party);

  self->filling = TRUE;
  if (entity == KT_ENTITY_CONTACT)
    kt_record_picker_set_record_id (KT_RECORD_PICKER (self->company_picker),
                                    kt_record_get_string (scratch, "company_id"));
  set_row_text (self->client_name_row, kt_record_get_string (scratch, "client_name"));
  set_row_text (self->client_address_row, kt_record_get_string (scratch, "client_address"));
  set_row_text (self->client_eik_row, kt_record_get_string (scratch, "client_eik"));
  set_row_text (self->client_vat_row, kt_record_get_string (scratch, "client_vat"));
  set_row_text (self->client_mol_row, kt_record_get_string (scratch, "client_mol"));
  self->filling = FALSE;
  kt_form_validate (KT_FORM (self));
}

static gboolean
kt_document_editor_apply (KtForm    *form,
                          KtRecord  *doc,
                          char     **out_field,
                          GError   **error)
{
  KtDocumentEditor *self = KT_DOCUMENT_EDITOR (form);
  GtkWidget *pickers[] = { self->company_picker, self->contact_picker };
  const char *picker_fields[] = { "company_id", "contact_id" };

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      GtkWidget *row = ROW_AT (self, text_rows[i].offset);
      g_autofree char *text = NULL;

      if (!gtk_widget_get_visible (row) || !kt_form_writes (form, row))
        continue;
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
      if (*text != '\0')
        kt_record_set_string (doc, text_rows[i].field, text);
      else
        kt_record_unset (doc, text_rows[i].field);
    }

  for (guint i = 0; i < G_N_ELEMENTS (date_rows); i++)
    {
      GtkWidget *row = ROW_AT (self, date_rows[i].offset);
      const char *field = date_field (self, date_rows[i].field);
      g_autofree char *text = NULL;
      g_autofree char *iso = NULL;

      if (!gtk_widget_get_visible (row) || !kt_form_writes (form, row))
        continue;
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
      if (*text == '\0')
        kt_record_unset (doc, field);
      else if (kt_format_parse_date (text, &iso, error))
        kt_record_set_string (doc, field, iso);
      else
        {
          *out_field = g_strdup (field);
          return FALSE;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (pickers); i++)
    if (kt_form_writes (form, pickers[i]))
      kt_record_set_string (doc, picker_fields[i],
                            kt_record_picker_get_record_id (KT_RECORD_PICKER (pickers[i])));

  if (can_repeat (self) && kt_form_writes (form, self->repeat_row))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->repeat_row));

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
        kt_record_unset (doc, "repeat_every");
      else
        kt_record_set_string (doc, "repeat_every", repeat_choices ()[selected - 1]);
    }

  if (kt_form_writes (form, self->currency_row))
    kt_record_set_string (doc, "currency", chosen_currency (self));
  if (kt_form_writes (form, self->language_row))
    kt_record_set_string (doc, "language",
                          languages[MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (self->language_row)), 1)]);

  return TRUE;
}

static gboolean
kt_document_editor_check (KtForm    *form,
                          KtRecord  *doc,
                          char     **out_field,
                          GError   **error)
{
  KtDocumentEditor *self = KT_DOCUMENT_EDITOR (form);
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GPtrArray) items = NULL;

  /* An issued invoice keeps its number, lines and amounts; its
   * schedule is not on the paper and may change (the rest of the form
   * is off). */
  if (kt_form_is_editing (form) && !kt_document_is_editable (kt_form_get_record (form)) &&
      can_repeat (self))
    return TRUE;

  if (kt_form_is_editing (form) && !kt_document_is_editable (kt_form_get_record (form)))
    {
      g_set_error_literal (error, KT_ERROR, KT_ERROR_INVALID,
                           is_offer (self)
                           ? _("A sent offer cannot be changed")
                           : _("An issued invoice cannot be changed: issue a credit note"));
      return FALSE;
    }

  items = kt_line_items_build (KT_LINE_ITEMS (self->lines), &removed, error);
  if (items == NULL)
    {
      *out_field = g_strdup ("lines");
      return FALSE;
    }

  return TRUE;
}

static gboolean
kt_document_editor_save (KtForm    *form,
                         KtRecord  *doc,
                         GError   **error)
{
  KtDocumentEditor *self = KT_DOCUMENT_EDITOR (form);
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GPtrArray) items = NULL;

  if (kt_form_is_editing (form) && !kt_document_is_editable (kt_form_get_record (form)))
    return kt_store_save (kt_form_get_store (form), doc, error);

  items = kt_line_items_build (KT_LINE_ITEMS (self->lines), &removed, error);
  if (items == NULL)
    return FALSE;

  return kt_document_save (kt_form_get_store (form), doc, items, removed, error);
}

static void
fill_choices (KtDocumentEditor *self,
              KtRecord         *doc)
{
  g_autoptr(GtkStringList) currencies = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *code = kt_record_get_string (doc, "currency");
  const char *language = kt_record_get_string (doc, "language");
  guint selected = 0;

  for (const KtCurrency *c = kt_currency_all (); c->code != NULL; c++)
    {
      g_autofree char *label = g_strdup_printf ("%s (%s)", c->code, c->symbol);

      if (g_strcmp0 (c->code, code != NULL ? code : KT_DEFAULT_CURRENCY) == 0)
        selected = self->currencies->len;
      g_ptr_array_add (self->currencies, (gpointer) c->code);
      gtk_string_list_append (currencies, label);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->currency_row), G_LIST_MODEL (currencies));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->currency_row), selected);

  {
    g_autoptr(GtkStringList) repeats = gtk_string_list_new (NULL);
    const char *every = self->entity == KT_ENTITY_INVOICE ? kt_record_get_string (doc, "repeat_every") : NULL;
    guint repeat = 0;

    gtk_string_list_append (repeats, C_("repeats", "Never"));
    for (guint i = 0; repeat_choices ()[i] != NULL; i++)
      {
        gtk_string_list_append (repeats, kt_record_text_choice (repeat_choices ()[i]));
        if (g_strcmp0 (every, repeat_choices ()[i]) == 0)
          repeat = i + 1;
      }
    adw_combo_row_set_model (ADW_COMBO_ROW (self->repeat_row), G_LIST_MODEL (repeats));
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->repeat_row), repeat);
  }

  gtk_string_list_append (names, "Български");
  gtk_string_list_append (names, "English");
  adw_combo_row_set_model (ADW_COMBO_ROW (self->language_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->language_row),
                              g_strcmp0 (language, "en") == 0 ? 1 : 0);
}

static void
fill_rows (KtDocumentEditor *self,
           KtRecord         *doc)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      const KtField *field = kt_entity_get_field (self->entity, text_rows[i].field);

      if (field == NULL)
        gtk_widget_set_visible (ROW_AT (self, text_rows[i].offset), FALSE);
      else
        set_row_text (ROW_AT (self, text_rows[i].offset), kt_record_get_string (doc, text_rows[i].field));
    }

  for (guint i = 0; i < G_N_ELEMENTS (date_rows); i++)
    {
      const char *field = date_field (self, date_rows[i].field);
      g_autofree char *text = NULL;

      if (kt_entity_get_field (self->entity, field) == NULL)
        {
          gtk_widget_set_visible (ROW_AT (self, date_rows[i].offset), FALSE);
          continue;
        }
      /* As the record forms and the date pickers write dates for editing,
       * which kt_format_parse_date() reads back. */
      if (kt_format_get_decimal_mark () == ',')
        text = kt_format_date_string (kt_record_get_string (doc, field));
      else
        text = g_strdup (kt_record_get_string (doc, field));
      set_row_text (ROW_AT (self, date_rows[i].offset), text);
    }

  kt_record_picker_set_record_id (KT_RECORD_PICKER (self->company_picker),
                                  kt_record_get_string (doc, "company_id"));
  kt_record_picker_set_record_id (KT_RECORD_PICKER (self->contact_picker),
                                  kt_record_get_string (doc, "contact_id"));
}

static void
kt_document_editor_dispose (GObject *object)
{
  KtDocumentEditor *self = KT_DOCUMENT_EDITOR (object);

  g_clear_pointer (&self->currencies, g_ptr_array_unref);
  g_clear_pointer (&self->total_labels, g_hash_table_unref);
  g_clear_pointer (&self->total_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_document_editor_parent_class)->dispose (object);
}

static void
kt_document_editor_class_init (KtDocumentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KtFormClass *form_class = KT_FORM_CLASS (klass);

  object_class->dispose = kt_document_editor_dispose;
  form_class->apply = kt_document_editor_apply;
  form_class->check = kt_document_editor_check;
  form_class->save = kt_document_editor_save;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/documents/kt-document-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, locked_group);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, party_group);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, client_group);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, document_group);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, repeat_group);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, lines_group);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, totals_group);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, client_name_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, client_address_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, client_eik_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, client_vat_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, client_mol_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, issue_date_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, due_date_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, supply_date_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, supply_place_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, currency_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, language_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, repeat_until_row);
  gtk_widget_class_bind_template_child (widget_class, KtDocumentEditor, notes_row);
}

static void
kt_document_editor_init (KtDocumentEditor *self)
{
  self->currencies = g_ptr_array_new ();
  self->total_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->total_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kt_document_editor_new:
 * @context: the context
 * @entity: invoice or offer
 * @record: (nullable): the document to edit, or %NULL for a new one
 *
 * Returns: (transfer full): the editor window, not yet shown
 */
KtDocumentEditor *
kt_document_editor_new (KtContext      *context,
                        const KtEntity *entity,
                        KtRecord       *record)
{
  KtDocumentEditor *self;
  KtForm *form;
  KtStore *store;
  g_autoptr(KtRecord) fresh = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  KtRecord *doc;
  gboolean credit_note;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (entity == KT_ENTITY_INVOICE || entity == KT_ENTITY_OFFER, NULL);
  g_return_val_if_fail (record == NULL || KT_IS_RECORD (record), NULL);

  store = kt_context_get_store (context);
  self = g_object_new (KT_TYPE_DOCUMENT_EDITOR, NULL);
  self->entity = entity;
  form = KT_FORM (self);

  if (record == NULL)
    {
      g_autofree char *today = kt_document_today ();
      g_autofree char *due = kt_document_add_days (today, entity == KT_ENTITY_OFFER ? 30 : 14);

      fresh = kt_record_new (entity);
      kt_record_set_string (fresh, "issue_date", today);
      kt_record_set_string (fresh, entity == KT_ENTITY_OFFER ? "valid_until" : "due_date", due);
    }
  kt_form_set_record (form, store, record != NULL ? record : fresh, record != NULL);
  doc = kt_form_get_record (form);
  credit_note = kt_document_is_credit_note (doc);

  {
    const char *title;
    g_autofree char *number = record != NULL ? kt_document_dup_number (record) : NULL;

    if (entity == KT_ENTITY_OFFER)
      title = record != NULL ? _("Edit Offer") : _("New Offer");
    else if (credit_note)
      title = _("Edit Credit Note");
    else
      title = record != NULL ? _("Edit Invoice") : _("New Invoice");
    kt_form_set_titles (form, title, number);
  }

  if (is_offer (self))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->due_date_row), _("Valid until"));

  self->company_picker = kt_record_picker_new (store, KT_ENTITY_COMPANY, _("Company"));
  self->contact_picker = kt_record_picker_new (store, KT_ENTITY_CONTACT, _("Contact"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->party_group), self->company_picker);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->party_group), self->contact_picker);

  fill_choices (self, doc);
  fill_rows (self, doc);

  self->lines = kt_line_items_new (kt_document_item_entity (entity));
  kt_line_items_set_currency (KT_LINE_ITEMS (self->lines), chosen_currency (self));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->lines_group), self->lines);
  if (record != NULL && (items = kt_document_load_items (store, record, &error)) == NULL)
    g_warning ("Could not read a document's lines: %s", error->message);
  if (items != NULL)
    kt_line_items_set_items (KT_LINE_ITEMS (self->lines), items);
  /* A new document starts with one line to type into. */
  if (record == NULL)
    kt_line_items_add_line (KT_LINE_ITEMS (self->lines), -1);
  update_totals (self);

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    kt_form_add_field (form, text_rows[i].field, ROW_AT (self, text_rows[i].offset), NULL);
  kt_form_add_field (form, "company_id", self->company_picker, NULL);
  kt_form_add_field (form, "contact_id", self->contact_picker, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (date_rows); i++)
    {
      GtkWidget *row = ROW_AT (self, date_rows[i].offset);

      kt_form_add_field (form, date_field (self, date_rows[i].field), row, NULL);
      kt_form_add_date_button (form, row);
    }
  kt_form_add_field (form, "currency", self->currency_row, NULL);
  kt_form_add_field (form, "language", self->language_row, NULL);
  gtk_widget_set_visible (self->repeat_group, can_repeat (self));
  if (can_repeat (self))
    kt_form_add_field (form, "repeat_every", self->repeat_row, NULL);

  g_signal_connect_object (self->company_picker, "notify::record-id",
                           G_CALLBACK (on_party_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_picker, "notify::record-id",
                           G_CALLBACK (on_party_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lines, "changed", G_CALLBACK (on_lines_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->currency_row, "notify::selected",
                           G_CALLBACK (on_currency_selected_cb), self, G_CONNECT_SWAPPED);

  /* An issued invoice is shown, not edited: its number and amounts are
   * on paper already. */
  if (record != NULL && !kt_document_is_editable (record))
    {
      GtkWidget *groups[] = {
        self->party_group, self->client_group, self->document_group, self->lines_group,
        self->notes_row,
      };

      gtk_widget_set_visible (self->locked_group, TRUE);
      if (is_offer (self))
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->locked_group),
                                               _("A sent offer cannot be changed. Make a new offer instead."));
      else if (can_repeat (self))
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->locked_group),
                                               _("An issued invoice cannot be changed, only its schedule. "
                                                 "To correct it, issue a credit note from its detail."));
      for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
        gtk_widget_set_sensitive (groups[i], FALSE);
    }

  kt_form_loaded (form);
  return self;
}

KtLineItems *
kt_document_editor_get_lines (KtDocumentEditor *self)
{
  g_return_val_if_fail (KT_IS_DOCUMENT_EDITOR (self), NULL);

  return KT_LINE_ITEMS (self->lines);
}

const char *
kt_document_editor_get_total (KtDocumentEditor *self,
                              const char       *name)
{
  GtkWidget *label;

  g_return_val_if_fail (KT_IS_DOCUMENT_EDITOR (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  label = g_hash_table_lookup (self->total_labels, name);
  return label != NULL ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}
