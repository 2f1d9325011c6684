/* kt-server-error.c: the server's error domains and their HTTP statuses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-server-error"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-server-error.h"

G_DEFINE_QUARK (kt-pg-error-quark, kt_pg_error)

/* An extended error domain (GLib 2.68) carries the field name along. */
typedef struct {
  char *field;
} KtServerErrorPrivate;

/* The generated accessor may return NULL (after a critical), hence the
 * checks the compiler asks for. */
static void
kt_server_error_private_init (KtServerErrorPrivate *priv)
{
  if (priv != NULL)
    priv->field = NULL;
}

static void
kt_server_error_private_copy (const KtServerErrorPrivate *src,
                              KtServerErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    dest->field = g_strdup (src->field);
}

static void
kt_server_error_private_clear (KtServerErrorPrivate *priv)
{
  if (priv != NULL)
    g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (KtServerError, kt_server_error)

static const struct {
  guint       status;
  const char *code;
} server_errors[] = {
  [KT_SERVER_ERROR_BAD_REQUEST]     = { 400, "bad_request" },
  [KT_SERVER_ERROR_MALFORMED_JSON]  = { 400, "malformed" },
  [KT_SERVER_ERROR_UNAUTHORIZED]    = { 401, "unauthorized" },
  [KT_SERVER_ERROR_BAD_CREDENTIALS] = { 401, "bad_credentials" },
  [KT_SERVER_ERROR_FORBIDDEN]       = { 403, "forbidden" },
  [KT_SERVER_ERROR_PERMISSION]      = { 403, "permission" },
  [KT_SERVER_ERROR_NOT_A_MEMBER]    = { 403, "not_a_member" },
  [KT_SERVER_ERROR_NOT_FOUND]       = { 404, "not_found" },
  [KT_SERVER_ERROR_METHOD]          = { 405, "method_not_allowed" },
  [KT_SERVER_ERROR_CONFLICT]        = { 409, "conflict" },
  [KT_SERVER_ERROR_LAST_OWNER]      = { 409, "last_owner" },
  [KT_SERVER_ERROR_DELETED]         = { 409, "deleted" },
  [KT_SERVER_ERROR_TOO_LARGE]       = { 413, "too_large" },
  [KT_SERVER_ERROR_MEDIA_TYPE]      = { 415, "unsupported_media_type" },
  [KT_SERVER_ERROR_VALIDATION]      = { 422, "validation" },
  [KT_SERVER_ERROR_RATE_LIMITED]    = { 429, "rate_limited" },
  [KT_SERVER_ERROR_INTERNAL]        = { 500, "internal" },
  [KT_SERVER_ERROR_UNAVAILABLE]     = { 503, "unavailable" },
  [KT_SERVER_ERROR_TIMEOUT]         = { 408, "timeout" },
  [KT_SERVER_ERROR_MAIL_NOT_CONFIGURED] = { 409, "mail_not_configured" },
  [KT_SERVER_ERROR_BAD_SIGNATURE]   = { 400, "bad_signature" },
  [KT_SERVER_ERROR_PLAN_LIMIT]      = { 403, "plan_limit" },
  [KT_SERVER_ERROR_BILLING_OFF]     = { 503, "billing_unavailable" },
  [KT_SERVER_ERROR_PAYMENT_PROVIDER] = { 502, "payment_provider" },
  [KT_SERVER_ERROR_AI_NOT_CONFIGURED] = { 503, "ai_not_configured" },
  [KT_SERVER_ERROR_AI_RATE_LIMITED] = { 429, "ai_rate_limited" },
  [KT_SERVER_ERROR_AI_QUOTA]        = { 429, "ai_quota" },
  [KT_SERVER_ERROR_AI_BLOCKED]      = { 422, "ai_blocked" },
  [KT_SERVER_ERROR_AI_UPSTREAM]     = { 502, "ai_upstream" },
  [KT_SERVER_ERROR_AI_INVALID_OUTPUT] = { 502, "ai_invalid_output" },
  [KT_SERVER_ERROR_AI_TIMEOUT]      = { 504, "ai_timeout" },
};

guint
kt_server_error_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, 500);

  if (error->domain == KT_SERVER_ERROR && (guint) error->code < G_N_ELEMENTS (server_errors))
    return server_errors[error->code].status;

  if (error->domain == KT_ERROR)
    {
      switch ((KtError) error->code)
        {
        case KT_ERROR_MALFORMED:
        case KT_ERROR_UNKNOWN_FIELD:
        case KT_ERROR_WRONG_TYPE:
          return 400;
        case KT_ERROR_UNKNOWN_ENTITY:
        case KT_ERROR_NOT_FOUND:
          return 404;
        case KT_ERROR_TOO_LARGE:
          return 413;
        case KT_ERROR_INVALID:
        case KT_ERROR_OVERFLOW:
        case KT_ERROR_CLOCK_DRIFT:
        default:
          return 422;
        }
    }

  if (error->domain == KT_PG_ERROR)
    {
      switch ((KtPgError) error->code)
        {
        case KT_PG_ERROR_CONNECTION:
        case KT_PG_ERROR_SERIALIZATION:
          return 503;
        case KT_PG_ERROR_UNIQUE:
          return 409;
        case KT_PG_ERROR_QUERY:
        default:
          return 500;
        }
    }

  return 500;
}

const char *
kt_server_error_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, "internal");

  if (error->domain == KT_SERVER_ERROR && (guint) error->code < G_N_ELEMENTS (server_errors))
    return server_errors[error->code].code;

  if (error->domain == KT_ERROR)
    {
      switch ((KtError) error->code)
        {
        case KT_ERROR_MALFORMED:     return "malformed";
        case KT_ERROR_UNKNOWN_FIELD: return "unknown_field";
        case KT_ERROR_WRONG_TYPE:    return "wrong_type";
        case KT_ERROR_UNKNOWN_ENTITY: return "unknown_entity";
        case KT_ERROR_NOT_FOUND:     return "not_found";
        case KT_ERROR_OVERFLOW:      return "overflow";
        case KT_ERROR_CLOCK_DRIFT:   return "clock_drift";
        case KT_ERROR_TOO_LARGE:     return "too_large";
        case KT_ERROR_INVALID:
        default:                     return "validation";
        }
    }

  if (error->domain == KT_PG_ERROR)
    {
      switch ((KtPgError) error->code)
        {
        case KT_PG_ERROR_CONNECTION:    return "unavailable";
        case KT_PG_ERROR_SERIALIZATION: return "unavailable";
        case KT_PG_ERROR_UNIQUE:        return "conflict";
        case KT_PG_ERROR_QUERY:
        default:                        return "internal";
        }
    }

  return "internal";
}

void
kt_server_set_field_error (GError       **error,
                           KtServerError  code,
                           const char    *field,
                           const char    *format,
                           ...)
{
  g_autofree char *message = NULL;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (KT_SERVER_ERROR, code, message);
  if (field != NULL)
    {
      KtServerErrorPrivate *priv = kt_server_error_get_private (new_error);

      if (priv != NULL)
        priv->field = g_strdup (field);
    }
  g_propagate_error (error, new_error);
}

const char *
kt_server_error_get_field (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (error->domain == KT_SERVER_ERROR)
    {
      KtServerErrorPrivate *priv = kt_server_error_get_private (error);
      return priv ? priv->field : NULL;
    }
  if (error->domain == KT_ERROR)
    return kt_error_get_field (error);
  return NULL;
}
