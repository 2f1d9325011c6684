/* kt-stripe-signature.h: Stripe-Signature, the webhook's authentication
 *
 * The header is "t=<unix seconds>,v1=<hex>,v1=<hex>,...": a timestamp
 * and one HMAC-SHA256 per endpoint secret Stripe signs with (several
 * while a secret is rolled), each over "<t>.<raw body>" keyed with the
 * whole "whsec_..." string. Pure computation: no I/O, no clock of its
 * own (the caller passes "now"), so tests and the fuzz target drive it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KT_STRIPE_SIGNATURE_ERROR (kt_stripe_signature_error_quark ())

typedef enum {
  KT_STRIPE_SIGNATURE_ERROR_MALFORMED,  /* not "key=value,...", no or a bad t, a v1 not 64 hex digits */
  KT_STRIPE_SIGNATURE_ERROR_UNSIGNED,   /* well formed, but no v1 signature */
  KT_STRIPE_SIGNATURE_ERROR_STALE,      /* t is more than the tolerance away from now */
  KT_STRIPE_SIGNATURE_ERROR_MISMATCH,   /* no v1 matches any secret */
} KtStripeSignatureError;

GQuark   kt_stripe_signature_error_quark (void);

/* The most v1 signatures a header may carry; more is malformed (Stripe
 * sends one per active secret, two during a roll). */
#define KT_STRIPE_SIGNATURE_MAX_V1 8
/* A longer header is malformed without being read. */
#define KT_STRIPE_SIGNATURE_MAX_HEADER 4096

typedef struct {
  gint64  timestamp;
  guint   n_v1;
  guint8  v1[KT_STRIPE_SIGNATURE_MAX_V1][32];
} KtStripeSignature;

/* Parses @header: items split at ",", each "key=value" split at the
 * first "="; one "t" (decimal), any number of "v1" up to the maximum;
 * other schemes ("v0") are skipped. */
gboolean kt_stripe_signature_parse  (const char         *header,
                                     KtStripeSignature  *out,
                                     GError            **error);

/* Verifies @header for @body against @secrets (NULL-terminated, at
 * least one): parses, refuses a timestamp more than @tolerance_seconds
 * before or after @now_seconds, then accepts when any v1 equals the
 * HMAC of any secret, compared in constant time. */
gboolean kt_stripe_signature_verify (const char         *header,
                                     const guint8       *body,
                                     gsize               body_length,
                                     const char * const *secrets,
                                     gint64              now_seconds,
                                     guint               tolerance_seconds,
                                     GError            **error);

/* The header Stripe would send for @body at @timestamp, signed with each
 * of @secrets: for the tests' stand-in and the benchmark. */
char    *kt_stripe_signature_sign   (const guint8       *body,
                                     gsize               body_length,
                                     const char * const *secrets,
                                     gint64              timestamp);

G_END_DECLS
