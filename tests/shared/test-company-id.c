/* test-company-id.c: EIK/BULSTAT, EGN, LNCh and EU VAT numbers
 * (shared/kt-company-id.c)
 *
 * The valid EIKs are published numbers of real companies and public
 * bodies; the others were computed by hand from the weights in
 * docs/money.md and cross-checked with a separate script.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

#include "check-cases.h"

static const IdCase eik_cases[] = {
  { "121100421", NULL },
  { "831902088", NULL },
  { "175074752", NULL },
  { "000695235", NULL },
  { "130460283", NULL },
  { "121 100 421", NULL },
  { "100000086", NULL },        /* remainder 10: the second weights give 6 */
  { "000002810", NULL },        /* remainder 10 twice: 0 */
  { "1211004210017", NULL },    /* a branch of 121100421 */
  { "8319020880016", NULL },    /* branch check via the second weights */
  { "1211004210062", NULL },    /* the same on another base */
  { "121100422", "The EIK’s check digit is wrong" },
  { "100000087", "The EIK’s check digit is wrong" },
  { "000002811", "The EIK’s check digit is wrong" },
  { "12110042", "The EIK has 8 digits; it needs 9 or 13" },
  { "1211004210", "The EIK has 10 digits; it needs 9 or 13" },
  { "1", "The EIK has 1 digit; it needs 9 or 13" },
  { "12110042A", "The EIK may contain only digits" },
  { "BG121100421", "The EIK may contain only digits" },
  { "", "The EIK is empty" },
  { " - ", "The EIK is empty" },
  { "1211004220017", "The EIK’s ninth digit, the check digit of the company’s number, is wrong" },
  { "1211004210018", "The EIK’s last digit, the check digit of the branch number, is wrong" },
};

static const IdCase egn_cases[] = {
  { "8001010008", NULL },       /* 1 January 1980 */
  { "0441151237", NULL },       /* 15 January 2004: month + 40 */
  { "0021010008", NULL },       /* 1 January 1800: month + 20 */
  { "1602290005", NULL },       /* 29 February 1916, a leap year */
  { "9912311230", NULL },
  { "8001010009", "The EGN’s check digit is wrong" },
  { "8502291232", "The EGN’s first six digits are not a date of birth" },  /* 1985 */
  { "7555230000", "The EGN’s first six digits are not a date of birth" },  /* month 55 */
  { "7551234567", NULL },       /* 23 November 2075: month 51 */
  { "8013010000", "The EGN’s first six digits are not a date of birth" },  /* month 13 */
  { "800101000", "The EGN has 9 digits; it needs 10" },
  { "80010100a8", "The EGN may contain only digits" },
  { "", "The EGN is empty" },
};

static const IdCase lnch_cases[] = {
  { "1000000001", NULL },
  { "1234567893", NULL },
  { "9999999999", NULL },
  { "1000000002", "The LNCh’s check digit is wrong" },
  { "123456789", "The LNCh has 9 digits; it needs 10" },
  { "1234x67893", "The LNCh may contain only digits" },
  { "", "The LNCh is empty" },
};

#define NOT_BG_10 "The 10 digits after BG are not a valid EGN, LNCh or other Bulgarian VAT number: " \
  "the check digit is wrong"

#define CYRILLIC "The VAT number’s country code has Cyrillic letters: type it in Latin ones, such as BG"

static const IdCase vat_cases[] = {
  { "BG121100421", NULL },
  { "BG 831 902 088", NULL },
  { "bg175074752", NULL },
  { "BG8001010008", NULL },      /* an EGN */
  { "BG1234567893", NULL },      /* an LNCh */
  { "BG1000000007", NULL },      /* another taxpayer's number */
  { "BG121100422", "The check digit of the EIK in the VAT number is wrong" },
  { "BG1000000002", NOT_BG_10 },  /* the EGN weights fit, but 10-00-00 is no date */
  { "BG12110042", "The VAT number does not have the form of one from BG, such as BG123456789" },
  { "BG1211004210017", "The VAT number does not have the form of one from BG, such as BG123456789" },
  { "ATU12345678", NULL },
  { "AT U123 456 78", NULL },
  { "ATU1234567", "The VAT number does not have the form of one from AT, such as ATU12345678" },
  { "AT123456789", "The VAT number does not have the form of one from AT, such as ATU12345678" },
  { "BE0123456789", NULL },
  { "be 1234.567.890", NULL },
  { "BE2123456789", "The VAT number does not have the form of one from BE, such as BE0123456789" },
  { "CY12345678X", NULL },
  { "CZ12345678", NULL },
  { "CZ1234567890", NULL },
  { "DE123456789", NULL },
  { "DE12345678", "The VAT number does not have the form of one from DE, such as DE123456789" },
  { "DK12345678", NULL },
  { "EE123456789", NULL },
  { "EL123456789", NULL },
  { "ESX1234567X", NULL },
  { "ES12345678Z", NULL },
  { "FI12345678", NULL },
  { "FR12345678901", NULL },
  { "FRXX123456789", NULL },
  { "FR1234567890", "The VAT number does not have the form of one from FR, such as FRXX123456789" },
  { "HR12345678901", NULL },
  { "HU12345678", NULL },
  { "IE1234567WA", NULL },
  { "IE1234567W", NULL },
  { "IE1X23456W", NULL },
  { "IT12345678901", NULL },
  { "IT1234567890", "The VAT number does not have the form of one from IT, such as IT12345678901" },
  { "LT123456789", NULL },
  { "LT123456789012", NULL },
  { "LU12345678", NULL },
  { "LV12345678901", NULL },
  { "MT12345678", NULL },
  { "NL123456789B01", NULL },
  { "NL123456789B1", "The VAT number does not have the form of one from NL, such as NL123456789B01" },
  { "PL1234567890", NULL },
  { "PT123456789", NULL },
  { "RO12", NULL },
  { "RO1234567890", NULL },
  { "RO1", "The VAT number does not have the form of one from RO, such as RO1234567890" },
  { "RO12345678901", "The VAT number does not have the form of one from RO, such as RO1234567890" },
  { "SE123456789001", NULL },
  { "SE123456789012", "The VAT number does not have the form of one from SE, such as SE123456789001" },
  { "SI12345678", NULL },
  { "SK1234567890", NULL },
  { "XI123456789", NULL },
  { "XI123456789012", NULL },
  { "XIGD123", NULL },
  { "XIHA599", NULL },
  { "XI12345678", "The VAT number does not have the form of one from XI, such as XI123456789" },
  { "GR123456789", "Greek VAT numbers start with EL, not GR" },
  { "GB123456789", "GB VAT numbers are not EU VAT numbers; those of Northern Ireland start with XI" },
  { "US123456789", "“US” is not the country code of an EU VAT number" },
  { "ВG121100421", CYRILLIC },  /* a Cyrillic Ve */
  { "БГ121100421", CYRILLIC },
  { "BГ121100421", CYRILLIC },
  { "123456789", "A VAT number starts with the two-letter code of its country, such as BG" },
  { "B", "A VAT number starts with the two-letter code of its country, such as BG" },
  { "DE12345678é", "The VAT number may contain only letters and digits" },
  { "DE_23456789", "The VAT number may contain only letters and digits" },
  { "", "The VAT number is empty" },
};

static void
test_eik (void)
{
  check_cases (kt_eik_validate, eik_cases, G_N_ELEMENTS (eik_cases));
}

static void
test_egn (void)
{
  check_cases (kt_egn_validate, egn_cases, G_N_ELEMENTS (egn_cases));
}

static void
test_lnch (void)
{
  check_cases (kt_lnch_validate, lnch_cases, G_N_ELEMENTS (lnch_cases));
}

static void
test_vat (void)
{
  check_cases (kt_vat_number_validate, vat_cases, G_N_ELEMENTS (vat_cases));
}

static void
test_check_digit (void)
{
  g_autofree char *compact = kt_company_id_compact (" bg 121-100.421 ");

  g_assert_cmpint (kt_eik_check_digit ("12110042"), ==, 1);
  g_assert_cmpint (kt_eik_check_digit ("10000008"), ==, 6);
  g_assert_cmpint (kt_eik_check_digit ("00000281"), ==, 0);
  g_assert_cmpint (kt_eik_check_digit ("121100421001"), ==, 7);
  g_assert_cmpint (kt_eik_check_digit ("121100421006"), ==, 2);
  g_assert_cmpint (kt_eik_check_digit ("121100422001"), ==, -1);  /* its base is wrong */
  g_assert_cmpint (kt_eik_check_digit ("1211004"), ==, -1);
  g_assert_cmpint (kt_eik_check_digit ("1211004a"), ==, -1);
  g_assert_cmpstr (compact, ==, "BG121100421");

  /* Every completion the function gives is accepted, every other digit
   * refused: the two halves of the rule agree. */
  for (guint n = 0; n < 100000; n += 7)
    {
      char digits[10];
      int check;

      g_snprintf (digits, sizeof digits, "%08u", n * 997u % 100000000u);
      check = kt_eik_check_digit (digits);
      g_assert_cmpint (check, >=, 0);
      g_assert_cmpint (check, <=, 9);
      for (int d = 0; d < 10; d++)
        {
          digits[8] = '0' + d;
          digits[9] = '\0';
          g_assert_cmpint (kt_eik_validate (digits, NULL), ==, d == check);
        }
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/company-id/eik", test_eik);
  g_test_add_func ("/company-id/egn", test_egn);
  g_test_add_func ("/company-id/lnch", test_lnch);
  g_test_add_func ("/company-id/vat", test_vat);
  g_test_add_func ("/company-id/check-digit", test_check_digit);

  return g_test_run ();
}
