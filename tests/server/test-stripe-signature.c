/* test-stripe-signature.c: the webhook's Stripe-Signature check
 * (server/billing/kt-stripe-signature.c), with Stripe's own test vector
 * computed independently (the header below was made with Python's hmac)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-stripe-signature.h"

#define NOW G_GINT64_CONSTANT (1796000000)
#define BODY "{\"id\":\"evt_1\",\"object\":\"event\"}"
/* hmac.new(b"whsec_test", b"1796000000." + BODY, sha256).hexdigest() */
#define GOOD "58049a00a5842182f5385f5837f8143781def276dac139c4623a773705153f5c"
/* Well formed, signed by nobody. */
#define WRONG "5a3b2c6cd1f1c6f5f0f5b6a6f2e9d8a8fd2b4e7b6f0c3ef1f7c4b6a0f1e2d3c4"

static const char * const one_secret[] = { "whsec_test", NULL };

static gboolean
verify (const char          *header,
        const char          *body,
        const char * const  *secrets,
        gint64               now,
        GError             **error)
{
  return kt_stripe_signature_verify (header, (const guint8 *) body, strlen (body), secrets, now, 300, error);
}

static void
test_python_vector (void)
{
  /* Computed outside this code base: a wrong message layout ("t.body"),
   * key or hex encoding fails here even if sign() and verify() agree. */
  g_autofree char *header = kt_stripe_signature_sign ((const guint8 *) BODY, strlen (BODY), one_secret, NOW);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (header, ==, "t=1796000000,v1=" GOOD);
  g_assert_true (verify ("t=1796000000,v1=" GOOD, BODY, one_secret, NOW, &error));
  g_assert_no_error (error);
  /* Upper-case hex is the same signature. */
  g_assert_true (verify ("t=1796000000,v1=58049A00A5842182F5385F5837F8143781DEF276DAC139C4623A773705153F5C",
                         BODY, one_secret, NOW, NULL));
}

static void
test_refusals (void)
{
  g_autofree char *header = kt_stripe_signature_sign ((const guint8 *) BODY, strlen (BODY), one_secret, NOW);
  const char * const other[] = { "whsec_other", NULL };
  struct {
    const char *header;
    int         code;
  } bad[] = {
    { "", KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=1796000000", KT_STRIPE_SIGNATURE_ERROR_UNSIGNED },
    { "t=1796000000,v0=abc", KT_STRIPE_SIGNATURE_ERROR_UNSIGNED },
    { "v1=" GOOD, KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=1796000000,v1=" GOOD ",", KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=1796000000,,v1=" GOOD, KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=1796000000,t=1796000000,v1=" GOOD, KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=17960000x0,v1=" GOOD, KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=-1796000000,v1=" GOOD, KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=1796000000,v1=abc", KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=1796000000,v1=" GOOD "00", KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=1796000000,v1", KT_STRIPE_SIGNATURE_ERROR_MALFORMED },
    { "t=1796000000,v1=" WRONG, KT_STRIPE_SIGNATURE_ERROR_MISMATCH },
    { "t=1796000001,v1=" GOOD, KT_STRIPE_SIGNATURE_ERROR_MISMATCH },
    { "t=1795999699,v1=" GOOD, KT_STRIPE_SIGNATURE_ERROR_STALE },
    { "t=1796000301,v1=" GOOD, KT_STRIPE_SIGNATURE_ERROR_STALE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("header %s", bad[i].header);
      g_assert_false (verify (bad[i].header, BODY, one_secret, NOW, &error));
      g_assert_error (error, KT_STRIPE_SIGNATURE_ERROR, bad[i].code);
    }

  {
    g_autoptr(GError) error = NULL;

    /* The right signature for another body, or under another secret. */
    g_assert_false (verify (header, BODY " ", one_secret, NOW, &error));
    g_assert_error (error, KT_STRIPE_SIGNATURE_ERROR, KT_STRIPE_SIGNATURE_ERROR_MISMATCH);
    g_clear_error (&error);
    g_assert_false (verify (header, BODY, other, NOW, &error));
    g_assert_error (error, KT_STRIPE_SIGNATURE_ERROR, KT_STRIPE_SIGNATURE_ERROR_MISMATCH);
  }
}

static void
test_tolerance (void)
{
  g_autofree char *header = kt_stripe_signature_sign ((const guint8 *) BODY, strlen (BODY), one_secret, NOW);
  g_autoptr(GError) error = NULL;

  /* 300 s either way is still in; 301 is not. */
  g_assert_true (verify (header, BODY, one_secret, NOW + 300, NULL));
  g_assert_true (verify (header, BODY, one_secret, NOW - 300, NULL));
  g_assert_false (verify (header, BODY, one_secret, NOW + 301, &error));
  g_assert_error (error, KT_STRIPE_SIGNATURE_ERROR, KT_STRIPE_SIGNATURE_ERROR_STALE);
}

static void
test_rotation (void)
{
  const char * const both[] = { "whsec_old", "whsec_new", NULL };
  const char * const old_only[] = { "whsec_old", NULL };
  const char * const new_only[] = { "whsec_new", NULL };
  g_autofree char *by_new = kt_stripe_signature_sign ((const guint8 *) BODY, strlen (BODY), new_only, NOW);
  g_autofree char *by_both = kt_stripe_signature_sign ((const guint8 *) BODY, strlen (BODY), both, NOW);
  g_autofree char *extra = g_strdup_printf ("%s,v0=%s,scheme=x", by_new, GOOD);

  /* The server knows both while the secret rolls: a header signed with
   * either passes; one knowing only the old secret refuses the new. */
  g_assert_true (verify (by_new, BODY, both, NOW, NULL));
  g_assert_true (verify (by_both, BODY, old_only, NOW, NULL));
  g_assert_true (verify (by_both, BODY, new_only, NOW, NULL));
  g_assert_false (verify (by_new, BODY, old_only, NOW, NULL));
  /* Unknown schemes beside are skipped. */
  g_assert_true (verify (extra, BODY, both, NOW, NULL));
}

static void
test_parse (void)
{
  KtStripeSignature sig;
  g_autoptr(GError) error = NULL;
  g_autofree char *many = NULL;
  GString *text = g_string_new ("t=5");

  g_assert_true (kt_stripe_signature_parse ("t=12,v1=" GOOD ",v1=" GOOD, &sig, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sig.timestamp, ==, 12);
  g_assert_cmpuint (sig.n_v1, ==, 2);
  g_assert_cmpuint (sig.v1[0][0], ==, 0x58);
  g_assert_cmpuint (sig.v1[1][31], ==, 0x5c);

  for (guint i = 0; i <= KT_STRIPE_SIGNATURE_MAX_V1; i++)
    g_string_append (text, ",v1=" GOOD);
  many = g_string_free (text, FALSE);
  g_assert_false (kt_stripe_signature_parse (many, &sig, &error));
  g_assert_error (error, KT_STRIPE_SIGNATURE_ERROR, KT_STRIPE_SIGNATURE_ERROR_MALFORMED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stripe-signature/python-vector", test_python_vector);
  g_test_add_func ("/stripe-signature/refusals", test_refusals);
  g_test_add_func ("/stripe-signature/tolerance", test_tolerance);
  g_test_add_func ("/stripe-signature/rotation", test_rotation);
  g_test_add_func ("/stripe-signature/parse", test_parse);
  return g_test_run ();
}
