/* kt-offer-convert.c: turning an accepted offer into an invoice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-offer-convert"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-error.h"
#include "kt-invoice.h"
#include "kt-offer-convert.h"
#include "kt-uuid.h"

/* What the invoice takes over from the offer as it is. The number, the
 * status, the dates and the totals are not among them: the invoice is a
 * new draft, the caller picks its issue date, and the totals are computed
 * again from the copied lines. */
static const char * const copied_document_fields[] = {
  "contact_id", "company_id", "deal_id", "template_id",
  "currency", "rounding", "language",
  "client_name", "client_address", "client_vat", "client_eik", "client_mol",
  "notes",
  NULL
};

static const char * const copied_item_fields[] = {
  "position", "description", "quantity", "unit", "unit_price",
  "discount_bps", "vat_bps", "vat_exemption",
  NULL
};

/* A name-based id: the first 16 bytes of SHA-256 over @name, with the
 * version (8, "custom", RFC 9562 section 5.8) and variant bits set, so it
 * is a valid UUID that no UUIDv7 from kt_uuid_new() can equal. */
static char *
name_based_uuid (const char *name)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 b[32];
  gsize len = sizeof b;

  g_checksum_update (checksum, (const guchar *) name, -1);
  g_checksum_get_digest (checksum, b, &len);
  g_assert (len == sizeof b);

  b[6] = 0x80 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/**
 * kt_offer_convert_invoice_id:
 * @offer_id: an offer's id
 *
 * Returns: (transfer full): the id of the invoice converted from it
 */
char *
kt_offer_convert_invoice_id (const char *offer_id)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (offer_id != NULL, NULL);

  name = g_strconcat ("kantora:offer-invoice:", offer_id, NULL);
  return name_based_uuid (name);
}

/**
 * kt_offer_convert_item_id:
 * @offer_id: an offer's id
 * @offer_item_id: the id of one of its lines
 *
 * Returns: (transfer full): the id of the invoice line converted from it
 */
char *
kt_offer_convert_item_id (const char *offer_id,
                          const char *offer_item_id)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (offer_id != NULL, NULL);
  g_return_val_if_fail (offer_item_id != NULL, NULL);

  name = g_strconcat ("kantora:offer-invoice-item:", offer_id, ":", offer_item_id, NULL);
  return name_based_uuid (name);
}

static void
copy_fields (KtRecord           *into,
             KtRecord           *from,
             const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      JsonNode *node = kt_record_get_node (from, fields[i]);

      /* Both entities declare these fields with the same types, so a
       * value the offer holds always fits the invoice. */
      if (node != NULL)
        {
          if (!kt_record_set_node (into, fields[i], node, NULL))
            g_critical ("%s.%s does not fit %s", kt_record_get_entity (from)->name,
                        fields[i], kt_record_get_entity (into)->name);
        }
      else
        kt_record_unset (into, fields[i]);
    }
}

static KtRecord *
new_record_with_id (const KtEntity *entity,
                    const char     *id,
                    const char     *now,
                    KtRecord       *like)
{
  KtRecord *record = kt_record_new_with_id (entity, id);

  kt_record_set_created_at (record, now);
  kt_record_set_updated_at (record, now);
  kt_record_set_org_id (record, kt_record_get_org_id (like));
  kt_record_set_owner_id (record, kt_record_get_owner_id (like));

  return record;
}

/**
 * kt_offer_convert:
 * @offer: an accepted offer
 * @offer_items: (element-type KtRecord): its lines (deleted ones are skipped)
 * @out_invoice: (out) (transfer full): the new draft invoice
 * @out_items: (out) (transfer container) (element-type KtRecord): its lines
 * @error: return location for a #GError
 *
 * Builds the invoice for @offer: a draft with the offer's client, currency,
 * language and notes, linked back by "offer_id", and a copy of every live
 * line, with totals computed from them. The issue date is left to the
 * caller. The ids do not depend on the device or the time (see
 * kt_offer_convert_invoice_id()), so the same offer converted twice, on
 * one device or on two offline ones, gives the same records.
 *
 * Nothing is stored and @offer is not changed: marking it converted is
 * the caller's part, in the same write as the new records.
 *
 * Returns: %TRUE on success; %FALSE with KT_ERROR_INVALID (field "status")
 *   for an offer that is not accepted.
 */
gboolean
kt_offer_convert (KtRecord   *offer,
                  GPtrArray  *offer_items,
                  KtRecord  **out_invoice,
                  GPtrArray **out_items,
                  GError    **error)
{
  const char *offer_id;
  g_autofree char *invoice_id = NULL;
  g_autofree char *now = NULL;
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (KT_IS_RECORD (offer), FALSE);
  g_return_val_if_fail (kt_record_get_entity (offer) == KT_ENTITY_OFFER, FALSE);
  g_return_val_if_fail (offer_items != NULL, FALSE);
  g_return_val_if_fail (out_invoice != NULL, FALSE);
  g_return_val_if_fail (out_items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (kt_record_get_string (offer, "status"), "accepted") != 0)
    {
      kt_record_set_field_error (error, "status", "%s",
                                 _("Only an accepted offer can be turned into an invoice"));
      return FALSE;
    }

  offer_id = kt_record_get_id (offer);
  invoice_id = kt_offer_convert_invoice_id (offer_id);
  now = kt_now_iso ();

  invoice = new_record_with_id (KT_ENTITY_INVOICE, invoice_id, now, offer);
  copy_fields (invoice, offer, copied_document_fields);
  kt_record_set_string (invoice, "kind", "invoice");
  kt_record_set_string (invoice, "status", "draft");
  kt_record_set_string (invoice, "offer_id", offer_id);

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < offer_items->len; i++)
    {
      KtRecord *offer_item = g_ptr_array_index (offer_items, i);
      g_autofree char *item_id = NULL;
      KtRecord *item;

      g_return_val_if_fail (KT_IS_RECORD (offer_item), FALSE);
      g_return_val_if_fail (kt_record_get_entity (offer_item) == KT_ENTITY_OFFER_ITEM, FALSE);

      if (kt_record_get_deleted (offer_item))
        continue;

      item_id = kt_offer_convert_item_id (offer_id, kt_record_get_id (offer_item));
      item = new_record_with_id (KT_ENTITY_INVOICE_ITEM, item_id, now, offer);
      copy_fields (item, offer_item, copied_item_fields);
      kt_record_set_string (item, "invoice_id", invoice_id);
      kt_record_apply_defaults (item);
      g_ptr_array_add (items, item);
    }

  kt_record_apply_defaults (invoice);
  if (!kt_invoice_apply_totals (invoice, items, error))
    return FALSE;

  *out_invoice = g_steal_pointer (&invoice);
  *out_items = g_steal_pointer (&items);
  return TRUE;
}
