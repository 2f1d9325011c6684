/* test-iban.c: IBAN and BIC checks (shared/kt-iban.c)
 *
 * The valid IBANs are the examples of the SWIFT IBAN registry, one per
 * country of the length table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

#include "check-cases.h"

static const char * const registry_examples[] = {
  "AD1200012030200359100100", "AE070331234567890123456", "AL47212110090000000235698741",
  "AT611904300234573201", "AZ21NABZ00000000137010001944", "BA391290079401028494",
  "BE68539007547034", "BG80BNBG96611020345678", "BH67BMAG00001299123456",
  "BR1800360305000010009795493C1", "BY13NBRB3600900000002Z00AB00", "CH9300762011623852957",
  "CR05015202001026284066", "CY17002001280000001200527600", "CZ6508000000192000145399",
  "DE89370400440532013000", "DK5000400440116243", "DO28BAGR00000001212453611324",
  "EE382200221020145685", "EG380019000500000000263180002", "ES9121000418450200051332",
  "FI2112345600000785", "FO6264600001631634", "FR1420041010050500013M02606",
  "GB29NWBK60161331926819", "GE29NB0000000101904917", "GI75NWBK000000007099453",
  "GL8964710001000206", "GR1601101250000000012300695", "GT82TRAJ01020000001210029690",
  "HR1210010051863000160", "HU42117730161111101800000000", "IE29AIBK93115212345678",
  "IL620108000000099999999", "IQ98NBIQ850123456789012", "IS140159260076545510730339",
  "IT60X0542811101000000123456", "JO94CBJO0010000000000131000302",
  "KW81CBKU0000000000001234560101", "KZ86125KZT5004100100", "LB62099900000001001901229114",
  "LC55HEMM000100010012001200023015", "LI21088100002324013AA", "LT121000011101001000",
  "LU280019400644750000", "LV80BANK0000435195001", "LY83002048000020100120361",
  "MC5811222000010123456789030", "MD24AG000225100013104168", "ME25505000012345678951",
  "MK07250120000058984", "MR1300020001010000123456753", "MT84MALT011000012345MTLCAST001S",
  "MU17BOMM0101101030300200000MUR", "NL91ABNA0417164300", "NO9386011117947",
  "PK36SCBL0000001123456702", "PL61109010140000071219812874", "PS92PALS000000000400123456702",
  "PT50000201231234567890154", "QA58DOHB00001234567890ABCDEFG", "RO49AAAA1B31007593840000",
  "RS35260005601001611379", "SA0380000000608010167519", "SC18SSCB11010000000000001497USD",
  "SE4550000000058398257466", "SI56263300012039086", "SK3112000000198742637541",
  "SM86U0322509800000000270100", "ST68000100010051845310112", "SV62CENR00000000000000700025",
  "TL380080012345678910157", "TN5910006035183598478831", "TR330006100519786457841326",
  "UA213223130000026007233566001", "VA59001123000012345678", "VG96VPVG0000012345678901",
  "XK051212012345678906",
};

static const IdCase iban_cases[] = {
  { "BG80 BNBG 9661 1020 3456 78", NULL },
  { "bg80bnbg96611020345678", NULL },
  { "  DE89 3704 0044 0532 0130 00 ", NULL },
  { "BG80BNBG96611020345687", "The IBAN’s check digits are wrong: a character is mistyped or two are swapped" },
  { "BG81BNBG96611020345678", "The IBAN’s check digits are wrong: a character is mistyped or two are swapped" },
  { "DE89370400440532013001", "The IBAN’s check digits are wrong: a character is mistyped or two are swapped" },
  { "BG80BNBG9661102034567", "An IBAN from BG has 22 characters; this one has 21" },
  { "BG80BNBG966110203456789", "An IBAN from BG has 22 characters; this one has 23" },
  { "NO938601111794", "An IBAN from NO has 15 characters; this one has 14" },
  { "US12345678901234567890", "“US” is not a country with IBANs" },
  { "1280BNBG96611020345678", "An IBAN starts with the two-letter code of its country, such as BG" },
  { "B", "An IBAN starts with the two-letter code of its country, such as BG" },
  { "BGXXBNBG96611020345678", "An IBAN’s third and fourth characters are digits" },
  { "BG80-BNBG-9661-1020-3456-78", "The IBAN may contain only letters and digits" },
  { "BG80BNBG9661102034567Ж", "The IBAN may contain only letters and digits" },
  { "", "The IBAN is empty" },
  { "   ", "The IBAN is empty" },
};

static const IdCase bic_cases[] = {
  { "BNBGBGSD", NULL },
  { "UNCRBGSF", NULL },
  { "uncr bgsf xxx", NULL },
  { "DEUTDEFF500", NULL },
  { "BNBGBGS", "A BIC has 8 or 11 characters; this one has 7" },
  { "DEUTDEFF5001", "A BIC has 8 or 11 characters; this one has 12" },
  { "BNB1BGSD", "A BIC starts with four letters for the bank" },
  { "BNBGB1SD", "A BIC’s fifth and sixth characters are the letters of its country" },
  { "BNBG-BGSD", "The BIC may contain only letters and digits" },
  { "", "The BIC is empty" },
};

static void
test_registry_examples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (registry_examples); i++)
    {
      const char *iban = registry_examples[i];
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", iban);
      g_assert_true (kt_iban_validate (iban, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (kt_iban_length (iban), ==, strlen (iban));
    }
  g_assert_cmpuint (kt_iban_length ("US"), ==, 0);
  g_assert_cmpuint (kt_iban_length ("B"), ==, 0);
  g_assert_cmpuint (kt_iban_length (""), ==, 0);
}

/* Changing any one character of a valid IBAN to another digit is caught:
 * MOD 97-10 detects every single substitution. */
static void
test_single_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (registry_examples); i++)
    {
      g_autofree char *iban = g_strdup (registry_examples[i]);

      for (gsize pos = 2; iban[pos] != '\0'; pos++)
        {
          char original = iban[pos];

          if (!g_ascii_isdigit (original))
            continue;
          for (char d = '0'; d <= '9'; d++)
            {
              if (d == original)
                continue;
              iban[pos] = d;
              g_assert_false (kt_iban_validate (iban, NULL));
            }
          iban[pos] = original;
        }
    }
}

static void
test_iban (void)
{
  check_cases (kt_iban_validate, iban_cases, G_N_ELEMENTS (iban_cases));
}

static void
test_bic (void)
{
  check_cases (kt_bic_validate, bic_cases, G_N_ELEMENTS (bic_cases));
}

static void
test_format (void)
{
  static const struct { const char *in, *compact, *grouped; } cases[] = {
    { "BG80BNBG96611020345678", "BG80BNBG96611020345678", "BG80 BNBG 9661 1020 3456 78" },
    { " bg80 bnbg 9661 1020 3456 78 ", "BG80BNBG96611020345678", "BG80 BNBG 9661 1020 3456 78" },
    { "NO9386011117947", "NO9386011117947", "NO93 8601 1117 947" },
    { "BE68539007547034", "BE68539007547034", "BE68 5390 0754 7034" },
    { "", "", "" },
    { "ab", "AB", "AB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *compact = kt_iban_compact (cases[i].in);
      g_autofree char *grouped = kt_iban_format (cases[i].in);

      g_assert_cmpstr (compact, ==, cases[i].compact);
      g_assert_cmpstr (grouped, ==, cases[i].grouped);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/iban/registry-examples", test_registry_examples);
  g_test_add_func ("/iban/single-errors", test_single_errors);
  g_test_add_func ("/iban/cases", test_iban);
  g_test_add_func ("/iban/bic", test_bic);
  g_test_add_func ("/iban/format", test_format);

  return g_test_run ();
}
