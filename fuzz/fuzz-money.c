/* fuzz-money.c: amounts typed by people and read from files
 * (shared/kt-money.c)
 *
 * The first byte picks the currency and the decimal mark; the rest is the
 * text. An amount that parses must print as plain text that parses back
 * to the same minor units, and must format for people in both languages.
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

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const KtCurrency *currency;
  char mark;
  gint64 minor;

  if (size < 1)
    return 0;
  currency = &kt_currency_all ()[(data[0] >> 1) % n_currencies];
  mark = (data[0] & 1) ? ',' : '.';
  text = kt_fuzz_strdup (data + 1, size - 1);

  if (kt_money_parse (text, currency->code, mark, &minor, &error))
    {
      g_autofree char *plain = kt_money_to_plain_string (minor, currency->code);
      g_autofree char *bg = kt_money_format (minor, currency->code, "bg");
      g_autofree char *en = kt_money_format (minor, currency->code, "en");
      g_autoptr(GError) again_error = NULL;
      gint64 again;

      if (!kt_money_parse (plain, currency->code, '.', &again, &again_error))
        g_error ("%s %s (from \"%s\") does not parse back: %s",
                 plain, currency->code, text, again_error->message);
      if (again != minor)
        g_error ("%s %s parses back as %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                 plain, currency->code, again, minor);
      if (!g_utf8_validate (bg, -1, NULL) || !g_utf8_validate (en, -1, NULL))
        g_error ("a formatted amount is not UTF-8");
    }
  else if (error == NULL)
    g_error ("kt_money_parse failed without an error");
  return 0;
}
