/* fuzz-stripe-signature.c: the Stripe-Signature header of webhooks
 * (server/billing/kt-stripe-signature.c)
 *
 * The header is the first thing of a webhook the server reads, before
 * any authentication. The input is split at its first newline: the
 * header before, the body after. A header that parses must have a
 * timestamp and at least one signature; verifying must never accept a
 * body the input did not sign with the secret, and must accept the
 * header kt_stripe_signature_sign() makes for the same body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kt-stripe-signature.h"

#define NOW G_GINT64_CONSTANT (1796000000)   /* 2026-11-29, fixed */

static const char * const secrets[] = { "whsec_old", "whsec_fuzz", NULL };

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const uint8_t *newline = memchr (data, '\n', size);
  gsize header_length = newline != NULL ? (gsize) (newline - data) : size;
  const guint8 *body = newline != NULL ? newline + 1 : data + size;
  gsize body_length = size - (gsize) (body - data);
  g_autofree char *header = kt_fuzz_strdup (data, header_length);
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_header = NULL;
  KtStripeSignature sig;

  if (kt_stripe_signature_parse (header, &sig, &error))
    {
      if (sig.n_v1 == 0 || sig.n_v1 > KT_STRIPE_SIGNATURE_MAX_V1 || sig.timestamp < 0)
        g_error ("parsed a header with %u signatures at %" G_GINT64_FORMAT, sig.n_v1, sig.timestamp);
    }
  else if (error == NULL)
    g_error ("kt_stripe_signature_parse failed without an error");
  g_clear_error (&error);

  /* The fuzzer cannot forge an HMAC: an accepted header must carry the
   * real signature of the body under one of the secrets (as the seeds
   * do), or the check is broken. */
  if (kt_stripe_signature_verify (header, body, body_length, secrets, NOW, 300, &error))
    {
      g_autofree char *lower = g_ascii_strdown (header, -1);
      gboolean found = FALSE;

      if (!kt_stripe_signature_parse (header, &sig, NULL))
        g_error ("accepted a header that does not parse");
      for (guint i = 0; secrets[i] != NULL && !found; i++)
        {
          const char * const one[] = { secrets[i], NULL };
          g_autofree char *real = kt_stripe_signature_sign (body, body_length, one, sig.timestamp);

          found = strstr (lower, strchr (real, ',') + 1) != NULL;
        }
      if (!found)
        g_error ("accepted a forged signature");
    }
  else if (error == NULL)
    g_error ("kt_stripe_signature_verify failed without an error");
  g_clear_error (&error);

  signed_header = kt_stripe_signature_sign (body, body_length, secrets + 1, NOW - 10);
  if (!kt_stripe_signature_verify (signed_header, body, body_length, secrets, NOW, 300, &error))
    g_error ("refused its own signature: %s", error->message);

  return 0;
}
