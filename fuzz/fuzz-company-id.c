/* fuzz-company-id.c: company, person and account numbers, and amounts in
 * words (shared/kt-company-id.c, shared/kt-iban.c, shared/kt-words.c)
 *
 * Byte 0 picks a currency and a language, bytes 1 to 8 are an int64
 * (little-endian) for kt_money_in_words() and kt_number_in_words(), and
 * the rest is text for every validator. Besides not crashing, the checks
 * must agree with themselves: a refusal carries a message, a typed number
 * is judged as its compact form, an IBAN as its grouped form, a strict VAT
 * check is never stricter than the lenient one, and an amount in words is
 * UTF-8 that says "minus" exactly when the amount is negative.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"

static guint n_currencies;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  for (const KtCurrency *c = kt_currency_all (); c->code != NULL; c++)
    n_currencies++;
  return 0;
}

/* Runs @check and insists that a refusal explains itself. */
static gboolean
check_explained (KtCompanyIdCheck  check,
                 const char       *name,
                 const char       *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = check (text, &error);

  if (ok && error != NULL)
    g_error ("%s accepted \"%s\" but set an error", name, text);
  if (!ok && (error == NULL || error->message[0] == '\0' || !g_utf8_validate (error->message, -1, NULL)))
    g_error ("%s refused \"%s\" without a message", name, text);
  if (check (text, NULL) != ok)
    g_error ("%s answers differently without an error location", name);
  return ok;
}

static void
fuzz_numbers (const char *text)
{
  static const struct { KtCompanyIdCheck check; const char *name; } checks[] = {
    { kt_eik_validate, "kt_eik_validate" },
    { kt_egn_validate, "kt_egn_validate" },
    { kt_lnch_validate, "kt_lnch_validate" },
    { kt_vat_number_validate, "kt_vat_number_validate" },
    { kt_vat_number_validate_lenient, "kt_vat_number_validate_lenient" },
  };
  g_autofree char *compact = kt_company_id_compact (text);
  g_autofree char *iban_grouped = kt_iban_format (text);
  gboolean eik;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (check_explained (checks[i].check, checks[i].name, text) !=
        check_explained (checks[i].check, checks[i].name, compact))
      g_error ("%s judges \"%s\" and its compact form differently", checks[i].name, text);

  if (check_explained (kt_vat_number_validate, "kt_vat_number_validate", text) &&
      !kt_vat_number_validate_lenient (text, NULL))
    g_error ("\"%s\" passes the strict VAT check but not the lenient one", text);

  eik = kt_eik_validate (text, NULL);
  if (eik)
    {
      gsize len = strlen (compact);
      char head[13];

      memcpy (head, compact, len - 1);
      head[len - 1] = '\0';
      if (kt_eik_check_digit (head) != compact[len - 1] - '0')
        g_error ("kt_eik_check_digit disagrees with kt_eik_validate on \"%s\"", text);
    }

  if (check_explained (kt_iban_validate, "kt_iban_validate", text) !=
      check_explained (kt_iban_validate, "kt_iban_validate", iban_grouped))
    g_error ("\"%s\" and its grouped form \"%s\" are judged differently", text, iban_grouped);
  check_explained (kt_bic_validate, "kt_bic_validate", text);
}

static void
fuzz_words (guint8  selector,
            gint64  amount)
{
  const KtCurrency *currency = &kt_currency_all ()[(selector >> 1) % n_currencies];
  const char *lang = (selector & 1) ? "bg" : "en";
  g_autofree char *words = kt_money_in_words (amount, currency->code, lang);
  g_autofree char *number = kt_number_in_words ((guint64) amount, selector % 3, lang);

  if (words == NULL || !g_utf8_validate (words, -1, NULL) || strstr (words, "  ") != NULL)
    g_error ("%" G_GINT64_FORMAT " %s in words is not clean text", amount, currency->code);
  if ((amount < 0) != g_str_has_prefix (words, (selector & 1) ? "минус " : "minus "))
    g_error ("%" G_GINT64_FORMAT " %s in words: \"%s\"", amount, currency->code, words);
  if (number == NULL || *number == '\0' || !g_utf8_validate (number, -1, NULL))
    g_error ("%" G_GUINT64_FORMAT " in words is not clean text", (guint64) amount);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = NULL;
  guint64 bits = 0;

  if (size < 1)
    return 0;

  for (size_t i = 1; i < 9 && i < size; i++)
    bits |= (guint64) data[i] << (8 * (i - 1));
  fuzz_words (data[0], (gint64) bits);

  text = size > 9 ? kt_fuzz_strdup (data + 9, size - 9) : g_strdup ("");
  fuzz_numbers (text);
  return 0;
}
