/* kt-stripe-signature.c: Stripe-Signature, the webhook's authentication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-stripe-signature"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "kt-stripe-signature.h"

G_DEFINE_QUARK (kt-stripe-signature-error-quark, kt_stripe_signature_error)

static gboolean
malformed (GError    **error,
           const char *why)
{
  g_set_error (error, KT_STRIPE_SIGNATURE_ERROR, KT_STRIPE_SIGNATURE_ERROR_MALFORMED,
               _("The Stripe-Signature header is malformed: %s"), why);
  return FALSE;
}

static gboolean
parse_hex32 (const char *text,
             gsize       length,
             guint8     *out)
{
  if (length != 64)
    return FALSE;
  for (gsize i = 0; i < 32; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]);
      int lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

/* The header is walked in place, with lengths rather than copies: it is
 * what an attacker controls, and the fuzz target runs this a million
 * times. */
gboolean
kt_stripe_signature_parse (const char        *header,
                           KtStripeSignature *out,
                           GError           **error)
{
  gsize length;
  const char *p;
  const char *end;
  gboolean have_t = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (header == NULL || *header == '\0')
    return malformed (error, _("it is empty"));
  length = strnlen (header, KT_STRIPE_SIGNATURE_MAX_HEADER + 1);
  if (length > KT_STRIPE_SIGNATURE_MAX_HEADER)
    return malformed (error, _("it is too long"));

  p = header;
  end = header + length;
  while (p <= end)
    {
      const char *comma = memchr (p, ',', (gsize) (end - p));
      const char *item_end = comma != NULL ? comma : end;
      const char *eq = memchr (p, '=', (gsize) (item_end - p));
      gsize key_length;
      const char *value;
      gsize value_length;

      if (eq == NULL || eq == p)
        return malformed (error, _("an item is not “key=value”"));
      key_length = (gsize) (eq - p);
      value = eq + 1;
      value_length = (gsize) (item_end - value);

      if (key_length == 1 && p[0] == 't')
        {
          guint64 t = 0;

          if (have_t)
            return malformed (error, _("it has two timestamps"));
          if (value_length == 0 || value_length > 12)
            return malformed (error, _("the timestamp is not a number of seconds"));
          for (gsize i = 0; i < value_length; i++)
            {
              if (!g_ascii_isdigit (value[i]))
                return malformed (error, _("the timestamp is not a number of seconds"));
              t = t * 10 + (guint64) (value[i] - '0');
            }
          out->timestamp = (gint64) t;
          have_t = TRUE;
        }
      else if (key_length == 2 && p[0] == 'v' && p[1] == '1')
        {
          if (out->n_v1 == KT_STRIPE_SIGNATURE_MAX_V1)
            return malformed (error, _("it has too many signatures"));
          if (!parse_hex32 (value, value_length, out->v1[out->n_v1]))
            return malformed (error, _("a v1 signature is not 64 hexadecimal digits"));
          out->n_v1++;
        }
      /* Any other scheme (v0, a future one) is not ours to judge. */

      if (comma == NULL)
        break;
      p = comma + 1;
    }

  if (!have_t)
    return malformed (error, _("it has no timestamp"));
  if (out->n_v1 == 0)
    {
      g_set_error_literal (error, KT_STRIPE_SIGNATURE_ERROR, KT_STRIPE_SIGNATURE_ERROR_UNSIGNED,
                           _("The Stripe-Signature header has no v1 signature"));
      return FALSE;
    }
  return TRUE;
}

static void
compute (const char   *secret,
         gint64        timestamp,
         const guint8 *body,
         gsize         body_length,
         guint8       *digest)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  char prefix[32];
  int prefix_length = g_snprintf (prefix, sizeof prefix, "%" G_GINT64_FORMAT ".", timestamp);
  gsize digest_length = 32;

  g_hmac_update (hmac, (const guchar *) prefix, prefix_length);
  if (body_length > 0)
    g_hmac_update (hmac, body, (gssize) body_length);
  g_hmac_get_digest (hmac, digest, &digest_length);
  g_assert (digest_length == 32);
}

/* Every byte is looked at whatever the earlier ones were, so the time
 * taken tells nothing of how much of a guess was right. */
static gboolean
equal_constant_time (const guint8 *a,
                     const guint8 *b)
{
  guint8 diff = 0;

  for (guint i = 0; i < 32; i++)
    diff |= a[i] ^ b[i];
  return diff == 0;
}

gboolean
kt_stripe_signature_verify (const char         *header,
                            const guint8       *body,
                            gsize               body_length,
                            const char * const *secrets,
                            gint64              now_seconds,
                            guint               tolerance_seconds,
                            GError            **error)
{
  KtStripeSignature sig;
  gboolean match = FALSE;

  g_return_val_if_fail (body != NULL || body_length == 0, FALSE);
  g_return_val_if_fail (secrets != NULL && secrets[0] != NULL, FALSE);

  if (!kt_stripe_signature_parse (header, &sig, error))
    return FALSE;

  /* Stripe only bounds the age; a timestamp far in the future is just as
   * much a replay window (signed by whoever holds the secret, for later). */
  if (sig.timestamp < now_seconds - (gint64) tolerance_seconds ||
      sig.timestamp > now_seconds + (gint64) tolerance_seconds)
    {
      g_set_error (error, KT_STRIPE_SIGNATURE_ERROR, KT_STRIPE_SIGNATURE_ERROR_STALE,
                   _("The Stripe-Signature timestamp is more than %u seconds away from now"),
                   tolerance_seconds);
      return FALSE;
    }

  for (guint s = 0; secrets[s] != NULL; s++)
    {
      guint8 expected[32];

      compute (secrets[s], sig.timestamp, body, body_length, expected);
      /* No early exit: each secret and each signature costs the same. */
      for (guint i = 0; i < sig.n_v1; i++)
        match |= equal_constant_time (expected, sig.v1[i]);
    }

  if (!match)
    {
      g_set_error_literal (error, KT_STRIPE_SIGNATURE_ERROR, KT_STRIPE_SIGNATURE_ERROR_MISMATCH,
                           _("No Stripe-Signature matches the webhook secret"));
      return FALSE;
    }
  return TRUE;
}

char *
kt_stripe_signature_sign (const guint8       *body,
                          gsize               body_length,
                          const char * const *secrets,
                          gint64              timestamp)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "t=%" G_GINT64_FORMAT, timestamp);
  for (guint s = 0; secrets[s] != NULL; s++)
    {
      guint8 digest[32];

      compute (secrets[s], timestamp, body, body_length, digest);
      g_string_append (out, ",v1=");
      for (guint i = 0; i < 32; i++)
        g_string_append_printf (out, "%02x", digest[i]);
    }
  return g_string_free (out, FALSE);
}
