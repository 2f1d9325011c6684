/* fuzz-match.c: payment references and descriptions from bank statements
 * (shared/kt-match.c)
 *
 * The first byte is the length of an invoice number (up to 31 bytes), the
 * number follows, the rest is a payment's text. The matcher, which looks
 * each token of the text up in its index, must find the invoice exactly
 * when kt_match_text_names(), which compares each token with the number,
 * says the text names it; in the reference and in the description alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

static KtMatchAction
match (const KtMatchInvoice *invoice,
       const char           *reference,
       const char           *description)
{
  g_autoptr(KtMatcher) m = kt_matcher_new (invoice, 1);
  KtMatchPayment payment = {
    .id = "payment", .reference = reference, .description = description,
    .currency = "EUR", .amount = 1,
  };
  KtMatchResult r;

  kt_matcher_match (m, &payment, &r);
  if ((r.action == KT_MATCH_NONE) != (r.invoice == -1))
    g_error ("action %d with invoice %d", r.action, r.invoice);
  if (r.action == KT_MATCH_APPLY && (r.applied != 1 || r.credit != 0 || kt_matcher_get_open (m, 0) != 99))
    g_error ("applied %" G_GINT64_FORMAT " of 1 to an invoice of 100", r.applied);
  return r.action;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  KtMatchInvoice invoice = {
    .id = "invoice", .client_key = "client", .currency = "EUR",
    .issue_date = "2026-11-25", .open = 100,
  };
  gboolean names;
  size_t n;

  if (size < 1)
    return 0;
  n = MIN ((size_t) (data[0] & 31), size - 1);
  number = kt_fuzz_strdup (data + 1, n);
  text = kt_fuzz_strdup (data + 1 + n, size - 1 - n);
  invoice.number = number;

  names = kt_match_text_names (text, number);
  if ((match (&invoice, text, NULL) != KT_MATCH_NONE) != names)
    g_error ("the matcher and kt_match_text_names() disagree on \"%s\" naming \"%s\"", text, number);
  if ((match (&invoice, NULL, text) != KT_MATCH_NONE) != names)
    g_error ("the description \"%s\" and the reference disagree on \"%s\"", text, number);
  return 0;
}
