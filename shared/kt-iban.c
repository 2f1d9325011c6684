/* kt-iban.c: IBAN and BIC checks
 *
 * ISO 13616 (IBAN) with the lengths of the SWIFT IBAN registry, and ISO
 * 9362 (BIC). docs/money.md, "IBAN", lists what is checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-iban"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-error.h"
#include "kt-iban.h"

typedef struct {
  const char *country;
  guint       length;
} IbanLength;

/* The EU and EEA and the other countries of the SWIFT IBAN registry that
 * Bulgarian businesses meet, sorted by code. Each length was checked
 * against the registry's example IBAN (tests/shared/test-iban.c). */
static const IbanLength iban_lengths[] = {
  { "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 }, { "BA", 20 }, { "BE", 16 },
  { "BG", 22 }, { "BH", 22 }, { "BR", 29 }, { "BY", 28 }, { "CH", 21 }, { "CR", 22 }, { "CY", 28 },
  { "CZ", 24 }, { "DE", 22 }, { "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 }, { "ES", 24 },
  { "FI", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 }, { "GL", 18 },
  { "GR", 27 }, { "GT", 28 }, { "HR", 21 }, { "HU", 28 }, { "IE", 22 }, { "IL", 23 }, { "IQ", 23 },
  { "IS", 26 }, { "IT", 27 }, { "JO", 30 }, { "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 },
  { "LI", 21 }, { "LT", 20 }, { "LU", 20 }, { "LV", 21 }, { "LY", 25 }, { "MC", 27 }, { "MD", 24 },
  { "ME", 22 }, { "MK", 19 }, { "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NL", 18 }, { "NO", 15 },
  { "PK", 24 }, { "PL", 28 }, { "PS", 29 }, { "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 },
  { "SA", 24 }, { "SC", 31 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 }, { "ST", 25 },
  { "SV", 28 }, { "TL", 23 }, { "TN", 24 }, { "TR", 26 }, { "UA", 29 }, { "VA", 22 }, { "VG", 24 },
  { "XK", 20 },
};

static void
set_error (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, KT_ERROR, KT_ERROR_INVALID, message);
}

static char *
compact (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (*p != ' ' && *p != '\t')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

/**
 * kt_iban_compact:
 * @text: an IBAN as typed
 *
 * Returns: (transfer full): @text without spaces, in upper case.
 */
char *
kt_iban_compact (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return compact (text);
}

/**
 * kt_iban_format:
 * @text: an IBAN as typed or stored
 *
 * Returns: (transfer full): @text in groups of four characters, as
 *   banks print IBANs.
 */
char *
kt_iban_format (const char *text)
{
  g_autofree char *iban = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  iban = compact (text);
  out = g_string_new (NULL);
  for (gsize i = 0; iban[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, iban[i]);
    }
  return g_string_free (out, FALSE);
}

/**
 * kt_iban_length:
 * @country: a two-letter country code
 *
 * Returns: the length of that country's IBANs, or 0.
 */
guint
kt_iban_length (const char *country)
{
  g_return_val_if_fail (country != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (iban_lengths); i++)
    if (strncmp (iban_lengths[i].country, country, 2) == 0)
      return iban_lengths[i].length;
  return 0;
}

/* ISO 7064 MOD 97-10 over the IBAN with its first four characters moved
 * to the end and each letter read as two digits (A = 10 ... Z = 35). */
static guint
iban_mod97 (const char *iban)
{
  gsize len = strlen (iban);
  guint remainder = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = iban[(i + 4) % len];

      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (c - '0')) % 97;
      else
        remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    }
  return remainder;
}

/**
 * kt_iban_validate:
 * @text: an IBAN as typed
 * @error: return location for a #GError naming what is wrong
 *
 * Returns: %TRUE if @text has its country's length and right check digits.
 */
gboolean
kt_iban_validate (const char  *text,
                  GError     **error)
{
  g_autofree char *iban = NULL;
  gsize len;
  guint expected;

  g_return_val_if_fail (text != NULL, FALSE);

  iban = compact (text);
  len = strlen (iban);
  if (len == 0)
    {
      set_error (error, _("The IBAN is empty"));
      return FALSE;
    }
  for (const char *p = iban; *p; p++)
    if (!g_ascii_isalnum (*p))
      {
        set_error (error, _("The IBAN may contain only letters and digits"));
        return FALSE;
      }
  if (len < 2 || !g_ascii_isalpha (iban[0]) || !g_ascii_isalpha (iban[1]))
    {
      set_error (error, _("An IBAN starts with the two-letter code of its country, such as BG"));
      return FALSE;
    }

  expected = kt_iban_length (iban);
  if (expected == 0)
    {
      char country[3] = { iban[0], iban[1], '\0' };

      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("“%s” is not a country with IBANs"), country);
      return FALSE;
    }
  if (len != expected)
    {
      char country[3] = { iban[0], iban[1], '\0' };

      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("An IBAN from %s has %u characters; this one has %u"), country, expected, (guint) len);
      return FALSE;
    }
  if (!g_ascii_isdigit (iban[2]) || !g_ascii_isdigit (iban[3]))
    {
      set_error (error, _("An IBAN’s third and fourth characters are digits"));
      return FALSE;
    }
  if (iban_mod97 (iban) != 1)
    {
      set_error (error, _("The IBAN’s check digits are wrong: a character is mistyped or two are swapped"));
      return FALSE;
    }
  return TRUE;
}

/**
 * kt_bic_validate:
 * @text: a BIC (SWIFT code) as typed
 * @error: return location for a #GError naming what is wrong
 *
 * Returns: %TRUE if @text has the form of a BIC.
 */
gboolean
kt_bic_validate (const char  *text,
                 GError     **error)
{
  g_autofree char *bic = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);

  bic = compact (text);
  len = strlen (bic);
  if (len == 0)
    {
      set_error (error, _("The BIC is empty"));
      return FALSE;
    }
  for (const char *p = bic; *p; p++)
    if (!g_ascii_isalnum (*p))
      {
        set_error (error, _("The BIC may contain only letters and digits"));
        return FALSE;
      }
  if (len != 8 && len != 11)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("A BIC has 8 or 11 characters; this one has %u"), (guint) len);
      return FALSE;
    }
  for (guint i = 0; i < 4; i++)
    if (!g_ascii_isalpha (bic[i]))
      {
        set_error (error, _("A BIC starts with four letters for the bank"));
        return FALSE;
      }
  if (!g_ascii_isalpha (bic[4]) || !g_ascii_isalpha (bic[5]))
    {
      set_error (error, _("A BIC’s fifth and sixth characters are the letters of its country"));
      return FALSE;
    }
  return TRUE;
}
