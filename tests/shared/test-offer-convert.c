/* test-offer-convert.c: turning an accepted offer into an invoice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

#define OFFER_ID "01a213e1-6c2b-7000-8000-000000000001"
#define ITEM_ID "01a213e1-6c2b-7000-8000-000000000002"

static KtRecord *
make_offer (const char *status)
{
  KtRecord *offer = kt_record_new_with_id (KT_ENTITY_OFFER, OFFER_ID);

  kt_record_apply_defaults (offer);
  kt_record_set_org_id (offer, "01a213e1-6c2b-7000-8000-0000000000aa");
  kt_record_set_owner_id (offer, "01a213e1-6c2b-7000-8000-0000000000bb");
  kt_record_set_string (offer, "status", status);
  kt_record_set_string (offer, "number", "0000000007");
  kt_record_set_string (offer, "issue_date", "2026-11-02");
  kt_record_set_string (offer, "valid_until", "2026-12-02");
  kt_record_set_string (offer, "client_name", "Балкан ООД");
  kt_record_set_string (offer, "client_eik", "121212121");
  kt_record_set_string (offer, "client_mol", "Иван Петров");
  kt_record_set_string (offer, "currency", "BGN");
  kt_record_set_string (offer, "language", "en");
  kt_record_set_string (offer, "rounding", "per_line");
  kt_record_set_string (offer, "notes", "Delivery in two weeks");
  kt_record_set_string (offer, "company_id", "01a213e1-6c2b-7000-8000-0000000000cc");
  /* Stale totals on the offer must not leak into the invoice. */
  kt_record_set_int (offer, "total", 1);

  return offer;
}

static KtRecord *
make_item (const char *id,
           gint64      position,
           gint64      quantity,
           gint64      price,
           gint64      vat_bps)
{
  KtRecord *item = kt_record_new_with_id (KT_ENTITY_OFFER_ITEM, id);

  kt_record_set_string (item, "offer_id", OFFER_ID);
  kt_record_set_int (item, "position", position);
  kt_record_set_string (item, "description", "Консултация");
  kt_record_set_int (item, "quantity", quantity);
  kt_record_set_string (item, "unit", "h");
  kt_record_set_int (item, "unit_price", price);
  kt_record_set_int (item, "discount_bps", 1000);
  kt_record_set_int (item, "vat_bps", vat_bps);
  if (vat_bps == 0)
    kt_record_set_string (item, "vat_exemption", "Art. 21(2) VAT Act");

  return item;
}

static GPtrArray *
make_items (void)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  KtRecord *gone;

  g_ptr_array_add (items, make_item (ITEM_ID, 1, 1500, 3333, 2000));
  g_ptr_array_add (items, make_item ("01a213e1-6c2b-7000-8000-000000000003", 2, 2000, 10000, 0));
  gone = make_item ("01a213e1-6c2b-7000-8000-000000000004", 3, 1000, 99999, 2000);
  kt_record_set_deleted (gone, TRUE);
  g_ptr_array_add (items, gone);

  return items;
}

/* The derivation is fixed: clients of different versions must agree on
 * the ids. Expected values from Python's hashlib (SHA-256, first 16
 * bytes, version 8 and variant 10 set). */
static void
test_offer_convert_ids (void)
{
  g_autofree char *invoice_id = kt_offer_convert_invoice_id (OFFER_ID);
  g_autofree char *item_id = kt_offer_convert_item_id (OFFER_ID, ITEM_ID);
  g_autofree char *other = kt_offer_convert_invoice_id ("01a213e1-6c2b-7000-8000-000000000009");

  g_assert_cmpstr (invoice_id, ==, "b0fac632-9c70-85a5-8543-9874fdacaaeb");
  g_assert_cmpstr (item_id, ==, "a905e26c-affa-8f33-a72f-47c28cf4c657");
  g_assert_true (kt_uuid_is_valid (invoice_id));
  g_assert_true (kt_uuid_is_valid (item_id));
  g_assert_cmpstr (other, !=, invoice_id);
}

static void
test_offer_convert_copies (void)
{
  g_autoptr(KtRecord) offer = make_offer ("accepted");
  g_autoptr(GPtrArray) offer_items = make_items ();
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *invoice_id = kt_offer_convert_invoice_id (OFFER_ID);
  g_autofree char *item_id = kt_offer_convert_item_id (OFFER_ID, ITEM_ID);
  KtRecord *line;

  g_assert_true (kt_offer_convert (offer, offer_items, &invoice, &items, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (kt_record_get_id (invoice), ==, invoice_id);
  g_assert_true (kt_record_get_entity (invoice) == KT_ENTITY_INVOICE);
  g_assert_cmpstr (kt_record_get_string (invoice, "kind"), ==, "invoice");
  g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, "draft");
  g_assert_cmpstr (kt_record_get_string (invoice, "offer_id"), ==, OFFER_ID);
  g_assert_false (kt_record_has (invoice, "number"));
  g_assert_false (kt_record_has (invoice, "issue_date"));
  g_assert_cmpstr (kt_record_get_string (invoice, "client_name"), ==, "Балкан ООД");
  g_assert_cmpstr (kt_record_get_string (invoice, "client_eik"), ==, "121212121");
  g_assert_cmpstr (kt_record_get_string (invoice, "client_mol"), ==, "Иван Петров");
  g_assert_cmpstr (kt_record_get_string (invoice, "currency"), ==, "BGN");
  g_assert_cmpstr (kt_record_get_string (invoice, "language"), ==, "en");
  g_assert_cmpstr (kt_record_get_string (invoice, "rounding"), ==, "per_line");
  g_assert_cmpstr (kt_record_get_string (invoice, "notes"), ==, "Delivery in two weeks");
  g_assert_cmpstr (kt_record_get_string (invoice, "company_id"), ==,
                   "01a213e1-6c2b-7000-8000-0000000000cc");
  g_assert_cmpstr (kt_record_get_org_id (invoice), ==, kt_record_get_org_id (offer));
  g_assert_nonnull (kt_record_get_created_at (invoice));

  /* The deleted line is not copied. */
  g_assert_cmpuint (items->len, ==, 2);
  line = g_ptr_array_index (items, 0);
  g_assert_cmpstr (kt_record_get_id (line), ==, item_id);
  g_assert_cmpstr (kt_record_get_string (line, "invoice_id"), ==, invoice_id);
  g_assert_cmpint (kt_record_get_int (line, "position"), ==, 1);
  g_assert_cmpstr (kt_record_get_string (line, "description"), ==, "Консултация");
  g_assert_cmpint (kt_record_get_int (line, "quantity"), ==, 1500);
  g_assert_cmpstr (kt_record_get_string (line, "unit"), ==, "h");
  g_assert_cmpint (kt_record_get_int (line, "unit_price"), ==, 3333);
  g_assert_cmpint (kt_record_get_int (line, "discount_bps"), ==, 1000);
  g_assert_cmpint (kt_record_get_int (line, "vat_bps"), ==, 2000);
  line = g_ptr_array_index (items, 1);
  g_assert_cmpint (kt_record_get_int (line, "vat_bps"), ==, 0);
  g_assert_cmpstr (kt_record_get_string (line, "vat_exemption"), ==, "Art. 21(2) VAT Act");

  /* Per line: 1.5 x 33.33 = 50.00 less 10 % = 45.00 + 9.00 VAT;
   * 2 x 100.00 = 200.00 less 10 % = 180.00, exempt. */
  g_assert_cmpint (kt_record_get_int (invoice, "subtotal"), ==, 25000);
  g_assert_cmpint (kt_record_get_int (invoice, "discount"), ==, 2500);
  g_assert_cmpint (kt_record_get_int (invoice, "net"), ==, 22500);
  g_assert_cmpint (kt_record_get_int (invoice, "tax"), ==, 900);
  g_assert_cmpint (kt_record_get_int (invoice, "total"), ==, 23400);

  for (guint i = 0; i < items->len; i++)
    g_assert_true (kt_record_validate (g_ptr_array_index (items, i), NULL));

  /* The offer itself is left alone: marking it is the caller's part. */
  g_assert_cmpstr (kt_record_get_string (offer, "status"), ==, "accepted");
  g_assert_false (kt_record_has (offer, "converted_invoice_id"));
}

/* Two devices converting the same offer build equal records. */
static void
test_offer_convert_twice (void)
{
  g_autoptr(KtRecord) offer = make_offer ("accepted");
  g_autoptr(KtRecord) copy = kt_record_copy (offer);
  g_autoptr(GPtrArray) offer_items = make_items ();
  g_autoptr(KtRecord) a = NULL;
  g_autoptr(KtRecord) b = NULL;
  g_autoptr(GPtrArray) a_items = NULL;
  g_autoptr(GPtrArray) b_items = NULL;
  g_autofree char *a_json = NULL;
  g_autofree char *b_json = NULL;

  g_assert_true (kt_offer_convert (offer, offer_items, &a, &a_items, NULL));
  g_assert_true (kt_offer_convert (copy, offer_items, &b, &b_items, NULL));

  a_json = kt_record_to_json_string (a, KT_JSON_NO_META);
  b_json = kt_record_to_json_string (b, KT_JSON_NO_META);
  g_assert_cmpstr (kt_record_get_id (a), ==, kt_record_get_id (b));
  g_assert_cmpstr (a_json, ==, b_json);
  g_assert_cmpuint (a_items->len, ==, b_items->len);
  for (guint i = 0; i < a_items->len; i++)
    g_assert_cmpstr (kt_record_get_id (g_ptr_array_index (a_items, i)), ==,
                     kt_record_get_id (g_ptr_array_index (b_items, i)));
}

static void
test_offer_convert_refused (void)
{
  const char *statuses[] = { "draft", "sent", "rejected", "expired", "converted" };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(KtRecord) offer = make_offer (statuses[i]);
      g_autoptr(GPtrArray) offer_items = make_items ();
      g_autoptr(KtRecord) invoice = NULL;
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (kt_offer_convert (offer, offer_items, &invoice, &items, &error));
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      g_assert_cmpstr (kt_record_error_get_field (error), ==, "status");
      g_assert_null (invoice);
      g_assert_null (items);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/offer-convert/ids", test_offer_convert_ids);
  g_test_add_func ("/offer-convert/copies", test_offer_convert_copies);
  g_test_add_func ("/offer-convert/twice", test_offer_convert_twice);
  g_test_add_func ("/offer-convert/refused", test_offer_convert_refused);

  return g_test_run ();
}
