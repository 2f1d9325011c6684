/* kt-tmpl-context.c: a document as the values its templates print
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-tmpl"

#include "config.h"

#include <string.h>

#include "kt-invoice.h"
#include "kt-money.h"
#include "kt-tmpl-context.h"

static void
copy_string (JsonObject *to,
             const char *member,
             KtRecord   *record,
             const char *field)
{
  const char *value;

  if (kt_entity_get_field (kt_record_get_entity (record), field) == NULL)
    return;
  value = kt_record_get_string (record, field);
  if (value != NULL && *value != '\0')
    json_object_set_string_member (to, member, value);
}

static void
copy_member (JsonObject *to,
             JsonObject *from,
             const char *member)
{
  JsonNode *node = from != NULL ? json_object_get_member (from, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING &&
      *json_node_get_string (node) != '\0')
    json_object_set_string_member (to, member, json_node_get_string (node));
}

/* A fixed-point value with @digits decimals, trailing zeros dropped, with
 * the language's decimal mark: quantities (thousandths) and rates (basis
 * points), as the PDF prints them. */
static char *
format_decimal (gint64      value,
                guint       digits,
                const char *lang)
{
  gint64 scale = digits == 3 ? 1000 : 100;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  guint64 frac = magnitude % scale;
  char buf[8];
  int n;

  if (frac == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, value < 0 ? "-" : "", magnitude / scale);
  n = g_snprintf (buf, sizeof buf, "%0*" G_GUINT64_FORMAT, (int) digits, frac);
  while (n > 0 && buf[n - 1] == '0')
    buf[--n] = '\0';
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT "%s%s", value < 0 ? "-" : "",
                          magnitude / scale, strcmp (lang, "en") == 0 ? "." : ",", buf);
}

/* "20 %" (a no-break space, the Bulgarian usage) or "20%". */
static char *
format_percent (gint64      bps,
                const char *lang)
{
  g_autofree char *number = format_decimal (bps, 2, lang);

  return g_strconcat (number, strcmp (lang, "en") == 0 ? "%" : "\u00a0%", NULL);
}

static void
set_percent (JsonObject *to,
             const char *member,
             gint64      bps,
             const char *lang)
{
  g_autofree char *text = format_percent (bps, lang);

  json_object_set_string_member (to, member, text);
}

static gint
compare_position (gconstpointer a,
                  gconstpointer b)
{
  KtRecord *ra = *(KtRecord **) a;
  KtRecord *rb = *(KtRecord **) b;
  gint64 pa = kt_record_get_int (ra, "position");
  gint64 pb = kt_record_get_int (rb, "position");

  return pa < pb ? -1 : pa > pb;
}

static JsonObject *
document_object (KtRecord   *doc,
                 const char *kind,
                 const char *lang)
{
  JsonObject *o = json_object_new ();
  static const char * const fields[] = {
    "number", "status", "issue_date", "due_date", "supply_date", "supply_place",
    "valid_until", "notes", "payment_url", "currency",
  };
  const char *number = kt_record_get_string (doc, "number");

  json_object_set_string_member (o, "kind", kind);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    copy_string (o, fields[i], doc, fields[i]);
  json_object_set_string_member (o, "language", lang);
  json_object_set_boolean_member (o, "is_draft", number == NULL || *number == '\0');
  json_object_set_boolean_member (o, "is_invoice", strcmp (kind, "invoice") == 0);
  json_object_set_boolean_member (o, "is_credit_note", strcmp (kind, "credit_note") == 0);
  json_object_set_boolean_member (o, "is_offer", strcmp (kind, "offer") == 0);
  return o;
}

static JsonObject *
client_object (KtRecord *doc)
{
  JsonObject *o = json_object_new ();

  copy_string (o, "name", doc, "client_name");
  copy_string (o, "address", doc, "client_address");
  copy_string (o, "eik", doc, "client_eik");
  copy_string (o, "vat_number", doc, "client_vat");
  copy_string (o, "mol", doc, "client_mol");
  return o;
}

static JsonObject *
organization_object (JsonObject *seller)
{
  static const char * const members[] = {
    "name", "address", "city", "country", "eik", "vat_number", "mol", "iban", "bic", "bank_name",
  };
  JsonObject *o = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    copy_member (o, seller, members[i]);
  return o;
}

static JsonArray *
items_array (GPtrArray  *sorted,
             const char *lang,
             GError    **error)
{
  g_autoptr(JsonArray) items = json_array_new ();

  for (guint i = 0; i < sorted->len; i++)
    {
      KtRecord *item = g_ptr_array_index (sorted, i);
      JsonObject *o = json_object_new ();
      g_autofree char *quantity = format_decimal (kt_record_get_int (item, "quantity"), 3, lang);
      KtLineInput in = {
        .quantity = kt_record_get_int (item, "quantity"),
        .unit_price = kt_record_get_int (item, "unit_price"),
        .discount_bps = (gint32) kt_record_get_int (item, "discount_bps"),
        .vat_bps = (gint32) kt_record_get_int (item, "vat_bps"),
      };
      KtLineTotals line;

      json_array_add_object_element (items, o);
      if (!kt_totals_line (&in, &line, error))
        return NULL;
      json_object_set_int_member (o, "position", i + 1);
      copy_string (o, "description", item, "description");
      json_object_set_string_member (o, "quantity", quantity);
      copy_string (o, "unit", item, "unit");
      json_object_set_int_member (o, "unit_price", in.unit_price);
      if (in.discount_bps != 0)
        set_percent (o, "discount_rate", in.discount_bps, lang);
      set_percent (o, "vat_rate", in.vat_bps, lang);
      json_object_set_int_member (o, "gross", line.gross);
      json_object_set_int_member (o, "discount", line.discount);
      json_object_set_int_member (o, "net", line.net);
      json_object_set_int_member (o, "tax", line.tax);
      json_object_set_int_member (o, "total", line.total);
      copy_string (o, "vat_exemption", item, "vat_exemption");
    }
  return g_steal_pointer (&items);
}

/* The distinct exemption reasons of the lines at @vat_bps, joined. */
static char *
exemptions (GPtrArray *sorted,
            gint64     vat_bps)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; i < sorted->len; i++)
    {
      KtRecord *item = g_ptr_array_index (sorted, i);
      const char *reason = kt_record_get_string (item, "vat_exemption");

      if (kt_record_get_int (item, "vat_bps") != vat_bps || reason == NULL || *reason == '\0')
        continue;
      if (!g_ptr_array_find_with_equal_func (seen, reason, g_str_equal, NULL))
        g_ptr_array_add (seen, (gpointer) reason);
    }
  if (seen->len == 0)
    return NULL;
  g_ptr_array_add (seen, NULL);
  return g_strjoinv ("; ", (char **) seen->pdata);
}

static JsonObject *
totals_object (KtRecord         *doc,
               KtDocumentTotals *totals,
               GPtrArray        *sorted,
               const char       *lang)
{
  JsonObject *o = json_object_new ();
  JsonArray *vat = json_array_new ();
  gint64 paid = 0;

  json_object_set_int_member (o, "subtotal", totals->subtotal);
  json_object_set_int_member (o, "discount", totals->discount);
  json_object_set_int_member (o, "net", totals->net);
  json_object_set_int_member (o, "tax", totals->tax);
  json_object_set_int_member (o, "total", totals->total);
  if (kt_entity_get_field (kt_record_get_entity (doc), "paid_amount") != NULL)
    paid = kt_record_get_int (doc, "paid_amount");
  json_object_set_int_member (o, "paid", paid);
  /* What is left to pay; a paid amount larger than the total (a payment
   * that overshot) leaves nothing due rather than a negative amount. */
  json_object_set_int_member (o, "due", paid < totals->total ? totals->total - paid : 0);

  for (guint i = 0; i < totals->n_vat_groups; i++)
    {
      const KtVatGroup *g = &totals->vat_groups[i];
      JsonObject *group = json_object_new ();
      g_autofree char *reason = g->vat_bps == 0 ? exemptions (sorted, 0) : NULL;

      set_percent (group, "rate", g->vat_bps, lang);
      json_object_set_int_member (group, "net", g->net);
      json_object_set_int_member (group, "tax", g->tax);
      if (reason != NULL)
        json_object_set_string_member (group, "exemption", reason);
      json_array_add_object_element (vat, group);
    }
  json_object_set_array_member (o, "vat", vat);
  return o;
}

JsonObject *
kt_tmpl_context_new (KtRecord    *document,
                     GPtrArray   *items,
                     JsonObject  *seller,
                     KtRecord    *credited_invoice,
                     const char  *language,
                     GError     **error)
{
  g_autoptr(JsonObject) context = json_object_new ();
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  KtDocumentTotals totals = { 0 };
  gboolean offer;
  const char *kind, *lang, *currency;
  JsonObject *doc;
  JsonArray *item_array;

  g_return_val_if_fail (KT_IS_RECORD (document), NULL);
  g_return_val_if_fail (items != NULL, NULL);

  offer = kt_record_get_entity (document) == KT_ENTITY_OFFER;
  kind = offer ? "offer"
       : g_strcmp0 (kt_record_get_string (document, "kind"), "credit_note") == 0 ? "credit_note"
       : "invoice";
  if (language == NULL)
    language = kt_record_get_string (document, "language");
  lang = language != NULL && g_str_has_prefix (language, "en") ? "en" : "bg";
  currency = kt_record_get_string (document, "currency");

  if (!kt_invoice_compute_totals (document, items, &totals, error))
    return NULL;
  for (guint i = 0; i < items->len; i++)
    if (!kt_record_get_deleted (g_ptr_array_index (items, i)))
      g_ptr_array_add (sorted, g_ptr_array_index (items, i));
  g_ptr_array_sort (sorted, compare_position);
  item_array = items_array (sorted, lang, error);
  if (item_array == NULL)
    {
      kt_document_totals_clear (&totals);
      return NULL;
    }

  json_object_set_string_member (context, "language", lang);
  json_object_set_string_member (context, "currency",
                                 currency != NULL ? currency : KT_DEFAULT_CURRENCY);
  doc = document_object (document, kind, lang);
  json_object_set_object_member (context, "document", doc);
  /* The same values under the kind's own name, so a template reads
   * {{invoice.number}} or {{offer.valid_until}} as its author thinks of
   * it; only the document's kind is there. */
  json_object_set_object_member (context, strcmp (kind, "offer") == 0 ? "offer" : "invoice",
                                 json_object_ref (doc));
  if (strcmp (kind, "credit_note") == 0)
    json_object_set_object_member (context, "credit_note", json_object_ref (doc));
  if (credited_invoice != NULL)
    {
      JsonObject *credited = json_object_new ();

      copy_string (credited, "number", credited_invoice, "number");
      copy_string (credited, "issue_date", credited_invoice, "issue_date");
      json_object_set_object_member (context, "credited_invoice", credited);
    }
  json_object_set_object_member (context, "client", client_object (document));
  json_object_set_object_member (context, "organization", organization_object (seller));
  json_object_set_array_member (context, "items", item_array);
  json_object_set_object_member (context, "totals",
                                 totals_object (document, &totals, sorted, lang));
  kt_document_totals_clear (&totals);
  return g_steal_pointer (&context);
}
