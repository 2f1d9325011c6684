/* test-epc.c: the EPC069-12 SEPA credit transfer payload and its checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

static void
test_payload (void)
{
  KtEpcTransfer t = {
    .bic = "UNCRBGSF",
    .name = "Кантора ООД",
    .iban = "BG80 BNBG 9661 1020 3456 78",
    .amount = 12050,
    .text = "0000000123",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = kt_epc_payload (&t, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (payload, ==,
                   "BCD\n002\n1\nSCT\nUNCRBGSF\nКантора ООД\nBG80BNBG96611020345678\n"
                   "EUR120.50\n\n\n0000000123");
}

static void
test_payload_edges (void)
{
  KtEpcTransfer t = {
    .name = "A",
    .iban = "DE89370400440532013000",
    .amount = 1,
  };
  g_autofree char *min = kt_epc_payload (&t, NULL);
  g_autofree char *max = NULL;
  g_autofree char *ref = NULL;

  /* No BIC, no remittance: the trailing empty lines are left out. */
  g_assert_cmpstr (min, ==, "BCD\n002\n1\nSCT\n\nA\nDE89370400440532013000\nEUR0.01");

  t.amount = KT_EPC_AMOUNT_MAX;
  max = kt_epc_payload (&t, NULL);
  g_assert_true (g_str_has_suffix (max, "\nEUR999999999.99"));

  t.amount = 100;
  t.iban = "de89 3704 0044 0532 0130 00";
  t.bic = "deutdeff";
  t.reference = "RF18539007547034";
  ref = kt_epc_payload (&t, NULL);
  g_assert_cmpstr (ref, ==,
                   "BCD\n002\n1\nSCT\nDEUTDEFF\nA\nDE89370400440532013000\nEUR1.00\n\nRF18539007547034");
}

/* Each broken transfer fails with KT_ERROR_INVALID naming its part. */
static void
test_payload_errors (void)
{
  g_autofree char *long_name = g_strnfill (71, 'x');
  g_autofree char *long_text = g_strnfill (141, 'x');
  g_autofree char *name_70 = g_strnfill (70, 'x');
  const struct {
    const char *bic, *name, *iban;
    gint64      amount;
    const char *reference, *text, *field;
  } cases[] = {
    { NULL, "", "DE89370400440532013000", 100, NULL, NULL, "name" },
    { NULL, long_name, "DE89370400440532013000", 100, NULL, NULL, "name" },
    { NULL, "A\nB", "DE89370400440532013000", 100, NULL, NULL, "name" },
    { NULL, "A", "BG80BNBG96611020345679", 100, NULL, NULL, "iban" },
    { NULL, "A", "BG80BNBG9661", 100, NULL, NULL, "iban" },
    { "BNBGBGSFX", "A", "DE89370400440532013000", 100, NULL, NULL, "bic" },
    { NULL, "A", NULL, 100, NULL, NULL, "iban" },
    { NULL, "A", "DE89370400440532013001", 100, NULL, NULL, "iban" },
    { "DEUTDE", "A", "DE89370400440532013000", 100, NULL, NULL, "bic" },
    { NULL, "A", "DE89370400440532013000", 0, NULL, NULL, "amount" },
    { NULL, "A", "DE89370400440532013000", -5, NULL, NULL, "amount" },
    { NULL, "A", "DE89370400440532013000", KT_EPC_AMOUNT_MAX + 1, NULL, NULL, "amount" },
    { NULL, "A", "DE89370400440532013000", 100, "RF18539007547034", "x", "reference" },
    { NULL, "A", "DE89370400440532013000", 100, NULL, long_text, "text" },
    { NULL, "A", "DE89370400440532013000", 100, NULL, "a\tb", "text" },
  };
  KtEpcTransfer ok = { .name = name_70, .iban = "DE89370400440532013000", .amount = 100 };
  g_autofree char *fits = kt_epc_payload (&ok, NULL);

  g_assert_nonnull (fits);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KtEpcTransfer t = {
        .bic = cases[i].bic, .name = cases[i].name, .iban = cases[i].iban,
        .amount = cases[i].amount, .reference = cases[i].reference, .text = cases[i].text,
      };
      g_autoptr(GError) error = NULL;
      g_autofree char *payload = kt_epc_payload (&t, &error);

      g_test_message ("case %u", i);
      g_assert_null (payload);
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      g_assert_cmpstr (kt_error_get_field (error), ==, cases[i].field);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static JsonObject *
org_new (const char *iban)
{
  JsonObject *org = json_object_new ();

  json_object_set_string_member (org, "name", "Кантора ООД");
  json_object_set_string_member (org, "bic", "UNCRBGSF");
  if (iban != NULL)
    json_object_set_string_member (org, "iban", iban);
  return org;
}

static void
test_invoice (void)
{
  g_autoptr(KtRecord) inv = kt_record_new (KT_ENTITY_INVOICE);
  g_autoptr(JsonObject) org = org_new ("BG80BNBG96611020345678");
  g_autoptr(JsonObject) no_iban = org_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *none = NULL;
  g_autofree char *bgn = NULL;
  g_autofree char *zero = NULL;

  kt_record_set_string (inv, "number", "0000000042");
  kt_record_set_string (inv, "currency", "EUR");
  kt_record_set_int (inv, "total", 24000);
  payload = kt_epc_payload_for_invoice (inv, org, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (payload, ==,
                   "BCD\n002\n1\nSCT\nUNCRBGSF\nКантора ООД\nBG80BNBG96611020345678\n"
                   "EUR240.00\n\n\n0000000042");

  /* Without an IBAN, in another currency, or with nothing to pay: no
   * code, and the error says why. */
  none = kt_epc_payload_for_invoice (inv, no_iban, &error);
  g_assert_null (none);
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_cmpstr (kt_error_get_field (error), ==, "iban");
  g_clear_error (&error);

  kt_record_set_string (inv, "currency", "BGN");
  bgn = kt_epc_payload_for_invoice (inv, org, &error);
  g_assert_null (bgn);
  g_assert_cmpstr (kt_error_get_field (error), ==, "currency");
  g_assert_nonnull (strstr (error->message, "BGN"));
  g_clear_error (&error);

  kt_record_set_string (inv, "currency", "EUR");
  kt_record_set_int (inv, "total", 0);
  zero = kt_epc_payload_for_invoice (inv, org, &error);
  g_assert_null (zero);
  g_assert_cmpstr (kt_error_get_field (error), ==, "total");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/epc/payload", test_payload);
  g_test_add_func ("/epc/payload-edges", test_payload_edges);
  g_test_add_func ("/epc/payload-errors", test_payload_errors);
  g_test_add_func ("/epc/invoice", test_invoice);

  return g_test_run ();
}
