/* kt-documents.c: invoices, credit notes and offers as the client edits them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-documents"

#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>

#include "kt-documents.h"
#include "kt-format.h"
#include "kt-templates.h"

const KtEntity *
kt_document_item_entity (const KtEntity *doc_entity)
{
  g_return_val_if_fail (doc_entity == KT_ENTITY_INVOICE || doc_entity == KT_ENTITY_OFFER, NULL);

  return doc_entity == KT_ENTITY_INVOICE ? KT_ENTITY_INVOICE_ITEM : KT_ENTITY_OFFER_ITEM;
}

const char *
kt_document_parent_field (const KtEntity *doc_entity)
{
  g_return_val_if_fail (doc_entity == KT_ENTITY_INVOICE || doc_entity == KT_ENTITY_OFFER, NULL);

  return doc_entity == KT_ENTITY_INVOICE ? "invoice_id" : "offer_id";
}

/**
 * kt_document_dup_number:
 *
 * Returns: (transfer full): the number, or "Draft" until the server has
 *   assigned one at the first sync after the document was issued
 */
char *
kt_document_dup_number (KtRecord *doc)
{
  const char *number;

  g_return_val_if_fail (KT_IS_RECORD (doc), NULL);

  number = kt_record_get_string (doc, "number");
  if (number == NULL || *number == '\0')
    /* Translators: shown instead of the number of a document the server
     * has not numbered yet */
    return g_strdup (C_("document number", "Draft"));

  return g_strdup (number);
}

gboolean
kt_document_is_credit_note (KtRecord *doc)
{
  g_return_val_if_fail (KT_IS_RECORD (doc), FALSE);

  return kt_record_get_entity (doc) == KT_ENTITY_INVOICE &&
         g_strcmp0 (kt_record_get_string (doc, "kind"), "credit_note") == 0;
}

char *
kt_document_today (void)
{
  g_autoptr(GDateTime) now = kt_format_now ();

  return g_date_time_format (now, "%Y-%m-%d");
}

char *
kt_document_add_days (const char *iso_date,
                      int         days)
{
  int year, month, day;
  gint64 n;

  if (iso_date == NULL || sscanf (iso_date, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return NULL;

  n = kt_days_from_civil (year, month, day) + days;
  kt_civil_from_days (n, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

gboolean
kt_document_owes (KtRecord *invoice)
{
  const char *status;

  g_return_val_if_fail (KT_IS_RECORD (invoice), FALSE);

  status = kt_record_get_string (invoice, "status");
  return kt_record_get_entity (invoice) == KT_ENTITY_INVOICE && !kt_document_is_credit_note (invoice) &&
         g_strcmp0 (status, "draft") != 0 && g_strcmp0 (status, "cancelled") != 0;
}

gboolean
kt_document_is_open (KtRecord *invoice)
{
  static const char * const open_statuses[] = {
    "issued", "sent", "partially_paid", "overdue", NULL
  };
  const char *status;

  g_return_val_if_fail (KT_IS_RECORD (invoice), FALSE);

  status = kt_record_get_string (invoice, "status");
  return status != NULL && g_strv_contains (open_statuses, status) &&
         kt_invoice_open_amount (invoice) > 0;
}

gboolean
kt_document_is_overdue (KtRecord   *invoice,
                        const char *today)
{
  const char *due;

  g_return_val_if_fail (KT_IS_RECORD (invoice), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);

  due = kt_record_get_string (invoice, "due_date");
  return due != NULL && *due != '\0' && g_strcmp0 (due, today) < 0 &&
         kt_document_is_open (invoice);
}

gboolean
kt_document_is_editable (KtRecord *doc)
{
  g_return_val_if_fail (KT_IS_RECORD (doc), FALSE);

  return g_strcmp0 (kt_record_get_string (doc, "status"), "draft") == 0;
}

/**
 * kt_document_load_items:
 *
 * Returns: (transfer full) (element-type KtRecord): the items by position
 */
GPtrArray *
kt_document_load_items (KtStore   *store,
                        KtRecord  *doc,
                        GError   **error)
{
  const KtEntity *entity;
  g_autoptr(KtQuery) query = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (doc), NULL);

  entity = kt_record_get_entity (doc);
  query = kt_query_new (kt_document_item_entity (entity));
  kt_query_add_filter (query, kt_document_parent_field (entity), kt_record_get_id (doc));
  kt_query_set_sort (query, "position", FALSE);

  return kt_store_query (store, query, 0, G_MAXUINT, error);
}

gboolean
kt_document_save (KtStore    *store,
                  KtRecord   *doc,
                  GPtrArray  *items,
                  GPtrArray  *removed,
                  GError    **error)
{
  const KtEntity *entity;
  const char *parent_field;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (doc), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  entity = kt_record_get_entity (doc);
  parent_field = kt_document_parent_field (entity);

  for (guint i = 0; i < items->len; i++)
    {
      KtRecord *item = g_ptr_array_index (items, i);

      kt_record_set_string (item, parent_field, kt_record_get_id (doc));
      kt_record_set_int (item, "position", i);
    }

  if (!kt_invoice_apply_totals (doc, items, error))
    return FALSE;

  /* The document first: the store writes in order, and the items refer
   * to it. */
  g_ptr_array_add (all, doc);
  g_ptr_array_extend (all, items, NULL, NULL);
  for (guint i = 0; removed != NULL && i < removed->len; i++)
    {
      KtRecord *item = g_ptr_array_index (removed, i);

      kt_record_set_deleted (item, TRUE);
      g_ptr_array_add (all, item);
    }

  return kt_store_save_all (store, all, error);
}

gboolean
kt_document_set_status (KtStore         *store,
                        const KtEntity  *entity,
                        const char      *id,
                        const char      *status,
                        char           **old_status,
                        GError         **error)
{
  g_autoptr(KtRecord) doc = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL && status != NULL, FALSE);

  doc = kt_store_get (store, entity, id, error);
  if (doc == NULL)
    return FALSE;

  if (old_status != NULL)
    *old_status = g_strdup (kt_record_get_string (doc, "status"));
  kt_record_set_string (doc, "status", status);

  return kt_store_save (store, doc, error);
}

static const char * const copied_item_fields[] = {
  "description", "unit", "unit_price", "discount_bps", "vat_bps", "vat_exemption", NULL
};

static const char * const copied_doc_fields[] = {
  "contact_id", "company_id", "deal_id", "currency", "rounding", "language",
  "client_name", "client_address", "client_vat", "client_eik", "client_mol",
  "supply_place", NULL
};

static void
copy_fields (KtRecord           *to,
             KtRecord           *from,
             const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const KtField *field = kt_entity_get_field (kt_record_get_entity (from), fields[i]);

      if (field == NULL || !kt_record_has (from, fields[i]))
        continue;
      if (field->type == KT_FIELD_INT || field->type == KT_FIELD_MONEY ||
          field->type == KT_FIELD_QUANTITY || field->type == KT_FIELD_BPS)
        kt_record_set_int (to, fields[i], kt_record_get_int (from, fields[i]));
      else
        kt_record_set_string (to, fields[i], kt_record_get_string (from, fields[i]));
    }
}

/**
 * kt_document_create_credit_note:
 *
 * Returns: (transfer full): the saved credit note, or %NULL on @error
 */
KtRecord *
kt_document_create_credit_note (KtStore            *store,
                                KtRecord           *invoice,
                                const KtCreditLine *lines,
                                guint               n_lines,
                                GError            **error)
{
  g_autoptr(KtRecord) note = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *today = kt_document_today ();

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (invoice), NULL);
  g_return_val_if_fail (kt_record_get_entity (invoice) == KT_ENTITY_INVOICE, NULL);

  if (n_lines == 0)
    {
      g_set_error_literal (error, KT_ERROR, KT_ERROR_INVALID,
                           _("Choose at least one line to credit"));
      return NULL;
    }

  note = kt_record_new (KT_ENTITY_INVOICE);
  kt_record_set_string (note, "kind", "credit_note");
  kt_record_set_string (note, "status", "draft");
  kt_record_set_string (note, "credited_invoice_id", kt_record_get_id (invoice));
  kt_record_set_string (note, "issue_date", today);
  copy_fields (note, invoice, copied_doc_fields);

  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(KtRecord) original = kt_store_get (store, KT_ENTITY_INVOICE_ITEM,
                                                   lines[i].item_id, error);
      KtRecord *item;

      if (original == NULL)
        return NULL;
      if (lines[i].quantity <= 0 || lines[i].quantity > kt_record_get_int (original, "quantity"))
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("Line %u cannot credit more than the invoice has"), i + 1);
          return NULL;
        }

      item = kt_record_new (KT_ENTITY_INVOICE_ITEM);
      copy_fields (item, original, copied_item_fields);
      kt_record_set_int (item, "quantity", lines[i].quantity);
      kt_record_set_string (item, "credited_item_id", lines[i].item_id);
      g_ptr_array_add (items, item);
    }

  if (!kt_document_save (store, note, items, NULL, error))
    return NULL;

  return g_steal_pointer (&note);
}

/**
 * kt_document_convert_offer:
 * @items: (out) (optional) (transfer full) (element-type KtRecord): the
 *   invoice's lines
 *
 * Returns: (transfer full): the saved invoice, or %NULL on @error
 */
KtRecord *
kt_document_convert_offer (KtStore    *store,
                           KtRecord   *offer,
                           GPtrArray **items,
                           GError    **error)
{
  g_autoptr(GPtrArray) offer_items = NULL;
  g_autoptr(GPtrArray) invoice_items = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(KtRecord) converted = NULL;
  g_autofree char *today = kt_document_today ();
  g_autofree char *due = kt_document_add_days (today, 14);

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (offer), NULL);
  g_return_val_if_fail (kt_record_get_entity (offer) == KT_ENTITY_OFFER, NULL);

  offer_items = kt_document_load_items (store, offer, error);
  if (offer_items == NULL ||
      !kt_offer_convert (offer, offer_items, &invoice, &invoice_items, error))
    return NULL;

  kt_record_set_string (invoice, "issue_date", today);
  kt_record_set_string (invoice, "due_date", due);

  converted = kt_record_copy (offer);
  kt_record_set_string (converted, "status", "converted");
  kt_record_set_string (converted, "converted_invoice_id", kt_record_get_id (invoice));

  /* The invoice before its lines and the offer that refers to it. */
  g_ptr_array_add (all, invoice);
  g_ptr_array_extend (all, invoice_items, NULL, NULL);
  g_ptr_array_add (all, converted);
  if (!kt_store_save_all (store, all, error))
    return NULL;

  if (items != NULL)
    {
      *items = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < invoice_items->len; i++)
        g_ptr_array_add (*items, g_object_ref (g_ptr_array_index (invoice_items, i)));
    }
  return g_steal_pointer (&invoice);
}

static void
set_or_unset (KtRecord   *doc,
              const char *field,
              const char *value)
{
  if (value != NULL && *value != '\0')
    kt_record_set_string (doc, field, value);
  else
    kt_record_unset (doc, field);
}

/* "Street 1, 1000 Sofia, Bulgaria" from the party's address fields. */
static char *
join_address (KtRecord *party)
{
  g_autoptr(GString) address = g_string_new (NULL);
  const char *street = kt_record_get_string (party, "address");
  const char *postal = kt_record_get_string (party, "postal_code");
  const char *city = kt_record_get_string (party, "city");
  const char *country = kt_record_get_string (party, "country");

  if (street != NULL && *street != '\0')
    g_string_append (address, street);
  if ((postal != NULL && *postal != '\0') || (city != NULL && *city != '\0'))
    {
      if (address->len > 0)
        g_string_append (address, ", ");
      if (postal != NULL && *postal != '\0')
        g_string_append_printf (address, "%s ", postal);
      if (city != NULL)
        g_string_append (address, city);
    }
  if (country != NULL && *country != '\0')
    g_string_append_printf (address, "%s%s", address->len > 0 ? ", " : "", country);

  return g_strstrip (g_string_free (g_steal_pointer (&address), FALSE));
}

void
kt_document_fill_client (KtStore  *store,
                         KtRecord *doc,
                         KtRecord *party)
{
  g_autoptr(KtRecord) company = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;

  g_return_if_fail (KT_IS_STORE (store));
  g_return_if_fail (KT_IS_RECORD (doc));
  g_return_if_fail (KT_IS_RECORD (party));

  if (kt_record_get_entity (party) == KT_ENTITY_COMPANY)
    {
      company = g_object_ref (party);
      kt_record_set_string (doc, "company_id", kt_record_get_id (party));
      kt_record_unset (doc, "contact_id");
      kt_record_unset (doc, "client_mol");
    }
  else
    {
      const char *company_id = kt_record_get_string (party, "company_id");

      kt_record_set_string (doc, "contact_id", kt_record_get_id (party));
      if (company_id != NULL)
        company = kt_store_get (store, KT_ENTITY_COMPANY, company_id, NULL);
      set_or_unset (doc, "company_id", company != NULL ? kt_record_get_id (company) : NULL);
      /* A person at a company is the company's responsible person on the
       * document; a private client is named alone. */
      name = kt_record_dup_title (party);
      set_or_unset (doc, "client_mol", company != NULL ? name : NULL);
    }

  if (company != NULL)
    {
      g_free (name);
      name = kt_record_dup_title (company);
    }
  address = join_address (company != NULL ? company : party);
  if (*address == '\0' && company != NULL)
    {
      g_free (address);
      address = join_address (party);
    }

  set_or_unset (doc, "client_name", name);
  set_or_unset (doc, "client_address", address);
  set_or_unset (doc, "client_vat", company != NULL ? kt_record_get_string (company, "vat_number") : NULL);
  set_or_unset (doc, "client_eik",
                company != NULL ? kt_record_get_string (company, "registration_number") : NULL);
}

/**
 * kt_document_layout_for:
 * @font_map: (nullable): the fonts to lay out with (see KtDocumentSource);
 *   %NULL for this thread's default
 *
 * Returns: (transfer full): the laid out document, or %NULL on @error
 */
KtDocumentRender *
kt_document_layout_for (KtStore      *store,
                        KtRecord     *doc,
                        PangoFontMap *font_map,
                        GError      **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonObject) seller = NULL;
  g_autoptr(KtRecord) credited = NULL;
  g_autoptr(KtDocumentTemplate) tmpl = NULL;
  KtDocumentSource source = { 0 };
  const char *credited_id;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (doc), NULL);

  items = kt_document_load_items (store, doc, error);
  if (items == NULL)
    return NULL;
  seller = kt_document_load_organization (store);
  credited_id = kt_document_is_credit_note (doc) ? kt_record_get_string (doc, "credited_invoice_id") : NULL;
  if (credited_id != NULL)
    credited = kt_store_get (store, KT_ENTITY_INVOICE, credited_id, NULL);

  source.document = doc;
  source.items = items;
  source.seller = seller;
  source.credited_invoice = credited;
  source.font_map = font_map;
  /* The organization's default template of the document's kind, or the
   * built-in classic layout. */
  tmpl = kt_templates_for_document (store, doc);
  return kt_document_template_render (tmpl, &source, error);
}

/**
 * kt_document_load_organization:
 *
 * Returns: (transfer full) (nullable): the organization's JSON object as
 *   the last sync fetched it
 */
JsonObject *
kt_document_load_organization (KtStore *store)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  text = kt_store_get_meta (store, KT_DOCUMENT_ORGANIZATION_KEY);
  if (text == NULL || *text == '\0')
    return NULL;

  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_object_ref (json_node_get_object (node));
}
