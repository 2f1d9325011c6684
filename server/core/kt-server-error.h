/* kt-server-error.h: the server's error domains and their HTTP statuses
 *
 * Every failure a request can meet is a GError; kt_server_error_status()
 * and kt_server_error_code() turn any of them (this domain, the shared
 * library's KT_ERROR, the database's KT_PG_ERROR) into the one JSON error
 * shape: {"error": {"code": "...", "message": "...", "field": "..."}}.
 * Both server domains are declared here, in server/core below every other
 * server layer, so that the store, auth and the routes report failures in
 * the same terms and one function maps them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The database's failures, reported by kt-pg.c (server/store). */
#define KT_PG_ERROR (kt_pg_error_quark ())

/**
 * KtPgError:
 * @KT_PG_ERROR_CONNECTION: the database is unreachable (the request may be retried)
 * @KT_PG_ERROR_UNIQUE: a unique constraint refused the write
 * @KT_PG_ERROR_SERIALIZATION: a concurrent transaction won; retry
 * @KT_PG_ERROR_QUERY: any other failure of a statement
 */
typedef enum {
  KT_PG_ERROR_CONNECTION,
  KT_PG_ERROR_UNIQUE,
  KT_PG_ERROR_SERIALIZATION,
  KT_PG_ERROR_QUERY,
} KtPgError;

GQuark    kt_pg_error_quark (void);

#define KT_SERVER_ERROR (kt_server_error_quark ())

typedef enum {
  KT_SERVER_ERROR_BAD_REQUEST,      /* 400 bad_request */
  KT_SERVER_ERROR_MALFORMED_JSON,   /* 400 malformed */
  KT_SERVER_ERROR_UNAUTHORIZED,     /* 401 unauthorized */
  KT_SERVER_ERROR_BAD_CREDENTIALS,  /* 401 bad_credentials */
  KT_SERVER_ERROR_FORBIDDEN,        /* 403 forbidden: a team operation the role may not do */
  KT_SERVER_ERROR_PERMISSION,       /* 403 permission: a data write the role may not do */
  KT_SERVER_ERROR_NOT_A_MEMBER,     /* 403 not_a_member: removed from the organization */
  KT_SERVER_ERROR_NOT_FOUND,        /* 404 not_found */
  KT_SERVER_ERROR_METHOD,           /* 405 method_not_allowed */
  KT_SERVER_ERROR_CONFLICT,         /* 409 conflict */
  KT_SERVER_ERROR_LAST_OWNER,       /* 409 last_owner */
  KT_SERVER_ERROR_DELETED,          /* 409 deleted: the record is a tombstone */
  KT_SERVER_ERROR_TOO_LARGE,        /* 413 too_large */
  KT_SERVER_ERROR_MEDIA_TYPE,       /* 415 unsupported_media_type */
  KT_SERVER_ERROR_VALIDATION,       /* 422 validation */
  KT_SERVER_ERROR_RATE_LIMITED,     /* 429 rate_limited */
  KT_SERVER_ERROR_INTERNAL,         /* 500 internal */
  KT_SERVER_ERROR_UNAVAILABLE,      /* 503 unavailable */
  KT_SERVER_ERROR_TIMEOUT,          /* 408 timeout: the request did not arrive in time */
  KT_SERVER_ERROR_MAIL_NOT_CONFIGURED, /* 409 mail_not_configured: the server has no SMTP */
  KT_SERVER_ERROR_BAD_SIGNATURE,    /* 400 bad_signature: a webhook's Stripe-Signature does not hold */
  KT_SERVER_ERROR_PLAN_LIMIT,       /* 403 plan_limit: the plan's limit (the field names it) is reached */
  KT_SERVER_ERROR_BILLING_OFF,      /* 503 billing_unavailable: no Stripe key or price configured */
  KT_SERVER_ERROR_PAYMENT_PROVIDER, /* 502 payment_provider: Stripe refused or did not answer */
  /* The AI proxy (server/ai, docs/ai.md). */
  KT_SERVER_ERROR_AI_NOT_CONFIGURED, /* 503 ai_not_configured: no provider for this organization */
  KT_SERVER_ERROR_AI_RATE_LIMITED,  /* 429 ai_rate_limited: the provider said to wait (Retry-After) */
  KT_SERVER_ERROR_AI_QUOTA,         /* 429 ai_quota: the provider's daily quota is spent */
  KT_SERVER_ERROR_AI_BLOCKED,       /* 422 ai_blocked: the provider's safety filter refused */
  KT_SERVER_ERROR_AI_UPSTREAM,      /* 502 ai_upstream: the provider failed or answered nonsense */
  KT_SERVER_ERROR_AI_INVALID_OUTPUT, /* 502 ai_invalid_output: twice no output the schema accepts */
  KT_SERVER_ERROR_AI_TIMEOUT,       /* 504 ai_timeout: the provider did not answer in time */
} KtServerError;

GQuark      kt_server_error_quark  (void);
guint       kt_server_error_status (const GError *error);
const char *kt_server_error_code   (const GError *error);
/* Like g_set_error(), and remembers the offending field or key. */
void        kt_server_set_field_error (GError       **error,
                                       KtServerError  code,
                                       const char    *field,
                                       const char    *format,
                                       ...) G_GNUC_PRINTF (4, 5);
/* The field an error names: KT_ERROR's own, or the one set above. */
const char *kt_server_error_get_field (const GError *error);

G_END_DECLS
