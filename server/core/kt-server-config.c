/* kt-server-config.c: the settings of kantora-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-server-config"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>

#include <string.h>

#include "kt-server-config.h"

KtServerConfig *
kt_server_config_new (void)
{
  KtServerConfig *config = g_new0 (KtServerConfig, 1);

  config->workers = 4;
  config->address = g_strdup ("127.0.0.1");
  config->port = KT_SERVER_DEV_PORT;
  config->max_body_bytes = 1024 * 1024;
  config->read_timeout_seconds = 30;
  config->token_ttl_hours = 24 * 30;
  /* OWASP's Argon2id baseline: t=2, m=19 MiB. Tests lower both. */
  config->argon2_opslimit = 2;
  config->argon2_memlimit = 19 * 1024 * 1024;
  config->login_window_minutes = 15;
  config->login_max_failures_account = 10;
  config->login_max_failures_address = 30;
  config->jobs_concurrency = 1;
  config->jobs_poll_interval_ms = 5000;
  config->jobs_lease_seconds = 300;
  config->smtp_security = g_strdup ("starttls");
  config->smtp_timeout_seconds = 30;
  config->mail_from_name = g_strdup ("Kantora");
  config->stripe_api_base = g_strdup ("https://api.stripe.com");
  /* Pinned: the webhook parser reads the period from the subscription's
   * items, where this version put it (docs/billing.md). */
  config->stripe_api_version = g_strdup ("2025-03-31.basil");
  config->stripe_webhook_tolerance_seconds = 300;
  config->stripe_timeout_seconds = 30;
  config->enforce_limits = g_strdup ("auto");
  kt_plans_init_defaults (config->plans);
  config->ai_connect_timeout_seconds = 30;
  config->ai_idle_timeout_seconds = 60;
  config->ai_total_timeout_seconds = 300;
  config->ai_max_retry_delay_seconds = 10;
  return config;
}

/* The SMTP password and the Stripe secrets do not linger in freed memory. */
void
kt_secret_free (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

void
kt_server_config_free (KtServerConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->secret_key_file);
  g_free (config->previous_secret_key_files);
  g_free (config->database_url);
  g_free (config->address);
  g_free (config->tls_certificate);
  g_free (config->tls_key);
  g_free (config->public_url);
  g_free (config->data_dir);
  g_free (config->smtp_host);
  g_free (config->smtp_security);
  g_free (config->smtp_user);
  kt_secret_free (config->smtp_password);
  g_free (config->smtp_password_file);
  g_free (config->smtp_ca_file);
  g_free (config->mail_from);
  g_free (config->mail_from_name);
  g_free (config->mail_reply_to);
  kt_secret_free (config->stripe_secret_key);
  g_free (config->stripe_secret_key_file);
  kt_secret_free (config->stripe_webhook_secrets);
  kt_secret_free (config->stripe_org_secrets_key);
  g_free (config->stripe_webhook_secrets_file);
  g_free (config->stripe_api_base);
  g_free (config->stripe_api_version);
  g_free (config->stripe_success_url);
  g_free (config->stripe_cancel_url);
  g_free (config->stripe_portal_return_url);
  g_free (config->enforce_limits);
  kt_plans_clear (config->plans);
  g_free (config->ai_provider);
  g_free (config->ai_base_url);
  g_free (config->ai_model);
  kt_secret_free (config->ai_api_key);
  g_free (config->ai_api_key_file);
  g_free (config->ai_secret_key_file);
  g_free (config);
}

static gboolean
parse_uint (const char  *text,
            const char  *where,
            guint64      min,
            guint64      max,
            guint64     *out,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, &local_error))
    {
      g_autofree char *lo = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: “%s” is not a number from %s to %s"),
                   where, text, lo, hi);
      return FALSE;
    }
  return TRUE;
}

typedef enum { KEY_STRING, KEY_UINT, KEY_SIZE, KEY_UINT64 } KeyKind;

typedef struct {
  const char *group;
  const char *key;
  const char *env;
  KeyKind     kind;
  gsize       offset;
  guint64     min, max;
} KeyDesc;

/* Every setting once: the file key, its environment variable, its range. */
static const KeyDesc keys[] = {
  { "server", "secret-key-file", "KANTORA_SECRET_KEY_FILE", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, secret_key_file) },
  { "server", "previous-secret-key-files", "KANTORA_PREVIOUS_SECRET_KEY_FILES", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, previous_secret_key_files) },
  { "database", "url", "KANTORA_DATABASE_URL", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, database_url) },
  { "database", "workers", "KANTORA_WORKERS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, workers), 1, 64 },
  { "http", "address", "KANTORA_HTTP_ADDRESS", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, address) },
  { "http", "port", "KANTORA_HTTP_PORT", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, port), 0, 65535 },
  { "http", "max-body-bytes", "KANTORA_MAX_BODY_BYTES", KEY_SIZE, G_STRUCT_OFFSET (KtServerConfig, max_body_bytes), 1024, G_MAXINT32 },
  { "http", "read-timeout-seconds", "KANTORA_READ_TIMEOUT_SECONDS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, read_timeout_seconds), 1, 3600 },
  { "http", "tls-certificate", "KANTORA_TLS_CERTIFICATE", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, tls_certificate) },
  { "http", "tls-key", "KANTORA_TLS_KEY", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, tls_key) },
  { "http", "public-url", "KANTORA_PUBLIC_URL", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, public_url) },
  { "auth", "token-ttl-hours", "KANTORA_TOKEN_TTL_HOURS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, token_ttl_hours), 1, 24 * 365 },
  { "auth", "argon2-opslimit", "KANTORA_ARGON2_OPSLIMIT", KEY_UINT64, G_STRUCT_OFFSET (KtServerConfig, argon2_opslimit), 1, 64 },
  { "auth", "argon2-memlimit", "KANTORA_ARGON2_MEMLIMIT", KEY_SIZE, G_STRUCT_OFFSET (KtServerConfig, argon2_memlimit), 8192, G_MAXINT32 },
  { "auth", "login-window-minutes", "KANTORA_LOGIN_WINDOW_MINUTES", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, login_window_minutes), 1, 24 * 60 },
  { "auth", "login-max-failures-account", "KANTORA_LOGIN_MAX_FAILURES_ACCOUNT", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, login_max_failures_account), 1, 100000 },
  { "auth", "login-max-failures-address", "KANTORA_LOGIN_MAX_FAILURES_ADDRESS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, login_max_failures_address), 1, 100000 },
  { "jobs", "concurrency", "KANTORA_JOBS_CONCURRENCY", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, jobs_concurrency), 0, 64 },
  { "jobs", "poll-interval-ms", "KANTORA_JOBS_POLL_INTERVAL_MS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, jobs_poll_interval_ms), 10, 3600 * 1000 },
  { "jobs", "lease-seconds", "KANTORA_JOBS_LEASE_SECONDS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, jobs_lease_seconds), 1, 24 * 3600 },
  { "mail", "smtp-host", "KANTORA_SMTP_HOST", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, smtp_host) },
  { "mail", "smtp-port", "KANTORA_SMTP_PORT", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, smtp_port), 0, 65535 },
  { "mail", "smtp-security", "KANTORA_SMTP_SECURITY", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, smtp_security) },
  { "mail", "smtp-user", "KANTORA_SMTP_USER", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, smtp_user) },
  { "mail", "smtp-password", "KANTORA_SMTP_PASSWORD", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, smtp_password) },
  { "mail", "smtp-password-file", "KANTORA_SMTP_PASSWORD_FILE", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, smtp_password_file) },
  { "mail", "smtp-ca-file", "KANTORA_SMTP_CA_FILE", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, smtp_ca_file) },
  { "mail", "smtp-timeout-seconds", "KANTORA_SMTP_TIMEOUT_SECONDS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, smtp_timeout_seconds), 1, 600 },
  { "mail", "from", "KANTORA_MAIL_FROM", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, mail_from) },
  { "mail", "from-name", "KANTORA_MAIL_FROM_NAME", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, mail_from_name) },
  { "mail", "reply-to", "KANTORA_MAIL_REPLY_TO", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, mail_reply_to) },
  { "stripe", "secret-key", "KANTORA_STRIPE_SECRET_KEY", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_secret_key) },
  { "stripe", "secret-key-file", "KANTORA_STRIPE_SECRET_KEY_FILE", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_secret_key_file) },
  { "stripe", "webhook-secrets", "KANTORA_STRIPE_WEBHOOK_SECRETS", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_webhook_secrets) },
  { "stripe", "webhook-secrets-file", "KANTORA_STRIPE_WEBHOOK_SECRETS_FILE", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_webhook_secrets_file) },
  { "stripe", "api-base", "KANTORA_STRIPE_API_BASE", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_api_base) },
  { "stripe", "api-version", "KANTORA_STRIPE_API_VERSION", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_api_version) },
  { "stripe", "webhook-tolerance-seconds", "KANTORA_STRIPE_WEBHOOK_TOLERANCE_SECONDS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, stripe_webhook_tolerance_seconds), 1, 3600 },
  { "stripe", "success-url", "KANTORA_STRIPE_SUCCESS_URL", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_success_url) },
  { "stripe", "cancel-url", "KANTORA_STRIPE_CANCEL_URL", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_cancel_url) },
  { "stripe", "portal-return-url", "KANTORA_STRIPE_PORTAL_RETURN_URL", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_portal_return_url) },
  { "billing", "enforce-limits", "KANTORA_ENFORCE_LIMITS", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, enforce_limits) },
  { "stripe", "org-secrets-key", "KANTORA_STRIPE_ORG_SECRETS_KEY", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, stripe_org_secrets_key) },
  { "stripe", "timeout-seconds", "KANTORA_STRIPE_TIMEOUT_SECONDS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, stripe_timeout_seconds), 1, 300 },
  { "ai", "provider", "KANTORA_AI_PROVIDER", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, ai_provider) },
  { "ai", "base-url", "KANTORA_AI_BASE_URL", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, ai_base_url) },
  { "ai", "model", "KANTORA_AI_MODEL", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, ai_model) },
  { "ai", "api-key", "KANTORA_AI_API_KEY", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, ai_api_key) },
  { "ai", "api-key-file", "KANTORA_AI_API_KEY_FILE", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, ai_api_key_file) },
  { "ai", "secret-key-file", "KANTORA_AI_SECRET_KEY_FILE", KEY_STRING, G_STRUCT_OFFSET (KtServerConfig, ai_secret_key_file) },
  { "ai", "connect-timeout-seconds", "KANTORA_AI_CONNECT_TIMEOUT_SECONDS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, ai_connect_timeout_seconds), 1, 600 },
  { "ai", "idle-timeout-seconds", "KANTORA_AI_IDLE_TIMEOUT_SECONDS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, ai_idle_timeout_seconds), 1, 600 },
  { "ai", "total-timeout-seconds", "KANTORA_AI_TOTAL_TIMEOUT_SECONDS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, ai_total_timeout_seconds), 1, 3600 },
  { "ai", "max-retry-delay-seconds", "KANTORA_AI_MAX_RETRY_DELAY_SECONDS", KEY_UINT, G_STRUCT_OFFSET (KtServerConfig, ai_max_retry_delay_seconds), 0, 300 },
};

/* The names [server] secret-key-file replaced (kt-secret-box.h): still
 * read, with a warning in the log at start. */
static void
warn_deprecated (const KeyDesc *desc)
{
  static const char * const old[][2] = {
    { "ai", "secret-key-file" },
    { "stripe", "org-secrets-key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    {
      if (g_str_equal (desc->group, old[i][0]) && g_str_equal (desc->key, old[i][1]))
        g_warning ("[%s] %s (%s) is deprecated: name a file of 64 hex digits in [server] "
                   "secret-key-file (KANTORA_SECRET_KEY_FILE) instead; until then it seals and opens "
                   "the secrets stored for organizations", desc->group, desc->key, desc->env);
    }
}

static gboolean
apply_value (KtServerConfig *config,
             const KeyDesc  *desc,
             const char     *value,
             const char     *where,
             GError        **error)
{
  gpointer field = G_STRUCT_MEMBER_P (config, desc->offset);
  guint64 number = 0;

  warn_deprecated (desc);
  switch (desc->kind)
    {
    case KEY_STRING:
      g_free (*(char **) field);
      *(char **) field = *value ? g_strdup (value) : NULL;
      return TRUE;
    case KEY_UINT:
      if (!parse_uint (value, where, desc->min, desc->max, &number, error))
        return FALSE;
      *(guint *) field = (guint) number;
      return TRUE;
    case KEY_SIZE:
      if (!parse_uint (value, where, desc->min, desc->max, &number, error))
        return FALSE;
      *(gsize *) field = (gsize) number;
      return TRUE;
    case KEY_UINT64:
      if (!parse_uint (value, where, desc->min, desc->max, &number, error))
        return FALSE;
      *(guint64 *) field = number;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

gboolean
kt_server_config_load_file (KtServerConfig *config,
                            const char     *path,
                            GError        **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot read the configuration file %s: %s"), path, local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = g_key_file_get_string (file, keys[i].group, keys[i].key, NULL);
      g_autofree char *where = NULL;

      if (value == NULL)
        continue;
      where = g_strdup_printf ("%s [%s] %s", path, keys[i].group, keys[i].key);
      if (!apply_value (config, &keys[i], g_strstrip (value), where, error))
        return FALSE;
    }

  return kt_plans_load_key_file (config->plans, file, path, error);
}

gboolean
kt_server_config_enforces_limits (const KtServerConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (g_strcmp0 (config->enforce_limits, "true") == 0)
    return TRUE;
  if (g_strcmp0 (config->enforce_limits, "false") == 0)
    return FALSE;
  return config->stripe_secret_key != NULL || config->stripe_secret_key_file != NULL;
}

gboolean
kt_server_config_load_env (KtServerConfig *config,
                           char          **envp,
                           GError        **error)
{
  g_auto(GStrv) own_env = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  if (envp == NULL)
    envp = own_env = g_get_environ ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *value = g_environ_getenv (envp, keys[i].env);

      if (value == NULL)
        continue;
      if (!apply_value (config, &keys[i], value, keys[i].env, error))
        return FALSE;
    }

  return TRUE;
}
