/* kt-company-id.c: EIK/BULSTAT, EGN, LNCh and EU VAT numbers
 *
 * The check-digit rules are those of the Registry Agency (EIK), the civil
 * registration law (EGN, LNCh) and the European Commission's VIES
 * description of VAT numbers (the Bulgarian "other" 10-digit numbers and
 * the formats of every member state). docs/money.md, "Company and VAT
 * numbers", lists them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-company-id"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-company-id.h"
#include "kt-error.h"
#include "kt-record.h"

/* A VAT number format: '9' is a digit, 'A' a letter, 'X' a letter or a
 * digit, anything else itself. A country has up to 9 alternatives. */
typedef struct {
  const char *prefix;
  const char *example;
  const char *formats[10];
} VatFormat;

static const VatFormat vat_formats[] = {
  { "AT", "ATU12345678", { "U99999999" } },
  { "BE", "BE0123456789", { "0999999999", "1999999999" } },
  { "BG", "BG123456789", { "999999999", "9999999999" } },
  { "CY", "CY12345678X", { "99999999A" } },
  { "CZ", "CZ12345678", { "99999999", "999999999", "9999999999" } },
  { "DE", "DE123456789", { "999999999" } },
  { "DK", "DK12345678", { "99999999" } },
  { "EE", "EE123456789", { "999999999" } },
  { "EL", "EL123456789", { "999999999" } },
  { "ES", "ESX1234567X", { "X9999999X" } },
  { "FI", "FI12345678", { "99999999" } },
  { "FR", "FRXX123456789", { "XX999999999" } },
  { "HR", "HR12345678901", { "99999999999" } },
  { "HU", "HU12345678", { "99999999" } },
  { "IE", "IE1234567WA", { "9999999A", "9999999AA", "9X99999A" } },
  { "IT", "IT12345678901", { "99999999999" } },
  { "LT", "LT123456789", { "999999999", "999999999999" } },
  { "LU", "LU12345678", { "99999999" } },
  { "LV", "LV12345678901", { "99999999999" } },
  { "MT", "MT12345678", { "99999999" } },
  { "NL", "NL123456789B01", { "999999999B99" } },
  { "PL", "PL1234567890", { "9999999999" } },
  { "PT", "PT123456789", { "999999999" } },
  { "RO", "RO1234567890", { "99", "999", "9999", "99999", "999999", "9999999", "99999999",
                            "999999999", "9999999999" } },
  { "SE", "SE123456789001", { "999999999901" } },
  { "SI", "SI12345678", { "99999999" } },
  { "SK", "SK1234567890", { "9999999999" } },
  /* Northern Ireland keeps the United Kingdom's formats under XI. */
  { "XI", "XI123456789", { "999999999", "999999999999", "GD999", "HA999" } },
};

static const VatFormat *
lookup_vat_format (const char *compact)
{
  for (guint i = 0; i < G_N_ELEMENTS (vat_formats); i++)
    if (strncmp (vat_formats[i].prefix, compact, 2) == 0)
      return &vat_formats[i];
  return NULL;
}

/* Bulgarian keyboards type "В" (Cyrillic Ve) where "B" was meant, and the
 * two look the same: a prefix with a Cyrillic letter is that mistake. */
static gboolean
starts_with_cyrillic (const char *compact)
{
  for (guint i = 0; i < 2 && compact[0] != '\0'; i++)
    {
      gunichar c = g_utf8_get_char_validated (compact, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return FALSE;
      if (c >= 0x0400 && c <= 0x04FF)
        return TRUE;
      compact = g_utf8_next_char (compact);
    }
  return FALSE;
}

static void
set_error (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, KT_ERROR, KT_ERROR_INVALID, message);
}

/**
 * kt_company_id_compact:
 * @text: a number as typed
 *
 * Returns: (transfer full): @text without spaces, dots and hyphens, in
 *   upper case.
 */
char *
kt_company_id_compact (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (*p != ' ' && *p != '.' && *p != '-' && *p != '\t')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static gboolean
all_digits (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static int
weighted_sum (const char *digits,
              const int  *weights,
              guint       n)
{
  int sum = 0;

  for (guint i = 0; i < n; i++)
    sum += (digits[i] - '0') * weights[i];
  return sum;
}

/* The remainder mod 11 with the first weights; when it is 10, with the
 * second; when that is 10 too, 0. */
static int
eik_remainder (const char *digits,
               const int  *first,
               const int  *second,
               guint       n)
{
  int r = weighted_sum (digits, first, n) % 11;

  if (r != 10)
    return r;
  r = weighted_sum (digits, second, n) % 11;
  return r == 10 ? 0 : r;
}

static int
eik9_check (const char *digits)
{
  static const int first[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  static const int second[] = { 3, 4, 5, 6, 7, 8, 9, 10 };

  return eik_remainder (digits, first, second, 8);
}

/* A 13-digit EIK adds a branch number of three digits; its check digit
 * weighs the ninth digit and those three. */
static int
eik13_check (const char *digits)
{
  static const int first[] = { 2, 7, 3, 5 };
  static const int second[] = { 4, 9, 5, 7 };

  return eik_remainder (digits + 8, first, second, 4);
}

/**
 * kt_eik_check_digit:
 * @digits: 8 or 12 digits
 *
 * Returns: the digit that makes @digits a valid EIK, or -1.
 */
int
kt_eik_check_digit (const char *digits)
{
  gsize len;

  g_return_val_if_fail (digits != NULL, -1);

  len = strlen (digits);
  if (!all_digits (digits) || (len != 8 && len != 12))
    return -1;
  if (len == 8)
    return eik9_check (digits);
  return eik9_check (digits) == digits[8] - '0' ? eik13_check (digits) : -1;
}

static gboolean
check_eik_digits (const char  *digits,
                  GError     **error)
{
  gsize len = strlen (digits);

  if (len == 0)
    {
      set_error (error, _("The EIK is empty"));
      return FALSE;
    }
  if (!all_digits (digits))
    {
      set_error (error, _("The EIK may contain only digits"));
      return FALSE;
    }
  if (len != 9 && len != 13)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   ngettext ("The EIK has %u digit; it needs 9 or 13",
                             "The EIK has %u digits; it needs 9 or 13", len),
                   (guint) len);
      return FALSE;
    }
  if (eik9_check (digits) != digits[8] - '0')
    {
      set_error (error, len == 9 ? _("The EIK’s check digit is wrong")
                                 : _("The EIK’s ninth digit, the check digit of the company’s number, is wrong"));
      return FALSE;
    }
  if (len == 13 && eik13_check (digits) != digits[12] - '0')
    {
      set_error (error, _("The EIK’s last digit, the check digit of the branch number, is wrong"));
      return FALSE;
    }
  return TRUE;
}

/**
 * kt_eik_validate:
 * @text: an EIK/BULSTAT as typed
 * @error: return location for a #GError naming what is wrong
 *
 * Returns: %TRUE if @text is a 9- or 13-digit EIK with right check digits.
 */
gboolean
kt_eik_validate (const char  *text,
                 GError     **error)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  digits = kt_company_id_compact (text);
  return check_eik_digits (digits, error);
}

static gboolean
egn_date_is_valid (const char *digits)
{
  int year = (digits[0] - '0') * 10 + (digits[1] - '0');
  int month = (digits[2] - '0') * 10 + (digits[3] - '0');
  int day = (digits[4] - '0') * 10 + (digits[5] - '0');

  /* The month carries the century: +20 for 1800-1899, +40 from 2000. */
  if (month >= 41 && month <= 52)
    {
      month -= 40;
      year += 2000;
    }
  else if (month >= 21 && month <= 32)
    {
      month -= 20;
      year += 1800;
    }
  else
    year += 1900;

  return g_date_valid_dmy (day, month, year);
}

static int
egn_check (const char *digits)
{
  static const int weights[] = { 2, 4, 8, 5, 10, 9, 7, 3, 6 };
  int r = weighted_sum (digits, weights, 9) % 11;

  return r == 10 ? 0 : r;
}

static int
lnch_check (const char *digits)
{
  static const int weights[] = { 21, 19, 17, 13, 11, 9, 7, 3, 1 };

  return weighted_sum (digits, weights, 9) % 10;
}

/* VIES: a Bulgarian VAT number of 10 digits that is neither an EGN nor an
 * LNCh ("other" persons); -1 when no digit fits. */
static int
other_check (const char *digits)
{
  static const int weights[] = { 4, 3, 2, 7, 6, 5, 4, 3, 2 };
  int r = 11 - weighted_sum (digits, weights, 9) % 11;

  if (r == 11)
    return 0;
  return r == 10 ? -1 : r;
}

/* EGN and LNCh are both 10 digits; each passes its own messages, the one
 * for a wrong count already formatted with the count. */
static gboolean
check_ten_digits (const char  *digits,
                  const char  *empty,
                  const char  *not_digits,
                  const char  *wrong_length,
                  GError     **error)
{
  const char *message = NULL;

  if (*digits == '\0')
    message = empty;
  else if (!all_digits (digits))
    message = not_digits;
  else if (strlen (digits) != 10)
    message = wrong_length;

  if (message == NULL)
    return TRUE;
  set_error (error, message);
  return FALSE;
}

/**
 * kt_egn_validate:
 * @text: an EGN as typed
 * @error: return location for a #GError naming what is wrong
 *
 * Returns: %TRUE if @text is 10 digits that start with a real date of
 *   birth and end with the right check digit.
 */
gboolean
kt_egn_validate (const char  *text,
                 GError     **error)
{
  g_autofree char *digits = NULL;
  g_autofree char *wrong_length = NULL;
  guint len;

  g_return_val_if_fail (text != NULL, FALSE);

  digits = kt_company_id_compact (text);
  len = strlen (digits);
  wrong_length = g_strdup_printf (ngettext ("The EGN has %u digit; it needs 10",
                                            "The EGN has %u digits; it needs 10", len), len);
  if (!check_ten_digits (digits, _("The EGN is empty"), _("The EGN may contain only digits"),
                         wrong_length, error))
    return FALSE;
  if (!egn_date_is_valid (digits))
    {
      set_error (error, _("The EGN’s first six digits are not a date of birth"));
      return FALSE;
    }
  if (egn_check (digits) != digits[9] - '0')
    {
      set_error (error, _("The EGN’s check digit is wrong"));
      return FALSE;
    }
  return TRUE;
}

/**
 * kt_lnch_validate:
 * @text: a foreigner's personal number (LNCh) as typed
 * @error: return location for a #GError naming what is wrong
 *
 * Returns: %TRUE if @text is 10 digits with the right check digit.
 */
gboolean
kt_lnch_validate (const char  *text,
                  GError     **error)
{
  g_autofree char *digits = NULL;
  g_autofree char *wrong_length = NULL;
  guint len;

  g_return_val_if_fail (text != NULL, FALSE);

  digits = kt_company_id_compact (text);
  len = strlen (digits);
  wrong_length = g_strdup_printf (ngettext ("The LNCh has %u digit; it needs 10",
                                            "The LNCh has %u digits; it needs 10", len), len);
  if (!check_ten_digits (digits, _("The LNCh is empty"), _("The LNCh may contain only digits"),
                         wrong_length, error))
    return FALSE;
  if (lnch_check (digits) != digits[9] - '0')
    {
      set_error (error, _("The LNCh’s check digit is wrong"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
matches_format (const char *text,
                const char *format)
{
  if (strlen (text) != strlen (format))
    return FALSE;

  for (; *format; format++, text++)
    {
      gboolean ok;

      switch (*format)
        {
        case '9':
          ok = g_ascii_isdigit (*text);
          break;
        case 'A':
          ok = g_ascii_isupper (*text);
          break;
        case 'X':
          ok = g_ascii_isdigit (*text) || g_ascii_isupper (*text);
          break;
        default:
          ok = *text == *format;
          break;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_bulgarian_vat (const char  *digits,
                     GError     **error)
{
  if (strlen (digits) == 9)
    {
      if (eik9_check (digits) != digits[8] - '0')
        {
          set_error (error, _("The check digit of the EIK in the VAT number is wrong"));
          return FALSE;
        }
      return TRUE;
    }

  /* Ten digits: a person's EGN, a foreigner's LNCh, or another taxpayer's
   * number; any of the three makes it valid. */
  if ((egn_date_is_valid (digits) && egn_check (digits) == digits[9] - '0') ||
      lnch_check (digits) == digits[9] - '0' ||
      other_check (digits) == digits[9] - '0')
    return TRUE;

  set_error (error, _("The 10 digits after BG are not a valid EGN, LNCh or other Bulgarian VAT number: "
                      "the check digit is wrong"));
  return FALSE;
}

/**
 * kt_vat_number_validate:
 * @text: an EU VAT number with its country prefix, as typed
 * @error: return location for a #GError naming what is wrong
 *
 * Returns: %TRUE if @text has the form of a VAT number of its country (and,
 *   for Bulgaria, the right check digit). Only VIES can say whether the
 *   number is registered.
 */
gboolean
kt_vat_number_validate (const char  *text,
                        GError     **error)
{
  g_autofree char *compact = NULL;
  const VatFormat *country = NULL;
  char prefix[3];
  const char *rest;

  g_return_val_if_fail (text != NULL, FALSE);

  compact = kt_company_id_compact (text);
  if (*compact == '\0')
    {
      set_error (error, _("The VAT number is empty"));
      return FALSE;
    }
  if (starts_with_cyrillic (compact))
    {
      set_error (error, _("The VAT number’s country code has Cyrillic letters: type it in Latin ones, such as BG"));
      return FALSE;
    }
  if (!g_ascii_isupper (compact[0]) || !g_ascii_isupper (compact[1]))
    {
      set_error (error, _("A VAT number starts with the two-letter code of its country, such as BG"));
      return FALSE;
    }

  memcpy (prefix, compact, 2);
  prefix[2] = '\0';
  rest = compact + 2;

  country = lookup_vat_format (compact);
  if (country == NULL)
    {
      if (strcmp (prefix, "GR") == 0)
        set_error (error, _("Greek VAT numbers start with EL, not GR"));
      else if (strcmp (prefix, "GB") == 0)
        set_error (error, _("GB VAT numbers are not EU VAT numbers; those of Northern Ireland start with XI"));
      else
        g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                     _("“%s” is not the country code of an EU VAT number"), prefix);
      return FALSE;
    }

  for (const char *p = rest; *p; p++)
    if (!g_ascii_isalnum (*p))
      {
        set_error (error, _("The VAT number may contain only letters and digits"));
        return FALSE;
      }

  for (guint i = 0; i < G_N_ELEMENTS (country->formats) && country->formats[i] != NULL; i++)
    if (matches_format (rest, country->formats[i]))
      return strcmp (prefix, "BG") != 0 || check_bulgarian_vat (rest, error);

  g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
               _("The VAT number does not have the form of one from %s, such as %s"),
               prefix, country->example);
  return FALSE;
}

/**
 * kt_vat_number_validate_lenient:
 * @text: a VAT number as typed for a company or a client
 * @error: return location for a #GError naming what is wrong
 *
 * Invoices go to clients outside the EU too, whose VAT numbers Kantora
 * cannot check: only a number with an EU prefix (or GR, Greece's mistaken
 * one, or Cyrillic letters, a Bulgarian keyboard's) is held to
 * kt_vat_number_validate().
 *
 * Returns: %TRUE if @text may be stored.
 */
gboolean
kt_vat_number_validate_lenient (const char  *text,
                                GError     **error)
{
  g_autofree char *compact = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  compact = kt_company_id_compact (text);
  if (!starts_with_cyrillic (compact) &&
      (strlen (compact) < 2 || (lookup_vat_format (compact) == NULL && strncmp (compact, "GR", 2) != 0)))
    return TRUE;
  return kt_vat_number_validate (text, error);
}

/**
 * kt_company_id_check_field:
 * @record: a record
 * @field: a text field of @record
 * @check: kt_eik_validate(), kt_vat_number_validate_lenient(), ...
 * @error: return location for a #GError about @field
 *
 * Returns: %TRUE if @field is unset, blank or passes @check.
 */
gboolean
kt_company_id_check_field (KtRecord          *record,
                           const char        *field,
                           KtCompanyIdCheck   check,
                           GError           **error)
{
  const char *text;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);
  g_return_val_if_fail (check != NULL, FALSE);

  text = kt_record_get_string (record, field);
  if (text == NULL)
    return TRUE;
  for (const char *p = text; ; p++)
    {
      if (*p == '\0')
        return TRUE;
      if (!g_ascii_isspace (*p))
        break;
    }

  if (check (text, &local))
    return TRUE;

  kt_record_set_field_error (error, field, "%s", local->message);
  return FALSE;
}
